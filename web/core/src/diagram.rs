//! The chain view's drawing: accounts as boxes holding their roles and users, AssumeRole trust
//! edges between them, and the shown check's chain on top (allowed hops, then the hop that fails).
//! Geometry only; the browser crate turns it into SVG.

use policy_playground::Decision;
use policy_playground::chain::ChainResult;
use policy_playground::policy::Effect;
use policy_playground::request::{Principal, PrincipalKind};
use policy_playground::scenario::{Scenario, named_account, split_role_reference};
use std::collections::HashMap;

/// Width of an account box.
pub const BOX_W: f64 = 250.0;
const ROW_H: f64 = 22.0;
const HEAD_H: f64 = 30.0;
const GAP_X: f64 = 90.0;
const GAP_Y: f64 = 30.0;
const PER_ROW: usize = 3;

/// An account's box (or the box of cloud services).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountBox {
    /// The account id (`services` for the services' box).
    pub id: String,
    /// The title.
    pub title: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Height.
    pub height: f64,
}

/// A labelled row in a box: an account, a role, a user or a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it stands for (`role:ACCOUNT/name`, `user:ACCOUNT/name`, `account:ID`, `service:NAME`).
    pub key: String,
    /// Its box's left edge.
    pub x: f64,
    /// The middle of its row.
    pub y: f64,
    /// Its label.
    pub label: String,
}

/// One hop of the shown check, drawn from its caller to its role.
#[derive(Debug, Clone, PartialEq)]
pub struct HopEdge {
    /// The SVG path.
    pub path: String,
    /// The hop was allowed.
    pub ok: bool,
    /// The hop's number, from 1.
    pub hop: usize,
}

/// Everything the chain view draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    /// The boxes, in rows of three.
    pub boxes: Vec<AccountBox>,
    /// The rows inside the boxes.
    pub nodes: Vec<Node>,
    /// Trust relationships: from each principal a role's trust policy allows, to the role.
    pub trust_edges: Vec<String>,
    /// The shown check's hops.
    pub hop_edges: Vec<HopEdge>,
    /// The failing hop's sentence, when it cannot be drawn (its caller or role is not in a box).
    pub failed_label: Option<String>,
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
}

fn key_role(account: &str, name: &str) -> String {
    format!("role:{account}/{}", name.to_ascii_lowercase())
}

/// A box of the diagram: id, title, and rows of (node key, label).
type Group = (String, String, Vec<(String, String)>);

fn groups(s: &Scenario) -> Vec<Group> {
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
    groups
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
pub fn edge_path(from: (f64, f64), to: (f64, f64)) -> String {
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

impl Diagram {
    /// The drawing of a scenario with `check`'s chain on top.
    pub fn of(s: &Scenario, check: Option<&ChainResult>) -> Diagram {
        let mut d = Diagram::default();
        // Where each node is, by key; a later row with the same key takes its place.
        let mut at: HashMap<String, usize> = HashMap::new();
        let mut row_top = 10.0;
        for chunk in groups(s).chunks(PER_ROW) {
            let mut row_height: f64 = 0.0;
            for (i, (id, title, rows)) in chunk.iter().enumerate() {
                // A left margin leaves room for edges between boxes of one column.
                let x = 50.0 + i as f64 * (BOX_W + GAP_X);
                let height = HEAD_H + rows.len() as f64 * ROW_H + 8.0;
                d.boxes.push(AccountBox { id: id.clone(), title: title.clone(), x, y: row_top, height });
                for (j, (key, label)) in rows.iter().enumerate() {
                    let y = row_top + HEAD_H + j as f64 * ROW_H + ROW_H / 2.0;
                    let node = Node { key: key.clone(), x, y, label: label.clone() };
                    match at.get(key) {
                        Some(&n) => d.nodes[n] = node,
                        None => {
                            at.insert(key.clone(), d.nodes.len());
                            d.nodes.push(node);
                        }
                    }
                }
                row_height = row_height.max(height);
                d.width = d.width.max(x + BOX_W + 10.0);
            }
            row_top += row_height + GAP_Y;
        }
        d.height = row_top;
        let point = |key: &str| at.get(key).map(|&n| (d.nodes[n].x, d.nodes[n].y));

        for role in &s.roles {
            let Some(to) = point(&key_role(&role.account, &role.name)) else { continue };
            for st in role.trust.statements.iter().filter(|st| st.body.effect == Effect::Allow) {
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
                    if let Some(from) = from.as_deref().and_then(point) {
                        d.trust_edges.push(edge_path(from, to));
                    }
                }
            }
        }

        if let Some(check) = check {
            let mut caller = node_of(s, &check.from);
            for hop in &check.hops {
                let target = split_role_reference(&hop.role, s.dialect).map(|(a, n)| key_role(&a, &n));
                let ok = hop.decision == Decision::Allow;
                match (caller.as_deref().and_then(point), target.as_deref().and_then(point)) {
                    (Some(from), Some(to)) => {
                        d.hop_edges.push(HopEdge { path: edge_path(from, to), ok, hop: hop.number })
                    }
                    _ if !ok => d.failed_label = Some(format!("hop {}: {}", hop.number, hop.sentence)),
                    _ => {}
                }
                caller = target;
            }
        }
        d
    }
}

impl Diagram {
    /// The drawing with a chain a path search found on top instead of a check's: from `from`
    /// through each of `roles` (ARNs) in order, every hop allowed.
    pub fn with_path(mut self, s: &Scenario, from: &str, roles: &[String]) -> Diagram {
        let point = |key: &str| self.nodes.iter().find(|n| n.key == key).map(|n| (n.x, n.y));
        let mut caller = node_of(s, from);
        let mut edges = Vec::new();
        for (i, role) in roles.iter().enumerate() {
            let target = split_role_reference(role, s.dialect).map(|(a, n)| key_role(&a, &n));
            if let (Some(from), Some(to)) = (caller.as_deref().and_then(point), target.as_deref().and_then(point)) {
                edges.push(HopEdge { path: edge_path(from, to), ok: true, hop: i + 1 });
            }
            caller = target;
        }
        self.hop_edges = edges;
        self.failed_label = None;
        self
    }
}
