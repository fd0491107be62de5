//! The workspace: the scenario being edited, as a typed [`ScenarioDocument`] (the scenario file's
//! own schema) in which every editable policy document is the text the person typed, so nothing
//! they type is ever lost or reformatted, even when it is not valid JSON.
//!
//! Cloning a workspace copies the scenario's structure (names, references, checks) but shares
//! every document text, so an edit to one document allocates only that document's new text.

use crate::examples;
use crate::requests::Requests;
use policy_playground::document::{AccountDocument, PolicyDocument, ScenarioDocument};
use policy_playground::lesson::model::DocTarget;
use policy_playground::lesson::workspace::with_editor_texts;
use policy_playground::scenario::{resource_policy_name, trust_policy_name};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use std::sync::Arc;

/// Which policy document of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocRef {
    /// A library policy, by name.
    Library(String),
    /// A role's trust policy.
    Trust {
        /// The role's account.
        account: String,
        /// The role's name.
        role: String,
    },
    /// A resource's policy, by ARN.
    Resource(String),
}

impl DocRef {
    /// The document in words for messages ("policy reader", "the trust policy of
    /// 111111111111/app"): the lesson crate's [`DocTarget::describe`], so the page and the
    /// lessons name a document alike.
    pub fn describe(&self) -> String {
        let target = match self {
            DocRef::Library(name) => DocTarget::Policy(name.clone()),
            DocRef::Trust { account, role } => DocTarget::TrustPolicy(format!("{account}/{role}")),
            DocRef::Resource(arn) => DocTarget::ResourcePolicy(arn.clone()),
        };
        target.describe()
    }
}

/// One document, for lists and the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocInfo {
    /// Which document.
    pub doc: DocRef,
    /// The name the engine gives it in explanations.
    pub name: String,
    /// System policies and service-linked roles' trust policies cannot be edited.
    pub read_only: bool,
    /// The text (shared with the workspace, not copied).
    pub text: Arc<str>,
}

/// The scenario being edited and the example it started from.
///
/// A handle: cloning it shares the scenario, and the first change to a shared one copies its
/// structure (not its document texts). Serialized as `{"scenario": SCENARIO FILE, "example": ID}`:
/// the format of saved work and share links (see [`crate::storage`] and [`crate::share`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "WorkspaceFile")]
pub struct Workspace {
    /// The scenario; every library, trust and resource policy in it is [`PolicyDocument::Text`].
    scenario: Rc<ScenarioDocument>,
    /// The example it started from, if any.
    pub example: Option<String>,
    /// The policies-and-requests mode's layers and table (see [`crate::requests`]).
    requests: Rc<Requests>,
}

impl Serialize for Workspace {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WorkspaceRef::of(self, serde_json::Value::Null).serialize(serializer)
    }
}

/// A workspace as written: the scenario, the example (left out without one), the table (left
/// out when empty) and, for a [`crate::snapshot::Snapshot`], its view (left out when null).
/// One writer for both, so a workspace and a snapshot of it cannot drift apart.
#[derive(Serialize)]
pub(crate) struct WorkspaceRef<'a> {
    scenario: &'a ScenarioDocument,
    #[serde(skip_serializing_if = "Option::is_none")]
    example: &'a Option<String>,
    #[serde(skip_serializing_if = "Requests::is_empty")]
    requests: &'a Requests,
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    view: serde_json::Value,
}

impl WorkspaceRef<'_> {
    /// `workspace` with `view` (null for none).
    pub(crate) fn of(workspace: &Workspace, view: serde_json::Value) -> WorkspaceRef<'_> {
        WorkspaceRef { scenario: &workspace.scenario, example: &workspace.example, requests: &workspace.requests, view }
    }
}

/// A workspace as read from saved work or a share link, before its documents become text; for
/// a [`crate::snapshot::Snapshot`], with its view (a workspace ignores it). One reader for both.
#[derive(Deserialize)]
pub(crate) struct WorkspaceFile {
    scenario: ScenarioDocument,
    #[serde(default)]
    example: Option<String>,
    #[serde(default)]
    requests: Requests,
    /// The snapshot's view, unread (null without one).
    #[serde(default)]
    pub(crate) view: serde_json::Value,
}

impl From<WorkspaceFile> for Workspace {
    fn from(file: WorkspaceFile) -> Workspace {
        let mut workspace = Workspace::new(file.scenario, file.example);
        workspace.requests = Rc::new(file.requests.bounded());
        workspace
    }
}

