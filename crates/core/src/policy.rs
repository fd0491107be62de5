//! The policy grammar of both clouds: the syntax tree and the reader that
//! builds it from span-aware JSON, reporting every problem it can find.

use crate::condition::{CompiledValue, compile_value};
use crate::dialect::{self, Detection, Dialect};
use crate::issue::{Diagnostic, PolicyIssue, did_you_mean};
use crate::json::{self, Json, JsonKind, Member};
use crate::operator::Operator;
use crate::pattern::{Pattern, PatternSyntax};
use crate::span::{LineIndex, Span};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Statements compiled before from the same text, for a caller that reads many documents out
/// of one text (a batch file). The parser only asks; the batch layer's interner answers.
pub trait StatementSource<'t> {
    /// The text every span points into; statements the JSON reader left unread are read from it.
    fn index(&self) -> &LineIndex<'t>;
    /// What is known of the statement whose text is at `span`.
    fn reuse(&self, dialect: Dialect, variables: bool, span: Span) -> Reuse;
    /// Whether a statement compiled afresh stays in its policy.
    fn wanted(&self, statement: &Statement) -> bool;
    /// Notes a statement that compiled without issues.
    fn insert(&mut self, dialect: Dialect, variables: bool, statement: &Statement);
}

/// What a [`StatementSource`] knows of one statement text.
// Returned by value and unpacked at once: boxing the statement would cost an allocation
// per reuse, which is what sharing is there to save.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Reuse {
    /// Nothing: compile it.
    Unknown,
    /// Compiled before, but left out of the policy; its Sid, for duplicate checks.
    Unwanted {
        /// The statement's Sid.
        sid: Option<String>,
    },
    /// A copy placed where the text is.
    Wanted(Statement),
}

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

/// One statement: where it is, and what it says. A batch repeats the same statement text in
/// many cases, and a case read for a brief explanation shares the compiled body with the
/// statement cache instead of copying it (see [`playground_batch::statement_cache`]); a statement compiled
/// for itself keeps its body inline, one pointer fewer to follow when it is evaluated.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Position in the policy, from 0.
    pub index: usize,
    /// The span of the statement object.
    pub span: Span,
    body: Body,
}

/// A statement's body: its own, or shared with the cache and the other copies of its text.
// The large variant is the point: evaluating an owned statement follows no extra pointer.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Body {
    Owned(StatementBody),
    Shared(Arc<StatementBody>),
}

/// What a statement says: its elements, each with its span.
///
/// The spans are where the body was compiled. They are the statement's own except in a case
/// read for a brief explanation ([`playground_batch::case::Case::trimmed`]), whose statements may share
/// the body of an identical earlier copy of their text; brief explanations cite only
/// [`Statement::span`].
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

impl std::ops::Deref for Statement {
    type Target = StatementBody;

    fn deref(&self) -> &StatementBody {
        match &self.body {
            Body::Owned(body) => body,
            Body::Shared(body) => body,
        }
    }
}

impl Policy {
    /// A policy without statements: it grants, denies and trusts nothing. Stands in for a
    /// document that cannot be read, so the rest of a scenario still works.
    pub fn empty(name: &str, dialect: Dialect, span: Span) -> Policy {
        Policy { name: name.to_string(), dialect, version: None, variables: false, statements: Vec::new(), span }
    }
}

impl Statement {
    /// Statement `index` of its policy, at `span`.
    pub fn new(index: usize, span: Span, body: StatementBody) -> Statement {
        Statement { index, span, body: Body::Owned(body) }
    }

    /// The same statement with its body made shareable, for the statement cache to hand out
    /// with [`Statement::sharing`] (copies an owned body once).
    pub fn shareable(&self) -> Statement {
        let body = match &self.body {
            Body::Owned(body) => Arc::new(body.clone()),
            Body::Shared(body) => Arc::clone(body),
        };
        Statement { index: self.index, span: self.span, body: Body::Shared(body) }
    }

    /// The same body at another place (`index`, `span`), without copying it when it is
    /// shareable; the body's spans stay where it was compiled (see [`StatementBody`]).
    pub fn sharing(&self, index: usize, span: Span) -> Statement {
        Statement { index, span, body: self.body.clone() }
    }

    /// The body, made this statement's own first if it was shared.
    fn body_mut(&mut self) -> &mut StatementBody {
        if let Body::Shared(shared) = &self.body {
            self.body = Body::Owned(StatementBody::clone(shared));
        }
        match &mut self.body {
            Body::Owned(body) => body,
            Body::Shared(body) => Arc::make_mut(body),
        }
    }

