//! Statements compiled straight from their text, without a JSON tree in between.
//!
//! A batch file holds tens of thousands of statements, and when they do not repeat, reading
//! each into a [`Json`](crate::json::Json) tree and then walking the tree to compile it was
//! half the work of `eval --json`. Nearly every statement is plain: strict JSON without
//! escapes, known elements of the right types, nothing the grammar warns about. Such a
//! statement is read here in one pass over its bytes, each element compiled as it is reached,
//! with the spans the ordinary road gives (counted from the statement's start, as
//! [`Span::relative_to`] counts them).
//!
//! Anything else (an escape, an unknown or repeated element, a wrong type, an empty list, a
//! value the operator cannot read, anything that would be an issue) makes this reader give up,
//! and the caller takes the ordinary road ([`super::compile_statement`] over the tree), which
//! finds the problems and words them. So this reader never decides what is an error; a property
//! test checks that whatever it compiles, the ordinary road compiles to the same body with no
//! issue.

use super::{Reader, STATEMENT_ELEMENTS};
use crate::ast::{
    Condition, ConditionValue, Effect, NameItem, NameSet, PrincipalEntry, PrincipalSet, ServiceMask, StatementBody,
};
use crate::dialect::Dialect;
use crate::json::plain::{find_any, plain_run, skip_whitespace};
use crate::operator::Operator;
use crate::pattern::Pattern;
use crate::span::Span;
use crate::value::{CompiledValue, compile_value};

/// Compiles the statement whose whole text is `text` (from its `{` to its `}`), read in
/// `dialect` with policy variables on or off, when it is plain: strict JSON without escapes
/// whose every element reads without any issue. The body's spans count from the start of
/// `text`, as [`super::compile_statement`] counts them. `None` means "not plain": read the
/// statement into a tree and compile that, which reports what is wrong, if anything is.
pub fn compile_statement_text(text: &str, dialect: Dialect, variables: bool) -> Option<StatementBody> {
    let reader = Reader { dialect, issues: Vec::new(), variables, origin: Span::default() };
    let mut c = Cursor::new(text);
    let mut seen = 0u16;
    let mut sid = None;
    let mut effect = None;
    let mut action = None;
    let mut resource = None;
    let mut principal = None;
    let mut conditions = Vec::new();
    c.object(false, |c, key, _| {
        // An unknown or repeated element is an issue.
        let element = Element::of(key)?;
        if seen & (1 << element as u16) != 0 {
            return None;
        }
        seen |= 1 << element as u16;
        match element {
            Element::Sid => sid = Some(c.text()?.to_string()),
            Element::Effect => {
                effect = Some(match c.text()? {
                    "Allow" => Effect::Allow,
                    "Deny" => Effect::Deny,
                    _ => return None,
                })
            }
            // Action with NotAction (and the other pairs) is an issue: the second one gives up.
            Element::Action | Element::NotAction if action.is_none() => {
                action = Some(c.name_set(element == Element::NotAction, &reader, true)?)
            }
            Element::Resource | Element::NotResource if resource.is_none() => {
                resource = Some(c.name_set(element == Element::NotResource, &reader, false)?)
            }
            Element::Principal | Element::NotPrincipal if principal.is_none() => {
                principal = Some(c.principal(element == Element::NotPrincipal, dialect)?)
            }
            Element::Condition => c.conditions(&mut conditions, dialect, variables)?,
            _ => return None,
        }
        Some(())
    })?;
    if !c.at_end() {
        return None;
    }
    let (effect, action) = (effect?, action?);
    // RAM has no NotPrincipal, and NotPrincipal with Allow is warned about.
    if principal.as_ref().is_some_and(|p| p.negated) && (dialect == Dialect::Aliyun || effect == Effect::Allow) {
        return None;
    }
    let action_services = ServiceMask::of_action_set(&action);
    Some(StatementBody { sid, effect, action, resource, principal, conditions, action_services })
}

