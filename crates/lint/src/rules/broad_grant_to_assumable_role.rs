//! `broad-grant-to-assumable-role`: full access (Allow `*` on `*` without conditions) on a role
//! that principals of another account (or anyone) can assume.

use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::policy::Effect;
use playground_scenario::scenario::{Scenario, named_account};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["broad-grant-to-assumable-role"],
        severity: r#"security warning (scenarios)"#,
        fires_when: r#"a role that principals of another account (or anyone) can assume has a policy allowing `*` on `*` without conditions; for Cloud Backup the help names AliyunHBRRolePolicy"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Scenario(check),
};

fn check(scenario: &Scenario, out: &mut Vec<Finding>) {
    let dialect = scenario.dialect;
    for role in &scenario.roles {
        let foreign: Vec<&str> = role
            .trust
            .statements
            .iter()
            .filter(|s| s.body.effect == Effect::Allow)
            .flat_map(|s| s.body.principal.iter().filter(|p| !p.negated).flat_map(|p| &p.entries))
            .filter(|e| {
                e.kind == "*"
                    || e.value == "*"
                    || (e.kind != "Service" && named_account(&e.value, dialect).is_some_and(|a| a != role.account))
            })
            .map(|e| e.value.as_str())
            .collect();
        if foreign.is_empty() {
            continue;
        }
        for name in &role.policies {
            let Some(policy) = scenario.policy(name) else { continue };
            let full = policy.statements.iter().any(|s| {
                s.body.effect == Effect::Allow
                    && !s.body.action.negated
                    && s.body.action.items.iter().any(|i| matches!(i.text.trim(), "*" | "*:*"))
                    && s.body.resource.as_ref().is_none_or(|r| !r.negated && r.items.iter().any(|i| i.text == "*"))
                    && s.body.conditions.is_empty()
            });
            if !full {
                continue;
            }
            let recommendation = if foreign.iter().any(|p| p.to_ascii_lowercase().contains("hbr")) {
                " Cloud Backup's documentation recommends attaching AliyunHBRRolePolicy instead of AdministratorAccess."
            } else {
                ""
            };
            out.push(
                Finding::new(
                    "broad-grant-to-assumable-role",
                    Severity::SecurityWarning,
                    format!(
                        "role {} has {name}, which allows every action on every resource, and {} in another account can assume it",
                        role.name,
                        foreign.join(", ")
                    ),
                    role.span,
                )
                .with_help(format!("attach only the permissions the trusted caller needs.{recommendation}"))
                .in_policy(role.name.clone()),
            );
        }
    }
}
