//! What the editor shows for a document: its findings (with their fixes), the gutter's marks, the
//! highlighted span (a jump target or the shown check's decisive statement), and the conversion
//! of byte offsets to the textarea's UTF-16 offsets.

use crate::analysis::Analysis;
use crate::state::Focus;
use crate::workspace::{DocInfo, DocRef, Workspace};
use policy_playground::Dialect;
use policy_playground::findings::{Catalogs, CheckContext, Finding, Fix, PolicyKind, Severity, check_policy};
use policy_playground::span::Span;

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
        Some(EditorDoc { info, own_account, accounts, service_linked })
    }

    /// What the policy checks should know about the document, with the catalogues to check
    /// names against.
    pub fn check_context(&self, catalogs: &Catalogs) -> CheckContext {
        let kind = match self.info.doc {
            DocRef::Library(_) => PolicyKind::Identity,
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

/// UTF-16 offset of a byte offset (textarea selections count UTF-16 units).
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].encode_utf16().count() as u32
}

/// Whether `span` is a valid range of `text` (inside it, on character boundaries).
fn fits(text: &str, start: usize, end: usize) -> bool {
    start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// The text before, inside and after the highlighted span (all of it before, when none fits).
pub fn split_highlight(text: &str, span: Option<Span>) -> (&str, &str, &str) {
    match span {
        Some(s) if fits(text, s.start, s.end) => (&text[..s.start], &text[s.start..s.end], &text[s.end..]),
        _ => (text, "", ""),
    }
}

/// The number of lines the gutter numbers (a final newline starts one more).
pub fn line_count(text: &str) -> usize {
    text.lines().count().max(1) + usize::from(text.ends_with('\n'))
}

/// A gutter mark: the worst severity's class on a line and every finding's message there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMark {
    /// CSS class of the most serious finding on the line.
    pub class: &'static str,
    /// The messages, one per line, for the tooltip.
    pub title: String,
}

/// The gutter mark of `line` (counted from 1), if any finding is on it.
pub fn line_mark(findings: &[Finding], line: usize) -> Option<LineMark> {
    let on_line: Vec<&Finding> = findings.iter().filter(|d| d.span.line as usize == line).collect();
    let worst = on_line.iter().map(|d| d.severity).min()?;
    Some(LineMark {
        class: severity_class(worst),
        title: on_line.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("\n"),
    })
}

/// The text with a fix applied, when its span fits the text.
pub fn apply_fix(text: &str, fix: &Fix) -> Option<String> {
    let (start, end) = (fix.span.start, fix.span.end);
    fits(text, start, end).then(|| format!("{}{}{}", &text[..start], fix.replacement, &text[end..]))
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
/// else the last hop's that names it.
pub fn decisive_span(analysis: &Analysis, check: usize, policy: &str) -> Option<Span> {
    let check = analysis.checks.get(check)?;
    let evaluations = check
        .final_request
        .iter()
        .map(|f| &f.evaluation)
        .chain(check.hops.iter().rev().filter_map(|h| h.evaluation.as_ref()));
    evaluations.flat_map(|e| e.decisive.iter()).find(|d| d.policy == policy).map(|d| d.span)
}

/// The span to highlight in `doc`: the jump target when it is in this document, else the shown
/// check's decisive statement in it.
pub fn highlight(focus: Option<&Focus>, doc: &DocInfo, analysis: &Analysis, check: usize) -> Option<Span> {
    focus.filter(|f| f.doc == doc.doc).map(|f| f.span).or_else(|| decisive_span(analysis, check, &doc.name))
}
