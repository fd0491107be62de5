//! The "policies and requests" mode: one principal's policies by layer (identity, resource or
//! trust, session, permissions boundaries, control-policy levels, RCPs) and a table of requests,
//! each with an optional expected decision, all evaluated against those layers at once.
//!
//! The layers name library policies of the workspace's scenario, so each policy is an ordinary
//! editable document (the same editor, findings, completion and hover) and explanations name it
//! as the editor does. The mode's own data is one optional field of the workspace file.
//! Case files (the CLI's `eval` format) go both ways: [`Requests::to_case_file`] and
//! [`import_case_file`]; [`Workspace::row_to_check`] turns a row into a scenario check.

use crate::request::RequestForm;
use crate::workspace::{DocRef, Workspace};
use policy_playground::authorize::PolicySet;
use policy_playground::catalog::Catalogs;
use policy_playground::diagnostic::{Diagnostic, Severity};
use policy_playground::document::{PolicyDocument, ResourceDocument};
use policy_playground::explain::{Detail, explain_with};
use policy_playground::findings::PolicyKind;
use policy_playground::json::{self, Json, JsonKind};
use policy_playground::span::{LineIndex, Span};
use policy_playground::{Decision, Dialect, Evaluation, Policy, Request, parse_policy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A layer of the policies a request is evaluated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Policies attached to the caller.
    Identity,
    /// The resource's policy (for `sts:AssumeRole`, the role's trust policy).
    Resource,
    /// The session policy.
    Session,
    /// Permissions boundaries (AWS).
    Boundary,
    /// Control policies (SCPs, Resource Directory control policies) at a level, root first.
    Control(usize),
    /// Resource control policies (AWS) at a level, root first.
    ResourceControl(usize),
}

impl Layer {
    /// The layer's name for people, with the level of a levelled layer.
    pub fn title(self) -> String {
        match self {
            Layer::Identity => "Identity policies".into(),
            Layer::Resource => "Resource or trust policy".into(),
            Layer::Session => "Session policy".into(),
            Layer::Boundary => "Permissions boundaries".into(),
            Layer::Control(level) => format!("Control policies, level {}", level + 1),
            Layer::ResourceControl(level) => format!("Resource control policies, level {}", level + 1),
        }
    }

    /// The name a new policy of this layer gets (made unique by the workspace).
    fn new_policy_name(self) -> String {
        match self {
            Layer::Identity => "identity policy".into(),
            Layer::Resource => "resource policy".into(),
            Layer::Session => "session policy".into(),
            Layer::Boundary => "permissions boundary".into(),
            Layer::Control(level) => format!("control policy level {}", level + 1),
            Layer::ResourceControl(level) => format!("RCP level {}", level + 1),
        }
    }

    /// What the policy checks should take a policy of this layer for.
    pub fn kind(self) -> PolicyKind {
        match self {
            Layer::Identity | Layer::Boundary => PolicyKind::Identity,
            Layer::Resource => PolicyKind::Resource,
            Layer::Session => PolicyKind::Session,
            Layer::Control(_) | Layer::ResourceControl(_) => PolicyKind::Control,
        }
    }
}

/// The policies of each layer, by library policy name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Layers {
    /// Identity policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity: Vec<String>,
    /// The resource (or trust) policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The session policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Permissions boundaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<String>,
    /// Control policies, one list per level, root first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub control: Vec<Vec<String>>,
    /// Resource control policies, one list per level, root first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_control: Vec<Vec<String>>,
}

impl Layers {
    /// Every (layer, policy name), in the order the engine reads the layers.
    pub fn entries(&self) -> Vec<(Layer, String)> {
        let mut out: Vec<(Layer, String)> = self.identity.iter().map(|n| (Layer::Identity, n.clone())).collect();
        out.extend(self.resource.iter().map(|n| (Layer::Resource, n.clone())));
        out.extend(self.session.iter().map(|n| (Layer::Session, n.clone())));
        out.extend(self.boundaries.iter().map(|n| (Layer::Boundary, n.clone())));
        for (level, names) in self.control.iter().enumerate() {
            out.extend(names.iter().map(|n| (Layer::Control(level), n.clone())));
        }
        for (level, names) in self.resource_control.iter().enumerate() {
            out.extend(names.iter().map(|n| (Layer::ResourceControl(level), n.clone())));
        }
        out
    }

    /// The layer that names policy `name`, if one does.
    pub fn layer_of(&self, name: &str) -> Option<Layer> {
        self.entries().into_iter().find(|(_, n)| n == name).map(|(layer, _)| layer)
    }

    /// Adds a policy name to a layer (a level one past the last opens a new level). False when
    /// the layer holds one policy and has it already, or the level does not follow the last.
    fn add(&mut self, layer: Layer, name: String) -> bool {
        let level_list = |levels: &mut Vec<Vec<String>>, level: usize, name: String| {
            if level == levels.len() {
                levels.push(Vec::new());
            }
            levels.get_mut(level).map(|l| l.push(name)).is_some()
        };
        match layer {
            Layer::Identity => self.identity.push(name),
            Layer::Boundary => self.boundaries.push(name),
            Layer::Resource if self.resource.is_none() => self.resource = Some(name),
            Layer::Session if self.session.is_none() => self.session = Some(name),
            Layer::Resource | Layer::Session => return false,
            Layer::Control(level) => return level_list(&mut self.control, level, name),
            Layer::ResourceControl(level) => return level_list(&mut self.resource_control, level, name),
        }
        true
    }

    /// Removes a policy name from every layer; empty levels go.
    fn remove(&mut self, name: &str) {
        self.identity.retain(|n| n != name);
        self.boundaries.retain(|n| n != name);
        if self.resource.as_deref() == Some(name) {
            self.resource = None;
        }
        if self.session.as_deref() == Some(name) {
            self.session = None;
        }
        for levels in [&mut self.control, &mut self.resource_control] {
            levels.iter_mut().for_each(|l| l.retain(|n| n != name));
            levels.retain(|l| !l.is_empty());
        }
    }

    /// Renames a policy in every layer.
    pub fn rename(&mut self, from: &str, to: &str) {
        let all = self.identity.iter_mut().chain(self.boundaries.iter_mut()).chain(self.resource.iter_mut());
        let all = all.chain(self.session.iter_mut()).chain(self.control.iter_mut().flatten());
        all.chain(self.resource_control.iter_mut().flatten()).filter(|n| *n == from).for_each(|n| *n = to.into());
    }
}

/// One request of the table and the decision it should get.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Row {
    /// Principal, action, resource and context keys.
    pub request: RequestForm,
    /// `allow`, `explicit_deny` or `implicit_deny`; none when the row only asks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl Row {
    /// A row asking `action` on `resource` as `principal`.
    pub fn new(principal: &str, action: &str, resource: &str) -> Row {
        let request = RequestForm {
            principal: principal.into(),
            action: action.into(),
            resource: resource.into(),
            context: Vec::new(),
        };
        Row { request, expected: None }
    }

    /// A request typed on one line, `ACTION [RESOURCE] [PRINCIPAL]` (`s3:GetObject
    /// arn:aws:s3:::bucket/key`), asked as `principal` unless the line names one. `None` for a
    /// blank line.
    pub fn typed(line: &str, principal: &str) -> Option<Row> {
        let mut words = line.split_whitespace();
        let action = words.next()?;
        let resource = words.next().unwrap_or_default();
        Some(Row::new(words.next().unwrap_or(principal), action, resource))
    }

    /// The expected decision, when the row names one the engine knows.
    pub fn expected_decision(&self) -> Option<Decision> {
        self.expected.as_deref().and_then(Decision::from_name)
    }

    /// The resource asked for (`*` when the field is empty).
    fn resource(&self) -> &str {
        let resource = self.request.resource.trim();
        if resource.is_empty() { "*" } else { resource }
    }

    /// A short label: `ACTION on RESOURCE`.
    pub fn label(&self) -> String {
        format!("{} on {}", self.request.action.trim(), self.resource())
    }
}

