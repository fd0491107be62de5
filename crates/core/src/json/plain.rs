//! The fast path for well-formed JSON: one pass over the bytes, building [`Json`]
//! values with their spans directly.
//!
//! jsonc-parser (see the parent module) stays the parser of record: it decides
//! what is an error and what the message says. It builds its own tree, which the
//! parent then copies into ours; on large batch files that copy was a third of the
//! run time. Input that is plain, strict JSON (RFC 8259) is read here instead, and
//! anything else (a syntax error, a documentation fragment, a lone surrogate, very
//! deep nesting) makes this reader give up, so the text goes to jsonc-parser,
//! which then reports the error or wraps the fragment. A property test checks that
//! both readers agree on every input this one accepts.

use super::{Json, JsonKind, Member};
use crate::span::{LineIndex, Span};
use std::borrow::Cow;

/// Nesting deeper than this is left to jsonc-parser (whose own limit is 512).
const MAX_DEPTH: usize = 500;

/// This reader gave up: the text is not plain strict JSON, or nests too deeply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotPlain;

/// Reads `index.text()[start..end]` as exactly one JSON value with optional
/// whitespace around it. Spans are offsets into the whole indexed text.
pub fn read<'t>(index: &LineIndex<'t>, start: usize, end: usize) -> Result<Json<'t>, NotPlain> {
    read_with(index, start, end, false)
}

/// [`read`], but every statement object (an element of a `"Statement"` array, or the
/// value of `"Statement"` itself) is only measured, not read, and left as
/// [`JsonKind::Unread`]: batch files repeat statements, and the batch layer's interner finds most
/// of them compiled already (see `playground_batch::interner`); the rest are read when compiled.
pub fn read_skipping<'t>(index: &LineIndex<'t>, start: usize, end: usize) -> Result<Json<'t>, NotPlain> {
    read_with(index, start, end, true)
}

fn read_with<'t>(index: &LineIndex<'t>, start: usize, end: usize, skip_statements: bool) -> Result<Json<'t>, NotPlain> {
    let text = index.text();
    if end > text.len() || start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(NotPlain);
    }
    // The index knows where every line starts: no scan back over a long line (a case file
    // holds one case per line, and every statement of the case is read from inside it).
    let (line, line_start) = index.line_and_start(start);
    let mut reader = Reader {
        bytes: &text.as_bytes()[..end],
        text,
        pos: start,
        index,
        line,
        line_start,
        depth: 0,
        members: Vec::with_capacity(32),
        elements: Vec::with_capacity(32),
        skip_statements,
    };
    reader.skip_whitespace();
    let value = reader.value()?;
    reader.skip_whitespace();
    if reader.pos == end { Ok(value) } else { Err(NotPlain) }
}

/// How many bytes from `from` on are neither `"`, `\` nor a control character (below 0x20):
/// the length of a string's text up to its closing quote, its first escape or a byte JSON
/// does not allow in it. Strings are most of a policy's bytes, so this looks at 8 bytes at a
/// time: a byte equal to `b` is a zero byte of `word ^ (b * ONES)`, and `(x - ONES) & !x & HIGH`
/// flags the zero bytes of `x` (`(x - 0x20 * ONES) & !x & HIGH` those below 0x20); bytes
/// above a flagged one may be flagged wrongly, so only the lowest flag counts.
pub fn plain_run(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else { break };
        let word = u64::from_le_bytes(word);
        let found = (zero(word ^ (ONES * u64::from(b'"')))
            | zero(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word))
            & HIGH;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize - from;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        at += 1;
    }
    at - from
}

/// Where the first byte from `from` on that is one of `set` is (repeat a byte to look for
/// fewer). For the short texts of policies (names, actions, patterns) this word-at-a-time loop
/// costs less than memchr's setup; the bit trick is [`plain_run`]'s.
pub fn find_any(bytes: &[u8], from: usize, set: [u8; 3]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let [a, b, c] = set.map(|byte| ONES * u64::from(byte));
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else { break };
        let word = u64::from_le_bytes(word);
        let found = (zero(word ^ a) | zero(word ^ b) | zero(word ^ c)) & HIGH;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(|byte| set.contains(byte)).map(|i| at + i)
}

/// Statements are skipped only this close to the top (they sit a few levels down in case
/// files), so skipping never hides nesting deeper than the reader's limit.
const SKIP_DEPTH: usize = 32;

