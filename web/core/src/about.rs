//! "About this scenario": the scenario's description in sentences, the documentation it cites
//! (its "Source: ..." sentences), and the notes its policies and roles carry, read from the
//! scenario data.

use crate::workspace::Workspace;

/// What the "About this scenario" panel shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct About {
    /// The scenario's title.
    pub title: String,
    /// The description without its source sentences.
    pub description: String,
    /// The documentation sources cited ("Cloud Backup documentation, 'Configure ...'").
    pub sources: Vec<String>,
    /// Notes on the scenario's policies and roles, as (what, note).
    pub notes: Vec<(String, String)>,
}

/// Splits a text into sentences at ". " followed by a capital letter or a quote (so "e.g. this"
/// and "acs:ram::1.2" stay whole).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        let next = bytes.get(i + 2).copied().unwrap_or(b' ');
        if next.is_ascii_uppercase() || next == b'\'' || next == b'"' {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The cited source in a sentence starting "Source:" or "Sources:", without the label and the
/// final full stop.
fn source_of(sentence: &str) -> Option<String> {
    let lower = sentence.to_ascii_lowercase();
    let rest = ["source:", "sources:"].iter().find_map(|p| lower.starts_with(p).then(|| &sentence[p.len()..]))?;
    Some(rest.trim().trim_end_matches('.').to_string())
}

impl About {
    /// What the panel shows for a workspace's scenario.
    pub fn of(workspace: &Workspace) -> About {
        let scenario = workspace.scenario();
        let mut description = Vec::new();
        let mut sources = Vec::new();
        for sentence in sentences(scenario.description.as_deref().unwrap_or_default()) {
            match source_of(sentence) {
                Some(source) => sources.push(source),
                None => description.push(sentence),
            }
        }
        let policies = scenario
            .policies
            .iter()
            .flatten()
            .filter_map(|p| Some((format!("policy {}", p.name), p.description.clone()?)));
        let roles = scenario
            .roles
            .iter()
            .flatten()
            .filter_map(|r| Some((format!("role {}/{}", r.account, r.name), r.description.clone()?)));
        About {
            title: workspace.title(),
            description: description.join(" "),
            sources,
            notes: policies.chain(roles).filter(|(_, note)| !note.trim().is_empty()).collect(),
        }
    }

    /// Whether there is anything to show besides the title.
    pub fn is_empty(&self) -> bool {
        self.description.is_empty() && self.sources.is_empty() && self.notes.is_empty()
    }
}
