//! The chain view: accounts as boxes holding their roles and users, AssumeRole trust edges
//! between them, and the shown check's chain drawn on top (green up to the hop that fails, red
//! there), with the "what breaks" mutations as toggles beside it. The drawing is
//! `policy_playground_app::diagram`'s.

use crate::hooks::use_dispatch;
use policy_playground::dialect::Dialect;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::diagram::{BOX_W, Diagram};
use policy_playground_app::paths::DrawnChain;
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use std::collections::BTreeSet;
use yew::prelude::*;

/// Props of [`ChainView`].
#[derive(Properties, PartialEq, Clone)]
pub struct ChainViewProps {
    /// The analysis drawn.
    pub analysis: Shared<Analysis>,
    /// The check whose chain is drawn.
    pub selected: usize,
    /// The active mutations, by id.
    pub active: BTreeSet<String>,
    /// Whether the "What breaks" toggles show (an embed shows them only when asked).
    #[prop_or(true)]
    pub toggles: bool,
    /// A chain a path search found, drawn instead of the check's when given.
    #[prop_or_default]
    pub path: Option<DrawnChain>,
    /// Whether the diagram is scaled to the panel's width (an embed in a documentation column)
    /// instead of drawn at its size with a scrollbar.
    #[prop_or_default]
    pub fit: bool,
}

/// The chain view with its mutation toggles.
#[component(ChainView)]
pub fn chain_view(props: &ChainViewProps) -> Html {
    let dispatch = use_dispatch();
    let analysis = &props.analysis;
    let diagram = use_memo((analysis.clone(), props.selected, props.path.clone()), |(analysis, selected, path)| {
        analysis.scenario.as_ref().map(|s| {
            // A chain a path search found is drawn instead of the check's.
            let check = if path.is_some() { None } else { analysis.checks.get(*selected) };
            let diagram = Diagram::of(s, check);
            match path {
                Some(chain) => diagram.with_path(s, &chain.from, &chain.roles),
                None => diagram,
            }
        })
    });
    let toggles = if !props.toggles {
        html! {}
    } else {
        html! {
        <fieldset class="mutations" data-testid="mutations">
            <legend>{ "What breaks" }</legend>
            if analysis.mutations.is_empty() { <p class="muted">{ "This scenario registers no Cloud Backup accounts." }</p> }
            { for analysis.mutations.iter().map(|m| {
                let toggle = {
                    let (dispatch, id) = (dispatch.clone(), m.id.clone());
                    Callback::from(move |_| dispatch.dispatch(Action::ToggleMutation(id.clone())))
                };
                html! {
                    <label class="toggle">
                        <input type="checkbox" checked={props.active.contains(&m.id)} onchange={toggle} data-testid="mutation" data-id={m.id.clone()} />
                        { " " }{ &m.title }
                    </label>
                }
            }) }
        </fieldset>
        }
    };
    let (Some(s), Some(d)) = (analysis.scenario.as_ref(), diagram.as_ref()) else {
        return html! { <section class="panel chain" aria-label="Chain">{ toggles }</section> };
    };
    let dialect = if s.dialect == Dialect::Aws { "AWS" } else { "Alibaba Cloud" };
    let (width, height) = (d.width.max(300.0), d.height.max(100.0));
    html! {
        <section class="panel chain" aria-label="Chain view" data-testid="chain-view">
            <h2>{ "Chain" }</h2>
            <div class="chain-layout">
                // Focusable when it scrolls, so the keyboard can scroll it too.
                <div class={classes!("diagram", props.fit.then_some("fit"))} tabindex={(!props.fit).then_some("0")}>
                    <svg viewBox={format!("0 0 {width:.0} {height:.0}")} width={(!props.fit).then(|| format!("{width:.0}"))} role="img"
                        aria-label={format!("{dialect} accounts, roles and trust relationships; the selected check's chain is drawn on top")}>
                        <defs>
                            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                                <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                            </marker>
                        </defs>
                        { for d.boxes.iter().map(|b| html! {
                            <g class="account-box" data-account={b.id.clone()}>
                                <rect x={format!("{:.1}", b.x)} y={format!("{:.1}", b.y)} width={format!("{BOX_W:.0}")} height={format!("{:.1}", b.height)} rx="8" />
                                <text x={format!("{:.1}", b.x + 10.0)} y={format!("{:.1}", b.y + 20.0)} class="box-title">{ b.title.chars().take(32).collect::<String>() }</text>
                            </g>
                        }) }
                        { for d.nodes.iter().map(|n| html! {
                            <text x={format!("{:.1}", n.x + 16.0)} y={format!("{:.1}", n.y + 4.0)} class="node">{ n.label.chars().take(34).collect::<String>() }</text>
                        }) }
                        { for d.trust_edges.iter().map(|path| html! { <path d={path.clone()} class="edge trust" marker-end="url(#arrow)" /> }) }
                        { for d.hop_edges.iter().map(|e| html! {
                            <path d={e.path.clone()} class={classes!("edge", "hop", if e.ok { "ok" } else { "failed" })} marker-end="url(#arrow)"
                                data-testid="chain-edge" data-hop={e.hop.to_string()} data-ok={e.ok.to_string()}>
                                <title>{ format!("hop {}: {}", e.hop, if e.ok { "allowed" } else { "refused" }) }</title>
                            </path>
                        }) }
                    </svg>
                    if let Some(label) = &d.failed_label { <p class="failed-label" data-testid="chain-failed">{ label }</p> }
                    <p class="legend muted">{ "Grey: trust relationships. Green: hops of the selected check that succeed. Red: the hop where it stops." }</p>
                </div>
                { toggles }
            </div>
        </section>
    }
}
