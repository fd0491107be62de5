//! Diagnostics for people: the severity, code and message, the file and position, the line with
//! the span underlined (secondary labels too, such as a duplicate's first occurrence), the help
//! and the fix. Drawn by ariadne, which only the command line links, so the wasm app stays small.

use ariadne::{CharSet, Color, Config, IndexType, Label, Report, ReportKind, Source};
use policy_playground::diagnostic::{Diagnostic, Finding, Severity};
use policy_playground::span::Span;

/// Renders the diagnostics of one file.
pub struct Renderer<'a> {
    /// The file's name as the user gave it.
    pub file: &'a str,
    /// The file's text, which the spans point into.
    pub text: &'a str,
    /// Whether to colour the output (a terminal without `NO_COLOR`).
    pub color: bool,
}

impl Renderer<'_> {
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
        // On a long line (minified JSON) only a window around the span is shown.
        let window = self.window(&primary);
        let mut report = Report::build(kind, (file, primary.clone()))
            .with_config(config)
            .with_code(f.code)
            .with_message(&f.message)
            .with_label(Label::new((file, primary)).with_message(label).with_order(0));
        for (i, l) in f.labels.iter().enumerate().filter(|_| window.is_none()) {
            if let Some(range) = self.range(l.span) {
                report = report.with_label(Label::new((file, range)).with_message(&l.message).with_order(i as i32 + 1));
            }
        }
        if let Some(help) = help {
            report = report.with_help(help);
        }
        let mut out = Vec::new();
        if report.finish().write((file, Source::from(self.text)), &mut out).is_err() {
            return format!("[{}] {}: {}\n", f.code, f.severity, f.message);
        }
        let out = String::from_utf8_lossy(&out).into_owned();
        let out = if self.color { out } else { without_ansi(&out) };
        match window {
            Some((skip, keep)) => windowed(&out, skip, keep),
            None => out,
        }
    }

    /// For a span on a line longer than [`LONG_LINE`] characters: how many characters of the
    /// line to leave out before the span, and how many to keep.
    fn window(&self, range: &std::ops::Range<usize>) -> Option<(usize, usize)> {
        let line_start = self.text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[range.start..].find('\n').map_or(self.text.len(), |i| range.start + i);
        if self.text[line_start..line_end].chars().count() <= LONG_LINE {
            return None;
        }
        let before = self.text[line_start..range.start].chars().count();
        let width = self.text[range.clone()].chars().count();
        let skip = before.saturating_sub(CONTEXT);
        Some((skip, before - skip + width + CONTEXT))
    }

    /// The byte range to underline for `span`: within the text, on its first line only, and at
    /// least one character wide; `None` for a span that points nowhere.
    fn range(&self, span: Span) -> Option<std::ops::Range<usize>> {
        if span.line == 0 || span.start > self.text.len() || !self.text.is_char_boundary(span.start) {
            return None;
        }
        let line_end = self.text[span.start..].find('\n').map_or(self.text.len(), |i| span.start + i);
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
        let out = Renderer { file: "f.json", text: &text, color: false }.finding(&f);
        assert!(out.contains("f.json:1:"), "{out}");
        assert!(out.contains("\"target\"") && out.contains('…'), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
    }

    #[test]
    fn colour_sequences_are_removed() {
        assert_eq!(without_ansi("\u{1b}[33m[x] warning:\u{1b}[0m m"), "[x] warning: m");
    }
}
