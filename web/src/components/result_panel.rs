//! The result panel: the decision large and unambiguous, the one-sentence summary, the hops,
//! the decisive statements (click to jump to them), each layer's outcome, and the
//! per-statement detail folded away.

use super::decision_style;
use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground::explain::Evaluation;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Opens `policy` in the editor at `span` (a statement link).
pub fn jump(dispatch: &Dispatch, policy: &str, span: policy_playground::span::Span) -> Callback<MouseEvent> {
    let (dispatch, policy) = (dispatch.clone(), policy.to_string());
    Callback::from(move |_| dispatch.dispatch(Action::JumpTo { policy: policy.clone(), span }))
}

/// The statement that came closest to allowing a denial, and the part that failed: a link to
/// that part in the editor.
fn near_miss_view(dispatch: &Dispatch, near: &policy_playground::explain::NearMiss) -> Html {
    html! {
        <p class="near-miss" data-testid="near-miss">
            <strong>{ "Closest: " }</strong>
            <button type="button" class="link" onclick={jump(dispatch, &near.statement.policy, near.span.unwrap_or(near.statement.span))}>
                { format!("{} of {}", near.statement.label, near.statement.policy) }
            </button>
            { format!(" failed on {}: {}", near.part, near.why) }
            if near.failed_parts > 1 {
                <span class="muted">{ format!(" (and {} more)", near.failed_parts - 1) }</span>
            }
        </p>
    }
}

