//! Author mode, for trainers: save the request builder's request as a check with the decision it
//! should have, and export the workspace as a lesson (a file to download and a lesson link),
//! with a goal, hints, the documents the learner may edit, and optionally a reference solution
//! marked before breaking the scenario on purpose. The work is done by
//! `policy_playground_app::author`; this panel is its form.

use crate::browser;
use crate::hooks::use_dispatch;
use policy_playground::Decision;
use policy_playground_app::author::{LessonDraft, export_lesson, lesson_file_name};
use policy_playground_app::lessons;
use policy_playground_app::state::Action;
use policy_playground_app::workspace::{DocRef, Workspace};
use yew::prelude::*;

/// Props of [`AuthorPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct AuthorPanelProps {
    /// The workspace to save checks into and export.
    pub workspace: Workspace,
    /// No saving (embedded, read-only).
    pub read_only: bool,
}

/// What the last export made.
#[derive(Clone, PartialEq)]
struct Exported {
    file_name: String,
    text: String,
    link: String,
}

/// The panel's form, in one state (one hook instead of one per field keeps the wasm smaller).
#[derive(Clone, PartialEq, Default)]
struct AuthorForm {
    open: bool,
    check_name: String,
    expected: Option<Decision>,
    draft: LessonDraft,
    exported: Option<Result<Exported, String>>,
}

/// The value of the input, select or textarea an event came from (read as a property, so one
/// reader serves all three).
fn value_of(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The panel, closed at first.
#[component(AuthorPanel)]
pub fn author_panel(props: &AuthorPanelProps) -> Html {
    let dispatch = use_dispatch();
    let form = use_state(AuthorForm::default);
    // A callback changing the form with what the event says.
    let change = |set: fn(&mut AuthorForm, &Event)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            set(&mut next, &e);
            form.set(next);
        })
    };
    let toggle = change(|f, _| f.open = !f.open);
    let on_name = change(|f, e| f.check_name = value_of(e));
    let on_expected = change(|f, e| f.expected = Decision::from_name(&value_of(e)));
    let on_title = change(|f, e| f.draft.title = value_of(e));
    let on_goal = change(|f, e| f.draft.goal = value_of(e));
    let on_hints = change(|f, e| f.draft.hints = value_of(e));
    let expected = form.expected.unwrap_or(Decision::Allow);
    let save_check = {
        let (dispatch, name) = (dispatch.clone(), form.check_name.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::SaveRequestAsCheck { name: name.clone(), expected });
        })
    };
    let toggle_editable = |doc: DocRef| {
        let form = form.clone();
        Callback::from(move |_: Event| {
            let mut next = (*form).clone();
            let editable = &mut next.draft.editable;
            match editable.iter().position(|d| *d == doc) {
                Some(i) => drop(editable.remove(i)),
                None => editable.push(doc.clone()),
            }
            form.set(next);
        })
    };
    let mark_solution = {
        let (form, workspace) = (form.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.draft.solution = Some(workspace.clone());
            form.set(next);
        })
    };
    let export = {
        let (form, workspace) = (form.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            let draft = &next.draft;
            next.exported = Some(export_lesson(&workspace, draft).map_err(|e| e.to_string()).map(|text| Exported {
                file_name: lesson_file_name(&draft.title),
                link: format!("{}#{}", browser::address_without_fragment(), lessons::encode_link(&text)),
                text,
            }));
            form.set(next);
        })
    };
    let draft = &form.draft;
    let editable_docs: Vec<_> = props.workspace.documents().into_iter().filter(|d| !d.read_only).collect();
    html! {
        <section class="panel author" aria-labelledby="author-toggle" data-testid="author">
            <h2>
                <button type="button" id="author-toggle" class="about-toggle" onclick={toggle.reform(Event::from)} aria-expanded={form.open.to_string()}
                    aria-controls="author-body" data-testid="author-toggle">
                    <span aria-hidden="true">{ if form.open { "▾ " } else { "▸ " } }</span>
                    { "Author a lesson" }
                </button>
            </h2>
            if form.open {
                <div id="author-body" class="author-body">
                    <fieldset>
                        <legend>{ "Save the request builder's request as a check" }</legend>
                        <label>{ "Name " }<input value={form.check_name.clone()} oninput={on_name.reform(Event::from)} data-testid="author-check-name" /></label>
                        <label>{ " should be " }
                            <select onchange={on_expected} data-testid="author-expected">
                                { for [Decision::Allow, Decision::ExplicitDeny, Decision::ImplicitDeny].into_iter().map(|d| html! {
                                    <option value={d.as_str()} selected={expected == d}>{ d.as_str().replace('_', " ") }</option>
                                }) }
                            </select>
                        </label>
                        <button type="button" onclick={save_check} disabled={props.read_only} data-testid="author-save-check">{ "Save as check" }</button>
                    </fieldset>
                    <fieldset>
                        <legend>{ "Export as lesson" }</legend>
                        <label class="block">{ "Title" }<input value={draft.title.clone()} oninput={on_title.reform(Event::from)} data-testid="author-title" /></label>
                        <label class="block">{ "Goal" }<input value={draft.goal.clone()} oninput={on_goal.reform(Event::from)} data-testid="author-goal" /></label>
                        <label class="block">{ "Hints, one per line" }
                            <textarea rows="3" value={draft.hints.clone()} oninput={on_hints.reform(Event::from)} data-testid="author-hints" />
                        </label>
                        <p class="muted">{ "Documents the learner may edit:" }</p>
                        <ul class="author-editable">
                            { for editable_docs.iter().map(|d| html! {
                                <li><label>
                                    <input type="checkbox" checked={draft.editable.contains(&d.doc)} onchange={toggle_editable(d.doc.clone())}
                                        data-testid="author-editable" />
                                    { " " }{ &d.name }
                                </label></li>
                            }) }
                        </ul>
                        <p>
                            <button type="button" class="small" onclick={mark_solution} data-testid="author-mark-solution">{ "Use the current state as the solution" }</button>
                            <span class="muted">{ if draft.solution.is_some() {
                                " Solution marked: now break the scenario on purpose, then export."
                            } else {
                                " No solution marked: the starting state is the reference."
                            } }</span>
                        </p>
                        <button type="button" onclick={export} data-testid="author-export">{ "Export as lesson" }</button>
                        { match &form.exported {
                            None => html! {},
                            Some(Err(why)) => html! { <p class="error" role="alert" data-testid="author-error">{ why }</p> },
                            Some(Ok(made)) => {
                                let href = format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(&made.text));
                                html! {
                                    <p class="author-output">
                                        <a href={href} download={made.file_name.clone()} data-testid="author-download">{ format!("Download {}", made.file_name) }</a>
                                        <input class="share-link" readonly=true value={made.link.clone()} aria-label="Lesson link" data-testid="author-link" />
                                    </p>
                                }
                            }
                        } }
                    </fieldset>
                </div>
            }
        </section>
    }
}
