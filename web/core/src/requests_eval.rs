//! The policies-and-requests table evaluated: each row against the engine's policy set read from
//! the layers, with its expectation's pass or fail.

use crate::requests::{Layers, Row};
use crate::workspace::{DocRef, Workspace};
use policy_playground::authorize::PolicySet;
use policy_playground::catalog::Catalogs;
use policy_playground::diagnostic::{Diagnostic, Severity};
use policy_playground::explain::{Detail, explain_with};
use policy_playground::span::Span;
use policy_playground::{Decision, Dialect, Evaluation, Policy, Request, parse_policy};
use std::fmt;

/// The outcome of one row.
#[derive(Debug, Clone)]
pub enum RowOutcome {
    /// The row lacks a principal or an action: what to fill in (`an action`).
    Incomplete(&'static str),
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
pub(crate) fn dialect_of(workspace: &Workspace) -> Dialect {
    if workspace.is_aliyun() { Dialect::Aliyun } else { Dialect::Aws }
}

/// Evaluates one row against a policy set. A context key the cloud would not send with the
/// row's action (as `catalogs` know) is left out, and the explanation says so.
pub(crate) fn evaluate_row(set: &PolicySet, row: &Row, dialect: Dialect, catalogs: &Catalogs) -> Evaluation {
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
            let outcome = match (&set, row.request.missing()) {
                (_, Some(missing)) => RowOutcome::Incomplete(missing),
                (Err(e), None) => RowOutcome::Blocked(e.to_string()),
                (Ok(set), None) => RowOutcome::Evaluated(Box::new(evaluate_row(set, row, dialect, catalogs))),
            };
            RowResult { outcome, expected: row.expected_decision() }
        })
        .collect();
    RequestsResult { rows }
}
