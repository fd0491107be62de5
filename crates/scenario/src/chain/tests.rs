//! Chains hop by hop: which side decides, the sentence a reader gets, the session a hop
//! yields, and the rules applied besides policy evaluation.

use super::{default_session_name, service_linked_refusal};
use crate::model::Scenario;
use crate::test_support::{
    A, B, allow, load, policy, role, role_arn, session_arn, trust, trust_service, user, user_arn,
};
use playground_core::authorize::{Decision, LayerKind};
use playground_core::policy::Policy;
use serde_json::{Value, json};

/// Dev (A): user ana (may assume any role), user reader (may only read objects), role first (trusts ana,
/// may assume any role, sessions up to 12 h) and the service-linked role linked.
/// Prod (B): second (trusts first), picky (trusts someone else), open (trusts all of Dev),
/// guarded (denies Dev's first role explicitly).
fn base(checks: Value) -> Scenario {
    let ana = user_arn(A, "ana");
    let first = role_arn(A, "first");
    let mut linked = role(A, "linked", trust_service("backup.amazonaws.com"), &["read-all"]);
    linked["service_linked"] = json!("backup.amazonaws.com");
    let mut first_role = role(A, "first", trust(&[&ana]), &["assume-any"]);
    first_role["max_session_duration"] = json!(43200);
    let guarded = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": A}},
        {"Sid": "NotFirst", "Effect": "Deny", "Action": "sts:AssumeRole", "Principal": {"AWS": first}}]});
    load(&json!({
        "dialect": "aws",
        "accounts": [{"id": A, "name": "Dev"}, {"id": B, "name": "Prod"}],
        "policies": [
            policy("assume-any", allow("sts:AssumeRole", "*")),
            policy("read-all", allow("s3:GetObject", "*")),
        ],
        "roles": [
            first_role,
            linked,
            role(B, "second", trust(&[&first]), &["read-all"]),
            role(B, "picky", trust(&[&user_arn(A, "someone-else")]), &["read-all"]),
            role(B, "open", trust(&[A]), &["read-all"]),
            role(B, "guarded", guarded, &["read-all"]),
        ],
        "users": [user(A, "ana", &["assume-any"]), user(A, "reader", &["read-all"])],
        "checks": checks,
    }))
}

fn check(chain: Value, request: Option<(&str, &str)>) -> Value {
    check_from(&user_arn(A, "ana"), chain, request)
}

fn check_from(from: &str, chain: Value, request: Option<(&str, &str)>) -> Value {
    let mut c = json!({"name": "c", "from": from, "chain": chain, "expected": "allow"});
    if let Some((action, resource)) = request {
        c["request"] = json!({"action": action, "resource": resource});
    }
    c
}

fn run(s: &Scenario) -> super::ChainResult {
    s.run_check(&s.checks[0])
}

fn layer_outcome(e: &playground_core::explain::Evaluation, layer: LayerKind) -> Option<&'static str> {
    e.layers.iter().find(|l| l.layer == layer).map(|l| l.outcome)
}

