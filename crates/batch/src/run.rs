//! The batch runner: evaluates every case of a case file and writes each result (a JSON line,
//! or the explanation for people) in case order as soon as it and the cases before it are ready.
//! Arrays are split, read and evaluated on every core; memory stays flat because each case is
//! dropped once rendered. This is the hot path of `policy-playground eval --json`. A case of an
//! array that cannot be read gets its error, with line and column, in its place, and the run goes
//! on ([`RunSummary::unreadable`] counts them).

use crate::case::{Case, CaseError, CaseResult, load_each_case};
use playground_core::diagnostic::{Diagnostic, Finding};
use playground_core::dialect::Dialect;
use playground_core::explain::Detail;
use playground_core::json::{self, split::ArrayElements};
use playground_core::span::LineIndex;
use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// How to write the results.
#[derive(Clone, Copy)]
pub struct RunOptions<'a> {
    /// One JSON object per case per line, instead of the explanation for people.
    pub json: bool,
    /// JSON lines with every layer and every statement's report (text output always has them).
    pub detail: bool,
    /// The file's name, for the positions of warnings in text output.
    pub file: &'a str,
    /// Whether a cloud sends a context key with an action (`sends_key(dialect, action, key)`,
    /// as `Catalog::sends_key` answers it): when given, each case's keys the cloud would not
    /// send are left out with a warning ([`Case::set_aside_unsent_keys`]).
    pub sends_key: Option<&'a SendsKey<'a>>,
}

/// The question [`RunOptions::sends_key`] asks: does `dialect`'s cloud send `key` with `action`
/// (`None`: it cannot tell)?
pub type SendsKey<'a> = dyn Fn(Dialect, &str, &str) -> Option<bool> + Sync + 'a;

impl fmt::Debug for RunOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunOptions")
            .field("json", &self.json)
            .field("detail", &self.detail)
            .field("file", &self.file)
            .field("sends_key", &self.sends_key.is_some())
            .finish()
    }
}

/// What a run wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunSummary {
    /// Cases written, the unreadable ones included.
    pub cases: usize,
    /// Cases of an array that could not be read: each was written as its error.
    pub unreadable: usize,
}

/// Why a run stopped before its end.
#[derive(Debug)]
pub enum RunError {
    /// The file cannot be read (not JSON, not cases; or its one case cannot be read); the
    /// results of the cases before the problem have been written.
    Case {
        /// The problem.
        error: CaseError,
        /// How many results were written before it.
        written: usize,
    },
    /// Writing the results failed.
    Write(std::io::Error),
    /// A result could not be serialized (a bug).
    Serialize(serde_json::Error),
    /// A worker thread panicked (a bug).
    Worker,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Case { error, .. } => write!(f, "{error}"),
            RunError::Write(e) => write!(f, "cannot write the results: {e}"),
            RunError::Serialize(e) => write!(f, "cannot serialize a result: {e}"),
            RunError::Worker => f.write_str("a worker thread stopped unexpectedly"),
        }
    }
}

impl std::error::Error for RunError {}

/// Evaluates every case of `text` (one case object or an array of them) and writes the results
/// to `out` in case order, as they are ready; a case of an array that cannot be read is written
/// as its error, and the run goes on. When the file itself cannot be read, the results before
/// its problem are written first and the error says how many.
pub fn run<W: Write + Send>(text: &str, opts: &RunOptions<'_>, out: &mut W) -> Result<RunSummary, RunError> {
    let written = match ArrayElements::new(text) {
        Some(elements) if text.len() <= json::MAX_FILE_BYTES => evaluate_in_parallel(text, elements, opts, out)?,
        _ => Written::default(),
    };
    if written.complete {
        out.flush().map_err(RunError::Write)?;
        return Ok(RunSummary { cases: written.cases, unreadable: written.unreadable });
    }
    // One case, or a file the splitter gave up on: read it whole, which finds and words the
    // file's problem, if it has one; the cases before it have been written already.
    let cases = match load_each_case(text) {
        Ok(cases) => cases,
        Err(error) => {
            out.flush().map_err(RunError::Write)?;
            return Err(RunError::Case { error, written: written.cases });
        }
    };
    let mut buffer = Vec::new();
    let mut cases = cases;
    let total = cases.len();
    let mut unreadable = written.unreadable;
    for (i, case) in cases.iter_mut().enumerate().skip(written.cases) {
        match case {
            Ok(case) => render_case(&mut buffer, case, i, total, opts)?,
            Err(bad) => {
                render_unreadable(&mut buffer, &bad.name, &bad.error, i, total, opts)?;
                unreadable += 1;
            }
        }
    }
    // The process usually ends right after this: freeing every case one by one would only cost time.
    std::mem::forget(cases);
    out.write_all(&buffer).map_err(RunError::Write)?;
    out.flush().map_err(RunError::Write)?;
    Ok(RunSummary { cases: total, unreadable })
}

