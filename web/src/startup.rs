//! The page's start: its address read, then the first state made from it and the saved work.

use crate::lesson_storage;
use crate::storage;
use policy_playground_app::lesson_start;
use policy_playground_app::startup::{Startup, start_state, with_workspaces};
use policy_playground_app::state::AppState;

/// Reads the page's address.
pub fn from_location() -> Startup {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return Startup::default() };
    Startup::parse(&location.hash().unwrap_or_default(), &location.search().unwrap_or_default())
}

/// The first state, with the storage work it needs done (saved work read, set aside when
/// unreadable; outside an embed, the named workspaces, a share link opening in one of its own),
/// then the lesson of a lesson link or the lesson open when the page was left, with the
/// learner's progress and work on it.
pub fn start(startup: &Startup) -> AppState {
    let start = start_state(startup, storage::restore);
    let resumed = lesson_start::resume(start, startup, lesson_storage::restore_progress(), lesson_storage::read_work);
    if startup.embed.is_some() {
        return resumed.state;
    }
    with_workspaces(resumed, storage::adopt_unlisted_work(storage::read_list()))
}
