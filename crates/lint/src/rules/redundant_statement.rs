//! `redundant-statement`: a statement that another statement of the same effect covers.

use crate::glob::ComparisonBudget;
use crate::model::{Checker, SkippedCheck};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::{Effect, Policy, Statement};
use playground_core::span::Span;
use std::collections::HashSet;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["redundant-statement"],
        severity: r#"suggestion"#,
        fires_when: r#"another statement with the same effect covers every action, resource and principal, with a subset of its conditions"#,
        fix: r#"delete the statement"#,
        access_analyzer: &["REDUNDANT_STATEMENT"],
    },
    check: Check::Policy(check),
};

/// Statements are compared pairwise only up to this many per policy; above it the rule is
/// skipped with a `checks-skipped` note. Chosen for the page, where checks run on its thread:
/// 2,000 statements (2 million pairs) took 0.29 s natively and 1.8 s in the page; 500 take a
/// sixteenth of that. A cloud's size quota fits far fewer statements in one policy.
pub const MAX_STATEMENTS: usize = 500;

fn check(cx: &mut Checker<'_>, policy: &Policy) {
    let statements = &policy.statements;
    if statements.len() > MAX_STATEMENTS {
        cx.skipped.push(SkippedCheck::RedundantStatements { statements: statements.len(), limit: MAX_STATEMENTS });
        return;
    }
    // Action names as compared, read once rather than once per pair.
    let actions: Vec<Vec<String>> = statements
        .iter()
        .map(|s| {
            let lower = |t: &str| if cx.dialect == Dialect::Aliyun { t.trim() } else { t }.to_ascii_lowercase();
            s.body.action.items.iter().map(|i| lower(&i.text)).collect()
        })
        .collect();
    let mut reported: HashSet<usize> = HashSet::new();
    for (i, a) in statements.iter().enumerate() {
        for (j, b) in statements.iter().enumerate() {
            if i == j
                || reported.contains(&j)
                || covers((b, &actions[j]), (a, &actions[i]), &mut cx.budget) != Some(true)
            {
                continue;
            }
            // Identical statements: report the later one only (and nothing when unsure).
            if i < j && covers((a, &actions[i]), (b, &actions[j]), &mut cx.budget) != Some(false) {
                continue;
            }
            reported.insert(i);
            // The statement and the comma before it (after it, for the first statement).
            let span = if i > 0 {
                let prev = &statements[i - 1].span;
                Span { start: prev.end, line: prev.end_line, column: prev.end_column, ..a.span }
            } else if let Some(next) = statements.get(1) {
                Span { end: next.span.start, end_line: next.span.line, end_column: next.span.column, ..a.span }
            } else {
                a.span
            };
            let finding = Finding::new(
                "redundant-statement",
                Severity::Suggestion,
                format!(
                    "{} adds nothing: {} already {} every action on every resource it names{}",
                    a.label(),
                    b.label(),
                    if a.body.effect == Effect::Allow { "allows" } else { "denies" },
                    if b.body.conditions.is_empty() { "" } else { ", under the same conditions" }
                ),
                Span { end: a.span.start + 1, end_line: a.span.line, end_column: a.span.column + 1, ..a.span },
            )
            .with_label(
                Span { end: b.span.start + 1, end_line: b.span.line, end_column: b.span.column + 1, ..b.span },
                "the statement that covers it",
            )
            .with_fix(format!("remove {}", a.label()), "", span);
            cx.report(finding);
            break;
        }
    }
}

/// Whether statement `b` allows (or denies) everything statement `a` does (each with its
/// action names as compared); `None` when the budget did not allow the comparison. The cheap
/// parts are compared first: most pairs differ there.
fn covers(
    (b, b_actions): (&Statement, &[String]),
    (a, a_actions): (&Statement, &[String]),
    budget: &mut ComparisonBudget,
) -> Option<bool> {
    if a.body.effect != b.body.effect || a.body.action.negated || b.body.action.negated {
        return Some(false);
    }
    let principals = match (&a.body.principal, &b.body.principal) {
        (None, None) => true,
        (Some(pa), Some(pb)) if !pa.negated && !pb.negated => {
            pb.entries.iter().any(|e| e.kind == "*" || e.value == "*")
                || pa.entries.iter().all(|x| pb.entries.iter().any(|y| y.kind == x.kind && y.value == x.value))
        }
        _ => false,
    };
    let conditions = || {
        b.body.conditions.iter().all(|cb| {
            a.body.conditions.iter().any(|ca| {
                ca.key_lower == cb.key_lower
                    && ca.operator == cb.operator
                    && ca.values.iter().map(|v| &v.text).collect::<HashSet<_>>()
                        == cb.values.iter().map(|v| &v.text).collect::<HashSet<_>>()
            })
        })
    };
    if !principals || !conditions() {
        return Some(false);
    }
    // Each name of `a` needs a covering name in `b`; a skipped comparison leaves it unknown.
    fn all_covered<'n>(
        names: impl Iterator<Item = &'n str>,
        by: &[&str],
        budget: &mut ComparisonBudget,
    ) -> Option<bool> {
        let mut answer = Some(true);
        for x in names {
            let mut found = Some(false);
            for y in by {
                match budget.covers(y, x) {
                    Some(true) => {
                        found = Some(true);
                        break;
                    }
                    None => found = None,
                    Some(false) => {}
                }
            }
            match found {
                Some(false) => return Some(false),
                None => answer = None,
                Some(true) => {}
            }
        }
        answer
    }
    let b_actions: Vec<&str> = b_actions.iter().map(String::as_str).collect();
    let actions = all_covered(a_actions.iter().map(String::as_str), &b_actions, budget)?;
    if !actions {
        return Some(false);
    }
    match (&a.body.resource, &b.body.resource) {
        (None, None) => Some(true),
        (Some(ra), Some(rb)) if !ra.negated && !rb.negated => {
            let by: Vec<&str> = rb.items.iter().map(|i| i.text.as_str()).collect();
            all_covered(ra.items.iter().map(|i| i.text.as_str()), &by, budget)
        }
        _ => Some(false),
    }
}
