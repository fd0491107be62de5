//! Autosave in localStorage: the browser side of `policy_playground_app::storage`, which owns the
//! format and decides what to do with what is found (its keys, reader and result are re-exported
//! here, so this module is the whole of storage for the browser).

use crate::browser;
use policy_playground_app::storage;
use policy_playground_app::workspace::Workspace;

pub use policy_playground_app::storage::{BEFORE_SHARE_KEY, KEY, Restored, SET_ASIDE_PREFIX, parse};

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves the workspace. Returns an error message when storage refuses (quota, private mode).
pub fn save(workspace: &Workspace) -> Result<(), String> {
    // A panicked instance's state may be stale: the restarted app's work must not be overwritten.
    if crate::recovery::panicked() {
        return Ok(());
    }
    let storage = local().ok_or("this browser gives the page no local storage")?;
    storage
        .set_item(KEY, &storage::serialize(workspace))
        .map_err(|_| "the browser refused to save (storage full?)".to_string())
}

/// Copies the saved work aside before a share link replaces it.
pub fn keep_before_share() {
    if let Some(storage) = local()
        && let Ok(Some(text)) = storage.get_item(KEY)
    {
        let _ = storage.set_item(BEFORE_SHARE_KEY, &text);
    }
}

/// Reads the saved workspace; an unreadable one is moved aside under a timestamped key (or, when
/// the browser refuses the move, left where it is and reported there).
pub fn restore() -> Restored {
    let Some(storage) = local() else { return Restored::Nothing };
    let Ok(Some(text)) = storage.get_item(KEY) else { return Restored::Nothing };
    match storage::restore(Some(&text), browser::epoch_ms()) {
        Restored::Unreadable { reason, set_aside_key } => {
            let moved = storage.set_item(&set_aside_key, &text).is_ok();
            if moved {
                let _ = storage.remove_item(KEY);
            }
            Restored::Unreadable { reason, set_aside_key: if moved { set_aside_key } else { KEY.to_string() } }
        }
        found => found,
    }
}
