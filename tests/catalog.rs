//! The Alibaba Cloud action catalogue against the Cloud Backup seeds: every action the seed
//! policies name is known (the one misprint, `kms:ListAlias`, gets its did-you-mean), and the
//! services the seeds do not touch are there too.

#![cfg(feature = "aliyun-catalog")]

use policy_playground::Dialect;
use policy_playground::catalog::Catalogs;
use std::collections::BTreeSet;

/// Every `"service:Action"` string in the seed policies (tests/fixtures/seeds), wildcards included;
/// `acs:` strings are global condition keys, not actions.
fn seed_actions() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");
    let mut actions = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for quoted in text.split('"').skip(1).step_by(2) {
            let Some((service, name)) = quoted.split_once(':') else { continue };
            let service_like = !service.is_empty()
                && service.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            let action_like = name.starts_with(|c: char| c.is_ascii_uppercase() || c == '*')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '*');
            if service_like && action_like && service != "acs" {
                actions.insert(quoted.to_string());
            }
        }
    }
    actions
}

#[test]
fn every_action_of_the_seeds_is_in_the_catalogue_but_the_misprint() {
    let catalogs = Catalogs::builtin();
    let ram = catalogs.get(Dialect::Aliyun).unwrap();
    let actions = seed_actions();
    assert!(actions.len() > 100, "{} actions found in the seeds", actions.len());
    let mut unknown = Vec::new();
    for action in &actions {
        // Condition keys such as `ram:ServiceName` look like actions.
        if ram.condition_key(action).is_some() {
            continue;
        }
        let known =
            if action.contains('*') { !ram.matching_actions(action).is_empty() } else { ram.action(action).is_some() };
        if !known {
            unknown.push(action.as_str());
        }
    }
    assert_eq!(unknown, ["kms:ListAlias"]);
    let kms = ram.service("kms").unwrap();
    assert_eq!(ram.did_you_mean_action(kms, "ListAlias").as_deref(), Some("kms:ListAliases"));
}

#[test]
fn services_beyond_the_seeds_are_known_and_misspellings_get_a_did_you_mean() {
    let catalogs = Catalogs::builtin();
    let ram = catalogs.get(Dialect::Aliyun).unwrap();
    assert!(ram.services.len() >= 40, "{} services", ram.services.len());
    for action in ["rds:DescribeDBInstances", "log:GetLogStore", "cs:DescribeClusters", "fc:InvokeFunction"] {
        assert!(ram.action(action).is_some(), "{action}");
    }
    let cs = ram.service("cs").unwrap();
    assert_eq!(ram.did_you_mean_action(cs, "DescribeCluster").as_deref(), Some("cs:DescribeClusters"));
    let fc = ram.service("fc").unwrap();
    assert_eq!(ram.did_you_mean_action(fc, "InvokeFunctions").as_deref(), Some("fc:InvokeFunction"));
    // Server Load Balancer has no SDK package here: its RAM code is known, so `slb:` is not taken for `alb:`.
    assert!(ram.service("slb").is_none() && ram.is_known_service("slb"));
    assert_eq!(ram.did_you_mean_service("slb"), None);
}
