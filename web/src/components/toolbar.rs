//! The top bar: examples, share, reset, and the evaluation time.

use super::AppContext;
use crate::model::EXAMPLES;
use crate::share;
use crate::state::{Action, Banner};
use yew::prelude::*;

/// The top bar.
#[component(Toolbar)]
pub fn toolbar() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let link = use_state(String::new);

    let on_example = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            if !id.is_empty() {
                state.dispatch(Action::LoadExample(id));
            }
            select.set_value("");
        })
    };
    let on_share = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let fragment = share::encode(&state.workspace);
            let Some(window) = web_sys::window() else { return };
            let location = window.location();
            let base = format!(
                "{}{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            let url = format!("{base}#{fragment}");
            let _ = window.history().map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)));
            let _ = window.navigator().clipboard().write_text(&url);
            state.dispatch(Action::ShowBanner(Banner {
                kind: "info",
                text: format!(
                    "Share link ready ({} characters) and copied to the clipboard; it is also in the address bar.",
                    url.len()
                ),
            }));
            link.set(url);
        })
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_| {
            let id = state.workspace.example.clone().unwrap_or_else(|| EXAMPLES[0].id.to_string());
            let confirmed = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message("Reset to the example? Your changes to this scenario will be replaced.").ok()
                })
                .unwrap_or(false);
            if confirmed {
                state.dispatch(Action::LoadExample(id));
            }
        })
    };
    let on_evaluate = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Analyze))
    };
    let status = if state.stale() {
        "evaluating…".to_string()
    } else {
        format!("evaluated in {:.1} ms", state.analysis.elapsed_ms)
    };
    html! {
        <header class="toolbar">
            <h1>{ "Policy Playground" }</h1>
            <span class="scenario-title" data-testid="scenario-title">{ state.workspace.title() }</span>
            <label class="examples">
                <span class="visually-hidden">{ "Examples" }</span>
                <select onchange={on_example} aria-label="Load an example" data-testid="examples">
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                </select>
            </label>
            <button type="button" onclick={on_evaluate} title="Ctrl+Enter or ⌘+Enter" data-testid="evaluate">{ "Evaluate" }</button>
            <button type="button" onclick={on_share} data-testid="share">{ "Share" }</button>
            <button type="button" onclick={on_reset} disabled={state.read_only} data-testid="reset">{ "Reset to example" }</button>
            <span class="status" aria-live="polite" data-testid="status">{ status }</span>
            if !link.is_empty() {
                <input class="share-link" readonly=true value={(*link).clone()} aria-label="Share link" data-testid="share-link" />
            }
        </header>
    }
}
