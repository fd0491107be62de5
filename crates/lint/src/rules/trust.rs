//! `trust-allows-anyone`, `trust-allows-account`, `trust-allows-service`: trust statements that
//! let too many callers assume the role because no condition pins the caller or the source.

use crate::model::{Checker, PolicyKind, is_assume_role};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::{Effect, PrincipalEntry, Statement};

/// A trust statement for everyone.
pub const ANYONE: Rule = Rule {
    doc: RuleDoc {
        codes: &["trust-allows-anyone"],
        severity: r#"security warning"#,
        fires_when: r#"a trust statement for `"*"` / `{"AWS": "*"}` / `{"RAM": "*"}` without a condition that pins the caller (`sts:ExternalId`, `aws:PrincipalArn`, `aws:PrincipalOrgID`, `aws:SourceAccount`, ...; RAM: `sts:ExternalId`, `acs:PrincipalARN`)"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Statement(anyone),
};

/// A trust statement for a whole other account.
pub const ACCOUNT: Rule = Rule {
    doc: RuleDoc {
        codes: &["trust-allows-account"],
        severity: r#"security warning"#,
        fires_when: r#"a trust statement for a whole other account (id or `:root`) without such a condition"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Statement(account),
};

/// A trust statement for a service without a source condition.
pub const SERVICE: Rule = Rule {
    doc: RuleDoc {
        codes: &["trust-allows-service"],
        severity: r#"security warning (AWS)"#,
        fires_when: r#"a trust statement for a service principal without `aws:SourceAccount`/`aws:SourceArn`/`aws:SourceOrg*` (not for service-linked roles, whose trust policy the cloud writes)"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Statement(service),
};

/// The principals of a trust statement that these rules look at, with the condition keys it tests
/// (lower-cased); `None` for a statement that is not an Allow of a trust policy, or that the cloud
/// wrote (a service-linked role's).
fn trusted<'s>(cx: &Checker<'_>, st: &'s Statement) -> Option<(&'s [PrincipalEntry], Vec<&'s str>)> {
    let principal = st.body.principal.as_ref()?;
    let trust = cx.kind == PolicyKind::Trust || is_assume_role(st);
    if st.body.effect != Effect::Allow || !trust || principal.negated || cx.context.service_linked {
        return None;
    }
    Some((&principal.entries, st.body.conditions.iter().map(|c| c.key_lower.as_str()).collect()))
}

/// Condition keys that pin who the caller is.
fn caller_keys(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Aws => &[
            "sts:externalid",
            "aws:principalarn",
            "aws:principalaccount",
            "aws:principalorgid",
            "aws:principalorgpaths",
            "aws:userid",
            "aws:username",
            "aws:sourceaccount",
            "aws:sourcearn",
            "aws:sourceorgid",
            "aws:sourceorgpaths",
            "aws:sourceidentity",
        ],
        Dialect::Aliyun => &["sts:externalid", "acs:principalarn"],
    }
}

/// The conditions to suggest, for messages.
fn external_id(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Aws => "sts:ExternalId, aws:PrincipalArn or aws:PrincipalOrgID",
        Dialect::Aliyun => "sts:ExternalId or acs:PrincipalARN",
    }
}

fn has(keys: &[&str], names: &[&str]) -> bool {
    keys.iter().any(|k| names.contains(k))
}

fn is_everyone(e: &PrincipalEntry) -> bool {
    e.kind == "*" || e.value == "*"
}

fn anyone(cx: &mut Checker<'_>, st: &Statement) {
    let Some((entries, keys)) = trusted(cx, st) else { return };
    if has(&keys, caller_keys(cx.dialect)) {
        return;
    }
    for e in entries.iter().filter(|e| is_everyone(e)) {
        cx.report(
            Finding::new(
                "trust-allows-anyone",
                Severity::SecurityWarning,
                format!(
                    "the trust policy lets anyone{} assume the role: no condition pins the caller",
                    if cx.dialect == Dialect::Aws { " in any AWS account" } else { " in any account" }
                ),
                e.span,
            )
            .with_help(format!("name the trusted principals, or add a condition on {}", external_id(cx.dialect))),
        );
    }
}

fn account(cx: &mut Checker<'_>, st: &Statement) {
    let Some((entries, keys)) = trusted(cx, st) else { return };
    if has(&keys, caller_keys(cx.dialect)) {
        return;
    }
    for e in entries.iter().filter(|e| !is_everyone(e) && matches!(e.kind.as_str(), "AWS" | "RAM")) {
        let Some(account) = whole_account(&e.value, cx.dialect) else { continue };
        if cx.context.own_account.as_deref() == Some(account.as_str()) {
            continue;
        }
        cx.report(
            Finding::new(
                "trust-allows-account",
                Severity::SecurityWarning,
                format!(
                    "the trust policy trusts the whole account {account}: any user or role there that is allowed sts:AssumeRole can assume the role"
                ),
                e.span,
            )
            .with_help(format!(
                "name the role or user that should assume it, or add a condition on {}",
                external_id(cx.dialect)
            )),
        );
    }
}

fn service(cx: &mut Checker<'_>, st: &Statement) {
    // RAM documents no condition that pins a service's source.
    if cx.dialect != Dialect::Aws {
        return;
    }
    let Some((entries, keys)) = trusted(cx, st) else { return };
    if has(&keys, &["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"]) {
        return;
    }
    for e in entries.iter().filter(|e| !is_everyone(e) && e.kind == "Service") {
        cx.report(
            Finding::new(
                "trust-allows-service",
                Severity::SecurityWarning,
                format!(
                    "the trust policy lets {} assume the role on behalf of any account (the confused deputy problem): no condition pins the source",
                    e.value
                ),
                e.span,
            )
            .with_help("add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"}} or an ArnLike on aws:SourceArn"),
        );
    }
}

/// The account an `AWS`/`RAM` principal names as a whole (an id or a root ARN).
fn whole_account(value: &str, dialect: Dialect) -> Option<String> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.to_string());
    }
    let root = value.strip_suffix(":root")?;
    let account = root.rsplit(':').next()?;
    (root.starts_with(if dialect == Dialect::Aws { "arn:" } else { "acs:" }) && !account.is_empty())
        .then(|| account.to_string())
}
