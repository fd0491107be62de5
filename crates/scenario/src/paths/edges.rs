//! Single edges of the search: the callers it walks (users, services, role sessions), an
//! AssumeRole decided with the same rules as a chain hop but without an explanation, and the
//! explanations of the edges of chains that are listed.

use super::PathHop;
use crate::chain::{Caller, DEFAULT_SESSION_SECONDS, service_linked_refusal};
use crate::model::{HopSpec, Role, Scenario};
use playground_core::authorize::{Decision, PolicySet, decide, decide_with_resource};
use playground_core::explain::StatementRef;
use playground_core::request::{Context, Request};

/// Session name used for sessions the search creates.
pub(super) const SEARCH_SESSION: &str = "path-search";

/// A caller while searching: its principal and, for sessions, its role.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) principal: String,
    pub(super) role: Option<usize>,
}

/// A hop found by the search, before its explanation is computed.
#[derive(Debug, Clone)]
pub(super) struct Edge {
    pub(super) caller: Node,
    pub(super) role: usize,
}

/// A caller, its side of AssumeRole, and its request, ready to aim at roles.
pub(super) struct Prepared<'s> {
    caller: Caller<'s>,
    set: PolicySet,
    template: Request,
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

    pub(super) fn node_caller(&self, node: &Node) -> Caller<'_> {
        self.caller(&node.principal, node.role.map(|r| &self.roles[r]))
    }

    /// A caller's side of AssumeRole, built once and aimed at each candidate role.
    pub(super) fn prepare(&self, node: &Node) -> Prepared<'_> {
        let caller = self.node_caller(node);
        let set = self.caller_policies(&caller);
        let template = self.assume_template(&caller, &Self::hop_spec_named());
        Prepared { caller, set, template }
    }

    /// Decision-only AssumeRole check with the same rules as a chain hop
    /// (service-linked roles, the engine's decision, session limits).
    pub(super) fn edge_allowed(&self, prepared: &mut Prepared<'_>, role: usize) -> bool {
        let role = &self.roles[role];
        if service_linked_refusal(role, &prepared.caller.principal).is_some() {
            return false;
        }
        self.aim_at(role, &mut prepared.set, &mut prepared.template);
        decide_with_resource(&prepared.set, Some(&role.trust), &prepared.template).decision == Decision::Allow
            && self.duration_problem(role, prepared.caller.role.is_some(), DEFAULT_SESSION_SECONDS).is_none()
    }

    pub(super) fn session_node(&self, role: usize) -> Node {
        Node { principal: self.roles[role].session_arn(self.dialect, SEARCH_SESSION), role: Some(role) }
    }

    /// Explains the hops of a found chain (only found chains pay for explanations).
    pub(super) fn explain_edges(&self, edges: &[Edge]) -> Vec<PathHop> {
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
    pub(super) fn allowed_to(&self, node: &Node, action: &str, resource: &str, context: &Context) -> bool {
        let caller = self.node_caller(node);
        let (set, request) = self.final_parts(&caller, action, resource, context);
        decide(&set, &request).decision == Decision::Allow
    }

    pub(super) fn final_decisive(
        &self,
        node: &Node,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Vec<StatementRef> {
        self.final_request(&self.node_caller(node), action, resource, context, &[]).evaluation.decisive
    }

    /// A role's sessions are shown as the role's ARN; other callers as themselves.
    pub(super) fn display(&self, node: &Node) -> String {
        match node.role {
            Some(r) => self.roles[r].arn(self.dialect),
            None => node.principal.clone(),
        }
    }

    pub(super) fn node_for(&self, principal: &str) -> Node {
        Node { principal: principal.to_string(), role: self.role_index_of(principal) }
    }
}
