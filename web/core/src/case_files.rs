//! Case files (the CLI's `eval` format) to and from the policies-and-requests table: export
//! writes one case per row with every layer's policies; import reads each case on its own, so a
//! case that cannot be read is reported with its line and column and the others still come in.

use crate::request::RequestForm;
use crate::requests::{Layers, Requests, Row};
use crate::workspace::{DocRef, Workspace};
use policy_playground::json::{self, Json, JsonKind};
use policy_playground::span::{LineIndex, Span};
use policy_playground::{Decision, Dialect};
use std::fmt;

impl Requests {
    /// The table as a case file (the CLI's `eval` format): a JSON array with one case per row
    /// that has a principal and an action, each carrying every layer's policies by name. A
    /// policy that is JSON is written as it was typed; one that is not is written as a string,
    /// so the CLI reports its error as the page does. (Written by hand rather than by derived
    /// serializers, which would add to the page's wasm.)
    pub fn to_case_file(&self, workspace: &Workspace) -> String {
        let quote = |s: &str| serde_json::to_string(s).expect("strings serialize");
        let policy = |name: &String, indent: &str| {
            let text = workspace.document(&DocRef::Library(name.clone())).map_or_else(|| "{}".into(), |d| d.text);
            let text = text.trim();
            let document = if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
                text.replace('\n', &format!("\n{indent}"))
            } else {
                quote(text)
            };
            format!("{{\"name\": {}, \"document\": {document}}}", quote(name))
        };
        let list = |names: &[String], indent: &str| {
            let items: Vec<String> =
                names.iter().map(|n| format!("\n{indent}  {}", policy(n, &format!("{indent}  ")))).collect();
            format!("[{}\n{indent}]", items.join(","))
        };
        let levels = |levels: &[Vec<String>]| {
            let items: Vec<String> = levels.iter().map(|l| format!("\n      {}", list(l, "      "))).collect();
            format!("[{}\n    ]", items.join(","))
        };
        let l = &self.layers;
        let dialect = if workspace.is_aliyun() { "aliyun" } else { "aws" };
        let cases: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.request.is_complete())
            .map(|r| {
                let mut fields = vec![
                    format!("\"name\": {}", quote(&r.label())),
                    format!("\"dialect\": \"{dialect}\""),
                    format!(
                        "\"request\": {{\"principal\": {}, \"action\": {}, \"resource\": {}{}}}",
                        quote(r.request.principal.trim()),
                        quote(r.request.action.trim()),
                        quote(r.resource()),
                        context_json(&r.request).map(|c| format!(", \"context\": {c}")).unwrap_or_default()
                    ),
                ];
                if !l.identity.is_empty() {
                    fields.push(format!("\"identity_policies\": {}", list(&l.identity, "    ")));
                }
                if let Some(name) = &l.resource {
                    fields.push(format!("\"resource_policy\": {}", policy(name, "    ")));
                }
                if let Some(name) = &l.session {
                    fields.push(format!("\"session_policy\": {}", policy(name, "    ")));
                }
                if !l.boundaries.is_empty() {
                    fields.push(format!("\"permission_boundaries\": {}", list(&l.boundaries, "    ")));
                }
                if !l.control.is_empty() {
                    fields.push(format!("\"control_policies\": {}", levels(&l.control)));
                }
                if !l.resource_control.is_empty() {
                    fields.push(format!("\"resource_control_policies\": {}", levels(&l.resource_control)));
                }
                if let Some(expected) = r.expected_decision() {
                    fields.push(format!("\"expected\": \"{}\"", expected.as_str()));
                }
                format!("  {{\n    {}\n  }}", fields.join(",\n    "))
            })
            .collect();
        if cases.is_empty() { "[]".into() } else { format!("[\n{}\n]\n", cases.join(",\n")) }
    }
}

