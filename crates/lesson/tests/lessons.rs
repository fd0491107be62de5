//! Every lesson under lessons/: it loads, its starting state fails its check for the reason the
//! lesson teaches (some check or constraint fails), and its reference solution passes everything.

use playground_core::diagnostic::Diagnostic;
use playground_lesson::{Grade, grade_solution, grade_start, load_lesson};
use std::path::PathBuf;

fn lesson_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn report(grade: &Grade) -> String {
    let mut out = String::new();
    for c in &grade.checks {
        out.push_str(&format!(
            "  check {} {}: {:?} (expected {:?})\n",
            if c.passed { "PASS" } else { "FAIL" },
            c.name,
            c.decision,
            c.expected
        ));
        if !c.passed {
            for line in &c.explanation {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    for c in &grade.constraints {
        out.push_str(&format!("  constraint {} {}: {}\n", if c.passed { "PASS" } else { "FAIL" }, c.name, c.detail));
    }
    for p in &grade.problems {
        out.push_str(&format!("  problem: {p}\n"));
    }
    out
}

#[test]
fn there_are_at_least_ten_lessons_with_distinct_ids() {
    let files = lesson_files();
    assert!(files.len() >= 10, "{} lessons", files.len());
    let mut ids: Vec<String> = files
        .iter()
        .map(|f| load_lesson(&std::fs::read_to_string(f).unwrap()).map(|l| l.id).unwrap_or_default())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), files.len(), "lesson ids repeat: {ids:?}");
}

#[test]
fn every_lesson_loads_its_start_fails_and_its_solution_passes() {
    for file in lesson_files() {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let lesson = load_lesson(&text).unwrap_or_else(|errors| {
            let messages: Vec<String> =
                errors.iter().map(|e| format!("{}:{}: {}", e.span().line, e.span().column, e.message())).collect();
            panic!("{name} does not load:\n{}", messages.join("\n"))
        });
        assert_eq!(
            file.file_stem().unwrap().to_str().unwrap().split_once('-').map(|(_, rest)| rest),
            Some(lesson.id.as_str()),
            "{name}: the file is named NN-ID.json"
        );
        assert!(!lesson.hints.is_empty() && !lesson.goal.is_empty(), "{name}");
        let start = grade_start(&lesson);
        assert!(!start.passed(), "{name}: the starting state already passes:\n{}", report(&start));
        // It fails for the reason the lesson teaches: exactly the checks and constraints it names.
        let failing: Vec<&str> = start
            .checks
            .iter()
            .map(|c| (c.passed, c.name.as_str()))
            .chain(start.constraints.iter().map(|c| (c.passed, c.name.as_str())))
            .filter(|(passed, _)| !passed)
            .map(|(_, name)| name)
            .collect();
        assert!(
            !lesson.fails_at_start.is_empty(),
            "{name}: say which checks the starting state fails (\"fails_at_start\")"
        );
        assert_eq!(
            failing,
            lesson.fails_at_start,
            "{name}: the starting state fails other checks than it says:\n{}",
            report(&start)
        );
        assert!(start.problems.is_empty(), "{name}: the starting state has problems:\n{}", report(&start));
        let solution = grade_solution(&lesson);
        assert!(solution.passed(), "{name}: the reference solution fails:\n{}", report(&solution));
        assert!(solution.problems.is_empty(), "{name}: the solution has problems:\n{}", report(&solution));
    }
}
