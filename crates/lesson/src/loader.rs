//! Reading a lesson file (docs/lessons.md): the engine's span-aware JSON reader, every problem
//! reported at once with its line and column (unknown fields and names with a did-you-mean), then
//! the starting state and the reference solution built and loaded by the scenario loader, so a
//! lesson that loads is one whose states the engine can run.

use crate::builtin::{BUILTIN_SCENARIOS, builtin_scenario};
use crate::edit::{self, Edit};
use crate::error::LessonError;
use crate::model::{Constraint, ConstraintKind, DocTarget, EditablePart, Lesson, ScenarioSource};
use crate::names::{self, Named};
use playground_core::diagnostic::{Diagnostic, Severity};
use playground_core::issue::did_you_mean;
use playground_core::json::{self, Json, JsonKind};
use playground_core::span::{LineIndex, Span};
use playground_scenario::document::{
    AccountDocument, BackupMemberDocument, CheckDocument, PolicyDocument, RoleDocument, ScenarioDocument, UserDocument,
};
use playground_scenario::scenario::load_scenario;
use serde::de::DeserializeOwned;

/// The fields of a lesson file.
const FIELDS: &[&str] = &[
    "lesson",
    "title",
    "goal",
    "scenario",
    "start",
    "steps",
    "hints",
    "editable",
    "checks",
    "constraints",
    "fails_at_start",
    "solution",
];

/// The edits, by the field that names each, with the other fields each may have.
const EDITS: &[(&str, &[&str])] = &[
    ("set_policy", &["document", "system", "description"]),
    ("remove_policy", &[]),
    ("set_trust_policy", &["document"]),
    ("set_resource_policy", &["document"]),
    ("attach", &["to"]),
    ("detach", &["from"]),
    ("add_account", &[]),
    ("add_role", &[]),
    ("remove_role", &[]),
    ("add_user", &[]),
    ("set_control_policies", &["policies"]),
    ("move_account", &["to"]),
    ("set_delegated_administrators", &["accounts"]),
    ("register_backup", &[]),
    ("unregister_backup", &[]),
];

/// The constraints, by the field that names each, with the other fields each may have.
const CONSTRAINTS: &[(&str, &[&str])] = &[
    ("attached", &["to", "name"]),
    ("not_attached", &["to", "name"]),
    ("admits_exactly", &["in", "name"]),
    ("unchanged", &["name"]),
];

/// The documents, by the field that names each.
const DOCUMENTS: &[&str] = &["policy", "trust_policy", "resource_policy"];

/// The parts a learner may be allowed to edit that are not one document.
const SECTIONS: &[&str] = &["organization", "backup", "new_policies"];

/// Reads a lesson file: the lesson with its states built, or every problem found.
pub fn load_lesson(text: &str) -> Result<Lesson, Vec<LessonError>> {
    let parsed = json::parse_limited(text, json::MAX_FILE_BYTES).map_err(|e| vec![LessonError::Json(e)])?;
    let index = LineIndex::new(text);
    let mut reader = Reader { text, index: &index, errors: Vec::new() };
    let lesson = reader.lesson(&parsed.value);
    match lesson {
        Some(lesson) if reader.errors.is_empty() => Ok(lesson),
        _ => {
            reader.errors.sort_by_key(|e| e.span().start);
            Err(reader.errors)
        }
    }
}

/// The reader's state: the text (to take policy documents and scenario parts verbatim) and the
/// problems found so far.
struct Reader<'t> {
    text: &'t str,
    index: &'t LineIndex<'t>,
    errors: Vec<LessonError>,
}

