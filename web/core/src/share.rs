//! Share links: the whole workspace in the URL fragment, compressed and versioned.
//!
//! Format: `#s=1.<base64url(deflate(json))>`, the JSON being a [`Snapshot`] (the workspace and its
//! view). The version changes only when a reader could misread a link: parts added with a default
//! (the view, which links made before it lack) keep it, so old links open and old readers skip
//! what they do not know. The size caps keep a pasted link from freezing the page.

use crate::snapshot::Snapshot;
use crate::workspace::Workspace;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::fmt;

/// The fragment key.
pub const PREFIX: &str = "s=";
/// The current format version.
pub const VERSION: u32 = 1;
/// Longest fragment accepted (browsers keep URLs far longer, but such a link is a mistake).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// Largest decompressed workspace accepted from a link.
pub const MAX_JSON: usize = 4 * 1024 * 1024;

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is longer than [`MAX_FRAGMENT`].
    TooLong(usize),
    /// A version this app does not know (a newer app made it).
    UnknownVersion(String),
    /// The text is not valid base64url (often a link cut short when copied).
    Damaged(&'static str),
    /// It decompresses to more than [`MAX_JSON`].
    TooLarge,
    /// The content is not a workspace.
    NotAWorkspace(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong(n) => {
                write!(f, "this share link is {n} characters long; the playground opens links up to {MAX_FRAGMENT}")
            }
            ShareError::UnknownVersion(v) => {
                write!(f, "this share link has format {v:?}, which this version of the playground does not know")
            }
            ShareError::Damaged(what) => {
                write!(f, "this share link is damaged ({what}); was it cut short when it was copied?")
            }
            ShareError::TooLarge => write!(f, "this share link unpacks to more than {MAX_JSON} bytes"),
            ShareError::NotAWorkspace(why) => write!(f, "this share link does not hold a scenario: {why}"),
        }
    }
}

/// Encodes a workspace with the default view as a fragment (without the leading `#`).
pub fn encode(workspace: &Workspace) -> String {
    encode_snapshot(&Snapshot::of(workspace.clone()))
}

/// Encodes a workspace and its view as a fragment (without the leading `#`).
pub fn encode_snapshot(snapshot: &Snapshot) -> String {
    let json = serde_json::to_vec(snapshot).expect("a snapshot serializes");
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Whether a fragment (with or without `#`) is a share link at all.
pub fn is_share_fragment(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(PREFIX)
}

/// Decodes a fragment made by [`encode`], without its view.
pub fn decode(fragment: &str) -> Result<Workspace, ShareError> {
    decode_snapshot(fragment).map(|s| s.workspace)
}

/// Decodes a fragment made by [`encode_snapshot`] (or by [`encode`], or before views were kept:
/// the view is then empty).
pub fn decode_snapshot(fragment: &str) -> Result<Snapshot, ShareError> {
    let fragment = fragment.trim_start_matches('#');
    if fragment.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let body = fragment.strip_prefix(PREFIX).ok_or(ShareError::Damaged("it does not start with s="))?;
    let (version, data) = body.split_once('.').ok_or(ShareError::Damaged("no version mark"))?;
    if version != VERSION.to_string() {
        return Err(ShareError::UnknownVersion(version.to_string()));
    }
    let packed = URL_SAFE_NO_PAD.decode(data.trim()).map_err(|_| ShareError::Damaged("not base64url"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        _ => ShareError::Damaged("the compressed data is incomplete"),
    })?;
    // From text rather than bytes: the app reads workspaces from text elsewhere, and one reader
    // compiled is some 60 KB less wasm than two.
    let json = std::str::from_utf8(&json).map_err(|e| ShareError::NotAWorkspace(e.to_string()))?;
    serde_json::from_str(json).map_err(|e| ShareError::NotAWorkspace(e.to_string()))
}
