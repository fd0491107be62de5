//! Problems found while reading a policy document, as typed values with
//! messages a person can act on.

pub use crate::diagnostic::{Diagnostic, Severity};
use crate::diagnostic::{Fix, Label};
use crate::json::JsonSyntaxError;
use crate::span::Span;
use std::fmt;

/// A problem in a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyIssue {
    /// The text is not valid JSON.
    JsonSyntax(JsonSyntaxError),
    /// A member name that the grammar does not have (often a typo).
    UnknownElement {
        /// The name as written.
        element: String,
        /// Where it was found ("the policy", "statement 2").
        place: String,
        /// The closest valid name, if one is close.
        suggestion: Option<String>,
        /// Where the name is.
        span: Span,
    },
    /// An element has a value of the wrong JSON type.
    WrongType {
        /// The element.
        element: String,
        /// What the grammar allows.
        expected: &'static str,
        /// What was found.
        found: &'static str,
        /// Where the value is.
        span: Span,
    },
    /// A required element is missing.
    MissingElement {
        /// The element that is needed.
        element: &'static str,
        /// Where it is missing ("statement 3").
        place: String,
        /// The span of the object that lacks it.
        span: Span,
    },
    /// Two elements that exclude each other.
    ConflictingElements {
        /// The first element.
        first: &'static str,
        /// The second element.
        second: &'static str,
        /// The span of the second one.
        span: Span,
    },
    /// A value outside the allowed set (an Effect of "allow", a Version of "2").
    InvalidValue {
        /// The element.
        element: String,
        /// The value as written.
        value: String,
        /// What is allowed.
        expected: String,
        /// The closest allowed value, if one is close.
        suggestion: Option<String>,
        /// Where the value is.
        span: Span,
    },
    /// A condition operator this dialect does not have.
    UnknownConditionOperator {
        /// The operator as written.
        operator: String,
        /// The cloud whose grammar was used.
        cloud: &'static str,
        /// The closest known operator.
        suggestion: Option<String>,
        /// Where it is.
        span: Span,
    },
    /// The same member name twice in one object.
    DuplicateKey {
        /// The name.
        key: String,
        /// Where it first appeared.
        first: Span,
        /// Where it appears again.
        span: Span,
    },
    /// A condition value that the operator cannot read (a bad CIDR, date or number).
    BadConditionValue {
        /// The operator.
        operator: String,
        /// The value as written.
        value: String,
        /// What the operator expects.
        expected: &'static str,
        /// Where the value is.
        span: Span,
    },
    /// An element that does nothing (an empty list).
    EmptyElement {
        /// The element.
        element: String,
        /// The consequence.
        effect: &'static str,
        /// Where it is.
        span: Span,
    },
    /// An AWS action name with whitespace in it, which AWS compares as written.
    WhitespaceInName {
        /// `Action` or `NotAction`.
        element: String,
        /// The value as written.
        value: String,
        /// Where it is.
        span: Span,
    },
    /// `NotPrincipal` in an Allow statement: AWS no longer supports it, and it grants everyone it does not list.
    NotPrincipalWithAllow {
        /// The `NotPrincipal` value.
        span: Span,
    },
    /// The text was a fragment (statements without the `Statement` wrapper) and was wrapped.
    FragmentWrapped {
        /// How many statements were found.
        statements: usize,
        /// The whole text.
        span: Span,
    },
    /// No `Version` element.
    MissingVersion {
        /// What that means in this dialect.
        consequence: String,
        /// The policy object.
        span: Span,
    },
    /// How the dialect was decided, and any contrary evidence.
    DialectConflict {
        /// The decision.
        detected: String,
        /// What pointed elsewhere.
        conflicts: Vec<String>,
        /// The whole text.
        span: Span,
    },
}

impl PolicyIssue {
    /// Every code a parse issue can have, in the order of the variants (docs/findings.md lists them).
    pub const CODES: [&'static str; 15] = [
        "json-syntax",
        "unknown-element",
        "wrong-type",
        "missing-element",
        "conflicting-elements",
        "invalid-value",
        "unknown-condition-operator",
        "duplicate-key",
        "bad-condition-value",
        "empty-element",
        "whitespace-in-name",
        "not-principal-with-allow",
        "fragment-wrapped",
        "missing-version",
        "dialect-conflict",
    ];
}

