//! The message across the top of the page.

use crate::hooks::use_dispatch;
use policy_playground_app::banner::{Banner, BannerKind};
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Props of [`BannerBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct BannerProps {
    /// The message, if any.
    pub banner: Option<Banner>,
}

/// Shows the current banner, with a button to dismiss it.
#[component(BannerBar)]
pub fn banner_bar(props: &BannerProps) -> Html {
    let dispatch = use_dispatch();
    let Some(banner) = props.banner.clone() else { return html! {} };
    let dismiss = Callback::from(move |_| dispatch.dispatch(Action::DismissBanner));
    let role = if banner.kind == BannerKind::Error { "alert" } else { "status" };
    html! {
        <div class={classes!("banner", banner.kind.as_str())} role={role} data-testid="banner">
            <span>{ banner.text }</span>
            <button type="button" onclick={dismiss} aria-label="Dismiss message">{ "Dismiss" }</button>
        </div>
    }
}
