//! What a case of a case file says before its policies are compiled: its fields (each known
//! and written once), name, dialect, expectation, request and context, and its policies by
//! layer as written. The batch reader ([`crate::case`]) compiles the policies of a
//! [`CaseShape`]; the web app's import takes them as text, without the compiler, the
//! interner or the evaluation, so both refuse the same cases with the same errors.

use crate::error::CaseError;
use playground_core::authorize::Decision;
use playground_core::dialect::{self, Detection, Dialect, Evidence};
use playground_core::issue::did_you_mean;
use playground_core::json::{self, Json, JsonKind, JsonSyntaxError};
use playground_core::request::{Context, read_context};
use playground_core::span::{LineIndex, Span};

/// The fields a case object may have.
pub const CASE_FIELDS: &[&str] = &[
    "name",
    "dialect",
    "request",
    "identity_policies",
    "resource_policy",
    "session_policy",
    "permission_boundaries",
    "control_policies",
    "resource_control_policies",
    "expected",
];

/// The fields a case's request may have.
pub const REQUEST_FIELDS: &[&str] =
    &["principal", "principal_uid", "action", "resource", "resource_account", "context", "intended_context_keys"];

/// A case as its file says it, policies not yet compiled.
pub struct CaseShape<'a, 't> {
    /// Its `name`, else `case N`.
    pub name: String,
    /// The dialect: as the case names it, else detected from its documents and request.
    pub detection: Detection,
    /// The decision the case expects, if it says.
    pub expected: Option<Decision>,
    /// `request.principal`.
    pub principal: &'a str,
    /// `request.action`.
    pub action: &'a str,
    /// `request.resource`, if written (the evaluation takes `*` without it).
    pub resource: Option<&'a str>,
    /// `request.resource_account`, if written.
    pub resource_account: Option<&'a str>,
    /// `request.principal_uid`, if written.
    pub principal_uid: Option<&'a str>,
    /// `request.context`, read.
    pub context: Context,
    /// `request.intended_context_keys`.
    pub intended_context_keys: Vec<String>,
    /// Where each context key is written, for warnings about it.
    pub context_key_spans: Vec<(String, Span)>,
    /// `identity_policies`.
    pub identity: Vec<RawPolicy<'a, 't>>,
    /// `resource_policy`.
    pub resource_policy: Option<RawPolicy<'a, 't>>,
    /// `session_policy`.
    pub session: Option<RawPolicy<'a, 't>>,
    /// `permission_boundaries`.
    pub boundaries: Vec<RawPolicy<'a, 't>>,
    /// `control_policies`, by level (root first).
    pub control: Vec<Vec<RawPolicy<'a, 't>>>,
    /// `resource_control_policies`, by level (root first).
    pub resource_control: Vec<Vec<RawPolicy<'a, 't>>>,
}

/// One policy of a case as written: its name (given, or the default one the layer gives) and
/// its document.
pub struct RawPolicy<'a, 't> {
    /// The policy's name.
    pub name: String,
    /// Its document.
    pub doc: PolicySource<'a, 't>,
}

