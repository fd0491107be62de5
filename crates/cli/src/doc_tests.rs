//! `policy-playground test`: documentation that tests itself. Every case file and scenario under
//! the given paths is run, and every expectation it states is a check: a case's `expected`
//! decision, a scenario check's expected decision. Files are told apart by their content, so a
//! documentation site's folder can be given as it is (other JSON files are passed over).

use policy_playground::case::{Case, load_each_case};
use policy_playground::catalog::Catalogs;
use policy_playground::diagnostic::{Diagnostic, Finding, Severity};
use policy_playground::findings::is_scenario_text;
use policy_playground::json::{self, Json};
use policy_playground::scenario::load_scenario;
use policy_playground::span::LineIndex;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What happened to one check, or to an input that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The decision is the expected one.
    Pass {
        /// The expected (and actual) decision.
        decision: &'static str,
    },
    /// The decision differs from the expected one.
    Fail {
        /// The decision the file expects.
        expected: &'static str,
        /// The decision the engine made.
        actual: &'static str,
    },
    /// A case that states no expected decision: nothing to check.
    Skip,
    /// The file, or this case of it, cannot be read.
    Error {
        /// Column of the problem (its line is the result's).
        column: u32,
        /// Stable code of the problem (`json-syntax`, `case-shape`, `io`, ...).
        code: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// One line of the report: a check (or an unreadable input) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// The case's or check's name (the file's name for a problem with the whole file).
    pub name: String,
    /// Line of the case or check in its file (1 for a file that cannot be opened).
    pub line: u32,
    /// What happened.
    pub outcome: Outcome,
}

/// The checks of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file, as found under the paths given.
    pub file: String,
    /// Each check, in file order.
    pub results: Vec<CheckResult>,
}

/// What a file holds, judged by its content.
enum FileKind {
    /// A case file: an object with `request`, or an array with such objects.
    Cases,
    /// A scenario file.
    Scenario,
    /// Another JSON document (a policy, a package manifest): not a test.
    Other,
}

/// Every file to run under `paths`, in a stable order: files given by name, and the `.json`
/// files of directories (recursed, sorted by name; hidden directories and `node_modules` are
/// passed over, and a directory reached twice through links is read once). A path that cannot
/// be listed is reported as an unreadable input.
pub fn collect(paths: &[String]) -> (Vec<(PathBuf, bool)>, Vec<FileReport>) {
    let mut walk = Walk::default();
    for path in paths {
        walk.visit(Path::new(path), true);
    }
    (walk.files, walk.problems)
}

/// What [`collect`] has found so far.
#[derive(Default)]
struct Walk {
    /// Each file, and whether it was named on the command line.
    files: Vec<(PathBuf, bool)>,
    problems: Vec<FileReport>,
    /// The directories listed, by their canonical path, so that a link cycle ends.
    seen: HashSet<PathBuf>,
}

impl Walk {
    fn visit(&mut self, path: &Path, named: bool) {
        if !path.is_dir() {
            if named || path.extension().is_some_and(|e| e == "json") {
                self.files.push((path.to_path_buf(), named));
            }
            return;
        }
        let skipped =
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') || n == "node_modules");
        if (!named && skipped) || !self.seen.insert(path.canonicalize().unwrap_or_else(|_| path.to_path_buf())) {
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                let file = path.display().to_string();
                self.problems.push(unreadable_file(&file, 1, 1, "io", format!("cannot list: {e}")));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            self.visit(&child, false);
        }
    }
}

/// A report of one problem that keeps a whole file (or path) from being run.
pub fn unreadable_file(file: &str, line: u32, column: u32, code: &'static str, message: String) -> FileReport {
    let name = Path::new(file).file_name().map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
    FileReport {
        file: file.to_string(),
        results: vec![CheckResult { name, line, outcome: Outcome::Error { column, code, message } }],
    }
}

