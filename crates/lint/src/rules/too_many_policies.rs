//! `too-many-policies`: a user, group or role of a scenario with more attached policies than the
//! cloud allows (AWS: 10 managed policies by default, 20 at most; RAM: 20 system and 10 custom).

use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::span::Span;
use playground_scenario::scenario::Scenario;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["too-many-policies"],
        severity: r#"warning/error (AWS: over 10 default, over 20 maximum), error (RAM: 20 system or 10 custom)"#,
        fires_when: r#"a user, group or role with too many attached policies (scenarios)"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Scenario(check),
};

fn check(scenario: &Scenario, out: &mut Vec<Finding>) {
    let mut check = |what: String, policies: &[String], span: Span| match scenario.dialect {
        Dialect::Aws => {
            let n = policies.len();
            if n > 10 {
                let severity = if n > 20 { Severity::Error } else { Severity::Warning };
                out.push(Finding::new(
                    "too-many-policies",
                    severity,
                    format!("{what} has {n} managed policies attached; AWS allows 10 by default and 20 at most (a quota increase)"),
                    span,
                ));
            }
        }
        Dialect::Aliyun => {
            let system =
                policies.iter().filter(|p| scenario.policies.iter().any(|l| &l.name == *p && l.system)).count();
            let custom = policies.len() - system;
            if system > 20 || custom > 10 {
                out.push(Finding::new(
                    "too-many-policies",
                    Severity::Error,
                    format!("{what} has {system} system and {custom} custom policies attached; RAM allows 20 system and 10 custom policies (custom raisable by quota)"),
                    span,
                ));
            }
        }
    };
    for r in &scenario.roles {
        check(format!("role {}", r.name), &r.policies, r.span);
    }
    for u in &scenario.users {
        check(format!("user {}", u.name), &u.policies, u.span);
    }
    for g in &scenario.groups {
        check(format!("group {}", g.name), &g.policies, Span::default());
    }
}
