//! The scenario's problems (what the loader reports), under the editor.

use policy_playground::issue::Severity;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::shared::Shared;
use yew::prelude::*;

/// Props of [`Problems`].
#[derive(Properties, PartialEq, Clone)]
pub struct ProblemsProps {
    /// The analysis whose problems are listed.
    pub analysis: Shared<Analysis>,
}

/// The problems list; nothing when there are none.
#[component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    let problems = &props.analysis.problems;
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <section class="panel problems" aria-label="Problems" data-testid="problems">
            <h2>{ "Problems" }</h2>
            <ul>
                { for problems.iter().map(|p| html! {
                    <li class={if p.severity == Severity::Error { "error" } else { "warning" }}>{ &p.message }</li>
                }) }
            </ul>
        </section>
    }
}
