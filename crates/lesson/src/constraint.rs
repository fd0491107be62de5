//! Deciding a lesson's constraints on a learner's scenario: which policies are attached where,
//! which principals a trust or resource policy admits, and whether a document still means what
//! it meant in the starting state.

use crate::model::{ConstraintKind, DocTarget};
use crate::names::{self, Identity};
use crate::scope::normal_document;
use playground_core::dialect::Dialect;
use playground_core::evaluate::action_match;
use playground_core::policy::{Effect, Policy};
use playground_scenario::document::{PolicyDocument, ScenarioDocument};
use playground_scenario::scenario::Scenario;
use std::collections::BTreeSet;

/// A constraint in words, for a lesson that does not name it.
pub fn describe(kind: &ConstraintKind) -> String {
    match kind {
        ConstraintKind::Attached { policy, to } => format!("{policy} is attached to {to}"),
        ConstraintKind::NotAttached { policy, to } => format!("{policy} is not attached to {to}"),
        ConstraintKind::AdmitsExactly { document, principals } => {
            format!("{} admits exactly {}", document.describe(), principals.join(", "))
        }
        ConstraintKind::Unchanged(document) => format!("{} is unchanged", document.describe()),
    }
}

/// Whether the constraint holds, and why (in a sentence naming what was found).
pub fn decide(
    kind: &ConstraintKind,
    learner: &ScenarioDocument,
    loaded: Option<&Scenario>,
    start: &ScenarioDocument,
) -> (bool, String) {
    match kind {
        ConstraintKind::Attached { policy, to } | ConstraintKind::NotAttached { policy, to } => {
            let want_attached = matches!(kind, ConstraintKind::Attached { .. });
            let attached = match names::find_identity(learner, to) {
                Ok(Identity::Role(i)) => learner.roles.as_ref().and_then(|r| r[i].policies.clone()),
                Ok(Identity::User(i)) => learner.users.as_ref().and_then(|u| u[i].policies.clone()),
                Err(_) => return (false, format!("there is no {to} any more")),
            }
            .unwrap_or_default();
            let is_attached = attached.contains(policy);
            let list = if attached.is_empty() { "nothing".to_string() } else { attached.join(", ") };
            let why = format!("{to} has {list} attached");
            (is_attached == want_attached, why)
        }
        ConstraintKind::AdmitsExactly { document, principals } => admits_exactly(document, principals, loaded),
        ConstraintKind::Unchanged(document) => {
            let before = find_document(start, document);
            let after = find_document(learner, document);
            match (before, after) {
                (_, None) => (false, format!("{} is gone", document.describe())),
                (before, Some(after)) => {
                    let same = before.map(normal_document) == Some(normal_document(after));
                    let why = if same { "it means what it meant at the start" } else { "it was changed" };
                    (same, why.to_string())
                }
            }
        }
    }
}

/// The document a target names in a scenario document.
pub fn find_document<'d>(doc: &'d ScenarioDocument, target: &DocTarget) -> Option<&'d PolicyDocument> {
    match target {
        DocTarget::Policy(name) => doc.policies.iter().flatten().find(|p| &p.name == name)?.source(),
        DocTarget::TrustPolicy(role) => {
            let at = names::find_role(doc, role)?;
            doc.roles.as_ref().map(|r| &r[at].trust_policy)
        }
        DocTarget::ResourcePolicy(arn) => doc.resources.iter().flatten().find(|r| &r.arn == arn)?.policy.as_ref(),
    }
}

/// A principal as written, in the form two spellings of the same principal share: a bare account
/// id becomes the account's root, and RAM names (which compare ignoring case) are lower-cased.
fn normal_principal(value: &str, dialect: Dialect) -> String {
    let value = value.trim();
    let value = if value.len() >= 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        match dialect {
            Dialect::Aliyun => format!("acs:ram::{value}:root"),
            Dialect::Aws => format!("arn:aws:iam::{value}:root"),
        }
    } else {
        value.to_string()
    };
    match dialect {
        Dialect::Aliyun => value.to_ascii_lowercase(),
        Dialect::Aws => value,
    }
}

/// The principals a trust or resource policy's Allow statements name (for a trust policy, only
/// the statements that can allow `sts:AssumeRole`); `Err` with a sentence when an Allow
/// statement uses `NotPrincipal`, which admits everyone it does not name.
fn admitted(policy: &Policy, trust: bool) -> Result<BTreeSet<String>, String> {
    let mut found = BTreeSet::new();
    for statement in &policy.statements {
        let body = &statement.body;
        if body.effect != Effect::Allow || (trust && !action_match(&body.action, "sts:assumerole").0) {
            continue;
        }
        let Some(principals) = &body.principal else { continue };
        if principals.negated {
            return Err(format!(
                "statement {} uses NotPrincipal, which admits everyone it does not name",
                statement.index + 1
            ));
        }
        for entry in &principals.entries {
            found.insert(normal_principal(&entry.value, policy.dialect));
        }
    }
    Ok(found)
}

fn admits_exactly(target: &DocTarget, expected: &[String], loaded: Option<&Scenario>) -> (bool, String) {
    let Some(scenario) = loaded else {
        return (false, "the scenario cannot be loaded, so its policies cannot be read".into());
    };
    let (policy, trust) = match target {
        DocTarget::TrustPolicy(role) => (scenario.find_role(role).map(|r| &r.trust), true),
        DocTarget::ResourcePolicy(arn) => {
            (scenario.resources.iter().find(|r| &r.arn == arn).and_then(|r| r.policy.as_ref()), false)
        }
        DocTarget::Policy(_) => (None, false),
    };
    let Some(policy) = policy else {
        return (false, format!("{} cannot be found or read", target.describe()));
    };
    let found = match admitted(policy, trust) {
        Ok(found) => found,
        Err(why) => return (false, why),
    };
    let wanted: BTreeSet<String> = expected.iter().map(|p| normal_principal(p, policy.dialect)).collect();
    let list = |set: &BTreeSet<String>| {
        if set.is_empty() { "nobody".to_string() } else { set.iter().cloned().collect::<Vec<_>>().join(", ") }
    };
    let why = if found == wanted {
        format!("it admits {}", list(&found))
    } else {
        let extra: BTreeSet<String> = found.difference(&wanted).cloned().collect();
        let missing: BTreeSet<String> = wanted.difference(&found).cloned().collect();
        let mut parts = Vec::new();
        if !extra.is_empty() {
            parts.push(format!("it also admits {}", list(&extra)));
        }
        if !missing.is_empty() {
            parts.push(format!("it does not admit {}", list(&missing)));
        }
        parts.join("; ")
    };
    (found == wanted, why)
}
