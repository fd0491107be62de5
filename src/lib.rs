//! Policy Playground's engine: parse, evaluate and explain Alibaba Cloud RAM and
//! AWS IAM policies.
//!
//! The engine does no I/O and reads no clock, so it builds for `wasm32-unknown-unknown`
//! as well as natively. The pipeline:
//!
//! * [`json`] reads text into values that remember their spans;
//! * [`policy`] reads the policy grammar of either [`dialect`], reporting every [`issue`];
//! * [`evaluate`] checks one statement against a [`request`], [`condition`] by condition;
//! * [`authorize`] combines the layers (identity, resource, session, boundary, control policies);
//! * [`explain`] turns the verdict into an [`explain::Evaluation`] people can read;
//! * [`case`] reads the case files of the command-line tool;
//! * [`scenario`] reads accounts, organizations, roles and checks, and [`chain`] walks AssumeRole chains.
//!
//! ```
//! use policy_playground::{case::load_cases, authorize::Decision};
//! let cases = load_cases(r#"{
//!   "request": {"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:GetObject",
//!               "resource": "arn:aws:s3:::photos/cat.jpg", "resource_account": "111111111111"},
//!   "identity_policies": [{"Version": "2012-10-17", "Statement": [
//!     {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::photos/*"}]}]
//! }"#).unwrap();
//! let result = cases[0].evaluate();
//! assert_eq!(result.decision, Decision::Allow);
//! assert!(result.explanation.summary.starts_with("Allowed: statement 1 of identity policy 1"));
//! ```

pub mod authorize;
pub mod case;
pub mod catalog;
pub mod chain;
pub mod condition;
pub mod dialect;
pub mod evaluate;
pub mod explain;
pub mod findings;
pub mod issue;
pub mod json;
pub mod mutation;
pub mod operator;
pub mod paths;
pub mod pattern;
pub mod policy;
pub mod request;
pub mod scenario;
pub mod span;
pub mod statement_cache;

pub use authorize::{Decision, PolicySet, authorize};
pub use dialect::Dialect;
pub use explain::{Evaluation, explain};
pub use policy::{ParsedPolicy, Policy, parse_policy};
pub use request::Request;