/// A row's context as the case file writes it (a value written as a JSON list stays a list);
/// `None` without context keys.
fn context_json(form: &RequestForm) -> Option<String> {
    let mut map = serde_json::Map::new();
    for (key, value) in form.context.iter().filter(|(k, _)| !k.trim().is_empty()) {
        let value = value.trim();
        let json = match serde_json::from_str::<Vec<serde_json::Value>>(value) {
            Ok(list) if value.starts_with('[') => serde_json::Value::Array(list),
            _ => serde_json::Value::String(value.to_string()),
        };
        map.insert(key.trim().to_string(), json);
    }
    (!map.is_empty()).then(|| serde_json::Value::Object(map).to_string())
}

/// A case of a case file that could not be read: its name and where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCase {
    /// The case's name (or `case N`).
    pub name: String,
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for BadCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (line {}, column {}): {}", self.name, self.line, self.column, self.message)
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Rows added.
    pub added: usize,
    /// The cases that could not be read, in file order.
    pub bad: Vec<BadCase>,
    /// Notes: policies replaced, cases whose policies differ from the layers taken.
    pub notes: Vec<String>,
    /// The first policy taken, to open.
    pub first_policy: Option<String>,
}

impl ImportReport {
    /// One paragraph for the banner.
    pub fn summary(&self) -> String {
        let mut text = format!("Imported {} case(s).", self.added);
        if !self.bad.is_empty() {
            text.push_str(&format!(" {} could not be read: ", self.bad.len()));
            text.push_str(&self.bad.iter().map(BadCase::to_string).collect::<Vec<_>>().join("; "));
            text.push('.');
        }
        for note in &self.notes {
            text.push(' ');
            text.push_str(note);
        }
        text
    }
}

/// The fields of a case and of its request (as the CLI's reader knows them).
const CASE_FIELDS: &[&str] = &[
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
const REQUEST_FIELDS: &[&str] =
    &["principal", "principal_uid", "action", "resource", "resource_account", "context", "intended_context_keys"];

/// Checks one case object of a case file as the CLI's reader does for what a row carries (its
/// shape, fields, request, context, expectation and cloud; the policies' own errors show in the
/// editor instead): the first problem, with where it is. The app reads case files with this
/// rather than the CLI's reader, which would add its policy compiler and messages to the wasm.
fn check_case(v: &Json<'_>) -> Result<Option<Dialect>, (String, Span)> {
    let fields = v.as_object().ok_or_else(|| (format!("a case is an object, not {}", v.type_name()), v.span))?;
    let unknown = |members: &[policy_playground::json::Member<'_>], known: &[&str], place: &str| {
        members.iter().find(|m| !known.contains(&m.key.as_ref())).map_or(Ok(()), |m| {
            Err((format!("unknown field {:?} in {place}; it may have: {}", m.key, known.join(", ")), m.key_span))
        })
    };
    unknown(fields, CASE_FIELDS, "a case")?;
    let string = |v: &Json<'_>, field: &str| match v.get(field) {
        None => Ok(None),
        Some(Json { kind: JsonKind::String(s), .. }) => Ok(Some(s.to_string())),
        Some(other) => Err((format!("\"{field}\" must be a string, not {}", other.type_name()), other.span)),
    };
    string(v, "name")?;
    let dialect = match string(v, "dialect")? {
        Some(name) => Some(Dialect::from_name(&name).ok_or_else(|| {
            (
                format!("unknown dialect {name:?}: use \"aws\" or \"aliyun\""),
                v.get("dialect").map(|d| d.span).unwrap_or_default(),
            )
        })?),
        None => None,
    };
    if let Some(name) = string(v, "expected")?
        && Decision::from_name(&name).is_none()
    {
        let span = v.get("expected").map(|d| d.span).unwrap_or_default();
        return Err((format!("unknown decision {name:?}: use allow, explicit_deny or implicit_deny"), span));
    }
    let request = v.get("request").ok_or_else(|| ("the case has no \"request\"".to_string(), v.span))?;
    let members = request
        .as_object()
        .ok_or_else(|| (format!("\"request\" must be an object, not {}", request.type_name()), request.span))?;
    unknown(members, REQUEST_FIELDS, "the request")?;
    for field in ["principal", "action"] {
        if string(request, field)?.is_none() {
            return Err((format!("the request has no \"{field}\""), request.span));
        }
    }
    for field in ["principal_uid", "resource", "resource_account"] {
        string(request, field)?;
    }
    if let Some(context) = request.get("context").filter(|c| c.kind != JsonKind::Null) {
        let members = context
            .as_object()
            .ok_or_else(|| (format!("\"context\" must be an object, not {}", context.type_name()), context.span))?;
        let scalar = |v: &Json<'_>| matches!(v.kind, JsonKind::String(_) | JsonKind::Number(_) | JsonKind::Bool(_));
        for m in members {
            let ok = scalar(&m.value) || m.value.as_array().is_some_and(|items| items.iter().all(scalar));
            if !ok {
                let why = format!(
                    "context key {:?} must be a string, number, boolean or a list of them, not {}",
                    m.key,
                    m.value.type_name()
                );
                return Err((why, m.value.span));
            }
        }
    }
    let policy_shape = |v: &Json<'_>| matches!(v.kind, JsonKind::Object(_) | JsonKind::String(_));
    let policy_list = |field: &str, levels: bool| -> Result<(), (String, Span)> {
        let Some(list) = v.get(field).filter(|l| l.kind != JsonKind::Null) else { return Ok(()) };
        let items = list
            .as_array()
            .ok_or_else(|| (format!("\"{field}\" must be an array, not {}", list.type_name()), list.span))?;
        for item in items {
            let inner = if levels {
                item.as_array()
                    .ok_or_else(|| (format!("each level of \"{field}\" must be an array of policies"), item.span))?
            } else {
                std::slice::from_ref(item)
            };
            if let Some(bad) = inner.iter().find(|p| !policy_shape(p)) {
                return Err((
                    format!(
                        "a policy in \"{field}\" must be a document, a name and document, or a string, not {}",
                        bad.type_name()
                    ),
                    bad.span,
                ));
            }
        }
        Ok(())
    };
    policy_list("identity_policies", false)?;
    policy_list("permission_boundaries", false)?;
    policy_list("control_policies", true)?;
    policy_list("resource_control_policies", true)?;
    for field in ["resource_policy", "session_policy"] {
        if let Some(p) = v.get(field).filter(|p| p.kind != JsonKind::Null && !policy_shape(p)) {
            return Err((
                format!("\"{field}\" must be a document, a name and document, or a string, not {}", p.type_name()),
                p.span,
            ));
        }
    }
    Ok(dialect)
}

