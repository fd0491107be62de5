//! The policy tree of both clouds: what a document says, compiled (patterns, operators and
//! condition values are read once, when the text is parsed), with the span of every element.
//!
//! A statement's body ([`StatementBody`]) does not depend on where its text is: its spans
//! count from the statement's own start ([`Span::relative_to`]), so one compiled body, behind
//! an [`Arc`], serves every copy of the same statement text (a batch file repeats statements
//! in many cases). [`Statement`] places the body: its index in the policy and its span in the
//! document; [`Statement::absolute`] turns an inner span into one people can be shown.
//!
//! The tree is built by the parser and read by the evaluator; it knows nothing of either.

use crate::dialect::Dialect;
use crate::operator::Operator;
use crate::pattern::{Pattern, PatternSyntax};
use crate::span::Span;
use crate::value::CompiledValue;
use serde::Serialize;
use std::sync::Arc;

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub enum Effect {
    /// Grants.
    Allow,
    /// Refuses, overriding every Allow.
    Deny,
}

/// A parsed, compiled policy document.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The name people know it by (file name, attached policy name).
    pub name: String,
    /// The dialect it was read in.
    pub dialect: Dialect,
    /// The `Version` value, if present.
    pub version: Option<String>,
    /// Whether `${...}` policy variables are substituted (AWS: only with 2012-10-17).
    pub variables: bool,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
    /// The span of the whole document.
    pub span: Span,
}

impl Policy {
    /// A policy without statements: it grants, denies and trusts nothing. Stands in for a
    /// document that cannot be read, so the rest of a scenario still works.
    pub fn empty(name: &str, dialect: Dialect, span: Span) -> Policy {
        Policy { name: name.to_string(), dialect, version: None, variables: false, statements: Vec::new(), span }
    }
}

/// One statement of a policy: where it is, and what it says.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Position in the policy, from 0.
    pub index: usize,
    /// The span of the statement object in the document.
    pub span: Span,
    /// What it says; shared by every statement with the same text, dialect and Version setting
    /// that its reader chose to share it with. Its spans count from [`Statement::span`]'s start.
    pub body: Arc<StatementBody>,
}

impl Statement {
    /// Statement `index` of its policy, at `span`, saying `body`.
    pub fn new(index: usize, span: Span, body: Arc<StatementBody>) -> Statement {
        Statement { index, span, body }
    }

    /// An inner span of the body ([`NameSet::span`], [`Condition::span`], ...) where it is in
    /// the document: the position to show people.
    pub fn absolute(&self, inner: Span) -> Span {
        inner.placed_at(self.span)
    }

    /// "statement 2 (Sid AllowRead)" for messages; indexes count from 1 for people.
    pub fn label(&self) -> String {
        statement_place(self.index, self.body.sid.as_deref())
    }
}

/// What a statement says: its elements, each with its span counted from the statement's own
/// start (see the module documentation), so the same text compiles to the same body wherever
/// it is.
#[derive(Debug, Clone)]
pub struct StatementBody {
    /// The `Sid`, if any.
    pub sid: Option<String>,
    /// Allow or Deny.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub action: NameSet,
    /// `Resource` or `NotResource`; `None` when absent (resource and trust policies
    /// may omit it: the statement then covers the resource the policy is attached to).
    pub resource: Option<NameSet>,
    /// `Principal` or `NotPrincipal`, when present.
    pub principal: Option<PrincipalSet>,
    /// Each (operator, key) pair of the `Condition` block.
    pub conditions: Vec<Condition>,
    /// The services `action` can match, summarized for the authorizer's prefilter.
    pub action_services: ServiceMask,
}

impl StatementBody {
    /// Compiles every AWS resource name's ARN parts now rather than when first matched, for a
    /// body that many statements will share (each would otherwise race to compile them).
    pub fn compile_arn_parts(&self) {
        for item in self.resource.iter().flat_map(|set| set.items.iter()) {
            if let Some(parts) = &item.parts {
                parts.of(&item.text);
            }
        }
    }
}

/// A list of action or resource patterns, possibly negated (`NotAction`, `NotResource`).
#[derive(Debug, Clone)]
pub struct NameSet {
    /// True for `NotAction` / `NotResource`.
    pub negated: bool,
    /// The patterns.
    pub items: Vec<NameItem>,
    /// The span of the element's value, relative to its statement.
    pub span: Span,
}

