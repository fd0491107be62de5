//! The caller while walking a chain, and the policies that speak for it: identity
//! policies (with groups), boundary, session policy and control-policy levels; from them,
//! the AssumeRole request of a hop and the final request.

use crate::model::{HopSpec, Role, Scenario};
use playground_core::authorize::PolicySet;
use playground_core::dialect::Dialect;
use playground_core::policy::Policy;
use playground_core::request::{Context, PrincipalKind, Request};

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

impl Scenario {
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

    /// The caller `principal` stands for: a session of a scenario role, when it is one.
    pub(crate) fn caller_for(&self, principal: &str) -> Caller<'_> {
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
}
