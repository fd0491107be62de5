//! Named workspaces: the list the switcher shows, which one is current, and the storage keys of
//! the others. Pure data; the reducer changes it ([`crate::state`]) and the browser crate keeps
//! localStorage in step with it.
//!
//! The current workspace is saved under [`crate::storage::KEY`] (where autosave always kept it);
//! every other one under [`slot_key`] of its id. Switching moves the current work to its slot
//! and the chosen one out of its slot.

use serde_json::{Map, Value};

/// Where the list is saved.
pub const INDEX_KEY: &str = "policy-playground/workspaces";
/// Prefix of the keys holding workspaces that are not current.
pub const SLOT_PREFIX: &str = "policy-playground/workspaces/";
/// The list's format version.
pub const VERSION: u32 = 1;
/// Longest workspace name kept (a name is a label, not a document).
pub const MAX_NAME: usize = 80;

/// One named workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable id (its storage key's suffix).
    pub id: String,
    /// The name shown.
    pub name: String,
    /// The person named it: loading an example into it keeps the name.
    pub named: bool,
}

/// The named workspaces and which one is current. Saved as
/// `{"version": 1, "current": ID, "next_id": N, "entries": [{"id", "name", "named"}]}`, read and
/// written through `serde_json::Value` (the app has its code already; derived code would add to
/// the wasm).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkspaceList {
    /// The current workspace's id (none before the first is made).
    pub current: Option<String>,
    /// Every workspace, in the order made.
    pub entries: Vec<Entry>,
    /// The number the next id is made from.
    pub next_id: u64,
}

/// The storage key of a workspace that is not current.
pub fn slot_key(id: &str) -> String {
    format!("{SLOT_PREFIX}{id}")
}

/// A name cut to [`MAX_NAME`] characters, spaces trimmed; `None` when nothing is left.
fn clean_name(name: &str) -> Option<String> {
    let name: String = name.trim().chars().take(MAX_NAME).collect();
    let name = name.trim_end().to_string();
    (!name.is_empty()).then_some(name)
}

impl WorkspaceList {
    /// Reads the saved list: `Err` says why one that is there cannot be read.
    pub fn parse(text: &str) -> Result<WorkspaceList, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("the list of workspaces cannot be read ({e})"))?;
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            v => {
                let v = v.map_or_else(|| "none".to_string(), |v| v.to_string());
                return Err(format!("the list of workspaces has format {v}, which this version does not know"));
            }
        }
        let bad = || "the list of workspaces is damaged (an entry without an id or a name)".to_string();
        let entries = value.get("entries").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let entries = entries
            .iter()
            .map(|e| {
                let id = e.get("id").and_then(Value::as_str).filter(|id| !id.is_empty()).ok_or_else(bad)?;
                let name = e.get("name").and_then(Value::as_str).and_then(clean_name).ok_or_else(bad)?;
                let named = e.get("named").and_then(Value::as_bool).unwrap_or(false);
                Ok(Entry { id: id.to_string(), name, named })
            })
            .collect::<Result<Vec<_>, String>>()?;
        // Ids are storage keys: a list that repeats one would let two workspaces overwrite each other.
        if entries.iter().enumerate().any(|(i, e)| entries[..i].iter().any(|o| o.id == e.id)) {
            return Err("the list of workspaces names one workspace twice".into());
        }
        let current = value.get("current").and_then(Value::as_str).map(str::to_string);
        let current = current.filter(|c| entries.iter().any(|e| &e.id == c));
        let next_id = value.get("next_id").and_then(Value::as_u64).unwrap_or(1);
        Ok(WorkspaceList { current, entries, next_id })
    }

    /// The text to save.
    pub fn serialize(&self) -> String {
        // Built by hand: `json!` would add a generic writer per value type to the wasm.
        let text = |t: &str| Value::String(t.to_string());
        let entries = self.entries.iter().map(|e| {
            let mut entry = Map::new();
            entry.insert("id".into(), text(&e.id));
            entry.insert("name".into(), text(&e.name));
            entry.insert("named".into(), Value::Bool(e.named));
            Value::Object(entry)
        });
        let mut list = Map::new();
        list.insert("version".into(), Value::from(VERSION));
        list.insert("current".into(), self.current.as_deref().map_or(Value::Null, text));
        list.insert("next_id".into(), Value::from(self.next_id));
        list.insert("entries".into(), Value::Array(entries.collect()));
        Value::Object(list).to_string()
    }

    /// The current workspace.
    pub fn current(&self) -> Option<&Entry> {
        let id = self.current.as_deref()?;
        self.entry(id)
    }

    /// The workspace with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The workspace called `name`.
    pub fn named(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// `base`, or `base (2)`, `base (3)`... whichever no workspace is called yet.
    pub fn unique_name(&self, base: &str) -> String {
        let base = clean_name(base).unwrap_or_else(|| "Untitled workspace".into());
        (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base} ({n})") })
            .find(|name| self.named(name).is_none())
            .expect("some number is free")
    }

    /// Adds a workspace called (a free variant of) `name` and makes it current. Returns its id.
    pub fn create(&mut self, name: &str) -> String {
        let name = self.unique_name(name);
        let mut id = self.next_id.max(1);
        while self.entry(&id.to_string()).is_some() {
            id += 1;
        }
        self.next_id = id + 1;
        let id = id.to_string();
        self.entries.push(Entry { id: id.clone(), name, named: false });
        self.current = Some(id.clone());
        id
    }

    /// Makes a workspace current (false when there is none with that id).
    pub fn switch(&mut self, id: &str) -> bool {
        if self.entry(id).is_none() {
            return false;
        }
        self.current = Some(id.to_string());
        true
    }

    /// Renames a workspace; refuses an empty name and one another workspace has.
    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), String> {
        let name = clean_name(name).ok_or("a workspace needs a name")?;
        if self.named(&name).is_some_and(|e| e.id != id) {
            return Err(format!("there is already a workspace called \"{name}\""));
        }
        let entry = self.entries.iter_mut().find(|e| e.id == id).ok_or("that workspace is gone")?;
        entry.name = name;
        entry.named = true;
        Ok(())
    }

    /// Gives the current workspace the title of what was loaded into it, unless the person named it.
    pub fn retitle_current(&mut self, title: &str) {
        let Some(id) = self.current.clone() else { return };
        if self.current().is_some_and(|e| clean_name(title).as_deref() == Some(e.name.as_str())) {
            return;
        }
        let name = self.unique_name(title);
        if let Some(entry) = self.entries.iter_mut().find(|e| e.id == id && !e.named) {
            entry.name = name;
        }
    }

    /// The workspace that becomes current when `id` is deleted: the next in the list, else the one
    /// before it.
    pub fn successor(&self, id: &str) -> Option<&Entry> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        self.entries.get(at + 1).or_else(|| at.checked_sub(1).and_then(|i| self.entries.get(i)))
    }

    /// Removes a workspace; when it was current, its [`WorkspaceList::successor`] becomes current.
    pub fn remove(&mut self, id: &str) {
        if self.current.as_deref() == Some(id) {
            self.current = self.successor(id).map(|e| e.id.clone());
        }
        self.entries.retain(|e| e.id != id);
    }
}
