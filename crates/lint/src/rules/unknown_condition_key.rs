//! `unknown-condition-key`: a key that is neither global nor a key of the statement's services,
//! or a key of a service the statement has no action of.

use crate::model::{Checker, KeyLookup, lookup_key, statement_services};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Fix, Severity};
use playground_core::dialect::Dialect;
use playground_core::issue::abbreviated;
use playground_core::issue::did_you_mean;
use playground_core::policy::{Condition, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["unknown-condition-key"],
        severity: r#"warning (suggestion for RAM without a close match)"#,
        fires_when: r#"a key that is neither global nor a key of the statement's services (`aws:SoruceVpc`), or a key of a service the statement has no action of"#,
        fix: r#"the closest key"#,
        access_analyzer: &[
            "INVALID_GLOBAL_CONDITION_KEY",
            "INVALID_SERVICE_CONDITION_KEY",
            "UNSUPPORTED_GLOBAL_CONDITION_KEY",
        ],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    for c in &st.body.conditions {
        // The keys of a retired service: the actions' finding says what is wrong.
        if c.key.split_once(':').is_some_and(|(prefix, _)| cat.retired_service(prefix).is_some()) {
            continue;
        }
        match lookup_key(cat, st, c) {
            KeyLookup::Known(_) => {}
            KeyLookup::OtherService(k) => {
                let owner = c.key.split_once(':').map_or(c.key.as_str(), |(p, _)| p);
                cx.report(Finding::new(
                    "unknown-condition-key",
                    Severity::Warning,
                    format!(
                        "{} is a condition key of {owner}, but no action of this statement is a {owner} action, so requests never carry it",
                        k.name
                    ),
                    c.span,
                ));
            }
            KeyLookup::Unknown => unknown_key(cx, st, c),
        }
    }
}

fn unknown_key(cx: &mut Checker<'_>, st: &Statement, c: &Condition) {
    let Some(cat) = cx.catalog else { return };
    let key = c.key.as_str();
    let prefix = key.split_once(':').map_or("", |(p, _)| p);
    let mut candidates: Vec<&str> = cat.global_keys.iter().map(|k| k.name.as_str()).collect();
    for s in statement_services(st).iter().chain(std::iter::once(&prefix)).filter_map(|s| cat.service(s)) {
        candidates.extend(s.condition_keys.iter().map(|k| k.name.as_str()));
    }
    candidates.retain(|k| !k.contains("${"));
    let suggestion = did_you_mean(key, candidates.iter().copied()).map(str::to_string);
    let known_prefix = prefix.eq_ignore_ascii_case(cx.dialect.key_prefix()) || cat.service(prefix).is_some();
    let severity = match (cx.dialect, &suggestion) {
        (Dialect::Aws, _) | (Dialect::Aliyun, Some(_)) => Severity::Warning,
        (Dialect::Aliyun, None) if known_prefix => Severity::Suggestion,
        (Dialect::Aliyun, None) => return,
    };
    let mut f = Finding::new(
        "unknown-condition-key",
        severity,
        format!(
            "{} is not a condition key of {} or of the services this statement names; a missing key never matches a positive operator",
            abbreviated(key),
            cx.dialect.cloud()
        ),
        c.span,
    );
    match suggestion {
        Some(s) => {
            f.message = format!("{}: did you mean {s}?", f.message);
            f.fix = Some(Fix::replace_with_string(&s, c.span));
        }
        None if cx.dialect == Dialect::Aliyun => {
            f = f.with_help(
                "the Alibaba Cloud catalogue is not complete: check the key against the service's RAM authorization page",
            );
        }
        None => {}
    }
    cx.report(f);
}
