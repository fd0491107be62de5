//! `policy-playground`: evaluate and check cloud access policies from the command line.

use policy_playground::case::{Case, CaseError, case_at_cached, load_cases};
use policy_playground::dialect::Dialect;
use policy_playground::explain::Detail;
use policy_playground::findings::{
    CheckContext, Finding, FindingSeverity, check_policy, check_scenario, is_scenario_text,
};
use policy_playground::interner::StatementInterner;
use policy_playground::issue::{PolicyIssue, Severity};
use policy_playground::json::{self, split::ArrayElements};
use policy_playground::policy::parse_policy;
use policy_playground::scenario::{ScenarioIssue, load_scenario};
use policy_playground::span::{LineIndex, Span};
use std::io::{Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

// The CLI allocates and frees many small values per case (JSON trees, compiled patterns);
// mimalloc makes batch runs of `eval --json` markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
policy-playground: parse, evaluate and explain AWS IAM and Alibaba Cloud RAM policies

USAGE:
    policy-playground eval CASE.json [--json [--detail]]
        Evaluate one case, or an array of cases, and explain each decision.
        --json prints one JSON object per case per line: the decision, summary,
        decisive statements and each layer's outcome; --detail adds every
        statement's report (what matched and why not).
    policy-playground check FILE [--json] [--dialect aws|aliyun]
        Check a policy document as pasted, or a scenario file (detected), and print
        every finding (error, security warning, warning, suggestion) by position,
        with its line underlined and a fix where there is one.
        Exits 1 when a finding is an error.
    policy-playground simulate SCENARIO.json [--check NAME] [--json]
        Run the scenario's named checks: each AssumeRole hop and the final request,
        explained. Exits 1 when a check's decision differs from its expectation.
        --break ID applies a what-breaks mutation first (repeatable);
        --list-breaks lists the scenario's mutations.
    policy-playground paths SCENARIO.json --from ID --action A [--resource R] [--depth N] [--json]
        Every AssumeRole chain from ID that ends in an identity allowed to do A on R.
    policy-playground paths SCENARIO.json --to-role ROLE [--depth N] [--json]
        Who can assume ROLE, through any chain.
    policy-playground paths SCENARIO.json --action A [--resource R] [--depth N] [--json]
        Who can do A on R, through any chain.

    FILE may be `-` for standard input.
    Exit status: 0 on success (whatever the decisions), 1 when `check` finds an error,
    2 for unreadable or invalid input.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

struct Options {
    file: String,
    json: bool,
    dialect: Option<Dialect>,
    check: Option<String>,
    from: Option<String>,
    to_role: Option<String>,
    action: Option<String>,
    resource: Option<String>,
    depth: usize,
    breaks: Vec<String>,
    list_breaks: bool,
    detail: bool,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut file = None;
    let mut json = false;
    let mut dialect = None;
    let mut check = None;
    let (mut from, mut to_role, mut action, mut resource) = (None, None, None, None);
    let mut depth = policy_playground::paths::DEFAULT_MAX_DEPTH;
    let mut breaks = Vec::new();
    let mut list_breaks = false;
    let mut detail = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => json = true,
            "--dialect" => {
                i += 1;
                let name = args.get(i).ok_or("--dialect needs a value: aws or aliyun")?;
                dialect = Some(
                    Dialect::from_name(name).ok_or_else(|| format!("unknown dialect {name:?}: use aws or aliyun"))?,
                );
            }
            a if a.starts_with("--dialect=") => {
                let name = &a["--dialect=".len()..];
                dialect = Some(
                    Dialect::from_name(name).ok_or_else(|| format!("unknown dialect {name:?}: use aws or aliyun"))?,
                );
            }
            "--check" | "--from" | "--to-role" | "--action" | "--resource" | "--depth" | "--break" => {
                let flag = args[i].clone();
                i += 1;
                let value = args.get(i).ok_or_else(|| format!("{flag} needs a value"))?.clone();
                match flag.as_str() {
                    "--check" => check = Some(value),
                    "--from" => from = Some(value),
                    "--to-role" => to_role = Some(value),
                    "--action" => action = Some(value),
                    "--resource" => resource = Some(value),
                    "--break" => breaks.push(value),
                    _ => {
                        depth = value
                            .parse()
                            .ok()
                            .filter(|d| (1..=10).contains(d))
                            .ok_or_else(|| format!("--depth takes a number from 1 to 10, got {value:?}"))?
                    }
                }
            }
            "--list-breaks" => list_breaks = true,
            "--detail" => detail = true,
            a if a.starts_with("--") => return Err(format!("unknown option {a}\n\n{USAGE}")),
            a => {
                if file.replace(a.to_string()).is_some() {
                    return Err(format!("one file at a time, got a second: {a}"));
                }
            }
        }
        i += 1;
    }
    let file = file.ok_or_else(|| format!("missing FILE\n\n{USAGE}"))?;
    Ok(Options { file, json, dialect, check, from, to_role, action, resource, depth, breaks, list_breaks, detail })
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(command) = args.first() else {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };
    match command.as_str() {
        "eval" => eval(&parse_options(&args[1..])?),
        "check" => check(&parse_options(&args[1..])?),
        "simulate" => simulate(&parse_options(&args[1..])?),
        "paths" => paths(&parse_options(&args[1..])?),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        "--version" | "-V" | "version" => {
            println!("policy-playground {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    }
}

fn read(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let (line, column) = LineIndex::new(&text).line_column(text.len());
        format!("{file}:{line}:{column}: the file is not UTF-8 text (policy documents are JSON, which is UTF-8)")
    })
}

