//! "Format document": the editor's JSON laid out one element a line, indented by nesting. Keys
//! keep their order and strings and numbers their exact text (a policy is never re-serialized);
//! a missing comma stays missing (the next element starts a new line), so the finding stays.

use crate::scan::{Token, TokenKind, tokenize};
use std::fmt;

/// Why a text cannot be formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// A string is not closed before its line ends (line counted from 1).
    UnterminatedString(usize),
    /// A closing bracket that closes nothing, or closes the other kind (line counted from 1).
    UnmatchedClose(usize),
    /// A bracket is never closed (line counted from 1).
    Unclosed(usize),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::UnterminatedString(line) => write!(f, "the string on line {line} is not closed"),
            FormatError::UnmatchedClose(line) => write!(f, "the bracket on line {line} closes nothing that is open"),
            FormatError::Unclosed(line) => write!(f, "the bracket on line {line} is never closed"),
        }
    }
}

/// The indentation the text already uses (its first indented line's), else two spaces.
pub fn detect_indent(text: &str) -> String {
    for line in text.lines() {
        let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        if !indent.is_empty() && indent.len() < line.len() {
            return if indent.starts_with('\t') { "\t".into() } else { " ".repeat(indent.len().min(8)) };
        }
    }
    "  ".into()
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte].bytes().filter(|b| *b == b'\n').count() + 1
}

/// `text` formatted with `indent` per level, or why it cannot be. The text's final newline (or
/// its absence) is kept.
pub fn format_json(text: &str, indent: &str) -> Result<String, FormatError> {
    let tokens = tokenize(text);
    let mut open: Vec<&Token> = Vec::new();
    for t in &tokens {
        match t.kind {
            TokenKind::String { closed: false } => return Err(FormatError::UnterminatedString(line_of(text, t.start))),
            TokenKind::OpenObject | TokenKind::OpenArray => open.push(t),
            TokenKind::CloseObject | TokenKind::CloseArray => {
                let opener =
                    if t.kind == TokenKind::CloseObject { TokenKind::OpenObject } else { TokenKind::OpenArray };
                if open.pop().map(|o| o.kind) != Some(opener) {
                    return Err(FormatError::UnmatchedClose(line_of(text, t.start)));
                }
            }
            _ => {}
        }
    }
    if let Some(o) = open.first() {
        return Err(FormatError::Unclosed(line_of(text, o.start)));
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(indent);
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let previous = i.checked_sub(1).map(|p| &tokens[p]);
        // Two elements without a comma between them: keep them apart, on their own lines.
        if t.starts_value() && previous.is_some_and(Token::ends_value) {
            newline(&mut out, depth);
        }
        match t.kind {
            TokenKind::OpenObject | TokenKind::OpenArray => {
                let empty = tokens.get(i + 1).is_some_and(|n| {
                    matches!(
                        (t.kind, n.kind),
                        (TokenKind::OpenObject, TokenKind::CloseObject) | (TokenKind::OpenArray, TokenKind::CloseArray)
                    )
                });
                if empty {
                    out.push_str(if t.kind == TokenKind::OpenObject { "{}" } else { "[]" });
                    i += 2;
                    continue;
                }
                out.push_str(&text[t.start..t.end]);
                depth += 1;
                newline(&mut out, depth);
            }
            TokenKind::CloseObject | TokenKind::CloseArray => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push_str(&text[t.start..t.end]);
            }
            TokenKind::Comma => {
                out.push(',');
                newline(&mut out, depth);
            }
            TokenKind::Colon => out.push_str(": "),
            TokenKind::String { .. } | TokenKind::Word => out.push_str(&text[t.start..t.end]),
        }
        i += 1;
    }
    if text.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_one_element_a_line_keeping_order_and_text() {
        let text = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*","oss:Get\"x"],"Resource":"*","Condition":{}}], "N": 1.50}"#;
        let formatted = format_json(text, "  ").unwrap();
        let expected = r#"{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "ecs:Describe*",
        "oss:Get\"x"
      ],
      "Resource": "*",
      "Condition": {}
    }
  ],
  "N": 1.50
}"#;
        assert_eq!(formatted, expected);
        assert_eq!(format_json(&formatted, "  ").unwrap(), formatted, "formatting twice changes nothing");
        assert_eq!(format_json("{\"a\":[]}\n", "    ").unwrap(), "{\n    \"a\": []\n}\n");
    }

    #[test]
    fn keeps_a_missing_comma_missing_and_fragments_as_they_are() {
        let formatted = format_json(r#"{"Version": "1" "Statement": []}"#, "  ").unwrap();
        assert_eq!(formatted, "{\n  \"Version\": \"1\"\n  \"Statement\": []\n}");
        let fragment = format_json(r#""Effect": "Allow", "Action": "ecs:*""#, "  ").unwrap();
        assert_eq!(fragment, "\"Effect\": \"Allow\",\n\"Action\": \"ecs:*\"");
        let unicode = format_json("{\"Sid\":\"Zürich 😀\"}", "\t").unwrap();
        assert_eq!(unicode, "{\n\t\"Sid\": \"Zürich 😀\"\n}");
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(format_json("{\n\"a\": \"b\n}", "  "), Err(FormatError::UnterminatedString(2)));
        assert_eq!(format_json("{\"a\": [1}", "  "), Err(FormatError::UnmatchedClose(1)));
        assert_eq!(format_json("\n[{\"a\": 1}", "  "), Err(FormatError::Unclosed(2)));
        assert!(FormatError::Unclosed(2).to_string().contains("line 2"));
    }

    #[test]
    fn uses_the_indentation_already_there() {
        assert_eq!(detect_indent("{\n    \"a\": 1\n}"), "    ");
        assert_eq!(detect_indent("{\n\t\"a\": 1\n}"), "\t");
        assert_eq!(detect_indent("{\"a\": 1}"), "  ");
    }
}