/// A document's text, shared rather than copied (empty for inline JSON, which a workspace does not
/// hold where the editor looks).
fn shared_text(doc: Option<&PolicyDocument>) -> Arc<str> {
    match doc {
        Some(PolicyDocument::Text(text)) => text.clone(),
        _ => Arc::from(""),
    }
}

/// Inline JSON in the compact, sorted form the engine has always been given (session policies
/// are not edited, so they stay JSON).
fn compact(doc: &mut PolicyDocument) {
    if let PolicyDocument::Json(raw) = doc
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(raw.get())
        && let Some(normal) = PolicyDocument::json(&value.to_string())
    {
        *doc = normal;
    }
}

impl Workspace {
    /// A workspace over a scenario: every library, trust and resource policy becomes text.
    pub fn new(scenario: ScenarioDocument, example: Option<String>) -> Workspace {
        let mut scenario = with_editor_texts(scenario);
        for hop in scenario.checks.iter_mut().flatten().flat_map(|c| c.chain.iter_mut().flatten()) {
            if let policy_playground::document::HopDocument::Assume(a) = hop
                && let Some(doc) = &mut a.session_policy
            {
                compact(doc);
            }
        }
        Workspace { scenario: Rc::new(scenario), example, requests: Rc::default() }
    }

    /// Reads a scenario file.
    pub fn from_scenario_text(text: &str, example: Option<&str>) -> Result<Workspace, String> {
        Workspace::read_scenario(text, example).map_err(|e| format!("not a scenario file: {e}"))
    }

    /// Reads a scenario file, with the reader's error (which has the line and column).
    pub fn read_scenario(text: &str, example: Option<&str>) -> Result<Workspace, serde_json::Error> {
        let scenario: ScenarioDocument = serde_json::from_str(text)?;
        Ok(Workspace::new(scenario, example.map(str::to_string)))
    }

    /// A workspace with nothing in it.
    pub fn empty() -> Workspace {
        let scenario =
            ScenarioDocument { scenario: Some("Empty scenario".into()), accounts: Some(vec![]), ..Default::default() };
        Workspace { scenario: Rc::new(scenario), example: None, requests: Rc::default() }
    }

    /// A blank starter of the policies-and-requests mode for a cloud: an empty identity policy
    /// in the identity layer and one row to fill in.
    pub fn starter(dialect: policy_playground::Dialect) -> Workspace {
        let aliyun = dialect == policy_playground::Dialect::Aliyun;
        let title = if aliyun { "Policies and requests (Alibaba Cloud)" } else { "Policies and requests (AWS)" };
        let scenario = ScenarioDocument {
            scenario: Some(title.into()),
            dialect: Some(if aliyun { "aliyun" } else { "aws" }.into()),
            accounts: Some(vec![]),
            ..Default::default()
        };
        let mut workspace = Workspace::new(scenario, None);
        let name = workspace.add_policy("identity policy");
        let requests = workspace.requests_mut();
        requests.shown = true;
        requests.layers.identity.push(name);
        requests.rows.push(crate::requests::Row::new(crate::requests::default_principal(dialect), "", ""));
        workspace
    }

    /// A built-in example, or a blank starter of the policies-and-requests mode.
    pub fn example(id: &str) -> Option<Workspace> {
        if let Some(starter) = examples::starter(id) {
            let mut workspace = Workspace::starter(starter.dialect);
            workspace.example = Some(starter.id.to_string());
            return Some(workspace);
        }
        let e = examples::example(id)?;
        Workspace::from_scenario_text(e.text, Some(e.id)).ok()
    }

    /// Whether it is a built-in example exactly as it comes (nothing to lose by replacing it).
    pub fn is_untouched_example(&self) -> bool {
        // By the engine's text: the scenario's writer is in the app already, a deep comparison is not.
        self.example.as_deref().and_then(Workspace::example).is_some_and(|e| {
            // The policies-and-requests table is work too (a starter's rows, layers typed).
            *e.requests == *self.requests
                && (Rc::ptr_eq(&e.scenario, &self.scenario) || e.to_scenario_text() == self.to_scenario_text())
        })
    }

    /// The scenario.
    pub fn scenario(&self) -> &ScenarioDocument {
        &self.scenario
    }

    /// The scenario to change, copied first if it is shared (its document texts stay shared).
    pub(crate) fn scenario_mut(&mut self) -> &mut ScenarioDocument {
        Rc::make_mut(&mut self.scenario)
    }

    /// The scenario file text the engine reads.
    pub fn to_scenario_text(&self) -> String {
        serde_json::to_string(&*self.scenario).expect("a scenario document serializes")
    }

