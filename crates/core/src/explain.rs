//! Explanations: the decision, the statements that decided it, what every
//! statement did, and one sentence a person can read.

use crate::ast::{Effect, Policy, Statement};
use crate::authorize::{Decision, Hit, LayerKind, LayerResult, PolicySet, Reason, Verdict, decide};
use crate::dialect::Dialect;
use crate::evaluate::{
    ConditionCheck, ElementCheck, PrincipalMatch, explain_action, explain_conditions, explain_principal,
    explain_resource, principal_match,
};
use crate::request::Request;
use crate::span::Span;
use serde::Serialize;
use std::collections::BTreeSet;

/// A full, serializable explanation of one decision.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// Why, as a code.
    pub reason: Reason,
    /// One sentence for people.
    pub summary: String,
    /// The statements that decided it.
    pub decisive: Vec<StatementRef>,
    /// Every layer with every statement's detail.
    pub layers: Vec<LayerReport>,
    /// Condition keys that applicable statements test but the request does not supply.
    pub missing_context_keys: Vec<String>,
    /// Context keys the request gave but the cloud would not send with its action, left out of
    /// the evaluation ([`Request::set_aside`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub set_aside_context_keys: Vec<String>,
    /// The rules that shaped this decision (cross-account, trust policy, exemptions), in words.
    pub notes: Vec<String>,
    /// For a denial no statement decided, the Allow statement that came closest and the one
    /// part of it that failed (full explanations only: batch lines leave it out for speed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near_miss: Option<NearMiss>,
}

/// The Allow statement that came closest to allowing a denied request: it matched the most of
/// action, resource, principal and conditions, and `part` is the (first) one that failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct NearMiss {
    /// The statement.
    pub statement: StatementRef,
    /// What failed: `Action`, `NotResource`, `Principal`, or a condition as `IpAddress aws:SourceIp`.
    pub part: String,
    /// Where that part is in the document (the element, the pattern, or the condition's key).
    pub span: Option<Span>,
    /// Why it failed, with the request's value against the policy's
    /// (`aws:SourceIp "192.168.1.5" does not satisfy IpAddress "10.0.0.0/8"`).
    pub why: String,
    /// How many parts failed in all (1: this one change away).
    pub failed_parts: usize,
}

impl NearMiss {
    /// The closest Allow statement among the layers that did not allow (`no_match`), if any
    /// statement there matched at least one part. Ties go to the statement with more parts
    /// matched, then to the first in the explanation's order.
    fn find(layers: &[LayerReport]) -> Option<NearMiss> {
        let mut best: Option<(usize, usize, &StatementReport)> = None;
        let candidates = layers
            .iter()
            .filter(|l| l.outcome == "no_match")
            .flat_map(|l| &l.policies)
            .flat_map(|p| &p.statements)
            .filter(|s| s.statement.effect == Effect::Allow && !s.applies);
        for s in candidates {
            let parts = statement_parts(s);
            let failed = parts.iter().filter(|p| !p.matched).count();
            let matched = parts.len() - failed;
            if matched == 0 || failed == 0 {
                continue;
            }
            if best.is_none_or(|(f, m, _)| failed < f || (failed == f && matched > m)) {
                best = Some((failed, matched, s));
            }
        }
        let (failed, _, s) = best?;
        let first = statement_parts(s).into_iter().find(|p| !p.matched)?;
        Some(NearMiss {
            statement: s.statement.clone(),
            part: first.name,
            span: first.span,
            why: first.why,
            failed_parts: failed,
        })
    }

    /// One line for people: `statement 2 (Sid Office) of OfficeOnly came closest: aws:SourceIp ...`.
    pub fn sentence(&self) -> String {
        let more = match self.failed_parts {
            1 => String::new(),
            n => format!(" (and {} more part{})", n - 1, if n == 2 { "" } else { "s" }),
        };
        format!("{} of {} came closest: {}{more}", self.statement.label, self.statement.policy, self.why)
    }
}