impl Diagnostic for PolicyIssue {
    fn code(&self) -> &'static str {
        match self {
            PolicyIssue::JsonSyntax(_) => "json-syntax",
            PolicyIssue::UnknownElement { .. } => "unknown-element",
            PolicyIssue::WrongType { .. } => "wrong-type",
            PolicyIssue::MissingElement { .. } => "missing-element",
            PolicyIssue::ConflictingElements { .. } => "conflicting-elements",
            PolicyIssue::InvalidValue { .. } => "invalid-value",
            PolicyIssue::UnknownConditionOperator { .. } => "unknown-condition-operator",
            PolicyIssue::DuplicateKey { .. } => "duplicate-key",
            PolicyIssue::BadConditionValue { .. } => "bad-condition-value",
            PolicyIssue::EmptyElement { .. } => "empty-element",
            PolicyIssue::WhitespaceInName { .. } => "whitespace-in-name",
            PolicyIssue::NotPrincipalWithAllow { .. } => "not-principal-with-allow",
            PolicyIssue::FragmentWrapped { .. } => "fragment-wrapped",
            PolicyIssue::MissingVersion { .. } => "missing-version",
            PolicyIssue::DialectConflict { .. } => "dialect-conflict",
        }
    }

    fn severity(&self) -> Severity {
        match self {
            PolicyIssue::JsonSyntax(_)
            | PolicyIssue::UnknownElement { .. }
            | PolicyIssue::WrongType { .. }
            | PolicyIssue::MissingElement { .. }
            | PolicyIssue::ConflictingElements { .. }
            | PolicyIssue::InvalidValue { .. }
            | PolicyIssue::UnknownConditionOperator { .. }
            | PolicyIssue::DuplicateKey { .. } => Severity::Error,
            // It grants every principal it does not list, anonymous callers included.
            PolicyIssue::NotPrincipalWithAllow { .. } => Severity::SecurityWarning,
            PolicyIssue::BadConditionValue { .. }
            | PolicyIssue::EmptyElement { .. }
            | PolicyIssue::WhitespaceInName { .. }
            | PolicyIssue::MissingVersion { .. }
            | PolicyIssue::DialectConflict { .. } => Severity::Warning,
            PolicyIssue::FragmentWrapped { .. } => Severity::Note,
        }
    }

    fn span(&self) -> Span {
        match self {
            PolicyIssue::JsonSyntax(e) => e.span,
            PolicyIssue::UnknownElement { span, .. }
            | PolicyIssue::WrongType { span, .. }
            | PolicyIssue::MissingElement { span, .. }
            | PolicyIssue::ConflictingElements { span, .. }
            | PolicyIssue::InvalidValue { span, .. }
            | PolicyIssue::UnknownConditionOperator { span, .. }
            | PolicyIssue::DuplicateKey { span, .. }
            | PolicyIssue::BadConditionValue { span, .. }
            | PolicyIssue::EmptyElement { span, .. }
            | PolicyIssue::WhitespaceInName { span, .. }
            | PolicyIssue::NotPrincipalWithAllow { span }
            | PolicyIssue::FragmentWrapped { span, .. }
            | PolicyIssue::MissingVersion { span, .. }
            | PolicyIssue::DialectConflict { span, .. } => *span,
        }
    }

    fn labels(&self) -> Vec<Label> {
        match self {
            PolicyIssue::DuplicateKey { first, .. } => vec![Label::new(*first, "first written here")],
            _ => Vec::new(),
        }
    }

    fn help(&self) -> Option<String> {
        match self {
            PolicyIssue::JsonSyntax(e) => e.hint.clone(),
            PolicyIssue::UnknownElement { suggestion: Some(s), .. } => Some(format!("did you mean \"{s}\"?")),
            PolicyIssue::UnknownElement { .. } => None,
            PolicyIssue::InvalidValue { suggestion: Some(s), .. } => Some(format!("did you mean \"{s}\"?")),
            PolicyIssue::UnknownConditionOperator { suggestion: Some(s), .. } => Some(format!("did you mean {s}?")),
            PolicyIssue::DuplicateKey { first, .. } => {
                Some(format!("first written at line {}, column {}; merge the two", first.line, first.column))
            }
            PolicyIssue::ConflictingElements { first, second, .. } => {
                Some(format!("keep either {first} or {second}: a statement uses one of them"))
            }
            PolicyIssue::WhitespaceInName { value, .. } => Some(format!("write \"{}\"", without_whitespace(value))),
            PolicyIssue::NotPrincipalWithAllow { .. } => Some(
                "name the principals in Principal, or use \"Principal\": \"*\" with an ArnNotEquals condition on aws:PrincipalArn".into(),
            ),
            PolicyIssue::FragmentWrapped { .. } => {
                Some("the text was read as {\"Statement\": [...]}; wrap it yourself before using it in a cloud".into())
            }
            _ => None,
        }
    }

    fn fix(&self) -> Option<Fix> {
        match self {
            PolicyIssue::UnknownElement { suggestion: Some(s), span, .. }
            | PolicyIssue::InvalidValue { suggestion: Some(s), span, .. }
            | PolicyIssue::UnknownConditionOperator { suggestion: Some(s), span, .. } => {
                Some(Fix::replace_with_string(s, *span))
            }
            PolicyIssue::WhitespaceInName { value, span, .. } => {
                let clean = without_whitespace(value);
                Some(Fix::new(format!("write \"{clean}\""), crate::diagnostic::json_string(&clean), *span))
            }
            PolicyIssue::JsonSyntax(e) => e.fix(),
            _ => None,
        }
    }
}