struct Reader<'t, 'i> {
    bytes: &'t [u8],
    text: &'t str,
    pos: usize,
    index: &'i LineIndex<'t>,
    /// The line of `pos` and where that line starts. JSON puts line breaks only between
    /// tokens (strings cannot hold a raw one), so only whitespace moves them.
    line: u32,
    line_start: usize,
    depth: usize,
    /// Members and elements of the objects and arrays being read, innermost last: each
    /// container is then moved out in one allocation of its exact size.
    members: Vec<Member<'t>>,
    elements: Vec<Json<'t>>,
    /// Leave statement objects unread (see [`read_skipping`]).
    skip_statements: bool,
}

/// Moves `pos` past JSON whitespace, counting lines: only `\n` starts one (as
/// [`crate::span::LineIndex`] counts them), and `line_start` is where the current one starts.
/// Both fast readers (this one and the statement reader) keep their place this way.
#[inline]
pub(crate) fn skip_whitespace(bytes: &[u8], pos: &mut usize, line: &mut u32, line_start: &mut usize) {
    while let Some(&b) = bytes.get(*pos) {
        match b {
            b' ' | b'\t' | b'\r' => {}
            b'\n' => {
                *line += 1;
                *line_start = *pos + 1;
            }
            _ => return,
        }
        *pos += 1;
    }
}

