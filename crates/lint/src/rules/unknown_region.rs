//! `unknown-region`: a region that is not one of the cloud's.

use super::malformed_arn;
use crate::catalog;
use crate::model::{Checker, has_wildcard_or_variable};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Fix, Severity, json_string};
use playground_core::issue::abbreviated;
use playground_core::issue::did_you_mean;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["unknown-region"],
        severity: r#"warning"#,
        fires_when: r#"a region that is not one of the cloud's"#,
        fix: r#"the closest region"#,
        access_analyzer: &["INVALID_REGION", "INVALID_ARN_REGION"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(resources) = &st.body.resource else { return };
    for item in resources.items.iter().filter(|i| i.text != "*") {
        let text = item.text.as_str();
        let Ok(name) = malformed_arn::parse(text, cx.dialect) else { continue };
        let region = name.region;
        let regions = catalog::regions(cx.dialect);
        if region.is_empty() || has_wildcard_or_variable(region) || regions.contains(&region) {
            continue;
        }
        let mut f = Finding::new(
            "unknown-region",
            Severity::Warning,
            format!(
                "\"{}\" is not a {} region, so \"{}\" matches nothing",
                abbreviated(region),
                cx.dialect.cloud(),
                abbreviated(text)
            ),
            item.span,
        );
        if let Some(s) = did_you_mean(region, regions.iter().copied()) {
            let fixed = text.replacen(&format!(":{region}:"), &format!(":{s}:"), 1);
            f.message = format!("{}: did you mean {s}?", f.message);
            f.fix = Some(Fix::new(format!("use {s}"), json_string(&fixed), item.span));
        }
        cx.report(f);
    }
}
