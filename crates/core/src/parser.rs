//! The policy grammar of both clouds: reads span-aware JSON into the tree of [`crate::ast`],
//! reporting every problem it can find. Text in, tree out: nothing here evaluates.
//!
//! [`parse_policy`], [`policy_from_json`] and [`policy_from_json_in`] read a whole document.
//! A reader that compiles many documents out of one text (a batch file, which repeats the
//! same statements in many cases) uses the pieces they are made of, and decides itself which
//! statements to compile: [`PolicyOutline::read`] reads what surrounds the statements,
//! [`compile_statement`] compiles one statement into a body that does not depend on where
//! its text is, and [`PolicyOutline::assemble`] puts the policy together from compiled (or
//! shared) bodies. A statement left unread as text can first be tried with
//! [`compile_statement_text`], which compiles a plain statement straight from its bytes and
//! leaves anything else to [`compile_statement`].

use crate::ast::{
    ArnParts, Condition, ConditionValue, Effect, NameItem, NameSet, Policy, PrincipalEntry, PrincipalSet, ServiceMask,
    Statement, StatementBody, statement_place,
};
use crate::diagnostic::Diagnostic;
use crate::dialect::{self, Detection, Dialect};
use crate::issue::{MAX_STATEMENTS, PolicyIssue, did_you_mean};
use crate::json::plain::find_any;
use crate::json::{self, Json, JsonKind, Member};
use crate::operator::Operator;
use crate::pattern::{Pattern, PatternSyntax};
use crate::span::Span;
use crate::value::{CompiledValue, compile_value};
use std::collections::HashMap;
use std::sync::Arc;

mod direct;
pub use direct::compile_statement_text;

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
        has_errors(&self.issues)
    }
}

fn has_errors(issues: &[PolicyIssue]) -> bool {
    issues.iter().any(|i| i.severity() == crate::issue::Severity::Error)
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
            // Signs of the dialect in a text that cannot be parsed, from its start: they show
            // early, and a huge broken text is not scanned whole for them (nor one over the limit).
            let mut evidence = Vec::new();
            if e.kind != json::JsonErrorKind::TooLarge {
                let mut head = text.len().min(EVIDENCE_BYTES);
                while !text.is_char_boundary(head) {
                    head -= 1;
                }
                dialect::evidence_in_text(&text[..head], &mut evidence);
            }
            ParsedPolicy {
                policy: None,
                issues: vec![PolicyIssue::JsonSyntax(e)],
                detection: dialect::decide(dialect, &evidence),
            }
        }
    }
}

/// How much of a text that cannot be parsed is searched for signs of its dialect.
const EVIDENCE_BYTES: usize = 1024 * 1024;

