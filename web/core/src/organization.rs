//! The organization in the explorer: its folders with their member accounts and control
//! policies, the accounts outside it, and each trusted service's delegated administrators; and the
//! edits a person makes to it there. Each edit is made as the lesson format's typed edit
//! ([`policy_playground::lesson::edit::Edit`]), so the app and a lesson file change an organization the
//! same way and refuse the same things with the same words.

use crate::workspace::Workspace;
use policy_playground::diagnostic::json_string;
use policy_playground::document::OrgNodeDocument;
use policy_playground::lesson::edit::Edit;
use policy_playground::lesson::names::{Named, node_name};
use policy_playground::scenario::OrgKind;
use policy_playground::span::Span;

/// The words an organization is written in, one set per kind, so that the explorer, the chain
/// view's tree and the account boxes say the same ("folder" in a Resource Directory, "OU" in an
/// AWS Organization).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgWords {
    /// The organization's name ("Resource Directory", "AWS Organization").
    pub title: &'static str,
    /// A node below the root ("folder", "OU").
    pub node: &'static str,
    /// Several of them ("folders", "OUs").
    pub nodes: &'static str,
    /// One control policy with its article ("a control policy", "an SCP").
    pub a_policy: &'static str,
    /// One control policy ("control policy", "SCP").
    pub policy: &'static str,
    /// Several ("control policies", "SCPs").
    pub policies: &'static str,
}

impl OrgWords {
    /// The words of an organization of this kind.
    pub fn of(kind: OrgKind) -> OrgWords {
        match kind {
            OrgKind::ResourceDirectory => OrgWords {
                title: "Resource Directory",
                node: "folder",
                nodes: "folders",
                a_policy: "a control policy",
                policy: "control policy",
                policies: "control policies",
            },
            OrgKind::AwsOrganization => OrgWords {
                title: "AWS Organization",
                node: "OU",
                nodes: "OUs",
                a_policy: "an SCP",
                policy: "SCP",
                policies: "SCPs",
            },
        }
    }
}

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
    /// The words its kind is written in.
    pub words: OrgWords,
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
        // As the loader decides it: the file's "kind", else the dialect's organization.
        let kind = match org.kind.as_deref() {
            Some("resource_directory") => OrgKind::ResourceDirectory,
            Some("aws_organization") => OrgKind::AwsOrganization,
            _ if workspace.is_aliyun() => OrgKind::ResourceDirectory,
            _ => OrgKind::AwsOrganization,
        };
        Some(OrgOutline {
            management_account: org.management_account.clone(),
            nodes,
            outside,
            delegated,
            words: OrgWords::of(kind),
        })
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> Option<&NodeRow> {
        self.nodes.iter().find(|n| n.name == name)
    }

    /// What web/js/organization.js draws, as JSON: `{"org": {"management_account", "nodes":
    /// [{"name", "depth", "accounts", "control_policies"}], "outside", "delegated": [[SERVICE,
    /// [ACCOUNT]]], "words": {"title", "node", "a_policy", "policy", "policies"}}, "accounts":
    /// [[ID, NAME]], "library": [NAME], "locked"}`: the organization (with its kind's words), the
    /// accounts' names (for the names shown and the choices offered), the library's policy names
    /// (control policies are library policies), and whether changes are offered. Written by hand:
    /// serde's serializers for these shapes cost the wasm budget more than this.
    pub fn view_json(&self, accounts: &[(&str, &str)], library: &[&str], locked: bool) -> String {
        let mut out = String::from("{\"org\":{\"management_account\":");
        string(&mut out, &self.management_account);
        out.push_str(",\"nodes\":[");
        for (i, n) in self.nodes.iter().enumerate() {
            out.push_str(if i == 0 { "{\"name\":" } else { ",{\"name\":" });
            string(&mut out, &n.name);
            out.push_str(&format!(",\"depth\":{},\"accounts\":", n.depth));
            strings(&mut out, n.accounts.iter().map(String::as_str));
            out.push_str(",\"control_policies\":");
            strings(&mut out, n.control_policies.iter().map(String::as_str));
            out.push('}');
        }
        out.push_str("],\"outside\":");
        strings(&mut out, self.outside.iter().map(String::as_str));
        out.push_str(",\"delegated\":[");
        for (i, (service, admins)) in self.delegated.iter().enumerate() {
            out.push_str(if i == 0 { "[" } else { ",[" });
            string(&mut out, service);
            out.push(',');
            strings(&mut out, admins.iter().map(String::as_str));
            out.push(']');
        }
        out.push_str("],\"words\":{");
        let w = &self.words;
        for (i, (key, word)) in [
            ("title", w.title),
            ("node", w.node),
            ("a_policy", w.a_policy),
            ("policy", w.policy),
            ("policies", w.policies),
        ]
        .into_iter()
        .enumerate()
        {
            out.push_str(if i == 0 { "\"" } else { ",\"" });
            out.push_str(key);
            out.push_str("\":");
            string(&mut out, word);
        }
        out.push_str("}},\"accounts\":[");
        for (i, (id, name)) in accounts.iter().enumerate() {
            out.push_str(if i == 0 { "[" } else { ",[" });
            string(&mut out, id);
            out.push(',');
            string(&mut out, name);
            out.push(']');
        }
        out.push_str("],\"library\":");
        strings(&mut out, library.iter().copied());
        out.push_str(&format!(",\"locked\":{locked}}}"));
        out
    }
}

