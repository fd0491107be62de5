//! Hover cards: what the catalogue knows about the action or condition key under the pointer
//! (service, resource types with their ARN formats, key type), and what a condition operator
//! compares. The catalogue records no access levels, so the cards show none.

use crate::completion::{family_words, guess_dialect, key_words};
use crate::scan;
use crate::utf16::Utf16Index;
use policy_playground::Dialect;
use policy_playground::catalog::Catalog;
use policy_playground::operator::{Operator, SetQualifier};
use serde::Serialize;

/// How many actions a wildcard's card lists before "and N more".
const LISTED: usize = 12;

/// A card: a title, a line under it, rows of label and value, and a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    /// Start of the text the card is about (UTF-16 from [`hover`], bytes from [`hover_bytes`]).
    pub from: usize,
    /// End of that text.
    pub to: usize,
    /// The name.
    pub title: String,
    /// What it is.
    pub subtitle: Option<String>,
    /// Facts as (label, value).
    pub rows: Vec<(String, String)>,
    /// A list (resource types and their ARN formats, matching actions).
    pub list: Vec<String>,
}

impl Card {
    fn new(title: impl Into<String>, subtitle: Option<String>) -> Card {
        Card { from: 0, to: 0, title: title.into(), subtitle, rows: Vec::new(), list: Vec::new() }
    }
}

/// The card of an action or action pattern (`s3:GetObject`, `s3:Get*`).
pub fn action_card(catalog: &Catalog, action: &str) -> Option<Card> {
    let action = action.trim();
    let (service_key, name) = action.split_once(':')?;
    if service_key.contains(['*', '?']) || name.contains(['*', '?']) {
        let matching = catalog.matching_actions(action);
        let mut card = Card::new(action, Some(format!("matches {} action(s) in the catalogue", matching.len())));
        if let Some(service) = catalog.service(service_key) {
            card.rows.push(("Service".into(), format!("{} ({})", service.name, service.key)));
        }
        card.list = matching.iter().take(LISTED).map(|(s, a)| format!("{}:{}", s.key, a.name)).collect();
        if matching.len() > LISTED {
            card.list.push(format!("… and {} more", matching.len() - LISTED));
        }
        return Some(card);
    }
    let service = catalog.service(service_key)?;
    let Some(a) = service.action(name) else {
        let mut card = Card::new(action, Some(format!("not an action of {} in the catalogue", service.name)));
        if let Some(suggestion) = catalog.did_you_mean_action(service, name) {
            card.rows.push(("Did you mean".into(), suggestion));
        }
        return Some(card);
    };
    let mut card = Card::new(format!("{}:{}", service.key, a.name), Some("action".into()));
    card.rows.push(("Service".into(), format!("{} ({})", service.name, service.key)));
    let types: Vec<_> = a.resource_types.iter().filter_map(|r| catalog.resource_type(*r)).collect();
    let resources = if !types.is_empty() {
        types.iter().map(|(_, t)| t.name.as_str()).collect::<Vec<_>>().join(", ")
    } else if catalog.complete_resource_types {
        "none: only \"Resource\": \"*\"".to_string()
    } else {
        "not documented in the catalogue".to_string()
    };
    card.rows.push(("Resource types".into(), resources));
    card.list = types.iter().map(|(s, t)| format!("{} {}: {}", s.key, t.name, t.arn)).collect();
    Some(card)
}

/// The card of a condition key as written in a policy (`aws:SourceIp`, `aws:RequestTag/Project`).
pub fn key_card(catalog: &Catalog, key: &str) -> Option<Card> {
    let key = key.trim();
    let (k, owner) = match catalog.global_key(key) {
        Some(k) => (k, "global condition key".to_string()),
        None => catalog
            .services
            .iter()
            .find_map(|s| s.condition_key(key).map(|k| (k, format!("condition key of {} ({})", s.name, s.key))))?,
    };
    let mut card = Card::new(key, Some(owner));
    if k.name != key {
        card.rows.push(("Documented as".into(), k.name.clone()));
    }
    card.rows.push(("Type".into(), key_words(k)));
    if k.multi_valued {
        card.rows.push(("Several values".into(), "test with ForAnyValue: or ForAllValues:".into()));
    }
    Some(card)
}

/// The card of a condition operator.
pub fn operator_card(name: &str, dialect: Dialect) -> Option<Card> {
    let op = Operator::parse(name, dialect).ok()?;
    let mut card = Card::new(op.to_string(), Some("condition operator".into()));
    card.rows.push(("Compares".into(), family_words(op.base.family()).into()));
    if let Some(q) = op.qualifier {
        let what = match q {
            SetQualifier::ForAllValues => "every value of the request's key must match",
            SetQualifier::ForAnyValue => "at least one value of the request's key must match",
        };
        card.rows.push(("Set".into(), what.into()));
    }
    if op.if_exists {
        card.rows.push(("IfExists".into(), "true when the request lacks the key".into()));
    }
    Some(card)
}

/// The card for a completion item: `kind` is `action` or `key` (see
/// [`crate::completion::CompletionItem::card`]).
pub fn card(catalog: Option<&Catalog>, kind: &str, name: &str) -> Option<Card> {
    match kind {
        "action" => action_card(catalog?, name),
        "key" => key_card(catalog?, name),
        _ => None,
    }
}

/// The card for what is at UTF-16 offset `pos` of `text`, with its range in UTF-16 units.
pub fn hover(text: &str, pos: usize, dialect: Option<Dialect>, catalog: Option<&Catalog>) -> Option<Card> {
    let index = Utf16Index::new(text);
    let card = hover_bytes(text, index.to_byte(pos), dialect, catalog)?;
    Some(Card { from: index.to_utf16(card.from), to: index.to_utf16(card.to), ..card })
}

/// [`hover`] in bytes.
pub fn hover_bytes(text: &str, pos: usize, dialect: Option<Dialect>, catalog: Option<&Catalog>) -> Option<Card> {
    let tokens = scan::tokenize(text);
    let loc = scan::locate(text, &tokens, pos);
    let token = tokens[loc.token?];
    if !token.is_string() {
        return None;
    }
    let word = scan::token_text(text, &token);
    let keys = loc.keys();
    let is = |i: usize, name: &str| keys.len() > i && keys[keys.len() - 1 - i].eq_ignore_ascii_case(name);
    let card = if !loc.is_key() && (is(0, "Action") || is(0, "NotAction")) {
        action_card(catalog?, &word)
    } else if loc.is_key() && is(1, "Condition") {
        key_card(catalog?, &word)
    } else if loc.is_key() && is(0, "Condition") {
        operator_card(&word, dialect.unwrap_or_else(|| guess_dialect(text)))
    } else {
        None
    }?;
    let (from, to) = token.content();
    Some(Card { from, to, ..card })
}
