//! The "Lessons" entry of the toolbar: a button that opens the list of the bundled lessons, each
//! with whether it is done; choosing one opens it (the person's own work is kept, and comes back
//! when they leave the lesson).

use crate::browser;
use crate::hooks::use_dispatch;
use crate::lesson_storage;
use gloo::events::EventListener;
use policy_playground_app::banner::{Banner, BannerKind};
use policy_playground_app::lesson_mode::{OpenedLesson, Progress};
use policy_playground_app::lessons;
use policy_playground_app::state::Action;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`LessonsMenu`].
#[derive(Properties, PartialEq, Clone)]
pub struct LessonsMenuProps {
    /// The learner's progress (which lessons are done).
    pub progress: Rc<Progress>,
    /// The key of the open lesson, if any.
    pub active: Option<String>,
}

/// The Lessons button and its list.
#[component(LessonsMenu)]
pub fn lessons_menu(props: &LessonsMenuProps) -> Html {
    let dispatch = use_dispatch();
    let open = use_state(|| false);
    let summaries = use_memo((), |_| lessons::summaries());
    let list_ref = use_node_ref();
    // Escape closes the list and gives the focus back to the button.
    let button_ref = use_node_ref();
    {
        let (open, button_ref) = (open.clone(), button_ref.clone());
        use_effect_with(*open, move |&is_open| {
            let listener = is_open.then(|| {
                web_sys::window().map(|w| {
                    EventListener::new(&w, "keydown", move |e| {
                        let Some(k) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else { return };
                        if k.key() == "Escape" {
                            open.set(false);
                            if let Some(b) = button_ref.cast::<web_sys::HtmlElement>() {
                                let _ = b.focus();
                            }
                        }
                    })
                })
            });
            move || drop(listener)
        });
    }
    // The list takes the focus when it opens, so a keyboard user lands in it.
    {
        let list_ref = list_ref.clone();
        use_effect_with(*open, move |&is_open| {
            if is_open && let Some(list) = list_ref.cast::<web_sys::HtmlElement>() {
                let _ = list.focus();
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let done = summaries.iter().filter(|s| props.progress.is_done(s.file)).count();
    let choose = |file: &'static str| {
        let (dispatch, open) = (dispatch.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            match OpenedLesson::bundled(file) {
                Ok(opened) => {
                    let saved = lesson_storage::read_work(&opened.key);
                    // A share or lesson link in the address would open instead of this lesson on reload.
                    browser::replace_address(&browser::address_without_fragment());
                    dispatch.dispatch(Action::OpenLesson(opened.with_saved(saved)));
                }
                Err(e) => dispatch.dispatch(Action::ShowBanner(Banner::new(BannerKind::Error, e))),
            }
            open.set(false);
        })
    };
    html! {
        <div class="lessons-menu">
            <button type="button" ref={button_ref} onclick={toggle} aria-expanded={open.to_string()}
                aria-controls="lessons-list" data-testid="lessons">
                { "Lessons" }<span class="count">{ format!(" {done}/{}", summaries.len()) }</span>
            </button>
            if *open {
                <section id="lessons-list" class="lessons-list panel" aria-labelledby="lessons-list-title"
                    tabindex="-1" ref={list_ref} data-testid="lessons-list">
                    <h2 id="lessons-list-title">{ "Lessons" }<span class="count">{ format!("{done} of {} done", summaries.len()) }</span></h2>
                    <p class="muted">{ "Each lesson starts from a built-in scenario. Your own work is kept and comes back when you leave the lesson." }</p>
                    <ol>
                        { for summaries.iter().map(|s| {
                            let is_done = props.progress.is_done(s.file);
                            let current = props.active.as_deref() == Some(s.file);
                            html! {
                                <li class={classes!("lesson-entry", is_done.then_some("done"))} data-testid="lesson-entry" data-file={s.file} data-done={is_done.to_string()}>
                                    <button type="button" class="lesson-open" onclick={choose(s.file)} aria-current={current.then_some("true")}>
                                        <span class="lesson-name">{ &s.title }</span>
                                        <span class={classes!("lesson-state", if is_done { "pass" } else { "todo" })}>
                                            { if is_done { "✔ done" } else { "not done" } }
                                        </span>
                                    </button>
                                    <span class="muted lesson-goal">{ &s.goal }</span>
                                </li>
                            }
                        }) }
                    </ol>
                </section>
            }
        </div>
    }
}