/// One part of a statement as the near miss weighs it.
struct Part {
    name: String,
    matched: bool,
    span: Option<Span>,
    why: String,
}

/// A statement's action, resource, principal (when it has one) and conditions, in that order.
fn statement_parts(s: &StatementReport) -> Vec<Part> {
    let element = |name: &str, e: &ElementCheck| Part {
        name: name.to_string(),
        matched: e.matched,
        span: e.span,
        why: e.detail.clone(),
    };
    let mut parts = vec![element("Action", &s.action), element("Resource", &s.resource)];
    if let Some(p) = &s.principal {
        parts.push(element("Principal", p));
    }
    parts.extend(s.conditions.iter().map(|c| Part {
        name: format!("{} {}", c.operator, c.key),
        matched: c.holds,
        span: Some(c.span),
        why: c.detail.clone(),
    }));
    parts
}

/// Points at one statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct StatementRef {
    /// The policy's name.
    pub policy: String,
    /// Its layer.
    pub layer: LayerKind,
    /// The control level (0 = root), for control policies.
    pub level: Option<usize>,
    /// Position in the policy, from 0.
    pub index: usize,
    /// The Sid, if any.
    pub sid: Option<String>,
    /// "statement 2 (Sid X)".
    pub label: String,
    /// Allow or Deny.
    pub effect: Effect,
    /// Where the statement is.
    pub span: Span,
}

/// One layer's outcome.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct LayerReport {
    /// The layer.
    pub layer: LayerKind,
    /// Its level, for control layers.
    pub level: Option<usize>,
    /// Its name for people.
    pub title: String,
    /// `allow`, `deny`, `no_match`, `not_applicable` or `absent`.
    pub outcome: &'static str,
    /// Why the layer did not take part, when it did not.
    pub note: Option<String>,
    /// Its policies with every statement's report (omitted when empty: in brief
    /// explanations, and for layers without policies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub policies: Vec<PolicyReport>,
}

/// One policy's statements.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct PolicyReport {
    /// The policy's name.
    pub name: String,
    /// Every statement.
    pub statements: Vec<StatementReport>,
}

/// What one statement did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct StatementReport {
    /// Which statement.
    pub statement: StatementRef,
    /// Whether it applies to the request.
    pub applies: bool,
    /// The action element.
    pub action: ElementCheck,
    /// The resource element.
    pub resource: ElementCheck,
    /// The principal element, when present.
    pub principal: Option<ElementCheck>,
    /// Each condition.
    pub conditions: Vec<ConditionCheck>,
    /// One line: what it did or why it did not apply.
    pub why: String,
}

fn statement_ref(layer: LayerKind, level: Option<usize>, policy: &Policy, st: &Statement) -> StatementRef {
    StatementRef {
        policy: policy.name.clone(),
        layer,
        level,
        index: st.index,
        sid: st.body.sid.clone(),
        label: st.label(),
        effect: st.body.effect,
        span: st.span,
    }
}

fn hit_ref(h: &Hit<'_>) -> StatementRef {
    statement_ref(h.layer, h.level, h.policy, h.statement)
}

/// How much of an explanation to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Everything, down to every condition of every statement (the editor, `eval`).
    #[default]
    Full,
    /// The decision, summary, decisive statements, notes, missing keys and the outcome of each
    /// layer that has policies, without the per-statement reports (batch runs: `eval --json`
    /// without `--detail`).
    Brief,
}

/// Decides and explains a request in full.
pub fn explain(set: &PolicySet, req: &Request) -> Evaluation {
    explain_with(set, req, Detail::Full)
}

