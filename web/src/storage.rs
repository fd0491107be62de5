//! Autosave and named workspaces in localStorage: the browser side of
//! `policy_playground_app::storage` and `policy_playground_app::workspaces`, which own the
//! formats, the keys and the decisions (their keys, reader and result are re-exported here, so
//! this module is the whole of storage for the browser).

use crate::browser;
use policy_playground_app::snapshot::Snapshot;
use policy_playground_app::storage;
use policy_playground_app::workspaces::{INDEX_KEY, WorkspaceList, slot_key};

pub use policy_playground_app::storage::{KEY, Restored, SET_ASIDE_PREFIX, parse};

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Saves the current workspace and its view. Returns an error message when storage refuses
/// (quota, private mode).
pub fn save(snapshot: &Snapshot) -> Result<(), String> {
    // A panicked instance's state may be stale: the restarted app's work must not be overwritten.
    if crate::recovery::panicked() {
        return Ok(());
    }
    let storage = local().ok_or("this browser gives the page no local storage")?;
    storage
        .set_item(KEY, &storage::serialize_snapshot(snapshot))
        .map_err(|_| "the browser refused to save (storage full?)".to_string())
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

/// The saved list of named workspaces (empty when there is none). One that cannot be read is set
/// aside like unreadable saved work, and the list starts again; the workspaces' own texts stay
/// under their keys.
pub fn read_list() -> WorkspaceList {
    let Some(storage) = local() else { return WorkspaceList::default() };
    let Ok(Some(text)) = storage.get_item(INDEX_KEY) else { return WorkspaceList::default() };
    WorkspaceList::parse(&text).unwrap_or_else(|_| {
        if storage.set_item(&storage::set_aside_key(browser::epoch_ms()), &text).is_ok() {
            let _ = storage.remove_item(INDEX_KEY);
        }
        WorkspaceList::default()
    })
}

/// `list` with an entry for saved work that no entry names (work saved before named workspaces,
/// or whose list was unreadable and set aside), made current, so that a share or example link
/// opened now moves it to a key of its own instead of writing over it.
pub fn adopt_unlisted_work(mut list: WorkspaceList) -> WorkspaceList {
    let Some(storage) = local() else { return list };
    if list.current.is_some() {
        return list;
    }
    let Ok(Some(text)) = storage.get_item(KEY) else { return list };
    let name = storage::parse_snapshot(&text).map_or_else(|_| "Previous work".to_string(), |s| s.workspace.title());
    list.create(&name);
    let _ = storage.set_item(INDEX_KEY, &list.serialize());
    list
}

/// Reads a workspace that is not current.
pub fn read_slot(id: &str, name: &str) -> Result<Snapshot, String> {
    let storage = local().ok_or("this browser gives the page no local storage")?;
    let text = storage
        .get_item(&slot_key(id))
        .ok()
        .flatten()
        .ok_or_else(|| format!("the workspace \"{name}\" has nothing saved in this browser"))?;
    storage::parse_snapshot(&text).map_err(|reason| format!("the workspace \"{name}\" cannot be read: {reason}"))
}

/// Keeps storage in step with the list after the reducer changed it from `was` (as last saved):
/// the work that was current (still saved under [`KEY`]) moves to its own key, the new current
/// one leaves its key (it is saved under [`KEY`] next), deleted workspaces' texts go, and the list
/// is saved.
pub fn sync_list(was: &WorkspaceList, list: &WorkspaceList) -> Result<(), String> {
    let storage = local().ok_or("this browser gives the page no local storage")?;
    let refused = |_| "the browser refused to save the list of workspaces (storage full?)".to_string();
    if was.current != list.current
        && let Some(old) = was.current.as_deref().filter(|id| list.entry(id).is_some())
        && let Ok(Some(text)) = storage.get_item(KEY)
    {
        storage.set_item(&slot_key(old), &text).map_err(refused)?;
    }
    if let Some(current) = &list.current {
        let _ = storage.remove_item(&slot_key(current));
    }
    for gone in was.entries.iter().filter(|e| list.entry(&e.id).is_none()) {
        let _ = storage.remove_item(&slot_key(&gone.id));
    }
    storage.set_item(INDEX_KEY, &list.serialize()).map_err(refused)
}
