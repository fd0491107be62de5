//! Grading a learner's scenario: the lesson's checks run on it by the engine (each failing one
//! with the engine's explanation), its constraints decided, and every change outside the
//! lesson's editable parts reported as a failed constraint of its own.

use crate::constraint;
use crate::model::Lesson;
use crate::scope::changes_outside;
use crate::workspace::with_editor_texts;
use playground_core::authorize::Decision;
use playground_core::diagnostic::{Diagnostic, Severity};
use playground_scenario::chain::ChainResult;
use playground_scenario::document::ScenarioDocument;
use playground_scenario::scenario::{LoadOptions, ScenarioIssue, load_scenario_with};
use serde::Serialize;

/// The name of the constraint every lesson has: the work stays inside the editable parts.
pub const SCOPE_CONSTRAINT: &str = "only the parts the lesson lets you edit are changed";

/// How one check came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckGrade {
    /// The check's name.
    pub name: String,
    /// Whether the decision is the expected one.
    pub passed: bool,
    /// The decision the engine reached.
    pub decision: Decision,
    /// The decision the lesson expects.
    pub expected: Decision,
    /// The engine's explanation: where the chain stopped and why, each hop, and the final
    /// request's decisive statements and the statements that did not apply.
    pub explanation: Vec<String>,
}

/// How one constraint came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConstraintGrade {
    /// What it requires.
    pub name: String,
    /// Whether it holds.
    pub passed: bool,
    /// What was found.
    pub detail: String,
}

/// The grade of a learner's work on a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// The lesson's id.
    pub lesson: String,
    /// Every check, in the lesson's order.
    pub checks: Vec<CheckGrade>,
    /// Every constraint, in the lesson's order, then the scope constraint.
    pub constraints: Vec<ConstraintGrade>,
    /// Problems with the learner's scenario (a document that cannot be read grants nothing).
    pub problems: Vec<String>,
}

impl Grade {
    /// Whether every check and every constraint passes.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed) && self.constraints.iter().all(|c| c.passed)
    }

    /// How many checks and constraints fail.
    pub fn failures(&self) -> usize {
        self.checks.iter().filter(|c| !c.passed).count() + self.constraints.iter().filter(|c| !c.passed).count()
    }
}

/// The engine's explanation of a chain, one line each: the summary, what stopped it before the
/// first hop, each hop's sentence, notes, and the final request's explanation.
fn explanation(result: &ChainResult) -> Vec<String> {
    let mut lines = vec![result.summary.clone()];
    lines.extend(result.preconditions.iter().map(|p| format!("stopped before hop 1: {p}")));
    lines.extend(result.hops.iter().map(|h| format!("[{}] {}", h.decision.as_str(), h.sentence)));
    lines.extend(result.notes.iter().map(|n| format!("note: {n}")));
    if let Some(fin) = &result.final_request {
        lines.push(format!("[{}] final: {} {} on {}", fin.decision.as_str(), fin.principal, fin.action, fin.resource));
        lines.extend(fin.evaluation.render_text().lines().map(|l| format!("  {l}")));
    }
    lines
}

/// A problem of the learner's scenario in a sentence, with its place for the policies given as text.
fn problem(issue: &ScenarioIssue) -> String {
    match issue.unusable_problem() {
        Some(why) => format!("{} cannot be read, so it grants nothing: {why}", issue.policy().unwrap_or("a policy")),
        None => {
            let at = issue.span();
            format!("line {}, column {}: {}", at.line, at.column, issue.message())
        }
    }
}

/// Grades a learner's scenario (the workspace's scenario) against a lesson.
pub fn grade(lesson: &Lesson, learner: &ScenarioDocument) -> Grade {
    // The lesson's checks, not the learner's, are what is graded; each document as the learner
    // sees it in the editor, so that the explanation's lines are lines of that document.
    let mut graded = with_editor_texts(learner.clone());
    graded.checks = Some(lesson.checks.clone());
    let text = serde_json::to_string(&graded).expect("scenario documents serialize");
    // Leniently, as the web app loads it: a half-typed document grants nothing and is reported.
    let loaded = load_scenario_with(&text, LoadOptions { lenient: true });
    let problems: Vec<String> = loaded
        .issues
        .iter()
        .filter(|i| i.severity() == Severity::Error || matches!(i, ScenarioIssue::UnusablePolicy { .. }))
        .map(problem)
        .collect();
    let checks = match &loaded.scenario {
        Some(scenario) => scenario
            .run_checks()
            .iter()
            .map(|r| CheckGrade {
                name: r.check.clone(),
                passed: r.passed(),
                decision: r.decision,
                expected: r.expected,
                explanation: explanation(r),
            })
            .collect(),
        None => lesson
            .checks
            .iter()
            .map(|c| CheckGrade {
                name: c.name.clone(),
                passed: false,
                decision: Decision::ImplicitDeny,
                expected: c.expected_decision().unwrap_or(Decision::Allow),
                explanation: vec![format!(
                    "not run: the scenario cannot be loaded ({})",
                    problems.first().map_or("no reason given", String::as_str)
                )],
            })
            .collect(),
    };
    let mut constraints: Vec<ConstraintGrade> = lesson
        .constraints
        .iter()
        .map(|c| {
            let (passed, detail) = constraint::decide(&c.kind, learner, loaded.scenario.as_ref(), &lesson.start);
            ConstraintGrade { name: c.name.clone(), passed, detail }
        })
        .collect();
    let outside = changes_outside(lesson, learner);
    constraints.push(ConstraintGrade {
        name: SCOPE_CONSTRAINT.to_string(),
        passed: outside.is_empty(),
        detail: if outside.is_empty() { "nothing else was changed".into() } else { outside.join("; ") },
    });
    Grade { lesson: lesson.id.clone(), checks, constraints, problems }
}

/// Grades the lesson's starting state (what a learner is given).
pub fn grade_start(lesson: &Lesson) -> Grade {
    grade(lesson, &lesson.start)
}

/// Grades the lesson's reference solution.
pub fn grade_solution(lesson: &Lesson) -> Grade {
    grade(lesson, &lesson.solution)
}
