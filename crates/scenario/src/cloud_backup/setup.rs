//! Cloud Backup's registration in a scenario (the `backup` section): the backup management
//! account and the resource accounts it backs up, each with its method.

use crate::issue::ShapeProblem;
use crate::loader::{Loader, items};
use playground_core::json::Json;

/// Cloud Backup's cross-account registration: which accounts the management
/// account backs up, and how.
#[derive(Debug, Clone)]
pub struct BackupSetup {
    /// The backup management account.
    pub management_account: String,
    /// The registered resource accounts.
    pub resource_accounts: Vec<BackupMember>,
}

/// One registered resource account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupMember {
    /// The resource account whose data Cloud Backup backs up.
    pub account: String,
    /// How Cloud Backup reaches it.
    pub method: BackupMethod,
}

/// The two cross-account methods of Cloud Backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupMethod {
    /// A RAM role in the resource account, assumed through AliyunServiceRoleForHbrCrossAccountBackup.
    RamRole {
        /// The role's name (hbrcrossrole in the documentation).
        role: String,
    },
    /// AliyunServiceRoleForHbrRd in a member account of the same Resource Directory.
    ResourceDirectory,
}

impl BackupSetup {
    /// Every account the setup names: the management account, then each resource account.
    pub fn accounts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.management_account.as_str())
            .chain(self.resource_accounts.iter().map(|m| m.account.as_str()))
    }
}

/// Reads the `backup` section; a member with a problem is reported and left out.
pub(crate) fn read_setup(r: &mut Loader, b: &Json) -> Option<BackupSetup> {
    if !r.fields(b, &["management_account", "resource_accounts"], "the backup setup") {
        return None;
    }
    let management_account = r.string(b, "management_account", "the backup setup", true)?;
    let mut resource_accounts = Vec::new();
    for m in items(b.get("resource_accounts")) {
        if !r.fields(m, &["account", "method", "role"], "a backup resource account") {
            continue;
        }
        let Some(account) = r.string(m, "account", "a backup resource account", true) else { continue };
        let method = match r.string(m, "method", "a backup resource account", true).as_deref() {
            Some("ram_role") => match r.string(m, "role", "a backup resource account", true) {
                Some(role) => BackupMethod::RamRole { role },
                None => continue,
            },
            Some("resource_directory") => BackupMethod::ResourceDirectory,
            Some(other) => {
                r.shape(ShapeProblem::UnknownBackupMethod { method: other.to_string() }, m.span);
                continue;
            }
            None => continue,
        };
        resource_accounts.push(BackupMember { account, method });
    }
    Some(BackupSetup { management_account, resource_accounts })
}
