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

fn input_value(e: &InputEvent) -> String {
    let target: web_sys::HtmlInputElement = e.target_unchecked_into();
    target.value()
}

/// The panel, closed at first.
#[component(AuthorPanel)]
pub fn author_panel(props: &AuthorPanelProps) -> Html {
    let dispatch = use_dispatch();
    let open = use_state(|| false);
    let check_name = use_state(String::new);
    let expected = use_state(|| Decision::Allow);
    let draft = use_state(LessonDraft::default);
    let exported = use_state(|| None::<Result<Exported, String>>);

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_name = {
        let check_name = check_name.clone();
        Callback::from(move |e: InputEvent| check_name.set(input_value(&e)))
    };
    let on_expected = {
        let expected = expected.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            expected.set(Decision::from_name(&select.value()).unwrap_or(Decision::Allow));
        })
    };
    let save_check = {
        let (dispatch, check_name, expected) = (dispatch.clone(), check_name.clone(), expected.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::SaveRequestAsCheck { name: (*check_name).clone(), expected: *expected });
        })
    };
    // One setter per text field of the draft.
    let field = |set: fn(&mut LessonDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            set(&mut next, input_value(&e));
            draft.set(next);
        })
    };
    let on_hints = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            // A textarea's value, read as a property (web-sys's textarea type is not compiled in).
            let value = e
                .target()
                .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            draft.set(LessonDraft { hints: value, ..(*draft).clone() });
        })
    };
    let toggle_editable = |doc: DocRef| {
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            let mut next = (*draft).clone();
            if !next.editable.remove(&doc) {
                next.editable.insert(doc.clone());
            }
            draft.set(next);
        })
    };
    let mark_solution = {
        let (draft, workspace) = (draft.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            draft.set(LessonDraft { solution: Some(workspace.clone()), ..(*draft).clone() });
        })
    };
    let export = {
        let (draft, exported, workspace) = (draft.clone(), exported.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            let made = export_lesson(&workspace, &draft).map_err(|e| e.to_string()).map(|text| Exported {
                file_name: lesson_file_name(&draft.title),
                link: format!("{}#{}", browser::address_without_fragment(), lessons::encode_link(&text)),
                text,
            });
            exported.set(Some(made));
        })
    };
    let editable_docs: Vec<_> = props.workspace.documents().into_iter().filter(|d| !d.read_only).collect();
    html! {
        <section class="panel author" aria-labelledby="author-toggle" data-testid="author">
            <h2>
                <button type="button" id="author-toggle" class="about-toggle" onclick={toggle} aria-expanded={open.to_string()}
                    aria-controls="author-body" data-testid="author-toggle">
                    <span aria-hidden="true">{ if *open { "▾ " } else { "▸ " } }</span>
                    { "Author a lesson" }
                </button>
            </h2>
            if *open {
                <div id="author-body" class="author-body">
                    <fieldset>
                        <legend>{ "Save the request builder's request as a check" }</legend>
                        <label>{ "Name " }<input value={(*check_name).clone()} oninput={on_name} data-testid="author-check-name" /></label>
                        <label>{ " should be " }
                            <select onchange={on_expected} data-testid="author-expected">
                                { for [Decision::Allow, Decision::ExplicitDeny, Decision::ImplicitDeny].into_iter().map(|d| html! {
                                    <option value={d.as_str()} selected={*expected == d}>{ d.as_str().replace('_', " ") }</option>
                                }) }
                            </select>
                        </label>
                        <button type="button" onclick={save_check} disabled={props.read_only} data-testid="author-save-check">{ "Save as check" }</button>
                    </fieldset>
                    <fieldset>
                        <legend>{ "Export as lesson" }</legend>
                        <label class="block">{ "Title" }<input value={draft.title.clone()} oninput={field(|d, v| d.title = v)} data-testid="author-title" /></label>
                        <label class="block">{ "Goal" }<input value={draft.goal.clone()} oninput={field(|d, v| d.goal = v)} data-testid="author-goal" /></label>
                        <label class="block">{ "Hints, one per line" }
                            <textarea rows="3" value={draft.hints.clone()} oninput={on_hints} data-testid="author-hints" />
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
                        { match &*exported {
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
