//! Starting again after a panic: the browser re-instantiates the wasm module, and the new app
//! takes over the last autosaved workspace plus the text the editor held (which may include
//! keystrokes typed after the last save, or the one that panicked), and says what happened.
//!
//! The browser side (web/js/recovery.js, web/src/recovery.rs) collects the editor's text and
//! hands it over as a [`Recovery`]; this module decides what the restarted app shows.

use crate::banner::{Banner, BannerKind};
use crate::share;
use crate::startup::Startup;
use crate::state::AppState;
use crate::workspace::{DocRef, Workspace};

/// One editor's document and the text it held when the app panicked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldText {
    /// The document, as the editor names it (its [`DocRef`] as JSON).
    pub doc: String,
    /// The editor's text.
    pub text: String,
}

/// What the browser hands the restarted app: the panic's message and the editors' texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The panic's message.
    pub message: String,
    /// The texts the editors held.
    pub texts: Vec<HeldText>,
}

impl Recovery {
    /// Reads the hand-over as the browser passes it, a list of strings: the message, then each
    /// editor's document and text (`None` without a message; a document without its text is
    /// left out).
    pub fn from_parts(parts: Vec<String>) -> Option<Recovery> {
        let mut parts = parts.into_iter();
        let message = parts.next()?;
        let mut texts = Vec::new();
        while let (Some(doc), Some(text)) = (parts.next(), parts.next()) {
            texts.push(HeldText { doc, text });
        }
        Some(Recovery { message, texts })
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

/// The document of `workspace` the editor calls `id` (its DocRef's JSON, web/src/components/editor.rs).
fn document(workspace: &Workspace, id: &str) -> Option<DocRef> {
    workspace.documents().into_iter().map(|d| d.doc).find(|d| serde_json::to_string(d).is_ok_and(|json| json == id))
}

/// The restarted app's state: `state` (from the saved work) with the editors' texts put back
/// (a document that cannot be edited, or is gone, is left as saved) and a banner saying what
/// happened. The texts are not analysed until the next edit or Ctrl+Enter: the last of them may
/// be what made the engine fail, and analysing it at once would fail again before the person
/// could change it.
pub fn recover(state: AppState, recovery: &Recovery) -> AppState {
    let mut state = state;
    let mut restored = 0;
    for held in &recovery.texts {
        let Some(doc) = document(&state.workspace, &held.doc) else { continue };
        if !state.workspace.can_edit(&doc) || !state.lesson_allows(&doc) {
            continue;
        }
        if state.workspace.document(&doc).is_some_and(|d| *d.text != *held.text) {
            state.workspace.set_text(&doc, &held.text);
            state.revision += 1;
            state.generation += 1;
        }
        restored += 1;
    }
    // The document the person was typing in is the one shown again.
    let shown = recovery.texts.last().and_then(|held| document(&state.workspace, &held.doc));
    if shown.is_some() {
        state.view.open_doc = shown;
    }
    let kept = if restored == recovery.texts.len() && state.stale() {
        "Your workspace and the text in the editor are kept; that text is checked again at your next edit or Ctrl+Enter"
    } else if restored == recovery.texts.len() {
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
