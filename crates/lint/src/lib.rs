//! Findings: what is wrong, risky or improvable in a policy or a scenario ([`findings`]), as
//! rules ([`rules`], listed with their documentation in [`registry`]) over a [`model`] of the
//! policy being checked, with the AWS and Alibaba Cloud action catalogues they check names
//! against ([`catalog`], passed in through [`model::CheckContext`]) and the [`glob`] algebra
//! the rules that compare patterns use.

pub mod catalog;
pub mod findings;
pub mod glob;
pub mod model;
pub mod registry;
pub mod rule;
pub mod rules;
