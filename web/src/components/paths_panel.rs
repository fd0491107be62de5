//! The path search's panel: the question, then (after 200 ms of work) its progress with Cancel,
//! then the answer: how many chains (and the cap), every identity found with its distance, and
//! the chains, shortest first; the selected one is drawn on the chain view and explained hop by
//! hop (click a statement to jump to it).

use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground::span::Span;
use policy_playground_app::paths::{Because, Chain, PathSearch, PathsView, SearchStatus, allowed_by};
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Identities listed before "and N more".
const SHOWN_IDENTITIES: usize = 50;

/// Props of [`PathsPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct PathsPanelProps {
    /// The search shown.
    pub search: PathSearch,
}

fn statement_links(dispatch: &Dispatch, because: &[Because]) -> Html {
    html! {
        { for because.iter().enumerate().map(|(i, b)| {
            let (dispatch, policy) = (dispatch.clone(), b.policy.clone());
            let span = Span { start: b.start, end: b.end, ..Span::default() };
            let jump = Callback::from(move |_| dispatch.dispatch(Action::JumpTo { policy: policy.clone(), span }));
            html! { <>{ if i > 0 { ", " } else { "" } }<button type="button" class="link" onclick={jump}>{ format!("{} of {}", b.label, b.policy) }</button></> }
        }) }
    }
}

fn chain_detail(dispatch: &Dispatch, chain: &Chain) -> Html {
    html! {
        <ol class="path-hops" data-testid="path-hops" aria-label="The selected chain, hop by hop">
            { for chain.hops.iter().map(|h| html! {
                <li data-testid="path-hop">
                    <code>{ &h.caller }</code>{ " assumes " }<code>{ &h.role }</code>{ ": " }
                    if h.because.is_empty() { { allowed_by(&h.because) } } else { { "allowed by " }{ statement_links(dispatch, &h.because) } }
                </li>
            }) }
            if !chain.allowed_by.is_empty() {
                <li class="final">
                    <code>{ chain.hops.last().map(|h| h.role.as_str()).unwrap_or(&chain.from) }</code>
                    { " may do it: allowed by " }{ statement_links(dispatch, &chain.allowed_by) }
                </li>
            }
        </ol>
    }
}

fn answer_view(dispatch: &Dispatch, view: &PathsView, selected: Option<usize>) -> Html {
    let more = view.identities.len().saturating_sub(SHOWN_IDENTITIES);
    html! {
        <>
            <p class="muted" data-testid="paths-count">{ format!("{}; {} decisions.", view.count(), view.evaluations) }</p>
            if !view.identities.is_empty() {
                <details class="path-identities">
                    <summary data-testid="paths-identities">{ format!("{} found, nearest first", view.identities.len()) }</summary>
                    <ul>
                        { for view.identities.iter().take(SHOWN_IDENTITIES).map(|(who, hops)| html! {
                            <li><code>{ who }</code>{ format!(" ({hops} hop{})", if *hops == 1 { "" } else { "s" }) }</li>
                        }) }
                        if more > 0 { <li class="muted">{ format!("and {more} more") }</li> }
                    </ul>
                </details>
            }
            <ol class="path-chains" data-testid="path-chains">
                { for view.chains.iter().enumerate().map(|(i, c)| {
                    let is_selected = selected == Some(i);
                    let select = {
                        let dispatch = dispatch.clone();
                        Callback::from(move |_| dispatch.dispatch(Action::SelectChain(Some(i))))
                    };
                    html! {
                        <li class={classes!(is_selected.then_some("selected"))}>
                            <button type="button" class="item" onclick={select} aria-pressed={is_selected.to_string()} data-testid="path-chain"
                                data-hops={c.hops.len().to_string()}>
                                { c.summary() }
                            </button>
                            if is_selected { { chain_detail(dispatch, c) } }
                        </li>
                    }
                }) }
            </ol>
        </>
    }
}

/// The path search's panel.
#[component(PathsPanel)]
pub fn paths_panel(props: &PathsPanelProps) -> Html {
    let dispatch = use_dispatch();
    let search = &props.search;
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::CancelPaths))
    };
    let (state, body) = match &search.status {
        // Under 200 ms nothing flashes: the answer usually comes first.
        SearchStatus::Running => ("running", html! {}),
        SearchStatus::Slow => (
            "slow",
            html! {
                <p class="progress" role="status" data-testid="paths-progress">
                    <progress aria-label="Searching" />{ " Searching the chains in the background; the page stays usable. " }
                    <button type="button" onclick={close.clone()} data-testid="paths-cancel">{ "Cancel" }</button>
                </p>
            },
        ),
        SearchStatus::Done(view) => ("done", answer_view(&dispatch, view, search.selected)),
        SearchStatus::Failed(message) => (
            "failed",
            html! { <p class="banner error" role="alert" data-testid="paths-error">{ format!("The search failed: {message}.") }</p> },
        ),
    };
    html! {
        <section class="panel paths" aria-label="Path search" data-testid="paths" data-state={state} aria-busy={search.running().to_string()}>
            <h2>
                { search.query.title() }
                if !search.running() {
                    <button type="button" class="small" onclick={close} data-testid="paths-close">{ "Close" }</button>
                }
            </h2>
            { body }
        </section>
    }
}
