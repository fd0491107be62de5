//! The first-visit tour: a small dialog walking through four parts of the page (the steps are
//! `policy_playground_app::tour`), outlining each part while it is described (web/style/app.css, from the dialog's `data-target`). It opens by itself
//! once (dismissing or finishing it is remembered in localStorage) and again from the "?" button.
//! Keyboard: it takes the focus when it opens, Escape closes it, and the focus goes back to the
//! "?" button it opens from.

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

/// The "?" button and, while open, the tour's dialog.
#[component(Tour)]
pub fn tour(props: &TourProps) -> Html {
    let (embedded, opened_link) = (props.embedded, props.opened_link);
    let step = use_state(move || {
        let seen = local().and_then(|s| s.get_item(SEEN_KEY).ok().flatten());
        tour::show_on_open(seen.as_deref(), embedded, opened_link).then_some(0usize)
    });
    let help_ref = use_node_ref();
    let next_ref = use_node_ref();

    let close: Callback<()> = {
        let (step, help_ref) = (step.clone(), help_ref.clone());
        Callback::from(move |()| {
            step.set(None);
            remember_seen();
            // The tour opens from the ? button (or by itself, when nothing had the focus): the
            // focus goes back to the button, which stays the same element when the dialog goes.
            if let Some(help) = help_ref.cast::<web_sys::HtmlElement>() {
                let _ = help.focus();
            }
        })
    };
    // While open: Escape closes and the dialog has the focus (the step's part of the page is
    // outlined by the stylesheet, from the dialog's data-target).
    {
        let (close, next_ref) = (close.clone(), next_ref.clone());
        use_effect_with(*step, move |current| {
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
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step.set(Some(0)))
    };
    let help = html! {
        <button type="button" class="help" onclick={open_tour} ref={help_ref} aria-label="Help: show the tour" title="Show the tour"
            data-testid="help">{ "?" }</button>
    };
    // The ? button last, open or closed: Yew matches a list's children from the end, so the button
    // stays the same element and keeps the focus given back to it.
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
            { help }
        </>
    }
}