fn eval(opts: &Options) -> Result<ExitCode, String> {
    let text = read(&opts.file)?;
    let stdout = std::io::stdout();
    let written = match ArrayElements::new(&text) {
        Some(elements) if text.len() <= json::MAX_FILE_BYTES => evaluate_in_parallel(&text, elements, opts, &stdout)?,
        _ => Written::default(),
    };
    if !written.complete {
        // One case, or a file with a problem somewhere: read it whole, which finds and
        // words the file's first problem; the cases before it have been written already.
        let cases = load_cases(&text).map_err(|e| case_error(&opts.file, &text, &e))?;
        let mut out = Vec::new();
        for (i, case) in cases.iter().enumerate().skip(written.cases) {
            render_case(&mut out, case, i, cases.len(), opts)?;
        }
        // The process ends right after this: freeing every case one by one would only cost time.
        std::mem::forget(cases);
        stdout.lock().write_all(&out).map_err(write_error)?;
    }
    stdout.lock().flush().map_err(write_error)?;
    Ok(ExitCode::SUCCESS)
}

fn write_error(e: std::io::Error) -> String {
    format!("cannot write the results: {e}")
}

/// Cases per unit of work: small enough to balance the threads, large enough that handing
/// out work costs nothing.
const CASES_PER_CHUNK: usize = 64;

/// The case ranges found so far, shared between the thread that splits the file and the
/// threads that evaluate it.
#[derive(Default)]
struct Split {
    ranges: Vec<(usize, usize)>,
    /// The whole file has been split, or the splitter gave up.
    done: bool,
}

/// How far [`evaluate_in_parallel`] got.
#[derive(Debug, Default, Clone, Copy)]
struct Written {
    /// Cases whose results were written, from the first.
    cases: usize,
    /// Every case was written.
    complete: bool,
}

/// One rendered chunk of cases.
struct Rendered {
    out: Vec<u8>,
    /// Its cases, from the chunk's first.
    cases: usize,
    /// The chunk's cases all read: output may go on after it.
    complete: bool,
}

/// Chunks rendered out of order wait here until the chunks before them are written.
#[derive(Default)]
struct Output {
    /// The next chunk to write.
    next: usize,
    waiting: std::collections::BTreeMap<usize, Rendered>,
    /// Cases written so far, from the first.
    cases: usize,
    /// A chunk stopped early, or writing failed: nothing more is written.
    stopped: bool,
    error: Option<String>,
    /// Written buffers, for the next chunks to reuse.
    spare: Vec<Vec<u8>>,
}

