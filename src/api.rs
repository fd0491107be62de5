//! The stable API: text in, serde data out, one typed error. This is what programs outside the
//! workspace build on (the JavaScript API of the embedding work wraps these calls); the
//! modules re-exported beside it are the engine's working parts and may change shape.
//!
//! ```
//! use policy_playground::api::{self, CheckOptions};
//! let findings = api::check(r#"{"Version": "2012-10-17", "Statement": [
//!   {"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}"#, &CheckOptions::default()).unwrap();
//! assert_eq!(findings.findings[0].code, "unknown-action");
//! ```

use crate::case::{CaseError, CaseResult, load_cases};
use crate::catalog::Catalogs;
use crate::chain::ChainResult;
use crate::context_keys::{set_aside_unsent_keys, with_sent_keys};
use crate::diagnostic::{Finding, Severity};
use crate::dialect::Dialect;
use crate::explain::Detail;
use crate::findings::{check_policy, check_scenario_with, is_scenario_text, sort};
use crate::fixes::{FixOptions, Fixes, OneText, propose};
use crate::issue::did_you_mean;
use crate::policy::parse_policy;
use crate::scenario::load_scenario;
use playground_lint::model::{CheckContext, PolicyKind};
pub use playground_scenario::fixes::CheckFixes;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a call could not give an answer. Problems inside an answer (a policy's warnings, a
/// scenario's notes) are part of the answer instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApiError {
    /// The case file cannot be read: its first problem, with its position.
    Case {
        /// The problem as a finding (code, severity, message, help, position).
        finding: Box<Finding>,
    },
    /// The scenario has errors: each of them.
    Scenario {
        /// The scenario's errors, first first.
        findings: Vec<Finding>,
    },
    /// The scenario has no check of that name.
    UnknownCheck {
        /// The name asked for.
        name: String,
        /// The closest check name, when one is close.
        suggestion: Option<String>,
        /// Every check the scenario has.
        checks: Vec<String>,
    },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Case { finding } => {
                write!(f, "line {}, column {}: {}", finding.span.line, finding.span.column, finding.message)
            }
            ApiError::Scenario { findings } => {
                write!(f, "the scenario has {} error(s)", findings.len())?;
                if let Some(first) = findings.first() {
                    write!(
                        f,
                        "; the first, line {}, column {}: {}",
                        first.span.line, first.span.column, first.message
                    )?;
                }
                Ok(())
            }
            ApiError::UnknownCheck { name, suggestion: Some(s), .. } => {
                write!(f, "the scenario has no check \"{name}\"; did you mean \"{s}\"?")
            }
            ApiError::UnknownCheck { name, checks, .. } => {
                write!(f, "the scenario has no check \"{name}\"; its checks: {}", checks.join(", "))
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// How much of the explanation an evaluation carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum ExplanationDetail {
    /// The decision, the summary, the decisive statements and each layer's outcome.
    #[default]
    Brief,
    /// Also every statement's report: what matched and why the others did not apply.
    Full,
}

/// The results of every case of a case file, in file order.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Evaluations {
    /// One result per case.
    pub cases: Vec<CaseResult>,
}

/// Evaluates and explains every case of a case file (one case object or an array of them, the
/// format of `policy-playground eval`), with the compiled-in catalogues: a context key the
/// cloud would not send with the case's action is left out, with a warning.
pub fn evaluate(case_file: &str, detail: ExplanationDetail) -> Result<Evaluations, ApiError> {
    evaluate_with(case_file, detail, &Catalogs::builtin())
}

/// [`evaluate`] with the catalogues a program has (the browser loads them when it needs them;
/// [`Catalogs::none`] checks no context key).
pub fn evaluate_with(case_file: &str, detail: ExplanationDetail, catalogs: &Catalogs) -> Result<Evaluations, ApiError> {
    let mut cases = load_cases(case_file).map_err(|e| ApiError::Case { finding: Box::new(case_finding(&e)) })?;
    let detail = match detail {
        ExplanationDetail::Brief => Detail::Brief,
        ExplanationDetail::Full => Detail::Full,
    };
    for case in &mut cases {
        set_aside_unsent_keys(case, catalogs);
    }
    Ok(Evaluations { cases: cases.iter().map(|c| c.evaluate_with(detail)).collect() })
}

