//! The rules, one per file (or a tight group of rules per file): each file holds its
//! documentation ([`RuleDoc`](crate::registry::RuleDoc), the row of docs/findings.md's table)
//! and its check; [`registry::RULES`](crate::registry::RULES) lists them.

pub mod allow_with_not;
pub mod broad_grant_to_assumable_role;
pub mod checks_skipped;
pub mod create_slr_with_star_in_resource;
pub mod duplicate_action;
pub mod equivalent_to_null_false;
pub mod invalid_service_principal_format;
pub mod malformed_action;
pub mod malformed_arn;
pub mod not_in_scenario;
pub mod operator_type_mismatch;
pub mod pass_role_to_any_service;
pub mod policy_too_large;
pub mod redundant_action;
pub mod redundant_resource;
pub mod redundant_statement;
pub mod resource_type_mismatch;
pub mod set_qualifiers;
pub mod string_like_operator_with_arn_condition_keys;
pub mod too_many_policies;
pub mod trust;
pub mod unknown_action;
pub mod unknown_condition_key;
pub mod unknown_region;
pub mod unknown_service;
pub mod unsupported_tag_condition_key;
pub mod wildcard_matches_nothing;