impl NameSet {
    /// The element's name as written (`Action`, `NotResource`, ...).
    pub fn element(&self, base: &str) -> String {
        if self.negated { format!("Not{base}") } else { base.to_string() }
    }
}

/// A 64-bit summary of a set of services (the part of an action name before its first `:`,
/// or the whole name when it has none): each service sets one bit chosen by a hash of its
/// name. An action element's summary ([`StatementBody::action_services`]) holds the bit of
/// every service its patterns can match, or every bit when a pattern's service part has a
/// wildcard or the element is `NotAction`. So when an action's bit is not in the summary, no
/// pattern of the element can match it (the converse does not hold: different services may
/// share a bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ServiceMask(u64);

impl ServiceMask {
    /// Every service.
    pub const ALL: ServiceMask = ServiceMask(u64::MAX);

    /// The bit of the service of `action`, an action name as the patterns are matched against
    /// it (lower-cased).
    pub fn of_action(action: &str) -> ServiceMask {
        ServiceMask::service(action.split_once(':').map_or(action, |(service, _)| service))
    }

    /// The services a compiled action pattern can match.
    pub fn of_pattern(pattern: &Pattern) -> ServiceMask {
        let (prefix, whole) = pattern.literal_prefix();
        match prefix.bytes().position(|b| b == b':') {
            // Every match starts with `service:`, so its service is this one.
            Some(colon) => ServiceMask::service(&prefix[..colon]),
            // A literal without `:` matches only itself, a service name on its own.
            None if whole => ServiceMask::service(prefix),
            None => ServiceMask::ALL,
        }
    }

    /// The services an action element can match (see the type's documentation).
    pub fn of_action_set(set: &NameSet) -> ServiceMask {
        if set.negated {
            return ServiceMask::ALL;
        }
        set.items.iter().fold(ServiceMask::default(), |mask, item| mask.union(ServiceMask::of_pattern(&item.pattern)))
    }

    /// Both sets together.
    pub fn union(self, other: ServiceMask) -> ServiceMask {
        ServiceMask(self.0 | other.0)
    }

    /// Whether some service of `other` may be in this set (false only when none is).
    pub fn overlaps(self, other: ServiceMask) -> bool {
        self.0 & other.0 != 0
    }

    fn service(name: &str) -> ServiceMask {
        // Services are short names: their first and last 8 bytes and their length, mixed by one
        // multiplication (Fibonacci hashing), pick the bit. This runs once per action pattern.
        let bytes = name.as_bytes();
        let word = |part: &[u8]| {
            let mut w = [0u8; 8];
            w[..part.len()].copy_from_slice(part);
            u64::from_le_bytes(w)
        };
        let head = word(&bytes[..bytes.len().min(8)]);
        let tail = if bytes.len() > 8 { word(&bytes[bytes.len() - 8..]) } else { 0 };
        let key = head ^ tail.rotate_left(29) ^ bytes.len() as u64;
        ServiceMask(1 << (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58))
    }
}

/// One action or resource pattern.
#[derive(Debug, Clone)]
pub struct NameItem {
    /// The text as written.
    pub text: String,
    /// The compiled pattern (lower-cased for actions).
    pub pattern: Pattern,
    /// For AWS resource names with wildcards or variables: the pattern split into the
    /// `:`-separated ARN parts (`None` for RAM names, for `*` and for plain names, which
    /// match exactly when they equal the resource).
    pub parts: Option<ArnParts>,
    /// Where it is, relative to its statement.
    pub span: Span,
}

/// An AWS resource name split into its six `:`-separated ARN parts, compiled the first time
/// it is matched: in a batch most statements never get that far (their action differs).
#[derive(Debug, Clone)]
pub struct ArnParts {
    syntax: PatternSyntax,
    compiled: std::sync::OnceLock<Vec<ArnPart>>,
}

