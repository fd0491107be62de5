//! Combining the decision layers: explicit deny wins, then allow, else implicit deny,
//! with each cloud's rules for which layers must allow. The algorithm, its sources
//! and the choices made where documentation is silent are in docs/evaluation.md.

use crate::ast::{Effect, Policy, ServiceMask, Statement, StatementBody};
use crate::dialect::Dialect;
use crate::evaluate::{PrincipalMatch, check_statement, check_statement_as};
use crate::request::{PrincipalKind, Request};
use serde::Serialize;

/// The final answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Some statement allows and nothing denies.
    Allow,
    /// A Deny statement applies.
    ExplicitDeny,
    /// Nothing denies, but the layers that must allow do not.
    ImplicitDeny,
}

impl Decision {
    /// `allow`, `explicit_deny`, `implicit_deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::ExplicitDeny => "explicit_deny",
            Decision::ImplicitDeny => "implicit_deny",
        }
    }

    /// Reads `allow` / `explicit_deny` / `implicit_deny` (also `Allowed`, `ExplicitlyDenied`, `deny`...).
    pub fn from_name(name: &str) -> Option<Decision> {
        match name.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "allow" | "allowed" => Some(Decision::Allow),
            "explicit_deny" | "explicitly_denied" | "explicitdeny" | "explicitlydenied" => Some(Decision::ExplicitDeny),
            "implicit_deny" | "implicitly_denied" | "implicitdeny" | "implicitlydenied" => Some(Decision::ImplicitDeny),
            _ => None,
        }
    }
}

/// A kind of policy layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    /// Organization control policies on the caller's side (AWS SCPs, RAM control policies), by level.
    Control,
    /// AWS resource control policies on the resource's side, by level.
    ResourceControl,
    /// The resource's policy (for `sts:AssumeRole`, the role's trust policy).
    Resource,
    /// The caller's identity policies.
    Identity,
    /// The caller's permissions boundary (AWS).
    Boundary,
    /// The session policy passed when the session was created.
    Session,
}

impl LayerKind {
    /// The layer's name for people.
    pub fn title(self, dialect: Dialect, assume_role: bool) -> &'static str {
        match (self, dialect) {
            (LayerKind::Control, Dialect::Aws) => "service control policies (SCPs)",
            (LayerKind::Control, Dialect::Aliyun) => "Resource Directory control policies",
            (LayerKind::ResourceControl, _) => "resource control policies (RCPs)",
            (LayerKind::Resource, _) if assume_role => "trust policy",
            (LayerKind::Resource, _) => "resource policy",
            (LayerKind::Identity, _) => "identity policies",
            (LayerKind::Boundary, _) => "permissions boundary",
            (LayerKind::Session, _) => "session policy",
        }
    }
}

/// Every policy that takes part in a decision, by layer.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    /// Policies attached to the caller (user, group, role).
    pub identity: Vec<Policy>,
    /// The resource's policy; for `sts:AssumeRole`, the role's trust policy.
    pub resource: Option<Policy>,
    /// The session policy of the caller's session.
    pub session: Option<Policy>,
    /// Permissions boundary documents (AWS); together they form one boundary.
    pub boundaries: Vec<Policy>,
    /// Control policies on the caller's side: one list per level, root first.
    pub control: Vec<Vec<Policy>>,
    /// Resource control policies (AWS): one list per level, root first.
    pub resource_control: Vec<Vec<Policy>>,
}

/// A statement that took part in the decision.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    /// Its layer.
    pub layer: LayerKind,
    /// The level, for control policies (0 = root).
    pub level: Option<usize>,
    /// Its policy.
    pub policy: &'a Policy,
    /// The statement.
    pub statement: &'a Statement,
    /// How its principal element matched.
    pub principal: PrincipalMatch,
}

/// The statements of one layer (or one level of a control layer) that apply to the request.
#[derive(Debug, Clone)]
pub struct LayerResult<'a> {
    /// The layer.
    pub kind: LayerKind,
    /// The level, for control layers.
    pub level: Option<usize>,
    /// The policies in it.
    pub policies: Vec<&'a Policy>,
    /// Whether the layer takes part in this request (control policies skip service-linked roles...).
    pub applies: bool,
    /// Applying Allow statements.
    pub allows: Vec<Hit<'a>>,
    /// Applying Deny statements.
    pub denies: Vec<Hit<'a>>,
    /// AWS: the caller has a permissions boundary, so a Deny statement with `NotPrincipal` in
    /// the resource policy applies to it whatever `NotPrincipal` lists.
    pub not_principal_denies_all: bool,
    /// The statements whose action matched, each with whether its resource and principal
    /// matched too (the explanation lists the context keys their conditions test).
    pub considered: Vec<(&'a Statement, bool)>,
}

impl LayerResult<'_> {
    fn allows(&self) -> bool {
        !self.allows.is_empty()
    }
}

