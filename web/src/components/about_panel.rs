//! "About this scenario": a collapsible panel with the scenario's description, the documentation
//! it is taken from, and the notes its policies and roles carry (all from the scenario data).

use policy_playground_app::about::About;
use yew::prelude::*;

/// Props of [`AboutPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct AboutPanelProps {
    /// What to show.
    pub about: About,
}

/// The panel, closed at first (a `<details>`: a button for keyboards and screen readers).
#[component(AboutPanel)]
pub fn about_panel(props: &AboutPanelProps) -> Html {
    let about = &props.about;
    html! {
        <details class="panel about" data-testid="about">
            <summary>{ "About this scenario" }<span class="count">{ format!(" {}", about.title) }</span></summary>
            if about.is_empty() {
                <p class="muted">{ "This scenario has no description." }</p>
            }
            if !about.description.is_empty() {
                <p data-testid="about-description">{ &about.description }</p>
            }
            if !about.sources.is_empty() {
                <h3>{ "Documentation sources" }</h3>
                <ul data-testid="about-sources">{ for about.sources.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            }
            if !about.notes.is_empty() {
                <h3>{ "Notes on its documents" }</h3>
                <dl class="about-notes">
                    { for about.notes.iter().map(|(what, note)| html! { <><dt>{ what }</dt><dd>{ note }</dd></> }) }
                </dl>
            }
        </details>
    }
}
