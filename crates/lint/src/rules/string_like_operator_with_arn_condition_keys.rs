//! `string-like-operator-with-arn-condition-keys`: `StringLike` / `StringNotLike` on a key that
//! holds an ARN.

use crate::catalog::KeyType;
use crate::model::{Checker, KeyLookup, lookup_key};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::operator::BaseOperator;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["string-like-operator-with-arn-condition-keys"],
        severity: r#"security warning"#,
        fires_when: r#"`StringLike` / `StringNotLike` (with or without `IfExists`, `ForAnyValue:`, `ForAllValues:`) with a wildcard on a key that holds an ARN (`aws:PrincipalArn`, `iam:AssociatedResourceArn`; AWS): its `*` also spans the `:` between the ARN's parts"#,
        fix: r#""#,
        access_analyzer: &["STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    if cx.dialect != Dialect::Aws {
        return;
    }
    for c in &st.body.conditions {
        // Without a wildcard, StringLike compares like StringEquals: nothing spans.
        if c.operator.base.positive() != BaseOperator::StringLike
            || !c.values.iter().any(|v| v.text.contains(['*', '?']))
        {
            continue;
        }
        let KeyLookup::Known(k) = lookup_key(cat, st, c) else { continue };
        if k.key_type != KeyType::Arn {
            continue;
        }
        let arn = if c.operator.base.is_negated() { "ArnNotLike" } else { "ArnLike" };
        cx.report(
            Finding::new(
                "string-like-operator-with-arn-condition-keys",
                Severity::SecurityWarning,
                format!(
                    "{} holds an ARN, but {} compares it as plain text: a * in a value also spans the : between the ARN's parts, so it can match more than the part it stands in",
                    k.name, c.operator_text
                ),
                c.span,
            )
            .with_help(format!(
                "write {} instead: it compares the ARN part by part",
                c.operator_text.replacen("StringNotLike", arn, 1).replacen("StringLike", arn, 1)
            )),
        );
    }
}
