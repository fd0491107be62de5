//! Policy Playground in the browser: a Yew app over the policy engine. Everything runs in the
//! page; nothing is sent anywhere.
//!
//! What the page shows is computed by `policy-playground-app` (web/core: workspace, state and its
//! pure reducer, analysis, formats, view models), which knows nothing of the browser. This crate
//! adds the browser: [`components`] render props (one component per file), [`hooks`] hold the
//! effects (debounce timer, autosave, catalogue fetch, keyboard shortcut, share link), [`store`]
//! adapts the reducer to Yew (and times it), [`code_editor`] drives the CodeMirror editor, and
//! [`browser`], [`storage`], [`startup`] and [`catalog_loader`] do the browser's I/O; lesson mode
//! adds [`lesson_storage`] (progress and each lesson's work) and [`lesson_hooks`]; an embed's theme
//! and its messages to the parent page are [`embed_hooks`]; [`recovery`] restarts the app after a
//! panic with the work kept; long work (path search) runs in a web worker, [`engine_worker`].

pub mod browser;
pub mod catalog_loader;
pub mod code_editor;
pub mod components;
pub mod embed_hooks;
pub mod engine_worker;
pub mod hooks;
pub mod lesson_hooks;
pub mod lesson_storage;
pub mod recovery;
pub mod startup;
pub mod storage;
pub mod store;

use wasm_bindgen::JsCast;

/// Shows a fixed error banner outside the Yew tree (which may be broken after a panic).
pub fn show_panic_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(div) = document.create_element("div") else { return };
    div.set_class_name("banner error panic");
    let _ = div.set_attribute("role", "alert");
    let _ = div.set_attribute("data-testid", "panic-banner");
    div.set_text_content(Some(&format!(
        "Something went wrong inside the playground ({message}). Restarting it with your work…"
    )));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&div);
    }
}

/// Starts the app in the element with id `app` (or the body).
pub fn start() {
    recovery::install_panic_hook();
    components::explorer::define_organization_element();
    // After a panic, this is a new instance of the module: it opens the saved work, not the address.
    let recovered = recovery::recovery();
    let startup = startup::from_location();
    let startup = match &recovered {
        Some(_) => policy_playground_app::recovery::restart_startup(&startup),
        None => startup,
    };
    if let Some(embed) = &startup.embed {
        embed_hooks::apply_root_options(embed.theme, embed.auto_height);
    }
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::Element>().ok());
    let props = components::app::AppProps { startup, recovered };
    match root {
        Some(root) => {
            yew::Renderer::<components::app::App>::with_root_and_props(root, props).render();
        }
        None => {
            yew::Renderer::<components::app::App>::with_props(props).render();
        }
    }
}
