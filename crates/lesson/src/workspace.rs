//! What a learner hands in: the web app's workspace in any form the app gives it out, read to
//! the scenario it holds.
//!
//! The web app's workspace (web/core/src/workspace.rs) serializes as
//! `{"scenario": SCENARIO FILE, "example": ID}`. It leaves the app as:
//!
//! * a share link (web/core/src/share.rs): `...#s=1.<base64url(deflate(workspace JSON))>`, the
//!   whole URL or just its fragment;
//! * saved work (web/core/src/storage.rs, localStorage): `{"version": 1, "workspace": WORKSPACE}`;
//! * the workspace JSON itself, or a plain scenario file.
//!
//! All four are accepted. The share-link format is decoded here rather than by the app's crate,
//! which sits above this one; web/core's tests check that what the app writes is read here.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use playground_core::json;
use playground_scenario::document::{PolicyDocument, ScenarioDocument};
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;

/// The share-link fragment key (web/core/src/share.rs).
pub const SHARE_PREFIX: &str = "s=";
/// The share-link format version this reader knows.
pub const SHARE_VERSION: &str = "1";
/// The saved-work envelope version this reader knows.
pub const SAVED_VERSION: u64 = 1;
/// Longest share fragment accepted (the web app's limit).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// Largest decompressed workspace accepted from a share link (the web app's limit).
pub const MAX_JSON: usize = 4 * 1024 * 1024;

/// The text the web app's editor shows for a policy document: a text as it is, inline JSON
/// pretty-printed with its members in sorted order (web/core's workspace holds every document
/// so).
pub fn editor_text(doc: &PolicyDocument) -> Arc<str> {
    match doc {
        PolicyDocument::Text(text) => text.clone(),
        PolicyDocument::Json(raw) => serde_json::from_str::<serde_json::Value>(raw.get())
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .map_or_else(|| raw.get().into(), Arc::from),
    }
}

/// `scenario` with every library, trust and resource policy as the text the editor shows, so
/// that the engine's positions (decisive statements, near misses, problems) are lines and
/// columns of the document a learner edits, not of the scenario assembled around it.
pub fn with_editor_texts(mut scenario: ScenarioDocument) -> ScenarioDocument {
    for p in scenario.policies.iter_mut().flatten() {
        if let Some(doc) = p.document.take().or_else(|| p.text.take()) {
            p.text = Some(PolicyDocument::Text(editor_text(&doc)));
        }
    }
    for r in scenario.roles.iter_mut().flatten() {
        r.trust_policy = PolicyDocument::Text(editor_text(&r.trust_policy));
    }
    for r in scenario.resources.iter_mut().flatten() {
        if let Some(doc) = &mut r.policy {
            *doc = PolicyDocument::Text(editor_text(doc));
        }
    }
    scenario
}

/// Why a handed-in workspace cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkspaceError {
    /// The text is not JSON (and not a share link).
    Json(json::JsonSyntaxError),
    /// A share link that cannot be decoded.
    ShareLink(String),
    /// Saved work from a version of the playground with another envelope format.
    SavedVersion(String),
    /// JSON that holds no scenario the format accepts.
    NotAScenario {
        /// What serde found wrong, with its line and column in the text read.
        reason: String,
    },
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkspaceError::Json(e) => write!(f, "not JSON and not a share link: {e}"),
            WorkspaceError::ShareLink(why) => write!(f, "the share link cannot be read: {why}"),
            WorkspaceError::SavedVersion(v) => {
                write!(f, "saved work in format {v}, which this version of the playground does not read")
            }
            WorkspaceError::NotAScenario { reason } => write!(
                f,
                "this is neither a workspace (share link, saved work, workspace JSON) nor a scenario file: {reason}"
            ),
        }
    }
}

impl std::error::Error for WorkspaceError {}

/// The workspace as the web app serializes it.
#[derive(Deserialize)]
struct WorkspaceFile {
    scenario: ScenarioDocument,
    // The example the work started from: not needed to grade it.
    #[serde(default, rename = "example")]
    _example: Option<String>,
}

/// Saved work as the web app keeps it.
#[derive(Deserialize)]
struct SavedFile {
    workspace: WorkspaceFile,
}

/// Reads a handed-in workspace in any of the forms above to the scenario it holds.
pub fn read_workspace(text: &str) -> Result<ScenarioDocument, WorkspaceError> {
    let trimmed = text.trim();
    if let Some(fragment) = share_fragment(trimmed) {
        let json = decode_share_fragment(fragment)?;
        return from_json(&json);
    }
    from_json(trimmed)
}

