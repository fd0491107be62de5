//! Analysis in the background. A workspace whose policies add up to more than
//! [`BACKGROUND_BYTES`] would block the page for seconds while the engine reads it (40,000
//! statements in 3 MB take about 4 s of wasm), so the page does not analyse it: it sends a
//! [`BackgroundRequest`] to the engine's web worker, which runs the same [`analyze`] and the
//! checks of each large document and answers with a [`Summary`]: each check's outcome and
//! explanation in words, the large documents' findings and lint marks, and the decisive
//! statements to highlight. The summary is bounded whatever the policies' size: its lists and
//! its explanations are capped ([`EXPLANATION_BYTES`], [`SUMMARY_TEXT_BYTES`], [`LISTED_ROWS`],
//! [`LISTED_FINDINGS`], [`editor::MARKED_FINDINGS`]), so reading it ([`read_answer`]) costs the
//! page tens of milliseconds at most.

use crate::analysis::analyze;
use crate::editor::{self, EditorDoc};
use crate::request::RequestForm;
use crate::requests_eval::RowOutcome;
use crate::workspace::{DocRef, Workspace};
use policy_playground::Dialect;
use policy_playground::catalog::Catalog;
/// The action catalogues the checks read names against (the worker keeps its own).
pub use policy_playground::catalog::Catalogs;
use policy_playground::chain::ChainResult;
use policy_playground::findings::{Finding, Severity};
use policy_playground::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

mod read;

/// Policies larger than this in all (bytes of policy text) are analysed in the worker. On the
/// page the engine reads about 1 KB a millisecond (2,000 statements, 220 KB: 265 ms), so this
/// keeps the page's own analysis near 100 ms; the clouds' own limits keep real policies far
/// below it (an AWS managed policy holds at most 6,144 characters), and the largest built-in
/// example is under a third of it.
pub const BACKGROUND_BYTES: usize = 128 * 1024;

/// A document larger than this has its findings made in the worker too (when the workspace is
/// analysed there); a smaller one is checked on the page when it is opened, as usual.
pub const LARGE_DOC_BYTES: usize = 64 * 1024;

/// How many findings a summary lists (the list under the editor shows as many); the editor marks
/// each of them (and more, up to [`editor::MARKED_FINDINGS`]).
pub const LISTED_FINDINGS: usize = 300;

/// The most of one check's or row's explanation a summary carries: the engine's full
/// explanation lists every statement of every layer that applies (5 MB for one request against a
/// 40,000-statement identity policy), while its first lines say what decided it.
pub const EXPLANATION_BYTES: usize = 16 * 1024;

/// How many statements of each policy an explanation in a summary lists (with why each did or
/// did not apply); it says how many more there are.
pub const LISTED_STATEMENTS: usize = 20;

/// The most explanation text one summary carries in all; later checks and rows keep their
/// first line.
pub const SUMMARY_TEXT_BYTES: usize = 1024 * 1024;

/// How many of the policies-and-requests table's rows a summary describes.
pub const LISTED_ROWS: usize = 1_000;

/// The bytes of policy text in `workspace`: what the engine's work grows with.
pub fn policy_bytes(workspace: &Workspace) -> usize {
    workspace.documents().iter().map(|d| d.text.len()).sum()
}

/// Whether `workspace` is analysed in the worker rather than on the page.
pub fn needed(workspace: &Workspace) -> bool {
    policy_bytes(workspace) > BACKGROUND_BYTES
}

/// Whether the editor takes a document's findings from the worker's summary rather than making
/// them on the page.
pub fn large_doc(text: &str) -> bool {
    text.len() > LARGE_DOC_BYTES
}

/// What the worker analyses: everything [`analyze`] reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BackgroundRequest {
    /// The workspace.
    pub workspace: Workspace,
    /// The active "what breaks" mutations, by id.
    pub mutations: BTreeSet<String>,
    /// The request builder's request.
    pub form: RequestForm,
    /// The workspace's revision: the summary names it, so the page knows which text it describes.
    pub revision: u64,
}

/// A problem found while loading the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemLine {
    /// An error (else a warning).
    pub error: bool,
    /// What is wrong.
    pub message: String,
}

