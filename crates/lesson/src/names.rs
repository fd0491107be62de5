//! Finding roles, users, policies and organization nodes of a scenario document by the names a
//! lesson writes, as the scenario format writes them (`ACCOUNT/NAME` or an ARN; RAM role and user
//! names compare ignoring case), with the closest name for a did-you-mean.

use playground_core::dialect::Dialect;
use playground_core::issue::did_you_mean;
use playground_core::span::Span;
use playground_scenario::document::{OrgNodeDocument, ScenarioDocument};
use playground_scenario::scenario::{split_role_reference, split_user_reference};

/// A name written in a lesson file, with its place (for messages about it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The name as written.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// The dialect a document is read in: the one it names, else the one its account ids suggest
/// (Alibaba Cloud ids have 16 digits, AWS ids 12).
pub fn dialect_of(doc: &ScenarioDocument) -> Dialect {
    doc.named_dialect().unwrap_or_else(|| {
        let aliyun = doc.accounts.iter().flatten().any(|a| a.id.len() == 16);
        if aliyun { Dialect::Aliyun } else { Dialect::Aws }
    })
}

/// Whether two role or user names are the same in `dialect`.
fn same_name(dialect: Dialect, a: &str, b: &str) -> bool {
    match dialect {
        Dialect::Aliyun => a.eq_ignore_ascii_case(b),
        Dialect::Aws => a == b,
    }
}

/// The index of the role `reference` names.
pub fn find_role(doc: &ScenarioDocument, reference: &str) -> Option<usize> {
    let dialect = dialect_of(doc);
    let (account, name) = split_role_reference(reference, dialect)?;
    doc.roles.iter().flatten().position(|r| r.account == account && same_name(dialect, &r.name, &name))
}

/// The index of the user `reference` names.
pub fn find_user(doc: &ScenarioDocument, reference: &str) -> Option<usize> {
    let dialect = dialect_of(doc);
    let (account, name) = split_user_reference(reference, dialect)?;
    doc.users.iter().flatten().position(|u| u.account == account && same_name(dialect, &u.name, &name))
}

/// A role or a user of the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// A role, by index.
    Role(usize),
    /// A user, by index.
    User(usize),
}

/// Why a reference to a role or user found no single identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityLookup {
    /// Nothing has that name; the closest name, if one is close.
    Unknown(Option<String>),
    /// A role and a user both have it.
    Ambiguous,
}

/// The role or user `reference` names: a user ARN names a user, a role ARN a role, and
/// `ACCOUNT/NAME` whichever of the two exists.
pub fn find_identity(doc: &ScenarioDocument, reference: &str) -> Result<Identity, IdentityLookup> {
    let is_user_arn = reference.contains(":user/");
    let role = if is_user_arn { None } else { find_role(doc, reference) };
    let user = if reference.contains(":role/") { None } else { find_user(doc, reference) };
    match (role, user) {
        (Some(r), None) => Ok(Identity::Role(r)),
        (None, Some(u)) => Ok(Identity::User(u)),
        (Some(_), Some(_)) => Err(IdentityLookup::Ambiguous),
        (None, None) => Err(IdentityLookup::Unknown(suggest(reference, &identity_names(doc)))),
    }
}

/// Every role and user as `ACCOUNT/NAME`.
pub fn identity_names(doc: &ScenarioDocument) -> Vec<String> {
    let roles = doc.roles.iter().flatten().map(|r| format!("{}/{}", r.account, r.name));
    let users = doc.users.iter().flatten().map(|u| format!("{}/{}", u.account, u.name));
    roles.chain(users).collect()
}

/// Every role as `ACCOUNT/NAME`.
pub fn role_names(doc: &ScenarioDocument) -> Vec<String> {
    doc.roles.iter().flatten().map(|r| format!("{}/{}", r.account, r.name)).collect()
}

/// Every library policy's name.
pub fn policy_names(doc: &ScenarioDocument) -> Vec<String> {
    doc.policies.iter().flatten().map(|p| p.name.clone()).collect()
}

/// Every account id.
pub fn account_ids(doc: &ScenarioDocument) -> Vec<String> {
    doc.accounts.iter().flatten().map(|a| a.id.clone()).collect()
}

/// Every resource's ARN.
pub fn resource_arns(doc: &ScenarioDocument) -> Vec<String> {
    doc.resources.iter().flatten().map(|r| r.arn.clone()).collect()
}

/// The name of an organization node (`Root` when it has none).
pub fn node_name(node: &OrgNodeDocument) -> &str {
    node.name.as_deref().unwrap_or("Root")
}

/// Every organization node's name, root first.
pub fn node_names(doc: &ScenarioDocument) -> Vec<String> {
    fn walk(node: &OrgNodeDocument, out: &mut Vec<String>) {
        out.push(node_name(node).to_string());
        for child in node.folders.iter().flatten() {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    if let Some(root) = doc.organization.as_ref().and_then(|o| o.root.as_ref()) {
        walk(root, &mut out);
    }
    out
}

/// The closest of `candidates` to `word`, for a did-you-mean. A reference written as an ARN is
/// also compared by its last part, so `acs:ram::1:role/hbrcrosrole` suggests `1/hbrcrossrole`.
pub fn suggest(word: &str, candidates: &[String]) -> Option<String> {
    if let Some(found) = did_you_mean(word, candidates.iter().map(String::as_str)) {
        return Some(found.to_string());
    }
    let tail = word.rsplit(['/', ':']).next()?;
    let tails: Vec<&str> = candidates.iter().map(|c| c.rsplit(['/', ':']).next().unwrap_or(c)).collect();
    let found = did_you_mean(tail, tails.iter().copied())?;
    candidates.iter().find(|c| c.rsplit(['/', ':']).next() == Some(found)).cloned()
}
