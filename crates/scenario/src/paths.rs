//! Path search over a scenario: which chains of AssumeRole hops lead from an
//! identity to a permission, and who can reach a role or a permission at all.
//!
//! Edges are decided by the engine itself (trust policy, the caller's policies,
//! control policies, service-linked-role rules, session limits); the search only
//! prunes candidates that no trust-policy principal could match.

use crate::chain::{Caller, DEFAULT_SESSION_SECONDS, service_linked_refusal};
use crate::scenario::{HopSpec, Role, Scenario};
use playground_core::authorize::{Decision, PolicySet, decide, decide_with_resource};
use playground_core::explain::StatementRef;
use playground_core::request::{Context, Principal, PrincipalKind};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};

/// Default bound on chain length.
pub const DEFAULT_MAX_DEPTH: usize = 5;
/// At most this many paths are returned; the result says when it stopped there.
pub const MAX_PATHS: usize = 200;

/// One hop of a found path.
#[derive(Debug, Clone, Serialize)]
pub struct PathHop {
    /// The caller of this hop.
    pub caller: String,
    /// The role assumed.
    pub role: String,
    /// The statements that allowed the hop.
    pub decisive: Vec<StatementRef>,
}

/// A chain from a starting identity.
#[derive(Debug, Clone, Serialize)]
pub struct FoundPath {
    /// Who starts.
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
    /// Hops in its shortest chain.
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
    /// Hop evaluations performed.
    pub evaluations: usize,
}

/// What a trust-policy principal entry could match, for pruning.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Anyone,
    Account(String),
    Role(String, String),
    Exact(String),
    Service(String),
}

/// Which roles each kind of caller could possibly be trusted by.
struct TrustIndex {
    by_key: HashMap<Key, Vec<usize>>,
}