const POLICY_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: &[&str] =
    &["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];

/// Reads a policy from an already parsed JSON value (used for documents embedded in case
/// and scenario files, so spans point into those files).
pub fn policy_from_json(name: &str, doc: &Json, forced: Option<Dialect>) -> ParsedPolicy {
    let mut evidence = Vec::new();
    dialect::evidence_in_policy(doc, &mut evidence);
    let detection = dialect::decide(forced, &evidence);
    let (policy, mut issues) = PolicyOutline::read(doc, detection.dialect).compile_all(name);
    if !detection.conflicts.is_empty() {
        issues.push(PolicyIssue::DialectConflict {
            detected: detection.reason.clone(),
            conflicts: detection.conflicts.clone(),
            span: doc.span,
        });
    }
    ParsedPolicy { policy: if has_errors(&issues) { None } else { policy }, issues, detection }
}

/// Reads a policy in a dialect decided beforehand: no detection, so no dialect-conflict
/// issue (case files decide the dialect once for all their documents).
pub fn policy_from_json_in(name: &str, doc: &Json, dialect: Dialect) -> ParsedPolicy {
    let detection = dialect::decide(Some(dialect), &[]);
    let (policy, issues) = PolicyOutline::read(doc, dialect).compile_all(name);
    ParsedPolicy { policy: if has_errors(&issues) { None } else { policy }, issues, detection }
}

/// What surrounds the statements of a document: its `Version` (which decides whether policy
/// variables are on), the statement values still to compile, and the issues found so far.
/// Read with [`PolicyOutline::read`], finished with [`PolicyOutline::assemble`].
#[derive(Debug)]
pub struct PolicyOutline<'j, 't> {
    dialect: Dialect,
    version: Option<String>,
    variables: bool,
    span: Span,
    /// `None` when the document has no statements to read (its issues say why).
    statements: Option<Vec<&'j Json<'t>>>,
    issues: Vec<PolicyIssue>,
}

/// One statement compiled by [`compile_statement`]: its body, unless an element could not be
/// read, and every issue found (with spans in the document's coordinates).
#[derive(Debug, Clone)]
pub struct CompiledStatement {
    /// The body, present unless an element could not be read.
    pub body: Option<Arc<StatementBody>>,
    /// The issues, in document order.
    pub issues: Vec<PolicyIssue>,
}

impl<'j, 't> PolicyOutline<'j, 't> {
    /// Reads `doc` (a policy document, a bare statement or an array of statements, as
    /// documentation prints them) in `dialect`, up to its statements.
    pub fn read(doc: &'j Json<'t>, dialect: Dialect) -> PolicyOutline<'j, 't> {
        let mut reader = Reader { dialect, issues: Vec::new(), variables: false, origin: Span::default() };
        let (version, statements) = reader.outline(doc);
        PolicyOutline {
            dialect,
            version,
            variables: reader.variables,
            span: doc.span,
            statements,
            issues: reader.issues,
        }
    }

    /// The dialect the document is read in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether `${...}` policy variables are substituted in the statements (AWS: only with
    /// `"Version": "2012-10-17"`); their compiled form depends on it.
    pub fn variables(&self) -> bool {
        self.variables
    }

    /// The statement values to compile, in document order (possibly
    /// [`JsonKind::Unread`], for the caller to read first).
    pub fn statements(&self) -> &[&'j Json<'t>] {
        self.statements.as_deref().unwrap_or(&[])
    }

    /// The policy with every statement compiled afresh, each with a body of its own, before
    /// errors are counted.
    fn compile_all(self, name: &str) -> (Option<Policy>, Vec<PolicyIssue>) {
        let (dialect, variables) = (self.dialect, self.variables);
        self.assemble_parts(name, |index, item| Some(compile_statement(index, item, dialect, variables)))
    }

    /// The policy, from one compiled statement per value of [`PolicyOutline::statements`], in
    /// order (each placed where its value is). It is present when no issue is an error.
    pub fn assemble(self, name: &str, compiled: impl IntoIterator<Item = CompiledStatement>) -> ParsedPolicy {
        let detection = dialect::decide(Some(self.dialect), &[]);
        let mut compiled = compiled.into_iter();
        let (policy, issues) = self.assemble_parts(name, |_, _| compiled.next());
        ParsedPolicy { policy: if has_errors(&issues) { None } else { policy }, issues, detection }
    }

    /// [`PolicyOutline::assemble`], with each statement compiled (or found) as it is reached:
    /// `compile(index, value)` for each value of [`PolicyOutline::statements`].
    pub fn assemble_with(
        self,
        name: &str,
        mut compile: impl FnMut(usize, &Json<'t>) -> CompiledStatement,
    ) -> ParsedPolicy {
        let detection = dialect::decide(Some(self.dialect), &[]);
        let (policy, issues) = self.assemble_parts(name, |index, item| Some(compile(index, item)));
        ParsedPolicy { policy: if has_errors(&issues) { None } else { policy }, issues, detection }
    }

    /// The policy from `compile(index, value)` for each statement value, up to the first
    /// `None` (callers give one per value), before errors are counted.
    fn assemble_parts(
        self,
        name: &str,
        mut compile: impl FnMut(usize, &Json<'t>) -> Option<CompiledStatement>,
    ) -> (Option<Policy>, Vec<PolicyIssue>) {
        let mut issues = self.issues;
        let Some(items) = self.statements else { return (None, issues) };
        let mut statements = Vec::with_capacity(items.len());
        // Sids are compared as compiled (a statement that does not compile has none). Policies
        // have a handful of statements: the earlier ones are searched one by one, and only a
        // long policy gets a map (of every Sid so far, each at its first statement).
        const FEW: usize = 16;
        let mut sids: HashMap<String, Span> = HashMap::new();
        for (index, item) in items.iter().enumerate() {
            let Some(st) = compile(index, item) else { break };
            issues.extend(st.issues);
            let Some(body) = st.body else { continue };
            if let Some(sid) = &body.sid {
                let first = if statements.len() < FEW {
                    statements.iter().find(|s: &&Statement| s.body.sid.as_ref() == Some(sid)).map(|s| s.span)
                } else {
                    if sids.is_empty() {
                        for s in &statements {
                            if let Some(earlier) = &s.body.sid {
                                sids.entry(earlier.clone()).or_insert(s.span);
                            }
                        }
                    }
                    let first = sids.get(sid).copied();
                    if first.is_none() {
                        sids.insert(sid.clone(), item.span);
                    }
                    first
                };
                if let Some(first) = first {
                    issues.push(PolicyIssue::DuplicateKey { key: format!("Sid {sid}"), first, span: item.span });
                }
            }
            statements.push(Statement::new(index, item.span, body));
        }
        let policy = Policy {
            name: name.to_string(),
            dialect: self.dialect,
            version: self.version,
            variables: self.variables,
            statements,
            span: self.span,
        };
        (Some(policy), issues)
    }
}

/// Compiles statement `index` (from 0) of a policy read in `dialect`, with policy variables
/// on or off (see [`PolicyOutline::variables`]). The body's spans count from `item`'s start
/// ([`Span::relative_to`]), so the same text compiles to the same body wherever it is; the
/// issues' spans are `item`'s own coordinates. `item` must have been read: an
/// [`JsonKind::Unread`] value is reported as the wrong type.
pub fn compile_statement(index: usize, item: &Json, dialect: Dialect, variables: bool) -> CompiledStatement {
    let mut reader = Reader { dialect, issues: Vec::new(), variables, origin: item.span };
    let body = reader.statement(index, item).map(Arc::new);
    CompiledStatement { body, issues: reader.issues }
}

struct Reader {
    dialect: Dialect,
    issues: Vec<PolicyIssue>,
    variables: bool,
    /// The span of the statement being compiled: the body's spans count from it.
    origin: Span,
}

impl Reader {
    /// A span of the statement being compiled, as its body keeps it.
    fn inner(&self, span: Span) -> Span {
        span.relative_to(self.origin)
    }

    /// Reads the document around its statements: the version, and the statement values
    /// (`None` when there are none to read).
    fn outline<'j, 't>(&mut self, doc: &'j Json<'t>) -> (Option<String>, Option<Vec<&'j Json<'t>>>) {
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
                        return (version, None);
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
                return (version, None);
            }
        }
        let items: Vec<&Json> = match &statements_value.kind {
            JsonKind::Array(items) => items.iter().collect(),
            // An unread value stands where only a statement object was measured.
            JsonKind::Object(_) | JsonKind::Unread => vec![statements_value],
            _ => {
                self.issues.push(PolicyIssue::WrongType {
                    element: "Statement".into(),
                    expected: "an object or an array of objects",
                    found: statements_value.type_name(),
                    span: statements_value.span,
                });
                return (version, None);
            }
        };
        if items.len() > MAX_STATEMENTS {
            self.issues
                .push(PolicyIssue::TooManyStatements { statements: items.len(), span: items[MAX_STATEMENTS].span });
            return (version, None);
        }
        (version, Some(items))
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

    fn statement(&mut self, index: usize, v: &Json) -> Option<StatementBody> {
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
            self.issues.push(PolicyIssue::NotPrincipalWithAllow { span: set.span.placed_at(self.origin) });
        }
        let conditions = match v.get("Condition") {
            Some(c) => self.conditions(c),
            None => Vec::new(),
        };
        let action = action?;
        let action_services = ServiceMask::of_action_set(&action);
        Some(StatementBody { sid, effect: effect?, action, resource, principal, conditions, action_services })
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
                items.push(NameItem { text: text.to_string(), pattern, parts: None, span: self.inner(item.span) });
            } else {
                items.push(self.resource_item(text, self.inner(item.span)));
            }
        }
        ok.then_some(NameSet { negated, items, span: self.inner(value.span) })
    }

    fn resource_item(&self, text: &str, span: Span) -> NameItem {
        let syntax = PatternSyntax { wildcards: true, variables: self.variables };
        // AWS matches ARNs part by part; RAM documents no part rule, so its names are one glob.
        // A name without wildcards or variables matches part by part exactly when it equals
        // the resource, so it needs no parts.
        let bytes = text.as_bytes();
        let wild = find_any(bytes, 0, [b'*', b'?', b'?']).is_some() || (self.variables && has_variable(bytes));
        let plain = !wild;
        let parts =
            if text == "*" || plain || self.dialect == Dialect::Aliyun { None } else { Some(ArnParts::new(syntax)) };
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
                entries.push(PrincipalEntry { kind: "*".into(), value: "*".into(), span: self.inner(value.span) })
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
                                span: self.inner(v.span),
                            });
                        }
                    }
                }
            }
            // OSS bucket policies: a list of UIDs (account or RAM user) or "*"; an empty list is everyone.
            JsonKind::Array(items) if self.dialect == Dialect::Aliyun => {
                if items.is_empty() {
                    entries.push(PrincipalEntry { kind: "*".into(), value: "*".into(), span: self.inner(value.span) });
                }
                for v in items {
                    if let Some(text) = self.expect_string(element, v) {
                        let span = self.inner(v.span);
                        entries.push(PrincipalEntry { kind: "UID".into(), value: text.to_string(), span });
                    }
                }
            }
            _ => {
                self.issues.push(PolicyIssue::WrongType {
                    element: element.into(),
                    expected: match self.dialect {
                        Dialect::Aws => "\"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}",
                        Dialect::Aliyun => {
                            "\"*\", an object such as {\"RAM\": \"acs:ram::123456789012:root\"} or (OSS) a list of UIDs"
                        }
                    },
                    found: value.type_name(),
                    span: value.span,
                });
                return None;
            }
        }
        Some(PrincipalSet { negated, entries, span: self.inner(value.span) })
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
                    values.push(ConditionValue { text, compiled, span: self.inner(v.span) });
                }
                out.push(Condition {
                    operator,
                    operator_text: op.key.to_string(),
                    key: key.key.to_string(),
                    key_lower: lower,
                    values,
                    span: self.inner(key.key_span),
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

/// Whether the text has a `${`, the start of a policy variable.
fn has_variable(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = find_any(bytes, from, [b'$'; 3]) {
        if bytes.get(at + 1) == Some(&b'{') {
            return true;
        }
        from = at + 1;
    }
    false
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
    fn duplicate_sids_are_found_in_short_and_long_policies() {
        for count in [3, 40] {
            // Sids S0, S1, ... with S1 again after the last, and S{count} twice there.
            let mut sids: Vec<String> = (0..count).map(|i| format!("S{i}")).collect();
            sids.extend(["S1".to_string(), format!("S{count}"), format!("S{count}")]);
            let statements: Vec<String> = sids
                .iter()
                .map(|sid| {
                    format!("{{\"Sid\": \"{sid}\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}")
                })
                .collect();
            let text = format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}", statements.join(",\n"));
            let p = parse_policy("p", &text, None);
            let duplicates: Vec<(String, usize, usize)> = p
                .issues
                .iter()
                .filter_map(|i| match i {
                    PolicyIssue::DuplicateKey { key, first, span } => {
                        Some((key.clone(), first.line as usize, span.line as usize))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(
                duplicates,
                [("Sid S1".to_string(), 2, count + 1), (format!("Sid S{count}"), count + 2, count + 3)],
                "{count} statements"
            );
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
        assert_eq!(st.body.conditions[0].values.len(), 2);
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
