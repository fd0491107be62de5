//! The JSON line `eval --json` writes for each case, written straight into the output buffer.
//!
//! serde_json's derived serialization of a [`CaseResult`] was a tenth of a batch run: every
//! member name went through its escaping loop byte by byte, and every string too. This writer
//! produces the same bytes (a test compares the two on every kind of result and on strings of
//! every kind of character): member names are written as they are known, strings are copied
//! in runs found 8 bytes at a time ([`json::plain::plain_run`]) and escaped as serde_json
//! escapes them, and enum values are named by their own `Serialize` implementations. Full
//! explanations (`--detail`), with their per-statement reports, are left to serde_json.

use crate::case::{CaseResult, CaseWarning};
use playground_core::explain::{LayerReport, StatementRef};
use playground_core::json;
use playground_core::span::Span;
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

/// Appends `result` as one JSON object (no line break), exactly as `serde_json::to_writer`
/// writes it.
pub fn write_result(out: &mut Vec<u8>, result: &CaseResult) -> Result<(), serde_json::Error> {
    let e = &result.explanation;
    if e.layers.iter().any(|l| !l.policies.is_empty()) {
        return serde_json::to_writer(&mut *out, result);
    }
    out.extend_from_slice(b"{\"name\":");
    string(out, &result.name);
    out.extend_from_slice(b",\"decision\":");
    variant(out, &result.decision)?;
    out.extend_from_slice(b",\"expected\":");
    match &result.expected {
        Some(expected) => variant(out, expected)?,
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"dialect\":");
    variant(out, &result.dialect)?;
    out.extend_from_slice(b",\"dialect_reason\":");
    string(out, &result.dialect_reason);
    out.extend_from_slice(b",\"explanation\":{\"decision\":");
    variant(out, &e.decision)?;
    out.extend_from_slice(b",\"reason\":");
    variant(out, &e.reason)?;
    out.extend_from_slice(b",\"summary\":");
    string(out, &e.summary);
    out.extend_from_slice(b",\"decisive\":");
    list(out, &e.decisive, statement_ref)?;
    out.extend_from_slice(b",\"layers\":");
    list(out, &e.layers, layer)?;
    out.extend_from_slice(b",\"missing_context_keys\":");
    list(out, &e.missing_context_keys, |out, key| {
        string(out, key);
        Ok(())
    })?;
    out.extend_from_slice(b",\"notes\":");
    list(out, &e.notes, |out, note| {
        string(out, note);
        Ok(())
    })?;
    out.extend_from_slice(b"},\"warnings\":");
    list(out, &result.warnings, warning)?;
    out.push(b'}');
    Ok(())
}

type Written = Result<(), serde_json::Error>;

fn list<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T) -> Written) -> Written {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x)?;
    }
    out.push(b']');
    Ok(())
}

fn statement_ref(out: &mut Vec<u8>, s: &StatementRef) -> Written {
    out.extend_from_slice(b"{\"policy\":");
    string(out, &s.policy);
    out.extend_from_slice(b",\"layer\":");
    variant(out, &s.layer)?;
    out.extend_from_slice(b",\"level\":");
    optional_number(out, s.level);
    out.extend_from_slice(b",\"index\":");
    number(out, s.index);
    out.extend_from_slice(b",\"sid\":");
    optional_string(out, s.sid.as_deref());
    out.extend_from_slice(b",\"label\":");
    string(out, &s.label);
    out.extend_from_slice(b",\"effect\":");
    variant(out, &s.effect)?;
    out.extend_from_slice(b",\"span\":");
    span(out, &s.span);
    out.push(b'}');
    Ok(())
}

fn layer(out: &mut Vec<u8>, l: &LayerReport) -> Written {
    out.extend_from_slice(b"{\"layer\":");
    variant(out, &l.layer)?;
    out.extend_from_slice(b",\"level\":");
    optional_number(out, l.level);
    out.extend_from_slice(b",\"title\":");
    string(out, &l.title);
    out.extend_from_slice(b",\"outcome\":");
    string(out, l.outcome);
    out.extend_from_slice(b",\"note\":");
    optional_string(out, l.note.as_deref());
    // `policies` is skipped when empty, and only empty lists come here.
    out.push(b'}');
    Ok(())
}

fn warning(out: &mut Vec<u8>, w: &CaseWarning) -> Written {
    out.extend_from_slice(b"{\"code\":");
    string(out, w.code);
    out.extend_from_slice(b",\"severity\":");
    variant(out, &w.severity)?;
    out.extend_from_slice(b",\"message\":");
    string(out, &w.message);
    out.extend_from_slice(b",\"help\":");
    optional_string(out, w.help.as_deref());
    out.extend_from_slice(b",\"span\":");
    span(out, &w.span);
    out.push(b'}');
    Ok(())
}

fn span(out: &mut Vec<u8>, s: &Span) {
    out.extend_from_slice(b"{\"start\":");
    number(out, s.start);
    out.extend_from_slice(b",\"end\":");
    number(out, s.end);
    out.extend_from_slice(b",\"line\":");
    number(out, s.line as usize);
    out.extend_from_slice(b",\"column\":");
    number(out, s.column as usize);
    out.extend_from_slice(b",\"end_line\":");
    number(out, s.end_line as usize);
    out.extend_from_slice(b",\"end_column\":");
    number(out, s.end_column as usize);
    out.push(b'}');
}

