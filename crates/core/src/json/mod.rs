//! Span-aware JSON: the text people paste, turned into values that remember
//! where they came from.
//!
//! The parser of record is `jsonc-parser` (strict JSON options: no comments, no
//! trailing commas, no missing commas), which gives byte ranges for every node,
//! a nesting-depth limit (so hostile input cannot overflow the stack) and a
//! specific "expected comma" error. This module turns its borrowed AST into an
//! owned tree with line/column spans and writes the messages people read.
//! Well-formed input takes a faster road ([`plain`]) that builds the same tree
//! in one pass; whatever that reader does not accept goes to jsonc-parser.

use crate::span::{LineIndex, Span};
use jsonc_parser::ast;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

pub mod plain;
pub mod split;

/// Largest policy or case text the parser accepts (far above any cloud's policy size limit).
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
/// Largest scenario or case file (a thousand accounts with twenty roles each is about 5 MB;
/// 10,000 generated cases about 20 MB).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// A JSON value with the span of its text. Strings borrow from the text they were read
/// from when they hold no escapes (most do), so reading a large file copies little.
#[derive(Debug, Clone, PartialEq)]
pub struct Json<'a> {
    /// What the value is.
    pub kind: JsonKind<'a>,
    /// Where the value's text is.
    pub span: Span,
}

/// The shape of a JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, kept as written so no precision is lost.
    Number(Cow<'a, str>),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object, members in document order (duplicates kept so they can be reported).
    Object(Vec<Member<'a>>),
    /// A statement object that [`plain::read_skipping`] measured but did not read; its
    /// text is at the value's span.
    Unread,
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    /// The key.
    pub key: Cow<'a, str>,
    /// Where the key's text is.
    pub key_span: Span,
    /// The value.
    pub value: Json<'a>,
}

impl<'a> Json<'a> {
    /// A short name of the value's type for messages ("a string", "an array").
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
            JsonKind::Unread => "an unread value",
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            JsonKind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match &self.kind {
            JsonKind::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The first member called `key`, if this is an object that has one.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.as_object()?.iter().find(|m| m.key == key).map(|m| &m.value)
    }

    /// Scalars as text (strings as-is, numbers as written, booleans as `true`/`false`).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            JsonKind::String(s) => Some(s.to_string()),
            JsonKind::Number(n) => Some(n.to_string()),
            JsonKind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Converts to a `serde_json::Value` (spans dropped).
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value as V;
        match &self.kind {
            JsonKind::Null | JsonKind::Unread => V::Null,
            JsonKind::Bool(b) => V::Bool(*b),
            JsonKind::Number(n) => {
                n.parse::<serde_json::Number>().map(V::Number).unwrap_or_else(|_| V::String(n.to_string()))
            }
            JsonKind::String(s) => V::String(s.to_string()),
            JsonKind::Array(a) => V::Array(a.iter().map(Json::to_serde).collect()),
            JsonKind::Object(m) => V::Object(m.iter().map(|m| (m.key.to_string(), m.value.to_serde())).collect()),
        }
    }
}

/// A JSON syntax error: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonSyntaxError {
    /// Which mistake it is, for code that acts on it (the missing comma has a fix).
    pub kind: JsonErrorKind,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
    /// Where it is (for a missing comma: the place where the comma belongs).
    pub span: Span,
}

/// The kinds of JSON syntax error the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonErrorKind {
    /// The text is longer than the reader accepts.
    TooLarge,
    /// The text is empty or only whitespace.
    Empty,
    /// A byte range that is not a piece of the text, or holds no value.
    MissingValue,
    /// Two elements without a comma between them.
    MissingComma,
    /// A comma before `]` or `}`.
    TrailingComma,
    /// A `//` or `/* */` comment.
    Comment,
    /// A string in single quotes.
    SingleQuotedString,
    /// A bare word (an unquoted name, or `True`).
    UnexpectedWord,
    /// An object member whose name is not a quoted string.
    ExpectedMemberName,
    /// A member name without `:` after it.
    MissingColon,
    /// An object, array or string that is never closed.
    Unclosed,
    /// A `}`, `]`, `,` or `:` where none belongs.
    UnexpectedToken,
    /// More text after the JSON value.
    TrailingText,
    /// Nesting deeper than the reader accepts.
    TooDeep,
    /// A string with a bad escape or character.
    BadString,
    /// Anything else the reader reports.
    Other,
}

