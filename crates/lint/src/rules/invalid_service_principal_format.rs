//! `invalid-service-principal-format`: a service principal that is not written the way AWS
//! writes them, in `Principal` or in the keys that hold the service a request came through.

use crate::model::{Checker, has_wildcard_or_variable};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::Statement;
use playground_core::span::Span;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["invalid-service-principal-format"],
        severity: r#"error"#,
        fires_when: r#"a value of `aws:CalledVia`, `aws:CalledViaFirst` or `aws:CalledViaLast` that is not `SERVICE.amazonaws.com` (one lower-case name before `.amazonaws.com`, `.amazon.com` or `.amazonaws.com.cn`), or a `Service` principal that does not end so or has upper case (AWS): it never matches"#,
        fix: r#"the principal in lower case"#,
        access_analyzer: &["INVALID_SERVICE_PRINCIPAL_FORMAT"],
    },
    check: Check::Statement(check),
};

const SUFFIXES: [&str; 3] = [".amazonaws.com", ".amazon.com", ".amazonaws.com.cn"];

/// The keys whose values are the service principal a request was made through: one name before the suffix.
const CALLED_VIA: [&str; 3] = ["aws:calledvia", "aws:calledviafirst", "aws:calledvialast"];

/// Whether `value` is a service principal of the form `name.amazonaws.com`: lower-case names
/// (letters, digits, `-`), `single` of them before the suffix, or any number.
fn well_formed(value: &str, single: bool) -> bool {
    let Some(name) = SUFFIXES.iter().find_map(|s| value.strip_suffix(s)) else { return false };
    let label = |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if single { label(name) } else { name.split('.').all(label) }
}

fn check(cx: &mut Checker<'_>, st: &Statement) {
    if cx.dialect != Dialect::Aws {
        return;
    }
    let mut bad: Vec<(String, Span, bool)> = Vec::new();
    for c in st.body.conditions.iter().filter(|c| CALLED_VIA.contains(&c.key_lower.as_str())) {
        for v in c.values.iter().filter(|v| !has_wildcard_or_variable(&v.text)) {
            if !well_formed(&v.text, true) {
                bad.push((v.text.clone(), v.span, true));
            }
        }
    }
    if let Some(p) = &st.body.principal {
        for e in p.entries.iter().filter(|e| e.kind == "Service" && !has_wildcard_or_variable(&e.value)) {
            if !well_formed(&e.value, false) {
                bad.push((e.value.clone(), e.span, false));
            }
        }
    }
    for (value, span, single) in bad {
        let form = if single {
            "SERVICE.amazonaws.com: one lower-case name before .amazonaws.com (or .amazon.com, .amazonaws.com.cn)"
        } else {
            "lower-case names ending in .amazonaws.com (or .amazon.com, .amazonaws.com.cn)"
        };
        let mut f = Finding::new(
            "invalid-service-principal-format",
            Severity::Error,
            format!("\"{value}\" is not a service principal as AWS writes them ({form}), so it never matches"),
            span,
        );
        let lower = value.to_ascii_lowercase();
        if lower != value && well_formed(&lower, single) {
            f = f.with_fix(format!("replace with \"{lower}\""), playground_core::diagnostic::json_string(&lower), span);
        }
        cx.report(f);
    }
}