/// The name of case `i` (from 0): its `name` when that is a string, else `case N`, as the CLI
/// names it.
fn case_name(v: &Json<'_>, i: usize) -> String {
    v.get("name").and_then(Json::as_str).map_or_else(|| format!("case {}", i + 1), str::to_string)
}

/// The policies of one case, by layer, as (name, text).
#[derive(Debug, Default, PartialEq, Eq)]
struct CasePolicies {
    identity: Vec<(String, String)>,
    resource: Option<(String, String)>,
    session: Option<(String, String)>,
    boundaries: Vec<(String, String)>,
    control: Vec<Vec<(String, String)>>,
    resource_control: Vec<Vec<(String, String)>>,
}

impl CasePolicies {
    fn is_empty(&self) -> bool {
        *self == CasePolicies::default()
    }
}

/// A policy of a case file as (name, text): a `{"name", "document"}` pair, a string holding the
/// text, or the document itself (named as the CLI names it, `default_name`), its text as written
/// in the file with the file's indentation taken off.
fn case_policy(file: &str, v: &Json<'_>, default_name: String) -> (String, String) {
    let pair = v.as_object().filter(|o| o.iter().all(|m| m.key == "name" || m.key == "document"));
    let (name, doc) = match (pair, v.get("document")) {
        (Some(_), Some(doc)) => (v.get("name").and_then(Json::as_str).map_or(default_name, str::to_string), doc),
        _ => (default_name, v),
    };
    let text = match doc.as_str() {
        Some(text) => text.to_string(),
        None => dedent(file.get(doc.span.start..doc.span.end).unwrap_or_default()),
    };
    (name, text)
}