impl Reader<'_> {
    fn wrong_type(&mut self, place: impl Into<String>, expected: &'static str, v: &Json) {
        self.errors.push(LessonError::WrongType { place: place.into(), expected, found: v.type_name(), span: v.span });
    }

    /// Checks that `v` is an object with only `known` fields.
    fn object(&mut self, v: &Json, place: &str, known: &[&'static str]) -> bool {
        let Some(members) = v.as_object() else {
            self.wrong_type(place, "an object", v);
            return false;
        };
        for m in members.iter().filter(|m| !known.contains(&m.key.as_ref())) {
            self.errors.push(LessonError::UnknownField {
                field: m.key.to_string(),
                place: place.to_string(),
                suggestion: did_you_mean(&m.key, known.iter().copied()).map(str::to_string),
                known: known.to_vec(),
                span: m.key_span,
            });
        }
        true
    }

    /// A string field, reported when missing and `required`, or of another type.
    fn string(&mut self, v: &Json, key: &'static str, place: &str, required: bool) -> Option<Named> {
        match v.get(key) {
            Some(s) => match s.as_str() {
                Some(text) => Some(Named { name: text.to_string(), span: s.span }),
                None => {
                    self.wrong_type(format!("{place}: \"{key}\""), "a string", s);
                    None
                }
            },
            None if required => {
                self.errors.push(LessonError::MissingField { place: place.into(), field: key, span: v.span });
                None
            }
            None => None,
        }
    }

    /// A list of strings (absent reads as empty).
    fn strings(&mut self, v: Option<&Json>, place: &str) -> Vec<Named> {
        let Some(v) = v else { return Vec::new() };
        let Some(items) = v.as_array() else {
            self.wrong_type(place, "a list of strings", v);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.as_str() {
                Some(s) => Some(Named { name: s.to_string(), span: item.span }),
                None => {
                    self.wrong_type(format!("an item of {place}"), "a string", item);
                    None
                }
            })
            .collect()
    }

    /// The items of a list field (absent reads as empty).
    fn list<'a, 'j>(&mut self, v: Option<&'a Json<'j>>, place: &str) -> &'a [Json<'j>] {
        match v {
            None => &[],
            Some(Json { kind: JsonKind::Array(items), .. }) => items,
            Some(other) => {
                self.wrong_type(place, "a list", other);
                &[]
            }
        }
    }

    /// A part of the lesson read as a type of the scenario format, from its exact text, with
    /// serde's complaint placed in the lesson file.
    fn scenario_part<T: DeserializeOwned>(&mut self, v: &Json, what: &'static str) -> Option<T> {
        let raw = &self.text[v.span.start..v.span.end];
        serde_json::from_str(raw)
            .map_err(|e| {
                let at = v.span.start + offset_of(raw, e.line(), e.column());
                let span = self.index.span(at, at);
                let reason = strip_position(&e.to_string());
                self.errors.push(LessonError::NotInScenarioFormat { what, reason, span });
            })
            .ok()
    }

    /// A policy document: inline JSON (kept byte for byte) or a string holding its text.
    fn document(&mut self, v: &Json, place: &str) -> Option<PolicyDocument> {
        match &v.kind {
            JsonKind::String(s) => Some(PolicyDocument::text(s.to_string())),
            JsonKind::Object(_) => PolicyDocument::json(&self.text[v.span.start..v.span.end]),
            _ => {
                self.wrong_type(place, "a policy document (an object, or its text as a string)", v);
                None
            }
        }
    }

    /// The first field of an object that names its kind (an edit, a constraint, a document).
    fn kind_field<'a, 'j>(
        &mut self,
        v: &'a Json<'j>,
        kinds: &[&'static str],
        place: &str,
    ) -> Option<(&'static str, &'a Json<'j>)> {
        let Some(members) = v.as_object() else {
            self.wrong_type(place, "an object", v);
            return None;
        };
        if let Some((kind, m)) =
            members.iter().find_map(|m| kinds.iter().find(|k| **k == m.key).map(|k| (*k, &m.value)))
        {
            return Some((kind, m));
        }
        // The first field is meant to say what it is: suggest the nearest kind for it.
        let first = members.first();
        self.errors.push(match first {
            Some(m) => LessonError::UnknownField {
                field: m.key.to_string(),
                place: place.to_string(),
                suggestion: did_you_mean(&m.key, kinds.iter().copied()).map(str::to_string),
                known: kinds.to_vec(),
                span: m.key_span,
            },
            None => LessonError::MissingField { place: place.to_string(), field: kinds[0], span: v.span },
        });
        None
    }

    fn lesson(&mut self, v: &Json) -> Option<Lesson> {
        if !self.object(v, "the lesson", FIELDS) {
            return None;
        }
        let id = self.string(v, "lesson", "the lesson", true);
        let title = self.string(v, "title", "the lesson", true);
        let goal = self.string(v, "goal", "the lesson", true);
        let steps = self.strings(v.get("steps"), "the lesson's \"steps\"");
        let hints = self.strings(v.get("hints"), "the lesson's \"hints\"");
        if let Some(h) = v.get("hints").filter(|h| h.as_array().is_some_and(<[Json]>::is_empty)) {
            self.errors.push(LessonError::Empty { place: "the lesson's \"hints\"".into(), span: h.span });
        }
        let (source, base) = self.base(v)?;
        let start_edits = self.edits(v.get("start"), "the lesson's \"start\"");
        let solution_edits = match v.get("solution") {
            Some(s) => self.edits(Some(s), "the lesson's \"solution\""),
            None => {
                self.errors.push(LessonError::MissingField {
                    place: "the lesson".into(),
                    field: "solution",
                    span: v.span,
                });
                Vec::new()
            }
        };
        let start = self.build(&base, &start_edits);
        let solution = self.build(&start, &solution_edits);
        let checks = self.checks(v, &start);
        let editable = self.editable(v.get("editable"), &start);
        let constraints = self.constraints(v.get("constraints"), &start, &solution);
        let fails_at_start = self.strings(v.get("fails_at_start"), "the lesson's \"fails_at_start\"");
        let graded: Vec<String> = checks
            .iter()
            .map(|c| c.name.clone())
            .chain(constraints.iter().map(|c| c.name.clone()))
            .chain([crate::grade::SCOPE_CONSTRAINT.to_string()])
            .collect();
        for name in &fails_at_start {
            if !graded.contains(&name.name) {
                self.errors.push(LessonError::UnknownName {
                    kind: "check or constraint",
                    name: name.name.clone(),
                    suggestion: names::suggest(&name.name, &graded),
                    span: name.span,
                });
            }
        }
        let (mut start, mut solution) = (start, solution);
        start.checks = Some(checks.clone());
        solution.checks = Some(checks.clone());
        if self.errors.is_empty() {
            let at = v.get("start").or(v.get("scenario")).map_or(v.span, |s| s.span);
            self.loads(&start, "the starting state", at);
            let at = v.get("solution").map_or(v.span, |s| s.span);
            self.loads(&solution, "the reference solution", at);
        }
        Some(Lesson {
            id: id?.name,
            title: title?.name,
            goal: goal?.name,
            source,
            steps: steps.into_iter().map(|s| s.name).collect(),
            hints: hints.into_iter().map(|s| s.name).collect(),
            editable,
            checks,
            constraints,
            fails_at_start: fails_at_start.into_iter().map(|n| n.name).collect(),
            start_edits,
            solution_edits,
            start,
            solution,
        })
    }

    /// The scenario the lesson starts from, without its own checks (the lesson's replace them).
    fn base(&mut self, v: &Json) -> Option<(ScenarioSource, ScenarioDocument)> {
        let Some(s) = v.get("scenario") else {
            self.errors.push(LessonError::MissingField { place: "the lesson".into(), field: "scenario", span: v.span });
            return None;
        };
        let (source, mut doc) = match &s.kind {
            JsonKind::String(name) => {
                let Some(found) = builtin_scenario(name) else {
                    self.errors.push(LessonError::UnknownName {
                        kind: "built-in scenario",
                        name: name.to_string(),
                        suggestion: did_you_mean(name, BUILTIN_SCENARIOS.iter().map(|b| b.name)).map(str::to_string),
                        span: s.span,
                    });
                    return None;
                };
                let doc = serde_json::from_str(found.text).expect("built-in scenarios are scenario documents");
                (ScenarioSource::Builtin(found.name.to_string()), doc)
            }
            JsonKind::Object(_) => {
                // The scenario loader's reports, placed in the lesson file.
                let raw = &self.text[s.span.start..s.span.end];
                let loaded = load_scenario(raw);
                let errors: Vec<LessonError> = loaded
                    .issues
                    .iter()
                    .filter(|i| i.severity() == Severity::Error)
                    .map(|i| LessonError::NotInScenarioFormat {
                        what: "a scenario",
                        reason: i.message(),
                        span: i.span().placed_at(s.span),
                    })
                    .collect();
                if !errors.is_empty() {
                    self.errors.extend(errors);
                    return None;
                }
                (ScenarioSource::Inline, self.scenario_part::<ScenarioDocument>(s, "a scenario")?)
            }
            _ => {
                self.wrong_type(
                    "the lesson's \"scenario\"",
                    "a built-in scenario's name or a whole scenario (an object)",
                    s,
                );
                return None;
            }
        };
        doc.checks = None;
        Some((source, doc))
    }

    /// Applies edits in order to a copy of `doc`; an edit that fails is reported and skipped.
    fn build(&mut self, doc: &ScenarioDocument, edits: &[Edit]) -> ScenarioDocument {
        let mut out = doc.clone();
        for e in edits {
            if let Err(error) = e.apply(&mut out) {
                self.errors.push(*error);
            }
        }
        out
    }

    /// Whether a built state loads; its first error is reported at `at`.
    fn loads(&mut self, doc: &ScenarioDocument, state: &'static str, at: Span) {
        let text = serde_json::to_string(doc).expect("scenario documents serialize");
        let loaded = load_scenario(&text);
        if let Some(issue) = loaded.issues.iter().find(|i| i.severity() == Severity::Error) {
            self.errors.push(LessonError::BrokenState { state, reason: issue.message(), span: at });
        }
    }

    fn edits(&mut self, v: Option<&Json>, place: &str) -> Vec<Edit> {
        let kinds: Vec<&'static str> = EDITS.iter().map(|(k, _)| *k).collect();
        let items = self.list(v, place);
        items.iter().filter_map(|item| self.edit(item, &kinds)).collect()
    }

    fn edit(&mut self, v: &Json, kinds: &[&'static str]) -> Option<Edit> {
        let (kind, value) = self.kind_field(v, kinds, "an edit")?;
        let others = EDITS.iter().find(|(k, _)| *k == kind).map_or(&[][..], |(_, o)| *o);
        let mut known = vec![kind];
        known.extend_from_slice(others);
        let place = format!("the \"{kind}\" edit");
        self.object(v, &place, &known);
        let name = |r: &mut Self| match value.as_str() {
            Some(s) => Some(Named { name: s.to_string(), span: value.span }),
            None => {
                r.wrong_type(format!("\"{kind}\""), "a name (a string)", value);
                None
            }
        };
        let document = |r: &mut Self| match v.get("document") {
            Some(d) => r.document(d, &format!("the \"{kind}\" edit's \"document\"")),
            None => {
                r.errors.push(LessonError::MissingField { place: place.clone(), field: "document", span: v.span });
                None
            }
        };
        Some(match kind {
            "set_policy" => {
                let name = name(self);
                let document = document(self);
                let system = match v.get("system") {
                    None => None,
                    Some(Json { kind: JsonKind::Bool(b), .. }) => Some(*b),
                    Some(other) => {
                        self.wrong_type("\"system\"", "true or false", other);
                        None
                    }
                };
                let description = self.string(v, "description", &place, false).map(|d| d.name);
                Edit::SetPolicy { name: name?, document: document?, system, description }
            }
            "remove_policy" => Edit::RemovePolicy(name(self)?),
            "set_trust_policy" => {
                let role = name(self);
                Edit::SetTrustPolicy { role: role?, document: document(self)? }
            }
            "set_resource_policy" => {
                let arn = name(self);
                Edit::SetResourcePolicy { arn: arn?, document: document(self)? }
            }
            "attach" => {
                let policy = name(self);
                Edit::Attach { policy: policy?, to: self.string(v, "to", &place, true)? }
            }
            "detach" => {
                let policy = name(self);
                Edit::Detach { policy: policy?, from: self.string(v, "from", &place, true)? }
            }
            "add_account" => Edit::AddAccount(self.scenario_part::<AccountDocument>(value, "an account")?, value.span),
            "add_role" => Edit::AddRole(Box::new(self.scenario_part::<RoleDocument>(value, "a role")?), value.span),
            "remove_role" => Edit::RemoveRole(name(self)?),
            "add_user" => Edit::AddUser(self.scenario_part::<UserDocument>(value, "a user")?, value.span),
            "set_control_policies" => {
                let node = name(self);
                if v.get("policies").is_none() {
                    self.errors.push(LessonError::MissingField { place, field: "policies", span: v.span });
                    return None;
                }
                let policies = self.strings(v.get("policies"), "\"policies\"");
                Edit::SetControlPolicies { node: node?, policies }
            }
            "move_account" => {
                let account = name(self);
                let to = match v.get("to") {
                    Some(Json { kind: JsonKind::Null, .. }) => None,
                    Some(_) => Some(self.string(v, "to", &place, true)?),
                    None => {
                        self.errors.push(LessonError::MissingField { place, field: "to", span: v.span });
                        return None;
                    }
                };
                Edit::MoveAccount { account: account?, to }
            }
            "set_delegated_administrators" => {
                let service = name(self)?.name;
                if v.get("accounts").is_none() {
                    self.errors.push(LessonError::MissingField { place, field: "accounts", span: v.span });
                    return None;
                }
                let accounts = self.strings(v.get("accounts"), "\"accounts\"");
                Edit::SetDelegatedAdministrators { service, accounts, span: v.span }
            }
            "register_backup" => Edit::RegisterBackup(
                self.scenario_part::<BackupMemberDocument>(value, "a backup registration")?,
                value.span,
            ),
            "unregister_backup" => Edit::UnregisterBackup(name(self)?),
            _ => unreachable!("every edit kind is read above"),
        })
    }

    /// The lesson's checks, in the scenario format, their roles and accounts found in `start`.
    fn checks(&mut self, v: &Json, start: &ScenarioDocument) -> Vec<CheckDocument> {
        let Some(list) = v.get("checks") else {
            self.errors.push(LessonError::MissingField { place: "the lesson".into(), field: "checks", span: v.span });
            return Vec::new();
        };
        let items = self.list(Some(list), "the lesson's \"checks\"");
        if items.is_empty() && list.as_array().is_some() {
            self.errors.push(LessonError::Empty { place: "the lesson's \"checks\"".into(), span: list.span });
        }
        let mut checks = Vec::new();
        for item in items {
            let Some(check) = self.scenario_part::<CheckDocument>(item, "a check") else { continue };
            if check.expected_decision().is_none() {
                let span = item.get("expected").map_or(item.span, |e| e.span);
                self.errors.push(LessonError::UnknownName {
                    kind: "decision",
                    name: check.expected.clone(),
                    suggestion: did_you_mean(&check.expected, ["allow", "explicit_deny", "implicit_deny"])
                        .map(str::to_string),
                    span,
                });
            }
            let hops = item.get("chain").and_then(Json::as_array).unwrap_or(&[]);
            for (hop, written) in check.chain.iter().flatten().zip(hops) {
                if names::find_role(start, hop.role()).is_none() {
                    let span = written.get("role").unwrap_or(written).span;
                    let named = Named { name: hop.role().to_string(), span };
                    self.errors.push(LessonError::UnknownName {
                        kind: "role",
                        name: named.name.clone(),
                        suggestion: names::suggest(&named.name, &names::role_names(start)),
                        span,
                    });
                }
            }
            if let (Some(account), Some(written)) = (&check.backup_account, item.get("backup_account")) {
                let ids = names::account_ids(start);
                if !ids.contains(account) {
                    self.errors.push(LessonError::UnknownName {
                        kind: "account",
                        name: account.clone(),
                        suggestion: names::suggest(account, &ids),
                        span: written.span,
                    });
                }
            }
            checks.push(check);
        }
        checks
    }

    /// A document reference (`{"policy": NAME}` ...), its name found in `doc`.
    fn doc_target(&mut self, v: &Json, place: &str, doc: &ScenarioDocument) -> Option<DocTarget> {
        let (kind, value) = self.kind_field(v, DOCUMENTS, place)?;
        self.object(v, place, &[kind]);
        let Some(name) = value.as_str() else {
            self.wrong_type(format!("\"{kind}\""), "a name (a string)", value);
            return None;
        };
        let (target, found, candidates, what) = match kind {
            "policy" => (
                DocTarget::Policy(name.into()),
                names::policy_names(doc).iter().any(|p| p == name),
                names::policy_names(doc),
                "policy",
            ),
            "trust_policy" => (
                DocTarget::TrustPolicy(name.into()),
                names::find_role(doc, name).is_some(),
                names::role_names(doc),
                "role",
            ),
            _ => (
                DocTarget::ResourcePolicy(name.into()),
                names::resource_arns(doc).iter().any(|a| a == name),
                names::resource_arns(doc),
                "resource",
            ),
        };
        if !found {
            self.errors.push(LessonError::UnknownName {
                kind: what,
                name: name.to_string(),
                suggestion: names::suggest(name, &candidates),
                span: value.span,
            });
            return None;
        }
        Some(target)
    }

    /// A role or user name, found in `doc`.
    fn identity(&mut self, named: &Named, doc: &ScenarioDocument) -> bool {
        match edit::identity(doc, named) {
            Ok(_) => true,
            Err(e) => {
                self.errors.push(*e);
                false
            }
        }
    }

    fn editable(&mut self, v: Option<&Json>, start: &ScenarioDocument) -> Vec<EditablePart> {
        let items = self.list(v, "the lesson's \"editable\"");
        let mut parts = Vec::new();
        for item in items {
            if let Some(section) = item.as_str() {
                match section {
                    "organization" => parts.push(EditablePart::Organization),
                    "backup" => parts.push(EditablePart::Backup),
                    "new_policies" => parts.push(EditablePart::NewPolicies),
                    other => self.errors.push(LessonError::UnknownName {
                        kind: "editable section",
                        name: other.to_string(),
                        suggestion: did_you_mean(other, SECTIONS.iter().copied()).map(str::to_string),
                        span: item.span,
                    }),
                }
                continue;
            }
            if let Some(who) = item.get("attachments") {
                self.object(item, "an editable part", &["attachments"]);
                let Some(name) = who.as_str() else {
                    self.wrong_type("\"attachments\"", "a role or user (a string)", who);
                    continue;
                };
                let named = Named { name: name.to_string(), span: who.span };
                if self.identity(&named, start) {
                    parts.push(EditablePart::Attachments(named.name));
                }
                continue;
            }
            let mut kinds = DOCUMENTS.to_vec();
            kinds.push("attachments");
            if item.as_object().is_some_and(|m| !m.iter().any(|m| DOCUMENTS.contains(&m.key.as_ref()))) {
                self.kind_field(item, &kinds, "an editable part");
                continue;
            }
            if let Some(target) = self.doc_target(item, "an editable part", start) {
                parts.push(EditablePart::Document(target));
            }
        }
        parts
    }

    fn constraints(
        &mut self,
        v: Option<&Json>,
        start: &ScenarioDocument,
        solution: &ScenarioDocument,
    ) -> Vec<Constraint> {
        let kinds: Vec<&'static str> = CONSTRAINTS.iter().map(|(k, _)| *k).collect();
        let items = self.list(v, "the lesson's \"constraints\"");
        let mut out = Vec::new();
        for item in items {
            let Some((kind, value)) = self.kind_field(item, &kinds, "a constraint") else { continue };
            let others = CONSTRAINTS.iter().find(|(k, _)| *k == kind).map_or(&[][..], |(_, o)| *o);
            let mut known = vec![kind];
            known.extend_from_slice(others);
            let place = format!("the \"{kind}\" constraint");
            self.object(item, &place, &known);
            let written = self.string(item, "name", &place, false).map(|n| n.name);
            let constraint = match kind {
                "attached" | "not_attached" => {
                    let Some(policy) = value.as_str() else {
                        self.wrong_type(format!("\"{kind}\""), "a policy name (a string)", value);
                        continue;
                    };
                    let Some(to) = self.string(item, "to", &place, true) else { continue };
                    // The policy may exist in either state: a lesson may ask for one the learner adds.
                    let known_policy =
                        names::policy_names(start).iter().chain(&names::policy_names(solution)).any(|p| p == policy);
                    if !known_policy {
                        self.errors.push(LessonError::UnknownName {
                            kind: "policy",
                            name: policy.to_string(),
                            suggestion: names::suggest(policy, &names::policy_names(solution)),
                            span: value.span,
                        });
                        continue;
                    }
                    if !self.identity(&to, start) {
                        continue;
                    }
                    let (policy, to) = (policy.to_string(), to.name);
                    if kind == "attached" {
                        ConstraintKind::Attached { policy, to }
                    } else {
                        ConstraintKind::NotAttached { policy, to }
                    }
                }
                "admits_exactly" => {
                    let principals: Vec<String> =
                        self.strings(Some(value), "\"admits_exactly\"").into_iter().map(|n| n.name).collect();
                    let Some(target) = item.get("in") else {
                        self.errors.push(LessonError::MissingField { place, field: "in", span: item.span });
                        continue;
                    };
                    let Some(document) = self.doc_target(target, "\"in\"", start) else { continue };
                    if matches!(document, DocTarget::Policy(_)) {
                        self.wrong_type("\"in\"", "a trust policy or a resource policy", target);
                        continue;
                    }
                    ConstraintKind::AdmitsExactly { document, principals }
                }
                _ => {
                    let Some(document) = self.doc_target(value, "\"unchanged\"", start) else { continue };
                    ConstraintKind::Unchanged(document)
                }
            };
            let name = written.unwrap_or_else(|| crate::constraint::describe(&constraint));
            out.push(Constraint { name, kind: constraint });
        }
        out
    }
}

/// The byte offset in `text` of serde's 1-based line and column (clamped to the text).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[line_start.min(text.len())..];
    let within = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    (line_start + within).min(text.len())
}

/// serde's message without its " at line L column C" (the lesson file's position replaces it).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}
