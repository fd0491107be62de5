//! Cloud Backup (HBR) across accounts: everything the playground knows about this one
//! service, kept out of the generic model, chain and search code.
//!
//! * [`setup`]: the `backup` section (which resource accounts are registered, by which method);
//! * [`plan`]: the chain Cloud Backup builds for itself to reach a registered account, and the
//!   Resource Directory rules checked before its first hop (delegated administrators and their
//!   limit, membership);
//! * [`breaks`]: the "what breaks" mutations its documentation names.
//!
//! Generic code reaches it through three named hooks: the loader reads the section with
//! `loader::backup`, its reference check asks [`BackupSetup::accounts`] which accounts the
//! setup names, and a check with `backup_account` gets its hops from [`plan::plan_chain`].
//! The generic rule that only the linked service may assume a service-linked role stays in
//! [`crate::chain`]: both clouds document it for every service-linked role, not only Cloud
//! Backup's.

pub mod breaks;
pub mod plan;
pub mod setup;
#[cfg(test)]
mod tests;

pub use breaks::{Mutation, NamedMutation};
pub(crate) use plan::plan_chain;
pub use setup::{BackupMember, BackupMethod, BackupSetup};

/// How results name Cloud Backup when a check's chain cannot start.
pub const SERVICE_NAME: &str = "Cloud Backup";
/// The service that assumes AliyunServiceRoleForHbrCrossAccountBackup (RAM-role method).
pub const HBR_CROSS_ACCOUNT_SERVICE: &str = "crossbackup.hbr.aliyuncs.com";
/// The service-linked role of the RAM-role method, in the backup management account.
pub const HBR_CROSS_ACCOUNT_ROLE: &str = "AliyunServiceRoleForHbrCrossAccountBackup";
/// The service that assumes AliyunServiceRoleForHbrRd (Resource Directory method).
pub const HBR_RD_SERVICE: &str = "rd.hbr.aliyuncs.com";
/// The service-linked role of the Resource Directory method, in each member account.
pub const HBR_RD_ROLE: &str = "AliyunServiceRoleForHbrRd";
/// The trusted-service name Cloud Backup uses in a Resource Directory.
pub const HBR_TRUSTED_SERVICE: &str = "hbr.aliyuncs.com";
/// Cloud Backup accepts at most this many delegated administrators (as the project's brief states;
/// the public documentation found so far gives no number, see docs/scenarios.md).
pub const HBR_MAX_DELEGATED_ADMINS: usize = 3;