/// A value's text cut from a file: the indentation its lines after the first share (the file's
/// nesting) taken off, so the document reads as if written on its own.
fn dedent(text: &str) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(line.get(common.min(indent(line))..).unwrap_or_default());
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The policies of a case object, by layer.
fn case_policies(file: &str, case: &Json<'_>) -> CasePolicies {
    let list = |field: &str, label: &str| -> Vec<(String, String)> {
        let items = case.get(field).and_then(Json::as_array).unwrap_or_default();
        items.iter().enumerate().map(|(i, d)| case_policy(file, d, format!("{label} {}", i + 1))).collect()
    };
    let levels = |field: &str, label: &str| -> Vec<Vec<(String, String)>> {
        let levels = case.get(field).and_then(Json::as_array).unwrap_or_default();
        levels
            .iter()
            .enumerate()
            .map(|(li, level)| {
                let items = level.as_array().unwrap_or_default();
                items
                    .iter()
                    .enumerate()
                    .map(|(i, d)| case_policy(file, d, format!("{label} level {} #{}", li + 1, i + 1)))
                    .collect()
            })
            .collect()
    };
    let single = |field: &str, label: &str| {
        case.get(field).filter(|v| v.kind != JsonKind::Null).map(|v| case_policy(file, v, label.to_string()))
    };
    CasePolicies {
        identity: list("identity_policies", "identity policy"),
        resource: single("resource_policy", "resource policy"),
        session: single("session_policy", "session policy"),
        boundaries: list("permission_boundaries", "permissions boundary"),
        control: levels("control_policies", "control policy"),
        resource_control: levels("resource_control_policies", "RCP"),
    }
}

/// A case object's request and expectation as a row.
fn case_row(case: &Json<'_>) -> Row {
    let request = case.get("request");
    let field = |name: &str| request.and_then(|r| r.get(name)).and_then(Json::as_str).unwrap_or_default().to_string();
    let context = request
        .and_then(|r| r.get("context"))
        .and_then(Json::as_object)
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let value = match &m.value.kind {
                JsonKind::String(s) => s.to_string(),
                JsonKind::Array(_) => m.value.to_serde().to_string(),
                _ => m.value.scalar_text().unwrap_or_default(),
            };
            (m.key.to_string(), value)
        })
        .collect();
    let form =
        RequestForm { principal: field("principal"), action: field("action"), resource: field("resource"), context };
    let expected = case.get("expected").and_then(Json::as_str).and_then(Decision::from_name);
    Row { request: form, expected: expected.map(|d| d.as_str().to_string()) }
}

/// The case objects of a case file, or the syntax error inside each that has one: the array's
/// elements (read one by one when the whole is not JSON), or the one case object. `Err` when
/// the file as a whole cannot be read.
fn case_values(text: &str) -> Result<Vec<Result<Json<'_>, json::JsonSyntaxError>>, String> {
    match json::parse_limited(text, json::MAX_FILE_BYTES) {
        Ok(parsed) if parsed.wrapped_run.is_some() => {
            Err("several JSON values separated by commas: put the cases in an array, [ ... ]".into())
        }
        Ok(parsed) => match parsed.value.kind {
            JsonKind::Array(items) => Ok(items.into_iter().map(Ok).collect()),
            JsonKind::Object(_) => Ok(vec![Ok(parsed.value)]),
            _ => Err(format!("a case file is a case object or an array of them, not {}", parsed.value.type_name())),
        },
        Err(error) if text.len() > json::MAX_FILE_BYTES => Err(error.to_string()),
        Err(error) => {
            let index = LineIndex::new(text);
            let ranges = json::split::array_elements(text).ok_or_else(|| error.to_string())?;
            Ok(ranges.iter().map(|&(start, end)| json::parse_at(&index, start, end)).collect())
        }
    }
}

