//! Structural edits of a [`Workspace`]: accounts, roles, users and library policies added,
//! renamed, deleted, attached and detached, with every reference kept in step.

use crate::workspace::Workspace;
use policy_playground::dialect::Dialect;
use policy_playground::document::{
    AccountDocument, LibraryPolicyDocument, OrgNodeDocument, PolicyDocument, RoleDocument, ScenarioDocument,
    UserDocument,
};
use policy_playground::scenario::split_role_reference;
use serde_json::json;

/// Pretty JSON text for a generated document, as the editor shows documents.
fn pretty(value: &serde_json::Value) -> PolicyDocument {
    PolicyDocument::text(serde_json::to_string_pretty(value).expect("JSON values serialize"))
}

/// Replaces `from` with `to` (or, with `None`, removes it) in a list of policy names.
fn rename_in(list: &mut Vec<String>, from: &str, to: Option<&str>) {
    match to {
        Some(to) => list.iter_mut().filter(|p| *p == from).for_each(|p| *p = to.to_string()),
        None => list.retain(|p| p != from),
    }
}

/// The same for a permissions boundary: renamed, or removed with the policy.
fn rename_boundary(boundary: &mut Option<String>, from: &str, to: Option<&str>) {
    if boundary.as_deref() == Some(from) {
        *boundary = to.map(str::to_string);
    }
}

fn rename_in_node(node: &mut OrgNodeDocument, from: &str, to: Option<&str>) {
    for list in node.control_policies.iter_mut().chain(node.resource_control_policies.iter_mut()) {
        rename_in(list, from, to);
    }
    for child in node.folders.iter_mut().flatten() {
        rename_in_node(child, from, to);
    }
}

/// Replaces (or removes) a library policy's name wherever it is attached: roles, users, groups,
/// permissions boundaries, the organization's nodes and its per-account lists.
fn rename_attachments(s: &mut ScenarioDocument, from: &str, to: Option<&str>) {
    for r in s.roles.iter_mut().flatten() {
        r.policies.iter_mut().for_each(|list| rename_in(list, from, to));
        rename_boundary(&mut r.permissions_boundary, from, to);
    }
    for u in s.users.iter_mut().flatten() {
        u.policies.iter_mut().for_each(|list| rename_in(list, from, to));
        rename_boundary(&mut u.permissions_boundary, from, to);
    }
    for g in s.groups.iter_mut().flatten() {
        g.policies.iter_mut().for_each(|list| rename_in(list, from, to));
    }
    if let Some(org) = &mut s.organization {
        if let Some(root) = &mut org.root {
            rename_in_node(root, from, to);
        }
        let per_account = [&mut org.account_control_policies, &mut org.account_resource_control_policies];
        for map in per_account.into_iter().flatten() {
            map.values_mut().for_each(|list| rename_in(list, from, to));
        }
    }
}

impl Workspace {
    /// Adds an account with a fresh id (one above the highest, same width) and returns the id.
    pub fn add_account(&mut self, name: &str) -> String {
        let ids: Vec<String> = self.accounts().into_iter().map(|(id, _)| id).collect();
        let width = ids.iter().map(String::len).max().unwrap_or(12);
        let next = ids.iter().filter_map(|id| id.parse::<u128>().ok()).max().map_or(100_000_000_001, |m| m + 1);
        let id = format!("{next:0>width$}");
        let account = AccountDocument { id: id.clone(), name: Some(name.to_string()) };
        self.scenario_mut().accounts.get_or_insert_with(Vec::new).push(account);
        id
    }

    /// Renames an account (its display name; the id stays, since ARNs carry it).
    pub fn rename_account(&mut self, id: &str, name: &str) {
        if let Some(a) = self.scenario_mut().accounts.iter_mut().flatten().find(|a| a.id == id) {
            a.name = Some(name.to_string());
        }
    }

    /// Deletes an account with its roles and users.
    pub fn delete_account(&mut self, id: &str) {
        let s = self.scenario_mut();
        if let Some(accounts) = &mut s.accounts {
            accounts.retain(|a| a.id != id);
        }
        if let Some(roles) = &mut s.roles {
            roles.retain(|r| r.account != id);
        }
        if let Some(users) = &mut s.users {
            users.retain(|u| u.account != id);
        }
    }

