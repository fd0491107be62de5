//! Compiled statement bodies shared across the cases of one batch file.
//!
//! Generated and real batch files repeat the same statements in many cases (10,000
//! generated AWS cases hold about 100,000 statements, 8,000 of them distinct). A
//! statement's compiled body depends only on its text, the dialect and whether policy
//! variables are on, and its spans count from the statement's own start (see
//! [`playground_core::ast`]), so every copy of a text can share one body, wherever it is:
//! a statement seen before is neither read nor compiled again, only placed.
//!
//! The parser knows nothing of this: [`StatementInterner::policy_from_json`] reads a
//! document's outline with [`PolicyOutline::read`], looks each statement text up, compiles
//! only the texts it has not seen ([`compile_statement`]) and assembles the policy
//! ([`PolicyOutline::assemble_with`]).
//!
//! Only statements that compiled without any issue are remembered: their copies need no
//! messages. A text is remembered the second time it is compiled: most distinct statements
//! of a batch occur once (5,500 of the 8,000 above), and keeping those only held on to memory
//! that nothing read again. At most [`CAPACITY`] texts are remembered.

use playground_core::ast::StatementBody;
use playground_core::dialect::Dialect;
use playground_core::issue::PolicyIssue;
use playground_core::json::{self, Json, JsonKind};
use playground_core::parser::{
    CompiledStatement, ParsedPolicy, PolicyOutline, compile_statement, compile_statement_text,
};
use playground_core::span::LineIndex;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

/// Most statement texts one interner remembers (a bound on memory for huge, varied files).
pub const CAPACITY: usize = 16_384;

/// The bodies compiled from one statement text: one per (dialect, policy variables on) pair.
type Readings = Vec<(Dialect, bool, Arc<StatementBody>)>;

/// A statement text with its hash: a statement looked up, compiled and offered is hashed
/// once, not once per map it meets.
#[derive(Debug, Clone, Copy)]
struct Text<'t> {
    hash: u64,
    text: &'t str,
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Text<'_> {}

impl Hash for Text<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of maps whose keys are hashed already ([`Text`], and the hashes in
/// `seen_once`): it hands the hash on.
#[derive(Debug, Default, Clone, Copy)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else is still hashed, if poorly.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

type PassThrough = BuildHasherDefault<Prehashed>;

/// Compiled statement bodies of one text, keyed by their source text.
#[derive(Debug, Clone)]
pub struct StatementInterner<'t> {
    index: LineIndex<'t>,
    /// Hashes the statement texts (seeded per process).
    hasher: foldhash::fast::RandomState,
    bodies: HashMap<Text<'t>, Readings, PassThrough>,
    /// Hashes of the statement texts compiled once so far (a collision only remembers a
    /// statement one sighting early).
    seen_once: HashSet<u64, PassThrough>,
}

impl<'t> StatementInterner<'t> {
    /// An empty interner for statements read from `index.text()` (spans are byte offsets into it).
    pub fn new(index: LineIndex<'t>) -> Self {
        StatementInterner {
            index,
            hasher: Default::default(),
            bodies: HashMap::default(),
            seen_once: HashSet::default(),
        }
    }

    fn text(&self, text: &'t str) -> Text<'t> {
        Text { hash: self.hasher.hash_one(text), text }
    }

    /// The indexed text the statements come from.
    pub fn index(&self) -> &LineIndex<'t> {
        &self.index
    }

    /// Number of statement texts remembered.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// True when nothing is remembered yet.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// The body remembered for `source` (a piece of the interner's text) read in `dialect` with
    /// policy variables on or off.
    pub fn get(&self, source: &'t str, dialect: Dialect, variables: bool) -> Option<&Arc<StatementBody>> {
        self.get_text(self.text(source), dialect, variables)
    }

