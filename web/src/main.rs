//! Entry point of the browser app (built by Trunk), and of the engine's web worker, which loads
//! this same module and calls [`engine_worker_run`].

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    policy_playground_web::start();
}

/// The engine's web worker: answers one request (JSON in, JSON out; see
/// `policy_playground_web::engine_worker::answer`). Exported from the bin so the glue has it.
#[wasm_bindgen(js_name = engineWorkerRun)]
pub fn engine_worker_run(request: &str) -> String {
    policy_playground_web::engine_worker::answer(request)
}