    /// Whether the body is shared with other copies of the statement's text.
    pub fn body_is_shared(&self) -> bool {
        matches!(self.body, Body::Shared(_))
    }

    /// Calls `f` on every span inside the statement (its own, each element's, item's, entry's,
    /// condition key's and value's), to move a compiled statement to another copy of its text.
    /// A shared body is copied first.
    pub fn for_each_span_mut(&mut self, mut f: impl FnMut(&mut Span)) {
        f(&mut self.span);
        let body = self.body_mut();
        for set in std::iter::once(&mut body.action).chain(body.resource.as_mut()) {
            f(&mut set.span);
            for item in &mut set.items {
                f(&mut item.span);
            }
        }
        if let Some(principal) = &mut body.principal {
            f(&mut principal.span);
            for entry in &mut principal.entries {
                f(&mut entry.span);
            }
        }
        for condition in &mut body.conditions {
            f(&mut condition.span);
            for value in &mut condition.values {
                f(&mut value.span);
            }
        }
    }

    /// "statement 2 (Sid AllowRead)" for messages; indexes count from 1 for people.
    pub fn label(&self) -> String {
        statement_place(self.index, self.sid.as_deref())
    }
}

/// A list of action or resource patterns, possibly negated (`NotAction`, `NotResource`).
#[derive(Debug, Clone)]
pub struct NameSet {
    /// True for `NotAction` / `NotResource`.
    pub negated: bool,
    /// The patterns.
    pub items: Vec<NameItem>,
    /// The span of the element's value.
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
    /// Where it is.
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
    /// The span of the value.
    pub span: Span,
}

/// One principal named in a policy.
#[derive(Debug, Clone)]
pub struct PrincipalEntry {
    /// `AWS`, `RAM`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare wildcard.
    pub kind: String,
    /// The value as written.
    pub value: String,
    /// Where it is.
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
    /// The span of the key.
    pub span: Span,
}

/// One value of a condition.
#[derive(Debug, Clone)]
pub struct ConditionValue {
    /// The value as written.
    pub text: String,
    /// The value read for the operator.
    pub compiled: CompiledValue,
    /// Where it is.
    pub span: Span,
}

/// The result of reading a document: the policy when it has no errors, and
/// every issue found either way.
#[derive(Debug, Clone)]
pub struct ParsedPolicy {
    /// The policy, present when no issue is an error.
    pub policy: Option<Policy>,
    /// All issues, in document order.
    pub issues: Vec<PolicyIssue>,
    /// How the dialect was decided.
    pub detection: Detection,
}

impl ParsedPolicy {
    /// True when some issue is an error.
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity() == crate::issue::Severity::Error)
    }
}

/// Reads a policy from text as pasted. `dialect` forces the dialect; `None` detects it.
pub fn parse_policy(name: &str, text: &str, dialect: Option<Dialect>) -> ParsedPolicy {
    match json::parse(text) {
        Ok(parsed) => {
            let mut result = policy_from_json(name, &parsed.value, dialect);
            if let Some(count) = parsed.wrapped_run {
                result.issues.insert(0, PolicyIssue::FragmentWrapped { statements: count, span: parsed.value.span });
            }
            result
        }
        Err(e) => {
            let mut evidence = Vec::new();
            dialect::evidence_in_text(text, &mut evidence);
            ParsedPolicy {
                policy: None,
                issues: vec![PolicyIssue::JsonSyntax(e)],
                detection: dialect::decide(dialect, &evidence),
            }
        }
    }
}

