//! Path search over a scenario: which chains of AssumeRole hops lead from an
//! identity to a permission, and who can reach a role or a permission at all.
//!
//! Edges are decided by the engine itself (trust policy, the caller's policies,
//! control policies, service-linked-role rules, session limits); the search only
//! prunes candidates that no trust-policy principal could match (`trust_index`),
//! decides single edges in `edges` and walks callers backwards in `caller_graph`.

mod caller_graph;
mod edges;
mod error;
#[cfg(test)]
mod tests;
mod trust_index;

use crate::model::Scenario;
use caller_graph::CallerGraph;
use edges::{Edge, Node};
pub use error::PathError;
use playground_core::explain::StatementRef;
use playground_core::request::{Context, Principal};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};
use trust_index::TrustIndex;

/// Default bound on chain length, in hops (the CLI's `--depth`).
pub const DEFAULT_MAX_DEPTH: usize = 5;
/// At most this many paths are returned; the result says when it stopped there.
pub const MAX_PATHS: usize = 200;

/// One hop of a found path.
#[derive(Debug, Clone, Serialize)]
pub struct PathHop {
    /// The caller of this hop; a role's sessions are shown as the role's ARN.
    pub caller: String,
    /// The ARN of the role assumed.
    pub role: String,
    /// The statements that allowed the hop.
    pub decisive: Vec<StatementRef>,
}

/// A chain from a starting identity to the goal.
#[derive(Debug, Clone, Serialize)]
pub struct FoundPath {
    /// Who starts: a user, a service, or a role standing for its sessions.
    pub from: String,
    /// The hops, in order (empty when the starting identity can act directly).
    pub hops: Vec<PathHop>,
    /// For permission queries: the statements that allow the final request.
    pub decisive: Vec<StatementRef>,
}

/// An identity that can reach the goal, with its shortest chain length.
#[derive(Debug, Clone, Serialize)]
pub struct Reacher {
    /// The identity (a user, a service, or a role standing for its sessions).
    pub identity: String,
    /// Hops in its shortest chain (0 when it reaches the goal directly).
    pub hops: usize,
}

/// The answer to a path query.
#[derive(Debug, Clone, Serialize)]
pub struct PathReport {
    /// For reverse queries: every identity that can reach the goal within the depth
    /// bound (complete, never truncated), nearest first.
    pub identities: Vec<Reacher>,
    /// The paths, shortest first.
    pub paths: Vec<FoundPath>,
    /// True when the search stopped at [`MAX_PATHS`].
    pub truncated: bool,
    /// Decisions the search made (edges and final requests), a measure of its cost.
    pub evaluations: usize,
}

impl Scenario {
    /// Every identity that can start a chain: users, and the services named in trust policies.
    pub fn starting_identities(&self) -> Vec<String> {
        let mut out: Vec<String> = self.users.iter().map(|u| u.arn(self.dialect)).collect();
        for role in &self.roles {
            for st in &role.trust.statements {
                for e in st.body.principal.iter().flat_map(|p| &p.entries) {
                    if e.kind == "Service" && !out.contains(&e.value) {
                        out.push(e.value.clone());
                    }
                }
            }
        }
        out
    }

    /// Forward search: each state `from` reaches (itself, then role sessions, each by its
    /// shortest chain of at most `max_depth` hops) that is allowed to perform `action` on
    /// `resource`, with that chain, nearest first, at most [`MAX_PATHS`] of them.
    pub fn paths_to_permission(
        &self,
        from: &str,
        action: &str,
        resource: &str,
        context: &Context,
        max_depth: usize,
    ) -> PathReport {
        self.forward(from, max_depth, &mut |node, _| {
            self.allowed_to(node, action, resource, context)
                .then(|| self.final_decisive(node, action, resource, context))
        })
    }

    /// Forward search for "what can this reach": every role whose sessions `from` can get within
    /// `max_depth` hops, each once with its shortest chain, nearest first, at most [`MAX_PATHS`]
    /// of them (the cost is that of [`Scenario::paths_to_permission`], with no final request).
    pub fn reachable_roles(&self, from: &str, max_depth: usize) -> PathReport {
        let mut report =
            self.forward(from, max_depth, &mut |node, state| (state > 0 && node.role.is_some()).then(Vec::new));
        // The roles reached, as identities with their distance (each path ends at its role).
        report.identities = report
            .paths
            .iter()
            .filter_map(|p| Some(Reacher { identity: p.hops.last()?.role.clone(), hops: p.hops.len() }))
            .collect();
        report
    }

