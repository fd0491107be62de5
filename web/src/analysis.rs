//! Runs the engine over the workspace: loads the scenario (leniently, so a half-typed
//! document does not hide the rest), applies the chosen "what breaks" mutations, runs the
//! checks and the request builder's request, and times it all.

use crate::model::Workspace;
use policy_playground::chain::{ChainResult, FinalRequest};
use policy_playground::issue::Severity;
use policy_playground::mutation::NamedMutation;
use policy_playground::request::Context;
use policy_playground::scenario::{LoadOptions, Scenario, load_scenario_with};
use std::collections::BTreeSet;

/// The request builder's fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestForm {
    /// Who asks (an ARN or a service principal).
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource (`*` when empty).
    pub resource: String,
    /// Context keys and values; a value written as a JSON list (`["a","b"]`) is multi-valued.
    pub context: Vec<(String, String)>,
}

impl RequestForm {
    /// Builds the engine's context from the rows (empty keys are skipped).
    pub fn context(&self) -> Context {
        let mut ctx = Context::default();
        for (key, value) in &self.context {
            let key = key.trim();
            if key.is_empty() {
                continue;
            }
            let value = value.trim();
            match serde_json::from_str::<Vec<serde_json::Value>>(value) {
                Ok(list) if value.starts_with('[') => {
                    let values =
                        list.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect();
                    ctx.insert(key, values, true);
                }
                _ => ctx.insert(key, vec![value.to_string()], false),
            }
        }
        ctx
    }
}

/// A scenario-level problem, for the problems list.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

/// Everything the panels render.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The workspace revision this describes.
    pub revision: u64,
    /// The scenario as loaded (mutations applied), when it loads.
    pub scenario: Option<Scenario>,
    /// Problems found while loading.
    pub problems: Vec<Problem>,
    /// The named checks' results.
    pub checks: Vec<ChainResult>,
    /// The scenario's "what breaks" mutations (from the unmutated scenario).
    pub mutations: Vec<NamedMutation>,
    /// The request builder's result, when its fields are filled in.
    pub request: Option<FinalRequest>,
    /// Time taken, in milliseconds.
    pub elapsed_ms: f64,
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && self.elapsed_ms == other.elapsed_ms
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Analyzes the workspace.
pub fn analyze(revision: u64, workspace: &Workspace, active: &BTreeSet<String>, form: &RequestForm) -> Analysis {
    let start = now_ms();
    let loaded = load_scenario_with(&workspace.to_scenario_text(), LoadOptions { lenient: true });
    let problems = loaded
        .issues
        .iter()
        .filter(|i| i.severity() != Severity::Note)
        .map(|i| Problem { severity: i.severity(), message: i.to_string() })
        .collect();
    let mut analysis = Analysis {
        revision,
        scenario: None,
        problems,
        checks: Vec::new(),
        mutations: Vec::new(),
        request: None,
        elapsed_ms: 0.0,
    };
    if let Some(mut scenario) = loaded.scenario {
        analysis.mutations = scenario.what_breaks();
        for m in analysis.mutations.iter().filter(|m| active.contains(&m.id)) {
            scenario = scenario.mutated(&m.mutation);
        }
        analysis.checks = scenario.run_checks();
        if !form.principal.trim().is_empty() && !form.action.trim().is_empty() {
            let resource = if form.resource.trim().is_empty() { "*" } else { form.resource.trim() };
            analysis.request =
                Some(scenario.evaluate_as(form.principal.trim(), form.action.trim(), resource, &form.context()));
        }
        analysis.scenario = Some(scenario);
    }
    analysis.elapsed_ms = now_ms() - start;
    analysis
}

/// Suggestions for the request builder: principals, actions and resources the scenario names.
pub fn suggestions(scenario: &Scenario) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut principals: Vec<String> = scenario.users.iter().map(|u| u.arn(scenario.dialect)).collect();
    principals.extend(scenario.roles.iter().map(|r| r.session_arn(scenario.dialect, "playground")));
    principals.extend(scenario.starting_identities().into_iter().filter(|p| !p.contains(':')));
    let mut actions = BTreeSet::new();
    for p in scenario.policies.iter().filter_map(|p| p.policy.as_ref()) {
        for st in &p.statements {
            for item in &st.body.action.items {
                if !item.text.contains('*') {
                    actions.insert(item.text.clone());
                }
            }
        }
    }
    let mut resources: Vec<String> = scenario.resources.iter().map(|r| r.arn.clone()).collect();
    resources.extend(scenario.roles.iter().map(|r| r.arn(scenario.dialect)));
    (principals, actions.into_iter().collect(), resources)
}
