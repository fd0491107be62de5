//! Source positions: every parsed element remembers where its text is.

use serde::Serialize;

/// A region of the source text: a byte range plus 1-based line and column
/// (columns count characters, not bytes) of both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Line of `start`, counted from 1.
    pub line: u32,
    /// Column of `start`, counted from 1 in characters.
    pub column: u32,
    /// Line of `end`.
    pub end_line: u32,
    /// Column of `end` (one past the last character).
    pub end_column: u32,
}

impl Span {
    /// True when the span covers no text at all (used for synthesized elements).
    pub fn is_empty(&self) -> bool {
        self.start == self.end && self.line == 0
    }

    /// `line:column` for messages.
    pub fn position(&self) -> String {
        format!("{}:{}", self.line, self.column)
    }

    /// This span, which lies inside `origin`, counted from `origin` instead: as if `origin`'s
    /// text stood alone, starting at byte 0, line 1, column 1. Bytes and lines shift by the same
    /// amount everywhere; columns shift only on `origin`'s first line (later lines start inside
    /// its text). Compiled statement bodies keep their spans this way, so that one body serves
    /// every copy of its text ([`Span::placed_at`] undoes it).
    pub fn relative_to(self, origin: Span) -> Span {
        if self.is_empty() {
            return self;
        }
        let column = |line: u32, column: u32| {
            if line == origin.line { (column + 1).saturating_sub(origin.column) } else { column }
        };
        Span {
            start: self.start.saturating_sub(origin.start),
            end: self.end.saturating_sub(origin.start),
            line: (self.line + 1).saturating_sub(origin.line),
            column: column(self.line, self.column),
            end_line: (self.end_line + 1).saturating_sub(origin.line),
            end_column: column(self.end_line, self.end_column),
        }
    }

    /// A span counted from the start of a text ([`Span::relative_to`]) placed where that text
    /// is: at `origin`, in the coordinates of the whole document.
    pub fn placed_at(self, origin: Span) -> Span {
        if self.is_empty() {
            return self;
        }
        let column = |line: u32, column: u32| if line == 1 { column + origin.column - 1 } else { column };
        Span {
            start: self.start + origin.start,
            end: self.end + origin.start,
            line: self.line + origin.line - 1,
            column: column(self.line, self.column),
            end_line: self.end_line + origin.line - 1,
            end_column: column(self.end_line, self.end_column),
        }
    }
}

/// Maps byte offsets of one text to lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Character count at (about) every `CHECKPOINT` bytes, so columns on very long
    /// lines (minified JSON) cost O(CHECKPOINT), not O(line length).
    checkpoints: Vec<(usize, usize)>,
    ascii: bool,
    /// The line of the last lookup: spans are asked for in text order, so the next one is
    /// almost always on the same line or the next.
    hint: std::cell::Cell<usize>,
}