/// Decides and explains a request with the given detail.
pub fn explain_with(set: &PolicySet, req: &Request, detail: Detail) -> Evaluation {
    let verdict = decide(set, req);
    let layers: Vec<LayerReport> = verdict
        .layers
        .iter()
        .filter(|l| detail == Detail::Full || !l.policies.is_empty())
        .map(|l| layer_report(l, req, verdict.assume_role, detail))
        .collect();
    Evaluation {
        decision: verdict.decision,
        reason: verdict.reason,
        summary: summary(&verdict, req),
        decisive: verdict.decisive.iter().map(hit_ref).collect(),
        missing_context_keys: missing_keys(&verdict, req),
        set_aside_context_keys: req.set_aside_keys.clone(),
        notes: notes(&verdict, req, set),
        // A resource the cloud protects is refused whatever the policies say: nothing came close.
        near_miss: if verdict.decision == Decision::ImplicitDeny && verdict.reason != Reason::ProtectedByCloud {
            NearMiss::find(&layers)
        } else {
            None
        },
        layers,
    }
}

fn layer_report(layer: &LayerResult<'_>, req: &Request, assume_role: bool, detail: Detail) -> LayerReport {
    let mut title = layer.kind.title(req.dialect, assume_role).to_string();
    if let Some(level) = layer.level {
        // "..., level 2 (below the root)", without format!: every control level of every case has one.
        title.push_str(", level ");
        crate::ast::push_number(&mut title, level + 1);
        title.push_str(if level == 0 { " (root)" } else { " (below the root)" });
    }
    let (outcome, note) = if layer.policies.is_empty() {
        ("absent", None)
    } else if !layer.applies {
        ("not_applicable", Some(not_applicable_note(layer.kind, req)))
    } else if !layer.denies.is_empty() {
        ("deny", None)
    } else if !layer.allows.is_empty() {
        ("allow", None)
    } else {
        ("no_match", None)
    };
    let policies = if layer.applies && detail == Detail::Full {
        layer
            .policies
            .iter()
            .map(|p| PolicyReport {
                name: p.name.clone(),
                statements: p.statements.iter().map(|st| statement_report(layer, p, st, req)).collect(),
            })
            .collect()
    } else if detail == Detail::Full {
        layer.policies.iter().map(|p| PolicyReport { name: p.name.clone(), statements: vec![] }).collect()
    } else {
        Vec::new()
    };
    LayerReport { layer: layer.kind, level: layer.level, title, outcome, note, policies }
}

fn not_applicable_note(kind: LayerKind, req: &Request) -> String {
    let p = &req.principal;
    match kind {
        LayerKind::Control if p.service_linked => "control policies do not apply to service-linked roles".into(),
        LayerKind::Control if p.is_service() => "control policies do not apply to service principals".into(),
        LayerKind::Control => "control policies do not apply to the Alibaba Cloud account itself".into(),
        _ if p.is_service() => {
            format!("{} is a service principal: only the resource's policy can grant it access", p.text)
        }
        _ => "the caller is anonymous: only a resource policy with Principal \"*\" can grant access".into(),
    }
}

