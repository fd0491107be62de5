//! What the editor offers to complete at a position: policy elements where a key goes, values of
//! `Version` and `Effect`, actions from the action catalogue, condition operators and condition
//! keys, and the scenario's principals and ARNs. Positions come and go in UTF-16 units (the
//! editor's); the work is done on bytes (see [`crate::utf16`]).

use crate::scan::{self, Location, Token, TokenKind};
use crate::utf16::Utf16Index;
use policy_playground::Dialect;
use policy_playground::catalog::{Catalog, ConditionKey, KeyType};
use policy_playground::operator;
use policy_playground::scenario::Scenario;
use serde::Serialize;

/// The scenario's names the editor offers: principals, ARNs and account ids.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScenarioNames {
    /// ARNs of users, roles and accounts' roots.
    pub principals: Vec<String>,
    /// Service principals named in trust policies (`backup.amazonaws.com`).
    pub services: Vec<String>,
    /// ARNs of resources with policies, roles and users.
    pub resources: Vec<String>,
    /// Account ids.
    pub accounts: Vec<String>,
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

impl ScenarioNames {
    /// The names of a loaded scenario.
    pub fn of(scenario: &Scenario) -> ScenarioNames {
        let d = scenario.dialect;
        let mut names = ScenarioNames::default();
        for r in &scenario.roles {
            push_new(&mut names.principals, r.arn(d));
            push_new(&mut names.resources, r.arn(d));
        }
        for u in &scenario.users {
            push_new(&mut names.principals, u.arn(d));
            push_new(&mut names.resources, u.arn(d));
        }
        for a in &scenario.accounts {
            let root = match d {
                Dialect::Aws => format!("arn:aws:iam::{}:root", a.id),
                Dialect::Aliyun => format!("acs:ram::{}:root", a.id),
            };
            push_new(&mut names.principals, root);
            push_new(&mut names.accounts, a.id.clone());
        }
        for s in scenario.starting_identities().into_iter().filter(|p| !p.contains(':')) {
            push_new(&mut names.services, s);
        }
        for r in &scenario.resources {
            push_new(&mut names.resources, r.arn.clone());
        }
        names
    }
}

/// What completion knows besides the text.
#[derive(Debug, Clone, Copy)]
pub struct CompletionEnv<'a> {
    /// The scenario's dialect, when it loads (else guessed from the text).
    pub dialect: Option<Dialect>,
    /// The action catalogue of that dialect, when the app has it.
    pub catalog: Option<&'a Catalog>,
    /// The scenario's names.
    pub names: &'a ScenarioNames,
}

/// One thing offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletionItem {
    /// What the list shows and filters on.
    pub label: String,
    /// Its kind, for the icon: `property`, `keyword`, `namespace`, `function`, `variable`,
    /// `constant`, `type`, `text`.
    pub kind: &'static str,
    /// A few words after the label.
    pub detail: Option<String>,
    /// The text put in place of the range completed.
    pub insert: String,
    /// Open the list again after this one is picked (a service prefix, then its actions).
    pub reopen: bool,
    /// Raises (positive) or lowers the item among equal matches.
    pub boost: i32,
    /// A card to show beside the list: (`action` or `key`, name); see [`crate::hover::card`].
    pub card: Option<(&'static str, String)>,
}

/// The completions at a position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completions {
    /// Where the completed text starts (UTF-16 from [`complete`]).
    pub from: usize,
    /// How many units after the cursor the picked item replaces too (the rest of the word, and
    /// a key's closing quote).
    pub eat: usize,
    /// A regular expression the text from `from` to the cursor keeps matching while the same
    /// list stays valid (typing more only filters it).
    pub valid_for: String,
    /// The items.
    pub options: Vec<CompletionItem>,
}

/// The policy's dialect from its text: RAM's `"Version": "1"` or `acs:` names, else AWS.
pub fn guess_dialect(text: &str) -> Dialect {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).take(4096).collect();
    if compact.contains("\"Version\":\"1\"") || text.contains("\"acs:") || text.contains("\"RAM\"") {
        Dialect::Aliyun
    } else {
        Dialect::Aws
    }
}

/// The policy elements: the document's and a statement's, each with what it is for.
const DOCUMENT_KEYS: &[(&str, &str)] =
    &[("Version", "the policy language version"), ("Statement", "the statements"), ("Id", "an identifier")];
const STATEMENT_KEYS: &[(&str, &str)] = &[
    ("Effect", "Allow or Deny"),
    ("Action", "the actions it is about"),
    ("NotAction", "every action but these"),
    ("Resource", "the resources it is about"),
    ("NotResource", "every resource but these"),
    ("Principal", "who (resource and trust policies)"),
    ("NotPrincipal", "everyone but these"),
    ("Condition", "when it applies"),
    ("Sid", "a name for the statement"),
];

