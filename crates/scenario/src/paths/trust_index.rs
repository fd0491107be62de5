//! Pruning for the search: which roles could possibly trust a caller, read from the
//! principals of each trust policy. Only a cheap superset; every edge is still decided by
//! the engine.

use crate::model::{Scenario, named_account, split_role_reference};
use playground_core::request::{Principal, PrincipalKind};
use std::collections::{HashMap, HashSet};

/// What a trust-policy principal entry could match, for pruning.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Anyone,
    Account(String),
    Role(String, String),
    Exact(String),
    Service(String),
}

/// Which roles each kind of caller could possibly be trusted by.
pub(super) struct TrustIndex {
    by_key: HashMap<Key, Vec<usize>>,
}

impl TrustIndex {
    pub(super) fn new(s: &Scenario) -> TrustIndex {
        let mut by_key: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, role) in s.roles.iter().enumerate() {
            let mut keys = HashSet::new();
            for st in &role.trust.statements {
                let Some(set) = &st.body.principal else { continue };
                if set.negated {
                    keys.insert(Key::Anyone);
                    continue;
                }
                for e in &set.entries {
                    keys.insert(entry_key(&e.kind, &e.value, s));
                }
            }
            for k in keys {
                by_key.entry(k).or_default().push(i);
            }
        }
        TrustIndex { by_key }
    }

    /// Roles whose trust policy names something that could be this caller.
    pub(super) fn candidates(&self, caller: &Principal) -> Vec<usize> {
        let mut keys = vec![Key::Anyone, Key::Exact(caller.text.to_ascii_lowercase())];
        if let Some(a) = &caller.account {
            keys.push(Key::Account(a.clone()));
        }
        match &caller.kind {
            PrincipalKind::Session { role, .. } | PrincipalKind::Role { name: role } => {
                if let Some(a) = &caller.account {
                    keys.push(Key::Role(a.clone(), role.rsplit('/').next().unwrap_or(role).to_ascii_lowercase()));
                }
            }
            PrincipalKind::Service { name } => keys.push(Key::Service(name.to_ascii_lowercase())),
            _ => {}
        }
        let mut out: Vec<usize> = keys.iter().filter_map(|k| self.by_key.get(k)).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// What one trust-policy principal entry (`kind`, `value`) could match.
pub(super) fn entry_key(kind: &str, value: &str, s: &Scenario) -> Key {
    if kind == "*" || value == "*" {
        return Key::Anyone;
    }
    if kind == "Service" {
        return Key::Service(value.to_ascii_lowercase());
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Key::Account(value.to_string());
    }
    if value.ends_with(":root")
        && let Some(a) = named_account(value, s.dialect)
    {
        return Key::Account(a);
    }
    if let Some((account, name)) = split_role_reference(value, s.dialect)
        && value.contains(":role/")
    {
        return Key::Role(account, name.to_ascii_lowercase());
    }
    Key::Exact(value.to_ascii_lowercase())
}