impl fmt::Display for JsonSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.span.line, self.span.column, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonSyntaxError {}

impl crate::diagnostic::Diagnostic for JsonSyntaxError {
    fn code(&self) -> &'static str {
        "json-syntax"
    }

    fn severity(&self) -> crate::diagnostic::Severity {
        crate::diagnostic::Severity::Error
    }

    fn span(&self) -> Span {
        self.span
    }

    /// `JSON syntax: ...`, without the position that `Display` starts with.
    fn message(&self) -> String {
        format!("JSON syntax: {}", self.message)
    }

    fn help(&self) -> Option<String> {
        self.hint.clone()
    }

    /// A missing comma is inserted where it belongs.
    fn fix(&self) -> Option<crate::diagnostic::Fix> {
        (self.kind == JsonErrorKind::MissingComma).then(|| {
            let at = Span { end: self.span.start, end_line: self.span.line, end_column: self.span.column, ..self.span };
            crate::diagnostic::Fix::new("add the missing comma", ",", at)
        })
    }
}

/// A parsed text: the value, and whether it had to be wrapped in `[...]`
/// because it was a comma-separated run of values (a documentation fragment).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedJson<'a> {
    /// The value. For a wrapped run, an array spanning the whole text.
    pub value: Json<'a>,
    /// Number of top-level values when the text was a comma-separated run.
    pub wrapped_run: Option<usize>,
}

fn strict_options() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses strict JSON. A text that is a comma-separated run of values
/// (`{...}, {...}` as documentation prints statements) is accepted as an array
/// and reported through [`ParsedJson::wrapped_run`].
pub fn parse(text: &str) -> Result<ParsedJson<'_>, JsonSyntaxError> {
    parse_limited(text, MAX_TEXT_BYTES)
}

/// [`parse`] with a size limit of `max_bytes`.
pub fn parse_limited(text: &str, max_bytes: usize) -> Result<ParsedJson<'_>, JsonSyntaxError> {
    // Refused before anything else reads the text (indexing 100 MB would cost more than the answer).
    if text.len() > max_bytes {
        return Err(JsonSyntaxError {
            kind: JsonErrorKind::TooLarge,
            message: format!("the text is {} bytes; the playground reads at most {max_bytes} bytes", text.len()),
            hint: Some("split it into smaller documents; no cloud accepts policies anywhere near this size".into()),
            span: Span { start: 0, end: 0, line: 1, column: 1, end_line: 1, end_column: 1 },
        });
    }
    let index = LineIndex::new(text);
    let text = text.strip_prefix('\u{feff}').map_or(text, |t| t);
    let bom = index.text().len() - text.len();
    if text.trim().is_empty() {
        return Err(JsonSyntaxError {
            kind: JsonErrorKind::Empty,
            message: "the document is empty".into(),
            hint: Some("paste a policy document: an object with \"Statement\"".into()),
            span: index.span(bom, bom),
        });
    }
    if let Ok(value) = plain::read(&index, bom, index.text().len()) {
        return Ok(ParsedJson { value, wrapped_run: None });
    }
    parse_diagnosed(text, &index, bom, true)
}

/// [`parse`] with the parser of record only, skipping the fast path (tests compare the two).
pub fn parse_with_jsonc(text: &str) -> Result<ParsedJson<'_>, JsonSyntaxError> {
    let index = LineIndex::new(text);
    let body = text.strip_prefix('\u{feff}').map_or(text, |t| t);
    if body.trim().is_empty() {
        return parse(text);
    }
    parse_diagnosed(body, &index, text.len() - body.len(), true)
}

/// Reads `index.text()[start..end]`, one JSON value, with spans into the whole text.
/// Errors are those [`parse`] would give for the slice on its own, placed in the whole text.
pub fn parse_at<'a>(index: &LineIndex<'a>, start: usize, end: usize) -> Result<Json<'a>, JsonSyntaxError> {
    if let Ok(value) = plain::read(index, start, end) {
        return Ok(value);
    }
    let whole = index.text();
    if start > end || end > whole.len() || !whole.is_char_boundary(start) || !whole.is_char_boundary(end) {
        return Err(JsonSyntaxError {
            kind: JsonErrorKind::MissingValue,
            message: format!("bytes {start}..{end} are not a piece of the text"),
            hint: None,
            span: index.span(start.min(whole.len()), start.min(whole.len())),
        });
    }
    if whole[start..end].trim().is_empty() {
        return Err(JsonSyntaxError {
            kind: JsonErrorKind::MissingValue,
            message: "a value is missing here".into(),
            hint: None,
            span: index.span(start, end),
        });
    }
    let slice = LineIndex::new(&whole[start..end]);
    let shifted = |span: Span| index.span(span.start + start, span.end + start);
    match parse_diagnosed(&whole[start..end], &slice, 0, false) {
        Ok(parsed) => Ok(shift_spans(parsed.value, &shifted)),
        Err(mut e) => {
            e.span = shifted(e.span);
            Err(e)
        }
    }
}

