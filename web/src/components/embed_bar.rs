//! The embed's link to the full playground, carrying the embedded workspace.

use crate::browser;
use policy_playground_app::share;
use policy_playground_app::workspace::Workspace;
use yew::prelude::*;

/// Props of [`EmbedBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct EmbedBarProps {
    /// The workspace the link opens.
    pub workspace: Workspace,
}

/// "Open in the playground", with the workspace in the link (encoded again only when it changes).
#[component(EmbedBar)]
pub fn embed_bar(props: &EmbedBarProps) -> Html {
    let link = use_memo(props.workspace.clone(), |w| format!("{}#{}", browser::page_path(), share::encode(w)));
    html! {
        <p class="embed-bar"><a href={(*link).clone()} target="_blank" rel="noopener" data-testid="open-in-playground">{ "Open in the playground ↗" }</a></p>
    }
}
