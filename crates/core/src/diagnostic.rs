//! One diagnostic model for every problem the engine and the layers above it report.
//!
//! Each error enum (parse issues, JSON syntax errors, case-file and scenario problems, lint
//! findings) describes itself once through the [`Diagnostic`] trait: a stable code, a
//! [`Severity`], a message (its `Display`), where it is (a primary span plus secondary
//! [`Label`]s, such as the first occurrence of a duplicated key), help, and a [`Fix`] where the
//! correction is known. [`Finding`] is the rendered, serializable form of any diagnostic: what
//! `check --json` prints, what the command line renders with the line underlined, and what the
//! web editor shows in its gutter.

use crate::span::Span;
use serde::{Serialize, Serializer};
use std::fmt;

/// How serious a diagnostic is, most serious first (the derived order sorts errors first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The cloud refuses the document, or a part of it can never work.
    Error,
    /// The document works, and grants more than it probably should.
    SecurityWarning,
    /// The document works, but probably not as intended.
    Warning,
    /// It works; it could be simpler or clearer.
    Suggestion,
    /// Information about how the document was read (a fragment was wrapped).
    Note,
}

impl Severity {
    /// The name used in JSON (`error`, `security_warning`, `warning`, `suggestion`, `note`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security_warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
            Severity::Note => "note",
        }
    }

    /// Every severity, most serious first.
    pub const ALL: [Severity; 5] =
        [Severity::Error, Severity::SecurityWarning, Severity::Warning, Severity::Suggestion, Severity::Note];
}

impl fmt::Display for Severity {
    /// The name for people: `security warning` with a space, the others as in JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::SecurityWarning => "security warning",
            other => other.as_str(),
        })
    }
}

/// A secondary place a diagnostic points at, with what it is ("first written here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Label {
    /// Where.
    #[serde(flatten, serialize_with = "position")]
    #[cfg_attr(feature = "typescript", tsify(type = "Position"))]
    pub span: Span,
    /// What this place is, in a few words.
    pub message: String,
}

impl Label {
    /// A label at `span` saying `message`.
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label { span, message: message.into() }
    }
}

/// A concrete edit that resolves a diagnostic: replace the text at `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Fix {
    /// What the edit does, for a button ("replace with \"kms:ListAliases\"").
    pub title: String,
    /// The text to put in place of the span (empty to delete it).
    pub replacement: String,
    /// The text to replace (an empty span inserts).
    #[serde(flatten, serialize_with = "position")]
    #[cfg_attr(feature = "typescript", tsify(type = "Position"))]
    pub span: Span,
}

impl Fix {
    /// An edit titled `title` that puts `replacement` in place of `span`.
    pub fn new(title: impl Into<String>, replacement: impl Into<String>, span: Span) -> Fix {
        Fix { title: title.into(), replacement: replacement.into(), span }
    }

    /// An edit that replaces `span` with `text` written as a JSON string, titled
    /// `replace with "text"`.
    pub fn replace_with_string(text: &str, span: Span) -> Fix {
        Fix::new(format!("replace with \"{text}\""), json_string(text), span)
    }
}

/// `text` as a JSON string literal, quotes included.
pub fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// A problem that can describe itself: the one interface every error and finding type of the
/// engine implements. The message is the type's `Display`; the rest has defaults for the
/// diagnostics that have nothing more to say.
pub trait Diagnostic: fmt::Display {
    /// A stable identifier, for tests, tools and the documentation (`unknown-action`).
    fn code(&self) -> &'static str;

    /// How serious it is.
    fn severity(&self) -> Severity;

    /// Where it is: the primary span.
    fn span(&self) -> Span;

    /// What is wrong, in a sentence, without the position (renderers show that themselves).
    /// Defaults to the `Display` text.
    fn message(&self) -> String {
        self.to_string()
    }

    /// Other places that explain it (the first occurrence of a duplicate, for example).
    fn labels(&self) -> Vec<Label> {
        Vec::new()
    }

    /// What to do about it, when there is something to say.
    fn help(&self) -> Option<String> {
        None
    }

    /// A concrete edit that resolves it, when one is known.
    fn fix(&self) -> Option<Fix> {
        None
    }
}

