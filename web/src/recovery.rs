//! Panic recovery in the browser. A panic leaves this wasm instance unusable (Rust state can be
//! half-changed and nothing unwinds), so the panic hook shows a banner at once and asks
//! web/js/recovery.js to start a new instance of the module; that instance opens the last
//! autosaved workspace with the editor's text put back (`policy_playground_app::recovery`).
//!
//! A debug flag forces a panic, for the end-to-end test and for trying this by hand: open the
//! page with `?debug=panic`, call `window.policyPlaygroundPanic()` in the console, and the next
//! action the app reduces (a keystroke, a click) panics.

use policy_playground_app::recovery::Recovery;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/recovery.js")]
extern "C" {
    /// Shows the panic and starts a new instance of the app (at most once per instance).
    #[wasm_bindgen(js_name = restartAfterPanic)]
    fn restart_after_panic(message: &str);
    /// What a restart hands over to the new instance (JSON), once; nothing on a normal start.
    #[wasm_bindgen(js_name = takeRecovery)]
    fn take_recovery() -> Option<String>;
}

/// Set by this instance's first panic: the instance is dead, and saves nothing any more (a stale
/// state must not overwrite the work the restarted app goes on with).
static PANICKED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The debug flag's request: panic in the next reduction.
    static PANIC_NEXT: Cell<bool> = const { Cell::new(false) };
}

/// Whether this instance has panicked.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

/// Logs every panic; the first one shows the banner and restarts the app.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        if !PANICKED.swap(true, Ordering::Relaxed) {
            crate::show_panic_banner(&message);
            restart_after_panic(&message);
        }
    }));
}

/// What the previous instance handed over, when this one is its restart.
pub fn recovery() -> Option<Recovery> {
    take_recovery().and_then(|json| Recovery::parse(&json))
}

/// With `?debug=panic` in the address, `window.policyPlaygroundPanic()` makes the next reduction
/// panic.
pub fn install_debug_hook(search: &str) {
    if policy_playground_app::startup::query_param(search, "debug").as_deref() != Some("panic") {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let arm = Closure::<dyn Fn()>::new(|| PANIC_NEXT.with(|p| p.set(true)));
    let _ = js_sys::Reflect::set(&window, &"policyPlaygroundPanic".into(), arm.as_ref());
    arm.forget();
}

/// Panics when the debug flag asked for it (called at the start of every reduction).
pub fn panic_if_asked() {
    if PANIC_NEXT.with(|p| p.replace(false)) {
        panic!("a panic forced with ?debug=panic");
    }
}
