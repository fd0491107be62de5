//! The references between sections, checked once everything is read: accounts, policies
//! and groups named anywhere must be defined, and no role may be defined twice. Issues are
//! pushed in a fixed order so that issues at the same place keep it after sorting.

use crate::issue::ScenarioIssue;
use crate::model::{Scenario, named_account};
use playground_core::issue::did_you_mean;
use playground_core::json::Json;
use playground_core::span::Span;
use std::collections::HashMap;

/// Checks every reference of `s`. `v` is the file (for the places of whole sections);
/// `role_accounts` are the accounts of every role, including roles that failed to load.
pub(super) fn check(issues: &mut Vec<ScenarioIssue>, s: &Scenario, v: &Json, role_accounts: &[(String, Span)]) {
    let account_ids: Vec<String> = s.accounts.iter().map(|a| a.id.clone()).collect();
    let policy_names: Vec<String> = s.policies.iter().map(|p| p.name.clone()).collect();
    let mut refs = References { issues, accounts: &account_ids, policies: &policy_names };
    if let Some(org) = &s.organization {
        let span = v.get("organization").map(|o| o.span).unwrap_or_default();
        refs.account(&org.management_account, span);
        for node in &org.nodes {
            for a in &node.accounts {
                refs.account(a, node.span);
            }
            for p in node.control_policies.iter().chain(&node.resource_control_policies) {
                refs.policy(p, node.span);
            }
        }
        for (a, ps) in org.account_control_policies.iter().chain(&org.account_resource_control_policies) {
            refs.account(a, span);
            for p in ps {
                refs.policy(p, span);
            }
        }
        for admins in org.delegated_administrators.values() {
            for a in admins {
                refs.account(a, span);
            }
        }
    }
    for (account, span) in role_accounts {
        refs.account(account, *span);
    }
    for role in &s.roles {
        for p in role.policies.iter().chain(&role.boundary) {
            refs.policy(p, role.span);
        }
        for st in &role.trust.statements {
            for e in st.body.principal.iter().flat_map(|p| &p.entries) {
                if let Some(account) = named_account(&e.value, s.dialect) {
                    refs.account_named_in(&account, &role.name, st.absolute(e.span));
                }
            }
        }
    }
    let group_keys: Vec<String> = s.groups.iter().map(|g| format!("{}/{}", g.account, g.name)).collect();
    for g in &s.groups {
        refs.account(&g.account, Span::default());
        for p in &g.policies {
            refs.policy(p, Span::default());
        }
    }
    for u in &s.users {
        refs.account(&u.account, u.span);
        for p in u.policies.iter().chain(&u.boundary) {
            refs.policy(p, u.span);
        }
        for g in &u.groups {
            let key = format!("{}/{}", u.account, g);
            if !group_keys.contains(&key) {
                refs.issues.push(ScenarioIssue::UnknownReference {
                    kind: "group",
                    name: g.clone(),
                    named_in: None,
                    suggestion: did_you_mean(
                        g,
                        s.groups.iter().filter(|x| x.account == u.account).map(|x| x.name.as_str()),
                    )
                    .map(str::to_string),
                    span: u.span,
                });
            }
        }
    }
    for r in &s.resources {
        refs.account(&r.account, r.span);
    }
    if let Some(b) = &s.backup {
        let span = v.get("backup").map(|b| b.span).unwrap_or_default();
        for account in b.accounts() {
            refs.account(account, span);
        }
    }
    let mut seen = HashMap::new();
    for role in &s.roles {
        if seen.insert(format!("{}/{}", role.account, role.name.to_ascii_lowercase()), ()).is_some() {
            issues.push(ScenarioIssue::Duplicate { kind: "role", name: role.name.clone(), span: role.span });
        }
    }
}

/// Reports names that refer to nothing defined, with the closest defined name.
struct References<'a> {
    issues: &'a mut Vec<ScenarioIssue>,
    accounts: &'a [String],
    policies: &'a [String],
}

impl References<'_> {
    fn account(&mut self, id: &str, span: Span) {
        if !self.accounts.iter().any(|a| a == id) {
            self.issues.push(ScenarioIssue::UnknownReference {
                kind: "account",
                name: id.to_string(),
                named_in: None,
                suggestion: did_you_mean(id, self.accounts.iter().map(String::as_str)).map(str::to_string),
                span,
            });
        }
    }

    fn account_named_in(&mut self, id: &str, role: &str, span: Span) {
        if !self.accounts.iter().any(|a| a == id) {
            self.issues.push(ScenarioIssue::UnknownReference {
                kind: "account",
                name: id.to_string(),
                named_in: Some(format!("the trust policy of {role}")),
                suggestion: did_you_mean(id, self.accounts.iter().map(String::as_str)).map(str::to_string),
                span,
            });
        }
    }

    fn policy(&mut self, name: &str, span: Span) {
        if !self.policies.iter().any(|p| p == name) {
            self.issues.push(ScenarioIssue::UnknownReference {
                kind: "policy",
                name: name.to_string(),
                named_in: None,
                suggestion: did_you_mean(name, self.policies.iter().map(String::as_str)).map(str::to_string),
                span,
            });
        }
    }
}
