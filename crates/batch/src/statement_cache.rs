//! Compiled statements reused across the cases of one batch file.
//!
//! Generated and real batch files repeat the same statements in many cases (10,000
//! generated AWS cases hold about 100,000 statements, 8,000 of them distinct). A
//! statement's compiled form depends only on its text, the dialect and whether policy
//! variables are on, so a statement seen before is taken from the cache instead of being
//! compiled again: for brief explanations it shares the cached body, otherwise it gets a copy
//! with its spans moved to its new place in the file. Only statements that compiled without
//! any issue are remembered: their copies need no messages. A text is remembered the second
//! time it is compiled: most distinct statements of a batch occur once (5,500 of the 8,000
//! above), and keeping those only held on to memory that nothing read again.

use playground_core::dialect::Dialect;
use playground_core::policy::{Reuse, Statement, StatementSource};
use playground_core::span::{LineIndex, Span};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// Most statement texts one cache remembers (a bound on memory for huge, varied files).
const CAPACITY: usize = 16_384;

/// Compiled statements of one text, keyed by their source text.
#[derive(Debug, Clone)]
pub struct StatementCache<'t> {
    index: LineIndex<'t>,
    statements: HashMap<&'t str, Vec<(Dialect, bool, Statement)>, foldhash::fast::RandomState>,
    /// Hashes of the statement texts compiled once so far (a collision only remembers a
    /// statement one sighting early).
    seen_once: HashSet<u64, foldhash::fast::RandomState>,
    only_action: Option<String>,
    share_bodies: bool,
}

impl<'t> StatementCache<'t> {
    /// An empty cache for statements read from `index.text()` (spans are byte offsets into it).
    pub fn new(index: LineIndex<'t>) -> Self {
        StatementCache {
            index,
            statements: HashMap::default(),
            seen_once: HashSet::default(),
            only_action: None,
            share_bodies: false,
        }
    }

    /// The indexed text the statements come from.
    pub fn index(&self) -> &LineIndex<'t> {
        &self.index
    }

    /// Number of statement texts remembered.
    pub fn len(&self) -> usize {
        self.statements.len()
    }

    /// True when nothing is remembered yet.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    fn source(&self, span: Span) -> Option<&'t str> {
        self.index.text().get(span.start..span.end)
    }

    /// What the cache can do for the statement whose text is at `span`: nothing, hand it out
    /// at `span` (sharing the body or copying it, see [`StatementCache::share_bodies`]; its
    /// `index` is the one it had where it was compiled), or, when
    /// [`StatementCache::keep_only_action`] is set and its action element cannot match, skip
    /// it without copying.
    pub fn reuse(&self, dialect: Dialect, variables: bool, span: Span) -> Reuse {
        let Some(entries) = self.source(span).and_then(|source| self.statements.get(source)) else {
            return Reuse::Unknown;
        };
        let Some((_, _, cached)) = entries.iter().find(|(d, v, _)| *d == dialect && *v == variables) else {
            return Reuse::Unknown;
        };
        if !self.wanted(cached) {
            return Reuse::Unwanted { sid: cached.sid.clone() };
        }
        if self.share_bodies {
            return Reuse::Wanted(cached.sharing(cached.index, span));
        }
        let mut statement = cached.clone();
        let from = cached.span;
        statement.for_each_span_mut(|s| *s = moved(*s, from, span));
        Reuse::Wanted(statement)
    }

    /// Makes the policies compiled next leave out the statements whose `Action` or
    /// `NotAction` cannot match `action` (lower-cased), or keep every statement (`None`).
    /// Such statements can neither decide a request for `action` nor appear in its brief
    /// explanation ([`playground_core::explain::Detail::Brief`]), so a batch that prints brief results
    /// need not copy them; per-statement reports need them all.
    pub fn keep_only_action(&mut self, action: Option<&str>) {
        self.only_action = action.map(str::to_string);
    }

    /// Makes the copies handed out next share the cached body, whose inner spans stay where
    /// it was compiled (see [`playground_core::policy::StatementBody`]), or get a body of their own
    /// with every span moved to their text. Sharing is for brief explanations, which cite
    /// only whole statements; it saves copying and freeing every reused statement.
    pub fn share_bodies(&mut self, share: bool) {
        self.share_bodies = share;
    }

    /// Whether a compiled statement stays in the policy (see [`StatementCache::keep_only_action`]).
    pub fn wanted(&self, statement: &Statement) -> bool {
        self.only_action
            .as_deref()
            .is_none_or(|action| playground_core::evaluate::action_match(&statement.action, action).0)
    }

    /// Notes a statement that compiled without issues; remembers it from its text's second
    /// compilation on.
    pub fn insert(&mut self, dialect: Dialect, variables: bool, statement: &Statement) {
        let Some(source) = self.source(statement.span) else { return };
        let new_text = !self.statements.contains_key(source);
        if new_text
            && (self.statements.len() >= CAPACITY || self.seen_once.insert(self.seen_once.hasher().hash_one(source)))
        {
            return;
        }
        let entries = self.statements.entry(source).or_default();
        if !entries.iter().any(|(d, v, _)| *d == dialect && *v == variables) {
            let kept = statement.shareable();
            // Compile the ARN parts now, once, so that every copy carries them instead of
            // compiling them again when first matched.
            for item in kept.resource.iter().flat_map(|set| set.items.iter()) {
                if let Some(parts) = &item.parts {
                    parts.of(&item.text);
                }
            }
            entries.push((dialect, variables, kept));
        }
    }
}

