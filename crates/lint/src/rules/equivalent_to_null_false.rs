//! `equivalent-to-null-false`: a `...Like` condition whose value is `*`, which only tests that
//! the key is present.

use crate::model::Checker;
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::operator::{BaseOperator, SetQualifier};
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["equivalent-to-null-false"],
        severity: r#"suggestion"#,
        fires_when: r#"`StringLike` or `ArnLike` (also with `ForAnyValue:`) with the value `"*"` (AWS): it matches whatever value the request carries, so it only tests that the key is present"#,
        fix: r#""#,
        access_analyzer: &["EQUIVALENT_TO_NULL_FALSE"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    // RAM has no Null operator to say it with.
    if cx.dialect != Dialect::Aws {
        return;
    }
    for c in &st.body.conditions {
        let op = c.operator;
        let like = matches!(op.base, BaseOperator::StringLike | BaseOperator::ArnLike);
        if !like || op.if_exists || op.qualifier == Some(SetQualifier::ForAllValues) {
            continue;
        }
        let Some(star) = c.values.iter().find(|v| v.text == "*") else { continue };
        cx.report(
            Finding::new(
                "equivalent-to-null-false",
                Severity::Suggestion,
                format!(
                    "{} \"*\" matches any value of {}: the condition only tests that the request carries the key",
                    c.operator_text, c.key
                ),
                c.span,
            )
            .with_label(star.span, "matches any value")
            .with_help(format!("say it plainly: \"Null\": {{\"{}\": \"false\"}}", c.key)),
        );
    }
}
