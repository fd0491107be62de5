//! Hints for a check whose chain is refused: the engine's proposals
//! ([`playground_core::fixes::propose`]) for the refused step (the hop that was denied, or the
//! final request), with the scenario's library to attach from and its documents to edit, each
//! proven again on the whole check: the change is made to a copy of the scenario (a library
//! policy, a trust policy, a resource policy, a session policy or the context edited; a policy
//! attached to the caller or a control level, or detached) and the check run again. Only
//! proposals after which the check is allowed are listed.
//!
//! System policies and service-linked roles' trust policies belong to the cloud: they are not
//! edited (they may be attached and detached), and the hints say so.

use crate::chain::Caller;
use crate::model::{ChainSpec, Check, HopSpec, LibraryPolicy, Scenario};
use playground_core::authorize::{Decision, LayerKind, PolicySet};
use playground_core::fixes::{
    ActionCatalog, Change, FixOptions, Fixes, PolicySources, PolicyTarget, Proposal, apply_edit, propose,
};
use playground_core::parser::parse_policy;
use playground_core::policy::Policy;
use playground_core::request::Request;
use serde::Serialize;

/// The hints for one check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckFixes {
    /// The check's name.
    pub check: String,
    /// The refused step: 1 for the first hop, and so on; `None` for the final request.
    pub hop: Option<usize>,
    /// The proposals for that step that make the whole check allowed.
    pub fixes: Fixes,
}

/// The refused step of a check, rebuilt: who calls, with which policies, asking what.
struct Step<'s> {
    caller: Caller<'s>,
    set: PolicySet,
    request: Request,
    /// The hop number (from 1) and its index in the check's listed roles; `None` for the final request.
    hop: Option<usize>,
    /// The role assumed, for a hop.
    role: Option<usize>,
}

impl Scenario {
    /// The hints for a check whose decision is a deny; `None` when it is allowed. `source` is
    /// the scenario file's text (the spans of its documents are positions in it).
    pub fn fix_check(&self, check: &Check, source: &str, catalog: Option<&dyn ActionCatalog>) -> Option<CheckFixes> {
        let result = self.run_check(check);
        if result.decision == Decision::Allow {
            return None;
        }
        let empty = |notes: Vec<String>| Fixes {
            decision: result.decision,
            reason: playground_core::authorize::Reason::IdentityDoesNotAllow,
            proposals: vec![],
            notes,
            evaluations: 0,
        };
        let Some(step) = self.refused_step(check) else {
            let why = format!("no policy change is proposed: {}", result.summary);
            return Some(CheckFixes { check: check.name.clone(), hop: result.stopped_at, fixes: empty(vec![why]) });
        };
        let library: Vec<&Policy> = self.policies.iter().filter_map(|p| p.policy.as_ref()).collect();
        let caller_is_customers = step.caller.role.is_none_or(|r| r.linked_service.is_none());
        let has_identity = step.caller.role.is_some() || self.user_index(&step.caller.principal).is_some();
        let options = FixOptions {
            library,
            attach_identity: has_identity && caller_is_customers,
            attach_control: self.organization.is_some(),
            new_policies: has_identity && caller_is_customers,
            catalog,
            ..FixOptions::default()
        };
        let sources = ScenarioSources { scenario: self, source, step: &step };
        let mut fixes = propose(&step.set, &step.request, &sources, &options);
        if let Some(role) = step.caller.role.filter(|r| r.linked_service.is_some()) {
            fixes.notes.push(format!(
                "the caller is {}, a service-linked role: its policies belong to its service, so none is attached, detached or written for it",
                role.name
            ));
        }
        // The step's proposals, proven on the whole check.
        fixes.proposals.retain(|p| {
            self.with_proposal(check, &step, p, source)
                .is_some_and(|s| s.run_check(&s.checks[index_of(check, &s.checks)]).decision == Decision::Allow)
        });
        Some(CheckFixes { check: check.name.clone(), hop: step.hop, fixes })
    }

