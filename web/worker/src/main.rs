//! The engine's web worker (a second wasm module; web/js/engine-worker.js loads it and calls
//! [`engine_worker_run`] for each request the page posts). It answers path searches: JSON of a
//! `policy_playground_app::paths::PathRequest` in, JSON of the answer out.

use wasm_bindgen::prelude::wasm_bindgen;

/// Nothing to start: the worker's script calls [`engine_worker_run`] per message.
fn main() {}

/// Answers one request of the page (see `policy_playground_app::paths::answer_json`).
#[wasm_bindgen(js_name = engineWorkerRun)]
pub fn engine_worker_run(request: &str) -> String {
    policy_playground_app::paths::answer_json(request)
}
