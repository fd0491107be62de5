//! `pass-role-to-any-service`: `iam:PassRole` / `ram:PassRole` on every role without a condition
//! on the service it is passed to.

use crate::model::Checker;
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::{Effect, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["pass-role-to-any-service"],
        severity: r#"security warning"#,
        fires_when: r#"`iam:PassRole` / `ram:PassRole` (or a wildcard naming it) on every role without `iam:PassedToService` / `acs:Service`"#,
        fix: r#""#,
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    if st.body.effect != Effect::Allow || st.body.action.negated {
        return;
    }
    let service = match cx.dialect {
        Dialect::Aws => "iam",
        Dialect::Aliyun => "ram",
    };
    let Some(item) = st.body.action.items.iter().find(|i| {
        i.text.trim().to_ascii_lowercase().starts_with(&format!("{service}:"))
            && i.pattern.matches(&format!("{service}:passrole"))
    }) else {
        return;
    };
    let all = match &st.body.resource {
        None => false,
        Some(r) => {
            !r.negated && r.items.iter().any(|i| i.text == "*" || i.text.ends_with(":*") || i.text.ends_with(":role/*"))
        }
    };
    let service_key = match cx.dialect {
        Dialect::Aws => "iam:PassedToService",
        Dialect::Aliyun => "acs:Service",
    };
    let pinned = st.body.conditions.iter().any(|c| c.key.eq_ignore_ascii_case(service_key));
    if !all || pinned {
        return;
    }
    cx.report(
        Finding::new(
            "pass-role-to-any-service",
            Severity::SecurityWarning,
            format!(
                "{} on every role without an {service_key} condition lets the caller hand any role, with all its permissions, to any service",
                item.text.trim()
            ),
            item.span,
        )
        .with_help(format!(
            "name the roles in Resource, and add \"Condition\": {{\"StringEquals\": {{\"{service_key}\": \"<service>\"}}}}"
        )),
    );
}