const POLICY_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: &[&str] =
    &["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];

/// Reads a policy from an already parsed JSON value (used for documents embedded in case
/// and scenario files, so spans point into those files).
pub fn policy_from_json(name: &str, doc: &Json, forced: Option<Dialect>) -> ParsedPolicy {
    let mut evidence = Vec::new();
    dialect::evidence_in_policy(doc, &mut evidence);
    let detection = dialect::decide(forced, &evidence);
    let mut reader = Reader { dialect: detection.dialect, issues: Vec::new(), variables: false, cache: None };
    let policy = reader.policy(name, doc);
    if !detection.conflicts.is_empty() {
        reader.issues.push(PolicyIssue::DialectConflict {
            detected: detection.reason.clone(),
            conflicts: detection.conflicts.clone(),
            span: doc.span,
        });
    }
    let has_errors = reader.issues.iter().any(|i| i.severity() == crate::issue::Severity::Error);
    ParsedPolicy { policy: if has_errors { None } else { policy }, issues: reader.issues, detection }
}

/// Reads a policy in a dialect decided beforehand: no detection, so no dialect-conflict
/// issue (case files decide the dialect once for all their documents).
///
/// With a cache, statements whose text was compiled before (without issues) are copied
/// from it rather than compiled again; `doc`'s spans must then be offsets into the text
/// the cache was made for.
pub fn policy_from_json_in<'t>(
    name: &str,
    doc: &Json<'t>,
    dialect: Dialect,
    cache: Option<&mut dyn StatementSource<'t>>,
) -> ParsedPolicy {
    let mut reader = Reader { dialect, issues: Vec::new(), variables: false, cache };
    let policy = reader.policy(name, doc);
    let has_errors = reader.issues.iter().any(|i| i.severity() == crate::issue::Severity::Error);
    let detection = dialect::decide(Some(dialect), &[]);
    ParsedPolicy { policy: if has_errors { None } else { policy }, issues: reader.issues, detection }
}

struct Reader<'c, 't> {
    dialect: Dialect,
    issues: Vec<PolicyIssue>,
    variables: bool,
    cache: Option<&'c mut dyn StatementSource<'t>>,
}

impl Reader<'_, '_> {
    fn policy(&mut self, name: &str, doc: &Json) -> Option<Policy> {
        let statements_value;
        let mut version = None;
        match &doc.kind {
            JsonKind::Object(members) if doc.get("Statement").is_some() || !looks_like_statement(members) => {
                self.check_members(members, POLICY_ELEMENTS, || "the policy".into());
                if let Some(v) = doc.get("Version") {
                    version = self.version(v);
                } else {
                    self.missing_version(doc.span);
                }
                if let Some(id) = doc.get("Id") {
                    self.expect_string("Id", id);
                }
                match doc.get("Statement") {
                    Some(s) => statements_value = s,
                    None => {
                        self.issues.push(PolicyIssue::MissingElement {
                            element: "Statement",
                            place: "the policy".into(),
                            span: doc.span,
                        });
                        return None;
                    }
                }
            }
            JsonKind::Object(_) => {
                // A bare statement, as documentation often prints one.
                self.issues.push(PolicyIssue::FragmentWrapped { statements: 1, span: doc.span });
                self.variables = false;
                statements_value = doc;
            }
            JsonKind::Array(_) => {
                self.variables = false;
                statements_value = doc;
            }
            _ => {
                self.issues.push(PolicyIssue::WrongType {
                    element: "a policy document".into(),
                    expected: "an object with \"Statement\"",
                    found: doc.type_name(),
                    span: doc.span,
                });
                return None;
            }
        }
        let items: Vec<&Json> = match &statements_value.kind {
            JsonKind::Array(items) => items.iter().collect(),
            JsonKind::Object(_) => vec![statements_value],
            _ => {
                self.issues.push(PolicyIssue::WrongType {
                    element: "Statement".into(),
                    expected: "an object or an array of objects",
                    found: statements_value.type_name(),
                    span: statements_value.span,
                });
                return None;
            }
        };
        let mut statements = Vec::with_capacity(items.len());
        // Sids are compared as compiled: statements reused from the cache were not read.
        let mut sids: HashMap<String, Span> = HashMap::new();
        for (index, item) in items.into_iter().enumerate() {
            let reuse = match &self.cache {
                Some(cache) => cache.reuse(self.dialect, self.variables, item.span),
                None => Reuse::Unknown,
            };
            let (st, sid) = match reuse {
                Reuse::Wanted(mut st) => {
                    st.index = index;
                    let sid = st.sid.clone();
                    (Some(st), sid)
                }
                Reuse::Unwanted { sid } => (None, sid),
                Reuse::Unknown => match self.compile_statement(index, item) {
                    Some(st) => {
                        let sid = st.sid.clone();
                        let wanted = self.cache.as_ref().is_none_or(|c| c.wanted(&st));
                        (wanted.then_some(st), sid)
                    }
                    None => (None, None),
                },
            };
            if let Some(sid) = sid {
                match sids.get(&sid) {
                    Some(&first) => self.issues.push(PolicyIssue::DuplicateKey {
                        key: format!("Sid {sid}"),
                        first,
                        span: item.span,
                    }),
                    None => {
                        sids.insert(sid, item.span);
                    }
                }
            }
            statements.extend(st);
        }
        Some(Policy {
            name: name.to_string(),
            dialect: self.dialect,
            version,
            variables: self.variables,
            statements,
            span: doc.span,
        })
    }

