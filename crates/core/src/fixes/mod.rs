//! Hints from the engine: for a denied request, the smallest changes that would allow it.
//!
//! Each proposal is a list of concrete changes, each aimed at a named policy and statement:
//! add an action, resource or principal to an Allow statement, add a statement, supply a
//! context key that a condition nearly matched, narrow or remove a Deny, detach a policy that
//! blocks (a boundary, a session policy), or attach a policy. Policy changes are text edits
//! (the span they replace and the new text, with the element's new JSON value): the proposal
//! is proven by applying exactly those edits to the policy's text, reading it again and
//! deciding again, so a proposal that does not turn the decision into an allow is never
//! listed. Each change says what else it would allow, so a learner sees when a fix is too broad.
//!
//! The search goes blocker by blocker: the verdict says what refused the request (a Deny, a
//! control level, the resource or trust policy, the identity policies, the boundary, the
//! session policy); candidates are generated for that blocker only, applied, and decided again.
//! A candidate that allows is a proposal; one that gets past the blocker but meets another is
//! extended (up to [`FixOptions::max_changes`] changes). The search stops at the smallest number
//! of changes that allows; within it, proposals are ranked by [`Proposal::cost`].
//!
//! * `edit`: the text edits (add or remove an item of an element, add or remove a statement);
//! * `candidates`: which changes address which blocker;
//! * `context`: values that satisfy a condition;
//! * `breadth`: what else a change allows, and its cost.
//!
//! The module sits above the evaluator and the parser (it reads policies again after editing
//! them); nothing below it knows about it.

mod breadth;
mod candidates;
mod context;
mod edit;
#[cfg(test)]
mod tests;

use crate::ast::Policy;
use crate::authorize::{Decision, LayerKind, PolicySet, Reason, Verdict, decide};
use crate::dialect::Dialect;
use crate::request::Request;
use crate::span::{LineIndex, Span};
use serde::Serialize;

pub use breadth::Also;

/// Where a policy sits in a decision: its layer, its control level and its position in the layer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PolicyTarget {
    /// The layer (identity, resource, session, boundary, control, resource control).
    pub layer: LayerKind,
    /// The level, for control layers (0 = root).
    pub level: Option<usize>,
    /// Its position among the layer's (or level's) policies, from 0.
    pub index: usize,
    /// The policy's name.
    pub policy: String,
}

impl PolicyTarget {
    fn same_slot(&self, other: &PolicyTarget) -> bool {
        self.layer == other.layer && self.level == other.level && self.index == other.index
    }
}

/// A statement a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementTarget {
    /// Its policy.
    #[serde(flatten)]
    pub policy: PolicyTarget,
    /// Its position in the policy, from 0.
    pub statement: usize,
    /// Its Sid, if any.
    pub sid: Option<String>,
    /// "statement 2 (Sid X)".
    pub label: String,
    /// Where the statement is.
    pub span: Span,
}

/// A text edit to a policy: put `replacement` in place of `span` (an empty span inserts). Spans
/// are positions in the text the policy was read from (a case file, a scenario file, a policy
/// document). The edits of one proposal never overlap; apply them from the last to the first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextEdit {
    /// The text replaced.
    pub span: Span,
    /// The new text.
    pub replacement: String,
    /// The new JSON value of what the edit writes: the element's whole new value (a new
    /// `Action` array, say), the new statement, or null when the edit deletes.
    pub value: serde_json::Value,
}

/// Whether an element change adds an item or takes one out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// The item is added to the element's list.
    Add,
    /// The item is taken out of the element's list.
    Remove,
}

/// One item added to, or taken out of, one element of a statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementChange {
    /// The statement.
    pub at: StatementTarget,
    /// The element as written: `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`, `NotPrincipal`.
    pub element: String,
    /// Add or remove.
    pub operation: Operation,
    /// For principals: the type the item is listed under (`AWS`, `RAM`, `Service`, `Federated`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_type: Option<String>,
    /// The item (an action, a resource name or pattern, a principal).
    pub item: String,
    /// The edit.
    pub edit: TextEdit,
}

