//! Panic recovery in the browser. A panic leaves this wasm instance unusable (Rust state can be
//! half-changed and nothing unwinds), so the panic hook shows a banner at once and asks
//! web/js/recovery.js to start a new instance of the module; that instance opens the last
//! autosaved workspace with the editor's text put back (`policy_playground_app::recovery`).
//!
//! A debug flag forces a panic, for the end-to-end test and for trying this by hand: open the
//! page with `?debug=panic`, call `window.policyPlaygroundPanic()` in the console, and the next
//! action the app reduces (a keystroke, a click) panics.

use policy_playground_app::recovery::Recovery;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/recovery.js")]
extern "C" {
    /// Shows the panic and starts a new instance of the app (at most once per instance).
    #[wasm_bindgen(js_name = restartAfterPanic)]
    fn restart_after_panic(message: &str);
    /// What a restart hands over to the new instance, once: the panic's message, then each
    /// editor's document and text; nothing on a normal start.
    #[wasm_bindgen(js_name = takeRecovery)]
    fn take_recovery() -> Option<js_sys::Array>;
    /// Whether `window.policyPlaygroundPanic()` (only with `?debug=panic`) was called since the
    /// last call.
    #[wasm_bindgen(js_name = takePanicRequest)]
    fn take_panic_request() -> bool;
}

/// Set by this instance's first panic: the instance is dead, and saves nothing any more (a stale
/// state must not overwrite the work the restarted app goes on with).
static PANICKED: AtomicBool = AtomicBool::new(false);

/// Whether this instance has panicked.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::Relaxed)
}

/// Logs every panic; the first one shows the banner and restarts the app. Set through Yew, which
/// otherwise puts its own hook (a console message only) in place when the app is rendered.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
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
    let parts = take_recovery()?.iter().filter_map(|v| v.as_string()).collect();
    Recovery::from_parts(parts)
}

/// Panics when the debug flag asked for it (called at the start of every reduction).
pub fn panic_if_asked() {
    if take_panic_request() {
        panic!("a panic forced with ?debug=panic");
    }
}