/// Whether a policy element exists in a dialect (RAM documents no `Id`, `Sid` or `NotPrincipal`).
fn in_dialect(key: &str, dialect: Dialect) -> bool {
    dialect == Dialect::Aws || !matches!(key, "Id" | "Sid" | "NotPrincipal")
}

/// Where the completed text is and what is already typed.
struct Typed {
    /// Start of the completed text (bytes).
    from: usize,
    /// The text from `from` to the cursor.
    prefix: String,
    /// Bytes after the cursor that a pick replaces.
    eat: usize,
    /// Inside quotes (else a bare word, or nothing typed yet).
    quoted: bool,
    /// For a key in a closed string: a colon follows the closing quote.
    colon_follows: bool,
    /// The string is closed.
    closed: bool,
}

fn typed(text: &str, tokens: &[Token], loc: &Location, pos: usize) -> Typed {
    let Some(token) = loc.token.map(|i| tokens[i]) else {
        return Typed { from: pos, prefix: String::new(), eat: 0, quoted: false, colon_follows: false, closed: false };
    };
    let (start, end) = token.content();
    let closed = matches!(token.kind, TokenKind::String { closed: true });
    let colon_follows = closed && text[token.end..].trim_start().starts_with(':');
    Typed {
        from: start,
        prefix: text[start..pos].to_string(),
        eat: end - pos,
        quoted: token.is_string(),
        colon_follows,
        closed,
    }
}

impl Typed {
    /// The text a key is completed with, the rest of the string and its closing quote being replaced.
    fn key_insert(&self, key: &str) -> String {
        match (self.quoted, self.colon_follows) {
            (true, true) => format!("{key}\""),
            (true, false) => format!("{key}\": "),
            (false, _) => format!("\"{key}\": "),
        }
    }

    /// The text a value is completed with.
    fn value_insert(&self, value: &str) -> String {
        match (self.quoted, self.closed) {
            (true, true) => value.to_string(),
            (true, false) => format!("{value}\""),
            (false, _) => format!("\"{value}\""),
        }
    }

    /// How many bytes after the cursor a key pick replaces: the rest of the key, and its closing
    /// quote when the insert has its own.
    fn key_eat(&self, text: &str, pos: usize) -> usize {
        if self.quoted && self.closed {
            // The rest of the content and the closing quote.
            let after = &text[pos + self.eat..];
            self.eat + usize::from(after.starts_with('"'))
        } else {
            self.eat
        }
    }
}

fn item(label: &str, kind: &'static str, detail: Option<String>, insert: String) -> CompletionItem {
    CompletionItem { label: label.to_string(), kind, detail, insert, reopen: false, boost: 0, card: None }
}

/// Completions at UTF-16 offset `pos` of `text`, in UTF-16 units; `explicit` when asked for
/// (Ctrl+Space), not typed into (then only inside a word or string).
pub fn complete(text: &str, pos: usize, explicit: bool, env: &CompletionEnv<'_>) -> Option<Completions> {
    let index = Utf16Index::new(text);
    let byte = index.to_byte(pos);
    let c = complete_bytes(text, byte, explicit, env)?;
    let eat_end = index.to_utf16(byte + c.eat);
    Some(Completions { from: index.to_utf16(c.from), eat: eat_end - index.to_utf16(byte), ..c })
}

