//! What can be wrong in a case file ([`CaseError`]), as the batch reader ([`crate::case`]) and
//! the shape reader ([`crate::shape`]) report it: a diagnostic with where, what and what to do.

use playground_core::diagnostic::{Diagnostic, Finding, Fix, Severity};
use playground_core::issue::PolicyIssue;
use playground_core::json::JsonSyntaxError;
use playground_core::request::ContextError;
use playground_core::span::Span;
use std::fmt;

/// A problem in a case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseError {
    /// The file is not valid JSON.
    Json(JsonSyntaxError),
    /// Several JSON values separated by commas, not an array of them.
    SeveralValues {
        /// The whole text.
        span: Span,
    },
    /// The file is neither a case object nor an array of them.
    NotCases {
        /// The JSON type found.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// An element of the array is not an object.
    CaseNotObject {
        /// The case's position in the file, from 0.
        index: usize,
        /// The JSON type found.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// A field the format does not have.
    UnknownField {
        /// The field as written.
        field: String,
        /// Where it was found: "a case" or "the request".
        place: &'static str,
        /// The closest known field, if one is close.
        suggestion: Option<&'static str>,
        /// The fields the place may have.
        known: &'static [&'static str],
        /// Where the field's name is.
        span: Span,
    },
    /// A field written twice in one object (`"action"` twice in the request): JSON readers
    /// disagree on which one counts, so neither is taken.
    DuplicateField {
        /// The field.
        field: String,
        /// Where it was found: "a case" or "the request".
        place: &'static str,
        /// Where the field's name is the first time.
        first: Span,
        /// Where the field's name is the second time.
        span: Span,
    },
    /// A field that must be a string.
    NotAString {
        /// The object: "case" or "request".
        object: &'static str,
        /// The field.
        field: String,
        /// The JSON type found.
        found: &'static str,
        /// Where the value is.
        span: Span,
    },
    /// A `dialect` other than `aws` or `aliyun`.
    UnknownDialect {
        /// The value as written.
        name: String,
        /// Where.
        span: Span,
    },
    /// An `expected` decision that does not exist.
    UnknownDecision {
        /// The value as written.
        name: String,
        /// Where.
        span: Span,
    },
    /// The case has no `request`.
    NoRequest {
        /// The case object.
        span: Span,
    },
    /// The `request` is not an object.
    RequestNotObject {
        /// The JSON type found.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// The request lacks a field it needs (`principal`, `action`).
    MissingRequestField {
        /// The field.
        field: &'static str,
        /// The request object.
        span: Span,
    },
    /// A list of policies that is not an array.
    NotAPolicyList {
        /// The field (`identity_policies`, ...).
        field: &'static str,
        /// The JSON type found.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// A list of policy levels that is not an array.
    NotALevelList {
        /// The field (`control_policies`, ...).
        field: &'static str,
        /// The JSON type found.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// A level of a list of levels that is not an array of policies.
    LevelNotAList {
        /// The field (`control_policies`, ...).
        field: &'static str,
        /// The level, from 1.
        level: usize,
        /// The JSON type found.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// The request's context cannot be read.
    Context(ContextError),
    /// Permissions boundaries in a RAM case.
    BoundariesInRam {
        /// Where they are.
        span: Span,
    },
    /// Resource control policies in a RAM case.
    ResourceControlInRam {
        /// Where they are.
        span: Span,
    },
    /// A policy in the file has errors.
    Policy {
        /// The policy's name in the case.
        policy: String,
        /// Its issues (errors first).
        issues: Vec<PolicyIssue>,
    },
}

impl CaseError {
    /// The errors among a [`CaseError::Policy`]'s issues (none for the other variants).
    pub fn policy_errors(&self) -> impl Iterator<Item = &PolicyIssue> {
        let issues = match self {
            CaseError::Policy { issues, .. } => issues.as_slice(),
            _ => &[],
        };
        issues.iter().filter(|i| i.severity() == Severity::Error)
    }
}

impl CaseError {
    /// The problems as findings, for output: one per error of a [`CaseError::Policy`] (each
    /// with the policy's name), else the one problem.
    pub fn findings(&self) -> Vec<Finding> {
        match self {
            CaseError::Policy { policy, .. } => self
                .policy_errors()
                .map(|issue| Finding { policy: Some(policy.clone()), ..Finding::from_diagnostic(issue) })
                .collect(),
            other => vec![Finding::from_diagnostic(other)],
        }
    }
}

impl Diagnostic for CaseError {
    fn code(&self) -> &'static str {
        match self {
            CaseError::Json(e) => e.code(),
            CaseError::Context(e) => e.code(),
            CaseError::Policy { issues, .. } => issues.first().map_or("policy-errors", |i| i.code()),
            _ => "case-shape",
        }
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    /// Where the (first) problem is.
    fn span(&self) -> Span {
        match self {
            CaseError::Json(e) => e.span,
            CaseError::Context(e) => e.span(),
            CaseError::Policy { issues, .. } => issues.first().map(|i| i.span()).unwrap_or_default(),
            CaseError::SeveralValues { span }
            | CaseError::NotCases { span, .. }
            | CaseError::CaseNotObject { span, .. }
            | CaseError::UnknownField { span, .. }
            | CaseError::DuplicateField { span, .. }
            | CaseError::NotAString { span, .. }
            | CaseError::UnknownDialect { span, .. }
            | CaseError::UnknownDecision { span, .. }
            | CaseError::NoRequest { span }
            | CaseError::RequestNotObject { span, .. }
            | CaseError::MissingRequestField { span, .. }
            | CaseError::NotAPolicyList { span, .. }
            | CaseError::NotALevelList { span, .. }
            | CaseError::LevelNotAList { span, .. }
            | CaseError::BoundariesInRam { span }
            | CaseError::ResourceControlInRam { span } => *span,
        }
    }

    /// What is wrong, without the position (which `Display` starts with).
    fn message(&self) -> String {
        match self {
            CaseError::Json(e) => e.message.clone(),
            CaseError::Context(e) => e.to_string(),
            CaseError::SeveralValues { .. } => "the file holds several JSON values separated by commas".into(),
            CaseError::NotCases { found, .. } => {
                format!("a case file holds a case object or an array of them, found {found}")
            }
            CaseError::CaseNotObject { index, found, .. } => {
                format!("case {} must be an object, found {found}", index + 1)
            }
            CaseError::UnknownField { field, place, .. } => format!("unknown field \"{field}\" in {place}"),
            CaseError::DuplicateField { field, place, first, .. } => format!(
                "\"{field}\" is written twice in {place} (first at line {}, column {})",
                first.line, first.column
            ),
            CaseError::NotAString { object, field, found, .. } => {
                format!("{object}.{field} must be a string, found {found}")
            }
            CaseError::UnknownDialect { name, .. } => format!("unknown dialect \"{name}\""),
            CaseError::UnknownDecision { name, .. } => format!("unknown decision \"{name}\""),
            CaseError::NoRequest { .. } => "the case has no \"request\"".into(),
            CaseError::RequestNotObject { found, .. } => format!("request must be an object, found {found}"),
            CaseError::MissingRequestField { field, .. } => format!("the request has no \"{field}\""),
            CaseError::NotAPolicyList { field, found, .. } => {
                format!("{field} must be an array of policies, found {found}")
            }
            CaseError::NotALevelList { field, found, .. } => {
                format!("{field} must be an array of levels, found {found}")
            }
            CaseError::LevelNotAList { field, level, found, .. } => {
                format!("{field} is a list of levels (root first), each a list of policies; level {level} is {found}")
            }
            CaseError::BoundariesInRam { .. } => {
                "permission_boundaries is an AWS concept; Alibaba Cloud RAM has no permissions boundaries".into()
            }
            CaseError::ResourceControlInRam { .. } => {
                "resource_control_policies is an AWS Organizations concept; use control_policies for Resource Directory"
                    .into()
            }
            CaseError::Policy { policy, .. } => format!("policy \"{policy}\" has errors"),
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            CaseError::Json(e) => e.hint.clone(),
            CaseError::SeveralValues { .. } => Some("put the cases in an array: [ {...}, {...} ]".into()),
            CaseError::UnknownField { suggestion: Some(s), .. } => Some(format!("did you mean \"{s}\"?")),
            CaseError::UnknownField { known, .. } => Some(format!("known fields: {}", known.join(", "))),
            CaseError::DuplicateField { .. } => Some("keep one of them: readers disagree on which one counts".into()),
            CaseError::UnknownDialect { .. } => Some("use \"aws\" or \"aliyun\"".into()),
            CaseError::UnknownDecision { .. } => Some("use \"allow\", \"explicit_deny\" or \"implicit_deny\"".into()),
            CaseError::NoRequest { .. } => {
                Some("add \"request\": {\"principal\": ..., \"action\": ..., \"resource\": ...}".into())
            }
            CaseError::LevelNotAList { .. } => {
                Some("write [[root policies], [OU policies], [account policies]]".into())
            }
            CaseError::BoundariesInRam { .. } => Some("remove it, or set \"dialect\": \"aws\"".into()),
            CaseError::Policy { issues, .. } => issues.first().and_then(|i| i.help()),
            _ => None,
        }
    }

    fn fix(&self) -> Option<Fix> {
        match self {
            CaseError::Json(e) => e.fix(),
            CaseError::UnknownField { suggestion: Some(s), span, .. } => Some(Fix::replace_with_string(s, *span)),
            _ => None,
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseError::Json(e) => write!(f, "{e}"),
            CaseError::Policy { policy, issues } => {
                write!(f, "policy \"{policy}\" has errors:")?;
                for i in issues.iter().filter(|i| i.severity() == Severity::Error) {
                    write!(f, "\n  line {}, column {}: {i}", i.span().line, i.span().column)?;
                    if let Some(h) = i.help() {
                        write!(f, " ({h})")?;
                    }
                }
                Ok(())
            }
            other => {
                let span = other.span();
                write!(f, "line {}, column {}: {}", span.line, span.column, other.message())?;
                if let Some(h) = other.help() {
                    write!(f, " ({h})")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CaseError {}

impl From<ContextError> for CaseError {
    fn from(e: ContextError) -> CaseError {
        CaseError::Context(e)
    }
}
