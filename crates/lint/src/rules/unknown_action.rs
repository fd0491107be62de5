//! `unknown-action`: an action its service does not have (`kms:ListAlias`).

use crate::model::{Checker, distinct_actions};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Fix, Severity};
use playground_core::dialect::Dialect;
use playground_core::issue::abbreviated;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["unknown-action"],
        severity: r#"error (AWS, with a close match); warning (AWS: a retired action, or none close; RAM with a close match), suggestion (RAM without)"#,
        fires_when: r#"the service has no such action (`kms:ListAlias`); AWS actions its reference has dropped since an earlier scan are named as retired"#,
        fix: r#"the closest action (`kms:ListAliases`)"#,
        access_analyzer: &["INVALID_ACTION"],
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
        if service.contains(['*', '?']) || name.contains(['*', '?']) {
            continue;
        }
        let Some(svc) = cat.service(service) else { continue };
        if svc.action(name).is_some() {
            continue;
        }
        if let Some(retired) = cat.retired_action(text) {
            cx.report(
                Finding::new(
                    "unknown-action",
                    Severity::Warning,
                    format!(
                        "{} is a retired action: the AWS Service Authorization Reference lists it no longer (last in its scan of {}), so this entry matches nothing",
                        retired.name, retired.last_listed
                    ),
                    item.span,
                )
                .with_help("remove the entry, or replace it with the action that took its place"),
            );
            continue;
        }
        let suggestion = cat.did_you_mean_action(svc, name);
        let known = svc.actions.len();
        let (severity, source) = match cx.dialect {
            // Close to no action: the catalogue is a snapshot, and the action may be newer or
            // older than it (AWS's own policies name such actions); a close one is a typo.
            Dialect::Aws => (
                if suggestion.is_some() { Severity::Error } else { Severity::Warning },
                "the AWS Service Authorization Reference",
            ),
            Dialect::Aliyun => (
                if suggestion.is_some() { Severity::Warning } else { Severity::Suggestion },
                "the catalogue (SDK operations and documented RAM actions)",
            ),
        };
        let mut f = Finding::new(
            "unknown-action",
            severity,
            format!("\"{}\" is not an action of {} ({}), so it matches nothing", abbreviated(text), svc.key, svc.name),
            item.span,
        )
        .with_help(format!("{source} lists {known} {} actions", svc.key));
        if let Some(s) = suggestion {
            f.message = format!("{}: did you mean {s}?", f.message);
            f.fix = Some(Fix::replace_with_string(&s, item.span));
        } else if cx.dialect == Dialect::Aliyun {
            f = f.with_help(format!(
                "{source} lists {known} {} actions and is not complete: check the name against the service's RAM authorization page",
                svc.key
            ));
        }
        cx.report(f);
    }
}
