//! What the editor shows for a document: its findings as lint marks (with their quick fixes), the
//! highlighted span (a jump target or the shown check's decisive statement), all converted from
//! the engine's byte offsets to the editor's UTF-16 offsets.

use crate::analysis::Analysis;
use crate::utf16::Utf16Index;
use crate::workspace::{DocInfo, DocRef, Workspace};
use policy_playground::Dialect;
use policy_playground::findings::{Catalogs, CheckContext, Finding, Fix, PolicyKind, Severity, check_policy};
use policy_playground::span::Span;
use serde::Serialize;

/// The open document with what the checks need to know about where it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorDoc {
    /// The document and its text.
    pub info: DocInfo,
    /// The role's account, for a trust policy.
    pub own_account: Option<String>,
    /// The scenario's account ids.
    pub accounts: Vec<String>,
    /// The document is a service-linked role's trust policy.
    pub service_linked: bool,
    /// What the policies-and-requests mode's layers use the library policy for, when they name it.
    pub layer_kind: Option<PolicyKind>,
}

impl EditorDoc {
    /// The open document of a workspace, when it exists.
    pub fn of(workspace: &Workspace, doc: &DocRef) -> Option<EditorDoc> {
        let info = workspace.document(doc)?;
        let (own_account, service_linked) = match doc {
            DocRef::Trust { account, role } => {
                (Some(account.clone()), workspace.roles_of(account).iter().any(|(r, _, s)| r == role && s.is_some()))
            }
            _ => (None, false),
        };
        let accounts = workspace.accounts().into_iter().map(|(id, _)| id).collect();
        let layer_kind = match doc {
            DocRef::Library(name) => workspace.layer_kind(name),
            _ => None,
        };
        Some(EditorDoc { info, own_account, accounts, service_linked, layer_kind })
    }

    /// What the policy checks should know about the document, with the catalogues to check
    /// names against.
    pub fn check_context(&self, catalogs: &Catalogs) -> CheckContext {
        let kind = match self.info.doc {
            DocRef::Library(_) => self.layer_kind.unwrap_or(PolicyKind::Identity),
            DocRef::Trust { .. } => PolicyKind::Trust,
            DocRef::Resource(_) => PolicyKind::Resource,
        };
        CheckContext {
            catalogs: catalogs.clone(),
            kind: Some(kind),
            own_account: self.own_account.clone(),
            accounts: self.accounts.clone(),
            service_linked: self.service_linked,
            ..Default::default()
        }
    }

    /// The document's findings: the engine's parse issues and the policy checks (those that need
    /// an action catalogue only where `catalogs` has one), with fixes.
    pub fn findings(&self, dialect: Option<Dialect>, catalogs: &Catalogs) -> Vec<Finding> {
        check_policy(&self.info.name, &self.info.text, dialect, &self.check_context(catalogs))
    }
}

/// Where the editor should put the cursor and what it should highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// The document.
    pub doc: DocRef,
    /// The span inside its text.
    pub span: Span,
    /// Bumped on every jump so the same target can be jumped to twice.
    pub serial: u64,
}

/// The CSS class of a severity.
pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning => "security",
        Severity::Warning => "warning",
        // A note (a fragment was wrapped) looks like a suggestion.
        Severity::Suggestion | Severity::Note => "suggestion",
    }
}

/// UTF-16 offset of a byte offset (the editor's positions count UTF-16 units). For many offsets
/// of one text, make a [`Utf16Index`] once.
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    Utf16Index::new(text).to_utf16(byte) as u32
}

/// Whether `span` is a valid range of `text` (inside it, on character boundaries).
fn fits(text: &str, start: usize, end: usize) -> bool {
    start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// The UTF-16 range of a span of `text` to highlight, when it fits the text and is not empty.
pub fn highlight_range(text: &str, span: Option<Span>) -> Option<(usize, usize)> {
    let s = span.filter(|s| fits(text, s.start, s.end) && s.end > s.start)?;
    let index = Utf16Index::new(text);
    Some((index.to_utf16(s.start), index.to_utf16(s.end)))
}

/// The text with a fix applied, when its span fits the text.
pub fn apply_fix(text: &str, fix: &Fix) -> Option<String> {
    let (start, end) = (fix.span.start, fix.span.end);
    fits(text, start, end).then(|| format!("{}{}{}", &text[..start], fix.replacement, &text[end..]))
}

/// A fix as the editor applies it: replace `from..to` (UTF-16) with `insert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditorFix {
    /// What it does, for its button.
    pub title: String,
    /// Start of the replaced text (UTF-16).
    pub from: usize,
    /// End of the replaced text (UTF-16).
    pub to: usize,
    /// The new text.
    pub insert: String,
}

/// A finding as the editor shows it: a lint mark over `from..to` (UTF-16) with its message and
/// quick fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditorDiagnostic {
    /// Its index in the findings list (the list's buttons name it).
    pub id: usize,
    /// Start of the marked text (UTF-16).
    pub from: usize,
    /// End of the marked text (UTF-16); equal to `from` marks a point.
    pub to: usize,
    /// The editor's severity: `error`, `warning`, `info` or `hint`.
    pub severity: &'static str,
    /// An extra class for the mark (security warnings look more serious than warnings).
    pub mark_class: Option<&'static str>,
    /// The finding's code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The quick fix.
    pub fix: Option<EditorFix>,
}