    /// The policies-and-requests mode's data.
    pub fn requests(&self) -> &Requests {
        &self.requests
    }

    /// The policies-and-requests mode's data to change (copied first if shared).
    pub(crate) fn requests_mut(&mut self) -> &mut Requests {
        Rc::make_mut(&mut self.requests)
    }

    /// The scenario's title.
    pub fn title(&self) -> String {
        self.scenario.scenario.clone().unwrap_or_else(|| "Untitled scenario".into())
    }

    /// The cloud the scenario says it is written for, when it says.
    pub fn declared_dialect(&self) -> Option<policy_playground::Dialect> {
        self.scenario.dialect.as_deref().and_then(policy_playground::Dialect::from_name)
    }

    /// Whether the scenario says it is written for Alibaba Cloud.
    pub fn is_aliyun(&self) -> bool {
        self.scenario.dialect.as_deref() == Some("aliyun")
    }

    /// Every document, library first, then trust policies, then resource policies.
    pub fn documents(&self) -> Vec<DocInfo> {
        let s = &self.scenario;
        let library = s.policies.iter().flatten().map(|p| DocInfo {
            doc: DocRef::Library(p.name.clone()),
            name: p.name.clone(),
            read_only: p.system == Some(true),
            text: shared_text(p.source()),
        });
        let trust = s.roles.iter().flatten().map(|r| DocInfo {
            doc: DocRef::Trust { account: r.account.clone(), role: r.name.clone() },
            name: trust_policy_name(&r.name),
            // A service-linked role's trust policy belongs to the service.
            read_only: r.service_linked.is_some(),
            text: shared_text(Some(&r.trust_policy)),
        });
        let resources = s.resources.iter().flatten().filter_map(|r| {
            let PolicyDocument::Text(text) = r.policy.as_ref()? else { return None };
            Some(DocInfo {
                doc: DocRef::Resource(r.arn.clone()),
                name: resource_policy_name(r.kind.as_deref().unwrap_or("resource"), &r.arn),
                read_only: false,
                text: text.clone(),
            })
        });
        library.chain(trust).chain(resources).collect()
    }

    /// One document.
    pub fn document(&self, doc: &DocRef) -> Option<DocInfo> {
        self.documents().into_iter().find(|d| &d.doc == doc)
    }

    /// The document the engine calls `name` (from an explanation).
    pub fn doc_named(&self, name: &str) -> Option<DocRef> {
        self.documents().into_iter().find(|d| d.name == name).map(|d| d.doc)
    }

    /// Whether a document exists and may be edited.
    pub fn can_edit(&self, doc: &DocRef) -> bool {
        self.document(doc).is_some_and(|d| !d.read_only)
    }

    /// Replaces a document's text. Returns false when the document is read-only or gone.
    pub fn set_text(&mut self, doc: &DocRef, text: &str) -> bool {
        if !self.can_edit(doc) {
            return false;
        }
        let new = PolicyDocument::text(text);
        let s = self.scenario_mut();
        let replaced = match doc {
            DocRef::Library(name) => {
                s.policies.iter_mut().flatten().find(|p| &p.name == name).map(|p| p.text = Some(new))
            }
            DocRef::Trust { account, role } => s
                .roles
                .iter_mut()
                .flatten()
                .find(|r| &r.account == account && &r.name == role)
                .map(|r| r.trust_policy = new),
            DocRef::Resource(arn) => {
                s.resources.iter_mut().flatten().find(|r| &r.arn == arn).map(|r| r.policy = Some(new))
            }
        };
        replaced.is_some()
    }

    /// Accounts as (id, name).
    pub fn accounts(&self) -> Vec<(String, String)> {
        self.scenario
            .accounts
            .iter()
            .flatten()
            .map(|AccountDocument { id, name }| (id.clone(), name.clone().unwrap_or_else(|| id.clone())))
            .collect()
    }

    /// Roles of an account as (name, attached policies, linked service).
    pub fn roles_of(&self, account: &str) -> Vec<(String, Vec<String>, Option<String>)> {
        self.scenario
            .roles
            .iter()
            .flatten()
            .filter(|r| r.account == account)
            .map(|r| (r.name.clone(), r.policies.clone().unwrap_or_default(), r.service_linked.clone()))
            .collect()
    }

    /// Users of an account as (name, attached policies).
    pub fn users_of(&self, account: &str) -> Vec<(String, Vec<String>)> {
        self.scenario
            .users
            .iter()
            .flatten()
            .filter(|u| u.account == account)
            .map(|u| (u.name.clone(), u.policies.clone().unwrap_or_default()))
            .collect()
    }
}
