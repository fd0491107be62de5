//! Path search in the page: the three questions the explorer asks ("what can this reach", "who
//! can assume this role", "who can do this"), the engine's answer as a view model that crosses
//! to and from the web worker as JSON, and the search's state (running, slow, done, failed) that
//! the reducer keeps. The search itself is the scenario crate's (`paths`): breadth-first, shortest
//! chains first, at most [`MAX_PATHS`] chains listed.

use crate::analysis::scenario_of;
use policy_playground::explain::StatementRef;
use policy_playground::paths::{DEFAULT_MAX_DEPTH, FoundPath, PathReport};
use policy_playground::request::Context;
use policy_playground::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub use policy_playground::paths::MAX_PATHS;

/// What the person asked, from the explorer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PathQuery {
    /// "What can this reach": the roles a user or a role's sessions can get to.
    Reach {
        /// The account of the user or role.
        account: String,
        /// The user's or role's name.
        name: String,
        /// A role (its sessions start) rather than a user.
        role: bool,
    },
    /// "Who can assume this role": every identity and chain that ends in it.
    AssumeRole {
        /// The role's account.
        account: String,
        /// The role's name.
        role: String,
    },
    /// "Who can do this" for the request builder's action and resource: becomes
    /// [`PathQuery::Perform`] when the search starts.
    RequestAction,
    /// "Who can do this": every identity and chain allowed to perform `action` on `resource`.
    Perform {
        /// The action (`s3:GetObject`).
        action: String,
        /// The resource (`*` when left empty).
        resource: String,
    },
}

impl PathQuery {
    /// The question in words, as the results' heading.
    pub fn title(&self) -> String {
        match self {
            PathQuery::Reach { account, name, role } => {
                format!("What can {} {account}/{name} reach?", if *role { "role" } else { "user" })
            }
            PathQuery::AssumeRole { account, role } => format!("Who can assume role {account}/{role}?"),
            PathQuery::Perform { action, resource } => format!("Who can do {action} on {}?", resource_or_any(resource)),
            PathQuery::RequestAction => "Who can do the request's action?".to_string(),
        }
    }
}

fn resource_or_any(resource: &str) -> &str {
    if resource.trim().is_empty() { "*" } else { resource.trim() }
}

/// A search as sent to the worker: the workspace's scenario text, the active "what breaks"
/// mutations (the search sees the scenario the checks see) and the question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathRequest {
    /// The scenario document (`Workspace::to_scenario_text`).
    pub scenario: String,
    /// Active mutations, by id.
    pub mutations: BTreeSet<String>,
    /// The question.
    pub query: PathQuery,
}

/// A statement that decided a hop or the final request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Because {
    /// The engine's policy name (a trust policy is `ROLE trust policy`).
    pub policy: String,
    /// `statement 2 (Sid X)`.
    pub label: String,
    /// Where the statement starts in its document (bytes).
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

impl From<&StatementRef> for Because {
    fn from(s: &StatementRef) -> Because {
        Because { policy: s.policy.clone(), label: s.label.clone(), start: s.span.start, end: s.span.end }
    }
}

/// One AssumeRole hop of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// Who calls (a role's sessions are shown as the role's ARN).
    pub caller: String,
    /// The ARN of the role assumed.
    pub role: String,
    /// The statements that allowed the hop (the trust policy's, the caller's).
    pub because: Vec<Because>,
}

impl Hop {
    /// The hop in words: `CALLER assumes ROLE: allowed by statement 1 of r1 trust policy, ...`.
    pub fn sentence(&self) -> String {
        format!("{} assumes {}: {}", self.caller, self.role, allowed_by(&self.because))
    }
}

/// `allowed by statement 1 of P, statement 2 of Q` (or that no statement is named).
pub fn allowed_by(because: &[Because]) -> String {
    if because.is_empty() {
        return "allowed (no single statement decides it)".to_string();
    }
    let parts: Vec<String> = because.iter().map(|b| format!("{} of {}", b.label, b.policy)).collect();
    format!("allowed by {}", parts.join(", "))
}

/// A chain from a starting identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// Who starts.
    pub from: String,
    /// The hops, in order (none when `from` acts directly).
    pub hops: Vec<Hop>,
    /// For "who can do this": the statements that allow the final request.
    pub allowed_by: Vec<Because>,
}

impl Chain {
    /// `FROM -> ROLE -> ROLE`, or `FROM (directly)`.
    pub fn summary(&self) -> String {
        if self.hops.is_empty() {
            return format!("{} (directly)", self.from);
        }
        let mut line = self.from.clone();
        for h in &self.hops {
            line.push_str(" → ");
            line.push_str(&h.role);
        }
        line
    }
}

impl From<&FoundPath> for Chain {
    fn from(p: &FoundPath) -> Chain {
        Chain {
            from: p.from.clone(),
            hops: p
                .hops
                .iter()
                .map(|h| Hop {
                    caller: h.caller.clone(),
                    role: h.role.clone(),
                    because: h.decisive.iter().map(Because::from).collect(),
                })
                .collect(),
            allowed_by: p.decisive.iter().map(Because::from).collect(),
        }
    }
}