/// Evaluates a case file and renders each case's explanation as the text people read (the
/// CLI's `eval` output, one entry per case).
pub fn explain(case_file: &str) -> Result<Vec<String>, ApiError> {
    let results = evaluate(case_file, ExplanationDetail::Full)?;
    Ok(results.cases.iter().map(|r| r.explanation.render_text()).collect())
}

/// The hints for one case of a case file.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFixes {
    /// The case's label.
    pub name: String,
    /// The smallest changes that would allow it (none when it is allowed).
    pub fixes: Fixes,
}

/// For every case of a case file, the smallest changes that would allow it when it is denied:
/// each an edit to a named statement or policy of the file (its span in `case_file` and the
/// new text), a context key to send, or a policy to attach or detach, proven to allow.
pub fn fixes(case_file: &str) -> Result<Vec<CaseFixes>, ApiError> {
    let cases = load_cases(case_file).map_err(|e| ApiError::Case { finding: Box::new(case_finding(&e)) })?;
    let catalogs = Catalogs::builtin();
    Ok(cases.iter().map(|c| CaseFixes { name: c.name.clone(), fixes: case_fixes(c, case_file, &catalogs) }).collect())
}

/// The hints for one case read from `case_file` (whose text its policies' spans are positions
/// in): edits to its policies, context keys, or a new identity policy to add.
pub fn case_fixes(case: &crate::case::Case, case_file: &str, catalogs: &Catalogs) -> Fixes {
    let options = FixOptions { new_policies: true, catalog: Some(catalogs), ..FixOptions::default() };
    propose(&case.policies, &case.request, &OneText(case_file), &options)
}

fn case_finding(error: &CaseError) -> Finding {
    Finding::from_diagnostic(error)
}

/// One named check of a scenario, run.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CheckRun {
    /// The check's name.
    pub name: String,
    /// Whether the decision is the one the check expects (true when it expects none).
    pub passed: bool,
    /// Every hop and the final request, explained.
    pub chain: ChainResult,
}

/// A scenario's checks, run.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Simulation {
    /// The checks, in the scenario's order (or the one asked for).
    pub checks: Vec<CheckRun>,
    /// The scenario's warnings and notes (errors stop the simulation instead).
    pub findings: Vec<Finding>,
}

/// Runs a scenario's named checks, or only the check called `check`, with the compiled-in
/// catalogues (a check's context key the cloud would not send is left out, and its
/// explanation says so).
pub fn simulate(scenario: &str, check: Option<&str>) -> Result<Simulation, ApiError> {
    simulate_with(scenario, check, &Catalogs::builtin())
}

/// [`simulate`] with the catalogues a program has.
pub fn simulate_with(scenario: &str, check: Option<&str>, catalogs: &Catalogs) -> Result<Simulation, ApiError> {
    let loaded = load_scenario(scenario);
    let mut findings: Vec<Finding> = loaded.issues.iter().map(Finding::from_diagnostic).collect();
    sort(&mut findings);
    let Some(model) = loaded.scenario.filter(|_| findings.iter().all(|f| f.severity != Severity::Error)) else {
        findings.retain(|f| f.severity == Severity::Error);
        return Err(ApiError::Scenario { findings });
    };
    let model = with_sent_keys(model, catalogs);
    let selected: Vec<_> = match check {
        None => model.checks.iter().collect(),
        Some(name) => {
            let Some(found) = model.checks.iter().find(|c| c.name == name) else {
                let checks: Vec<String> = model.checks.iter().map(|c| c.name.clone()).collect();
                let suggestion = did_you_mean(name, checks.iter().map(String::as_str)).map(str::to_string);
                return Err(ApiError::UnknownCheck { name: name.to_string(), suggestion, checks });
            };
            vec![found]
        }
    };
    let checks = selected
        .into_iter()
        .map(|c| {
            let chain = model.run_check(c);
            CheckRun { name: c.name.clone(), passed: chain.passed(), chain }
        })
        .collect();
    Ok(Simulation { checks, findings })
}