#[test]
fn every_hop_is_decided_on_both_sides_and_yields_a_session() {
    let chain = json!([format!("{A}/first"), {"role": format!("{B}/second"), "session_name": "s2"}]);
    let s = base(json!([check(chain, Some(("s3:GetObject", "arn:aws:s3:::photos/cat.jpg")))]));
    let r = run(&s);
    assert_eq!((r.decision, r.stopped_at), (Decision::Allow, None), "{}", r.summary);
    assert!(r.passed() && r.preconditions.is_empty() && r.notes.is_empty());
    assert_eq!(r.from, user_arn(A, "ana"));
    assert_eq!(r.hops.len(), 2);

    let h1 = &r.hops[0];
    assert_eq!((h1.number, h1.caller.as_str(), h1.account.as_str()), (1, user_arn(A, "ana").as_str(), A));
    assert_eq!(h1.role, role_arn(A, "first"));
    assert_eq!(h1.decision, Decision::Allow);
    assert_eq!((h1.caller_side.outcome, h1.role_side.outcome), ("allow", "allow"));
    let session = h1.session.as_ref().unwrap();
    // No session name given: the caller's own name.
    assert_eq!((session.arn.as_str(), session.duration_seconds), (session_arn(A, "first", "ana").as_str(), 3600));
    assert_eq!(
        h1.sentence,
        "hop 1: ana assumed first in Dev (111111111111): statement 1 of first trust policy allows it (3600 s)"
    );

    let h2 = &r.hops[1];
    assert_eq!(h2.caller, session_arn(A, "first", "ana"), "hop 2 is made by hop 1's session");
    assert_eq!((h2.role.as_str(), h2.account.as_str()), (role_arn(B, "second").as_str(), B));
    // Across accounts both sides must allow: first's own policy and second's trust policy.
    assert_eq!((h2.caller_side.outcome, h2.role_side.outcome), ("allow", "allow"));
    assert_eq!(h2.caller_side.layers.iter().map(|l| l.layer).collect::<Vec<_>>(), [LayerKind::Identity]);
    assert_eq!(h2.role_side.layers.iter().map(|l| l.layer).collect::<Vec<_>>(), [LayerKind::Resource]);
    assert_eq!(h2.session.as_ref().unwrap().arn, session_arn(B, "second", "s2"));

    let fin = r.final_request.as_ref().unwrap();
    assert_eq!(fin.principal, session_arn(B, "second", "s2"));
    assert_eq!((fin.action.as_str(), fin.decision), ("s3:GetObject", Decision::Allow));
    assert_eq!(fin.evaluation.decisive[0].policy, "read-all");
    assert_eq!(r.summary, format!("final request: {}", fin.evaluation.summary));
}

#[test]
fn a_hop_the_trust_policy_does_not_allow_stops_the_chain_there() {
    let chain = json!([format!("{A}/first"), format!("{B}/picky")]);
    let s = base(json!([check(chain, Some(("s3:GetObject", "*")))]));
    let r = run(&s);
    assert_eq!((r.decision, r.stopped_at), (Decision::ImplicitDeny, Some(2)));
    assert_eq!(r.hops.len(), 2);
    assert!(r.final_request.is_none(), "no final request after a failed hop");
    let h2 = &r.hops[1];
    assert!(h2.session.is_none());
    assert_eq!(h2.role_side.outcome, "no_match");
    assert!(h2.evaluation.is_some(), "the engine was asked");
    assert_eq!(
        r.summary,
        format!(
            "hop 2: picky in Prod (222222222222) trusts {}, but the caller is {}",
            user_arn(A, "someone-else"),
            session_arn(A, "first", "ana")
        )
    );
    assert_eq!(h2.sentence, r.summary);
}

#[test]
fn a_trusted_caller_whose_own_policies_do_not_allow_the_hop_is_refused() {
    // open trusts all of Dev, but across accounts the caller's identity policy must allow too.
    let s = base(json!([check_from(&user_arn(A, "reader"), json!([format!("{B}/open")]), None)]));
    let r = run(&s);
    assert_eq!((r.decision, r.stopped_at), (Decision::ImplicitDeny, Some(1)));
    let h = &r.hops[0];
    assert_eq!((h.caller_side.outcome, h.role_side.outcome), ("no_match", "allow"));
    assert_eq!(
        r.summary,
        format!(
            "hop 1: open in Prod (222222222222) trusts the caller, but reader's own policies do not allow sts:AssumeRole on {}",
            role_arn(B, "open")
        )
    );
    // The same role from ana, whose policy allows sts:AssumeRole: allowed.
    let s = base(json!([check(json!([format!("{B}/open")]), None)]));
    assert_eq!(run(&s).decision, Decision::Allow);
}

