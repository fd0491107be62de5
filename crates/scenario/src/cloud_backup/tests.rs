//! Cloud Backup's own chain: the hops it plans for each method, the Resource Directory rules
//! checked before the first hop (with the delegated-administrator limit), and the documented
//! mutations.

use super::{HBR_MAX_DELEGATED_ADMINS, HBR_TRUSTED_SERVICE, Mutation, SERVICE_NAME, plan_chain};
use crate::model::Scenario;
use crate::test_support::load;
use serde_json::json;

const M: &str = "1000000000000001"; // the directory's management account
const D: &str = "1000000000000002"; // Cloud Backup's delegated administrator, the backup manager
const R: &str = "1000000000000003"; // a member registered by the directory method
const B: &str = "1000000000000004"; // an account registered by the RAM-role method
const X: &str = "1000000000000009"; // outside the directory, registered by the directory method

fn setup() -> Scenario {
    load(&json!({
        "dialect": "aliyun",
        "accounts": [{"id": M}, {"id": D, "name": "Admin D"}, {"id": R, "name": "Member R"}, {"id": B}, {"id": X}],
        "organization": {
            "kind": "resource_directory",
            "management_account": M,
            "root": {"accounts": [D, R]},
            "delegated_administrators": {"hbr.aliyuncs.com": [D]}
        },
        "backup": {"management_account": D, "resource_accounts": [
            {"account": R, "method": "resource_directory"},
            {"account": X, "method": "resource_directory"},
            {"account": B, "method": "ram_role", "role": "hbrcrossrole"}
        ]},
        "checks": [
            {"name": "to X", "backup_account": X, "expected": "implicit_deny"},
            {"name": "to X, from a named caller", "from": "someone.aliyuncs.com", "backup_account": X, "expected": "implicit_deny"}
        ]
    }))
}

fn roles(s: &Scenario, account: &str) -> (String, Vec<String>) {
    let plan = plan_chain(s, account).unwrap();
    assert!(plan.hops.iter().all(|h| h.session_name.as_deref() == Some("hbr-backup")));
    (plan.from, plan.hops.into_iter().map(|h| h.role).collect())
}

fn admins(s: &mut Scenario, list: Vec<String>) {
    s.organization.as_mut().unwrap().delegated_administrators.insert(HBR_TRUSTED_SERVICE.into(), list);
}

#[test]
fn each_method_plans_its_own_hops() {
    let s = setup();
    assert_eq!(
        roles(&s, B),
        (
            "crossbackup.hbr.aliyuncs.com".into(),
            vec![format!("{D}/AliyunServiceRoleForHbrCrossAccountBackup"), format!("{B}/hbrcrossrole")]
        )
    );
    assert_eq!(roles(&s, R), ("rd.hbr.aliyuncs.com".into(), vec![format!("{R}/AliyunServiceRoleForHbrRd")]));
}

#[test]
fn a_chain_that_cannot_start_says_why() {
    let s = setup();
    assert_eq!(
        plan_chain(&s, M).unwrap_err(),
        format!("{M} is not in the list of resource accounts of the backup management account Admin D ({D})")
    );
    assert_eq!(plan_chain(&s, X).unwrap_err(), format!("{X} is not a member of the Resource Directory managed by {M}"));
    let mut none = s.clone();
    none.backup = None;
    assert_eq!(plan_chain(&none, R).unwrap_err(), "the scenario has no Cloud Backup setup (\"backup\")");
    let mut no_directory = s.clone();
    no_directory.organization = None;
    assert_eq!(
        plan_chain(&no_directory, R).unwrap_err(),
        "the Resource Directory method needs a Resource Directory, and the scenario has none"
    );
    // The RAM-role method needs no directory.
    assert!(plan_chain(&no_directory, B).is_ok());
}

