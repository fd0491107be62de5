//! What a chain reports: each hop with both sides of its decision and the session it
//! yields, the final request, and one sentence for where the chain stops.

use super::Caller;
use playground_core::authorize::Decision;
use playground_core::explain::{Evaluation, LayerReport};
use serde::Serialize;

/// One side of a hop: the layers that belong to it and their joint outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// `allow`, `deny`, `no_match` or `not_needed`.
    pub outcome: &'static str,
    /// The layers of this side, from the engine's explanation.
    pub layers: Vec<LayerReport>,
}

/// The new session a successful hop yields.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// The session's ARN (the new caller).
    pub arn: String,
    /// Its duration in seconds.
    pub duration_seconds: u32,
}

/// One hop.
#[derive(Debug, Clone, Serialize)]
pub struct Hop {
    /// Hop number, from 1.
    pub number: usize,
    /// The caller.
    pub caller: String,
    /// The role's ARN.
    pub role: String,
    /// The role's account.
    pub account: String,
    /// The decision.
    pub decision: Decision,
    /// One sentence for a trainee.
    pub sentence: String,
    /// What the caller's side (identity, boundary, session, control policies) said.
    pub caller_side: Side,
    /// What the role's side (trust policy, resource control policies) said.
    pub role_side: Side,
    /// The full explanation, when the engine was asked (not when the hop failed before that).
    pub evaluation: Option<Evaluation>,
    /// The session, when the hop succeeded.
    pub session: Option<Session>,
}

impl Hop {
    /// A hop that has not (yet) been allowed; the caller fills in the reason.
    pub(super) fn refused(number: usize, caller: &Caller<'_>, role: String, account: String) -> Hop {
        Hop {
            number,
            caller: caller.principal.clone(),
            role,
            account,
            decision: Decision::ImplicitDeny,
            sentence: String::new(),
            caller_side: Side { outcome: "not_needed", layers: vec![] },
            role_side: Side { outcome: "not_needed", layers: vec![] },
            evaluation: None,
            session: None,
        }
    }
}

/// The final request of a chain.
#[derive(Debug, Clone, Serialize)]
pub struct FinalRequest {
    /// Who makes it (the last session).
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The decision.
    pub decision: Decision,
    /// The explanation.
    pub evaluation: Evaluation,
}

/// The result of a whole chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainResult {
    /// The check's name.
    pub check: String,
    /// Who started.
    pub from: String,
    /// Structural problems found before any hop (a missing registration, directory rules).
    pub preconditions: Vec<String>,
    /// The hops, up to and including the first that failed.
    pub hops: Vec<Hop>,
    /// Things a reader should know: attached policies that could not be read, for instance.
    pub notes: Vec<String>,
    /// The final request, when every hop succeeded and the check has one.
    pub final_request: Option<FinalRequest>,
    /// The overall decision.
    pub decision: Decision,
    /// The expected decision.
    pub expected: Decision,
    /// The hop where the chain stopped (0 = before the first hop), if it stopped.
    pub stopped_at: Option<usize>,
    /// One sentence: where it stops and why, or what the final request got.
    pub summary: String,
}

impl ChainResult {
    /// True when the decision is the expected one.
    pub fn passed(&self) -> bool {
        self.decision == self.expected
    }
}
