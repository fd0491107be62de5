//! The engine's web worker (a second wasm module; web/js/engine-worker.js loads it and calls
//! one of its functions for each request the page posts). It answers path searches and analyses
//! large workspaces: JSON in, JSON out.

use policy_playground_app::background::{self, Catalogs};
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    /// The action catalogues the page has sent so far (each is read once per worker).
    static CATALOGS: RefCell<Catalogs> = RefCell::new(Catalogs::builtin());
}

/// Nothing to start: the worker's script calls the functions below per message.
fn main() {}

/// Answers one path search of the page (see `policy_playground_app::paths::answer_json`).
#[wasm_bindgen(js_name = engineWorkerRun)]
pub fn engine_worker_run(request: &str) -> String {
    policy_playground_app::paths::answer_json(request)
}

/// Analyses a large workspace (see `policy_playground_app::background::answer_json`) with the
/// catalogues added so far.
#[wasm_bindgen(js_name = engineWorkerAnalyse)]
pub fn engine_worker_analyse(request: &str) -> String {
    let catalogs = CATALOGS.with(|c| c.borrow().clone());
    background::answer_json(request, &catalogs)
}

/// Adds the action catalogue of `dialect` (`aws`, `aliyun`) from its text: the page's checks
/// use it, so the worker's must too. Returns why it could not, or nothing.
#[wasm_bindgen(js_name = engineWorkerCatalog)]
pub fn engine_worker_catalog(dialect: &str, text: &str) -> Option<String> {
    CATALOGS.with(|c| {
        let with = background::with_catalog(&c.borrow(), dialect, text);
        with.map(|all| *c.borrow_mut() = all).err()
    })
}
