//! `unknown-service`: an action whose service the catalogue does not have.

use crate::model::{Checker, distinct_actions};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Fix, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["unknown-service"],
        severity: r#"error (AWS); warning (RAM, only with a close match)"#,
        fires_when: r#"the action's service is not in the catalogue"#,
        fix: r#"the closest service"#,
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
        match (cx.dialect, cat.did_you_mean_service(service)) {
            (_, Some(s)) => {
                let replacement = format!("{s}:{name}");
                let severity = if cx.dialect == Dialect::Aws { Severity::Error } else { Severity::Warning };
                let mut f = Finding::new(
                    "unknown-service",
                    severity,
                    format!(
                        "there is no service \"{service}\" in the {} catalogue: did you mean {s}?",
                        cx.dialect.cloud()
                    ),
                    item.span,
                );
                f.fix = Some(Fix::replace_with_string(&replacement, item.span));
                cx.report(f);
            }
            (Dialect::Aws, None) => cx.report(Finding::new(
                "unknown-service",
                Severity::Error,
                format!("AWS has no service with the action prefix \"{service}\"; this entry matches nothing"),
                item.span,
            )),
            // The Alibaba Cloud catalogue covers only some services: silence is the honest answer.
            (Dialect::Aliyun, None) => {}
        }
    }
}
