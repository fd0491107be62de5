//! The request builder: principal, action and resource (suggested from the scenario, or typed
//! freely), context keys in a table, and the keys the policies test but the request lacks,
//! offered for filling in.

use super::result_panel::evaluation_view;
use crate::catalog_loader;
use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::request::{self, Field, RequestForm};
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Props of [`RequestBuilder`].
#[derive(Properties, PartialEq, Clone)]
pub struct RequestBuilderProps {
    /// The workspace is analysed in the engine's worker: the answer is in its summary.
    #[prop_or_default]
    pub background: bool,
    /// The form's fields.
    pub form: RequestForm,
    /// The analysis holding the request's answer and the scenario's names.
    pub analysis: Shared<Analysis>,
    /// Catalogues arrived so far (the action suggestions grow when one does).
    pub catalogs: u64,
}

/// An input's change: the whole new form, made from the old one and the input's value.
fn on_change(
    dispatch: &Dispatch,
    form: &RequestForm,
    change: impl Fn(&RequestForm, String) -> RequestForm + 'static,
) -> Callback<Event> {
    let (dispatch, form) = (dispatch.clone(), form.clone());
    Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        dispatch.dispatch(Action::SetRequest(change(&form, value)));
    })
}

/// A button's click: the whole new form, made from the old one.
fn on_click(
    dispatch: &Dispatch,
    form: &RequestForm,
    change: impl Fn(&RequestForm) -> RequestForm + 'static,
) -> Callback<MouseEvent> {
    let (dispatch, form) = (dispatch.clone(), form.clone());
    Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetRequest(change(&form))))
}

/// The request builder panel.
#[component(RequestBuilder)]
pub fn request_builder(props: &RequestBuilderProps) -> Html {
    let dispatch = use_dispatch();
    let form = &props.form;
    let suggestions = props
        .analysis
        .scenario
        .as_ref()
        .map(|s| request::suggestions(s, &form.action, &catalog_loader::catalogs()))
        .unwrap_or_default();
    let set = |field: Field| on_change(&dispatch, form, move |f, value| f.with_field(field, value));
    let cell = |row: usize, value_column: bool| {
        on_change(&dispatch, form, move |f, value| f.with_context_cell(row, value_column, value))
    };
    let add_key = |key: String| on_click(&dispatch, form, move |f| f.with_key(&key));
    let remove_row = |row: usize| on_click(&dispatch, form, move |f| f.without_row(row));
    let missing = policy_playground_app::analysis::missing_keys(&props.analysis, form);
    let left_out = policy_playground_app::analysis::left_out_keys(&props.analysis);
    html! {
        <section class="panel request" aria-label="Request builder" data-testid="request-builder">
            <h2>{ "Try a request" }</h2>
            <div class="form-grid">
                <label for="req-principal">{ "Principal" }</label>
                <input id="req-principal" list="principals" value={form.principal.clone()} onchange={set(Field::Principal)} data-testid="req-principal" />
                <label for="req-action">{ "Action" }</label>
                <input id="req-action" list="actions" value={form.action.clone()} onchange={set(Field::Action)} data-testid="req-action" />
                <label for="req-resource">{ "Resource" }</label>
                <input id="req-resource" list="resources" value={form.resource.clone()} onchange={set(Field::Resource)} placeholder="*" data-testid="req-resource" />
            </div>
            <datalist id="principals">{ for suggestions.principals.iter().map(|p| html! { <option value={p.clone()} /> }) }</datalist>
            <datalist id="actions">{ for suggestions.actions.iter().map(|p| html! { <option value={p.clone()} /> }) }</datalist>
            <datalist id="resources">{ for suggestions.resources.iter().map(|p| html! { <option value={p.clone()} /> }) }</datalist>
            <table class="context">
                <caption>{ "Context keys (a value written as [\"a\", \"b\"] is a list)" }</caption>
                <thead><tr><th scope="col">{ "Key" }</th><th scope="col">{ "Value" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                <tbody>
                    { for form.context.iter().enumerate().map(|(i, (k, v))| html! {
                        <tr>
                            <td><input value={k.clone()} onchange={cell(i, false)} aria-label={format!("Context key {}", i + 1)} /></td>
                            <td><input value={v.clone()} onchange={cell(i, true)} aria-label={format!("Value of {k}")} data-testid="context-value" /></td>
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
            if !left_out.is_empty() {
                <p class="missing" data-testid="left-out-keys">
                    { format!(
                        "Left out of the evaluation: {} (the cloud does not send {} with {}).",
                        left_out.join(", "),
                        if left_out.len() == 1 { "this key" } else { "these keys" },
                        form.action.trim()
                    ) }
                </p>
            }
            if let Some(r) = &props.analysis.request {
                // A different question from the Result panel's: say so beside its decision.
                <p class="request-answer" data-testid="request-scope">
                    { "This request's answer. It is not a check: it skips the role chain a check goes through, so it can differ from the selected check's decision." }
                </p>
                { evaluation_view(&dispatch, &r.evaluation, "request-evaluation") }
            } else if props.background && form.is_complete() {
                <p class="muted" data-testid="request-in-background">{ "This workspace is analysed in the background: the request's decision is under \"The request\" in the result panel." }</p>
            } else {
                <p class="muted" data-testid="request-prompt">{ match form.missing() {
                    Some(missing) => format!("Fill in {missing} to see the decision."),
                    None => "The scenario does not load: fix the problems it lists to see the decision.".to_string(),
                } }</p>
            }
        </section>
    }
}
