//! The rules, each with its codes and documentation: the one list the checks run and
//! docs/findings.md's table is checked against (`tests::the_documentation_lists_every_rule`).

use crate::model::Checker;
pub use crate::rule::{Check, Rule, RuleDoc};
use crate::rules;
use playground_core::diagnostic::Finding;
use playground_core::policy::Policy;
use playground_scenario::scenario::Scenario;

/// Every rule, in the order of docs/findings.md's table.
pub const RULES: &[Rule] = &[
    rules::unknown_service::RULE,
    rules::unknown_action::RULE,
    rules::malformed_action::RULE,
    rules::wildcard_matches_nothing::RULE,
    rules::duplicate_action::RULE,
    rules::redundant_action::RULE,
    rules::redundant_resource::RULE,
    rules::redundant_statement::RULE,
    rules::malformed_arn::RULE,
    rules::resource_type_mismatch::RULE,
    rules::unknown_region::RULE,
    rules::not_in_scenario::RULE,
    rules::unknown_condition_key::RULE,
    rules::operator_type_mismatch::RULE,
    rules::string_like_operator_with_arn_condition_keys::RULE,
    rules::equivalent_to_null_false::RULE,
    rules::set_qualifiers::ON_SINGLE_VALUED_KEY,
    rules::set_qualifiers::MISSING,
    rules::unsupported_tag_condition_key::RULE,
    rules::invalid_service_principal_format::RULE,
    rules::trust::ANYONE,
    rules::trust::ACCOUNT,
    rules::trust::SERVICE,
    rules::pass_role_to_any_service::RULE,
    rules::create_slr_with_star_in_resource::RULE,
    rules::allow_with_not::RULE,
    rules::broad_grant_to_assumable_role::RULE,
    rules::policy_too_large::RULE,
    rules::too_many_policies::RULE,
    // Last: it reports what the rules before it skipped.
    rules::checks_skipped::RULE,
];

/// The codes of the scenario loader's own issues (`ScenarioIssue`), which are findings too.
pub const SCENARIO_LOADER_CODES: [&str; 4] =
    ["scenario-shape", "unknown-reference", "duplicate-name", "unusable-policy"];

/// The parse issues (`PolicyIssue::CODES`) that answer to issue codes of AWS IAM Access
/// Analyzer's policy validation, with those codes: docs/findings.md's second table.
pub const PARSE_ISSUE_COUNTERPARTS: &[(&str, &[&str])] = &[
    ("json-syntax", &["JSON_SYNTAX_ERROR"]),
    ("unknown-element", &["INVALID_POLICY_ELEMENT"]),
    ("wrong-type", &["DATA_TYPE_MISMATCH"]),
    (
        "missing-element",
        &["MISSING_ACTION", "MISSING_EFFECT", "MISSING_PRINCIPAL", "MISSING_RESOURCE", "MISSING_STATEMENT"],
    ),
    ("conflicting-elements", &["UNSUPPORTED_ELEMENT_COMBINATION"]),
    ("invalid-value", &["INVALID_EFFECT", "INVALID_VERSION"]),
    ("unknown-condition-operator", &["INVALID_CONDITION_OPERATOR"]),
    ("duplicate-key", &["DUPLICATE_KEYS_WITH_DIFFERENT_CASE"]),
    ("empty-element", &["EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_RESOURCE", "EMPTY_OBJECT_PRINCIPAL"]),
    ("not-principal-with-allow", &["ALLOW_WITH_NOT_PRINCIPAL"]),
    ("missing-version", &["MISSING_VERSION"]),
];

/// Every code the rules report.
pub fn rule_codes() -> impl Iterator<Item = &'static str> {
    RULES.iter().flat_map(|r| r.doc.codes.iter().copied())
}