/// Reads cases of one text, sharing the statements compiled for earlier cases. The only place
/// the runner touches the statement interner.
struct CaseReader<'t> {
    interner: crate::interner::StatementInterner<'t>,
}

impl<'t> CaseReader<'t> {
    fn new(index: LineIndex<'t>) -> Self {
        CaseReader { interner: crate::interner::StatementInterner::new(index) }
    }

    /// Case `i`, the bytes `start..end` of the text.
    fn read(&mut self, start: usize, end: usize, i: usize) -> Result<Case, CaseError> {
        crate::case::case_at_cached(&mut self.interner, start, end, i)
    }

    /// The name of case `i`, which cannot be read.
    fn name_of_unreadable(&self, start: usize, end: usize, i: usize) -> String {
        crate::case::case_name_at(self.interner.index(), start, end, i)
    }

    /// Drops the reader without freeing its interner: the process ends soon after, and freeing
    /// thousands of interned statements would only cost time.
    fn leak(self) {
        std::mem::forget(self.interner);
    }
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
    /// Of those, cases that could not be read (written as their error).
    unreadable: usize,
    /// Every case was written.
    complete: bool,
}

/// One rendered chunk of cases.
struct Rendered {
    out: Vec<u8>,
    /// Its cases, from the chunk's first.
    cases: usize,
    /// Of those, cases that could not be read.
    unreadable: usize,
    /// The chunk's cases all read: output may go on after it.
    complete: bool,
}

/// Chunks rendered out of order wait here until the chunks before them are written to `out`.
struct Output<'w, W> {
    out: &'w mut W,
    /// The next chunk to write.
    next: usize,
    waiting: std::collections::BTreeMap<usize, Rendered>,
    /// Cases written so far, from the first.
    written: Written,
    /// A chunk stopped early, or writing failed: nothing more is written.
    stopped: bool,
    error: Option<RunError>,
    /// Written buffers, for the next chunks to reuse.
    spare: Vec<Vec<u8>>,
}

/// Splits, reads, evaluates and renders the cases of an array on every core, and writes the
/// results in case order as they are ready. The main thread splits the file while the other
/// threads start on the first chunks, then joins them; each case is dropped once rendered, so
/// memory stays flat. A case that cannot be read is written as its error. Output stops where the
/// splitter gives up: the caller reads the file whole from there. A one-case array is left
/// to the caller, which prints a single case differently.
fn evaluate_in_parallel<W: Write + Send>(
    text: &str,
    elements: ArrayElements<'_>,
    opts: &RunOptions<'_>,
    out: &mut W,
) -> Result<Written, RunError> {
    let index = LineIndex::new(text);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let split = Mutex::new(Split::default());
    let more = Condvar::new();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let output = Mutex::new(Output {
        out,
        next: 0,
        waiting: std::collections::BTreeMap::new(),
        written: Written::default(),
        stopped: false,
        error: None,
        spare: Vec::new(),
    });
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
            let Some(Rendered { mut out, cases, unreadable, complete }) = output.waiting.remove(&next_chunk) else {
                break;
            };
            if let Err(e) = output.out.write_all(&out) {
                output.error = Some(RunError::Write(e));
                output.stopped = true;
                stop.store(true, Ordering::Relaxed);
                break;
            }
            output.written.cases += cases;
            output.written.unreadable += unreadable;
            output.next += 1;
            if !complete {
                output.stopped = true;
            }
            out.clear();
            output.spare.push(out);
        }
        output.spare.pop()
    };
    let work = |index: LineIndex<'_>| -> Result<(), RunError> {
        // Each thread remembers the statements it compiled: batches repeat them a lot.
        let mut reader = CaseReader::new(index);
        let mut spare = None;
        while !stop.load(Ordering::Relaxed) {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            let Some(ranges) = ranges_of(chunk) else { break };
            let mut out = spare.take().unwrap_or_else(|| Vec::with_capacity(CASES_PER_CHUNK * 2048));
            let (mut cases, mut unreadable) = (0, 0);
            // A single case prints without the header that numbers cases: leave it to the caller.
            let single = chunk == 0 && ranges.len() == 1;
            let complete = !single;
            for (k, &(start, end)) in ranges.iter().enumerate().filter(|_| !single) {
                let i = chunk * CASES_PER_CHUNK + k;
                // Text output numbers cases only when there are several; `2` stands for
                // "more than one" because the total is not known yet.
                let total = if i > 0 { i + 1 } else { 2 };
                match reader.read(start, end, i) {
                    Ok(mut case) => render_case(&mut out, &mut case, i, total, opts)?,
                    Err(error) => {
                        let name = reader.name_of_unreadable(start, end, i);
                        render_unreadable(&mut out, &name, &error, i, total, opts)?;
                        unreadable += 1;
                    }
                }
                cases += 1;
            }
            if !complete {
                // Chunks after this one are not written: stop taking them.
                stop.store(true, Ordering::Relaxed);
            }
            spare = commit(chunk, Rendered { out, cases, unreadable, complete });
        }
        reader.leak();
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
            helper.join().map_err(|_| RunError::Worker)??;
        }
        Ok::<_, RunError>(split_whole)
    })?;
    let output = output.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(error) = output.error {
        return Err(error);
    }
    let total = split.into_inner().unwrap_or_else(|e| e.into_inner()).ranges.len();
    let Written { cases, unreadable, .. } = output.written;
    Ok(Written { cases, unreadable, complete: split_whole && !output.stopped && cases == total })
}

