//! Property tests: reading a case file in a batch (split into cases with
//! `json::split::ArrayElements`, each case read on its own with statement bodies shared
//! through a `StatementInterner`, as `policy-playground eval` does) gives exactly what reading
//! the whole file with `load_cases` gives: the same decisions, decisive statements, spans of
//! every element, warnings, errors, and brief and full explanations.
//!
//! The case arrays repeat statements from a small pool at different places: other cases,
//! other layers, other indentation, after non-ASCII text on the same line, in both dialects
//! and under every `Version` setting (which decides whether policy variables are on), as
//! documents, named documents and documents given as strings. Some statements have
//! warnings or errors; mutations duplicate and reorder cases and edit the text.

use policy_playground::case::{Case, CaseError, case_at_cached, load_cases};
use policy_playground::explain::Detail;
use policy_playground::interner::StatementInterner;
use policy_playground::json::{self, split::ArrayElements};
use policy_playground::line::write_result;
use policy_playground::policy::{Policy, Statement};
use policy_playground::span::{LineIndex, Span};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Generated case files
// ---------------------------------------------------------------------------

/// Statements shared by every case and dialect. Some are errors in one dialect (see
/// `VALID_IN`), and the last ones in both; some have warnings.
const STATEMENTS: &[&str] = &[
    r#"{"Effect": "Allow", "Action": "svc:Get*", "Resource": "*"}"#,
    r#"{"Sid": "Read", "Effect": "Allow", "Action": ["svc:GetObject", "svc:List*"], "Resource": ["arn:aws:svc:*:111122223333:thing/${aws:username}", "acs:svc:*:1111111111111111:thing/*", "arn:aws:svc:us-east-1:111122223333:thing/a"]}"#,
    r#"{"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}"#,
    r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice"]}, "Action": "svc:*", "Resource": "arn:aws:svc:*:*:*"}"#,
    r#"{"Effect": "Allow", "Principal": {"RAM": ["acs:ram::1111111111111111:root"]}, "Action": ["svc:*", "sts:AssumeRole"], "Resource": "*"}"#,
    r#"{"Effect": "Allow", "Principal": "*", "Action": "svc:GetObject", "Resource": "*", "Condition": {"StringEquals": {"test:Team": ["red", "blue"]}}}"#,
    r#"{"Effect": "Deny", "Action": "svc:PutObject", "NotResource": ["arn:aws:svc:*:*:thing/*", "acs:svc:*:*:thing/*"], "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
    r#"{"Sid": "Zeitfenster→ü", "Effect": "Allow", "Action": "other:*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}, "Bool": {"aws:SecureTransport": "true"}}}"#,
    r#"{"Effect": "Allow", "Action": ["svc:GetObject ", "svc:ListThings"], "Resource": "*"}"#,
    r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "svc:*", "Resource": "*"}"#,
    r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "svc.amazonaws.com"}}"#,
    r#"{"Effect": "Allow", "Action": "svc:*", "Resource": "*", "Condition": {"StringLike": {"test:Team": "${aws:username}*"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:*"}}}"#,
    r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
    r#"{"Sid": "Read", "Effect": "Deny", "Action": "svc:DeleteObject", "Resource": "*"}"#,
    r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "svc:GetObject", "Resource": "*"}"#,
    r#"{"Effect": "allow", "Action": "svc:GetObject", "Resource": "*"}"#,
    r#"{"Effect": "Allow", "Action": "svc:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"test:n": "many"}}}"#,
    r#"{"Effect": "Allow", "Action": 5, "Resource": "*"}"#,
];
/// Statements from here on are errors in every dialect.
const ERRORS_FROM: usize = 15;
/// Whether each statement reads without errors in AWS and in RAM.
const VALID_IN: [(bool, bool); ERRORS_FROM] = [
    (true, true),
    (true, true),
    (true, true),
    (true, false),
    (false, true),
    (true, true),
    (true, true),
    (true, true),
    (true, true),
    (true, false),
    (true, true),
    (true, false),
    (true, true),
    (true, true),
    (true, false),
];

const ACTIONS: &[&str] =
    &["svc:GetObject", "svc:PutObject", "svc:ListThings", "other:GetObject", "SVC:getobject", "sts:AssumeRole"];

