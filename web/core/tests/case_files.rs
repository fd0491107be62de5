//! The page's case-file import against the CLI's batch reader, on the same files: good ones,
//! and ones with duplicate fields, unknown fields (typos or not), wrong types, a syntax error
//! inside one case and files that are not cases at all. Both must take the same cases and
//! refuse the others with the same error at the same place. The one difference is deliberate:
//! a case whose only problem is a policy's errors comes into the page (the editor shows the
//! errors), where the CLI refuses it.

use policy_playground::case::{CaseError, UnreadableCase, load_each_case};
use policy_playground::json::{self, Json, JsonKind};
use policy_playground_app::case_files::{BadCase, import_case_file};
use policy_playground_app::workspace::Workspace;

const EXAMPLE: &str = include_str!("../../../examples/hbr-assume-role.json");

/// Reads `file` with both readers and checks they agree; returns how many cases the page took.
fn agree(file: &str) -> usize {
    let mut workspace = Workspace::example("aws-policies-and-requests").expect("the starter exists");
    let page = import_case_file(&mut workspace, file);
    let cli = match load_each_case(file) {
        Ok(cases) => cases,
        Err(error) => {
            // The whole file is refused, or it is one case object that cannot be read.
            match page {
                Ok(report) if matches!(error, CaseError::Policy { .. }) => {
                    assert_eq!((report.added, report.bad.len()), (1, 0), "{file}");
                }
                Err(message) => assert_eq!(message, format!("the case file cannot be read: {error}"), "{file}"),
                Ok(report) => {
                    assert_eq!(report.added, 0, "{file}");
                    assert_eq!(report.bad.len(), 1, "{file}");
                    assert_eq!(report.bad[0].error, error, "{file}");
                }
            }
            return 0;
        }
    };
    let report = page.unwrap_or_else(|e| panic!("the CLI reads each case, the page refuses the file: {e}\n{file}"));
    let mut bad = report.bad.iter();
    let mut taken = Vec::new();
    for (i, case) in cli.iter().enumerate() {
        match case {
            Ok(case) => taken.push((case.request.principal.text.clone(), case.request.action.clone(), case.expected)),
            Err(unreadable) if matches!(unreadable.error, CaseError::Policy { .. }) => {}
            Err(unreadable) => {
                let UnreadableCase { name, error } = unreadable.as_ref();
                let ours = bad.next().unwrap_or_else(|| panic!("case {} is refused by the CLI only: {error}", i + 1));
                assert_eq!(ours, &BadCase { name: name.clone(), error: error.clone() }, "case {}\n{file}", i + 1);
            }
        }
    }
    assert_eq!(bad.next(), None, "refused by the page only\n{file}");
    // Every case the CLI takes is a row with its request and expectation (the cases refused
    // only for their policies' errors are rows too).
    let policy_errors = cli.iter().filter(|c| c.as_ref().is_err_and(|u| matches!(u.error, CaseError::Policy { .. })));
    assert_eq!(report.added, taken.len() + policy_errors.count(), "{}", report.summary());
    if policy_errors_free(&cli) && report.added <= policy_playground_app::requests::MAX_ROWS {
        let rows = &workspace.requests().rows;
        let rows: Vec<_> = rows[rows.len() - report.added..]
            .iter()
            .map(|r| {
                let expected = r.expected.as_deref().and_then(policy_playground::Decision::from_name);
                (r.request.principal.clone(), r.request.action.clone(), expected)
            })
            .collect();
        assert_eq!(rows, taken, "{file}");
    }
    report.added
}

fn policy_errors_free(cli: &[Result<policy_playground::case::Case, Box<UnreadableCase>>]) -> bool {
    cli.iter().all(|c| c.as_ref().is_ok())
}

const REQUEST: &str = r#""request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject"}"#;

