//! What a chain reports: each hop with both sides of its decision and the session it
//! yields, the final request, and one sentence for where the chain stops.

use super::Caller;
use playground_core::authorize::Decision;
use playground_core::explain::{Evaluation, LayerReport};
use serde::Serialize;

/// One side of a hop: the layers that belong to it and their joint outcome.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Side {
    /// `allow`, `deny`, `no_match` or `not_needed`.
    pub outcome: &'static str,
    /// The layers of this side, from the engine's explanation.
    pub layers: Vec<LayerReport>,
}

/// The new session a successful hop yields.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Session {
    /// The session's ARN (the new caller).
    pub arn: String,
    /// Its duration in seconds, as requested (3600 when the hop asks for none).
    pub duration_seconds: u32,
}

/// One AssumeRole hop: who called, which role, the decision on both sides and the session.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Hop {
    /// Hop number, from 1.
    pub number: usize,
    /// The caller's principal: the start of the chain, or the previous hop's session ARN.
    pub caller: String,
    /// The role's ARN (the reference as written when the scenario has no such role).
    pub role: String,
    /// The role's account, whose label the sentence uses.
    pub account: String,
    /// Allow only when the engine allowed it and the session rules hold.
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

/// The final request of a chain, or a request made directly by an identity.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct FinalRequest {
    /// Who makes it (the last session, or the identity itself).
    pub principal: String,
    /// The action requested (`ecs:CreateSnapshot`).
    pub action: String,
    /// The resource requested; its policy is used when the scenario defines the resource.
    pub resource: String,
    /// The engine's decision.
    pub decision: Decision,
    /// The engine's explanation, with a note first when the caller is not in the scenario.
    pub evaluation: Evaluation,
}

/// The result of running one check: every hop up to where it stopped, and the final request.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ChainResult {
    /// The name of the check that was run.
    pub check: String,
    /// Who started: the check's `from`, Cloud Backup's service, or "Cloud Backup" before hop 1.
    pub from: String,
    /// Structural problems found before any hop (a missing registration, directory rules).
    pub preconditions: Vec<String>,
    /// The hops, up to and including the first that failed.
    pub hops: Vec<Hop>,
    /// Things a reader should know: attached policies that could not be read, for instance.
    pub notes: Vec<String>,
    /// The final request, when every hop succeeded and the check has one.
    pub final_request: Option<FinalRequest>,
    /// The final request's decision; a refused hop's decision; Allow for a chain without a request.
    pub decision: Decision,
    /// The decision the check expects.
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

    /// A multi-line text rendering (the CLI's `simulate` output, and the page's result for a
    /// workspace analysed in the background): the outcome line, then each hop and the final
    /// request's explanation, indented.
    pub fn render_text(&self) -> String {
        self.render_text_listing(usize::MAX)
    }

    /// [`ChainResult::render_text`] listing at most `statements` statements of each policy in
    /// the final request's layers (see [`Evaluation::render_text_listing`]).
    pub fn render_text_listing(&self, statements: usize) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let mark = if self.passed() { "ok" } else { "FAILED" };
        // Writing to a String cannot fail.
        let _ =
            writeln!(out, "{mark}: {} -> {} (expected {})", self.check, self.decision.as_str(), self.expected.as_str());
        let _ = writeln!(out, "  {}", self.summary);
        let _ = writeln!(out, "  from {}", self.from);
        for p in &self.preconditions {
            let _ = writeln!(out, "  stopped before hop 1: {p}");
        }
        for hop in &self.hops {
            let _ = writeln!(out, "  [{}] {}", hop.decision.as_str(), hop.sentence);
        }
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        if let Some(fin) = &self.final_request {
            let _ = writeln!(
                out,
                "  [{}] final: {} {} on {}",
                fin.decision.as_str(),
                fin.principal,
                fin.action,
                fin.resource
            );
            for line in fin.evaluation.render_text_listing(statements).lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
        out
    }
}