/// JSON lines are for batches: each layer's outcome, not every statement, unless `detail`.
fn detail_of(opts: &RunOptions<'_>) -> Detail {
    if opts.json && !opts.detail { Detail::Brief } else { Detail::Full }
}

/// Appends case `i` of `total`: a JSON line with `--json`, else the explanation for people.
/// The case's context keys its cloud would not send are set aside first (the case is the
/// runner's own, so no copy is needed).
fn render_case(
    out: &mut Vec<u8>,
    case: &mut Case,
    i: usize,
    total: usize,
    opts: &RunOptions<'_>,
) -> Result<(), RunError> {
    if let Some(sends) = opts.sends_key {
        let (dialect, action) = (case.request.dialect, case.request.action.clone());
        case.set_aside_unsent_keys(|key| sends(dialect, &action, key));
    }
    let case = &*case;
    let result = case.evaluate_with(detail_of(opts));
    if opts.json {
        crate::line::write_result(out, &result).map_err(RunError::Serialize)?;
        out.push(b'\n');
        return Ok(());
    }
    out.extend_from_slice(case_text(case, &result, i, total, opts.file).as_bytes());
    Ok(())
}

/// The explanation of case `i` of `total` for people, as `eval` prints it: a heading when the
/// file has several cases, the explanation, the dialect, the expectation and the warnings
/// (positions in `file`).
pub fn case_text(case: &Case, result: &CaseResult, i: usize, total: usize, file: &str) -> String {
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
        text.push_str(&format!("  {}:{}:{}: {}: {w}\n", file, s.line, s.column, w.severity()));
    }
    for w in result.warnings.iter().filter(|w| w.code == crate::case::UNSENT_CONTEXT_KEY) {
        let s = w.span;
        text.push_str(&format!("  {}:{}:{}: {}: {}\n", file, s.line, s.column, w.severity, w.message));
    }
    text
}

/// The JSON line of a case that cannot be read.
#[derive(serde::Serialize)]
struct UnreadableLine<'a> {
    name: &'a str,
    /// The (first) problem, with its line and column.
    error: &'a Finding,
}

/// Appends case `i` of `total`, which cannot be read: a JSON line `{"name", "error"}` with
/// `--json`, else the case's header (when there are several) and a line per problem.
fn render_unreadable(
    out: &mut Vec<u8>,
    name: &str,
    error: &CaseError,
    i: usize,
    total: usize,
    opts: &RunOptions<'_>,
) -> Result<(), RunError> {
    let findings = error.findings();
    if opts.json {
        let Some(first) = findings.first() else { return Ok(()) };
        serde_json::to_writer(&mut *out, &UnreadableLine { name, error: first }).map_err(RunError::Serialize)?;
        out.push(b'\n');
        return Ok(());
    }
    let mut text = String::new();
    if total > 1 {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&format!("== {name} ==\n"));
    }
    for f in &findings {
        let policy = f.policy.as_ref().map_or(String::new(), |p| format!("policy \"{p}\": "));
        text.push_str(&format!("error: {}:{}:{}: {policy}{}\n", opts.file, f.span.line, f.span.column, f.message));
        if let Some(help) = &f.help {
            text.push_str(&format!("  help: {help}\n"));
        }
    }
    out.extend_from_slice(text.as_bytes());
    Ok(())
}