/// Splits, reads, evaluates and renders the cases of an array on every core, and writes the
/// results in case order as they are ready. The main thread splits the file while the other
/// threads start on the first chunks, then joins them; each case is dropped once rendered, so
/// memory stays flat. Output stops before the first case that cannot be read (or where the
/// splitter gives up): the caller reads the file whole from there. A one-case array is left
/// to the caller, which prints a single case differently.
fn evaluate_in_parallel(
    text: &str,
    elements: ArrayElements<'_>,
    opts: &Options,
    stdout: &std::io::Stdout,
) -> Result<Written, String> {
    let index = LineIndex::new(text);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let split = Mutex::new(Split::default());
    let more = Condvar::new();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let output = Mutex::new(Output::default());
    // Waits until chunk `chunk` is split; `None` when the file has fewer chunks.
    let ranges_of = |chunk: usize| -> Option<Vec<(usize, usize)>> {
        let (from, to) = (chunk * CASES_PER_CHUNK, (chunk + 1) * CASES_PER_CHUNK);
        let mut split = split.lock().unwrap_or_else(|e| e.into_inner());
        while !split.done && split.ranges.len() < to {
            split = more.wait(split).unwrap_or_else(|e| e.into_inner());
        }
        (from < split.ranges.len()).then(|| split.ranges[from..to.min(split.ranges.len())].to_vec())
    };
    // Files chunk `chunk` and writes every chunk that is now next in line.
    let commit = |chunk: usize, rendered: Rendered| -> Option<Vec<u8>> {
        let mut output = output.lock().unwrap_or_else(|e| e.into_inner());
        output.waiting.insert(chunk, rendered);
        while !output.stopped {
            let next_chunk = output.next;
            let Some(Rendered { mut out, cases, complete }) = output.waiting.remove(&next_chunk) else { break };
            if let Err(e) = stdout.lock().write_all(&out) {
                output.error = Some(write_error(e));
                output.stopped = true;
                stop.store(true, Ordering::Relaxed);
                break;
            }
            output.cases += cases;
            output.next += 1;
            if !complete {
                output.stopped = true;
            }
            out.clear();
            output.spare.push(out);
        }
        output.spare.pop()
    };
    let work = |index: LineIndex<'_>| -> Result<(), String> {
        // Each thread remembers the statements it compiled: batches repeat them a lot.
        let mut interner = StatementInterner::new(index);
        let mut spare = None;
        while !stop.load(Ordering::Relaxed) {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            let Some(ranges) = ranges_of(chunk) else { break };
            let mut out = spare.take().unwrap_or_else(|| Vec::with_capacity(CASES_PER_CHUNK * 2048));
            let mut cases = 0;
            // A single case prints without the header that numbers cases: leave it to the caller.
            let single = chunk == 0 && ranges.len() == 1;
            let mut complete = !single;
            for (k, &(start, end)) in ranges.iter().enumerate().filter(|_| !single) {
                let i = chunk * CASES_PER_CHUNK + k;
                let Ok(case) = case_at_cached(&mut interner, start, end, i) else {
                    complete = false;
                    break;
                };
                // Text output numbers cases only when there are several; `2` stands for
                // "more than one" because the total is not known yet.
                render_case(&mut out, &case, i, if i > 0 { i + 1 } else { 2 }, opts)?;
                cases += 1;
            }
            if !complete {
                // Chunks after this one are not written: stop taking them.
                stop.store(true, Ordering::Relaxed);
            }
            spare = commit(chunk, Rendered { out, cases, complete });
        }
        // The process ends soon after: freeing thousands of interned statements would only cost time.
        std::mem::forget(interner);
        Ok(())
    };
    let split_whole = std::thread::scope(|scope| {
        let work = &work;
        let helpers: Vec<_> = (1..threads)
            .map(|_| {
                let index = index.clone();
                scope.spawn(move || work(index))
            })
            .collect();
        let mut batch = Vec::with_capacity(CASES_PER_CHUNK);
        let publish = |batch: &mut Vec<(usize, usize)>, done: bool| {
            let mut split = split.lock().unwrap_or_else(|e| e.into_inner());
            split.ranges.append(batch);
            split.done = done;
            more.notify_all();
        };
        let mut split_whole = true;
        for element in elements {
            match element {
                Ok(range) => batch.push(range),
                Err(_) => {
                    split_whole = false;
                    break;
                }
            }
            if batch.len() == CASES_PER_CHUNK {
                publish(&mut batch, false);
            }
        }
        publish(&mut batch, true);
        work(index.clone())?;
        for helper in helpers {
            helper.join().map_err(|_| "a worker thread stopped unexpectedly".to_string())??;
        }
        Ok::<_, String>(split_whole)
    })?;
    let output = output.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(error) = output.error {
        return Err(error);
    }
    let total = split.into_inner().unwrap_or_else(|e| e.into_inner()).ranges.len();
    Ok(Written { cases: output.cases, complete: split_whole && !output.stopped && output.cases == total })
}

