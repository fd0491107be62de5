//! Long work off the page's thread: path search and the analysis of large workspaces run in web
//! workers (web/js/engine.js starts web/js/engine-worker.js, which loads the worker's own wasm
//! module, `web/worker`, the first time one is needed). [`use_path_search`] sends the page's
//! searches and dispatches the answers; web/js/engine.js shows the progress after
//! [`PROGRESS_AFTER_MS`] with Cancel (the busy worker is terminated).
//! [`use_background_analysis`] sends a large workspace to be analysed and dispatches the
//! summary.

use crate::store::Dispatch;
use policy_playground_app::background::{self, BackgroundRequest};
#[cfg(doc)]
use policy_playground_app::paths::PROGRESS_AFTER_MS;
use policy_playground_app::paths::{DrawnChain, PathQuery, PathRequest};
use policy_playground_app::state::{Action, AppState, BackgroundStatus};
use policy_playground_app::workspace::Workspace;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(module = "/js/engine.js")]
extern "C" {
    /// Runs path search `id` (`request` as JSON) in the worker; `title` is its question in
    /// words ([`PathQuery::title`]), the results' heading.
    #[wasm_bindgen(js_name = runInWorker)]
    fn run_in_worker(id: f64, request: &str, title: &str, on_answer: &Closure<dyn FnMut(f64, Option<String>, String)>);
    #[wasm_bindgen(js_name = cancelWorker)]
    fn cancel_worker();
    #[wasm_bindgen(js_name = analyseInWorker)]
    fn analyse_in_worker(
        id: f64,
        request: &str,
        catalogs: &str,
        on_answer: &Closure<dyn FnMut(f64, Option<String>, Option<String>)>,
    );
    #[wasm_bindgen(js_name = cancelAnalysis)]
    fn cancel_analysis();
    /// Draws path search `id` in `host` as `state` says (see web/js/engine.js).
    #[wasm_bindgen(js_name = renderPaths)]
    #[allow(clippy::too_many_arguments)]
    pub fn render_paths(
        host: &web_sys::Element,
        id: f64,
        state: &str,
        error: &str,
        max_paths: f64,
        progress_after_ms: u32,
        on_select: &Closure<dyn FnMut(String)>,
        on_jump: &Closure<dyn FnMut(String, f64, f64)>,
        on_close: &Closure<dyn FnMut()>,
    );
}

/// A chain as web/js/engine.js passes it: who starts, then each role assumed, one a line.
pub fn drawn_chain(lines: &str) -> Option<DrawnChain> {
    let mut lines = lines.split('\n');
    let from = lines.next().filter(|f| !f.is_empty())?.to_string();
    Some(DrawnChain { from, roles: lines.map(str::to_string).collect() })
}

/// Runs the running path search (its number and question) in the worker, over `workspace` with
/// the `mutations` as they are when it starts: a new search is sent (a busy worker is stopped
/// first) and the answer is dispatched as
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
        use_mut_ref(move || {
            Closure::<dyn FnMut(f64, Option<String>, String)>::new(
                move |id: f64, error: Option<String>, first: String| {
                    let answer = match error {
                        Some(e) => Err(e),
                        None => Ok(drawn_chain(&first)),
                    };
                    dispatch.dispatch(Action::PathsAnswered { id: id as u64, answer });
                },
            )
        })
    };
    let id = running.as_ref().map(|(id, _)| *id);
    use_effect_with(id, move |_| {
        if let Some((id, query)) = running {
            let title = query.title();
            let request = PathRequest { scenario: workspace.to_scenario_text(), mutations, query };
            let json = serde_json::to_string(&request).unwrap_or_default();
            run_in_worker(id as f64, &json, &title, &on_answer.borrow());
        }
        move || {
            // Stops the search only if it is still running (an answered one left the worker idle).
            cancel_worker();
        }
    });
}

/// Sends the workspace to the analysis worker when `state` asks for a new background request
/// (see `policy_playground_app::background`), with the mutations, the request builder's form,
/// the revision and the catalogues as they are then, and dispatches each answer as
/// [`Action::BackgroundAnswered`]. A request made while another runs waits for it (its answer
/// still shows, marked out of date, so typing in a large document updates the result as it
/// goes); Cancel, or the workspace becoming small again, stops the worker.
#[hook]
pub fn use_background_analysis(state: Rc<AppState>, dispatch: Dispatch) {
    let on_answer = {
        use_mut_ref(move || {
            Closure::<dyn FnMut(f64, Option<String>, Option<String>)>::new(
                move |id: f64, answer: Option<String>, error: Option<String>| {
                    let answer = match (answer, error) {
                        (Some(json), _) => background::read_answer(&json),
                        (None, error) => Err(error.unwrap_or_else(|| "the worker gave no answer".into())),
                    };
                    dispatch.dispatch(Action::BackgroundAnswered { serial: id as u64, answer });
                },
            )
        })
    };
    let status = state.background.status.clone();
    use_effect_with(state.background.running(), move |serial| {
        if let Some(serial) = *serial {
            // Where each catalogue is, as the page fetches it (the worker fetches it the same way).
            let catalogs: Vec<String> = state
                .background
                .catalogs
                .iter()
                .map(|d| format!("{}={}", d.name(), crate::catalog_loader::url(*d)))
                .collect();
            let request = BackgroundRequest {
                workspace: state.workspace.clone(),
                mutations: state.view.mutations.clone(),
                form: state.view.request.clone(),
                revision: state.revision,
            };
            let json = serde_json::to_string(&request).unwrap_or_default();
            analyse_in_worker(serial as f64, &json, &catalogs.join(","), &on_answer.borrow());
        }
    });
    let stop = matches!(status, BackgroundStatus::Cancelled | BackgroundStatus::Off);
    use_effect_with(stop, |stop| {
        if *stop {
            cancel_analysis();
        }
    });
}
