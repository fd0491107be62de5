//! Which changes address which blocker. The verdict names what refused the request:
//!
//! * an applying Deny: narrow it (take the matching item out of its `Action`/`Resource`, or add
//!   the request's action, resource or caller to its `Not` element), remove it, or detach its policy;
//! * a layer that must allow and does not (a control level, the resource or trust policy, the
//!   identity policies, the boundary, the session policy): widen a statement that nearly matched
//!   (one element missing, conditions that a context key would satisfy), add a statement for
//!   exactly this request, attach a policy, or (boundary, session policy) detach it.
//!
//! A statement "nearly matches" when at most one of its action, resource and principal misses
//! and every failing condition can be satisfied by a value the caller could send.

use super::edit::{Piece, json_text, object_text};
use super::{
    Also, Apply, Attachment, Candidate, Change, ContextChange, ElementChange, FixOptions, Operation, PolicySources,
    PolicyTarget, ProposedChange, State, StatementTarget, breadth, context, layer_policies,
};
use crate::ast::{Effect, Policy, Statement};
use crate::authorize::{Hit, LayerKind, Reason, Verdict, is_assume_role};
use crate::condition;
use crate::dialect::Dialect;
use crate::evaluate::{action_match, principal_match, resource_match};
use crate::request::{PrincipalKind, Request};
use serde_json::Value;

/// The changes that address what refused the request in `state`.
pub(super) fn generate(
    state: &State,
    verdict: &Verdict<'_>,
    sources: &dyn PolicySources,
    options: &FixOptions<'_>,
    notes: &mut Vec<String>,
) -> Vec<Candidate> {
    let mut g = Generator { state, request: &state.request, sources, options, notes, out: Vec::new() };
    match verdict.reason {
        Reason::ExplicitDeny => {
            if let Some(hit) = verdict.decisive.first() {
                g.deny(hit);
                // Other Denies in the same policy are narrowed with it: a policy is edited once
                // per proposal.
                let same: Vec<&Hit<'_>> =
                    verdict.decisive.iter().filter(|h| std::ptr::eq(h.policy, hit.policy)).collect();
                if same.len() > 1 {
                    g.deny_all(&same);
                }
            }
        }
        Reason::ControlLevelDoesNotAllow => {
            g.allow(LayerKind::Control, verdict.failed_level);
            if let Some(level) = verdict.failed_level {
                g.attach_control(level);
            }
        }
        Reason::ResourcePolicyDoesNotAllow => {
            if state.set.resource.is_none() {
                g.notes.push(
                    "the request needs a resource policy (cross-account, a trust policy or a key policy) and there is none: add one that names the caller"
                        .into(),
                );
            }
            g.allow(LayerKind::Resource, None)
        }
        Reason::IdentityDoesNotAllow => {
            g.allow(LayerKind::Identity, None);
            g.attach_identity();
            // Within an account a resource policy naming the caller can grant as well.
            if state.set.resource.is_some() {
                g.allow(LayerKind::Resource, None);
            }
        }
        Reason::AccountTrustNeedsIdentity | Reason::CrossAccountIdentityDoesNotAllow => {
            g.allow(LayerKind::Identity, None);
            g.attach_identity();
        }
        Reason::BoundaryDoesNotAllow => {
            g.allow(LayerKind::Boundary, None);
            g.detach_whole(LayerKind::Boundary);
        }
        Reason::SessionDoesNotAllow => {
            g.allow(LayerKind::Session, None);
            g.detach_whole(LayerKind::Session);
        }
        _ => {}
    }
    g.out
}

struct Generator<'g, 's> {
    state: &'g State,
    request: &'g Request,
    sources: &'g dyn PolicySources,
    options: &'g FixOptions<'s>,
    notes: &'g mut Vec<String>,
    out: Vec<Candidate>,
}

/// One change ready to become (part of) a candidate.
struct Part {
    change: ProposedChange,
    cost: u32,
    apply: Apply,
}

/// One element's change as a proposal: what changes in the element, the text edit that makes
/// it, and how the proposal reads and ranks.
struct ElementEdit {
    element: String,
    operation: Operation,
    principal_type: Option<String>,
    item: String,
    edit: super::TextEdit,
    title: String,
    also: Also,
    cost: u32,
}