/// A policy to attach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attachment {
    /// The policy's name: a library policy's, or a new policy's suggested name.
    pub policy: String,
    /// Where it is attached: the caller's identity policies, or a control level.
    pub layer: LayerKind,
    /// The control level (0 = root), for control policies.
    pub level: Option<usize>,
    /// For a new policy: its document (a library policy is attached as it is).
    pub document: Option<serde_json::Value>,
}

/// The request context a change supplies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextChange {
    /// The key.
    pub key: String,
    /// The values to send.
    pub values: Vec<String>,
    /// Whether it is sent as a list (a multi-valued key).
    pub multi: bool,
    /// The values the request had, when it had the key.
    pub replaces: Option<Vec<String>>,
    /// The statement whose condition the value satisfies.
    pub at: StatementTarget,
    /// The condition's operator, as written.
    pub operator: String,
}

/// One concrete change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Add the request's action to an Allow statement (to `Action`, or out of `NotAction`).
    AddAction(ElementChange),
    /// Add the request's resource (or a pattern covering it) to an Allow statement.
    AddResource(ElementChange),
    /// Add the caller (or its account) to an Allow statement's `Principal`.
    AddPrincipal(ElementChange),
    /// Make a Deny statement stop covering the request: take the matching item out of its
    /// `Action`/`Resource`/`Principal`, or add the request's to its `NotAction`/`NotResource`/`NotPrincipal`.
    NarrowDeny(ElementChange),
    /// Add a new Allow statement, for exactly this request, to a policy.
    AddStatement {
        /// The policy.
        policy: PolicyTarget,
        /// The edit (an insertion; its value is the new statement).
        edit: TextEdit,
    },
    /// Remove a Deny statement.
    RemoveStatement {
        /// The statement.
        at: StatementTarget,
        /// The edit (a deletion).
        edit: TextEdit,
    },
    /// Send a context key with the request, with a value that satisfies a condition.
    SupplyContext(ContextChange),
    /// Attach a policy (from the library, or a new one).
    AttachPolicy(Attachment),
    /// Detach a policy that blocks (a boundary, a session policy, a policy with the Deny).
    DetachPolicy {
        /// The policy.
        policy: PolicyTarget,
    },
}

impl Change {
    /// The change's kind, as its JSON `kind` names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::AddAction(_) => "add_action",
            Change::AddResource(_) => "add_resource",
            Change::AddPrincipal(_) => "add_principal",
            Change::NarrowDeny(_) => "narrow_deny",
            Change::AddStatement { .. } => "add_statement",
            Change::RemoveStatement { .. } => "remove_statement",
            Change::SupplyContext(_) => "supply_context",
            Change::AttachPolicy(_) => "attach_policy",
            Change::DetachPolicy { .. } => "detach_policy",
        }
    }

    /// The text edit, for changes made by editing a policy.
    pub fn edit(&self) -> Option<&TextEdit> {
        match self {
            Change::AddAction(c) | Change::AddResource(c) | Change::AddPrincipal(c) | Change::NarrowDeny(c) => {
                Some(&c.edit)
            }
            Change::AddStatement { edit, .. } | Change::RemoveStatement { edit, .. } => Some(edit),
            _ => None,
        }
    }

    /// The policy the change edits or detaches, if it is one already in the decision.
    pub fn policy(&self) -> Option<&PolicyTarget> {
        match self {
            Change::AddAction(c) | Change::AddResource(c) | Change::AddPrincipal(c) | Change::NarrowDeny(c) => {
                Some(&c.at.policy)
            }
            Change::AddStatement { policy, .. } | Change::DetachPolicy { policy } => Some(policy),
            Change::RemoveStatement { at, .. } => Some(&at.policy),
            Change::SupplyContext(_) | Change::AttachPolicy(_) => None,
        }
    }

    fn edit_mut(&mut self) -> Option<&mut TextEdit> {
        match self {
            Change::AddAction(c) | Change::AddResource(c) | Change::AddPrincipal(c) | Change::NarrowDeny(c) => {
                Some(&mut c.edit)
            }
            Change::AddStatement { edit, .. } | Change::RemoveStatement { edit, .. } => Some(edit),
            _ => None,
        }
    }
}

