//! The workspace file: the scenario and what the person was looking at (open document, shown
//! check, "what breaks" toggles, the request builder's request, predict-first answers). The one
//! format of autosave, share links and exported files.
//!
//! `{"scenario": SCENARIO FILE, "example": ID, "view": VIEW}`. Every part but the scenario is
//! optional and left out when empty, so files written before the view existed still open (with
//! the example's default view), and adding a part is one field with `serde(default)` and
//! `skip_serializing_if`.
//!
//! What a file names is untrusted: [`crate::state::AppState::open`] checks every name against the
//! workspace, falls back where one is unknown, and says what it could not restore.

use crate::predict::{Guess, Predictions};
use crate::request::RequestForm;
use crate::workspace::{DocRef, Workspace, WorkspaceFile, WorkspaceRef};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// What the person was looking at, by name (not position), so that it survives edits made since.
///
/// Read and written through `serde_json::Value` by hand, in the very format the serde derives of
/// [`DocRef`], [`RequestForm`] and [`Predictions`] write (tests/share_roundtrip.rs checks
/// against them), rather than by those derives: measured on the page's release wasm
/// (2026-11-28), reading the three parts with their derived readers (`T::deserialize(&Value)`)
/// made it 2,950 bytes gzipped larger, and writing them with `serde_json::to_value` 144 bytes
/// gzipped larger (2,200 bytes smaller raw); the page has ~2 KB gzipped left under its budget.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedView {
    /// The document in the editor.
    pub doc: Option<DocRef>,
    /// The check shown, by name.
    pub check: Option<String>,
    /// The active "what breaks" mutations, by id.
    pub toggles: BTreeSet<String>,
    /// The request builder's request.
    pub request: Option<RequestForm>,
    /// Predict first: the switch and the answers given.
    pub predict: Predictions,
    /// Parts of a saved view that were there but could not be read (shown in a warning).
    pub unreadable: Vec<&'static str>,
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn doc_from(v: &Value) -> Option<DocRef> {
    let (kind, body) = v.as_object()?.iter().next()?;
    match kind.as_str() {
        "Library" => Some(DocRef::Library(text(body)?)),
        "Resource" => Some(DocRef::Resource(text(body)?)),
        "Trust" => Some(DocRef::Trust { account: text(body.get("account")?)?, role: text(body.get("role")?)? }),
        _ => None,
    }
}

/// A one-member object (`json!` would add a generic writer per value type to the wasm).
fn member(key: &str, value: Value) -> Value {
    Value::Object(Map::from_iter([(key.to_string(), value)]))
}

fn doc_to(doc: &DocRef) -> Value {
    let text = |t: &str| Value::String(t.to_string());
    match doc {
        DocRef::Library(name) => member("Library", text(name)),
        DocRef::Resource(arn) => member("Resource", text(arn)),
        DocRef::Trust { account, role } => {
            let mut trust = Map::new();
            trust.insert("account".into(), text(account));
            trust.insert("role".into(), text(role));
            member("Trust", Value::Object(trust))
        }
    }
}

fn pair(v: &Value) -> Option<(String, String)> {
    match v.as_array()?.as_slice() {
        [a, b] => Some((text(a)?, text(b)?)),
        _ => None,
    }
}

fn request_from(v: &Value) -> Option<RequestForm> {
    let field = |k: &str| v.get(k).map_or(Some(String::new()), text);
    let context = match v.get("context") {
        None => Vec::new(),
        Some(rows) => rows.as_array()?.iter().map(pair).collect::<Option<_>>()?,
    };
    Some(RequestForm {
        principal: field("principal")?,
        action: field("action")?,
        resource: field("resource")?,
        context,
    })
}

fn predict_from(v: &Value) -> Option<Predictions> {
    let on = v.get("on").map_or(Some(false), Value::as_bool)?;
    let guesses = match v.get("guesses") {
        None => Vec::new(),
        Some(list) => list
            .as_array()?
            .iter()
            .map(|g| {
                let (check, guess) = pair(g)?;
                let guess = match guess.as_str() {
                    "allow" => Guess::Allow,
                    "deny" => Guess::Deny,
                    _ => return None,
                };
                Some((check, guess))
            })
            .collect::<Option<_>>()?,
    };
    Some(Predictions { on, guesses })
}