impl<'g> Generator<'g, '_> {
    fn dialect(&self) -> Dialect {
        self.request.dialect
    }

    /// The text of a policy the search may edit: not already changed in this proposal, not
    /// read-only (whose reason becomes a note).
    fn editable(&mut self, target: &PolicyTarget, policy: &Policy) -> Option<&'g str> {
        if self.state.touched(target) {
            return None;
        }
        if let Some(why) = self.sources.read_only(target, policy) {
            self.notes.push(why);
            return None;
        }
        self.sources.text(target, policy)
    }

    fn push(&mut self, parts: Vec<Part>) {
        let cost = parts.iter().map(|p| p.cost).sum();
        let mut changes = Vec::with_capacity(parts.len());
        let mut applies = Vec::with_capacity(parts.len());
        for p in parts {
            changes.push(p.change);
            applies.push(p.apply);
        }
        let apply = if applies.len() == 1 { applies.pop().expect("one") } else { Apply::All(applies) };
        self.out.push(Candidate { changes, cost, apply });
    }

    // -----------------------------------------------------------------------------------
    // A layer that does not allow
    // -----------------------------------------------------------------------------------

    fn allow(&mut self, layer: LayerKind, level: Option<usize>) {
        let state = self.state;
        let policies = layer_policies(&state.set, layer, level);
        let mut first_editable: Option<(PolicyTarget, &Policy, &str)> = None;
        for (index, policy) in policies.iter().enumerate() {
            let target = PolicyTarget { layer, level, index, policy: policy.name.clone() };
            let text = self.editable(&target, policy);
            if let (None, Some(text)) = (&first_editable, text) {
                first_editable = Some((target.clone(), policy, text));
            }
            for st in policy.statements.iter().filter(|s| s.body.effect == Effect::Allow) {
                self.near_miss(&target, policy, st, text);
            }
        }
        if let Some((target, policy, text)) = first_editable {
            self.add_statement(target, policy, text);
        }
    }

    /// Widens an Allow statement that nearly matches the request.
    fn near_miss(&mut self, target: &PolicyTarget, policy: &Policy, st: &Statement, text: Option<&str>) {
        let req = self.request;
        let body = &st.body;
        let action_ok = action_match(&body.action, &req.action_lower).0;
        let resource_ok = resource_match(body.resource.as_ref(), req).0;
        let principal_ok = principal_match(body.principal.as_ref(), req).0.matched()
            && !(target.layer == LayerKind::Resource && body.principal.is_none());
        let misses = [action_ok, resource_ok, principal_ok].iter().filter(|ok| !**ok).count();
        if misses > 1 {
            return;
        }
        let mut supplied = Vec::new();
        for c in &body.conditions {
            if condition::evaluate(c, &req.context).0 {
                continue;
            }
            match context::satisfying(c, req) {
                Some((values, multi)) => supplied.push((c, values, multi)),
                None => return,
            }
        }
        if misses == 0 && supplied.is_empty() {
            return;
        }
        let at = statement_target(target, st);
        let context_parts: Vec<Part> = supplied
            .into_iter()
            .map(|(c, values, multi)| {
                let (also, cost) = breadth::context();
                let replaces = req.context.get(&c.key_lower).map(|e| e.values.clone());
                let shown = if multi {
                    json_text(&Value::from(values.clone()))
                } else {
                    json_text(&Value::from(values[0].clone()))
                };
                let title = format!(
                    "send {} = {shown} with the request (the {} condition of {} of {})",
                    c.key, c.operator_text, at.label, policy.name
                );
                Part {
                    change: ProposedChange {
                        title,
                        also,
                        change: Change::SupplyContext(ContextChange {
                            key: c.key.clone(),
                            values: values.clone(),
                            multi,
                            replaces,
                            at: at.clone(),
                            operator: c.operator_text.clone(),
                        }),
                    },
                    cost,
                    apply: Apply::Context(c.key.clone(), values, multi),
                }
            })
            .collect();
        if misses == 0 {
            self.push(context_parts);
            return;
        }
        let Some(text) = text else { return };
        let widened = if !action_ok {
            self.widen_action(&at, policy, st, text)
        } else if !resource_ok {
            self.widen_resource(&at, policy, st, text)
        } else {
            self.widen_principal(&at, policy, st, text)
        };
        for part in widened {
            let mut parts = vec![part];
            parts.extend(context_parts.iter().map(|p| Part {
                change: p.change.clone(),
                cost: p.cost,
                apply: match &p.apply {
                    Apply::Context(k, v, m) => Apply::Context(k.clone(), v.clone(), *m),
                    _ => unreachable!("context parts set context"),
                },
            }));
            self.push(parts);
        }
    }

    fn widen_action(&self, at: &StatementTarget, policy: &Policy, st: &Statement, text: &str) -> Vec<Part> {
        let Some(piece) = Piece::read(text, st.span.start, st.span.end) else { return vec![] };
        let set = &st.body.action;
        let element = set.element("Action");
        let Some(value) = piece.value().get(&element) else { return vec![] };
        let action = self.request.action.as_str();
        let mut parts = Vec::new();
        if set.negated {
            // The item of NotAction that excludes the action comes out.
            let Some(i) = action_match(set, &self.request.action_lower).1 else { return vec![] };
            let item = set.items[i].text.clone();
            if let Some(edit) = piece.remove_item(value, i) {
                let (also, cost) =
                    breadth::added_action(self.options, self.dialect(), &item, &st.body, &self.request.resource);
                let title = format!("take {item} out of the NotAction of {} of {}", at.label, policy.name);
                parts.extend(self.element_part(
                    at,
                    policy,
                    text,
                    ElementEdit {
                        element,
                        operation: Operation::Remove,
                        principal_type: None,
                        item,
                        edit,
                        title,
                        also,
                        cost,
                    },
                    Change::AddAction,
                ));
            }
            return parts;
        }
        let mut items = vec![action.to_string()];
        if let Some((service, _)) = action.split_once(':') {
            items.push(format!("{service}:*"));
        }
        for item in items {
            let edit = piece.add_item(value, &Value::from(item.as_str()), &json_text(&Value::from(item.as_str())));
            let (also, cost) =
                breadth::added_action(self.options, self.dialect(), &item, &st.body, &self.request.resource);
            let title = format!("add {item} to the {element} of {} of {}", at.label, policy.name);
            parts.extend(self.element_part(
                at,
                policy,
                text,
                ElementEdit {
                    element: element.clone(),
                    operation: Operation::Add,
                    principal_type: None,
                    item,
                    edit,
                    title,
                    also,
                    cost,
                },
                Change::AddAction,
            ));
        }
        parts
    }

    fn widen_resource(&self, at: &StatementTarget, policy: &Policy, st: &Statement, text: &str) -> Vec<Part> {
        let Some(set) = &st.body.resource else { return vec![] };
        let Some(piece) = Piece::read(text, st.span.start, st.span.end) else { return vec![] };
        let element = set.element("Resource");
        let Some(value) = piece.value().get(&element) else { return vec![] };
        let resource = self.request.resource.as_str();
        let mut parts = Vec::new();
        if set.negated {
            let Some(i) = resource_match(Some(set), self.request).1 else { return vec![] };
            let item = set.items[i].text.clone();
            if let Some(edit) = piece.remove_item(value, i) {
                let (also, cost) = breadth::added_resource(self.options, self.dialect(), &item, &st.body, resource);
                let title = format!("take {item} out of the NotResource of {} of {}", at.label, policy.name);
                parts.extend(self.element_part(
                    at,
                    policy,
                    text,
                    ElementEdit {
                        element,
                        operation: Operation::Remove,
                        principal_type: None,
                        item,
                        edit,
                        title,
                        also,
                        cost,
                    },
                    Change::AddResource,
                ));
            }
            return parts;
        }
        let resource = if resource.is_empty() { "*" } else { resource };
        let mut items = vec![resource.to_string()];
        // The same kind of resource, any name: the last path segment as a wildcard.
        if let Some((prefix, last)) = resource.rsplit_once('/')
            && !last.is_empty()
            && last != "*"
        {
            items.push(format!("{prefix}/*"));
        }
        for item in items {
            let edit = piece.add_item(value, &Value::from(item.as_str()), &json_text(&Value::from(item.as_str())));
            let (also, cost) = breadth::added_resource(self.options, self.dialect(), &item, &st.body, resource);
            let title = format!("add {item} to the {element} of {} of {}", at.label, policy.name);
            parts.extend(self.element_part(
                at,
                policy,
                text,
                ElementEdit {
                    element: element.clone(),
                    operation: Operation::Add,
                    principal_type: None,
                    item,
                    edit,
                    title,
                    also,
                    cost,
                },
                Change::AddResource,
            ));
        }
        parts
    }

    fn widen_principal(&self, at: &StatementTarget, policy: &Policy, st: &Statement, text: &str) -> Vec<Part> {
        let Some(piece) = Piece::read(text, st.span.start, st.span.end) else { return vec![] };
        let mut parts = Vec::new();
        for (kind, item, broad) in caller_names(self.request) {
            let item_value = Value::from(item.as_str());
            let edit = match &st.body.principal {
                None => {
                    let (text, value) = object_text(&[(kind.as_str(), item_value.clone())]);
                    piece.add_member(piece.value(), "Principal", &value, &text)
                }
                Some(set) if set.negated => None,
                Some(_) => principal_edit(&piece, "Principal", &kind, &item_value),
            };
            let Some(edit) = edit else { continue };
            let (also, cost) =
                breadth::added_principal(self.options, self.dialect(), &item, broad, &st.body, &self.request.resource);
            let title = format!("add {kind} {item} to the Principal of {} of {}", at.label, policy.name);
            parts.extend(self.element_part(
                at,
                policy,
                text,
                ElementEdit {
                    element: "Principal".into(),
                    operation: Operation::Add,
                    principal_type: Some(kind),
                    item,
                    edit,
                    title,
                    also,
                    cost,
                },
                Change::AddPrincipal,
            ));
        }
        parts
    }

    /// A change to one element, proven to read: the policy its edit makes.
    fn element_part(
        &self,
        at: &StatementTarget,
        policy: &Policy,
        text: &str,
        change: ElementEdit,
        wrap: fn(ElementChange) -> Change,
    ) -> Option<Part> {
        let ElementEdit { element, operation, principal_type, item, edit, title, also, cost } = change;
        let edited = super::apply_edit(policy, text, &edit)?;
        let change = wrap(ElementChange { at: at.clone(), element, operation, principal_type, item, edit });
        Some(Part {
            change: ProposedChange { title, also, change },
            cost,
            apply: Apply::Replace(at.policy.clone(), edited),
        })
    }

    /// A new Allow statement for exactly this request.
    fn add_statement(&mut self, target: PolicyTarget, policy: &Policy, text: &str) {
        let req = self.request;
        let mut members: Vec<(&str, Value)> = vec![("Effect", Value::from("Allow"))];
        let principal;
        if target.layer == LayerKind::Resource {
            let Some((kind, item, _)) = caller_names(req).into_iter().next() else { return };
            principal = object_text(&[(kind.as_str(), Value::from(item))]).1;
            members.push(("Principal", principal));
        }
        members.push(("Action", Value::from(req.action.as_str())));
        let needs_resource = target.layer != LayerKind::Resource
            || policy.statements.iter().any(|s| s.body.resource.is_some())
            || !is_assume_role(&req.action_lower);
        if needs_resource {
            let resource = if req.resource.is_empty() { "*" } else { req.resource.as_str() };
            members.push(("Resource", Value::from(resource)));
        }
        let (statement_text, statement) = object_text(&members);
        let Some(piece) = Piece::read(text, policy.span.start, policy.span.end) else { return };
        let edit = match piece.value().get("Statement") {
            Some(list) if list.as_array().is_some() => piece.append_item(list, &statement, &statement_text),
            Some(one) if one.as_object().is_some() => Some(piece.add_item(one, &statement, &statement_text)),
            Some(_) => None,
            // A run of statements as printed, read as a list.
            None if piece.value().as_array().is_some() => piece.append_item(piece.value(), &statement, &statement_text),
            None => None,
        };
        let Some(edit) = edit else { return };
        let Some(edited) = super::apply_edit(policy, text, &edit) else { return };
        let resource_words = if needs_resource {
            format!(" on {}", if req.resource.is_empty() { "*" } else { &req.resource })
        } else {
            String::new()
        };
        let title = format!("add a statement to {} allowing {}{resource_words}", policy.name, req.action);
        let change = Change::AddStatement { policy: target.clone(), edit };
        // A statement writes three elements: it costs as much as an item added to a statement that
        // covers every resource.
        let (also, cost) = (Also::nothing(), 3);
        self.push(vec![Part {
            change: ProposedChange { title, also, change },
            cost,
            apply: Apply::Replace(target, edited),
        }]);
    }

    /// Library policies that allow the action, attached to the caller; and a new policy for
    /// exactly this request.
    fn attach_identity(&mut self) {
        if self.options.new_policies {
            self.new_policy();
        }
        if !self.options.attach_identity {
            return;
        }
        let attached: Vec<&str> = self.state.set.identity.iter().map(|p| p.name.as_str()).collect();
        for lib in self.options.library.iter().copied() {
            if attached.contains(&lib.name.as_str()) || !allows_action(lib, self.request) {
                continue;
            }
            let (also, cost) = breadth::attached(self.options, lib);
            let title = format!("attach {} to {}", lib.name, self.request.principal.display_name());
            let change = Change::AttachPolicy(Attachment {
                policy: lib.name.clone(),
                layer: LayerKind::Identity,
                level: None,
                document: None,
            });
            self.push(vec![Part {
                change: ProposedChange { title, also, change },
                cost,
                apply: Apply::AttachIdentity(lib.clone()),
            }]);
        }
        if self.options.new_policies {
            self.new_policy();
        }
    }

    fn new_policy(&mut self) {
        let req = self.request;
        let resource = if req.resource.is_empty() { "*" } else { req.resource.as_str() };
        let (_, statement) = object_text(&[
            ("Effect", Value::from("Allow")),
            ("Action", Value::from(req.action.as_str())),
            ("Resource", Value::from(resource)),
        ]);
        let version = match req.dialect {
            Dialect::Aws => "2012-10-17",
            Dialect::Aliyun => "1",
        };
        let (text, document) =
            object_text(&[("Version", Value::from(version)), ("Statement", Value::Array(vec![statement]))]);
        let name = new_policy_name(&req.action);
        let Some(policy) = crate::parser::parse_policy(&name, &text, Some(req.dialect)).policy else { return };
        let title = format!(
            "attach a new policy {name} allowing {} on {resource} to {}",
            req.action,
            req.principal.display_name()
        );
        let change = Change::AttachPolicy(Attachment {
            policy: name,
            layer: LayerKind::Identity,
            level: None,
            document: Some(document),
        });
        self.push(vec![Part {
            change: ProposedChange { title, also: Also::nothing(), change },
            cost: 4,
            apply: Apply::AttachIdentity(policy),
        }]);
    }

    /// Library policies that allow the action, attached at a control level.
    fn attach_control(&mut self, level: usize) {
        if !self.options.attach_control {
            return;
        }
        let attached: Vec<&str> =
            layer_policies(&self.state.set, LayerKind::Control, Some(level)).iter().map(|p| p.name.as_str()).collect();
        for lib in self.options.library.iter().copied() {
            if attached.contains(&lib.name.as_str()) || !allows_action(lib, self.request) {
                continue;
            }
            let (also, cost) = breadth::attached(self.options, lib);
            let title = format!("attach {} at control level {}", lib.name, level + 1);
            let change = Change::AttachPolicy(Attachment {
                policy: lib.name.clone(),
                layer: LayerKind::Control,
                level: Some(level),
                document: None,
            });
            self.push(vec![Part {
                change: ProposedChange { title, also, change },
                cost,
                apply: Apply::AttachControl(level, lib.clone()),
            }]);
        }
    }

    /// Removes the whole boundary or session policy.
    fn detach_whole(&mut self, layer: LayerKind) {
        let state = self.state;
        let policies = layer_policies(&state.set, layer, None);
        let Some(first) = policies.first() else { return };
        let (what, apply) = match layer {
            LayerKind::Boundary => ("the permissions boundary", Apply::ClearBoundary),
            _ => ("the session policy", Apply::ClearSession),
        };
        let (also, cost) = breadth::detached(what, true);
        let target = PolicyTarget { layer, level: None, index: 0, policy: first.name.clone() };
        let title = format!("remove {what} ({})", first.name);
        self.push(vec![Part {
            change: ProposedChange { title, also, change: Change::DetachPolicy { policy: target } },
            cost,
            apply,
        }]);
    }

    // -----------------------------------------------------------------------------------
    // A Deny that applies
    // -----------------------------------------------------------------------------------

    fn deny(&mut self, hit: &Hit<'_>) {
        let state = self.state;
        let policies = layer_policies(&state.set, hit.layer, hit.level);
        let Some(index) = policies.iter().position(|p| std::ptr::eq(p, hit.policy)) else { return };
        let policy = hit.policy;
        let st = hit.statement;
        let target = PolicyTarget { layer: hit.layer, level: hit.level, index, policy: policy.name.clone() };
        let at = statement_target(&target, st);
        if let Some(text) = self.editable(&target, policy) {
            let mut parts = Vec::new();
            parts.extend(self.narrow_action(&at, policy, st, text));
            parts.extend(self.narrow_resource(&at, policy, st, text));
            if hit.layer == LayerKind::Resource {
                parts.extend(self.narrow_principal(&at, policy, st, text));
            }
            parts.extend(self.remove_statement(&at, policy, st, text));
            for part in parts {
                self.push(vec![part]);
            }
        }
        self.detach(&target, policy, policies.len());
    }

    /// Narrows every applying Deny of one policy at once: each its first narrowing (or its
    /// removal), edits that do not overlap, made together.
    fn deny_all(&mut self, hits: &[&Hit<'_>]) {
        let state = self.state;
        let policies = layer_policies(&state.set, hits[0].layer, hits[0].level);
        let Some(index) = policies.iter().position(|p| std::ptr::eq(p, hits[0].policy)) else { return };
        let policy = hits[0].policy;
        let target = PolicyTarget { layer: hits[0].layer, level: hits[0].level, index, policy: policy.name.clone() };
        let Some(text) = self.editable(&target, policy) else { return };
        let mut parts = Vec::new();
        for hit in hits {
            let st = hit.statement;
            let at = statement_target(&target, st);
            let first = self
                .narrow_action(&at, policy, st, text)
                .into_iter()
                .chain(self.narrow_resource(&at, policy, st, text))
                .chain(self.remove_statement(&at, policy, st, text))
                .next();
            let Some(part) = first else { return };
            parts.push(part);
        }
        let edits: Vec<&super::TextEdit> = parts.iter().filter_map(|p| p.change.change.edit()).collect();
        let mut spans: Vec<(usize, usize)> = edits.iter().map(|e| (e.span.start, e.span.end)).collect();
        spans.sort();
        if spans.windows(2).any(|w| w[1].0 < w[0].1) {
            return;
        }
        let Some(edited) = super::apply_edits(policy, text, &edits) else { return };
        let mut parts = parts;
        for p in &mut parts {
            p.apply = Apply::All(Vec::new());
        }
        parts[0].apply = Apply::Replace(target, edited);
        self.push(parts);
    }

    fn narrow_action(&self, at: &StatementTarget, policy: &Policy, st: &Statement, text: &str) -> Vec<Part> {
        let set = &st.body.action;
        let Some(piece) = Piece::read(text, st.span.start, st.span.end) else { return vec![] };
        let element = set.element("Action");
        let Some(value) = piece.value().get(&element) else { return vec![] };
        let action = self.request.action.as_str();
        let (edit, item, operation) = if set.negated {
            let item = action.to_string();
            (Some(piece.add_item(value, &Value::from(action), &json_text(&Value::from(action)))), item, Operation::Add)
        } else {
            let Some(i) = action_match(set, &self.request.action_lower).1 else { return vec![] };
            (piece.remove_item(value, i), set.items[i].text.clone(), Operation::Remove)
        };
        let Some(edit) = edit else { return vec![] };
        let removed = operation == Operation::Remove;
        let (also, cost) = breadth::narrowed_action(self.options, self.dialect(), &item, removed);
        let title = match operation {
            Operation::Remove => format!("take {item} out of the Action of the Deny {} of {}", at.label, policy.name),
            Operation::Add => format!("add {item} to the NotAction of the Deny {} of {}", at.label, policy.name),
        };
        self.element_part(
            at,
            policy,
            text,
            ElementEdit { element, operation, principal_type: None, item, edit, title, also, cost },
            Change::NarrowDeny,
        )
        .into_iter()
        .collect()
    }

    fn narrow_resource(&self, at: &StatementTarget, policy: &Policy, st: &Statement, text: &str) -> Vec<Part> {
        let Some(set) = &st.body.resource else { return vec![] };
        let Some(piece) = Piece::read(text, st.span.start, st.span.end) else { return vec![] };
        let element = set.element("Resource");
        let Some(value) = piece.value().get(&element) else { return vec![] };
        let resource = self.request.resource.as_str();
        let (edit, item, operation) = if set.negated {
            (
                Some(piece.add_item(value, &Value::from(resource), &json_text(&Value::from(resource)))),
                resource.to_string(),
                Operation::Add,
            )
        } else {
            let Some(i) = resource_match(Some(set), self.request).1 else { return vec![] };
            (piece.remove_item(value, i), set.items[i].text.clone(), Operation::Remove)
        };
        let Some(edit) = edit else { return vec![] };
        let (also, cost) = breadth::narrowed_other(&item, "the resource", &st.body);
        let title = match operation {
            Operation::Remove => format!("take {item} out of the Resource of the Deny {} of {}", at.label, policy.name),
            Operation::Add => format!("add {item} to the NotResource of the Deny {} of {}", at.label, policy.name),
        };
        self.element_part(
            at,
            policy,
            text,
            ElementEdit { element, operation, principal_type: None, item, edit, title, also, cost },
            Change::NarrowDeny,
        )
        .into_iter()
        .collect()
    }

    /// A `NotPrincipal` Deny gets the caller added to its list.
    fn narrow_principal(&self, at: &StatementTarget, policy: &Policy, st: &Statement, text: &str) -> Vec<Part> {
        let Some(set) = &st.body.principal else { return vec![] };
        if !set.negated {
            return vec![];
        }
        let Some(piece) = Piece::read(text, st.span.start, st.span.end) else { return vec![] };
        let Some((kind, item, _)) = caller_names(self.request).into_iter().next() else { return vec![] };
        let Some(edit) = principal_edit(&piece, "NotPrincipal", &kind, &Value::from(item.as_str())) else {
            return vec![];
        };
        let (also, cost) = breadth::narrowed_other(&item, "the principal", &st.body);
        let title = format!("add {kind} {item} to the NotPrincipal of the Deny {} of {}", at.label, policy.name);
        self.element_part(
            at,
            policy,
            text,
            ElementEdit {
                element: "NotPrincipal".into(),
                operation: Operation::Add,
                principal_type: Some(kind),
                item,
                edit,
                title,
                also,
                cost,
            },
            Change::NarrowDeny,
        )
        .into_iter()
        .collect()
    }

    fn remove_statement(&self, at: &StatementTarget, policy: &Policy, st: &Statement, text: &str) -> Option<Part> {
        if policy.statements.len() < 2 {
            return None;
        }
        let piece = Piece::read(text, policy.span.start, policy.span.end)?;
        let list = match piece.value().get("Statement") {
            Some(list) => list,
            None => piece.value(),
        };
        let edit = piece.delete_item(list, st.index)?;
        let edited = super::apply_edit(policy, text, &edit)?;
        let (also, cost) = breadth::removed_deny(self.options, self.dialect(), &st.body);
        let title = format!("remove the Deny {} of {}", at.label, policy.name);
        let change = Change::RemoveStatement { at: at.clone(), edit };
        Some(Part {
            change: ProposedChange { title, also, change },
            cost,
            apply: Apply::Replace(at.policy.clone(), edited),
        })
    }

    /// Detaches the policy that holds a Deny (a control level keeps at least one policy: a
    /// level without any would refuse everything).
    fn detach(&mut self, target: &PolicyTarget, policy: &Policy, in_layer: usize) {
        let (what, apply) = match target.layer {
            LayerKind::Boundary => ("the permissions boundary".to_string(), Apply::ClearBoundary),
            LayerKind::Session => ("the session policy".to_string(), Apply::ClearSession),
            LayerKind::Resource => ("the resource policy".to_string(), Apply::ClearResource),
            LayerKind::Identity => (
                policy.name.clone(),
                Apply::Replace(target.clone(), Policy::empty(&policy.name, policy.dialect, policy.span)),
            ),
            LayerKind::Control | LayerKind::ResourceControl if in_layer > 1 => (
                policy.name.clone(),
                Apply::Replace(target.clone(), Policy::empty(&policy.name, policy.dialect, policy.span)),
            ),
            _ => return,
        };
        let (also, cost) = breadth::detached(&what, matches!(target.layer, LayerKind::Boundary | LayerKind::Session));
        let title = match target.layer {
            LayerKind::Boundary | LayerKind::Session | LayerKind::Resource => {
                format!("remove {what} ({})", policy.name)
            }
            LayerKind::Identity => format!("detach {} from {}", policy.name, self.request.principal.display_name()),
            _ => format!("detach {} from control level {}", policy.name, target.level.map_or(1, |l| l + 1)),
        };
        self.push(vec![Part {
            change: ProposedChange { title, also, change: Change::DetachPolicy { policy: target.clone() } },
            cost,
            apply,
        }]);
    }
}

