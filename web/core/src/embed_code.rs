//! "Copy embed code": the iframe and the `<policy-playground>` element that show the current
//! workspace in a documentation page, with the options a documentation author chose
//! (docs/embed.md documents both). Pure, so the snippets are tested natively.

use crate::share;
use crate::workspace::Workspace;

/// What the author chose in the embed form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedChoice {
    /// The check shown (its name), or the first.
    pub check: Option<String>,
    /// `light`, `dark` or `auto` (the default: no option written).
    pub theme: String,
    /// No editing.
    pub read_only: bool,
    /// The "What breaks" toggles beside the chain.
    pub toggles: bool,
    /// The frame grows to its content (the element does it by itself; the iframe gets a fixed
    /// height instead, since a bare iframe cannot listen).
    pub auto_height: bool,
}

/// The two snippets, and the address both show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedCode {
    /// The embed's address: the app with `?embed=1&...` and the workspace in the fragment.
    pub url: String,
    /// `<iframe ...>` for a page that runs no script.
    pub iframe: String,
    /// The script tag and the element, with the scenario inline.
    pub element: String,
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Escapes text for an HTML attribute value in double quotes.
fn attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

impl EmbedChoice {
    /// The options as `name=value` pairs, in docs/embed.md's order; defaults are left out.
    fn options(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(check) = self.check.as_ref().filter(|c| !c.is_empty()) {
            out.push(("check", check.clone()));
        }
        if self.toggles {
            out.push(("toggles", "1".into()));
        }
        if matches!(self.theme.as_str(), "light" | "dark") {
            out.push(("theme", self.theme.clone()));
        }
        if self.read_only {
            out.push(("readonly", "1".into()));
        }
        if self.auto_height {
            out.push(("height", "auto".into()));
        }
        out
    }
}

/// The embed code for `workspace` served by the app at `app_url` (its address without query or
/// fragment, ending in `/` or a page name).
pub fn embed_code(workspace: &Workspace, app_url: &str, choice: &EmbedChoice) -> EmbedCode {
    let mut query = String::from("embed=1");
    for (name, value) in choice.options() {
        query.push_str(&format!("&{name}={}", query_value(&value)));
    }
    let url = format!("{app_url}?{query}#{}", share::encode(workspace));
    // A bare iframe cannot follow its content's height: it gets a fixed one.
    let iframe_options: String = choice.options().iter().filter(|(n, _)| *n != "height").fold(
        String::from("embed=1"),
        |mut q, (name, value)| {
            q.push_str(&format!("&{name}={}", query_value(value)));
            q
        },
    );
    let iframe = format!(
        "<iframe title=\"Policy Playground\" style=\"width: 100%; height: 520px; border: 0\"\n  src=\"{}\"></iframe>",
        attribute(&format!("{app_url}?{iframe_options}#{}", share::encode(workspace)))
    );
    let script_url = match app_url.rfind('/') {
        Some(i) => format!("{}policy-playground.js", &app_url[..=i]),
        None => "policy-playground.js".to_string(),
    };
    let mut element = format!(
        "<script src=\"{}\" defer></script>\n<policy-playground app=\"{}\"",
        attribute(&script_url),
        attribute(app_url)
    );
    for (name, value) in choice.options() {
        // The element sizes itself by default: a fixed height is what it needs to be told.
        if name != "height" {
            element.push_str(&format!(" {name}=\"{}\"", attribute(&value)));
        }
    }
    if !choice.auto_height {
        element.push_str(" height=\"520\"");
    }
    // `</` inside the inline JSON would end the script element early.
    let json = workspace.to_scenario_text().replace("</", "<\\/");
    element.push_str(&format!(">\n  <script type=\"application/json\">{json}</script>\n</policy-playground>"));
    EmbedCode { url, iframe, element }
}
