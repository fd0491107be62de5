//! The problems loading a scenario can find, each with its place in the file.

use playground_core::diagnostic::{Diagnostic, Fix, Label, Severity};
use playground_core::issue::PolicyIssue;
use playground_core::json::JsonSyntaxError;
use playground_core::request::ContextError;
use playground_core::span::Span;
use std::fmt;

/// What is wrong with the shape of a scenario file (`scenario-shape`). `place` names the object
/// in words ("the scenario", "a role", "a check request").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeProblem {
    /// An object was expected.
    NotAnObject {
        /// The object.
        place: String,
        /// The JSON type found.
        found: &'static str,
    },
    /// A field the format does not have.
    UnknownField {
        /// The field as written.
        field: String,
        /// The object.
        place: String,
        /// The closest known field, if one is close.
        suggestion: Option<String>,
        /// The fields the object may have.
        known: Vec<String>,
    },
    /// A field that must be a string.
    NotAString {
        /// The object.
        place: String,
        /// The field.
        key: String,
        /// The JSON type found.
        found: &'static str,
    },
    /// A required field is missing.
    MissingField {
        /// The object.
        place: String,
        /// The field.
        key: String,
    },
    /// An item of a list of names that is not a string.
    NotAName {
        /// The object.
        place: String,
        /// The field.
        key: String,
        /// The JSON type found.
        found: &'static str,
    },
    /// A list of names that is not a list.
    NotAList {
        /// The object.
        place: String,
        /// The field.
        key: String,
        /// The JSON type found.
        found: &'static str,
    },
    /// A section or list of objects that is not a list (`"roles": 5`).
    NotAnArray {
        /// The object.
        place: String,
        /// The field.
        key: String,
        /// The JSON type found.
        found: &'static str,
    },
    /// A `dialect` other than `aws` or `aliyun`.
    UnknownDialect {
        /// The value as written.
        name: String,
    },
    /// A check with both `chain` and `backup_account`.
    ChainAndBackup {
        /// The check's name.
        check: String,
    },
    /// A check without `from`.
    NoFrom {
        /// The check's name.
        check: String,
    },
    /// A check request's context that cannot be read.
    Context(ContextError),
    /// A check's `expect` that is no decision.
    UnknownDecision {
        /// The check's name.
        check: String,
        /// The value as written.
        name: String,
    },
    /// A hop's `duration` that is not a whole number of seconds.
    BadDuration,
    /// A hop that is neither a role ARN nor an object.
    BadHop {
        /// The check's name.
        check: String,
        /// The JSON type found.
        found: &'static str,
    },
    /// A library policy without `document` or `text`.
    NoDocument {
        /// The policy's name.
        policy: String,
    },
    /// A Cloud Backup resource account's `method` that does not exist.
    UnknownBackupMethod {
        /// The value as written.
        method: String,
    },
    /// An organization `kind` that does not exist.
    UnknownOrganizationKind {
        /// The value as written.
        kind: String,
    },
    /// An organization without `root`.
    NoRoot,
    /// More folders (OUs in an AWS Organization) than the playground reads.
    TooManyFolders {
        /// The organization's kind, whose word the message uses.
        kind: crate::model::OrgKind,
    },
    /// A section lists more items than the playground reads ([`crate::loader::SECTION_LIMITS`]).
    TooMany {
        /// The section (`roles`, `accounts`, ...).
        section: &'static str,
        /// How many it lists.
        found: usize,
        /// The most the playground reads.
        limit: usize,
    },
    /// A role without `trust_policy`.
    NoTrustPolicy {
        /// The role's name.
        role: String,
    },
    /// A role's `max_session_duration` out of range.
    BadSessionDuration,
    /// A resource whose name has no account and that does not say its account.
    NoAccount {
        /// The resource's name.
        resource: String,
    },
}

