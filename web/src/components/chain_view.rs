//! The chain view: the scenario's accounts with their roles and users, trust relationships,
//! and the shown check's chain on top (allowed hops marked, the refused one labelled with its
//! reason), laid out in layers; the organization's tree below it; the "what breaks" mutations as
//! toggles beside it. `policy_playground_app::diagram` builds the graph; web/js/diagram.js
//! (dagre, bundled by tools/editor/build.mjs) lays it out for the width it has and draws it.

use crate::hooks::use_dispatch;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::diagram::{ChainSteps, Diagram, to_json};
use policy_playground_app::paths::DrawnChain;
use policy_playground_app::shared::Shared;
use policy_playground_app::state::Action;
use std::collections::BTreeSet;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(module = "/js/build/diagram.bundle.js")]
extern "C" {
    /// Draws the diagram's JSON into `host`, and again when the host's width changes.
    #[wasm_bindgen(js_name = drawDiagram)]
    fn draw_diagram(host: &web_sys::Element, json: &str);
    /// Stops following the host's width.
    #[wasm_bindgen(js_name = disposeDiagram)]
    fn dispose_diagram(host: &web_sys::Element);
}

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
            // A chain a path search found is drawn instead of the check's: every hop allowed.
            match path {
                Some(chain) => Diagram::with_steps(s, Some(&ChainSteps::from(chain))),
                None => Diagram::of(s, analysis.checks.get(*selected)),
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
    let host = use_node_ref();
    {
        // Drawn after each render whose diagram changed; the script keeps it fitted to the width.
        let (host, drawn) = (host.clone(), diagram.clone());
        // Keyed like the memo (the analysis is compared by pointer), not by the drawing's content.
        use_effect_with((analysis.clone(), props.selected, props.path.clone()), move |_| {
            let element = host.cast::<web_sys::Element>();
            if let (Some(element), Some(d)) = (&element, drawn.as_ref().as_ref()) {
                draw_diagram(element, &to_json(d));
            }
            move || {
                if let Some(element) = element {
                    dispose_diagram(&element);
                }
            }
        });
    }
    let Some(d) = diagram.as_ref() else {
        return html! { <section class="panel chain" aria-label="Chain">{ toggles }</section> };
    };
    html! {
        <section class="panel chain" aria-label="Chain view" data-testid="chain-view">
            <h2>{ "Chain" }</h2>
            <div class="chain-layout">
                // Focusable when it may scroll (not fitted), so the keyboard can scroll it too.
                <div class={classes!("diagram", props.fit.then_some("fit"))} tabindex={(!props.fit).then_some("0")}>
                    <div class="diagram-host" ref={host} data-testid="diagram"></div>
                    if let Some(label) = &d.stopped_before { <p class="failed-label" data-testid="chain-failed">{ label }</p> }
                    if d.left_out > 0 {
                        <p class="muted" data-testid="diagram-left-out">{ format!("{} more boxes (roles, users, accounts off this chain) are left out of this large scenario's drawing.", d.left_out) }</p>
                    }
                    <p class="legend muted">{ "Grey dashes: trust relationships. Green: hops of the selected check that succeed. Red: where it stops, and why." }</p>
                </div>
                { toggles }
            </div>
        </section>
    }
}
