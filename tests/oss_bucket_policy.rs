//! OSS bucket policies as OSS documents them: `"Principal": ["<UID>" | "*"]`, a list of account
//! or RAM user UIDs (an empty list means everyone), matched against the caller's account UID
//! or the RAM user UID the case names in `request.principal_uid`.

use policy_playground::Decision;
use policy_playground::authorize::Reason;
use policy_playground::case::{CaseError, CaseResult, load_cases};
use serde_json::{Value, json};

const ACCOUNT: &str = "1234567890123456";
const OTHER: &str = "6543210987654321";
const ALICE: &str = "acs:ram::1234567890123456:user/alice";
const ALICE_UID: &str = "203456789012345678";
const OBJECT: &str = "acs:oss:*:1234567890123456:photos/cat.jpg";

fn bucket_policy(principal: Value) -> Value {
    json!({"Version": "1", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": ["oss:GetObject"], "Resource": [OBJECT]}
    ]})
}

fn case(principal: &str, uid: Option<&str>, resource_policy: Value, identity: Option<Value>) -> Value {
    let mut c = json!({
        "name": "oss",
        "request": {"principal": principal, "action": "oss:GetObject", "resource": OBJECT},
        "resource_policy": resource_policy,
    });
    if let Some(uid) = uid {
        c["request"]["principal_uid"] = json!(uid);
    }
    if let Some(identity) = identity {
        c["identity_policies"] = json!([identity]);
    }
    c
}

fn run(case: Value) -> CaseResult {
    let text = case.to_string();
    let cases = load_cases(&text).unwrap_or_else(|e| panic!("case does not load: {e}\n{text}"));
    cases[0].evaluate()
}

#[test]
fn a_ram_user_named_by_its_uid_is_allowed_by_the_bucket_policy_alone() {
    let r = run(case(ALICE, Some(ALICE_UID), bucket_policy(json!([ALICE_UID])), None));
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByResourcePolicy));
}

#[test]
fn another_uid_does_not_match_the_caller() {
    let r = run(case(ALICE, Some("209999999999999999"), bucket_policy(json!([ALICE_UID])), None));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    // Without the caller's UID only the account can match.
    let r = run(case(ALICE, None, bucket_policy(json!([ALICE_UID])), None));
    assert_eq!(r.decision, Decision::ImplicitDeny);
}

#[test]
fn the_account_uid_matches_its_users_and_its_root() {
    let r = run(case(ALICE, Some(ALICE_UID), bucket_policy(json!([ACCOUNT])), None));
    assert_eq!(r.decision, Decision::Allow);
    let r = run(case(&format!("acs:ram::{ACCOUNT}:root"), None, bucket_policy(json!([ACCOUNT])), None));
    assert_eq!(r.decision, Decision::Allow);
}

#[test]
fn a_star_or_an_empty_list_means_everyone() {
    for principal in [json!(["*"]), json!([])] {
        let r = run(case(ALICE, None, bucket_policy(principal.clone()), None));
        assert_eq!(r.decision, Decision::Allow, "{principal}");
    }
}

#[test]
fn across_accounts_the_callers_own_policies_must_allow_too() {
    let bob = format!("acs:ram::{OTHER}:user/bob");
    let bob_uid = "207777777777777777";
    let r = run(case(&bob, Some(bob_uid), bucket_policy(json!([bob_uid])), None));
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::CrossAccountIdentityDoesNotAllow));
    let own = json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]});
    let r = run(case(&bob, Some(bob_uid), bucket_policy(json!([bob_uid])), Some(own)));
    assert_eq!(r.decision, Decision::Allow);
    // Bob's account's UID in the list names him too.
    let own = json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]});
    let r = run(case(&bob, None, bucket_policy(json!([OTHER])), Some(own)));
    assert_eq!(r.decision, Decision::Allow);
}

#[test]
fn a_deny_to_a_uid_list_denies_only_those_callers() {
    let policy = json!({"Version": "1", "Statement": [
        {"Effect": "Allow", "Principal": ["*"], "Action": "oss:GetObject", "Resource": OBJECT},
        {"Effect": "Deny", "Principal": [ALICE_UID], "Action": "oss:GetObject", "Resource": OBJECT}
    ]});
    let r = run(case(ALICE, Some(ALICE_UID), policy.clone(), None));
    assert_eq!(r.decision, Decision::ExplicitDeny);
    let r = run(case(&format!("acs:ram::{ACCOUNT}:user/carol"), Some("201111111111111111"), policy, None));
    assert_eq!(r.decision, Decision::Allow);
}

#[test]
fn a_uid_list_is_not_aws_grammar() {
    let mut c = case("arn:aws:iam::111111111111:user/ana", None, bucket_policy(json!(["111111111111"])), None);
    c["dialect"] = json!("aws");
    c["resource_policy"]["Version"] = json!("2012-10-17");
    let Err(err) = load_cases(&c.to_string()) else {
        panic!("an AWS Principal list is refused");
    };
    assert!(matches!(err, CaseError::Policy { .. }), "{err}");
}

#[test]
fn principal_uid_must_be_a_string() {
    let mut c = case(ALICE, None, bucket_policy(json!([ALICE_UID])), None);
    c["request"]["principal_uid"] = json!(203456789012345678u64);
    assert!(load_cases(&c.to_string()).is_err());
}
