//! The workspace: the scenario being edited, kept as JSON with every policy document held as
//! the text the person typed (so nothing they type is ever lost, even when it is not valid JSON).

use policy_playground::dialect::Dialect;
use policy_playground::scenario::{resource_policy_name, split_role_reference, trust_policy_name};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// A built-in example scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable identifier (used in URLs and tests).
    pub id: &'static str,
    /// Title for the menu.
    pub title: &'static str,
    /// The scenario file.
    pub text: &'static str,
}

/// The built-in scenarios, from `scenarios/` at the repository root.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "cloud-backup-ram-role",
        title: "Cloud Backup across accounts by RAM role",
        text: include_str!("../../scenarios/cloud-backup-ram-role.json"),
    },
    Example {
        id: "cloud-backup-resource-directory",
        title: "Cloud Backup through a Resource Directory",
        text: include_str!("../../scenarios/cloud-backup-resource-directory.json"),
    },
    Example {
        id: "cloud-backup-service-linked-roles",
        title: "Cloud Backup's eleven service-linked roles (corrected)",
        text: include_str!("../../scenarios/cloud-backup-service-linked-roles.json"),
    },
    Example {
        id: "cloud-backup-service-linked-roles-as-printed",
        title: "Cloud Backup's eleven service-linked roles (as printed)",
        text: include_str!("../../scenarios/cloud-backup-service-linked-roles-as-printed.json"),
    },
    Example {
        id: "aws-backup",
        title: "AWS Backup: service-linked role and cross-account copy",
        text: include_str!("../../scenarios/aws-backup.json"),
    },
];

/// Which policy document of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocRef {
    /// A library policy, by name.
    Library(String),
    /// A role's trust policy.
    Trust {
        /// The role's account.
        account: String,
        /// The role's name.
        role: String,
    },
    /// A resource's policy, by ARN.
    Resource(String),
}

/// One document, for lists and the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    /// Which document.
    pub doc: DocRef,
    /// The name the engine gives it in explanations.
    pub name: String,
    /// System policies cannot be edited.
    pub read_only: bool,
    /// The text.
    pub text: String,
}

/// The scenario being edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The scenario, with documents as text.
    pub scenario: Value,
    /// The example it started from, if any.
    pub example: Option<String>,
}