    /// The step of a check that is refused by its policies: a hop whose AssumeRole is denied,
    /// or the final request; `None` when the chain stops for another reason (a missing role, a
    /// service-linked role assumed by another caller, a session duration, a precondition).
    fn refused_step(&self, check: &Check) -> Option<Step<'_>> {
        let (from, hops) = self.planned_hops(check).ok()?;
        let mut caller = self.caller_for(&from);
        for (i, spec) in hops.iter().enumerate() {
            let role_index = self.find_role_index(&spec.role)?;
            let role = &self.roles[role_index];
            let hop = self.hop_to(i + 1, &caller, role, spec);
            if hop.decision != Decision::Allow {
                if crate::chain::service_linked_refusal(role, &caller.principal).is_some() {
                    return None;
                }
                let mut set = self.caller_policies(&caller);
                let request = self.assume_request(&caller, role, &mut set, spec);
                if playground_core::authorize::decide(&set, &request).decision == Decision::Allow {
                    return None;
                }
                return Some(Step { caller, set, request, hop: Some(i + 1), role: Some(role_index) });
            }
            let session = hop.session?;
            caller = Caller {
                principal: session.arn,
                account: Some(role.account.clone()),
                role: Some(role),
                session_policy: spec.session_policy.clone(),
            };
        }
        let action = check.action.as_ref()?;
        let (set, request) = self.final_parts(&caller, action, &check.resource, &check.context);
        Some(Step { caller, set, request, hop: None, role: None })
    }

    fn user_index(&self, principal: &str) -> Option<usize> {
        let parsed = playground_core::request::Principal::parse(principal, self.dialect);
        let playground_core::request::PrincipalKind::User { name } = &parsed.kind else { return None };
        self.users.iter().position(|u| Some(&u.account) == parsed.account.as_ref() && &u.name == name)
    }

    /// A copy of the scenario with a proposal's changes made; `None` when a change has no
    /// place in the scenario (a context key of a hop Cloud Backup plans, say).
    fn with_proposal(&self, check: &Check, step: &Step<'_>, proposal: &Proposal, source: &str) -> Option<Scenario> {
        let mut s = self.clone();
        let check_index = index_of(check, &self.checks);
        let sources = ScenarioSources { scenario: self, source, step };
        for change in &proposal.changes {
            match &change.change {
                Change::SupplyContext(c) => {
                    let context = match step.hop {
                        None => &mut s.checks[check_index].context,
                        Some(hop) => &mut listed_hop(&mut s.checks[check_index], hop)?.context,
                    };
                    context.insert(&c.key, c.values.clone(), c.multi);
                }
                Change::AttachPolicy(a) => {
                    let name = a.policy.clone();
                    if let Some(document) = &a.document {
                        let policy = parse_policy(&name, &document.to_string(), Some(self.dialect)).policy?;
                        s.policies.push(LibraryPolicy {
                            name: name.clone(),
                            system: false,
                            policy: Some(policy),
                            problem: None,
                            text: None,
                            span: Default::default(),
                        });
                    }
                    match a.layer {
                        LayerKind::Identity => s.attach_to_caller(step, name)?,
                        LayerKind::Control => s.attach_at_level(step, a.level?, name)?,
                        _ => return None,
                    }
                }
                Change::DetachPolicy { policy } => s.detach(step, check_index, policy)?,
                other => {
                    let target = other.policy()?;
                    let original = playground_core::fixes::layer_policy(&step.set, target)?;
                    let text = sources.text(target, original)?;
                    let edited = apply_edit(original, text, other.edit()?)?;
                    s.replace(step, check_index, target, edited)?;
                }
            }
        }
        Some(s)
    }

    /// Puts an edited document where the step's policy came from.
    fn replace(&mut self, step: &Step<'_>, check_index: usize, target: &PolicyTarget, edited: Policy) -> Option<()> {
        match target.layer {
            LayerKind::Resource => match step.role {
                Some(role) => self.roles[role].trust = edited,
                None => {
                    let r = self.resources.iter_mut().find(|r| r.arn == step.request.resource)?;
                    r.policy = Some(edited);
                }
            },
            LayerKind::Session => *self.session_slot(step, check_index)? = Some(edited),
            _ => {
                let lib = self.policies.iter_mut().find(|p| p.name == target.policy)?;
                lib.policy = Some(edited);
            }
        }
        Some(())
    }

    /// The session policy in force for the step's caller: passed by the hop that made its session.
    fn session_slot(&mut self, step: &Step<'_>, check_index: usize) -> Option<&mut Option<Policy>> {
        let made_by = match step.hop {
            Some(hop) => hop.checked_sub(1).filter(|h| *h > 0)?,
            None => match &self.checks[check_index].chain {
                ChainSpec::Roles(hops) => hops.len(),
                ChainSpec::Backup { .. } => return None,
            },
        };
        Some(&mut listed_hop(&mut self.checks[check_index], made_by)?.session_policy)
    }

    fn attach_to_caller(&mut self, step: &Step<'_>, name: String) -> Option<()> {
        if let Some(role) = step.caller.role {
            let r = self.roles.iter_mut().find(|r| r.account == role.account && r.name == role.name)?;
            r.policies.push(name);
        } else {
            let u = self.user_index(&step.caller.principal)?;
            self.users[u].policies.push(name);
        }
        Some(())
    }

    /// Attaches a control policy at the level of the step's caller where the engine placed it.
    fn attach_at_level(&mut self, step: &Step<'_>, level: usize, name: String) -> Option<()> {
        let account = step.caller.account.clone()?;
        match self.level_owner(&account, level)? {
            LevelOwner::Node(n) => self.organization.as_mut()?.nodes[n].control_policies.push(name),
            LevelOwner::Account => {
                self.organization.as_mut()?.account_control_policies.entry(account).or_default().push(name)
            }
        }
        Some(())
    }

    /// Which node (or the account itself) holds control level `level` of `account`, in the
    /// order [`Scenario::control_levels`] builds them.
    fn level_owner(&self, account: &str, level: usize) -> Option<LevelOwner> {
        let org = self.organization.as_ref()?;
        let mut owners: Vec<LevelOwner> = org
            .path(account)
            .into_iter()
            .filter(|n| !org.nodes[*n].control_policies.is_empty())
            .map(LevelOwner::Node)
            .collect();
        if org.node_of(account).is_some() && org.account_control_policies.get(account).is_some_and(|p| !p.is_empty()) {
            owners.push(LevelOwner::Account);
        }
        owners.into_iter().nth(level)
    }

    fn detach(&mut self, step: &Step<'_>, check_index: usize, target: &PolicyTarget) -> Option<()> {
        let name = &target.policy;
        match target.layer {
            LayerKind::Session => *self.session_slot(step, check_index)? = None,
            LayerKind::Resource => match step.role {
                Some(_) => return None,
                None => self.resources.iter_mut().find(|r| r.arn == step.request.resource)?.policy = None,
            },
            LayerKind::Identity | LayerKind::Boundary => {
                let boundary = target.layer == LayerKind::Boundary;
                if let Some(role) = step.caller.role {
                    let r = self.roles.iter_mut().find(|r| r.account == role.account && r.name == role.name)?;
                    if boundary { r.boundary = None } else { r.policies.retain(|p| p != name) }
                } else {
                    let u = self.user_index(&step.caller.principal)?;
                    let (account, groups) = (self.users[u].account.clone(), self.users[u].groups.clone());
                    if boundary {
                        self.users[u].boundary = None;
                    } else {
                        self.users[u].policies.retain(|p| p != name);
                        for g in self.groups.iter_mut().filter(|g| g.account == account && groups.contains(&g.name)) {
                            g.policies.retain(|p| p != name);
                        }
                    }
                }
            }
            LayerKind::Control => {
                let account = step.caller.account.clone()?;
                match self.level_owner(&account, target.level?)? {
                    LevelOwner::Node(n) => self.organization.as_mut()?.nodes[n].control_policies.retain(|p| p != name),
                    LevelOwner::Account => {
                        self.organization.as_mut()?.account_control_policies.get_mut(&account)?.retain(|p| p != name)
                    }
                }
            }
            LayerKind::ResourceControl => return None,
        }
        Some(())
    }
}

