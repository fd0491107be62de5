//! The first-visit tour: a small dialog walking through four parts of the page (the steps are
//! `policy_playground_app::tour`), outlining each part while it is described (web/style/app.css, from the dialog's `data-target`). It opens by itself
//! once (dismissing or finishing it is remembered in localStorage) and again from the "?" button.
//! Keyboard: it takes the focus when it opens, Escape closes it, and the focus goes back to where
//! it was.

use gloo::events::EventListener;
use policy_playground_app::tour::{self, SEEN_KEY, SEEN_VALUE, STEPS};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`Tour`].
#[derive(Properties, PartialEq, Clone)]
pub struct TourProps {
    /// The page is embedded in another (no tour by itself).
    pub embedded: bool,
    /// The page was opened from a share or lesson link (no tour by itself: the person came for that).
    pub opened_link: bool,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn remember_seen() {
    if let Some(storage) = local() {
        let _ = storage.set_item(SEEN_KEY, SEEN_VALUE);
    }
}

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.active_element()?.dyn_into().ok()
}

/// The "?" button and, while open, the tour's dialog.
#[component(Tour)]
pub fn tour(props: &TourProps) -> Html {
    let (embedded, opened_link) = (props.embedded, props.opened_link);
    let step = use_state(move || {
        let seen = local().and_then(|s| s.get_item(SEEN_KEY).ok().flatten());
        tour::show_on_open(seen.as_deref(), embedded, opened_link).then_some(0usize)
    });
    // Where the focus was before the tour opened, to give it back.
    let return_to = use_mut_ref(|| None::<web_sys::HtmlElement>);
    let help_ref = use_node_ref();
    let next_ref = use_node_ref();

    let close: Callback<()> = {
        let (step, return_to, help_ref) = (step.clone(), return_to.clone(), help_ref.clone());
        Callback::from(move |()| {
            step.set(None);
            remember_seen();
            // Where the focus goes once the dialog is gone (the effect below moves it).
            let mut back = return_to.borrow_mut();
            if back.as_ref().is_none_or(|el| !el.is_connected()) {
                *back = help_ref.cast::<web_sys::HtmlElement>();
            }
        })
    };
    // While open: Escape closes and the dialog has the focus (the step's part of the page is
    // outlined by the stylesheet, from the dialog's data-target).
    {
        let (close, next_ref, return_to, help_ref) =
            (close.clone(), next_ref.clone(), return_to.clone(), help_ref.clone());
        use_effect_with(*step, move |current| {
            if current.is_none()
                && let Some(el) = return_to.borrow_mut().take()
            {
                // The element may have been drawn again meanwhile: the ? button by its ref.
                let el = if el.is_connected() { Some(el) } else { help_ref.cast::<web_sys::HtmlElement>() };
                if let Some(el) = el {
                    let _ = el.focus();
                }
            }
            if current.is_some()
                && let Some(button) = next_ref.cast::<web_sys::HtmlElement>()
            {
                let _ = button.focus();
            }
            let listener = current.and_then(|_| {
                web_sys::window().map(|w| {
                    EventListener::new(&w, "keydown", move |e| {
                        if e.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
                            close.emit(());
                        }
                    })
                })
            });
            move || {
                drop(listener);
            }
        });
    }
    let open_tour = {
        let (step, return_to) = (step.clone(), return_to.clone());
        Callback::from(move |_: MouseEvent| {
            *return_to.borrow_mut() = active_element();
            step.set(Some(0));
        })
    };
    let help = html! {
        <button type="button" class="help" onclick={open_tour} ref={help_ref} aria-label="Help: show the tour" title="Show the tour"
            data-testid="help">{ "?" }</button>
    };
    // The same structure open or closed, so the ? button stays the same element and keeps the
    // focus given back to it.
    let Some(current) = *step else { return html! { <>{ help }</> } };
    let info = STEPS[current];
    let last = tour::next(current).is_none();
    let forward = {
        let (step, close) = (step.clone(), close.clone());
        Callback::from(move |_: MouseEvent| match tour::next(current) {
            Some(n) => step.set(Some(n)),
            None => close.emit(()),
        })
    };
    let back = {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step.set(Some(tour::previous(current))))
    };
    let dismiss = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close.emit(()))
    };
    html! {
        <>
            { help }
            <div class="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title" aria-describedby="tour-text" data-testid="tour"
                data-target={info.target}>
                <p class="muted">{ format!("Step {} of {}", current + 1, STEPS.len()) }</p>
                <h2 id="tour-title" data-testid="tour-title">{ info.title }</h2>
                <p id="tour-text">{ info.text }</p>
                <div class="tour-buttons">
                    <button type="button" class="small" onclick={back} disabled={current == 0} data-testid="tour-back">{ "Back" }</button>
                    <button type="button" onclick={forward} ref={next_ref} data-testid="tour-next">{ if last { "Done" } else { "Next" } }</button>
                    <button type="button" class="small" onclick={dismiss} data-testid="tour-close">{ "Close tour" }</button>
                </div>
            </div>
        </>
    }
}
