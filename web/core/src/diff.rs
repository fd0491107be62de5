//! What "show a solution" shows before applying it: the differences between two workspaces, part
//! by part (each policy document, each role's or user's attached policies, the organization,
//! Cloud Backup's registration), as lines added and removed with a little unchanged context.
//!
//! Documents that are JSON are compared in one layout (members sorted, two-space indent), so a
//! learner who re-indented a policy sees only what means something different.

use crate::workspace::Workspace;
use policy_playground::document::{PolicyDocument, ScenarioDocument};
use std::collections::BTreeMap;

/// Unchanged lines shown around a change.
pub const CONTEXT: usize = 2;
/// Above this many line pairs, two texts are shown as wholly replaced instead of compared line
/// by line (the comparison's table grows with the product of the two lengths).
pub const MAX_CELLS: usize = 4_000_000;

/// How a line of a diff reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// In both texts.
    Same,
    /// Only in the new text.
    Added,
    /// Only in the old text.
    Removed,
    /// Unchanged lines left out (the line's text says how many).
    Skipped,
}

/// A line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// How it reads.
    pub kind: LineKind,
    /// The line (for [`LineKind::Skipped`], "N unchanged lines").
    pub text: String,
}

/// The changes to one part of a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartDiff {
    /// The part in words ("trust policy of 2222222222222222/hbrcrossrole").
    pub part: String,
    /// Its lines, changes with [`CONTEXT`] lines around them.
    pub lines: Vec<DiffLine>,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
}

/// The lines of `old` and `new` in order, each marked same, added or removed (a longest common
/// subsequence of lines; removals before additions where both happen).
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Common head and tail first: most edits touch a few lines in the middle.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..].iter().rev().zip(b[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (mid_a, mid_b) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let line = |kind, text: &str| DiffLine { kind, text: text.to_string() };
    let mut out: Vec<DiffLine> = a[..head].iter().map(|l| line(LineKind::Same, l)).collect();
    if mid_a.len().saturating_mul(mid_b.len()) > MAX_CELLS {
        out.extend(mid_a.iter().map(|l| line(LineKind::Removed, l)));
        out.extend(mid_b.iter().map(|l| line(LineKind::Added, l)));
    } else {
        // lcs[i][j]: the longest common subsequence of mid_a[i..] and mid_b[j..].
        let (n, m) = (mid_a.len(), mid_b.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if mid_a[i] == mid_b[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && mid_a[i] == mid_b[j] {
                out.push(line(LineKind::Same, mid_a[i]));
                (i, j) = (i + 1, j + 1);
            } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                out.push(line(LineKind::Removed, mid_a[i]));
                i += 1;
            } else {
                out.push(line(LineKind::Added, mid_b[j]));
                j += 1;
            }
        }
    }
    out.extend(a[a.len() - tail..].iter().map(|l| line(LineKind::Same, l)));
    out
}

/// A diff with only the changes and [`CONTEXT`] unchanged lines around each; longer unchanged
/// runs become one [`LineKind::Skipped`] line.
pub fn with_context(lines: Vec<DiffLine>) -> Vec<DiffLine> {
    let near_change = |i: usize| {
        let from = i.saturating_sub(CONTEXT);
        let to = (i + CONTEXT + 1).min(lines.len());
        lines[from..to].iter().any(|l| l.kind != LineKind::Same)
    };
    let keep: Vec<bool> = (0..lines.len()).map(|i| lines[i].kind != LineKind::Same || near_change(i)).collect();
    let mut out = Vec::new();
    let mut skipped = 0;
    for (line, keep) in lines.into_iter().zip(keep) {
        if keep {
            if skipped > 0 {
                out.push(skipped_line(skipped));
                skipped = 0;
            }
            out.push(line);
        } else {
            skipped += 1;
        }
    }
    if skipped > 0 {
        out.push(skipped_line(skipped));
    }
    out
}

fn skipped_line(n: usize) -> DiffLine {
    DiffLine {
        kind: LineKind::Skipped,
        text: if n == 1 { "1 unchanged line".into() } else { format!("{n} unchanged lines") },
    }
}

/// A document's text in the layout compared: JSON pretty-printed with sorted members, anything
/// else (a half-typed policy) as it is.
fn comparable(doc: &PolicyDocument) -> String {
    let raw = doc.as_text().or_else(|| doc.as_json()).unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| raw.to_string())
}

/// Pretty JSON of a part of the scenario, or nothing when it is absent.
fn pretty<T: serde::Serialize>(part: Option<&T>) -> String {
    part.and_then(|p| serde_json::to_string_pretty(p).ok()).unwrap_or_default()
}

/// Every part of a scenario that a lesson's solution may change, by its name in words, as text.
fn parts(scenario: &ScenarioDocument) -> BTreeMap<String, String> {
    let mut parts = BTreeMap::new();
    for p in scenario.policies.iter().flatten() {
        if let Some(doc) = p.source() {
            parts.insert(format!("policy {}", p.name), comparable(doc));
        }
    }
    for r in scenario.roles.iter().flatten() {
        let who = format!("{}/{}", r.account, r.name);
        parts.insert(format!("trust policy of {who}"), comparable(&r.trust_policy));
        parts.insert(
            format!("policies attached to role {who}"),
            r.policies.iter().flatten().cloned().collect::<Vec<_>>().join("\n"),
        );
    }
    for u in scenario.users.iter().flatten() {
        let who = format!("{}/{}", u.account, u.name);
        parts.insert(
            format!("policies attached to user {who}"),
            u.policies.iter().flatten().cloned().collect::<Vec<_>>().join("\n"),
        );
    }
    for r in scenario.resources.iter().flatten() {
        if let Some(doc) = &r.policy {
            parts.insert(format!("policy of {}", r.arn), comparable(doc));
        }
    }
    parts.insert("the organization".into(), pretty(scenario.organization.as_ref()));
    parts.insert("Cloud Backup's registration".into(), pretty(scenario.backup.as_ref()));
    parts
}

/// What changes from `before` to `after`, part by part (in the order of the parts' names); parts
/// the same in both are left out.
pub fn workspace_diff(before: &Workspace, after: &Workspace) -> Vec<PartDiff> {
    let old = parts(before.scenario());
    let mut new = parts(after.scenario());
    let mut names: Vec<String> = old.keys().chain(new.keys()).cloned().collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|part| {
            let a = old.get(&part).map_or("", String::as_str);
            let b = new.remove(&part).unwrap_or_default();
            if a == b {
                return None;
            }
            let lines = line_diff(a, &b);
            let added = lines.iter().filter(|l| l.kind == LineKind::Added).count();
            let removed = lines.iter().filter(|l| l.kind == LineKind::Removed).count();
            Some(PartDiff { part, lines: with_context(lines), added, removed })
        })
        .collect()
}
