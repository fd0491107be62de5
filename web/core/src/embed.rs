//! Embed mode: the options a documentation page gives the playground in its iframe's query string
//! (`?embed=1&check=...&theme=light&height=auto`), the check and request they pick in the
//! workspace, and the messages the embed posts to its parent page (docs/embed.md documents both).

use crate::request::RequestForm;
use policy_playground::chain::ChainResult;
use serde::Serialize;
use std::fmt;

/// The panels an embed can show, in the order an embed shows them (chain first).
pub const PANELS: [&str; 6] = ["chain", "result", "checks", "request", "editor", "explorer"];
/// The panels shown when `panels=` is not given: the chain and its decision.
pub const DEFAULT_PANELS: [&str; 2] = ["chain", "result"];
/// The `source` of every message the embed posts, so a page can tell them from other frames'.
pub const MESSAGE_SOURCE: &str = "policy-playground";

/// The colours of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Light, whatever the system prefers (a light documentation page).
    Light,
    /// Dark, whatever the system prefers.
    Dark,
    /// The system's preference (`prefers-color-scheme`).
    #[default]
    Auto,
}

impl Theme {
    /// The value of the page's `data-theme` attribute (`None` for auto: the CSS media query decides).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
            Theme::Auto => None,
        }
    }
}

/// An embed option the page cannot honour; the embed shows it and posts it as an `error` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedError {
    /// `theme=` is not light, dark or auto.
    UnknownTheme(String),
    /// `panels=` names a panel that does not exist.
    UnknownPanel(String),
    /// `height=` is not auto.
    UnknownHeight(String),
    /// `toggles=` is neither 0 nor 1.
    NotAFlag(&'static str, String),
    /// `check=` or `request=` names no check of the scenario.
    NoSuchCheck {
        /// The option (`check` or `request`).
        option: &'static str,
        /// What it asked for.
        asked: String,
        /// The checks there are.
        names: Vec<String>,
    },
    /// `request=` names a check that has no final request (its chain stops before it).
    NoRequest(String),
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbedError::UnknownTheme(v) => write!(f, "theme={v:?} is not a theme; use light, dark or auto"),
            EmbedError::UnknownPanel(v) => {
                write!(f, "panels= names {v:?}, which is not a panel; the panels are {}", PANELS.join(", "))
            }
            EmbedError::UnknownHeight(v) => {
                write!(f, "height={v:?} is not understood; use height=auto or leave it out")
            }
            EmbedError::NotAFlag(option, v) => write!(f, "{option}={v:?} should be 0 or 1"),
            EmbedError::NoSuchCheck { option, asked, names } if names.is_empty() => {
                write!(f, "{option}={asked:?}: this scenario has no checks")
            }
            EmbedError::NoSuchCheck { option, asked, names } => write!(
                f,
                "{option}={asked:?} names no check of this scenario; give a check's name or its number (1 to {}): {}",
                names.len(),
                names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
            ),
            EmbedError::NoRequest(name) => {
                write!(f, "request= names the check {name:?}, whose chain stops before its final request")
            }
        }
    }
}

/// The options of an embed (`?embed=1&...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// Panels to show, in [`PANELS`] order.
    pub panels: Vec<String>,
    /// No editing.
    pub read_only: bool,
    /// The check shown: its name or its number from 1 (`check=`).
    pub check: Option<String>,
    /// The check whose final request fills the request builder (`request=`).
    pub request: Option<String>,
    /// Whether the "What breaks" toggles show beside the chain (`toggles=1`).
    pub toggles: bool,
    /// The colours (`theme=`).
    pub theme: Theme,
    /// Whether the embed posts its content's height to the parent page (`height=auto`).
    pub auto_height: bool,
    /// Options that were ignored, and why.
    pub errors: Vec<EmbedError>,
}

impl Default for Embed {
    fn default() -> Embed {
        Embed {
            panels: DEFAULT_PANELS.iter().map(|p| p.to_string()).collect(),
            read_only: false,
            check: None,
            request: None,
            toggles: false,
            theme: Theme::Auto,
            auto_height: false,
            errors: Vec::new(),
        }
    }
}

/// A 0/1 flag; anything else is an error and leaves the default.
fn flag(option: &'static str, value: Option<String>, default: bool, errors: &mut Vec<EmbedError>) -> bool {
    match value.as_deref().map(str::trim) {
        None => default,
        Some("1" | "true" | "yes" | "") => true,
        Some("0" | "false" | "no") => false,
        Some(other) => {
            errors.push(EmbedError::NotAFlag(option, other.to_string()));
            default
        }
    }
}

