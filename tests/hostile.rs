//! Untrusted text never panics the engine: pasted documents with non-ASCII whitespace, broken
//! JSON around multi-byte characters, and random text built from JSON's punctuation and
//! characters wider than a byte. Each reader gives an answer or a problem with a position.

use policy_playground::case::load_cases;
use policy_playground::diagnostic::{Diagnostic, Severity};
use policy_playground::findings::{CheckContext, check_policy, check_scenario};
use policy_playground::scenario::load_scenario;
use proptest::prelude::*;

fn check(text: &str) -> Vec<policy_playground::diagnostic::Finding> {
    check_policy("pasted", text, None, &CheckContext::default())
}

#[test]
fn a_non_breaking_space_before_a_missing_comma_is_a_syntax_error_not_a_panic() {
    // The four bytes of the report: NBSP, "2", "[".
    let findings = check("\u{a0}2[");
    assert_eq!(findings[0].code, "json-syntax");
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!((findings[0].span.line, findings[0].span.column), (1, 3));
    assert_eq!(findings[0].message, "JSON syntax: missing comma after 2");
}

#[test]
fn a_policy_copied_from_a_web_page_with_a_missing_comma_points_at_it() {
    // Indented with non-breaking spaces, as documentation pages render code; the comma after
    // the Version line is missing.
    let text = "{\n\u{a0}\u{a0}\"Version\": \"2012-10-17\"\n\u{a0}\u{a0}\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}";
    let findings = check(text);
    let first = &findings[0];
    assert_eq!(first.code, "json-syntax");
    assert_eq!(first.message, "JSON syntax: missing comma after \"2012-10-17\"");
    assert_eq!((first.span.line, first.span.column), (2, 26));
    assert!(first.fix.is_some(), "the missing comma comes with its fix");
    // The case-file and scenario readers give a position too.
    let case = format!("{{\"request\": {{\"principal\": \"a\", \"action\": \"b\"}}, \"identity_policies\": [{text}]}}");
    let err = load_cases(&case).unwrap_err();
    assert!(err.to_string().contains("missing comma"), "{err}");
    assert!(!check_scenario("{\"accounts\": [{\"id\": \"1\"}]\u{a0}\"roles\": []}").is_empty());
}

/// Pieces of text a hostile or careless paste is made of.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        " ",
        "\n",
        "\u{a0}",
        "\u{3000}",
        "é",
        "→",
        "😀",
        "\u{feff}",
        "\"Version\"",
        "\"2012-10-17\"",
        "\"Statement\"",
        "\"Effect\"",
        "\"Allow\"",
        "\"Action\"",
        "\"s3:*\"",
        "\"Resource\"",
        "\"*\"",
        "\"Condition\"",
        "\"StringLike\"",
        "\"aws:SourceIp\"",
        "\"request\"",
        "\"principal\"",
        "\"accounts\"",
        "\"roles\"",
        "\"id\"",
        "1",
        "-0.5e3",
        "true",
        "null",
        "/*",
        "*/",
        "//",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_pastes_never_panic(pieces in prop::collection::vec(piece(), 0..60)) {
        let text: String = pieces.concat();
        let findings = check(&text);
        for f in &findings {
            prop_assert!(f.span.end <= text.len() && text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
                "{f:?} in {text:?}");
        }
        let _ = load_cases(&text);
        let _ = load_scenario(&text);
        let _ = check_scenario(&text);
    }
}

#[test]
fn two_statements_with_60000_character_actions_are_checked_within_a_budget_that_says_so() {
    let a = format!("s3:{}*{}", "a".repeat(30_000), "a".repeat(30_000));
    let b = format!("s3:{}?{}", "a".repeat(29_999), "a".repeat(30_000));
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"{a}\", \"Resource\": \"*\"}}, {{\"Effect\": \"Allow\", \"Action\": \"{b}\", \"Resource\": \"*\"}}]}}"
    );
    let findings = check(&text);
    let skipped: Vec<_> = findings.iter().filter(|f| f.code == "checks-skipped").collect();
    assert_eq!(skipped.len(), 1, "{findings:?}");
    assert_eq!(skipped[0].severity, Severity::Note);
    assert!(skipped[0].message.starts_with("overlap checks skipped"), "{}", skipped[0].message);
    assert!(skipped[0].message.contains("60004 characters"), "{}", skipped[0].message);
}

#[test]
fn names_of_one_statement_are_paired_only_where_one_may_cover_the_other() {
    // 20,000 distinct exact actions and resources: nothing covers anything, so nothing is
    // reported and nothing is skipped (pairing every name with every other used to take seconds).
    let actions: Vec<String> = (0..20_000).map(|i| format!("\"zz:Get{i}Object\"")).collect();
    let resources: Vec<String> = (0..20_000).map(|i| format!("\"arn:aws:s3:::b/{i}\"")).collect();
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Action\": [{}, \"zz:Get1*\"], \"Resource\": [{}, \"arn:aws:s3:::b/1*\"]}}]}}",
        actions.join(","),
        resources.join(",")
    );
    let findings = check(&text);
    assert!(
        !findings.iter().any(|f| f.code == "checks-skipped"),
        "{:?}",
        findings.iter().find(|f| f.code == "checks-skipped")
    );
    // Every name starting with the patterns' literal text is reported, and only those.
    let covered = |code: &str| findings.iter().filter(|f| f.code == code).count();
    let expected = (0..20_000).filter(|i| i.to_string().starts_with('1')).count();
    assert_eq!(covered("redundant-action"), expected);
    assert_eq!(covered("redundant-resource"), expected);
}