#[test]
fn an_explicit_deny_in_the_trust_policy_is_an_explicit_deny() {
    let s = base(json!([check(json!([format!("{A}/first"), format!("{B}/guarded")]), None)]));
    let r = run(&s);
    assert_eq!((r.decision, r.stopped_at), (Decision::ExplicitDeny, Some(2)));
    let h = &r.hops[1];
    assert_eq!(h.role_side.outcome, "deny");
    let e = h.evaluation.as_ref().unwrap();
    assert_eq!(e.decisive[0].sid.as_deref(), Some("NotFirst"));
    assert_eq!(r.summary, format!("hop 2: {}", e.summary));
    // ana herself is in Dev and not denied: the Allow of the same policy lets her in.
    let s = base(json!([check(json!([format!("{B}/guarded")]), None)]));
    assert_eq!(run(&s).decision, Decision::Allow);
}

#[test]
fn a_session_policy_limits_what_the_session_may_do() {
    let narrow = allow("s3:GetObject", "arn:aws:s3:::photos/*");
    let chain = json!([format!("{A}/first"), {"role": format!("{B}/second"), "session_policy": narrow}]);
    let photo = check(chain.clone(), Some(("s3:GetObject", "arn:aws:s3:::photos/cat.jpg")));
    let secret = check(chain, Some(("s3:GetObject", "arn:aws:s3:::secrets/key")));
    let s = base(json!([photo, secret]));
    let inside = s.run_check(&s.checks[0]);
    let outside = s.run_check(&s.checks[1]);
    assert_eq!(inside.decision, Decision::Allow, "{}", inside.summary);
    assert_eq!(outside.decision, Decision::ImplicitDeny, "{}", outside.summary);
    let inside = inside.final_request.unwrap().evaluation;
    let outside = outside.final_request.unwrap().evaluation;
    assert_eq!(layer_outcome(&inside, LayerKind::Session), Some("allow"));
    assert_eq!(layer_outcome(&outside, LayerKind::Session), Some("no_match"));
    // The role's own policy allows both; only the session policy makes the difference.
    assert_eq!(layer_outcome(&outside, LayerKind::Identity), Some("allow"));
    // Without a session policy the secret is readable.
    let plain =
        check(json!([format!("{A}/first"), format!("{B}/second")]), Some(("s3:GetObject", "arn:aws:s3:::secrets/key")));
    let s = base(json!([plain]));
    assert_eq!(run(&s).decision, Decision::Allow);
}

#[test]
fn only_the_linked_service_may_assume_a_service_linked_role() {
    let s = base(json!([check(json!([format!("{A}/linked")]), None)]));
    let r = run(&s);
    assert_eq!((r.decision, r.stopped_at), (Decision::ImplicitDeny, Some(1)));
    let h = &r.hops[0];
    assert!(h.evaluation.is_none(), "refused before the engine is asked");
    assert_eq!((h.caller_side.outcome, h.role_side.outcome), ("not_needed", "not_needed"));
    assert_eq!(
        r.summary,
        format!(
            "hop 1: linked in Dev (111111111111) is a service-linked role: only backup.amazonaws.com may assume it, but the caller is {}",
            user_arn(A, "ana")
        )
    );
    // The service itself gets a session named after its first label.
    let s = base(json!([check_from("backup.amazonaws.com", json!([format!("{A}/linked")]), None)]));
    let r = run(&s);
    assert_eq!(r.decision, Decision::Allow, "{}", r.summary);
    assert_eq!(r.hops[0].session.as_ref().unwrap().arn, session_arn(A, "linked", "backup"));
}

#[test]
fn the_service_linked_rule_compares_services_ignoring_case() {
    let s = base(json!([]));
    let linked = s.find_role(&format!("{A}/linked")).unwrap();
    let plain = s.find_role(&format!("{A}/first")).unwrap();
    assert_eq!(service_linked_refusal(linked, "Backup.AmazonAWS.com"), None);
    assert_eq!(service_linked_refusal(linked, "ec2.amazonaws.com"), Some("backup.amazonaws.com"));
    assert_eq!(service_linked_refusal(linked, &user_arn(A, "ana")), Some("backup.amazonaws.com"));
    assert_eq!(service_linked_refusal(plain, "ec2.amazonaws.com"), None, "not service-linked");
}

