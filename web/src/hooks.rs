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
use policy_playground_app::snapshot::Snapshot;
use policy_playground_app::state::{Action, AppState};
use std::rc::Rc;
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

/// Saves the workspace and its view after every change (so a crash never loses what was typed,
/// and a reload shows what was looked at), and keeps the named workspaces' storage in step with
/// the list, unless `paused` (read-only, or in a lesson, whose work is saved apart). A refusal is
/// reported in the banner.
#[hook]
pub fn use_autosave(state: Rc<AppState>, paused: bool, dispatch: Dispatch) {
    // The list as last saved, and what was last saved under the current key: nothing is written
    // at start unless something differs from what storage holds.
    let saved_list = use_mut_ref(|| Rc::new(storage::read_list()));
    let saved = use_mut_ref(|| (0u64, state.view.clone()));
    let deps = (state.revision, state.view.clone(), Rc::clone(&state.workspaces), paused);
    use_effect_with(deps, move |(revision, view, list, paused)| {
        if *paused {
            return;
        }
        let mut result = Ok(());
        let list_changed = *saved_list.borrow() != *list;
        if list_changed && list.current.is_some() {
            result = storage::sync_list(&saved_list.borrow(), list);
            *saved_list.borrow_mut() = Rc::clone(list);
        }
        let view_changed = *saved.borrow() != (*revision, view.clone());
        if result.is_ok() && (list_changed || view_changed) {
            result = storage::save(&state.snapshot());
            *saved.borrow_mut() = (*revision, view.clone());
        }
        if let Err(e) = result {
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

/// The share link of the current workspace and its view, made on demand.
#[hook]
pub fn use_share_link(state: Rc<AppState>, dispatch: Dispatch) -> ShareLink {
    // The callback reads the latest state, so it need not change when the state does.
    let latest = use_mut_ref(|| Rc::clone(&state));
    *latest.borrow_mut() = state;
    let link = use_state(|| None::<String>);
    let share = {
        let set_link = link.setter();
        use_callback((), move |_: MouseEvent, _| {
            let snapshot: Snapshot = latest.borrow().snapshot();
            let url = format!("{}#{}", browser::address_without_fragment(), share::encode_snapshot(&snapshot));
            browser::publish_link(&url);
            dispatch.dispatch(Action::ShowBanner(Banner::share_ready(url.len())));
            set_link.set(Some(url));
        })
    };
    ShareLink { share, link: (*link).clone() }
}