impl Embed {
    /// Reads the options through `get` (a query-string lookup); a bad value is recorded in
    /// [`Embed::errors`] and the option keeps its default.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Embed {
        let mut errors = Vec::new();
        let mut panels = Vec::new();
        if let Some(list) = get("panels") {
            for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let name = name.to_ascii_lowercase();
                if !PANELS.contains(&name.as_str()) {
                    errors.push(EmbedError::UnknownPanel(name));
                } else if !panels.contains(&name) {
                    panels.push(name);
                }
            }
        }
        if panels.is_empty() {
            panels = DEFAULT_PANELS.iter().map(|p| p.to_string()).collect();
        }
        panels.sort_by_key(|p| PANELS.iter().position(|q| q == p));
        let theme = match get("theme").map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            None | Some("auto" | "") => Theme::Auto,
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some(other) => {
                errors.push(EmbedError::UnknownTheme(other.to_string()));
                Theme::Auto
            }
        };
        let auto_height = match get("height").map(|h| h.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") => false,
            Some("auto") => true,
            Some(other) => {
                errors.push(EmbedError::UnknownHeight(other.to_string()));
                false
            }
        };
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Embed {
            panels,
            read_only: flag("readonly", get("readonly"), false, &mut errors),
            check: text("check"),
            request: text("request"),
            toggles: flag("toggles", get("toggles"), false, &mut errors),
            theme,
            auto_height,
            errors,
        }
    }

    /// Whether `panel` shows.
    pub fn shows(&self, panel: &str) -> bool {
        self.panels.iter().any(|p| p == panel)
    }
}

/// The index of the check that `asked` names: its exact name, then its name ignoring case, then
/// its number counted from 1.
pub fn find_check(option: &'static str, asked: &str, checks: &[ChainResult]) -> Result<usize, EmbedError> {
    let asked = asked.trim();
    checks
        .iter()
        .position(|c| c.check == asked)
        .or_else(|| checks.iter().position(|c| c.check.eq_ignore_ascii_case(asked)))
        .or_else(|| asked.parse::<usize>().ok().filter(|n| (1..=checks.len()).contains(n)).map(|n| n - 1))
        .ok_or_else(|| EmbedError::NoSuchCheck {
            option,
            asked: asked.to_string(),
            names: checks.iter().map(|c| c.check.clone()).collect(),
        })
}

/// The request builder's form for `request=`: the named check's final request.
pub fn request_of(asked: &str, checks: &[ChainResult]) -> Result<RequestForm, EmbedError> {
    let check = &checks[find_check("request", asked, checks)?];
    let f = check.final_request.as_ref().ok_or_else(|| EmbedError::NoRequest(check.check.clone()))?;
    Ok(RequestForm {
        principal: f.principal.clone(),
        action: f.action.clone(),
        resource: f.resource.clone(),
        context: Vec::new(),
    })
}

/// A message the embed posts to its parent page (`window.parent.postMessage`), serialized as
/// `{"source": "policy-playground", "type": ..., ...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message {
    /// The content's height in CSS pixels (with `height=auto`), sent at start and on every change.
    Height {
        /// The height.
        height: u32,
    },
    /// The shown check's decision, sent at start and whenever it changes.
    Decision {
        /// The check's name.
        check: String,
        /// Its position from 0.
        index: usize,
        /// `allow`, `explicit_deny` or `implicit_deny`.
        decision: &'static str,
        /// The decision the check expects.
        expected: &'static str,
        /// Whether the decision is the expected one.
        passed: bool,
        /// One sentence: where the chain stops and why, or what the final request got.
        reason: String,
    },
    /// Something the embed could not do (a bad option, an unreadable scenario).
    Error {
        /// What went wrong, for a person.
        message: String,
    },
}

impl Message {
    /// The decision message for a check.
    pub fn decision(index: usize, check: &ChainResult) -> Message {
        Message::Decision {
            check: check.check.clone(),
            index,
            decision: check.decision.as_str(),
            expected: check.expected.as_str(),
            passed: check.passed(),
            reason: check.summary.clone(),
        }
    }