/// Points at a statement.
fn statement_target(target: &PolicyTarget, st: &Statement) -> StatementTarget {
    StatementTarget {
        policy: target.clone(),
        statement: st.index,
        sid: st.body.sid.clone(),
        label: st.label(),
        span: st.span,
    }
}

/// How a principal element can name the caller: (type, value, whether it names more than the
/// caller), narrowest first. A role session is named by its role; the account's root names
/// every principal of the account (by delegation: their own policies must allow too).
fn caller_names(req: &Request) -> Vec<(String, String, bool)> {
    let p = &req.principal;
    let account_type = match req.dialect {
        Dialect::Aws => "AWS",
        Dialect::Aliyun => "RAM",
    };
    let root = |account: &str| match req.dialect {
        Dialect::Aws => format!("arn:aws:iam::{account}:root"),
        Dialect::Aliyun => format!("acs:ram::{account}:root"),
    };
    let mut names = Vec::new();
    match &p.kind {
        PrincipalKind::Anonymous => return names,
        PrincipalKind::Service { name } => return vec![("Service".into(), name.clone(), false)],
        PrincipalKind::Federated { provider } => return vec![("Federated".into(), provider.clone(), false)],
        PrincipalKind::Session { .. } | PrincipalKind::Role { .. } => {
            if let Some(role) = &p.role_arn {
                names.push((account_type.to_string(), role.clone(), false));
            }
        }
        PrincipalKind::Root => {
            if let Some(account) = &p.account {
                return vec![(account_type.to_string(), root(account), false)];
            }
        }
        _ => names.push((account_type.to_string(), p.text.clone(), false)),
    }
    if let Some(account) = &p.account {
        names.push((account_type.to_string(), root(account), true));
    }
    names
}

