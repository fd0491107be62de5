//! Path search: forward and reverse queries give exactly the chains the rules allow, shortest
//! first, within the depth bound, without a role twice, and stop at MAX_PATHS saying so.

use super::{MAX_PATHS, PathError, PathReport};
use crate::model::Scenario;
use crate::test_support::{A, allow, load, policy, role, role_arn, trust, trust_service, user, user_arn};
use playground_core::request::Context;
use serde_json::{Value, json};

const OBJECT: &str = "arn:aws:s3:::bucket/key";

/// ana may assume r1, whose sessions may assume r2, which reads objects; cat reads objects
/// herself; bob has no policies; EC2 may assume svc, which reads objects.
fn graph() -> Scenario {
    load(&json!({
        "dialect": "aws",
        "accounts": [{"id": A}],
        "policies": [policy("assume-any", allow("sts:AssumeRole", "*")), policy("read-all", allow("s3:GetObject", "*"))],
        "roles": [
            role(A, "r1", trust(&[&user_arn(A, "ana")]), &["assume-any"]),
            role(A, "r2", trust(&[&role_arn(A, "r1")]), &["read-all"]),
            role(A, "svc", trust_service("ec2.amazonaws.com"), &["read-all"]),
        ],
        "users": [user(A, "ana", &["assume-any"]), user(A, "bob", &[]), user(A, "cat", &["read-all"])],
    }))
}

/// Each path as (from, roles assumed in order).
fn chains(report: &PathReport) -> Vec<(String, Vec<String>)> {
    report.paths.iter().map(|p| (p.from.clone(), p.hops.iter().map(|h| h.role.clone()).collect())).collect()
}

/// Each identity as (identity, hops of its shortest chain).
fn reachers(report: &PathReport) -> Vec<(String, usize)> {
    report.identities.iter().map(|r| (r.identity.clone(), r.hops)).collect()
}

fn read(s: &Scenario, from: &str, depth: usize) -> PathReport {
    s.paths_to_permission(from, "s3:GetObject", OBJECT, &Context::default(), depth)
}

#[test]
fn starting_identities_are_users_then_the_services_trust_policies_name() {
    let s = graph();
    assert_eq!(
        s.starting_identities(),
        [user_arn(A, "ana"), user_arn(A, "bob"), user_arn(A, "cat"), "ec2.amazonaws.com".into()]
    );
}

#[test]
fn paths_to_permission_finds_the_chain_and_explains_every_hop() {
    let s = graph();
    let report = read(&s, &user_arn(A, "ana"), 5);
    assert_eq!(chains(&report), [(user_arn(A, "ana"), vec![role_arn(A, "r1"), role_arn(A, "r2")])]);
    assert!(!report.truncated);
    assert!(report.identities.is_empty(), "forward queries list paths only");
    let path = &report.paths[0];
    // Sessions are shown as their role.
    let callers: Vec<&str> = path.hops.iter().map(|h| h.caller.as_str()).collect();
    assert_eq!(callers, [user_arn(A, "ana"), role_arn(A, "r1")]);
    let trusts: Vec<&str> = path.hops.iter().map(|h| h.decisive[0].policy.as_str()).collect();
    assert_eq!(trusts, ["r1 trust policy", "r2 trust policy"]);
    assert_eq!(path.decisive[0].policy, "read-all");
    // cat reads directly: one path without hops. bob gets nowhere.
    assert_eq!(chains(&read(&s, &user_arn(A, "cat"), 5)), [(user_arn(A, "cat"), vec![])]);
    assert!(read(&s, &user_arn(A, "bob"), 5).paths.is_empty());
}