/// The mode's data: the layers, the table, and whether the page shows this mode.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Requests {
    /// The page shows the policies-and-requests mode (else the scenario).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shown: bool,
    /// The policies of each layer.
    #[serde(default)]
    pub layers: Layers,
    /// The requests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Row>,
}

impl Requests {
    /// True when there is nothing to keep (the workspace file then leaves the field out).
    pub fn is_empty(&self) -> bool {
        *self == Requests::default()
    }
}

/// The outcome of one row.
#[derive(Debug, Clone)]
pub enum RowOutcome {
    /// The row lacks a principal or an action.
    Incomplete,
    /// The policies cannot be evaluated (one has errors or is missing): why.
    Blocked(String),
    /// The engine's decision and explanation.
    Evaluated(Box<Evaluation>),
}

/// A row's outcome with its expectation.
#[derive(Debug, Clone)]
pub struct RowResult {
    /// What the engine said.
    pub outcome: RowOutcome,
    /// The decision expected, when the row names one.
    pub expected: Option<Decision>,
}

impl RowResult {
    /// The decision, when the row was evaluated.
    pub fn decision(&self) -> Option<Decision> {
        match &self.outcome {
            RowOutcome::Evaluated(e) => Some(e.decision),
            _ => None,
        }
    }

    /// Whether the decision meets the expectation: `None` without one or without a decision.
    pub fn passed(&self) -> Option<bool> {
        Some(self.decision()? == self.expected?)
    }

    /// The evaluation, when there is one.
    pub fn evaluation(&self) -> Option<&Evaluation> {
        match &self.outcome {
            RowOutcome::Evaluated(e) => Some(e),
            _ => None,
        }
    }
}

/// Every row's result, in table order.
#[derive(Debug, Clone, Default)]
pub struct RequestsResult {
    /// One per row.
    pub rows: Vec<RowResult>,
}

impl RequestsResult {
    /// (rows that meet their expectation, rows with an expectation and a decision).
    pub fn tally(&self) -> (usize, usize) {
        let judged: Vec<bool> = self.rows.iter().filter_map(RowResult::passed).collect();
        (judged.iter().filter(|p| **p).count(), judged.len())
    }
}

/// Why the layers cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerError {
    /// A layer names a policy the workspace does not have.
    Missing(String),
    /// A policy has an error (the first).
    Invalid {
        /// The policy.
        policy: String,
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
    },
    /// A layer the cloud does not have (permissions boundaries or RCPs in Alibaba Cloud).
    NotInCloud(&'static str),
}

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayerError::Missing(name) => {
                write!(
                    f,
                    "the layers name {name:?}, which is not among the policies; add it or remove it from its layer"
                )
            }
            LayerError::Invalid { policy, message, span } => write!(
                f,
                "{policy} has an error at line {}, column {}: {message}; fix it in the editor",
                span.line, span.column
            ),
            LayerError::NotInCloud(layer) => write!(f, "Alibaba Cloud has no {layer}; remove them from the layers"),
        }
    }
}

/// Reads every policy the layers name, as the engine's [`PolicySet`].
pub fn policy_set(workspace: &Workspace, layers: &Layers) -> Result<PolicySet, LayerError> {
    let dialect = dialect_of(workspace);
    if dialect == Dialect::Aliyun {
        if !layers.boundaries.is_empty() {
            return Err(LayerError::NotInCloud("permissions boundaries"));
        }
        if !layers.resource_control.is_empty() {
            return Err(LayerError::NotInCloud("resource control policies"));
        }
    }
    let read = |name: &String| -> Result<Policy, LayerError> {
        let doc =
            workspace.document(&DocRef::Library(name.clone())).ok_or_else(|| LayerError::Missing(name.clone()))?;
        let parsed = parse_policy(name, &doc.text, Some(dialect));
        match parsed.policy {
            Some(policy) => Ok(policy),
            None => {
                let first = parsed.issues.iter().find(|i| i.severity() == Severity::Error);
                Err(LayerError::Invalid {
                    policy: name.clone(),
                    message: first.map_or_else(|| "it cannot be read".into(), |i| i.message()),
                    span: first.map(|i| i.span()).unwrap_or_default(),
                })
            }
        }
    };
    let list = |names: &[String]| names.iter().map(read).collect::<Result<Vec<_>, _>>();
    let levels = |levels: &[Vec<String>]| levels.iter().map(|l| list(l)).collect::<Result<Vec<_>, _>>();
    Ok(PolicySet {
        identity: list(&layers.identity)?,
        resource: layers.resource.as_ref().map(read).transpose()?,
        session: layers.session.as_ref().map(read).transpose()?,
        boundaries: list(&layers.boundaries)?,
        control: levels(&layers.control)?,
        resource_control: levels(&layers.resource_control)?,
    })
}

/// The cloud the workspace is written for.
fn dialect_of(workspace: &Workspace) -> Dialect {
    if workspace.is_aliyun() { Dialect::Aliyun } else { Dialect::Aws }
}

/// Evaluates one row against a policy set. A context key the cloud would not send with the
/// row's action (as `catalogs` know) is left out, and the explanation says so.
fn evaluate_row(set: &PolicySet, row: &Row, dialect: Dialect, catalogs: &Catalogs) -> Evaluation {
    let action = row.request.action.trim();
    let mut request =
        Request::new(dialect, row.request.principal.trim(), action, row.resource(), None, row.request.context());
    if let Some(catalog) = catalogs.get(dialect) {
        request.set_aside_unsent(&[], |key| catalog.sends_key(action, key));
    }
    explain_with(set, &request, Detail::Full)
}

/// Evaluates every row of the workspace's requests against its layers.
pub fn evaluate(workspace: &Workspace, catalogs: &Catalogs) -> RequestsResult {
    let requests = workspace.requests();
    let dialect = dialect_of(workspace);
    let set = policy_set(workspace, &requests.layers);
    let rows = requests
        .rows
        .iter()
        .map(|row| {
            let outcome = match &set {
                _ if !row.request.is_complete() => RowOutcome::Incomplete,
                Err(e) => RowOutcome::Blocked(e.to_string()),
                Ok(set) => RowOutcome::Evaluated(Box::new(evaluate_row(set, row, dialect, catalogs))),
            };
            RowResult { outcome, expected: row.expected_decision() }
        })
        .collect();
    RequestsResult { rows }
}

/// The principal a new row asks as when the table names none.
fn default_principal(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Aws => "arn:aws:iam::111111111111:user/alice",
        Dialect::Aliyun => "acs:ram::1111111111111111:user/alice",
    }
}

/// A blank starter for a cloud: an empty identity policy, one row to fill in.
pub fn starter(dialect: Dialect) -> Workspace {
    let (title, dialect_name) = match dialect {
        Dialect::Aws => ("Policies and requests (AWS)", "aws"),
        Dialect::Aliyun => ("Policies and requests (Alibaba Cloud)", "aliyun"),
    };
    let principal = default_principal(dialect);
    let scenario = policy_playground::document::ScenarioDocument {
        scenario: Some(title.into()),
        dialect: Some(dialect_name.into()),
        accounts: Some(vec![]),
        ..Default::default()
    };
    let mut workspace = Workspace::new(scenario, None);
    let name = workspace.add_policy("identity policy");
    let requests = workspace.requests_mut();
    requests.shown = true;
    requests.layers.identity.push(name);
    requests.rows.push(Row::new(principal, "", ""));
    workspace
}