/// A change with its title and what else it allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposedChange {
    /// What it does, in words ("add ecs:ModifySnapshotAttribute to statement 2 of AliyunHBRRolePolicy").
    pub title: String,
    /// What else it would allow (or stop denying).
    pub also: Also,
    /// The change.
    #[serde(flatten)]
    pub change: Change,
}

/// A set of changes that, applied together, turns the decision into an allow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// The changes' titles, joined.
    pub summary: String,
    /// The changes, in the order they address the blockers.
    pub changes: Vec<ProposedChange>,
    /// How many blockers the changes get past, one after the other (a Deny, then a layer that
    /// must allow, ...); the changes for one blocker (an element and the context keys its
    /// statement's conditions need) count as one step.
    pub steps: usize,
    /// The reason the request is allowed once they are made.
    pub reason_after: Reason,
    /// How big and how broad the change is (lower first): a small edit that allows nothing else
    /// costs least; each change adds its own cost (see docs/evaluation.md, "Hints").
    pub cost: u32,
}

/// The hints for one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fixes {
    /// The decision the hints would change.
    pub decision: Decision,
    /// Why it was refused.
    pub reason: Reason,
    /// The proposals, smallest first; empty when the request is allowed or nothing found works.
    pub proposals: Vec<Proposal>,
    /// Why some changes are not proposed (a read-only policy, a refusal no policy can change).
    pub notes: Vec<String>,
    /// How many decisions the search made.
    pub evaluations: usize,
}

/// Where the text of the decision's policies is, and which may be changed.
pub trait PolicySources {
    /// The text `policy`'s spans are positions in, when it may be edited; `None` when it may
    /// not (no text, or customers cannot change it).
    fn text(&self, target: &PolicyTarget, policy: &Policy) -> Option<&str>;

    /// Why customers cannot change `policy` (a system policy, a service-linked role's trust
    /// policy), when they cannot; no edit to it is proposed and the hints say why.
    fn read_only(&self, _target: &PolicyTarget, _policy: &Policy) -> Option<String> {
        None
    }
}

/// Every policy read from one text: a case file (its policies' spans are positions in it).
#[derive(Debug, Clone, Copy)]
pub struct OneText<'a>(pub &'a str);

impl PolicySources for OneText<'_> {
    fn text(&self, _target: &PolicyTarget, _policy: &Policy) -> Option<&str> {
        Some(self.0)
    }
}

/// How many actions a set of action patterns covers, from a cloud's action catalogue.
pub trait ActionCatalog {
    /// The number of distinct actions `patterns` match in `dialect`'s catalogue (`None`
    /// without a catalogue for that cloud).
    fn count_actions(&self, dialect: Dialect, patterns: &[&str]) -> Option<usize>;
}

/// What the search may propose.
#[derive(Clone, Default)]
pub struct FixOptions<'a> {
    /// Policies that may be attached (a scenario's library).
    pub library: Vec<&'a Policy>,
    /// Whether policies may be attached to the caller (false for service-linked roles and
    /// services, which have no identity policies a customer can change).
    pub attach_identity: bool,
    /// Whether policies may be attached at control levels.
    pub attach_control: bool,
    /// Whether a new policy may be written and attached to the caller.
    pub new_policies: bool,
    /// The largest number of steps (blockers got past) in one proposal (0 means 3).
    pub max_changes: usize,
    /// The largest number of proposals listed (0 means 8).
    pub max_proposals: usize,
    /// The action catalogue, for "also allows N other actions".
    pub catalog: Option<&'a dyn ActionCatalog>,
}

impl std::fmt::Debug for FixOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixOptions")
            .field("library", &self.library.iter().map(|p| &p.name).collect::<Vec<_>>())
            .field("attach_identity", &self.attach_identity)
            .field("attach_control", &self.attach_control)
            .field("new_policies", &self.new_policies)
            .field("max_changes", &self.max_changes)
            .field("max_proposals", &self.max_proposals)
            .field("catalog", &self.catalog.is_some())
            .finish()
    }
}

/// How many partial fixes are carried to the next change.
const BEAM: usize = 6;

