//! `policy-too-large`: a document longer than the cloud's limit for its kind.

use crate::model::{Author, Checker, PolicyKind};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::Policy;
use playground_core::span::Span;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["policy-too-large"],
        severity: r#"error, warning or suggestion, by what is known of the policy's kind"#,
        fires_when: r#"longer than the cloud's limit for the policy's kind, counting characters without whitespace (AWS SCP: with it). AWS identity policy: over 6,144 an error for a customer managed policy; for one whose author is not known (a pasted document) a warning over 10,240 (the largest identity quota, a role's inline policies, which AWS managed policies may exceed) and a suggestion over 6,144; AWS managed policies over 10,240 a warning. AWS trust 2,048 (raisable to 4,096), session 2,048, SCP 5,120: errors; resource policy over 20,480 (most services' limit) a warning. RAM custom 6,144, control policy 4,096, session 2,048: errors (system policies are not checked)"#,
        fix: r#""#,
        access_analyzer: &[
            "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
            "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
            "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
        ],
    },
    check: Check::Policy(check),
};

/// One size limit: the length over which it is passed, whether whitespace counts, what it is
/// and how serious passing it is.
struct Limit {
    length: usize,
    whitespace: bool,
    what: &'static str,
    severity: Severity,
}

fn check(cx: &mut Checker<'_>, policy: &Policy) {
    let text = cx.source.get(policy.span.start..policy.span.end).unwrap_or(cx.source);
    // The tightest limit the policy passes, if any.
    let passed = limits(cx.dialect, cx.kind, cx.context.author)
        .into_iter()
        .map(|l| (policy_length(text, l.whitespace), l))
        .filter(|(length, l)| *length > l.length)
        .min_by_key(|(_, l)| l.severity);
    let Some((length, limit)) = passed else { return };
    cx.report(
        Finding::new(
            "policy-too-large",
            limit.severity,
            format!(
                "the policy is {length} characters long ({} statement(s)); the {} is {}",
                policy.statements.len(),
                limit.what,
                limit.length
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

/// The limits a policy may pass, by what is known of its kind and author.
fn limits(dialect: Dialect, kind: PolicyKind, author: Option<Author>) -> Vec<Limit> {
    let limit = |length, whitespace, what, severity| Limit { length, whitespace, what, severity };
    match (dialect, kind) {
        (Dialect::Aws, PolicyKind::Identity) => match author {
            Some(Author::Customer) => {
                vec![limit(6_144, false, "AWS customer managed policy quota (whitespace not counted)", Severity::Error)]
            }
            Some(Author::Cloud) => vec![limit(
                10_240,
                false,
                "largest AWS identity policy quota (a role's inline policies; AWS managed policies may exceed it, customer ones may not)",
                Severity::Warning,
            )],
            None => vec![
                limit(
                    10_240,
                    false,
                    "largest AWS identity policy quota, a role's inline policies (whitespace not counted; only AWS managed policies are larger)",
                    Severity::Warning,
                ),
                limit(
                    6_144,
                    false,
                    "AWS customer managed policy quota (whitespace not counted; a role's inline policies may have 10,240, AWS managed policies more)",
                    Severity::Suggestion,
                ),
            ],
        },
        (Dialect::Aws, PolicyKind::Trust) => {
            vec![limit(2_048, false, "AWS role trust policy default quota (raisable to 4,096)", Severity::Error)]
        }
        (Dialect::Aws, PolicyKind::Session) => {
            vec![limit(2_048, false, "AWS STS session policy limit", Severity::Error)]
        }
        (Dialect::Aws, PolicyKind::Control) => {
            vec![limit(5_120, true, "AWS SCP limit (every character counts)", Severity::Error)]
        }
        (Dialect::Aws, PolicyKind::Resource) => vec![limit(
            20_480,
            false,
            "resource policy limit of most AWS services (S3 buckets, SQS queues, Lambda functions, Secrets Manager; KMS key policies may have 32,768)",
            Severity::Warning,
        )],
        (Dialect::Aliyun, PolicyKind::Identity) if author == Some(Author::Cloud) => Vec::new(),
        (Dialect::Aliyun, PolicyKind::Identity) => {
            vec![limit(6_144, false, "RAM custom policy limit", Severity::Error)]
        }
        (Dialect::Aliyun, PolicyKind::Session) => {
            vec![limit(2_048, false, "RAM AssumeRole session policy limit", Severity::Error)]
        }
        (Dialect::Aliyun, PolicyKind::Control) => {
            vec![limit(4_096, false, "Resource Directory control policy limit", Severity::Error)]
        }
        (Dialect::Aliyun, PolicyKind::Trust | PolicyKind::Resource) => Vec::new(),
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