/// The editor's severity for a finding's.
pub fn editor_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "info",
        Severity::Note => "hint",
    }
}

/// How many findings the editor marks at most: the most serious first. Marking costs the page
/// about 2 ms a thousand (and the marks' JSON 250 bytes each): 40,000 took 90 ms on one
/// thread, while nobody steps through more than a few hundred with F8.
pub const MARKED_FINDINGS: usize = 2_000;

/// The indices of the findings the editor marks, in order: all of them, or the
/// [`MARKED_FINDINGS`] most serious (the list under the editor shows the first of these, so
/// every finding it lists is marked and its fix can be applied).
pub fn marked(findings: &[Finding]) -> Vec<usize> {
    let mut marked: Vec<usize> = (0..findings.len()).collect();
    if findings.len() > MARKED_FINDINGS {
        marked.sort_by_key(|&i| (findings[i].severity, i));
        marked.truncate(MARKED_FINDINGS);
        marked.sort_unstable();
    }
    marked
}

/// The findings of `text` as the editor shows them (at most [`MARKED_FINDINGS`], the most
/// serious first, each keeping its index in `findings` as its id), their byte spans turned into
/// UTF-16 ranges (spans past the end or inside a character are clamped to the text).
pub fn editor_diagnostics(text: &str, findings: &[Finding]) -> Vec<EditorDiagnostic> {
    let index = Utf16Index::new(text);
    let range = |span: &Span| {
        let from = index.to_utf16(span.start);
        (from, index.to_utf16(span.end).max(from))
    };
    marked(findings)
        .into_iter()
        .map(|id| (id, &findings[id]))
        .map(|(id, d)| {
            let (from, to) = range(&d.span);
            EditorDiagnostic {
                id,
                from,
                to,
                severity: editor_severity(d.severity),
                mark_class: (d.severity == Severity::SecurityWarning).then_some("pp-lint-security"),
                code: d.code,
                message: d.message.clone(),
                help: d.help.clone(),
                fix: d.fix.as_ref().filter(|f| fits(text, f.span.start, f.span.end)).map(|f| {
                    let (from, to) = range(&f.span);
                    EditorFix { title: f.title.clone(), from, to, insert: f.replacement.clone() }
                }),
            }
        })
        .collect()
}

/// A finding as the list shows it after its severity: code, position, message and help.
pub fn finding_label(d: &Finding) -> String {
    let message = match &d.help {
        Some(h) => format!("{} ({h})", d.message),
        None => d.message.clone(),
    };
    format!(" [{}] line {}, column {}: {message}", d.code, d.span.line, d.span.column)
}

/// The span of the first decisive statement of `policy` in check `check`: its final request's,
/// else the last hop's that names it; for a denial that no statement decided, the part of
/// `policy`'s statement that came closest and failed (the near miss).
pub fn decisive_span(analysis: &Analysis, check: usize, policy: &str) -> Option<Span> {
    let check = analysis.checks.get(check)?;
    let evaluations = || {
        check
            .final_request
            .iter()
            .map(|f| &f.evaluation)
            .chain(check.hops.iter().rev().filter_map(|h| h.evaluation.as_ref()))
    };
    evaluations().flat_map(|e| e.decisive.iter()).find(|d| d.policy == policy).map(|d| d.span).or_else(|| {
        evaluations()
            .filter_map(|e| e.near_miss.as_ref())
            .find(|n| n.statement.policy == policy)
            .map(|n| n.span.unwrap_or(n.statement.span))
    })
}

/// The jump target, when it is in `doc`: highlighted before anything else.
pub fn focus_span(focus: Option<&Focus>, doc: &DocRef) -> Option<Span> {
    focus.filter(|f| &f.doc == doc).map(|f| f.span)
}

/// The span to highlight in `doc`: the jump target when it is in this document, else the shown
/// check's decisive statement in it.
pub fn highlight(focus: Option<&Focus>, doc: &DocInfo, analysis: &Analysis, check: usize) -> Option<Span> {
    focus_span(focus, &doc.doc).or_else(|| {
        let span = decisive_span(analysis, check, &doc.name)?;
        Some(trust_principal(analysis, &doc.doc, span).unwrap_or(span))
    })
}

/// In a trust policy, the decisive statement's `Principal` (whom it admits) instead of the whole
/// statement, which is most often the whole document.
fn trust_principal(analysis: &Analysis, doc: &DocRef, statement: Span) -> Option<Span> {
    let DocRef::Trust { account, role } = doc else { return None };
    let role = analysis.scenario.as_ref()?.roles.iter().find(|r| &r.account == account && &r.name == role)?;
    let decisive =
        role.trust.statements.iter().find(|s| s.span.start == statement.start && s.span.end == statement.end)?;
    decisive.body.principal.as_ref().map(|p| decisive.absolute(p.span))
}
