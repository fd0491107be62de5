//! Path search over a scenario: which chains of AssumeRole hops lead from an
//! identity to a permission, and who can reach a role or a permission at all.
//!
//! Edges are decided by the engine itself (trust policy, the caller's policies,
//! control policies, service-linked-role rules, session limits); the search only
//! prunes candidates that no trust-policy principal could match.

use crate::authorize::Decision;
use crate::explain::StatementRef;
use crate::request::{Context, Principal, PrincipalKind};
use crate::scenario::{HopSpec, Role, Scenario};
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

/// The answer to a path query.
#[derive(Debug, Clone, Serialize)]
pub struct PathReport {
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
                let Some(set) = &st.principal else { continue };
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

/// A caller while searching: its principal, account and (for sessions) role index.
#[derive(Debug, Clone)]
struct Node {
    principal: String,
    role: Option<usize>,
}

impl Scenario {
    fn hop_spec(role: &Role) -> HopSpec {
        HopSpec {
            role: format!("{}/{}", role.account, role.name),
            session_name: Some("path-search".into()),
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
                for e in st.principal.iter().flat_map(|p| &p.entries) {
                    if e.kind == "Service" && !out.contains(&e.value) {
                        out.push(e.value.clone());
                    }
                }
            }
        }
        out
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
        let mut report = PathReport { paths: Vec::new(), truncated: false, evaluations: 0 };
        let start = self.node_for(from);
        let mut queue: VecDeque<(Node, Vec<PathHop>)> = VecDeque::from([(start, Vec::new())]);
        while let Some((node, hops)) = queue.pop_front() {
            let fin = self.final_for(&node, action, resource, context);
            report.evaluations += 1;
            if fin.decision == Decision::Allow {
                if report.paths.len() >= MAX_PATHS {
                    report.truncated = true;
                    break;
                }
                report.paths.push(FoundPath {
                    from: from.to_string(),
                    hops: hops.clone(),
                    decisive: fin.evaluation.decisive,
                });
            }
            if hops.len() >= max_depth {
                continue;
            }
            let caller = Principal::parse(&node.principal, self.dialect);
            for r in index.candidates(&caller) {
                if node.role == Some(r) || hops.iter().any(|h| h.role == self.roles[r].arn(self.dialect)) {
                    continue;
                }
                let (allowed, hop) = self.try_hop(&node, r);
                report.evaluations += 1;
                if let (true, Some(hop)) = (allowed, hop) {
                    let mut next_hops = hops.clone();
                    let session = hop.1;
                    next_hops.push(hop.0);
                    queue.push_back((Node { principal: session, role: Some(r) }, next_hops));
                }
            }
        }
        report
    }

    /// Reverse search: every chain (bounded, no role twice) that ends by assuming `role`,
    /// from any identity, shortest first.
    pub fn who_can_assume(&self, role: &str, max_depth: usize) -> Result<PathReport, String> {
        let target = self.find_role_index(role).ok_or_else(|| format!("no role {role} in the scenario"))?;
        let callers = self.caller_graph(max_depth);
        Ok(self.chains_into(&callers, &[(target, Vec::new())], max_depth))
    }

    /// Reverse search: every identity and chain that can perform `action` on `resource`.
    pub fn who_can_perform(&self, action: &str, resource: &str, context: &Context, max_depth: usize) -> PathReport {
        let mut report = PathReport { paths: Vec::new(), truncated: false, evaluations: 0 };
        // Identities that can act directly: users and every role's sessions.
        let mut direct_roles = Vec::new();
        for user in &self.users {
            let node = Node { principal: user.arn(self.dialect), role: None };
            let fin = self.final_for(&node, action, resource, context);
            report.evaluations += 1;
            if fin.decision == Decision::Allow {
                report.paths.push(FoundPath { from: node.principal, hops: vec![], decisive: fin.evaluation.decisive });
            }
        }
        for (i, role) in self.roles.iter().enumerate() {
            let node = Node { principal: role.session_arn(self.dialect, "path-search"), role: Some(i) };
            let fin = self.final_for(&node, action, resource, context);
            report.evaluations += 1;
            if fin.decision == Decision::Allow {
                report.paths.push(FoundPath {
                    from: role.arn(self.dialect),
                    hops: vec![],
                    decisive: fin.evaluation.decisive.clone(),
                });
                direct_roles.push((i, fin.evaluation.decisive));
            }
        }
        let callers = self.caller_graph(max_depth);
        let chains = self.chains_into(&callers, &direct_roles, max_depth);
        report.evaluations += chains.evaluations;
        report.truncated = chains.truncated;
        report.paths.extend(chains.paths);
        report.paths.sort_by_key(|p| p.hops.len());
        report
    }

