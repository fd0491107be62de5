//! The scenario's named checks, each with its decision and whether it is as expected.

use super::{AppContext, decision_style};
use crate::state::Action;
use yew::prelude::*;

/// The checks list.
#[component(Checks)]
pub fn checks() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let checks = &state.analysis.checks;
    let passed = checks.iter().filter(|c| c.passed()).count();
    html! {
        <section class="panel checks" aria-label="Checks" data-testid="checks">
            <h2>{ "Checks " }<span class="count" data-testid="checks-summary">{ format!("{passed} of {} as expected", checks.len()) }</span></h2>
            <ol>
                { for checks.iter().enumerate().map(|(i, c)| {
                    let (word, class, symbol) = decision_style(c.decision);
                    let select = {
                        let state = state.clone();
                        Callback::from(move |_| state.dispatch(Action::SelectCheck(i)))
                    };
                    let ok = c.passed();
                    html! {
                        <li>
                            <button type="button"
                                class={classes!("check", (i == state.selected_check).then_some("selected"), if ok { "pass" } else { "fail" })}
                                onclick={select}
                                aria-pressed={(i == state.selected_check).to_string()}
                                data-testid="check"
                                data-pass={ok.to_string()}>
                                <span class={classes!("decision-chip", class)}>{ symbol }{ " " }{ word }</span>
                                <span class="name">{ &c.check }</span>
                                <span class="verdict">{ if ok { "as expected" } else { "NOT as expected" } }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
