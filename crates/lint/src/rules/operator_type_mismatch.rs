//! `operator-type-mismatch`: an operator that compares another type than its key holds.

use crate::catalog::KeyType;
use crate::model::{Checker, KeyLookup, lookup_key};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::operator::Family;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["operator-type-mismatch"],
        severity: r#"warning"#,
        fires_when: r#"the operator compares another type than the key holds (`StringEquals` on `aws:SourceIp`; ARN operators on string keys are not reported, as a string may be an ARN)"#,
        fix: r#""#,
        access_analyzer: &["TYPE_MISMATCH"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    for c in &st.body.conditions {
        let KeyLookup::Known(k) = lookup_key(cat, st, c) else { continue };
        let (key_type, name) = (k.key_type, k.name.as_str());
        let family = c.operator.base.family();
        let fits = match family {
            Family::Null => true,
            Family::String => matches!(key_type, KeyType::String | KeyType::Arn),
            // A string key may hold an ARN (`kms:EncryptionContext:aws:logs:arn`).
            Family::Arn => matches!(key_type, KeyType::Arn | KeyType::String),
            Family::Numeric => key_type == KeyType::Numeric || name.eq_ignore_ascii_case("aws:EpochTime"),
            Family::Date => key_type == KeyType::Date,
            Family::Bool => key_type == KeyType::Bool,
            Family::Ip => key_type == KeyType::Ip,
            Family::Binary => key_type == KeyType::Binary,
        };
        if fits {
            continue;
        }
        let hint = match key_type {
            KeyType::String => "a String operator (StringEquals, StringLike, ...)",
            KeyType::Arn => "an Arn operator (ArnLike, ArnEquals) or a String operator",
            KeyType::Bool => "Bool",
            KeyType::Numeric => "a Numeric operator",
            KeyType::Date => "a Date operator",
            KeyType::Ip => "IpAddress or NotIpAddress",
            KeyType::Binary => "BinaryEquals",
        };
        cx.report(
            Finding::new(
                "operator-type-mismatch",
                Severity::Warning,
                format!(
                    "{name} holds {}, but {} compares {} values",
                    key_type.describe(),
                    c.operator_text,
                    family_name(family)
                ),
                c.span,
            )
            .with_help(format!("use {hint}")),
        );
    }
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::String => "string",
        Family::Numeric => "numeric",
        Family::Date => "date",
        Family::Bool => "boolean",
        Family::Binary => "binary",
        Family::Ip => "IP address",
        Family::Arn => "ARN",
        Family::Null => "presence",
    }
}
