//! `malformed-action`: an action without `service:`.

use crate::model::{Checker, distinct_actions};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::issue::abbreviated;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["malformed-action"],
        severity: r#"error"#,
        fires_when: r#"an action without `service:`"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    for item in distinct_actions(st) {
        let text = item.text.trim();
        if text == "*" || text.contains(char::is_whitespace) || text.contains(':') {
            continue;
        }
        cx.report(Finding::new(
            "malformed-action",
            Severity::Error,
            format!(
                "\"{}\" is not an action: actions are written service:Name (ecs:DescribeInstances)",
                abbreviated(text)
            ),
            item.span,
        ));
    }
}
