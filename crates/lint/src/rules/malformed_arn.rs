//! `malformed-arn`: a resource name that is not in the dialect's form. The reading of a resource
//! name into its parts ([`parse`]) is shared with the rules that look at its region and account.

use crate::model::{Checker, has_wildcard_or_variable};
use crate::rule::{Check, Rule, RuleDoc};
use playground_core::diagnostic::{Finding, Severity};
use playground_core::dialect::Dialect;
use playground_core::policy::Statement;

/// The rule.
pub const RULE: Rule = Rule {
    doc: RuleDoc {
        codes: &["malformed-arn"],
        severity: r#"error (AWS), warning (RAM)"#,
        fires_when: r#"a resource name not in the dialect's `arn:partition:service:region:account:resource` / `acs:service:region:account:resource` form, a bad partition or account id (AWS: 12 digits, or `aws` for resources AWS owns)"#,
        fix: r#""#,
        access_analyzer: &["INVALID_ARN_ACCOUNT", "INVALID_ARN_PREFIX", "INVALID_PARTITION", "MISSING_ARN_FIELD"],
    },
    check: Check::Statement(check),
};

/// A resource name read into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceName<'t> {
    /// The service (`s3`, `ecs`).
    pub service: &'t str,
    /// The region (may be empty).
    pub region: &'t str,
    /// The account (may be empty).
    pub account: &'t str,
    /// The resource part (`bucket/*`, `instance/i-1`).
    pub resource: &'t str,
}

/// Why a resource name is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArnProblem {
    /// It starts with the other cloud's prefix (`acs:` in AWS, `arn:` in RAM).
    OtherCloud,
    /// It starts with neither prefix.
    NotAName,
    /// Fewer `:`-separated parts than the form has.
    TooFewParts {
        /// How many it has.
        parts: usize,
    },
    /// An AWS partition that does not exist.
    UnknownPartition {
        /// The partition as written.
        partition: String,
    },
    /// No service.
    EmptyService,
    /// No resource part.
    EmptyResource,
    /// An account part that is not an account id.
    BadAccount {
        /// The account part as written.
        account: String,
    },
}

/// The AWS partitions.
const PARTITIONS: [&str; 8] =
    ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/// Reads a resource name (not `*`) of `dialect` into its parts.
pub fn parse(text: &str, dialect: Dialect) -> Result<ResourceName<'_>, ArnProblem> {
    let (prefix, n) = match dialect {
        Dialect::Aws => ("arn:", 6),
        Dialect::Aliyun => ("acs:", 5),
    };
    if !text.starts_with(prefix) {
        let other = if dialect == Dialect::Aws { "acs:" } else { "arn:" };
        return Err(if text.starts_with(other) { ArnProblem::OtherCloud } else { ArnProblem::NotAName });
    }
    let parts: Vec<&str> = text.splitn(n, ':').collect();
    if parts.len() < n {
        return Err(ArnProblem::TooFewParts { parts: parts.len() });
    }
    let name = match dialect {
        Dialect::Aws => ResourceName { service: parts[2], region: parts[3], account: parts[4], resource: parts[5] },
        Dialect::Aliyun => ResourceName { service: parts[1], region: parts[2], account: parts[3], resource: parts[4] },
    };
    if dialect == Dialect::Aws && !has_wildcard_or_variable(parts[1]) && !PARTITIONS.contains(&parts[1]) {
        return Err(ArnProblem::UnknownPartition { partition: parts[1].to_string() });
    }
    if name.service.is_empty() {
        return Err(ArnProblem::EmptyService);
    }
    if name.resource.is_empty() {
        return Err(ArnProblem::EmptyResource);
    }
    let account = name.account;
    let account_ok = account.is_empty()
        || has_wildcard_or_variable(account)
        || match dialect {
            // `aws` is the account of resources AWS owns (`arn:aws:iam::aws:policy/...`,
            // `arn:aws:sso::aws:applicationProvider/...`).
            Dialect::Aws => account == "aws" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())),
            Dialect::Aliyun => account.bytes().all(|b| b.is_ascii_digit()),
        };
    if !account_ok {
        return Err(ArnProblem::BadAccount { account: account.to_string() });
    }
    Ok(name)
}

impl ArnProblem {
    /// What is wrong with `text`, a resource name of `dialect`, in a sentence.
    pub fn describe(&self, text: &str, dialect: Dialect) -> String {
        let (prefix, n) = match dialect {
            Dialect::Aws => ("arn:", 6),
            Dialect::Aliyun => ("acs:", 5),
        };
        let cloud = dialect.cloud();
        match self {
            ArnProblem::OtherCloud => {
                format!("\"{text}\" is written for the other cloud: {cloud} resource names start with \"{prefix}\"")
            }
            ArnProblem::NotAName => {
                format!("\"{text}\" is not a resource name: it should be \"*\" or start with \"{prefix}\"")
            }
            ArnProblem::TooFewParts { parts } => {
                format!("\"{text}\" has {parts} of the {n} parts a {cloud} resource name has, separated by \":\"")
            }
            ArnProblem::UnknownPartition { partition } => {
                format!("\"{partition}\" is not an AWS partition (aws, aws-cn, aws-us-gov, ...)")
            }
            ArnProblem::EmptyService => format!("\"{text}\" has an empty service"),
            ArnProblem::EmptyResource => format!("\"{text}\" has an empty resource part"),
            ArnProblem::BadAccount { account } => {
                let rule = match dialect {
                    Dialect::Aws => "an AWS account id is 12 digits (or `aws`, for resources AWS owns)",
                    Dialect::Aliyun => "an Alibaba Cloud account id (UID) is digits",
                };
                format!("the account part \"{account}\" of \"{text}\" is not an account id: {rule}")
            }
        }
    }
}

fn check(cx: &mut Checker<'_>, st: &Statement) {
    let Some(resources) = &st.body.resource else { return };
    let example = match cx.dialect {
        Dialect::Aws => "arn:aws:s3:::my-bucket/* or arn:aws:iam::111122223333:role/name",
        Dialect::Aliyun => "acs:ecs:*:1234567890123456:instance/* (acs:service:region:account:resource)",
    };
    let severity = if cx.dialect == Dialect::Aws { Severity::Error } else { Severity::Warning };
    for item in resources.items.iter().filter(|i| i.text != "*") {
        if let Err(problem) = parse(&item.text, cx.dialect) {
            cx.report(
                Finding::new("malformed-arn", severity, problem.describe(&item.text, cx.dialect), item.span)
                    .with_help(format!("a {} resource name looks like {example}", cx.dialect.cloud())),
            );
        }
    }
}