impl TrustIndex {
    fn new(s: &Scenario) -> TrustIndex {
        let mut by_key: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, role) in s.roles.iter().enumerate() {
            let mut keys = HashSet::new();
            for st in &role.trust.statements {
                let Some(set) = &st.body.principal else { continue };
                if set.negated {
                    keys.insert(Key::Anyone);
                    continue;
                }
                for e in &set.entries {
                    keys.insert(entry_key(&e.kind, &e.value, s));
                }
            }
            for k in keys {
                by_key.entry(k).or_default().push(i);
            }
        }
        TrustIndex { by_key }
    }

    /// Roles whose trust policy names something that could be this caller.
    fn candidates(&self, caller: &Principal) -> Vec<usize> {
        let mut keys = vec![Key::Anyone, Key::Exact(caller.text.to_ascii_lowercase())];
        if let Some(a) = &caller.account {
            keys.push(Key::Account(a.clone()));
        }
        match &caller.kind {
            PrincipalKind::Session { role, .. } | PrincipalKind::Role { name: role } => {
                if let Some(a) = &caller.account {
                    keys.push(Key::Role(a.clone(), role.rsplit('/').next().unwrap_or(role).to_ascii_lowercase()));
                }
            }
            PrincipalKind::Service { name } => keys.push(Key::Service(name.to_ascii_lowercase())),
            _ => {}
        }
        let mut out: Vec<usize> = keys.iter().filter_map(|k| self.by_key.get(k)).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn entry_key(kind: &str, value: &str, s: &Scenario) -> Key {
    if kind == "*" || value == "*" {
        return Key::Anyone;
    }
    if kind == "Service" {
        return Key::Service(value.to_ascii_lowercase());
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Key::Account(value.to_string());
    }
    if value.ends_with(":root")
        && let Some(a) = crate::scenario::named_account(value, s.dialect)
    {
        return Key::Account(a);
    }
    if let Some((account, name)) = crate::scenario::split_role_reference(value, s.dialect)
        && value.contains(":role/")
    {
        return Key::Role(account, name.to_ascii_lowercase());
    }
    Key::Exact(value.to_ascii_lowercase())
}

/// A caller while searching: its principal and, for sessions, its role.
#[derive(Debug, Clone)]
struct Node {
    principal: String,
    role: Option<usize>,
}

/// A hop found by the search, before its explanation is computed.
#[derive(Debug, Clone)]
struct Edge {
    caller: Node,
    role: usize,
}

impl Scenario {
    fn hop_spec(role: &Role) -> HopSpec {
        HopSpec { role: format!("{}/{}", role.account, role.name), ..Self::hop_spec_named() }
    }

    /// The hop the search makes: a session named for the search, default duration.
    fn hop_spec_named() -> HopSpec {
        HopSpec {
            role: String::new(),
            session_name: Some(SEARCH_SESSION.into()),
            session_policy: None,
            duration: None,
            context: Context::default(),
        }
    }

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

    fn node_caller(&self, node: &Node) -> Caller<'_> {
        self.caller(&node.principal, node.role.map(|r| &self.roles[r]))
    }

    /// A caller's side of AssumeRole, built once and aimed at each candidate role.
    fn prepare(&self, node: &Node) -> Prepared<'_> {
        let caller = self.node_caller(node);
        let set = self.caller_policies(&caller);
        let template = self.assume_template(&caller, &Self::hop_spec_named());
        Prepared { caller, set, template }
    }

    /// Decision-only AssumeRole check with the same rules as a chain hop
    /// (service-linked roles, the engine's decision, session limits).
    fn edge_allowed(&self, prepared: &mut Prepared<'_>, role: usize) -> bool {
        let role = &self.roles[role];
        if service_linked_refusal(role, &prepared.caller.principal).is_some() {
            return false;
        }
        self.aim_at(role, &mut prepared.set, &mut prepared.template);
        decide_with_resource(&prepared.set, Some(&role.trust), &prepared.template).decision == Decision::Allow
            && self.duration_problem(role, prepared.caller.role.is_some(), DEFAULT_SESSION_SECONDS).is_none()
    }

    fn session_node(&self, role: usize) -> Node {
        Node { principal: self.roles[role].session_arn(self.dialect, SEARCH_SESSION), role: Some(role) }
    }

    /// Explains the hops of a found chain (only found chains pay for explanations).
    fn explain_edges(&self, edges: &[Edge]) -> Vec<PathHop> {
        edges
            .iter()
            .map(|e| {
                let target = &self.roles[e.role];
                let hop = self.hop_to(1, &self.node_caller(&e.caller), target, &Self::hop_spec(target));
                PathHop {
                    caller: self.display(&e.caller),
                    role: self.roles[e.role].arn(self.dialect),
                    decisive: hop.evaluation.map(|ev| ev.decisive).unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Decision-only check of the final request for a caller.
    fn allowed_to(&self, node: &Node, action: &str, resource: &str, context: &Context) -> bool {
        let caller = self.node_caller(node);
        let (set, request) = self.final_parts(&caller, action, resource, context);
        decide(&set, &request).decision == Decision::Allow
    }

    fn final_decisive(&self, node: &Node, action: &str, resource: &str, context: &Context) -> Vec<StatementRef> {
        self.final_request(&self.node_caller(node), action, resource, context).evaluation.decisive
    }

    /// Forward search: every chain from `from` (bounded by `max_depth` hops, no role twice)
    /// that ends in an identity allowed to perform `action` on `resource`, shortest first.
    pub fn paths_to_permission(
        &self,
        from: &str,
        action: &str,
        resource: &str,
        context: &Context,
        max_depth: usize,
    ) -> PathReport {
        let index = TrustIndex::new(self);
        let mut report = PathReport { identities: Vec::new(), paths: Vec::new(), truncated: false, evaluations: 0 };
        let start = self.node_for(from);
        let mut queue: VecDeque<(Node, Vec<Edge>)> = VecDeque::from([(start, Vec::new())]);
        while let Some((node, edges)) = queue.pop_front() {
            report.evaluations += 1;
            if self.allowed_to(&node, action, resource, context) {
                if report.paths.len() >= MAX_PATHS {
                    report.truncated = true;
                    break;
                }
                report.paths.push(FoundPath {
                    from: from.to_string(),
                    hops: self.explain_edges(&edges),
                    decisive: self.final_decisive(&node, action, resource, context),
                });
            }
            if edges.len() >= max_depth {
                continue;
            }
            let mut prepared = self.prepare(&node);
            for r in index.candidates(&Principal::parse(&node.principal, self.dialect)) {
                if node.role == Some(r) || edges.iter().any(|e| e.role == r || e.caller.role == Some(r)) {
                    continue;
                }
                report.evaluations += 1;
                if self.edge_allowed(&mut prepared, r) {
                    let mut next = edges.clone();
                    next.push(Edge { caller: node.clone(), role: r });
                    queue.push_back((self.session_node(r), next));
                }
            }
        }
        report
    }

    /// Reverse search: every chain (bounded, no role twice) that ends by assuming `role`,
    /// from any identity, shortest first.
    pub fn who_can_assume(&self, role: &str, max_depth: usize) -> Result<PathReport, String> {
        let target = self.find_role_index(role).ok_or_else(|| format!("no role {role} in the scenario"))?;
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
            for caller in graph.callers(self, role).to_vec() {
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

    /// A role's sessions are shown as the role's ARN; other callers as themselves.
    fn display(&self, node: &Node) -> String {
        match node.role {
            Some(r) => self.roles[r].arn(self.dialect),
            None => node.principal.clone(),
        }
    }

    fn node_for(&self, principal: &str) -> Node {
        Node { principal: principal.to_string(), role: self.role_index_of(principal) }
    }
}

/// The end of a chain as (caller node, role) pairs, in hop order.
type Suffix = Vec<(usize, usize)>;

/// Session name used for sessions the search creates.
const SEARCH_SESSION: &str = "path-search";

/// A caller, its side of AssumeRole, and its request, ready to aim at roles.
struct Prepared<'s> {
    caller: Caller<'s>,
    set: PolicySet,
    template: playground_core::request::Request,
}

/// Callers of each role, decided lazily (decision only) and remembered. Callers are indexes
/// into `nodes` (users and services, then one session per role), so lists copy cheaply.
struct CallerGraph<'s> {
    /// Every user, service and role session.
    nodes: Vec<Node>,
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
    evaluations: usize,
}

impl<'s> CallerGraph<'s> {
    fn new(s: &'s Scenario) -> CallerGraph<'s> {
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
                            && (s.dialect == playground_core::dialect::Dialect::Aliyun
                                || e.value.ends_with(&s.roles[r].name))
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

    fn callers(&mut self, s: &'s Scenario, role: usize) -> &[usize] {
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