/// Runs the checks of one file (`text`, already read); `None` for a JSON file that is neither a
/// case file nor a scenario and was found in a directory (a file named on the command line is
/// reported instead).
pub fn run_file(file: &str, text: &str, named: bool, catalogs: &Catalogs) -> Option<FileReport> {
    let kind = match json::parse_limited(text, json::MAX_FILE_BYTES) {
        Ok(_) if is_scenario_text(text) => FileKind::Scenario,
        Ok(parsed) if is_case(&parsed.value) || parsed.value.as_array().is_some_and(|a| a.iter().any(is_case)) => {
            FileKind::Cases
        }
        Ok(_) => FileKind::Other,
        // Not JSON as a whole, but an array whose cases can be told apart: each is read on its
        // own, so one case's syntax error does not hide the others.
        Err(_) if load_each_case(text).is_ok() => FileKind::Cases,
        Err(e) => return Some(unreadable_file(file, e.span.line, e.span.column, e.code(), e.message)),
    };
    let results = match kind {
        FileKind::Scenario => scenario_checks(text),
        FileKind::Cases => case_checks(text, catalogs),
        FileKind::Other if named => {
            let message = "neither a case file (objects with \"request\") nor a scenario file".to_string();
            return Some(unreadable_file(file, 1, 1, "not-a-test", message));
        }
        FileKind::Other => return None,
    };
    Some(FileReport { file: file.to_string(), results })
}

/// An object with a `request`: a case (it may still be unreadable).
fn is_case(value: &Json) -> bool {
    value.get("request").is_some()
}

fn error_result(name: String, finding: &Finding) -> CheckResult {
    let message = match &finding.policy {
        Some(policy) => format!("policy \"{policy}\": {}", finding.message),
        None => finding.message.clone(),
    };
    CheckResult {
        name,
        line: finding.span.line,
        outcome: Outcome::Error { column: finding.span.column, code: finding.code, message },
    }
}

fn case_checks(text: &str, catalogs: &Catalogs) -> Vec<CheckResult> {
    let cases = match load_each_case(text) {
        Ok(cases) => cases,
        Err(error) => {
            let parsed = json::parse_limited(text, json::MAX_FILE_BYTES).ok();
            let name = parsed.as_ref().and_then(|p| p.value.get("name")?.as_str()).unwrap_or("case 1").to_string();
            return error.findings().iter().map(|f| error_result(name.clone(), f)).collect();
        }
    };
    // Where each case starts: the elements of an array (split as the batch reader splits it,
    // which works on a text that is not JSON as a whole too), or the one object.
    let index = LineIndex::new(text);
    let line_of = |offset: usize| index.line_column(offset).0;
    let lines: Vec<u32> = match json::split::array_elements(text) {
        Some(ranges) => ranges
            .iter()
            .map(|&(start, end)| {
                let element = &text[start..end];
                line_of(start + element.len() - element.trim_start().len())
            })
            .collect(),
        None => vec![line_of(text.len() - text.trim_start().len())],
    };
    let mut results = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        match case {
            Ok(case) => results.push(case_check(case, line, catalogs)),
            Err(bad) => results.extend(bad.error.findings().iter().map(|f| error_result(bad.name.clone(), f))),
        }
    }
    results
}

/// Evaluates a case as `eval` does (context keys its cloud never sends with the action left
/// out) and compares the decision with the expected one.
fn case_check(case: &Case, line: u32, catalogs: &Catalogs) -> CheckResult {
    let Some(expected) = case.expected else {
        return CheckResult { name: case.name.clone(), line, outcome: Outcome::Skip };
    };
    let mut case = case.clone();
    let (dialect, action) = (case.request.dialect, case.request.action.clone());
    case.set_aside_unsent_keys(|key| catalogs.get(dialect)?.sends_key(&action, key));
    let actual = case.evaluate().decision;
    let outcome = if actual == expected {
        Outcome::Pass { decision: actual.as_str() }
    } else {
        Outcome::Fail { expected: expected.as_str(), actual: actual.as_str() }
    };
    CheckResult { name: case.name, line, outcome }
}