const CHECKPOINT: usize = 4096;

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text` once.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let ascii = text.is_ascii();
        let mut checkpoints = vec![(0, 0)];
        if !ascii {
            let mut next = CHECKPOINT;
            for (chars, (i, _)) in text.char_indices().enumerate() {
                if i >= next {
                    checkpoints.push((i, chars));
                    next = i + CHECKPOINT;
                }
            }
        }
        LineIndex { text, line_starts, checkpoints, ascii, hint: std::cell::Cell::new(0) }
    }

    /// Number of characters before byte `offset` (a char boundary).
    fn char_position(&self, offset: usize) -> usize {
        if self.ascii {
            return offset;
        }
        let i = self.checkpoints.partition_point(|(byte, _)| *byte <= offset) - 1;
        let (byte, chars) = self.checkpoints[i];
        chars + self.text[byte..offset].chars().count()
    }

    /// The 1-based column of byte `offset` on the line that starts at byte `line_start`
    /// (both character boundaries, `line_start <= offset`), for readers that track lines
    /// themselves.
    pub fn column(&self, line_start: usize, offset: usize) -> u32 {
        if self.ascii {
            return (offset - line_start + 1) as u32;
        }
        (self.char_position(offset) - self.char_position(line_start) + 1) as u32
    }

    /// The indexed text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_column(&self, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = self.char_position(offset) - self.char_position(start) + 1;
        (line as u32 + 1, column as u32)
    }

    /// The 1-based line of a byte offset (clamped to the text) and the byte where that line
    /// starts, for readers that track lines themselves (see [`LineIndex::column`]).
    pub fn line_and_start(&self, offset: usize) -> (u32, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_index(offset);
        (line as u32 + 1, self.line_starts[line])
    }

    /// The 0-based line of `offset`, a char boundary within the text.
    fn line_index(&self, offset: usize) -> usize {
        let within =
            |i: usize| self.line_starts[i] <= offset && self.line_starts.get(i + 1).is_none_or(|&next| offset < next);
        let hint = self.hint.get();
        let line = if within(hint) {
            hint
        } else if hint + 1 < self.line_starts.len() && within(hint + 1) {
            hint + 1
        } else {
            match self.line_starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.hint.set(line);
        line
    }

    /// A full span for a byte range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        Span { start, end, line, column, end_line, end_column }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: u32) -> &'a str {
        let i = (line.max(1) - 1) as usize;
        let Some(&start) = self.line_starts.get(i) else {
            return "";
        };
        let end = self.line_starts.get(i + 1).map_or(self.text.len(), |e| e - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let idx = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(idx.line_column(0), (1, 1));
        assert_eq!(idx.line_column(3), (2, 1));
        assert_eq!(idx.line_column(5), (2, 2)); // after the two-byte ç
        assert_eq!(idx.line_column(7), (3, 1));
        assert_eq!(idx.line_column(8), (4, 1));
        assert_eq!(idx.line_text(2), "çd");
        assert_eq!(idx.line_text(3), "");
        assert_eq!(idx.line_column(100), (4, 2));
        assert_eq!(idx.line_and_start(5), (2, 3));
        assert_eq!(idx.line_and_start(6), (2, 3));
        assert_eq!(idx.line_and_start(7), (3, 7));
        assert_eq!(idx.line_and_start(100), (4, 8));
    }

    #[test]
    fn relative_spans_are_placed_back_where_they_were() {
        // The same inner text at two places: on the statement's first line columns shift, on
        // later lines they do not; characters, not bytes, count.
        let text = "xé {\"a\": 1,\n  \"b\": 2}\n  {\"a\": 1,\n  \"b\": 2}";
        let idx = LineIndex::new(text);
        let first = text.find('{').unwrap();
        let second = text.rfind('{').unwrap();
        let len = text.len() - second;
        let (st1, st2) = (idx.span(first, first + len), idx.span(second, second + len));
        for (offset, width) in [(1, 3), (13, 3), (0, len)] {
            let a = idx.span(first + offset, first + offset + width);
            let b = idx.span(second + offset, second + offset + width);
            assert_eq!(a.relative_to(st1), b.relative_to(st2), "offset {offset}");
            assert_eq!(a.relative_to(st1).placed_at(st2), b);
            assert_eq!(b.relative_to(st2).placed_at(st1), a);
        }
        assert_eq!(st1.relative_to(st1), Span { start: 0, end: len, line: 1, column: 1, end_line: 2, end_column: 10 });
        assert_eq!(Span::default().placed_at(st1), Span::default());
    }

    #[test]
    fn long_lines_count_characters_through_checkpoints() {
        let text = format!("{}é{}", "a".repeat(10_000), "b".repeat(10_000));
        let idx = LineIndex::new(&text);
        assert_eq!(idx.line_column(10_000), (1, 10_001));
        assert_eq!(idx.line_column(10_002), (1, 10_002));
        assert_eq!(idx.line_column(text.len()), (1, 20_002));
    }
}