/// The elements of a statement, in the order of [`STATEMENT_ELEMENTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    Sid,
    Effect,
    Action,
    NotAction,
    Resource,
    NotResource,
    Principal,
    NotPrincipal,
    Condition,
}

impl Element {
    /// The element called `key` (a `match` on the name, not a search of the list).
    fn of(key: &str) -> Option<Element> {
        let element = match key {
            "Sid" => Element::Sid,
            "Effect" => Element::Effect,
            "Action" => Element::Action,
            "NotAction" => Element::NotAction,
            "Resource" => Element::Resource,
            "NotResource" => Element::NotResource,
            "Principal" => Element::Principal,
            "NotPrincipal" => Element::NotPrincipal,
            "Condition" => Element::Condition,
            _ => return None,
        };
        debug_assert_eq!(STATEMENT_ELEMENTS[element as usize], key);
        Some(element)
    }
}

/// A place in the text: byte offset, line and column.
type Mark = (usize, u32, u32);

/// Reads the statement text from its start, keeping lines and columns.
struct Cursor<'s> {
    text: &'s str,
    bytes: &'s [u8],
    pos: usize,
    /// The line of `pos` (from 1) and the byte where it starts.
    line: u32,
    line_start: usize,
    /// Columns count characters: in ASCII text they are byte distances.
    ascii: bool,
    /// For other text, a byte of the current line and its column: marks move forward, so
    /// columns are counted from the last one, never from the line's start again.
    known: (usize, u32),
}

impl<'s> Cursor<'s> {
    fn new(text: &'s str) -> Self {
        Cursor { text, bytes: text.as_bytes(), pos: 0, line: 1, line_start: 0, ascii: text.is_ascii(), known: (0, 1) }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Steps past `byte` when it is next.
    #[inline]
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        self.pos += usize::from(next);
        next
    }

    /// JSON whitespace; only `\n` starts a line (as [`crate::span::LineIndex`] counts them).
    fn whitespace(&mut self) {
        skip_whitespace(self.bytes, &mut self.pos, &mut self.line, &mut self.line_start);
    }

    fn at_end(&mut self) -> bool {
        self.whitespace();
        self.pos == self.bytes.len()
    }

    #[inline]
    fn column(&mut self, offset: usize) -> u32 {
        if self.ascii { (offset - self.line_start + 1) as u32 } else { self.counted_column(offset) }
    }

    /// The column of `offset` in text that is not all ASCII, at or after the last one asked for.
    fn counted_column(&mut self, offset: usize) -> u32 {
        if self.known.0 < self.line_start {
            self.known = (self.line_start, 1);
        }
        let (from, column) = self.known;
        let column = column + self.text[from..offset].chars().count() as u32;
        self.known = (offset, column);
        column
    }

    #[inline]
    fn mark(&mut self) -> Mark {
        (self.pos, self.line, self.column(self.pos))
    }

    /// The span from `mark` to the current position.
    #[inline]
    fn span(&mut self, (start, line, column): Mark) -> Span {
        let end_column = self.column(self.pos);
        Span { start, end: self.pos, line, column, end_line: self.line, end_column }
    }

