//! `set-qualifier-on-single-valued-key` and `missing-set-qualifier`: set qualifiers
//! (`ForAllValues:`, `ForAnyValue:`) used on a single-valued key, or missing on a multi-valued one.

use crate::model::{Checker, KeyLookup, lookup_key};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::operator::{BaseOperator, SetQualifier};
use playground_core::policy::{Effect, Statement};

/// A set qualifier on a single-valued key.
pub const ON_SINGLE_VALUED_KEY: Rule = Rule {
    doc: RuleDoc {
        codes: &["set-qualifier-on-single-valued-key"],
        severity: r#"security warning (`ForAllValues` with Allow), warning"#,
        fires_when: r#"`ForAllValues:`/`ForAnyValue:` on a single-valued key"#,
        fix: r#""#,
        access_analyzer: &["FORALLVALUES_WITH_SINGLE_VALUED_KEY"],
    },
    check: Check::Statement(on_single_valued_key),
};

/// A multi-valued key without a set qualifier.
pub const MISSING: Rule = Rule {
    doc: RuleDoc {
        codes: &["missing-set-qualifier"],
        severity: r#"warning (AWS)"#,
        fires_when: r#"a multi-valued key (`aws:TagKeys`) without a set qualifier"#,
        fix: r#""#,
        access_analyzer: &["MISSING_QUALIFIER"],
    },
    check: Check::Statement(missing),
};

fn on_single_valued_key(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    for c in &st.body.conditions {
        let KeyLookup::Known(k) = lookup_key(cat, st, c) else { continue };
        let Some(q) = c.operator.qualifier.filter(|_| !k.multi_valued) else { continue };
        let (severity, consequence) = match (q, st.body.effect) {
            (SetQualifier::ForAllValues, Effect::Allow) => (
                Severity::SecurityWarning,
                "ForAllValues is also true when the request does not carry the key at all, so this Allow applies without it",
            ),
            _ => (Severity::Warning, "use the operator without the set qualifier"),
        };
        let plain = c.operator_text.split_once(':').map_or(c.operator_text.as_str(), |(_, b)| b).to_string();
        cx.report(
            Finding::new(
                "set-qualifier-on-single-valued-key",
                severity,
                format!(
                    "{} is single-valued, but the operator {} is for multi-valued keys; {consequence}",
                    k.name, c.operator_text
                ),
                c.span,
            )
            .with_help(format!("write {plain} instead of {}", c.operator_text)),
        );
    }
}

fn missing(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    if cx.dialect != Dialect::Aws {
        return;
    }
    for c in &st.body.conditions {
        let KeyLookup::Known(k) = lookup_key(cat, st, c) else { continue };
        if c.operator.qualifier.is_some() || !k.multi_valued || c.operator.base == BaseOperator::Null {
            continue;
        }
        cx.report(
            Finding::new(
                "missing-set-qualifier",
                Severity::Warning,
                format!(
                    "{} can carry several values; {} without ForAnyValue: or ForAllValues: does not match a request that carries several",
                    k.name, c.operator_text
                ),
                c.span,
            )
            .with_help(format!(
                "write ForAnyValue:{} (any value matches) or ForAllValues:{} (every value matches)",
                c.operator_text, c.operator_text
            )),
        );
    }
}