/// [`complete`] in bytes.
pub fn complete_bytes(text: &str, pos: usize, explicit: bool, env: &CompletionEnv<'_>) -> Option<Completions> {
    let tokens = scan::tokenize(text);
    let loc = scan::locate(text, &tokens, pos);
    if loc.token.is_none() && !explicit {
        return None;
    }
    let t = typed(text, &tokens, &loc, pos);
    let dialect = env.dialect.unwrap_or_else(|| guess_dialect(text));
    let keys = loc.keys();
    let parent = keys.last().copied().unwrap_or("");
    let is = |k: &str, name: &str| k.eq_ignore_ascii_case(name);
    let under_condition = keys.len() >= 2 && is(keys[keys.len() - 2], "Condition");
    if loc.is_key() {
        let eat = t.key_eat(text, pos);
        let existing: Vec<String> = scan::object_keys(text, &tokens, loc.object())
            .into_iter()
            .filter(|(i, _)| Some(*i) != loc.token)
            .map(|(_, k)| k)
            .collect();
        let fresh = |k: &str| !existing.iter().any(|e| e.eq_ignore_ascii_case(k));
        let mut options = Vec::new();
        let elements = |list: &[(&str, &str)], boost: i32, options: &mut Vec<CompletionItem>| {
            for (k, what) in list.iter().filter(|(k, _)| in_dialect(k, dialect) && fresh(k)) {
                options.push(CompletionItem { boost, ..item(k, "property", Some((*what).into()), t.key_insert(k)) });
            }
        };
        if keys.is_empty() {
            // The top: the document's elements, or a statement's (a pasted statement).
            let statement_like = existing.iter().any(|k| STATEMENT_KEYS.iter().any(|(s, _)| is(k, s)));
            let document_like = existing.iter().any(|k| DOCUMENT_KEYS.iter().any(|(s, _)| is(k, s)));
            if !statement_like {
                elements(DOCUMENT_KEYS, 1, &mut options);
            }
            if !document_like {
                elements(STATEMENT_KEYS, 0, &mut options);
            }
        } else if is(parent, "Statement") {
            elements(STATEMENT_KEYS, 0, &mut options);
        } else if is(parent, "Principal") || is(parent, "NotPrincipal") {
            let kinds: &[(&str, &str)] = match dialect {
                Dialect::Aws => &[
                    ("AWS", "accounts, users, roles"),
                    ("Service", "a cloud service"),
                    ("Federated", "an identity provider"),
                    ("CanonicalUser", "an S3 canonical user"),
                ],
                Dialect::Aliyun => &[
                    ("RAM", "accounts, users, roles"),
                    ("Service", "a cloud service"),
                    ("Federated", "an identity provider"),
                ],
            };
            elements(kinds, 0, &mut options);
        } else if is(parent, "Condition") {
            for name in operator::all_names(dialect) {
                let boost = if name.contains(':') || name.ends_with("IfExists") { -1 } else { 0 };
                let detail = operator::Operator::parse(&name, dialect).ok().map(|o| family_words(o.base.family()));
                options.push(CompletionItem {
                    boost,
                    ..item(&name, "keyword", detail.map(String::from), t.key_insert(&name))
                });
            }
        } else if under_condition {
            let statement = loc.statement();
            let actions = scan::object_strings(text, &tokens, statement, "Action");
            for k in condition_keys(env.catalog, &actions) {
                let mut it = item(&k.name, "variable", Some(key_words(k)), t.key_insert(&k.name));
                it.card = Some(("key", k.name.clone()));
                it.boost = i32::from(k.name.contains(':') && !k.name.contains("${"));
                options.push(it);
            }
            return finish(t.from, eat, r"^[\w:/.${}-]*$", options);
        }
        return finish(t.from, eat, r"^\w*$", options);
    }

    // A value.
    let value = |v: &str, kind: &'static str, detail: Option<String>| item(v, kind, detail, t.value_insert(v));
    let mut options = Vec::new();
    let parent_of_parent = keys.len().checked_sub(2).map(|i| keys[i]).unwrap_or("");
    if is(parent, "Version") && keys.len() <= 2 {
        let versions: &[(&str, &str)] = match dialect {
            Dialect::Aws => &[("2012-10-17", "current"), ("2008-10-17", "old: no policy variables")],
            Dialect::Aliyun => &[("1", "RAM's only version")],
        };
        for (v, what) in versions {
            options.push(value(v, "constant", Some((*what).into())));
        }
    } else if is(parent, "Effect") {
        options.push(value("Allow", "keyword", None));
        options.push(value("Deny", "keyword", None));
    } else if is(parent, "Action") || is(parent, "NotAction") {
        return complete_action(&t, env.catalog, options);
    } else if is(parent, "Resource") || is(parent, "NotResource") {
        options.push(CompletionItem { boost: 1, ..value("*", "keyword", Some("every resource".into())) });
        for r in &env.names.resources {
            options.push(value(r, "variable", Some("in the scenario".into())));
        }
        let actions = scan::object_strings(text, &tokens, loc.statement(), "Action");
        for (arn, what) in resource_formats(env.catalog, &actions) {
            options.push(CompletionItem { boost: -1, ..value(&arn, "type", Some(what)) });
        }
    } else if is(parent, "Principal") || is(parent, "NotPrincipal") {
        options.push(value("*", "keyword", Some("anyone".into())));
    } else if (is(parent_of_parent, "Principal") || is(parent_of_parent, "NotPrincipal"))
        && (is(parent, "AWS") || is(parent, "RAM"))
    {
        for p in &env.names.principals {
            options.push(value(p, "variable", Some("in the scenario".into())));
        }
        for a in &env.names.accounts {
            options.push(value(a, "constant", Some("account".into())));
        }
        options.push(CompletionItem { boost: -1, ..value("*", "keyword", Some("anyone".into())) });
    } else if is(parent_of_parent, "Principal") && is(parent, "Service") {
        for s in &env.names.services {
            options.push(value(s, "variable", Some("in the scenario".into())));
        }
    } else if keys.len() >= 3 && is(keys[keys.len() - 3], "Condition") {
        let key = env.catalog.and_then(|c| c.condition_key(parent));
        match key.map(|k| k.key_type) {
            Some(KeyType::Bool) => {
                options.push(value("true", "constant", None));
                options.push(value("false", "constant", None));
            }
            Some(KeyType::Arn) => {
                for p in env.names.principals.iter().chain(&env.names.resources) {
                    options.push(value(p, "variable", Some("in the scenario".into())));
                }
            }
            _ if parent.to_ascii_lowercase().contains("account") => {
                for a in &env.names.accounts {
                    options.push(value(a, "constant", Some("account".into())));
                }
            }
            _ => {}
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    options.retain(|o| seen.insert(o.label.clone()));
    finish(t.from, t.eat, r"^[^\x22]*$", options)
}

fn finish(from: usize, eat: usize, valid_for: &str, options: Vec<CompletionItem>) -> Option<Completions> {
    (!options.is_empty()).then(|| Completions { from, eat, valid_for: valid_for.to_string(), options })
}

/// Services (`s3:`, picked then followed by its actions), or a service's actions.
fn complete_action(t: &Typed, catalog: Option<&Catalog>, mut options: Vec<CompletionItem>) -> Option<Completions> {
    let catalog = catalog?;
    match t.prefix.split_once(':') {
        None => {
            for s in &catalog.services {
                let label = format!("{}:", s.key);
                // A service is a step towards an action: the string stays open after it.
                let insert = if t.quoted { label.clone() } else { format!("\"{label}") };
                let mut it = item(&label, "namespace", Some(s.name.clone()), insert);
                it.reopen = true;
                options.push(it);
            }
            options.push(item("*", "keyword", Some("every action".into()), t.value_insert("*")));
            finish(t.from, t.eat, r"^[\w-]*$", options)
        }
        Some((service, _)) => {
            let service = catalog.service(service)?;
            let star = format!("{}:*", service.key);
            options.push(CompletionItem {
                boost: -1,
                ..item(&star, "keyword", Some(format!("every {} action", service.key)), t.value_insert(&star))
            });
            for a in &service.actions {
                let label = format!("{}:{}", service.key, a.name);
                let mut it = item(&label, "function", None, t.value_insert(&label));
                it.card = Some(("action", label.clone()));
                options.push(it);
            }
            finish(t.from, t.eat, r"^[\w-]+:[\w*?]*$", options)
        }
    }
}

/// The condition keys to offer: the global ones, then those of the services of `actions`.
fn condition_keys<'c>(catalog: Option<&'c Catalog>, actions: &[String]) -> Vec<&'c ConditionKey> {
    let Some(catalog) = catalog else { return Vec::new() };
    let mut keys: Vec<&ConditionKey> = catalog.global_keys.iter().collect();
    let mut services: Vec<&str> = actions.iter().filter_map(|a| a.trim().split_once(':').map(|(s, _)| s)).collect();
    services.dedup();
    for s in services.iter().filter_map(|s| catalog.service(s)) {
        for k in &s.condition_keys {
            if !keys.iter().any(|e| e.name == k.name) {
                keys.push(k);
            }
        }
    }
    keys
}