#[test]
fn reachable_roles_lists_each_role_once_by_its_shortest_chain() {
    let s = graph();
    let report = s.reachable_roles(&user_arn(A, "ana"), 5);
    assert_eq!(
        chains(&report),
        [
            (user_arn(A, "ana"), vec![role_arn(A, "r1")]),
            (user_arn(A, "ana"), vec![role_arn(A, "r1"), role_arn(A, "r2")]),
        ]
    );
    assert_eq!(reachers(&report), [(role_arn(A, "r1"), 1), (role_arn(A, "r2"), 2)]);
    assert!(report.paths.iter().all(|p| p.decisive.is_empty()), "no final request to explain");
    assert_eq!(report.paths[1].hops[1].decisive[0].policy, "r2 trust policy");
    // A role's sessions reach what follows it, not the role itself; bob and cat reach nothing.
    assert_eq!(chains(&s.reachable_roles(&role_arn(A, "r1"), 5)), [(role_arn(A, "r1"), vec![role_arn(A, "r2")])]);
    assert!(s.reachable_roles(&user_arn(A, "bob"), 5).paths.is_empty());
    assert_eq!(s.reachable_roles(&user_arn(A, "ana"), 1).paths.len(), 1, "the depth bound holds");
}

#[test]
fn the_depth_bound_cuts_longer_chains() {
    let s = graph();
    assert!(read(&s, &user_arn(A, "ana"), 1).paths.is_empty(), "ana needs two hops");
    assert_eq!(read(&s, &user_arn(A, "ana"), 2).paths.len(), 1);
    assert!(read(&s, &user_arn(A, "ana"), 0).paths.is_empty());
    let who = s.who_can_assume(&format!("{A}/r2"), 1).unwrap();
    assert_eq!(reachers(&who), [(role_arn(A, "r1"), 1)]);
    assert_eq!(chains(&who), [(role_arn(A, "r1"), vec![role_arn(A, "r2")])]);
}

#[test]
fn who_can_assume_lists_every_identity_and_chain_nearest_first() {
    let s = graph();
    let who = s.who_can_assume(&format!("{A}/r2"), 5).unwrap();
    assert_eq!(reachers(&who), [(role_arn(A, "r1"), 1), (user_arn(A, "ana"), 2)]);
    assert_eq!(
        chains(&who),
        [
            (role_arn(A, "r1"), vec![role_arn(A, "r2")]),
            (user_arn(A, "ana"), vec![role_arn(A, "r1"), role_arn(A, "r2")]),
        ]
    );
    assert!(!who.truncated);
    // The ARN works as well as ACCOUNT/NAME; a service-only role is reached by its service.
    assert_eq!(chains(&s.who_can_assume(&role_arn(A, "r2"), 5).unwrap()).len(), 2);
    let svc = s.who_can_assume(&format!("{A}/svc"), 5).unwrap();
    assert_eq!(reachers(&svc), [("ec2.amazonaws.com".to_string(), 1)]);
}

#[test]
fn who_can_perform_lists_direct_identities_then_chains() {
    let s = graph();
    let report = s.who_can_perform("s3:GetObject", OBJECT, &Context::default(), 5);
    assert_eq!(
        reachers(&report),
        [
            (user_arn(A, "cat"), 0),
            (role_arn(A, "r2"), 0),
            (role_arn(A, "svc"), 0),
            (role_arn(A, "r1"), 1),
            ("ec2.amazonaws.com".to_string(), 1),
            (user_arn(A, "ana"), 2),
        ]
    );
    assert_eq!(
        chains(&report),
        [
            (user_arn(A, "cat"), vec![]),
            (role_arn(A, "r2"), vec![]),
            (role_arn(A, "svc"), vec![]),
            (role_arn(A, "r1"), vec![role_arn(A, "r2")]),
            ("ec2.amazonaws.com".to_string(), vec![role_arn(A, "svc")]),
            (user_arn(A, "ana"), vec![role_arn(A, "r1"), role_arn(A, "r2")]),
        ]
    );
    assert!(report.paths.iter().all(|p| p.decisive[0].policy == "read-all"));
    // Nobody may delete.
    let none = s.who_can_perform("s3:DeleteObject", OBJECT, &Context::default(), 5);
    assert!(none.identities.is_empty() && none.paths.is_empty());
}