#[test]
fn a_role_that_does_not_exist_stops_the_chain() {
    let s = base(json!([check(json!([format!("{A}/first"), format!("{B}/gone")]), None)]));
    let r = run(&s);
    assert_eq!((r.decision, r.stopped_at), (Decision::ImplicitDeny, Some(2)));
    assert_eq!(r.summary, "hop 2: there is no role gone in Prod (222222222222) (it was deleted, or never created)");
    assert_eq!((r.hops[1].role.as_str(), r.hops[1].account.as_str()), (format!("{B}/gone").as_str(), B));
}

#[test]
fn a_chain_without_a_request_is_decided_by_its_last_hop() {
    let s = base(json!([check(json!([format!("{A}/first")]), None), check(json!([]), None)]));
    let hops_only = s.run_check(&s.checks[0]);
    assert_eq!(hops_only.decision, Decision::Allow);
    assert_eq!(hops_only.summary, hops_only.hops[0].sentence);
    let nothing = s.run_check(&s.checks[1]);
    assert_eq!(
        (nothing.decision, nothing.summary.as_str()),
        (Decision::Allow, "no hops and no request: nothing to decide")
    );
}

#[test]
fn session_durations_are_checked_after_the_engine_allows_the_hop() {
    let short = check(json!([{"role": format!("{A}/first"), "duration": 600}]), None);
    let chained = check(json!([format!("{A}/first"), {"role": format!("{B}/second"), "duration": 7200}]), None);
    let s = base(json!([short, chained]));
    let r = s.run_check(&s.checks[0]);
    assert_eq!((r.decision, r.stopped_at), (Decision::ImplicitDeny, Some(1)));
    let h = &r.hops[0];
    assert_eq!(h.evaluation.as_ref().unwrap().decision, Decision::Allow, "the policies allow it");
    assert!(h.session.is_none());
    assert_eq!(
        r.summary,
        "hop 1: ana may assume first in Dev (111111111111), but a session lasts at least 900 seconds; 600 was requested"
    );
    // second allows one hour (the default maximum), so 7200 s is over its own limit.
    let r = s.run_check(&s.checks[1]);
    assert_eq!(r.stopped_at, Some(2));
    assert!(r.summary.ends_with("but second allows sessions of at most 3600 s; 7200 s was requested"), "{}", r.summary);
}

#[test]
fn duration_limits_and_the_aws_role_chaining_cap() {
    let s = base(json!([]));
    let first = s.find_role(&format!("{A}/first")).unwrap(); // up to 43200 s
    let second = s.find_role(&format!("{B}/second")).unwrap(); // up to 3600 s
    let problem = |role, chained, secs| s.duration_problem(role, chained, secs);
    assert_eq!(problem(first, false, 899).as_deref(), Some("a session lasts at least 900 seconds; 899 was requested"));
    assert_eq!(problem(first, false, 900), None);
    assert_eq!(problem(first, false, 43200), None);
    assert_eq!(
        problem(first, false, 43201).as_deref(),
        Some("first allows sessions of at most 43200 s; 43201 s was requested")
    );
    // A role session assuming another role (AWS role chaining): at most one hour.
    assert_eq!(problem(first, true, 3600), None);
    assert_eq!(
        problem(first, true, 3601).as_deref(),
        Some("role chaining limits a session to one hour (3600 s); 3601 s was requested")
    );
    // Over the role's own maximum, the role's limit is the reason.
    assert_eq!(
        problem(second, true, 7200).as_deref(),
        Some("second allows sessions of at most 3600 s; 7200 s was requested")
    );
    // RAM documents no chaining cap.
    let mut ram = s.clone();
    ram.dialect = playground_core::dialect::Dialect::Aliyun;
    assert_eq!(ram.duration_problem(first, true, 7200), None);
}