/// How a case file gives a policy's document.
pub enum PolicySource<'a, 't> {
    /// As a JSON value of the file.
    Json(&'a Json<'t>),
    /// As a string holding its text.
    Text(&'a str),
}

impl<'a, 't> CaseShape<'a, 't> {
    /// Reads case number `index` (from 0) of a case file: the first problem of its shape, its
    /// fields, request and context as a [`CaseError`]; the policies are not compiled.
    // Not inlined: inlined into the page's import, its copy made the wasm ~650 bytes gzipped larger.
    #[inline(never)]
    pub fn read(v: &'a Json<'t>, index: usize) -> Result<CaseShape<'a, 't>, CaseError> {
        if v.as_object().is_none() {
            return Err(CaseError::CaseNotObject { index, found: v.type_name(), span: v.span });
        }
        check_fields(v, CASE_FIELDS, "a case")?;
        let name = string_field(v, "name", "case")?.map_or_else(|| format!("case {}", index + 1), str::to_string);
        let forced = match string_field(v, "dialect", "case")? {
            None => None,
            Some(d) => Some(Dialect::from_name(d).ok_or_else(|| CaseError::UnknownDialect {
                name: d.to_string(),
                span: v.get("dialect").map(|d| d.span).unwrap_or_default(),
            })?),
        };
        let expected = match string_field(v, "expected", "case")? {
            None => None,
            Some(e) => Some(Decision::from_name(e).ok_or_else(|| CaseError::UnknownDecision {
                name: e.to_string(),
                span: v.get("expected").map(|d| d.span).unwrap_or_default(),
            })?),
        };
        let request = v.get("request").ok_or(CaseError::NoRequest { span: v.span })?;
        if request.as_object().is_none() {
            return Err(CaseError::RequestNotObject { found: request.type_name(), span: request.span });
        }
        check_fields(request, REQUEST_FIELDS, "the request")?;
        let required = |field: &'static str| -> Result<&'a str, CaseError> {
            string_field(request, field, "request")?.ok_or(CaseError::MissingRequestField { field, span: request.span })
        };
        let principal = required("principal")?;
        let action = required("action")?;
        let resource = string_field(request, "resource", "request")?;
        let resource_account = string_field(request, "resource_account", "request")?;
        let principal_uid = string_field(request, "principal_uid", "request")?;
        let intended_context_keys = string_list(request, "intended_context_keys")?;
        let context = read_context(request.get("context"))?;

        let identity = raw_list(v.get("identity_policies"), "identity_policies", "identity policy")?;
        let boundaries = raw_list(v.get("permission_boundaries"), "permission_boundaries", "permissions boundary")?;
        let control = raw_levels(v.get("control_policies"), "control_policies", "control policy")?;
        let resource_control = raw_levels(v.get("resource_control_policies"), "resource_control_policies", "RCP")?;
        let single = |key: &str, label: &str| -> Option<RawPolicy<'a, 't>> {
            v.get(key).filter(|d| d.kind != JsonKind::Null).map(|d| raw_policy(d, label.to_string()))
        };
        let resource_policy = single("resource_policy", "resource policy");
        let session = single("session_policy", "session policy");

        // Detect the dialect from every document and the request's names, unless the case names it.
        let mut evidence: Vec<Evidence> = Vec::new();
        if forced.is_none() {
            // One call per list rather than a chain of iterators over all six: the chain's code
            // was most of this function's size in the page's wasm.
            evidence_in_policies(&identity, &mut evidence);
            evidence_in_policies(&boundaries, &mut evidence);
            for level in control.iter().chain(&resource_control) {
                evidence_in_policies(level, &mut evidence);
            }
            evidence_in_policies(resource_policy.as_slice(), &mut evidence);
            evidence_in_policies(session.as_slice(), &mut evidence);
            dialect::evidence_in_name(principal, "principal", &mut evidence);
            dialect::evidence_in_name(resource.unwrap_or("*"), "resource", &mut evidence);
        }
        let detection = dialect::decide(forced, &evidence);
        if detection.dialect == Dialect::Aliyun && !boundaries.is_empty() {
            return Err(CaseError::BoundariesInRam {
                span: v.get("permission_boundaries").map(|b| b.span).unwrap_or_default(),
            });
        }
        if detection.dialect == Dialect::Aliyun && !resource_control.is_empty() {
            return Err(CaseError::ResourceControlInRam {
                span: v.get("resource_control_policies").map(|b| b.span).unwrap_or_default(),
            });
        }
        let context_key_spans: Vec<(String, Span)> = match request.get("context").map(|c| &c.kind) {
            Some(JsonKind::Object(members)) => members.iter().map(|m| (m.key.to_string(), m.key_span)).collect(),
            _ => Vec::new(),
        };
        Ok(CaseShape {
            name,
            detection,
            expected,
            principal,
            action,
            resource,
            resource_account,
            principal_uid,
            context,
            intended_context_keys,
            context_key_spans,
            identity,
            resource_policy,
            session,
            boundaries,
            control,
            resource_control,
        })
    }
}

/// Adds what the documents of `policies` say of their dialect to `evidence`.
fn evidence_in_policies(policies: &[RawPolicy<'_, '_>], evidence: &mut Vec<Evidence>) {
    for raw in policies {
        match raw.doc {
            PolicySource::Json(doc) => dialect::evidence_in_policy(doc, evidence),
            PolicySource::Text(text) => {
                if let Ok(p) = json::parse(text) {
                    dialect::evidence_in_policy(&p.value, evidence);
                }
            }
        }
    }
}

/// The values of a case file that are cases.
pub enum CaseValues<'t> {
    /// The elements of an array, each a value or (when the file is not JSON as a whole but its
    /// elements can be told apart) the syntax error inside it.
    Array(Vec<Result<Json<'t>, JsonSyntaxError>>),
    /// The one case object the file holds.
    One(Json<'t>),
}

/// Splits a case file into its cases, reading each element of an array on its own when the
/// file is not JSON as a whole (so one case's syntax error leaves the others readable). `Err`
/// when the file cannot be read: too large, not JSON (and not an array whose elements can be
/// told apart), several values separated by commas, or neither a case nor an array of them.
pub fn case_values(text: &str) -> Result<CaseValues<'_>, CaseError> {
    let parsed = match json::parse_limited(text, json::MAX_FILE_BYTES) {
        Ok(parsed) => parsed,
        Err(error) if text.len() > json::MAX_FILE_BYTES => return Err(CaseError::Json(error)),
        Err(error) => {
            let ranges = json::split::array_elements(text).ok_or(CaseError::Json(error))?;
            let index = LineIndex::new(text);
            return Ok(CaseValues::Array(
                ranges.iter().map(|&(start, end)| json::parse_at(&index, start, end)).collect(),
            ));
        }
    };
    if parsed.wrapped_run.is_some() {
        return Err(CaseError::SeveralValues { span: parsed.value.span });
    }
    match parsed.value.kind {
        JsonKind::Array(items) => Ok(CaseValues::Array(items.into_iter().map(Ok).collect())),
        JsonKind::Object(_) => Ok(CaseValues::One(parsed.value)),
        _ => Err(CaseError::NotCases { found: parsed.value.type_name(), span: parsed.value.span }),
    }
}

/// The name of case `i` (from 0): its `name` when that is a string, else `case N`.
pub fn case_name(v: &Json, i: usize) -> String {
    v.get("name").and_then(Json::as_str).map_or_else(|| format!("case {}", i + 1), str::to_string)
}

/// The first field of the object `v` that is unknown (with the closest known one, if close) or
/// written twice.
fn check_fields(v: &Json, known: &'static [&'static str], place: &'static str) -> Result<(), CaseError> {
    // Known fields seen so far, with where: an object has few, so a list is enough.
    let mut seen: Vec<(&str, Span)> = Vec::new();
    for m in v.as_object().unwrap_or(&[]) {
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == m.key.as_ref()) {
            return Err(CaseError::DuplicateField { field: m.key.to_string(), place, first: *first, span: m.key_span });
        }
        if known.contains(&m.key.as_ref()) {
            seen.push((m.key.as_ref(), m.key_span));
        } else {
            return Err(CaseError::UnknownField {
                field: m.key.to_string(),
                place,
                suggestion: did_you_mean(&m.key, known.iter().copied()),
                known,
                span: m.key_span,
            });
        }
    }
    Ok(())
}