    /// Compiles a statement, reading it first if the JSON reader left it unread, and
    /// remembers it in the cache when it has no issues.
    fn compile_statement(&mut self, index: usize, item: &Json<'_>) -> Option<Statement> {
        let read;
        let item = match (&item.kind, self.cache.as_ref()) {
            (JsonKind::Unread, Some(cache)) => {
                read = json::parse_at(cache.index(), item.span.start, item.span.end);
                match &read {
                    Ok(value) => value,
                    // The text was read before, so this cannot happen; say so rather than panic.
                    Err(e) => {
                        self.issues.push(PolicyIssue::WrongType {
                            element: statement_place(index, None),
                            expected: "a statement object",
                            found: "text that no longer reads as JSON",
                            span: e.span,
                        });
                        return None;
                    }
                }
            }
            _ => item,
        };
        let before = self.issues.len();
        let st = self.statement(index, item);
        if let (Some(st), Some(cache)) = (&st, self.cache.as_mut())
            && self.issues.len() == before
        {
            cache.insert(self.dialect, self.variables, st);
        }
        st
    }

    fn missing_version(&mut self, span: Span) {
        let consequence = match self.dialect {
            Dialect::Aws => {
                "AWS reads the policy as version 2008-10-17, so ${...} policy variables are literal text; add \"Version\": \"2012-10-17\""
            }
            Dialect::Aliyun => "RAM policies carry \"Version\": \"1\"; add it",
        };
        self.variables = false;
        self.issues.push(PolicyIssue::MissingVersion { consequence: consequence.into(), span });
    }

    fn version(&mut self, v: &Json) -> Option<String> {
        let text = self.expect_string("Version", v)?;
        let allowed: &[&str] = match self.dialect {
            Dialect::Aws => &["2012-10-17", "2008-10-17"],
            Dialect::Aliyun => &["1"],
        };
        if allowed.contains(&text) {
            // RAM documents no policy variables; AWS substitutes them only in 2012-10-17.
            self.variables = text == "2012-10-17";
        } else {
            self.issues.push(PolicyIssue::InvalidValue {
                element: "Version".into(),
                value: text.to_string(),
                expected: format!("{} for {}", allowed.join(" or "), self.dialect.cloud()),
                suggestion: allowed.first().map(|s| s.to_string()),
                span: v.span,
            });
        }
        Some(text.to_string())
    }

    fn check_members(&mut self, members: &[Member], known: &[&str], place: impl Fn() -> String) {
        let mut seen = SeenKeys::new();
        for m in members {
            if let Some(first) = seen.first(&m.key, m.key_span) {
                self.issues.push(PolicyIssue::DuplicateKey { key: m.key.to_string(), first, span: m.key_span });
            }
            if !known.contains(&m.key.as_ref()) {
                self.issues.push(PolicyIssue::UnknownElement {
                    element: m.key.to_string(),
                    place: place(),
                    suggestion: did_you_mean(&m.key, known.iter().copied()).map(str::to_string),
                    span: m.key_span,
                });
            }
        }
    }

