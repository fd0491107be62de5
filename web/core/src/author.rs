//! Author mode: a trainer turns the current workspace into an exercise. The request builder's
//! request becomes a named check with the decision it should have; the workspace, a goal, hints,
//! the documents the learner may edit and the checks become a lesson file (docs/lessons.md),
//! handed out as a download or a lesson link ([`crate::lessons::encode_link`]).
//!
//! The lesson's scenario is the workspace written inline, so it needs no built-in scenario; its
//! reference solution is a state the trainer marked earlier (the fixed version, before breaking it
//! on purpose), written as edits of the editable documents.

use crate::request::RequestForm;
use crate::workspace::{DocRef, Workspace};
use policy_playground::Decision;
use policy_playground::document::{CheckDocument, CheckRequestDocument, ScenarioDocument};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Why a check could not be saved or a lesson could not be exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorError {
    /// The check has no name.
    NoCheckName,
    /// A check with this name already exists (names identify checks in results and grades).
    DuplicateCheck(String),
    /// The request builder lacks a principal or an action: which (`an action`).
    IncompleteRequest(&'static str),
    /// A required field of the lesson form is empty (`title`, `goal`, `hints`).
    Missing(&'static str),
    /// The workspace has no checks to grade with.
    NoChecks,
    /// The solution changes a document the lesson does not let the learner edit.
    SolutionEditsLocked(String),
    /// The solution differs from the workspace in more than document texts (accounts, roles,
    /// attachments), which a solution of document edits cannot express.
    SolutionBeyondDocuments,
    /// The lesson made does not load (a bug, or a workspace the lesson format cannot hold).
    Invalid(String),
}

impl fmt::Display for AuthorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthorError::NoCheckName => write!(f, "give the check a name"),
            AuthorError::DuplicateCheck(name) => {
                write!(f, "there is already a check called {name:?}; choose another name")
            }
            AuthorError::IncompleteRequest(missing) => {
                write!(f, "fill in {missing} in the request builder first")
            }
            AuthorError::Missing(field) => write!(f, "the lesson needs a {field}"),
            AuthorError::NoChecks => write!(f, "the scenario has no checks; save a request as a check first"),
            AuthorError::SolutionEditsLocked(doc) => write!(
                f,
                "the marked solution changes {doc}, which the lesson does not let the learner edit: tick it as editable or mark the solution again"
            ),
            AuthorError::SolutionBeyondDocuments => write!(
                f,
                "the marked solution differs in more than policy texts (accounts, roles or attachments); mark the solution again after making those changes"
            ),
            AuthorError::Invalid(why) => write!(f, "the lesson made from this workspace does not load: {why}"),
        }
    }
}

/// A check asking the request builder's request directly (no chain), expected to be `expected`.
pub fn check_from_request(form: &RequestForm, name: &str, expected: Decision) -> Result<CheckDocument, AuthorError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AuthorError::NoCheckName);
    }
    if let Some(missing) = form.missing() {
        return Err(AuthorError::IncompleteRequest(missing));
    }
    // Inserted one by one: the map's bulk construction would be new code in the wasm.
    let mut context: BTreeMap<String, Value> = BTreeMap::new();
    for (key, value) in form.context.iter().filter(|(k, _)| !k.trim().is_empty()) {
        let value = value.trim();
        // The form's own rule: a value written as a JSON list is multi-valued.
        let value = match serde_json::from_str::<Vec<Value>>(value) {
            Ok(list) if value.starts_with('[') => Value::Array(list),
            _ => Value::String(value.to_string()),
        };
        context.insert(key.trim().to_string(), value);
    }
    let resource = form.resource.trim();
    Ok(CheckDocument {
        backup_account: None,
        chain: None,
        expected: expected.as_str().to_string(),
        from: Some(form.principal.trim().to_string()),
        name: name.to_string(),
        request: Some(CheckRequestDocument {
            action: form.action.trim().to_string(),
            context: (!context.is_empty()).then_some(context),
            resource: (!resource.is_empty()).then(|| resource.to_string()),
            intended_context_keys: Vec::new(),
        }),
    })
}

impl Workspace {
    /// Adds a check to the scenario (last), refusing a name already used.
    pub fn add_check(&mut self, check: CheckDocument) -> Result<(), AuthorError> {
        if self.scenario().checks.iter().flatten().any(|c| c.name == check.name) {
            return Err(AuthorError::DuplicateCheck(check.name));
        }
        self.scenario_mut().checks.get_or_insert_with(Vec::new).push(check);
        Ok(())
    }
}

/// What the trainer types in the export form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonDraft {
    /// The lesson's title.
    pub title: String,
    /// What to achieve, in plain words.
    pub goal: String,
    /// Hints, one per line (blank lines skipped).
    pub hints: String,
    /// The documents the learner may edit, in the order ticked (a list: a map or set of
    /// documents would add its code to the wasm).
    pub editable: Vec<DocRef>,
    /// The reference solution, when the trainer marked one (else the starting state is it).
    pub solution: Option<Workspace>,
}

