//! The scenario's named checks, each with its decision and whether it is as expected; with
//! predict first on, each check instead asks the learner "allow or deny?" until every check is
//! predicted, then shows the answers beside the predictions.

use super::decision_style;
use super::predict_bar::predict_bar;
use crate::hooks::use_dispatch;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::predict::{Guess, Predictions};
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Props of [`Checks`].
#[derive(Properties, PartialEq, Clone)]
pub struct ChecksProps {
    /// The analysis whose checks are listed.
    pub analysis: Shared<Analysis>,
    /// The shown check.
    pub selected: usize,
    /// Predict first: the switch and the predictions.
    #[prop_or_default]
    pub predict: Predictions,
}

/// The checks list.
#[component(Checks)]
pub fn checks(props: &ChecksProps) -> Html {
    let dispatch = use_dispatch();
    let checks = &props.analysis.checks;
    let passed = props.analysis.passed();
    let hidden = props.predict.hides(checks);
    let summary = if hidden {
        format!("{} of {} predicted", props.predict.predicted(checks), checks.len())
    } else {
        format!("{passed} of {} as expected", checks.len())
    };
    html! {
        <section class="panel checks" aria-label="Checks" data-testid="checks">
            <h2>{ "Scenario checks " }<span class="count" data-testid="checks-summary">{ summary }</span></h2>
            { predict_bar(&dispatch, &props.predict, &props.analysis) }
            // Arrow keys move between the checks (web/js/ui.js); the shown one is the tab stop.
            <ol data-roving="vertical" aria-label="Checks">
                { for checks.iter().enumerate().map(|(i, c)| {
                    let select = {
                        let dispatch = dispatch.clone();
                        Callback::from(move |_| dispatch.dispatch(Action::SelectCheck(i)))
                    };
                    let guess = props.predict.guess(&c.check);
                    let selected = i == props.selected;
                    if hidden {
                        let choose = |g: Guess| {
                            let dispatch = dispatch.clone();
                            Callback::from(move |_| dispatch.dispatch(Action::Predict { check: i, guess: g }))
                        };
                        let button = |g: Guess| html! {
                            <button type="button" class={classes!("small", "guess", (guess == Some(g)).then_some("chosen"))}
                                onclick={choose(g)} aria-pressed={(guess == Some(g)).to_string()}
                                aria-label={format!("Predict {} for {}", g.word(), c.check)}
                                data-testid={if g == Guess::Allow { "predict-allow" } else { "predict-deny" }}>
                                { g.word() }
                            </button>
                        };
                        return html! {
                            <li class="check predicting" data-testid="check" data-predicted={guess.is_some().to_string()}>
                                <span class="name">{ &c.check }</span>
                                <span class="guesses" role="group" aria-label={format!("Your prediction for {}", c.check)}>
                                    { button(Guess::Allow) }{ button(Guess::Deny) }
                                </span>
                            </li>
                        };
                    }
                    let (word, class, symbol) = decision_style(c.decision);
                    let ok = c.passed();
                    html! {
                        <li>
                            <button type="button"
                                class={classes!("check", selected.then_some("selected"), if ok { "pass" } else { "fail" })}
                                onclick={select}
                                aria-pressed={selected.to_string()}
                                tabindex={if selected { "0" } else { "-1" }}
                                data-roving-item=""
                                data-testid="check"
                                data-pass={ok.to_string()}>
                                <span class={classes!("decision-chip", class)}>{ symbol }{ " " }{ word }</span>
                                <span class="name">{ &c.check }</span>
                                <span class="verdict">{ if ok { "as expected" } else { "NOT as expected" } }</span>
                                if let Some(g) = guess.filter(|_| props.predict.on) {
                                    <span class={classes!("prediction", if g.matches(c.decision) { "right" } else { "wrong" })} data-testid="prediction">
                                        { format!("you said {}: {}", g.word(), if g.matches(c.decision) { "right" } else { "wrong" }) }
                                    </span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