    fn get_text(&self, source: Text<'t>, dialect: Dialect, variables: bool) -> Option<&Arc<StatementBody>> {
        let entries = self.bodies.get(&source)?;
        entries.iter().find(|(d, v, _)| *d == dialect && *v == variables).map(|(_, _, body)| body)
    }

    /// Notes a body compiled without issues from `source`; remembers it from the text's second
    /// compilation on, with its ARN parts compiled, so that no copy compiles them again.
    pub fn offer(&mut self, source: &'t str, dialect: Dialect, variables: bool, body: &Arc<StatementBody>) {
        self.offer_text(self.text(source), dialect, variables, body);
    }

    fn offer_text(&mut self, source: Text<'t>, dialect: Dialect, variables: bool, body: &Arc<StatementBody>) {
        let new_text = !self.bodies.contains_key(&source);
        if new_text && (self.bodies.len() >= CAPACITY || self.seen_once.insert(source.hash)) {
            return;
        }
        let entries = self.bodies.entry(source).or_default();
        if !entries.iter().any(|(d, v, _)| *d == dialect && *v == variables) {
            body.compile_arn_parts();
            entries.push((dialect, variables, Arc::clone(body)));
        }
    }

    /// Statement `position` of a policy: the remembered body of its text, or the text read (if
    /// the JSON reader left it unread) and compiled, and offered to the interner.
    pub fn statement(
        &mut self,
        position: usize,
        item: &Json<'t>,
        dialect: Dialect,
        variables: bool,
    ) -> CompiledStatement {
        let source = self.index.text().get(item.span.start..item.span.end).map(|s| self.text(s));
        if let Some(body) = source.and_then(|s| self.get_text(s, dialect, variables)) {
            return CompiledStatement { body: Some(Arc::clone(body)), issues: Vec::new() };
        }
        let read;
        let item = match item.kind {
            JsonKind::Unread => {
                // Most statements are plain: compiled straight from their text, no tree read.
                if let Some(source) = source
                    && let Some(body) = compile_statement_text(source.text, dialect, variables)
                {
                    let body = Arc::new(body);
                    self.offer_text(source, dialect, variables, &body);
                    return CompiledStatement { body: Some(body), issues: Vec::new() };
                }
                read = json::parse_at(&self.index, item.span.start, item.span.end);
                match &read {
                    Ok(value) => value,
                    // The text was measured as one JSON value, so this cannot happen; say so rather than panic.
                    Err(e) => {
                        let issue = PolicyIssue::WrongType {
                            element: format!("statement {}", position + 1),
                            expected: "a statement object",
                            found: "text that no longer reads as JSON",
                            span: e.span,
                        };
                        return CompiledStatement { body: None, issues: vec![issue] };
                    }
                }
            }
            _ => item,
        };
        let compiled = compile_statement(position, item, dialect, variables);
        if let (Some(body), Some(source), true) = (&compiled.body, source, compiled.issues.is_empty()) {
            self.offer_text(source, dialect, variables, body);
        }
        compiled
    }