#[test]
fn a_statement_whose_names_all_share_a_pattern_prefix_stops_at_the_budget_with_a_note() {
    // Every name may be covered by every pattern: 30,000 x 30,000 pairings, over the budget.
    let actions: Vec<String> = (0..30_000).map(|i| format!("\"zz:a*{i}\"")).collect();
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Action\": [{}], \"Resource\": \"*\"}}]}}",
        actions.join(",")
    );
    let findings = check(&text);
    let note = findings.iter().find(|f| f.code == "checks-skipped").expect("a note");
    assert!(note.message.starts_with("overlap checks stopped early: pairing the 30000 names"), "{}", note.message);
}

#[test]
fn redundancy_between_statements_is_skipped_above_the_limit_with_a_note() {
    let statements = |n: usize| {
        let list: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "{{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b{i}/*\"}}"
                )
            })
            .collect();
        format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{}, {}]}}", list.join(","), list[0])
    };
    // At the limit, the repeat of the first statement is found; above it, a note says why not.
    let at_limit = check(&statements(499));
    assert!(at_limit.iter().any(|f| f.code == "redundant-statement"));
    assert!(!at_limit.iter().any(|f| f.code == "checks-skipped"));
    let above = check(&statements(500));
    assert!(!above.iter().any(|f| f.code == "redundant-statement"));
    let note = above.iter().find(|f| f.code == "checks-skipped").expect("a note");
    assert!(
        note.message.starts_with("redundancy checks skipped above 500 statements: the policy has 501"),
        "{}",
        note.message
    );
}

#[test]
fn a_field_written_twice_in_a_request_is_an_error_with_both_places() {
    let text = "{\"request\": {\"principal\": \"arn:aws:iam::111122223333:user/a\",\n \"action\": \"s3:GetObject\", \"action\": \"s3:PutObject\", \"resource\": \"*\"}, \"identity_policies\": []}";
    let err = load_cases(text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2, column 28: \"action\" is written twice in the request (first at line 2, column 2) (keep one of them: readers disagree on which one counts)"
    );
    // The same in a batch, through the fast reader, and for the case's own fields.
    let batch = format!("[{text}, {text}]");
    assert!(load_cases(&batch).unwrap_err().to_string().contains("written twice in the request"));
    let twice = "{\"name\": \"a\", \"name\": \"b\", \"request\": {\"principal\": \"p\", \"action\": \"a:b\", \"resource\": \"*\"}}";
    assert!(load_cases(twice).unwrap_err().to_string().contains("\"name\" is written twice in a case"));
}

#[test]
fn a_scenario_section_of_the_wrong_type_is_an_error_with_its_position() {
    let loaded = load_scenario("{\"accounts\": [{\"id\": \"111122223333\"}],\n  \"roles\": 5}");
    assert!(loaded.scenario.is_none(), "not loaded as a scenario without roles");
    let issue = &loaded.issues[0];
    assert_eq!(issue.to_string(), "the scenario: \"roles\" must be a list (in [ ]), found a number");
    assert_eq!((issue.span().line, issue.span().column), (2, 12));
    let findings = check_scenario("{\"roles\": 5}");
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!((findings[0].span.line, findings[0].span.column), (1, 11));
}

#[test]
fn a_policy_over_the_statement_limit_is_an_error_at_the_first_statement_past_it() {
    use policy_playground::issue::MAX_STATEMENTS;
    let statement = "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}";
    let text =
        |n: usize| format!("{{\"Version\": \"2012-10-17\", \"Statement\": [\n{}\n]}}", vec![statement; n].join(",\n"));
    assert!(!check(&text(MAX_STATEMENTS)).iter().any(|f| f.code == "too-many-statements"));
    let findings = check(&text(MAX_STATEMENTS + 1));
    let error = findings.iter().find(|f| f.code == "too-many-statements").expect("an error");
    assert_eq!(error.severity, Severity::Error);
    assert_eq!(error.span.line, MAX_STATEMENTS as u32 + 2, "{error:?}");
    assert_eq!(
        error.message,
        format!(
            "the policy has {} statements; the playground reads at most {MAX_STATEMENTS} in one policy",
            MAX_STATEMENTS + 1
        )
    );
}

#[test]
fn a_scenario_section_over_its_limit_is_refused_with_the_count_and_the_limit() {
    use policy_playground::scenario::SECTION_LIMITS;
    let limit = SECTION_LIMITS.iter().find(|(s, _)| *s == "accounts").unwrap().1;
    let accounts: Vec<String> =
        (0..=limit).map(|i| format!("{{\"id\": \"{:012}\", \"name\": \"a{i}\"}}", i + 1)).collect();
    let text = format!("{{\"dialect\": \"aws\", \"accounts\": [{}]}}", accounts.join(",\n"));
    let loaded = load_scenario(&text);
    assert!(loaded.scenario.is_none());
    let message = loaded.issues.iter().map(|i| i.to_string()).find(|m| m.contains("accounts;")).expect("a message");
    assert!(
        message.contains(&format!("the scenario lists {} accounts; the playground reads at most {limit}", limit + 1)),
        "{message}"
    );
    // At the limit it loads.
    let at_limit = format!("{{\"dialect\": \"aws\", \"accounts\": [{}]}}", accounts[..limit].join(",\n"));
    assert!(load_scenario(&at_limit).scenario.is_some(), "{:?}", load_scenario(&at_limit).issues.first());
}
