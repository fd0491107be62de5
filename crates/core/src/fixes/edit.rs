//! Text edits to policy documents: an item added to or taken out of an element's list, a member
//! added to an object, a statement added or removed. Each edit keeps the text around it as it
//! was (indentation included) and says which span it replaces, so an editor can apply it and
//! the engine can prove it by reading the edited text again.
//!
//! Element edits replace the element's whole value (the new `Action` array, say), so the edit
//! carries the element's new value; statement edits insert or delete text between statements.

use super::TextEdit;
use crate::json::{self, Json, JsonKind};
use crate::span::Span;
use serde_json::Value;

/// A piece of a larger text, read as JSON: spans of its values count from `base`.
pub(super) struct Piece<'t> {
    text: &'t str,
    base: usize,
    value: Json<'t>,
}

impl<'t> Piece<'t> {
    /// The JSON value at bytes `start..end` of `text` (a statement or a policy).
    pub(super) fn read(text: &'t str, start: usize, end: usize) -> Option<Piece<'t>> {
        let slice = text.get(start..end)?;
        let parsed = json::parse(slice).ok()?;
        Some(Piece { text: slice, base: start, value: parsed.value })
    }

    /// The whole value.
    pub(super) fn value(&self) -> &Json<'t> {
        &self.value
    }

    /// The text of a value of this piece.
    fn text_of(&self, v: &Json<'_>) -> &'t str {
        &self.text[v.span.start..v.span.end]
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span { start: self.base + start, end: self.base + end, ..Span::default() }
    }

    /// Adds `item` to the list `v` (a string becomes a list of two; an object becomes a list
    /// whose second element is `item`); the edit replaces `v` whole.
    pub(super) fn add_item(&self, v: &Json<'_>, item: &Value, item_text: &str) -> TextEdit {
        let old = self.text_of(v);
        let (replacement, value) = match &v.kind {
            JsonKind::Array(items) if !items.is_empty() => {
                let last = &items[items.len() - 1];
                let sep = self.separator(v, items);
                let at = last.span.end - v.span.start;
                let mut value: Vec<Value> = items.iter().map(Json::to_serde).collect();
                value.push(item.clone());
                (format!("{},{sep}{item_text}{}", &old[..at], &old[at..]), Value::Array(value))
            }
            JsonKind::Array(_) => (format!("[{item_text}]"), Value::Array(vec![item.clone()])),
            _ => (format!("[{old}, {item_text}]"), Value::Array(vec![v.to_serde(), item.clone()])),
        };
        TextEdit { span: self.span(v.span.start, v.span.end), replacement, value }
    }

    /// Takes item `index` out of the list `v` (which has another); the edit replaces `v` whole.
    pub(super) fn remove_item(&self, v: &Json<'_>, index: usize) -> Option<TextEdit> {
        let items = v.as_array()?;
        if items.len() < 2 || index >= items.len() {
            return None;
        }
        let (from, to) = removal(items, index);
        let old = self.text_of(v);
        let replacement = format!("{}{}", &old[..from - v.span.start], &old[to - v.span.start..]);
        let value =
            Value::Array(items.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, j)| j.to_serde()).collect());
        Some(TextEdit { span: self.span(v.span.start, v.span.end), replacement, value })
    }

    /// Deletes item `index` of the list `v` (which has another) with its comma: a deletion edit.
    pub(super) fn delete_item(&self, v: &Json<'_>, index: usize) -> Option<TextEdit> {
        let items = v.as_array()?;
        if items.len() < 2 || index >= items.len() {
            return None;
        }
        let (from, to) = removal(items, index);
        Some(TextEdit { span: self.span(from, to), replacement: String::new(), value: Value::Null })
    }

    /// Inserts `item` after the last element of the list `v`: an insertion edit whose value is `item`.
    pub(super) fn append_item(&self, v: &Json<'_>, item: &Value, item_text: &str) -> Option<TextEdit> {
        let items = v.as_array()?;
        let last = items.last()?;
        let sep = self.separator(v, items);
        Some(TextEdit {
            span: self.span(last.span.end, last.span.end),
            replacement: format!(",{sep}{item_text}"),
            value: item.clone(),
        })
    }

    /// Adds member `key: value` to the object `v`; the edit replaces `v` whole.
    pub(super) fn add_member(&self, v: &Json<'_>, key: &str, value: &Value, value_text: &str) -> Option<TextEdit> {
        let members = v.as_object()?;
        let old = self.text_of(v);
        let member = format!("{}: {value_text}", json_text(&Value::String(key.to_string())));
        let replacement = match members.last() {
            None => format!("{{{member}}}"),
            Some(last) => {
                let first = &members[0];
                let sep = match members.len() {
                    1 => whitespace_between(self.text, v.span.start + 1, first.key_span.start),
                    n => after_comma(&self.text[members[n - 2].value.span.end..last.key_span.start]),
                };
                let sep = if sep.is_empty() { " " } else { sep };
                let at = last.value.span.end - v.span.start;
                format!("{},{sep}{member}{}", &old[..at], &old[at..])
            }
        };
        let mut new_value = v.to_serde();
        if let Value::Object(map) = &mut new_value {
            map.insert(key.to_string(), value.clone());
        }
        Some(TextEdit { span: self.span(v.span.start, v.span.end), replacement, value: new_value })
    }

    /// An edit of `inner` (inside `outer`, both of this piece) widened to replace `outer` whole,
    /// with `outer`'s new value.
    pub(super) fn widen(&self, outer: &Json<'_>, inner: &Json<'_>, edit: TextEdit, value: Value) -> TextEdit {
        let old = self.text_of(outer);
        let (from, to) = (inner.span.start - outer.span.start, inner.span.end - outer.span.start);
        TextEdit {
            span: self.span(outer.span.start, outer.span.end),
            replacement: format!("{}{}{}", &old[..from], edit.replacement, &old[to..]),
            value,
        }
    }

    /// The whitespace that separates the items of the list `v` (what follows a comma), so an
    /// added item is laid out like the others.
    fn separator(&self, v: &Json<'_>, items: &[Json<'_>]) -> &'t str {
        let sep = match items.len() {
            0 => "",
            1 => whitespace_between(self.text, v.span.start + 1, items[0].span.start),
            n => after_comma(&self.text[items[n - 2].span.end..items[n - 1].span.start]),
        };
        if sep.is_empty() { " " } else { sep }
    }
}