/// A lesson id from a title: lower case words joined by `-` (`lesson` when nothing is left).
pub fn lesson_id(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() { "lesson".into() } else { words.join("-") }
}

/// The file name offered for the download.
pub fn lesson_file_name(title: &str) -> String {
    format!("{}.json", lesson_id(title))
}

/// A string as JSON.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialize")
}

/// JSON texts as a JSON list.
fn list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(","))
}

/// The lesson file's editable part naming a document (JSON text).
fn editable_part(doc: &DocRef) -> String {
    match doc {
        DocRef::Library(name) => format!("{{\"policy\":{}}}", quoted(name)),
        DocRef::Trust { account, role } => format!("{{\"trust_policy\":{}}}", quoted(&format!("{account}/{role}"))),
        DocRef::Resource(arn) => format!("{{\"resource_policy\":{}}}", quoted(arn)),
    }
}

/// The edit replacing a document's text (JSON text).
fn set_document(doc: &DocRef, text: &str) -> String {
    let (edit, target) = match doc {
        DocRef::Library(name) => ("set_policy", name.clone()),
        DocRef::Trust { account, role } => ("set_trust_policy", format!("{account}/{role}")),
        DocRef::Resource(arn) => ("set_resource_policy", arn.clone()),
    };
    format!("{{\"{edit}\":{},\"document\":{}}}", quoted(&target), quoted(text))
}

/// The scenario without its checks (a lesson's checks replace them).
fn without_checks(scenario: &ScenarioDocument) -> ScenarioDocument {
    ScenarioDocument { checks: None, ..scenario.clone() }
}

/// The solution as edits of the start's documents: every document whose text differs, each one
/// the lesson must let the learner edit.
fn solution_edits(start: &Workspace, draft: &LessonDraft) -> Result<Vec<String>, AuthorError> {
    let Some(solution) = &draft.solution else { return Ok(Vec::new()) };
    let mut rebuilt = start.clone();
    let mut edits = Vec::new();
    for doc in solution.documents() {
        let before = start.document(&doc.doc);
        if before.as_ref().is_some_and(|b| b.text == doc.text) {
            continue;
        }
        if before.is_none() {
            return Err(AuthorError::SolutionBeyondDocuments);
        }
        if !draft.editable.contains(&doc.doc) {
            return Err(AuthorError::SolutionEditsLocked(doc.name));
        }
        edits.push(set_document(&doc.doc, &doc.text));
        rebuilt.set_text(&doc.doc, &doc.text);
    }
    if without_checks(rebuilt.scenario()) != without_checks(solution.scenario()) {
        return Err(AuthorError::SolutionBeyondDocuments);
    }
    Ok(edits)
}

/// The lesson file for `workspace` and the trainer's `draft`, pretty-printed: the workspace inline
/// as the scenario, its checks as the lesson's checks, and `fails_at_start` naming what the
/// starting state fails (found by grading it), so the lesson test accepts the file as written.
pub fn export_lesson(workspace: &Workspace, draft: &LessonDraft) -> Result<String, AuthorError> {
    let title = draft.title.trim();
    let goal = draft.goal.trim();
    let hints: Vec<&str> = draft.hints.lines().map(str::trim).filter(|h| !h.is_empty()).collect();
    for (field, empty) in [("title", title.is_empty()), ("goal", goal.is_empty()), ("hint", hints.is_empty())] {
        if empty {
            return Err(AuthorError::Missing(field));
        }
    }
    let checks = workspace.scenario().checks.as_deref().unwrap_or_default();
    if checks.is_empty() {
        return Err(AuthorError::NoChecks);
    }
    // Written as text with the serializers and the formatter the app already has (building a
    // `serde_json::Value` would add its code to the wasm), fields in the order docs/lessons.md
    // gives them.
    let head = format!(
        "{{\"lesson\":{},\"title\":{},\"goal\":{},\"scenario\":{},\"hints\":{},\"editable\":{},\"checks\":{}",
        quoted(&lesson_id(title)),
        quoted(title),
        quoted(goal),
        serde_json::to_string(&without_checks(workspace.scenario())).expect("a scenario serializes"),
        list(hints.iter().map(|h| quoted(h))),
        list(draft.editable.iter().filter(|d| workspace.can_edit(d)).map(editable_part)),
        serde_json::to_string(&workspace.scenario().checks).expect("checks serialize"),
    );
    let solution = list(solution_edits(workspace, draft)?);
    let text = |fails: &str| {
        let compact = format!("{head}{fails},\"solution\":{solution}}}");
        crate::format::format_json(&compact, "  ").expect("the lesson is written as valid JSON")
    };
    let loaded = crate::lessons::read(&text("")).map_err(AuthorError::Invalid)?;
    let failing: Vec<String> = policy_playground::lesson::grade_start(&loaded)
        .checks
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| quoted(&c.name))
        .collect();
    let fails = if failing.is_empty() { String::new() } else { format!(",\"fails_at_start\":{}", list(failing)) };
    Ok(text(&fails))
}