/// A diagnostic in its rendered, serializable form: what the command line prints (`check
/// --json` serializes it as it is), what the web editor shows, and what the checks report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Finding {
    /// Stable identifier (`unknown-action`, `duplicate-action`, ...).
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in a sentence a person can act on.
    pub message: String,
    /// What to do about it, when there is more to say than the fix.
    pub help: Option<String>,
    /// Where it is (serialized as `line`, `column`, `end_line`, `end_column`).
    #[serde(flatten, serialize_with = "position")]
    #[cfg_attr(feature = "typescript", tsify(type = "Position"))]
    pub span: Span,
    /// Other places that explain it; left out of JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub labels: Vec<Label>,
    /// A concrete edit, where one is possible.
    pub fix: Option<Fix>,
    /// In a scenario file: the policy (or role) the finding is about.
    pub policy: Option<String>,
}

impl Finding {
    /// A finding with a code, severity, message and span, and nothing else yet.
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>, span: Span) -> Finding {
        Finding {
            code,
            severity,
            message: message.into(),
            help: None,
            span,
            labels: Vec::new(),
            fix: None,
            policy: None,
        }
    }

    /// The rendered form of any diagnostic.
    pub fn from_diagnostic<D: Diagnostic + ?Sized>(d: &D) -> Finding {
        Finding {
            code: d.code(),
            severity: d.severity(),
            message: d.message(),
            help: d.help(),
            span: d.span(),
            labels: d.labels(),
            fix: d.fix(),
            policy: None,
        }
    }

    /// The same finding with help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// The same finding with an edit that resolves it.
    pub fn with_fix(mut self, title: impl Into<String>, replacement: impl Into<String>, span: Span) -> Finding {
        self.fix = Some(Fix::new(title, replacement, span));
        self
    }

    /// The same finding with a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.labels.push(Label::new(span, message));
        self
    }

    /// The same finding, said to be about the policy (or role) `name`.
    pub fn in_policy(mut self, name: impl Into<String>) -> Finding {
        self.policy = Some(name.into());
        self
    }
}

impl fmt::Display for Finding {
    /// The message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Diagnostic for Finding {
    fn code(&self) -> &'static str {
        self.code
    }

    fn severity(&self) -> Severity {
        self.severity
    }

    fn span(&self) -> Span {
        self.span
    }

    fn message(&self) -> String {
        self.message.clone()
    }

    fn labels(&self) -> Vec<Label> {
        self.labels.clone()
    }

    fn help(&self) -> Option<String> {
        self.help.clone()
    }

    fn fix(&self) -> Option<Fix> {
        self.fix.clone()
    }
}

/// Where a finding, fix or label is, as serialized: its span without the byte offsets (which
/// count bytes of the text, not characters, and mean little to a reader of the JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Position {
    /// Line of the start, counted from 1.
    pub line: u32,
    /// Column of the start, counted from 1 in characters.
    pub column: u32,
    /// Line of the end.
    pub end_line: u32,
    /// Column of the end (one past the last character).
    pub end_column: u32,
}

/// Serializes a span as the position fields `line`, `column`, `end_line` and `end_column`
/// (flattened into the finding, fix or label that has it).
fn position<S: Serializer>(span: &Span, serializer: S) -> Result<S::Ok, S::Error> {
    Position { line: span.line, column: span.column, end_line: span.end_line, end_column: span.end_column }
        .serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_serialize_with_flat_positions() {
        let span = Span { start: 3, end: 8, line: 2, column: 4, end_line: 2, end_column: 9 };
        let f = Finding::new("unknown-action", Severity::SecurityWarning, "m", span).with_fix(
            "replace with \"x\"",
            "\"x\"",
            span,
        );
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["severity"], "security_warning");
        assert_eq!((v["line"].as_u64(), v["end_column"].as_u64()), (Some(2), Some(9)));
        assert_eq!(v["fix"]["column"], 4);
        assert!(v.get("labels").is_none() && v.get("span").is_none() && v.get("start").is_none());
        assert!(v["help"].is_null() && v["policy"].is_null());
        let labelled = serde_json::to_value(f.with_label(span, "first here")).unwrap();
        assert_eq!(labelled["labels"][0]["message"], "first here");
    }

    #[test]
    fn severities_sort_most_serious_first() {
        let mut all = Severity::ALL;
        all.reverse();
        all.sort();
        assert_eq!(all, Severity::ALL);
        assert_eq!(Severity::SecurityWarning.to_string(), "security warning");
    }
}