/// A change to the mode's data.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestsEdit {
    /// Show the mode (true) or the scenario.
    Show(bool),
    /// Replace the table (a cell typed, a row added or removed).
    SetRows(Vec<Row>),
    /// A new, empty policy in a layer, opened in the editor.
    AddPolicy(Layer),
    /// Put a policy of the workspace in a layer too.
    UsePolicy(Layer, String),
    /// Add the request typed on one line (see [`Row::typed`]), in the first blank row if any.
    AddTyped(String),
    /// Take a policy out of its layer and delete it.
    RemovePolicy(String),
    /// Add the rows of a case file (and take its policies as the layers).
    Import(String),
    /// Add a row for every action of a service (by its prefix) that the layers allow.
    AddFromCatalogue(String),
    /// Add row `n` as a check of the scenario and show the scenario.
    RowToCheck(usize),
}

/// What an edit did, for the page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EditDone {
    /// Policy texts changed other than by typing: the editor reloads.
    pub reload: bool,
    /// The document to open.
    pub open: Option<DocRef>,
    /// What to tell the person.
    pub message: Option<String>,
}

impl Workspace {
    /// Makes an edit of the mode's data: what it did, or why it did nothing.
    pub fn edit_requests(&mut self, edit: RequestsEdit, catalogs: &Catalogs) -> Result<EditDone, String> {
        let mut done = EditDone::default();
        match edit {
            RequestsEdit::Show(shown) => self.requests_mut().shown = shown,
            RequestsEdit::SetRows(rows) => self.requests_mut().rows = rows,
            RequestsEdit::AddPolicy(layer) => {
                if self.is_aliyun() && matches!(layer, Layer::Boundary | Layer::ResourceControl(_)) {
                    return Err(format!("Alibaba Cloud has no {}", layer.title().to_lowercase()));
                }
                let mut layers = self.requests().layers.clone();
                let name = self.add_policy(&layer.new_policy_name());
                if !layers.add(layer, name.clone()) {
                    self.delete_policy(&name);
                    return Err(format!("the {} holds one policy and has it already", layer.title().to_lowercase()));
                }
                self.requests_mut().layers = layers;
                done.open = Some(DocRef::Library(name));
                done.reload = true;
            }
            RequestsEdit::UsePolicy(layer, name) => {
                if self.document(&DocRef::Library(name.clone())).is_none() {
                    return Err(format!("there is no policy {name:?}"));
                }
                if self.is_aliyun() && matches!(layer, Layer::Boundary | Layer::ResourceControl(_)) {
                    return Err(format!("Alibaba Cloud has no {}", layer.title().to_lowercase()));
                }
                let mut layers = self.requests().layers.clone();
                if layers.layer_of(&name).is_some() || !layers.add(layer, name.clone()) {
                    return Err(format!(
                        "{name:?} is in a layer already, or the {} is taken",
                        layer.title().to_lowercase()
                    ));
                }
                self.requests_mut().layers = layers;
                done.open = Some(DocRef::Library(name));
            }
            RequestsEdit::AddTyped(line) => {
                let rows = &self.requests().rows;
                let principal = rows.iter().map(|r| r.request.principal.trim()).find(|p| !p.is_empty());
                let principal = principal.unwrap_or(default_principal(dialect_of(self))).to_string();
                let row = Row::typed(&line, &principal).ok_or("type an action, then a resource")?;
                let rows = &mut self.requests_mut().rows;
                match rows.iter_mut().find(|r| r.request.action.trim().is_empty()) {
                    Some(blank) => {
                        blank.request.action = row.request.action;
                        blank.request.resource = row.request.resource;
                        if blank.request.principal.trim().is_empty() || line.split_whitespace().count() > 2 {
                            blank.request.principal = row.request.principal;
                        }
                    }
                    None => rows.push(row),
                }
            }
            RequestsEdit::RemovePolicy(name) => {
                self.requests_mut().layers.remove(&name);
                self.delete_policy(&name);
                done.reload = true;
            }
            RequestsEdit::Import(text) => {
                let report = import_case_file(self, &text)?;
                done.message = Some(report.summary());
                done.open = report.first_policy.map(DocRef::Library);
                done.reload = true;
            }
            RequestsEdit::AddFromCatalogue(service) => {
                let added = self.add_catalogue_rows(service.trim(), catalogs)?;
                done.message =
                    Some(format!("added {added} row(s): the actions of {} the policies allow", service.trim()));
            }
            RequestsEdit::RowToCheck(n) => {
                let name = self.row_to_check(n)?;
                done.message = Some(format!("added the check {name:?} to the scenario"));
                done.reload = true;
            }
        }
        Ok(done)
    }

    /// The policy kind of a library policy that a layer of the requests names.
    pub fn layer_kind(&self, name: &str) -> Option<PolicyKind> {
        self.requests().layers.layer_of(name).map(Layer::kind)
    }

    /// Adds a row for each action of `service` that an Allow statement of the identity or
    /// resource policies names and that the layers allow, asked as the first row's principal (on
    /// the statement's first resource); actions already in the table are passed over. Returns how
    /// many rows it added.
    fn add_catalogue_rows(&mut self, service: &str, catalogs: &Catalogs) -> Result<usize, String> {
        let dialect = dialect_of(self);
        let catalog = catalogs
            .get(dialect)
            .ok_or("the action catalogue is not loaded yet (it loads when the page opens); try again in a moment")?;
        let Some(svc) = catalog.service(service) else {
            let hint =
                catalog.did_you_mean_service(service).map(|s| format!("; did you mean {s}?")).unwrap_or_default();
            return Err(format!("the catalogue has no service {service:?}{hint}"));
        };
        let set = policy_set(self, &self.requests().layers).map_err(|e| e.to_string())?;
        let rows = &self.requests().rows;
        let principal = rows
            .iter()
            .map(|r| r.request.principal.trim())
            .find(|p| !p.is_empty())
            .unwrap_or(default_principal(dialect))
            .to_string();
        let granting = set.identity.iter().chain(set.resource.iter()).flat_map(|p| p.statements.iter());
        let mut new_rows: Vec<Row> = Vec::new();
        for st in granting.filter(|s| s.body.effect == policy_playground::ast::Effect::Allow && !s.body.action.negated)
        {
            let resource = st.body.resource.as_ref().filter(|r| !r.negated).and_then(|r| r.items.first());
            let resource = resource.map_or("*", |i| i.text.as_str());
            for item in &st.body.action.items {
                let (prefix, name) = item.text.split_once(':').unwrap_or(("*", item.text.as_str()));
                if prefix != "*" && !prefix.eq_ignore_ascii_case(&svc.key) {
                    continue;
                }
                for action in svc.matching_actions(name) {
                    let full = format!("{}:{}", svc.key, action.name);
                    let taken = |r: &Row| r.request.action.trim().eq_ignore_ascii_case(&full);
                    if rows.iter().any(taken) || new_rows.iter().any(taken) {
                        continue;
                    }
                    let row = Row::new(&principal, &full, resource);
                    if evaluate_row(&set, &row, dialect, catalogs).decision == Decision::Allow {
                        new_rows.push(row);
                    }
                }
            }
        }
        let added = new_rows.len();
        let requests = self.requests_mut();
        requests.rows.retain(|r| r.request.action.trim() != "" || r.request.resource.trim() != "");
        requests.rows.extend(new_rows);
        Ok(added)
    }

