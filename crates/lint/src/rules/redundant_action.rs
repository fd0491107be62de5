//! `redundant-action`: an action that another action pattern of the same statement covers.

use crate::glob::PrefixIndex;
use crate::model::{Checker, item_deletion};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["redundant-action"],
        severity: r#"suggestion"#,
        fires_when: r#"an action that another action pattern of the same statement covers (`ses:ListDedicatedIpPools` next to `ses:List*`; AWS); a repeat is `duplicate-action`"#,
        fix: r#"delete it and its comma"#,
        access_analyzer: &["REDUNDANT_ACTION"],
    },
    check: Check::Statement(check),
};

/// An action pattern read for comparing: lower case, its service part and the literal text
/// before its first wildcard.
struct Name {
    text: String,
    literal: usize,
    wildcard: bool,
}

fn check(cx: &mut Checker<'_>, st: &Statement) {
    // Access Analyzer's check, for AWS documents.
    if cx.dialect != Dialect::Aws {
        return;
    }
    let items = &st.body.action.items;
    let names: Vec<Name> = items
        .iter()
        .map(|i| {
            let text = i.text.trim().to_ascii_lowercase();
            let literal = text.find(['*', '?']).unwrap_or(text.len());
            Name { wildcard: literal < text.len(), literal, text }
        })
        .collect();
    // Only a pattern whose literal text starts a name can cover it.
    let wildcards = PrefixIndex::new(
        names.iter().enumerate().filter(|(_, n)| n.wildcard).map(|(j, n)| (j, &n.text[..n.literal])),
        names.len(),
    );
    let mut reported = vec![false; items.len()];
    for (i, name) in names.iter().enumerate() {
        let budget = &mut cx.budget;
        let Some(candidates) = wildcards.candidates(&name.text, budget) else { break };
        let coverer = candidates.into_iter().map(|j| (j, &names[j])).find(|(j, other)| {
            *j != i
                && !reported[*j]
                && other.text != name.text
                && budget.covers(&other.text, &name.text) == Some(true)
                // Two patterns that cover each other: the later one is the redundant one.
                && !(*j > i && budget.covers(&name.text, &other.text) != Some(false))
        });
        let Some((j, _)) = coverer else { continue };
        reported[i] = true;
        let (item, by) = (&items[i], &items[j]);
        cx.report(
            Finding::new(
                "redundant-action",
                Severity::Suggestion,
                format!(
                    "\"{}\" adds nothing: \"{}\" in the same {} already covers it",
                    item.text.trim(),
                    by.text.trim(),
                    st.body.action.element("Action")
                ),
                item.span,
            )
            .with_label(by.span, "covers it")
            .with_fix("remove the redundant action", "", item_deletion(items, i)),
        );
    }
}