/// The answer, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathsView {
    /// The question in words.
    pub title: String,
    /// Every identity (or, for "what can this reach", every role) found, with its shortest
    /// chain's length in hops, nearest first (never cut).
    pub identities: Vec<(String, usize)>,
    /// The chains, shortest first, at most [`MAX_PATHS`].
    pub chains: Vec<Chain>,
    /// The search stopped at [`MAX_PATHS`] chains.
    pub truncated: bool,
    /// Decisions the engine made.
    pub evaluations: usize,
    /// The depth bound, in hops.
    pub depth: usize,
}

impl PathsView {
    fn of(query: &PathQuery, report: &PathReport) -> PathsView {
        PathsView {
            title: query.title(),
            identities: report.identities.iter().map(|r| (r.identity.clone(), r.hops)).collect(),
            chains: report.paths.iter().map(Chain::from).collect(),
            truncated: report.truncated,
            evaluations: report.evaluations,
            depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// The web worker's entry: answers the JSON of a [`PathRequest`] with the JSON of
/// `Result<PathsView, String>` (a request it cannot read is answered with what went wrong).
pub fn answer_json(request: &str) -> String {
    let answer: Result<PathsView, String> = match serde_json::from_str::<PathRequest>(request) {
        Ok(request) => search(&request),
        Err(e) => Err(format!("the page sent a request the engine cannot read ({e})")),
    };
    serde_json::to_string(&answer).unwrap_or_else(|e| format!(r#"{{"Err":"the answer could not be written ({e})"}}"#))
}

/// Runs `request` (in the web worker): loads its scenario as the analysis does, with the active
/// mutations, and answers the question. An error says what to change.
pub fn search(request: &PathRequest) -> Result<PathsView, String> {
    let Some(scenario) = scenario_of(&request.scenario, &request.mutations) else {
        return Err("the scenario does not load: fix the problems listed under the editor first".to_string());
    };
    let report = answer(&scenario, &request.query)?;
    Ok(PathsView::of(&request.query, &report))
}

fn answer(s: &Scenario, query: &PathQuery) -> Result<PathReport, String> {
    match query {
        PathQuery::Reach { account, name, role } => {
            let from = if *role {
                s.roles.iter().find(|r| &r.account == account && &r.name == name).map(|r| r.arn(s.dialect))
            } else {
                s.users.iter().find(|u| &u.account == account && &u.name == name).map(|u| u.arn(s.dialect))
            };
            let from = from.ok_or_else(|| format!("there is no {} {account}/{name} in the scenario", kind(*role)))?;
            Ok(s.reachable_roles(&from, DEFAULT_MAX_DEPTH))
        }
        PathQuery::AssumeRole { account, role } => {
            s.who_can_assume(&format!("{account}/{role}"), DEFAULT_MAX_DEPTH).map_err(|e| e.to_string())
        }
        PathQuery::RequestAction => Err("the request builder's action was not filled in".to_string()),
        PathQuery::Perform { action, resource } => {
            if action.trim().is_empty() {
                return Err("give an action (service:Action) in the request builder to ask who can do it".to_string());
            }
            Ok(s.who_can_perform(action.trim(), resource_or_any(resource), &Context::default(), DEFAULT_MAX_DEPTH))
        }
    }
}

fn kind(role: bool) -> &'static str {
    if role { "role" } else { "user" }
}

/// Where a path search is: the reducer's part of it (the worker, its timer and the answer's
/// rendering are the browser's: the answer stays in JavaScript, so the page's module carries no
/// reader for it).
#[derive(Debug, Clone, PartialEq)]
pub struct PathSearch {
    /// Numbers each search: an answer for an older one is dropped.
    pub id: u64,
    /// The question.
    pub query: PathQuery,
    /// How far it got.
    pub status: SearchStatus,
    /// The chain drawn on the chain view (the person picks it in the answer).
    pub drawn: Option<DrawnChain>,
}

/// How far a path search got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchStatus {
    /// Sent to the worker (after [`PROGRESS_AFTER_MS`] the page shows its progress and Cancel;
    /// a faster answer does not flash).
    Running,
    /// Answered: the page shows the answer the worker sent.
    Done,
    /// It failed: what to change.
    Failed(String),
}

/// After this long a running search shows its progress and Cancel (milliseconds).
pub const PROGRESS_AFTER_MS: u32 = 200;

/// A found chain as the chain view draws it: who starts and the roles assumed, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnChain {
    /// Who starts.
    pub from: String,
    /// The ARNs of the roles assumed, in order.
    pub roles: Vec<String>,
}

impl From<&DrawnChain> for crate::diagram::ChainSteps {
    /// A found chain drawn over the scenario: every hop allowed, no final request.
    fn from(chain: &DrawnChain) -> crate::diagram::ChainSteps {
        let hops = chain
            .roles
            .iter()
            .map(|role| crate::diagram::StepHop { role: role.clone(), ok: true, reason: None })
            .collect();
        crate::diagram::ChainSteps {
            from: chain.from.clone(),
            hops,
            request: None,
            stopped_before: None,
            stopped_toward: None,
        }
    }
}

impl From<&Chain> for DrawnChain {
    fn from(chain: &Chain) -> DrawnChain {
        DrawnChain { from: chain.from.clone(), roles: chain.hops.iter().map(|h| h.role.clone()).collect() }
    }
}

impl PathSearch {
    /// Whether it is still waiting for the worker.
    pub fn running(&self) -> bool {
        self.status == SearchStatus::Running
    }
}
