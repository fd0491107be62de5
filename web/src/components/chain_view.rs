//! The chain view: accounts as boxes holding their roles and users, AssumeRole trust edges
//! between them, and the shown check's chain drawn on top (green up to the hop that fails, red
//! there), with the "what breaks" mutations as toggles beside it.

use super::AppContext;
use crate::state::Action;
use policy_playground::Decision;
use policy_playground::dialect::Dialect;
use policy_playground::request::{Principal, PrincipalKind};
use policy_playground::scenario::{Scenario, named_account, split_role_reference};
use std::collections::HashMap;
use yew::prelude::*;

const BOX_W: f64 = 250.0;
const ROW_H: f64 = 22.0;
const HEAD_H: f64 = 30.0;
const GAP_X: f64 = 90.0;
const GAP_Y: f64 = 30.0;
const PER_ROW: usize = 3;

/// Where each thing is drawn.
struct Layout {
    boxes: Vec<(String, String, f64, f64, f64)>,
    nodes: HashMap<String, (f64, f64, String)>,
    width: f64,
    height: f64,
}

/// A box of the diagram: id, title, and rows of (node key, label).
type Group = (String, String, Vec<(String, String)>);

fn key_role(account: &str, name: &str) -> String {
    format!("role:{account}/{}", name.to_ascii_lowercase())
}

fn layout(s: &Scenario) -> Layout {
    // (box id, title, rows of (node key, label))
    let mut groups: Vec<Group> = Vec::new();
    let services: Vec<String> = s.starting_identities().into_iter().filter(|p| !p.contains(':')).collect();
    if !services.is_empty() {
        groups.push((
            "services".into(),
            "Cloud services".into(),
            services.iter().map(|x| (format!("service:{x}"), x.clone())).collect(),
        ));
    }
    for a in &s.accounts {
        let mut rows: Vec<(String, String)> = vec![(format!("account:{}", a.id), format!("account {}", a.id))];
        rows.extend(
            s.roles
                .iter()
                .filter(|r| r.account == a.id)
                .map(|r| (key_role(&r.account, &r.name), format!("role {}", r.name))),
        );
        rows.extend(
            s.users
                .iter()
                .filter(|u| u.account == a.id)
                .map(|u| (format!("user:{}/{}", u.account, u.name), format!("user {}", u.name))),
        );
        groups.push((a.id.clone(), a.name.clone(), rows));
    }
    let mut layout = Layout { boxes: Vec::new(), nodes: HashMap::new(), width: 0.0, height: 0.0 };
    let mut row_top = 10.0;
    for chunk in groups.chunks(PER_ROW) {
        let mut row_height: f64 = 0.0;
        for (i, (id, title, rows)) in chunk.iter().enumerate() {
            // A left margin leaves room for edges between boxes of one column.
            let x = 50.0 + i as f64 * (BOX_W + GAP_X);
            let h = HEAD_H + rows.len() as f64 * ROW_H + 8.0;
            layout.boxes.push((id.clone(), title.clone(), x, row_top, h));
            for (j, (key, label)) in rows.iter().enumerate() {
                let y = row_top + HEAD_H + j as f64 * ROW_H + ROW_H / 2.0;
                layout.nodes.insert(key.clone(), (x, y, label.clone()));
            }
            row_height = row_height.max(h);
            layout.width = layout.width.max(x + BOX_W + 10.0);
        }
        row_top += row_height + GAP_Y;
    }
    layout.height = row_top;
    layout
}

/// The node a principal (caller or trust entry) is drawn at.
fn node_of(s: &Scenario, principal: &str) -> Option<String> {
    let p = Principal::parse(principal, s.dialect);
    let account = p.account.clone().unwrap_or_default();
    match &p.kind {
        PrincipalKind::Service { name } => Some(format!("service:{name}")),
        PrincipalKind::Session { role, .. } | PrincipalKind::Role { name: role } => {
            let name = role.rsplit('/').next().unwrap_or(role);
            Some(key_role(&account, name))
        }
        PrincipalKind::User { name } => Some(format!("user:{account}/{name}")),
        PrincipalKind::Root => Some(format!("account:{account}")),
        _ => named_account(principal, s.dialect).map(|a| format!("account:{a}")),
    }
}

/// A curve from one node to another, leaving and entering on the sides that face each other
/// (`from` and `to` are a node's box left edge and its row's middle).
fn edge_path(from: (f64, f64), to: (f64, f64)) -> String {
    let (y1, y2) = (from.1, to.1);
    let (x1, x2, direction) = if to.0 >= from.0 + BOX_W / 2.0 {
        (from.0 + BOX_W - 8.0, to.0 + 8.0, 1.0)
    } else if to.0 + BOX_W / 2.0 <= from.0 {
        (from.0 + 8.0, to.0 + BOX_W - 8.0, -1.0)
    } else {
        // Same column: leave and enter on the left, bowing outwards.
        let x = from.0 + 8.0;
        return format!("M {x:.1} {y1:.1} C {:.1} {y1:.1}, {:.1} {y2:.1}, {x:.1} {y2:.1}", x - 40.0, x - 40.0);
    };
    let bend = ((x2 - x1).abs() / 2.0).max(40.0) * direction;
    format!("M {x1:.1} {y1:.1} C {:.1} {y1:.1}, {:.1} {y2:.1}, {x2:.1} {y2:.1}", x1 + bend, x2 - bend)
}