    /// Breadth-first over states (the starting identity, then role sessions), each reached once
    /// by its shortest chain: lists the chain of each state `goal` accepts (it returns the
    /// statements that decided the goal; it is given the state's node and number, 0 for the
    /// start), nearest first, at most [`MAX_PATHS`]. Edges into a role already reached are not
    /// decided again, so the cost is one decision per (reached caller, unreached candidate role)
    /// pair, not per chain.
    fn forward(
        &self,
        from: &str,
        max_depth: usize,
        goal: &mut dyn FnMut(&Node, usize) -> Option<Vec<StatementRef>>,
    ) -> PathReport {
        let index = TrustIndex::new(self);
        let mut report = PathReport { identities: Vec::new(), paths: Vec::new(), truncated: false, evaluations: 0 };
        let start = self.node_for(from);
        // Each reached state: its node, and the state and role it was reached from.
        let mut states: Vec<(Node, Option<usize>)> = vec![(start.clone(), None)];
        let mut depth: Vec<usize> = vec![0];
        let mut reached = vec![false; self.roles.len()];
        if let Some(r) = start.role {
            reached[r] = true;
        }
        let mut next = 0;
        while next < states.len() {
            let state = next;
            next += 1;
            let node = states[state].0.clone();
            report.evaluations += 1;
            if let Some(decisive) = goal(&node, state) {
                if report.paths.len() >= MAX_PATHS {
                    report.truncated = true;
                    break;
                }
                let edges = chain_to(&states, state);
                report.paths.push(FoundPath { from: from.to_string(), hops: self.explain_edges(&edges), decisive });
            }
            if depth[state] >= max_depth {
                continue;
            }
            let mut prepared = None;
            for r in index.candidates(&Principal::parse(&node.principal, self.dialect)) {
                if reached[r] {
                    continue;
                }
                report.evaluations += 1;
                let prepared = prepared.get_or_insert_with(|| self.prepare(&node));
                if self.edge_allowed(prepared, r) {
                    reached[r] = true;
                    states.push((self.session_node(r), Some(state)));
                    depth.push(depth[state] + 1);
                }
            }
        }
        report
    }

    /// Reverse search: every chain (bounded, no role twice) that ends by assuming `role`,
    /// from any identity, shortest first.
    pub fn who_can_assume(&self, role: &str, max_depth: usize) -> Result<PathReport, PathError> {
        let target = error::target_role(self, role)?;
        Ok(self.chains_into(&[target], max_depth, MAX_PATHS, &|_| Vec::new()))
    }

    /// Reverse search: every identity and chain that can perform `action` on `resource`.
    pub fn who_can_perform(&self, action: &str, resource: &str, context: &Context, max_depth: usize) -> PathReport {
        let mut report = PathReport { identities: Vec::new(), paths: Vec::new(), truncated: false, evaluations: 0 };
        // Decide first (cheap), explain only what is listed.
        let mut direct: Vec<Node> = Vec::new();
        let users = self.users.iter().map(|u| Node { principal: u.arn(self.dialect), role: None });
        for node in users.chain((0..self.roles.len()).map(|i| self.session_node(i))) {
            report.evaluations += 1;
            if self.allowed_to(&node, action, resource, context) {
                direct.push(node);
            }
        }
        let direct_roles: Vec<usize> = direct.iter().filter_map(|n| n.role).collect();
        report.identities = direct.iter().map(|n| Reacher { identity: self.display(n), hops: 0 }).collect();
        for node in direct.iter().take(MAX_PATHS) {
            let decisive = self.final_decisive(node, action, resource, context);
            report.paths.push(FoundPath { from: self.display(node), hops: vec![], decisive });
        }
        let room = MAX_PATHS.saturating_sub(report.paths.len());
        let decisive = |role: usize| self.final_decisive(&self.session_node(role), action, resource, context);
        let chains = self.chains_into(&direct_roles, max_depth, room, &decisive);
        let mut seen: HashSet<String> = report.identities.iter().map(|r| r.identity.clone()).collect();
        for r in chains.identities {
            if seen.insert(r.identity.clone()) {
                report.identities.push(r);
            }
        }
        report.evaluations += chains.evaluations;
        report.truncated = direct.len() > MAX_PATHS || chains.truncated;
        report.paths.extend(chains.paths);
        report
    }