/// Why the decision came out as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A Deny statement applies.
    ExplicitDeny,
    /// A control-policy level allows nothing for this request.
    ControlLevelDoesNotAllow,
    /// No identity policy allows (and no resource policy grants on its own).
    IdentityDoesNotAllow,
    /// The resource policy is needed (cross-account, trust policy, service or anonymous caller) and does not allow.
    ResourcePolicyDoesNotAllow,
    /// The resource policy allows, but cross-account the caller's own policies must allow too.
    CrossAccountIdentityDoesNotAllow,
    /// The resource policy names the account, so the caller's own policies must allow too.
    AccountTrustNeedsIdentity,
    /// The permissions boundary does not allow.
    BoundaryDoesNotAllow,
    /// The session policy does not allow.
    SessionDoesNotAllow,
    /// A federated-user session without a session policy has no permissions.
    FederatedUserWithoutSessionPolicy,
    /// An Alibaba Cloud account (root) cannot call AssumeRole.
    RootCannotAssumeRole,
    /// Allowed by identity policies.
    AllowedByIdentity,
    /// Allowed by the resource policy alone.
    AllowedByResourcePolicy,
    /// Allowed by both sides, as cross-account (and RAM AssumeRole) requests need.
    AllowedByBoth,
    /// Allowed because the caller is the account root, which has full access in its account.
    AllowedAsRoot,
    /// Allowed because the action needs no permission (AWS `sts:GetCallerIdentity`), whatever the policies say.
    NoPermissionNeeded,
    /// The cloud itself protects the resource from this change ([`Verdict::protection`] says how),
    /// whatever the policies allow.
    ProtectedByCloud,
}

/// The decision with what decided it.
#[derive(Debug, Clone)]
pub struct Verdict<'a> {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub reason: Reason,
    /// The statements that decided it (denies for an explicit deny; the allows that
    /// count for an allow; empty for an implicit deny).
    pub decisive: Vec<Hit<'a>>,
    /// The control level that failed, for [`Reason::ControlLevelDoesNotAllow`].
    pub failed_level: Option<usize>,
    /// Every layer, in evaluation order.
    pub layers: Vec<LayerResult<'a>>,
    /// Whether the caller and the resource are in the same account.
    pub same_account: bool,
    /// Whether the request is an AssumeRole (the resource policy is the trust policy).
    pub assume_role: bool,
    /// Whether the resource is an AWS KMS key, whose key policy must allow access itself.
    pub key_policy: bool,
    /// What the cloud protects about the resource from this action, for [`Reason::ProtectedByCloud`].
    pub protection: Option<Protection>,
}

/// A resource the cloud owns and protects from its customers: changing or deleting it is
/// refused whatever the policies allow (an explicit deny still reads as explicit). Which
/// actions count as a change, with sources, is in docs/evaluation.md ("What the clouds protect").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Protection {
    /// AWS: a service-linked role (path `/aws-service-role/`): its service owns its trust
    /// policy and its permissions.
    AwsServiceLinkedRole,
    /// AWS: a role AWS reserves for itself (path `/aws-reserved/`, such as IAM Identity
    /// Center's `AWSReservedSSO_` roles).
    AwsReservedRole,
    /// AWS: an AWS managed policy (`arn:aws:iam::aws:policy/...`).
    AwsManagedPolicy,
    /// AWS: an AWS managed KMS alias (`alias/aws/...`).
    AwsManagedKmsAlias,
    /// Alibaba Cloud: a service-linked role (`AliyunServiceRoleFor...`).
    RamServiceLinkedRole,
    /// Alibaba Cloud: a RAM system policy (`acs:ram::system:policy/...`).
    RamSystemPolicy,
}

impl Protection {
    /// What the resource is, for people.
    pub fn what(self) -> &'static str {
        match self {
            Protection::AwsServiceLinkedRole => "a service-linked role, which its AWS service owns",
            Protection::AwsReservedRole => "a role AWS reserves for itself (path /aws-reserved/)",
            Protection::AwsManagedPolicy => "an AWS managed policy, which only AWS can change",
            Protection::AwsManagedKmsAlias => "an AWS managed KMS alias (alias/aws/...), which only AWS can change",
            Protection::RamServiceLinkedRole => "a service-linked role, which its Alibaba Cloud service owns",
            Protection::RamSystemPolicy => "a RAM system policy, which only Alibaba Cloud can change",
        }
    }
}

/// AWS actions that change or delete a service-linked role, its trust policy or its policies
/// (the IAM API reference lists `UnmodifiableEntity` for each; `CreateRole` answers that the
/// `/aws-service-role/` path is only for service-linked roles). Deleting through
/// `iam:DeleteServiceLinkedRole`, passing it, editing its description and tagging it stay
/// open: the IAM User Guide documents the first three and `TagRole` takes "a regular role or
/// a service-linked role".
const AWS_SLR_CHANGES: &[&str] = &[
    "iam:createrole",
    "iam:deleterole",
    "iam:updateassumerolepolicy",
    "iam:putrolepolicy",
    "iam:deleterolepolicy",
    "iam:attachrolepolicy",
    "iam:detachrolepolicy",
    "iam:putrolepermissionsboundary",
    "iam:deleterolepermissionsboundary",
];

/// AWS reserved roles: everything [`AWS_SLR_CHANGES`] lists, and also the actions a
/// service-linked role leaves open. AWS says only that such a role "is only modifiable by
/// AWS"; the list follows the reference simulator (cloud-copilot/iam-simulate).
const AWS_RESERVED_EXTRA: &[&str] = &[
    "iam:updaterole",
    "iam:updateroledescription",
    "iam:tagrole",
    "iam:untagrole",
    "iam:passrole",
    "iam:createservicelinkedrole",
    "iam:deleteservicelinkedrole",
];

/// AWS actions that change or delete a managed policy.
const AWS_POLICY_CHANGES: &[&str] = &[
    "iam:createpolicy",
    "iam:createpolicyversion",
    "iam:deletepolicy",
    "iam:deletepolicyversion",
    "iam:setdefaultpolicyversion",
    "iam:tagpolicy",
    "iam:untagpolicy",
];