    /// A string without escapes or control characters.
    #[inline]
    fn text(&mut self) -> Option<&'s str> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        let end = start + plain_run(self.bytes, start);
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }
        self.pos = end + 1;
        Some(&self.text[start..end])
    }

    /// A string without escapes or control characters, and its span.
    #[inline]
    fn string(&mut self) -> Option<(&'s str, Span)> {
        let mark = self.mark();
        let text = self.text()?;
        Some((text, self.span(mark)))
    }

    /// A condition value: a string, a number as written, or a boolean as `true`/`false`.
    fn scalar(&mut self) -> Option<(&'s str, Span)> {
        let mark = self.mark();
        let text = match self.peek()? {
            b'"' => return self.string(),
            b't' if self.bytes[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                "true"
            }
            b'f' if self.bytes[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                "false"
            }
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        Some((text, self.span(mark)))
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as the JSON reader takes it.
    fn number(&mut self) -> Option<&'s str> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return None,
        }
        if self.eat(b'.') {
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return None;
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return None;
            }
            self.digits();
        }
        if let Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'.' | b'_' | b'+' | b'-') = self.peek() {
            return None;
        }
        Some(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// An object: `member(cursor, key, key span)` reads each member's value. Keys have their
    /// spans only with `key_spans` (otherwise the default span).
    fn object(
        &mut self,
        key_spans: bool,
        mut member: impl FnMut(&mut Self, &'s str, Span) -> Option<()>,
    ) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        self.whitespace();
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let (key, key_span) = if key_spans { self.string()? } else { (self.text()?, Span::default()) };
            self.whitespace();
            if !self.eat(b':') {
                return None;
            }
            self.whitespace();
            member(self, key, key_span)?;
            self.whitespace();
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
            self.whitespace();
        }
    }

    /// An array: `element(cursor)` reads each element.
    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        self.whitespace();
        if self.eat(b']') {
            return Some(());
        }
        loop {
            element(self)?;
            self.whitespace();
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
            self.whitespace();
        }
    }

    /// A string or an array of strings: `item(text, span)` for each string; the span of the
    /// whole value.
    fn strings(&mut self, mut item: impl FnMut(&'s str, Span) -> Option<()>) -> Option<Span> {
        let mark = self.mark();
        if self.peek() == Some(b'[') {
            self.array(|c| {
                let (text, span) = c.string()?;
                item(text, span)
            })?;
        } else {
            let (text, span) = self.string()?;
            item(text, span)?;
        }
        Some(self.span(mark))
    }

    /// `Action`/`NotAction` (`is_action`) or `Resource`/`NotResource`, as `Reader::name_set`
    /// compiles them; an empty list is an issue.
    fn name_set(&mut self, negated: bool, reader: &Reader, is_action: bool) -> Option<NameSet> {
        // Room for a list's first few items, or the one string.
        let mut items = Vec::with_capacity(if self.peek() == Some(b'[') { 4 } else { 1 });
        let span = self.strings(|text, span| {
            items.push(if is_action {
                // Whitespace in an AWS action is warned about; RAM trims it.
                let pattern = match reader.dialect {
                    // Strings here hold no control characters: only a space or a non-ASCII
                    // character can be whitespace.
                    Dialect::Aws
                        if (find_any(text.as_bytes(), 0, [b' '; 3]).is_some() || !text.is_ascii())
                            && text.contains(char::is_whitespace) =>
                    {
                        return None;
                    }
                    Dialect::Aws => Pattern::action(text),
                    Dialect::Aliyun => Pattern::action(text.trim()),
                };
                NameItem { text: text.to_string(), pattern, parts: None, span }
            } else {
                reader.resource_item(text, span)
            });
            Some(())
        })?;
        if items.is_empty() {
            return None;
        }
        Some(NameSet { negated, items, span })
    }

    /// `Principal`/`NotPrincipal`, as `Reader::principal` compiles it.
    fn principal(&mut self, negated: bool, dialect: Dialect) -> Option<PrincipalSet> {
        let kinds: &[&str] = match dialect {
            Dialect::Aws => &["AWS", "Service", "Federated", "CanonicalUser"],
            Dialect::Aliyun => &["RAM", "Service", "Federated"],
        };
        let mark = self.mark();
        let mut entries = Vec::new();
        match self.peek()? {
            b'"' => {
                let (text, span) = self.string()?;
                if text != "*" {
                    return None;
                }
                entries.push(PrincipalEntry { kind: "*".into(), value: "*".into(), span });
            }
            b'{' => self.object(false, |c, kind, _| {
                if !kinds.contains(&kind) {
                    return None;
                }
                // An empty list names nobody, without an issue.
                c.strings(|text, span| {
                    entries.push(PrincipalEntry { kind: kind.to_string(), value: text.to_string(), span });
                    Some(())
                })
                .map(drop)
            })?,
            _ => return None,
        }
        Some(PrincipalSet { negated, entries, span: self.span(mark) })
    }

    /// The `Condition` block, as `Reader::conditions` compiles it, appended to `out`.
    fn conditions(&mut self, out: &mut Vec<Condition>, dialect: Dialect, variables: bool) -> Option<()> {
        // Operators seen so far: a repeated one is an issue (a block has a handful).
        let mut operators: [&str; 8] = [""; 8];
        let mut count = 0;
        self.object(false, |c, op_text, _| {
            if operators[..count].contains(&op_text) || count == operators.len() {
                return None;
            }
            operators[count] = op_text;
            count += 1;
            let operator = Operator::parse(op_text, dialect).ok()?;
            // Condition keys ignore case: `aws:SourceIp` twice in any case is an issue.
            let mut keys: [&str; 8] = [""; 8];
            let mut key_count = 0;
            c.object(true, |c, key, key_span| {
                if keys[..key_count].iter().any(|k| k.eq_ignore_ascii_case(key)) || key_count == keys.len() {
                    return None;
                }
                keys[key_count] = key;
                key_count += 1;
                let mut values = Vec::new();
                let mut value = |c: &mut Self| {
                    let (text, span) = c.scalar()?;
                    let compiled = compile_value(operator.base, text, variables, dialect);
                    if let CompiledValue::Invalid(_) = compiled {
                        return None;
                    }
                    values.push(ConditionValue { text: text.to_string(), compiled, span });
                    Some(())
                };
                if c.peek() == Some(b'[') {
                    c.array(value)?;
                } else {
                    value(c)?;
                }
                out.push(Condition {
                    operator,
                    operator_text: op_text.to_string(),
                    key: key.to_string(),
                    key_lower: key.to_ascii_lowercase(),
                    values,
                    span: key_span,
                });
                Some(())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::parser::compile_statement;
    use crate::span::LineIndex;
    use proptest::prelude::*;

    /// Statements of every shape the grammar has; the last ones have issues in some dialect.
    const STATEMENTS: &[&str] = &[
        r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}"#,
        r#"{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b", "acs:oss:*:*:b/*"]}"#,
        r#"{"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "NotResource": "arn:aws:iam::*:role/x?", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}"#,
        r#"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "222233334444"], "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
        r#"{"Effect": "Allow", "Principal": {"RAM": ["acs:ram::1111111111111111:root"], "Service": []}, "Action": ["ecs:*", "sts:AssumeRole"], "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqualsIgnoreCase": {"aws:PrincipalTag/Team": ["Red", "blue"]}, "ForAnyValue:StringLike": {"aws:TagKeys": "team-*"}}}"#,
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "s3:*", "Resource": "*"}"#,
        r#"{"Sid": "Zeitfenster→ü", "Effect": "Allow", "Action": "ecs:Describe*", "Resource": "acs:ecs:*:*:instance/ü-*", "Condition": {"DateLessThan": {"acs:CurrentTime": "2030-01-01T00:00:00Z"}, "Bool": {"acs:SecureTransport": true}, "NumericLessThan": {"test:n": [10, -2.5e3, 0]}, "IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}}"#,
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${aws:PrincipalTag/team, 'x'}-*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ec2:*:111122223333:instance/*"}, "Null": {"aws:TokenIssueTime": "false"}, "BinaryEquals": {"test:b": "QmluYXJ5"}, "BoolIfExists": {"aws:MultiFactorAuthPresent": "${aws:x}"}}}"#,
        r#"{"Effect": "Allow", "Action": " ecs:DescribeInstances ", "Resource": "*", "Condition": {}}"#,
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/x"}, "Action": "s3:GetObject", "Resource": "*"}"#,
        r#"{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"test:n": "many"}}}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject"}"#,
        r#"{"Effect": "Allow", "Action": 5, "Resource": "*", "Efect": "Allow"}"#,
        r#"{"Effect": "Allow", "Action": "s3:Get\u002a", "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:a": "x", "AWS:A": "y"}}}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqual": {"aws:a": "x"}}}"#,
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Principal": {"AWS": null}}"#,
    ];

    /// The body compiled by the ordinary road (the statement read into a tree, placed after
    /// other text on its line), if it has no issues.
    fn ordinary(text: &str, dialect: Dialect, variables: bool) -> Result<String, String> {
        let whole = format!("[\"é→\",\n  \"x\", {text}]");
        let start = whole.len() - text.len() - 1;
        let index = LineIndex::new(&whole);
        let value = json::parse_at(&index, start, start + text.len()).map_err(|e| e.to_string())?;
        let compiled = compile_statement(0, &value, dialect, variables);
        match compiled.body {
            Some(body) if compiled.issues.is_empty() => Ok(format!("{body:?}")),
            _ => Err(format!("{:?}", compiled.issues)),
        }
    }

    /// Whatever the direct reader compiles, the ordinary road compiles alike, without issues.
    fn agree(text: &str) -> Result<usize, TestCaseError> {
        let mut compiled = 0;
        for dialect in [Dialect::Aws, Dialect::Aliyun] {
            for variables in [false, true] {
                if let Some(body) = compile_statement_text(text, dialect, variables) {
                    let ordinary = ordinary(text, dialect, variables);
                    prop_assert_eq!(ordinary, Ok(format!("{body:?}")), "{} {:?} {}", text, dialect, variables);
                    compiled += 1;
                }
            }
        }
        Ok(compiled)
    }

    fn pretty(text: &str, indent: usize) -> String {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        serde_json::to_string_pretty(&value).unwrap().replace('\n', &format!("\n{}", " ".repeat(indent)))
    }

    #[test]
    fn plain_statements_are_compiled_and_the_others_left_to_the_tree() {
        let mut plain = 0;
        for text in STATEMENTS {
            for text in [text.to_string(), pretty(text, 3)] {
                let compiled = agree(&text).unwrap();
                // Every statement the ordinary road compiles without issues is plain here but
                // the one with an escape.
                for dialect in [Dialect::Aws, Dialect::Aliyun] {
                    for variables in [false, true] {
                        let direct = compile_statement_text(&text, dialect, variables).is_some();
                        let clean = ordinary(&text, dialect, variables).is_ok();
                        assert_eq!(direct, clean && !text.contains('\\'), "{text} {dialect:?} {variables}");
                    }
                }
                plain += compiled;
            }
        }
        assert!(plain > 40, "{plain}");
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
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Statements edited character by character (JSON punctuation, wildcards, case,
        /// whitespace, escapes, non-ASCII): the direct reader compiles what the ordinary road
        /// compiles without issues, to the same body, or gives up.
        #[test]
        fn edited_statements_compile_as_the_tree_does(
            which in 0..STATEMENTS.len(),
            indent in proptest::option::of(0..6usize),
            edits in proptest::collection::vec(
                prop_oneof![
                    (any::<usize>(), proptest::sample::select(vec![
                        '{', '}', '[', ']', '"', ',', ':', '\n', ' ', '\t', '*', '?', '$', 'é', '5', '\\', 'a', 'S', '-', '.', 'e',
                    ])).prop_map(|(at, c)| Edit::Insert(at, c)),
                    any::<usize>().prop_map(Edit::Delete),
                ],
                0..4,
            ),
        ) {
            let text = match indent {
                Some(n) => pretty(STATEMENTS[which], n),
                None => STATEMENTS[which].to_string(),
            };
            agree(&apply(&text, &edits))?;
        }
    }
}
