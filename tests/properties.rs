//! Property tests: decisions do not depend on statement order, Deny and Allow statements are
//! monotone, the wildcard matcher agrees with a reference matcher, and the JSON reader never
//! panics and always points inside the text. Both dialects.

use policy_playground::authorize::{Decision, PolicySet, authorize};
use policy_playground::case::{CaseError, load_cases};
use policy_playground::diagnostic::Diagnostic;
use policy_playground::explain::explain;
use policy_playground::pattern::{Pattern, PatternSyntax};
use policy_playground::policy::{Effect, Policy, parse_policy};
use policy_playground::request::{Context, Request};
use policy_playground::span::Span;
use policy_playground::{Dialect, json};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Vocabulary, per dialect
// ---------------------------------------------------------------------------

/// Names used by generated policies and requests in one dialect.
struct Vocab {
    version: &'static str,
    principal_kind: &'static str,
    /// Request principals: same-account user, same-account role session, other-account user, root.
    callers: [&'static str; 4],
    /// Principal entries for resource policies.
    entries: [&'static str; 7],
    /// Request resources.
    resources: [&'static str; 5],
    /// Resource patterns.
    resource_patterns: [&'static str; 8],
}

const AWS: Vocab = Vocab {
    version: "2012-10-17",
    principal_kind: "AWS",
    callers: [
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:sts::111122223333:assumed-role/app/s1",
        "arn:aws:iam::444455556666:user/bob",
        "arn:aws:iam::111122223333:root",
    ],
    entries: [
        "*",
        "111122223333",
        "arn:aws:iam::111122223333:root",
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::111122223333:role/app",
        "arn:aws:iam::444455556666:root",
        "arn:aws:iam::444455556666:user/bob",
    ],
    resources: [
        "arn:aws:svc:us-east-1:111122223333:thing/a",
        "arn:aws:svc:us-east-1:111122223333:thing/b",
        "arn:aws:svc:eu-west-1:111122223333:other/a",
        "arn:aws:svc:us-east-1:444455556666:thing/a",
        "arn:aws:iam::111122223333:role/app",
    ],
    resource_patterns: [
        "*",
        "arn:aws:svc:*:111122223333:thing/*",
        "arn:aws:svc:us-east-1:111122223333:thing/a",
        "arn:aws:svc:*:*:*",
        "arn:aws:svc:*",
        "arn:aws:svc:us-east-1:*:thing/?",
        "arn:aws:svc:*:444455556666:*",
        "arn:aws:iam::*:role/*",
    ],
};

const ALIYUN: Vocab = Vocab {
    version: "1",
    principal_kind: "RAM",
    callers: [
        "acs:ram::1111111111111111:user/alice",
        "acs:ram::1111111111111111:assumed-role/app/s1",
        "acs:ram::4444444444444444:user/bob",
        "acs:ram::1111111111111111:root",
    ],
    entries: [
        "*",
        "1111111111111111",
        "acs:ram::1111111111111111:root",
        "acs:ram::1111111111111111:user/alice",
        "acs:ram::1111111111111111:role/app",
        "acs:ram::4444444444444444:root",
        "acs:ram::4444444444444444:user/bob",
    ],
    resources: [
        "acs:svc:cn-hangzhou:1111111111111111:thing/a",
        "acs:svc:cn-hangzhou:1111111111111111:thing/b",
        "acs:svc:cn-beijing:1111111111111111:other/a",
        "acs:svc:cn-hangzhou:4444444444444444:thing/a",
        "acs:ram::1111111111111111:role/app",
    ],
    resource_patterns: [
        "*",
        "acs:svc:*:1111111111111111:thing/*",
        "acs:svc:cn-hangzhou:1111111111111111:thing/a",
        "acs:svc:*:*:*",
        "acs:svc:*",
        "acs:svc:cn-hangzhou:*:thing/?",
        "acs:svc:*:4444444444444444:*",
        "acs:ram::*:role/*",
    ],
};

fn vocab(d: Dialect) -> &'static Vocab {
    match d {
        Dialect::Aws => &AWS,
        Dialect::Aliyun => &ALIYUN,
    }
}

const ACTIONS: &[&str] =
    &["svc:GetObject", "svc:PutObject", "svc:ListThings", "other:GetObject", "SVC:getobject", "sts:AssumeRole"];
const ACTION_PATTERNS: &[&str] = &[
    "svc:GetObject",
    "svc:Get*",
    "svc:*",
    "*",
    "svc:?utObject",
    "*Object",
    "other:*",
    "svc:List*",
    "SVC:PUTOBJECT",
    "sts:AssumeRole",
    "sts:*",
];
const CONDITION_KEY: &str = "test:Team";
const CONDITION_VALUES: &[&str] = &["red", "blue", "green"];
const REQUEST_VALUES: &[&str] = &["red", "blue", "pink", "RED"];

// ---------------------------------------------------------------------------
// Generated policies
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Stmt {
    allow: bool,
    not_action: bool,
    actions: Vec<usize>,
    /// (NotResource, patterns); `None` leaves Resource out.
    resource: Option<(bool, Vec<usize>)>,
    /// Principal entries (used only in the resource policy); `None` leaves Principal out.
    principal: Option<Vec<usize>>,
    /// StringEquals on CONDITION_KEY with these values.
    condition: Option<Vec<usize>>,
}

impl Stmt {
    fn render(&self, v: &Vocab, resource_side: bool) -> Value {
        let mut st = serde_json::Map::new();
        st.insert("Effect".into(), json!(if self.allow { "Allow" } else { "Deny" }));
        let actions: Vec<&str> = self.actions.iter().map(|&i| ACTION_PATTERNS[i]).collect();
        st.insert(if self.not_action { "NotAction" } else { "Action" }.into(), json!(actions));
        if let Some((not, items)) = &self.resource {
            let items: Vec<&str> = items.iter().map(|&i| v.resource_patterns[i]).collect();
            st.insert(if *not { "NotResource" } else { "Resource" }.into(), json!(items));
        }
        if resource_side && let Some(entries) = &self.principal {
            let entries: Vec<&str> = entries.iter().map(|&i| v.entries[i]).collect();
            st.insert("Principal".into(), json!({ v.principal_kind: entries }));
        }
        if let Some(values) = &self.condition {
            let values: Vec<&str> = values.iter().map(|&i| CONDITION_VALUES[i]).collect();
            st.insert("Condition".into(), json!({"StringEquals": {CONDITION_KEY: values}}));
        }
        Value::Object(st)
    }
}

#[derive(Debug, Clone)]
struct Scenario {
    dialect: Dialect,
    identity: Vec<Vec<Stmt>>,
    resource: Option<Vec<Stmt>>,
    caller: usize,
    action: usize,
    target: usize,
    context: Option<usize>,
}

fn stmt_with(allow: impl Strategy<Value = bool>) -> impl Strategy<Value = Stmt> {
    (
        allow,
        prop::bool::weighted(0.15),
        prop::collection::vec(0..ACTION_PATTERNS.len(), 1..3),
        prop::option::weighted(0.9, (prop::bool::weighted(0.15), prop::collection::vec(0..8usize, 1..3))),
        prop::option::weighted(0.9, prop::collection::vec(0..7usize, 1..3)),
        prop::option::weighted(0.3, prop::collection::vec(0..CONDITION_VALUES.len(), 1..3)),
    )
        .prop_map(|(allow, not_action, actions, resource, principal, condition)| Stmt {
            allow,
            not_action,
            actions,
            resource,
            principal,
            condition,
        })
}

fn stmt() -> impl Strategy<Value = Stmt> {
    stmt_with(any::<bool>())
}

fn dialect() -> impl Strategy<Value = Dialect> {
    prop_oneof![Just(Dialect::Aws), Just(Dialect::Aliyun)]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        dialect(),
        prop::collection::vec(prop::collection::vec(stmt(), 0..4), 0..3),
        prop::option::weighted(0.6, prop::collection::vec(stmt(), 0..4)),
        0..4usize,
        0..ACTIONS.len(),
        0..5usize,
        prop::option::of(0..REQUEST_VALUES.len()),
    )
        .prop_map(|(dialect, identity, resource, caller, action, target, context)| Scenario {
            dialect,
            identity,
            resource,
            caller,
            action,
            target,
            context,
        })
}

fn compile(d: Dialect, name: &str, statements: &[Stmt], resource_side: bool) -> Policy {
    let v = vocab(d);
    let doc = json!({
        "Version": v.version,
        "Statement": statements.iter().map(|s| s.render(v, resource_side)).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let parsed = parse_policy(name, &text, Some(d));
    assert!(!parsed.has_errors(), "{text}\n{:?}", parsed.issues);
    parsed.policy.unwrap()
}

impl Scenario {
    fn set(&self) -> PolicySet {
        PolicySet {
            identity: self
                .identity
                .iter()
                .enumerate()
                .map(|(i, st)| compile(self.dialect, &format!("identity {i}"), st, false))
                .collect(),
            resource: self.resource.as_ref().map(|st| compile(self.dialect, "resource", st, true)),
            ..PolicySet::default()
        }
    }

    fn request(&self) -> Request {
        let v = vocab(self.dialect);
        let mut context = Context::default();
        if let Some(i) = self.context {
            context.insert(CONDITION_KEY, vec![REQUEST_VALUES[i].to_string()], false);
        }
        Request::new(
            self.dialect,
            v.callers[self.caller],
            ACTIONS[self.action],
            v.resources[self.target],
            None,
            context,
        )
    }

    fn decide(&self) -> Decision {
        authorize(&self.set(), &self.request())
    }

    /// Adds `st` as a new statement: `place` picks the policy (an existing identity policy,
    /// a new identity policy, or the resource policy) and the position in it.
    fn with(&self, st: Stmt, place: (usize, usize)) -> Scenario {
        let mut s = self.clone();
        let targets = s.identity.len() + 2;
        match place.0 % targets {
            i if i < s.identity.len() => {
                let p = &mut s.identity[i];
                p.insert(place.1 % (p.len() + 1), st);
            }
            i if i == s.identity.len() => s.identity.insert(place.1 % (s.identity.len() + 1), vec![st]),
            _ => {
                let p = s.resource.get_or_insert_with(Vec::new);
                p.insert(place.1 % (p.len() + 1), st);
            }
        }
        s
    }

    /// The same scenario with every policy's statements, and the identity policies, reordered.
    fn shuffled(&self, seed: u64) -> Scenario {
        let mut rng = XorShift(seed | 1);
        let mut s = self.clone();
        for p in &mut s.identity {
            rng.shuffle(p);
        }
        rng.shuffle(&mut s.identity);
        if let Some(p) = &mut s.resource {
            rng.shuffle(p);
        }
        s
    }
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------
// (a)-(c) Decision properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// (a) Statement order and policy order never change the decision.
    #[test]
    fn order_never_changes_the_decision(s in scenario(), seed in any::<u64>()) {
        let before = s.decide();
        let after = s.shuffled(seed).decide();
        prop_assert_eq!(before, after, "{:#?}", s);
    }

    /// (b) Adding a Deny statement never turns a deny into an allow, and keeps an explicit deny.
    #[test]
    fn adding_a_deny_never_grants(s in scenario(), st in stmt_with(Just(false)), place in (any::<usize>(), any::<usize>())) {
        let before = s.decide();
        let after = s.with(st, place).decide();
        if before != Decision::Allow {
            prop_assert_ne!(after, Decision::Allow, "{:#?}", s);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    /// (c) Adding an Allow statement never turns an allow into a deny, and never removes an explicit deny.
    #[test]
    fn adding_an_allow_never_denies(s in scenario(), st in stmt_with(Just(true)), place in (any::<usize>(), any::<usize>())) {
        let before = s.decide();
        let after = s.with(st, place).decide();
        if before == Decision::Allow {
            prop_assert_eq!(after, Decision::Allow, "{:#?}", s);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    /// The explanation agrees with the decision, and its decisive statements have the right effect.
    #[test]
    fn explanations_agree_with_decisions(s in scenario()) {
        let set = s.set();
        let req = s.request();
        let decision = authorize(&set, &req);
        let e = explain(&set, &req);
        prop_assert_eq!(e.decision, decision);
        match decision {
            Decision::ExplicitDeny => {
                prop_assert!(!e.decisive.is_empty());
                prop_assert!(e.decisive.iter().all(|d| d.effect == Effect::Deny));
                prop_assert!(e.summary.starts_with("Denied explicitly"), "{}", e.summary);
            }
            Decision::Allow => {
                prop_assert!(e.decisive.iter().all(|d| d.effect == Effect::Allow));
                prop_assert!(e.summary.starts_with("Allowed"), "{}", e.summary);
            }
            Decision::ImplicitDeny => {
                prop_assert!(e.decisive.is_empty());
                prop_assert!(e.summary.starts_with("Denied"), "{}", e.summary);
            }
        }
        // Every decisive statement is reported as applying.
        for d in &e.decisive {
            let applies = e.layers.iter()
                .filter(|l| l.layer == d.layer)
                .flat_map(|l| l.policies.iter())
                .filter(|p| p.name == d.policy)
                .flat_map(|p| p.statements.iter())
                .any(|r| r.statement.index == d.index && r.applies);
            prop_assert!(applies, "{:?}", d);
        }
    }
}

// ---------------------------------------------------------------------------
// (d) Wildcard matcher against a reference backtracking matcher
// ---------------------------------------------------------------------------

/// Plain recursive glob matching over characters: `*` any run, `?` one character.
fn reference(p: &[char], s: &[char]) -> bool {
    match p.split_first() {
        None => s.is_empty(),
        Some(('*', rest)) => (0..=s.len()).any(|i| reference(rest, &s[i..])),
        Some(('?', rest)) => !s.is_empty() && reference(rest, &s[1..]),
        Some((c, rest)) => s.first() == Some(c) && reference(rest, &s[1..]),
    }
}

fn text_from(chars: &'static [char], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(select(chars), 0..max).prop_map(|v| v.into_iter().collect())
}

const GLOB: PatternSyntax = PatternSyntax { wildcards: true, variables: false };

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn wildcards_match_like_the_reference_ascii(p in text_from(&['a', 'b', '*', '?', ':'], 10), s in text_from(&['a', 'b', ':'], 12)) {
        let pc: Vec<char> = p.chars().collect();
        let sc: Vec<char> = s.chars().collect();
        prop_assert_eq!(Pattern::new(&p, GLOB).matches(&s), reference(&pc, &sc), "pattern {:?} input {:?}", p, s);
    }

    #[test]
    fn wildcards_match_like_the_reference_unicode(
        p in text_from(&['a', 'é', '日', '*', '?', '🦀'], 9),
        s in text_from(&['a', 'é', '日', '🦀'], 10),
    ) {
        let pc: Vec<char> = p.chars().collect();
        let sc: Vec<char> = s.chars().collect();
        prop_assert_eq!(Pattern::new(&p, GLOB).matches(&s), reference(&pc, &sc), "pattern {:?} input {:?}", p, s);
    }

    /// Without wildcards a pattern is literal text: it matches only itself.
    #[test]
    fn literal_patterns_match_only_themselves(p in text_from(&['a', '*', '?', 'é'], 6), s in text_from(&['a', '*', '?', 'é'], 6)) {
        let literal = Pattern::new(&p, PatternSyntax { wildcards: false, variables: false });
        prop_assert_eq!(literal.matches(&s), p == s);
    }

    /// Action patterns ignore case in both the pattern and (lower-cased) action.
    #[test]
    fn action_patterns_ignore_case(p in text_from(&['a', 'B', '*', '?', ':'], 8), s in text_from(&['A', 'b', ':'], 10)) {
        let pc: Vec<char> = p.to_ascii_lowercase().chars().collect();
        let sc: Vec<char> = s.to_ascii_lowercase().chars().collect();
        prop_assert_eq!(Pattern::action(&p).matches(&s.to_ascii_lowercase()), reference(&pc, &sc));
    }
}

#[test]
fn the_reference_matcher_is_right_on_known_cases() {
    let m = |p: &str, s: &str| reference(&p.chars().collect::<Vec<_>>(), &s.chars().collect::<Vec<_>>());
    assert!(m("*", ""));
    assert!(m("a*b", "aXXb"));
    assert!(!m("a?c", "ac"));
    assert!(m("*?b", "éb"));
    assert!(!m("*?b", "aé"));
    // And the engine on the case that used to panic (fixed in fe616a3).
    assert!(!Pattern::new("*?b", GLOB).matches("aé"));
    assert!(Pattern::new("*?b", GLOB).matches("éb"));
}

// ---------------------------------------------------------------------------
// (e) The JSON reader on arbitrary and mutated text
// ---------------------------------------------------------------------------

const SEEDS: &[(&str, &str)] = &[
    ("AliyunHBRRolePolicy", include_str!("fixtures/seeds/AliyunHBRRolePolicy.json")),
    ("CrossAccountBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrCrossAccountBackup.json")),
    ("CsgBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrCsgBackup.json")),
    ("EcsBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrEcsBackup.json")),
    ("EcsEncryption", include_str!("fixtures/seeds/AliyunServiceRoleForHbrEcsEncryption.json")),
    ("MagpieBridge", include_str!("fixtures/seeds/AliyunServiceRoleForHbrMagpieBridge.json")),
    ("NasBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrNasBackup.json")),
    ("OssBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrOssBackup.json")),
    ("OtsBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrOtsBackup.json")),
    ("PdsBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrPdsBackup.json")),
    ("Rd", include_str!("fixtures/seeds/AliyunServiceRoleForHbrRd.json")),
    ("VaultEncryption", include_str!("fixtures/seeds/AliyunServiceRoleForHbrVaultEncryption.json")),
    ("hbrcrossrole-trust", include_str!("fixtures/seeds/hbrcrossrole-trust-as-printed.json")),
    ("resourcemanager", include_str!("fixtures/seeds/resourcemanager-slr-permission.json")),
];