/// AWS KMS actions that change an alias.
const AWS_ALIAS_CHANGES: &[&str] = &["kms:createalias", "kms:deletealias", "kms:updatealias"];

/// RAM actions that change or delete a role, its trust policy (`UpdateRole`) or its policies.
/// RAM documents that a service-linked role's policies cannot be attached or detached and its
/// trusted entity cannot be changed; `DeleteRole` needs the role's policies detached first, so
/// such a role goes through `ram:DeleteServiceLinkedRole` (left open) instead.
const RAM_SLR_CHANGES: &[&str] =
    &["ram:createrole", "ram:deleterole", "ram:updaterole", "ram:attachpolicytorole", "ram:detachpolicyfromrole"];

/// RAM actions that change or delete a policy.
const RAM_POLICY_CHANGES: &[&str] = &[
    "ram:createpolicy",
    "ram:createpolicyversion",
    "ram:deletepolicy",
    "ram:deletepolicyversion",
    "ram:setdefaultpolicyversion",
    "ram:updatepolicydescription",
];

/// What the cloud protects from `req`, when its action would change or delete a resource the
/// cloud owns; `None` for everything else.
pub fn protection(req: &Request) -> Option<Protection> {
    let action = req.action_lower.as_str();
    let is = |list: &[&str]| list.contains(&action);
    match req.dialect {
        // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
        Dialect::Aws => {
            let parts: Vec<&str> = req.resource.splitn(6, ':').collect();
            let ["arn", _, service, _, account, name] = parts.as_slice() else {
                return None;
            };
            match *service {
                "iam" if *account == "aws" && name.starts_with("policy/") && is(AWS_POLICY_CHANGES) => {
                    Some(Protection::AwsManagedPolicy)
                }
                "iam" if name.starts_with("role/aws-reserved/") && (is(AWS_SLR_CHANGES) || is(AWS_RESERVED_EXTRA)) => {
                    Some(Protection::AwsReservedRole)
                }
                "iam" if name.starts_with("role/aws-service-role/") && is(AWS_SLR_CHANGES) => {
                    Some(Protection::AwsServiceLinkedRole)
                }
                "kms" if name.starts_with("alias/aws/") && is(AWS_ALIAS_CHANGES) => {
                    Some(Protection::AwsManagedKmsAlias)
                }
                _ => None,
            }
        }
        // acs:SERVICE:REGION:ACCOUNT:RESOURCE
        Dialect::Aliyun => {
            let parts: Vec<&str> = req.resource.splitn(5, ':').collect();
            let ["acs", service, _, account, name] = parts.as_slice() else {
                return None;
            };
            if !service.eq_ignore_ascii_case("ram") {
                return None;
            }
            let name = name.to_ascii_lowercase();
            let role = name.strip_prefix("role/");
            if role.is_some_and(|r| r.starts_with("aliyunservicerolefor")) && is(RAM_SLR_CHANGES) {
                Some(Protection::RamServiceLinkedRole)
            } else if account.eq_ignore_ascii_case("system") && name.starts_with("policy/") && is(RAM_POLICY_CHANGES) {
                Some(Protection::RamSystemPolicy)
            } else {
                None
            }
        }
    }
}

/// True for the AssumeRole family, where the resource policy is the role's trust policy.
pub fn is_assume_role(action_lower: &str) -> bool {
    action_lower.starts_with("sts:assumerole")
}

/// True when the request is on an AWS KMS key (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`).
/// "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access
/// to a KMS key" (AWS KMS Developer Guide, "Key policies"), so, like a role's trust policy,
/// the key policy must always allow.
pub fn is_kms_key(req: &Request) -> bool {
    let parts: Vec<&str> = req.resource.splitn(6, ':').collect();
    req.dialect == Dialect::Aws
        && parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "kms"
        && parts[5].starts_with("key/")
}

/// True for AWS actions that need no permission: `sts:GetCallerIdentity` works for every
/// signed-in caller "even if an administrator explicitly denies" it (AWS STS API Reference,
/// "GetCallerIdentity").
pub fn needs_no_permission(req: &Request) -> bool {
    req.dialect == Dialect::Aws
        && req.action_lower == "sts:getcalleridentity"
        && req.principal.kind != PrincipalKind::Anonymous
}

/// The authorizer's index by action: which statements can take part in a request at all.
///
/// A statement whose `Action` (or `NotAction`) cannot match the request's action can neither
/// decide it nor be listed among the statements considered, so [`decide`] skips it without
/// reading the rest of its body. The test is a summary of the services each action element
/// names ([`StatementBody::action_services`], compiled with the statement): one bit test per
/// statement, where matching the action's patterns costs one comparison per pattern. It only
/// rules statements out; those it lets through are checked in full.
///
/// (Batch reading used to leave such statements out of the policies it read for brief
/// explanations; every policy now holds all its statements, and the pruning happens here.)
#[derive(Debug, Clone, Copy)]
pub struct ActionPrefilter {
    service: ServiceMask,
}

impl ActionPrefilter {
    /// The prefilter for `req`'s action.
    pub fn new(req: &Request) -> ActionPrefilter {
        ActionPrefilter { service: ServiceMask::of_action(&req.action_lower) }
    }

    /// False when the statement's action element cannot match the request's action; true when
    /// it may (the statement must then be checked).
    pub fn may_match(&self, body: &StatementBody) -> bool {
        body.action_services.overlaps(self.service)
    }
}