/// Writes `text` as a JSON string.
fn string(out: &mut String, text: &str) {
    out.push_str(&json_string(text));
}

/// Writes a list of strings as a JSON array.
fn strings<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, item);
    }
    out.push(']');
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

impl OrgEdit {
    /// The edit a control of the explorer's organization carries (web/js/organization.js): kind,
    /// a, b and flag separated by U+0001: `move` (account, node or `""` for outside), `control`
    /// (node, policy, `1` to attach or `0` to detach) or `delegated` (service, account, `1` to add
    /// or `0` to remove); `None` for anything else.
    pub fn decode(encoded: &str) -> Option<OrgEdit> {
        let mut parts = encoded.split('\u{1}').map(str::to_string);
        let (kind, a, b, flag) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let flag = flag == "1";
        Some(match kind.as_str() {
            "move" => OrgEdit::MoveAccount { account: a, to: (!b.is_empty()).then_some(b) },
            "control" => OrgEdit::ControlPolicy { node: a, policy: b, attach: flag },
            "delegated" => OrgEdit::DelegatedAdministrator { service: a, account: b, add: flag },
            _ => return None,
        })
    }
}

/// A name typed in the UI (it has no place in a file).
fn named(name: &str) -> Named {
    Named { name: name.to_string(), span: Span::default() }
}

/// `list` with `item` added at the end (once) or removed.
fn toggled(mut list: Vec<String>, item: &str, present: bool) -> Vec<Named> {
    list.retain(|x| x != item);
    if present {
        list.push(item.to_string());
    }
    list.iter().map(|x| named(x)).collect()
}

impl OrgEdit {
    /// The lesson edit that makes this change to `workspace`'s organization (attaching what is
    /// attached, or removing what is not there, leaves the lists as they are).
    pub fn to_edit(&self, workspace: &Workspace) -> Result<Edit, String> {
        let outline = OrgOutline::of(workspace).ok_or("the scenario has no organization")?;
        Ok(match self {
            OrgEdit::MoveAccount { account, to } => {
                Edit::MoveAccount { account: named(account), to: to.as_deref().map(named) }
            }
            OrgEdit::ControlPolicy { node, policy, attach } => {
                // An unknown node keeps its name, for the edit's own "no such node" message.
                let current = outline.node(node).map(|n| n.control_policies.clone()).unwrap_or_default();
                Edit::SetControlPolicies { node: named(node), policies: toggled(current, policy, *attach) }
            }
            OrgEdit::DelegatedAdministrator { service, account, add } => {
                let current = outline.delegated.into_iter().find(|(s, _)| s == service).map(|(_, a)| a);
                Edit::SetDelegatedAdministrators {
                    service: service.clone(),
                    accounts: toggled(current.unwrap_or_default(), account, *add),
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
