//! The saved-state format: what autosave keeps in the browser's localStorage, and what to do with
//! what is found there. The browser crate does the storage calls; this module decides.
//!
//! A saved state that cannot be read is set aside under its own key and reported, never silently
//! dropped.

use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};

/// Where the current work is saved.
pub const KEY: &str = "policy-playground/workspace";
/// Where work is kept when a share link replaces it.
pub const BEFORE_SHARE_KEY: &str = "policy-playground/workspace-before-share";
/// Prefix of keys holding saved states that could not be read.
pub const SET_ASIDE_PREFIX: &str = "policy-playground/unreadable/";
/// The envelope version.
pub const VERSION: u32 = 1;

/// What is saved: `{"version": 1, "workspace": WORKSPACE}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// Envelope version.
    pub version: u32,
    /// The workspace.
    pub workspace: Workspace,
}

/// What reading the saved state found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restored {
    /// Nothing saved yet.
    Nothing,
    /// The saved workspace.
    Workspace(Workspace),
    /// Something was saved but cannot be read; it is (to be) moved to `set_aside_key`.
    Unreadable {
        /// Why.
        reason: String,
        /// Where the raw text now is.
        set_aside_key: String,
    },
}

/// Reads a saved text.
pub fn parse(text: &str) -> Result<Workspace, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("it is not JSON ({e})"))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => return Err(format!("it was saved by a version of the playground with format {v}")),
        None => return Err("it has no format version".into()),
    }
    let saved: Saved = serde_json::from_str(text).map_err(|e| format!("its content is not a workspace ({e})"))?;
    Ok(saved.workspace)
}

/// Serializes a workspace for saving.
pub fn serialize(workspace: &Workspace) -> String {
    #[derive(Serialize)]
    struct SavedRef<'a> {
        version: u32,
        workspace: &'a Workspace,
    }
    serde_json::to_string(&SavedRef { version: VERSION, workspace }).expect("a workspace serializes")
}

/// The key an unreadable saved state found at `now_ms` (milliseconds since 1970) is moved to.
pub fn set_aside_key(now_ms: u64) -> String {
    format!("{SET_ASIDE_PREFIX}{now_ms}")
}

/// What the text found under [`KEY`] holds, found at `now_ms`: an unreadable one names the key to
/// set it aside under (the caller moves it, and reports [`KEY`] if it could not).
pub fn restore(saved: Option<&str>, now_ms: u64) -> Restored {
    match saved.map(parse) {
        None => Restored::Nothing,
        Some(Ok(workspace)) => Restored::Workspace(workspace),
        Some(Err(reason)) => Restored::Unreadable { reason, set_aside_key: set_aside_key(now_ms) },
    }
}
