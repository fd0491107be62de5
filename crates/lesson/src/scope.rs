//! Whether a learner changed only what the lesson lets them edit: the learner's scenario is
//! compared with the starting state part by part (policies by name, roles and users by account
//! and name, resources by ARN, the organization and Cloud Backup's registration as wholes), and
//! every change outside the editable parts is named in words.
//!
//! Documents are compared by meaning, not text: the web app re-indents and re-orders the
//! documents it holds, so a document is its JSON value when it is JSON, and its text otherwise.
//! The scenario's title, description, account display names and checks are not compared (the
//! lesson's own checks grade the work).

use crate::model::{DocTarget, EditablePart, Lesson};
use crate::names::{self, Identity, dialect_of};
use playground_core::dialect::Dialect;
use playground_scenario::document::{PolicyDocument, ScenarioDocument};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A policy document as a value: its JSON when it is JSON, else its text as a string.
pub fn normal_document(doc: &PolicyDocument) -> Value {
    let text = match doc {
        PolicyDocument::Json(raw) => raw.get(),
        PolicyDocument::Text(text) => text,
    };
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

fn optional_document(doc: Option<&PolicyDocument>) -> Value {
    doc.map_or(Value::Null, normal_document)
}

/// A role or user key: account and name (RAM names ignoring case).
fn key(dialect: Dialect, account: &str, name: &str) -> String {
    match dialect {
        Dialect::Aliyun => format!("{account}/{}", name.to_ascii_lowercase()),
        Dialect::Aws => format!("{account}/{name}"),
    }
}

/// A list of names as a set (attachment order does not matter).
fn set(list: &Option<Vec<String>>) -> BTreeSet<String> {
    list.iter().flatten().cloned().collect()
}

/// What the lesson lets the learner change, resolved against the starting state.
struct Allowed {
    documents: BTreeSet<DocTarget>,
    trust_roles: BTreeSet<String>,
    attachments: BTreeSet<String>,
    organization: bool,
    backup: bool,
    new_policies: bool,
}

impl Allowed {
    fn of(lesson: &Lesson) -> Allowed {
        let start = &lesson.start;
        let dialect = dialect_of(start);
        let role_key = |i: usize| {
            let r = &start.roles.as_ref().expect("found roles")[i];
            key(dialect, &r.account, &r.name)
        };
        let mut allowed = Allowed {
            documents: BTreeSet::new(),
            trust_roles: BTreeSet::new(),
            attachments: BTreeSet::new(),
            organization: false,
            backup: false,
            new_policies: false,
        };
        for part in &lesson.editable {
            match part {
                EditablePart::Document(DocTarget::TrustPolicy(role)) => {
                    if let Some(i) = names::find_role(start, role) {
                        allowed.trust_roles.insert(role_key(i));
                    }
                }
                EditablePart::Document(doc) => {
                    allowed.documents.insert(doc.clone());
                }
                EditablePart::Attachments(who) => match names::find_identity(start, who) {
                    Ok(Identity::Role(i)) => {
                        allowed.attachments.insert(format!("role {}", role_key(i)));
                    }
                    Ok(Identity::User(i)) => {
                        let u = &start.users.as_ref().expect("found users")[i];
                        allowed.attachments.insert(format!("user {}", key(dialect, &u.account, &u.name)));
                    }
                    Err(_) => {}
                },
                EditablePart::Organization => allowed.organization = true,
                EditablePart::Backup => allowed.backup = true,
                EditablePart::NewPolicies => allowed.new_policies = true,
            }
        }
        allowed
    }
}

/// Every change the learner made outside the lesson's editable parts, in words (empty when the
/// work stays inside them).
pub fn changes_outside(lesson: &Lesson, learner: &ScenarioDocument) -> Vec<String> {
    let start = &lesson.start;
    let allowed = Allowed::of(lesson);
    let dialect = dialect_of(start);
    let mut out = Vec::new();

    if start.named_dialect() != learner.named_dialect() {
        out.push("the scenario's dialect was changed".to_string());
    }
    let ids = |d: &ScenarioDocument| names::account_ids(d).into_iter().collect::<BTreeSet<_>>();
    let (before, after) = (ids(start), ids(learner));
    out.extend(before.difference(&after).map(|a| format!("account {a} was removed")));
    out.extend(after.difference(&before).map(|a| format!("account {a} was added")));

    // Library policies.
    let policies = |d: &ScenarioDocument| -> BTreeMap<String, (Option<bool>, Value)> {
        d.policies.iter().flatten().map(|p| (p.name.clone(), (p.system, optional_document(p.source())))).collect()
    };
    let (before, after) = (policies(start), policies(learner));
    for (name, (system, document)) in &before {
        match after.get(name) {
            None => out.push(format!("policy {name} was removed")),
            Some((system_now, _)) if system_now.unwrap_or(false) != system.unwrap_or(false) => {
                out.push(format!("policy {name} changed between system and custom"));
            }
            Some((_, now)) if now != document && !allowed.documents.contains(&DocTarget::Policy(name.clone())) => {
                out.push(format!("policy {name} was edited"));
            }
            _ => {}
        }
    }
    if !allowed.new_policies {
        out.extend(after.keys().filter(|n| !before.contains_key(*n)).map(|n| format!("policy {n} was added")));
    }

    // Roles.
    let roles = |d: &ScenarioDocument| -> BTreeMap<String, (Value, BTreeSet<String>, Value)> {
        d.roles
            .iter()
            .flatten()
            .map(|r| {
                let rest =
                    serde_json::json!([r.path, r.permissions_boundary, r.service_linked, r.max_session_duration]);
                (key(dialect, &r.account, &r.name), (normal_document(&r.trust_policy), set(&r.policies), rest))
            })
            .collect()
    };
    let (before, after) = (roles(start), roles(learner));
    for (name, (trust, attached, rest)) in &before {
        let Some((trust_now, attached_now, rest_now)) = after.get(name) else {
            out.push(format!("role {name} was removed"));
            continue;
        };
        if trust_now != trust && !allowed.trust_roles.contains(name) {
            out.push(format!("the trust policy of role {name} was edited"));
        }
        if attached_now != attached && !allowed.attachments.contains(&format!("role {name}")) {
            out.push(format!("the policies attached to role {name} were changed"));
        }
        if rest_now != rest {
            out.push(format!("role {name}'s path, boundary, service or session limit was changed"));
        }
    }
    out.extend(after.keys().filter(|n| !before.contains_key(*n)).map(|n| format!("role {n} was added")));

    // Users.
    let users = |d: &ScenarioDocument| -> BTreeMap<String, (BTreeSet<String>, Value)> {
        d.users
            .iter()
            .flatten()
            .map(|u| {
                let rest = serde_json::json!([set(&u.groups), u.permissions_boundary]);
                (key(dialect, &u.account, &u.name), (set(&u.policies), rest))
            })
            .collect()
    };
    let (before, after) = (users(start), users(learner));
    for (name, (attached, rest)) in &before {
        let Some((attached_now, rest_now)) = after.get(name) else {
            out.push(format!("user {name} was removed"));
            continue;
        };
        if attached_now != attached && !allowed.attachments.contains(&format!("user {name}")) {
            out.push(format!("the policies attached to user {name} were changed"));
        }
        if rest_now != rest {
            out.push(format!("user {name}'s groups or boundary were changed"));
        }
    }
    out.extend(after.keys().filter(|n| !before.contains_key(*n)).map(|n| format!("user {n} was added")));

    if serde_json::to_value(&start.groups).ok() != serde_json::to_value(&learner.groups).ok() {
        out.push("the groups were changed".to_string());
    }

    // Resources and their policies.
    let resources = |d: &ScenarioDocument| -> BTreeMap<String, Value> {
        d.resources.iter().flatten().map(|r| (r.arn.clone(), optional_document(r.policy.as_ref()))).collect()
    };
    let (before, after) = (resources(start), resources(learner));
    for (arn, policy) in &before {
        match after.get(arn) {
            None => out.push(format!("resource {arn} was removed")),
            Some(now) if now != policy && !allowed.documents.contains(&DocTarget::ResourcePolicy(arn.clone())) => {
                out.push(format!("the policy of {arn} was edited"));
            }
            _ => {}
        }
    }
    out.extend(after.keys().filter(|a| !before.contains_key(*a)).map(|a| format!("resource {a} was added")));

    if !allowed.organization
        && serde_json::to_value(&start.organization).ok() != serde_json::to_value(&learner.organization).ok()
    {
        out.push("the organization was changed".to_string());
    }
    if !allowed.backup && serde_json::to_value(&start.backup).ok() != serde_json::to_value(&learner.backup).ok() {
        out.push("Cloud Backup's registered accounts were changed".to_string());
    }
    out
}
