//! The app's hooks: the dispatcher's context, and the effects, one hook each (the debounce timer,
//! autosave, the catalogue fetch, the Ctrl+Enter shortcut, the share link). They read the browser
//! and dispatch actions; what the actions do is decided by the pure reducer.

use crate::browser;
use crate::catalog_loader;
use crate::storage;
use crate::store::Dispatch;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use policy_playground::Dialect;
use policy_playground_app::banner::Banner;
use policy_playground_app::share;
use policy_playground_app::state::Action;
use policy_playground_app::workspace::Workspace;
use yew::prelude::*;

/// The app's dispatcher, from the context the app provides.
#[hook]
pub fn use_dispatch() -> Dispatch {
    use_context::<Dispatch>().expect("the app provides its dispatcher")
}

/// Runs the engine when the debounce after typing is over: a timer for `due_at_ms` (see
/// `AppState::analysis_due_at`), replaced when it moves and dropped (cancelled) when it is gone.
#[hook]
pub fn use_debounced_analysis(due_at_ms: Option<f64>, dispatch: Dispatch) {
    let timer = use_mut_ref(|| None::<Timeout>);
    use_effect_with(due_at_ms, move |due| {
        *timer.borrow_mut() = due.map(|due_at_ms| {
            let wait = (due_at_ms - browser::now_ms()).max(0.0).ceil() as u32;
            Timeout::new(wait, move || dispatch.dispatch(Action::DebounceElapsed { due_at_ms }))
        });
    });
}

/// Saves the workspace after every change (so a crash never loses what was typed), unless
/// read-only; a refusal is reported in the banner.
#[hook]
pub fn use_autosave(workspace: Workspace, revision: u64, read_only: bool, dispatch: Dispatch) {
    use_effect_with((revision, read_only), move |&(revision, read_only)| {
        if !read_only
            && revision > 0
            && let Err(e) = storage::save(&workspace)
        {
            dispatch.dispatch(Action::ShowBanner(Banner::save_failed(&e)));
        }
    });
}

/// Fetches the action catalogue of the open scenario's dialect when it is not there yet.
#[hook]
pub fn use_catalogue(dialect: Option<Dialect>, dispatch: Dispatch) {
    use_effect_with(dialect, move |dialect| {
        if let Some(dialect) = *dialect
            && !catalog_loader::available(dialect)
        {
            wasm_bindgen_futures::spawn_local(async move {
                match catalog_loader::ensure(dialect).await {
                    Ok(_) => dispatch.dispatch(Action::CatalogLoaded(catalog_loader::catalogs())),
                    Err(e) => dispatch.dispatch(Action::ShowBanner(Banner::catalog_failed(&e.to_string()))),
                }
            });
        }
    });
}

/// Ctrl+Enter or Cmd+Enter anywhere evaluates at once.
#[hook]
pub fn use_evaluate_shortcut(dispatch: Dispatch) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "keydown", move |e| {
                let Some(k) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else { return };
                if k.key() == "Enter" && (k.ctrl_key() || k.meta_key()) {
                    k.prevent_default();
                    dispatch.dispatch(Action::Analyze);
                }
            })
        });
        move || drop(listener)
    });
}

/// The Share button's work and its result.
#[derive(Clone, PartialEq)]
pub struct ShareLink {
    /// Makes a link to the workspace as it is when clicked: in the address bar, on the clipboard,
    /// announced in the banner. The same callback for the app's whole life.
    pub share: Callback<MouseEvent>,
    /// The last link made.
    pub link: Option<String>,
}

/// The share link of the current workspace, made on demand.
#[hook]
pub fn use_share_link(workspace: Workspace, dispatch: Dispatch) -> ShareLink {
    // The callback reads the latest workspace, so it need not change when the workspace does.
    let latest = use_mut_ref(|| workspace.clone());
    *latest.borrow_mut() = workspace;
    let link = use_state(|| None::<String>);
    let share = {
        let set_link = link.setter();
        use_callback((), move |_: MouseEvent, _| {
            let url = format!("{}#{}", browser::address_without_fragment(), share::encode(&latest.borrow()));
            browser::publish_link(&url);
            dispatch.dispatch(Action::ShowBanner(Banner::share_ready(url.len())));
            set_link.set(Some(url));
        })
    };
    ShareLink { share, link: (*link).clone() }
}
