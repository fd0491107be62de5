//! `policy-playground test`: every case file and scenario under the paths, one line per check,
//! a summary line, exit status 0/1/2, and JUnit XML that CI systems can read.

use policy_playground::case::load_cases;
use policy_playground::scenario::load_scenario;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the tool from the repository root: exit status, standard output, standard error.
fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-playground")).args(args).current_dir(root()).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every check of the built-in scenarios and every case with an expectation in examples/: the
/// names `test` must report, found through the library.
fn expected_checks() -> Vec<(String, String)> {
    let mut checks = Vec::new();
    for dir in ["examples", "scenarios"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            let text = std::fs::read_to_string(&path).unwrap();
            let file = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            if let Some(scenario) = load_scenario(&text).scenario {
                checks.extend(scenario.checks.iter().map(|c| (file.clone(), c.name.clone())));
            } else {
                let cases = load_cases(&text).unwrap();
                checks.extend(cases.iter().filter(|c| c.expected.is_some()).map(|c| (file.clone(), c.name.clone())));
            }
        }
    }
    checks
}

#[test]
fn test_runs_every_check_of_the_scenarios_and_examples_and_passes() {
    let (code, out, err) = cli(&["test", "scenarios", "examples"]);
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    let expected = expected_checks();
    assert!(expected.len() > 50, "the repository has many checks: {}", expected.len());
    assert_eq!(lines.len(), expected.len() + 1, "{out}");
    for (file, name) in &expected {
        let line =
            lines.iter().find(|l| l.starts_with(&format!("PASS  {name}  ")) && l.contains(&format!("  {file}:")));
        assert!(line.is_some(), "no PASS line for {name} in {file}:\n{out}");
    }
    // `PASS  name  expected X, got X  file:line`, the line pointing at the check.
    let line = lines.iter().find(|l| l.starts_with("PASS  Cloud Backup assumes hbrcrossrole")).unwrap();
    assert!(line.ends_with("  expected allow, got allow  examples/hbr-assume-role.json:2"), "{line}");
    assert_eq!(lines.last().unwrap(), &format!("{} passed, 0 failed", expected.len()));
}

/// A folder of documentation files: a case file with a passing case, a failing case, a case
/// without an expectation and an unreadable case; a scenario in a subfolder; a policy
/// document, which is not a test.
fn docs_folder(label: &str, with_unreadable: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pp-doc-tests-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    let case = |name: &str, action: &str, expected: Option<&str>| {
        let expected = expected.map_or(String::new(), |e| format!(", \"expected\": \"{e}\""));
        format!(
            r#"  {{"name": "{name}", "request": {{"principal": "arn:aws:iam::111111111111:user/ana", "action": "{action}",
    "resource": "arn:aws:s3:::photos/cat.jpg", "resource_account": "111111111111"}},
   "identity_policies": [{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}]}}]{expected}}}"#
        )
    };
    let mut cases = vec![
        case("reads a photo", "s3:GetObject", Some("allow")),
        case("writes a photo", "s3:PutObject", Some("allow")),
        case("lists the bucket", "s3:ListBucket", None),
    ];
    if with_unreadable {
        cases.push(r#"  {"name": "misspelt", "requst": {}}"#.to_string());
    }
    std::fs::write(dir.join("cases.json"), format!("[\n{}\n]\n", cases.join(",\n"))).unwrap();
    std::fs::copy(root().join("scenarios/aws-backup.json"), dir.join("nested/aws-backup.json")).unwrap();
    std::fs::write(
        dir.join("policy.json"),
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
    )
    .unwrap();
    dir
}

