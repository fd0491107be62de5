//! The edits a lesson makes to a scenario: to break it for the starting state, and to solve it
//! for the reference solution. Each names what it changes the way the scenario format does
//! (policies by name, roles as `ACCOUNT/NAME` or ARN), and applying one to a state where that
//! name means nothing is an error at the name's place, with the closest name.

use crate::error::LessonError;
use crate::names::{self, Identity, IdentityLookup, Named};
use playground_core::span::Span;
use playground_scenario::document::{
    AccountDocument, BackupDocument, BackupMemberDocument, LibraryPolicyDocument, OrgNodeDocument, PolicyDocument,
    RoleDocument, ScenarioDocument, UserDocument,
};

/// One change to a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Replaces a library policy's document, or adds the policy when the library has none by
    /// that name.
    SetPolicy {
        /// The policy.
        name: Named,
        /// The new document.
        document: PolicyDocument,
        /// Marks it a system policy (read-only in the editor); a new policy is custom unless set.
        system: Option<bool>,
        /// What it is for.
        description: Option<String>,
    },
    /// Removes a library policy and detaches it everywhere.
    RemovePolicy(Named),
    /// Replaces a role's trust policy.
    SetTrustPolicy {
        /// The role.
        role: Named,
        /// The new trust policy.
        document: PolicyDocument,
    },
    /// Replaces (or adds) a resource's policy.
    SetResourcePolicy {
        /// The resource's ARN.
        arn: Named,
        /// The new policy.
        document: PolicyDocument,
    },
    /// Attaches a library policy to a role or user.
    Attach {
        /// The policy.
        policy: Named,
        /// The role or user.
        to: Named,
    },
    /// Detaches a policy from a role or user.
    Detach {
        /// The policy.
        policy: Named,
        /// The role or user.
        from: Named,
    },
    /// Adds an account.
    AddAccount(AccountDocument, Span),
    /// Adds a role (a role of the scenario format).
    AddRole(Box<RoleDocument>, Span),
    /// Removes a role.
    RemoveRole(Named),
    /// Adds a user (a user of the scenario format).
    AddUser(UserDocument, Span),
    /// Sets the control policies attached to an organization node.
    SetControlPolicies {
        /// The node (`Root`, a folder or OU name).
        node: Named,
        /// The policies, by name.
        policies: Vec<Named>,
    },
    /// Moves an account to an organization node, or out of the organization (`to` is `None`).
    MoveAccount {
        /// The account.
        account: Named,
        /// The node.
        to: Option<Named>,
    },
    /// Sets the delegated administrators of a trusted service.
    SetDelegatedAdministrators {
        /// The trusted service (`hbr.aliyuncs.com`).
        service: String,
        /// The accounts, in order (Cloud Backup accepts the first three).
        accounts: Vec<Named>,
        /// Where the edit is.
        span: Span,
    },
    /// Registers a resource account with Cloud Backup (replacing its registration if it has one).
    RegisterBackup(BackupMemberDocument, Span),
    /// Removes a resource account from Cloud Backup's registration.
    UnregisterBackup(Named),
}

fn unknown(kind: &'static str, named: &Named, candidates: &[String]) -> Box<LessonError> {
    Box::new(LessonError::UnknownName {
        kind,
        name: named.name.clone(),
        suggestion: names::suggest(&named.name, candidates),
        span: named.span,
    })
}

fn policy_index(doc: &ScenarioDocument, named: &Named) -> Result<usize, Box<LessonError>> {
    doc.policies
        .iter()
        .flatten()
        .position(|p| p.name == named.name)
        .ok_or_else(|| unknown("policy", named, &names::policy_names(doc)))
}

fn role_index(doc: &ScenarioDocument, named: &Named) -> Result<usize, Box<LessonError>> {
    names::find_role(doc, &named.name).ok_or_else(|| unknown("role", named, &names::role_names(doc)))
}

fn account_known(doc: &ScenarioDocument, named: &Named) -> Result<(), Box<LessonError>> {
    let ids = names::account_ids(doc);
    if ids.contains(&named.name) { Ok(()) } else { Err(unknown("account", named, &ids)) }
}

/// The role or user a name refers to, or the error to report at the name.
pub fn identity(doc: &ScenarioDocument, named: &Named) -> Result<Identity, Box<LessonError>> {
    names::find_identity(doc, &named.name).map_err(|e| {
        Box::new(match e {
            IdentityLookup::Unknown(suggestion) => LessonError::UnknownName {
                kind: "role or user",
                name: named.name.clone(),
                suggestion,
                span: named.span,
            },
            IdentityLookup::Ambiguous => LessonError::Ambiguous {
                name: named.name.clone(),
                what: "both a role and a user".into(),
                span: named.span,
            },
        })
    })
}