fn eval_layer<'a>(
    kind: LayerKind,
    level: Option<usize>,
    policies: Vec<&'a Policy>,
    applies: bool,
    not_principal_denies_all: bool,
    req: &Request,
    prefilter: ActionPrefilter,
) -> LayerResult<'a> {
    let mut layer = LayerResult {
        kind,
        level,
        policies,
        applies,
        allows: Vec::new(),
        denies: Vec::new(),
        not_principal_denies_all,
        considered: Vec::new(),
    };
    if !applies {
        return layer;
    }
    for policy in &layer.policies {
        for st in policy.statements.iter().filter(|st| prefilter.may_match(&st.body)) {
            let outcome = if layer.not_principal_denies_all && denies_with_not_principal(st) {
                check_statement_as(st, req, PrincipalMatch::NotPrincipalWithBoundary)
            } else {
                check_statement(st, req)
            };
            if outcome.action {
                layer.considered.push((st, outcome.resource && outcome.principal.matched()));
            }
            // A resource-policy statement without Principal names no one.
            let principal_ok = !(kind == LayerKind::Resource && st.body.principal.is_none());
            if outcome.applies() && principal_ok {
                let hit = Hit { layer: kind, level, policy, statement: st, principal: outcome.principal };
                match st.body.effect {
                    Effect::Allow => layer.allows.push(hit),
                    Effect::Deny => layer.denies.push(hit),
                }
            }
        }
    }
    layer
}

/// A Deny statement whose principal element is `NotPrincipal`.
fn denies_with_not_principal(st: &Statement) -> bool {
    st.body.effect == Effect::Deny && st.body.principal.as_ref().is_some_and(|p| p.negated)
}

/// Decides a request. Cheap enough to call per keystroke; [`crate::explain::explain`]
/// adds the per-statement detail.
pub fn decide<'a>(set: &'a PolicySet, req: &Request) -> Verdict<'a> {
    decide_with_resource(set, set.resource.as_ref(), req)
}

/// [`decide`] with the resource policy given separately, so a caller that tries one
/// identity against many resources (path search) does not copy policies.
pub fn decide_with_resource<'a>(set: &'a PolicySet, resource: Option<&'a Policy>, req: &Request) -> Verdict<'a> {
    let p = &req.principal;
    let service = p.is_service();
    let anonymous = p.kind == PrincipalKind::Anonymous;
    let caller_side = !service && !anonymous;
    // Control policies apply to users and roles of member accounts, not to service-linked
    // roles, services, or (RAM) the account owner.
    let control_applies =
        caller_side && !p.service_linked && !(req.dialect == Dialect::Aliyun && p.kind == PrincipalKind::Root);
    let prefilter = ActionPrefilter::new(req);
    let mut layers = Vec::new();
    for (level, policies) in set.control.iter().enumerate() {
        layers.push(eval_layer(
            LayerKind::Control,
            Some(level),
            policies.iter().collect(),
            control_applies,
            false,
            req,
            prefilter,
        ));
    }
    for (level, policies) in set.resource_control.iter().enumerate() {
        layers.push(eval_layer(
            LayerKind::ResourceControl,
            Some(level),
            policies.iter().collect(),
            true,
            false,
            req,
            prefilter,
        ));
    }
    let has_boundary = !set.boundaries.is_empty();
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    // permissions boundary policy attached" (IAM User Guide, "Permissions boundaries").
    let not_principal_denies_all = req.dialect == Dialect::Aws && caller_side && has_boundary;
    layers.push(eval_layer(
        LayerKind::Resource,
        None,
        resource.into_iter().collect(),
        true,
        not_principal_denies_all,
        req,
        prefilter,
    ));
    layers.push(eval_layer(
        LayerKind::Identity,
        None,
        set.identity.iter().collect(),
        caller_side,
        false,
        req,
        prefilter,
    ));
    layers.push(eval_layer(
        LayerKind::Boundary,
        None,
        set.boundaries.iter().collect(),
        caller_side && has_boundary,
        false,
        req,
        prefilter,
    ));
    layers.push(eval_layer(
        LayerKind::Session,
        None,
        set.session.iter().collect(),
        caller_side && set.session.is_some(),
        false,
        req,
        prefilter,
    ));

    let same_account = req.same_account();
    let assume_role = is_assume_role(&req.action_lower);
    let mut verdict = Verdict {
        decision: Decision::ImplicitDeny,
        reason: Reason::IdentityDoesNotAllow,
        decisive: Vec::new(),
        failed_level: None,
        layers,
        same_account,
        assume_role,
        key_policy: is_kms_key(req),
        protection: None,
    };

    if needs_no_permission(req) {
        verdict.decision = Decision::Allow;
        verdict.reason = Reason::NoPermissionNeeded;
        return verdict;
    }
    let denies: Vec<Hit<'a>> = verdict.layers.iter().flat_map(|l| l.denies.iter().copied()).collect();
    if !denies.is_empty() {
        verdict.decision = Decision::ExplicitDeny;
        verdict.reason = Reason::ExplicitDeny;
        verdict.decisive = denies;
        return verdict;
    }
    if let Some(protection) = protection(req) {
        verdict.reason = Reason::ProtectedByCloud;
        verdict.protection = Some(protection);
        return verdict;
    }
    for layer in &verdict.layers {
        // RCPs: the allow-all RCPFullAWSAccess is attached at every level and cannot be
        // detached, so only their denies count.
        if layer.kind == LayerKind::Control && layer.applies && !layer.allows() {
            verdict.reason = Reason::ControlLevelDoesNotAllow;
            verdict.failed_level = layer.level;
            return verdict;
        }
    }
    let find = |kind: LayerKind| verdict.layers.iter().find(|l| l.kind == kind).expect("layer present");
    let resource = find(LayerKind::Resource);
    let identity = find(LayerKind::Identity);
    let boundary = find(LayerKind::Boundary);
    let session = find(LayerKind::Session);
    let rbp_allows: Vec<Hit<'a>> = resource.allows.clone();
    let id_allows: Vec<Hit<'a>> = identity.allows.clone();
    let root = p.kind == PrincipalKind::Root;
    let boundary_ok = !boundary.applies || boundary.allows();
    let session_ok =
        if session.applies { session.allows() } else { !matches!(p.kind, PrincipalKind::FederatedUser { .. }) };
    let session_reason =
        if session.applies { Reason::SessionDoesNotAllow } else { Reason::FederatedUserWithoutSessionPolicy };

    let (decision, reason, decisive) = if !caller_side {
        if rbp_allows.is_empty() {
            (Decision::ImplicitDeny, Reason::ResourcePolicyDoesNotAllow, vec![])
        } else {
            (Decision::Allow, Reason::AllowedByResourcePolicy, rbp_allows)
        }
    } else {
        match req.dialect {
            Dialect::Aws => aws_rules(AwsInput {
                same_account,
                resource_policy_required: assume_role || verdict.key_policy,
                root,
                rbp_allows,
                id_allows,
                boundary_ok,
                session_ok,
                session_reason,
            }),
            Dialect::Aliyun => aliyun_rules(same_account, assume_role, root, rbp_allows, id_allows, session_ok),
        }
    };
    verdict.decision = decision;
    verdict.reason = reason;
    verdict.decisive = decisive;
    verdict
}

