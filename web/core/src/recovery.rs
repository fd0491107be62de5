//! Starting again after a panic: the browser re-instantiates the wasm module, and the new app
//! takes over the last autosaved workspace plus the text the editor held (which may include
//! keystrokes typed after the last save, or the one that panicked), and says what happened.
//!
//! The browser side (web/js/recovery.js, web/src/recovery.rs) collects the editor's text and
//! hands it over as [`Recovery`]'s JSON; this module decides what the restarted app shows.

use crate::banner::{Banner, BannerKind};
use crate::share;
use crate::startup::Startup;
use crate::state::{Action, AppState};
use crate::workspace::DocRef;
use serde::Deserialize;
use std::rc::Rc;

/// One editor's document and the text it held when the app panicked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HeldText {
    /// The document, as the editor names it (a [`DocRef`] in JSON).
    pub doc: String,
    /// The editor's text.
    pub text: String,
}

/// What the browser hands the restarted app: the panic's message and the editors' texts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Recovery {
    /// The panic's message.
    pub message: String,
    /// The texts the editors held.
    #[serde(default)]
    pub texts: Vec<HeldText>,
}

impl Recovery {
    /// Reads what the browser handed over (`None` when it is not a recovery: a hand-over written
    /// by another version is ignored rather than trusted).
    pub fn parse(json: &str) -> Option<Recovery> {
        serde_json::from_str(json).ok()
    }
}

/// What a restarted app opens: the saved work rather than the share link or example in the
/// address, which the person had already opened and perhaps changed (an embed, which saves
/// nothing, opens its address again).
pub fn restart_startup(startup: &Startup) -> Startup {
    if startup.embed.is_some() {
        return startup.clone();
    }
    let fragment = if share::is_share_fragment(&startup.fragment) { String::new() } else { startup.fragment.clone() };
    Startup { fragment, example: None, embed: None }
}

/// The restarted app's state: `state` (from the saved work) with the editors' texts put back
/// (each as an edit of its document, so a document that cannot be edited, or is gone, is left
/// as saved) and a banner saying what happened.
pub fn recover(state: AppState, recovery: &Recovery) -> AppState {
    let mut state = Rc::new(state);
    let mut restored = 0;
    for held in &recovery.texts {
        let Ok(doc) = serde_json::from_str::<DocRef>(&held.doc) else { continue };
        let same = state.workspace.document(&doc).is_some_and(|d| *d.text == *held.text);
        let next = Rc::clone(&state).reduce(Action::ReplaceText(doc, held.text.clone()));
        if same || !Rc::ptr_eq(&next, &state) {
            restored += 1;
        }
        state = next;
    }
    let mut state = Rc::unwrap_or_clone(state);
    let kept = if restored == recovery.texts.len() {
        "Your workspace and the text in the editor are kept"
    } else {
        "Your saved workspace is kept, but the editor's text could not be put back"
    };
    state.banner = Some(Banner::new(
        BannerKind::Error,
        format!(
            "Something went wrong inside the playground ({}), so it restarted. {kept}; you can go on.",
            recovery.message
        ),
    ));
    state
}
