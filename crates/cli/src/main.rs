//! `policy-playground`: evaluate and check cloud access policies from the command line.

mod doc_tests;
mod input;
mod render;
mod sarif;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use policy_playground::case::CaseError;
use policy_playground::catalog::Catalogs;
use policy_playground::diagnostic::{Diagnostic, Finding, Severity};
use policy_playground::dialect::Dialect;
use policy_playground::explain::Detail;
use policy_playground::findings::{CheckContext, check_policy, check_scenario, is_scenario_text};
use policy_playground::policy::parse_policy;
use policy_playground::run::{RunError, RunOptions};
use policy_playground::scenario::{Scenario, ScenarioIssue, load_scenario};
use policy_playground::span::LineIndex;
use render::Renderer;
use serde::Serialize;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

// The CLI allocates and frees many small values per case (JSON trees, compiled patterns);
// mimalloc makes batch runs of `eval --json` markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Parse, evaluate and explain AWS IAM and Alibaba Cloud RAM policies.
///
/// FILE may be `-` for standard input. Exit status: 0 on success (whatever the decisions),
/// 1 when `check` finds an error or a `simulate` check differs from its expectation,
/// 2 for unreadable or invalid input.
#[derive(Parser)]
#[command(name = "policy-playground", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate one case, or an array of cases, and explain each decision.
    Eval(EvalArgs),
    /// Check a policy document as pasted, or a scenario file (detected), and print every finding
    /// (error, security warning, warning, suggestion, note) by position, with its line
    /// underlined and a fix where there is one. Exits 1 when a finding is an error.
    Check(CheckArgs),
    /// Run a scenario's named checks: each AssumeRole hop and the final request, explained.
    /// Exits 1 when a check's decision differs from its expectation.
    Simulate(SimulateArgs),
    /// Search a scenario: every chain from an identity to a permission (--from ID --action A),
    /// who can assume a role (--to-role ROLE), or who can perform an action (--action A).
    Paths(PathsArgs),
    /// Run every case file and scenario under the paths (directories recursed, files told apart
    /// by their content) and check each expected decision: one line per check, then
    /// `N passed, M failed`. Exits 1 when a check fails, 2 when an input cannot be read.
    Test(TestArgs),
    /// Grade a lesson (lessons/*.json): its starting state, its reference solution
    /// (--solution), or a learner's work (--workspace: a share link, saved work, workspace JSON or
    /// scenario file). One line per check and constraint, failing checks explained. Exits 1 when
    /// any check or constraint fails.
    Lesson(LessonArgs),
    /// Print a completion script for a shell.
    Completions(CompletionsArgs),
    /// Print the version.
    #[command(hide = true)]
    Version,
}

/// Options of `eval`.
#[derive(Args)]
struct EvalArgs {
    /// The case file: one case object or an array of them (`-` for standard input).
    #[arg(value_name = "CASE.json")]
    file: String,
    /// Print one JSON object per case per line: the decision, summary, decisive statements and
    /// each layer's outcome.
    #[arg(long)]
    json: bool,
    /// With --json, add every layer and every statement's report (what matched and why not).
    #[arg(long)]
    detail: bool,
    /// For each denied case, list the smallest changes that would allow it (each an edit to a
    /// named statement or policy, proven by evaluating again) and what else each would allow.
    /// With --json, each line gets a "fixes" object.
    #[arg(long)]
    fixes: bool,
}

/// Options of `check`.
#[derive(Args)]
struct CheckArgs {
    /// A policy document as pasted (fragments too) or a scenario file (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// Print one JSON object with the findings (the same as `--format json`).
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// How to print the findings: for people, as one JSON object, or as a SARIF 2.1.0 log for
    /// code scanning.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Read the document in this dialect instead of detecting it.
    #[arg(long, value_parser = parse_dialect)]
    dialect: Option<Dialect>,
}

/// The output forms of `check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The line with the span underlined, the help and the fix.
    Human,
    /// One JSON object with the findings.
    Json,
    /// A SARIF 2.1.0 log.
    Sarif,
}

