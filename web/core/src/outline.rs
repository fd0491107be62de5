//! What the explorer shows: accounts with where they stand in the organization, their roles and
//! users with the policies attached, and the policy library. Made from the workspace and the
//! loaded scenario, without document texts, so typing in a document leaves it equal.

use crate::organization::OrgOutline;
use crate::workspace::{DocRef, Workspace};
use policy_playground::scenario::Scenario;

/// A role in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRow {
    /// The role's name (the explorer opens its trust policy).
    pub name: String,
    /// Attached library policies.
    pub policies: Vec<String>,
    /// For a service-linked role, its service.
    pub service: Option<String>,
}

/// A user in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    /// The user's name.
    pub name: String,
    /// Attached library policies.
    pub policies: Vec<String>,
}

/// An account in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// Its id.
    pub id: String,
    /// Its name for people.
    pub name: String,
    /// Where it stands in the organization ("management account", "member in Production", ...).
    pub standing: Vec<String>,
    /// Its roles.
    pub roles: Vec<RoleRow>,
    /// Its users.
    pub users: Vec<UserRow>,
}

/// A library policy in the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryRow {
    /// The policy's name, by which it is attached.
    pub name: String,
    /// Cloud-managed (read-only).
    pub system: bool,
}

/// Everything the explorer shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    /// The accounts.
    pub accounts: Vec<AccountRow>,
    /// The policy library.
    pub library: Vec<LibraryRow>,
    /// The organization, when the scenario has one.
    pub organization: Option<OrgOutline>,
}

/// Where an account stands in the scenario's organization: management account, the folder it is
/// a member of, or outside, and the services it is a delegated administrator for.
pub fn standing(scenario: Option<&Scenario>, id: &str) -> Vec<String> {
    let Some(org) = scenario.and_then(|s| s.organization.as_ref()) else { return vec![] };
    let mut tags = Vec::new();
    if org.management_account == id {
        tags.push("management account".to_string());
    } else if let Some(n) = org.node_of(id) {
        tags.push(format!("member in {}", org.nodes[n].name));
    } else {
        tags.push("outside the organization".to_string());
    }
    for (service, admins) in &org.delegated_administrators {
        if admins.iter().any(|a| a == id) {
            tags.push(format!("delegated administrator for {service}"));
        }
    }
    tags
}

impl Outline {
    /// The outline of a workspace; `scenario` (the loaded one) says where accounts stand.
    pub fn of(workspace: &Workspace, scenario: Option<&Scenario>) -> Outline {
        let accounts = workspace
            .accounts()
            .into_iter()
            .map(|(id, name)| AccountRow {
                standing: standing(scenario, &id),
                roles: workspace
                    .roles_of(&id)
                    .into_iter()
                    .map(|(name, policies, service)| RoleRow { name, policies, service })
                    .collect(),
                users: workspace.users_of(&id).into_iter().map(|(name, policies)| UserRow { name, policies }).collect(),
                id,
                name,
            })
            .collect();
        let library = workspace
            .documents()
            .into_iter()
            .filter_map(|d| match d.doc {
                DocRef::Library(name) => Some(LibraryRow { name, system: d.read_only }),
                _ => None,
            })
            .collect();
        Outline { accounts, library, organization: OrgOutline::of(workspace) }
    }
}
