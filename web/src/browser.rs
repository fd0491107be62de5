//! The few things the app asks of the browser besides storage: clocks, dialogs, the page's
//! address and the clipboard. Each degrades to a harmless default where the browser refuses.

/// Milliseconds on the page's monotonic clock (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Milliseconds since 1970 (`Date.now()`).
pub fn epoch_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Asks for a name with `prompt()`; `None` when cancelled or left empty.
pub fn prompt(message: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(message, default)
        .ok()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Asks for confirmation with `confirm()`.
pub fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// The page's path (for links to the full playground from an embed).
pub fn page_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "./".into())
}

/// The page's address without its fragment.
pub fn address_without_fragment() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// The page's address without its query and fragment (where the app is served).
pub fn address_without_query() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Puts `text` on the clipboard.
pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Puts `url` in the address bar (without a new history entry) and on the clipboard.
pub fn publish_link(url: &str) {
    let Some(window) = web_sys::window() else { return };
    let _ = window.history().map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)));
    let _ = window.navigator().clipboard().write_text(url);
}

/// Puts `url` in the address bar without a new history entry.
pub fn replace_address(url: &str) {
    let Some(window) = web_sys::window() else { return };
    let _ = window.history().map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)));
}

/// Puts `text` on the clipboard (silently nothing where the browser refuses).
pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}
