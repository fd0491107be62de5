//! What else a change allows, and what it costs. A change's cost is the size of the edit (an item
//! added: 1; a statement, a context key or a detachment: more) plus how broad it is: 0 when it
//! allows nothing but the request, 1 for a few other actions or a resource pattern, 2 for up to a
//! hundred actions or every resource, 3 beyond (or a wildcard the catalogue cannot count).

use super::FixOptions;
use crate::ast::{NameSet, Policy, StatementBody};
use crate::dialect::Dialect;
use serde::Serialize;

/// What else a change would allow (or stop denying).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Also {
    /// In words: "nothing else", "also allows 380 other s3 actions on every resource".
    pub summary: String,
    /// How many other actions it also allows or stops denying, when known (the action
    /// catalogue counts wildcards).
    pub other_actions: Option<usize>,
    /// The resource names or patterns it also applies to, besides the request's.
    pub resources: Vec<String>,
}

impl Also {
    /// A change that allows nothing but the request.
    pub fn nothing() -> Also {
        Also { summary: "nothing else".into(), other_actions: Some(0), resources: Vec::new() }
    }

    fn new(summary: String, other_actions: Option<usize>, resources: Vec<String>) -> Also {
        Also { summary, other_actions, resources }
    }
}

/// How many distinct actions the patterns cover: the catalogue's count, or the count of
/// distinct names when none has a wildcard.
pub(super) fn count_actions(options: &FixOptions<'_>, dialect: Dialect, patterns: &[&str]) -> Option<usize> {
    if let Some(n) = options.catalog.and_then(|c| c.count_actions(dialect, patterns)) {
        // A pattern the catalogue does not know still names at least itself.
        return Some(n.max(usize::from(!patterns.is_empty())));
    }
    if patterns.iter().any(|p| p.contains(['*', '?'])) {
        return None;
    }
    let mut names: Vec<String> = patterns.iter().map(|p| p.trim().to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    Some(names.len())
}

/// The broadness class of a number of other actions (unknown counts as the broadest).
fn action_class(n: Option<usize>) -> u32 {
    match n {
        Some(0) => 0,
        Some(1..=10) => 1,
        Some(11..=100) => 2,
        _ => 3,
    }
}

/// The statement's resources other than the request's, in words, and their broadness class.
fn resources_beyond(body: &StatementBody, resource: &str) -> (Vec<String>, String, u32) {
    let Some(set) = &body.resource else {
        return (Vec::new(), String::new(), 0);
    };
    let others: Vec<String> = set.items.iter().map(|i| i.text.clone()).filter(|t| t != resource).collect();
    if set.negated {
        let words = format!("every resource but {}", quoted(&others));
        return (vec!["*".into()], words, 2);
    }
    if others.iter().any(|t| t == "*") {
        return (vec!["*".into()], "every resource (\"*\")".into(), 2);
    }
    let class = u32::from(!others.is_empty());
    let words = if others.is_empty() { String::new() } else { quoted(&others) };
    (others, words, class)
}

fn quoted(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("\"{one}\""),
        [one, rest @ ..] => format!("\"{one}\" and {} more", rest.len()),
    }
}

/// The actions of an action element, in words, and how many other than the request's.
fn statement_actions(options: &FixOptions<'_>, dialect: Dialect, set: &NameSet) -> (String, Option<usize>) {
    if set.negated {
        return ("every action but those its NotAction lists".into(), None);
    }
    let patterns: Vec<&str> = set.items.iter().map(|i| i.text.as_str()).collect();
    let count = count_actions(options, dialect, &patterns);
    if let [one] = patterns.as_slice()
        && !one.contains(['*', '?'])
    {
        return (one.to_string(), count);
    }
    let words = match count {
        Some(n) => format!("its {n} action(s)"),
        None => format!("its actions ({})", quoted(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>())),
    };
    (words, count)
}

/// Adding `item` (the request's action, or a wildcard covering it) to an Allow statement.
pub(super) fn added_action(
    options: &FixOptions<'_>,
    dialect: Dialect,
    item: &str,
    body: &StatementBody,
    resource: &str,
) -> (Also, u32) {
    let wildcard = item.contains(['*', '?']);
    let other = if wildcard { count_actions(options, dialect, &[item]).map(|n| n.saturating_sub(1)) } else { Some(0) };
    let (resources, on, resource_class) = resources_beyond(body, resource);
    let what = match (wildcard, other) {
        (false, _) => item.to_string(),
        (true, Some(n)) => format!("{n} other action(s) matching {item}"),
        (true, None) => format!("every action matching {item}"),
    };
    let mut summary = match (other, on.is_empty()) {
        (Some(0), true) => "nothing else".to_string(),
        (_, true) => format!("also allows {what} on the requested resource"),
        (_, false) => format!("also allows {what} on {on}"),
    };
    if !body.conditions.is_empty() && summary != "nothing else" {
        summary.push_str(" (when the statement's conditions hold)");
    }
    (Also::new(summary, other, resources), 1 + action_class(other) + resource_class)
}