/// Pretty JSON for a document, as the editor shows it.
fn document_text(doc: &Value) -> String {
    match doc {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

impl Workspace {
    /// Reads a scenario file and turns every policy document into text.
    pub fn from_scenario_text(text: &str, example: Option<&str>) -> Result<Workspace, String> {
        let mut scenario: Value = serde_json::from_str(text).map_err(|e| format!("not a scenario file: {e}"))?;
        if !scenario.is_object() {
            return Err("not a scenario file: expected a JSON object".into());
        }
        for p in array_mut(&mut scenario, "policies") {
            if let Some(doc) = p.as_object_mut().and_then(|o| o.remove("document")) {
                p["text"] = Value::String(document_text(&doc));
            }
        }
        for r in array_mut(&mut scenario, "roles") {
            if let Some(doc) = r.get("trust_policy") {
                r["trust_policy"] = Value::String(document_text(doc));
            }
        }
        for r in array_mut(&mut scenario, "resources") {
            if let Some(doc) = r.get("policy").filter(|d| !d.is_null()) {
                r["policy"] = Value::String(document_text(doc));
            }
        }
        Ok(Workspace { scenario, example: example.map(str::to_string) })
    }

    /// A workspace with nothing in it.
    pub fn empty() -> Workspace {
        Workspace { scenario: json!({"scenario": "Empty scenario", "accounts": []}), example: None }
    }

    /// A built-in example.
    pub fn example(id: &str) -> Option<Workspace> {
        let e = EXAMPLES.iter().find(|e| e.id == id)?;
        Workspace::from_scenario_text(e.text, Some(e.id)).ok()
    }

    /// The scenario file text the engine reads.
    pub fn to_scenario_text(&self) -> String {
        self.scenario.to_string()
    }

    /// The scenario's title.
    pub fn title(&self) -> String {
        self.scenario.get("scenario").and_then(Value::as_str).unwrap_or("Untitled scenario").to_string()
    }

    /// Every document, library first, then trust policies, then resource policies.
    pub fn documents(&self) -> Vec<DocInfo> {
        let mut out = Vec::new();
        for p in array(&self.scenario, "policies") {
            let name = str_of(p, "name").to_string();
            out.push(DocInfo {
                doc: DocRef::Library(name.clone()),
                read_only: p.get("system").and_then(Value::as_bool).unwrap_or(false),
                text: str_of(p, "text").to_string(),
                name,
            });
        }
        for r in array(&self.scenario, "roles") {
            let role = str_of(r, "name").to_string();
            out.push(DocInfo {
                doc: DocRef::Trust { account: str_of(r, "account").to_string(), role: role.clone() },
                name: trust_policy_name(&role),
                // A service-linked role's trust policy belongs to the service.
                read_only: r.get("service_linked").is_some(),
                text: str_of(r, "trust_policy").to_string(),
            });
        }
        for r in array(&self.scenario, "resources") {
            if let Some(text) = r.get("policy").and_then(Value::as_str) {
                let arn = str_of(r, "arn").to_string();
                let kind = r.get("kind").and_then(Value::as_str).unwrap_or("resource");
                out.push(DocInfo {
                    doc: DocRef::Resource(arn.clone()),
                    name: resource_policy_name(kind, &arn),
                    read_only: false,
                    text: text.to_string(),
                });
            }
        }
        out
    }

    /// One document.
    pub fn document(&self, doc: &DocRef) -> Option<DocInfo> {
        self.documents().into_iter().find(|d| &d.doc == doc)
    }

    /// The document the engine calls `name` (from an explanation).
    pub fn doc_named(&self, name: &str) -> Option<DocRef> {
        self.documents().into_iter().find(|d| d.name == name).map(|d| d.doc)
    }

    /// Replaces a document's text. Returns false when the document is read-only or gone.
    pub fn set_text(&mut self, doc: &DocRef, text: &str) -> bool {
        if self.document(doc).is_none_or(|d| d.read_only) {
            return false;
        }
        let slot = match doc {
            DocRef::Library(name) => {
                array_mut(&mut self.scenario, "policies").find(|p| str_of(p, "name") == name).map(|p| &mut p["text"])
            }
            DocRef::Trust { account, role } => array_mut(&mut self.scenario, "roles")
                .find(|r| str_of(r, "account") == account && str_of(r, "name") == role)
                .map(|r| &mut r["trust_policy"]),
            DocRef::Resource(arn) => {
                array_mut(&mut self.scenario, "resources").find(|r| str_of(r, "arn") == arn).map(|r| &mut r["policy"])
            }
        };
        match slot {
            Some(slot) => {
                *slot = Value::String(text.to_string());
                true
            }
            None => false,
        }
    }

    /// Accounts as (id, name).
    pub fn accounts(&self) -> Vec<(String, String)> {
        array(&self.scenario, "accounts")
            .map(|a| {
                let id = str_of(a, "id").to_string();
                let name = a.get("name").and_then(Value::as_str).unwrap_or(&id).to_string();
                (id, name)
            })
            .collect()
    }

    /// Roles of an account as (name, attached policies, linked service).
    pub fn roles_of(&self, account: &str) -> Vec<(String, Vec<String>, Option<String>)> {
        array(&self.scenario, "roles")
            .filter(|r| str_of(r, "account") == account)
            .map(|r| {
                let policies = array(r, "policies").filter_map(Value::as_str).map(str::to_string).collect();
                (
                    str_of(r, "name").to_string(),
                    policies,
                    r.get("service_linked").and_then(Value::as_str).map(str::to_string),
                )
            })
            .collect()
    }

    /// Users of an account as (name, attached policies).
    pub fn users_of(&self, account: &str) -> Vec<(String, Vec<String>)> {
        array(&self.scenario, "users")
            .filter(|u| str_of(u, "account") == account)
            .map(|u| {
                (
                    str_of(u, "name").to_string(),
                    array(u, "policies").filter_map(Value::as_str).map(str::to_string).collect(),
                )
            })
            .collect()
    }

    /// Adds an account with a fresh id (one above the highest, same width) and returns the id.
    pub fn add_account(&mut self, name: &str) -> String {
        let ids: Vec<String> = self.accounts().into_iter().map(|(id, _)| id).collect();
        let width = ids.iter().map(String::len).max().unwrap_or(12);
        let next = ids.iter().filter_map(|id| id.parse::<u128>().ok()).max().map_or(100_000_000_001, |m| m + 1);
        let id = format!("{next:0>width$}");
        push(&mut self.scenario, "accounts", json!({"id": id, "name": name}));
        id
    }

    /// Renames an account (its display name; the id stays, since ARNs carry it).
    pub fn rename_account(&mut self, id: &str, name: &str) {
        if let Some(a) = array_mut(&mut self.scenario, "accounts").find(|a| str_of(a, "id") == id) {
            a["name"] = Value::String(name.to_string());
        }
    }

    /// Deletes an account with its roles and users.
    pub fn delete_account(&mut self, id: &str) {
        retain(&mut self.scenario, "accounts", |a| str_of(a, "id") != id);
        retain(&mut self.scenario, "roles", |r| str_of(r, "account") != id);
        retain(&mut self.scenario, "users", |u| str_of(u, "account") != id);
    }

    /// Adds a role trusted by its own account, with no policies.
    pub fn add_role(&mut self, account: &str, name: &str) {
        let aliyun = self.is_aliyun();
        let trust = if aliyun {
            json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [format!("acs:ram::{account}:root")]}}]})
        } else {
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}}]})
        };
        push(
            &mut self.scenario,
            "roles",
            json!({"account": account, "name": name, "trust_policy": document_text(&trust), "policies": []}),
        );
    }

    /// Renames a role and every reference to it (checks, Cloud Backup registration).
    pub fn rename_role(&mut self, account: &str, from: &str, to: &str) {
        for r in array_mut(&mut self.scenario, "roles") {
            if str_of(r, "account") == account && str_of(r, "name") == from {
                r["name"] = Value::String(to.to_string());
            }
        }
        let new = format!("{account}/{to}");
        let dialect = if self.is_aliyun() { Dialect::Aliyun } else { Dialect::Aws };
        let names_old = |reference: &str| {
            split_role_reference(reference, dialect).is_some_and(|(a, n)| a == account && n.eq_ignore_ascii_case(from))
        };
        for c in array_mut(&mut self.scenario, "checks") {
            for hop in c.get_mut("chain").and_then(Value::as_array_mut).into_iter().flatten() {
                let target = if hop.is_object() { &mut hop["role"] } else { hop };
                if target.as_str().is_some_and(names_old) {
                    *target = Value::String(new.clone());
                }
            }
        }
        if let Some(members) = self.scenario.pointer_mut("/backup/resource_accounts").and_then(Value::as_array_mut) {
            for m in members {
                if str_of(m, "account") == account && str_of(m, "role") == from {
                    m["role"] = Value::String(to.to_string());
                }
            }
        }
    }

    /// Deletes a role.
    pub fn delete_role(&mut self, account: &str, name: &str) {
        retain(&mut self.scenario, "roles", |r| !(str_of(r, "account") == account && str_of(r, "name") == name));
    }

    /// Adds a user with no policies.
    pub fn add_user(&mut self, account: &str, name: &str) {
        push(&mut self.scenario, "users", json!({"account": account, "name": name, "policies": []}));
    }

    /// Deletes a user.
    pub fn delete_user(&mut self, account: &str, name: &str) {
        retain(&mut self.scenario, "users", |u| !(str_of(u, "account") == account && str_of(u, "name") == name));
    }

    /// Adds a custom library policy with an empty statement list and returns its name.
    pub fn add_policy(&mut self, name: &str) -> String {
        let mut name = name.to_string();
        let names: Vec<String> = array(&self.scenario, "policies").map(|p| str_of(p, "name").to_string()).collect();
        let mut i = 2;
        while names.contains(&name) {
            name = format!("{name} {i}");
            i += 1;
        }
        let version = if self.is_aliyun() { "1" } else { "2012-10-17" };
        let text = format!("{{\n  \"Version\": \"{version}\",\n  \"Statement\": []\n}}");
        push(&mut self.scenario, "policies", json!({"name": name, "text": text}));
        name
    }

    /// Renames a library policy and every attachment of it (roles, users, groups, organization).
    pub fn rename_policy(&mut self, from: &str, to: &str) {
        for p in array_mut(&mut self.scenario, "policies") {
            if str_of(p, "name") == from {
                p["name"] = Value::String(to.to_string());
            }
        }
        replace_names(&mut self.scenario, from, Some(to));
    }

    /// Deletes a library policy and detaches it everywhere.
    pub fn delete_policy(&mut self, name: &str) {
        retain(&mut self.scenario, "policies", |p| str_of(p, "name") != name);
        replace_names(&mut self.scenario, name, None);
    }

    /// Renames a user.
    pub fn rename_user(&mut self, account: &str, from: &str, to: &str) {
        for u in array_mut(&mut self.scenario, "users") {
            if str_of(u, "account") == account && str_of(u, "name") == from {
                u["name"] = Value::String(to.to_string());
            }
        }
    }

    /// Attaches a library policy to a role (no-op when attached already).
    pub fn attach(&mut self, account: &str, role: &str, policy: &str) {
        for r in array_mut(&mut self.scenario, "roles") {
            if str_of(r, "account") == account && str_of(r, "name") == role {
                if !r.get("policies").is_some_and(Value::is_array) {
                    r["policies"] = json!([]);
                }
                let list = r["policies"].as_array_mut().expect("array");
                if !list.iter().any(|p| p.as_str() == Some(policy)) {
                    list.push(Value::String(policy.to_string()));
                }
            }
        }
    }

    /// Detaches a library policy from a role.
    pub fn detach(&mut self, account: &str, role: &str, policy: &str) {
        for r in array_mut(&mut self.scenario, "roles") {
            if str_of(r, "account") == account
                && str_of(r, "name") == role
                && let Some(list) = r.get_mut("policies").and_then(Value::as_array_mut)
            {
                list.retain(|p| p.as_str() != Some(policy));
            }
        }
    }

    fn is_aliyun(&self) -> bool {
        self.scenario.get("dialect").and_then(Value::as_str) == Some("aliyun")
    }
}

