//! The policy engine's core: text in, decisions and explanations out, for AWS IAM and
//! Alibaba Cloud RAM. It does no I/O and reads no clock, so it builds for
//! `wasm32-unknown-unknown` as well as natively.
//!
//! The data path, one module per step:
//!
//! * [`json`] reads text into values that remember their [`span`]s;
//! * [`parser`] reads the policy grammar of either [`dialect`] into the tree of [`ast`],
//!   reporting every [`issue`] as a [`diagnostic`]; patterns ([`pattern`]), condition operators
//!   ([`operator`]) and condition values ([`value`]) are compiled into the tree's own types, and
//!   statement bodies do not depend on where their text is, so copies can share one ([`policy`]
//!   re-exports both);
//! * [`evaluate`] checks one statement against a [`request`], [`condition`] by condition;
//! * [`authorize`](mod@authorize) combines the layers (identity, resource, session, boundary, control policies);
//! * [`explain`](mod@explain) turns the verdict into an [`explain::Evaluation`] people can read.
//!
//! Dependencies run one way: the evaluator ([`evaluate`], [`condition`], [`authorize`](mod@authorize),
//! [`explain`](mod@explain)) reads the tree; the tree and its parser know nothing of the evaluator. Nothing
//! here knows about case files, scenarios or findings: those crates sit above this one.

pub mod ast;
pub mod authorize;
pub mod condition;
pub mod decimal;
pub mod diagnostic;
pub mod dialect;
pub mod evaluate;
pub mod explain;
pub mod fixes;
pub mod issue;
pub mod json;
pub mod operator;
pub mod parser;
pub mod pattern;
pub mod policy;
pub mod request;
pub mod span;
pub mod value;

pub use authorize::{Decision, PolicySet, authorize};
pub use dialect::Dialect;
pub use explain::{Evaluation, explain};
pub use policy::{ParsedPolicy, Policy, parse_policy};
pub use request::Request;