impl SavedView {
    /// Whether it holds nothing (the example's default view is shown).
    pub fn is_empty(&self) -> bool {
        *self == SavedView::default()
    }

    /// Reads a saved view. Untrusted: a part of the wrong shape is left out and named in
    /// [`SavedView::unreadable`]; unknown members are ignored (a later version may add some).
    pub fn from_value(value: &Value) -> SavedView {
        let mut view = SavedView::default();
        let Some(object) = value.as_object() else {
            if !value.is_null() {
                view.unreadable.push("the view");
            }
            return view;
        };
        let mut read = |name: &'static str, ok: bool| {
            if !ok {
                view.unreadable.push(name);
            }
        };
        let doc = object.get("doc").map(doc_from);
        read("the open document", doc.as_ref().is_none_or(Option::is_some));
        let check = object.get("check").map(text);
        read("the shown check", check.as_ref().is_none_or(Option::is_some));
        let toggles = object.get("toggles").map(|t| t.as_array().and_then(|a| a.iter().map(text).collect()));
        read("the \"what breaks\" toggles", toggles.as_ref().is_none_or(Option::is_some));
        let request = object.get("request").map(request_from);
        read("the request", request.as_ref().is_none_or(Option::is_some));
        let predict = object.get("predict").map(predict_from);
        read("the predictions", predict.as_ref().is_none_or(Option::is_some));
        view.doc = doc.flatten();
        view.check = check.flatten();
        view.toggles = toggles.flatten().unwrap_or_default();
        view.request = request.flatten();
        view.predict = predict.flatten().unwrap_or_default();
        view
    }

    /// The view as saved: only the parts that differ from the default.
    pub fn to_value(&self) -> Value {
        let text = |t: &str| Value::String(t.to_string());
        let pair = |a: &str, b: &str| Value::Array(vec![text(a), text(b)]);
        let mut object = Map::new();
        if let Some(doc) = &self.doc {
            object.insert("doc".into(), doc_to(doc));
        }
        if let Some(check) = &self.check {
            object.insert("check".into(), text(check));
        }
        if !self.toggles.is_empty() {
            object.insert("toggles".into(), Value::Array(self.toggles.iter().map(|t| text(t)).collect()));
        }
        if let Some(r) = &self.request {
            let mut request = Map::new();
            request.insert("principal".into(), text(&r.principal));
            request.insert("action".into(), text(&r.action));
            request.insert("resource".into(), text(&r.resource));
            request.insert("context".into(), Value::Array(r.context.iter().map(|(k, v)| pair(k, v)).collect()));
            object.insert("request".into(), Value::Object(request));
        }
        if !self.predict.is_off() {
            let guesses =
                self.predict.guesses.iter().map(|(c, g)| pair(c, if *g == Guess::Allow { "allow" } else { "deny" }));
            let mut predict = Map::new();
            predict.insert("on".into(), Value::Bool(self.predict.on));
            predict.insert("guesses".into(), Value::Array(guesses.collect()));
            object.insert("predict".into(), Value::Object(predict));
        }
        Value::Object(object)
    }
}

/// A workspace and its view: what is saved, shared, exported and imported.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "WorkspaceFile")]
pub struct Snapshot {
    /// The scenario being edited and the example it started from.
    pub workspace: Workspace,
    /// What the person was looking at.
    pub view: SavedView,
}

impl Snapshot {
    /// A workspace with the default view.
    pub fn of(workspace: Workspace) -> Snapshot {
        Snapshot { workspace, view: SavedView::default() }
    }
}

impl Serialize for Snapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = if self.view.is_empty() { Value::Null } else { self.view.to_value() };
        WorkspaceRef::of(&self.workspace, view).serialize(serializer)
    }
}

impl From<WorkspaceFile> for Snapshot {
    fn from(mut file: WorkspaceFile) -> Snapshot {
        let view = SavedView::from_value(&std::mem::take(&mut file.view));
        Snapshot { workspace: Workspace::from(file), view }
    }
}
