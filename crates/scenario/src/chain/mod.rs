//! AssumeRole chains: from a starting identity, hop by hop through roles, then a
//! final request. Each hop is an `sts:AssumeRole` request decided by the engine
//! with the caller's policies on one side and the role's trust policy on the other.
//!
//! * `result`: what a chain reports (hops, sides, sessions, the final request);
//! * `caller`: who the current caller is and which policies speak for it;
//! * `rules`: what is checked besides policy evaluation (service-linked roles, session limits).

mod caller;
mod result;
mod rules;
#[cfg(test)]
mod tests;

use crate::cloud_backup;
use crate::model::{ChainSpec, Check, HopSpec, Role, Scenario};
pub(crate) use caller::Caller;
use playground_core::authorize::{Decision, LayerKind, Reason};
use playground_core::explain::{LayerReport, explain};
use playground_core::policy::Effect;
use playground_core::request::{Context, PrincipalKind, Request};
pub use result::{ChainResult, FinalRequest, Hop, Session, Side};
pub use rules::DEFAULT_SESSION_SECONDS;
use rules::default_session_name;
pub(crate) use rules::service_linked_refusal;

impl Scenario {
    /// Runs every check, in order.
    pub fn run_checks(&self) -> Vec<ChainResult> {
        self.checks.iter().map(|c| self.run_check(c)).collect()
    }

    /// Runs one check: its hops in order, stopping at the first refused, then its final request.
    pub fn run_check(&self, check: &Check) -> ChainResult {
        let mut result = ChainResult {
            check: check.name.clone(),
            from: check.from.clone(),
            preconditions: Vec::new(),
            hops: Vec::new(),
            notes: Vec::new(),
            final_request: None,
            decision: Decision::ImplicitDeny,
            expected: check.expected,
            stopped_at: None,
            summary: String::new(),
        };
        let (from, hops) = match self.planned_hops(check) {
            Ok(planned) => planned,
            Err((service, problem)) => {
                if result.from.is_empty() {
                    result.from = service.into();
                }
                result.summary = format!("before hop 1: {problem}");
                result.preconditions.push(problem);
                result.stopped_at = Some(0);
                return result;
            }
        };
        result.from = from.clone();
        let mut caller = self.caller_for(&from);
        if let Some(role) = caller.role {
            result.notes.extend(self.unusable_policy_notes(role));
        }
        for (i, spec) in hops.iter().enumerate() {
            let hop = self.hop(i + 1, &caller, spec);
            let ok = hop.decision == Decision::Allow;
            if ok {
                let session = hop.session.clone().expect("allowed hop has a session");
                let role = self.find_role(&spec.role).expect("allowed hop has a role");
                result.notes.extend(self.unusable_policy_notes(role));
                caller = Caller {
                    principal: session.arn,
                    account: Some(role.account.clone()),
                    role: Some(role),
                    session_policy: spec.session_policy.clone(),
                };
            } else {
                result.decision = hop.decision;
                result.summary = hop.sentence.clone();
                result.stopped_at = Some(i + 1);
                result.hops.push(hop);
                return result;
            }
            result.hops.push(hop);
        }
        match &check.action {
            Some(action) => {
                let fin =
                    self.final_request(&caller, action, &check.resource, &check.context, &check.intended_context_keys);
                result.decision = fin.decision;
                result.summary = format!("final request: {}", fin.evaluation.summary);
                result.final_request = Some(fin);
            }
            None => {
                result.decision = Decision::Allow;
                result.summary = match result.hops.last() {
                    Some(h) => h.sentence.clone(),
                    None => "no hops and no request: nothing to decide".into(),
                };
            }
        }
        result
    }

    /// Who starts a check's chain and which roles it assumes: listed in the check, or planned
    /// by the service that builds its own chain. This is the one place where the generic chain
    /// asks Cloud Backup ([`cloud_backup::plan_chain`]); an error names the service and says
    /// why its chain cannot start.
    pub(crate) fn planned_hops(&self, check: &Check) -> Result<(String, Vec<HopSpec>), (&'static str, String)> {
        match &check.chain {
            ChainSpec::Roles(hops) => Ok((check.from.clone(), hops.clone())),
            ChainSpec::Backup { account } => match cloud_backup::plan_chain(self, account) {
                // A check may name its own starting principal; Cloud Backup's is the default.
                Ok(plan) => Ok((if check.from.is_empty() { plan.from } else { check.from.clone() }, plan.hops)),
                Err(problem) => Err((cloud_backup::SERVICE_NAME, problem)),
            },
        }
    }

