//! The path search's panel. What it shows is drawn by web/js/engine.js, where the worker's answer
//! stays (so the page's module carries no reader for it): the question, then (after
//! [`PROGRESS_AFTER_MS`] of work) its progress with Cancel, or what went wrong, or the answer (how many chains and the
//! cap, every identity found with its distance, the chains shortest first, the selected one
//! explained hop by hop). Picking a chain draws it on the chain view; clicking a statement jumps
//! to it.

use crate::engine_worker::{drawn_chain, render_paths};
use crate::hooks::use_dispatch;
use policy_playground::span::Span;
use policy_playground_app::paths::{MAX_PATHS, PROGRESS_AFTER_MS, PathSearch, SearchStatus};
use policy_playground_app::state::Action;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

/// Props of [`PathsPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct PathsPanelProps {
    /// The search shown.
    pub search: PathSearch,
}

/// The callbacks of what web/js/engine.js draws: a chain picked, a statement clicked, Cancel
/// or Close.
type PanelCallbacks = (Closure<dyn FnMut(String)>, Closure<dyn FnMut(String, f64, f64)>, Closure<dyn FnMut()>);

/// The path search's panel.
#[component(PathsPanel)]
pub fn paths_panel(props: &PathsPanelProps) -> Html {
    let dispatch = use_dispatch();
    let search = &props.search;
    let host = use_node_ref();
    let callbacks = use_mut_ref(move || -> PanelCallbacks {
        let (select, jump) = (dispatch.clone(), dispatch.clone());
        (
            Closure::new(move |chain: String| select.dispatch(Action::SelectChain(drawn_chain(&chain)))),
            Closure::new(move |policy: String, start: f64, end: f64| {
                let span = Span { start: start as usize, end: end as usize, ..Span::default() };
                jump.dispatch(Action::JumpTo { policy, span });
            }),
            Closure::new(move || dispatch.dispatch(Action::CancelPaths)),
        )
    });
    let (state, error) = match &search.status {
        SearchStatus::Running => ("running", ""),
        SearchStatus::Done => ("done", ""),
        SearchStatus::Failed(message) => ("failed", message.as_str()),
    };
    {
        let (host, error) = (host.clone(), error.to_string());
        use_effect_with((search.id, state), move |&(id, state)| {
            if let Some(element) = host.cast::<web_sys::Element>() {
                let c = callbacks.borrow();
                render_paths(&element, id as f64, state, &error, MAX_PATHS as f64, PROGRESS_AFTER_MS, &c.0, &c.1, &c.2);
            }
        });
    }
    html! {
        <section class="panel paths" aria-label="Path search" data-testid="paths" data-state={state} ref={host}></section>
    }
}