    /// The decision message for a check of a workspace analysed in the worker.
    pub fn decision_in_summary(index: usize, check: &crate::background::CheckLine) -> Message {
        let word = |name: &str| policy_playground::Decision::from_name(name).map_or("", |d| d.as_str());
        Message::Decision {
            check: check.name.clone(),
            index,
            decision: word(&check.decision),
            expected: word(&check.expected),
            passed: check.passed,
            reason: check.summary.clone(),
        }
    }

    /// The message as the JSON the page receives.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Tagged<'a> {
            source: &'static str,
            #[serde(flatten)]
            message: &'a Message,
        }
        serde_json::to_string(&Tagged { source: MESSAGE_SOURCE, message: self }).expect("message serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::AppState;
    use crate::workspace::Workspace;

    fn parse(query: &str) -> Embed {
        Embed::parse(|k| crate::startup::query_param(query, k))
    }

    fn checks(example: &str) -> Vec<ChainResult> {
        AppState::new(Workspace::example(example).unwrap()).analysis.checks.clone()
    }

    #[test]
    fn defaults_show_the_chain_and_its_decision_with_the_system_theme() {
        let e = parse("embed=1");
        assert_eq!(e.panels, ["chain", "result"]);
        assert_eq!((e.theme, e.toggles, e.auto_height, e.read_only), (Theme::Auto, false, false, false));
        assert!(e.errors.is_empty());
    }

    #[test]
    fn every_option_is_read() {
        let e = parse(
            "embed=1&check=Account+C&request=2&toggles=1&theme=light&panels=result,chain,editor&readonly=1&height=auto",
        );
        assert_eq!(e.check.as_deref(), Some("Account C"));
        assert_eq!(e.request.as_deref(), Some("2"));
        assert!(e.toggles && e.read_only && e.auto_height);
        assert_eq!(e.theme, Theme::Light);
        assert_eq!(e.panels, ["chain", "result", "editor"], "panels keep the embed's order, chain first");
        assert_eq!(parse("theme=DARK").theme.attribute(), Some("dark"));
    }

    #[test]
    fn bad_values_are_reported_and_fall_back() {
        let e = parse("theme=blue&panels=chain,graph&height=300&toggles=maybe");
        assert_eq!(e.theme, Theme::Auto);
        assert_eq!(e.panels, ["chain"]);
        assert!(!e.auto_height && !e.toggles);
        let messages: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("\"graph\"") && messages[0].contains("explorer"), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("theme=\"blue\"") && m.contains("light, dark or auto")));
    }

    #[test]
    fn a_check_is_found_by_name_ignoring_case_or_by_number() {
        let c = checks("cloud-backup-ram-role");
        let name = c[2].check.clone();
        assert_eq!(find_check("check", &name, &c), Ok(2));
        assert_eq!(find_check("check", &name.to_uppercase(), &c), Ok(2));
        assert_eq!(find_check("check", "3", &c), Ok(2));
        let err = find_check("check", "0", &c).unwrap_err().to_string();
        assert!(err.contains(&c[0].check) && err.contains(&format!("1 to {}", c.len())), "{err}");
        assert!(find_check("check", "nope", &[]).unwrap_err().to_string().contains("no checks"));
    }

    #[test]
    fn request_takes_the_named_checks_final_request() {
        let c = checks("cloud-backup-ram-role");
        let (i, with) = c.iter().enumerate().find(|(_, c)| c.final_request.is_some()).unwrap();
        let form = request_of(&with.check, &c).unwrap();
        assert_eq!(form.action, with.final_request.as_ref().unwrap().action);
        assert_eq!(request_of(&(i + 1).to_string(), &c).unwrap(), form);
        if let Some(stopped) = c.iter().find(|c| c.final_request.is_none()) {
            assert_eq!(request_of(&stopped.check, &c), Err(EmbedError::NoRequest(stopped.check.clone())));
        }
    }

    #[test]
    fn messages_carry_their_source_and_type() {
        let c = checks("cloud-backup-ram-role");
        let json: serde_json::Value = serde_json::from_str(&Message::decision(0, &c[0]).to_json()).unwrap();
        assert_eq!(json["source"], MESSAGE_SOURCE);
        assert_eq!(json["type"], "decision");
        assert_eq!(json["check"], c[0].check.as_str());
        assert_eq!(json["decision"], c[0].decision.as_str());
        assert_eq!(json["reason"], c[0].summary.as_str());
        let height: serde_json::Value = serde_json::from_str(&Message::Height { height: 480 }.to_json()).unwrap();
        assert_eq!(height, serde_json::json!({"source": "policy-playground", "type": "height", "height": 480}));
    }
}
