//! Runs the engine over the workspace: loads the scenario (leniently, so a half-typed document
//! does not hide the rest), applies the chosen "what breaks" mutations, runs the checks and the
//! request builder's request. A pure function of its inputs; the browser times it.

use crate::request::RequestForm;
use crate::workspace::Workspace;
use policy_playground::catalog::Catalogs;
use policy_playground::chain::{ChainResult, FinalRequest};
use policy_playground::check_fixes::CheckFixes;
use policy_playground::diagnostic::Diagnostic;
use policy_playground::issue::Severity;
use policy_playground::mutation::NamedMutation;
use policy_playground::scenario::{LoadOptions, Scenario, load_scenario_with};
use std::collections::BTreeSet;

/// A scenario-level problem, for the problems list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

/// Everything the result panels render. Made once and never changed: share it as
/// [`crate::shared::Shared`], which compares by identity.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The scenario as loaded (mutations applied), when it loads.
    pub scenario: Option<Scenario>,
    /// Problems found while loading.
    pub problems: Vec<Problem>,
    /// The named checks' results.
    pub checks: Vec<ChainResult>,
    /// The scenario's "what breaks" mutations (from the unmutated scenario).
    pub mutations: Vec<NamedMutation>,
    /// The request builder's result, when its principal and action are filled in.
    pub request: Option<FinalRequest>,
    /// The engine's hints for each check that does not get its expected decision, by index.
    pub hints: Vec<(usize, CheckFixes)>,
    /// The policies-and-requests table's results, when that mode is shown.
    pub requests: Option<crate::requests_eval::RequestsResult>,
}

/// The scenario of `text` loaded leniently (as the analysis loads it) with the `active`
/// mutations applied, when it loads.
pub fn scenario_of(text: &str, active: &BTreeSet<String>) -> Option<Scenario> {
    let scenario = load_scenario_with(text, LoadOptions { lenient: true }).scenario?;
    let mutations = scenario.what_breaks();
    Some(mutated(scenario, &mutations, active))
}

/// `scenario` with the `active` ones of its `mutations` applied.
fn mutated(mut scenario: Scenario, mutations: &[NamedMutation], active: &BTreeSet<String>) -> Scenario {
    for m in mutations.iter().filter(|m| active.contains(&m.id)) {
        scenario = scenario.mutated(&m.mutation);
    }
    scenario
}

/// Analyzes the workspace with the `active` mutations and the request builder's `form`.
/// A request's context keys that `catalogs` say the cloud would not send with its action are
/// left out, and the explanation says so.
pub fn analyze(workspace: &Workspace, active: &BTreeSet<String>, form: &RequestForm, catalogs: &Catalogs) -> Analysis {
    let text = workspace.to_scenario_text();
    let loaded = load_scenario_with(&text, LoadOptions { lenient: true });
    let problems = problems_of(
        loaded.issues.iter().filter(|i| i.severity() != Severity::Note).map(|i| (i.severity(), i.to_string())),
    );
    let mut analysis = Analysis { problems, ..Analysis::default() };
    if workspace.requests().shown {
        analysis.requests = Some(crate::requests_eval::evaluate(workspace, catalogs));
    }
    if let Some(scenario) = loaded.scenario {
        analysis.mutations = scenario.what_breaks();
        let mut scenario = mutated(scenario, &analysis.mutations, active);
        scenario.sent_keys = policy_playground::context_keys::sent_keys(catalogs, scenario.dialect);
        analysis.checks = scenario.run_checks();
        analysis.hints = failing_check_hints(&scenario, &analysis, &text, catalogs);
        if form.is_complete() {
            let resource = if form.resource.trim().is_empty() { "*" } else { form.resource.trim() };
            analysis.request =
                Some(scenario.evaluate_as(form.principal.trim(), form.action.trim(), resource, &form.context()));
        }
        analysis.scenario = Some(scenario);
    }
    analysis
}

/// How many different problems the list shows; the last line says how many more there are.
pub const LISTED_PROBLEMS: usize = 100;