fn optional_number(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => number(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

fn optional_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(playground_core::decimal::digits(n, &mut [0; 20]));
}

/// A JSON string as serde_json writes it: `"` and `\` escaped with a backslash, the control
/// characters with a short escape (`\b \t \n \f \r`) or as `\u00XX`, everything else as is.
fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut at = 0;
    loop {
        let run = json::plain::plain_run(bytes, at);
        out.extend_from_slice(&bytes[at..at + run]);
        at += run;
        let Some(&b) = bytes.get(at) else { break };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
            }
        }
        at += 1;
    }
    out.push(b'"');
}

/// A unit enum value (`Decision::Allow`, `LayerKind::ResourceControl`...) as a JSON string of
/// the name its `Serialize` implementation gives it (renames included).
fn variant<T: Serialize>(out: &mut Vec<u8>, value: &T) -> Written {
    match value.serialize(VariantName) {
        Ok(name) => {
            string(out, name);
            Ok(())
        }
        // Not a unit variant: serde_json writes whatever it is.
        Err(NotAUnitVariant) => serde_json::to_writer(&mut *out, value),
    }
}

/// A serializer that only accepts unit enum variants, and gives their names.
struct VariantName;

#[derive(Debug)]
struct NotAUnitVariant;

impl fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit enum variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl ser::Error for NotAUnitVariant {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAUnitVariant
    }
}

/// The methods of [`VariantName`] for everything but unit variants: they all refuse.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> { Err(NotAUnitVariant) })*
    };
}

impl ser::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTuple = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleVariant = Impossible<&'static str, NotAUnitVariant>;
    type SerializeMap = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStructVariant = Impossible<&'static str, NotAUnitVariant>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, Self::Error> {
        Ok(variant)
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Self::Ok, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<Self::Ok, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(NotAUnitVariant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::load_cases;
    use playground_core::authorize::Decision;
    use playground_core::explain::Detail;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..=0x7f).map(|b| format!("ab{}cd", char::from(b))).collect();
        texts.extend((0u8..0x20).map(|b| char::from(b).to_string().repeat(3)));
        for at in 0..20 {
            // Escapes on every side of an 8-byte word.
            texts.push(format!("{}\"{}\\\n{}", "x".repeat(at), "é→".repeat(at % 3), "y".repeat(at)));
        }
        texts.extend(["".into(), "é".into(), "\u{7f}\u{80}\u{2028}💡".into(), "\\".repeat(17)]);
        for text in texts {
            let mut out = Vec::new();
            string(&mut out, &text);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap(), "{text:?}");
        }
    }

    /// Cases with warnings, names that need escapes, both dialects, every layer and several
    /// kinds of decision.
    const CASES: &str = r#"[
      {"name": "quote \" and tab \t in a name", "dialect": "aws",
       "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
       "identity_policies": [{"Statement": [{"Sid": "A\u0001", "Effect": "Allow", "Action": "s3:GetObject ", "Resource": "*"}, {"Sid": "S\"2\\é", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}],
       "permission_boundaries": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}],
       "control_policies": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}], [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}]}]],
       "resource_control_policies": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}]],
       "expected": "allow"},
      {"dialect": "aws",
       "request": {"principal": "arn:aws:iam::444455556666:user/bob", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k", "context": {"aws:SourceIp": "10.0.0.1"}},
       "identity_policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "x"}}}}],
       "resource_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"}]},
       "expected": "implicit_deny"},
      {"name": "RAM", "dialect": "aliyun",
       "request": {"principal": "acs:ram::1111:user/alice", "action": "ecs:DeleteInstance", "resource": "acs:ecs:cn-hangzhou:1111:instance/i-1"},
       "identity_policies": [{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "*"}, {"Effect": "Deny", "Action": "ecs:Delete*", "Resource": "*"}]}]}
    ]"#;

    #[test]
    fn results_are_written_as_serde_json_writes_them() {
        let examples = [CASES, include_str!("../../../examples/hbr-assume-role.json")];
        let mut results = Vec::new();
        for text in examples {
            for case in load_cases(text).expect("the cases read") {
                for detail in [Detail::Brief, Detail::Full] {
                    let result = case.evaluate_with(detail);
                    let mut out = Vec::new();
                    write_result(&mut out, &result).unwrap();
                    assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&result).unwrap());
                    results.push(result);
                }
            }
        }
        // The cases cover what the writer writes.
        assert!(results.iter().any(|r| r.warnings.iter().any(|w| w.help.is_some())));
        assert!(results.iter().any(|r| r.expected.is_some()) && results.iter().any(|r| r.expected.is_none()));
        assert!(results.iter().any(|r| r.explanation.layers.iter().any(|l| l.level.is_some())));
        assert!(results.iter().any(|r| r.explanation.decisive.iter().any(|d| d.sid.is_some())));
        assert!(results.iter().any(|r| !r.explanation.missing_context_keys.is_empty()));
        assert!(results.iter().any(|r| !r.explanation.notes.is_empty()));
        for decision in [Decision::Allow, Decision::ExplicitDeny, Decision::ImplicitDeny] {
            assert!(results.iter().any(|r| r.decision == decision), "{decision:?}");
        }
    }
}