/// Where a control level's policies are attached.
enum LevelOwner {
    /// A folder or OU (index into the organization's nodes).
    Node(usize),
    /// The member account itself.
    Account,
}

fn index_of(check: &Check, checks: &[Check]) -> usize {
    checks.iter().position(|c| c.name == check.name).unwrap_or(0)
}

/// Hop `number` (from 1) of a check that lists its roles.
fn listed_hop(check: &mut Check, number: usize) -> Option<&mut HopSpec> {
    match &mut check.chain {
        ChainSpec::Roles(hops) => hops.get_mut(number.checked_sub(1)?),
        ChainSpec::Backup { .. } => None,
    }
}

/// The texts of a scenario's documents, and which belong to the cloud.
struct ScenarioSources<'a, 's> {
    scenario: &'a Scenario,
    source: &'a str,
    step: &'a Step<'s>,
}

impl ScenarioSources<'_, '_> {
    fn library(&self, name: &str) -> Option<&LibraryPolicy> {
        self.scenario.policies.iter().find(|p| p.name == name)
    }
}

impl PolicySources for ScenarioSources<'_, '_> {
    fn text(&self, target: &PolicyTarget, policy: &Policy) -> Option<&str> {
        let text = match target.layer {
            // A trust policy given as a string has its own text.
            LayerKind::Resource => {
                self.step.role.and_then(|r| self.scenario.roles[r].trust_text.as_deref()).unwrap_or(self.source)
            }
            LayerKind::Session => self.source,
            _ => match self.library(&target.policy) {
                Some(lib) => lib.text.as_deref().unwrap_or(self.source),
                None => return None,
            },
        };
        // A document given as a string has spans inside that string, not in the file: only a
        // text whose slice reads as the same statements is the document's.
        reads_as(policy, text).then_some(text)
    }

    fn read_only(&self, target: &PolicyTarget, _policy: &Policy) -> Option<String> {
        match target.layer {
            LayerKind::Resource => {
                let role = &self.scenario.roles[self.step.role?];
                role.linked_service.as_ref().map(|service| {
                    format!("{} is a service-linked role of {service}: its trust policy belongs to the service and cannot be changed", role.name)
                })
            }
            LayerKind::Session => None,
            _ => self.library(&target.policy).filter(|l| l.system).map(|l| {
                format!("{} is a system policy: it can be attached or detached, not changed (copy it into a custom policy to change it)", l.name)
            }),
        }
    }
}

/// Whether `text` holds `policy` where its span says: the slice reads as the same number of
/// statements at the same places.
fn reads_as(policy: &Policy, text: &str) -> bool {
    let Some(slice) = text.get(policy.span.start..policy.span.end) else { return false };
    let Some(read) = parse_policy(&policy.name, slice, Some(policy.dialect)).policy else { return false };
    read.statements.len() == policy.statements.len()
        && read.statements.iter().zip(&policy.statements).all(|(a, b)| a.span.start + policy.span.start == b.span.start)
}
