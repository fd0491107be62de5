//! The predict-first switch above the checks, and the learner's score once every check is
//! predicted.

use crate::hooks::use_dispatch;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::predict::Predictions;
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Props of [`PredictBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct PredictBarProps {
    /// The switch and the predictions.
    pub predict: Predictions,
    /// The checks predicted.
    pub analysis: Shared<Analysis>,
}

/// The switch, what to do while predicting, and the score after.
#[component(PredictBar)]
pub fn predict_bar(props: &PredictBarProps) -> Html {
    let dispatch = use_dispatch();
    let on = props.predict.on;
    let toggle = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: Event| dispatch.dispatch(Action::SetPredictFirst(!on)))
    };
    let again = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetPredictFirst(true)));
    let checks = &props.analysis.checks;
    html! {
        <div class="predict-bar">
            <label>
                <input type="checkbox" checked={on} onchange={toggle} data-testid="predict-first" />
                { " Predict first" }
            </label>
            if on {
                if let Some(score) = props.predict.score(checks) {
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
