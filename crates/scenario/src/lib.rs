//! Scenarios: accounts, organizations, roles, users and named checks ([`scenario`]);
//! AssumeRole chains through them ([`chain`]), every path to a permission ([`paths`]) and the
//! "what breaks" mutations ([`mutation`]).

pub mod chain;
pub mod document;
pub mod mutation;
pub mod paths;
pub mod scenario;