fn shift_spans<'a>(mut value: Json<'a>, shifted: &impl Fn(Span) -> Span) -> Json<'a> {
    value.span = shifted(value.span);
    value.kind = match value.kind {
        JsonKind::Array(items) => JsonKind::Array(items.into_iter().map(|v| shift_spans(v, shifted)).collect()),
        JsonKind::Object(members) => JsonKind::Object(
            members
                .into_iter()
                .map(|m| Member { key: m.key, key_span: shifted(m.key_span), value: shift_spans(m.value, shifted) })
                .collect(),
        ),
        other => other,
    };
    value
}

/// jsonc-parser's reading of `text` (without its BOM, `bom` bytes long), with its messages;
/// with `fragments`, a comma-separated run of values is read as an array.
fn parse_diagnosed(
    text: &str,
    index: &LineIndex<'_>,
    bom: usize,
    fragments: bool,
) -> Result<ParsedJson<'static>, JsonSyntaxError> {
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    match jsonc_parser::parse_to_ast(text, &collect, &strict_options()) {
        Ok(result) => {
            let value = result.value.expect("non-empty text has a value");
            Ok(ParsedJson { value: convert(&value, index, bom), wrapped_run: None })
        }
        Err(first) => {
            let runs_on = fragments
                && matches!(first.kind(), ParseErrorKind::MultipleRootJsonValues | ParseErrorKind::UnexpectedComma);
            // A documentation fragment: try it as the body of an array.
            let body = text.trim_end();
            let body = body.strip_suffix(',').unwrap_or(body);
            let wrapped = format!("[{body}]");
            match jsonc_parser::parse_to_ast(&wrapped, &collect, &strict_options()) {
                Ok(result) if runs_on => {
                    let inner = result.value.expect("wrapped text has a value");
                    let ast::Value::Array(array) = inner else { unreachable!("wrapped text is an array") };
                    let elements: Vec<Json> =
                        array.elements.iter().map(|e| convert_shifted(e, index, bom, 1)).collect();
                    let count = elements.len();
                    let span = index.span(bom, index.text().len());
                    Ok(ParsedJson { value: Json { kind: JsonKind::Array(elements), span }, wrapped_run: Some(count) })
                }
                Ok(_) => Err(syntax_error(first.kind(), first.range().start, first.range().end, text, index, bom)),
                Err(second) if runs_on => {
                    let start = second.range().start.saturating_sub(1).min(body.len());
                    let end = second.range().end.saturating_sub(1).min(body.len());
                    Err(syntax_error(second.kind(), start, end, text, index, bom))
                }
                Err(_) => Err(syntax_error(first.kind(), first.range().start, first.range().end, text, index, bom)),
            }
        }
    }
}

fn convert(value: &ast::Value<'_>, index: &LineIndex<'_>, bom: usize) -> Json<'static> {
    convert_shifted(value, index, bom, 0)
}

/// Converts a node whose ranges are `shift` bytes to the right of the
/// original text (1 for the `[` added around a fragment).
fn convert_shifted(value: &ast::Value<'_>, index: &LineIndex<'_>, bom: usize, shift: usize) -> Json<'static> {
    let span_of = |r: jsonc_parser::common::Range| index.span(r.start - shift + bom, r.end - shift + bom);
    let (kind, range) = match value {
        ast::Value::NullKeyword(n) => (JsonKind::Null, n.range),
        ast::Value::BooleanLit(b) => (JsonKind::Bool(b.value), b.range),
        ast::Value::NumberLit(n) => (JsonKind::Number(n.value.to_string().into()), n.range),
        ast::Value::StringLit(s) => (JsonKind::String(s.value.to_string().into()), s.range),
        ast::Value::Array(a) => {
            (JsonKind::Array(a.elements.iter().map(|e| convert_shifted(e, index, bom, shift)).collect()), a.range)
        }
        ast::Value::Object(o) => {
            let members = o
                .properties
                .iter()
                .map(|p| {
                    let (key, key_range) = match &p.name {
                        ast::ObjectPropName::String(s) => (Cow::Owned(s.value.to_string()), s.range),
                        ast::ObjectPropName::Word(w) => (Cow::Owned(w.value.to_string()), w.range),
                    };
                    Member { key, key_span: span_of(key_range), value: convert_shifted(&p.value, index, bom, shift) }
                })
                .collect();
            (JsonKind::Object(members), o.range)
        }
    };
    Json { kind, span: span_of(range) }
}