/// One ARN part of a resource name. Most parts are literal text or text and one final `*`:
/// those are kept as a range of the name (the parts of a name then cost one allocation);
/// the others are compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArnPart {
    /// Text without wildcards or variables, matched exactly: bytes `start..end` of the name.
    Literal {
        /// Where the text starts in the name.
        start: usize,
        /// Where it ends.
        end: usize,
    },
    /// Text then a final `*`, matched as a prefix: bytes `start..end` of the name (without
    /// the `*`; empty for `*` alone).
    Prefix {
        /// Where the text starts in the name.
        start: usize,
        /// Where it ends.
        end: usize,
    },
    /// Any other part (`?`, other `*`s, variables), compiled.
    Pattern(Pattern),
}

impl ArnParts {
    /// Parts not compiled yet, to be read with `syntax`.
    pub fn new(syntax: PatternSyntax) -> ArnParts {
        ArnParts { syntax, compiled: std::sync::OnceLock::new() }
    }

    /// The parts of `text`, the name these parts belong to.
    pub fn of(&self, text: &str) -> &[ArnPart] {
        self.compiled.get_or_init(|| {
            let syntax = self.syntax;
            let special = |b: u8| (syntax.wildcards && matches!(b, b'*' | b'?')) || (syntax.variables && b == b'$');
            let (split, count) = Dialect::Aws.split_name(text);
            let mut parts = Vec::with_capacity(count);
            let mut start = 0;
            for &part in &split[..count] {
                let end = start + part.len();
                // The shapes Pattern::new keeps as text alone, kept here as ranges.
                parts.push(match part.bytes().position(special) {
                    None => ArnPart::Literal { start, end },
                    Some(at) if at + 1 == part.len() && part.as_bytes()[at] == b'*' => {
                        ArnPart::Prefix { start, end: start + at }
                    }
                    Some(_) => ArnPart::Pattern(Pattern::new(part, syntax)),
                });
                start = end + 1;
            }
            parts
        })
    }
}

/// The `Principal` / `NotPrincipal` element.
#[derive(Debug, Clone)]
pub struct PrincipalSet {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// The entries; `"Principal": "*"` is one entry of kind `*`.
    pub entries: Vec<PrincipalEntry>,
    /// The span of the value, relative to its statement.
    pub span: Span,
}

/// One principal named in a policy.
#[derive(Debug, Clone)]
pub struct PrincipalEntry {
    /// `AWS`, `RAM`, `Service`, `Federated`, `CanonicalUser`, `UID` (an item of an OSS bucket
    /// policy's list of account or RAM user UIDs), or `*` for the bare wildcard.
    pub kind: String,
    /// The value as written.
    pub value: String,
    /// Where it is, relative to its statement.
    pub span: Span,
}

/// One (operator, key) test of a `Condition` block.
#[derive(Debug, Clone)]
pub struct Condition {
    /// The operator.
    pub operator: Operator,
    /// The operator as written.
    pub operator_text: String,
    /// The condition key as written.
    pub key: String,
    /// The key lower-cased (keys are case-insensitive).
    pub key_lower: String,
    /// The policy's values.
    pub values: Vec<ConditionValue>,
    /// The span of the key, relative to its statement.
    pub span: Span,
}

/// One value of a condition.
#[derive(Debug, Clone)]
pub struct ConditionValue {
    /// The value as written.
    pub text: String,
    /// The value read for the operator.
    pub compiled: CompiledValue,
    /// Where it is, relative to its statement.
    pub span: Span,
}

/// How messages name a statement: "statement 2" or "statement 2 (Sid Backup)". Every
/// explanation names its decisive statements, so this is written without `format!`.
pub(crate) fn statement_place(index: usize, sid: Option<&str>) -> String {
    let mut place = String::with_capacity(24 + sid.map_or(0, str::len));
    place.push_str("statement ");
    push_number(&mut place, index + 1);
    if let Some(sid) = sid {
        place.push_str(" (Sid ");
        place.push_str(sid);
        place.push(')');
    }
    place
}

/// Appends the decimal digits of `n` (as `{n}` formats it).
pub(crate) fn push_number(out: &mut String, n: usize) {
    crate::decimal::push(out, n);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_named_as_format_names_them() {
        for (index, sid) in [(0, None), (8, Some("Read")), (9, Some("é \"x\"")), (12345, None), (99, Some(""))] {
            let expected = match sid {
                Some(sid) => format!("statement {} (Sid {sid})", index + 1),
                None => format!("statement {}", index + 1),
            };
            assert_eq!(statement_place(index, sid), expected);
        }
    }
}