    /// Decides and explains a request made directly by `principal` (a user, a role session,
    /// a service) with the policies the scenario gives it.
    pub fn evaluate_as(&self, principal: &str, action: &str, resource: &str, context: &Context) -> FinalRequest {
        let caller = self.caller_for(principal);
        self.final_request(&caller, action, resource, context, &[])
    }

    /// Leaves out of `request` each context key the cloud would not send with its action (when
    /// the scenario knows, [`Scenario::sent_keys`]), unless it is intended; the explanation
    /// then names them.
    fn set_aside_unsent_keys(&self, request: &mut Request, intended: &[String]) {
        if let Some(sent) = &self.sent_keys {
            let action = request.action.clone();
            request.set_aside_unsent(intended, |key| sent.sends(&action, key));
        }
    }

    /// A note when the caller is a role session or user the scenario does not define
    /// (so no policies speak for it).
    fn unknown_caller_note(&self, caller: &Caller<'_>, request: &Request) -> Option<String> {
        let account = request.principal.account.as_deref().unwrap_or("?");
        match &request.principal.kind {
            PrincipalKind::Session { role, .. } | PrincipalKind::Role { name: role } if caller.role.is_none() => {
                Some(format!(
                    "the scenario has no role {role} in {}, so no policies are attached to this session",
                    self.account_label(account)
                ))
            }
            PrincipalKind::User { name }
                if !self
                    .users
                    .iter()
                    .any(|u| u.name == *name && request.principal.account.as_ref() == Some(&u.account)) =>
            {
                Some(format!(
                    "the scenario has no user {name} in {}, so no policies are attached to it",
                    self.account_label(account)
                ))
            }
            _ => None,
        }
    }

    /// Notes for attached policies that are kept as printed but cannot be read.
    fn unusable_policy_notes(&self, role: &Role) -> Vec<String> {
        role.policies
            .iter()
            .filter_map(|name| self.policies.iter().find(|p| &p.name == name))
            .filter_map(|p| {
                p.problem.as_ref().map(|problem| {
                    format!(
                        "{} is attached to {}, but as printed it cannot be read, so it grants nothing: {problem}",
                        p.name, role.name
                    )
                })
            })
            .collect()
    }

    /// Decides one hop of a check; a role the scenario does not have stops the chain here.
    fn hop(&self, number: usize, caller: &Caller<'_>, spec: &HopSpec) -> Hop {
        let Some(role) = self.find_role(&spec.role) else {
            let (account, name) = crate::model::split_role_reference(&spec.role, self.dialect)
                .unwrap_or_else(|| (String::from("?"), spec.role.clone()));
            let mut hop = Hop::refused(number, caller, spec.role.clone(), account.clone());
            hop.sentence = format!(
                "hop {number}: there is no role {name} in {} (it was deleted, or never created)",
                self.account_label(&account)
            );
            return hop;
        };
        self.hop_to(number, caller, role, spec)
    }

