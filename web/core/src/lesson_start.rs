//! Starting the page with lessons: the saved lesson progress read (an unreadable one set aside),
//! then the lesson of a lesson link, or the lesson open when the page was left, opened over what
//! [`crate::startup::start_state`] chose, with the learner's saved work on it.

use crate::lesson_mode::{OpenedLesson, Progress};
use crate::lessons;
use crate::workspace::Workspace;
use std::rc::Rc;

/// What reading the saved progress found, and what to tell the person about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoredProgress {
    /// The progress (empty when nothing was saved or it could not be read).
    pub progress: Progress,
    /// The saved text could not be read: why, and the key it is (to be) moved to.
    pub unreadable: Option<(String, String)>,
}

/// Reads the text found under [`PROGRESS_KEY`] at `now_ms` (an unreadable one is set aside under
/// [`crate::storage::set_aside_key`], as unreadable saved work is).
pub fn restore_progress(saved: Option<&str>, now_ms: u64) -> RestoredProgress {
    match saved.map(Progress::parse) {
        None => RestoredProgress { progress: Progress::default(), unreadable: None },
        Some(Ok(progress)) => RestoredProgress { progress, unreadable: None },
        Some(Err(reason)) => RestoredProgress {
            progress: Progress::default(),
            unreadable: Some((reason, crate::storage::set_aside_key(now_ms))),
        },
    }
}

/// The first state with lessons: a lesson link in the fragment opens its lesson; else the lesson
/// open when the page was left opens again (not in an embed, nor over a share link). The
/// person's own work (what [`crate::startup::start_state`] restored) is kept to come back to.
/// `saved_work` reads a lesson's saved work by its key.
pub fn resume(
    start: crate::startup::Start,
    startup: &crate::startup::Startup,
    restored: RestoredProgress,
    saved_work: impl Fn(&str) -> Option<Workspace>,
) -> crate::startup::Start {
    use crate::banner::{Banner, BannerKind};
    use crate::state::Action;
    let mut state = start.state;
    let mut progress = restored.progress;
    if let Some((reason, key)) = &restored.unreadable {
        state.banner.get_or_insert_with(|| {
            Banner::new(
                BannerKind::Warning,
                format!("Your lesson progress could not be read ({reason}). It was set aside under \"{key}\" in this browser's storage."),
            )
        });
    }
    let link = lessons::is_link_fragment(&startup.fragment);
    if startup.embed.is_some() || crate::share::is_share_fragment(&startup.fragment) {
        progress.active = None;
    }
    let opened = if startup.embed.is_some() {
        None
    } else if link {
        match OpenedLesson::from_link(&startup.fragment) {
            Ok(opened) => {
                let words = format!(
                    "Opened the lesson \"{}\" from a link. Your own work is kept, and comes back when you leave the lesson.",
                    opened.lesson.title
                );
                state.banner.get_or_insert_with(|| Banner::new(BannerKind::Info, words));
                Some(opened)
            }
            Err(e) => {
                state.banner = Some(Banner::new(BannerKind::Error, format!("{e}. Your saved work is untouched.")));
                None
            }
        }
    } else {
        progress.active.as_deref().and_then(|key| OpenedLesson::bundled(key).ok())
    };
    if opened.is_none() {
        progress.active = None;
    }
    state.progress = Rc::new(progress);
    let state = match opened {
        Some(opened) => {
            let saved = saved_work(&opened.key);
            let state = Rc::new(state).reduce(Action::OpenLesson(opened.with_saved(saved)));
            Rc::unwrap_or_clone(state)
        }
        None => state,
    };
    crate::startup::Start { state, keep_before_share: start.keep_before_share }
}