/// How one statement (or policy) is written.
#[derive(Debug, Clone, Copy)]
enum Style {
    /// On one line.
    Compact,
    /// Pretty-printed, its lines indented by this many spaces.
    Pretty(usize),
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![Just(Style::Compact), (0..9usize).prop_map(Style::Pretty)]
}

fn render(value: &Value, style: Style) -> String {
    match style {
        Style::Compact => value.to_string(),
        Style::Pretty(n) => serde_json::to_string_pretty(value).unwrap().replace('\n', &format!("\n{}", " ".repeat(n))),
    }
}

#[derive(Debug, Clone)]
struct Doc {
    /// `Version`: 0 and 1 the dialect's own (2012-10-17 and 2008-10-17 for AWS, 1 for RAM),
    /// 2 none, 3 the other dialect's.
    version: usize,
    /// (statement, how it is written); one statement may also stand alone without an array.
    statements: Vec<(usize, Style)>,
    bare: bool,
    /// 0: a document, 1: `{"name", "document"}` with a non-ASCII name, 2: a string.
    form: usize,
    /// Whitespace before the document (and, in form 1, between its name and the document).
    separator: &'static str,
}

/// The `Version` values of [`Doc::version`], for AWS and for RAM.
const VERSIONS: [[Option<&str>; 4]; 2] =
    [[Some("2012-10-17"), Some("2008-10-17"), None, Some("1")], [Some("1"), Some("1"), None, Some("2012-10-17")]];

fn doc(errors: bool) -> impl Strategy<Value = Doc> {
    let last = if errors { STATEMENTS.len() } else { ERRORS_FROM };
    let versions = if errors { vec![0usize, 0, 1, 2, 3] } else { vec![0usize, 0, 1, 2] };
    (
        prop::sample::select(versions),
        prop::collection::vec((0..last, style()), 0..4),
        prop::bool::weighted(0.1),
        prop::sample::select(vec![0usize, 0, 0, 1, 2]),
        select(vec!["", " ", "\n  ", "\n", "   "]),
    )
        .prop_map(|(version, statements, bare, form, separator)| Doc {
            version,
            statements,
            bare,
            form,
            separator,
        })
}

impl Doc {
    /// The document for a case in dialect `d` (0 AWS, 1 RAM); `errors` keeps statements
    /// that are errors there (otherwise they are left out, as are repeated Sids).
    fn render(&self, d: usize, errors: bool) -> String {
        let mut sids = std::collections::HashSet::new();
        let statements: Vec<String> = self
            .statements
            .iter()
            .filter(|&&(i, _)| errors || (if d == 0 { VALID_IN[i].0 } else { VALID_IN[i].1 }))
            .map(|&(i, style)| (serde_json::from_str::<Value>(STATEMENTS[i]).unwrap(), style))
            .filter(|(value, _)| errors || value.get("Sid").is_none_or(|sid| sids.insert(sid.to_string())))
            .map(|(value, style)| render(&value, style))
            .collect();
        let body = if self.bare && statements.len() == 1 {
            statements[0].clone()
        } else {
            let separators = [",\n    ", ", ", ",\n"];
            let mut list = String::from("[");
            for (k, s) in statements.iter().enumerate() {
                if k > 0 {
                    list.push_str(separators[k % separators.len()]);
                }
                list.push_str(s);
            }
            list.push(']');
            list
        };
        let document = match VERSIONS[d][self.version] {
            Some(v) => format!("{{\"Version\": \"{v}\", \"Statement\": {body}}}"),
            None => format!("{{\"Statement\": {body}}}"),
        };
        // A named document puts non-ASCII text on the line where its statements may start.
        match self.form {
            1 => format!("{{\"name\": \"pölicy→名\",{} \"document\": {document}}}", self.separator),
            2 => Value::String(document).to_string(),
            _ => format!("{}{document}", self.separator),
        }
    }
}

#[derive(Debug, Clone)]
struct CaseSpec {
    /// 0: aws, 1: aliyun, 2: not named (detected; written as AWS).
    dialect: usize,
    /// Whether statements and layers that are errors in the case's dialect are kept.
    errors: bool,
    caller: usize,
    action: usize,
    resource: usize,
    team: Option<usize>,
    identity: Vec<Doc>,
    resource_policy: Option<Doc>,
    session: Option<Doc>,
    boundaries: Vec<Doc>,
    control: Vec<Vec<Doc>>,
    resource_control: Vec<Vec<Doc>>,
    /// Non-ASCII text in the case's name, on the line where its policies start.
    name: &'static str,
}

