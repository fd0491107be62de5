//! `redundant-statement`: a statement that another statement of the same effect covers.

use crate::glob::glob_covers;
use crate::model::Checker;
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

fn check(cx: &mut Checker<'_>, policy: &Policy) {
    let statements = &policy.statements;
    let mut reported: HashSet<usize> = HashSet::new();
    for (i, a) in statements.iter().enumerate() {
        for (j, b) in statements.iter().enumerate() {
            if i == j || reported.contains(&j) || !covers(b, a, cx.dialect) {
                continue;
            }
            // Identical statements: report the later one only.
            if covers(a, b, cx.dialect) && i < j {
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

/// Whether statement `b` allows (or denies) everything statement `a` does.
fn covers(b: &Statement, a: &Statement, dialect: Dialect) -> bool {
    if a.body.effect != b.body.effect || a.body.action.negated || b.body.action.negated {
        return false;
    }
    let lower = |s: &str| {
        let t = if dialect == Dialect::Aliyun { s.trim() } else { s };
        t.to_ascii_lowercase()
    };
    let actions = a
        .body
        .action
        .items
        .iter()
        .all(|x| b.body.action.items.iter().any(|y| glob_covers(&lower(&y.text), &lower(&x.text))));
    let resources = match (&a.body.resource, &b.body.resource) {
        (None, None) => true,
        (Some(ra), Some(rb)) if !ra.negated && !rb.negated => {
            ra.items.iter().all(|x| rb.items.iter().any(|y| glob_covers(&y.text, &x.text)))
        }
        _ => false,
    };
    let principals = match (&a.body.principal, &b.body.principal) {
        (None, None) => true,
        (Some(pa), Some(pb)) if !pa.negated && !pb.negated => {
            pb.entries.iter().any(|e| e.kind == "*" || e.value == "*")
                || pa.entries.iter().all(|x| pb.entries.iter().any(|y| y.kind == x.kind && y.value == x.value))
        }
        _ => false,
    };
    let conditions = b.body.conditions.iter().all(|cb| {
        a.body.conditions.iter().any(|ca| {
            ca.key_lower == cb.key_lower
                && ca.operator == cb.operator
                && ca.values.iter().map(|v| &v.text).collect::<HashSet<_>>()
                    == cb.values.iter().map(|v| &v.text).collect::<HashSet<_>>()
        })
    });
    actions && resources && principals && conditions
}
