//! The embed's side of its parent page: the theme it was asked for, and the messages it posts
//! (`policy_playground_app::embed::Message`: the content's height, the decision, what went wrong).

use policy_playground_app::embed::{Message, Theme};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// Sets the page's theme (`data-theme` on the root element, which the CSS reads before the
/// system's preference); auto leaves it to the system. With auto height, the root never shows a
/// scrollbar of its own: the parent page gives the frame the content's height.
pub fn apply_root_options(theme: Theme, auto_height: bool) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    if let Some(theme) = theme.attribute() {
        let _ = root.set_attribute("data-theme", theme);
    }
    if auto_height {
        let _ = root.set_attribute("data-height", "auto");
    }
}

/// Posts `message` to the parent page, if the page is in a frame. The target origin is `*`: the
/// messages carry only what the parent gave the embed (its scenario) and what it shows.
pub fn post(message: &Message) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if wasm_bindgen::JsValue::from(&parent) == wasm_bindgen::JsValue::from(&window) {
        return;
    }
    if let Ok(value) = js_sys::JSON::parse(&message.to_json()) {
        let _ = parent.post_message(&value, "*");
    }
}

/// Posts `message` whenever it changes (and at start), when there is one.
#[hook]
pub fn use_post_on_change(message: Option<Message>) {
    use_effect_with(message, |message| {
        if let Some(message) = message {
            post(message);
        }
    });
}

/// With `enabled`, posts the height of the app's content at start and whenever it changes (a
/// `ResizeObserver` on the `#app` element: panels folded or opened, the frame made narrower).
#[hook]
pub fn use_auto_height(enabled: bool) {
    use_effect_with(enabled, |enabled| {
        let observer = enabled.then(observe_height).flatten();
        move || {
            if let Some((observer, _callback)) = observer {
                observer.disconnect();
            }
        }
    });
}

type HeightCallback = Closure<dyn FnMut(js_sys::Array)>;

fn observe_height() -> Option<(web_sys::ResizeObserver, HeightCallback)> {
    let element = web_sys::window()?.document()?.get_element_by_id("app")?;
    let measured = element.clone();
    let last = std::cell::Cell::new(0u32);
    let callback: HeightCallback = Closure::new(move |_entries: js_sys::Array| {
        let height = measured.get_bounding_client_rect().height().ceil().max(0.0) as u32;
        if height != last.replace(height) {
            post(&Message::Height { height });
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some((observer, callback))
}