struct AwsInput<'a> {
    same_account: bool,
    /// A role's trust policy or a KMS key policy: it must allow even within the account.
    resource_policy_required: bool,
    root: bool,
    rbp_allows: Vec<Hit<'a>>,
    id_allows: Vec<Hit<'a>>,
    boundary_ok: bool,
    session_ok: bool,
    session_reason: Reason,
}

type Outcome<'a> = (Decision, Reason, Vec<Hit<'a>>);

/// AWS: the IAM user guide's evaluation flow (deny, RCP, SCP, resource policy,
/// identity, boundary, session) with the cross-account rule that both sides must allow.
fn aws_rules(i: AwsInput<'_>) -> Outcome<'_> {
    let deny = |r: Reason| (Decision::ImplicitDeny, r, Vec::new());
    let id_ok = i.root || !i.id_allows.is_empty();
    let rank = |h: &Hit<'_>| match h.principal {
        // NotPrincipal with Allow grants to everyone it does not list, like "*" (IAM User Guide,
        // "NotPrincipal": the statement applies to all principals except the listed ones).
        PrincipalMatch::Exact
        | PrincipalMatch::Wildcard
        | PrincipalMatch::Service
        | PrincipalMatch::Federated
        | PrincipalMatch::NotListed => 3,
        PrincipalMatch::Role => 2,
        _ => 1,
    };
    let best = i.rbp_allows.iter().map(rank).max().unwrap_or(0);
    fn both<'a>(i: AwsInput<'a>) -> Vec<Hit<'a>> {
        let mut d = i.rbp_allows;
        d.extend(i.id_allows);
        d
    }
    if !i.same_account {
        if i.rbp_allows.is_empty() {
            return deny(Reason::ResourcePolicyDoesNotAllow);
        }
        if !id_ok {
            return deny(Reason::CrossAccountIdentityDoesNotAllow);
        }
        if !i.boundary_ok {
            return deny(Reason::BoundaryDoesNotAllow);
        }
        if !i.session_ok {
            return deny(i.session_reason);
        }
        let reason = if i.root { Reason::AllowedByResourcePolicy } else { Reason::AllowedByBoth };
        return (Decision::Allow, reason, both(i));
    }
    // Same account. A trust policy or key policy must always allow.
    if i.resource_policy_required && i.rbp_allows.is_empty() {
        return deny(Reason::ResourcePolicyDoesNotAllow);
    }
    if best == 3 {
        // Naming the user or session itself grants without the caller's own policies.
        let decisive = i.rbp_allows.into_iter().filter(|h| rank(h) == 3).collect();
        return (Decision::Allow, Reason::AllowedByResourcePolicy, decisive);
    }
    if best == 2 {
        // Naming the role: boundary and session policy still limit the session.
        if !i.boundary_ok {
            return deny(Reason::BoundaryDoesNotAllow);
        }
        if !i.session_ok {
            return deny(i.session_reason);
        }
        let decisive = i.rbp_allows.into_iter().filter(|h| rank(h) == 2).collect();
        return (Decision::Allow, Reason::AllowedByResourcePolicy, decisive);
    }
    if !id_ok {
        return deny(if best == 1 { Reason::AccountTrustNeedsIdentity } else { Reason::IdentityDoesNotAllow });
    }
    if !i.boundary_ok {
        return deny(Reason::BoundaryDoesNotAllow);
    }
    if !i.session_ok {
        return deny(i.session_reason);
    }
    if i.id_allows.is_empty() {
        return (Decision::Allow, Reason::AllowedAsRoot, i.rbp_allows);
    }
    let reason = if best == 1 { Reason::AllowedByBoth } else { Reason::AllowedByIdentity };
    (Decision::Allow, reason, both(i))
}