/// A check's outcome in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckLine {
    /// The check's name.
    pub name: String,
    /// The decision (`allow`, `explicit_deny`, `implicit_deny`).
    pub decision: String,
    /// The decision it expects.
    pub expected: String,
    /// Whether it got it.
    pub passed: bool,
    /// One sentence: where the chain stops and why, or what the final request got.
    pub summary: String,
    /// The whole explanation: each hop and the final request's decisive statements, with their
    /// policies, statements and lines.
    pub explanation: String,
    /// The engine's hints, for a check that does not get its expected decision.
    pub hints: Option<String>,
    /// The statements that decided it (the final request's, else each hop's), to jump to.
    pub decisive: Vec<StatementLink>,
    /// What to highlight in each document when this check is shown: its decisive statement (or
    /// the near miss) there.
    pub highlights: Vec<(DocRef, Span)>,
}

/// A statement an explanation names: its label, its policy and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLink {
    /// `statement 2 (Sid ReadObjects)`.
    pub label: String,
    /// The policy's name, as the engine gives it.
    pub policy: String,
    /// Where the statement is in that policy.
    pub span: Span,
}

/// The statements that decided a check: its final request's, then each hop's, each once.
fn decisive_statements(check: &ChainResult) -> Vec<StatementLink> {
    let evaluations = check
        .final_request
        .iter()
        .map(|f| &f.evaluation)
        .chain(check.hops.iter().filter_map(|h| h.evaluation.as_ref()));
    let mut all: Vec<StatementLink> = Vec::new();
    for link in evaluations.flat_map(|e| links(&e.decisive)) {
        if !all.contains(&link) {
            all.push(link);
        }
    }
    all
}

/// The policies a check's explanations name (decisive statements and near misses), each once.
fn named_policies(check: &ChainResult) -> Vec<&str> {
    let evaluations = check
        .final_request
        .iter()
        .map(|f| &f.evaluation)
        .chain(check.hops.iter().filter_map(|h| h.evaluation.as_ref()));
    let mut names: Vec<&str> = Vec::new();
    for e in evaluations {
        let near = e.near_miss.iter().map(|n| n.statement.policy.as_str());
        for name in e.decisive.iter().map(|d| d.policy.as_str()).chain(near) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The links of an evaluation's decisive statements.
fn links(decisive: &[policy_playground::explain::StatementRef]) -> Vec<StatementLink> {
    decisive.iter().map(|d| StatementLink { label: d.label.clone(), policy: d.policy.clone(), span: d.span }).collect()
}

/// The request builder's request, decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestLine {
    /// The decision.
    pub decision: String,
    /// The explanation.
    pub explanation: String,
}

/// A row of the policies-and-requests table, decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowLine {
    /// The decision, when the row could be evaluated.
    pub decision: Option<String>,
    /// The decision the row expects, when it names one.
    pub expected: Option<String>,
    /// The statements that decided it.
    pub decisive: Vec<StatementLink>,
    /// Whether it meets the row's expectation, when it has one.
    pub passed: Option<bool>,
    /// The explanation, or why the row was not evaluated.
    pub explanation: String,
}

/// A finding as the list under the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedFinding {
    /// Its index among the document's findings (the editor's marks know it by it).
    pub id: usize,
    /// How serious.
    pub severity: Severity,
    /// Code, position, message and help ([`editor::finding_label`]).
    pub label: String,
    /// Where (the list's click selects it).
    pub span: Span,
    /// The quick fix's title, when it has one.
    pub fix: Option<String>,
}

impl ListedFinding {
    /// The list's view of `finding`, the `id`th of its document.
    pub fn of(id: usize, finding: &Finding) -> ListedFinding {
        ListedFinding {
            id,
            severity: finding.severity,
            label: editor::finding_label(finding),
            span: finding.span,
            fix: finding.fix.as_ref().map(|f| f.title.clone()),
        }
    }
}

/// A large document's findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocFindings {
    /// The document.
    pub doc: DocRef,
    /// The first [`LISTED_FINDINGS`].
    pub listed: Vec<ListedFinding>,
    /// How many there are.
    pub count: usize,
    /// How many of them are errors.
    pub errors: usize,
    /// Those the editor marks, at most [`editor::MARKED_FINDINGS`] (JSON of
    /// [`editor::EditorDiagnostic`]s).
    pub marks: String,
}

/// What the worker found, in words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The revision of the workspace it describes (the request's).
    pub revision: u64,
    /// The bytes of policy text analysed.
    pub bytes: usize,
    /// Problems found while loading the scenario.
    pub problems: Vec<ProblemLine>,
    /// Whether the scenario loaded.
    pub loaded: bool,
    /// The scenario's dialect, when it loaded (the page fetches its action catalogue).
    pub dialect: Option<Dialect>,
    /// The named checks, in order.
    pub checks: Vec<CheckLine>,
    /// The request builder's request, when it is complete.
    pub request: Option<RequestLine>,
    /// The policies-and-requests table's first [`LISTED_ROWS`] rows, when that mode is shown.
    pub rows: Option<Vec<RowLine>>,
    /// The findings of each document larger than [`LARGE_DOC_BYTES`].
    pub findings: Vec<DocFindings>,
}