    /// Adds a role trusted by its own account, with no policies.
    pub fn add_role(&mut self, account: &str, name: &str) {
        let trust = if self.is_aliyun() {
            json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [format!("acs:ram::{account}:root")]}}]})
        } else {
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")}}]})
        };
        let role = RoleDocument {
            account: account.to_string(),
            description: None,
            max_session_duration: None,
            name: name.to_string(),
            path: None,
            permissions_boundary: None,
            policies: Some(vec![]),
            service_linked: None,
            trust_policy: pretty(&trust),
        };
        self.scenario_mut().roles.get_or_insert_with(Vec::new).push(role);
    }

    /// Renames a role and every reference to it (checks' chains, Cloud Backup's registration).
    pub fn rename_role(&mut self, account: &str, from: &str, to: &str) {
        let dialect = if self.is_aliyun() { Dialect::Aliyun } else { Dialect::Aws };
        let s = self.scenario_mut();
        for r in s.roles.iter_mut().flatten().filter(|r| r.account == account && r.name == from) {
            r.name = to.to_string();
        }
        let new = format!("{account}/{to}");
        let names_old = |reference: &str| {
            split_role_reference(reference, dialect).is_some_and(|(a, n)| a == account && n.eq_ignore_ascii_case(from))
        };
        for hop in s.checks.iter_mut().flatten().flat_map(|c| c.chain.iter_mut().flatten()) {
            if names_old(hop.role()) {
                *hop.role_mut() = new.clone();
            }
        }
        let members = s.backup.iter_mut().flat_map(|b| b.resource_accounts.iter_mut().flatten());
        for m in members.filter(|m| m.account == account && m.role.as_deref() == Some(from)) {
            m.role = Some(to.to_string());
        }
    }

    /// Deletes a role.
    pub fn delete_role(&mut self, account: &str, name: &str) {
        if let Some(roles) = &mut self.scenario_mut().roles {
            roles.retain(|r| !(r.account == account && r.name == name));
        }
    }

    /// Adds a user with no policies.
    pub fn add_user(&mut self, account: &str, name: &str) {
        let user = UserDocument {
            account: account.to_string(),
            groups: None,
            name: name.to_string(),
            permissions_boundary: None,
            policies: Some(vec![]),
        };
        self.scenario_mut().users.get_or_insert_with(Vec::new).push(user);
    }

    /// Renames a user.
    pub fn rename_user(&mut self, account: &str, from: &str, to: &str) {
        for u in self.scenario_mut().users.iter_mut().flatten().filter(|u| u.account == account && u.name == from) {
            u.name = to.to_string();
        }
    }

    /// Deletes a user.
    pub fn delete_user(&mut self, account: &str, name: &str) {
        if let Some(users) = &mut self.scenario_mut().users {
            users.retain(|u| !(u.account == account && u.name == name));
        }
    }

    /// Adds a custom library policy with an empty statement list and returns its name (`name`,
    /// or `name 2`, `name 3`... when taken).
    pub fn add_policy(&mut self, name: &str) -> String {
        let taken: Vec<&str> = self.scenario().policies.iter().flatten().map(|p| p.name.as_str()).collect();
        let unique = (1..)
            .map(|i| if i == 1 { name.to_string() } else { format!("{name} {i}") })
            .find(|n| !taken.contains(&n.as_str()))
            .expect("some name is free");
        let version = if self.is_aliyun() { "1" } else { "2012-10-17" };
        let text = format!("{{\n  \"Version\": \"{version}\",\n  \"Statement\": []\n}}");
        let policy = LibraryPolicyDocument {
            as_printed: None,
            description: None,
            document: None,
            name: unique.clone(),
            system: None,
            text: Some(PolicyDocument::text(text)),
        };
        self.scenario_mut().policies.get_or_insert_with(Vec::new).push(policy);
        unique
    }

    /// Makes an editable copy of a read-only (system or service-linked) library policy: a custom
    /// policy with the same text named `NAME-Copy` (`NAME-Copy2`... when taken), attached wherever
    /// the original was attached instead of it. Returns the copy's name; `None` when `name` is not
    /// a read-only library policy (an editable one needs no copy).
    pub fn copy_policy(&mut self, name: &str) -> Option<String> {
        let original = self.scenario().policies.iter().flatten().find(|p| p.name == name && p.system == Some(true))?;
        let text = match original.source()? {
            PolicyDocument::Text(text) => text.clone(),
            PolicyDocument::Json(raw) => std::sync::Arc::from(raw.get()),
        };
        let taken: Vec<&str> = self.scenario().policies.iter().flatten().map(|p| p.name.as_str()).collect();
        let copy = (1..)
            .map(|i| if i == 1 { format!("{name}-Copy") } else { format!("{name}-Copy{i}") })
            .find(|n| !taken.contains(&n.as_str()))
            .expect("some name is free");
        let policy = LibraryPolicyDocument {
            as_printed: None,
            description: Some(format!("An editable copy of the read-only policy {name}.")),
            document: None,
            name: copy.clone(),
            system: None,
            text: Some(PolicyDocument::Text(text)),
        };
        let s = self.scenario_mut();
        rename_attachments(s, name, Some(&copy));
        s.policies.get_or_insert_with(Vec::new).push(policy);
        Some(copy)
    }

    /// Renames a library policy and every attachment of it.
    pub fn rename_policy(&mut self, from: &str, to: &str) {
        let s = self.scenario_mut();
        for p in s.policies.iter_mut().flatten().filter(|p| p.name == from) {
            p.name = to.to_string();
        }
        rename_attachments(s, from, Some(to));
        if self.requests().layers.layer_of(from).is_some() {
            self.requests_mut().layers.rename(from, to);
        }
    }

    /// Deletes a library policy and detaches it everywhere.
    pub fn delete_policy(&mut self, name: &str) {
        let s = self.scenario_mut();
        if let Some(policies) = &mut s.policies {
            policies.retain(|p| p.name != name);
        }
        rename_attachments(s, name, None);
        if self.requests().layers.layer_of(name).is_some() {
            self.requests_mut().layers.remove(name);
        }
    }

    /// Attaches a library policy to a role (no-op when attached already).
    pub fn attach(&mut self, account: &str, role: &str, policy: &str) {
        for r in self.scenario_mut().roles.iter_mut().flatten().filter(|r| r.account == account && r.name == role) {
            let list = r.policies.get_or_insert_with(Vec::new);
            if !list.iter().any(|p| p == policy) {
                list.push(policy.to_string());
            }
        }
    }

    /// Detaches a library policy from a role.
    pub fn detach(&mut self, account: &str, role: &str, policy: &str) {
        for r in self.scenario_mut().roles.iter_mut().flatten().filter(|r| r.account == account && r.name == role) {
            if let Some(list) = &mut r.policies {
                list.retain(|p| p != policy);
            }
        }
    }
}
