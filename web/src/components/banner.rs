//! The message across the top of the page.

use super::AppContext;
use crate::state::Action;
use yew::prelude::*;

/// Shows the current banner, with a button to dismiss it.
#[component(BannerBar)]
pub fn banner_bar() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let Some(banner) = state.banner.clone() else { return html! {} };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::DismissBanner))
    };
    let role = if banner.kind == "error" { "alert" } else { "status" };
    html! {
        <div class={classes!("banner", banner.kind)} role={role} data-testid="banner">
            <span>{ banner.text }</span>
            <button type="button" onclick={dismiss} aria-label="Dismiss message">{ "Dismiss" }</button>
        </div>
    }
}
