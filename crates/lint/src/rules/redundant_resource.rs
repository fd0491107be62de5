//! `redundant-resource`: a resource that another resource of the same statement covers.

use crate::glob::PrefixIndex;
use crate::model::{Checker, item_deletion};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["redundant-resource"],
        severity: r#"suggestion"#,
        fires_when: r#"a resource that another resource of the same statement covers (`arn:aws:s3:::logs-*/*` next to `arn:aws:s3:::logs-*`, or a repeat; AWS), compared part by part"#,
        fix: r#"delete it and its comma"#,
        access_analyzer: &["REDUNDANT_RESOURCE"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    // Access Analyzer's check, for AWS documents.
    if cx.dialect != Dialect::Aws {
        return;
    }
    let Some(resources) = &st.body.resource else { return };
    let items = &resources.items;
    // The literal text before each pattern's first wildcard (or variable): a pattern covers only
    // names that start with it.
    let literal: Vec<&str> =
        items.iter().map(|i| &i.text[..i.text.find(['*', '?', '$']).unwrap_or(i.text.len())]).collect();
    let coverers = PrefixIndex::new(
        literal.iter().enumerate().filter(|(j, _)| !items[*j].text.contains("${")).map(|(j, l)| (j, *l)),
        items.len(),
    );
    let mut reported = vec![false; items.len()];
    let dialect = cx.dialect;
    for (i, item) in items.iter().enumerate() {
        let budget = &mut cx.budget;
        let Some(candidates) = coverers.candidates(&item.text, budget) else { break };
        let coverer = candidates.into_iter().map(|j| (j, &items[j])).find(|(j, other)| {
            *j != i
                && !reported[*j]
                && budget.resource_covers(&other.text, &item.text, dialect) == Some(true)
                // Two names that cover each other (a repeat): the later one is the redundant one.
                && !(*j > i && budget.resource_covers(&item.text, &other.text, dialect) != Some(false))
        });
        let Some((_, by)) = coverer else { continue };
        reported[i] = true;
        let message = if by.text == item.text {
            format!("{} lists \"{}\" twice; the second adds nothing", resources.element("Resource"), item.text)
        } else {
            format!(
                "\"{}\" adds nothing: \"{}\" in the same {} already covers it",
                item.text,
                by.text,
                resources.element("Resource")
            )
        };
        cx.report(
            Finding::new("redundant-resource", Severity::Suggestion, message, item.span)
                .with_label(by.span, "covers it")
                .with_fix("remove the redundant resource", "", item_deletion(items, i)),
        );
    }
}
