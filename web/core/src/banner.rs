//! The message across the top of the page, and the messages the app shows there.

/// How a banner reads: information, a warning or an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BannerKind {
    /// Something happened as asked.
    Info,
    /// Something did not work, and the work is safe.
    Warning,
    /// Something could not be done.
    Error,
}

impl BannerKind {
    /// The word for it (also its CSS class).
    pub fn as_str(self) -> &'static str {
        match self {
            BannerKind::Info => "info",
            BannerKind::Warning => "warning",
            BannerKind::Error => "error",
        }
    }
}

/// A message across the top of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// How it reads.
    pub kind: BannerKind,
    /// The message.
    pub text: String,
}

impl Banner {
    /// A banner of `kind` saying `text`.
    pub fn new(kind: BannerKind, text: impl Into<String>) -> Banner {
        Banner { kind, text: text.into() }
    }

    /// Autosave failed.
    pub fn save_failed(reason: &str) -> Banner {
        Banner::new(BannerKind::Warning, format!("Could not save your work: {reason}"))
    }

    /// The action catalogue could not be fetched.
    pub fn catalog_failed(reason: &str) -> Banner {
        Banner::new(
            BannerKind::Warning,
            format!("The action catalogue could not be loaded ({reason}); checks that need it are skipped."),
        )
    }

    /// A share link of `chars` characters was made.
    pub fn share_ready(chars: usize) -> Banner {
        Banner::new(
            BannerKind::Info,
            format!(
                "Share link ready ({chars} characters) and copied to the clipboard; it is also in the address bar."
            ),
        )
    }
}
