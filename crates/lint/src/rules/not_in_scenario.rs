//! `region-not-in-scenario`, `account-not-in-scenario`: a resource name whose literal region or
//! account the scenario does not have.

use super::malformed_arn;
use crate::catalog;
use crate::model::{Checker, has_wildcard_or_variable};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Fix, Severity, json_string};
use playground_core::dialect::Dialect;
use playground_core::issue::did_you_mean;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["region-not-in-scenario", "account-not-in-scenario"],
        severity: r#"warning"#,
        fires_when: r#"a literal region or account that the scenario's resources and accounts do not have"#,
        fix: r#"the closest account"#,
        access_analyzer: &[],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(resources) = &st.body.resource else { return };
    let context = cx.context;
    for item in resources.items.iter().filter(|i| i.text != "*") {
        let text = item.text.as_str();
        let Ok(name) = malformed_arn::parse(text, cx.dialect) else { continue };
        let (region, account) = (name.region, name.account);
        // A region that is no region of the cloud is unknown-region's.
        if !region.is_empty()
            && !has_wildcard_or_variable(region)
            && catalog::regions(cx.dialect).contains(&region)
            && !context.regions.is_empty()
            && !context.regions.iter().any(|r| r == region)
        {
            cx.report(Finding::new(
                "region-not-in-scenario",
                Severity::Warning,
                format!(
                    "\"{text}\" names region {region}, but the scenario's resources are in {}: it matches none of them",
                    context.regions.join(", ")
                ),
                item.span,
            ));
        }
        // `aws` owns AWS's own resources (managed policies, ...): no account of a scenario.
        let aws_owned = cx.dialect == Dialect::Aws && account == "aws";
        if !account.is_empty()
            && !has_wildcard_or_variable(account)
            && !aws_owned
            && !context.accounts.is_empty()
            && !context.accounts.iter().any(|a| a == account)
        {
            let mut f = Finding::new(
                "account-not-in-scenario",
                Severity::Warning,
                format!("\"{text}\" names account {account}, which is not an account of the scenario"),
                item.span,
            );
            if let Some(s) = did_you_mean(account, context.accounts.iter().map(String::as_str)) {
                let fixed = text.replacen(account, s, 1);
                f.message = format!("{}: did you mean {s}?", f.message);
                f.fix = Some(Fix::new(format!("use account {s}"), json_string(&fixed), item.span));
            }
            cx.report(f);
        }
    }
}
