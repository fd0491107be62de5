//! The saved-state format: what autosave keeps in the browser's localStorage, and what to do with
//! what is found there. The browser crate does the storage calls; this module decides.
//!
//! A saved state that cannot be read is set aside under its own key and reported, never silently
//! dropped.
//!
//! The saved workspace holds its view ([`Snapshot`]); a state saved before views were kept opens
//! with the example's default view. Exported files use the same envelope (see [`read_file`]).

use crate::snapshot::Snapshot;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where the current work is saved.
pub const KEY: &str = "policy-playground/workspace";
/// Prefix of keys holding saved states that could not be read.
pub const SET_ASIDE_PREFIX: &str = "policy-playground/unreadable/";
/// The envelope version.
pub const VERSION: u32 = 1;

/// What is saved: `{"version": 1, "workspace": WORKSPACE AND VIEW}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Saved {
    /// Envelope version.
    pub version: u32,
    /// The workspace and its view.
    pub workspace: Snapshot,
}

/// What reading the saved state found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restored {
    /// Nothing saved yet.
    Nothing,
    /// The saved workspace and its view.
    Workspace(Box<Snapshot>),
    /// Something was saved but cannot be read; it is (to be) moved to `set_aside_key`.
    Unreadable {
        /// Why.
        reason: String,
        /// Where the raw text now is.
        set_aside_key: String,
    },
}

/// Reads a saved text's workspace (without its view).
pub fn parse(text: &str) -> Result<Workspace, String> {
    parse_snapshot(text).map(|s| s.workspace)
}

/// Reads a saved text.
pub fn parse_snapshot(text: &str) -> Result<Snapshot, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("it is not JSON ({e})"))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => return Err(format!("it was saved by a version of the playground with format {v}")),
        None => return Err("it has no format version".into()),
    }
    let saved: Saved = serde_json::from_str(text).map_err(|e| format!("its content is not a workspace ({e})"))?;
    Ok(saved.workspace)
}

/// Serializes a workspace for saving, with the default view.
pub fn serialize(workspace: &Workspace) -> String {
    serialize_snapshot(&Snapshot::of(workspace.clone()))
}

/// Serializes a workspace and its view for saving (and for an exported file).
pub fn serialize_snapshot(snapshot: &Snapshot) -> String {
    #[derive(Serialize)]
    struct SavedRef<'a> {
        version: u32,
        workspace: &'a Snapshot,
    }
    serde_json::to_string(&SavedRef { version: VERSION, workspace: snapshot }).expect("a snapshot serializes")
}

/// Why an imported file could not be read, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The line and column (from 1) of the problem, when it is at one place.
    pub at: Option<(usize, usize)>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "line {line}, column {column}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl From<serde_json::Error> for FileError {
    fn from(e: serde_json::Error) -> FileError {
        // serde_json ends its message with " at line L column C": the position is given apart.
        let text = e.to_string();
        let reason = text.rsplit_once(" at line ").map_or(text.as_str(), |(reason, _)| reason).to_string();
        FileError { at: (e.line() > 0).then(|| (e.line(), e.column())), reason }
    }
}

/// Reads an imported file: an exported workspace (`{"version": 1, "workspace": ...}`) or a
/// scenario file (as the CLI reads it).
pub fn read_file(text: &str) -> Result<Snapshot, FileError> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    if value.get("workspace").is_some() {
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                let reason =
                    format!("it was written with format {v}, which this version of the playground does not know");
                return Err(FileError { at: None, reason });
            }
            None => return Err(FileError { at: None, reason: "it has a workspace but no format version".into() }),
        }
        return Ok(serde_json::from_str::<Saved>(text)?.workspace);
    }
    Ok(Snapshot::of(Workspace::read_scenario(text, None)?))
}

/// The key an unreadable saved state found at `now_ms` (milliseconds since 1970) is moved to.
pub fn set_aside_key(now_ms: u64) -> String {
    format!("{SET_ASIDE_PREFIX}{now_ms}")
}

/// What the text found under [`KEY`] holds, found at `now_ms`: an unreadable one names the key to
/// set it aside under (the caller moves it, and reports [`KEY`] if it could not).
pub fn restore(saved: Option<&str>, now_ms: u64) -> Restored {
    match saved.map(parse_snapshot) {
        None => Restored::Nothing,
        Some(Ok(workspace)) => Restored::Workspace(Box::new(workspace)),
        Some(Err(reason)) => Restored::Unreadable { reason, set_aside_key: set_aside_key(now_ms) },
    }
}
