//! The reverse graph for reverse queries: the callers of each role, found from its trust
//! policy's principals and decided (decision only) once, when a query first needs them.

use super::edges::{Node, Prepared};
use super::trust_index::{Key, entry_key};
use crate::model::Scenario;
use playground_core::dialect::Dialect;
use playground_core::request::Principal;
use std::collections::HashMap;

/// Callers of each role, decided lazily (decision only) and remembered. Callers are indexes
/// into `nodes` (users and services, then one session per role), so lists copy cheaply.
pub(super) struct CallerGraph<'s> {
    /// Every user, service and role session.
    pub(super) nodes: Vec<Node>,
    /// Index of the first role session in `nodes` (role `r` is `first_role + r`).
    first_role: usize,
    /// Users and role sessions by account.
    by_account: HashMap<String, Vec<usize>>,
    /// Users and services by lower-case principal, for exact trust entries.
    by_principal: HashMap<String, usize>,
    /// Roles by (account, lower-case name), so trust entries resolve without a scan.
    roles: HashMap<(String, String), usize>,
    /// Decided callers per role, once computed.
    into: HashMap<usize, Vec<usize>>,
    /// Each caller's side of an AssumeRole, built once per caller.
    prepared: HashMap<usize, Prepared<'s>>,
    /// Edge decisions made so far.
    pub(super) evaluations: usize,
}

impl<'s> CallerGraph<'s> {
    pub(super) fn new(s: &'s Scenario) -> CallerGraph<'s> {
        let mut nodes: Vec<Node> =
            s.starting_identities().into_iter().map(|p| Node { principal: p, role: None }).collect();
        let first_role = nodes.len();
        nodes.extend((0..s.roles.len()).map(|i| s.session_node(i)));
        let mut by_account: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_principal = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if let Some(a) = Principal::parse(&node.principal, s.dialect).account {
                by_account.entry(a).or_default().push(i);
            }
            if node.role.is_none() {
                by_principal.insert(node.principal.to_ascii_lowercase(), i);
            }
        }
        let roles =
            s.roles.iter().enumerate().map(|(i, r)| ((r.account.clone(), r.name.to_ascii_lowercase()), i)).collect();
        CallerGraph {
            nodes,
            first_role,
            by_account,
            by_principal,
            roles,
            into: HashMap::new(),
            prepared: HashMap::new(),
            evaluations: 0,
        }
    }

    /// Everyone the role's trust policy could possibly let in, before deciding.
    fn candidates(&self, s: &'s Scenario, role: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for st in &s.roles[role].trust.statements {
            let Some(set) = &st.body.principal else { continue };
            if set.negated {
                return (0..self.nodes.len()).filter(|&n| n != self.first_role + role).collect();
            }
            for e in &set.entries {
                match entry_key(&e.kind, &e.value, s) {
                    Key::Anyone => return (0..self.nodes.len()).filter(|&n| n != self.first_role + role).collect(),
                    Key::Account(a) => out.extend(self.by_account.get(&a).into_iter().flatten().copied()),
                    Key::Role(a, name) => {
                        // AWS role names are case-sensitive: check the exact name after the lookup.
                        if let Some(&r) = self.roles.get(&(a, name))
                            && (s.dialect == Dialect::Aliyun || e.value.ends_with(&s.roles[r].name))
                        {
                            out.push(self.first_role + r);
                        }
                    }
                    Key::Service(name) | Key::Exact(name) => out.extend(self.by_principal.get(&name).copied()),
                }
            }
        }
        out.retain(|&n| n != self.first_role + role);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The callers of `role` that `known` does not hold, decided now (or read from the cache of
    /// whole lists): a walk that only needs new callers does not pay for the others.
    pub(super) fn callers_except(&mut self, s: &'s Scenario, role: usize, known: &dyn Fn(usize) -> bool) -> Vec<usize> {
        if let Some(all) = self.into.get(&role) {
            return all.iter().copied().filter(|&n| !known(n)).collect();
        }
        let mut allowed = Vec::new();
        for node in self.candidates(s, role).into_iter().filter(|&n| !known(n)) {
            let prepared = self.prepared.entry(node).or_insert_with(|| s.prepare(&self.nodes[node]));
            self.evaluations += 1;
            if s.edge_allowed(prepared, role) {
                allowed.push(node);
            }
        }
        allowed
    }

    /// Every caller of `role`, decided once and remembered.
    pub(super) fn callers(&mut self, s: &'s Scenario, role: usize) -> &[usize] {
        if !self.into.contains_key(&role) {
            let mut allowed = Vec::new();
            for node in self.candidates(s, role) {
                let prepared = self.prepared.entry(node).or_insert_with(|| s.prepare(&self.nodes[node]));
                self.evaluations += 1;
                if s.edge_allowed(prepared, role) {
                    allowed.push(node);
                }
            }
            self.into.insert(role, allowed);
        }
        &self.into[&role]
    }
}