fn string_field<'a>(v: &'a Json, key: &str, object: &'static str) -> Result<Option<&'a str>, CaseError> {
    match v.get(key) {
        None => Ok(None),
        Some(Json { kind: JsonKind::Null, .. }) => Ok(None),
        Some(s) => s.as_str().map(Some).ok_or_else(|| CaseError::NotAString {
            object,
            field: key.to_string(),
            found: s.type_name(),
            span: s.span,
        }),
    }
}

/// A list of strings of the request (absent or null: empty).
fn string_list(v: &Json, key: &str) -> Result<Vec<String>, CaseError> {
    let not_a_string = |found: &Json| CaseError::NotAString {
        object: "request",
        field: key.to_string(),
        found: found.type_name(),
        span: found.span,
    };
    match v.get(key) {
        None | Some(Json { kind: JsonKind::Null, .. }) => Ok(Vec::new()),
        Some(Json { kind: JsonKind::Array(items), .. }) => {
            // A loop: collecting into a `Result` made more code in the page's wasm.
            let mut list = Vec::with_capacity(items.len());
            for item in items {
                list.push(item.as_str().ok_or_else(|| not_a_string(item))?.to_string());
            }
            Ok(list)
        }
        Some(other) => Err(not_a_string(other)),
    }
}

fn raw_policy<'a, 't>(v: &'a Json<'t>, default_name: String) -> RawPolicy<'a, 't> {
    if let (Some(doc), Some(obj)) = (v.get("document"), v.as_object())
        && obj.iter().all(|m| m.key == "name" || m.key == "document")
    {
        let name = v.get("name").and_then(Json::as_str).map_or(default_name, str::to_string);
        return match doc.as_str() {
            Some(text) => RawPolicy { name, doc: PolicySource::Text(text) },
            None => RawPolicy { name, doc: PolicySource::Json(doc) },
        };
    }
    match v.as_str() {
        Some(text) => RawPolicy { name: default_name, doc: PolicySource::Text(text) },
        None => RawPolicy { name: default_name, doc: PolicySource::Json(v) },
    }
}