/// Adds `kind: item` to the principal element `element` of a statement (an object): to the
/// type's list, or as a new type. The edit replaces the element's whole value.
fn principal_edit(piece: &Piece<'_>, element: &str, kind: &str, item: &Value) -> Option<super::TextEdit> {
    let value = piece.value().get(element)?;
    let members = value.as_object()?;
    let item_text = json_text(item);
    match members.iter().find(|m| m.key == kind) {
        Some(member) => {
            let inner = piece.add_item(&member.value, item, &item_text);
            let mut whole = value.to_serde();
            if let Value::Object(map) = &mut whole {
                map.insert(kind.to_string(), inner.value.clone());
            }
            Some(piece.widen(value, &member.value, inner, whole))
        }
        None => piece.add_member(value, kind, item, &item_text),
    }
}

/// Whether some Allow statement of `policy` names the request's action.
fn allows_action(policy: &Policy, req: &Request) -> bool {
    policy
        .statements
        .iter()
        .any(|s| s.body.effect == Effect::Allow && action_match(&s.body.action, &req.action_lower).0)
}

/// A name for a new policy: `Allow` and the action's words (`AllowEcsModifySnapshotAttribute`).
fn new_policy_name(action: &str) -> String {
    let mut name = String::from("Allow");
    for word in action.split([':', '-', '_', '.']).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    name
}