/// For a scenario's checks whose decision is a deny (or only the check called `check`), the
/// smallest changes to the scenario that would allow each: proposals for the refused hop or
/// final request, each proven by running the whole check again with the change made. Edits'
/// spans are positions in `scenario` (or, for a library policy kept as printed, in its `text`).
pub fn check_fixes(scenario: &str, check: Option<&str>) -> Result<Vec<CheckFixes>, ApiError> {
    let simulation = simulate(scenario, check)?;
    let model = load_scenario(scenario).scenario.expect("simulate read it without errors");
    let catalogs = Catalogs::builtin();
    Ok(simulation
        .checks
        .iter()
        .filter_map(|run| model.checks.iter().find(|c| c.name == run.name))
        .filter_map(|c| model.fix_check(c, scenario, Some(&catalogs)))
        .collect())
}

/// What `check` is told about the text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct CheckOptions {
    /// The cloud, when known; otherwise it is detected from the document.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub dialect: Option<Dialect>,
    /// What the policy is for, when known; otherwise it is guessed from the document.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub kind: Option<PolicyKind>,
    /// A name for the policy in messages.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub name: Option<String>,
}

/// The findings on a policy or a scenario, most serious first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Findings {
    /// Whether the text was read as a scenario file (otherwise as a policy document).
    pub scenario: bool,
    /// Every finding, by severity then position.
    pub findings: Vec<Finding>,
    /// The clouds whose action catalogue the checks needed but were not given: their catalogue
    /// checks (unknown actions, condition keys, resource types) were skipped. Empty with the
    /// compiled-in catalogues.
    pub missing_catalogs: Vec<Dialect>,
}

/// Checks a policy document as pasted, or a scenario file (detected), against the built-in
/// catalogues (none when the engine is built without them: see [`check_with`]).
pub fn check(text: &str, options: &CheckOptions) -> Result<Findings, ApiError> {
    check_with(text, options, &Catalogs::builtin())
}

