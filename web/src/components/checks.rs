//! The scenario's named checks, each with its decision and whether it is as expected.

use super::decision_style;
use crate::hooks::use_dispatch;
use policy_playground_app::analysis::Analysis;
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
}

/// The checks list.
#[component(Checks)]
pub fn checks(props: &ChecksProps) -> Html {
    let dispatch = use_dispatch();
    let checks = &props.analysis.checks;
    let passed = props.analysis.passed();
    html! {
        <section class="panel checks" aria-label="Checks" data-testid="checks">
            <h2>{ "Checks " }<span class="count" data-testid="checks-summary">{ format!("{passed} of {} as expected", checks.len()) }</span></h2>
            <ol>
                { for checks.iter().enumerate().map(|(i, c)| {
                    let (word, class, symbol) = decision_style(c.decision);
                    let select = {
                        let dispatch = dispatch.clone();
                        Callback::from(move |_| dispatch.dispatch(Action::SelectCheck(i)))
                    };
                    let ok = c.passed();
                    let selected = i == props.selected;
                    html! {
                        <li>
                            <button type="button"
                                class={classes!("check", selected.then_some("selected"), if ok { "pass" } else { "fail" })}
                                onclick={select}
                                aria-pressed={selected.to_string()}
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
