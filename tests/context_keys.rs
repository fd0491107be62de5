//! Context keys the action never carries: left out of the evaluation with a warning, unless
//! the case marks them intended.

use policy_playground::Decision;
use policy_playground::case::{CaseResult, load_cases};
use policy_playground::catalog::Catalogs;
use policy_playground::context_keys::set_aside_unsent_keys;
use serde_json::{Value, json};

const ANA: &str = "arn:aws:iam::111111111111:user/ana";

fn run(case: Value) -> (Vec<String>, CaseResult) {
    let mut cases = load_cases(&case.to_string()).expect("the case loads");
    let catalogs = Catalogs::builtin();
    let left_out = set_aside_unsent_keys(&mut cases[0], &catalogs);
    (left_out, cases[0].evaluate())
}

fn deny_unless(action: &str, resource: &str, key: &str, value: &str, context: Value, intended: Value) -> Value {
    json!({
        "dialect": "aws",
        "request": {"principal": ANA, "action": action, "resource": resource, "resource_account": "111111111111",
                    "context": context, "intended_context_keys": intended},
        "identity_policies": [{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
             "Condition": {"StringEquals": {key: value}}}
        ]}]
    })
}

#[test]
fn a_key_the_action_never_carries_is_left_out_with_a_warning() {
    let Some(cat) = Catalogs::builtin().get(policy_playground::Dialect::Aws).cloned() else {
        panic!("the AWS catalogue is compiled in for tests");
    };
    assert_eq!(cat.sends_key("s3:GetObject", "s3:max-keys"), Some(false));
    assert_eq!(cat.sends_key("s3:ListBucket", "s3:max-keys"), Some(true));
    assert_eq!(cat.sends_key("s3:GetObject", "aws:SourceIp"), Some(true));
    assert_eq!(cat.sends_key("s3:NoSuchAction", "s3:max-keys"), None);

    let (left_out, r) = run(deny_unless(
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        "s3:max-keys",
        "10",
        json!({"s3:max-keys": "10"}),
        json!([]),
    ));
    assert_eq!(left_out, vec!["s3:max-keys".to_string()]);
    // The condition no longer finds its key, so the Allow does not apply.
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let w = r.warnings.iter().find(|w| w.code == "unsent-context-key").expect("a warning");
    assert!(w.message.contains("s3:max-keys") && w.message.contains("s3:GetObject"), "{}", w.message);
    assert!(w.span.start > 0, "the warning points at the key");
    assert_eq!(r.explanation.missing_context_keys, vec!["s3:max-keys (left out: not sent with s3:GetObject)"]);
    assert!(r.explanation.notes.iter().any(|n| n.starts_with("left out of the evaluation: s3:max-keys")));
}

#[test]
fn a_key_the_action_carries_or_the_case_intends_stays() {
    let (left_out, r) = run(deny_unless(
        "s3:ListBucket",
        "arn:aws:s3:::b",
        "s3:max-keys",
        "10",
        json!({"s3:max-keys": "10", "aws:SourceIp": "10.0.0.1"}),
        json!([]),
    ));
    assert!(left_out.is_empty());
    assert_eq!(r.decision, Decision::Allow);
    assert!(r.warnings.iter().all(|w| w.code != "unsent-context-key"));

    let (left_out, r) = run(deny_unless(
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        "s3:max-keys",
        "10",
        json!({"s3:max-keys": "10"}),
        json!(["S3:max-keys"]),
    ));
    assert!(left_out.is_empty());
    assert_eq!(r.decision, Decision::Allow);
}

#[test]
fn without_the_check_the_case_evaluates_as_written() {
    let case =
        deny_unless("s3:GetObject", "arn:aws:s3:::b/k", "s3:max-keys", "10", json!({"s3:max-keys": "10"}), json!([]));
    let cases = load_cases(&case.to_string()).expect("the case loads");
    assert_eq!(cases[0].evaluate().decision, Decision::Allow);
}

#[test]
fn intended_context_keys_must_be_strings() {
    let mut case =
        deny_unless("s3:GetObject", "arn:aws:s3:::b/k", "s3:max-keys", "10", json!({"s3:max-keys": "10"}), json!([]));
    case["request"]["intended_context_keys"] = json!([1]);
    assert!(load_cases(&case.to_string()).is_err());
}

/// An AWS scenario whose check asks s3:GetObject with `context`, allowed only when
/// s3:max-keys is 10; `intended` lists the keys the check means.
fn scenario(context: Value, intended: Value) -> String {
    json!({
        "dialect": "aws",
        "accounts": [{"id": "111111111111", "name": "Main"}],
        "policies": [{"name": "ReadWhenTen", "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {"StringEquals": {"s3:max-keys": "10"}}}]}}],
        "users": [{"name": "ana", "account": "111111111111", "policies": ["ReadWhenTen"]}],
        "checks": [{"name": "read", "from": ANA,
                    "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
                                "context": context, "intended_context_keys": intended},
                    "expected": "allow"}]
    })
    .to_string()
}

#[test]
fn a_scenario_check_leaves_out_a_key_the_action_never_carries() {
    let run = policy_playground::api::simulate(&scenario(json!({"s3:max-keys": "10"}), json!([])), None)
        .expect("the scenario loads");
    let fin = run.checks[0].chain.final_request.as_ref().expect("a final request");
    assert_eq!(fin.evaluation.set_aside_context_keys, vec!["s3:max-keys".to_string()]);
    assert_eq!(fin.decision, Decision::ImplicitDeny, "the condition no longer finds its key");
    assert!(fin.evaluation.notes.iter().any(|n| n.starts_with("left out of the evaluation: s3:max-keys")));
    assert!(!run.checks[0].passed);
}

#[test]
fn a_scenario_check_that_intends_the_key_keeps_it() {
    let text = scenario(json!({"s3:max-keys": "10"}), json!(["S3:Max-Keys"]));
    let run = policy_playground::api::simulate(&text, None).expect("the scenario loads");
    let fin = run.checks[0].chain.final_request.as_ref().expect("a final request");
    assert!(fin.evaluation.set_aside_context_keys.is_empty());
    assert_eq!(fin.decision, Decision::Allow);
    // Without catalogues nothing is checked, intended or not.
    let plain = scenario(json!({"s3:max-keys": "10"}), json!([]));
    let run = policy_playground::api::simulate_with(&plain, None, &Catalogs::none()).expect("the scenario loads");
    assert_eq!(run.checks[0].chain.decision, Decision::Allow);
}

#[test]
fn the_api_evaluates_cases_with_the_check() {
    let case =
        deny_unless("s3:GetObject", "arn:aws:s3:::b/k", "s3:max-keys", "10", json!({"s3:max-keys": "10"}), json!([]));
    let full = policy_playground::api::ExplanationDetail::Full;
    let checked = policy_playground::api::evaluate(&case.to_string(), full).expect("the case loads");
    assert_eq!(checked.cases[0].explanation.set_aside_context_keys, vec!["s3:max-keys".to_string()]);
    assert!(checked.cases[0].warnings.iter().any(|w| w.code == "unsent-context-key"));
    let unchecked =
        policy_playground::api::evaluate_with(&case.to_string(), full, &Catalogs::none()).expect("the case loads");
    assert!(unchecked.cases[0].explanation.set_aside_context_keys.is_empty());
    assert_eq!(unchecked.cases[0].decision, Decision::Allow);
}