fn statement_report(layer: &LayerResult<'_>, policy: &Policy, st: &Statement, req: &Request) -> StatementReport {
    let body = &*st.body;
    let mut action = explain_action(&body.action, req);
    let mut resource = explain_resource(body.resource.as_ref(), req);
    let mut principal = explain_principal(body.principal.as_ref(), req);
    if layer.kind == LayerKind::Resource && body.principal.is_none() {
        principal = Some(ElementCheck {
            matched: false,
            detail: "a resource policy statement without Principal applies to no one".into(),
            span: None,
        });
    }
    if layer.not_principal_denies_all
        && body.effect == Effect::Deny
        && let Some(set) = body.principal.as_ref().filter(|p| p.negated)
    {
        principal = Some(ElementCheck {
            matched: true,
            detail: "the caller has a permissions boundary, and AWS applies a Deny statement with NotPrincipal to every such caller, whatever NotPrincipal lists".into(),
            span: Some(set.span),
        });
    }
    let mut conditions = explain_conditions(&body.conditions, req);
    // The checks give spans within the statement's body; reports give them in the document.
    for check in std::iter::once(&mut action).chain(Some(&mut resource)).chain(principal.as_mut()) {
        check.span = check.span.map(|s| st.absolute(s));
    }
    for check in &mut conditions {
        check.span = st.absolute(check.span);
    }
    let principal_ok = principal.as_ref().is_none_or(|p| p.matched);
    let applies = action.matched && resource.matched && principal_ok && conditions.iter().all(|c| c.holds);
    let verb = match body.effect {
        Effect::Allow => "allows",
        Effect::Deny => "denies",
    };
    let why = if applies {
        format!("applies: {verb} {} on {}", req.action, req.resource)
    } else if !action.matched {
        format!("does not apply: {}", action.detail)
    } else if !resource.matched {
        format!("does not apply: {}", resource.detail)
    } else if !principal_ok {
        format!("does not apply: {}", principal.as_ref().map_or("", |p| p.detail.as_str()))
    } else {
        let failed: Vec<&str> = conditions.iter().filter(|c| !c.holds).map(|c| c.detail.as_str()).collect();
        format!("does not apply: condition fails: {}", failed.join("; "))
    };
    StatementReport {
        statement: statement_ref(layer.kind, layer.level, policy, st),
        applies,
        action,
        resource,
        principal,
        conditions,
        why,
    }
}