    /// Adds row `n` to the scenario as a check of its own and shows the scenario: the caller (a
    /// user or role of the row's principal, in its account, made when missing) gets the identity
    /// policies and the first permissions boundary, a resource policy goes on the row's resource.
    /// Returns the check's name. Session and control policies stay in this mode: the scenario
    /// gives them through its chains and organization.
    pub fn row_to_check(&mut self, n: usize) -> Result<String, String> {
        let row = self.requests().rows.get(n).cloned().ok_or("there is no such row")?;
        let expected = match row.expected_decision() {
            Some(d) => d,
            None => evaluate(self, &Catalogs::none())
                .rows
                .get(n)
                .and_then(RowResult::decision)
                .ok_or("fill in the row's principal and action, and fix the policies, first")?,
        };
        let layers = self.requests().layers.clone();
        let dialect = dialect_of(self);
        let principal = row.request.principal.trim();
        let caller = policy_playground::scenario::split_user_reference(principal, dialect)
            .map(|(a, n)| (a, n, false))
            .or_else(|| {
                policy_playground::scenario::split_role_reference(principal, dialect).map(|(a, n)| (a, n, true))
            })
            .or_else(|| assumed_role(principal).map(|(a, n)| (a, n, true)));
        let (account, name, is_role) = caller.ok_or_else(|| {
            format!("{principal:?} is not a user, role or role session ARN; a scenario check starts from one of those")
        })?;
        let existing = self.scenario().checks.iter().flatten().map(|c| c.name.clone()).collect::<Vec<_>>();
        let check_name = (1..)
            .map(|i| if i == 1 { row.label() } else { format!("{} ({i})", row.label()) })
            .find(|c| !existing.contains(c))
            .expect("some name is free");
        let mut check =
            crate::author::check_from_request(&row.request, &check_name, expected).map_err(|e| e.to_string())?;
        if is_role && assumed_role(principal).is_none() {
            // A scenario check starts from a role's session, not from the role.
            check.from = Some(format!(
                "{}/playground",
                principal.replacen(":iam::", ":sts::", 1).replacen(":ram::", ":sts::", 1).replacen(
                    ":role/",
                    ":assumed-role/",
                    1
                )
            ));
        }
        if !self.accounts().iter().any(|(id, _)| *id == account) {
            self.scenario_mut()
                .accounts
                .get_or_insert_with(Vec::new)
                .push(policy_playground::document::AccountDocument { id: account.clone(), name: None });
        }
        let boundary = layers.boundaries.first().cloned();
        let s = self.scenario();
        if is_role {
            if !s.roles.iter().flatten().any(|r| r.account == account && r.name == name) {
                self.add_role(&account, &name);
            }
            let s = self.scenario_mut();
            if let Some(r) = s.roles.iter_mut().flatten().find(|r| r.account == account && r.name == name) {
                merge(r.policies.get_or_insert_with(Vec::new), &layers.identity);
                r.permissions_boundary = boundary.or(r.permissions_boundary.take());
            }
        } else {
            if !s.users.iter().flatten().any(|u| u.account == account && u.name == name) {
                self.add_user(&account, &name);
            }
            let s = self.scenario_mut();
            if let Some(u) = s.users.iter_mut().flatten().find(|u| u.account == account && u.name == name) {
                merge(u.policies.get_or_insert_with(Vec::new), &layers.identity);
                u.permissions_boundary = boundary.or(u.permissions_boundary.take());
            }
        }
        if let Some(resource_policy) = &layers.resource {
            let text = self.document(&DocRef::Library(resource_policy.clone())).map(|d| d.text);
            let arn = row.resource().to_string();
            let s = self.scenario_mut();
            let resources = s.resources.get_or_insert_with(Vec::new);
            if let Some(text) = text
                && !resources.iter().any(|r| r.arn == arn)
            {
                resources.push(ResourceDocument {
                    account: None,
                    arn,
                    kind: None,
                    policy: Some(PolicyDocument::Text(text)),
                });
            }
        }
        self.add_check(check).map_err(|e| e.to_string())?;
        self.requests_mut().shown = false;
        Ok(check_name)
    }
}

/// The (account, role) of a role session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`,
/// `acs:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
fn assumed_role(principal: &str) -> Option<(String, String)> {
    let (head, resource) = principal.rsplit_once(':')?;
    let account = head.rsplit(':').next()?;
    let (role, _session) = resource.strip_prefix("assumed-role/")?.split_once('/')?;
    let plausible = !account.is_empty() && account.bytes().all(|b| b.is_ascii_digit()) && !role.is_empty();
    plausible.then(|| (account.to_string(), role.to_string()))
}

/// Adds the names of `more` that `list` lacks.
fn merge(list: &mut Vec<String>, more: &[String]) {
    for name in more {
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
}

impl Requests {
    /// The table as a case file (the CLI's `eval` format): a JSON array with one case per row
    /// that has a principal and an action, each carrying every layer's policies by name. A
    /// policy that is JSON is written as it was typed; one that is not is written as a string,
    /// so the CLI reports its error as the page does. (Written by hand rather than by derived
    /// serializers, which would add to the page's wasm.)
    pub fn to_case_file(&self, workspace: &Workspace) -> String {
        let quote = |s: &str| serde_json::to_string(s).expect("strings serialize");
        let policy = |name: &String, indent: &str| {
            let text = workspace.document(&DocRef::Library(name.clone())).map_or_else(|| "{}".into(), |d| d.text);
            let text = text.trim();
            let document = if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
                text.replace('\n', &format!("\n{indent}"))
            } else {
                quote(text)
            };
            format!("{{\"name\": {}, \"document\": {document}}}", quote(name))
        };
        let list = |names: &[String], indent: &str| {
            let items: Vec<String> =
                names.iter().map(|n| format!("\n{indent}  {}", policy(n, &format!("{indent}  ")))).collect();
            format!("[{}\n{indent}]", items.join(","))
        };
        let levels = |levels: &[Vec<String>]| {
            let items: Vec<String> = levels.iter().map(|l| format!("\n      {}", list(l, "      "))).collect();
            format!("[{}\n    ]", items.join(","))
        };
        let l = &self.layers;
        let dialect = if workspace.is_aliyun() { "aliyun" } else { "aws" };
        let cases: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.request.is_complete())
            .map(|r| {
                let mut fields = vec![
                    format!("\"name\": {}", quote(&r.label())),
                    format!("\"dialect\": \"{dialect}\""),
                    format!(
                        "\"request\": {{\"principal\": {}, \"action\": {}, \"resource\": {}{}}}",
                        quote(r.request.principal.trim()),
                        quote(r.request.action.trim()),
                        quote(r.resource()),
                        context_json(&r.request).map(|c| format!(", \"context\": {c}")).unwrap_or_default()
                    ),
                ];
                if !l.identity.is_empty() {
                    fields.push(format!("\"identity_policies\": {}", list(&l.identity, "    ")));
                }
                if let Some(name) = &l.resource {
                    fields.push(format!("\"resource_policy\": {}", policy(name, "    ")));
                }
                if let Some(name) = &l.session {
                    fields.push(format!("\"session_policy\": {}", policy(name, "    ")));
                }
                if !l.boundaries.is_empty() {
                    fields.push(format!("\"permission_boundaries\": {}", list(&l.boundaries, "    ")));
                }
                if !l.control.is_empty() {
                    fields.push(format!("\"control_policies\": {}", levels(&l.control)));
                }
                if !l.resource_control.is_empty() {
                    fields.push(format!("\"resource_control_policies\": {}", levels(&l.resource_control)));
                }
                if let Some(expected) = r.expected_decision() {
                    fields.push(format!("\"expected\": \"{}\"", expected.as_str()));
                }
                format!("  {{\n    {}\n  }}", fields.join(",\n    "))
            })
            .collect();
        if cases.is_empty() { "[]".into() } else { format!("[\n{}\n]\n", cases.join(",\n")) }
    }
}

/// A row's context as the case file writes it (a value written as a JSON list stays a list);
/// `None` without context keys.
fn context_json(form: &RequestForm) -> Option<String> {
    let mut map = serde_json::Map::new();
    for (key, value) in form.context.iter().filter(|(k, _)| !k.trim().is_empty()) {
        let value = value.trim();
        let json = match serde_json::from_str::<Vec<serde_json::Value>>(value) {
            Ok(list) if value.starts_with('[') => serde_json::Value::Array(list),
            _ => serde_json::Value::String(value.to_string()),
        };
        map.insert(key.trim().to_string(), json);
    }
    (!map.is_empty()).then(|| serde_json::Value::Object(map).to_string())
}