    /// For each role, the callers allowed to assume it directly, with the hop's decisive statements.
    fn caller_graph(&self, _max_depth: usize) -> CallerGraph {
        let index = TrustIndex::new(self);
        let mut graph = CallerGraph { into: vec![Vec::new(); self.roles.len()], evaluations: 0 };
        let mut callers: Vec<Node> =
            self.starting_identities().into_iter().map(|p| Node { principal: p, role: None }).collect();
        callers.extend(
            self.roles
                .iter()
                .enumerate()
                .map(|(i, r)| Node { principal: r.session_arn(self.dialect, "path-search"), role: Some(i) }),
        );
        for node in callers {
            let caller = Principal::parse(&node.principal, self.dialect);
            for r in index.candidates(&caller) {
                if node.role == Some(r) {
                    continue;
                }
                let (allowed, hop) = self.try_hop(&node, r);
                graph.evaluations += 1;
                if let (true, Some((hop, _))) = (allowed, hop) {
                    graph.into[r].push((node.clone(), hop.decisive));
                }
            }
        }
        graph
    }

    /// Walks the caller graph backwards from each target role, collecting chains.
    fn chains_into(&self, graph: &CallerGraph, targets: &[(usize, Vec<StatementRef>)], max_depth: usize) -> PathReport {
        let mut report = PathReport { paths: Vec::new(), truncated: false, evaluations: graph.evaluations };
        // Breadth-first over partial chains (suffixes ending at a target).
        let mut queue: VecDeque<(usize, Vec<PathHop>, Vec<StatementRef>)> =
            targets.iter().map(|(t, d)| (*t, Vec::new(), d.clone())).collect();
        while let Some((role, suffix, decisive)) = queue.pop_front() {
            for (caller, hop_decisive) in &graph.into[role] {
                let mut hops = vec![PathHop {
                    caller: self.display(caller),
                    role: self.roles[role].arn(self.dialect),
                    decisive: hop_decisive.clone(),
                }];
                hops.extend(suffix.iter().cloned());
                if report.paths.len() >= MAX_PATHS {
                    report.truncated = true;
                    return report;
                }
                report.paths.push(FoundPath {
                    from: self.display(caller),
                    hops: hops.clone(),
                    decisive: decisive.clone(),
                });
                if let Some(r) = caller.role
                    && hops.len() < max_depth
                    && !hops.iter().any(|h| h.role == self.roles[r].arn(self.dialect))
                {
                    queue.push_back((r, hops, decisive.clone()));
                }
            }
        }
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
        let parsed = Principal::parse(principal, self.dialect);
        let role = match (&parsed.kind, &parsed.account) {
            (PrincipalKind::Session { role, .. } | PrincipalKind::Role { name: role }, Some(a)) => {
                self.find_role_index(&format!("{a}/{role}"))
            }
            _ => None,
        };
        Node { principal: principal.to_string(), role }
    }

    /// Decides one hop; on success returns the hop and the new session's ARN.
    fn try_hop(&self, node: &Node, role: usize) -> (bool, Option<(PathHop, String)>) {
        let result =
            self.single_hop(&node.principal, node.role.map(|r| &self.roles[r]), &Self::hop_spec(&self.roles[role]));
        match (result.decision, result.session) {
            (Decision::Allow, Some(session)) => (
                true,
                Some((
                    PathHop {
                        caller: node.principal.clone(),
                        role: self.roles[role].arn(self.dialect),
                        decisive: result.evaluation.map(|e| e.decisive).unwrap_or_default(),
                    },
                    session.arn,
                )),
            ),
            _ => (false, None),
        }
    }

    fn final_for(&self, node: &Node, action: &str, resource: &str, context: &Context) -> crate::chain::FinalRequest {
        self.final_request_as(&node.principal, node.role.map(|r| &self.roles[r]), action, resource, context)
    }
}

struct CallerGraph {
    /// For each role: (caller, decisive statements of the hop).
    into: Vec<Vec<(Node, Vec<StatementRef>)>>,
    evaluations: usize,
}
