//! Diagnostics for people: the severity, code and message, the file and position, the line with
//! the span underlined (secondary labels too, such as a duplicate's first occurrence), the help
//! and the fix. Drawn by ariadne, which only the command line links, so the wasm app stays small.

use ariadne::{CharSet, Color, Config, IndexType, Label, Report, ReportKind, Source};
use policy_playground::diagnostic::{Diagnostic, Finding, Severity};
use policy_playground::span::{LineIndex, Span};
use std::ops::Range;

/// Renders the diagnostics of one file. Each finding is drawn from an excerpt of the text (its
/// lines, or a window of a long line), so rendering costs what is shown, not the file's size.
pub struct Renderer<'a> {
    /// The file's name as the user gave it.
    file: &'a str,
    /// The file's text, which the spans point into.
    text: &'a str,
    /// Whether to colour the output (a terminal without `NO_COLOR`).
    color: bool,
    /// Line starts of `text`, indexed when the first finding is drawn.
    index: std::cell::OnceCell<LineIndex<'a>>,
    /// The whole text for ariadne, made when the first finding off a long line is drawn.
    source: std::cell::OnceCell<Source<&'a str>>,
}

/// The part of a long line a finding is drawn from.
struct Window {
    /// Its byte range in the text.
    range: Range<usize>,
    /// The 1-based line.
    line: u32,
    /// The span's column on the line.
    column: u32,
    /// How many characters of the window's source line to keep.
    keep: usize,
}

impl<'a> Renderer<'a> {
    /// A renderer of the findings of `file`, whose spans point into `text`.
    pub fn new(file: &'a str, text: &'a str, color: bool) -> Self {
        Renderer { file, text, color, index: std::cell::OnceCell::new(), source: std::cell::OnceCell::new() }
    }

