//! `resource-type-mismatch`: an action that acts on none of the statement's resources, or a
//! resource that no action of the statement acts on (per the catalogue's resource types).
//!
//! The cloud references are incomplete (many AWS actions list no resource type, though they take
//! some), so most of these are suggestions; a warning only when the whole statement can never
//! apply: every action lists the resource types of its own service it acts on, and none of them
//! is one of the statement's resources.

use super::malformed_arn;
use crate::catalog;
use crate::glob::{arns_intersect, resource_service, service_pattern_matches};
use crate::model::Checker;
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::policy::{NameItem, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["resource-type-mismatch"],
        severity: r#"warning when the statement can never apply (every action lists the resource types of its own service it acts on, and none is one of the statement's resources), else suggestion"#,
        fires_when: r#"an action acts on none of the statement's resources (per the catalogue's resource types: `s3:GetObject` on a bucket ARN, `s3:ListAllMyBuckets` on anything but `*`), or a resource that no action of the statement acts on"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    let Some(all) = &st.body.resource else { return };
    if all.negated || st.body.action.negated {
        return;
    }
    // The resource names that read (malformed ones are malformed-arn's).
    let readable: Vec<&NameItem> =
        all.items.iter().filter(|i| i.text != "*" && malformed_arn::parse(&i.text, cx.dialect).is_ok()).collect();
    if all.items.iter().any(|i| i.text == "*") || st.body.action.items.iter().any(|i| i.text.trim() == "*") {
        return;
    }
    let globs: Vec<String> = all.items.iter().map(|i| catalog::variables_as_stars(&i.text)).collect();
    let mut usable: Vec<bool> = vec![false; all.items.len()];
    let mut unknown_types = false;
    let mut unknown_action = false;
    // Whether every action lists the resource types it acts on (so a mismatch is certain).
    let mut all_documented = true;
    let mut found: Vec<Finding> = Vec::new();
    for item in &st.body.action.items {
        let text = item.text.trim();
        let matched = cat.matching_actions(text);
        if matched.is_empty() {
            unknown_action = true; // unknown actions are reported on their own
            continue;
        }
        let mut fits_any = false;
        let mut formats: Vec<String> = Vec::new();
        for (svc, action) in &matched {
            if action.resource_types.is_empty() {
                all_documented = false;
                if !cat.complete_resource_types {
                    // Not documented: any resource of the action's own service may fit.
                    unknown_types = true;
                    for (i, g) in globs.iter().enumerate() {
                        if resource_service(g, cx.dialect)
                            .is_some_and(|s| s.eq_ignore_ascii_case(&svc.key) || s.contains('*'))
                        {
                            usable[i] = true;
                            fits_any = true;
                        }
                    }
                }
                continue;
            }
            for r in &action.resource_types {
                let Some((_, rt)) = cat.resource_type(*r) else { continue };
                let template = rt.glob();
                // Another service's resources (WAF's web ACL on a load balancer): the reference
                // describes such links less completely.
                if resource_service(&template, cx.dialect).is_none_or(|s| !s.eq_ignore_ascii_case(&svc.key)) {
                    all_documented = false;
                }
                for (i, g) in globs.iter().enumerate() {
                    if arns_intersect(g, &template, cx.dialect) {
                        usable[i] = true;
                        fits_any = true;
                    }
                }
                if formats.len() < 3 && !formats.iter().any(|f| f.starts_with(&format!("{} ", rt.name))) {
                    formats.push(format!("{} ({})", rt.name, rt.arn));
                }
            }
        }
        if fits_any || text.contains(['*', '?']) {
            continue;
        }
        let Some((_, action)) = matched.first() else { continue };
        if action.resource_types.is_empty() && !cat.complete_resource_types {
            continue;
        }
        let message = if action.resource_types.is_empty() {
            format!(
                "{text} acts on no resource type: the reference says it takes only \"Resource\": \"*\", so this statement never applies to it"
            )
        } else {
            format!(
                "{text} acts on {}; no resource of this statement is one, so this statement never applies to it",
                formats.join(", ")
            )
        };
        found.push(Finding::new("resource-type-mismatch", Severity::Suggestion, message, item.span));
    }
    if !unknown_action {
        let is_readable = |item: &NameItem| readable.iter().any(|r| std::ptr::eq(*r, item));
        for (i, item) in all.items.iter().enumerate() {
            if usable[i] || !is_readable(item) {
                continue;
            }
            let service = resource_service(&globs[i], cx.dialect).unwrap_or_default();
            if unknown_types && !cat.complete_resource_types {
                // Alibaba Cloud: resource names can only be checked against documented types.
                let names_service = st
                    .body
                    .action
                    .items
                    .iter()
                    .any(|a| a.text.split_once(':').is_some_and(|(s, _)| service_pattern_matches(s, &service)));
                if names_service {
                    continue;
                }
            }
            found.push(unused_resource(item, &service));
        }
    }
    // The statement can never apply: no resource is one any action acts on, and every action
    // says what it acts on.
    let dead = all_documented && !unknown_action && !usable.iter().any(|u| *u);
    for mut f in found {
        if dead {
            f.severity = Severity::Warning;
            f = f.with_help("the statement can never apply: every action lists the resource types it acts on, and none of its resources is one");
        } else {
            f = f.with_help(
                "the Service Authorization Reference does not list every resource type an action takes: check the action's documentation before removing anything",
            );
        }
        cx.report(f);
    }
}

fn unused_resource(item: &NameItem, service: &str) -> Finding {
    Finding::new(
        "resource-type-mismatch",
        Severity::Suggestion,
        format!(
            "no action of this statement acts on \"{}\"{}; it has no effect here",
            item.text,
            if service.is_empty() { String::new() } else { format!(" (a resource of {service})") }
        ),
        item.span,
    )
}
