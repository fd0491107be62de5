//! "Embed": the code that shows the current workspace in a documentation page (an iframe, or
//! the `<policy-playground>` element), with the options chosen in a small form, each snippet
//! with a Copy button, and a live preview of the embed. The snippets come from
//! [`policy_playground_app::embed_code`].

use crate::browser;
use policy_playground_app::embed_code::{EmbedChoice, embed_code};
use policy_playground_app::workspace::Workspace;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`EmbedMenu`].
#[derive(Properties, PartialEq, Clone)]
pub struct EmbedMenuProps {
    /// The workspace to embed.
    pub workspace: Workspace,
    /// The names of its checks, for the check to show.
    pub checks: Vec<String>,
}

/// The Embed button and its panel.
#[component(EmbedMenu)]
pub fn embed_menu(props: &EmbedMenuProps) -> Html {
    let open = use_state(|| false);
    let choice = use_state(|| EmbedChoice { auto_height: true, theme: "light".into(), ..Default::default() });
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let set = |f: fn(&mut EmbedChoice, String)| {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let Some(target) = e.target() else { return };
            let value = if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
                if input.type_() == "checkbox" { input.checked().to_string() } else { input.value() }
            } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
                select.value()
            } else {
                return;
            };
            let mut next = (*choice).clone();
            f(&mut next, value);
            choice.set(next);
        })
    };
    let copy = |text: String| Callback::from(move |_| browser::copy_text(&text));
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    // Escape closes the panel, wherever the focus is inside it.
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    let panel = open.then(|| {
        let app = browser::address_without_query();
        let code = embed_code(&props.workspace, &app, &choice);
        html! {
            <section class="embed-menu panel" aria-label="Embed code" data-testid="embed-menu" onkeydown={on_key}>
                <button type="button" class="small close" onclick={close} aria-label="Close the embed code" data-testid="embed-close">{ "Close" }</button>
                <h2>{ "Embed in a documentation page" }</h2>
                <div class="form-grid">
                    <label for="embed-check">{ "Check shown" }</label>
                    <select id="embed-check" onchange={set(|c, v| c.check = (!v.is_empty()).then_some(v))} data-testid="embed-check">
                        <option value="" selected={choice.check.is_none()}>{ "the first" }</option>
                        { for props.checks.iter().map(|name| html! {
                            <option value={name.clone()} selected={choice.check.as_ref() == Some(name)}>{ name }</option>
                        }) }
                    </select>
                    <label for="embed-theme">{ "Theme" }</label>
                    <select id="embed-theme" onchange={set(|c, v| c.theme = v)} data-testid="embed-theme">
                        { for ["light", "dark", "auto"].iter().map(|t| html! { <option value={*t} selected={choice.theme == *t}>{ *t }</option> }) }
                    </select>
                </div>
                <label><input type="checkbox" checked={choice.read_only} onchange={set(|c, v| c.read_only = v == "true")} />{ " read-only" }</label>
                <label><input type="checkbox" checked={choice.toggles} onchange={set(|c, v| c.toggles = v == "true")} />{ " what-breaks toggles" }</label>
                <label><input type="checkbox" checked={choice.auto_height} onchange={set(|c, v| c.auto_height = v == "true")} />{ " grow to its content (element)" }</label>
                <h3>{ "iframe (no script on the page)" }</h3>
                <textarea readonly=true rows="4" aria-label="iframe code" data-testid="embed-iframe" value={code.iframe.clone()} />
                <button type="button" class="small" onclick={copy(code.iframe.clone())}>{ "Copy" }</button>
                <h3>{ "Element (sizes itself, fires decision events)" }</h3>
                <textarea readonly=true rows="6" aria-label="Element code" data-testid="embed-element" value={code.element.clone()} />
                <button type="button" class="small" onclick={copy(code.element.clone())}>{ "Copy" }</button>
                <p class="muted">{ "docs/embed.md explains every option. Preview:" }</p>
                <iframe class="embed-preview" title="Embed preview" src={code.url.clone()} data-testid="embed-preview" />
            </section>
        }
    });
    html! {
        <>
            <button type="button" onclick={toggle} aria-expanded={open.to_string()} data-testid="embed">{ "Embed" }</button>
            { panel.unwrap_or_default() }
        </>
    }
}