const CALLERS: [[&str; 3]; 2] = [
    [
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:sts::111122223333:assumed-role/app/s1",
        "arn:aws:iam::444455556666:user/bob",
    ],
    [
        "acs:ram::1111111111111111:user/alice",
        "acs:sts::1111111111111111:assumed-role/app/s1",
        "acs:ram::4444444444444444:user/bob",
    ],
];
const RESOURCES: [[&str; 3]; 2] = [
    [
        "arn:aws:svc:us-east-1:111122223333:thing/a",
        "arn:aws:svc:us-east-1:111122223333:thing/alice",
        "arn:aws:svc:eu-west-1:444455556666:other/a",
    ],
    [
        "acs:svc:cn-hangzhou:1111111111111111:thing/a",
        "acs:svc:cn-hangzhou:1111111111111111:thing/alice",
        "acs:svc:cn-beijing:4444444444444444:other/a",
    ],
];

fn case_spec(errors: bool) -> impl Strategy<Value = CaseSpec> {
    let docs = |n: usize| prop::collection::vec(doc(errors), 0..n);
    (
        (0..3usize, 0..3usize, 0..ACTIONS.len(), 0..3usize, prop::option::of(0..3usize)),
        docs(3),
        prop::option::weighted(0.5, doc(errors)),
        prop::option::weighted(0.2, doc(errors)),
        docs(2),
        prop::collection::vec(docs(2), 0..3),
        prop::collection::vec(docs(2), 0..2),
        select(vec!["case", "cäse → ü", "名前"]),
    )
        .prop_map(
            move |(
                (dialect, caller, action, resource, team),
                identity,
                resource_policy,
                session,
                boundaries,
                control,
                resource_control,
                name,
            )| {
                CaseSpec {
                    dialect,
                    errors,
                    caller,
                    action,
                    resource,
                    team,
                    identity,
                    resource_policy,
                    session,
                    boundaries,
                    control,
                    resource_control,
                    name,
                }
            },
        )
}

impl CaseSpec {
    fn render(&self, n: usize) -> String {
        // Names and requests of the case's own dialect (the detected one reads as AWS names).
        let d = if self.dialect == 1 { 1 } else { 0 };
        let mut context = json!({"aws:SourceIp": "10.1.2.3", "aws:username": "alice", "aws:CurrentTime": "2026-03-01T12:00:00Z",
                                 "aws:SecureTransport": "true", "aws:RequestedRegion": "us-east-1"});
        if let Some(t) = self.team {
            context["test:Team"] = json!(["red", "blue", "RED"][t]);
        }
        let request = json!({"principal": CALLERS[d][self.caller], "action": ACTIONS[self.action],
                             "resource": RESOURCES[d][self.resource], "context": context});
        let one = |doc: &Doc| doc.render(d, self.errors);
        let list = |docs: &[Doc]| format!("[{}]", docs.iter().map(one).collect::<Vec<_>>().join(", "));
        let mut fields = vec![format!("\"name\": \"{} {n}\"", self.name)];
        match self.dialect {
            0 => fields.push("\"dialect\": \"aws\"".into()),
            1 => fields.push("\"dialect\": \"aliyun\"".into()),
            _ => {}
        }
        fields.push(format!("\"request\": {request}"));
        fields.push(format!("\"identity_policies\": {}", list(&self.identity)));
        if let Some(r) = &self.resource_policy {
            fields.push(format!("\"resource_policy\": {}", one(r)));
        }
        if let Some(s) = &self.session {
            fields.push(format!("\"session_policy\": {}", one(s)));
        }
        // RAM has neither permissions boundaries nor resource control policies.
        let aws_only = d == 0 || self.errors;
        if !self.boundaries.is_empty() && aws_only {
            fields.push(format!("\"permission_boundaries\": {}", list(&self.boundaries)));
        }
        if !self.control.is_empty() {
            let levels: Vec<String> = self.control.iter().map(|l| list(l)).collect();
            fields.push(format!("\"control_policies\": [{}]", levels.join(",\n  ")));
        }
        if !self.resource_control.is_empty() && aws_only {
            let levels: Vec<String> = self.resource_control.iter().map(|l| list(l)).collect();
            fields.push(format!("\"resource_control_policies\": [{}]", levels.join(", ")));
        }
        format!("{{{}}}", fields.join(", "))
    }
}