/// The bytes to delete to take item `index` out of `items` with one comma.
fn removal(items: &[Json<'_>], index: usize) -> (usize, usize) {
    if index > 0 {
        (items[index - 1].span.end, items[index].span.end)
    } else {
        (items[0].span.start, items[1].span.start)
    }
}

/// `text[start..end]` when it is all whitespace, else nothing.
fn whitespace_between(text: &str, start: usize, end: usize) -> &str {
    match text.get(start..end) {
        Some(s) if s.chars().all(char::is_whitespace) => s,
        _ => "",
    }
}

/// What follows the comma in the text between two items.
fn after_comma(between: &str) -> &str {
    between.split_once(',').map_or("", |(_, rest)| rest)
}

/// A value as compact JSON text.
pub(super) fn json_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// An object written with its members in the given order, `{"Effect": "Allow", ...}`, and its value.
pub(super) fn object_text(members: &[(&str, Value)]) -> (String, Value) {
    let mut text = String::from("{");
    let mut map = serde_json::Map::new();
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str(&json_text(&Value::String(key.to_string())));
        text.push_str(": ");
        text.push_str(&json_text(value));
        map.insert(key.to_string(), value.clone());
    }
    text.push('}');
    (text, Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, e: &TextEdit) -> String {
        format!("{}{}{}", &text[..e.span.start], e.replacement, &text[e.span.end..])
    }

    #[test]
    fn an_added_item_is_laid_out_like_the_others() {
        let text = "{\"Action\": [\n    \"a\",\n    \"b\"\n  ], \"Resource\": \"*\"}";
        let piece = Piece::read(text, 0, text.len()).unwrap();
        let action = piece.value().get("Action").unwrap();
        let e = piece.add_item(action, &Value::from("c"), "\"c\"");
        assert_eq!(apply(text, &e), "{\"Action\": [\n    \"a\",\n    \"b\",\n    \"c\"\n  ], \"Resource\": \"*\"}");
        assert_eq!(e.value, serde_json::json!(["a", "b", "c"]));
        let resource = piece.value().get("Resource").unwrap();
        let e = piece.add_item(resource, &Value::from("r"), "\"r\"");
        assert_eq!(apply(text, &e), "{\"Action\": [\n    \"a\",\n    \"b\"\n  ], \"Resource\": [\"*\", \"r\"]}");
    }

    #[test]
    fn removed_items_take_one_comma_with_them() {
        let text = r#"{"Action": ["a", "b", "c"]}"#;
        let piece = Piece::read(text, 0, text.len()).unwrap();
        let action = piece.value().get("Action").unwrap();
        assert_eq!(apply(text, &piece.remove_item(action, 0).unwrap()), r#"{"Action": ["b", "c"]}"#);
        assert_eq!(apply(text, &piece.remove_item(action, 2).unwrap()), r#"{"Action": ["a", "b"]}"#);
        assert_eq!(apply(text, &piece.delete_item(action, 1).unwrap()), r#"{"Action": ["a", "c"]}"#);
        let one = r#"{"Action": ["a"]}"#;
        let piece = Piece::read(one, 0, one.len()).unwrap();
        assert!(piece.remove_item(piece.value().get("Action").unwrap(), 0).is_none());
    }

    #[test]
    fn members_are_added_after_the_last() {
        let text = "{\n  \"RAM\": \"x\"\n}";
        let piece = Piece::read(text, 0, text.len()).unwrap();
        let e = piece.add_member(piece.value(), "Service", &Value::from("s"), "\"s\"").unwrap();
        assert_eq!(apply(text, &e), "{\n  \"RAM\": \"x\",\n  \"Service\": \"s\"\n}");
    }

    #[test]
    fn pieces_of_a_larger_text_edit_it_in_place() {
        let text = r#"{"a": 1, "doc": {"Action": "s3:GetObject"}}"#;
        let start = text.find("{\"Action").unwrap();
        let piece = Piece::read(text, start, text.len() - 1).unwrap();
        let e = piece.add_item(piece.value().get("Action").unwrap(), &Value::from("s3:PutObject"), "\"s3:PutObject\"");
        assert_eq!(apply(text, &e), r#"{"a": 1, "doc": {"Action": ["s3:GetObject", "s3:PutObject"]}}"#);
    }
}