/// RAM: control policies, then the session policy, then identity and resource policies
/// as a union within one account; AssumeRole and cross-account requests need both sides.
fn aliyun_rules<'a>(
    same_account: bool,
    assume_role: bool,
    root: bool,
    rbp_allows: Vec<Hit<'a>>,
    id_allows: Vec<Hit<'a>>,
    session_ok: bool,
) -> Outcome<'a> {
    let deny = |r: Reason| (Decision::ImplicitDeny, r, Vec::new());
    if !session_ok {
        return deny(Reason::SessionDoesNotAllow);
    }
    if assume_role && root {
        return deny(Reason::RootCannotAssumeRole);
    }
    let id_ok = root || !id_allows.is_empty();
    let mut both = rbp_allows.clone();
    both.extend(id_allows.iter().copied());
    if assume_role || !same_account {
        if rbp_allows.is_empty() {
            return deny(Reason::ResourcePolicyDoesNotAllow);
        }
        if !id_ok {
            return deny(Reason::CrossAccountIdentityDoesNotAllow);
        }
        return (Decision::Allow, Reason::AllowedByBoth, both);
    }
    if !id_allows.is_empty() {
        (Decision::Allow, Reason::AllowedByIdentity, both)
    } else if !rbp_allows.is_empty() {
        (Decision::Allow, Reason::AllowedByResourcePolicy, rbp_allows)
    } else if root {
        (Decision::Allow, Reason::AllowedAsRoot, vec![])
    } else {
        deny(Reason::IdentityDoesNotAllow)
    }
}

