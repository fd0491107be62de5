//! `wildcard-matches-nothing`: an action pattern that matches no catalogued action.

use crate::model::{Checker, distinct_actions};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::issue::abbreviated;
use playground_core::policy::{NameItem, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["wildcard-matches-nothing"],
        severity: r#"warning (AWS), suggestion (RAM)"#,
        fires_when: r#"`s3:Gett*` matches no catalogued action"#,
        fix: r#""#,
        access_analyzer: &[],
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
        let matches_nothing = if service.contains(['*', '?']) {
            cat.matching_actions(text).is_empty()
        } else {
            // An unknown service is reported by unknown-service.
            let Some(svc) = cat.service(service) else { continue };
            name.contains(['*', '?']) && svc.matching_actions(name).next().is_none()
        };
        if matches_nothing {
            report(cx, text, item);
        }
    }
}

fn report(cx: &mut Checker<'_>, text: &str, item: &NameItem) {
    let severity = match cx.dialect {
        Dialect::Aws => Severity::Warning,
        Dialect::Aliyun => Severity::Suggestion,
    };
    cx.report(
        Finding::new(
            "wildcard-matches-nothing",
            severity,
            format!(
                "\"{}\" matches no action in the {} catalogue, so it grants or denies nothing",
                abbreviated(text),
                cx.dialect.cloud()
            ),
            item.span,
        )
        .with_help("check the spelling of the part before the *; the request builder suggests action names"),
    );
}