impl fmt::Display for ShapeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeProblem::NotAnObject { place, found } => write!(f, "{place} must be an object, found {found}"),
            ShapeProblem::UnknownField { field, place, suggestion: Some(s), .. } => {
                write!(f, "unknown field \"{field}\" in {place} (did you mean \"{s}\"?)")
            }
            ShapeProblem::UnknownField { field, place, suggestion: None, known } => {
                write!(f, "unknown field \"{field}\" in {place}; known: {}", known.join(", "))
            }
            ShapeProblem::NotAString { place, key, found } => {
                write!(f, "{place}: \"{key}\" must be a string, found {found}")
            }
            ShapeProblem::MissingField { place, key } => write!(f, "{place} has no \"{key}\""),
            ShapeProblem::NotAName { place, key, found } => {
                write!(f, "{place}: \"{key}\" lists names (strings), found {found}")
            }
            ShapeProblem::NotAList { place, key, found } => {
                write!(f, "{place}: \"{key}\" must be a list of names, found {found}")
            }
            ShapeProblem::NotAnArray { place, key, found } => {
                write!(f, "{place}: \"{key}\" must be a list (in [ ]), found {found}")
            }
            ShapeProblem::UnknownDialect { name } => write!(f, "unknown dialect \"{name}\": use \"aws\" or \"aliyun\""),
            ShapeProblem::ChainAndBackup { check } => {
                write!(f, "check \"{check}\": give either \"chain\" or \"backup_account\"")
            }
            ShapeProblem::NoFrom { check } => write!(f, "check \"{check}\" has no \"from\" (who starts the chain)"),
            ShapeProblem::Context(e) => write!(f, "line {}, column {}: {e}", e.span().line, e.span().column),
            ShapeProblem::UnknownDecision { check, name } => {
                write!(f, "check \"{check}\": unknown decision \"{name}\": use allow, explicit_deny or implicit_deny")
            }
            ShapeProblem::BadDuration => f.write_str("duration must be a whole number of seconds"),
            ShapeProblem::BadHop { check, found } => {
                write!(f, "check \"{check}\": a hop is a role ARN or an object, found {found}")
            }
            ShapeProblem::NoDocument { policy } => {
                write!(f, "policy \"{policy}\" needs either \"document\" (JSON) or \"text\" (a string)")
            }
            ShapeProblem::UnknownBackupMethod { method } => {
                write!(f, "unknown backup method \"{method}\": use ram_role or resource_directory")
            }
            ShapeProblem::UnknownOrganizationKind { kind } => {
                write!(f, "unknown organization kind \"{kind}\": use resource_directory or aws_organization")
            }
            ShapeProblem::NoRoot => f.write_str("the organization has no \"root\""),
            ShapeProblem::TooManyFolders { kind } => {
                let nodes = match kind {
                    crate::model::OrgKind::ResourceDirectory => "folders",
                    crate::model::OrgKind::AwsOrganization => "OUs",
                };
                write!(f, "the organization has more than 64 {nodes}; the playground stops there")
            }
            ShapeProblem::TooMany { section, found, limit } => write!(
                f,
                "the scenario lists {found} {section}; the playground reads at most {limit} (see docs/limits.md)"
            ),
            ShapeProblem::NoTrustPolicy { role } => write!(f, "role \"{role}\" has no \"trust_policy\""),
            ShapeProblem::BadSessionDuration => {
                f.write_str("max_session_duration must be a whole number of seconds from 900 to 43200")
            }
            ShapeProblem::NoAccount { resource } => {
                write!(f, "resource {resource} has no account in its name: add \"account\"")
            }
        }
    }
}

/// A problem found while loading a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioIssue {
    /// The file is not valid JSON.
    Json(JsonSyntaxError),
    /// A field has the wrong shape or is missing.
    Shape {
        /// What is wrong.
        problem: ShapeProblem,
        /// Where.
        span: Span,
    },
    /// A name that refers to nothing defined in the scenario.
    UnknownReference {
        /// What kind of thing ("policy", "account", "role").
        kind: &'static str,
        /// The name as written.
        name: String,
        /// Where it is named, when the span alone does not say (`the trust policy of ops`).
        named_in: Option<String>,
        /// The closest defined name.
        suggestion: Option<String>,
        /// Where.
        span: Span,
    },
    /// Two things with the same name.
    Duplicate {
        /// What kind of thing.
        kind: &'static str,
        /// The name.
        name: String,
        /// Where.
        span: Span,
    },
    /// An as-printed policy text that cannot be read: it is kept, and grants nothing.
    UnusablePolicy {
        /// The policy's name.
        policy: String,
        /// Its first error.
        issue: PolicyIssue,
        /// Whether the policy is given as text (the issue's position is then in that text).
        in_text: bool,
        /// Where the policy is defined.
        span: Span,
    },
    /// A problem inside a policy given as text; its span is inside that text.
    PolicyText {
        /// The policy's name.
        policy: String,
        /// The problem, positioned in the policy's own text.
        issue: PolicyIssue,
        /// Where the text is in the scenario file.
        span: Span,
    },
    /// A policy document with problems.
    Policy {
        /// The policy's name.
        policy: String,
        /// The problem.
        issue: PolicyIssue,
    },
}

