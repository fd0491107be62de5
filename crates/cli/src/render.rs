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
        let config = Config::default()
            .with_char_set(CharSet::Ascii)
            .with_index_type(IndexType::Byte)
            .with_color(self.color);
        // The primary label says what to do; the help goes below unless the label says it.
        let (label, help) = match (fix, &f.help) {
            (Some(fix), help) => (fix, help.clone()),
            (None, Some(help)) => (help.clone(), None),
            (None, None) => ("here".to_string(), None),
        };
        let file = self.file;
        let mut report = Report::build(kind, (file, primary.clone()))
            .with_config(config)
            .with_code(f.code)
            .with_message(&f.message)
            .with_label(Label::new((file, primary)).with_message(label).with_order(0));
        for (i, l) in f.labels.iter().enumerate() {
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
        if self.color { out } else { without_ansi(&out) }
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
    fn colour_sequences_are_removed() {
        assert_eq!(without_ansi("\u{1b}[33m[x] warning:\u{1b}[0m m"), "[x] warning: m");
    }
}
