//! AssumeRole chains: from a starting identity, hop by hop through roles, then a
//! final request. Each hop is an `sts:AssumeRole` request decided by the engine
//! with the caller's policies on one side and the role's trust policy on the other.

use crate::scenario::{BackupMethod, ChainSpec, Check, HopSpec, OrgKind, Role, Scenario};
use playground_core::authorize::{Decision, LayerKind, PolicySet};
use playground_core::dialect::Dialect;
use playground_core::explain::{Evaluation, LayerReport, explain};
use playground_core::policy::Policy;
use playground_core::request::{Context, PrincipalKind, Request};
use serde::Serialize;

/// The service that assumes AliyunServiceRoleForHbrCrossAccountBackup (RAM-role method).
pub const HBR_CROSS_ACCOUNT_SERVICE: &str = "crossbackup.hbr.aliyuncs.com";
/// The service-linked role of the RAM-role method, in the backup management account.
pub const HBR_CROSS_ACCOUNT_ROLE: &str = "AliyunServiceRoleForHbrCrossAccountBackup";
/// The service that assumes AliyunServiceRoleForHbrRd (Resource Directory method).
pub const HBR_RD_SERVICE: &str = "rd.hbr.aliyuncs.com";
/// The service-linked role of the Resource Directory method, in each member account.
pub const HBR_RD_ROLE: &str = "AliyunServiceRoleForHbrRd";
/// The trusted-service name Cloud Backup uses in a Resource Directory.
pub const HBR_TRUSTED_SERVICE: &str = "hbr.aliyuncs.com";
/// Cloud Backup accepts at most this many delegated administrators (as the project's brief states;
/// the public documentation found so far gives no number, see docs/scenarios.md).
pub const HBR_MAX_DELEGATED_ADMINS: usize = 3;

/// One side of a hop: the layers that belong to it and their joint outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// `allow`, `deny`, `no_match` or `not_needed`.
    pub outcome: &'static str,
    /// The layers of this side, from the engine's explanation.
    pub layers: Vec<LayerReport>,
}

/// The new session a successful hop yields.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// The session's ARN (the new caller).
    pub arn: String,
    /// Its duration in seconds.
    pub duration_seconds: u32,
}

/// One hop.
#[derive(Debug, Clone, Serialize)]
pub struct Hop {
    /// Hop number, from 1.
    pub number: usize,
    /// The caller.
    pub caller: String,
    /// The role's ARN.
    pub role: String,
    /// The role's account.
    pub account: String,
    /// The decision.
    pub decision: Decision,
    /// One sentence for a trainee.
    pub sentence: String,
    /// What the caller's side (identity, boundary, session, control policies) said.
    pub caller_side: Side,
    /// What the role's side (trust policy, resource control policies) said.
    pub role_side: Side,
    /// The full explanation, when the engine was asked (not when the hop failed before that).
    pub evaluation: Option<Evaluation>,
    /// The session, when the hop succeeded.
    pub session: Option<Session>,
}

impl Hop {
    /// A hop that has not (yet) been allowed; the caller fills in the reason.
    fn refused(number: usize, caller: &Caller<'_>, role: String, account: String) -> Hop {
        Hop {
            number,
            caller: caller.principal.clone(),
            role,
            account,
            decision: Decision::ImplicitDeny,
            sentence: String::new(),
            caller_side: Side { outcome: "not_needed", layers: vec![] },
            role_side: Side { outcome: "not_needed", layers: vec![] },
            evaluation: None,
            session: None,
        }
    }
}

/// The final request of a chain.
#[derive(Debug, Clone, Serialize)]
pub struct FinalRequest {
    /// Who makes it (the last session).
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The decision.
    pub decision: Decision,
    /// The explanation.
    pub evaluation: Evaluation,
}

/// The result of a whole chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainResult {
    /// The check's name.
    pub check: String,
    /// Who started.
    pub from: String,
    /// Structural problems found before any hop (a missing registration, directory rules).
    pub preconditions: Vec<String>,
    /// The hops, up to and including the first that failed.
    pub hops: Vec<Hop>,
    /// Things a reader should know: attached policies that could not be read, for instance.
    pub notes: Vec<String>,
    /// The final request, when every hop succeeded and the check has one.
    pub final_request: Option<FinalRequest>,
    /// The overall decision.
    pub decision: Decision,
    /// The expected decision.
    pub expected: Decision,
    /// The hop where the chain stopped (0 = before the first hop), if it stopped.
    pub stopped_at: Option<usize>,
    /// One sentence: where it stops and why, or what the final request got.
    pub summary: String,
}