/// The decision alone.
pub fn authorize(set: &PolicySet, req: &Request) -> Decision {
    decide(set, req).decision
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::ServiceMask;
    use crate::parser::parse_policy;
    use crate::request::Context;

    fn policy(text: &str) -> Policy {
        let parsed = parse_policy("p", text, Some(Dialect::Aws));
        parsed.policy.unwrap_or_else(|| panic!("{:?}", parsed.issues))
    }

    fn aws(principal: &str, action: &str, resource: &str) -> Request {
        Request::new(Dialect::Aws, principal, action, resource, None, Context::default())
    }

    const ROLE: &str = "arn:aws:iam::111111111111:role/app";
    const OBJECT: &str = "arn:aws:s3:::bucket/key";

    fn bucket_policy(principal: &str, effect: &str) -> Policy {
        policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}",{principal},"Action":"s3:GetObject","Resource":"{OBJECT}"}}]}}"#
        ))
    }

    fn ec2_only() -> Policy {
        policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#)
    }

    fn s3_all() -> Policy {
        policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
    }

    #[test]
    fn a_role_caller_named_by_its_role_arn_is_still_limited_by_its_boundary() {
        let set = PolicySet {
            resource: Some(bucket_policy(&format!(r#""Principal":{{"AWS":"{ROLE}"}}"#), "Allow")),
            boundaries: vec![ec2_only()],
            ..Default::default()
        };
        let v = decide(&set, &aws(ROLE, "s3:GetObject", OBJECT));
        assert_eq!(
            v.layers.iter().find(|l| l.kind == LayerKind::Resource).unwrap().allows[0].principal,
            PrincipalMatch::Role
        );
        assert_eq!((v.decision, v.reason), (Decision::ImplicitDeny, Reason::BoundaryDoesNotAllow));
        let open = PolicySet { boundaries: vec![], ..set };
        assert_eq!(decide(&open, &aws(ROLE, "s3:GetObject", OBJECT)).decision, Decision::Allow);
    }

    #[test]
    fn not_principal_allow_grants_everyone_it_does_not_list() {
        let other = r#""NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/other"}"#;
        let set = PolicySet { resource: Some(bucket_policy(other, "Allow")), ..Default::default() };
        let user = "arn:aws:iam::111111111111:user/ana";
        let v = decide(&set, &aws(user, "s3:GetObject", OBJECT));
        assert_eq!((v.decision, v.reason), (Decision::Allow, Reason::AllowedByResourcePolicy));
        let listed = r#""NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/ana"}"#;
        let set = PolicySet { resource: Some(bucket_policy(listed, "Allow")), ..Default::default() };
        assert_eq!(decide(&set, &aws(user, "s3:GetObject", OBJECT)).decision, Decision::ImplicitDeny);
    }

    #[test]
    fn not_principal_deny_applies_to_every_caller_with_a_boundary() {
        let except_role = format!(r#""NotPrincipal":{{"AWS":"{ROLE}"}}"#);
        let set = PolicySet {
            identity: vec![s3_all()],
            resource: Some(bucket_policy(&except_role, "Deny")),
            ..Default::default()
        };
        assert_eq!(decide(&set, &aws(ROLE, "s3:GetObject", OBJECT)).decision, Decision::Allow);
        let bounded = PolicySet { boundaries: vec![s3_all()], ..set };
        let v = decide(&bounded, &aws(ROLE, "s3:GetObject", OBJECT));
        assert_eq!(v.decision, Decision::ExplicitDeny);
        assert_eq!(v.decisive[0].principal, PrincipalMatch::NotPrincipalWithBoundary);
        let e = crate::explain::explain(&bounded, &aws(ROLE, "s3:GetObject", OBJECT));
        assert!(e.notes.iter().any(|n| n.contains("NotPrincipal")), "{:?}", e.notes);
    }

    const KEY: &str = "arn:aws:kms:us-east-1:111111111111:key/1234";
    const USER: &str = "arn:aws:iam::111111111111:user/ana";

    fn key_policy(principal: &str) -> Policy {
        policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"kms:*","Resource":"*"}}]}}"#
        ))
    }

    fn kms_all() -> Policy {
        policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#)
    }

    #[test]
    fn a_kms_key_policy_must_allow_even_within_the_account() {
        let req = aws(USER, "kms:Decrypt", KEY);
        assert!(is_kms_key(&req));
        let identity_only = PolicySet { identity: vec![kms_all()], ..Default::default() };
        let v = decide(&identity_only, &req);
        assert_eq!((v.decision, v.reason), (Decision::ImplicitDeny, Reason::ResourcePolicyDoesNotAllow));
        assert!(crate::explain::explain(&identity_only, &req).summary.contains("key policy"));
        // A key policy naming the account delegates to IAM policies, which must then allow.
        let account = PolicySet { resource: Some(key_policy("arn:aws:iam::111111111111:root")), ..Default::default() };
        assert_eq!(decide(&account, &req).decision, Decision::ImplicitDeny);
        let both = PolicySet { identity: vec![kms_all()], ..account };
        assert_eq!(decide(&both, &req).decision, Decision::Allow);
        // A key policy naming the caller grants on its own.
        let direct = PolicySet { resource: Some(key_policy(USER)), ..Default::default() };
        assert_eq!(decide(&direct, &req).decision, Decision::Allow);
        // Aliases and actions without a resource are ordinary.
        assert!(!is_kms_key(&aws(USER, "kms:DeleteAlias", "arn:aws:kms:us-east-1:111111111111:alias/app")));
        assert_eq!(decide(&identity_only, &aws(USER, "kms:ListKeys", "*")).decision, Decision::Allow);
    }

    proptest::proptest! {
        /// The prefilter never rules out a statement whose action element matches: for any
        /// patterns and action over a small alphabet (colons, wildcards, case, spaces), a
        /// matching element's summary holds the action's service.
        #[test]
        fn the_action_prefilter_never_rules_out_a_match(
            patterns in proptest::collection::vec("[ab:*? A]{0,6}", 0..4),
            action in "[ab: A]{0,6}",
            negated in proptest::bool::ANY,
        ) {
            use crate::ast::{NameItem, NameSet};
            use crate::pattern::Pattern;
            let items = patterns
                .iter()
                .map(|t| NameItem { text: t.clone(), pattern: Pattern::action(t), parts: None, span: Default::default() })
                .collect();
            let set = NameSet { negated, items, span: Default::default() };
            let lower = action.to_ascii_lowercase();
            if crate::evaluate::action_match(&set, &lower).0 {
                proptest::prop_assert!(ServiceMask::of_action_set(&set).overlaps(ServiceMask::of_action(&lower)));
            }
        }
    }

    #[test]
    fn the_action_prefilter_rules_out_other_services() {
        let p = policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:StartInstances"],"Resource":"*"},{"Effect":"Deny","NotAction":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"s*:List*","Resource":"*"}]}"#,
        );
        let may = |action: &str| -> Vec<bool> {
            let filter = ActionPrefilter::new(&aws(USER, action, "*"));
            p.statements.iter().map(|st| filter.may_match(&st.body)).collect()
        };
        assert_eq!(may("s3:ListBucket"), [true, true, true]);
        assert_eq!(may("EC2:stopinstances"), [true, true, true]);
        // Summaries hash services into 64 bits; these two do not share one.
        assert_ne!(ServiceMask::of_action("sqs"), ServiceMask::of_action("s3"));
        assert_ne!(ServiceMask::of_action("sqs"), ServiceMask::of_action("ec2"));
        assert_eq!(may("sqs:SendMessage"), [false, true, true]);
    }

    #[test]
    fn get_caller_identity_needs_no_permission() {
        let deny_all =
            policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#);
        let set = PolicySet { identity: vec![deny_all.clone()], session: Some(deny_all), ..Default::default() };
        let v = decide(&set, &aws(USER, "sts:GetCallerIdentity", "*"));
        assert_eq!((v.decision, v.reason), (Decision::Allow, Reason::NoPermissionNeeded));
        assert_eq!(decide(&PolicySet::default(), &aws(USER, "STS:getcalleridentity", "*")).decision, Decision::Allow);
        // An unsigned caller has no identity to report.
        assert_eq!(
            decide(&PolicySet::default(), &aws("*", "sts:GetCallerIdentity", "*")).decision,
            Decision::ImplicitDeny
        );
        // Other actions are unaffected.
        assert_eq!(decide(&set, &aws(USER, "sts:GetSessionToken", "*")).decision, Decision::ExplicitDeny);
    }

    const ADMIN: &str = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    fn protected_decision(dialect: Dialect, principal: &str, action: &str, resource: &str) -> Verdict<'static> {
        let parsed = parse_policy("admin", ADMIN, Some(dialect));
        let set =
            Box::leak(Box::new(PolicySet { identity: vec![parsed.policy.expect("parses")], ..Default::default() }));
        decide(set, &Request::new(dialect, principal, action, resource, None, Context::default()))
    }

    #[test]
    fn the_clouds_refuse_changes_to_what_they_own_whatever_the_policies_allow() {
        let user = "arn:aws:iam::111111111111:user/admin";
        let slr = "arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS";
        let sso = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1";
        let managed = "arn:aws:iam::aws:policy/AdministratorAccess";
        let alias = "arn:aws:kms:us-east-1:111111111111:alias/aws/s3";
        let ram_user = "acs:ram::1234567890:user/admin";
        let ram_slr = "acs:ram::1234567890:role/AliyunServiceRoleForECS";
        let system = "acs:ram::system:policy/AdministratorAccess";
        let cases = [
            (Dialect::Aws, user, "iam:DeleteRole", slr, Some(Protection::AwsServiceLinkedRole)),
            (Dialect::Aws, user, "iam:UpdateAssumeRolePolicy", slr, Some(Protection::AwsServiceLinkedRole)),
            (Dialect::Aws, user, "IAM:PutRolePolicy", slr, Some(Protection::AwsServiceLinkedRole)),
            (Dialect::Aws, user, "iam:DeleteServiceLinkedRole", slr, None),
            (Dialect::Aws, user, "iam:UpdateRoleDescription", slr, None),
            (Dialect::Aws, user, "iam:UpdateRole", slr, None),
            (Dialect::Aws, user, "iam:PassRole", slr, None),
            // TagRole "can be a regular role or a service-linked role" (IAM API Reference).
            (Dialect::Aws, user, "iam:TagRole", slr, None),
            (Dialect::Aws, user, "iam:UntagRole", slr, None),
            (Dialect::Aws, user, "iam:GetRole", slr, None),
            (Dialect::Aws, user, "iam:PassRole", sso, Some(Protection::AwsReservedRole)),
            (Dialect::Aws, user, "iam:TagRole", sso, Some(Protection::AwsReservedRole)),
            (Dialect::Aws, user, "iam:UpdateRoleDescription", sso, Some(Protection::AwsReservedRole)),
            (Dialect::Aws, user, "iam:GetRole", sso, None),
            (Dialect::Aws, user, "iam:CreatePolicyVersion", managed, Some(Protection::AwsManagedPolicy)),
            (Dialect::Aws, user, "iam:GetPolicyVersion", managed, None),
            (Dialect::Aws, user, "iam:DeletePolicy", "arn:aws:iam::111111111111:policy/Mine", None),
            (Dialect::Aws, user, "kms:DeleteAlias", alias, Some(Protection::AwsManagedKmsAlias)),
            (Dialect::Aws, user, "kms:DeleteAlias", "arn:aws:kms:us-east-1:111111111111:alias/mine", None),
            (
                Dialect::Aws,
                "arn:aws:iam::111111111111:root",
                "iam:DeleteRole",
                slr,
                Some(Protection::AwsServiceLinkedRole),
            ),
            (Dialect::Aliyun, ram_user, "ram:DeleteRole", ram_slr, Some(Protection::RamServiceLinkedRole)),
            (Dialect::Aliyun, ram_user, "ram:UpdateRole", ram_slr, Some(Protection::RamServiceLinkedRole)),
            (Dialect::Aliyun, ram_user, "ram:AttachPolicyToRole", ram_slr, Some(Protection::RamServiceLinkedRole)),
            (Dialect::Aliyun, ram_user, "ram:GetRole", ram_slr, None),
            // RAM writes role names in lower case in some ARNs (role/aliyunserviceroleforhdr).
            (
                Dialect::Aliyun,
                ram_user,
                "ram:DetachPolicyFromRole",
                "acs:ram::1234567890:role/aliyunserviceroleforhdr",
                Some(Protection::RamServiceLinkedRole),
            ),
            (Dialect::Aliyun, ram_user, "ram:DeleteServiceLinkedRole", ram_slr, None),
            // Attaching a system policy is using it, not changing it.
            (Dialect::Aliyun, ram_user, "ram:AttachPolicyToRole", system, None),
            (Dialect::Aliyun, ram_user, "ram:DeleteRole", "acs:ram::1234567890:role/app", None),
            (Dialect::Aliyun, ram_user, "ram:CreatePolicyVersion", system, Some(Protection::RamSystemPolicy)),
            (Dialect::Aliyun, ram_user, "ram:DeletePolicy", system, Some(Protection::RamSystemPolicy)),
            (Dialect::Aliyun, ram_user, "ram:GetPolicy", system, None),
            (Dialect::Aliyun, ram_user, "ram:DeletePolicy", "acs:ram::1234567890:policy/Mine", None),
        ];
        for (dialect, principal, action, resource, expected) in cases {
            let v = protected_decision(dialect, principal, action, resource);
            let what = format!("{action} on {resource}");
            assert_eq!(v.protection, expected, "{what}");
            match expected {
                Some(_) => {
                    assert_eq!((v.decision, v.reason), (Decision::ImplicitDeny, Reason::ProtectedByCloud), "{what}");
                }
                // (Reading an AWS managed or RAM system policy crosses into the `aws` / `system`
                // account, which this request has no resource policy for: only the reason matters.)
                None => assert_ne!(v.reason, Reason::ProtectedByCloud, "{what}"),
            }
        }
    }

    #[test]
    fn an_explicit_deny_still_reads_as_explicit_on_a_protected_resource() {
        let set = PolicySet {
            identity: vec![policy(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:DeleteAlias","Resource":"*"}]}"#,
            )],
            ..Default::default()
        };
        let v = decide(&set, &aws(USER, "kms:DeleteAlias", "arn:aws:kms:us-east-1:111111111111:alias/aws/s3"));
        assert_eq!((v.decision, v.reason, v.protection), (Decision::ExplicitDeny, Reason::ExplicitDeny, None));
    }
}
