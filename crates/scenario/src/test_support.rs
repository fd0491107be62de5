//! Small scenarios for unit tests, written as JSON values so that each test shows its whole
//! setup, and loaded strictly (any error fails the test).

use crate::loader::load_scenario;
use crate::model::Scenario;
use playground_core::diagnostic::{Diagnostic, Severity};
use serde_json::{Value, json};

/// An account ("Dev").
pub(crate) const A: &str = "111111111111";
/// Another account ("Prod").
pub(crate) const B: &str = "222222222222";

/// Loads `v`, failing the test on any error issue.
pub(crate) fn load(v: &Value) -> Scenario {
    let loaded = load_scenario(&v.to_string());
    let errors: Vec<String> =
        loaded.issues.iter().filter(|i| i.severity() == Severity::Error).map(|i| i.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    loaded.scenario.expect("a scenario without errors loads")
}

/// An AWS policy document with one Allow statement.
pub(crate) fn allow(action: &str, resource: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})
}

/// A library policy entry.
pub(crate) fn policy(name: &str, document: Value) -> Value {
    json!({"name": name, "document": document})
}

/// An AWS trust policy that lets `principals` (ARNs or account ids) assume the role.
pub(crate) fn trust(principals: &[&str]) -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": principals}}]})
}

/// An AWS trust policy that lets a service assume the role.
pub(crate) fn trust_service(service: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": service}}]})
}

/// A role entry.
pub(crate) fn role(account: &str, name: &str, trust: Value, policies: &[&str]) -> Value {
    json!({"account": account, "name": name, "trust_policy": trust, "policies": policies})
}

/// A user entry.
pub(crate) fn user(account: &str, name: &str, policies: &[&str]) -> Value {
    json!({"account": account, "name": name, "policies": policies})
}

/// An AWS user ARN.
pub(crate) fn user_arn(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:user/{name}")
}

/// An AWS role ARN (path `/`).
pub(crate) fn role_arn(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:role/{name}")
}

/// An AWS session ARN.
pub(crate) fn session_arn(account: &str, role: &str, session: &str) -> String {
    format!("arn:aws:sts::{account}:assumed-role/{role}/{session}")
}