/// The request and its policies with some changes made.
#[derive(Clone)]
pub(crate) struct State {
    pub(crate) set: PolicySet,
    pub(crate) request: Request,
    changes: Vec<ProposedChange>,
    /// The policies edited, replaced or detached so far: each is changed once per proposal, so
    /// that every edit's span is a position in the original text.
    pub(crate) touched: Vec<PolicyTarget>,
    cost: u32,
    steps: usize,
}

/// A candidate change and what it does to the decision's inputs.
pub(crate) struct Candidate {
    pub(crate) changes: Vec<ProposedChange>,
    pub(crate) cost: u32,
    pub(crate) apply: Apply,
}

/// How a candidate changes the inputs.
pub(crate) enum Apply {
    /// The policy at the target becomes this one (edited, or empty when detached).
    Replace(PolicyTarget, Policy),
    /// The permissions boundary is removed.
    ClearBoundary,
    /// The session policy is removed.
    ClearSession,
    /// The resource policy is removed.
    ClearResource,
    /// A policy is attached to the caller.
    AttachIdentity(Policy),
    /// A policy is attached at a control level.
    AttachControl(usize, Policy),
    /// A context key is set.
    Context(String, Vec<String>, bool),
    /// Several of the above.
    All(Vec<Apply>),
}

impl State {
    fn apply(&mut self, apply: Apply) {
        match apply {
            Apply::Replace(target, policy) => {
                if let Some(slot) = slot_mut(&mut self.set, &target) {
                    *slot = policy;
                }
                self.touched.push(target);
            }
            Apply::ClearBoundary => self.set.boundaries.clear(),
            Apply::ClearSession => self.set.session = None,
            Apply::ClearResource => self.set.resource = None,
            // An attached policy is not edited later in the same proposal: its text is not a
            // source's.
            Apply::AttachIdentity(p) => {
                let index = self.set.identity.len();
                self.touched.push(PolicyTarget {
                    layer: LayerKind::Identity,
                    level: None,
                    index,
                    policy: p.name.clone(),
                });
                self.set.identity.push(p);
            }
            Apply::AttachControl(level, p) => {
                if let Some(l) = self.set.control.get_mut(level) {
                    let index = l.len();
                    let policy = p.name.clone();
                    self.touched.push(PolicyTarget { layer: LayerKind::Control, level: Some(level), index, policy });
                    l.push(p);
                }
            }
            Apply::Context(key, values, multi) => self.request.context.insert(&key, values, multi),
            Apply::All(list) => list.into_iter().for_each(|a| self.apply(a)),
        }
    }

    pub(crate) fn touched(&self, target: &PolicyTarget) -> bool {
        self.touched.iter().any(|t| t.same_slot(target))
    }
}

/// The policies of one layer (and level) of a set, in order.
pub(crate) fn layer_policies(set: &PolicySet, layer: LayerKind, level: Option<usize>) -> &[Policy] {
    match layer {
        LayerKind::Identity => &set.identity,
        LayerKind::Resource => set.resource.as_slice(),
        LayerKind::Session => set.session.as_slice(),
        LayerKind::Boundary => &set.boundaries,
        LayerKind::Control => level.and_then(|l| set.control.get(l)).map_or(&[], Vec::as_slice),
        LayerKind::ResourceControl => level.and_then(|l| set.resource_control.get(l)).map_or(&[], Vec::as_slice),
    }
}

/// The policy a target points at in a set.
pub fn layer_policy<'s>(set: &'s PolicySet, target: &PolicyTarget) -> Option<&'s Policy> {
    layer_policies(set, target.layer, target.level).get(target.index)
}

fn slot_mut<'s>(set: &'s mut PolicySet, t: &PolicyTarget) -> Option<&'s mut Policy> {
    match t.layer {
        LayerKind::Identity => set.identity.get_mut(t.index),
        LayerKind::Resource => set.resource.as_mut(),
        LayerKind::Session => set.session.as_mut(),
        LayerKind::Boundary => set.boundaries.get_mut(t.index),
        LayerKind::Control => set.control.get_mut(t.level?)?.get_mut(t.index),
        LayerKind::ResourceControl => set.resource_control.get_mut(t.level?)?.get_mut(t.index),
    }
}