    /// Walks backwards from each target role, collecting every identity that reaches one
    /// (complete) and up to `limit` chains (shortest first). The callers of a role are found
    /// from its trust policy's principals and decided once, when first needed, so a query
    /// only pays for the roles it reaches; only listed chains are explained.
    fn chains_into(
        &self,
        targets: &[usize],
        max_depth: usize,
        limit: usize,
        decisive_for: &dyn Fn(usize) -> Vec<StatementRef>,
    ) -> PathReport {
        let mut graph = CallerGraph::new(self);
        let mut report = PathReport { identities: Vec::new(), paths: Vec::new(), truncated: false, evaluations: 0 };
        // Every identity that reaches a target, breadth-first over roles (each role once).
        let mut depth_of: HashMap<usize, usize> = targets.iter().map(|t| (*t, 0)).collect();
        let mut nearest: HashMap<usize, usize> = HashMap::new();
        let mut frontier: VecDeque<usize> = targets.iter().copied().collect();
        while let Some(role) = frontier.pop_front() {
            let depth = depth_of[&role];
            if depth >= max_depth {
                continue;
            }
            // Callers already known to reach a target are nearer or as near: not decided again.
            for caller in graph.callers_except(self, role, &|node| nearest.contains_key(&node)) {
                nearest.entry(caller).or_insert(depth + 1);
                if let Some(r) = graph.nodes[caller].role
                    && !depth_of.contains_key(&r)
                {
                    depth_of.insert(r, depth + 1);
                    frontier.push_back(r);
                }
            }
        }
        report.identities = nearest
            .into_iter()
            .map(|(node, hops)| Reacher { identity: self.display(&graph.nodes[node]), hops })
            .collect();
        report.identities.sort_by(|a, b| a.hops.cmp(&b.hops).then_with(|| a.identity.cmp(&b.identity)));
        // Chains, breadth-first over suffixes that end at a target (callers are cached now);
        // a suffix is a list of (caller node, role) pairs.
        let mut decisive_cache: HashMap<usize, Vec<StatementRef>> = HashMap::new();
        let mut queue: VecDeque<(usize, usize, Suffix)> = targets.iter().map(|t| (*t, *t, Vec::new())).collect();
        while let Some((target, role, suffix)) = queue.pop_front() {
            for caller in graph.callers(self, role).to_vec() {
                let mut hops = vec![(caller, role)];
                hops.extend(suffix.iter().copied());
                if report.paths.len() >= limit {
                    report.truncated = true;
                    report.evaluations = graph.evaluations;
                    return report;
                }
                let edges: Vec<Edge> =
                    hops.iter().map(|&(c, r)| Edge { caller: graph.nodes[c].clone(), role: r }).collect();
                let decisive = decisive_cache.entry(target).or_insert_with(|| decisive_for(target)).clone();
                report.paths.push(FoundPath {
                    from: self.display(&graph.nodes[caller]),
                    hops: self.explain_edges(&edges),
                    decisive,
                });
                if let Some(r) = graph.nodes[caller].role
                    && hops.len() < max_depth
                    && !hops.iter().any(|&(_, role)| role == r)
                {
                    queue.push_back((target, r, hops));
                }
            }
        }
        report.evaluations = graph.evaluations;
        report
    }
}

/// The hops of the chain that reached state `state` of a forward search, in order: each state
/// after the first is a role session reached from an earlier state.
fn chain_to(states: &[(Node, Option<usize>)], mut state: usize) -> Vec<Edge> {
    let mut edges = Vec::new();
    while let (node, Some(parent)) = &states[state] {
        let role = node.role.unwrap_or_default();
        edges.push(Edge { caller: states[*parent].0.clone(), role });
        state = *parent;
    }
    edges.reverse();
    edges
}

/// The end of a chain as (caller node, role) pairs, in hop order.
type Suffix = Vec<(usize, usize)>;