/// The ARN formats of the resource types `actions` act on, each with what it is.
fn resource_formats(catalog: Option<&Catalog>, actions: &[String]) -> Vec<(String, String)> {
    let Some(catalog) = catalog else { return Vec::new() };
    let mut out: Vec<(String, String)> = Vec::new();
    for action in actions {
        for (service, a) in catalog.matching_actions(action.trim()).into_iter().take(50) {
            for r in a.resource_types.iter().filter_map(|r| catalog.resource_type(*r)) {
                let what = format!("{} {} ARN format", service.key, r.1.name);
                if !out.iter().any(|(arn, _)| *arn == r.1.arn) {
                    out.push((r.1.arn.clone(), what));
                }
            }
        }
    }
    out
}

/// What a condition key holds, in a few words.
pub fn key_words(k: &ConditionKey) -> String {
    if k.multi_valued {
        format!("{}, several values", k.key_type.describe())
    } else {
        k.key_type.describe().to_string()
    }
}

/// What an operator family compares, in a few words.
pub fn family_words(f: operator::Family) -> &'static str {
    match f {
        operator::Family::String => "compares strings",
        operator::Family::Numeric => "compares numbers",
        operator::Family::Date => "compares dates",
        operator::Family::Bool => "true or false",
        operator::Family::Binary => "compares base64 bytes",
        operator::Family::Ip => "IP addresses against CIDR blocks",
        operator::Family::Arn => "compares ARNs",
        operator::Family::Null => "whether the key is absent",
    }
}