impl ChainResult {
    /// True when the decision is the expected one.
    pub fn passed(&self) -> bool {
        self.decision == self.expected
    }
}

/// The current identity while walking a chain.
pub(crate) struct Caller<'s> {
    /// The caller's principal.
    pub(crate) principal: String,
    /// Its account.
    pub(crate) account: Option<String>,
    /// For role sessions: the role.
    pub(crate) role: Option<&'s Role>,
    /// The session policy of its session.
    pub(crate) session_policy: Option<Policy>,
}

/// Session length when a hop does not ask for one (both clouds default to one hour).
pub const DEFAULT_SESSION_SECONDS: u32 = 3600;

/// The linked service, when `role` is service-linked and the caller is not that service.
pub(crate) fn service_linked_refusal<'r>(role: &'r Role, caller: &str) -> Option<&'r str> {
    role.linked_service.as_deref().filter(|service| !caller.eq_ignore_ascii_case(service))
}

impl Scenario {
    /// Runs every check, in order.
    pub fn run_checks(&self) -> Vec<ChainResult> {
        self.checks.iter().map(|c| self.run_check(c)).collect()
    }

    /// Runs one check.
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
        let (from, hops) = match &check.chain {
            ChainSpec::Roles(hops) => (check.from.clone(), hops.clone()),
            ChainSpec::Backup { account } => match self.backup_chain(account) {
                Ok((from, hops)) => (if check.from.is_empty() { from } else { check.from.clone() }, hops),
                Err(problem) => {
                    if result.from.is_empty() {
                        result.from = "Cloud Backup".into();
                    }
                    result.summary = format!("before hop 1: {problem}");
                    result.preconditions.push(problem);
                    result.stopped_at = Some(0);
                    return result;
                }
            },
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
                let fin = self.final_request(&caller, action, &check.resource, &check.context);
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

    /// The caller's side of an AssumeRole, built once per caller: identity policies,
    /// boundary, session policy and the control policies of its account.
    pub(crate) fn caller_policies(&self, caller: &Caller<'_>) -> PolicySet {
        let (identity, boundaries) = self.identity_of(&caller.principal, caller.role);
        PolicySet {
            identity,
            resource: None,
            session: caller.session_policy.clone(),
            boundaries,
            control: self.control_levels(caller.account.as_deref(), false),
            resource_control: vec![],
        }
    }

    /// Completes `set` with the role's side (trust policy, RCPs) and builds the AssumeRole request.
    pub(crate) fn assume_request(
        &self,
        caller: &Caller<'_>,
        role: &Role,
        set: &mut PolicySet,
        spec: &HopSpec,
    ) -> Request {
        let mut request = self.assume_template(caller, spec);
        self.aim_at(role, set, &mut request);
        set.resource = Some(role.trust.clone());
        request
    }

    /// The AssumeRole request of a caller, not yet aimed at a role.
    pub(crate) fn assume_template(&self, caller: &Caller<'_>, spec: &HopSpec) -> Request {
        let mut context = spec.context.clone();
        if let Some(name) = &spec.session_name
            && context.get("sts:rolesessionname").is_none()
        {
            context.insert("sts:RoleSessionName", vec![name.clone()], false);
        }
        Request::new(self.dialect, &caller.principal, "sts:AssumeRole", "", None, context)
    }

    /// Aims an AssumeRole request at `role`: the role's ARN and account, and the
    /// resource control policies of that account. The trust policy is the caller's to supply.
    pub(crate) fn aim_at(&self, role: &Role, set: &mut PolicySet, request: &mut Request) {
        request.resource = role.arn(self.dialect);
        request.resource_account = Some(role.account.clone());
        request.resource_account_assumed = false;
        if self.dialect == Dialect::Aws && self.organization.is_some() {
            set.resource_control = self.control_levels(Some(&role.account), true);
        }
    }

    /// Why a session of `requested` seconds cannot be had, if it cannot: at least 900 s,
    /// at most the role's maximum, and (AWS) at most one hour when chaining from a role session.
    pub(crate) fn duration_problem(&self, role: &Role, chained: bool, requested: u32) -> Option<String> {
        let chaining_cap = chained && self.dialect == Dialect::Aws;
        let limit = if chaining_cap { role.max_session_duration.min(3600) } else { role.max_session_duration };
        if requested < 900 {
            Some(format!("a session lasts at least 900 seconds; {requested} was requested"))
        } else if requested > limit {
            Some(if chaining_cap && requested <= role.max_session_duration {
                format!("role chaining limits a session to one hour (3600 s); {requested} s was requested")
            } else {
                format!(
                    "{} allows sessions of at most {} s; {requested} s was requested",
                    role.name, role.max_session_duration
                )
            })
        } else {
            None
        }
    }

    /// Decides and explains a request made directly by `principal` (a user, a role session,
    /// a service) with the policies the scenario gives it.
    pub fn evaluate_as(&self, principal: &str, action: &str, resource: &str, context: &Context) -> FinalRequest {
        let caller = self.caller_for(principal);
        self.final_request(&caller, action, resource, context)
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

    /// The caller `principal` stands for: a session of a scenario role, when it is one.
    fn caller_for(&self, principal: &str) -> Caller<'_> {
        self.caller(principal, self.role_index_of(principal).map(|r| &self.roles[r]))
    }

    /// A caller without a session policy: `principal`, a session of `role` when given.
    pub(crate) fn caller<'s>(&self, principal: &str, role: Option<&'s Role>) -> Caller<'s> {
        let account = playground_core::request::Principal::parse(principal, self.dialect).account;
        Caller { principal: principal.to_string(), account, role, session_policy: None }
    }

    /// The index of the scenario role that `principal` is a session (or the ARN) of.
    pub(crate) fn role_index_of(&self, principal: &str) -> Option<usize> {
        let parsed = playground_core::request::Principal::parse(principal, self.dialect);
        match (&parsed.kind, &parsed.account) {
            (PrincipalKind::Session { role, .. } | PrincipalKind::Role { name: role }, Some(a)) => {
                self.find_role_index(&format!("{a}/{role}"))
            }
            _ => None,
        }
    }

    /// The policies that speak for a caller: (identity policies, boundary).
    fn identity_of(&self, principal: &str, role: Option<&Role>) -> (Vec<Policy>, Vec<Policy>) {
        let lookup = |names: &[String]| names.iter().filter_map(|n| self.policy(n).cloned()).collect::<Vec<_>>();
        if let Some(role) = role {
            return (lookup(&role.policies), role.boundary.iter().filter_map(|b| self.policy(b).cloned()).collect());
        }
        let parsed = playground_core::request::Principal::parse(principal, self.dialect);
        if let PrincipalKind::User { name } = &parsed.kind
            && let Some(user) =
                self.users.iter().find(|u| Some(&u.account) == parsed.account.as_ref() && &u.name == name)
        {
            let mut policies = lookup(&user.policies);
            for g in &user.groups {
                if let Some(group) = self.groups.iter().find(|x| x.account == user.account && &x.name == g) {
                    policies.extend(lookup(&group.policies));
                }
            }
            return (policies, user.boundary.iter().filter_map(|b| self.policy(b).cloned()).collect());
        }
        (Vec::new(), Vec::new())
    }

    /// Control-policy levels for a caller in `account`, root first; none for the management
    /// account or accounts outside the organization. Nodes without policies are not levels.
    pub fn control_levels(&self, account: Option<&str>, resource_side: bool) -> Vec<Vec<Policy>> {
        let (Some(org), Some(account)) = (&self.organization, account) else { return vec![] };
        if account == org.management_account {
            return vec![];
        }
        let mut levels = Vec::new();
        for n in org.path(account) {
            let node = &org.nodes[n];
            let names = if resource_side { &node.resource_control_policies } else { &node.control_policies };
            if !names.is_empty() {
                levels.push(names.iter().filter_map(|p| self.policy(p).cloned()).collect());
            }
        }
        let per_account =
            if resource_side { &org.account_resource_control_policies } else { &org.account_control_policies };
        if org.node_of(account).is_some()
            && let Some(names) = per_account.get(account)
            && !names.is_empty()
        {
            levels.push(names.iter().filter_map(|p| self.policy(p).cloned()).collect());
        }
        levels
    }

    fn hop(&self, number: usize, caller: &Caller<'_>, spec: &HopSpec) -> Hop {
        let Some(role) = self.find_role(&spec.role) else {
            let (account, name) = crate::scenario::split_role_reference(&spec.role, self.dialect)
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
                playground_core::authorize::Reason::ResourcePolicyDoesNotAllow => {
                    let trusted = trusted_names(role);
                    format!(
                        "hop {number}: {} in {where_} trusts {}, but the caller is {}",
                        role.name,
                        if trusted.is_empty() { "no one".to_string() } else { trusted.join(", ") },
                        caller.principal
                    )
                }
                playground_core::authorize::Reason::CrossAccountIdentityDoesNotAllow
                | playground_core::authorize::Reason::IdentityDoesNotAllow
                | playground_core::authorize::Reason::AccountTrustNeedsIdentity => format!(
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

    /// The policies and the request of a final request made by `caller`.
    pub(crate) fn final_parts(
        &self,
        caller: &Caller<'_>,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> (PolicySet, Request) {
        let target = self.resources.iter().find(|r| r.arn == resource);
        let resource_account = target
            .map(|r| r.account.clone())
            .or_else(|| playground_core::request::resource_account_of(resource, self.dialect));
        let mut set = self.caller_policies(caller);
        set.resource = target.and_then(|r| r.policy.clone());
        if self.dialect == Dialect::Aws {
            set.resource_control = self.control_levels(resource_account.as_deref(), true);
        }
        let request = Request::new(
            self.dialect,
            &caller.principal,
            action,
            resource,
            resource_account.as_deref(),
            context.clone(),
        );
        (set, request)
    }

    /// Decides and explains a caller's final request.
    pub(crate) fn final_request(
        &self,
        caller: &Caller<'_>,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> FinalRequest {
        let (set, request) = self.final_parts(caller, action, resource, context);
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

    /// The chain Cloud Backup itself uses to reach a registered resource account.
    fn backup_chain(&self, account: &str) -> Result<(String, Vec<HopSpec>), String> {
        let Some(backup) = &self.backup else {
            return Err("the scenario has no Cloud Backup setup (\"backup\")".into());
        };
        let manager = &backup.management_account;
        let Some(member) = backup.resource_accounts.iter().find(|m| m.account == account) else {
            return Err(format!(
                "{} is not in the list of resource accounts of the backup management account {}",
                self.account_label(account),
                self.account_label(manager)
            ));
        };
        let hop = |role: String| HopSpec {
            role,
            session_name: Some("hbr-backup".into()),
            session_policy: None,
            duration: None,
            context: Context::default(),
        };
        match &member.method {
            BackupMethod::RamRole { role } => Ok((
                HBR_CROSS_ACCOUNT_SERVICE.into(),
                vec![hop(format!("{manager}/{HBR_CROSS_ACCOUNT_ROLE}")), hop(format!("{account}/{role}"))],
            )),
            BackupMethod::ResourceDirectory => {
                let Some(org) = self.organization.as_ref().filter(|o| o.kind == OrgKind::ResourceDirectory) else {
                    return Err(
                        "the Resource Directory method needs a Resource Directory, and the scenario has none".into()
                    );
                };
                let admins = org.delegated_administrators.get(HBR_TRUSTED_SERVICE).cloned().unwrap_or_default();
                if *manager != org.management_account {
                    match admins.iter().position(|a| a == manager) {
                        None => {
                            return Err(format!(
                                "{} is neither the management account of the Resource Directory ({}) nor a delegated administrator of Cloud Backup in it",
                                self.account_label(manager),
                                self.account_label(&org.management_account)
                            ));
                        }
                        Some(i) if i >= HBR_MAX_DELEGATED_ADMINS => {
                            return Err(format!(
                                "{} is delegated administrator number {} of Cloud Backup, which accepts at most {HBR_MAX_DELEGATED_ADMINS}",
                                self.account_label(manager),
                                i + 1
                            ));
                        }
                        Some(_) => {}
                    }
                }
                if !org.contains(account) {
                    return Err(format!(
                        "{} is not a member of the Resource Directory managed by {}",
                        self.account_label(account),
                        self.account_label(&org.management_account)
                    ));
                }
                Ok((HBR_RD_SERVICE.into(), vec![hop(format!("{account}/{HBR_RD_ROLE}"))]))
            }
        }
    }
}

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

fn trusted_names(role: &Role) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for st in role.trust.statements.iter().filter(|s| s.body.effect == playground_core::policy::Effect::Allow) {
        for e in st.body.principal.iter().flat_map(|p| &p.entries) {
            if !out.contains(&e.value) {
                out.push(e.value.clone());
            }
        }
    }
    out
}

fn default_session_name(principal: &str) -> String {
    // A service principal's first label ("crossbackup" for crossbackup.hbr.aliyuncs.com),
    // otherwise the last part of the caller's name.
    let tail = if principal.contains([':', '/']) {
        principal.rsplit(['/', ':']).next().unwrap_or("session")
    } else {
        principal.split('.').next().unwrap_or("session")
    };
    let name: String = tail.chars().filter(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(*c)).take(64).collect();
    if name.len() >= 2 { name } else { "playground".into() }
}
