//! What the page starts with: a share link, the saved state, an example, and embed options.

use crate::model::Workspace;
use crate::share;
use crate::state::{AppState, Banner};
use crate::storage::{self, Restored};

/// Embed mode (for iframes in documentation): which panels, read-only or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    /// Panels to show: explorer, editor, request, checks, chain, result.
    pub panels: Vec<String>,
    /// No editing.
    pub read_only: bool,
}

/// Everything read from the URL and storage at start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Startup {
    /// The URL fragment (share link).
    pub fragment: String,
    /// `?example=ID`.
    pub example: Option<String>,
    /// `?embed=1&panels=...&readonly=1`.
    pub embed: Option<Embed>,
}

impl Startup {
    /// Reads the page's URL.
    pub fn from_location() -> Startup {
        let Some(location) = web_sys::window().map(|w| w.location()) else { return Startup::default() };
        let fragment = location.hash().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        Startup::parse(&fragment, &search)
    }

    /// Reads a fragment and a query string.
    pub fn parse(fragment: &str, search: &str) -> Startup {
        let params = web_sys::UrlSearchParams::new_with_str(search).ok();
        let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
        let embed = get("embed").filter(|v| v != "0").map(|_| Embed {
            panels: get("panels")
                .unwrap_or_else(|| "editor,checks,chain,result".into())
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            read_only: get("readonly").is_some_and(|v| v != "0"),
        });
        Startup { fragment: fragment.trim_start_matches('#').to_string(), example: get("example"), embed }
    }
}

/// The first state: a share link wins, then the saved work, then the example asked for.
pub fn start_state(startup: &Startup) -> AppState {
    let example = || startup.example.as_deref().and_then(Workspace::example).unwrap_or_else(AppState::default_example);
    let mut banner = None;
    let workspace = if share::is_share_fragment(&startup.fragment) {
        match share::decode(&startup.fragment) {
            Ok(w) => {
                if startup.embed.is_none() {
                    storage::keep_before_share();
                    banner = Some(Banner {
                        kind: "info",
                        text: format!(
                            "Opened a shared scenario. Your previous work, if any, is kept in this browser under \"{}\".",
                            storage::BEFORE_SHARE_KEY
                        ),
                    });
                }
                w
            }
            Err(e) => {
                banner = Some(Banner { kind: "error", text: format!("{e}. Your saved work is untouched.") });
                restored_or(example, &mut banner)
            }
        }
    } else if startup.embed.is_some() || startup.example.is_some() {
        example()
    } else {
        restored_or(example, &mut banner)
    };
    let mut state = AppState::new(workspace);
    state.banner = banner;
    state.read_only = startup.embed.as_ref().is_some_and(|e| e.read_only);
    state
}

fn restored_or(example: impl Fn() -> Workspace, banner: &mut Option<Banner>) -> Workspace {
    match storage::restore() {
        Restored::Workspace(w) => w,
        Restored::Nothing => example(),
        Restored::Unreadable { reason, set_aside_key } => {
            *banner = Some(Banner {
                kind: "warning",
                text: format!(
                    "Your saved work could not be read ({reason}). It was set aside under \"{set_aside_key}\" in this browser's storage, and the example was loaded instead."
                ),
            });
            example()
        }
    }
}
