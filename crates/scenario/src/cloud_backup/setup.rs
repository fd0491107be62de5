//! Cloud Backup's registration in a scenario (the `backup` section): the backup management
//! account and the resource accounts it backs up, each with its method. The loader reads it
//! (`loader::backup`); this module only says what it means.

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
