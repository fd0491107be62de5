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

/// The panel, closed at first: a button that shows or hides it (the hidden text is not in the
/// page, so it is neither read out nor found by a search of the page while closed).
#[component(AboutPanel)]
pub fn about_panel(props: &AboutPanelProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let about = &props.about;
    html! {
        <section class="panel about" aria-labelledby="about-toggle" data-testid="about">
            <h2>
                <button type="button" id="about-toggle" class="about-toggle" onclick={toggle} aria-expanded={open.to_string()}
                    aria-controls="about-body" data-testid="about-toggle">
                    <span aria-hidden="true">{ if *open { "▾ " } else { "▸ " } }</span>
                    { "About this scenario" }
                </button>
                <span class="count">{ &about.title }</span>
            </h2>
            if *open {
                <div id="about-body">
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
                </div>
            }
        </section>
    }
}