/// A case array: the cases, then copies of some of them (the same statements again, at
/// other lines and columns, possibly in another order).
#[derive(Debug, Clone)]
struct File {
    cases: Vec<CaseSpec>,
    /// Indexes of cases written again after the first round.
    repeats: Vec<usize>,
    /// Between cases.
    separator: &'static str,
    /// How the cases are shared out between interners (as the CLI's threads do): case `i`
    /// goes to interner `(i / chunk) % interners`.
    interners: usize,
    chunk: usize,
}

fn file(errors: bool) -> impl Strategy<Value = File> {
    (
        prop::collection::vec(case_spec(errors), 1..6),
        prop::collection::vec(any::<usize>(), 0..6),
        select(vec![",\n", ", ", ",\n\n  ", ","]),
        1..3usize,
        1..4usize,
    )
        .prop_map(|(cases, repeats, separator, interners, chunk)| {
            let repeats = repeats.into_iter().map(|r| r % cases.len()).collect();
            File { cases, repeats, separator, interners, chunk }
        })
}

impl File {
    fn render(&self) -> String {
        let order = (0..self.cases.len()).chain(self.repeats.iter().copied());
        let cases: Vec<String> = order.enumerate().map(|(n, i)| self.cases[i].render(n)).collect();
        format!("[\n{}\n]\n", cases.join(self.separator))
    }
}

// ---------------------------------------------------------------------------
// The two paths
// ---------------------------------------------------------------------------

/// What the batch path read: each case of the file in order until the first that cannot be
/// read (or where the splitter gives up), with that error if there was one.
struct Batch {
    cases: Vec<Case>,
    /// Each case's range in the text.
    ranges: Vec<(usize, usize)>,
    error: Option<CaseError>,
    /// The splitter found every element and every one was read.
    complete: bool,
}

fn batch_path(text: &str, interners: usize, chunk: usize) -> Option<Batch> {
    let elements = ArrayElements::new(text)?;
    let index = LineIndex::new(text);
    let mut shared: Vec<StatementInterner<'_>> =
        (0..interners).map(|_| StatementInterner::new(index.clone())).collect();
    let mut batch = Batch { cases: Vec::new(), ranges: Vec::new(), error: None, complete: true };
    for (i, element) in elements.enumerate() {
        let Ok((start, end)) = element else {
            batch.complete = false;
            break;
        };
        match case_at_cached(&mut shared[(i / chunk) % interners], start, end, i) {
            Ok(case) => {
                batch.cases.push(case);
                batch.ranges.push((start, end));
            }
            Err(e) => {
                batch.error = Some(e);
                batch.complete = false;
                break;
            }
        }
    }
    Some(batch)
}

fn policies(case: &Case) -> Vec<&Policy> {
    let p = &case.policies;
    p.identity
        .iter()
        .chain(&p.resource)
        .chain(&p.session)
        .chain(&p.boundaries)
        .chain(p.control.iter().flatten())
        .chain(p.resource_control.iter().flatten())
        .collect()
}

/// The compiled policies, bodies included (ARN parts compiled, as shared bodies have them).
fn compiled(case: &Case) -> String {
    let policies = policies(case);
    for st in policies.iter().flat_map(|p| &p.statements) {
        st.body.compile_arn_parts();
    }
    format!("{policies:#?}")
}

/// Every span of a case's policies, each statement's inner spans placed in the document.
fn spans(case: &Case) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for policy in policies(case) {
        out.push(("policy".to_string(), policy.span));
        for st in &policy.statements {
            out.extend(statement_spans(st));
        }
    }
    out
}