impl Summary {
    /// How many checks get their expected decision.
    pub fn passed(&self) -> usize {
        self.checks.iter().filter(|c| c.passed).count()
    }

    /// The findings of `doc`, when it is a large document the worker checked.
    pub fn findings_of(&self, doc: &DocRef) -> Option<&DocFindings> {
        self.findings.iter().find(|f| &f.doc == doc)
    }

    /// What to highlight in `doc` when check `check` is shown.
    pub fn highlight(&self, check: usize, doc: &DocRef) -> Option<Span> {
        self.checks.get(check)?.highlights.iter().find(|(d, _)| d == doc).map(|(_, s)| *s)
    }
}

/// Runs the analysis the page would: [`analyze`], then the checks of each large document.
pub fn summarize(request: &BackgroundRequest, catalogs: &Catalogs) -> Summary {
    let workspace = &request.workspace;
    let analysis = analyze(workspace, &request.mutations, &request.form, catalogs);
    let documents = workspace.documents();
    let mut budget = TextBudget { left: SUMMARY_TEXT_BYTES };
    let by_name: std::collections::HashMap<&str, &crate::workspace::DocInfo> =
        documents.iter().map(|d| (d.name.as_str(), d)).collect();
    let checks = analysis
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| CheckLine {
            name: c.check.clone(),
            decision: c.decision.as_str().to_string(),
            expected: c.expected.as_str().to_string(),
            passed: c.passed(),
            summary: c.summary.clone(),
            explanation: budget.take(c.render_text_listing(LISTED_STATEMENTS)),
            decisive: decisive_statements(c),
            hints: analysis.hints_for(i).map(|h| h.fixes.render_text()).filter(|t| !t.is_empty()),
            // Only the documents the check's explanations name can have something to highlight.
            highlights: named_policies(c)
                .into_iter()
                .filter_map(|name| by_name.get(name))
                .filter_map(|d| Some((d.doc.clone(), editor::highlight(None, d, &analysis, i)?)))
                .collect(),
        })
        .collect();
    let request_line = analysis.request.as_ref().map(|r| RequestLine {
        decision: r.decision.as_str().to_string(),
        explanation: budget.take(format!(
            "{} {} on {}\n{}",
            r.principal,
            r.action,
            r.resource,
            r.evaluation.render_text_listing(LISTED_STATEMENTS)
        )),
    });
    let rows = analysis.requests.as_ref().map(|result| {
        result
            .rows
            .iter()
            .take(LISTED_ROWS)
            .map(|row| RowLine {
                decision: row.decision().map(|d| d.as_str().to_string()),
                expected: row.expected.map(|d| d.as_str().to_string()),
                decisive: row.evaluation().map(|e| links(&e.decisive)).unwrap_or_default(),
                passed: row.passed(),
                explanation: match &row.outcome {
                    RowOutcome::Incomplete(missing) => format!("The row needs {missing}."),
                    RowOutcome::Blocked(why) => why.clone(),
                    RowOutcome::Evaluated(e) => budget.take(e.render_text_listing(LISTED_STATEMENTS)),
                },
            })
            .collect()
    });
    let findings = documents
        .iter()
        .filter(|d| large_doc(&d.text))
        .filter_map(|d| EditorDoc::of(workspace, &d.doc))
        .map(|d| doc_findings(&d, analysis.dialect(), catalogs))
        .collect();
    Summary {
        revision: request.revision,
        bytes: policy_bytes(workspace),
        problems: analysis
            .problems
            .iter()
            .map(|p| ProblemLine { error: p.severity == Severity::Error, message: p.message.clone() })
            .collect(),
        loaded: analysis.scenario.is_some(),
        dialect: analysis.dialect(),
        checks,
        request: request_line,
        rows,
        findings,
    }
}

/// Explanations as a summary carries them: each cut at [`EXPLANATION_BYTES`], and once
/// [`SUMMARY_TEXT_BYTES`] are spent, only their first line.
struct TextBudget {
    left: usize,
}

