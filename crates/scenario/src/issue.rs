//! The problems loading a scenario can find, each with its place in the file.

use playground_core::issue::{PolicyIssue, Severity};
use playground_core::json::JsonSyntaxError;
use playground_core::span::Span;
use std::fmt;

/// A problem found while loading a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioIssue {
    /// The file is not valid JSON.
    Json(JsonSyntaxError),
    /// A field has the wrong shape or is missing.
    Shape {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
    },
    /// A name that refers to nothing defined in the scenario.
    UnknownReference {
        /// What kind of thing ("policy", "account", "role").
        kind: &'static str,
        /// The name as written.
        name: String,
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
        /// What is wrong, with its position in the text.
        problem: String,
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
    /// How serious it is.
    pub fn severity(&self) -> Severity {
        match self {
            ScenarioIssue::Policy { issue, .. } | ScenarioIssue::PolicyText { issue, .. } => issue.severity(),
            ScenarioIssue::UnusablePolicy { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Where it is.
    pub fn span(&self) -> Span {
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

    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ScenarioIssue::Json(_) => "json-syntax",
            ScenarioIssue::Shape { .. } => "scenario-shape",
            ScenarioIssue::UnknownReference { .. } => "unknown-reference",
            ScenarioIssue::Duplicate { .. } => "duplicate-name",
            ScenarioIssue::UnusablePolicy { .. } => "unusable-policy",
            ScenarioIssue::Policy { issue, .. } | ScenarioIssue::PolicyText { issue, .. } => issue.code(),
        }
    }
}

impl fmt::Display for ScenarioIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioIssue::Json(e) => write!(f, "JSON syntax: {}", e.message),
            ScenarioIssue::Shape { message, .. } => f.write_str(message),
            ScenarioIssue::UnknownReference { kind, name, suggestion, .. } => {
                write!(f, "unknown {kind} \"{name}\"")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean \"{s}\"?)")?;
                }
                Ok(())
            }
            ScenarioIssue::Duplicate { kind, name, .. } => write!(f, "{kind} \"{name}\" is defined twice"),
            ScenarioIssue::UnusablePolicy { policy, problem, .. } => {
                write!(f, "policy \"{policy}\" as printed cannot be read, so it grants nothing: {problem}")
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
