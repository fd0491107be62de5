//! "What breaks": the changes the Cloud Backup documentation says stop cross-account
//! backup, as named mutations that can be applied to a scenario (the table in
//! docs/scenarios.md, "What breaks").

use super::{BackupMethod, HBR_CROSS_ACCOUNT_ROLE, HBR_RD_ROLE, HBR_TRUSTED_SERVICE};
use crate::model::Scenario;
use serde::Serialize;

/// A change to a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mutation {
    /// Remove a resource account from Cloud Backup's list.
    RemoveResourceAccount {
        /// The account.
        account: String,
    },
    /// Delete a role (a RAM role or a service-linked role).
    DeleteRole {
        /// Its account.
        account: String,
        /// Its name.
        name: String,
    },
    /// Detach a policy from a role.
    DetachPolicy {
        /// The role's account.
        account: String,
        /// The role's name.
        role: String,
        /// The policy.
        policy: String,
    },
    /// The account stops being the directory's management account or a delegated administrator.
    LoseAdministratorStatus {
        /// The account.
        account: String,
    },
    /// The account leaves the Resource Directory.
    LeaveDirectory {
        /// The account.
        account: String,
    },
}

/// A mutation with a stable id and a title for people.
#[derive(Debug, Clone, Serialize)]
pub struct NamedMutation {
    /// Stable identifier (used by the CLI and the web app's toggles).
    pub id: String,
    /// What it does, in words.
    pub title: String,
    /// The change [`Scenario::mutated`] applies.
    pub mutation: Mutation,
}

impl Scenario {
    /// The documented ways to break this scenario's cross-account backup.
    pub fn what_breaks(&self) -> Vec<NamedMutation> {
        let Some(backup) = &self.backup else { return vec![] };
        let manager = &backup.management_account;
        let mut out = Vec::new();
        let mut push = |id: String, title: String, mutation: Mutation| {
            if !out.iter().any(|m: &NamedMutation| m.id == id) {
                out.push(NamedMutation { id, title, mutation });
            }
        };
        for member in &backup.resource_accounts {
            let account = &member.account;
            push(
                format!("remove-resource-account:{account}"),
                format!("Remove {} from the list of resource accounts", self.account_label(account)),
                Mutation::RemoveResourceAccount { account: account.clone() },
            );
            match &member.method {
                BackupMethod::RamRole { role } => {
                    push(
                        format!("delete-role:{manager}/{HBR_CROSS_ACCOUNT_ROLE}"),
                        format!(
                            "Delete the service-linked role {HBR_CROSS_ACCOUNT_ROLE} from {}",
                            self.account_label(manager)
                        ),
                        Mutation::DeleteRole { account: manager.clone(), name: HBR_CROSS_ACCOUNT_ROLE.into() },
                    );
                    push(
                        format!("delete-role:{account}/{role}"),
                        format!("Delete the RAM role {role} from {}", self.account_label(account)),
                        Mutation::DeleteRole { account: account.clone(), name: role.clone() },
                    );
                    if let Some(r) = self.find_role(&format!("{account}/{role}")) {
                        for policy in &r.policies {
                            push(
                                format!("detach-policy:{account}/{role}/{policy}"),
                                format!("Do not grant {role} the permissions of {policy}"),
                                Mutation::DetachPolicy {
                                    account: account.clone(),
                                    role: role.clone(),
                                    policy: policy.clone(),
                                },
                            );
                        }
                    }
                }
                BackupMethod::ResourceDirectory => {
                    push(
                        format!("lose-administrator-status:{manager}"),
                        format!(
                            "{} loses its management-account or delegated-administrator status",
                            self.account_label(manager)
                        ),
                        Mutation::LoseAdministratorStatus { account: manager.clone() },
                    );
                    push(
                        format!("leave-directory:{account}"),
                        format!("{} leaves the Resource Directory", self.account_label(account)),
                        Mutation::LeaveDirectory { account: account.clone() },
                    );
                    push(
                        format!("delete-role:{account}/{HBR_RD_ROLE}"),
                        format!("Delete {HBR_RD_ROLE} from {}", self.account_label(account)),
                        Mutation::DeleteRole { account: account.clone(), name: HBR_RD_ROLE.into() },
                    );
                }
            }
        }
        out
    }

    /// A copy of the scenario with the mutation applied.
    pub fn mutated(&self, mutation: &Mutation) -> Scenario {
        let mut s = self.clone();
        match mutation {
            Mutation::RemoveResourceAccount { account } => {
                if let Some(b) = &mut s.backup {
                    b.resource_accounts.retain(|m| &m.account != account);
                }
            }
            Mutation::DeleteRole { account, name } => {
                s.roles.retain(|r| !(&r.account == account && r.name.eq_ignore_ascii_case(name)));
            }
            Mutation::DetachPolicy { account, role, policy } => {
                for r in s.roles.iter_mut().filter(|r| &r.account == account && r.name.eq_ignore_ascii_case(role)) {
                    r.policies.retain(|p| p != policy);
                }
            }
            Mutation::LoseAdministratorStatus { account } => {
                if let Some(org) = &mut s.organization {
                    if &org.management_account == account {
                        // The directory is now managed from elsewhere; the account stays a member.
                        org.management_account = String::new();
                        if let Some(root) = org.nodes.first_mut() {
                            root.accounts.push(account.clone());
                        }
                    }
                    if let Some(admins) = org.delegated_administrators.get_mut(HBR_TRUSTED_SERVICE) {
                        admins.retain(|a| a != account);
                    }
                }
            }
            Mutation::LeaveDirectory { account } => {
                if let Some(org) = &mut s.organization {
                    for node in &mut org.nodes {
                        node.accounts.retain(|a| a != account);
                    }
                    for admins in org.delegated_administrators.values_mut() {
                        admins.retain(|a| a != account);
                    }
                }
            }
        }
        s
    }
}
