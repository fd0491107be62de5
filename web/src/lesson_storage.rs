//! Lesson progress and each lesson's work in localStorage: the browser side of
//! `policy_playground_app::lesson_mode`, which owns the formats and the keys. The person's own
//! work (`storage::KEY`) is never written here.

use crate::browser;
use policy_playground_app::lesson_mode::{PROGRESS_KEY, Progress, work_key};
use policy_playground_app::lesson_start::{self, RestoredProgress};
use policy_playground_app::storage;
use policy_playground_app::workspace::Workspace;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the saved progress; an unreadable one is moved aside under a timestamped key (or, when
/// the browser refuses the move, left where it is and reported there).
pub fn restore_progress() -> RestoredProgress {
    let Some(storage) = local() else { return lesson_start::restore_progress(None, 0) };
    let text = storage.get_item(PROGRESS_KEY).ok().flatten();
    let mut restored = lesson_start::restore_progress(text.as_deref(), browser::epoch_ms());
    if let (Some(text), Some((_, key))) = (&text, &mut restored.unreadable) {
        if storage.set_item(key, text).is_ok() {
            let _ = storage.remove_item(PROGRESS_KEY);
        } else {
            *key = PROGRESS_KEY.to_string();
        }
    }
    restored
}

/// Saves the progress. Returns an error message when storage refuses (quota, private mode).
pub fn save_progress(progress: &Progress) -> Result<(), String> {
    // A panicked instance's state may be stale: the restarted app's work must not be overwritten.
    if crate::recovery::panicked() {
        return Ok(());
    }
    let storage = local().ok_or("this browser gives the page no local storage")?;
    storage
        .set_item(PROGRESS_KEY, &progress.serialize())
        .map_err(|_| "the browser refused to save the lesson progress (storage full?)".to_string())
}

/// The learner's saved work on the lesson with this key (nothing when none is saved or it cannot
/// be read: the lesson then starts from its starting state, and the unreadable text stays).
pub fn read_work(lesson_key: &str) -> Option<Workspace> {
    let text = local()?.get_item(&work_key(lesson_key)).ok().flatten()?;
    storage::parse(&text).ok()
}

/// Saves the learner's work on a lesson, in the format of saved work.
pub fn save_work(lesson_key: &str, workspace: &Workspace) -> Result<(), String> {
    // A panicked instance's state may be stale: the restarted app's work must not be overwritten.
    if crate::recovery::panicked() {
        return Ok(());
    }
    let storage = local().ok_or("this browser gives the page no local storage")?;
    storage
        .set_item(&work_key(lesson_key), &storage::serialize(workspace))
        .map_err(|_| "the browser refused to save your work on the lesson (storage full?)".to_string())
}