fn names(hits: &[Hit<'_>]) -> String {
    let mut parts: Vec<String> = hits
        .iter()
        .take(3)
        .map(|h| {
            let mut part = h.statement.label();
            part.push_str(" of ");
            part.push_str(&h.policy.name);
            part
        })
        .collect();
    if hits.len() > 3 {
        parts.push(format!("{} more", hits.len() - 3));
    }
    join_and(&parts)
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn policy_names(layer: &LayerResult<'_>) -> String {
    join_and(&layer.policies.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
}

fn summary(v: &Verdict<'_>, req: &Request) -> String {
    let who = req.principal.display_name();
    let action = &req.action;
    let resource = &req.resource;
    let layer = |kind: LayerKind| v.layers.iter().find(|l| l.kind == kind);
    let resource_title = LayerKind::Resource.title(req.dialect, v.assume_role);
    // Only the identity-side denials name the identity policies.
    let identity_names = || layer(LayerKind::Identity).map(policy_names).unwrap_or_default();
    match v.reason {
        Reason::ExplicitDeny => {
            let h = &v.decisive[0];
            format!(
                "Denied explicitly: {} in {} ({}) denies {action} on {resource}; an explicit deny overrides every allow",
                h.statement.label(),
                h.policy.name,
                h.layer.title(req.dialect, v.assume_role)
            )
        }
        Reason::ControlLevelDoesNotAllow => {
            let level = v.failed_level.unwrap_or(0);
            let l = v.layers.iter().find(|l| l.kind == LayerKind::Control && l.level == Some(level));
            format!(
                "Denied: no {} at level {} ({}) allows {action}, and every level from the root down must allow it",
                LayerKind::Control.title(req.dialect, false),
                level + 1,
                l.map(policy_names).unwrap_or_default()
            )
        }
        Reason::IdentityDoesNotAllow => match identity_names() {
            names if names.is_empty() => format!("Denied: {who} has no policies that allow {action} on {resource}"),
            names => format!("Denied: no statement in {who}'s policies ({names}) allows {action} on {resource}"),
        },
        Reason::ResourcePolicyDoesNotAllow => {
            let present = layer(LayerKind::Resource).is_some_and(|l| !l.policies.is_empty());
            let need = if req.principal.is_service() {
                format!("{who} is a service, so only the {resource_title} can let it in")
            } else if v.assume_role {
                "assuming a role always needs its trust policy to allow the caller".to_string()
            } else if v.key_policy {
                "a KMS key's key policy must allow access itself: IAM policies alone cannot grant access to a key"
                    .to_string()
            } else if !v.same_account {
                format!(
                    "the request crosses accounts ({} to {}), so the {resource_title} must allow it",
                    req.principal.account.as_deref().unwrap_or("?"),
                    req.resource_account.as_deref().unwrap_or("?")
                )
            } else {
                format!("only the {resource_title} can grant this caller access")
            };
            if present {
                let trusted = trusted_principals(v);
                let tail = if caller_named_in_allow(v, req) {
                    format!(": it names the caller, but none of its Allow statements covers {action} on {resource}")
                } else if trusted.is_empty() {
                    String::new()
                } else {
                    format!(": it trusts {trusted}, but the caller is {}", req.principal.text)
                };
                format!("Denied: the {resource_title} does not allow {who} to {action}{tail} ({need})")
            } else {
                format!("Denied: there is no {resource_title}, and {need}")
            }
        }
        Reason::CrossAccountIdentityDoesNotAllow => {
            let what =
                if v.assume_role && v.same_account { "assuming a role" } else { "the request crosses accounts, so" };
            format!(
                "Denied: the {resource_title} allows it, but {what} {who}'s own policies must also allow {action} on {resource}, and none does"
            )
        }
        Reason::AccountTrustNeedsIdentity => format!(
            "Denied: the {resource_title} trusts the whole account {}, which only delegates: {who}'s own policies must also allow {action}, and none does",
            req.principal.account.as_deref().unwrap_or("?")
        ),
        Reason::BoundaryDoesNotAllow => format!(
            "Denied: {who}'s permissions boundary ({}) does not allow {action}; a boundary caps what other policies grant",
            layer(LayerKind::Boundary).map(policy_names).unwrap_or_default()
        ),
        Reason::SessionDoesNotAllow => format!(
            "Denied: the session policy ({}) does not allow {action}; a session gets only what both its role and its session policy allow",
            layer(LayerKind::Session).map(policy_names).unwrap_or_default()
        ),
        Reason::FederatedUserWithoutSessionPolicy => {
            "Denied: a federated-user session without a session policy has no permissions".to_string()
        }
        Reason::RootCannotAssumeRole => {
            "Denied: an Alibaba Cloud account (root) cannot call AssumeRole; use a RAM user or role".to_string()
        }
        Reason::AllowedByIdentity => format!("Allowed: {} allows {action} on {resource}", names(&v.decisive)),
        Reason::AllowedByResourcePolicy => {
            format!("Allowed: {} ({resource_title}) allows {who} to {action} on {resource}", names(&v.decisive))
        }
        Reason::AllowedByBoth => format!("Allowed: both sides allow {action} on {resource}: {}", names(&v.decisive)),
        Reason::NoPermissionNeeded => format!(
            "Allowed: {action} needs no permission; AWS answers it for every signed-in caller, even when a policy denies it"
        ),
        Reason::ProtectedByCloud => {
            let (cloud, what) = match v.protection {
                Some(p) => (if req.dialect == Dialect::Aws { "AWS" } else { "Alibaba Cloud" }, p.what()),
                None => ("the cloud", "a resource the cloud owns"),
            };
            format!(
                "Denied by {cloud} itself: {resource} is {what}; customers cannot {action} it, whatever their policies allow"
            )
        }
        Reason::AllowedAsRoot => {
            format!("Allowed: {who} is the account root, which has full access to its own account")
        }
    }
}

/// Whether some Allow statement of the resource policy names the caller.
fn caller_named_in_allow(v: &Verdict<'_>, req: &Request) -> bool {
    v.layers.iter().filter(|l| l.kind == LayerKind::Resource).flat_map(|l| &l.policies).any(|p| {
        p.statements.iter().any(|st| {
            st.body.effect == Effect::Allow
                && st.body.principal.is_some()
                && principal_match(st.body.principal.as_ref(), req).0.matched()
        })
    })
}

fn trusted_principals(v: &Verdict<'_>) -> String {
    let Some(layer) = v.layers.iter().find(|l| l.kind == LayerKind::Resource) else {
        return String::new();
    };
    let mut seen = BTreeSet::new();
    for p in &layer.policies {
        for st in &p.statements {
            if st.body.effect == Effect::Allow
                && let Some(set) = &st.body.principal
            {
                for e in &set.entries {
                    seen.insert(e.value.clone());
                }
            }
        }
    }
    join_and(&seen.into_iter().take(4).collect::<Vec<_>>())
}

fn missing_keys(v: &Verdict<'_>, req: &Request) -> Vec<String> {
    let mut keys = BTreeSet::new();
    // Only statements whose action matched (as the decision found them).
    for &(st, relevant) in v.layers.iter().filter(|l| l.applies).flat_map(|l| &l.considered) {
        // Conditions count only where resource and principal match; variables in
        // Resource count either way (they can be why the resource did not match).
        if relevant {
            for c in &st.body.conditions {
                if req.context.get(&c.key_lower).is_none() {
                    if req.is_set_aside(&c.key) {
                        keys.insert(format!("{} (left out: not sent with {})", c.key, req.action));
                    } else {
                        keys.insert(c.key.clone());
                    }
                }
                for v in &c.values {
                    if let crate::value::CompiledValue::Text(pat) = &v.compiled {
                        keys.extend(pat.variables().filter(|k| req.context.variable(k).is_none()).map(str::to_string));
                    }
                }
            }
        }
        if let Some(set) = &st.body.resource {
            for item in &set.items {
                keys.extend(item.pattern.variables().filter(|k| req.context.variable(k).is_none()).map(str::to_string));
            }
        }
    }
    keys.into_iter().collect()
}

fn notes(v: &Verdict<'_>, req: &Request, set: &PolicySet) -> Vec<String> {
    let mut out = Vec::new();
    if !req.set_aside_keys.is_empty() {
        let cloud = if req.dialect == Dialect::Aws { "AWS" } else { "Alibaba Cloud" };
        out.push(format!(
            "left out of the evaluation: {} ({cloud} does not send {} with {}; a request that means it lists it in intended_context_keys)",
            req.set_aside_keys.join(", "),
            if req.set_aside_keys.len() == 1 { "this key" } else { "these keys" },
            req.action
        ));
    }
    let p = &req.principal;
    if req.resource_account_assumed {
        out.push(format!(
            "the resource name carries no account and none was given, so it was taken to be the caller's account {}",
            p.account.as_deref().unwrap_or("")
        ));
    }
    if !v.same_account && !p.is_service() && p.account.is_some() && req.resource_account.is_some() {
        out.push(format!(
            "cross-account: the caller is in {} and the resource in {}; both the caller's policies and the {} must allow",
            p.account.as_deref().unwrap_or(""),
            req.resource_account.as_deref().unwrap_or(""),
            LayerKind::Resource.title(req.dialect, v.assume_role)
        ));
    }
    if v.assume_role {
        out.push(match req.dialect {
            Dialect::Aws => "AssumeRole: the role's trust policy is its resource policy and must allow the caller; within one account, a trust policy that names the caller itself needs no identity-policy allow, one that names the account does".into(),
            Dialect::Aliyun => "AssumeRole: the role's trust policy must allow the caller, and the caller's own policies must allow sts:AssumeRole on the role".into(),
        });
    }
    if v.key_policy {
        out.push("KMS key: the key policy must allow the caller; a key policy that names the account lets IAM policies grant access, one that names the caller grants it directly".into());
    }
    if v.layers.iter().flat_map(|l| &l.denies).any(|h| h.principal == PrincipalMatch::NotPrincipalWithBoundary) {
        out.push("NotPrincipal in a Deny statement: AWS applies it to every caller that has a permissions boundary, whatever it lists; use ArnNotEquals on aws:PrincipalArn instead".into());
    }
    if p.service_linked && !set.control.is_empty() {
        out.push("control policies skipped: they do not restrict service-linked roles".into());
    }
    if req.dialect == Dialect::Aws && !set.resource_control.is_empty() {
        out.push("RCPs: every level carries the AWS-managed RCPFullAWSAccess, so only their Deny statements can change the outcome".into());
    }
    out
}

impl Evaluation {
    /// A multi-line text rendering for terminals.
    pub fn render_text(&self) -> String {
        self.render_text_listing(usize::MAX)
    }

    /// [`Evaluation::render_text`] listing at most `statements` statements of each policy in a
    /// layer (then how many more): what a reader can take in from a policy of thousands.
    pub fn render_text_listing(&self, statements: usize) -> String {
        let mut out = String::new();
        let word = match self.decision {
            Decision::Allow => "ALLOW",
            Decision::ExplicitDeny => "EXPLICIT DENY",
            Decision::ImplicitDeny => "IMPLICIT DENY",
        };
        out.push_str(&format!("{word}: {}\n", self.summary));
        if let Some(near) = &self.near_miss {
            let at = near.span.map(|s| format!(" (line {}, column {})", s.line, s.column)).unwrap_or_default();
            out.push_str(&format!("  closest: {}{at}\n", near.sentence()));
        }
        for d in &self.decisive {
            out.push_str(&format!(
                "  decisive: {} of {} [{}] at line {}, column {}\n",
                d.label,
                d.policy,
                serde_json::to_value(d.layer).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                d.span.line,
                d.span.column
            ));
        }
        for n in &self.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
        if !self.missing_context_keys.is_empty() {
            out.push_str(&format!(
                "  context keys tested but not supplied: {}\n",
                self.missing_context_keys.join(", ")
            ));
        }
        for layer in &self.layers {
            if layer.outcome == "absent" {
                continue;
            }
            out.push_str(&format!("  {}: {}", layer.title, layer.outcome.replace('_', " ")));
            if let Some(note) = &layer.note {
                out.push_str(&format!(" ({note})"));
            }
            out.push('\n');
            for p in &layer.policies {
                for s in p.statements.iter().take(statements) {
                    out.push_str(&format!(
                        "    {} {} (line {}): {}\n",
                        p.name, s.statement.label, s.statement.span.line, s.why
                    ));
                }
                if p.statements.len() > statements {
                    out.push_str(&format!("    {}: {} more statements\n", p.name, p.statements.len() - statements));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse_policy;
    use crate::request::Context;

    fn admin_set(dialect: Dialect) -> PolicySet {
        let text = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let parsed = parse_policy("admin", text, Some(dialect));
        PolicySet { identity: vec![parsed.policy.expect("parses")], ..Default::default() }
    }

    #[test]
    fn a_protected_resource_is_explained_as_the_clouds_own_not_as_a_missing_allow() {
        let set = admin_set(Dialect::Aws);
        let role = "arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS";
        let req = Request::new(
            Dialect::Aws,
            "arn:aws:iam::111111111111:user/admin",
            "iam:DeleteRole",
            role,
            None,
            Context::default(),
        );
        let e = explain(&set, &req);
        assert_eq!((e.decision, e.reason), (Decision::ImplicitDeny, Reason::ProtectedByCloud));
        assert_eq!(
            e.summary,
            format!(
                "Denied by AWS itself: {role} is a service-linked role, which its AWS service owns; customers cannot iam:DeleteRole it, whatever their policies allow"
            )
        );

        let set = admin_set(Dialect::Aliyun);
        let policy = "acs:ram::system:policy/AdministratorAccess";
        let req = Request::new(
            Dialect::Aliyun,
            "acs:ram::123:user/admin",
            "ram:DeletePolicy",
            policy,
            None,
            Context::default(),
        );
        let e = explain(&set, &req);
        assert!(e.summary.starts_with("Denied by Alibaba Cloud itself:"), "{}", e.summary);
        assert!(e.summary.contains("a RAM system policy, which only Alibaba Cloud can change"), "{}", e.summary);
    }
}