impl TextBudget {
    /// `text`, cut to what is left, whole lines first; the cut says how many lines it left out.
    fn take(&mut self, text: String) -> String {
        let limit = EXPLANATION_BYTES.min(self.left);
        let kept = if text.len() <= limit { text } else { cut(&text, limit) };
        self.left = self.left.saturating_sub(kept.len());
        kept
    }
}

/// The whole lines of `text` that fit in `limit` bytes (at least part of the first line: 200
/// bytes of it when it is longer), and how many lines were left out.
fn cut(text: &str, limit: usize) -> String {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        if end + line.len() > limit {
            break;
        }
        end += line.len();
    }
    if end == 0 {
        end = limit.max(200).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
    }
    let left_out = text[end..].lines().count();
    let sep = if text[..end].ends_with('\n') { "" } else { "\n" };
    format!(
        "{}{sep}… {left_out} more line(s) left out here: the command line's `simulate` (or `eval` for a request) prints them all\n",
        &text[..end]
    )
}

/// A large document's findings as the editor and its list show them.
fn doc_findings(doc: &EditorDoc, dialect: Option<Dialect>, catalogs: &Catalogs) -> DocFindings {
    let all = doc.findings(dialect, catalogs);
    let marks = serde_json::to_string(&editor::editor_diagnostics(&doc.info.text, &all)).unwrap_or_default();
    DocFindings {
        doc: doc.info.doc.clone(),
        listed: listed(&all),
        count: all.len(),
        errors: all.iter().filter(|f| f.severity == Severity::Error).count(),
        marks,
    }
}

/// The findings the list under the editor shows: all of them in the text's order, or when
/// there are more than [`LISTED_FINDINGS`], that many of the most serious (the editor marks
/// every one of those too, see [`editor::marked`]).
pub fn listed(findings: &[Finding]) -> Vec<ListedFinding> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    if findings.len() > LISTED_FINDINGS {
        order.sort_by_key(|&i| (findings[i].severity, i));
        order.truncate(LISTED_FINDINGS);
    }
    order.into_iter().map(|i| ListedFinding::of(i, &findings[i])).collect()
}

/// The worker's answer to a request's JSON: `{"Ok": SUMMARY}` or `{"Err": "why"}`.
pub fn answer_json(request: &str, catalogs: &Catalogs) -> String {
    let answer: Result<Summary, String> = serde_json::from_str::<BackgroundRequest>(request)
        .map(|r| summarize(&r, catalogs))
        .map_err(|e| format!("the page sent a request the worker cannot read: {e}"));
    serde_json::to_string(&answer).unwrap_or_else(|e| {
        let why: Result<(), String> = Err(format!("the answer could not be written: {e}"));
        serde_json::to_string(&why).unwrap_or_default()
    })
}

pub use read::read_answer;

/// `catalogs` with the catalogue of `dialect` (`aws` or `aliyun`) read from `text`.
pub fn with_catalog(catalogs: &Catalogs, dialect: &str, text: &str) -> Result<Catalogs, String> {
    let dialect = Dialect::from_name(dialect).ok_or_else(|| format!("no catalogue for the cloud {dialect:?}"))?;
    let catalog =
        Catalog::parse(text, dialect).map_err(|e| format!("the {dialect} catalogue could not be read: {e}"))?;
    Ok(catalogs.clone().with(catalog))
}

/// The dialects `catalogs` has, as [`with_catalog`] names them: what the worker must load to
/// check names as the page would.
pub fn catalog_names(catalogs: &Catalogs) -> Vec<&'static str> {
    [Dialect::Aws, Dialect::Aliyun].into_iter().filter(|d| catalogs.has(*d)).map(Dialect::name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_explanation_is_cut_at_a_line_and_says_how_much_it_left_out() {
        let text: String = (0..2_000).map(|i| format!("line {i}: a statement that did not apply\n")).collect();
        let mut budget = TextBudget { left: SUMMARY_TEXT_BYTES };
        let kept = budget.take(text.clone());
        assert!(kept.len() <= EXPLANATION_BYTES + 200, "{}", kept.len());
        let shown = kept.lines().filter(|l| l.starts_with("line ")).count();
        assert!(
            kept.contains(&format!("… {} more line(s) left out here", 2_000 - shown)),
            "{}",
            &kept[kept.len() - 200..]
        );
        assert!(text.starts_with(kept.split("…").next().unwrap()), "whole lines from the start");
        // Once the summary's budget is spent, only a first line (cut too) is left.
        let mut spent = TextBudget { left: 10 };
        let first = spent.take("é".repeat(300));
        assert!(first.starts_with(&"é".repeat(100)) && first.contains("more line(s) left out"), "{first}");
    }
}
