//! What the page starts with: a share link, the saved work, an example, and embed options, read
//! from the URL's fragment and query string (given as text: the browser crate reads them).

use crate::banner::{Banner, BannerKind};
use crate::embed::{self, Embed};
use crate::share;
use crate::snapshot::Snapshot;
use crate::state::{Action, AppState};
use crate::storage::Restored;
use crate::workspace::Workspace;
use crate::workspaces::WorkspaceList;
use std::rc::Rc;

/// Everything read from the URL at start.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Startup {
    /// The URL fragment without `#` (a share link).
    pub fragment: String,
    /// `?example=ID`.
    pub example: Option<String>,
    /// `?embed=1&panels=...&check=...` (see [`crate::embed`]).
    pub embed: Option<Embed>,
}

/// Decodes one component of a query string (`+` is a space, `%XX` a byte), as the browser's
/// `URLSearchParams` does.
fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first value of `key` in a query string (with or without its leading `?`).
pub fn query_param(search: &str, key: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').filter(|pair| !pair.is_empty()).find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(k) == key).then(|| decode_component(v))
    })
}

impl Startup {
    /// Reads a fragment and a query string.
    pub fn parse(fragment: &str, search: &str) -> Startup {
        let get = |k: &str| query_param(search, k);
        let embed = get("embed").filter(|v| v != "0").map(|_| Embed::parse(get));
        Startup { fragment: fragment.trim_start_matches('#').to_string(), example: get("example"), embed }
    }

    /// Whether a panel is shown: every panel, unless embedded with a list of panels.
    pub fn shows(&self, panel: &str) -> bool {
        self.embed.as_ref().is_none_or(|e| e.shows(panel))
    }
}

/// The first state, and what the browser must do to storage for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    /// The state to show.
    pub state: AppState,
    /// A share link opened instead of the saved work: it gets a workspace of its own (see
    /// [`with_workspaces`]), and the saved work stays in its own.
    pub keep_before_share: bool,
}

/// The first state: a share link wins, then the saved work, then the example asked for.
/// `restore` reads the saved work; it is called only when the saved work is wanted (a good share
/// link, an embed or `?example=` leave storage alone).
pub fn start_state(startup: &Startup, restore: impl FnOnce() -> Restored) -> Start {
    let example = || {
        Snapshot::of(startup.example.as_deref().and_then(Workspace::example).unwrap_or_else(AppState::default_example))
    };
    let mut banner = None;
    let mut keep_before_share = false;
    let snapshot = if share::is_share_fragment(&startup.fragment) {
        match share::decode_snapshot(&startup.fragment) {
            Ok(w) => {
                if startup.embed.is_none() {
                    keep_before_share = true;
                    banner = Some(Banner::new(BannerKind::Info, "Opened a shared scenario."));
                }
                w
            }
            Err(e) => {
                banner = Some(Banner::new(BannerKind::Error, format!("{e}. Your saved work is untouched.")));
                restored_or(restore(), example, &mut banner)
            }
        }
    } else if startup.embed.is_some() || startup.example.is_some() {
        // An example link, like a share link, opens in a workspace of its own: the saved work
        // stays in its own (an embed saves nothing).
        keep_before_share = startup.embed.is_none();
        example()
    } else {
        restored_or(restore(), example, &mut banner)
    };
    let mut state = AppState::new(snapshot.workspace);
    state.banner = banner;
    state.restore_view(snapshot.view);
    state.read_only = startup.embed.as_ref().is_some_and(|e| e.read_only);
    if let Some(options) = &startup.embed {
        state = embed_view(state, options);
    }
    Start { state, keep_before_share }
}

/// The check and request an embed asks for, selected; what it asked that cannot be done is shown
/// in a warning (unless the banner already tells of a worse problem).
fn embed_view(state: AppState, options: &Embed) -> AppState {
    let mut state = std::rc::Rc::new(state);
    let mut errors = options.errors.clone();
    if let Some(asked) = &options.request {
        match embed::request_of(asked, &state.analysis.checks) {
            Ok(form) => state = state.reduce(Action::SetRequest(form)),
            Err(e) => errors.push(e),
        }
    }
    if let Some(asked) = &options.check {
        match embed::find_check("check", asked, &state.analysis.checks) {
            Ok(i) => state = state.reduce(Action::SelectCheck(i)),
            Err(e) => errors.push(e),
        }
    }
    let mut state = std::rc::Rc::unwrap_or_clone(state);
    if !errors.is_empty() && state.banner.is_none() {
        let text = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        state.banner =
            Some(Banner::new(BannerKind::Warning, format!("This embed ignored some of its options: {text}.")));
    }
    state
}

/// The first state with the named workspaces (`list`, as read from storage): a page that opened a
/// share link gets a workspace of its own for it, and the banner says where the saved work is; a
/// first visit (or one from before named workspaces) names the work it opened.
pub fn with_workspaces(start: Start, mut list: WorkspaceList) -> AppState {
    let mut state = start.state;
    // In a lesson, the person's own work is what the list names.
    let title = state.before_lesson.as_ref().unwrap_or(&state.workspace).title();
    let kept = list.current().map(|e| e.name.clone());
    if start.keep_before_share || kept.is_none() {
        list.create(&title);
    }
    state.workspaces = Rc::new(list);
    // A warning about the link's view says more than where the saved work went.
    let quiet = state.banner.as_ref().is_none_or(|b| b.kind == BannerKind::Info);
    if let (true, true, Some(kept), Some(now)) = (quiet, start.keep_before_share, kept, state.workspaces.current()) {
        let text = format!(
            "Opened the link's scenario as the workspace \"{}\". Your previous work is kept as \"{kept}\" (switch back with the Workspace list in the toolbar).",
            now.name
        );
        state.banner = Some(Banner::new(BannerKind::Info, text));
    }
    state
}

fn restored_or(restored: Restored, example: impl Fn() -> Snapshot, banner: &mut Option<Banner>) -> Snapshot {
    match restored {
        Restored::Workspace(w) => *w,
        Restored::Nothing => example(),
        Restored::Unreadable { reason, set_aside_key } => {
            let text = format!(
                "Your saved work could not be read ({reason}). It was set aside under \"{set_aside_key}\" in this browser's storage, and the example was loaded instead."
            );
            *banner = Some(Banner::new(BannerKind::Warning, text));
            example()
        }
    }
}