/// The chain view with its mutation toggles.
#[component(ChainView)]
pub fn chain_view() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let analysis = state.analysis.clone();
    let toggles = html! {
        <fieldset class="mutations" data-testid="mutations">
            <legend>{ "What breaks" }</legend>
            if analysis.mutations.is_empty() { <p class="muted">{ "This scenario registers no Cloud Backup accounts." }</p> }
            { for analysis.mutations.iter().map(|m| {
                let id = m.id.clone();
                let toggle = {
                    let state = state.clone();
                    Callback::from(move |_| state.dispatch(Action::ToggleMutation(id.clone())))
                };
                html! {
                    <label class="toggle">
                        <input type="checkbox" checked={state.mutations.contains(&m.id)} onchange={toggle} data-testid="mutation" data-id={m.id.clone()} />
                        { " " }{ &m.title }
                    </label>
                }
            }) }
        </fieldset>
    };
    let Some(s) = analysis.scenario.as_ref() else {
        return html! { <section class="panel chain" aria-label="Chain">{ toggles }</section> };
    };
    let l = layout(s);
    // Trust edges.
    let mut trust_edges = Vec::new();
    for role in &s.roles {
        let Some(&(tx, ty, _)) = l.nodes.get(&key_role(&role.account, &role.name)) else { continue };
        for st in role.trust.statements.iter().filter(|st| st.body.effect == policy_playground::policy::Effect::Allow) {
            for e in st.body.principal.iter().flat_map(|p| &p.entries) {
                let from = if e.kind == "Service" {
                    Some(format!("service:{}", e.value.to_ascii_lowercase()))
                } else if let Some((a, n)) =
                    split_role_reference(&e.value, s.dialect).filter(|_| e.value.contains(":role/"))
                {
                    Some(key_role(&a, &n))
                } else {
                    node_of(s, &e.value)
                };
                if let Some(&(fx, fy, _)) = from.as_ref().and_then(|k| l.nodes.get(k)) {
                    trust_edges.push(edge_path((fx, fy), (tx, ty)));
                }
            }
        }
    }
    // The shown check's chain.
    let mut chain_edges = Vec::new();
    let mut failed_label = None;
    if let Some(check) = analysis.checks.get(state.selected_check) {
        let mut caller = node_of(s, &check.from);
        for hop in &check.hops {
            let target = split_role_reference(&hop.role, s.dialect).map(|(a, n)| key_role(&a, &n));
            let ok = hop.decision == Decision::Allow;
            match (caller.as_ref().and_then(|c| l.nodes.get(c)), target.as_ref().and_then(|t| l.nodes.get(t))) {
                (Some(&(fx, fy, _)), Some(&(tx, ty, _))) => {
                    chain_edges.push((edge_path((fx, fy), (tx, ty)), ok, hop.number))
                }
                _ if !ok => failed_label = Some(format!("hop {}: {}", hop.number, hop.sentence)),
                _ => {}
            }
            caller = target;
        }
    }
    let dialect = if s.dialect == Dialect::Aws { "AWS" } else { "Alibaba Cloud" };
    html! {
        <section class="panel chain" aria-label="Chain view" data-testid="chain-view">
            <h2>{ "Chain" }</h2>
            <div class="chain-layout">
                <div class="diagram">
                    <svg viewBox={format!("0 0 {:.0} {:.0}", l.width.max(300.0), l.height.max(100.0))} width={format!("{:.0}", l.width.max(300.0))} role="img"
                        aria-label={format!("{dialect} accounts, roles and trust relationships; the selected check's chain is drawn on top")}>
                        <defs>
                            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                                <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                            </marker>
                        </defs>
                        { for l.boxes.iter().map(|(id, title, x, y, h)| html! {
                            <g class="account-box" data-account={id.clone()}>
                                <rect x={format!("{x:.1}")} y={format!("{y:.1}")} width={format!("{BOX_W:.0}")} height={format!("{h:.1}")} rx="8" />
                                <text x={format!("{:.1}", x + 10.0)} y={format!("{:.1}", y + 20.0)} class="box-title">{ title.chars().take(32).collect::<String>() }</text>
                            </g>
                        }) }
                        { for l.nodes.values().map(|(x, y, label)| html! {
                            <text x={format!("{:.1}", x + 16.0)} y={format!("{:.1}", y + 4.0)} class="node">{ label.chars().take(34).collect::<String>() }</text>
                        }) }
                        { for trust_edges.iter().map(|d| html! { <path d={d.clone()} class="edge trust" marker-end="url(#arrow)" /> }) }
                        { for chain_edges.iter().map(|(d, ok, n)| html! {
                            <path d={d.clone()} class={classes!("edge", "hop", if *ok { "ok" } else { "failed" })} marker-end="url(#arrow)"
                                data-testid="chain-edge" data-hop={n.to_string()} data-ok={ok.to_string()}>
                                <title>{ format!("hop {n}: {}", if *ok { "allowed" } else { "refused" }) }</title>
                            </path>
                        }) }
                    </svg>
                    if let Some(label) = failed_label { <p class="failed-label" data-testid="chain-failed">{ label }</p> }
                    <p class="legend muted">{ "Grey: trust relationships. Green: hops of the selected check that succeed. Red: the hop where it stops." }</p>
                </div>
                { toggles }
            </div>
        </section>
    }
}
