//! The lesson mode's effects: the learner's work on the open lesson saved after every change,
//! the progress saved when it changes, and the page's address kept in step with the lesson.

use crate::browser;
use crate::lesson_storage;
use crate::store::Dispatch;
use policy_playground_app::banner::Banner;
use policy_playground_app::lesson_mode::Progress;
use policy_playground_app::state::Action;
use policy_playground_app::workspace::Workspace;
use std::rc::Rc;
use yew::prelude::*;

/// Saves the workspace as the open lesson's work after every change (the person's own work stays
/// where the main autosave keeps it); a refusal is reported in the banner.
#[hook]
pub fn use_lesson_autosave(lesson_key: Option<String>, workspace: Workspace, revision: u64, dispatch: Dispatch) {
    use_effect_with((lesson_key, revision), move |(key, _)| {
        if let Some(key) = key
            && let Err(e) = lesson_storage::save_work(key, &workspace)
        {
            dispatch.dispatch(Action::ShowBanner(Banner::save_failed(&e)));
        }
    });
}

/// Saves the lesson progress whenever it changes, unless `enabled` is false (an embed leaves the
/// progress of the full playground alone).
#[hook]
pub fn use_progress_save(progress: Rc<Progress>, enabled: bool, dispatch: Dispatch) {
    use_effect_with((progress, enabled), move |(progress, enabled)| {
        if *enabled && let Err(e) = lesson_storage::save_progress(progress) {
            dispatch.dispatch(Action::ShowBanner(Banner::save_failed(&e)));
        }
    });
}

/// Takes a lesson link out of the address once its lesson is left, so a reload does not open it
/// again.
#[hook]
pub fn use_lesson_address(from_link: Option<bool>) {
    use_effect_with(from_link, move |from_link| {
        if from_link.is_none() {
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            if policy_playground_app::lessons::is_link_fragment(&hash) {
                browser::replace_address(&browser::address_without_fragment());
            }
        }
    });
}