#[test]
fn hand_written_case_files_are_read_alike() {
    let cases = [
        // Good.
        format!("{{{REQUEST}}}"),
        format!("{{\"name\": \"named\", {REQUEST}, \"expected\": \"implicit_deny\", \"dialect\": \"aws\"}}"),
        // Duplicate fields, in a case and in its request.
        format!("{{{REQUEST}, \"name\": \"a\", \"name\": \"b\"}}"),
        r#"{"request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "action": "s3:PutObject"}}"#.into(),
        // Unknown fields: typos get a did-you-mean, others the list of fields.
        format!("{{{REQUEST}, \"expectd\": \"allow\"}}"),
        format!("{{{REQUEST}, \"identiy_policies\": []}}"),
        format!("{{{REQUEST}, \"zzzzzz\": 1}}"),
        r#"{"request": {"principal": "p", "acton": "a", "action": "a"}}"#.into(),
        r#"{"request": {"principal": "p", "action": "a", "contxt": {}}}"#.into(),
        // Wrong types and missing fields.
        "1".into(),
        "{\"name\": \"no request\"}".into(),
        "{\"request\": [1]}".into(),
        r#"{"request": {"principal": "arn:aws:iam::1:user/a"}}"#.into(),
        r#"{"request": {"principal": 7, "action": "s3:GetObject"}}"#.into(),
        r#"{"request": {"principal": "p", "action": "a", "resource": false}}"#.into(),
        r#"{"request": {"principal": "p", "action": "a", "context": {"k": {"x": 1}}}}"#.into(),
        r#"{"request": {"principal": "p", "action": "a", "context": {"k": [1, {}]}}}"#.into(),
        r#"{"request": {"principal": "p", "action": "a", "context": {"k": null, "n": 3, "l": ["x", true]}}}"#.into(),
        r#"{"request": {"principal": "p", "action": "a", "context": [1]}}"#.into(),
        r#"{"request": {"principal": "p", "action": "a", "intended_context_keys": [1]}}"#.into(),
        format!("{{{REQUEST}, \"expected\": \"maybe\"}}"),
        format!("{{{REQUEST}, \"dialect\": \"gcp\"}}"),
        format!("{{{REQUEST}, \"dialect\": 5}}"),
        format!("{{{REQUEST}, \"name\": 3}}"),
        format!("{{{REQUEST}, \"identity_policies\": {{}}}}"),
        format!("{{{REQUEST}, \"control_policies\": [{{}}]}}"),
        format!("{{{REQUEST}, \"control_policies\": 2}}"),
        // Policies with errors: the CLI refuses the case, the page takes it.
        format!("{{{REQUEST}, \"identity_policies\": [5]}}"),
        format!("{{{REQUEST}, \"resource_policy\": \"not json\"}}"),
        // AWS-only layers in a RAM case (named, or detected from the principal).
        r#"{"dialect": "aliyun", "request": {"principal": "acs:ram::1:user/a", "action": "oss:GetObject"}, "permission_boundaries": [{}]}"#.into(),
        r#"{"request": {"principal": "acs:ram::1:user/a", "action": "oss:GetObject"}, "resource_control_policies": [[{}]]}"#.into(),
    ];
    let file = format!("[\n{}\n]", cases.join(",\n"));
    assert_eq!(agree(&file), 5, "the good ones, the null context value and the two with policy errors");
    // Each case on its own, as a file of one object.
    for case in &cases {
        agree(case);
    }
    // A syntax error inside one case: the others are still read, by both.
    let broken = file.replacen(r#""expected": "maybe""#, r#""expected": "maybe" "x""#, 1);
    assert!(json::parse(&broken).is_err());
    assert_eq!(agree(&broken), 5);
    // Files that are not cases.
    for not_cases in ["", "5", "[1, 2", "{} {}", "{\"a\": 1}, {\"b\": 2}", "\"text\"", "[]", "[[]]"] {
        agree(not_cases);
    }
}

/// The text with the bytes `at` replaced by `with`.
fn splice(text: &str, at: (usize, usize), with: &str) -> String {
    format!("{}{with}{}", &text[..at.0], &text[at.1..])
}

#[test]
fn every_field_of_the_example_mistyped_duplicated_or_of_the_wrong_type_is_read_alike() {
    assert!(agree(EXAMPLE) > 1);
    let parsed = json::parse(EXAMPLE).expect("the example is JSON");
    let JsonKind::Array(cases) = &parsed.value.kind else { panic!("an array of cases") };
    let mut files = 0;
    for case in cases {
        let request = case.get("request").into_iter();
        let objects: Vec<&Json> = std::iter::once(case).chain(request).collect();
        for object in objects {
            for member in object.as_object().expect("objects") {
                let key = (member.key_span.start, member.key_span.end);
                let whole = (member.key_span.start, member.value.span.end);
                let field = &EXAMPLE[whole.0..whole.1];
                let typo = format!("\"{}\"", &member.key[1..]);
                let mut variants = vec![
                    splice(EXAMPLE, key, &typo),
                    splice(EXAMPLE, whole, &format!("{field}, {field}")),
                    splice(EXAMPLE, key, "\"unknown_field\""),
                ];
                let value = (member.value.span.start, member.value.span.end);
                for wrong in ["7", "[]", "[7]", "[[7]]", "{}", "null", "\"text\"", "true"] {
                    variants.push(splice(EXAMPLE, value, wrong));
                }
                for file in variants {
                    agree(&file);
                    files += 1;
                }
            }
        }
    }
    assert!(files > 100, "{files} files");
}
