//! What can be wrong with a lesson file, each problem at its place in the file (the engine's
//! diagnostic model: code, message, span, help).

use playground_core::diagnostic::{Diagnostic, Fix, Severity};
use playground_core::json::JsonSyntaxError;
use playground_core::span::Span;
use std::fmt;

/// A problem in a lesson file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonError {
    /// The file is not valid JSON.
    Json(JsonSyntaxError),
    /// A value of the wrong JSON type.
    WrongType {
        /// What the value is ("the lesson's \"hints\"", "an edit").
        place: String,
        /// What it should be ("a string", "a list of strings").
        expected: &'static str,
        /// What it is.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// A field the format does not have.
    UnknownField {
        /// The field as written.
        field: String,
        /// The object it is in.
        place: String,
        /// The closest known field.
        suggestion: Option<String>,
        /// The fields the object may have.
        known: Vec<&'static str>,
        /// Where the field's name is.
        span: Span,
    },
    /// A required field is absent.
    MissingField {
        /// The object.
        place: String,
        /// The field.
        field: &'static str,
        /// Where the object is.
        span: Span,
    },
    /// A list that must not be empty is empty.
    Empty {
        /// The list.
        place: String,
        /// Where.
        span: Span,
    },
    /// A name that refers to nothing: a built-in scenario, a role, a policy, an account...
    UnknownName {
        /// What kind of thing ("built-in scenario", "role", "policy").
        kind: &'static str,
        /// The name as written.
        name: String,
        /// The closest name that exists.
        suggestion: Option<String>,
        /// Where.
        span: Span,
    },
    /// A name that refers to two things (a role and a user both called `ACCOUNT/NAME`).
    Ambiguous {
        /// The name.
        name: String,
        /// What it could be.
        what: String,
        /// Where.
        span: Span,
    },
    /// A part of the lesson written in the scenario format (an inline scenario, a role, a check)
    /// that the scenario format does not accept.
    NotInScenarioFormat {
        /// What it was meant to be ("a role", "a check").
        what: &'static str,
        /// Why serde refused it.
        reason: String,
        /// Where.
        span: Span,
    },
    /// An edit that cannot be applied to the state it is applied to.
    BadEdit {
        /// Why.
        reason: String,
        /// Where the edit is.
        span: Span,
    },
    /// A built state (the starting state, or the solution) is not a scenario the engine loads.
    BrokenState {
        /// "the starting state" or "the reference solution".
        state: &'static str,
        /// The loader's first error, in words.
        reason: String,
        /// Where the edits that built it are (or the scenario).
        span: Span,
    },
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LessonError::Json(e) => write!(f, "{e}"),
            LessonError::WrongType { place, expected, found, .. } => {
                write!(f, "{place} must be {expected}, found {found}")
            }
            LessonError::UnknownField { field, place, suggestion: Some(s), .. } => {
                write!(f, "unknown field \"{field}\" in {place} (did you mean \"{s}\"?)")
            }
            LessonError::UnknownField { field, place, suggestion: None, known, .. } => {
                write!(f, "unknown field \"{field}\" in {place}; known: {}", known.join(", "))
            }
            LessonError::MissingField { place, field, .. } => write!(f, "{place} has no \"{field}\""),
            LessonError::Empty { place, .. } => write!(f, "{place} is empty"),
            LessonError::UnknownName { kind, name, suggestion: Some(s), .. } => {
                write!(f, "there is no {kind} \"{name}\" (did you mean \"{s}\"?)")
            }
            LessonError::UnknownName { kind, name, suggestion: None, .. } => write!(f, "there is no {kind} \"{name}\""),
            LessonError::Ambiguous { name, what, .. } => write!(f, "\"{name}\" names {what}: write it as an ARN"),
            LessonError::NotInScenarioFormat { what, reason, .. } => {
                write!(f, "this is not {what} in the scenario format (docs/scenarios.md): {reason}")
            }
            LessonError::BadEdit { reason, .. } => write!(f, "this edit cannot be applied: {reason}"),
            LessonError::BrokenState { state, reason, .. } => {
                write!(f, "{state} is not a scenario the engine can load: {reason}")
            }
        }
    }
}

impl std::error::Error for LessonError {}

impl Diagnostic for LessonError {
    fn code(&self) -> &'static str {
        match self {
            LessonError::Json(_) => "json-syntax",
            LessonError::WrongType { .. }
            | LessonError::UnknownField { .. }
            | LessonError::MissingField { .. }
            | LessonError::Empty { .. } => "lesson-shape",
            LessonError::UnknownName { .. } | LessonError::Ambiguous { .. } => "unknown-reference",
            LessonError::NotInScenarioFormat { .. } => "scenario-shape",
            LessonError::BadEdit { .. } => "lesson-edit",
            LessonError::BrokenState { .. } => "lesson-state",
        }
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn span(&self) -> Span {
        match self {
            LessonError::Json(e) => e.span,
            LessonError::WrongType { span, .. }
            | LessonError::UnknownField { span, .. }
            | LessonError::MissingField { span, .. }
            | LessonError::Empty { span, .. }
            | LessonError::UnknownName { span, .. }
            | LessonError::Ambiguous { span, .. }
            | LessonError::NotInScenarioFormat { span, .. }
            | LessonError::BadEdit { span, .. }
            | LessonError::BrokenState { span, .. } => *span,
        }
    }

    fn message(&self) -> String {
        match self {
            LessonError::Json(e) => e.message(),
            other => other.to_string(),
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            LessonError::Json(e) => e.help(),
            LessonError::UnknownName { kind: "built-in scenario", .. } => Some(format!(
                "name a file of scenarios/ without .json ({}), or give the whole scenario as an object",
                crate::builtin::BUILTIN_SCENARIOS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
            )),
            LessonError::BrokenState { state: "the starting state", .. } => {
                Some("check the \"start\" edits against the scenario they apply to".into())
            }
            LessonError::BrokenState { .. } => Some("check the \"solution\" edits".into()),
            _ => None,
        }
    }

    fn fix(&self) -> Option<Fix> {
        match self {
            LessonError::Json(e) => e.fix(),
            LessonError::UnknownField { suggestion: Some(s), span, .. }
            | LessonError::UnknownName { suggestion: Some(s), span, .. } => Some(Fix::replace_with_string(s, *span)),
            _ => None,
        }
    }
}