impl ScenarioIssue {
    /// For [`ScenarioIssue::UnusablePolicy`]: what is wrong with the policy, with the position
    /// in its text when it is given as text (`None` for the other issues).
    pub fn unusable_problem(&self) -> Option<String> {
        match self {
            ScenarioIssue::UnusablePolicy { issue, in_text: true, .. } => {
                let s = issue.span();
                Some(format!("{issue} (line {}, column {} of its text)", s.line, s.column))
            }
            ScenarioIssue::UnusablePolicy { issue, .. } => Some(issue.to_string()),
            _ => None,
        }
    }

    /// The policy the issue is about, for the issues that are about one.
    pub fn policy(&self) -> Option<&str> {
        match self {
            ScenarioIssue::Policy { policy, .. }
            | ScenarioIssue::PolicyText { policy, .. }
            | ScenarioIssue::UnusablePolicy { policy, .. } => Some(policy),
            _ => None,
        }
    }
}

impl Diagnostic for ScenarioIssue {
    fn code(&self) -> &'static str {
        match self {
            ScenarioIssue::Json(_) => "json-syntax",
            ScenarioIssue::Shape { .. } => "scenario-shape",
            ScenarioIssue::UnknownReference { .. } => "unknown-reference",
            ScenarioIssue::Duplicate { .. } => "duplicate-name",
            ScenarioIssue::UnusablePolicy { .. } => "unusable-policy",
            ScenarioIssue::Policy { issue, .. } | ScenarioIssue::PolicyText { issue, .. } => issue.code(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            ScenarioIssue::Policy { issue, .. } | ScenarioIssue::PolicyText { issue, .. } => issue.severity(),
            ScenarioIssue::UnusablePolicy { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    fn span(&self) -> Span {
        match self {
            ScenarioIssue::Json(e) => e.span,
            ScenarioIssue::Shape { span, .. }
            | ScenarioIssue::UnknownReference { span, .. }
            | ScenarioIssue::Duplicate { span, .. }
            | ScenarioIssue::UnusablePolicy { span, .. }
            | ScenarioIssue::PolicyText { span, .. } => *span,
            ScenarioIssue::Policy { issue, .. } => issue.span(),
        }
    }

    fn labels(&self) -> Vec<Label> {
        match self {
            ScenarioIssue::Policy { issue, .. } => issue.labels(),
            _ => Vec::new(),
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            ScenarioIssue::Json(e) => e.hint.clone(),
            ScenarioIssue::Policy { issue, .. } | ScenarioIssue::PolicyText { issue, .. } => issue.help(),
            _ => None,
        }
    }

    /// The fix of a policy's issue; none for a policy given as text, whose positions are in
    /// that text rather than in the scenario file.
    fn fix(&self) -> Option<Fix> {
        match self {
            ScenarioIssue::Json(e) => e.fix(),
            ScenarioIssue::Shape { problem: ShapeProblem::UnknownField { suggestion: Some(s), .. }, span } => {
                Some(Fix::replace_with_string(s, *span))
            }
            ScenarioIssue::Policy { issue, .. } => issue.fix(),
            _ => None,
        }
    }
}

impl fmt::Display for ScenarioIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioIssue::Json(e) => write!(f, "JSON syntax: {}", e.message),
            ScenarioIssue::Shape { problem, .. } => write!(f, "{problem}"),
            ScenarioIssue::UnknownReference { kind, name, named_in, suggestion, .. } => {
                write!(f, "unknown {kind} \"{name}\"")?;
                if let Some(place) = named_in {
                    write!(f, " (named in {place})")?;
                }
                if let Some(s) = suggestion {
                    write!(f, " (did you mean \"{s}\"?)")?;
                }
                Ok(())
            }
            ScenarioIssue::Duplicate { kind, name, .. } => write!(f, "{kind} \"{name}\" is defined twice"),
            ScenarioIssue::UnusablePolicy { policy, .. } => {
                write!(
                    f,
                    "policy \"{policy}\" as printed cannot be read, so it grants nothing: {}",
                    self.unusable_problem().unwrap_or_default()
                )
            }
            ScenarioIssue::PolicyText { policy, issue, .. } => {
                let s = issue.span();
                write!(f, "policy \"{policy}\", line {}, column {} of its text: {issue}", s.line, s.column)
            }
            ScenarioIssue::Policy { policy, issue } => {
                write!(f, "policy \"{policy}\": {issue}")?;
                if let Some(h) = issue.help() {
                    write!(f, " ({h})")?;
                }
                Ok(())
            }
        }
    }
}