/// The problems list: each message once, in the order first found, with how many times it came
/// up (an unknown account named in each of 30,000 statements is one line, not 30,000), at most
/// [`LISTED_PROBLEMS`] of them.
fn problems_of(found: impl Iterator<Item = (Severity, String)>) -> Vec<Problem> {
    let mut seen: std::collections::HashMap<(Severity, String), usize> = std::collections::HashMap::new();
    let mut order: Vec<((Severity, String), usize)> = Vec::new();
    for key in found {
        match seen.get(&key) {
            Some(&i) => order[i].1 += 1,
            None => {
                seen.insert(key.clone(), order.len());
                order.push((key, 1));
            }
        }
    }
    let more = order.len().saturating_sub(LISTED_PROBLEMS);
    let mut problems: Vec<Problem> = order
        .into_iter()
        .take(LISTED_PROBLEMS)
        .map(|((severity, message), times)| {
            let message = if times > 1 { format!("{message} ({times} times)") } else { message };
            Problem { severity, message }
        })
        .collect();
    if more > 0 {
        problems
            .push(Problem { severity: Severity::Warning, message: format!("…and {more} more different problems") });
    }
    problems
}

impl Analysis {
    /// The engine's hint for the first failing check that has one, in words: `for "CHECK":
    /// PROPOSAL (besides this request: WHAT ELSE)`; the last hint of a lesson.
    pub fn first_hint(&self) -> Option<String> {
        self.hints.iter().find_map(|(i, h)| {
            let proposal = h.fixes.proposals.first()?;
            let name = self.checks.get(*i).map(|c| c.check.as_str()).unwrap_or_default();
            let also: Vec<&str> = proposal.changes.iter().map(|c| c.also.summary.as_str()).collect();
            Some(format!("for \"{name}\": {} (besides this request: {})", proposal.summary, also.join("; ")))
        })
    }

    /// The hints for check `check`, when it fails and the engine found some.
    pub fn hints_for(&self, check: usize) -> Option<&CheckFixes> {
        self.hints.iter().find(|(i, _)| *i == check).map(|(_, h)| h)
    }

    /// How many checks get their expected decision.
    pub fn passed(&self) -> usize {
        self.checks.iter().filter(|c| c.passed()).count()
    }

    /// The dialect of the loaded scenario.
    pub fn dialect(&self) -> Option<policy_playground::Dialect> {
        self.scenario.as_ref().map(|s| s.dialect)
    }
}

/// Context keys the policies test that the request does not supply (nor has a row for). Keys
/// the request has but the cloud would not send with its action are not offered: see
/// [`left_out_keys`].
pub fn missing_keys(analysis: &Analysis, form: &RequestForm) -> Vec<String> {
    let Some(request) = &analysis.request else { return Vec::new() };
    let left_out = &request.evaluation.set_aside_context_keys;
    request
        .evaluation
        .missing_context_keys
        .iter()
        .filter(|k| !form.context.iter().any(|(key, _)| key.eq_ignore_ascii_case(k)))
        // The engine lists a key it left out as "KEY (left out: ...)": the request has it already.
        .filter(|k| {
            !left_out.iter().any(|l| {
                k.get(..l.len()).is_some_and(|p| p.eq_ignore_ascii_case(l)) && k[l.len()..].starts_with(" (left out")
            })
        })
        .cloned()
        .collect()
}

/// Context keys the request gives that its cloud would not send with the action, so the
/// evaluation left them out (`s3:max-keys` on `s3:GetObject`).
pub fn left_out_keys(analysis: &Analysis) -> Vec<String> {
    analysis.request.as_ref().map(|r| r.evaluation.set_aside_context_keys.clone()).unwrap_or_default()
}

/// The hints for each check of `scenario` that does not get its expected decision, by check
/// index. `source` is the scenario text the analysis read.
fn failing_check_hints(
    scenario: &Scenario,
    analysis: &Analysis,
    source: &str,
    catalogs: &Catalogs,
) -> Vec<(usize, CheckFixes)> {
    analysis
        .checks
        .iter()
        .enumerate()
        .filter(|(_, result)| !result.passed())
        .filter_map(|(i, _)| {
            let check = scenario.checks.get(i)?;
            scenario.fix_check(check, source, Some(catalogs)).map(|fixes| (i, fixes))
        })
        .collect()
}
