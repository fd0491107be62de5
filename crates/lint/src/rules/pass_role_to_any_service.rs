//! `pass-role-to-any-service`: `iam:PassRole` / `ram:PassRole` on every role without a condition
//! on the service it is passed to.

use crate::model::{Author, Checker, PolicyKind, grants_action, narrows};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::{Effect, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["pass-role-to-any-service"],
        severity: r#"security warning"#,
        fires_when: r#"Allow `iam:PassRole` (AWS: also in a wildcard such as `"*"` or a `NotAction`, except in the cloud's own policies of a scenario) / `ram:PassRole` on every role without a condition that names the service it is passed to (`iam:PassedToService`, not `...IfExists`, without wildcards; or `iam:AssociatedResourceArn`) / `acs:Service`; not in control policies, which grant nothing"#,
        fix: r#""#,
        access_analyzer: &["PASS_ROLE_WITH_STAR_IN_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    // A control policy grants nothing; it only bounds what others grant.
    if st.body.effect != Effect::Allow || cx.kind == PolicyKind::Control {
        return;
    }
    let all = match &st.body.resource {
        None => false,
        Some(r) => {
            !r.negated && r.items.iter().any(|i| i.text == "*" || i.text.ends_with(":*") || i.text.ends_with(":role/*"))
        }
    };
    if !all {
        return;
    }
    let (span, what, service_key) = match cx.dialect {
        Dialect::Aws => {
            if !grants_action(st, "iam:passrole") {
                return;
            }
            // A condition on the service the role goes to, or on the resource it is passed for.
            let pinned = st.body.conditions.iter().any(|c| {
                (c.key.eq_ignore_ascii_case("iam:PassedToService") && narrows(c))
                    || (c.key.eq_ignore_ascii_case("iam:AssociatedResourceArn")
                        && !c.operator.base.is_negated()
                        && !c.operator.if_exists)
            });
            if pinned {
                return;
            }
            let named = st.body.action.items.iter().find(|i| i.text.trim().eq_ignore_ascii_case("iam:PassRole"));
            let by_pattern = st.body.action.items.iter().find(|i| i.pattern.matches("iam:passrole"));
            // The cloud's own policies (AdministratorAccess) grant everything by design, and the
            // customer cannot change them: only a PassRole they name is reported.
            if named.is_none() && cx.context.author == Some(Author::Cloud) {
                return;
            }
            match (st.body.action.negated, named, by_pattern) {
                (false, Some(item), _) => (item.span, item.text.trim().to_string(), "iam:PassedToService"),
                (false, None, Some(item)) => (
                    item.span,
                    format!("\"{}\" (which includes iam:PassRole)", item.text.trim()),
                    "iam:PassedToService",
                ),
                _ => {
                    (st.body.action.span, "NotAction, which leaves iam:PassRole in,".to_string(), "iam:PassedToService")
                }
            }
        }
        Dialect::Aliyun => {
            if st.body.action.negated || st.body.conditions.iter().any(|c| c.key.eq_ignore_ascii_case("acs:Service")) {
                return;
            }
            let Some(item) =
                st.body.action.items.iter().find(|i| {
                    i.text.trim().to_ascii_lowercase().starts_with("ram:") && i.pattern.matches("ram:passrole")
                })
            else {
                return;
            };
            (item.span, item.text.trim().to_string(), "acs:Service")
        }
    };
    cx.report(
        Finding::new(
            "pass-role-to-any-service",
            Severity::SecurityWarning,
            format!(
                "{what} on every role without an {service_key} condition lets the caller hand any role, with all its permissions, to any service"
            ),
            span,
        )
        .with_help(format!(
            "name the roles in Resource, and add \"Condition\": {{\"StringEquals\": {{\"{service_key}\": \"<service>\"}}}}"
        )),
    );
}