/// Adds the cases of a case file to the workspace's table: every case that can be read becomes
/// a row; the policies of the first case that has any become the layers (as library policies,
/// replacing the text of one with the same name), and the workspace takes that case's cloud. A
/// case that cannot be read is reported with its line and column and the others still come in.
/// `Err` when the file as a whole cannot be read (not JSON, not cases).
pub fn import_case_file(workspace: &mut Workspace, text: &str) -> Result<ImportReport, String> {
    let values = case_values(text).map_err(|e| format!("the case file cannot be read: {e}"))?;
    let mut report = ImportReport::default();
    let mut rows = Vec::new();
    let mut taken: Option<(String, CasePolicies)> = None;
    for (i, value) in values.iter().enumerate() {
        let value = match value {
            Ok(value) => value,
            Err(e) => {
                let (line, column) = (e.span.line, e.span.column);
                report.bad.push(BadCase { name: format!("case {}", i + 1), line, column, message: e.message.clone() });
                continue;
            }
        };
        let name = case_name(value, i);
        let dialect = match check_case(value) {
            Ok(dialect) => dialect,
            Err((message, span)) => {
                report.bad.push(BadCase { name, line: span.line, column: span.column, message });
                continue;
            }
        };
        rows.push(case_row(value));
        let policies = case_policies(text, value);
        match &taken {
            None if !policies.is_empty() => {
                // The case's cloud: as it says, else as its principal is written.
                let principal = value.get("request").and_then(|r| r.get("principal")).and_then(Json::as_str);
                let aliyun = dialect.map_or_else(
                    || principal.is_some_and(|p| p.starts_with("acs:") || p.contains(".aliyuncs.com")),
                    |d| d == Dialect::Aliyun,
                );
                workspace.scenario_mut().dialect = Some(if aliyun { "aliyun" } else { "aws" }.to_string());
                taken = Some((name, policies));
            }
            Some((first, p)) if !policies.is_empty() && *p != policies => report
                .notes
                .push(format!("{name:?} has other policies than {first:?}; its row is evaluated with {first:?}'s.")),
            _ => {}
        }
    }
    if let Some((_, policies)) = taken {
        let mut layers = Layers::default();
        let mut put = |(name, text): (String, String)| -> String {
            let doc = DocRef::Library(name.clone());
            match workspace.document(&doc) {
                Some(existing) if *existing.text == *text => {}
                Some(_) if workspace.can_edit(&doc) => {
                    workspace.set_text(&doc, &text);
                    report.notes.push(format!("The text of {name:?} was replaced by the case file's."));
                }
                Some(_) => report.notes.push(format!("{name:?} is a system policy; its text was kept.")),
                None => {
                    let made = workspace.add_policy(&name);
                    workspace.set_text(&DocRef::Library(made), &text);
                }
            }
            report.first_policy.get_or_insert_with(|| name.clone());
            name
        };
        layers.identity = policies.identity.into_iter().map(&mut put).collect();
        layers.resource = policies.resource.map(&mut put);
        layers.session = policies.session.map(&mut put);
        layers.boundaries = policies.boundaries.into_iter().map(&mut put).collect();
        layers.control = policies.control.into_iter().map(|l| l.into_iter().map(&mut put).collect()).collect();
        layers.resource_control =
            policies.resource_control.into_iter().map(|l| l.into_iter().map(&mut put).collect()).collect();
        workspace.requests_mut().layers = layers;
    }
    // A blank row (the starter's) gives way to the imported ones.
    workspace
        .requests_mut()
        .rows
        .retain(|r| !r.request.action.trim().is_empty() || !r.request.resource.trim().is_empty());
    let room = crate::requests::MAX_ROWS.saturating_sub(workspace.requests().rows.len());
    if rows.len() > room {
        report.notes.push(format!(
            "Only {room} of the {} readable cases were added: the table holds {} requests; run larger files with the CLI (policy-playground eval).",
            rows.len(),
            crate::requests::MAX_ROWS
        ));
        rows.truncate(room);
    }
    report.added = rows.len();
    let requests = workspace.requests_mut();
    requests.shown = true;
    requests.rows.extend(rows);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_takes_off_the_files_nesting_only() {
        assert_eq!(dedent("{\n        \"a\": 1\n      }"), "{\n  \"a\": 1\n}");
        assert_eq!(dedent("{\n  \"a\": 1\n}"), "{\n  \"a\": 1\n}");
    }
}
