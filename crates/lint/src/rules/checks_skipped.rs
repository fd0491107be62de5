//! `checks-skipped`: checks that a budget made the rules leave out, so that a policy built to be
//! expensive is answered in bounded time and says what it did not check.

use crate::glob::COMPARISON_BUDGET;
use crate::model::{Checker, SkippedCheck};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::policy::Policy;
use playground_core::span::Span;

/// The rule; it runs after every other policy rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["checks-skipped"],
        severity: r#"note"#,
        fires_when: r#"a check was skipped to keep checking bounded: redundancy between statements above 500 statements, or comparisons of patterns with patterns beyond 50,000,000 character pairs per policy (names of tens of thousands of characters); see docs/limits.md"#,
        fix: r#""#,
        access_analyzer: &[],
    },
    check: Check::Policy(check),
};

fn check(cx: &mut Checker<'_>, policy: &Policy) {
    let at = Span {
        end: policy.span.start + 1,
        end_line: policy.span.line,
        end_column: policy.span.column + 1,
        ..policy.span
    };
    let mut messages: Vec<String> = cx
        .skipped
        .iter()
        .map(|s| match s {
            SkippedCheck::RedundantStatements { statements, limit } => format!(
                "redundancy checks skipped above {limit} statements: the policy has {statements}, and comparing every pair would take too long"
            ),
        })
        .collect();
    if let Some(longest) = cx.budget.skipped_longest {
        messages.push(format!(
            "overlap checks skipped for names over the comparison budget: comparing patterns of up to {longest} characters with each other would take more than {COMPARISON_BUDGET} steps, so some redundant or overlapping names may not be reported"
        ));
    }
    if let Some(names) = cx.budget.skipped_list {
        messages.push(format!(
            "overlap checks stopped early: pairing the {names} names of one list with each other would take more than {COMPARISON_BUDGET} steps, so some redundant names may not be reported"
        ));
    }
    for message in messages {
        cx.report(
            Finding::new("checks-skipped", Severity::Note, message, at).with_help(
                "split the policy, or shorten its longest names, to have every check run (see docs/limits.md)",
            ),
        );
    }
}
