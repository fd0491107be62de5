//! The policies-and-requests mode's panels: the layers (each policy opens in the shared editor)
//! and the table of requests, each row with its decision, its expectation's pass or fail, and
//! its explanation on demand; rows typed on one line, added from the catalogue, imported from
//! and exported to case files, or turned into a scenario check.

use super::decision_style;
use super::result_panel::{evaluation_view, jump};
use crate::browser;
use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::background::{RowLine, Summary};
use policy_playground_app::requests::{Layer, Requests};
use policy_playground_app::requests_edit::{RequestsEdit, RowEdit};
use policy_playground_app::requests_eval::{RowOutcome, RowResult};
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use policy_playground_app::workspace::{DocRef, Workspace};
use yew::prelude::*;

/// Dispatches a change of the mode's data at once.
fn send(dispatch: &Dispatch, edit: RequestsEdit) {
    dispatch.dispatch(Action::Requests { edit, at_ms: None });
}

/// Props of [`LayersPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct LayersPanelProps {
    /// The workspace (its policies and the mode's layers).
    pub workspace: Workspace,
    /// The document in the editor.
    pub open_doc: Option<DocRef>,
    /// No editing.
    pub read_only: bool,
}

/// The layers and their policies; a policy opens in the editor.
#[component(LayersPanel)]
pub fn layers_panel(props: &LayersPanelProps) -> Html {
    let dispatch = use_dispatch();
    let layers = &props.workspace.requests().layers;
    let aliyun = props.workspace.is_aliyun();
    let entries = layers.entries();
    // The layers a policy can join: those that hold several, the free single ones, each level and a new one.
    let mut targets = vec![Layer::Identity];
    if layers.resource.is_none() {
        targets.push(Layer::Resource);
    }
    if layers.session.is_none() {
        targets.push(Layer::Session);
    }
    if !aliyun {
        targets.push(Layer::Boundary);
    }
    targets.extend((0..=layers.control.len()).map(Layer::Control));
    if !aliyun {
        targets.extend((0..=layers.resource_control.len()).map(Layer::ResourceControl));
    }
    let on_add = {
        let (dispatch, targets) = (dispatch.clone(), targets.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(layer) = select.value().parse::<usize>().ok().and_then(|i| targets.get(i)) {
                send(&dispatch, RequestsEdit::AddPolicy(*layer));
            }
            select.set_value("");
        })
    };
    let mut groups: Vec<(Layer, Vec<String>)> = Vec::new();
    for (layer, name) in entries {
        match groups.last_mut() {
            Some((last, names)) if *last == layer => names.push(name),
            _ => groups.push((layer, vec![name])),
        }
    }
    let open = |name: &str| {
        let (dispatch, doc) = (dispatch.clone(), DocRef::Library(name.to_string()));
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SelectDoc(doc.clone())))
    };
    let remove = |name: &str| {
        let (dispatch, name) = (dispatch.clone(), name.to_string());
        Callback::from(move |_: MouseEvent| {
            if browser::confirm(&format!("Delete the policy {name:?}?")) {
                send(&dispatch, RequestsEdit::RemovePolicy(name.clone()));
            }
        })
    };
    html! {
        <nav class="panel explorer layers-panel" aria-label="Policies by layer" data-testid="layers">
            <h2>{ "Policies by layer" }</h2>
            if groups.is_empty() {
                <p class="muted">{ "No policies yet: add one to a layer." }</p>
            }
            { for groups.iter().map(|(layer, names)| html! {
                <section class="layer" data-testid="layer">
                    <h3>{ layer.title() }</h3>
                    <ul class="tree">
                        { for names.iter().map(|name| {
                            let selected = props.open_doc.as_ref() == Some(&DocRef::Library(name.clone()));
                            html! {
                                <li class="row">
                                    <button type="button" class={classes!("item", selected.then_some("selected"))} aria-pressed={selected.to_string()}
                                        onclick={open(name)} data-testid="layer-policy">{ name }</button>
                                    if !props.read_only {
                                        <button type="button" class="small" onclick={remove(name)} aria-label={format!("Delete {name}")}>{ "×" }</button>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }) }
            if !props.read_only {
                <label class="row">
                    <span class="visually-hidden">{ "Add a policy to a layer" }</span>
                    <select onchange={on_add} aria-label="Add a policy to a layer" data-testid="add-layer-policy">
                        <option value="" selected=true>{ "+ policy in layer…" }</option>
                        { for targets.iter().enumerate().map(|(i, l)| html! { <option value={i.to_string()}>{ l.title() }</option> }) }
                    </select>
                </label>
            }
        </nav>
    }
}

/// Props of [`RequestsTable`].
#[derive(Properties, PartialEq, Clone)]
pub struct RequestsTableProps {
    /// The mode's data.
    pub requests: Requests,
    /// The workspace (for exporting its policies).
    pub workspace: Workspace,
    /// The analysis holding each row's result.
    pub analysis: Shared<Analysis>,
    /// No editing.
    pub read_only: bool,
    /// When the workspace is analysed in the worker: what to say while a row has no answer.
    #[prop_or_default]
    pub background: Option<AttrValue>,
    /// The worker's summary, when it describes the table as it is.
    #[prop_or_default]
    pub summary: Option<Shared<Summary>>,
}

/// A row's decision from the worker's summary, in the same shape as [`verdict`]'s.
fn background_verdict(line: Option<&RowLine>, pending: &str, dispatch: &Dispatch) -> Html {
    let Some(line) = line else { return html! { <span class="muted">{ pending.to_string() }</span> } };
    let Some(decision) = line.decision.as_deref().and_then(policy_playground::Decision::from_name) else {
        let why = line.explanation.lines().next().unwrap_or_default().to_string();
        return html! { <span class="blocked" data-testid="row-blocked">{ why }</span> };
    };
    let expected = line.expected.as_deref().and_then(policy_playground::Decision::from_name);
    html! {
        <>
            { decision_chips(decision, line.passed, expected) }
            { for line.decisive.first().map(|d| html! {
                <>{ " " }<button type="button" class="link why" onclick={jump(dispatch, &d.policy, d.span)} data-testid="row-why">{ format!("{} of {}, line {}", d.label, d.policy, d.span.line) }</button></>
            }) }
        </>
    }
}

/// A row's decision as a chip, then whether it meets the row's expectation.
fn decision_chips(
    decision: policy_playground::Decision,
    passed: Option<bool>,
    expected: Option<policy_playground::Decision>,
) -> Html {
    let (word, class, symbol) = decision_style(decision);
    html! {
        <>
            <span class={classes!("decision-chip", class)} data-testid="row-decision" data-decision={decision.as_str()}>{ symbol }{ " " }{ word }</span>
            { match passed {
                Some(true) => html! { <span class="pass" data-testid="row-pass">{ " ✔ as expected" }</span> },
                Some(false) => html! { <span class="fail" data-testid="row-fail">{ " ✖ FAILS: expected " }{ expected.map(|d| decision_style(d).0).unwrap_or_default() }</span> },
                None => html! {},
            } }
        </>
    }
}

/// The decision of a row in one line: the word, pass or fail, and the decisive statement (or
/// the nearest miss, or why the row was not evaluated).
fn verdict(result: Option<&RowResult>) -> Html {
    let Some(result) = result else { return html! { <span class="muted">{ "evaluating…" }</span> } };
    match &result.outcome {
        RowOutcome::Incomplete(missing) => {
            html! { <span class="muted" data-testid="row-incomplete">{ format!("Fill in {missing}.") }</span> }
        }
        RowOutcome::Blocked(why) => html! { <span class="blocked" data-testid="row-blocked">{ why }</span> },
        RowOutcome::Evaluated(e) => {
            let why = e
                .decisive
                .first()
                .map(|d| format!("{} of {}", d.label, d.policy))
                .or_else(|| {
                    e.near_miss.as_ref().map(|n| {
                        format!("closest: {} of {}, failed on {}", n.statement.label, n.statement.policy, n.part)
                    })
                })
                .unwrap_or_else(|| e.summary.clone());
            html! {
                <>
                    { decision_chips(e.decision, result.passed(), result.expected) }
                    <span class="why" data-testid="row-why">{ " " }{ why }</span>
                </>
            }
        }
    }
}

/// The table of requests with its tools.
#[component(RequestsTable)]
pub fn requests_table(props: &RequestsTableProps) -> Html {
    let dispatch = use_dispatch();
    let expanded = use_state(|| None::<usize>);
    let exported = use_state(|| None::<String>);
    let rows = &props.requests.rows;
    let results = props.analysis.requests.as_ref();
    // A workspace analysed in the worker: the rows' answers are in its summary.
    let lines = props.summary.as_ref().and_then(|s| s.rows.as_ref());
    // A typed cell: one row's change, applied to the table as it is then, evaluated after the
    // debounce; the callbacks hold the row's number, not a copy of the table.
    let cell = |i: usize, change: fn(String) -> RowEdit| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let edit = RequestsEdit::Row(i, change(value));
            dispatch.dispatch(Action::Requests { edit, at_ms: Some(browser::now_ms()) });
        })
    };
    let on_expected = |i: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            send(&dispatch, RequestsEdit::Row(i, RowEdit::Expected(Some(value))));
        })
    };
    let on_typed = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                send(&dispatch, RequestsEdit::AddTyped(input.value()));
                input.set_value("");
            }
        })
    };
    let toggle = |i: usize| {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(if *expanded == Some(i) { None } else { Some(i) }))
    };
    let to_check = |i: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| send(&dispatch, RequestsEdit::RowToCheck(i)))
    };
    let remove_row = |i: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| send(&dispatch, RequestsEdit::Row(i, RowEdit::Remove)))
    };
    let add_row = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| send(&dispatch, RequestsEdit::AddRow))
    };
    let context_cell = |i: usize, key: usize, value_column: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let edit = RequestsEdit::Row(i, RowEdit::ContextCell { key, value_column, text });
            dispatch.dispatch(Action::Requests { edit, at_ms: Some(browser::now_ms()) });
        })
    };
    let add_key = |i: usize, key: String| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| send(&dispatch, RequestsEdit::Row(i, RowEdit::AddKey(key.clone()))))
    };
    let service_input = use_node_ref();
    let cases_area = use_node_ref();
    let on_catalogue = {
        let (dispatch, input) = (dispatch.clone(), service_input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(input) = input.cast::<web_sys::HtmlInputElement>() {
                send(&dispatch, RequestsEdit::AddFromCatalogue(input.value()));
            }
        })
    };
    let on_import_text = {
        let (dispatch, area) = (dispatch.clone(), cases_area.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(area) = area.cast::<web_sys::HtmlTextAreaElement>() {
                send(&dispatch, RequestsEdit::Import(area.value()));
            }
        })
    };
    let on_export = {
        let (exported, requests, workspace) = (exported.clone(), props.requests.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| exported.set(Some(requests.to_case_file(&workspace))))
    };
    let (passed, judged) = match lines.filter(|_| props.background.is_some()) {
        Some(l) => {
            (l.iter().filter(|r| r.passed == Some(true)).count(), l.iter().filter(|r| r.passed.is_some()).count())
        }
        None => results.map(|r| r.tally()).unwrap_or_default(),
    };
    let ro = props.read_only;
    html! {
        <section class="panel requests" aria-label="Requests" data-testid="requests">
            <h2>
                { "Requests" }
                if judged > 0 {
                    <span class={classes!("count", (passed < judged).then_some("has-errors"))} data-testid="requests-tally">
                        { format!("{passed} of {judged} as expected") }
                    </span>
                }
            </h2>
            <label class="typed-request">
                <span>{ "Add a request: " }</span>
                <input type="text" onkeydown={on_typed} disabled={ro} data-testid="typed-request"
                    placeholder="s3:GetObject arn:aws:s3:::bucket/key [principal], then Enter" aria-label="Add a request: action, resource, principal; Enter adds it" />
            </label>
            <ol class="request-rows" aria-live="polite">
                { for rows.iter().enumerate().map(|(i, row)| {
                    let result = results.and_then(|r| r.rows.get(i));
                    let line = lines.and_then(|l| l.get(i));
                    let open = *expanded == Some(i);
                    let expected = row.expected_decision().map(|d| d.as_str()).unwrap_or_default();
                    html! {
                        <li class="request-row" data-testid="request-row">
                            <div class="request-fields">
                                <input value={row.request.principal.clone()} oninput={cell(i, RowEdit::Principal)} disabled={ro}
                                    aria-label={format!("Principal of request {}", i + 1)} placeholder="principal" data-testid="row-principal" />
                                <input value={row.request.action.clone()} oninput={cell(i, RowEdit::Action)} disabled={ro}
                                    aria-label={format!("Action of request {}", i + 1)} placeholder="action" data-testid="row-action" />
                                <input value={row.request.resource.clone()} oninput={cell(i, RowEdit::Resource)} disabled={ro}
                                    aria-label={format!("Resource of request {}", i + 1)} placeholder="resource (*)" data-testid="row-resource" />
                                <select onchange={on_expected(i)} disabled={ro} aria-label={format!("Expected decision of request {}", i + 1)} data-testid="row-expected">
                                    { for [("", "expect: any"), ("allow", "expect: Allow"), ("explicit_deny", "expect: Explicit deny"), ("implicit_deny", "expect: Implicit deny")]
                                        .iter().map(|(v, t)| html! { <option value={*v} selected={*v == expected}>{ *t }</option> }) }
                                </select>
                            </div>
                            <div class="row request-verdict">
                                if let Some(pending) = &props.background {
                                    { background_verdict(line, pending, &dispatch) }
                                } else {
                                    { verdict(result) }
                                }
                            </div>
                            <div class="row">
                                <button type="button" class="small" onclick={toggle(i)} aria-expanded={open.to_string()} data-testid="row-explain">
                                    { if open { "Hide explanation" } else { "Explain" } }
                                </button>
                                if !ro {
                                    <button type="button" class="small" onclick={to_check(i)} data-testid="row-to-check">{ "To scenario check" }</button>
                                    <button type="button" class="small" onclick={remove_row(i)} aria-label={format!("Remove request {}", i + 1)}>{ "×" }</button>
                                }
                            </div>
                            if open {
                                <div class="row-detail" data-testid="row-detail">
                                    <table class="context">
                                        <caption>{ "Context keys (a value written as [\"a\", \"b\"] is a list)" }</caption>
                                        <tbody>
                                            { for row.request.context.iter().enumerate().map(|(k, (key, value))| html! {
                                                <tr>
                                                    <td><input value={key.clone()} oninput={context_cell(i, k, false)} disabled={ro} aria-label={format!("Context key {}", k + 1)} /></td>
                                                    <td><input value={value.clone()} oninput={context_cell(i, k, true)} disabled={ro} aria-label={format!("Value of {key}")} /></td>
                                                </tr>
                                            }) }
                                        </tbody>
                                    </table>
                                    if !ro {
                                        <button type="button" class="small" onclick={add_key(i, String::new())}>{ "+ context key" }</button>
                                        { for result.and_then(RowResult::evaluation).into_iter().flat_map(|e| e.missing_context_keys.iter())
                                            .filter(|k| !k.contains(' ') && !row.request.context.iter().any(|(key, _)| key.eq_ignore_ascii_case(k)))
                                            .map(|k| html! { <button type="button" class="small" onclick={add_key(i, k.clone())}>{ format!("+ {k}") }</button> }) }
                                    }
                                    if let Some(e) = result.and_then(RowResult::evaluation) {
                                        { evaluation_view(&dispatch, e, "row-evaluation") }
                                    }
                                    if let Some(line) = line.filter(|_| props.background.is_some()) {
                                        <pre class="explanation-text" data-testid="row-evaluation">{ &line.explanation }</pre>
                                    }
                                </div>
                            }
                        </li>
                    }
                }) }
            </ol>
            if !ro {
                <button type="button" class="small" onclick={add_row} data-testid="add-row">{ "+ request" }</button>
                <form class="row" onsubmit={on_catalogue} data-testid="catalogue-rows">
                    <label for="catalogue-service">{ "All actions of service" }</label>
                    <input id="catalogue-service" ref={service_input} size="8" placeholder="s3" data-testid="catalogue-service" />
                    <button type="submit" class="small">{ "that these policies allow" }</button>
                </form>
            }
            <details class="case-files" data-testid="case-files">
                <summary>{ "Case files (the CLI's eval format)" }</summary>
                if !ro {
                    <form onsubmit={on_import_text}>
                        <label for="import-cases">{ "Paste a case file:" }</label>
                        <textarea id="import-cases" ref={cases_area} rows="6" data-testid="import-text" />
                        <button type="submit" class="small" data-testid="import">{ "Import" }</button>
                    </form>
                }
                <button type="button" class="small" onclick={on_export} data-testid="export">{ "Export the table as a case file" }</button>
                if let Some(text) = &*exported {
                    <textarea readonly=true rows="8" value={text.clone()} aria-label="Exported case file" data-testid="exported" />
                }
            </details>
        </section>
    }
}

/// Props of [`ModeSwitch`].
#[derive(Properties, PartialEq, Clone)]
pub struct ModeSwitchProps {
    /// The policies-and-requests mode is shown.
    pub shown: bool,
}

/// The toolbar's switch between the scenario and the policies-and-requests mode.
#[component(ModeSwitch)]
pub fn mode_switch(props: &ModeSwitchProps) -> Html {
    let dispatch = use_dispatch();
    let shown = props.shown;
    let onclick = Callback::from(move |_: MouseEvent| send(&dispatch, RequestsEdit::Show(!shown)));
    html! {
        <button type="button" {onclick} aria-pressed={shown.to_string()} data-testid="mode-switch">
            { if shown { "Back to the scenario" } else { "Policies and requests" } }
        </button>
    }
}