fn scenario_checks(text: &str) -> Vec<CheckResult> {
    let loaded = load_scenario(text);
    let errors: Vec<Finding> =
        loaded.issues.iter().filter(|i| i.severity() == Severity::Error).map(Finding::from_diagnostic).collect();
    let Some(scenario) = loaded.scenario.filter(|_| errors.is_empty()) else {
        return errors.iter().map(|f| error_result("scenario".into(), f)).collect();
    };
    scenario
        .checks
        .iter()
        .map(|check| {
            let result = scenario.run_check(check);
            let (expected, actual) = (result.expected.as_str(), result.decision.as_str());
            let outcome =
                if result.passed() { Outcome::Pass { decision: actual } } else { Outcome::Fail { expected, actual } };
            CheckResult { name: check.name.clone(), line: check.span.line, outcome }
        })
        .collect()
}

/// How many checks passed, failed, were skipped, and how many inputs could not be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Checks whose decision is the expected one.
    pub passed: usize,
    /// Checks whose decision is not.
    pub failed: usize,
    /// Cases without an expected decision.
    pub skipped: usize,
    /// Files or cases that could not be read.
    pub errors: usize,
}

impl Tally {
    /// Counts the outcomes of `reports`.
    pub fn of(reports: &[FileReport]) -> Tally {
        let mut tally = Tally::default();
        for result in reports.iter().flat_map(|r| &r.results) {
            match result.outcome {
                Outcome::Pass { .. } => tally.passed += 1,
                Outcome::Fail { .. } => tally.failed += 1,
                Outcome::Skip => tally.skipped += 1,
                Outcome::Error { .. } => tally.errors += 1,
            }
        }
        tally
    }

    /// The last line of the human report: `N passed, M failed`, then what else there was.
    pub fn summary(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed, self.failed);
        if self.skipped > 0 {
            line.push_str(&format!(", {} skipped (no expected decision)", self.skipped));
        }
        if self.errors > 0 {
            line.push_str(&format!(", {} could not be read", self.errors));
        }
        line
    }
}

/// One line per check: `PASS|FAIL|SKIP|ERROR  name  expected X, got Y  file:line`.
pub fn human_line(file: &str, result: &CheckResult) -> String {
    let CheckResult { name, line, outcome } = result;
    match outcome {
        Outcome::Pass { decision } => format!("PASS  {name}  expected {decision}, got {decision}  {file}:{line}"),
        Outcome::Fail { expected, actual } => format!("FAIL  {name}  expected {expected}, got {actual}  {file}:{line}"),
        Outcome::Skip => format!("SKIP  {name}  no expected decision  {file}:{line}"),
        Outcome::Error { column, message, .. } => format!("ERROR {name}  {message}  {file}:{line}:{column}"),
    }
}

/// The report as JUnit XML: one `testsuite` per file, one `testcase` per check (failures as
/// `failure`, unreadable inputs as `error`, cases without an expectation as `skipped`), each
/// with `file` and `line` attributes for CI systems that link to the source.
pub fn junit(reports: &[FileReport]) -> Result<String, quick_junit::SerializeError> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("policy-playground test");
    for file_report in reports {
        let mut suite = TestSuite::new(file_report.file.as_str());
        for result in &file_report.results {
            let status = match &result.outcome {
                Outcome::Pass { .. } => TestCaseStatus::success(),
                Outcome::Fail { expected, actual } => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status
                        .set_message(format!("expected {expected}, got {actual}"))
                        .set_type("decision")
                        .set_description(format!("{}:{}", file_report.file, result.line));
                    status
                }
                Outcome::Skip => {
                    let mut status = TestCaseStatus::skipped();
                    status.set_message("no expected decision");
                    status
                }
                Outcome::Error { column, code, message } => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                    status
                        .set_message(message.as_str())
                        .set_type(*code)
                        .set_description(format!("{}:{}:{column}", file_report.file, result.line));
                    status
                }
            };
            let mut case = TestCase::new(result.name.as_str(), status);
            case.set_classname(file_report.file.as_str());
            case.extra.insert("file".into(), file_report.file.as_str().into());
            case.extra.insert("line".into(), result.line.to_string().into());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    report.to_string()
}