/// JSON lines are for batches: each layer's outcome, not every statement, unless --detail.
fn detail_of(opts: &Options) -> Detail {
    if opts.json && !opts.detail { Detail::Brief } else { Detail::Full }
}

/// Appends case `i` of `total`: a JSON line with `--json`, else the explanation for people.
fn render_case(out: &mut Vec<u8>, case: &Case, i: usize, total: usize, opts: &Options) -> Result<(), String> {
    let result = case.evaluate_with(detail_of(opts));
    if opts.json {
        serde_json::to_writer(&mut *out, &result).map_err(|e| e.to_string())?;
        out.push(b'\n');
        return Ok(());
    }
    // Writing to a Vec<u8> cannot fail.
    let mut text = String::new();
    if total > 1 {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&format!("== {} ==\n", case.name));
    }
    text.push_str(&result.explanation.render_text());
    text.push_str(&format!("  dialect: {}\n", result.dialect_reason));
    if let Some(expected) = result.expected {
        let verdict = if expected == result.decision { "as expected" } else { "MISMATCH" };
        text.push_str(&format!("  expected {}: {verdict}\n", expected.as_str()));
    }
    for w in &case.warnings {
        let s = w.span();
        text.push_str(&format!("  {}:{}:{}: {}: {w}\n", opts.file, s.line, s.column, w.severity()));
    }
    out.extend_from_slice(text.as_bytes());
    Ok(())
}

fn case_error(file: &str, text: &str, e: &CaseError) -> String {
    match e {
        CaseError::Policy { policy, issues } => {
            let mut s = format!("{file}: policy \"{policy}\" has errors\n");
            for i in issues.iter().filter(|i| i.severity() == Severity::Error) {
                s.push_str(&render_issue(file, text, i));
            }
            s.trim_end().to_string()
        }
        other => {
            let span = other.span();
            format!("{file}:{}:{}: {}\n{}", span.line, span.column, other.message(), snippet(text, span).trim_end())
        }
    }
}

fn snippet(text: &str, span: policy_playground::span::Span) -> String {
    if span.line == 0 {
        return String::new();
    }
    let index = LineIndex::new(text);
    let line = index.line_text(span.line);
    let width =
        if span.end_line == span.line { span.end_column.saturating_sub(span.column).max(1) } else { 1 } as usize;
    // Long lines (minified JSON) are shown as a window around the column.
    const WINDOW: usize = 60;
    let column = span.column.saturating_sub(1) as usize;
    let start = column.saturating_sub(WINDOW);
    let chars: Vec<char> = line.chars().collect();
    let end = (column + width.min(WINDOW) + WINDOW).min(chars.len());
    let mut shown: String = chars[start.min(chars.len())..end].iter().collect();
    let mut offset = column - start;
    if start > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let gutter = span.line.to_string().len();
    format!(
        "{:gutter$} |\n{} | {}\n{:gutter$} | {}{}\n",
        "",
        span.line,
        shown,
        "",
        " ".repeat(offset),
        "^".repeat(width.min(WINDOW))
    )
}

