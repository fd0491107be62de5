//! The top bar: examples (showing the one loaded), share, reset, and the evaluation time. The
//! theme and presenter controls are the page's own (index.html, web/js/ui.js), placed at its end.

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
    /// The workspace is analysed in the engine's worker (the time above is not its analysis's).
    #[prop_or_default]
    pub background: bool,
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
    // The list shows the example loaded (none once the work is not an example's).
    let loaded = props.example.clone().unwrap_or_default();
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if !id.is_empty() {
                dispatch.dispatch(Action::LoadExample(id));
            }
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
    // Not a live region: the decision is announced when it changes (the app's announcer), not
    // the time on every keystroke.
    let status = if props.background {
        "analysed in the background".to_string()
    } else if props.stale {
        "evaluating…".to_string()
    } else {
        format!("evaluated in {:.1} ms", props.elapsed_ms)
    };
    html! {
        <header class="toolbar">
            <h1>{ "Policy Playground" }</h1>
            <span class="scenario-title" data-testid="scenario-title">{ &props.title }</span>
            { props.children.clone() }
            <label class="examples">
                <span class="visually-hidden">{ "Example loaded (choose another to load it)" }</span>
                <select onchange={on_example} data-testid="examples">
                    <option value="" selected={loaded.is_empty()}>{ "Examples…" }</option>
                    { for EXAMPLES.iter().map(|e| html! { <option value={e.id} selected={e.id == loaded}>{ e.title }</option> }) }
                    <optgroup label="Policies and requests">
                        { for STARTERS.iter().map(|s| html! { <option value={s.id} selected={s.id == loaded}>{ s.title }</option> }) }
                    </optgroup>
                </select>
            </label>
            <button type="button" onclick={on_evaluate} title="Ctrl+Enter or ⌘+Enter" data-testid="evaluate">{ "Evaluate" }</button>
            <button type="button" onclick={props.on_share.clone()} data-testid="share">{ "Share" }</button>
            <button type="button" onclick={on_reset} disabled={props.read_only} data-testid="reset">{ "Reset to example" }</button>
            <span class="status" data-testid="status">{ status }</span>
            if let Some(link) = &props.link {
                <input class="share-link" readonly=true value={link.clone()} aria-label="Share link" data-testid="share-link" />
            }
        </header>
    }
}