fn statement_spans(st: &Statement) -> Vec<(String, Span)> {
    let b = &st.body;
    let mut out = vec![(st.label(), st.span)];
    let mut add = |what: &str, span: Span| out.push((what.to_string(), st.absolute(span)));
    for set in std::iter::once(&b.action).chain(&b.resource) {
        add("set", set.span);
        for item in &set.items {
            add(&item.text, item.span);
        }
    }
    if let Some(p) = &b.principal {
        add("principal", p.span);
        for e in &p.entries {
            add(&e.value, e.span);
        }
    }
    for c in &b.conditions {
        add(&c.key, c.span);
        for v in &c.values {
            add(&v.text, v.span);
        }
    }
    out
}

/// Every span of the case is where its element is in `text`: its line and column are those
/// of its bytes, and the bytes hold the element (so spans are right, not only alike).
fn spans_point_at_their_text(text: &str, case: &Case) -> Result<(), TestCaseError> {
    let index = LineIndex::new(text);
    // Documents given as strings have spans in their own text, which starts at 0 (the file
    // starts with its array).
    let in_file = policies(case).into_iter().filter(|p| p.span.start > 0);
    let spans = in_file.flat_map(|p| {
        std::iter::once(("policy".to_string(), p.span)).chain(p.statements.iter().flat_map(statement_spans))
    });
    for (what, span) in spans {
        prop_assert_eq!(index.span(span.start, span.end), span, "{}", what);
        let Some(at) = text.get(span.start..span.end) else {
            return Err(TestCaseError::fail(format!("{what}: {span:?} is not in the text")));
        };
        if !what.starts_with("statement ") && !matches!(what.as_str(), "policy" | "set" | "principal") {
            prop_assert!(at.contains(&what), "{:?} at {:?}", what, at);
        }
    }
    Ok(())
}

/// The two readings of one case agree on everything people and programs can see (and the
/// runner's JSON line writer writes what serde_json writes).
fn same_case(batch: &Case, plain: &Case, what: &str) -> Result<(), TestCaseError> {
    for detail in [Detail::Brief, Detail::Full] {
        let (a, b) = (batch.evaluate_with(detail), plain.evaluate_with(detail));
        prop_assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
            "{} {:?}",
            what,
            detail
        );
        let mut line = Vec::new();
        write_result(&mut line, &a).unwrap();
        prop_assert_eq!(String::from_utf8(line).unwrap(), serde_json::to_string(&a).unwrap(), "{} line", what);
        prop_assert_eq!(a.explanation.render_text(), b.explanation.render_text(), "{} {:?}", what, detail);
    }
    prop_assert_eq!(spans(batch), spans(plain), "{}", what);
    prop_assert_eq!(compiled(batch), compiled(plain), "{}", what);
    prop_assert_eq!(format!("{:?}", batch.warnings), format!("{:?}", plain.warnings), "{}", what);
    prop_assert_eq!(format!("{:?}", batch.detection), format!("{:?}", plain.detection), "{}", what);
    Ok(())
}

