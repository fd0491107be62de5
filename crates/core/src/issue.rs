//! Problems found while reading a policy document, as typed values with
//! messages a person can act on.

pub use crate::diagnostic::{Diagnostic, Severity};
use crate::diagnostic::{Fix, Label};
use crate::json::JsonSyntaxError;
use crate::span::Span;
use std::fmt;

/// The most statements the playground reads in one policy: far over any cloud's size quota
/// (a few hundred statements fit in one), and where the page's lists of statements stop being
/// usable. A longer policy is an error, not a slow page.
pub const MAX_STATEMENTS: usize = 50_000;

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
    /// More statements than the playground reads in one policy ([`MAX_STATEMENTS`]).
    TooManyStatements {
        /// How many the policy has.
        statements: usize,
        /// The first statement past the limit.
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
    pub const CODES: [&'static str; 16] = [
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
        "too-many-statements",
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
            PolicyIssue::TooManyStatements { .. } => "too-many-statements",
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
            | PolicyIssue::DuplicateKey { .. }
            | PolicyIssue::TooManyStatements { .. } => Severity::Error,
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
            | PolicyIssue::TooManyStatements { span, .. }
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
            PolicyIssue::TooManyStatements { .. } => {
                Some("split the policy; no cloud accepts a policy this long (see docs/limits.md)".into())
            }
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
            PolicyIssue::TooManyStatements { statements, .. } => write!(
                f,
                "the policy has {statements} statements; the playground reads at most {MAX_STATEMENTS} in one policy"
            ),
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
/// Cost O(candidates × length × limit): candidates whose length alone puts them out of reach
/// are skipped, and distances are computed in a band that stops at the limit.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let limit = (lower.len() / 3).clamp(1, 4);
    let mut best: Option<(usize, &str)> = None;
    let mut other: Vec<char> = Vec::new();
    for c in candidates {
        // The distance is at least the difference in length (bytes bound characters from above).
        if c.len() + limit < lower.len() || c.chars().count().abs_diff(lower.len()) > limit {
            continue;
        }
        let cutoff = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        other.clear();
        other.extend(c.chars().map(|c| c.to_ascii_lowercase()));
        if let Some(d) = bounded_levenshtein(&lower, &other, cutoff) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance of `a` and `b` if it is at most `limit`; only the diagonal band of width
/// `2·limit + 1` is computed, so the cost is O(len × limit).
fn bounded_levenshtein(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let over = limit + 1;
    // row[j] for the current i; cells outside the band hold `over` (more than the limit).
    let mut row: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    for (i, ca) in a.iter().enumerate() {
        let from = (i + 1).saturating_sub(limit).max(1);
        let to = (i + 1 + limit).min(b.len());
        let mut diagonal = row[from - 1];
        row[from - 1] = if from == 1 { (i + 1).min(over) } else { over };
        let mut best = row[from - 1];
        for j in from..=to {
            let up = row[j];
            let cost = if *ca == b[j - 1] { diagonal } else { 1 + diagonal.min(up).min(row[j - 1]) };
            diagonal = up;
            row[j] = cost.min(over);
            best = best.min(row[j]);
        }
        if to < b.len() {
            row[to + 1] = over;
        }
        if best > limit {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= limit).then_some(d)
}

/// `text` for a message: whole when short, else its first characters and an ellipsis with the
/// length, so that a message about a huge name does not repeat the name whole.
pub fn abbreviated(text: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 80;
    match text.char_indices().nth(SHOWN) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}… ({} characters)", &text[..end], text.chars().count())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("Efect", ["Effect", "Action"]), Some("Effect"));
        assert_eq!(did_you_mean("stringequals", ["StringEquals", "StringLike"]), Some("StringEquals"));
        assert_eq!(did_you_mean("Banana", ["Effect", "Action"]), None);
        // The closest of several within reach, the first of equals.
        assert_eq!(did_you_mean("ListAlias", ["ListAliasesX", "ListAliases", "ListAlia"]), Some("ListAlia"));
        let long = "x".repeat(1_000_000);
        assert_eq!(did_you_mean(&long, ["Effect", long.as_str()]), Some(long.as_str()));
    }

    /// The textbook full-table distance.
    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = if ca == cb { prev } else { 1 + prev.min(row[j]).min(cur) };
                prev = cur;
            }
        }
        row[b.len()]
    }

    proptest::proptest! {
        #[test]
        fn the_band_agrees_with_the_whole_table(a in "[abc]{0,12}", b in "[abc]{0,12}", limit in 0usize..6) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = levenshtein(&a, &b);
            proptest::prop_assert_eq!(bounded_levenshtein(&a, &b, limit), (full <= limit).then_some(full));
        }
    }

    #[test]
    fn long_texts_are_abbreviated_in_messages() {
        assert_eq!(abbreviated("s3:GetObject"), "s3:GetObject");
        let long = format!("s3:{}", "é".repeat(1_000));
        let short = abbreviated(&long);
        assert!(short.starts_with("s3:éé") && short.ends_with("… (1003 characters)"), "{short}");
        assert_eq!(short.chars().count(), 80 + "… (1003 characters)".chars().count());
    }
}
