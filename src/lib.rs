//! Policy Playground's engine: parse, evaluate and explain Alibaba Cloud RAM and
//! AWS IAM policies, simulate AssumeRole chains and check policies for mistakes.
//!
//! This crate is the facade: the one API the command-line tool, the web app and other
//! programs use. The work is done by the crates below it (see docs/architecture.md):
//!
//! * `playground-core`: [`json`], [`policy`] ([`ast`] and [`parser`]), [`evaluate`],
//!   [`authorize`](mod@authorize), [`explain`](mod@explain), and the one [`diagnostic`] model
//!   every error and finding shares;
//! * `playground-batch`: [`case`] files (their [`shape`] read without compiling the policies), read in batches that share statement bodies
//!   ([`interner`]) and [`run`] on every core, results written as JSON [`line`]s;
//! * `playground-scenario`: [`scenario`]s, [`chain`]s, [`paths`], [`mutation`]s and the
//!   [`cloud_backup`] specifics;
//! * `playground-lint`: [`findings`] (the [`rules`] of the [`registry`]) and the action [`catalog`];
//! * `playground-lesson`: [`lesson`]s for training operators, their loader and grader.
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

pub mod api;
pub mod context_keys;

pub use playground_batch::{case, interner, line, run, shape};
pub use playground_core::{
    ast, authorize, condition, diagnostic, dialect, evaluate, explain, fixes, issue, json, operator, parser, pattern,
    policy, request, span, value,
};
/// Lessons: the lesson file format, its loader, and the grader of a learner's workspace.
pub use playground_lesson as lesson;
pub use playground_lint::{catalog, findings, registry, rules};
/// Hints for scenario checks, under a name of their own (the engine's hints are [`fixes`]).
pub use playground_scenario::fixes as check_fixes;
pub use playground_scenario::{chain, cloud_backup, document, mutation, paths, scenario};

// `authorize` and `explain` name both a module and its main function; the imports above bring both.
pub use authorize::{Decision, PolicySet};
pub use dialect::Dialect;
pub use explain::Evaluation;
pub use policy::{ParsedPolicy, Policy, parse_policy};
pub use request::Request;
