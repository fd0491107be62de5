//! The reference solution as a diff the learner can read: per document (or other part), the
//! lines it removes and adds among a little unchanged context; then a button to apply it, and
//! after applying, the same diff as what was changed.

use crate::store::Dispatch;
use policy_playground_app::diff::{LineKind, PartDiff};
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use yew::prelude::*;

/// The solution's diff (`diff`, the differences from the work part by part; `applied` once
/// applied), with Apply and Hide. A function rather than a component: it is drawn only inside the
/// lesson panel, which re-renders it when the lesson changes (each component costs the wasm a
/// copy of Yew's lifecycle code).
pub fn solution_diff(dispatch: &Dispatch, diff: &Shared<Vec<PartDiff>>, applied: bool) -> Html {
    let apply = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ApplySolution))
    };
    let dispatch = dispatch.clone();
    let hide = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ShowSolution(false)));
    let heading = if applied { "The solution, applied: what changed" } else { "A solution: what it would change" };
    html! {
        <section class="solution" aria-labelledby="solution-title" data-testid="lesson-solution">
            <h3 id="solution-title">{ heading }</h3>
            if diff.is_empty() {
                <p>{ "Your work already matches the reference solution." }</p>
            }
            { for diff.iter().map(|part| html! {
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
                if !applied {
                    <button type="button" onclick={apply} data-testid="lesson-apply-solution">{ "Apply this solution" }</button>
                }
                <button type="button" onclick={hide}>{ "Hide" }</button>
            </div>
        </section>
    }
}