impl<'t> StatementSource<'t> for StatementCache<'t> {
    fn index(&self) -> &LineIndex<'t> {
        StatementCache::index(self)
    }

    fn reuse(&self, dialect: Dialect, variables: bool, span: Span) -> Reuse {
        StatementCache::reuse(self, dialect, variables, span)
    }

    fn wanted(&self, statement: &Statement) -> bool {
        StatementCache::wanted(self, statement)
    }

    fn insert(&mut self, dialect: Dialect, variables: bool, statement: &Statement) {
        StatementCache::insert(self, dialect, variables, statement)
    }
}

/// `span`, which lies inside a statement at `from`, moved with the statement to `to`. The
/// two texts are identical, so bytes and lines shift by the same amount everywhere, and
/// columns shift only on the statement's first line (later lines start inside the text).
fn moved(span: Span, from: Span, to: Span) -> Span {
    if span.is_empty() {
        return span;
    }
    let column = |line: u32, column: u32| if line == from.line { column + to.column - from.column } else { column };
    Span {
        start: span.start + to.start - from.start,
        end: span.end + to.start - from.start,
        line: span.line + to.line - from.line,
        column: column(span.line, span.column),
        end_line: span.end_line + to.line - from.line,
        end_column: column(span.end_line, span.end_column),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::json;
    use playground_core::policy::{ParsedPolicy, policy_from_json_in};

    const AWS: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b"],
   "Condition": {"StringLike": {"s3:prefix": ["home/", "home/${aws:username}/*"]}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
  {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::*:role/x?", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "222233334444"], "Service": "ec2.amazonaws.com"},
   "Action": "sts:AssumeRole", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ec2:*:111122223333:instance/*"}}}
]}"#;

    /// Every document twice in one text (pretty and on one line, the second copy after a
    /// non-ASCII character so character columns differ from byte offsets): the second copy
    /// read through the cache equals the second copy compiled afresh, spans included.
    fn check(doc: &str, dialect: Dialect) {
        let minified = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(doc).unwrap()).unwrap();
        for copy in [doc, minified.as_str()] {
            let text = format!("[{copy},\n  \"é→\", {copy}]");
            let parsed = json::parse(&text).unwrap();
            let items = parsed.value.as_array().unwrap();
            let mut cache = StatementCache::new(playground_core::span::LineIndex::new(&text));
            let first = policy_from_json_in("p", &items[0], dialect, Some(&mut cache));
            assert!(first.policy.is_some(), "{:?}", first.issues);
            assert!(cache.is_empty(), "statements compiled once are not remembered");
            policy_from_json_in("p", &items[0], dialect, Some(&mut cache));
            let remembered = cache.len();
            assert!(remembered > 0, "statements compiled twice are remembered");
            let cached = policy_from_json_in("p", &items[2], dialect, Some(&mut cache));
            assert_eq!(cache.len(), remembered, "the second copy compiled nothing new");
            let fresh: ParsedPolicy = policy_from_json_in("p", &items[2], dialect, None);
            // ARN parts are compiled on first use; compile the fresh copy's too before comparing.
            for item in
                fresh.policy.iter().flat_map(|p| &p.statements).flat_map(|st| &st.resource).flat_map(|r| &r.items)
            {
                if let Some(parts) = &item.parts {
                    parts.of(&item.text);
                }
            }
            assert_eq!(format!("{:?}", cached.policy), format!("{:?}", fresh.policy));
            assert_eq!(format!("{:?}", cached.issues), format!("{:?}", fresh.issues));
        }
    }

    #[test]
    fn cached_statements_equal_fresh_ones_aws() {
        check(AWS, Dialect::Aws);
    }

    #[test]
    fn cached_statements_equal_fresh_ones_seeds() {
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
        let mut cache = StatementCache::new(playground_core::span::LineIndex::new(text));
        for _ in 0..3 {
            let p = policy_from_json_in("p", &parsed.value, Dialect::Aws, Some(&mut cache));
            assert!(!p.issues.is_empty());
        }
        assert!(cache.is_empty());
    }
}