/// A ring c0 -> c1 -> c2 -> c0 (each trusts the one before it), entered by ana through c0;
/// only c2 may read.
fn ring() -> Scenario {
    let c = |i: usize| role_arn(A, &format!("c{i}"));
    load(&json!({
        "dialect": "aws",
        "accounts": [{"id": A}],
        "policies": [policy("assume-any", allow("sts:AssumeRole", "*")), policy("read-all", allow("s3:GetObject", "*"))],
        "roles": [
            role(A, "c0", trust(&[&c(2), &user_arn(A, "ana")]), &["assume-any"]),
            role(A, "c1", trust(&[&c(0)]), &["assume-any"]),
            role(A, "c2", trust(&[&c(1)]), &["assume-any", "read-all"]),
        ],
        "users": [user(A, "ana", &["assume-any"])],
    }))
}

#[test]
fn cycles_are_walked_once_per_chain() {
    let s = ring();
    let c = |i: usize| role_arn(A, &format!("c{i}"));
    // Around the ring once, never a role twice, however deep the bound.
    assert_eq!(chains(&read(&s, &user_arn(A, "ana"), 20)), [(user_arn(A, "ana"), vec![c(0), c(1), c(2)])]);
    let who = s.who_can_assume(&format!("{A}/c0"), 20).unwrap();
    assert_eq!(
        reachers(&who),
        [(c(2), 1), (user_arn(A, "ana"), 1), (c(1), 2), (c(0), 3)],
        "c0's own session gets back to c0 around the ring"
    );
    assert_eq!(
        chains(&who),
        [
            (user_arn(A, "ana"), vec![c(0)]),
            (c(2), vec![c(0)]),
            (c(1), vec![c(2), c(0)]),
            (c(0), vec![c(1), c(2), c(0)]),
        ]
    );
    for p in &who.paths {
        let mut roles: Vec<&str> = p.hops.iter().map(|h| h.role.as_str()).collect();
        roles.sort_unstable();
        roles.dedup();
        assert_eq!(roles.len(), p.hops.len(), "a role twice in {p:?}");
    }
}

#[test]
fn aws_trust_entries_name_roles_case_sensitively() {
    let s = load(&json!({
        "dialect": "aws",
        "accounts": [{"id": A}],
        "policies": [policy("assume-any", allow("sts:AssumeRole", "*"))],
        "roles": [
            role(A, "Admin", trust(&[A]), &["assume-any"]),
            role(A, "ops", trust(&[&role_arn(A, "admin")]), &[]),
        ],
    }));
    let who = s.who_can_assume(&format!("{A}/ops"), 5).unwrap();
    assert!(who.identities.is_empty(), "role/admin is not role/Admin: {:?}", reachers(&who));
}

/// ana and `n` roles that trust her and read objects: `n` one-hop paths.
fn fan_out(n: usize) -> Scenario {
    let roles: Vec<Value> =
        (0..n).map(|i| role(A, &format!("x{i}"), trust(&[&user_arn(A, "ana")]), &["read-all"])).collect();
    load(&json!({
        "dialect": "aws",
        "accounts": [{"id": A}],
        "policies": [policy("assume-any", allow("sts:AssumeRole", "*")), policy("read-all", allow("s3:GetObject", "*"))],
        "roles": roles,
        "users": [user(A, "ana", &["assume-any"])],
    }))
}

/// `n` users who may assume `target` and read objects, and the role `target`.
fn fan_in(n: usize) -> Scenario {
    let users: Vec<Value> = (0..n).map(|i| user(A, &format!("u{i}"), &["assume-any", "read-all"])).collect();
    load(&json!({
        "dialect": "aws",
        "accounts": [{"id": A}],
        "policies": [policy("assume-any", allow("sts:AssumeRole", "*")), policy("read-all", allow("s3:GetObject", "*"))],
        "roles": [role(A, "target", trust(&[A]), &[])],
        "users": users,
    }))
}

#[test]
fn forward_search_stops_at_max_paths_and_says_so() {
    let exactly = read(&fan_out(MAX_PATHS), &user_arn(A, "ana"), 5);
    assert_eq!((exactly.paths.len(), exactly.truncated), (MAX_PATHS, false));
    let over = read(&fan_out(MAX_PATHS + 1), &user_arn(A, "ana"), 5);
    assert_eq!((over.paths.len(), over.truncated), (MAX_PATHS, true));
}