/// Checks a policy document or a scenario file against the given action catalogues: a build
/// without compiled-in catalogues (the browser's) passes those it has loaded. Without a cloud's
/// catalogue, the findings that need it (unknown actions, condition keys) are left out.
pub fn check_with(text: &str, options: &CheckOptions, catalogs: &Catalogs) -> Result<Findings, ApiError> {
    let missing = |dialect: Option<Dialect>| dialect.filter(|d| !catalogs.has(*d)).into_iter().collect();
    if is_scenario_text(text) {
        let findings = check_scenario_with(text, catalogs);
        // The catalogue asked of is the scenario's cloud (asked only when it has one).
        let dialect = if catalogs.has(Dialect::Aws) && catalogs.has(Dialect::Aliyun) {
            None
        } else {
            load_scenario(text).scenario.map(|s| s.dialect)
        };
        return Ok(Findings { scenario: true, findings, missing_catalogs: missing(dialect) });
    }
    let context = CheckContext { kind: options.kind, catalogs: catalogs.clone(), ..CheckContext::default() };
    let name = options.name.as_deref().unwrap_or("policy");
    let mut findings = check_policy(name, text, options.dialect, &context);
    sort(&mut findings);
    let dialect = options.dialect.or_else(|| Some(parse_policy(name, text, None).detection.dialect));
    Ok(Findings { scenario: false, findings, missing_catalogs: missing(dialect) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_says_which_catalogue_it_lacked() {
        let aws = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}"#;
        let without = check_with(aws, &CheckOptions::default(), &Catalogs::none()).unwrap();
        assert_eq!(without.missing_catalogs, vec![Dialect::Aws]);
        assert!(without.findings.iter().all(|f| f.code != "unknown-action"));
        let ram = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": "*"}]}"#;
        let named = CheckOptions { dialect: Some(Dialect::Aliyun), ..CheckOptions::default() };
        assert_eq!(check_with(ram, &named, &Catalogs::none()).unwrap().missing_catalogs, vec![Dialect::Aliyun]);
        let scenario = include_str!("../scenarios/aws-backup.json");
        assert_eq!(check_with(scenario, &named, &Catalogs::none()).unwrap().missing_catalogs, vec![Dialect::Aws]);
    }

    const CASE: &str = r#"{"request": {"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:GetObject",
        "resource": "arn:aws:s3:::photos/cat.jpg", "resource_account": "111111111111"},
      "identity_policies": [{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::photos/*"}]}]}"#;

    #[test]
    fn evaluate_gives_the_decision_and_its_statement() {
        let out = evaluate(CASE, ExplanationDetail::Brief).unwrap();
        assert_eq!(out.cases.len(), 1);
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(json["cases"][0]["decision"], "allow");
        assert_eq!(json["cases"][0]["explanation"]["decisive"][0]["sid"], "Read");
    }

    #[test]
    fn a_broken_case_file_is_one_typed_error_with_its_position() {
        let err = evaluate(
            "{\"request\": {\"principal\": \"x\", \"action\": \"s3:GetObject\"},\n \"bogus\": 1}",
            ExplanationDetail::Brief,
        )
        .unwrap_err();
        let ApiError::Case { finding } = &err else { panic!("{err:?}") };
        assert_eq!((finding.span.line, finding.span.column), (2, 2));
        assert!(err.to_string().starts_with("line 2, column 2: unknown field \"bogus\""), "{err}");
    }

    #[test]
    fn explain_renders_text() {
        let text = explain(CASE).unwrap();
        assert!(text[0].starts_with("ALLOW: Allowed: statement 1 (Sid Read) of identity policy 1"), "{}", text[0]);
        assert!(text[0].contains("at line 4, column 9"), "{}", text[0]);
    }

    #[test]
    fn fixes_name_the_edit_that_allows_a_denied_case() {
        let denied = CASE.replace("photos/cat.jpg", "reports/q1.csv");
        let out = fixes(&denied).unwrap();
        let first = &out[0].fixes.proposals[0];
        assert_eq!(
            first.summary,
            "add arn:aws:s3:::reports/q1.csv to the Resource of statement 1 (Sid Read) of identity policy 1"
        );
        let edit = first.changes[0].change.edit().unwrap();
        let applied = format!("{}{}{}", &denied[..edit.span.start], edit.replacement, &denied[edit.span.end..]);
        let after = evaluate(&applied, ExplanationDetail::Brief).unwrap();
        assert_eq!(after.cases[0].decision, crate::Decision::Allow);
        assert!(fixes(CASE).unwrap()[0].fixes.proposals.is_empty(), "an allowed case needs none");
    }

    #[test]
    fn simulate_runs_every_check_or_the_named_one() {
        let scenario = include_str!("../scenarios/cloud-backup-ram-role.json");
        let all = simulate(scenario, None).unwrap();
        assert!(all.checks.len() > 1);
        assert!(all.checks.iter().all(|c| c.passed), "the built-in checks pass");
        let first = &all.checks[0].name;
        let one = simulate(scenario, Some(first)).unwrap();
        assert_eq!(one.checks.len(), 1);
        assert_eq!(&one.checks[0].name, first);
        let misspelt: String = first.chars().skip(1).collect();
        match simulate(scenario, Some(&misspelt)).unwrap_err() {
            ApiError::UnknownCheck { suggestion, checks, .. } => {
                assert_eq!(suggestion.as_deref(), Some(first.as_str()));
                assert_eq!(checks.len(), all.checks.len());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn simulate_refuses_a_scenario_with_errors() {
        match simulate("{\"accounts\": [}", None).unwrap_err() {
            ApiError::Scenario { findings } => {
                assert_eq!(findings.len(), 1);
                assert_eq!(
                    (findings[0].severity, findings[0].span.line, findings[0].span.column),
                    (Severity::Error, 1, 15)
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn check_reads_policies_and_scenarios() {
        let policy = check(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}"#, &CheckOptions::default())
            .unwrap();
        assert!(!policy.scenario);
        assert_eq!(policy.findings[0].code, "unknown-action");
        assert!(policy.missing_catalogs.is_empty(), "the catalogues are compiled in");
        let scenario = check(include_str!("../scenarios/aws-backup.json"), &CheckOptions::default()).unwrap();
        assert!(scenario.scenario);
    }
}