    fn expect_string<'j>(&mut self, element: &str, v: &'j Json) -> Option<&'j str> {
        match v.as_str() {
            Some(s) => Some(s),
            None => {
                self.issues.push(PolicyIssue::WrongType {
                    element: element.into(),
                    expected: "a string",
                    found: v.type_name(),
                    span: v.span,
                });
                None
            }
        }
    }

    fn statement(&mut self, index: usize, v: &Json) -> Option<Statement> {
        let Some(members) = v.as_object() else {
            self.issues.push(PolicyIssue::WrongType {
                element: statement_place(index, None),
                expected: "an object",
                found: v.type_name(),
                span: v.span,
            });
            return None;
        };
        self.check_members(members, STATEMENT_ELEMENTS, || statement_place(index, None));
        let sid = v.get("Sid").and_then(|s| self.expect_string("Sid", s)).map(str::to_string);
        let place = || statement_place(index, sid.as_deref());
        let effect = match v.get("Effect") {
            None => {
                self.issues.push(PolicyIssue::MissingElement { element: "Effect", place: place(), span: v.span });
                None
            }
            Some(e) => match self.expect_string("Effect", e) {
                Some("Allow") => Some(Effect::Allow),
                Some("Deny") => Some(Effect::Deny),
                Some(other) => {
                    self.issues.push(PolicyIssue::InvalidValue {
                        element: "Effect".into(),
                        value: other.into(),
                        expected: "\"Allow\" or \"Deny\" (case matters)".into(),
                        suggestion: did_you_mean(other, ["Allow", "Deny"]).map(str::to_string),
                        span: e.span,
                    });
                    None
                }
                None => None,
            },
        };
        let action = self.name_set(v, "Action", &place, true);
        if action.is_none() && v.get("Action").is_none() && v.get("NotAction").is_none() {
            self.issues.push(PolicyIssue::MissingElement { element: "Action", place: place(), span: v.span });
        }
        let resource = self.name_set(v, "Resource", &place, false);
        let principal = self.principal(v);
        if effect == Some(Effect::Allow)
            && let Some(set) = principal.as_ref().filter(|p| p.negated)
        {
            self.issues.push(PolicyIssue::NotPrincipalWithAllow { span: set.span });
        }
        let conditions = match v.get("Condition") {
            Some(c) => self.conditions(c),
            None => Vec::new(),
        };
        let body = StatementBody { sid, effect: effect?, action: action?, resource, principal, conditions };
        Some(Statement::new(index, v.span, body))
    }

    /// Reads `Action`/`NotAction` or `Resource`/`NotResource`.
    fn name_set(
        &mut self,
        st: &Json,
        base: &'static str,
        place: &dyn Fn() -> String,
        is_action: bool,
    ) -> Option<NameSet> {
        let not: &'static str = if is_action { "NotAction" } else { "NotResource" };
        let (negated, value) = match (st.get(base), st.get(not)) {
            (Some(_), Some(n)) => {
                self.issues.push(PolicyIssue::ConflictingElements { first: base, second: not, span: n.span });
                return None;
            }
            (Some(v), None) => (false, v),
            (None, Some(v)) => (true, v),
            (None, None) => return None,
        };
        let element = if negated { not } else { base };
        let raw: &[Json] = match &value.kind {
            JsonKind::String(_) => std::slice::from_ref(value),
            JsonKind::Array(items) => items,
            _ => {
                self.issues.push(PolicyIssue::WrongType {
                    element: format!("{element} in {}", place()),
                    expected: "a string or an array of strings",
                    found: value.type_name(),
                    span: value.span,
                });
                return None;
            }
        };
        if raw.is_empty() {
            self.issues.push(PolicyIssue::EmptyElement {
                element: format!("{element} in {}", place()),
                effect: if negated { "it excludes nothing" } else { "the statement matches nothing" },
                span: value.span,
            });
        }
        let mut items = Vec::with_capacity(raw.len());
        let mut ok = true;
        for item in raw {
            let Some(text) = self.expect_string(element, item) else {
                ok = false;
                continue;
            };
            if is_action {
                // AWS documents nothing about whitespace in action names; the reference
                // simulator (cloud-copilot/iam-simulate) compares them as written, so
                // "s3:GetObject " matches no action. RAM's surrounding whitespace is trimmed.
                let pattern = match self.dialect {
                    Dialect::Aws => {
                        if text.contains(char::is_whitespace) {
                            self.issues.push(PolicyIssue::WhitespaceInName {
                                element: element.to_string(),
                                value: text.to_string(),
                                span: item.span,
                            });
                        }
                        Pattern::action(text)
                    }
                    Dialect::Aliyun => Pattern::action(text.trim()),
                };
                items.push(NameItem { text: text.to_string(), pattern, parts: None, span: item.span });
            } else {
                items.push(self.resource_item(text, item.span));
            }
        }
        ok.then_some(NameSet { negated, items, span: value.span })
    }

    fn resource_item(&self, text: &str, span: Span) -> NameItem {
        let syntax = PatternSyntax { wildcards: true, variables: self.variables };
        // AWS matches ARNs part by part; RAM documents no part rule, so its names are one glob.
        // A name without wildcards or variables matches part by part exactly when it equals
        // the resource, so it needs no parts.
        let wild = text.contains(['*', '?']) || (self.variables && text.contains("${"));
        let plain = !wild;
        let parts = if text == "*" || plain || self.dialect == Dialect::Aliyun {
            None
        } else {
            Some(ArnParts { syntax, compiled: std::sync::OnceLock::new() })
        };
        NameItem { text: text.to_string(), pattern: Pattern::new(text, syntax), parts, span }
    }

    fn principal(&mut self, st: &Json) -> Option<PrincipalSet> {
        let (negated, value) = match (st.get("Principal"), st.get("NotPrincipal")) {
            (Some(_), Some(n)) => {
                self.issues.push(PolicyIssue::ConflictingElements {
                    first: "Principal",
                    second: "NotPrincipal",
                    span: n.span,
                });
                return None;
            }
            (Some(v), None) => (false, v),
            (None, Some(v)) => (true, v),
            (None, None) => return None,
        };
        let element = if negated { "NotPrincipal" } else { "Principal" };
        if negated && self.dialect == Dialect::Aliyun {
            self.issues.push(PolicyIssue::UnknownElement {
                element: element.into(),
                place: "a RAM statement (RAM documents only \"Principal\")".into(),
                suggestion: Some("Principal".into()),
                span: value.span,
            });
            return None;
        }
        let kinds: &[&str] = match self.dialect {
            Dialect::Aws => &["AWS", "Service", "Federated", "CanonicalUser"],
            Dialect::Aliyun => &["RAM", "Service", "Federated"],
        };
        let mut entries = Vec::new();
        match &value.kind {
            JsonKind::String(s) if s == "*" => {
                entries.push(PrincipalEntry { kind: "*".into(), value: "*".into(), span: value.span })
            }
            JsonKind::Object(members) => {
                for m in members {
                    if !kinds.contains(&m.key.as_ref()) {
                        self.issues.push(PolicyIssue::InvalidValue {
                            element: format!("{element} type"),
                            value: m.key.to_string(),
                            expected: format!("one of {} for {}", kinds.join(", "), self.dialect.cloud()),
                            suggestion: did_you_mean(&m.key, kinds.iter().copied()).map(str::to_string),
                            span: m.key_span,
                        });
                        continue;
                    }
                    let values: Vec<&Json> = match &m.value.kind {
                        JsonKind::Array(items) => items.iter().collect(),
                        _ => vec![&m.value],
                    };
                    for v in values {
                        if let Some(text) = self.expect_string(&format!("{element}.{}", m.key), v) {
                            entries.push(PrincipalEntry {
                                kind: m.key.to_string(),
                                value: text.to_string(),
                                span: v.span,
                            });
                        }
                    }
                }
            }
            _ => {
                self.issues.push(PolicyIssue::WrongType {
                    element: element.into(),
                    expected: match self.dialect {
                        Dialect::Aws => "\"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}",
                        Dialect::Aliyun => "\"*\" or an object such as {\"RAM\": \"acs:ram::123456789012:root\"}",
                    },
                    found: value.type_name(),
                    span: value.span,
                });
                return None;
            }
        }
        Some(PrincipalSet { negated, entries, span: value.span })
    }

    fn conditions(&mut self, block: &Json) -> Vec<Condition> {
        let Some(ops) = block.as_object() else {
            self.issues.push(PolicyIssue::WrongType {
                element: "Condition".into(),
                expected: "an object of operators",
                found: block.type_name(),
                span: block.span,
            });
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen_ops = SeenKeys::new();
        for op in ops {
            if let Some(first) = seen_ops.first(&op.key, op.key_span) {
                self.issues.push(PolicyIssue::DuplicateKey { key: op.key.to_string(), first, span: op.key_span });
            }
            let operator = match Operator::parse(&op.key, self.dialect) {
                Ok(o) => o,
                Err(e) => {
                    self.issues.push(PolicyIssue::UnknownConditionOperator {
                        operator: op.key.to_string(),
                        cloud: self.dialect.cloud(),
                        suggestion: e.suggestion,
                        span: op.key_span,
                    });
                    continue;
                }
            };
            let Some(keys) = op.value.as_object() else {
                self.issues.push(PolicyIssue::WrongType {
                    element: op.key.to_string(),
                    expected: "an object of condition keys",
                    found: op.value.type_name(),
                    span: op.value.span,
                });
                continue;
            };
            // Condition keys are case-insensitive, so `aws:SourceIp` twice in any case is a duplicate.
            let mut seen_keys = SeenKeys::ignoring_case();
            for key in keys {
                if let Some(first) = seen_keys.first(&key.key, key.key_span) {
                    self.issues.push(PolicyIssue::DuplicateKey { key: key.key.to_string(), first, span: key.key_span });
                }
                let lower = key.key.to_ascii_lowercase();
                let raw: &[Json] = match &key.value.kind {
                    JsonKind::Array(items) => items,
                    _ => std::slice::from_ref(&key.value),
                };
                let mut values = Vec::with_capacity(raw.len());
                for v in raw {
                    let Some(text) = v.scalar_text() else {
                        self.issues.push(PolicyIssue::WrongType {
                            element: format!("{} value of {}", op.key, key.key),
                            expected: "a string, number or boolean",
                            found: v.type_name(),
                            span: v.span,
                        });
                        continue;
                    };
                    let compiled = compile_value(operator.base, &text, self.variables, self.dialect);
                    if let CompiledValue::Invalid(expected) = compiled {
                        self.issues.push(PolicyIssue::BadConditionValue {
                            operator: op.key.to_string(),
                            value: text.clone(),
                            expected,
                            span: v.span,
                        });
                    }
                    values.push(ConditionValue { text, compiled, span: v.span });
                }
                out.push(Condition {
                    operator,
                    operator_text: op.key.to_string(),
                    key: key.key.to_string(),
                    key_lower: lower,
                    values,
                    span: key.key_span,
                });
            }
        }
        out
    }
}

