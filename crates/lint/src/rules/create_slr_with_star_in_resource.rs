//! `create-slr-with-star-in-resource`: `iam:CreateServiceLinkedRole` on every role without a
//! condition that names the services.

use crate::glob::resource_covers;
use crate::model::{Author, Checker, PolicyKind, grants_action, narrows};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::{Effect, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["create-slr-with-star-in-resource"],
        severity: r#"warning"#,
        fires_when: r#"Allow `iam:CreateServiceLinkedRole` (named, or in a wildcard or `NotAction`, except in the cloud's own policies of a scenario) on every service-linked role (`"*"`) without an `iam:AWSServiceName` condition that names the services (AWS); not in control policies"#,
        fix: r#""#,
        access_analyzer: &["CREATE_SLR_WITH_STAR_IN_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    // A control policy grants nothing; it only bounds what others grant.
    if cx.dialect != Dialect::Aws
        || st.body.effect != Effect::Allow
        || cx.kind == PolicyKind::Control
        || !grants_action(st, "iam:createservicelinkedrole")
    {
        return;
    }
    let Some(resources) = st.body.resource.as_ref().filter(|r| !r.negated) else { return };
    let every = resources.items.iter().any(|i| {
        let partition = i.text.split(':').nth(1).unwrap_or("aws");
        resource_covers(&i.text, &format!("arn:{partition}:iam::*:role/aws-service-role/*"), Dialect::Aws)
    });
    let named = st.body.conditions.iter().any(|c| c.key.eq_ignore_ascii_case("iam:AWSServiceName") && narrows(c));
    if !every || named {
        return;
    }
    let explicit = (!st.body.action.negated)
        .then(|| {
            st.body.action.items.iter().find(|i| i.text.trim().eq_ignore_ascii_case("iam:CreateServiceLinkedRole"))
        })
        .flatten();
    // The cloud's own policies (AdministratorAccess) grant everything by design, and the customer
    // cannot change them: only an action they name is reported.
    if explicit.is_none() && cx.context.author == Some(Author::Cloud) {
        return;
    }
    let (span, what) = match explicit {
        Some(item) => (item.span, "iam:CreateServiceLinkedRole".to_string()),
        None => {
            let by = st.body.action.items.iter().find(|i| i.pattern.matches("iam:createservicelinkedrole"));
            match by {
                Some(item) => {
                    (item.span, format!("\"{}\" (which includes iam:CreateServiceLinkedRole)", item.text.trim()))
                }
                None => (st.body.action.span, "NotAction, which leaves iam:CreateServiceLinkedRole in,".to_string()),
            }
        }
    };
    cx.report(
        Finding::new(
            "create-slr-with-star-in-resource",
            Severity::Warning,
            format!(
                "{what} on every service-linked role without an iam:AWSServiceName condition: the caller can create the service-linked role of any service, which that service then uses with the permissions AWS gives it"
            ),
            span,
        )
        .with_help(
            "name the roles (arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/...) in Resource, or add \"Condition\": {\"StringEquals\": {\"iam:AWSServiceName\": \"SERVICE.amazonaws.com\"}}",
        ),
    );
}