/// A case of a case file that could not be read: its name and where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCase {
    /// The case's name (or `case N`).
    pub name: String,
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for BadCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (line {}, column {}): {}", self.name, self.line, self.column, self.message)
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Rows added.
    pub added: usize,
    /// The cases that could not be read, in file order.
    pub bad: Vec<BadCase>,
    /// Notes: policies replaced, cases whose policies differ from the layers taken.
    pub notes: Vec<String>,
    /// The first policy taken, to open.
    pub first_policy: Option<String>,
}

impl ImportReport {
    /// One paragraph for the banner.
    pub fn summary(&self) -> String {
        let mut text = format!("Imported {} case(s).", self.added);
        if !self.bad.is_empty() {
            text.push_str(&format!(" {} could not be read: ", self.bad.len()));
            text.push_str(&self.bad.iter().map(BadCase::to_string).collect::<Vec<_>>().join("; "));
            text.push('.');
        }
        for note in &self.notes {
            text.push(' ');
            text.push_str(note);
        }
        text
    }
}

/// The fields of a case and of its request (as the CLI's reader knows them).
const CASE_FIELDS: &[&str] = &[
    "name",
    "dialect",
    "request",
    "identity_policies",
    "resource_policy",
    "session_policy",
    "permission_boundaries",
    "control_policies",
    "resource_control_policies",
    "expected",
];
const REQUEST_FIELDS: &[&str] =
    &["principal", "principal_uid", "action", "resource", "resource_account", "context", "intended_context_keys"];

/// Checks one case object of a case file as the CLI's reader does for what a row carries (its
/// shape, fields, request, context, expectation and cloud; the policies' own errors show in the
/// editor instead): the first problem, with where it is. The app reads case files with this
/// rather than the CLI's reader, which would add its policy compiler and messages to the wasm.
fn check_case(v: &Json<'_>) -> Result<Option<Dialect>, (String, Span)> {
    let fields = v.as_object().ok_or_else(|| (format!("a case is an object, not {}", v.type_name()), v.span))?;
    let unknown = |members: &[policy_playground::json::Member<'_>], known: &[&str], place: &str| {
        members.iter().find(|m| !known.contains(&m.key.as_ref())).map_or(Ok(()), |m| {
            Err((format!("unknown field {:?} in {place}; it may have: {}", m.key, known.join(", ")), m.key_span))
        })
    };
    unknown(fields, CASE_FIELDS, "a case")?;
    let string = |v: &Json<'_>, field: &str| match v.get(field) {
        None => Ok(None),
        Some(Json { kind: JsonKind::String(s), .. }) => Ok(Some(s.to_string())),
        Some(other) => Err((format!("\"{field}\" must be a string, not {}", other.type_name()), other.span)),
    };
    string(v, "name")?;
    let dialect = match string(v, "dialect")? {
        Some(name) => Some(Dialect::from_name(&name).ok_or_else(|| {
            (
                format!("unknown dialect {name:?}: use \"aws\" or \"aliyun\""),
                v.get("dialect").map(|d| d.span).unwrap_or_default(),
            )
        })?),
        None => None,
    };
    if let Some(name) = string(v, "expected")?
        && Decision::from_name(&name).is_none()
    {
        let span = v.get("expected").map(|d| d.span).unwrap_or_default();
        return Err((format!("unknown decision {name:?}: use allow, explicit_deny or implicit_deny"), span));
    }
    let request = v.get("request").ok_or_else(|| ("the case has no \"request\"".to_string(), v.span))?;
    let members = request
        .as_object()
        .ok_or_else(|| (format!("\"request\" must be an object, not {}", request.type_name()), request.span))?;
    unknown(members, REQUEST_FIELDS, "the request")?;
    for field in ["principal", "action"] {
        if string(request, field)?.is_none() {
            return Err((format!("the request has no \"{field}\""), request.span));
        }
    }
    for field in ["principal_uid", "resource", "resource_account"] {
        string(request, field)?;
    }
    if let Some(context) = request.get("context").filter(|c| c.kind != JsonKind::Null) {
        let members = context
            .as_object()
            .ok_or_else(|| (format!("\"context\" must be an object, not {}", context.type_name()), context.span))?;
        let scalar = |v: &Json<'_>| matches!(v.kind, JsonKind::String(_) | JsonKind::Number(_) | JsonKind::Bool(_));
        for m in members {
            let ok = scalar(&m.value) || m.value.as_array().is_some_and(|items| items.iter().all(scalar));
            if !ok {
                let why = format!(
                    "context key {:?} must be a string, number, boolean or a list of them, not {}",
                    m.key,
                    m.value.type_name()
                );
                return Err((why, m.value.span));
            }
        }
    }
    let policy_shape = |v: &Json<'_>| matches!(v.kind, JsonKind::Object(_) | JsonKind::String(_));
    let policy_list = |field: &str, levels: bool| -> Result<(), (String, Span)> {
        let Some(list) = v.get(field).filter(|l| l.kind != JsonKind::Null) else { return Ok(()) };
        let items = list
            .as_array()
            .ok_or_else(|| (format!("\"{field}\" must be an array, not {}", list.type_name()), list.span))?;
        for item in items {
            let inner = if levels {
                item.as_array()
                    .ok_or_else(|| (format!("each level of \"{field}\" must be an array of policies"), item.span))?
            } else {
                std::slice::from_ref(item)
            };
            if let Some(bad) = inner.iter().find(|p| !policy_shape(p)) {
                return Err((
                    format!(
                        "a policy in \"{field}\" must be a document, a name and document, or a string, not {}",
                        bad.type_name()
                    ),
                    bad.span,
                ));
            }
        }
        Ok(())
    };
    policy_list("identity_policies", false)?;
    policy_list("permission_boundaries", false)?;
    policy_list("control_policies", true)?;
    policy_list("resource_control_policies", true)?;
    for field in ["resource_policy", "session_policy"] {
        if let Some(p) = v.get(field).filter(|p| p.kind != JsonKind::Null && !policy_shape(p)) {
            return Err((
                format!("\"{field}\" must be a document, a name and document, or a string, not {}", p.type_name()),
                p.span,
            ));
        }
    }
    Ok(dialect)
}

/// The name of case `i` (from 0): its `name` when that is a string, else `case N`, as the CLI
/// names it.
fn case_name(v: &Json<'_>, i: usize) -> String {
    v.get("name").and_then(Json::as_str).map_or_else(|| format!("case {}", i + 1), str::to_string)
}

/// The policies of one case, by layer, as (name, text).
#[derive(Debug, Default, PartialEq, Eq)]
struct CasePolicies {
    identity: Vec<(String, String)>,
    resource: Option<(String, String)>,
    session: Option<(String, String)>,
    boundaries: Vec<(String, String)>,
    control: Vec<Vec<(String, String)>>,
    resource_control: Vec<Vec<(String, String)>>,
}

impl CasePolicies {
    fn is_empty(&self) -> bool {
        *self == CasePolicies::default()
    }
}

/// A policy of a case file as (name, text): a `{"name", "document"}` pair, a string holding the
/// text, or the document itself (named as the CLI names it, `default_name`), its text as written
/// in the file with the file's indentation taken off.
fn case_policy(file: &str, v: &Json<'_>, default_name: String) -> (String, String) {
    let pair = v.as_object().filter(|o| o.iter().all(|m| m.key == "name" || m.key == "document"));
    let (name, doc) = match (pair, v.get("document")) {
        (Some(_), Some(doc)) => (v.get("name").and_then(Json::as_str).map_or(default_name, str::to_string), doc),
        _ => (default_name, v),
    };
    let text = match doc.as_str() {
        Some(text) => text.to_string(),
        None => dedent(file.get(doc.span.start..doc.span.end).unwrap_or_default()),
    };
    (name, text)
}

