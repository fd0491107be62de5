//! The `backup` section: Cloud Backup's registration, read into [`BackupSetup`].

use crate::cloud_backup::{BackupMember, BackupMethod, BackupSetup};
use crate::issue::ShapeProblem;
use crate::loader::Loader;
use playground_core::json::Json;

/// Reads the `backup` section; a member with a problem is reported and left out.
pub(crate) fn read_setup(r: &mut Loader, b: &Json) -> Option<BackupSetup> {
    if !r.fields(b, &["management_account", "resource_accounts"], "the backup setup") {
        return None;
    }
    let management_account = r.string(b, "management_account", "the backup setup", true)?;
    let mut resource_accounts = Vec::new();
    for m in r.list(b, "resource_accounts", "the backup setup") {
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
