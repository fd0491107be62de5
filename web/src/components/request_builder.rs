//! The request builder: principal, action and resource (suggested from the scenario, or typed
//! freely), context keys in a table, and the keys the policies test but the request lacks,
//! offered for filling in.

use super::AppContext;
use super::result_panel::evaluation_view;
use crate::analysis::{RequestForm, suggestions};
use crate::state::Action;
use yew::prelude::*;

/// The request builder panel.
#[component(RequestBuilder)]
pub fn request_builder() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let form = state.request.clone();
    let (principals, mut actions, resources) = state.analysis.scenario.as_ref().map(suggestions).unwrap_or_default();
    // The catalogue's actions that complete what is typed.
    if let Some(s) = state.analysis.scenario.as_ref() {
        let catalogs = crate::catalog_loader::catalogs();
        let suggested = catalogs.get(s.dialect).map(|c| c.suggest_actions(form.action.trim(), 40)).unwrap_or_default();
        for suggestion in suggested {
            if !actions.contains(&suggestion.text) {
                actions.push(suggestion.text);
            }
        }
    }
    let set = |apply: fn(&mut RequestForm, String)| {
        let state = state.clone();
        let form = form.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut f = form.clone();
            apply(&mut f, input.value());
            state.dispatch(Action::SetRequest(f));
        })
    };
    let row_input = |i: usize, value_column: bool| {
        let state = state.clone();
        let form = form.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut f = form.clone();
            if let Some(row) = f.context.get_mut(i) {
                if value_column { row.1 = input.value() } else { row.0 = input.value() }
            }
            state.dispatch(Action::SetRequest(f));
        })
    };
    let add_key = |key: String| {
        let state = state.clone();
        let form = form.clone();
        Callback::from(move |_| {
            let mut f = form.clone();
            f.context.push((key.clone(), String::new()));
            state.dispatch(Action::SetRequest(f));
        })
    };
    let remove_row = |i: usize| {
        let state = state.clone();
        let form = form.clone();
        Callback::from(move |_| {
            let mut f = form.clone();
            if i < f.context.len() {
                f.context.remove(i);
            }
            state.dispatch(Action::SetRequest(f));
        })
    };
    let missing: Vec<String> = state
        .analysis
        .request
        .as_ref()
        .map(|r| r.evaluation.missing_context_keys.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|k| !form.context.iter().any(|(key, _)| key.eq_ignore_ascii_case(k)))
        .collect();
    html! {
        <section class="panel request" aria-label="Request builder" data-testid="request-builder">
            <h2>{ "Try a request" }</h2>
            <div class="form-grid">
                <label for="req-principal">{ "Principal" }</label>
                <input id="req-principal" list="principals" value={form.principal.clone()} onchange={set(|f, v| f.principal = v)} data-testid="req-principal" />
                <label for="req-action">{ "Action" }</label>
                <input id="req-action" list="actions" value={form.action.clone()} onchange={set(|f, v| f.action = v)} data-testid="req-action" />
                <label for="req-resource">{ "Resource" }</label>
                <input id="req-resource" list="resources" value={form.resource.clone()} onchange={set(|f, v| f.resource = v)} placeholder="*" data-testid="req-resource" />
            </div>
            <datalist id="principals">{ for principals.iter().map(|p| html! { <option value={p.clone()} /> }) }</datalist>
            <datalist id="actions">{ for actions.iter().map(|p| html! { <option value={p.clone()} /> }) }</datalist>
            <datalist id="resources">{ for resources.iter().map(|p| html! { <option value={p.clone()} /> }) }</datalist>
            <table class="context">
                <caption>{ "Context keys (a value written as [\"a\", \"b\"] is a list)" }</caption>
                <thead><tr><th scope="col">{ "Key" }</th><th scope="col">{ "Value" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                <tbody>
                    { for form.context.iter().enumerate().map(|(i, (k, v))| html! {
                        <tr>
                            <td><input value={k.clone()} onchange={row_input(i, false)} aria-label={format!("Context key {}", i + 1)} /></td>
                            <td><input value={v.clone()} onchange={row_input(i, true)} aria-label={format!("Value of {k}")} data-testid="context-value" /></td>
                            <td><button type="button" class="small" onclick={remove_row(i)} aria-label={format!("Remove {k}")}>{ "×" }</button></td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <button type="button" class="small" onclick={add_key(String::new())}>{ "+ context key" }</button>
            if !missing.is_empty() {
                <p class="missing" data-testid="missing-keys">
                    { "The policies test keys this request lacks: " }
                    { for missing.iter().map(|k| html! { <button type="button" class="small" onclick={add_key(k.clone())}>{ format!("+ {k}") }</button> }) }
                </p>
            }
            if let Some(r) = &state.analysis.request {
                { evaluation_view(&state, &r.evaluation, "request-evaluation") }
            } else {
                <p class="muted">{ "Fill in a principal and an action to see the decision." }</p>
            }
        </section>
    }
}
