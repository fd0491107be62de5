//! The top bar: examples, share, reset, and the evaluation time.

use crate::browser;
use crate::hooks::use_dispatch;
use policy_playground_app::examples::{EXAMPLES, STARTERS};
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ToolbarProps {
    /// The scenario's title.
    pub title: String,
    /// The example the workspace started from (Reset goes back to it).
    pub example: Option<String>,
    /// The analysis is older than the text.
    pub stale: bool,
    /// How long the latest analysis took.
    pub elapsed_ms: f64,
    /// No editing (Reset is off).
    pub read_only: bool,
    /// Makes a share link.
    pub on_share: Callback<MouseEvent>,
    /// The last share link made.
    pub link: Option<String>,
    /// More entries, after the title (the Lessons menu).
    #[prop_or_default]
    pub children: Children,
}

/// The top bar.
#[component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let dispatch = use_dispatch();
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            if !id.is_empty() {
                dispatch.dispatch(Action::LoadExample(id));
            }
            select.set_value("");
        })
    };
    let on_reset = {
        let dispatch = dispatch.clone();
        let id = props.example.clone().unwrap_or_else(|| EXAMPLES[0].id.to_string());
        Callback::from(move |_| {
            if browser::confirm("Reset to the example? Your changes to this scenario will be replaced.") {
                dispatch.dispatch(Action::LoadExample(id.clone()));
            }
        })
    };
    let on_evaluate = Callback::from(move |_| dispatch.dispatch(Action::Analyze));
    let status =
        if props.stale { "evaluating…".to_string() } else { format!("evaluated in {:.1} ms", props.elapsed_ms) };
    html! {
        <header class="toolbar">
            <h1>{ "Policy Playground" }</h1>
            <span class="scenario-title" data-testid="scenario-title">{ &props.title }</span>
            { props.children.clone() }
            <label class="examples">
                <span class="visually-hidden">{ "Examples" }</span>
                <select onchange={on_example} aria-label="Load an example" data-testid="examples">
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                    <optgroup label="Policies and requests">
                        { for STARTERS.iter().map(|s| html! { <option value={s.id}>{ s.title }</option> }) }
                    </optgroup>
                </select>
            </label>
            <button type="button" onclick={on_evaluate} title="Ctrl+Enter or ⌘+Enter" data-testid="evaluate">{ "Evaluate" }</button>
            <button type="button" onclick={props.on_share.clone()} data-testid="share">{ "Share" }</button>
            <button type="button" onclick={on_reset} disabled={props.read_only} data-testid="reset">{ "Reset to example" }</button>
            <span class="status" aria-live="polite" data-testid="status">{ status }</span>
            if let Some(link) = &props.link {
                <input class="share-link" readonly=true value={link.clone()} aria-label="Share link" data-testid="share-link" />
            }
        </header>
    }
}
