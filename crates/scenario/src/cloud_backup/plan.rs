//! The chain Cloud Backup builds for itself to reach a registered resource account, and
//! the rules checked before its first hop. Documented in docs/scenarios.md, "Cloud Backup's
//! chains".

use super::{
    BackupMethod, HBR_CROSS_ACCOUNT_ROLE, HBR_CROSS_ACCOUNT_SERVICE, HBR_MAX_DELEGATED_ADMINS, HBR_RD_ROLE,
    HBR_RD_SERVICE, HBR_TRUSTED_SERVICE,
};
use crate::model::{HopSpec, OrgKind, Organization, Scenario};
use playground_core::request::Context;

/// Session name Cloud Backup's hops ask for (it appears in the session ARNs of the results).
const SESSION_NAME: &str = "hbr-backup";

/// The chain Cloud Backup takes: the service principal that starts it and the roles it assumes.
#[derive(Debug, Clone)]
pub struct PlannedChain {
    /// The service principal that makes the first hop.
    pub from: String,
    /// The roles to assume, in order.
    pub hops: Vec<HopSpec>,
}

/// Plans Cloud Backup's chain to `account`, or says in one sentence why it cannot start
/// (no setup, the account is not registered, a Resource Directory rule fails).
pub fn plan_chain(s: &Scenario, account: &str) -> Result<PlannedChain, String> {
    let Some(backup) = &s.backup else {
        return Err("the scenario has no Cloud Backup setup (\"backup\")".into());
    };
    let manager = &backup.management_account;
    let Some(member) = backup.resource_accounts.iter().find(|m| m.account == account) else {
        return Err(format!(
            "{} is not in the list of resource accounts of the backup management account {}",
            s.account_label(account),
            s.account_label(manager)
        ));
    };
    let hop = |role: String| HopSpec {
        role,
        session_name: Some(SESSION_NAME.into()),
        session_policy: None,
        duration: None,
        context: Context::default(),
    };
    match &member.method {
        // The management account's service-linked role, whose session assumes the registered role.
        BackupMethod::RamRole { role } => Ok(PlannedChain {
            from: HBR_CROSS_ACCOUNT_SERVICE.into(),
            hops: vec![hop(format!("{manager}/{HBR_CROSS_ACCOUNT_ROLE}")), hop(format!("{account}/{role}"))],
        }),
        // One hop: the member account's own service-linked role, once the directory allows it.
        BackupMethod::ResourceDirectory => {
            let Some(org) = s.organization.as_ref().filter(|o| o.kind == OrgKind::ResourceDirectory) else {
                return Err(
                    "the Resource Directory method needs a Resource Directory, and the scenario has none".into()
                );
            };
            if let Some(problem) = directory_problem(s, org, manager, account) {
                return Err(problem);
            }
            Ok(PlannedChain { from: HBR_RD_SERVICE.into(), hops: vec![hop(format!("{account}/{HBR_RD_ROLE}"))] })
        }
    }
}

/// Why the Resource Directory method cannot reach `account` from `manager`: the manager must
/// manage the directory or be one of Cloud Backup's first [`HBR_MAX_DELEGATED_ADMINS`]
/// delegated administrators, and the account must be a member.
fn directory_problem(s: &Scenario, org: &Organization, manager: &str, account: &str) -> Option<String> {
    let admins = org.delegated_administrators.get(HBR_TRUSTED_SERVICE).cloned().unwrap_or_default();
    if manager != org.management_account {
        match admins.iter().position(|a| a == manager) {
            None => {
                return Some(format!(
                    "{} is neither the management account of the Resource Directory ({}) nor a delegated administrator of Cloud Backup in it",
                    s.account_label(manager),
                    s.account_label(&org.management_account)
                ));
            }
            // Administrators count in the order the directory lists them.
            Some(i) if i >= HBR_MAX_DELEGATED_ADMINS => {
                return Some(format!(
                    "{} is delegated administrator number {} of Cloud Backup, which accepts at most {HBR_MAX_DELEGATED_ADMINS}",
                    s.account_label(manager),
                    i + 1
                ));
            }
            Some(_) => {}
        }
    }
    if !org.contains(account) {
        return Some(format!(
            "{} is not a member of the Resource Directory managed by {}",
            s.account_label(account),
            s.account_label(&org.management_account)
        ));
    }
    None
}