/// The share fragment of a link (`...#s=1.xxx`) or of a bare fragment (`s=1.xxx`).
fn share_fragment(text: &str) -> Option<&str> {
    let fragment = match text.rsplit_once('#') {
        Some((_, fragment)) => fragment,
        None => text,
    };
    fragment.starts_with(SHARE_PREFIX).then_some(fragment)
}

/// Decodes a share fragment (`s=1.<base64url(deflate(json))>`) to the workspace JSON.
pub fn decode_share_fragment(fragment: &str) -> Result<String, WorkspaceError> {
    let bad = |why: &str| WorkspaceError::ShareLink(why.to_string());
    if fragment.len() > MAX_FRAGMENT {
        return Err(bad(&format!("it is {} characters long; links up to {MAX_FRAGMENT} are read", fragment.len())));
    }
    let body = fragment.strip_prefix(SHARE_PREFIX).ok_or_else(|| bad("it does not start with s="))?;
    let (version, data) = body.split_once('.').ok_or_else(|| bad("it has no version mark"))?;
    if version != SHARE_VERSION {
        return Err(bad(&format!("it has format {version:?}, and this version of the playground reads format 1")));
    }
    let packed =
        URL_SAFE_NO_PAD.decode(data.trim()).map_err(|_| bad("it is not base64url; was it cut short when copied?"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => bad(&format!("it unpacks to more than {MAX_JSON} bytes")),
        _ => bad("the compressed data is incomplete; was it cut short when copied?"),
    })?;
    String::from_utf8(json).map_err(|_| bad("it does not unpack to text"))
}

/// Reads workspace JSON, saved work or a scenario file.
fn from_json(text: &str) -> Result<ScenarioDocument, WorkspaceError> {
    // The engine's reader first, for a syntax error's line and column and the size limit.
    let parsed = json::parse_limited(text, json::MAX_FILE_BYTES).map_err(WorkspaceError::Json)?;
    let not_a_scenario = |e: serde_json::Error| WorkspaceError::NotAScenario { reason: e.to_string() };
    if let Some(version) = parsed.value.get("version")
        && parsed.value.get("workspace").is_some()
    {
        let number = version.scalar_text().unwrap_or_else(|| version.type_name().to_string());
        if number.parse::<u64>() != Ok(SAVED_VERSION) {
            return Err(WorkspaceError::SavedVersion(number));
        }
        let saved: SavedFile = serde_json::from_str(text).map_err(not_a_scenario)?;
        return Ok(saved.workspace.scenario);
    }
    if parsed.value.get("scenario").is_some_and(|s| s.as_object().is_some()) {
        let file: WorkspaceFile = serde_json::from_str(text).map_err(not_a_scenario)?;
        return Ok(file.scenario);
    }
    serde_json::from_str(text).map_err(not_a_scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(json: &str) -> String {
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        format!("https://example.test/playground/#s=1.{}", URL_SAFE_NO_PAD.encode(packed))
    }

    const SCENARIO: &str = r#"{"scenario": "t", "dialect": "aliyun", "accounts": [{"id": "1111111111111111"}]}"#;

    #[test]
    fn every_export_form_reads_to_the_same_scenario() {
        let workspace = format!(r#"{{"scenario": {SCENARIO}, "example": "cloud-backup-ram-role"}}"#);
        let saved = format!(r#"{{"version": 1, "workspace": {workspace}}}"#);
        let expected: ScenarioDocument = serde_json::from_str(SCENARIO).unwrap();
        for form in [SCENARIO.to_string(), workspace.clone(), saved, share(&workspace)] {
            assert_eq!(read_workspace(&form).unwrap(), expected, "{form}");
        }
        let fragment = share(&workspace);
        let bare = fragment.split_once('#').unwrap().1;
        assert_eq!(read_workspace(bare).unwrap(), expected);
    }

    #[test]
    fn damaged_and_foreign_inputs_say_what_is_wrong() {
        let link = share(&format!(r#"{{"scenario": {SCENARIO}}}"#));
        let cut = &link[..link.len() - 9];
        assert!(matches!(read_workspace(cut), Err(WorkspaceError::ShareLink(_))), "{:?}", read_workspace(cut));
        let e = read_workspace("#s=2.AAAA").unwrap_err();
        assert!(e.to_string().contains("format \"2\""), "{e}");
        let e = read_workspace(r#"{"version": 7, "workspace": {}}"#).unwrap_err();
        assert_eq!(e, WorkspaceError::SavedVersion("7".into()));
        let e = read_workspace("{\"roles\": [}").unwrap_err();
        assert!(e.to_string().contains("line 1, column"), "{e}");
        let e = read_workspace(r#"{"acounts": []}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `acounts`"), "{e}");
        let bomb = share(&" ".repeat(MAX_JSON + 10));
        assert!(read_workspace(&bomb).unwrap_err().to_string().contains("more than"));
    }
}