/// Remembers keys seen so far and says where a key was first seen. Objects in policies
/// have a handful of members, so those are compared one by one (no hashing, no
/// allocation); large hostile objects switch to a hash map and stay linear.
struct SeenKeys<'k> {
    small: Vec<(&'k str, Span)>,
    large: HashMap<std::borrow::Cow<'k, str>, Span>,
    ignore_case: bool,
}

impl<'k> SeenKeys<'k> {
    const SMALL: usize = 16;

    fn new() -> Self {
        SeenKeys { small: Vec::new(), large: HashMap::new(), ignore_case: false }
    }

    /// Keys that differ only in ASCII case are the same key.
    fn ignoring_case() -> Self {
        SeenKeys { ignore_case: true, ..SeenKeys::new() }
    }

    fn normal(&self, key: &'k str) -> std::borrow::Cow<'k, str> {
        if self.ignore_case { key.to_ascii_lowercase().into() } else { key.into() }
    }

    /// Where `key` was first seen, or `None` (and `key` is remembered at `span`).
    fn first(&mut self, key: &'k str, span: Span) -> Option<Span> {
        if self.large.is_empty() {
            let same = |k: &&str| if self.ignore_case { k.eq_ignore_ascii_case(key) } else { *k == key };
            if let Some((_, first)) = self.small.iter().find(|(k, _)| same(k)) {
                return Some(*first);
            }
            if self.small.len() < Self::SMALL {
                self.small.push((key, span));
                return None;
            }
            let small = std::mem::take(&mut self.small);
            self.large = small.into_iter().map(|(k, s)| (self.normal(k), s)).collect();
        }
        let key = self.normal(key);
        match self.large.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.large.insert(key, span);
                None
            }
        }
    }
}