fn render_issue(file: &str, text: &str, issue: &PolicyIssue) -> String {
    let span = issue.span();
    let mut s = format!("{file}:{}:{}: {}[{}]: {issue}\n", span.line, span.column, issue.severity(), issue.code());
    s.push_str(&snippet(text, span));
    if let Some(help) = issue.help() {
        s.push_str(&format!("  help: {help}\n"));
    }
    s
}

fn check(opts: &Options) -> Result<ExitCode, String> {
    let text = read(&opts.file)?;
    if is_case_text(&text) {
        return Err(format!(
            "{} is a case file (a request and its policies): `check` reads a policy document or a scenario file; use `eval` for case files",
            opts.file
        ));
    }
    let scenario = is_scenario_text(&text);
    let name =
        std::path::Path::new(&opts.file).file_stem().map_or("policy".into(), |s| s.to_string_lossy().to_string());
    let parsed = (!scenario).then(|| parse_policy(&name, &text, opts.dialect));
    let findings = if scenario {
        check_scenario(&text)
    } else {
        check_policy(&name, &text, opts.dialect, &CheckContext::default())
    };
    let count = |s: FindingSeverity| findings.iter().filter(|f| f.severity == s).count();
    let errors = count(FindingSeverity::Error);
    if opts.json {
        let position = |s: &Span| serde_json::json!({"line": s.line, "column": s.column, "end_line": s.end_line, "end_column": s.end_column});
        let items: Vec<serde_json::Value> = findings
            .iter()
            .map(|f| {
                let s = f.span;
                serde_json::json!({
                    "code": f.code, "severity": f.severity.as_str(), "message": f.message, "help": f.help,
                    "line": s.line, "column": s.column, "end_line": s.end_line, "end_column": s.end_column,
                    "fix": f.fix.as_ref().map(|x| {
                        let mut v = serde_json::json!({"title": x.title, "replacement": x.replacement});
                        if let (Some(o), serde_json::Value::Object(p)) = (v.as_object_mut(), position(&x.span)) {
                            o.extend(p);
                        }
                        v
                    }),
                    "policy": f.policy,
                })
            })
            .collect();
        let out = serde_json::json!({
            "file": opts.file,
            "kind": if scenario { "scenario" } else { "policy" },
            "dialect": parsed.as_ref().map(|p| p.detection.dialect),
            "dialect_reason": parsed.as_ref().map(|p| p.detection.reason.clone()),
            "statements": parsed.as_ref().and_then(|p| p.policy.as_ref()).map(|p| p.statements.len()),
            "errors": errors,
            "findings": items,
        });
        println!("{out}");
    } else {
        for f in &findings {
            print!("{}", render_finding(&opts.file, &text, f));
        }
        let what = match &parsed {
            Some(p) => {
                let statements =
                    p.policy.as_ref().map_or(String::new(), |p| format!(", {} statement(s)", p.statements.len()));
                format!("{}{statements}", p.detection.reason)
            }
            None => "scenario file".to_string(),
        };
        println!(
            "{}: {what}; {errors} error(s), {} security warning(s), {} warning(s), {} suggestion(s)",
            opts.file,
            count(FindingSeverity::SecurityWarning),
            count(FindingSeverity::Warning),
            count(FindingSeverity::Suggestion),
        );
    }
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

fn render_finding(file: &str, text: &str, f: &Finding) -> String {
    let span = f.span;
    let mut s = format!("{file}:{}:{}: {}[{}]: {}\n", span.line, span.column, f.severity, f.code, f.message);
    s.push_str(&snippet(text, span));
    if let Some(help) = &f.help {
        s.push_str(&format!("  help: {help}\n"));
    }
    if let Some(fix) = &f.fix {
        if fix.replacement.is_empty() {
            s.push_str(&format!(
                "  fix: {} (delete line {}, column {} to line {}, column {})\n",
                fix.title, fix.span.line, fix.span.column, fix.span.end_line, fix.span.end_column
            ));
        } else {
            s.push_str(&format!("  fix: {}: {}\n", fix.title, fix.replacement));
        }
    }
    s
}

fn load(opts: &Options) -> Result<(policy_playground::scenario::Scenario, Vec<ScenarioIssue>), String> {
    let text = read(&opts.file)?;
    let loaded = load_scenario(&text);
    let Some(mut scenario) = loaded.scenario else {
        let mut message = format!("{}: the scenario has errors\n", opts.file);
        for issue in loaded.issues.iter().filter(|i| i.severity() == Severity::Error) {
            let span = issue.span();
            message.push_str(&format!("{}:{}:{}: {issue}\n", opts.file, span.line, span.column));
            message.push_str(&snippet(&text, span));
        }
        return Err(message.trim_end().to_string());
    };
    for id in &opts.breaks {
        let all = scenario.what_breaks();
        let Some(m) = all.iter().find(|m| &m.id == id) else {
            let ids: Vec<&str> = all.iter().map(|m| m.id.as_str()).collect();
            return Err(format!("no mutation {id:?}; this scenario has: {}", ids.join(", ")));
        };
        scenario = scenario.mutated(&m.mutation);
    }
    Ok((scenario, loaded.issues))
}

fn paths(opts: &Options) -> Result<ExitCode, String> {
    let (scenario, _) = load(opts)?;
    let resource = opts.resource.clone().unwrap_or_else(|| "*".into());
    let context = policy_playground::request::Context::default();
    let report = match (&opts.from, &opts.to_role, &opts.action) {
        (Some(from), None, Some(action)) => scenario.paths_to_permission(from, action, &resource, &context, opts.depth),
        (None, Some(role), None) => scenario.who_can_assume(role, opts.depth)?,
        (None, None, Some(action)) => scenario.who_can_perform(action, &resource, &context, opts.depth),
        _ => return Err(format!("give --from ID --action A, or --to-role ROLE, or --action A alone\n\n{USAGE}")),
    };
    if opts.json {
        println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
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

fn simulate(opts: &Options) -> Result<ExitCode, String> {
    let (scenario, issues) = load(opts)?;
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
                return Err(format!("no check named {name:?}; the scenario has: {}", names.join("; ")));
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
        if opts.json {
            serde_json::to_writer(&mut out, &result).map_err(|e| e.to_string())?;
            writeln!(out).map_err(|e| e.to_string())?;
            continue;
        }
        let mark = if result.passed() { "ok" } else { "FAILED" };
        writeln!(
            out,
            "{mark}: {} -> {} (expected {})",
            result.check,
            result.decision.as_str(),
            result.expected.as_str()
        )
        .map_err(|e| e.to_string())?;
        writeln!(out, "  {}", result.summary).map_err(|e| e.to_string())?;
        writeln!(out, "  from {}", result.from).map_err(|e| e.to_string())?;
        for p in &result.preconditions {
            writeln!(out, "  stopped before hop 1: {p}").map_err(|e| e.to_string())?;
        }
        for hop in &result.hops {
            writeln!(out, "  [{}] {}", hop.decision.as_str(), hop.sentence).map_err(|e| e.to_string())?;
        }
        for note in &result.notes {
            writeln!(out, "  note: {note}").map_err(|e| e.to_string())?;
        }
        if let Some(fin) = &result.final_request {
            writeln!(out, "  [{}] final: {} {} on {}", fin.decision.as_str(), fin.principal, fin.action, fin.resource)
                .map_err(|e| e.to_string())?;
            for line in fin.evaluation.render_text().lines() {
                writeln!(out, "    {line}").map_err(|e| e.to_string())?;
            }
        }
    }
    for issue in loaded_issues.iter().filter(|i| i.severity() == Severity::Warning) {
        let span = issue.span();
        eprintln!("{}:{}:{}: warning: {issue}", opts.file, span.line, span.column);
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