#[test]
fn the_manager_must_run_the_directory_or_be_an_early_delegated_administrator() {
    let mut s = setup();
    let others = |n: usize| (0..n).map(|i| format!("20000000000000{i:02}")).collect::<Vec<_>>();
    // The last place Cloud Backup accepts.
    let mut list = others(HBR_MAX_DELEGATED_ADMINS - 1);
    list.push(D.into());
    admins(&mut s, list);
    assert!(plan_chain(&s, R).is_ok());
    // One place further.
    let mut list = others(HBR_MAX_DELEGATED_ADMINS);
    list.push(D.into());
    admins(&mut s, list);
    assert_eq!(
        plan_chain(&s, R).unwrap_err(),
        format!(
            "Admin D ({D}) is delegated administrator number {} of Cloud Backup, which accepts at most {HBR_MAX_DELEGATED_ADMINS}",
            HBR_MAX_DELEGATED_ADMINS + 1
        )
    );
    admins(&mut s, vec![]);
    assert_eq!(
        plan_chain(&s, R).unwrap_err(),
        format!(
            "Admin D ({D}) is neither the management account of the Resource Directory ({M}) nor a delegated administrator of Cloud Backup in it"
        )
    );
    // The management account itself needs no delegation.
    s.backup.as_mut().unwrap().management_account = M.into();
    assert!(plan_chain(&s, R).is_ok());
}

#[test]
fn a_check_whose_chain_cannot_start_stops_before_hop_one() {
    let s = setup();
    let problem = format!("{X} is not a member of the Resource Directory managed by {M}");
    let r = s.run_check(&s.checks[0]);
    assert_eq!((r.from.as_str(), r.stopped_at, r.hops.len()), (SERVICE_NAME, Some(0), 0));
    assert_eq!(r.preconditions, [problem.as_str()]);
    assert_eq!(r.summary, format!("before hop 1: {problem}"));
    assert!(r.passed());
    let named = s.run_check(&s.checks[1]);
    assert_eq!(named.from, "someone.aliyuncs.com", "a check's own caller is kept");
}

#[test]
fn what_breaks_lists_the_documented_mutations_once_each() {
    let s = setup();
    let ids: Vec<String> = s.what_breaks().into_iter().map(|m| m.id).collect();
    assert_eq!(
        ids,
        [
            format!("remove-resource-account:{R}"),
            format!("lose-administrator-status:{D}"),
            format!("leave-directory:{R}"),
            format!("delete-role:{R}/AliyunServiceRoleForHbrRd"),
            format!("remove-resource-account:{X}"),
            format!("leave-directory:{X}"),
            format!("delete-role:{X}/AliyunServiceRoleForHbrRd"),
            format!("remove-resource-account:{B}"),
            format!("delete-role:{D}/AliyunServiceRoleForHbrCrossAccountBackup"),
            format!("delete-role:{B}/hbrcrossrole"),
        ]
    );
    let mut without_setup = s.clone();
    without_setup.backup = None;
    assert!(without_setup.what_breaks().is_empty());
}

#[test]
fn mutations_change_only_what_they_name() {
    let s = setup();
    let org = |s: &Scenario| s.organization.clone().unwrap();
    // A delegated administrator loses its delegation.
    let lost = s.mutated(&Mutation::LoseAdministratorStatus { account: D.into() });
    assert!(org(&lost).delegated_administrators[HBR_TRUSTED_SERVICE].is_empty());
    assert_eq!(org(&lost).management_account, M);
    // The management account stops managing, and stays a member.
    let lost = s.mutated(&Mutation::LoseAdministratorStatus { account: M.into() });
    assert_eq!(org(&lost).management_account, "");
    assert_eq!(org(&lost).nodes[0].accounts, [D, R, M]);
    // Leaving the directory ends membership and delegation.
    let left = s.mutated(&Mutation::LeaveDirectory { account: D.into() });
    assert_eq!(org(&left).nodes[0].accounts, [R]);
    assert!(org(&left).delegated_administrators[HBR_TRUSTED_SERVICE].is_empty());
    let removed = s.mutated(&Mutation::RemoveResourceAccount { account: X.into() });
    let accounts: Vec<&str> = removed.backup.as_ref().unwrap().accounts().collect();
    assert_eq!(accounts, [D, R, B]);
    // The original is untouched.
    assert_eq!(s.backup.as_ref().unwrap().accounts().count(), 4);
}