#[test]
fn a_failing_check_says_expected_and_actual_where_and_exits_1() {
    let dir = docs_folder("failing", false);
    // Passed over: a hidden folder, and a link back up the tree (read once, not forever).
    std::fs::create_dir_all(dir.join(".cache")).unwrap();
    std::fs::copy(dir.join("cases.json"), dir.join(".cache/cases.json")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("nested/up")).unwrap();
    let (code, out, err) = cli(&["test", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let cases = dir.join("cases.json").display().to_string();
    assert!(out.contains(&format!("PASS  reads a photo  expected allow, got allow  {cases}:2\n")), "{out}");
    assert!(out.contains(&format!("FAIL  writes a photo  expected allow, got implicit_deny  {cases}:5\n")), "{out}");
    assert!(out.contains(&format!("SKIP  lists the bucket  no expected decision  {cases}:8\n")), "{out}");
    assert!(!out.contains("policy.json"), "a policy document is not a test: {out}");
    let scenario_checks = out.lines().filter(|l| l.contains("nested/aws-backup.json:")).count();
    assert_eq!(scenario_checks, 8, "{out}");
    assert!(out.ends_with("9 passed, 1 failed, 1 skipped (no expected decision)\n"), "{out}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_unreadable_input_is_reported_with_its_position_the_rest_still_run_and_exit_2() {
    let dir = docs_folder("unreadable", true);
    let missing = dir.join("missing.json");
    let (code, out, err) = cli(&["test", dir.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    let cases = dir.join("cases.json").display().to_string();
    assert!(out.contains(&format!("ERROR misspelt  unknown field \"requst\" in a case  {cases}:11:24\n")), "{out}");
    assert!(out.contains(&format!("FAIL  writes a photo  expected allow, got implicit_deny  {cases}:5\n")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("ERROR missing.json  cannot read ")), "{out}");
    assert!(out.ends_with("9 passed, 1 failed, 1 skipped (no expected decision), 2 could not be read\n"), "{out}");
    std::fs::remove_dir_all(dir).ok();
}

/// The attribute `name` of `node` as a number.
fn count(node: roxmltree::Node, name: &str) -> usize {
    node.attribute(name).unwrap_or_else(|| panic!("no {name} on {node:?}")).parse().unwrap()
}

#[test]
fn junit_output_is_well_formed_with_a_suite_per_file_and_the_right_counts() {
    let (code, out, err) = cli(&["test", "scenarios", "examples", "--format", "junit"]);
    assert_eq!(code, 0, "{err}");
    let expected = expected_checks();
    assert_eq!(err.trim(), format!("{} passed, 0 failed", expected.len()), "the summary goes to standard error");
    let xml = roxmltree::Document::parse(&out).expect("well-formed XML");
    let suites = xml.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    assert_eq!((count(suites, "tests"), count(suites, "failures"), count(suites, "errors")), (expected.len(), 0, 0));
    let files: std::collections::BTreeSet<&str> = expected.iter().map(|(f, _)| f.as_str()).collect();
    let suite_nodes: Vec<_> = suites.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suite_nodes.len(), files.len());
    let mut cases = 0;
    for suite in suite_nodes {
        let file = suite.attribute("name").unwrap();
        let testcases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        assert_eq!(count(suite, "tests"), testcases.len(), "{file}");
        assert_eq!(testcases.len(), expected.iter().filter(|(f, _)| f == file).count(), "{file}");
        for case in testcases {
            assert_eq!(case.attribute("file"), Some(file));
            assert!(count(case, "line") > 1);
            assert!(expected.iter().any(|(f, n)| f == file && Some(n.as_str()) == case.attribute("name")));
            assert_eq!(case.children().filter(|n| n.is_element()).count(), 0, "a passing case has no children");
            cases += 1;
        }
    }
    assert_eq!(cases, expected.len());
}

#[test]
fn junit_reports_failures_errors_and_skipped_cases() {
    let dir = docs_folder("junit", true);
    let (code, out, err) = cli(&["test", dir.to_str().unwrap(), "--format", "junit"]);
    assert_eq!(code, 2, "{err}");
    let xml = roxmltree::Document::parse(&out).expect("well-formed XML");
    let suites = xml.root_element();
    assert_eq!(
        (count(suites, "tests"), count(suites, "failures"), count(suites, "errors"), count(suites, "skipped")),
        (12, 1, 1, 1)
    );
    let cases_file = dir.join("cases.json").display().to_string();
    let suite = suites.children().find(|n| n.attribute("name") == Some(cases_file.as_str())).unwrap();
    assert_eq!(count(suite, "tests"), 4);
    let case = |name: &str| suite.children().find(|n| n.attribute("name") == Some(name)).unwrap();
    let failure = case("writes a photo").children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("message"), Some("expected allow, got implicit_deny"));
    assert_eq!(case("writes a photo").attribute("line"), Some("5"));
    let error = case("misspelt").children().find(|n| n.has_tag_name("error")).unwrap();
    assert_eq!(error.attribute("type"), Some("case-shape"));
    assert!(error.attribute("message").unwrap().contains("unknown field \"requst\""));
    assert!(case("lists the bucket").children().any(|n| n.has_tag_name("skipped")));
    std::fs::remove_dir_all(dir).ok();
}