/// Replaces (or, with `None`, removes) a policy name in every list that attaches policies:
/// `policies` of roles, users and groups, `permissions_boundary`, and the organization's
/// `control_policies` / `resource_control_policies` lists.
fn replace_names(v: &mut Value, from: &str, to: Option<&str>) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let is_list = matches!(key.as_str(), "policies" | "control_policies" | "resource_control_policies");
                match value {
                    Value::Array(items) if is_list && items.iter().all(Value::is_string) => match to {
                        Some(to) => items
                            .iter_mut()
                            .filter(|i| i.as_str() == Some(from))
                            .for_each(|i| *i = Value::String(to.into())),
                        None => items.retain(|i| i.as_str() != Some(from)),
                    },
                    Value::String(s) if key == "permissions_boundary" && s == from => match to {
                        Some(to) => *s = to.to_string(),
                        None => *value = Value::Null,
                    },
                    _ => replace_names(value, from, to),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| replace_names(i, from, to)),
        _ => {}
    }
}

fn array<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn array_mut<'a>(v: &'a mut Value, key: &str) -> impl Iterator<Item = &'a mut Value> {
    v.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten()
}

fn push(v: &mut Value, key: &str, item: Value) {
    let obj = v.as_object_mut().expect("scenario is an object");
    let list = obj.entry(key.to_string()).or_insert_with(|| Value::Array(vec![]));
    if !list.is_array() {
        *list = Value::Array(vec![]);
    }
    list.as_array_mut().expect("array").push(item);
}

fn retain(v: &mut Value, key: &str, keep: impl Fn(&Value) -> bool) {
    if let Some(list) = v.get_mut(key).and_then(Value::as_array_mut) {
        list.retain(|x| keep(x));
    }
}
