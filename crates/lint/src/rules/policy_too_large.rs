//! `policy-too-large`: a document longer than the cloud's limit for its kind.

use crate::model::{Checker, PolicyKind};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::Policy;
use playground_core::span::Span;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["policy-too-large"],
        severity: r#"error"#,
        fires_when: r#"longer than the cloud's limit for the policy's kind: AWS managed 6,144 and trust 2,048 characters without whitespace, SCP 5,120 with it, session 2,048; RAM custom 6,144, control policy 4,096, session 2,048"#,
        fix: r#""#,
    },
    check: Check::Policy(check),
};

fn check(cx: &mut Checker<'_>, policy: &Policy) {
    let Some((limit, whitespace, what)) = size_limit(cx.dialect, cx.kind) else { return };
    let text = cx.source.get(policy.span.start..policy.span.end).unwrap_or(cx.source);
    let length = policy_length(text, whitespace);
    if length <= limit {
        return;
    }
    cx.report(
        Finding::new(
            "policy-too-large",
            Severity::Error,
            format!(
                "the policy is {length} characters long ({} statement(s)); the {what} is {limit}",
                policy.statements.len()
            ),
            Span {
                end: policy.span.start + 1,
                end_line: policy.span.line,
                end_column: policy.span.column + 1,
                ..policy.span
            },
        )
        .with_help("split it into several policies, or merge statements that share Effect, Resource and Condition"),
    );
}

/// Document size limits: (limit, whitespace counts, source).
fn size_limit(dialect: Dialect, kind: PolicyKind) -> Option<(usize, bool, &'static str)> {
    match (dialect, kind) {
        (Dialect::Aws, PolicyKind::Identity) => {
            Some((6_144, false, "AWS managed policy quota (whitespace not counted)"))
        }
        (Dialect::Aws, PolicyKind::Trust) => {
            Some((2_048, false, "AWS role trust policy default quota (raisable to 4,096)"))
        }
        (Dialect::Aws, PolicyKind::Session) => Some((2_048, false, "AWS STS session policy limit")),
        (Dialect::Aws, PolicyKind::Control) => Some((5_120, true, "AWS SCP limit (every character counts)")),
        (Dialect::Aws, PolicyKind::Resource) => None,
        (Dialect::Aliyun, PolicyKind::Identity) => Some((6_144, false, "RAM custom policy limit")),
        (Dialect::Aliyun, PolicyKind::Session) => Some((2_048, false, "RAM AssumeRole session policy limit")),
        (Dialect::Aliyun, PolicyKind::Control) => Some((4_096, false, "Resource Directory control policy limit")),
        (Dialect::Aliyun, PolicyKind::Trust | PolicyKind::Resource) => None,
    }
}

/// Characters of `text`, not counting whitespace outside strings unless `whitespace` is set.
fn policy_length(text: &str, whitespace: bool) -> usize {
    if whitespace {
        return text.chars().count();
    }
    let (mut count, mut in_string, mut escaped) = (0, false, false);
    for c in text.chars() {
        if in_string {
            count += 1;
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
        } else if !c.is_whitespace() {
            count += 1;
            in_string = c == '"';
        }
    }
    count
}
