//! The organization in the explorer: its folders with their member accounts and control
//! policies, the accounts outside it, and each trusted service's delegated administrators; and the
//! edits a person makes to it there. Each edit is made as the lesson format's typed edit
//! ([`policy_playground::lesson::edit::Edit`]), so the app and a lesson file change an organization the
//! same way and refuse the same things with the same words.

use crate::workspace::Workspace;
use policy_playground::document::OrgNodeDocument;
use policy_playground::lesson::edit::Edit;
use policy_playground::lesson::names::{Named, node_name};
use policy_playground::span::Span;

/// One organization node (the root, a folder or an OU) in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRow {
    /// Its name (`Root` for an unnamed root).
    pub name: String,
    /// How deep it is (the root is 0).
    pub depth: usize,
    /// Its member accounts, by id.
    pub accounts: Vec<String>,
    /// Its control policies, by library name.
    pub control_policies: Vec<String>,
}

/// The organization as the explorer shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrgOutline {
    /// The management account's id.
    pub management_account: String,
    /// Every node, root first, each followed by its folders (depth first).
    pub nodes: Vec<NodeRow>,
    /// Accounts of the scenario in no node and not the management account.
    pub outside: Vec<String>,
    /// Delegated administrators, by trusted service, in order.
    pub delegated: Vec<(String, Vec<String>)>,
}

impl OrgOutline {
    /// The organization of `workspace`, if it has one.
    pub fn of(workspace: &Workspace) -> Option<OrgOutline> {
        let s = workspace.scenario();
        let org = s.organization.as_ref()?;
        let mut nodes = Vec::new();
        fn walk(node: &OrgNodeDocument, depth: usize, out: &mut Vec<NodeRow>) {
            out.push(NodeRow {
                name: node_name(node).to_string(),
                depth,
                accounts: node.accounts.clone().unwrap_or_default(),
                control_policies: node.control_policies.clone().unwrap_or_default(),
            });
            for child in node.folders.iter().flatten() {
                walk(child, depth + 1, out);
            }
        }
        if let Some(root) = &org.root {
            walk(root, 0, &mut nodes);
        }
        let outside = s
            .accounts
            .iter()
            .flatten()
            .map(|a| a.id.clone())
            .filter(|id| *id != org.management_account && !nodes.iter().any(|n| n.accounts.contains(id)))
            .collect();
        let delegated = org.delegated_administrators.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect();
        Some(OrgOutline { management_account: org.management_account.clone(), nodes, outside, delegated })
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> Option<&NodeRow> {
        self.nodes.iter().find(|n| n.name == name)
    }
}

/// A change to the organization, as made in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgEdit {
    /// Moves an account into a node, or (`to` is `None`) out of the organization.
    MoveAccount {
        /// The account's id.
        account: String,
        /// The node's name.
        to: Option<String>,
    },
    /// Attaches (true) or detaches a control policy at a node.
    ControlPolicy {
        /// The node's name.
        node: String,
        /// The library policy's name.
        policy: String,
        /// Attach rather than detach.
        attach: bool,
    },
    /// Adds an account to the end of a trusted service's delegated administrators (true), or
    /// removes it.
    DelegatedAdministrator {
        /// The trusted service (`hbr.aliyuncs.com`).
        service: String,
        /// The account's id.
        account: String,
        /// Add rather than remove.
        add: bool,
    },
}

/// A name typed in the UI (it has no place in a file).
fn named(name: &str) -> Named {
    Named { name: name.to_string(), span: Span::default() }
}

impl OrgEdit {
    /// The lesson edit that makes this change to `workspace`'s organization.
    pub fn to_edit(&self, workspace: &Workspace) -> Result<Edit, String> {
        let outline = OrgOutline::of(workspace).ok_or("the scenario has no organization")?;
        Ok(match self {
            OrgEdit::MoveAccount { account, to } => {
                Edit::MoveAccount { account: named(account), to: to.as_deref().map(named) }
            }
            OrgEdit::ControlPolicy { node, policy, attach } => {
                let row = outline.node(node).ok_or_else(|| format!("the organization has no node called {node}"))?;
                let mut policies = row.control_policies.clone();
                match (attach, policies.contains(policy)) {
                    (true, true) => return Err(format!("{policy} is already attached to {node}")),
                    (false, false) => return Err(format!("{policy} is not attached to {node}")),
                    (true, false) => policies.push(policy.clone()),
                    (false, true) => policies.retain(|p| p != policy),
                }
                Edit::SetControlPolicies { node: named(node), policies: policies.iter().map(|p| named(p)).collect() }
            }
            OrgEdit::DelegatedAdministrator { service, account, add } => {
                let mut accounts =
                    outline.delegated.iter().find(|(s, _)| s == service).map(|(_, a)| a.clone()).unwrap_or_default();
                match (add, accounts.contains(account)) {
                    (true, true) => {
                        return Err(format!("{account} is already a delegated administrator for {service}"));
                    }
                    (false, false) => return Err(format!("{account} is not a delegated administrator for {service}")),
                    (true, false) => accounts.push(account.clone()),
                    (false, true) => accounts.retain(|a| a != account),
                }
                Edit::SetDelegatedAdministrators {
                    service: service.clone(),
                    accounts: accounts.iter().map(|a| named(a)).collect(),
                    span: Span::default(),
                }
            }
        })
    }
}

impl Workspace {
    /// Makes an organization edit; on refusal, says why in words and changes nothing.
    pub fn edit_organization(&mut self, edit: &OrgEdit) -> Result<(), String> {
        let typed = edit.to_edit(self)?;
        let mut scenario = self.scenario().clone();
        typed.apply(&mut scenario).map_err(|e| e.to_string())?;
        *self.scenario_mut() = scenario;
        Ok(())
    }
}
