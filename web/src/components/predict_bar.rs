//! The predict-first switch above the checks, and the learner's score once every check is
//! predicted.

use crate::store::Dispatch;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::predict::Predictions;
use policy_playground_app::state::Action;
use yew::prelude::*;

/// The switch, what to do while predicting, and the score after (drawn by the checks panel; a
/// function rather than a component of its own, which would add its machinery to the wasm).
pub fn predict_bar(dispatch: &Dispatch, predict: &Predictions, analysis: &Analysis) -> Html {
    let on = predict.on;
    let toggle = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: Event| dispatch.dispatch(Action::SetPredictFirst(!on)))
    };
    let again = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetPredictFirst(true)))
    };
    html! {
        <div class="predict-bar">
            <label>
                <input type="checkbox" checked={on} onchange={toggle} data-testid="predict-first" />
                { " Predict first" }
            </label>
            if on {
                if let Some(score) = predict.score(&analysis.checks) {
                    <span class="score" role="status" data-testid="predict-score">{ score.to_string() }</span>
                    <button type="button" class="small" onclick={again} data-testid="predict-again">{ "Predict again" }</button>
                } else {
                    <span class="muted" data-testid="predict-instructions">
                        { "Will each check be allowed or denied? The answers and explanations show once every check is predicted." }
                    </span>
                }
            }
        </div>
    }
}