/// The attached-policy list of a role or user.
fn attachments(doc: &mut ScenarioDocument, who: Identity) -> &mut Vec<String> {
    match who {
        Identity::Role(i) => doc.roles.as_mut().expect("found roles")[i].policies.get_or_insert_with(Vec::new),
        Identity::User(i) => doc.users.as_mut().expect("found users")[i].policies.get_or_insert_with(Vec::new),
    }
}

/// The organization node called `name`, mutably.
fn node_mut<'d>(node: &'d mut OrgNodeDocument, name: &str) -> Option<&'d mut OrgNodeDocument> {
    if names::node_name(node) == name {
        return Some(node);
    }
    node.folders.iter_mut().flatten().find_map(|child| node_mut(child, name))
}

/// Removes `account` from every node's member list.
fn remove_member(node: &mut OrgNodeDocument, account: &str) {
    if let Some(accounts) = &mut node.accounts {
        accounts.retain(|a| a != account);
    }
    for child in node.folders.iter_mut().flatten() {
        remove_member(child, account);
    }
}

/// Removes `policy` from every node's control policy lists.
fn remove_control_policy(node: &mut OrgNodeDocument, policy: &str) {
    for list in [&mut node.control_policies, &mut node.resource_control_policies].into_iter().flatten() {
        list.retain(|p| p != policy);
    }
    for child in node.folders.iter_mut().flatten() {
        remove_control_policy(child, policy);
    }
}

fn duplicate(what: &str, name: &str, span: Span) -> Box<LessonError> {
    Box::new(LessonError::BadEdit { reason: format!("the scenario already has {what} {name}"), span })
}

