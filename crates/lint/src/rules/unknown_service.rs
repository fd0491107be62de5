//! `unknown-service`: an action whose service the catalogue does not have.

use crate::model::{Checker, distinct_actions};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Fix, Severity};
use playground_core::dialect::Dialect;
use playground_core::issue::abbreviated;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["unknown-service"],
        severity: r#"error (AWS, with a close match); warning (AWS: a retired service, or none close; RAM, only with a close match)"#,
        fires_when: r#"the action's service is not in the catalogue; AWS services its reference has dropped since an earlier scan (`deepracer`) are named as retired"#,
        fix: r#"the closest service"#,
        access_analyzer: &["INVALID_SERVICE", "INVALID_SERVICE_IN_ACTION"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    for item in distinct_actions(st) {
        let text = item.text.trim();
        if text == "*" || text.contains(char::is_whitespace) {
            continue;
        }
        let Some((service, name)) = text.split_once(':') else { continue };
        if service.contains(['*', '?']) || cat.service(service).is_some() {
            continue;
        }
        if let Some(retired) = cat.retired_service(service) {
            cx.report(
                Finding::new(
                    "unknown-service",
                    Severity::Warning,
                    format!(
                        "{} is a retired service: {} lists it no longer (last in its scan of {}), so this entry matches nothing",
                        retired.name,
                        source(cx.dialect),
                        retired.last_listed
                    ),
                    item.span,
                )
                .with_help("remove the entry (the cloud accepts the policy, but no request is for this service)"),
            );
            continue;
        }
        match (cx.dialect, cat.did_you_mean_service(service)) {
            (_, Some(s)) => {
                let replacement = format!("{s}:{name}");
                let severity = if cx.dialect == Dialect::Aws { Severity::Error } else { Severity::Warning };
                let mut f = Finding::new(
                    "unknown-service",
                    severity,
                    format!(
                        "there is no service \"{}\" in the {} catalogue: did you mean {s}?",
                        abbreviated(service),
                        cx.dialect.cloud()
                    ),
                    item.span,
                );
                f.fix = Some(Fix::replace_with_string(&replacement, item.span));
                cx.report(f);
            }
            // Close to no service: more likely one retired before the catalogue's earliest scan
            // (AWS still publishes managed policies that name such services) than a typo.
            (Dialect::Aws, None) => cx.report(
                Finding::new(
                    "unknown-service",
                    Severity::Warning,
                    format!(
                        "AWS has no service with the action prefix \"{}\" in {}; this entry matches nothing",
                        abbreviated(service),
                        source(Dialect::Aws)
                    ),
                    item.span,
                )
                .with_help(
                    "a service AWS retired long ago, or a name it never had: check the prefix, or remove the entry",
                ),
            ),
            // The Alibaba Cloud catalogue covers only some services: silence is the honest answer.
            (Dialect::Aliyun, None) => {}
        }
    }
}

/// Where a cloud's catalogue comes from, for messages.
fn source(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Aws => "the AWS Service Authorization Reference (scans of 2024-08 to 2026-09)",
        Dialect::Aliyun => "the Alibaba Cloud catalogue",
    }
}
