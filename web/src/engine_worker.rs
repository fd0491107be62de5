//! Long work off the page's thread: path search runs in a web worker (web/js/engine-worker.js)
//! that instantiates this same wasm module through the same glue, so nothing is downloaded
//! twice. Both sides are here: [`answer`] runs in the worker (the bin exports it as
//! `engineWorkerRun`), [`use_path_search`] sends the page's searches and dispatches the answers,
//! with progress after [`PROGRESS_AFTER_MS`] and Cancel (the busy worker is terminated).

use crate::store::Dispatch;
use gloo::timers::callback::Timeout;
use policy_playground_app::paths::{self, PROGRESS_AFTER_MS, PathQuery, PathRequest, PathsView};
use policy_playground_app::state::Action;
use policy_playground_app::workspace::Workspace;
use std::collections::BTreeSet;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(module = "/js/engine.js")]
extern "C" {
    #[wasm_bindgen(js_name = runInWorker)]
    fn run_in_worker(glue: &str, module: &JsValue, id: f64, request: &str, on_answer: &Closure<dyn FnMut(f64, String)>);
    #[wasm_bindgen(js_name = cancelWorker)]
    fn cancel_worker();
}

#[wasm_bindgen]
extern "C" {
    /// The URL of the wasm-bindgen glue that loaded this module (the worker imports it too).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// The worker's side: answers one request (JSON of [`PathRequest`]) with the JSON of
/// `Result<PathsView, String>`.
pub fn answer(request: &str) -> String {
    let answer: Result<PathsView, String> = match serde_json::from_str::<PathRequest>(request) {
        Ok(request) => paths::search(&request),
        Err(e) => Err(format!("the page sent a request the engine cannot read ({e})")),
    };
    serde_json::to_string(&answer).unwrap_or_else(|e| format!(r#"{{"Err":"the answer could not be written ({e})"}}"#))
}

/// Whether this module runs in a worker (no window): then the app is not started.
pub fn in_worker() -> bool {
    web_sys::window().is_none()
}

/// Runs the running path search (its number and question) in the worker, over `workspace` with
/// the `mutations` as they are when it starts: a new search is sent (a busy worker is stopped
/// first), after [`PROGRESS_AFTER_MS`] its progress is shown, and the answer is dispatched as
/// [`Action::PathsAnswered`]; when it stops running (answered, cancelled) a busy worker is
/// stopped.
#[hook]
pub fn use_path_search(
    running: Option<(u64, PathQuery)>,
    workspace: Workspace,
    mutations: BTreeSet<String>,
    dispatch: Dispatch,
) {
    // One callback for the app's life: the worker's answers, by search number.
    let on_answer = {
        let dispatch = dispatch.clone();
        use_mut_ref(move || {
            Closure::<dyn FnMut(f64, String)>::new(move |id: f64, json: String| {
                let answer = serde_json::from_str::<Result<PathsView, String>>(&json)
                    .unwrap_or_else(|e| Err(format!("the engine's answer could not be read ({e})")));
                dispatch.dispatch(Action::PathsAnswered { id: id as u64, answer });
            })
        })
    };
    let id = running.as_ref().map(|(id, _)| *id);
    use_effect_with(id, move |_| {
        let timer = running.map(|(id, query)| {
            let request = PathRequest { scenario: workspace.to_scenario_text(), mutations, query };
            let json = serde_json::to_string(&request).unwrap_or_default();
            run_in_worker(
                &GLUE_URL.with(String::clone),
                &wasm_bindgen::module(),
                id as f64,
                &json,
                &on_answer.borrow(),
            );
            Timeout::new(PROGRESS_AFTER_MS, move || dispatch.dispatch(Action::PathsSlow(id)))
        });
        move || {
            drop(timer);
            // Stops the search only if it is still running (an answered one left the worker idle).
            cancel_worker();
        }
    });
}