/// What refused a request, for telling whether a change got past it.
fn blocker(v: &Verdict<'_>) -> (Decision, Reason, Option<usize>, usize) {
    (v.decision, v.reason, v.failed_level, v.decisive.len())
}

/// Why no policy change can allow this request, when none can.
fn unfixable(v: &Verdict<'_>) -> Option<String> {
    match v.reason {
        Reason::ProtectedByCloud => Some(format!(
            "the resource is {}: no policy change allows this action",
            v.protection.map_or("protected by the cloud", |p| p.what())
        )),
        Reason::RootCannotAssumeRole => {
            Some("an Alibaba Cloud account cannot call AssumeRole: make the request as a RAM user or role".into())
        }
        Reason::FederatedUserWithoutSessionPolicy => Some(
            "a federated-user session without a session policy has no permissions: pass a session policy when the session is created".into(),
        ),
        _ => None,
    }
}

/// Proposes the smallest changes that would allow a denied request (see the module documentation).
pub fn propose(set: &PolicySet, request: &Request, sources: &dyn PolicySources, options: &FixOptions<'_>) -> Fixes {
    let max_changes = if options.max_changes == 0 { 3 } else { options.max_changes };
    let max_proposals = if options.max_proposals == 0 { 8 } else { options.max_proposals };
    let first = decide(set, request);
    let mut fixes =
        Fixes { decision: first.decision, reason: first.reason, proposals: vec![], notes: vec![], evaluations: 1 };
    if first.decision == Decision::Allow {
        return fixes;
    }
    if let Some(why) = unfixable(&first) {
        fixes.notes.push(why);
        return fixes;
    }
    let start = State {
        set: set.clone(),
        request: request.clone(),
        changes: Vec::new(),
        touched: Vec::new(),
        cost: 0,
        steps: 0,
    };
    let mut frontier = vec![start];
    let mut found: Vec<(State, Reason)> = Vec::new();
    for depth in 1..=max_changes {
        let mut next: Vec<State> = Vec::new();
        for state in &frontier {
            let verdict = decide(&state.set, &state.request);
            fixes.evaluations += 1;
            let before = blocker(&verdict);
            let candidates = candidates::generate(state, &verdict, sources, options, &mut fixes.notes);
            drop(verdict);
            for candidate in candidates {
                let mut after = state.clone();
                after.changes.extend(candidate.changes);
                after.cost += candidate.cost;
                after.steps += 1;
                after.apply(candidate.apply);
                let v = decide(&after.set, &after.request);
                fixes.evaluations += 1;
                if v.decision == Decision::Allow {
                    let reason = v.reason;
                    drop(v);
                    found.push((after, reason));
                } else if depth < max_changes && blocker(&v) != before && unfixable(&v).is_none() {
                    drop(v);
                    next.push(after);
                }
            }
        }
        if !found.is_empty() {
            break;
        }
        next.sort_by_key(|s| s.cost);
        next.truncate(BEAM);
        frontier = next;
        if frontier.is_empty() {
            break;
        }
    }
    let mut proposals: Vec<Proposal> = found
        .into_iter()
        .map(|(state, reason_after)| Proposal {
            summary: state.changes.iter().map(|c| c.title.as_str()).collect::<Vec<_>>().join("; then "),
            changes: state.changes,
            steps: state.steps,
            reason_after,
            cost: state.cost,
        })
        .collect();
    proposals
        .sort_by(|a, b| (a.steps, a.cost, kind_rank(a), &a.summary).cmp(&(b.steps, b.cost, kind_rank(b), &b.summary)));
    proposals.dedup_by(|a, b| a.summary == b.summary);
    proposals.truncate(max_proposals);
    place_edits(&mut proposals, set, sources);
    fixes.notes.sort();
    fixes.notes.dedup();
    fixes.proposals = proposals;
    fixes
}

/// Orders proposals of equal size and cost: changes closest to what nearly matched first.
fn kind_rank(p: &Proposal) -> Vec<u8> {
    p.changes
        .iter()
        .map(|c| match &c.change {
            Change::SupplyContext(_) => 0,
            Change::AddAction(_) => 1,
            Change::AddResource(_) => 2,
            Change::AddPrincipal(_) => 3,
            Change::NarrowDeny(_) => 4,
            Change::RemoveStatement { .. } => 5,
            Change::AddStatement { .. } => 6,
            Change::AttachPolicy(_) => 7,
            Change::DetachPolicy { .. } => 8,
        })
        .collect()
}