fn without_whitespace(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

impl fmt::Display for PolicyIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyIssue::JsonSyntax(e) => write!(f, "JSON syntax: {}", e.message),
            PolicyIssue::UnknownElement { element, place, .. } => {
                write!(f, "unknown element \"{element}\" in {place}")
            }
            PolicyIssue::WrongType { element, expected, found, .. } => {
                write!(f, "{element} must be {expected}, found {found}")
            }
            PolicyIssue::MissingElement { element, place, .. } => {
                write!(f, "{place} has no \"{element}\"")
            }
            PolicyIssue::ConflictingElements { first, second, .. } => {
                write!(f, "a statement cannot have both \"{first}\" and \"{second}\"")
            }
            PolicyIssue::InvalidValue { element, value, expected, .. } => {
                write!(f, "{element} \"{value}\" is not valid: expected {expected}")
            }
            PolicyIssue::UnknownConditionOperator { operator, cloud, .. } => {
                write!(f, "unknown condition operator \"{operator}\" for {cloud}")
            }
            PolicyIssue::DuplicateKey { key, .. } => {
                write!(f, "\"{key}\" appears twice in the same object")
            }
            PolicyIssue::BadConditionValue { operator, value, expected, .. } => {
                write!(f, "{operator} cannot use \"{value}\": expected {expected}; this value never matches")
            }
            PolicyIssue::EmptyElement { element, effect, .. } => write!(f, "{element} is empty: {effect}"),
            PolicyIssue::WhitespaceInName { element, value, .. } => write!(
                f,
                "{element} \"{value}\" has whitespace in it; AWS compares action names as written, so it matches no action"
            ),
            PolicyIssue::NotPrincipalWithAllow { .. } => write!(
                f,
                "NotPrincipal in an Allow statement grants every principal it does not list, anonymous callers included; AWS no longer supports it with Allow"
            ),
            PolicyIssue::FragmentWrapped { statements, .. } => {
                write!(f, "the text is a fragment: {statements} statement(s) without the \"Statement\" wrapper")
            }
            PolicyIssue::MissingVersion { consequence, .. } => {
                write!(f, "no \"Version\": {consequence}")
            }
            PolicyIssue::DialectConflict { detected, conflicts, .. } => {
                write!(f, "{detected}, but the text also has {}", conflicts.join(", "))
            }
        }
    }
}

/// The closest candidate by edit distance (case-insensitive), if close enough to be a typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 4);
    candidates
        .into_iter()
        .map(|c| (levenshtein(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(row[j]).min(cur) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("Efect", ["Effect", "Action"]), Some("Effect"));
        assert_eq!(did_you_mean("stringequals", ["StringEquals", "StringLike"]), Some("StringEquals"));
        assert_eq!(did_you_mean("Banana", ["Effect", "Action"]), None);
    }
}