    /// Decides one hop to a known role.
    pub(crate) fn hop_to(&self, number: usize, caller: &Caller<'_>, role: &Role, spec: &HopSpec) -> Hop {
        let mut hop = Hop::refused(number, caller, role.arn(self.dialect), role.account.clone());
        let where_ = self.account_label(&role.account);
        if let Some(service) = service_linked_refusal(role, &caller.principal) {
            hop.sentence = format!(
                "hop {number}: {} in {where_} is a service-linked role: only {service} may assume it, but the caller is {}",
                role.name, caller.principal
            );
            return hop;
        }
        let mut set = self.caller_policies(caller);
        let request = self.assume_request(caller, role, &mut set, spec);
        let evaluation = explain(&set, &request);
        let split = |kinds: &[LayerKind]| -> Vec<LayerReport> {
            evaluation.layers.iter().filter(|l| kinds.contains(&l.layer) && l.outcome != "absent").cloned().collect()
        };
        let caller_layers = split(&[LayerKind::Control, LayerKind::Identity, LayerKind::Boundary, LayerKind::Session]);
        let role_layers = split(&[LayerKind::Resource, LayerKind::ResourceControl]);
        hop.caller_side = Side { outcome: side_outcome(&caller_layers), layers: caller_layers };
        hop.role_side = Side { outcome: side_outcome(&role_layers), layers: role_layers };
        hop.decision = evaluation.decision;
        let caller_name = request.principal.display_name();
        if evaluation.decision != Decision::Allow {
            hop.sentence = match evaluation.reason {
                Reason::ResourcePolicyDoesNotAllow => {
                    let trusted = trusted_names(role);
                    format!(
                        "hop {number}: {} in {where_} trusts {}, but the caller is {}",
                        role.name,
                        if trusted.is_empty() { "no one".to_string() } else { trusted.join(", ") },
                        caller.principal
                    )
                }
                Reason::CrossAccountIdentityDoesNotAllow
                | Reason::IdentityDoesNotAllow
                | Reason::AccountTrustNeedsIdentity => format!(
                    "hop {number}: {} in {where_} trusts the caller, but {caller_name}'s own policies do not allow sts:AssumeRole on {}",
                    role.name, hop.role
                ),
                _ => format!("hop {number}: {}", evaluation.summary),
            };
            hop.evaluation = Some(evaluation);
            return hop;
        }
        let requested = spec.duration.unwrap_or(DEFAULT_SESSION_SECONDS);
        if let Some(problem) = self.duration_problem(role, caller.role.is_some(), requested) {
            hop.decision = Decision::ImplicitDeny;
            hop.sentence = format!("hop {number}: {caller_name} may assume {} in {where_}, but {problem}", role.name);
            hop.evaluation = Some(evaluation);
            return hop;
        }
        let session_name = spec.session_name.clone().unwrap_or_else(|| default_session_name(&caller.principal));
        let arn = role.session_arn(self.dialect, &session_name);
        hop.sentence = format!(
            "hop {number}: {caller_name} assumed {} in {where_}: {} ({requested} s)",
            role.name,
            match evaluation.decisive.first() {
                Some(d) => format!("{} of {} allows it", d.label, d.policy),
                None => "allowed".into(),
            }
        );
        hop.session = Some(Session { arn, duration_seconds: requested });
        hop.evaluation = Some(evaluation);
        hop
    }

    /// Decides and explains a caller's final request.
    pub(crate) fn final_request(
        &self,
        caller: &Caller<'_>,
        action: &str,
        resource: &str,
        context: &Context,
        intended_context_keys: &[String],
    ) -> FinalRequest {
        let (set, mut request) = self.final_parts(caller, action, resource, context);
        self.set_aside_unsent_keys(&mut request, intended_context_keys);
        let mut evaluation = explain(&set, &request);
        if let Some(note) = self.unknown_caller_note(caller, &request) {
            evaluation.notes.insert(0, note);
        }
        FinalRequest {
            principal: caller.principal.clone(),
            action: action.to_string(),
            resource: resource.to_string(),
            decision: evaluation.decision,
            evaluation,
        }
    }
}

/// One side's joint outcome: any deny wins, then every applicable layer must allow.
fn side_outcome(layers: &[LayerReport]) -> &'static str {
    if layers.is_empty() {
        "not_needed"
    } else if layers.iter().any(|l| l.outcome == "deny") {
        "deny"
    } else if layers.iter().filter(|l| l.outcome != "not_applicable").all(|l| l.outcome == "allow") {
        "allow"
    } else {
        "no_match"
    }
}

/// The principals a role's trust policy allows, for the sentence of a refused hop.
fn trusted_names(role: &Role) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for st in role.trust.statements.iter().filter(|s| s.body.effect == Effect::Allow) {
        for e in st.body.principal.iter().flat_map(|p| &p.entries) {
            if !out.contains(&e.value) {
                out.push(e.value.clone());
            }
        }
    }
    out
}