/// The largest character boundary of `text` at or before `offset`.
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The last token that ends at or before `offset`, for "after X" messages.
fn token_before(text: &str, offset: usize) -> &str {
    let head = text[..offset.min(text.len())].trim_end();
    let start = if head.ends_with('"') {
        // Walk back to the opening quote, skipping escaped quotes.
        let bytes = head.as_bytes();
        let mut i = head.len() - 1;
        loop {
            match head[..i].rfind('"') {
                Some(q) if q > 0 && bytes[q - 1] == b'\\' => i = q,
                Some(q) => break q,
                None => break 0,
            }
        }
    } else {
        // The separator may be wider than a byte (a non-breaking space pasted from a web page).
        head.char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || ",:[{".contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    };
    &head[start..]
}

fn token_at(text: &str, offset: usize) -> &str {
    let rest = text[offset.min(text.len())..].trim_start();
    let end = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.find('"').map_or(rest.len(), |i| i + 2)
    } else {
        rest.find(|c: char| c.is_whitespace() || ",:]}".contains(c)).unwrap_or(rest.len()).max(1)
    };
    let token = &rest[..end.min(rest.len())];
    if token.chars().count() > 40 {
        &token[..token.char_indices().nth(40).map_or(token.len(), |(i, _)| i)]
    } else {
        token
    }
}

fn shorten(token: &str) -> String {
    let count = token.chars().count();
    if count > 40 { format!("{}…", token.chars().take(39).collect::<String>()) } else { token.to_string() }
}