/// Gives the listed edits their lines and columns (the search works with byte offsets only,
/// so that a large case file is indexed once, and only for the proposals listed).
fn place_edits(proposals: &mut [Proposal], set: &PolicySet, sources: &dyn PolicySources) {
    let mut indexes: Vec<(*const u8, LineIndex<'_>)> = Vec::new();
    for change in proposals.iter_mut().flat_map(|p| p.changes.iter_mut()) {
        let Some(target) = change.change.policy().cloned() else { continue };
        let Some(policy) = layer_policies(set, target.layer, target.level).get(target.index) else { continue };
        let Some(text) = sources.text(&target, policy) else { continue };
        let Some(edit) = change.change.edit_mut() else { continue };
        let at = match indexes.iter().position(|(p, _)| *p == text.as_ptr()) {
            Some(at) => at,
            None => {
                indexes.push((text.as_ptr(), LineIndex::new(text)));
                indexes.len() - 1
            }
        };
        edit.span = indexes[at].1.span(edit.span.start, edit.span.end);
    }
}

/// Applies one policy edit to `policy`'s text and reads the result again: the policy the
/// edit makes, or `None` when the edit does not fit the policy or the result has errors.
pub fn apply_edit(policy: &Policy, text: &str, edit: &TextEdit) -> Option<Policy> {
    apply_edits(policy, text, &[edit])
}

/// [`apply_edit`] for several edits of one policy, which must not overlap.
pub fn apply_edits(policy: &Policy, text: &str, edits: &[&TextEdit]) -> Option<Policy> {
    let (start, end) = (policy.span.start, policy.span.end);
    let mut sorted: Vec<&TextEdit> = edits.to_vec();
    sorted.sort_by_key(|e| e.span.start);
    let mut edited = String::with_capacity(end.saturating_sub(start) + 64);
    let mut at = start;
    for edit in sorted {
        if !(at <= edit.span.start && edit.span.start <= edit.span.end && edit.span.end <= end) {
            return None;
        }
        edited.push_str(text.get(at..edit.span.start)?);
        edited.push_str(&edit.replacement);
        at = edit.span.end;
    }
    edited.push_str(text.get(at..end)?);
    crate::parser::parse_policy(&policy.name, &edited, Some(policy.dialect)).policy
}

impl Fixes {
    /// The hints as text for terminals: each proposal with its changes, the edit each makes
    /// (where, and the element's new value), and what else it allows.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        if self.decision == Decision::Allow {
            return out;
        }
        match self.proposals.len() {
            0 => out.push_str("  hints: no change found that would allow this request\n"),
            n => out.push_str(&format!("  hints: {n} change(s) that would allow this request, smallest first\n")),
        }
        for (i, p) in self.proposals.iter().enumerate() {
            for (j, c) in p.changes.iter().enumerate() {
                let lead = if j == 0 { format!("    {}. ", i + 1) } else { "       then ".to_string() };
                out.push_str(&format!("{lead}{}\n", c.title));
                if let Some(edit) = c.change.edit()
                    && edit.span.line > 0
                {
                    let what = if edit.value.is_null() {
                        "delete it".to_string()
                    } else if edit.span.start == edit.span.end {
                        format!("insert {}", shorten(edit.replacement.trim_start_matches(',').trim()))
                    } else {
                        format!("it becomes {}", shorten(&edit.value.to_string()))
                    };
                    out.push_str(&format!(
                        "         edit at line {}, column {} to line {}, column {}: {what}\n",
                        edit.span.line, edit.span.column, edit.span.end_line, edit.span.end_column
                    ));
                }
                out.push_str(&format!("         also: {}\n", c.also.summary));
            }
        }
        for note in &self.notes {
            out.push_str(&format!("  hint note: {note}\n"));
        }
        out
    }
}

/// A long JSON value cut to a line's worth, with how much was left out.
fn shorten(text: &str) -> String {
    const MAX: usize = 100;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}... ({} more characters)", text.chars().count() - MAX)
}
