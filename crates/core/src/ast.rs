//! The policy tree of both clouds: what a document says, compiled (patterns, operators and
//! condition values are read once, when the text is parsed), with the span of every element.
//!
//! A statement's body ([`StatementBody`]) does not depend on where its text is: its spans
//! count from the statement's own start ([`Span::relative_to`]), so one compiled body, behind
//! an [`Arc`], serves every copy of the same statement text (a batch file repeats statements
//! in many cases). [`Statement`] places the body: its index in the policy and its span in the
//! document; [`Statement::absolute`] turns an inner span into one people can be shown.
//!
//! The tree is built by [`crate::parser`] and read by the evaluator; it knows nothing of either.

use crate::dialect::Dialect;
use crate::operator::Operator;
use crate::pattern::{Pattern, PatternSyntax};
use crate::span::Span;
use crate::value::CompiledValue;
use serde::Serialize;
use std::sync::Arc;

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    compiled: std::sync::OnceLock<Vec<Pattern>>,
}

impl ArnParts {
    /// Parts not compiled yet, to be read with `syntax`.
    pub fn new(syntax: PatternSyntax) -> ArnParts {
        ArnParts { syntax, compiled: std::sync::OnceLock::new() }
    }

    /// The parts of `text`, the name these parts belong to.
    pub fn of(&self, text: &str) -> &[Pattern] {
        self.compiled
            .get_or_init(|| text.splitn(Dialect::Aws.arn_parts(), ':').map(|p| Pattern::new(p, self.syntax)).collect())
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
    /// `AWS`, `RAM`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare wildcard.
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

/// How messages name a statement: "statement 2" or "statement 2 (Sid Backup)".
pub(crate) fn statement_place(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("statement {} (Sid {sid})", index + 1),
        None => format!("statement {}", index + 1),
    }
}
