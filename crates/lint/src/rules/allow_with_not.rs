//! `allow-with-not-action`, `allow-with-not-resource`: Allow with `NotAction` / `NotResource`.

use crate::model::Checker;
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::policy::{Effect, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["allow-with-not-action", "allow-with-not-resource"],
        severity: r#"security warning"#,
        fires_when: r#"Allow with `NotAction` / `NotResource`"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    if st.body.effect != Effect::Allow {
        return;
    }
    if st.body.action.negated {
        cx.report(
            Finding::new(
                "allow-with-not-action",
                Severity::SecurityWarning,
                "Allow with NotAction grants every action it does not list, including actions the cloud adds later",
                st.body.action.span,
            )
            .with_help("list the actions to allow in Action instead"),
        );
    }
    if let Some(r) = st.body.resource.as_ref().filter(|r| r.negated) {
        cx.report(
            Finding::new(
                "allow-with-not-resource",
                Severity::SecurityWarning,
                "Allow with NotResource grants every resource it does not list, including resources created later",
                r.span,
            )
            .with_help("list the resources to allow in Resource instead"),
        );
    }
}