/// A value's text cut from a file: the indentation its lines after the first share (the file's
/// nesting) taken off, so the document reads as if written on its own.
fn dedent(text: &str) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(line.get(common.min(indent(line))..).unwrap_or_default());
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The policies of a case object, by layer.
fn case_policies(file: &str, case: &Json<'_>) -> CasePolicies {
    let list = |field: &str, label: &str| -> Vec<(String, String)> {
        let items = case.get(field).and_then(Json::as_array).unwrap_or_default();
        items.iter().enumerate().map(|(i, d)| case_policy(file, d, format!("{label} {}", i + 1))).collect()
    };
    let levels = |field: &str, label: &str| -> Vec<Vec<(String, String)>> {
        let levels = case.get(field).and_then(Json::as_array).unwrap_or_default();
        levels
            .iter()
            .enumerate()
            .map(|(li, level)| {
                let items = level.as_array().unwrap_or_default();
                items
                    .iter()
                    .enumerate()
                    .map(|(i, d)| case_policy(file, d, format!("{label} level {} #{}", li + 1, i + 1)))
                    .collect()
            })
            .collect()
    };
    let single = |field: &str, label: &str| {
        case.get(field).filter(|v| v.kind != JsonKind::Null).map(|v| case_policy(file, v, label.to_string()))
    };
    CasePolicies {
        identity: list("identity_policies", "identity policy"),
        resource: single("resource_policy", "resource policy"),
        session: single("session_policy", "session policy"),
        boundaries: list("permission_boundaries", "permissions boundary"),
        control: levels("control_policies", "control policy"),
        resource_control: levels("resource_control_policies", "RCP"),
    }
}

/// A case object's request and expectation as a row.
fn case_row(case: &Json<'_>) -> Row {
    let request = case.get("request");
    let field = |name: &str| request.and_then(|r| r.get(name)).and_then(Json::as_str).unwrap_or_default().to_string();
    let context = request
        .and_then(|r| r.get("context"))
        .and_then(Json::as_object)
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let value = match &m.value.kind {
                JsonKind::String(s) => s.to_string(),
                JsonKind::Array(_) => m.value.to_serde().to_string(),
                _ => m.value.scalar_text().unwrap_or_default(),
            };
            (m.key.to_string(), value)
        })
        .collect();
    let form =
        RequestForm { principal: field("principal"), action: field("action"), resource: field("resource"), context };
    let expected = case.get("expected").and_then(Json::as_str).and_then(Decision::from_name);
    Row { request: form, expected: expected.map(|d| d.as_str().to_string()) }
}

/// The case objects of a case file, or the syntax error inside each that has one: the array's
/// elements (read one by one when the whole is not JSON), or the one case object. `Err` when
/// the file as a whole cannot be read.
fn case_values(text: &str) -> Result<Vec<Result<Json<'_>, json::JsonSyntaxError>>, String> {
    match json::parse_limited(text, json::MAX_FILE_BYTES) {
        Ok(parsed) if parsed.wrapped_run.is_some() => {
            Err("several JSON values separated by commas: put the cases in an array, [ ... ]".into())
        }
        Ok(parsed) => match parsed.value.kind {
            JsonKind::Array(items) => Ok(items.into_iter().map(Ok).collect()),
            JsonKind::Object(_) => Ok(vec![Ok(parsed.value)]),
            _ => Err(format!("a case file is a case object or an array of them, not {}", parsed.value.type_name())),
        },
        Err(error) if text.len() > json::MAX_FILE_BYTES => Err(error.to_string()),
        Err(error) => {
            let index = LineIndex::new(text);
            let ranges = json::split::array_elements(text).ok_or_else(|| error.to_string())?;
            Ok(ranges.iter().map(|&(start, end)| json::parse_at(&index, start, end)).collect())
        }
    }
}