    fn index(&self) -> &LineIndex<'a> {
        self.index.get_or_init(|| LineIndex::new(self.text))
    }

    /// Any diagnostic, rendered.
    pub fn diagnostic(&self, d: &(impl Diagnostic + ?Sized)) -> String {
        self.finding(&Finding::from_diagnostic(d))
    }

    /// A finding, rendered: a header, the snippet with its labels, help and fix.
    pub fn finding(&self, f: &Finding) -> String {
        let fix = f.fix.as_ref().map(|fix| {
            if fix.replacement.is_empty() {
                let s = fix.span;
                format!(
                    "fix: {} (delete line {}, column {} to line {}, column {})",
                    fix.title, s.line, s.column, s.end_line, s.end_column
                )
            } else {
                format!("fix: {}: {}", fix.title, fix.replacement)
            }
        });
        let Some(primary) = self.range(f.span) else {
            // Nothing to point at (a problem of the whole file): the header and the notes.
            let mut s = format!("[{}] {}: {}\n", f.code, f.severity, f.message);
            for note in f.help.iter().chain(&fix) {
                s.push_str(&format!("  {note}\n"));
            }
            return s;
        };
        let kind = ReportKind::Custom(severity_name(f.severity), severity_color(f.severity));
        let config =
            Config::default().with_char_set(CharSet::Ascii).with_index_type(IndexType::Byte).with_color(self.color);
        // The primary label says what to do; the help goes below unless the label says it.
        let (label, help) = match (fix, &f.help) {
            (Some(fix), help) => (fix, help.clone()),
            (None, Some(help)) => (help.clone(), None),
            (None, None) => ("here".to_string(), None),
        };
        let file = self.file;
        let window = self.window(&primary);
        let origin = window.as_ref().map_or(0, |w| w.range.start);
        let shift = |r: &Range<usize>| r.start - origin..r.end - origin;
        let mut report = Report::build(kind, (file, shift(&primary)))
            .with_config(config)
            .with_code(f.code)
            .with_message(&f.message)
            .with_label(Label::new((file, shift(&primary))).with_message(label).with_order(0));
        // On a long line (minified JSON) only a window around the span is shown, without the
        // other labels.
        for (i, l) in f.labels.iter().enumerate().filter(|_| window.is_none()) {
            if let Some(range) = self.range(l.span) {
                report = report.with_label(Label::new((file, range)).with_message(&l.message).with_order(i as i32 + 1));
            }
        }
        if let Some(help) = help {
            report = report.with_help(help);
        }
        let mut out = Vec::new();
        let written = match &window {
            Some(w) => report.finish().write((file, Source::from(&self.text[w.range.clone()])), &mut out),
            None => report.finish().write((file, self.source.get_or_init(|| Source::from(self.text))), &mut out),
        };
        if written.is_err() {
            return format!("[{}] {}: {}\n", f.code, f.severity, f.message);
        }
        let out = String::from_utf8_lossy(&out).into_owned();
        let out = if self.color { out } else { without_ansi(&out) };
        match window {
            Some(w) => windowed(&self.placed(&out, &w, primary.start), 0, w.keep),
            None => out,
        }
    }

    /// A report drawn from window `w` (as line 1, from the window's start), with the line and
    /// column of the text and a gutter wide enough for the line's number.
    fn placed(&self, report: &str, w: &Window, start: usize) -> String {
        let index = self.index();
        let (_, from) = index.line_and_start(w.range.start);
        let shown = index.column(from, start) - index.column(from, w.range.start) + 1;
        let file = self.file;
        let report = report.replacen(&format!("{file}:1:{shown} "), &format!("{file}:{}:{} ", w.line, w.column), 1);
        let extra = w.line.to_string().len() - 1;
        if extra == 0 {
            return report;
        }
        let mut out = String::with_capacity(report.len() + 16 * extra);
        for line in report.lines() {
            if without_ansi(line).starts_with(" 1 |") {
                out.push_str(&line.replacen("1 |", &format!("{} |", w.line), 1));
            } else if without_ansi(line).starts_with('-') {
                out.push_str(&"-".repeat(extra));
                out.push_str(line);
            } else if line.starts_with(' ') {
                out.push_str(&" ".repeat(extra));
                out.push_str(line);
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }

    /// For a span on a line longer than [`LONG_LINE`] characters: a window of [`CONTEXT`]
    /// characters around the span, and one more on each side, which [`windowed`] turns into `…`.
    fn window(&self, primary: &Range<usize>) -> Option<Window> {
        let index = self.index();
        let (line, line_start) = index.line_and_start(primary.start);
        let line_end = self.line_end(primary.start);
        if line_end - line_start <= LONG_LINE || index.column(line_start, line_end) as usize - 1 <= LONG_LINE {
            return None;
        }
        // CONTEXT characters back from the span, CONTEXT + 1 forward from its end.
        let start = self.text[line_start..primary.start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let end =
            self.text[primary.end..line_end].char_indices().nth(CONTEXT + 1).map_or(line_end, |(i, _)| primary.end + i);
        let keep = self.text[start..primary.end].chars().count() + CONTEXT;
        Some(Window { range: start..end, line, column: index.column(line_start, primary.start), keep })
    }

    /// The end of the line `offset` is on (before its line break), from the line index.
    fn line_end(&self, offset: usize) -> usize {
        let (line, start) = self.index().line_and_start(offset);
        start + self.index().line_text(line).len()
    }

    /// The byte range to underline for `span`: within the text, on its first line only, and at
    /// least one character wide; `None` for a span that points nowhere.
    fn range(&self, span: Span) -> Option<std::ops::Range<usize>> {
        if span.line == 0 || span.start > self.text.len() || !self.text.is_char_boundary(span.start) {
            return None;
        }
        let line_end = self.line_end(span.start);
        let mut end = span.end.clamp(span.start, line_end);
        if end == span.start {
            end = self.text[span.start..].chars().next().map_or(span.start, |c| span.start + c.len_utf8());
        }
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        Some(span.start..end)
    }
}

/// Lines longer than this many characters are shown as a window around the span.
const LONG_LINE: usize = 160;
/// Characters of context shown on each side of the span on a long line.
const CONTEXT: usize = 40;

/// A report drawn over a long line, cut to a window: the first `skip` characters of every
/// snippet line (source, underline and label lines alike, so they stay aligned) give way to
/// `…`, and the source line is cut after `keep` more.
fn windowed(report: &str, skip: usize, keep: usize) -> String {
    let mut out = String::with_capacity(report.len());
    for line in report.lines() {
        let Some(bar) = line.find('|') else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let (gutter, content) = line.split_at(bar + 1);
        let content = content.strip_prefix(' ').unwrap_or(content);
        let is_source = gutter.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let chars: Vec<char> = content.chars().collect();
        if chars.len() <= skip || content.starts_with("Help:") || content.starts_with("Note:") {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut shown: String = std::iter::once('…').chain(chars[skip + 1..].iter().copied()).collect();
        if is_source && chars.len() > skip + keep {
            shown = std::iter::once('…').chain(chars[skip + 1..skip + keep].iter().copied()).chain(['…']).collect();
        }
        out.push_str(&format!("{gutter} {shown}\n"));
    }
    out
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning => "security warning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
        Severity::Note => "note",
    }
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Error => Color::Red,
        Severity::SecurityWarning => Color::Magenta,
        Severity::Warning => Color::Yellow,
        Severity::Suggestion => Color::Cyan,
        Severity::Note => Color::Blue,
    }
}

/// `text` without ANSI colour sequences (ariadne colours the header of custom kinds even when
/// told not to colour).
fn without_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ ... final byte in @..~
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) && c != '[' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_shown_as_a_window_around_the_span() {
        let text = format!("{{\"a\": [{}\"target\"]}}", "\"x\", ".repeat(200));
        let start = text.find("\"target\"").unwrap();
        let index = policy_playground::span::LineIndex::new(&text);
        let span = index.span(start, start + 8);
        let f = Finding::new("demo", Severity::Warning, "the message", span).with_help("the help");
        let out = Renderer::new("f.json", &text, false).finding(&f);
        assert!(out.contains("f.json:1:"), "{out}");
        assert!(out.contains("\"target\"") && out.contains('…'), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
    }

    #[test]
    fn a_window_on_a_later_line_keeps_the_line_and_column_of_the_text() {
        let long = format!("  [{}\"target\"]", "\"é\", ".repeat(300));
        let text = format!("{{\n{}\"a\":\n{long}}}", "\n".repeat(10));
        let start = text.find("\"target\"").unwrap();
        let index = policy_playground::span::LineIndex::new(&text);
        let span = index.span(start, start + 8);
        assert_eq!((span.line, span.column), (13, 1504));
        let f = Finding::new("demo", Severity::Warning, "the message", span);
        let out = Renderer::new("f.json", &text, false).finding(&f);
        assert!(out.contains("f.json:13:1504 ]"), "{out}");
        assert!(out.contains("\n 13 | …"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 120), "{out}");
        // Every margin is as wide as the line number's.
        let bars: Vec<usize> = out.lines().filter_map(|l| l.find(['|', ','])).collect();
        assert!(bars.iter().all(|&b| b == 4), "{out}");
    }

    #[test]
    fn colour_sequences_are_removed() {
        assert_eq!(without_ansi("\u{1b}[33m[x] warning:\u{1b}[0m m"), "[x] warning: m");
    }
}
