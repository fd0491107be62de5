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

use crate::predict::Predictions;
use crate::request::RequestForm;
use crate::workspace::{DocRef, Workspace};
use policy_playground::document::ScenarioDocument;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the person was looking at, by name (not position), so that it survives edits made since.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavedView {
    /// The document in the editor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<DocRef>,
    /// The check shown, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// The active "what breaks" mutations, by id.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub toggles: BTreeSet<String>,
    /// The request builder's request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestForm>,
    /// Predict first: the switch and the answers given.
    #[serde(default, skip_serializing_if = "Predictions::is_off")]
    pub predict: Predictions,
}

impl SavedView {
    /// Whether it holds nothing (the example's default view is shown).
    pub fn is_empty(&self) -> bool {
        *self == SavedView::default()
    }
}

/// A workspace and its view: what is saved, shared, exported and imported.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "SnapshotFile")]
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
        #[derive(Serialize)]
        struct SnapshotRef<'a> {
            scenario: &'a ScenarioDocument,
            #[serde(skip_serializing_if = "Option::is_none")]
            example: &'a Option<String>,
            #[serde(skip_serializing_if = "SavedView::is_empty")]
            view: &'a SavedView,
        }
        SnapshotRef { scenario: self.workspace.scenario(), example: &self.workspace.example, view: &self.view }
            .serialize(serializer)
    }
}

/// A snapshot as read, before its documents become text.
#[derive(Deserialize)]
struct SnapshotFile {
    scenario: ScenarioDocument,
    #[serde(default)]
    example: Option<String>,
    #[serde(default)]
    view: SavedView,
}

impl From<SnapshotFile> for Snapshot {
    fn from(file: SnapshotFile) -> Snapshot {
        Snapshot { workspace: Workspace::new(file.scenario, file.example), view: file.view }
    }
}