/// Adds the cases of a case file to the workspace's table: every case that can be read becomes
/// a row; the policies of the first case that has any become the layers (as library policies,
/// replacing the text of one with the same name), and the workspace takes that case's cloud. A
/// case that cannot be read is reported with its line and column and the others still come in.
/// `Err` when the file as a whole cannot be read (not JSON, not cases).
pub fn import_case_file(workspace: &mut Workspace, text: &str) -> Result<ImportReport, String> {
    let values = case_values(text).map_err(|e| format!("the case file cannot be read: {e}"))?;
    let mut report = ImportReport::default();
    let mut rows = Vec::new();
    let mut taken: Option<(String, CasePolicies)> = None;
    for (i, value) in values.iter().enumerate() {
        let value = match value {
            Ok(value) => value,
            Err(e) => {
                let (line, column) = (e.span.line, e.span.column);
                report.bad.push(BadCase { name: format!("case {}", i + 1), line, column, message: e.message.clone() });
                continue;
            }
        };
        let name = case_name(value, i);
        let dialect = match check_case(value) {
            Ok(dialect) => dialect,
            Err((message, span)) => {
                report.bad.push(BadCase { name, line: span.line, column: span.column, message });
                continue;
            }
        };
        rows.push(case_row(value));
        let policies = case_policies(text, value);
        match &taken {
            None if !policies.is_empty() => {
                // The case's cloud: as it says, else as its principal is written.
                let principal = value.get("request").and_then(|r| r.get("principal")).and_then(Json::as_str);
                let aliyun = dialect.map_or_else(
                    || principal.is_some_and(|p| p.starts_with("acs:") || p.contains(".aliyuncs.com")),
                    |d| d == Dialect::Aliyun,
                );
                workspace.scenario_mut().dialect = Some(if aliyun { "aliyun" } else { "aws" }.to_string());
                taken = Some((name, policies));
            }
            Some((first, p)) if !policies.is_empty() && *p != policies => report
                .notes
                .push(format!("{name:?} has other policies than {first:?}; its row is evaluated with {first:?}'s.")),
            _ => {}
        }
    }
    if let Some((_, policies)) = taken {
        let mut layers = Layers::default();
        let mut put = |(name, text): (String, String)| -> String {
            let doc = DocRef::Library(name.clone());
            match workspace.document(&doc) {
                Some(existing) if *existing.text == *text => {}
                Some(_) if workspace.can_edit(&doc) => {
                    workspace.set_text(&doc, &text);
                    report.notes.push(format!("The text of {name:?} was replaced by the case file's."));
                }
                Some(_) => report.notes.push(format!("{name:?} is a system policy; its text was kept.")),
                None => {
                    let made = workspace.add_policy(&name);
                    workspace.set_text(&DocRef::Library(made), &text);
                }
            }
            report.first_policy.get_or_insert_with(|| name.clone());
            name
        };
        layers.identity = policies.identity.into_iter().map(&mut put).collect();
        layers.resource = policies.resource.map(&mut put);
        layers.session = policies.session.map(&mut put);
        layers.boundaries = policies.boundaries.into_iter().map(&mut put).collect();
        layers.control = policies.control.into_iter().map(|l| l.into_iter().map(&mut put).collect()).collect();
        layers.resource_control =
            policies.resource_control.into_iter().map(|l| l.into_iter().map(&mut put).collect()).collect();
        workspace.requests_mut().layers = layers;
    }
    report.added = rows.len();
    let requests = workspace.requests_mut();
    requests.shown = true;
    // A blank row (the starter's) gives way to the imported ones.
    requests.rows.retain(|r| !r.request.action.trim().is_empty() || !r.request.resource.trim().is_empty());
    requests.rows.extend(rows);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use policy_playground::case::load_each_case;
    use policy_playground::catalog::Catalog;

    const S3_READ: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadBucket", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::bucket/*"}
  ]
}"#;

    fn aws_catalogs() -> Catalogs {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../crates/lint/src/catalog/aws.txt"))
                .expect("the AWS catalogue is in the repository");
        Catalogs::none().with(Catalog::parse(&text, Dialect::Aws).expect("the AWS catalogue parses"))
    }

    /// The AWS starter with its identity policy set to `text` and one row.
    fn s3_workspace(text: &str, action: &str, resource: &str) -> Workspace {
        let mut w = Workspace::example("aws-policies-and-requests").expect("the AWS starter exists");
        let name = w.requests().layers.identity[0].clone();
        assert!(w.set_text(&DocRef::Library(name), text));
        w.requests_mut().rows = vec![Row::new("arn:aws:iam::111111111111:user/alice", action, resource)];
        w
    }

    fn decision(result: &RequestsResult, row: usize) -> Option<Decision> {
        result.rows[row].decision()
    }

    #[test]
    fn the_s3_read_test_is_allowed_by_the_named_statement() {
        let w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let result = evaluate(&w, &Catalogs::none());
        let e = result.rows[0].evaluation().expect("evaluated");
        assert_eq!(e.decision, Decision::Allow);
        assert_eq!(e.decisive[0].policy, "identity policy");
        assert_eq!(e.decisive[0].sid.as_deref(), Some("ReadBucket"));
        // The span is the statement's place in the editor's text.
        let span = e.decisive[0].span;
        assert!(S3_READ[span.start..span.end].starts_with("{\"Sid\": \"ReadBucket\""));
    }

    #[test]
    fn expectations_pass_and_fail() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let mut other = Row::new("arn:aws:iam::111111111111:user/alice", "s3:PutObject", "arn:aws:s3:::bucket/key");
        other.expected = Some("allow".into());
        w.requests_mut().rows[0].expected = Some("allow".into());
        w.requests_mut().rows.push(other);
        w.requests_mut().rows.push(Row::new("", "s3:GetObject", ""));
        let result = evaluate(&w, &Catalogs::none());
        assert_eq!(result.rows[0].passed(), Some(true));
        assert_eq!(result.rows[1].passed(), Some(false));
        assert_eq!(decision(&result, 1), Some(Decision::ImplicitDeny));
        assert!(matches!(result.rows[2].outcome, RowOutcome::Incomplete));
        assert_eq!(result.tally(), (1, 2));
    }

    #[test]
    fn every_layer_takes_part() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Control(0)), &Catalogs::none()).expect("adds an SCP");
        let scp = w.requests().layers.control[0][0].clone();
        let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#;
        assert!(w.set_text(&DocRef::Library(scp.clone()), deny));
        let e = evaluate(&w, &Catalogs::none()).rows[0].evaluation().cloned().expect("evaluated");
        assert_eq!(e.decision, Decision::ExplicitDeny);
        assert_eq!(e.decisive[0].policy, scp);
        // Removing the SCP deletes it and its level.
        w.edit_requests(RequestsEdit::RemovePolicy(scp.clone()), &Catalogs::none()).expect("removes");
        assert!(w.requests().layers.control.is_empty());
        assert!(w.document(&DocRef::Library(scp)).is_none());
        assert_eq!(decision(&evaluate(&w, &Catalogs::none()), 0), Some(Decision::Allow));
        // A boundary that does not grant S3 caps the identity policy.
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Boundary), &Catalogs::none()).expect("adds a boundary");
        assert_eq!(decision(&evaluate(&w, &Catalogs::none()), 0), Some(Decision::ImplicitDeny));
        // One resource policy only.
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Resource), &Catalogs::none()).expect("adds one");
        assert!(w.edit_requests(RequestsEdit::AddPolicy(Layer::Resource), &Catalogs::none()).is_err());
    }

    #[test]
    fn a_broken_policy_blocks_every_row_with_its_position() {
        let w = s3_workspace(
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ {\"Effect\": \"Allow\" \"Action\": \"*\"} ]\n}",
            "s3:GetObject",
            "*",
        );
        let result = evaluate(&w, &Catalogs::none());
        let RowOutcome::Blocked(why) = &result.rows[0].outcome else { panic!("{:?}", result.rows[0].outcome) };
        assert!(why.starts_with("identity policy has an error at line 3, column "), "{why}");
    }

    #[test]
    fn a_policy_the_layers_name_but_the_workspace_lacks_is_reported() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "*");
        w.requests_mut().layers.identity.push("gone".into());
        let RowOutcome::Blocked(why) = &evaluate(&w, &Catalogs::none()).rows[0].outcome else { panic!() };
        assert!(why.contains("\"gone\""), "{why}");
    }

    #[test]
    fn the_workspace_file_carries_the_mode_and_leaves_it_out_when_empty() {
        let w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let text = serde_json::to_string(&w).expect("serializes");
        let back: Workspace = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, w);
        assert!(back.requests().shown);
        let plain = serde_json::to_string(&Workspace::example("aws-backup").expect("example")).expect("serializes");
        assert!(!plain.contains("\"requests\""));
    }

    #[test]
    fn export_then_import_gives_the_same_rows_and_policies() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        w.requests_mut().rows[0].expected = Some("allow".into());
        w.requests_mut().rows[0].request.context = vec![("aws:SourceIp".into(), "10.0.0.1".into())];
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Control(0)), &Catalogs::none()).expect("adds an SCP");
        let file = w.requests().to_case_file(&w);
        // The CLI's reader takes it, with the same decision.
        let results =
            policy_playground::api::evaluate_with(&file, Default::default(), &Catalogs::none()).expect("a case file");
        // (An SCP with no statements allows nothing, here as in the CLI.)
        assert_eq!(Some(results.cases[0].decision), decision(&evaluate(&w, &Catalogs::none()), 0));
        assert_eq!(results.cases[0].decision, Decision::ImplicitDeny);
        let mut fresh = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut fresh, &file).expect("imports");
        assert_eq!((report.added, report.bad.len()), (1, 0));
        assert_eq!(fresh.requests().rows, w.requests().rows);
        assert_eq!(fresh.requests().layers, w.requests().layers);
        let text = |w: &Workspace| w.document(&DocRef::Library("identity policy".into())).map(|d| d.text);
        assert_eq!(text(&fresh), text(&w));
    }

    #[test]
    fn importing_a_file_with_a_bad_case_keeps_the_others() {
        let file = r#"[
  {"name": "reads", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
   "identity_policies": [{"name": "reader", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
   "expected": "allow"},
  {"name": "broken", "request": {"principal": "arn:aws:iam::111111111111:user/a", "acton": "s3:PutObject"}},
  {"name": "writes", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"},
   "identity_policies": [{"name": "reader", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
   "expected": "implicit_deny"}
]"#;
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, file).expect("imports");
        assert_eq!(report.added, 2);
        assert_eq!(report.bad.len(), 1);
        let bad = &report.bad[0];
        assert_eq!((bad.name.as_str(), bad.line, bad.column), ("broken", 5, 83), "{bad}");
        assert!(report.summary().contains("broken (line 5, column 83)"), "{}", report.summary());
        assert_eq!(w.requests().layers.identity, vec!["reader".to_string()]);
        let result = evaluate(&w, &Catalogs::none());
        assert_eq!(result.tally(), (2, 2));
        // A syntax error inside one case keeps the others too.
        let broken = file.replace(r#""acton": "s3:PutObject""#, r#""action": "s3:PutObject" "#).replace("\"resource\": \"arn:aws:s3:::b/k\"},\n   \"identity_policies\": [{\"name\": \"reader\", \"document\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}}],\n   \"expected\": \"implicit_deny\"", "\"resource\": \"x\" \"y\"}");
        assert!(serde_json::from_str::<serde_json::Value>(&broken).is_err(), "not JSON as a whole");
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, &broken).expect("imports");
        assert_eq!((report.added, report.bad.len()), (2, 1), "{}", report.summary());
        // Not a case file at all: an error with its position.
        let err = import_case_file(&mut w, "[1, 2").expect_err("not JSON");
        assert!(err.contains("line 1, column "), "{err}");
    }

    #[test]
    fn the_cli_example_imports_and_every_case_meets_its_expectation() {
        let text = include_str!("../../../examples/hbr-assume-role.json");
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, text).expect("imports");
        assert!(report.bad.is_empty());
        assert!(w.is_aliyun());
        let cli = policy_playground::api::evaluate(text, Default::default()).expect("the example reads");
        let result = evaluate(&w, &Catalogs::builtin());
        assert_eq!(result.rows.len(), cli.cases.len());
        for (row, case) in result.rows.iter().zip(&cli.cases) {
            assert_eq!(row.decision(), Some(case.decision), "{}", case.name);
        }
        // Its trust policy is checked as a resource policy, not as an identity policy.
        let trust = w.requests().layers.resource.clone().expect("a resource policy");
        assert_eq!(w.layer_kind(&trust), Some(PolicyKind::Resource));
        let doc = crate::editor::EditorDoc::of(&w, &DocRef::Library(trust)).expect("a document");
        assert!(
            doc.findings(Some(Dialect::Aliyun), &Catalogs::builtin()).iter().all(|f| f.severity != Severity::Error)
        );
    }

    #[test]
    fn rows_from_the_catalogue_are_the_actions_the_policies_allow() {
        let mut w = s3_workspace(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"},
               {"Effect": "Deny", "Action": "s3:GetObjectAcl", "Resource": "*"}]}"#,
            "",
            "",
        );
        let catalogs = aws_catalogs();
        let added = w.add_catalogue_rows("s3", &catalogs).expect("adds");
        let actions: Vec<&str> = w.requests().rows.iter().map(|r| r.request.action.as_str()).collect();
        assert_eq!(actions.len(), added);
        assert!(actions.contains(&"s3:GetObject"), "{actions:?}");
        assert!(!actions.contains(&"s3:GetObjectAcl"), "denied");
        assert!(actions.iter().all(|a| a.starts_with("s3:Get")), "{actions:?}");
        assert!(evaluate(&w, &catalogs).rows.iter().all(|r| r.decision() == Some(Decision::Allow)));
        assert!(w.add_catalogue_rows("s4", &catalogs).expect_err("no such service").contains("did you mean s3"));
        assert!(w.add_catalogue_rows("s3", &Catalogs::none()).is_err());
    }

    #[test]
    fn a_row_becomes_a_scenario_check_with_the_same_decision() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let name = w.row_to_check(0).expect("a check");
        assert!(!w.requests().shown);
        let results = policy_playground::api::simulate(&w.to_scenario_text(), None).expect("the scenario loads");
        let run = results.checks.iter().find(|c| c.name == name).expect("the check runs");
        assert_eq!(run.chain.decision, Decision::Allow);
        assert!(run.passed);
        // A role session's row, twice: the second check gets a name of its own.
        w.requests_mut().rows[0].request.principal = "arn:aws:sts::111111111111:assumed-role/app/s1".into();
        w.requests_mut().rows[0].expected = Some("implicit_deny".into());
        let second = w.row_to_check(0).expect("a check");
        assert_ne!(second, name);
        let results = policy_playground::api::simulate(&w.to_scenario_text(), None).expect("the scenario loads");
        let run = results.checks.iter().find(|c| c.name == second).expect("the check runs");
        assert_eq!(run.chain.decision, Decision::Allow, "the role has the identity policy");
        // Not a user or a role.
        w.requests_mut().rows[0].request.principal = "backup.amazonaws.com".into();
        assert!(w.row_to_check(0).is_err());
    }

    #[test]
    fn a_typed_request_fills_the_blank_row() {
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let name = w.requests().layers.identity[0].clone();
        w.set_text(&DocRef::Library(name), S3_READ);
        let typed = RequestsEdit::AddTyped("  s3:GetObject   arn:aws:s3:::bucket/key ".into());
        w.edit_requests(typed, &Catalogs::none()).expect("adds");
        assert_eq!(
            w.requests().rows,
            vec![Row::new("arn:aws:iam::111111111111:user/alice", "s3:GetObject", "arn:aws:s3:::bucket/key")]
        );
        let typed =
            RequestsEdit::AddTyped("s3:PutObject arn:aws:s3:::bucket/key arn:aws:iam::111111111111:user/bob".into());
        w.edit_requests(typed, &Catalogs::none()).expect("adds");
        assert_eq!(w.requests().rows[1].request.principal, "arn:aws:iam::111111111111:user/bob");
        let result = evaluate(&w, &Catalogs::none());
        assert_eq!((decision(&result, 0), decision(&result, 1)), (Some(Decision::Allow), Some(Decision::ImplicitDeny)));
        assert!(w.edit_requests(RequestsEdit::AddTyped("   ".into()), &Catalogs::none()).is_err());
        // A policy of the workspace joins a layer once.
        let other = w.add_policy("shared");
        w.edit_requests(RequestsEdit::UsePolicy(Layer::Session, other.clone()), &Catalogs::none()).expect("uses");
        assert_eq!(w.requests().layers.session.as_deref(), Some("shared"));
        assert!(w.edit_requests(RequestsEdit::UsePolicy(Layer::Identity, other), &Catalogs::none()).is_err());
        // A session policy with no statements allows nothing.
        assert_eq!(decision(&evaluate(&w, &Catalogs::none()), 0), Some(Decision::ImplicitDeny));
    }

    #[test]
    fn the_case_reader_refuses_what_the_clis_refuses_at_the_same_place() {
        let request = r#""request": {"principal": "arn:aws:iam::1:user/a", "action": "s3:GetObject"}"#;
        let cases = [
            "1".to_string(),
            format!("{{{request}}}"),
            format!("{{{request}, \"expectd\": \"allow\"}}"),
            "{\"name\": \"no request\"}".into(),
            "{\"request\": [1]}".into(),
            "{\"request\": {\"principal\": \"arn:aws:iam::1:user/a\"}}".into(),
            "{\"request\": {\"principal\": 7, \"action\": \"s3:GetObject\"}}".into(),
            "{\"request\": {\"principal\": \"p\", \"action\": \"a\", \"acton\": \"a\"}}".into(),
            "{\"request\": {\"principal\": \"p\", \"action\": \"a\", \"context\": {\"k\": {\"x\": 1}}}}".into(),
            "{\"request\": {\"principal\": \"p\", \"action\": \"a\", \"context\": [1]}}".into(),
            format!("{{{request}, \"expected\": \"maybe\"}}"),
            format!("{{{request}, \"dialect\": \"gcp\"}}"),
            format!("{{{request}, \"name\": 3}}"),
            format!("{{{request}, \"identity_policies\": {{}}}}"),
            format!("{{{request}, \"control_policies\": [{{}}]}}"),
            format!("{{{request}, \"expected\": \"deny\", \"identity_policies\": [\"{{}}\"]}}"),
        ];
        let file = format!("[\n{}\n]", cases.join(",\n"));
        let cli = load_each_case(&file).expect("an array");
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, &file).expect("an array");
        let mut bad = report.bad.iter();
        for (i, case) in cli.iter().enumerate() {
            match case {
                Ok(_) => {}
                Err(e) => {
                    let ours =
                        bad.next().unwrap_or_else(|| panic!("case {} is refused by the CLI: {:?}", i + 1, e.error));
                    let theirs = e.error.findings().remove(0).span;
                    assert_eq!(
                        (ours.line, ours.column),
                        (theirs.line, theirs.column),
                        "case {}: {ours} / {:?}",
                        i + 1,
                        e.error
                    );
                }
            }
        }
        assert!(bad.next().is_none(), "{}", report.summary());
        assert_eq!(report.added, cli.iter().filter(|c| c.is_ok()).count());
        assert_eq!((report.added, report.bad.len()), (1, 15), "{}", report.summary());
    }

    #[test]
    fn dedent_takes_off_the_files_nesting_only() {
        assert_eq!(dedent("{\n        \"a\": 1\n      }"), "{\n  \"a\": 1\n}");
        assert_eq!(dedent("{\n  \"a\": 1\n}"), "{\n  \"a\": 1\n}");
    }
}