#[test]
fn reverse_searches_list_every_identity_but_at_most_max_paths_chains() {
    let exactly = fan_in(MAX_PATHS).who_can_assume(&format!("{A}/target"), 5).unwrap();
    assert_eq!((exactly.identities.len(), exactly.paths.len(), exactly.truncated), (MAX_PATHS, MAX_PATHS, false));
    let over = fan_in(MAX_PATHS + 1).who_can_assume(&format!("{A}/target"), 5).unwrap();
    assert_eq!((over.identities.len(), over.paths.len(), over.truncated), (MAX_PATHS + 1, MAX_PATHS, true));
    let doers = fan_in(MAX_PATHS + 1).who_can_perform("s3:GetObject", OBJECT, &Context::default(), 5);
    assert_eq!((doers.identities.len(), doers.paths.len(), doers.truncated), (MAX_PATHS + 1, MAX_PATHS, true));
    assert!(doers.identities.iter().all(|r| r.hops == 0));
}

#[test]
fn who_can_assume_says_what_to_write_when_the_role_is_not_there() {
    let s = graph();
    let err = s.who_can_assume("r2", 5).unwrap_err();
    assert_eq!(err, PathError::NotARoleReference { reference: "r2".into(), example: Some(format!("{A}/r1")) });
    assert_eq!(
        err.to_string(),
        "\"r2\" does not name a role: write it as ACCOUNT/NAME (such as 111111111111/r1) or as the role's ARN"
    );
    let err = s.who_can_assume(&format!("{A}/r3"), 5).unwrap_err();
    assert_eq!(err.to_string(), "the scenario has no role r3 in account 111111111111: did you mean 111111111111/r1?");
    let err = s.who_can_assume(&format!("{A}/something-else"), 5).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the scenario has no role something-else in account 111111111111; roles in that account: r1, r2, svc"
    );
    let err = s.who_can_assume("333333333333/r1", 5).unwrap_err();
    assert!(matches!(&err, PathError::UnknownRole { account, roles_in_account, .. }
        if account == "333333333333" && roles_in_account.is_empty()));
}

/// ana and `n` roles that each trust the whole account (so every role's sessions may assume
/// every other role); only the last role reads objects, and it can also be reached in two hops.
fn dense(n: usize) -> Scenario {
    let roles: Vec<Value> = (0..n)
        .map(|i| {
            let policies: &[&str] = if i == n - 1 { &["assume-any", "read-all"] } else { &["assume-any"] };
            role(A, &format!("d{i}"), trust(&[A]), policies)
        })
        .collect();
    load(&json!({
        "dialect": "aws",
        "accounts": [{"id": A}],
        "policies": [policy("assume-any", allow("sts:AssumeRole", "*")), policy("read-all", allow("s3:GetObject", "*"))],
        "roles": roles,
        "users": [user(A, "ana", &["assume-any"])],
    }))
}

#[test]
fn forward_search_visits_each_state_once_with_its_shortest_chain() {
    let n = 60;
    let report = read(&dense(n), &user_arn(A, "ana"), 5);
    // One chain per identity that may read: the last role, by its one-hop chain.
    assert_eq!(chains(&report), [(user_arn(A, "ana"), vec![role_arn(A, &format!("d{}", n - 1))])]);
    // Each state's candidate edges are decided only while their role is unreached: ana's n
    // edges, then nothing new; plus one final decision per state.
    assert!(report.evaluations <= 2 * n + 1, "{} evaluations", report.evaluations);
    let who = dense(n).who_can_assume(&format!("{A}/d0"), 5).unwrap();
    // ana and the n - 1 other roles in one hop; d0's own sessions through another role.
    assert_eq!(who.identities.len(), n + 1);
    assert!(who.identities[..n].iter().all(|r| r.hops == 1));
    assert_eq!(reachers(&who)[n], (role_arn(A, "d0"), 2));
}