#[test]
fn default_session_names_come_from_the_caller() {
    assert_eq!(default_session_name("crossbackup.hbr.aliyuncs.com"), "crossbackup");
    assert_eq!(default_session_name(&user_arn(A, "ana")), "ana");
    assert_eq!(default_session_name(&session_arn(A, "first", "s1")), "s1");
    // Too short after filtering: a fixed name.
    assert_eq!(default_session_name(&user_arn(A, "x")), "playground");
    assert_eq!(default_session_name("arn:aws:iam::1:user/a b!c"), "abc");
}

/// An AWS organization: the management account M, Dev (A) in Root / Prod / Locked, Prod (B)
/// in Root; policies at the root and on Locked, none on Prod, one on Dev itself.
fn organization() -> Scenario {
    const M: &str = "999999999999";
    let deny_assume = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"}]});
    load(&json!({
        "dialect": "aws",
        "accounts": [{"id": M}, {"id": A}, {"id": B}, {"id": "444444444444"}],
        "organization": {
            "management_account": M,
            "root": {"name": "Root", "control_policies": ["FullAWSAccess"], "resource_control_policies": ["rcp-root"],
                     "accounts": [B],
                     "folders": [{"name": "Prod", "accounts": [], "folders": [
                         {"name": "Locked", "control_policies": ["deny-assume"], "accounts": [A]}]}]},
            "account_control_policies": {A: ["account-scp"]}
        },
        "policies": [
            policy("FullAWSAccess", allow("*", "*")),
            policy("rcp-root", allow("*", "*")),
            policy("deny-assume", deny_assume),
            policy("account-scp", allow("*", "*")),
            policy("assume-any", allow("sts:AssumeRole", "*")),
        ],
        "roles": [role(A, "target", trust(&[A, M]), &[]), role(M, "target", trust(&[M]), &[])],
        "users": [user(A, "ana", &["assume-any"]), user(M, "root-admin", &["assume-any"])],
        "checks": [
            check_from(&user_arn(A, "ana"), json!([format!("{A}/target")]), None),
            check_from(&user_arn(M, "root-admin"), json!([format!("{M}/target")]), None),
        ],
    }))
}

fn names(levels: &[Vec<Policy>]) -> Vec<Vec<&str>> {
    levels.iter().map(|l| l.iter().map(|p| p.name.as_str()).collect()).collect()
}

#[test]
fn control_policy_levels_run_from_the_root_to_the_account() {
    let s = organization();
    // Prod carries no policy, so it is not a level; the account's own policies come last.
    assert_eq!(
        names(&s.control_levels(Some(A), false)),
        [vec!["FullAWSAccess"], vec!["deny-assume"], vec!["account-scp"]]
    );
    assert_eq!(names(&s.control_levels(Some(B), false)), [vec!["FullAWSAccess"]]);
    assert_eq!(names(&s.control_levels(Some(A), true)), [vec!["rcp-root"]], "resource side: RCPs");
    assert!(s.control_levels(Some("999999999999"), false).is_empty(), "the management account has none");
    assert!(s.control_levels(Some("444444444444"), false).is_empty(), "outside the organization: none");
    assert!(s.control_levels(None, false).is_empty());
}

#[test]
fn a_control_policy_deny_refuses_the_hop_on_the_callers_side() {
    let s = organization();
    let r = s.run_check(&s.checks[0]);
    assert_eq!((r.decision, r.stopped_at), (Decision::ExplicitDeny, Some(1)));
    let h = &r.hops[0];
    assert_eq!(h.caller_side.outcome, "deny");
    let e = h.evaluation.as_ref().unwrap();
    assert_eq!((e.decisive[0].policy.as_str(), e.decisive[0].layer), ("deny-assume", LayerKind::Control));
    assert_eq!(e.decisive[0].level, Some(1), "the second level, counted from the root");
    // The same hop from the management account: no control policies apply.
    let r = s.run_check(&s.checks[1]);
    assert_eq!(r.decision, Decision::Allow, "{}", r.summary);
    assert!(r.hops[0].caller_side.layers.iter().all(|l| l.layer != LayerKind::Control));
}
