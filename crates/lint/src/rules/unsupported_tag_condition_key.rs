//! `allow-with-unsupported-tag-condition-key-for-service`,
//! `deny-with-unsupported-tag-condition-key-for-service`: a tag condition key (`aws:ResourceTag/...`,
//! `aws:RequestTag/...`, `aws:TagKeys`) on actions that never carry it, so the statement never
//! applies to them.

use crate::catalog::Catalog;
use crate::model::{Checker, narrows};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::{Condition, Effect, NameItem, Statement};

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &[
            "allow-with-unsupported-tag-condition-key-for-service",
            "deny-with-unsupported-tag-condition-key-for-service",
        ],
        severity: r#"suggestion (Allow), security warning (Deny)"#,
        fires_when: r#"a condition that needs `aws:ResourceTag/...`, `aws:RequestTag/...` or `aws:TagKeys` on actions whose requests never carry it (neither the action nor its resource types list it in the catalogue; AWS), so the statement never applies to them: an Allow that grants nothing, a Deny that stops nothing"#,
        fix: r#""#,
        access_analyzer: &[
            "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        ],
    },
    check: Check::Statement(check),
};

/// The global tag keys whose presence depends on the action.
fn is_tag_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("aws:resourcetag/") || key.starts_with("aws:requesttag/") || key == "aws:tagkeys"
}

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(cat) = cx.catalog else { return };
    if cx.dialect != Dialect::Aws || !cat.lists_action_keys() || st.body.action.negated {
        return;
    }
    // A condition that is false when the key is absent: the statement needs the key.
    for c in st.body.conditions.iter().filter(|c| is_tag_key(&c.key) && narrows(c)) {
        let unsupported: Vec<&NameItem> =
            st.body.action.items.iter().filter(|i| never_carries(cat, i.text.trim(), c)).collect();
        let Some(first) = unsupported.first() else { continue };
        let mut services: Vec<&str> =
            unsupported.iter().filter_map(|i| i.text.trim().split_once(':').map(|(s, _)| s)).collect();
        services.sort_unstable();
        services.dedup();
        let names: Vec<&str> = unsupported.iter().map(|i| i.text.trim()).take(3).collect();
        let more = if unsupported.len() > 3 { format!(" and {} more", unsupported.len() - 3) } else { String::new() };
        let (code, severity, outcome) = match st.body.effect {
            Effect::Allow => (
                "allow-with-unsupported-tag-condition-key-for-service",
                Severity::Suggestion,
                "this Allow grants them nothing",
            ),
            Effect::Deny => (
                "deny-with-unsupported-tag-condition-key-for-service",
                Severity::SecurityWarning,
                "this Deny never stops them",
            ),
        };
        cx.report(
            Finding::new(
                code,
                severity,
                format!(
                    "requests for {}{more} ({}) never carry {}, so the condition on it is never true and {outcome}",
                    names.join(", "),
                    services.join(", "),
                    c.key
                ),
                first.span,
            )
            .with_label(c.span, "needs this key")
            .with_help("move these actions to a statement of their own, with a condition they support"),
        );
    }
}

/// Whether no action an item names carries the key of `c` (an action the catalogue does not know
/// is left to the other rules).
fn never_carries(cat: &Catalog, item: &str, c: &Condition) -> bool {
    let matched = cat.matching_actions(item);
    !matched.is_empty() && matched.iter().all(|(s, a)| !cat.action_keys(s, a).iter().any(|k| k.matches(&c.key)))
}