fn syntax_error(
    kind: &ParseErrorKind,
    start: usize,
    end: usize,
    text: &str,
    index: &LineIndex<'_>,
    bom: usize,
) -> JsonSyntaxError {
    // The parser's offsets are byte offsets; keep them on character boundaries so that slicing
    // the text around them cannot split a character.
    let start = floor_char_boundary(text, start.min(text.len()));
    let end = floor_char_boundary(text, end.clamp(start, text.len()));
    let span = index.span(start + bom, end + bom);
    use JsonErrorKind as K;
    let (kind, message, hint) = match kind {
        ParseErrorKind::ExpectedComma => {
            let before = shorten(token_before(text, start));
            let next = shorten(token_at(text, start));
            let next_offset = start + (text[start..].len() - text[start..].trim_start().len());
            let (nl, nc) = index.line_column(next_offset + bom);
            (
                K::MissingComma,
                format!("missing comma after {before}"),
                Some(format!("add a `,` here: the next element {next} starts at line {nl}, column {nc}")),
            )
        }
        ParseErrorKind::TrailingCommasNotAllowed => (
            K::TrailingComma,
            format!("trailing comma after {}", shorten(token_before(text, start))),
            Some("JSON allows no comma before `]` or `}`: remove it".into()),
        ),
        ParseErrorKind::CommentsNotAllowed => (
            K::Comment,
            "comments are not allowed in policy JSON".into(),
            Some("delete the comment; policy documents are strict JSON".into()),
        ),
        ParseErrorKind::SingleQuotedStringsNotAllowed => (
            K::SingleQuotedString,
            "single-quoted string".into(),
            Some("JSON strings use double quotes: \"...\"".into()),
        ),
        ParseErrorKind::UnexpectedWord | ParseErrorKind::UnexpectedToken
            if token_at(text, start).starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            let word = shorten(token_at(text, start));
            let hint = match word.to_ascii_lowercase().as_str() {
                "true" | "false" | "null" => {
                    format!("JSON literals are lower case: write {}", word.to_ascii_lowercase())
                }
                _ => format!("put the text in double quotes: \"{word}\""),
            };
            (K::UnexpectedWord, format!("unexpected word {word}"), Some(hint))
        }
        ParseErrorKind::ExpectedStringObjectProperty | ParseErrorKind::UnexpectedTokenInObject => (
            K::ExpectedMemberName,
            format!("expected a \"quoted\" member name, found {}", shorten(token_at(text, start))),
            Some("object members look like \"Name\": value".into()),
        ),
        ParseErrorKind::ExpectedColonAfterObjectKey => (
            K::MissingColon,
            format!("missing `:` after the member name {}", shorten(token_before(text, start))),
            Some("object members look like \"Name\": value".into()),
        ),
        ParseErrorKind::ExpectedObjectValue => (K::MissingValue, "missing value after `:`".into(), None),
        ParseErrorKind::UnterminatedObject => (
            K::Unclosed,
            "this object is never closed".into(),
            Some("add the missing `}` (check the braces above the end of the text)".into()),
        ),
        ParseErrorKind::UnterminatedArray => {
            (K::Unclosed, "this array is never closed".into(), Some("add the missing `]`".into()))
        }
        ParseErrorKind::UnexpectedCloseBrace => (
            K::UnexpectedToken,
            "unexpected `}`".into(),
            Some("is there an extra `}`, or a missing `{` earlier?".into()),
        ),
        ParseErrorKind::UnexpectedCloseBracket => (
            K::UnexpectedToken,
            "unexpected `]`".into(),
            Some("is there an extra `]`, or a missing `[` earlier?".into()),
        ),
        ParseErrorKind::UnexpectedComma => (
            K::UnexpectedToken,
            "unexpected comma".into(),
            Some("is a value missing before it, or is it doubled?".into()),
        ),
        ParseErrorKind::UnexpectedColon => {
            (K::UnexpectedToken, "unexpected `:`".into(), Some("only object member names are followed by `:`".into()))
        }
        ParseErrorKind::MultipleRootJsonValues => (
            K::TrailingText,
            "text continues after the end of the JSON value".into(),
            Some("separate statements with commas, or put them in \"Statement\": [...]".into()),
        ),
        ParseErrorKind::NestingDepthExceeded => (
            K::TooDeep,
            "the document nests deeper than 512 levels".into(),
            Some("policy documents are at most a few levels deep".into()),
        ),
        ParseErrorKind::String(jsonc_parser::ParseStringErrorKind::UnterminatedStringLiteral) => (
            K::Unclosed,
            "this string is never closed".into(),
            Some("add the closing `\"` before the end of the line".into()),
        ),
        ParseErrorKind::String(kind) => {
            (K::BadString, format!("bad string: {}", kind.to_string().to_lowercase()), None)
        }
        other => (K::Other, other.to_string().to_lowercase(), None),
    };
    JsonSyntaxError { kind, message, hint, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_spans() {
        let p = parse("{\n  \"a\": [1, \"x\"]\n}").unwrap();
        let a = p.value.get("a").unwrap();
        assert_eq!(a.span.line, 2);
        assert_eq!(a.span.column, 8);
        assert_eq!(a.as_array().unwrap()[1].as_str(), Some("x"));
        assert_eq!(p.value.as_object().unwrap()[0].key_span.column, 3);
    }

    #[test]
    fn missing_comma_points_after_previous_value() {
        let err = parse("[\n  \"a\"\n  \"b\"\n]").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (2, 6));
        assert!(err.message.contains("missing comma after \"a\""), "{err}");
        assert!(err.hint.unwrap().contains("line 3, column 3"));
    }

    #[test]
    fn fragment_runs_are_wrapped() {
        let p = parse("{\"a\": 1},\n{\"b\": 2},\n").unwrap();
        assert_eq!(p.wrapped_run, Some(2));
        let second = &p.value.as_array().unwrap()[1];
        assert_eq!((second.span.line, second.span.column), (2, 1));
        assert_eq!(second.span.start, 10);
    }

    #[test]
    fn fragment_errors_map_back_to_the_original_text() {
        let err = parse("{\"a\": [\"x\"\n \"y\"]},\n{\"b\": 2}").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (1, 11));
        assert!(err.message.contains("missing comma"));
    }

    #[test]
    fn hostile_inputs_get_messages() {
        assert!(parse("").unwrap_err().message.contains("empty"));
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).unwrap_err().message.contains("512"));
        assert!(parse("{\"a\": True}").unwrap_err().hint.unwrap().contains("true"));
        assert!(parse("{\"a\": 1,}").unwrap_err().message.contains("trailing comma"));
        assert!(parse("{\"a\": \"x}").is_err());
        assert!(parse("\u{feff}{}").is_ok());
    }
}