/// The line and character column of a byte offset, counted independently of the engine.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, column as u32)
}

/// A span lies inside `text`: both ends are character boundaries within it, in order, and
/// their lines and columns are the ones those offsets have.
fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end && span.end <= text.len(), "{what}: {span:?} outside {} bytes", text.len());
    prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{what}: {span:?}");
    let lines: Vec<&str> = text.split('\n').collect();
    for (line, column) in [(span.line, span.column), (span.end_line, span.end_column)] {
        prop_assert!(line >= 1 && line as usize <= lines.len(), "{what}: line {line} of {}", lines.len());
        let width = lines[line as usize - 1].chars().count() as u32;
        prop_assert!(column >= 1 && column <= width + 1, "{what}: column {column} of line {line} ({width} chars)");
    }
    prop_assert_eq!((span.line, span.column), line_column(text, span.start), "{}: start of {:?}", what, span);
    prop_assert_eq!((span.end_line, span.end_column), line_column(text, span.end), "{}: end of {:?}", what, span);
    Ok(())
}

/// Reads `text` every way the engine can: raw JSON, as a policy in each dialect, and as a
/// policy document inside a case file (which is then evaluated).
fn read_everything(text: &str) -> Result<(), TestCaseError> {
    match json::parse(text) {
        Ok(parsed) => check_span(text, parsed.value.span, "value")?,
        Err(e) => {
            prop_assert!(!e.message.is_empty());
            check_span(text, e.span, &format!("json error {e}"))?;
        }
    }
    for dialect in [None, Some(Dialect::Aws), Some(Dialect::Aliyun)] {
        let parsed = parse_policy("p", text, dialect);
        prop_assert_eq!(parsed.policy.is_none(), parsed.has_errors());
        for issue in &parsed.issues {
            check_span(text, issue.span(), &format!("{} {issue}", issue.code()))?;
        }
        if let Some(policy) = &parsed.policy {
            for st in &policy.statements {
                check_span(text, st.span, "statement")?;
            }
        }
    }
    for (dialect, principal) in
        [("aliyun", "acs:ram::1111111111111111:user/alice"), ("aws", "arn:aws:iam::111122223333:user/alice")]
    {
        let case = json!({
            "dialect": dialect,
            "request": {"principal": principal, "action": "ecs:DescribeInstances", "resource": "*",
                        "context": {"ram:ServiceName": "rd.hbr.aliyuncs.com"}},
            "identity_policies": [{"name": "p", "document": text}],
        });
        match load_cases(&case.to_string()) {
            Ok(cases) => {
                let result = cases[0].evaluate();
                for w in &result.warnings {
                    check_span(text, w.span, &format!("warning {}", w.message))?;
                }
            }
            Err(CaseError::Policy { issues, .. }) => {
                prop_assert!(!issues.is_empty());
                for issue in &issues {
                    check_span(text, issue.span(), &format!("case {} {issue}", issue.code()))?;
                }
            }
            Err(other) => prop_assert!(false, "only the policy can be wrong: {other}"),
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match *edit {
            Edit::Insert(at, c) => {
                let at = at % (chars.len() + 1);
                chars.insert(at, c);
            }
            Edit::Delete(at) if !chars.is_empty() => {
                let at = at % chars.len();
                chars.remove(at);
            }
            Edit::Delete(_) => {}
        }
    }
    chars.into_iter().collect()
}

fn edit() -> impl Strategy<Value = Edit> {
    let json_char = select(vec!['{', '}', '[', ']', '"', ',', ':', '\\', '\n', ' ', '*', 'é', '\u{feff}', '0', 'e']);
    prop_oneof![
        (any::<usize>(), json_char).prop_map(|(at, c)| Edit::Insert(at, c)),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Edit::Insert(at, c)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_reader_never_panics_on_arbitrary_strings(text in any::<String>()) {
        read_everything(&text)?;
    }

    #[test]
    fn the_reader_never_panics_on_json_like_strings(text in "[\\[\\]{}\",:0-9a-zA-Z \\n\\t\\\\é*-]{0,80}") {
        read_everything(&text)?;
    }

    #[test]
    fn the_reader_never_panics_on_mutated_seeds(
        seed in select(SEEDS),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let text = apply(seed.1, &edits);
        read_everything(&text)?;
    }
}

// ---------------------------------------------------------------------------
// The fast JSON reader against jsonc-parser, the parser of record
// ---------------------------------------------------------------------------

/// Both readers of `text`: whatever the fast path accepts, jsonc-parser reads to the same
/// values with the same spans; case-file splitting finds the elements jsonc-parser finds.
fn readers_agree(text: &str) -> Result<(), TestCaseError> {
    let fast = json::parse(text);
    let reference = json::parse_with_jsonc(text);
    prop_assert_eq!(&fast, &reference, "text {:?}", text);
    if let Some(ranges) = json::split::array_elements(text) {
        let index = policy_playground::span::LineIndex::new(text);
        let read: Result<Vec<json::Json>, _> = ranges.iter().map(|&(s, e)| json::parse_at(&index, s, e)).collect();
        if let Ok(read) = read {
            let whole = reference.as_ref().map_err(|e| TestCaseError::fail(format!("{text:?} split, but {e}")))?;
            prop_assert_eq!(whole.wrapped_run, None);
            prop_assert_eq!(Some(&read[..]), whole.value.as_array(), "elements of {:?}", text);
        }
    } else {
        // Arrays the fast reader takes whole must split too (jsonc-parser also accepts a few
        // non-JSON spaces, such as a vertical tab, which both fast paths leave to it).
        let index = policy_playground::span::LineIndex::new(text);
        let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        if let Ok(whole) = json::plain::read(&index, bom, text.len()) {
            prop_assert!(whole.as_array().is_none(), "{:?} is an array the splitter missed", text);
        }
    }
    Ok(())
}

/// Valid JSON with varied whitespace, escapes and characters.
fn json_value() -> impl Strategy<Value = String> {
    let ws = select(vec!["", " ", "\n", "\t ", "\r\n  "]);
    let string = prop::collection::vec(
        select(vec!["a", "Z", "é", "😀", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\/", " ", "*"]),
        0..6,
    )
    .prop_map(|parts| format!("\"{}\"", parts.concat()));
    let leaf = prop_oneof![
        string.clone(),
        select(vec!["0", "-1", "12.5e-3", "1E+2", "true", "false", "null", "-0.0"]).prop_map(str::to_string),
    ];
    leaf.prop_recursive(4, 40, 5, move |inner| {
        let ws = ws.clone();
        prop_oneof![
            (prop::collection::vec((inner.clone(), ws.clone()), 0..5)).prop_map(|items| {
                let body: Vec<String> = items.into_iter().map(|(v, w)| format!("{w}{v}{w}")).collect();
                format!("[{}]", body.join(","))
            }),
            (prop::collection::vec((string.clone(), inner, ws.clone()), 0..5)).prop_map(|members| {
                let body: Vec<String> = members.into_iter().map(|(k, v, w)| format!("{w}{k}{w}:{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn fast_reader_agrees_with_jsonc_on_valid_json(v in json_value(), lead in select(vec!["", " ", "\u{feff}", "\n"])) {
        let text = format!("{lead}{v}");
        prop_assert!(json::parse_with_jsonc(&text).is_ok(), "generator made invalid JSON: {}", text);
        readers_agree(&text)?;
        let array = format!("[{v},\n {v} ]");
        readers_agree(&array)?;
    }

    #[test]
    fn skipped_statements_leave_every_other_span_in_place(v in json_value(), ws in select(vec!["", " ", "\n  ", "\r\n"])) {
        let text = format!("{{\"Statement\": [{ws}{{\"a\": {v}}},{ws}{v}], \"after\":{ws}{v},{ws}\"x\": {{\"Statement\": {{\"b\":{ws}{v}}}}}}}");
        let index = policy_playground::span::LineIndex::new(&text);
        let whole = json::plain::read(&index, 0, text.len()).expect("valid JSON");
        let skipped = json::plain::read_skipping(&index, 0, text.len()).expect("valid JSON");
        // Statement objects are unread, with the spans the full reading gives them.
        let statements = skipped.get("Statement").unwrap().as_array().unwrap();
        let read = whole.get("Statement").unwrap().as_array().unwrap();
        prop_assert_eq!(&statements[0].kind, &json::JsonKind::Unread);
        prop_assert_eq!(statements[0].span, read[0].span);
        if read[1].as_object().is_some() {
            prop_assert_eq!(&statements[1].kind, &json::JsonKind::Unread);
            prop_assert_eq!(statements[1].span, read[1].span);
        } else {
            prop_assert_eq!(&statements[1], &read[1], "a statement that is not an object is read");
        }
        prop_assert_eq!(skipped.get("after"), whole.get("after"));
        let inner = skipped.get("x").unwrap().get("Statement").unwrap();
        prop_assert_eq!(&inner.kind, &json::JsonKind::Unread);
        prop_assert_eq!(inner.span, whole.get("x").unwrap().get("Statement").unwrap().span);
        prop_assert_eq!(skipped.as_object().unwrap()[2].key_span, whole.as_object().unwrap()[2].key_span);
    }

    #[test]
    fn fast_reader_agrees_with_jsonc_on_mutated_json(v in json_value(), edits in prop::collection::vec(edit(), 1..4)) {
        readers_agree(&apply(&format!("[{v}, {v}]"), &edits))?;
    }

    #[test]
    fn fast_reader_agrees_with_jsonc_on_mutated_seeds(seed in select(SEEDS), edits in prop::collection::vec(edit(), 0..4)) {
        readers_agree(&apply(seed.1, &edits))?;
    }

    #[test]
    fn long_arrays_split_where_jsonc_finds_their_elements(
        items in prop::collection::vec((json_value(), select(vec!["", " ", "\n", "\t ", "\r\n    "])), 1..12),
        backslashes in 0usize..70,
    ) {
        // Elements long enough to cross the splitter's 64-byte blocks, some with long runs of
        // backslashes (escaped backslashes, then an escaped quote) in a string.
        let run = format!("\"{}\\\"\"", "\\\\".repeat(backslashes));
        let body: Vec<String> = items.iter().map(|(v, ws)| format!("{ws}{{\"v\": {v}, \"s\": {run}}}{ws}")).collect();
        let text = format!("[{}]", body.join(","));
        let whole = json::parse_with_jsonc(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        let ranges = json::split::array_elements(&text).ok_or_else(|| TestCaseError::fail(format!("{text:?} did not split")))?;
        let spans: Vec<(usize, usize)> = whole.value.as_array().unwrap().iter().map(|v| (v.span.start, v.span.end)).collect();
        prop_assert_eq!(ranges, spans, "{:?}", text);
    }

    #[test]
    fn fast_reader_agrees_with_jsonc_on_mutated_long_arrays(
        items in prop::collection::vec(json_value(), 2..8),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        readers_agree(&apply(&format!("[{}]", items.join(",\n")), &edits))?;
    }

    #[test]
    fn fast_reader_agrees_with_jsonc_on_json_like_strings(text in "[\\[\\]{}\",:0-9eE.+tfrulns \\n\\\\/-]{0,40}") {
        readers_agree(&text)?;
    }
}

#[test]
fn unmutated_seeds_and_edge_cases_read_cleanly() {
    for (name, text) in SEEDS {
        read_everything(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    for text in [
        "",
        " ",
        "\n\n",
        "\u{feff}",
        "\u{feff}{",
        "{",
        "}",
        "[",
        "\"",
        "\"\\u12",
        "{\"a\":1},",
        ",",
        ",{}",
        "{}\n,\n{}",
        "é\n\u{feff}x",
    ] {
        read_everything(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}
