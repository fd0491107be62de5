//! The reference solution as a diff the learner can read: per document (or other part), the
//! lines it removes and adds among a little unchanged context; then a button to apply it, and
//! after applying, the same diff as what was changed.

use crate::hooks::use_dispatch;
use policy_playground_app::diff::{LineKind, PartDiff};
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Props of [`SolutionDiff`].
#[derive(Properties, PartialEq, Clone)]
pub struct SolutionDiffProps {
    /// The solution's differences from the work, part by part.
    pub diff: Shared<Vec<PartDiff>>,
    /// They have been applied.
    pub applied: bool,
}

/// The solution's diff, with Apply and Hide.
#[component(SolutionDiff)]
pub fn solution_diff(props: &SolutionDiffProps) -> Html {
    let dispatch = use_dispatch();
    let apply = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ApplySolution))
    };
    let hide = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ShowSolution(false)));
    let heading = if props.applied { "The solution, applied: what changed" } else { "A solution: what it would change" };
    html! {
        <section class="solution" aria-labelledby="solution-title" data-testid="lesson-solution">
            <h3 id="solution-title">{ heading }</h3>
            if props.diff.is_empty() {
                <p>{ "Your work already matches the reference solution." }</p>
            }
            { for props.diff.iter().map(|part| html! {
                <div class="diff-part" data-testid="diff-part">
                    <h4>
                        { &part.part }
                        <span class="count">{ format!("{} added, {} removed", part.added, part.removed) }</span>
                    </h4>
                    <pre class="diff" aria-label={format!("Changes to {}", part.part)}>
                        { for part.lines.iter().map(|l| {
                            let (class, mark, words) = match l.kind {
                                LineKind::Added => ("add", "+ ", "added: "),
                                LineKind::Removed => ("del", "− ", "removed: "),
                                LineKind::Same => ("same", "  ", ""),
                                LineKind::Skipped => ("skip", "⋯ ", ""),
                            };
                            html! {
                                <span class={classes!("diff-line", class)} data-testid="diff-line" data-kind={class}>
                                    <span aria-hidden="true">{ mark }</span>
                                    if !words.is_empty() { <span class="visually-hidden">{ words }</span> }
                                    { &l.text }{ "\n" }
                                </span>
                            }
                        }) }
                    </pre>
                </div>
            }) }
            <div class="row">
                if !props.applied {
                    <button type="button" onclick={apply} data-testid="lesson-apply-solution">{ "Apply this solution" }</button>
                }
                <button type="button" onclick={hide}>{ "Hide" }</button>
            </div>
        </section>
    }
}