/// `label`, then each separator followed by its number: the default names of a case's
/// policies (`identity policy 2`, `control policy level 1 #3`), written without the formatting
/// machinery because every policy of a batch gets one.
fn numbered(label: &str, separators: &[&str], numbers: &[usize]) -> String {
    let mut name = String::with_capacity(label.len() + 16);
    name.push_str(label);
    for (separator, &number) in separators.iter().zip(numbers) {
        name.push_str(separator);
        playground_core::decimal::push(&mut name, number);
    }
    name
}

// The two readers below are written as loops: collecting nested `Result`s through iterator
// adapters made the page's wasm ~1.5 KB larger.
fn raw_list<'a, 't>(
    v: Option<&'a Json<'t>>,
    field: &'static str,
    label: &str,
) -> Result<Vec<RawPolicy<'a, 't>>, CaseError> {
    let items = match v {
        None | Some(Json { kind: JsonKind::Null, .. }) => return Ok(Vec::new()),
        Some(Json { kind: JsonKind::Array(items), .. }) => items,
        Some(other) => return Err(CaseError::NotAPolicyList { field, found: other.type_name(), span: other.span }),
    };
    let mut list = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        list.push(raw_policy(item, numbered(label, &[" "], &[i + 1])));
    }
    Ok(list)
}

fn raw_levels<'a, 't>(
    v: Option<&'a Json<'t>>,
    field: &'static str,
    label: &str,
) -> Result<Vec<Vec<RawPolicy<'a, 't>>>, CaseError> {
    let levels = match v {
        None | Some(Json { kind: JsonKind::Null, .. }) => return Ok(Vec::new()),
        Some(Json { kind: JsonKind::Array(levels), .. }) => levels,
        Some(other) => return Err(CaseError::NotALevelList { field, found: other.type_name(), span: other.span }),
    };
    let mut read = Vec::with_capacity(levels.len());
    for (li, level) in levels.iter().enumerate() {
        let JsonKind::Array(items) = &level.kind else {
            return Err(CaseError::LevelNotAList { field, level: li + 1, found: level.type_name(), span: level.span });
        };
        let mut list = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            list.push(raw_policy(item, numbered(label, &[" level ", " #"], &[li + 1, i + 1])));
        }
        read.push(list);
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_are_numbered() {
        assert_eq!(numbered("identity policy", &[" "], &[1]), "identity policy 1");
        assert_eq!(numbered("RCP", &[" level ", " #"], &[10, 307]), "RCP level 10 #307");
        assert_eq!(numbered("x", &[" "], &[0]), "x 0");
    }
}
