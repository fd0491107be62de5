//! `duplicate-action`: an action listed twice in one statement (case ignored).

use crate::model::Checker;
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::policy::{NameItem, Statement};
use playground_core::span::Span;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["duplicate-action"],
        severity: r#"suggestion"#,
        fires_when: r#"an action listed twice in one statement (case ignored)"#,
        fix: r#"delete the repeat and its comma"#,
        access_analyzer: &["REDUNDANT_ACTION"],
    },
    check: Check::Statement(check),
};

fn check(cx: &mut Checker<'_>, st: &Statement) {
    // A map, not a list: a statement may list tens of thousands of actions.
    let mut seen: HashMap<String, &NameItem> = HashMap::new();
    for (i, item) in st.body.action.items.iter().enumerate() {
        let text = item.text.trim();
        let first = match seen.entry(text.to_ascii_lowercase()) {
            Entry::Occupied(first) => *first.get(),
            Entry::Vacant(slot) => {
                slot.insert(item);
                continue;
            }
        };
        // The repeat and the comma before it.
        let previous = &st.body.action.items[i - 1];
        let span = Span {
            start: previous.span.end,
            line: previous.span.end_line,
            column: previous.span.end_column,
            ..item.span
        };
        let finding = Finding::new(
            "duplicate-action",
            Severity::Suggestion,
            format!(
                "{} lists \"{text}\" twice (first at line {}, column {}); the second adds nothing",
                st.body.action.element("Action"),
                st.absolute(first.span).line,
                st.absolute(first.span).column
            ),
            item.span,
        )
        .with_label(first.span, "first listed here")
        .with_fix("remove the repeated action", "", span);
        cx.report(finding);
    }
}