/// Adding `item` (the request's resource, or a pattern covering it) to an Allow statement.
pub(super) fn added_resource(
    options: &FixOptions<'_>,
    dialect: Dialect,
    item: &str,
    body: &StatementBody,
    resource: &str,
) -> (Also, u32) {
    let (actions, count) = statement_actions(options, dialect, &body.action);
    let other = count.map(|n| n.saturating_sub(1));
    let widened = item != resource;
    let resources = if widened { vec![item.to_string()] } else { Vec::new() };
    let summary = match (other, widened) {
        (Some(0), false) => "nothing else".to_string(),
        (_, false) => format!("also allows {actions} on {resource}"),
        (_, true) => format!("also allows {actions} on every resource matching \"{item}\""),
    };
    (Also::new(summary, other, resources), 1 + action_class(other) + u32::from(widened))
}

/// Adding the caller (or its whole account, `broad`) to an Allow statement's principals.
pub(super) fn added_principal(
    options: &FixOptions<'_>,
    dialect: Dialect,
    item: &str,
    broad: bool,
    body: &StatementBody,
    resource: &str,
) -> (Also, u32) {
    let (actions, count) = statement_actions(options, dialect, &body.action);
    let other = count.map(|n| n.saturating_sub(1));
    let (resources, on, resource_class) = resources_beyond(body, resource);
    let who = if broad { format!("every principal of {item} (whose own policies allow it)") } else { item.to_string() };
    let mut summary = format!("also lets {who} use {actions}");
    if !on.is_empty() {
        summary.push_str(&format!(" on {on}"));
    }
    if !broad && other == Some(0) && on.is_empty() {
        summary = "nothing else".into();
    }
    let cost = 1 + u32::from(broad) + action_class(other) + resource_class;
    (Also::new(summary, other, resources), cost)
}

/// Taking item `item` out of a Deny statement's `Action`, or the request's action into its `NotAction`.
pub(super) fn narrowed_action(options: &FixOptions<'_>, dialect: Dialect, item: &str, removed: bool) -> (Also, u32) {
    let count = if removed { count_actions(options, dialect, &[item]) } else { Some(1) };
    let other = count.map(|n| n.saturating_sub(1));
    let summary = match other {
        Some(0) => format!("the Deny no longer covers {item}"),
        Some(n) => format!("the Deny no longer covers {item}: {n} other action(s)"),
        None => format!("the Deny no longer covers any action matching {item}"),
    };
    (Also::new(summary, other, Vec::new()), 1 + action_class(other))
}

/// Taking `item` out of a Deny statement's `Resource` or `Principal`, or adding it to its `Not` element.
pub(super) fn narrowed_other(item: &str, what: &str, body: &StatementBody) -> (Also, u32) {
    let summary = format!("the Deny no longer covers {what} {item} for any of its actions");
    let other = if body.action.negated { None } else { Some(body.action.items.len().saturating_sub(1)) };
    (Also::new(summary, other, vec![item.to_string()]), 1 + u32::from(item.contains('*')))
}

/// Removing a Deny statement.
pub(super) fn removed_deny(options: &FixOptions<'_>, dialect: Dialect, body: &StatementBody) -> (Also, u32) {
    let (actions, count) = statement_actions(options, dialect, &body.action);
    let (resources, on, resource_class) = resources_beyond(body, "");
    let mut summary = format!("the Deny no longer covers {actions}");
    if !on.is_empty() {
        summary.push_str(&format!(" on {on}"));
    }
    (Also::new(summary, count, resources), 2 + action_class(count) + resource_class)
}

/// The actions a policy's Allow statements cover, counted.
fn policy_actions(options: &FixOptions<'_>, policy: &Policy) -> Option<usize> {
    let mut patterns: Vec<&str> = Vec::new();
    for st in policy.statements.iter().filter(|s| s.body.effect == crate::ast::Effect::Allow) {
        if st.body.action.negated {
            return None;
        }
        patterns.extend(st.body.action.items.iter().map(|i| i.text.as_str()));
    }
    count_actions(options, policy.dialect, &patterns)
}

/// Attaching a library policy.
pub(super) fn attached(options: &FixOptions<'_>, policy: &Policy) -> (Also, u32) {
    let count = policy_actions(options, policy);
    let other = count.map(|n| n.saturating_sub(1));
    let summary = match other {
        Some(0) => "nothing else".to_string(),
        Some(n) => format!("also grants everything {} allows: {n} other action(s)", policy.name),
        None => format!("also grants everything {} allows (every action its wildcards match)", policy.name),
    };
    (Also::new(summary, other, Vec::new()), 2 + action_class(other))
}

/// Detaching a policy: `what` says what it did ("the permissions boundary").
pub(super) fn detached(what: &str, limit: bool) -> (Also, u32) {
    let summary = if limit {
        format!("{what} no longer limits any of the caller's permissions")
    } else {
        format!("every statement of {what} stops applying")
    };
    (Also::new(summary, None, Vec::new()), 3 + 3)
}

/// Sending a context key: only the request changes.
pub(super) fn context() -> (Also, u32) {
    (Also::new("nothing else: only the request changes".into(), Some(0), Vec::new()), 1)
}
