//! The "policies and requests" mode's data: one principal's policies by layer (identity,
//! resource or trust, session, permissions boundaries, control-policy levels, RCPs) and a table of
//! requests, each with an optional expected decision. One optional field of the workspace file.
//!
//! The layers name library policies of the workspace's scenario, so each policy is an ordinary
//! editable document (the same editor, findings, completion and hover) and explanations name it
//! as the editor does. Evaluation is in [`crate::requests_eval`], case files in
//! [`crate::case_files`], the mode's edits in [`crate::requests_edit`].

use crate::request::RequestForm;
use policy_playground::Decision;
use policy_playground::findings::PolicyKind;
use serde::{Deserialize, Serialize};

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
    pub(crate) fn new_policy_name(self) -> String {
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
    pub(crate) fn add(&mut self, layer: Layer, name: String) -> bool {
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
    pub(crate) fn remove(&mut self, name: &str) {
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
    pub(crate) fn resource(&self) -> &str {
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

/// The most policies one layer lists, and the most control-policy levels, read from a file or a
/// link (the clouds allow far fewer: 10 managed policies, 5 SCPs, an organization 5 levels deep).
pub const MAX_LAYER_POLICIES: usize = 100;
/// See [`MAX_LAYER_POLICIES`].
pub const MAX_LEVELS: usize = 10;

impl Requests {
    /// The data cut to the table's and the layers' limits ([`MAX_ROWS`], [`MAX_LAYER_POLICIES`],
    /// [`MAX_LEVELS`]): what a share link, a saved state or a file holds is untrusted, and every
    /// row is evaluated against every layer on each change.
    pub fn bounded(mut self) -> Requests {
        self.rows.truncate(MAX_ROWS);
        let layers = &mut self.layers;
        layers.identity.truncate(MAX_LAYER_POLICIES);
        layers.boundaries.truncate(MAX_LAYER_POLICIES);
        for levels in [&mut layers.control, &mut layers.resource_control] {
            levels.truncate(MAX_LEVELS);
            levels.iter_mut().for_each(|level| level.truncate(MAX_LAYER_POLICIES));
        }
        self
    }

    /// True when there is nothing to keep (the workspace file then leaves the field out).
    pub fn is_empty(&self) -> bool {
        *self == Requests::default()
    }
}

/// The most rows the table holds: each is evaluated on every change, in the page; larger
/// batches are the CLI's (`policy-playground eval`).
pub const MAX_ROWS: usize = 1000;

/// The principal a new row asks as when the table names none.
pub fn default_principal(dialect: policy_playground::Dialect) -> &'static str {
    match dialect {
        policy_playground::Dialect::Aws => "arn:aws:iam::111111111111:user/alice",
        policy_playground::Dialect::Aliyun => "acs:ram::1111111111111111:user/alice",
    }
}
