//! The lessons bundled into the app (every `lessons/*.json`, listed by `build.rs` and compiled in)
//! and lesson links: a whole lesson file in the URL fragment, so a trainer can hand out an
//! exercise that is not bundled.
//!
//! Link format: `#l=1.<base64url(deflate(lesson file))>`, as share links are made
//! ([`crate::share`]) but holding the lesson file's text, which the lesson crate reads and checks.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use policy_playground::diagnostic::Diagnostic;
use policy_playground::lesson::{Lesson, load_lesson};
use serde::Deserialize;
use std::fmt;

/// A lesson file compiled into the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundledLesson {
    /// The file's name without `.json` (`02-trust-policy-wrong-account`): the lesson's key.
    pub file: &'static str,
    /// The lesson file.
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// What the lessons list shows of a lesson, read without building its states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonSummary {
    /// The bundled file's name (its key).
    pub file: &'static str,
    /// The title.
    pub title: String,
    /// The goal in plain words.
    pub goal: String,
}

/// The lessons list: every bundled lesson's title and goal (a file that cannot be read shows its
/// file name; opening it reports why).
pub fn summaries() -> Vec<LessonSummary> {
    #[derive(Deserialize)]
    struct Heading {
        title: Option<String>,
        goal: Option<String>,
    }
    BUNDLED
        .iter()
        .map(|b| {
            let heading = serde_json::from_str::<Heading>(b.text).ok();
            let (title, goal) = heading.map_or((None, None), |h| (h.title, h.goal));
            LessonSummary {
                file: b.file,
                title: title.unwrap_or_else(|| b.file.to_string()),
                goal: goal.unwrap_or_default(),
            }
        })
        .collect()
}

/// The bundled lesson with this file name.
pub fn bundled(file: &str) -> Option<&'static BundledLesson> {
    BUNDLED.iter().find(|b| b.file == file)
}

/// Reads a lesson file: the lesson, or its problems in one message (each with its line and
/// column, as the lesson crate reports them).
pub fn read(text: &str) -> Result<Lesson, String> {
    load_lesson(text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .take(5)
            .map(|e| {
                let at = e.span();
                if at.line == 0 {
                    e.message()
                } else {
                    format!("line {}, column {}: {}", at.line, at.column, e.message())
                }
            })
            .collect();
        let more = errors.len().saturating_sub(lines.len());
        let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
        format!("{}{tail}", lines.join("; "))
    })
}

/// The fragment key of a lesson link.
pub const LINK_PREFIX: &str = "l=";
/// The lesson link format's version.
pub const LINK_VERSION: u32 = 1;
/// Longest lesson-link fragment accepted.
pub const MAX_LINK: usize = 256 * 1024;
/// Largest lesson file accepted from a link.
pub const MAX_LESSON: usize = 1024 * 1024;

/// Why a lesson link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is longer than [`MAX_LINK`].
    TooLong(usize),
    /// A format this app does not know (a newer app made it).
    UnknownVersion(String),
    /// The text is not valid base64url or deflate (often a link cut short when copied).
    Damaged(&'static str),
    /// It unpacks to more than [`MAX_LESSON`] bytes.
    TooLarge,
    /// It unpacks to something that is not a lesson the app can run.
    NotALesson(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong(n) => {
                write!(f, "this lesson link is {n} characters long; the playground opens links up to {MAX_LINK}")
            }
            LinkError::UnknownVersion(v) => {
                write!(f, "this lesson link has format {v:?}, which this version of the playground does not know")
            }
            LinkError::Damaged(what) => {
                write!(f, "this lesson link is damaged ({what}); was it cut short when it was copied?")
            }
            LinkError::TooLarge => write!(f, "this lesson link unpacks to more than {MAX_LESSON} bytes"),
            LinkError::NotALesson(why) => {
                write!(f, "this lesson link does not hold a lesson the playground can run: {why}")
            }
        }
    }
}

/// Encodes a lesson file as a fragment (without the leading `#`).
pub fn encode_link(lesson_text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(lesson_text.as_bytes(), 9);
    format!("{LINK_PREFIX}{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Whether a fragment (with or without `#`) is a lesson link.
pub fn is_link_fragment(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(LINK_PREFIX)
}

/// The lesson file a fragment made by [`encode_link`] holds (not yet read as a lesson).
pub fn decode_link(fragment: &str) -> Result<String, LinkError> {
    let fragment = fragment.trim_start_matches('#');
    if fragment.len() > MAX_LINK {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let body = fragment.strip_prefix(LINK_PREFIX).ok_or(LinkError::Damaged("it does not start with l="))?;
    let (version, data) = body.split_once('.').ok_or(LinkError::Damaged("no version mark"))?;
    if version != LINK_VERSION.to_string() {
        return Err(LinkError::UnknownVersion(version.to_string()));
    }
    let packed = URL_SAFE_NO_PAD.decode(data.trim()).map_err(|_| LinkError::Damaged("not base64url"))?;
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_LESSON).map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Damaged("the compressed data is incomplete"),
        })?;
    String::from_utf8(bytes).map_err(|_| LinkError::NotALesson("it is not text".into()))
}

/// A short stable fingerprint of a lesson file (FNV-1a, 64 bits, in hex): lessons from links
/// keep their progress apart when a trainer hands out a changed lesson under the same id.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}
