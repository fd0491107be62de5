//! Case files (the CLI's `eval` format) to and from the policies-and-requests table: export
//! writes one case per row with every layer's policies; import reads each case on its own, so a
//! case that cannot be read is reported with its line and column and the others still come in.

use crate::request::RequestForm;
use crate::requests::{Layers, Requests, Row};
use crate::workspace::{DocRef, Workspace};
use policy_playground::Dialect;
use policy_playground::case::CaseError;
use policy_playground::diagnostic::Diagnostic;
use policy_playground::json::{Json, JsonKind};
use policy_playground::shape::{CaseShape, CaseValues, PolicySource, RawPolicy, case_name, case_values};
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

/// A case of a case file that could not be read: its name and why (the batch reader's error,
/// with where).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCase {
    /// The case's name (or `case N`).
    pub name: String,
    /// What is wrong, as the CLI says it.
    pub error: CaseError,
}

impl fmt::Display for BadCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let span = self.error.span();
        write!(f, "{} (line {}, column {}): {}", self.name, span.line, span.column, why(&self.error))
    }
}

/// What is wrong and what to do ("message (help)"), as the CLI writes a case file's error after
/// its position. (Not the error's `Display`, which would add a second copy of this to the
/// page's wasm.)
fn why(error: &CaseError) -> String {
    let mut text = error.message();
    if let Some(help) = error.help() {
        text.push_str(" (");
        text.push_str(&help);
        text.push(')');
    }
    text
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

/// A policy of a case file as (name, text): a string's text, or the document's text as written
/// in the file with the file's indentation taken off.
fn case_policy(file: &str, raw: RawPolicy<'_, '_>) -> (String, String) {
    let text = match raw.doc {
        PolicySource::Text(text) => text.to_string(),
        PolicySource::Json(doc) => dedent(file.get(doc.span.start..doc.span.end).unwrap_or_default()),
    };
    (raw.name, text)
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

/// The policies of a case, by layer.
fn case_policies(file: &str, shape: CaseShape<'_, '_>) -> CasePolicies {
    let one = |raw: RawPolicy<'_, '_>| case_policy(file, raw);
    let list = |raws: Vec<RawPolicy<'_, '_>>| {
        let mut list = Vec::with_capacity(raws.len());
        for raw in raws {
            list.push(one(raw));
        }
        list
    };
    let levels = |raws: Vec<Vec<RawPolicy<'_, '_>>>| {
        let mut levels = Vec::with_capacity(raws.len());
        for level in raws {
            levels.push(list(level));
        }
        levels
    };
    CasePolicies {
        identity: list(shape.identity),
        resource: shape.resource_policy.map(one),
        session: shape.session.map(one),
        boundaries: list(shape.boundaries),
        control: levels(shape.control),
        resource_control: levels(shape.resource_control),
    }
}

/// A case's request and expectation as a row (a context value that is a list stays a JSON
/// list; null values are left out, as the evaluation leaves them out).
fn case_row(case: &Json<'_>, shape: &CaseShape<'_, '_>) -> Row {
    let context = case
        .get("request")
        .and_then(|r| r.get("context"))
        .and_then(Json::as_object)
        .unwrap_or_default()
        .iter()
        .filter(|m| m.value.kind != JsonKind::Null)
        .map(|m| {
            let value = match &m.value.kind {
                JsonKind::String(s) => s.to_string(),
                JsonKind::Array(_) => m.value.to_serde().to_string(),
                _ => m.value.scalar_text().unwrap_or_default(),
            };
            (m.key.to_string(), value)
        })
        .collect();
    let form = RequestForm {
        principal: shape.principal.to_string(),
        action: shape.action.to_string(),
        resource: shape.resource.unwrap_or_default().to_string(),
        context,
    };
    Row { request: form, expected: shape.expected.map(|d| d.as_str().to_string()) }
}

/// Adds the cases of a case file to the workspace's table: every case that can be read becomes
/// a row; the policies of the first case that has any become the layers (as library policies,
/// replacing the text of one with the same name), and the workspace takes that case's cloud. A
/// case that cannot be read is reported with its line and column and the others still come in.
/// `Err` when the file as a whole cannot be read (not JSON, not cases).
pub fn import_case_file(workspace: &mut Workspace, text: &str) -> Result<ImportReport, String> {
    let values = match case_values(text).map_err(|e| {
        let span = e.span();
        format!("the case file cannot be read: line {}, column {}: {}", span.line, span.column, why(&e))
    })? {
        CaseValues::Array(values) => values,
        CaseValues::One(value) => vec![Ok(value)],
    };
    let mut report = ImportReport::default();
    let mut rows = Vec::new();
    let mut taken: Option<(String, CasePolicies)> = None;
    for (i, value) in values.iter().enumerate() {
        let value = match value {
            Ok(value) => value,
            Err(e) => {
                report.bad.push(BadCase { name: format!("case {}", i + 1), error: CaseError::Json(e.clone()) });
                continue;
            }
        };
        let shape = match CaseShape::read(value, i) {
            Ok(shape) => shape,
            Err(error) => {
                report.bad.push(BadCase { name: case_name(value, i), error });
                continue;
            }
        };
        rows.push(case_row(value, &shape));
        let (name, aliyun) = (shape.name.clone(), shape.detection.dialect == Dialect::Aliyun);
        let policies = case_policies(text, shape);
        match &taken {
            None if !policies.is_empty() => {
                // The case's cloud, as the CLI decides it.
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