/// How issues name a statement: "statement 2" or "statement 2 (Sid Backup)".
fn statement_place(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("statement {} (Sid {sid})", index + 1),
        None => format!("statement {}", index + 1),
    }
}

fn looks_like_statement(members: &[Member]) -> bool {
    members.iter().any(|m| matches!(m.key.as_ref(), "Effect" | "Action" | "NotAction"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(p: &ParsedPolicy) -> Vec<&'static str> {
        p.issues.iter().map(|i| i.code()).collect()
    }

    #[test]
    fn duplicate_members_are_found_in_small_and_large_objects() {
        for extra in [2, 40] {
            let members: Vec<String> = (0..extra).map(|i| format!("\"X{i}\": 1")).collect();
            let text = format!(
                "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"s3:*\", {}, \"X1\": 2}}]}}",
                members.join(", ")
            );
            let p = parse_policy("p", &text, None);
            let duplicates: Vec<&PolicyIssue> = p.issues.iter().filter(|i| i.code() == "duplicate-key").collect();
            assert_eq!(duplicates.len(), 1, "{extra} members: {:?}", codes(&p));
            let PolicyIssue::DuplicateKey { key, first, span } = duplicates[0] else { unreachable!() };
            assert_eq!(key, "X1");
            assert!(first.start < span.start);
            // Condition keys ignore case, in small and large blocks alike.
            let keys: Vec<String> = (0..extra).map(|i| format!("\"aws:Key{i}\": \"v\"")).collect();
            let text = format!(
                "{{\"Version\": \"2012-10-17\", \"Statement\": {{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {{\"StringEquals\": {{{}, \"AWS:KEY1\": \"w\"}}}}}}}}",
                keys.join(", ")
            );
            let p = parse_policy("p", &text, None);
            let duplicates: Vec<&PolicyIssue> = p.issues.iter().filter(|i| i.code() == "duplicate-key").collect();
            assert_eq!(duplicates.len(), 1, "{extra} keys: {:?}", codes(&p));
        }
    }

    #[test]
    fn reads_a_full_policy() {
        let p = parse_policy(
            "p",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:username":["x","y"]}}}]}"#,
            None,
        );
        assert!(!p.has_errors(), "{:?}", p.issues);
        let policy = p.policy.unwrap();
        assert_eq!(policy.dialect, Dialect::Aws);
        assert!(policy.variables);
        let st = &policy.statements[0];
        assert_eq!(st.label(), "statement 1 (Sid A)");
        assert_eq!(st.conditions[0].values.len(), 2);
    }

    #[test]
    fn reports_all_schema_errors_at_once() {
        let p = parse_policy(
            "p",
            r#"{"Version":"1","Statement":[{"Efect":"Allow","Action":"ecs:Describe*","Resource":"*"},{"Effect":"allow","Action":"a:b","NotAction":"c:d","Resource":5,"Condition":{"StringEqualz":{"acs:SourceIp":"1"}}}]}"#,
            None,
        );
        let c = codes(&p);
        assert!(p.policy.is_none());
        for code in [
            "unknown-element",
            "missing-element",
            "invalid-value",
            "conflicting-elements",
            "wrong-type",
            "unknown-condition-operator",
        ] {
            assert!(c.contains(&code), "{code} missing from {c:?}");
        }
        let unknown = p.issues.iter().find(|i| i.code() == "unknown-element").unwrap();
        assert_eq!(unknown.help().as_deref(), Some("did you mean \"Effect\"?"));
    }

    #[test]
    fn broken_json_still_gets_a_dialect() {
        let p = parse_policy(
            "p",
            "{\"Version\": \"1\", \"Statement\": [ {\"Action\": [\"ram:GetRole\" \"ram:ListRoles\"]} ]}",
            None,
        );
        assert_eq!(p.detection.dialect, Dialect::Aliyun);
        assert_eq!(p.issues[0].code(), "json-syntax");
    }

    #[test]
    fn accepts_fragments() {
        let p = parse_policy(
            "f",
            "{\"Effect\":\"Allow\",\"Action\":\"ram:GetRole\",\"Resource\":\"*\"},\n{\"Effect\":\"Deny\",\"Action\":\"ram:*\",\"Resource\":\"*\"}",
            None,
        );
        assert!(!p.has_errors(), "{:?}", p.issues);
        assert_eq!(p.policy.as_ref().unwrap().statements.len(), 2);
        assert_eq!(p.policy.as_ref().unwrap().dialect, Dialect::Aliyun);
        assert_eq!(codes(&p), vec!["fragment-wrapped"]);
        let single = parse_policy("f", "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}", None);
        assert_eq!(single.policy.unwrap().statements.len(), 1);
    }

    #[test]
    fn aws_action_names_are_compared_as_written() {
        use crate::evaluate::action_match;
        let p = parse_policy(
            "p",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject ","s3: PutObject"],"Resource":"*"}]}"#,
            Some(Dialect::Aws),
        );
        assert_eq!(codes(&p), vec!["whitespace-in-name", "whitespace-in-name"]);
        assert!(p.issues[0].help().unwrap().contains("\"s3:GetObject\""));
        let st = &p.policy.unwrap().statements[0];
        assert!(!action_match(&st.action, "s3:getobject").0);
        assert!(!action_match(&st.action, "s3:putobject").0);
        let ram = parse_policy(
            "p",
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances ","Resource":"*"}]}"#,
            Some(Dialect::Aliyun),
        );
        assert!(codes(&ram).is_empty());
        assert!(action_match(&ram.policy.unwrap().statements[0].action, "ecs:describeinstances").0);
    }

    #[test]
    fn not_principal_with_allow_is_a_warning() {
        let p = parse_policy(
            "p",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/x"},"Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/x"},"Action":"s3:GetObject","Resource":"*"}]}"#,
            Some(Dialect::Aws),
        );
        assert_eq!(codes(&p), vec!["not-principal-with-allow"]);
        assert!(p.policy.is_some());
    }
}
