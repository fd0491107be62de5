//! Autosave in localStorage. A saved state that cannot be read is set aside under its own key
//! and reported, never silently dropped.

use crate::model::Workspace;
use serde::{Deserialize, Serialize};

/// Where the current work is saved.
pub const KEY: &str = "policy-playground/workspace";
/// Where work is kept when a share link replaces it.
pub const BEFORE_SHARE_KEY: &str = "policy-playground/workspace-before-share";
/// Prefix of keys holding saved states that could not be read.
pub const SET_ASIDE_PREFIX: &str = "policy-playground/unreadable/";
/// The envelope version.
pub const VERSION: u32 = 1;

/// What is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Envelope version.
    pub version: u32,
    /// The workspace.
    pub workspace: Workspace,
}

/// What reading the saved state found.
#[derive(Debug, Clone, PartialEq)]
pub enum Restored {
    /// Nothing saved yet.
    Nothing,
    /// The saved workspace.
    Workspace(Workspace),
    /// Something was saved but cannot be read; it was moved to `set_aside_key`.
    Unreadable {
        /// Why.
        reason: String,
        /// Where the raw text now is.
        set_aside_key: String,
    },
}

/// Reads a saved text (pure: the caller does the storage I/O).
pub fn parse(text: &str) -> Result<Workspace, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("it is not JSON ({e})"))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => return Err(format!("it was saved by a version of the playground with format {v}")),
        None => return Err("it has no format version".into()),
    }
    let saved: Saved = serde_json::from_value(value).map_err(|e| format!("its content is not a workspace ({e})"))?;
    if !saved.workspace.scenario.is_object() {
        return Err("its scenario is not an object".into());
    }
    Ok(saved.workspace)
}

/// Serializes a workspace for saving.
pub fn serialize(workspace: &Workspace) -> String {
    serde_json::to_string(&Saved { version: VERSION, workspace: workspace.clone() }).expect("serializes")
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves the workspace. Returns an error message when storage refuses (quota, private mode).
pub fn save(workspace: &Workspace) -> Result<(), String> {
    let storage = local().ok_or("this browser gives the page no local storage")?;
    storage.set_item(KEY, &serialize(workspace)).map_err(|_| "the browser refused to save (storage full?)".to_string())
}

/// Copies the saved work aside before a share link replaces it.
pub fn keep_before_share() {
    if let Some(storage) = local()
        && let Ok(Some(text)) = storage.get_item(KEY)
    {
        let _ = storage.set_item(BEFORE_SHARE_KEY, &text);
    }
}

/// Reads the saved workspace; an unreadable one is moved aside under a timestamped key.
pub fn restore() -> Restored {
    let Some(storage) = local() else { return Restored::Nothing };
    let Ok(Some(text)) = storage.get_item(KEY) else { return Restored::Nothing };
    match parse(&text) {
        Ok(workspace) => Restored::Workspace(workspace),
        Err(reason) => {
            let key = format!("{SET_ASIDE_PREFIX}{}", js_sys::Date::now() as u64);
            let moved = storage.set_item(&key, &text).is_ok();
            if moved {
                let _ = storage.remove_item(KEY);
            }
            Restored::Unreadable { reason, set_aside_key: if moved { key } else { KEY.to_string() } }
        }
    }
}