    /// Reads a policy in a dialect decided beforehand, as
    /// [`playground_core::parser::policy_from_json_in`] does, sharing the bodies of statements
    /// seen before; `doc`'s spans must be offsets into the interner's text.
    pub fn policy_from_json(&mut self, name: &str, doc: &Json<'t>, dialect: Dialect) -> ParsedPolicy {
        let outline = PolicyOutline::read(doc, dialect);
        let variables = outline.variables();
        outline.assemble_with(name, |position, item| self.statement(position, item, dialect, variables))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::parser::policy_from_json_in;

    const AWS: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b"],
   "Condition": {"StringLike": {"s3:prefix": ["home/", "home/${aws:username}/*"]}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
  {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::*:role/x?", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "222233334444"], "Service": "ec2.amazonaws.com"},
   "Action": "sts:AssumeRole", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ec2:*:111122223333:instance/*"}}}
]}"#;

    /// Every document twice in one text (pretty and on one line, the second copy after a
    /// non-ASCII character so character columns differ from byte offsets): the second copy
    /// read through the interner equals the second copy compiled afresh, spans included.
    fn check(doc: &str, dialect: Dialect) {
        let minified = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(doc).unwrap()).unwrap();
        for copy in [doc, minified.as_str()] {
            let text = format!("[{copy},\n  \"é→\", {copy}]");
            let parsed = json::parse(&text).unwrap();
            let items = parsed.value.as_array().unwrap();
            let mut interner = StatementInterner::new(LineIndex::new(&text));
            let first = interner.policy_from_json("p", &items[0], dialect);
            assert!(first.policy.is_some(), "{:?}", first.issues);
            assert!(interner.is_empty(), "statements compiled once are not remembered");
            interner.policy_from_json("p", &items[0], dialect);
            let remembered = interner.len();
            assert!(remembered > 0, "statements compiled twice are remembered");
            let shared = interner.policy_from_json("p", &items[2], dialect);
            assert_eq!(interner.len(), remembered, "the second copy compiled nothing new");
            let fresh: ParsedPolicy = policy_from_json_in("p", &items[2], dialect);
            // ARN parts are compiled on first use; compile the fresh copy's too before comparing.
            for st in fresh.policy.iter().flat_map(|p| &p.statements) {
                st.body.compile_arn_parts();
            }
            assert_eq!(format!("{:?}", shared.policy), format!("{:?}", fresh.policy));
            assert_eq!(format!("{:?}", shared.issues), format!("{:?}", fresh.issues));
            // The copies share their bodies with the interner.
            let (a, b) = (shared.policy.unwrap(), first.policy.unwrap());
            for (x, y) in a.statements.iter().zip(&b.statements) {
                assert!(x.span != y.span);
                assert!(Arc::ptr_eq(
                    &x.body,
                    interner.get(&text[x.span.start..x.span.end], dialect, a.variables).unwrap()
                ));
                y.body.compile_arn_parts();
                assert_eq!(format!("{:?}", x.body), format!("{:?}", y.body), "one body wherever the text is");
            }
        }
    }

    #[test]
    fn shared_statements_equal_fresh_ones_aws() {
        check(AWS, Dialect::Aws);
    }

    #[test]
    fn shared_statements_equal_fresh_ones_seeds() {
        for seed in [
            include_str!("../../../tests/fixtures/seeds/AliyunHBRRolePolicy.json"),
            include_str!("../../../tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json"),
            include_str!("../../../tests/fixtures/seeds/AliyunServiceRoleForHbrCrossAccountBackup.json"),
        ] {
            check(seed, Dialect::Aliyun);
        }
    }

    #[test]
    fn statements_with_issues_are_not_remembered() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Efect": 1}]}"#;
        let parsed = json::parse(text).unwrap();
        let mut interner = StatementInterner::new(LineIndex::new(text));
        for _ in 0..3 {
            let p = interner.policy_from_json("p", &parsed.value, Dialect::Aws);
            assert!(!p.issues.is_empty());
        }
        assert!(interner.is_empty());
    }

    #[test]
    fn unread_statements_are_read_when_compiled() {
        let text = "[\n  {\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \"Sid\": \"é\"}}]";
        let index = LineIndex::new(text);
        let skipped = json::plain::read_skipping(&index, 0, text.len()).unwrap();
        let doc = &skipped.as_array().unwrap()[0];
        assert_eq!(doc.get("Statement").map(|s| &s.kind), Some(&JsonKind::Unread));
        let mut interner = StatementInterner::new(index.clone());
        let read = interner.policy_from_json("p", doc, Dialect::Aws);
        let whole = json::parse(text).unwrap();
        let fresh = policy_from_json_in("p", &whole.value.as_array().unwrap()[0], Dialect::Aws);
        assert_eq!(format!("{:?}", read.policy), format!("{:?}", fresh.policy));
        assert!(read.policy.is_some());
    }
}