impl<'t> Reader<'t, '_> {
    fn skip_whitespace(&mut self) {
        skip_whitespace(self.bytes, &mut self.pos, &mut self.line, &mut self.line_start);
    }

    /// Where the text at `pos` is.
    fn here(&self) -> (usize, u32, usize) {
        (self.pos, self.line, self.line_start)
    }

    /// The span from a position taken with [`Reader::here`] to the current one.
    fn span_from(&self, (start, line, line_start): (usize, u32, usize)) -> Span {
        Span {
            start,
            end: self.pos,
            line,
            column: self.index.column(line_start, start),
            end_line: self.line,
            end_column: self.index.column(self.line_start, self.pos),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn value(&mut self) -> Result<Json<'t>, NotPlain> {
        let start = self.here();
        let kind = match self.peek().ok_or(NotPlain)? {
            b'{' => self.object()?,
            b'[' => self.array(false)?,
            b'"' => JsonKind::String(self.string()?),
            b't' => self.literal(b"true", JsonKind::Bool(true))?,
            b'f' => self.literal(b"false", JsonKind::Bool(false))?,
            b'n' => self.literal(b"null", JsonKind::Null)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return Err(NotPlain),
        };
        Ok(Json { kind, span: self.span_from(start) })
    }

    /// Steps into the container opening at `pos`; true when it closes with `close` at once.
    fn open(&mut self, close: u8) -> Result<bool, NotPlain> {
        self.depth += 1;
        self.pos += 1;
        if self.depth > MAX_DEPTH {
            return Err(NotPlain);
        }
        self.skip_whitespace();
        Ok(self.close_if(close))
    }

    /// Steps past `close` (leaving the container) when it is next.
    fn close_if(&mut self, close: u8) -> bool {
        if self.peek() != Some(close) {
            return false;
        }
        self.pos += 1;
        self.depth -= 1;
        true
    }

    /// After a member or element: true at the container's `close`, false after a `,`.
    fn next_or_close(&mut self, close: u8) -> Result<bool, NotPlain> {
        self.skip_whitespace();
        if self.close_if(close) {
            return Ok(true);
        }
        if self.peek() != Some(b',') {
            return Err(NotPlain);
        }
        self.pos += 1;
        self.skip_whitespace();
        Ok(false)
    }

    fn object(&mut self) -> Result<JsonKind<'t>, NotPlain> {
        if self.open(b'}')? {
            return Ok(JsonKind::Object(Vec::new()));
        }
        let first = self.members.len();
        loop {
            if self.peek() != Some(b'"') {
                return Err(NotPlain);
            }
            let key_start = self.here();
            let key = self.string()?;
            let key_span = self.span_from(key_start);
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(NotPlain);
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = if key == "Statement" && self.skip_statements && self.depth <= SKIP_DEPTH {
                match self.peek() {
                    Some(b'[') => {
                        let start = self.here();
                        let kind = self.array(true)?;
                        Json { kind, span: self.span_from(start) }
                    }
                    _ => self.statement()?,
                }
            } else {
                self.value()?
            };
            self.members.push(Member { key, key_span, value });
            if self.next_or_close(b'}')? {
                return Ok(JsonKind::Object(self.members.drain(first..).collect()));
            }
        }
    }

    /// An array; with `statements`, its elements are statements that may be skipped.
    fn array(&mut self, statements: bool) -> Result<JsonKind<'t>, NotPlain> {
        if self.open(b']')? {
            return Ok(JsonKind::Array(Vec::new()));
        }
        let first = self.elements.len();
        loop {
            let value = if statements { self.statement()? } else { self.value()? };
            self.elements.push(value);
            if self.next_or_close(b']')? {
                return Ok(JsonKind::Array(self.elements.drain(first..).collect()));
            }
        }
    }

    /// A statement: an object is measured and left unread; anything else is read.
    fn statement(&mut self) -> Result<Json<'t>, NotPlain> {
        if self.peek() == Some(b'{')
            && let Some(end) = super::split::value_end(self.bytes, self.pos)
        {
            let start = self.here();
            // Strings hold no raw line breaks, so every one in the object is between tokens.
            let skipped = &self.bytes[self.pos..end];
            if let Some(last) = memchr::memrchr(b'\n', skipped) {
                self.line += memchr::memchr_iter(b'\n', skipped).count() as u32;
                self.line_start = self.pos + last + 1;
            }
            self.pos = end;
            return Ok(Json { kind: JsonKind::Unread, span: self.span_from(start) });
        }
        self.value()
    }

    fn literal(&mut self, word: &[u8], kind: JsonKind<'t>) -> Result<JsonKind<'t>, NotPlain> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(NotPlain)
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written.
    fn number(&mut self) -> Result<JsonKind<'t>, NotPlain> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(NotPlain),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(NotPlain);
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(NotPlain);
            }
            self.digits();
        }
        // A number runs into the next token only through a separator.
        if let Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'.' | b'_' | b'+' | b'-') = self.peek() {
            return Err(NotPlain);
        }
        Ok(JsonKind::Number(Cow::Borrowed(&self.text[start..self.pos])))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// A string starting at the opening quote; the position ends after the closing one.
    fn string(&mut self) -> Result<Cow<'t, str>, NotPlain> {
        self.pos += 1;
        let start = self.pos;
        // The text is UTF-8, so bytes of multi-byte characters never look like `"` or `\`.
        self.pos += plain_run(self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let s = &self.text[start..self.pos];
                self.pos += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            _ => return Err(NotPlain),
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(&self.text[start..self.pos]);
        loop {
            let run = self.pos;
            self.pos += plain_run(self.bytes, self.pos);
            if !matches!(self.bytes.get(self.pos), Some(b'"' | b'\\')) {
                return Err(NotPlain);
            }
            out.push_str(&self.text[run..self.pos]);
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Ok(Cow::Owned(out));
            }
            self.pos += 1;
            let escape = self.peek().ok_or(NotPlain)?;
            self.pos += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let unit = self.hex4()?;
                    let c = match unit {
                        0xD800..=0xDBFF => {
                            if !self.bytes[self.pos..].starts_with(b"\\u") {
                                return Err(NotPlain);
                            }
                            self.pos += 2;
                            let low = self.hex4()?;
                            if !(0xDC00..=0xDFFF).contains(&low) {
                                return Err(NotPlain);
                            }
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        }
                        _ => char::from_u32(unit),
                    };
                    out.push(c.ok_or(NotPlain)?);
                }
                _ => return Err(NotPlain),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, NotPlain> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or(NotPlain)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + (d as char).to_digit(16).ok_or(NotPlain)?;
        }
        self.pos += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Eight bytes at a time finds what one byte at a time finds.
        #[test]
        fn plain_runs_end_where_byte_by_byte_reading_stops(
            bytes in proptest::collection::vec(
                prop_oneof![1 => Just(b'"'), 1 => Just(b'\\'), 1 => 0..0x20_u8, 30 => 0x20..=0xff_u8],
                0..40,
            ),
            from in 0..40usize,
        ) {
            let from = from.min(bytes.len());
            let expected = bytes[from..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len() - from);
            prop_assert_eq!(plain_run(&bytes, from), expected);
        }

        /// Eight bytes at a time finds the bytes of a set where a byte at a time does.
        #[test]
        fn bytes_of_a_set_are_found_where_byte_by_byte_search_finds_them(
            bytes in proptest::collection::vec(
                prop_oneof![1 => Just(b'*'), 1 => Just(b':'), 1 => Just(b'$'), 1 => Just(0u8), 1 => Just(0x80u8), 20 => any::<u8>()],
                0..40,
            ),
            from in 0..40usize,
            set in proptest::sample::select(vec![[b'*', b'?', b'$'], [b':', b':', b':'], [0, 0x80, 0xff]]),
        ) {
            let from = from.min(bytes.len());
            let expected = bytes[from..].iter().position(|b| set.contains(b)).map(|i| from + i);
            prop_assert_eq!(find_any(&bytes, from, set), expected);
        }
    }
}