impl Edit {
    /// Applies the edit to `doc`.
    pub fn apply(&self, doc: &mut ScenarioDocument) -> Result<(), Box<LessonError>> {
        match self {
            Edit::SetPolicy { name, document, system, description } => {
                let policies = doc.policies.get_or_insert_with(Vec::new);
                match policies.iter_mut().find(|p| p.name == name.name) {
                    Some(p) => {
                        p.document = Some(document.clone());
                        p.text = None;
                        p.as_printed = None;
                        if system.is_some() {
                            p.system = *system;
                        }
                        if description.is_some() {
                            p.description.clone_from(description);
                        }
                    }
                    None => policies.push(LibraryPolicyDocument {
                        as_printed: None,
                        description: description.clone(),
                        document: Some(document.clone()),
                        name: name.name.clone(),
                        system: *system,
                        text: None,
                    }),
                }
            }
            Edit::RemovePolicy(name) => {
                let at = policy_index(doc, name)?;
                doc.policies.as_mut().expect("found policies").remove(at);
                let lists = doc.roles.iter_mut().flatten().map(|r| &mut r.policies);
                let lists = lists.chain(doc.users.iter_mut().flatten().map(|u| &mut u.policies));
                let lists = lists.chain(doc.groups.iter_mut().flatten().map(|g| &mut g.policies));
                for list in lists.flatten() {
                    list.retain(|p| p != &name.name);
                }
                if let Some(root) = doc.organization.as_mut().and_then(|o| o.root.as_mut()) {
                    remove_control_policy(root, &name.name);
                }
            }
            Edit::SetTrustPolicy { role, document } => {
                let at = role_index(doc, role)?;
                doc.roles.as_mut().expect("found roles")[at].trust_policy = document.clone();
            }
            Edit::SetResourcePolicy { arn, document } => {
                let resource = doc.resources.iter_mut().flatten().find(|r| r.arn == arn.name);
                match resource {
                    Some(r) => r.policy = Some(document.clone()),
                    None => return Err(unknown("resource", arn, &names::resource_arns(doc))),
                }
            }
            Edit::Attach { policy, to } => {
                policy_index(doc, policy)?;
                let who = identity(doc, to)?;
                let list = attachments(doc, who);
                if list.contains(&policy.name) {
                    return Err(Box::new(LessonError::BadEdit {
                        reason: format!("{} is already attached to {}", policy.name, to.name),
                        span: policy.span,
                    }));
                }
                list.push(policy.name.clone());
            }
            Edit::Detach { policy, from } => {
                let who = identity(doc, from)?;
                let list = attachments(doc, who);
                let Some(at) = list.iter().position(|p| p == &policy.name) else {
                    let attached = list.clone();
                    return Err(Box::new(LessonError::UnknownName {
                        kind: "policy attached there",
                        name: policy.name.clone(),
                        suggestion: names::suggest(&policy.name, &attached),
                        span: policy.span,
                    }));
                };
                list.remove(at);
            }
            Edit::AddAccount(account, span) => {
                if names::account_ids(doc).contains(&account.id) {
                    return Err(duplicate("account", &account.id, *span));
                }
                doc.accounts.get_or_insert_with(Vec::new).push(account.clone());
            }
            Edit::AddRole(role, span) => {
                let named = Named { name: role.account.clone(), span: *span };
                account_known(doc, &named)?;
                if names::find_role(doc, &format!("{}/{}", role.account, role.name)).is_some() {
                    return Err(duplicate("role", &format!("{}/{}", role.account, role.name), *span));
                }
                doc.roles.get_or_insert_with(Vec::new).push((**role).clone());
            }
            Edit::RemoveRole(role) => {
                let at = role_index(doc, role)?;
                doc.roles.as_mut().expect("found roles").remove(at);
            }
            Edit::AddUser(user, span) => {
                account_known(doc, &Named { name: user.account.clone(), span: *span })?;
                if names::find_user(doc, &format!("{}/{}", user.account, user.name)).is_some() {
                    return Err(duplicate("user", &format!("{}/{}", user.account, user.name), *span));
                }
                doc.users.get_or_insert_with(Vec::new).push(user.clone());
            }
            Edit::SetControlPolicies { node, policies } => {
                for p in policies {
                    policy_index(doc, p)?;
                }
                let nodes = names::node_names(doc);
                let root = doc.organization.as_mut().and_then(|o| o.root.as_mut());
                let Some(found) = root.and_then(|root| node_mut(root, &node.name)) else {
                    return Err(unknown("organization node", node, &nodes));
                };
                found.control_policies = Some(policies.iter().map(|p| p.name.clone()).collect());
            }
            Edit::MoveAccount { account, to } => {
                account_known(doc, account)?;
                let nodes = names::node_names(doc);
                let Some(root) = doc.organization.as_mut().and_then(|o| o.root.as_mut()) else {
                    return Err(Box::new(LessonError::BadEdit {
                        reason: "the scenario has no organization".into(),
                        span: account.span,
                    }));
                };
                if let Some(to) = to
                    && node_mut(root, &to.name).is_none()
                {
                    return Err(unknown("organization node", to, &nodes));
                }
                remove_member(root, &account.name);
                if let Some(to) = to {
                    let node = node_mut(root, &to.name).expect("checked above");
                    node.accounts.get_or_insert_with(Vec::new).push(account.name.clone());
                }
            }
            Edit::SetDelegatedAdministrators { service, accounts, span } => {
                for a in accounts {
                    account_known(doc, a)?;
                }
                let Some(org) = doc.organization.as_mut() else {
                    return Err(Box::new(LessonError::BadEdit {
                        reason: "the scenario has no organization".into(),
                        span: *span,
                    }));
                };
                let list = accounts.iter().map(|a| a.name.clone()).collect();
                org.delegated_administrators.get_or_insert_with(Default::default).insert(service.clone(), list);
            }
            Edit::RegisterBackup(member, span) => {
                account_known(doc, &Named { name: member.account.clone(), span: *span })?;
                let Some(backup) = doc.backup.as_mut() else {
                    return Err(Box::new(LessonError::BadEdit {
                        reason: "the scenario has no \"backup\" section (Cloud Backup's management account)".into(),
                        span: *span,
                    }));
                };
                let members = backup.resource_accounts.get_or_insert_with(Vec::new);
                match members.iter_mut().find(|m| m.account == member.account) {
                    Some(m) => *m = member.clone(),
                    None => members.push(member.clone()),
                }
            }
            Edit::UnregisterBackup(account) => {
                let registered: Vec<String> = doc
                    .backup
                    .iter()
                    .flat_map(|b: &BackupDocument| b.resource_accounts.iter().flatten())
                    .map(|m| m.account.clone())
                    .collect();
                if !registered.contains(&account.name) {
                    return Err(unknown("registered backup account", account, &registered));
                }
                let members = doc.backup.as_mut().and_then(|b| b.resource_accounts.as_mut()).expect("registered");
                members.retain(|m| m.account != account.name);
            }
        }
        Ok(())
    }
}

/// Applies `edits` in order to a copy of `doc`.
pub fn apply_all(doc: &ScenarioDocument, edits: &[Edit]) -> Result<ScenarioDocument, Box<LessonError>> {
    let mut out = doc.clone();
    for edit in edits {
        edit.apply(&mut out)?;
    }
    Ok(out)
}