/// Renders one evaluation: summary, decisive statements, layers, details.
pub fn evaluation_view(dispatch: &Dispatch, evaluation: &Evaluation, test_id: &'static str) -> Html {
    let (word, class, symbol) = decision_style(evaluation.decision);
    html! {
        <div class="evaluation" data-testid={test_id}>
            <p class={classes!("decision", class)} data-testid="decision">{ symbol }{ " " }{ word }</p>
            <p class="summary" data-testid="summary">{ &evaluation.summary }</p>
            if let Some(near) = &evaluation.near_miss {
                { near_miss_view(dispatch, near) }
            }
            if !evaluation.decisive.is_empty() {
                <h4>{ "Decisive statements" }</h4>
                <ul class="decisive">
                    { for evaluation.decisive.iter().map(|d| html! {
                        <li>
                            <button type="button" class="link" onclick={jump(dispatch, &d.policy, d.span)} data-testid="decisive">
                                { format!("{} of {}, line {}", d.label, d.policy, d.span.line) }
                            </button>
                        </li>
                    }) }
                </ul>
            }
            if !evaluation.missing_context_keys.is_empty() {
                <p class="muted">{ "Context keys tested but not supplied: " }{ evaluation.missing_context_keys.join(", ") }</p>
            }
            <ul class="notes">{ for evaluation.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            <h4>{ "Layers" }</h4>
            <ul class="layers">
                { for evaluation.layers.iter().filter(|l| l.outcome != "absent").map(|l| html! {
                    <li>
                        <details>
                            <summary>
                                <span class={classes!("outcome", l.outcome)}>{ l.outcome.replace('_', " ") }</span>
                                { " " }{ &l.title }
                                if let Some(note) = &l.note { <span class="muted">{ format!(" ({note})") }</span> }
                            </summary>
                            <ul>
                                { for l.policies.iter().flat_map(|p| p.statements.iter().map(move |s| (&p.name, s))).map(|(policy, s)| html! {
                                    <li class={if s.applies { "applies" } else { "skipped" }}>
                                        <button type="button" class="link" onclick={jump(dispatch, policy, s.statement.span)}>{ format!("{} of {}", s.statement.label, s.statement.policy) }</button>
                                        { ": " }{ &s.why }
                                        if !s.conditions.is_empty() {
                                            <ul>{ for s.conditions.iter().map(|c| html! {
                                                <li>{ if c.holds { "✔ " } else { "✖ " } }{ &c.detail }</li>
                                            }) }</ul>
                                        }
                                    </li>
                                }) }
                            </ul>
                        </details>
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// Props of [`ResultPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultPanelProps {
    /// The analysis whose check is shown.
    pub analysis: Shared<Analysis>,
    /// The shown check.
    pub selected: usize,
    /// The decision and its reason only, the rest folded under "Details" (an embed).
    #[prop_or_default]
    pub compact: bool,
    /// Shown under the decision, before the hops and the rest of the explanation (the chain
    /// diagram).
    #[prop_or_default]
    pub children: Children,
}

/// The result of the shown check.
#[component(ResultPanel)]
pub fn result_panel(props: &ResultPanelProps) -> Html {
    let dispatch = use_dispatch();
    let Some(check) = props.analysis.checks.get(props.selected) else {
        let message = if props.analysis.scenario.is_none() {
            "The scenario cannot be loaded; see the problems list."
        } else {
            "This scenario has no checks; use the request builder below."
        };
        return html! {
            <section class="panel result" aria-label="Result" id="result" tabindex="-1">
                <p class="muted">{ message }</p>
                { props.children.clone() }
            </section>
        };
    };
    let (word, class, symbol) = decision_style(check.decision);
    let (expected, _, _) = decision_style(check.expected);
    let hops = html! {
        <ol class="hops" data-testid="hops">
            { for check.preconditions.iter().map(|p| html! { <li class="hop fail" data-testid="hop" data-decision="implicit_deny">{ "before hop 1: " }{ p }</li> }) }
            { for check.hops.iter().map(|h| {
                let (_, class, symbol) = decision_style(h.decision);
                html! {
                    <li class={classes!("hop", class)} data-testid="hop" data-decision={h.decision.as_str()}>
                        <span>{ symbol }{ " " }{ &h.sentence }</span>
                        <span class="sides muted">{ format!(" (caller's side: {}; role's side: {})", h.caller_side.outcome.replace('_', " "), h.role_side.outcome.replace('_', " ")) }</span>
                        if let Some(e) = &h.evaluation {
                            <details><summary>{ "Hop detail" }</summary>{ evaluation_view(&dispatch, e, "hop-evaluation") }</details>
                        }
                    </li>
                }
            }) }
        </ol>
    };
    let details = html! {
        <>
        { for check.notes.iter().map(|n| html! { <p class="note">{ n }</p> }) }
        if let Some(hints) = props.analysis.hints_for(props.selected) {
            { hints_view(&dispatch, props.selected, hints) }
        }
        if let Some(f) = &check.final_request {
            <h3>{ format!("Final request: {} on {}", f.action, f.resource) }</h3>
            { evaluation_view(&dispatch, &f.evaluation, "final-evaluation") }
        }
        </>
    };
    html! {
        <section class="panel result" aria-label="Result" data-testid="result" id="result" tabindex="-1">
            <h2>{ &check.check }</h2>
            <p class={classes!("decision", "large", class)} data-testid="check-decision">{ symbol }{ " " }{ word }</p>
            <p class="summary" data-testid="check-summary">{ &check.summary }</p>
            // The near miss of the step that refused: the final request, else the last hop.
            if let Some(near) = check.final_request.as_ref().map(|f| &f.evaluation)
                .or_else(|| check.hops.last().filter(|h| h.decision != policy_playground::Decision::Allow).and_then(|h| h.evaluation.as_ref()))
                .and_then(|e| e.near_miss.as_ref()) {
                { near_miss_view(&dispatch, near) }
            }
            <p class="muted">
                { format!("Expected: {expected}. ") }
                { if check.passed() { "The check passes." } else { "The check FAILS." } }
            </p>
            if props.compact {
                <details class="more" data-testid="result-details"><summary>{ "Details" }</summary>{ hops }{ details }</details>
            } else {
                { props.children.clone() }
                { hops }
                { details }
            }
        </section>
    }
}

/// The engine's hints for a failing check: each proposal with what else it allows, and a
/// button that makes it when it is a set of document edits.
fn hints_view(dispatch: &Dispatch, check: usize, hints: &policy_playground::check_fixes::CheckFixes) -> Html {
    let apply = |proposal: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ApplyHint { check, proposal }))
    };
    let editable = |p: &policy_playground::fixes::Proposal| p.changes.iter().all(|c| c.change.edit().is_some());
    html! {
        <details class="hints" data-testid="hints" open=true>
            <summary>{ if hints.fixes.proposals.is_empty() { "How to allow it: no change found" } else { "How to allow it" } }</summary>
            <ol>
                { for hints.fixes.proposals.iter().enumerate().map(|(i, p)| html! {
                    <li data-testid="hint">
                        { &p.summary }
                        <ul class="muted">
                            { for p.changes.iter().map(|c| html! { <li>{ format!("Besides this request: {}", c.also.summary) }</li> }) }
                        </ul>
                        if editable(p) {
                            <button type="button" class="small" onclick={apply(i)} data-testid="apply-hint">{ "Apply" }</button>
                        }
                    </li>
                }) }
            </ol>
            // The engine's notes are clauses ("the caller is ..."): a sentence each here.
            { for hints.fixes.notes.iter().map(|n| html! { <p class="muted">{ sentence(n) }</p> }) }
        </details>
    }
}

/// `clause` as a sentence: its first letter capitalized.
fn sentence(clause: &str) -> String {
    let mut chars = clause.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