/// Every (our code, Access Analyzer issue code) pair: the rules' counterparts, each of a rule's
/// codes with each of its counterparts, and the parse issues'.
pub fn access_analyzer_counterparts() -> Vec<(&'static str, &'static str)> {
    let rules = RULES.iter().flat_map(|r| {
        r.doc.codes.iter().flat_map(move |code| r.doc.access_analyzer.iter().map(move |aa| (*code, *aa)))
    });
    let parse = PARSE_ISSUE_COUNTERPARTS.iter().flat_map(|(code, aa)| aa.iter().map(move |a| (*code, *a)));
    rules.chain(parse).collect()
}

/// Runs the policy and statement rules on `policy`.
pub fn check_policy_rules(checker: &mut Checker<'_>, policy: &Policy) {
    for rule in RULES {
        match rule.check {
            Check::Statement(check) => {
                for st in &policy.statements {
                    checker.in_statement(Some(st.span));
                    check(checker, st);
                }
                checker.in_statement(None);
            }
            Check::Policy(check) => check(checker, policy),
            Check::Scenario(_) => {}
        }
    }
}

/// Runs the scenario rules on `scenario`.
pub fn check_scenario_rules(scenario: &Scenario, out: &mut Vec<Finding>) {
    for rule in RULES {
        if let Check::Scenario(check) = rule.check {
            check(scenario, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::issue::PolicyIssue;

    const DOC: &str = include_str!("../../../docs/findings.md");

    /// The rows of the table whose header starts with `header`.
    fn rows_of(header: &str) -> Vec<&'static str> {
        let start = DOC.find(header).unwrap_or_else(|| panic!("docs/findings.md has no table {header}"));
        DOC[start..].lines().skip(2).take_while(|l| l.starts_with('|')).collect()
    }

    /// The rows of the rules table.
    fn documented_rows() -> Vec<&'static str> {
        rows_of("| Code | Severity | Fires when | Fix | Access Analyzer |")
    }

    #[test]
    fn the_documentation_maps_the_parse_issues_to_access_analyzer() {
        let expected: Vec<String> = PARSE_ISSUE_COUNTERPARTS
            .iter()
            .map(|(code, aa)| {
                let aa: Vec<String> = aa.iter().map(|c| format!("`{c}`")).collect();
                format!("| `{code}` | {} |", aa.join(", "))
            })
            .collect();
        assert_eq!(rows_of("| Parse issue | Access Analyzer |"), expected);
        for (code, _) in PARSE_ISSUE_COUNTERPARTS {
            assert!(PolicyIssue::CODES.contains(code), "{code} is not a parse issue");
        }
        let pairs = access_analyzer_counterparts();
        assert!(
            pairs.contains(&("duplicate-action", "REDUNDANT_ACTION"))
                && pairs.contains(&("json-syntax", "JSON_SYNTAX_ERROR"))
        );
    }

    #[test]
    fn the_documentation_lists_every_rule() {
        let expected: Vec<String> = RULES.iter().map(|r| r.doc.table_row()).collect();
        assert_eq!(documented_rows(), expected, "docs/findings.md's table and the rules' RuleDoc differ");
    }

    #[test]
    fn every_code_is_documented_once_and_every_documented_code_exists() {
        let mut codes: Vec<&str> = rule_codes().collect();
        let count = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), count, "a code belongs to one rule");
        // The parse issues and the scenario loader's issues are listed in the text above the table.
        let paragraph = &DOC[DOC.find("## Codes").unwrap()..DOC.find("| Code | Severity").unwrap()];
        for code in PolicyIssue::CODES.iter().chain(&SCENARIO_LOADER_CODES) {
            assert!(paragraph.contains(&format!("`{code}`")), "{code} is not in docs/findings.md");
            assert!(!codes.contains(code), "{code} is both a parse issue and a rule");
        }
        let mut documented: Vec<&str> = paragraph
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && w.contains('-'))
            .collect();
        documented.retain(|c| !PolicyIssue::CODES.contains(c) && !SCENARIO_LOADER_CODES.contains(c));
        assert!(documented.is_empty(), "documented but not reported by anything: {documented:?}");
    }
}