/// The batch path gives what `load_cases` gives. `strict`: the text is generated valid JSON,
/// so the two must also agree on which case is the first that cannot be read, and why.
fn paths_agree(text: &str, interners: usize, chunk: usize, strict: bool) -> Result<(), TestCaseError> {
    let whole = load_cases(text);
    let Some(batch) = batch_path(text, interners, chunk) else {
        prop_assert!(!strict, "a generated file splits");
        return Ok(());
    };
    match &whole {
        Ok(cases) => {
            if strict {
                prop_assert!(batch.complete, "every case reads in the batch: {:?}", batch.error);
                prop_assert_eq!(batch.cases.len(), cases.len());
            }
            for (i, (a, b)) in batch.cases.iter().zip(cases).enumerate() {
                same_case(a, b, &format!("case {i}"))?;
                spans_point_at_their_text(text, a)?;
            }
        }
        Err(e) => {
            let valid_json = json::parse_limited(text, json::MAX_FILE_BYTES).is_ok();
            if strict || valid_json {
                // The first case that cannot be read is the file's first problem.
                prop_assert!(!batch.complete, "the batch reads a file that has an error: {e}");
                if let Some(batch_error) = &batch.error {
                    prop_assert_eq!(batch_error, e);
                }
            }
            // The cases before it read as they do in the file cut after them.
            if let Some(&(_, end)) = batch.ranges.last() {
                let prefix = format!("{}\n]", &text[..end]);
                if let Ok(cases) = load_cases(&prefix) {
                    prop_assert_eq!(cases.len(), batch.cases.len());
                    for (i, (a, b)) in batch.cases.iter().zip(&cases).enumerate() {
                        same_case(a, b, &format!("case {i} before the error"))?;
                        spans_point_at_their_text(text, a)?;
                    }
                } else {
                    prop_assert!(!strict, "the cases before the error read in a file of their own");
                }
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let json_char = select(vec!['{', '}', '[', ']', '"', ',', ':', '\n', ' ', '*', 'é', '5']);
    prop_oneof![
        (any::<usize>(), json_char).prop_map(|(at, c)| Edit::Insert(at, c)),
        any::<usize>().prop_map(Edit::Delete)
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match *edit {
            Edit::Insert(at, c) => chars.insert(at % (chars.len() + 1), c),
            Edit::Delete(at) if !chars.is_empty() => {
                chars.remove(at % chars.len());
            }
            Edit::Delete(_) => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Each case of a batch gets the result it gets alone, as a file of its own: the same
    /// decision, dialect and decisive statements (positions aside, which count from each file's
    /// start), and its cases do not influence each other through shared statements.
    #[test]
    fn a_batch_gives_each_case_the_result_it_gets_alone(f in file(false)) {
        let text = f.render();
        let in_batch = load_cases(&text).expect("generated without errors");
        let ranges: Vec<(usize, usize)> = ArrayElements::new(&text).expect("an array").map(|e| e.expect("split")).collect();
        prop_assert_eq!(ranges.len(), in_batch.len());
        let outline = |case: &Case| {
            let r = case.evaluate();
            let decisive: Vec<(String, usize, Option<String>, String)> = r
                .explanation
                .decisive
                .iter()
                .map(|d| (d.policy.clone(), d.index, d.sid.clone(), d.label.clone()))
                .collect();
            (r.decision, r.dialect, r.expected, decisive)
        };
        for (case, (start, end)) in in_batch.iter().zip(ranges) {
            let alone = load_cases(&text[start..end]).expect("a case that reads in a batch reads alone");
            prop_assert_eq!(alone.len(), 1);
            prop_assert_eq!(outline(&alone[0]), outline(case), "{}", &text[start..end]);
        }
    }

    /// Files whose cases read without errors (warnings allowed).
    #[test]
    fn batch_reading_equals_whole_file_reading(f in file(false)) {
        let text = f.render();
        paths_agree(&text, f.interners, f.chunk, true)?;
    }

    /// Files with cases that have errors (policy errors, wrong types, dialect mismatches).
    #[test]
    fn batch_reading_equals_whole_file_reading_with_errors(f in file(true)) {
        let text = f.render();
        paths_agree(&text, f.interners, f.chunk, true)?;
    }

    /// Files edited character by character: whatever both paths read, they read alike.
    #[test]
    fn batch_reading_equals_whole_file_reading_after_edits(f in file(false), edits in prop::collection::vec(edit(), 1..4)) {
        let text = apply(&f.render(), &edits);
        paths_agree(&text, f.interners, f.chunk, false)?;
    }
}

/// The generator makes what the properties need: statements repeated across cases, and files
/// whose cases all read.
#[test]
fn generated_files_repeat_statements_and_mostly_read() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut read, mut shared) = (0, 0);
    for _ in 0..64 {
        let f = file(false).new_tree(&mut runner).unwrap().current();
        let text = f.render();
        if let Ok(cases) = load_cases(&text) {
            read += 1;
            let batch = batch_path(&text, 1, 1).unwrap();
            let mut seen = std::collections::HashSet::new();
            for case in &batch.cases {
                let p = &case.policies;
                let all = p.identity.iter().chain(&p.resource).chain(&p.session).chain(&p.boundaries);
                for st in all.chain(p.control.iter().flatten()).flat_map(|p| &p.statements) {
                    if !seen.insert(std::sync::Arc::as_ptr(&st.body)) {
                        shared += 1;
                    }
                }
            }
            assert_eq!(batch.cases.len(), cases.len());
        }
    }
    assert!(read >= 32, "only {read} of 64 generated files read");
    assert!(shared > 0, "no generated file shares a statement body");
}