/// Options of `simulate`.
#[derive(Args)]
struct SimulateArgs {
    /// The scenario file (`-` for standard input).
    #[arg(value_name = "SCENARIO.json")]
    file: String,
    /// Run only the check with this name.
    #[arg(long, value_name = "NAME")]
    check: Option<String>,
    /// Apply this "what breaks" mutation first (repeatable).
    #[arg(long = "break", value_name = "ID")]
    breaks: Vec<String>,
    /// List the scenario's "what breaks" mutations.
    #[arg(long)]
    list_breaks: bool,
    /// Print one JSON object per check per line.
    #[arg(long)]
    json: bool,
    /// For each check that ends in a deny, list the smallest changes to the scenario that would
    /// allow it, each proven by running the check again (with --json, a "fixes" object).
    #[arg(long)]
    fixes: bool,
}

/// Options of `lesson`.
#[derive(Args)]
struct LessonArgs {
    /// The lesson file (`-` for standard input).
    #[arg(value_name = "LESSON.json")]
    file: String,
    /// The learner's exported workspace: a file holding a share link (or the fragment), the
    /// saved work, the workspace JSON or a scenario file (`-` for standard input).
    #[arg(long, value_name = "W")]
    workspace: Option<String>,
    /// Grade the lesson's reference solution instead of its starting state.
    #[arg(long, conflicts_with = "workspace")]
    solution: bool,
    /// Print the grade as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Options of `paths`.
#[derive(Args)]
struct PathsArgs {
    /// The scenario file (`-` for standard input).
    #[arg(value_name = "SCENARIO.json")]
    file: String,
    /// The identity the chains start from (with --action).
    #[arg(long, value_name = "ID")]
    from: Option<String>,
    /// Who can assume this role.
    #[arg(long, value_name = "ROLE")]
    to_role: Option<String>,
    /// The action to reach.
    #[arg(long, value_name = "A")]
    action: Option<String>,
    /// The resource of the action (default `*`).
    #[arg(long, value_name = "R")]
    resource: Option<String>,
    /// The longest chain, in AssumeRole hops.
    #[arg(long, value_name = "N", default_value_t = policy_playground::paths::DEFAULT_MAX_DEPTH,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10))]
    depth: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Options of `test`.
#[derive(Args)]
struct TestArgs {
    /// Case files, scenario files, or directories holding them (their `.json` files are run).
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// How to print the results: a line per check, or JUnit XML for CI systems (the summary
    /// line then goes to standard error).
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,
}

/// The output forms of `test`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TestFormat {
    /// `PASS|FAIL|SKIP|ERROR  name  expected X, got Y  file:line`, then `N passed, M failed`.
    Human,
    /// A JUnit XML report: a testsuite per file, a testcase per check.
    Junit,
}

/// Options of `completions`.
#[derive(Args)]
struct CompletionsArgs {
    /// The shell to complete for.
    shell: clap_complete::Shell,
}

fn parse_dialect(name: &str) -> Result<Dialect, String> {
    Dialect::from_name(name).ok_or_else(|| format!("unknown dialect {name:?}: use aws or aliyun"))
}

/// Why a command could not do its work (exit status 2).
#[derive(Debug)]
enum CliError {
    /// A file or standard input cannot be read.
    Read {
        /// The file.
        file: String,
        /// Why.
        error: std::io::Error,
    },
    /// The file is not UTF-8.
    NotUtf8 {
        /// The file.
        file: String,
        /// Line of the first bad byte.
        line: u32,
        /// Column of the first bad byte.
        column: u32,
    },
    /// A case file that `check` does not read.
    CaseFileToCheck {
        /// The file.
        file: String,
    },
    /// Diagnostics already rendered for people (a case or a scenario that cannot be read).
    Rendered(String),
    /// A path query names no role of the scenario.
    Path(policy_playground::paths::PathError),
    /// Writing the output failed.
    Write(std::io::Error),
    /// Anything else, in words.
    Message(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Read { file, error } if file == "-" => write!(f, "cannot read standard input: {error}"),
            CliError::Read { file, error } => write!(f, "cannot read {file}: {error}"),
            CliError::NotUtf8 { file, line, column } => write!(
                f,
                "{file}:{line}:{column}: the file is not UTF-8 text (policy documents are JSON, which is UTF-8)"
            ),
            CliError::CaseFileToCheck { file } => write!(
                f,
                "{file} is a case file (a request and its policies): `check` reads a policy document or a scenario file; use `eval` for case files"
            ),
            CliError::Rendered(text) | CliError::Message(text) => f.write_str(text),
            CliError::Path(e) => write!(f, "{e}"),
            CliError::Write(e) => write!(f, "cannot write the results: {e}"),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> CliError {
        CliError::Write(e)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> CliError {
        CliError::Message(format!("cannot serialize the results: {e}"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => {
            // No command: the overview, as `--help` prints it.
            let _ = Cli::command().print_help();
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Eval(args)) => eval(&args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Simulate(args)) => simulate(&args),
        Some(Command::Paths(args)) => paths(&args),
        Some(Command::Test(args)) => test(&args),
        Some(Command::Lesson(args)) => lesson(&args),
        Some(Command::Completions(args)) => {
            clap_complete::generate(args.shell, &mut Cli::command(), "policy-playground", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Version) => {
            println!("policy-playground {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(CliError::Rendered(text)) => {
            eprintln!("{}", text.trim_end());
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Whether standard output is a terminal that wants colour.
fn stdout_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Whether standard error is a terminal that wants colour.
fn stderr_colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn read(file: &str) -> Result<String, CliError> {
    let bytes = input::read_bytes(file).map_err(|error| CliError::Read { file: file.into(), error })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let (line, column) = LineIndex::new(&text).line_column(text.len());
        CliError::NotUtf8 { file: file.into(), line, column }
    })
}

fn eval(opts: &EvalArgs) -> Result<ExitCode, CliError> {
    // The AWS catalogue (for the context-key check) is read while the file is: otherwise the
    // first case of every thread waits for it.
    std::thread::spawn(|| Catalogs::builtin().get(Dialect::Aws).is_some());
    let text = read(&opts.file)?;
    // Context keys a request for the action never carries are left out, with a warning.
    let catalogs = Catalogs::builtin();
    if opts.fixes {
        return eval_with_fixes(opts, &text, &catalogs);
    }
    let sends = |dialect: Dialect, action: &str, key: &str| catalogs.get(dialect)?.sends_key(action, key);
    let run_options = RunOptions { json: opts.json, detail: opts.detail, file: &opts.file, sends_key: Some(&sends) };
    match policy_playground::run::run(&text, &run_options, &mut std::io::stdout()) {
        Ok(summary) if summary.unreadable == 0 => Ok(ExitCode::SUCCESS),
        Ok(summary) => {
            // Each unreadable case's error is in the output, in its place; this says the run is
            // not whole, for a person watching standard error.
            eprintln!(
                "{}: {} of {} cases could not be read (their errors are in the output)",
                opts.file, summary.unreadable, summary.cases
            );
            Ok(ExitCode::from(2))
        }
        Err(RunError::Case { error, .. }) => Err(CliError::Rendered(case_error(&opts.file, &text, &error))),
        Err(RunError::Write(e)) => Err(CliError::Write(e)),
        Err(other) => Err(CliError::Message(other.to_string())),
    }
}

/// `eval --fixes`: each case explained as `eval` explains it, then its hints. Cases are read
/// and decided one after the other (the hints search many decisions per denied case).
fn eval_with_fixes(opts: &EvalArgs, text: &str, catalogs: &Catalogs) -> Result<ExitCode, CliError> {
    let cases = policy_playground::case::load_cases(text)
        .map_err(|error| CliError::Rendered(case_error(&opts.file, text, &error)))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let total = cases.len();
    for (i, mut case) in cases.into_iter().enumerate() {
        policy_playground::context_keys::set_aside_unsent_keys(&mut case, catalogs);
        let detail = if opts.json && !opts.detail { Detail::Brief } else { Detail::Full };
        let result = case.evaluate_with(detail);
        let fixes = policy_playground::api::case_fixes(&case, text, catalogs);
        if opts.json {
            let mut line = serde_json::to_value(&result)?;
            if let Some(object) = line.as_object_mut() {
                object.insert("fixes".into(), serde_json::to_value(&fixes)?);
            }
            serde_json::to_writer(&mut out, &line)?;
            writeln!(out)?;
        } else {
            write!(out, "{}", policy_playground::run::case_text(&case, &result, i, total, &opts.file))?;
            write!(out, "{}", fixes.render_text())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A case file's problem, rendered: each error of a policy that cannot be read, or the problem.
fn case_error(file: &str, text: &str, e: &CaseError) -> String {
    let renderer = Renderer::new(file, text, stderr_colour());
    match e {
        CaseError::Policy { policy, .. } => {
            let mut s = format!("{file}: policy \"{policy}\" has errors\n");
            for issue in e.policy_errors() {
                s.push_str(&renderer.diagnostic(issue));
            }
            s
        }
        other => renderer.diagnostic(other),
    }
}

fn test(opts: &TestArgs) -> Result<ExitCode, CliError> {
    let catalogs = Catalogs::builtin();
    let (files, mut reports) = doc_tests::collect(&opts.paths);
    for (path, named) in files {
        let file = path.display().to_string();
        match read(&file) {
            Ok(text) => reports.extend(doc_tests::run_file(&file, &text, named, &catalogs)),
            Err(CliError::NotUtf8 { line, column, .. }) => reports.push(doc_tests::unreadable_file(
                &file,
                line,
                column,
                "not-utf8",
                "the file is not UTF-8 text".into(),
            )),
            Err(e) => reports.push(doc_tests::unreadable_file(&file, 1, 1, "io", e.to_string())),
        }
    }
    let tally = doc_tests::Tally::of(&reports);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match opts.format {
        TestFormat::Human => {
            for report in &reports {
                for result in &report.results {
                    writeln!(out, "{}", doc_tests::human_line(&report.file, result))?;
                }
            }
            writeln!(out, "{}", tally.summary())?;
        }
        TestFormat::Junit => {
            let xml =
                doc_tests::junit(&reports).map_err(|e| CliError::Message(format!("cannot write JUnit XML: {e}")))?;
            writeln!(out, "{xml}")?;
            eprintln!("{}", tally.summary());
        }
    }
    out.flush()?;
    Ok(if tally.errors > 0 {
        ExitCode::from(2)
    } else if tally.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What `check --json` prints.
#[derive(Serialize)]
struct CheckReport<'a> {
    file: &'a str,
    kind: &'static str,
    dialect: Option<Dialect>,
    dialect_reason: Option<&'a str>,
    statements: Option<usize>,
    errors: usize,
    findings: &'a [Finding],
}

fn check(opts: &CheckArgs) -> Result<ExitCode, CliError> {
    let text = read(&opts.file)?;
    // Over the size limit, nothing reads the text: it is reported as a policy document too large.
    let readable = text.len() <= policy_playground::json::MAX_FILE_BYTES;
    if readable && is_case_text(&text) {
        return Err(CliError::CaseFileToCheck { file: opts.file.clone() });
    }
    let scenario = readable && is_scenario_text(&text);
    let name =
        std::path::Path::new(&opts.file).file_stem().map_or("policy".into(), |s| s.to_string_lossy().to_string());
    let parsed = (!scenario).then(|| parse_policy(&name, &text, opts.dialect));
    let findings = if scenario {
        check_scenario(&text)
    } else {
        check_policy(&name, &text, opts.dialect, &CheckContext::default())
    };
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let errors = count(Severity::Error);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let format = if opts.json { Format::Json } else { opts.format };
    if format == Format::Sarif {
        serde_json::to_writer(&mut out, &sarif::log(&opts.file, &findings))?;
        writeln!(out)?;
    } else if format == Format::Json {
        let report = CheckReport {
            file: &opts.file,
            kind: if scenario { "scenario" } else { "policy" },
            dialect: parsed.as_ref().map(|p| p.detection.dialect),
            dialect_reason: parsed.as_ref().map(|p| p.detection.reason.as_str()),
            statements: parsed.as_ref().and_then(|p| p.policy.as_ref()).map(|p| p.statements.len()),
            errors,
            findings: &findings,
        };
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        let renderer = Renderer::new(&opts.file, &text, stdout_colour());
        for f in &findings {
            write!(out, "{}", renderer.finding(f))?;
        }
        let what = match &parsed {
            Some(p) => {
                let statements =
                    p.policy.as_ref().map_or(String::new(), |p| format!(", {} statement(s)", p.statements.len()));
                format!("{}{statements}", p.detection.reason)
            }
            None => "scenario file".to_string(),
        };
        let notes = match count(Severity::Note) {
            0 => String::new(),
            n => format!(", {n} note(s)"),
        };
        writeln!(
            out,
            "{}: {what}; {errors} error(s), {} security warning(s), {} warning(s), {} suggestion(s){notes}",
            opts.file,
            count(Severity::SecurityWarning),
            count(Severity::Warning),
            count(Severity::Suggestion),
        )?;
    }
    out.flush()?;
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A case file: an object (or an array of objects) with `request` and policy lists.
fn is_case_text(text: &str) -> bool {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return false };
    let is_case = |v: &serde_json::Value| v.get("request").is_some() && v.get("Statement").is_none();
    match &value {
        serde_json::Value::Array(items) => !items.is_empty() && items.iter().all(is_case),
        v => is_case(v),
    }
}

/// Loads a scenario and applies the mutations `breaks`; its errors, rendered, when it cannot be loaded.
fn load(file: &str, breaks: &[String]) -> Result<(Scenario, Vec<ScenarioIssue>), CliError> {
    let text = read(file)?;
    let loaded = load_scenario(&text);
    let Some(mut scenario) = loaded.scenario else {
        let renderer = Renderer::new(file, &text, stderr_colour());
        let mut message = format!("{file}: the scenario has errors\n");
        for issue in loaded.issues.iter().filter(|i| i.severity() == Severity::Error) {
            message.push_str(&renderer.diagnostic(issue));
        }
        return Err(CliError::Rendered(message));
    };
    for id in breaks {
        let all = scenario.what_breaks();
        let Some(m) = all.iter().find(|m| &m.id == id) else {
            let ids: Vec<&str> = all.iter().map(|m| m.id.as_str()).collect();
            return Err(CliError::Message(format!("no mutation {id:?}; this scenario has: {}", ids.join(", "))));
        };
        scenario = scenario.mutated(&m.mutation);
    }
    // Context keys the cloud would not send with a request's action are left out, as in `eval`.
    let scenario = policy_playground::context_keys::with_sent_keys(scenario, &Catalogs::builtin());
    Ok((scenario, loaded.issues))
}

fn paths(opts: &PathsArgs) -> Result<ExitCode, CliError> {
    let (scenario, _) = load(&opts.file, &[])?;
    let resource = opts.resource.clone().unwrap_or_else(|| "*".into());
    let context = policy_playground::request::Context::default();
    let report = match (&opts.from, &opts.to_role, &opts.action) {
        (Some(from), None, Some(action)) => scenario.paths_to_permission(from, action, &resource, &context, opts.depth),
        (None, Some(role), None) => scenario.who_can_assume(role, opts.depth).map_err(CliError::Path)?,
        (None, None, Some(action)) => scenario.who_can_perform(action, &resource, &context, opts.depth),
        _ => {
            return Err(CliError::Message(
                "give --from ID --action A, or --to-role ROLE, or --action A alone (see `policy-playground paths --help`)"
                    .into(),
            ));
        }
    };
    if opts.json {
        println!("{}", serde_json::to_string(&report).map_err(|e| CliError::Message(e.to_string()))?);
        return Ok(ExitCode::SUCCESS);
    }
    if report.paths.is_empty() {
        println!("no chain found ({} evaluations, depth {})", report.evaluations, opts.depth);
    }
    if !report.identities.is_empty() {
        println!("{} identities can get there within {} hops:", report.identities.len(), opts.depth);
        for r in report.identities.iter().take(50) {
            println!("  {} ({} hop(s))", r.identity, r.hops);
        }
        if report.identities.len() > 50 {
            println!("  ... {} more (--json lists them all)", report.identities.len() - 50);
        }
        println!("chains:");
    }
    for p in &report.paths {
        let mut line = p.from.clone();
        for h in &p.hops {
            line.push_str(&format!(" -> {}", h.role));
        }
        if p.hops.is_empty() {
            line.push_str(" (directly)");
        }
        println!("{line}");
        for h in &p.hops {
            let why: Vec<String> = h.decisive.iter().map(|d| format!("{} of {}", d.label, d.policy)).collect();
            println!("    {} assumes {}: {}", h.caller, h.role, why.join(", "));
        }
        if !p.decisive.is_empty() {
            let why: Vec<String> = p.decisive.iter().map(|d| format!("{} of {}", d.label, d.policy)).collect();
            println!("    allowed by {}", why.join(", "));
        }
    }
    if report.truncated {
        println!("(stopped after {} paths)", report.paths.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn simulate(opts: &SimulateArgs) -> Result<ExitCode, CliError> {
    let (scenario, issues) = load(&opts.file, &opts.breaks)?;
    // Hints edit the file's documents: their spans are positions in its text.
    let source = if opts.fixes { read(&opts.file)? } else { String::new() };
    let catalogs = Catalogs::builtin();
    let hints = |check| if opts.fixes { scenario.fix_check(check, &source, Some(&catalogs)) } else { None };
    if opts.list_breaks {
        for m in scenario.what_breaks() {
            println!("{}\t{}", m.id, m.title);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let loaded_issues = issues;
    let checks: Vec<_> = match &opts.check {
        Some(name) => {
            let found: Vec<_> = scenario.checks.iter().filter(|c| &c.name == name).collect();
            if found.is_empty() {
                let names: Vec<&str> = scenario.checks.iter().map(|c| c.name.as_str()).collect();
                return Err(CliError::Message(format!(
                    "no check named {name:?}; the scenario has: {}",
                    names.join("; ")
                )));
            }
            found
        }
        None => scenario.checks.iter().collect(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for check in checks {
        let result = scenario.run_check(check);
        if !result.passed() {
            failed += 1;
        }
        let fixes = hints(check);
        if opts.json {
            let mut line = serde_json::to_value(&result)?;
            if let (Some(object), Some(fixes)) = (line.as_object_mut(), &fixes) {
                object.insert("fixes".into(), serde_json::to_value(fixes)?);
            }
            serde_json::to_writer(&mut out, &line).map_err(CliError::from)?;
            writeln!(out).map_err(CliError::from)?;
            continue;
        }
        write!(out, "{}", result.render_text()).map_err(CliError::from)?;
        if let Some(fixes) = &fixes {
            let step = match fixes.hop {
                None => "the final request".to_string(),
                Some(0) => "the chain (before hop 1)".to_string(),
                Some(h) => format!("hop {h}"),
            };
            writeln!(out, "  hints for {step}:")?;
            write!(out, "{}", fixes.fixes.render_text())?;
        }
    }
    // Errors stopped the loading; notes say only how a text was read.
    for issue in loaded_issues.iter().filter(|i| !matches!(i.severity(), Severity::Error | Severity::Note)) {
        let span = issue.span();
        eprintln!("{}:{}:{}: {}: {issue}", opts.file, span.line, span.column, issue.severity());
    }
    out.flush().map_err(CliError::from)?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn lesson(opts: &LessonArgs) -> Result<ExitCode, CliError> {
    use policy_playground::lesson::{grade, load_lesson, read_workspace};
    let text = read(&opts.file)?;
    let lesson = load_lesson(&text).map_err(|errors| {
        let renderer = Renderer::new(&opts.file, &text, stderr_colour());
        let mut message = format!("{}: the lesson has errors\n", opts.file);
        for e in &errors {
            message.push_str(&renderer.diagnostic(e));
        }
        CliError::Rendered(message)
    })?;
    let learner = match &opts.workspace {
        Some(file) => {
            let handed_in = read(file)?;
            read_workspace(&handed_in).map_err(|e| CliError::Message(format!("{file}: {e}")))?
        }
        None if opts.solution => lesson.solution.clone(),
        None => lesson.start.clone(),
    };
    let grade = grade(&lesson, &learner);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if opts.json {
        serde_json::to_writer(&mut out, &grade)?;
        writeln!(out)?;
    } else {
        let mark = |passed: bool| if passed { "PASS" } else { "FAIL" };
        for c in &grade.checks {
            writeln!(
                out,
                "{} check: {}: {} (expected {})",
                mark(c.passed),
                c.name,
                c.decision.as_str(),
                c.expected.as_str()
            )?;
            if !c.passed {
                for line in &c.explanation {
                    writeln!(out, "    {line}")?;
                }
            }
        }
        for c in &grade.constraints {
            writeln!(out, "{} constraint: {}: {}", mark(c.passed), c.name, c.detail)?;
        }
        for p in &grade.problems {
            writeln!(out, "problem: {p}")?;
        }
        let passing = |items: &mut dyn Iterator<Item = bool>| items.filter(|p| *p).count();
        writeln!(
            out,
            "{}: {} of {} checks and {} of {} constraints pass{}",
            lesson.id,
            passing(&mut grade.checks.iter().map(|c| c.passed)),
            grade.checks.len(),
            passing(&mut grade.constraints.iter().map(|c| c.passed)),
            grade.constraints.len(),
            if grade.passed() { ": lesson complete" } else { "" }
        )?;
    }
    out.flush()?;
    Ok(if grade.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
