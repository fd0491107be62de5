//! Applying the engine's hints (the smallest changes that would allow a failing check, which
//! the analysis finds: [`crate::analysis::Analysis::hints`]) to the workspace's documents.

use crate::analysis::analyze;
use crate::request::RequestForm;
use crate::workspace::{DocRef, Workspace};
use policy_playground::catalog::Catalogs;
use policy_playground::fixes::Proposal;
use std::collections::BTreeSet;

/// One edit of a document's text: bytes `start..end` become the text.
type Splice = (usize, usize, String);

/// Why a proposal cannot be applied with one click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// A change is not an edit of a document (attaching a policy, sending a context key).
    NotAnEdit(String),
    /// The policy a change edits is not a document the workspace can edit.
    NotEditable(String),
    /// The edit does not fit the document's text any more (it changed since).
    Stale(String),
    /// With the edits made, the check still does not get its expected decision.
    DoesNotPass,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::NotAnEdit(title) => {
                write!(f, "\"{title}\" is not an edit of a document: make it in the explorer")
            }
            ApplyError::NotEditable(policy) => {
                write!(f, "{policy} cannot be edited here (a system policy or a service's)")
            }
            ApplyError::Stale(policy) => write!(f, "{policy} changed since the hint was made; evaluate again"),
            ApplyError::DoesNotPass => f.write_str("with the edits made, the check still fails; evaluate again"),
        }
    }
}

/// The new texts of the documents `proposal` edits, proven: with them, check `check` of the
/// workspace passes. Edits of one document are made from the last to the first, so the spans
/// (positions in the document's own text) stay right.
pub fn apply(
    workspace: &Workspace,
    active: &BTreeSet<String>,
    check: usize,
    proposal: &Proposal,
    catalogs: &Catalogs,
) -> Result<Vec<(DocRef, String)>, ApplyError> {
    let mut by_doc: Vec<(DocRef, String, Vec<Splice>)> = Vec::new();
    for change in &proposal.changes {
        let (Some(edit), Some(target)) = (change.change.edit(), change.change.policy()) else {
            return Err(ApplyError::NotAnEdit(change.title.clone()));
        };
        let doc = workspace
            .doc_named(&target.policy)
            .filter(|d| workspace.can_edit(d))
            .ok_or_else(|| ApplyError::NotEditable(target.policy.clone()))?;
        let text = workspace.document(&doc).map(|d| d.text.to_string()).unwrap_or_default();
        let entry = match by_doc.iter().position(|(d, _, _)| *d == doc) {
            Some(i) => &mut by_doc[i],
            None => {
                by_doc.push((doc, text, Vec::new()));
                by_doc.last_mut().expect("just pushed")
            }
        };
        entry.2.push((edit.span.start, edit.span.end, edit.replacement.clone()));
    }
    let mut texts = Vec::new();
    let mut edited = workspace.clone();
    for (doc, mut text, mut edits) in by_doc {
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (start, end, replacement) in edits {
            if end < start || !text.is_char_boundary(start) || !text.is_char_boundary(end) || end > text.len() {
                return Err(ApplyError::Stale(workspace.document(&doc).map(|d| d.name).unwrap_or_default()));
            }
            text.replace_range(start..end, &replacement);
        }
        edited.set_text(&doc, &text);
        texts.push((doc, text));
    }
    let after = analyze(&edited, active, &RequestForm::default(), catalogs);
    if after.checks.get(check).is_some_and(|c| c.passed()) { Ok(texts) } else { Err(ApplyError::DoesNotPass) }
}
