//! Findings: what is wrong, risky or improvable in a policy or a scenario ([`findings`]),
//! with the AWS and Alibaba Cloud action catalogues they check names against ([`catalog`]).

pub mod catalog;
pub mod findings;
