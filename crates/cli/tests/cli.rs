//! The command-line tool: `check` output, and `eval` on batches (results in case order,
//! written as they are ready; a case that cannot be read stops the output there).

use policy_playground::case::load_cases;
use policy_playground::explain::Detail;
use std::process::Command;

/// Runs the tool from the repository root: exit status and standard output.
fn cli(args: &[&str]) -> (i32, String) {
    let (code, stdout, _) = cli_with_stderr(args);
    (code, stdout)
}

/// Runs the tool from the repository root: exit status, standard output, standard error.
fn cli_with_stderr(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-playground"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn check_prints_findings_with_the_line_underlined() {
    let (code, out) = cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json"]);
    assert_eq!(code, 0, "warnings and suggestions only: {out}");
    // Rendered by ariadne: `[code] severity: message`, the position, the line underlined.
    let dup = out.find("[duplicate-action] suggestion: ").unwrap();
    let unknown = out.find("[unknown-action] warning: ").unwrap();
    assert!(dup < unknown, "sorted by position");
    assert!(out.contains(" 196 |         \"kms:ListAlias\"\n     |         ^^^^^^^|^^^^^^^"), "{out}");
    assert!(out.contains("AliyunServiceRoleForHbrRd.json:196:9 ]"), "{out}");
    assert!(out.contains("fix: replace with \"kms:ListAliases\""));
    // The duplicate's first occurrence is a secondary label.
    assert!(out.contains(" 39 |         \"ecs:DescribeSnapshotLinks\",") && out.contains("first listed here"), "{out}");
    let (code, out) = cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrEcsBackup.json"]);
    assert_eq!(code, 1, "a JSON syntax error is an error: {out}");
    assert!(out.contains("[json-syntax] error: ") && out.contains("EcsBackup.json:13:33 ]"), "{out}");
}

#[test]
fn check_json_has_the_documented_fields() {
    let (code, out) = cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "policy");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    for f in findings {
        for field in ["code", "severity", "message", "line", "column", "end_line", "end_column", "fix"] {
            assert!(f.get(field).is_some(), "{field} missing from {f}");
        }
    }
    let unknown = findings.iter().find(|f| f["code"] == "unknown-action").unwrap();
    assert_eq!(unknown["severity"], "warning");
    assert_eq!(unknown["line"], 196);
    assert_eq!(unknown["fix"]["replacement"], "\"kms:ListAliases\"");
    // A scenario file is detected; a case file is refused with exit status 2.
    let (code, out) = cli(&["check", "scenarios/cloud-backup-ram-role.json", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "scenario");
    assert_eq!(v["findings"][0]["severity"], "security_warning");
    assert_eq!(cli(&["check", "examples/hbr-assume-role.json"]).0, 2);
}

/// `count` cases built from the bundled example (each names its dialect, so the batch
/// reader's fast path takes them), one per line, with distinct names.
fn batch(count: usize) -> Vec<String> {
    let example: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/hbr-assume-role.json")).expect("the example is JSON");
    let cases = example.as_array().expect("an array of cases");
    (0..count)
        .map(|i| {
            let mut case = cases[i % cases.len()].clone();
            case["name"] = format!("case {i}").into();
            case["dialect"] = "aliyun".into();
            case.to_string()
        })
        .collect()
}

/// Writes `lines` as a JSON array, one case per line, to a file of its own.
fn write_batch(label: &str, lines: &[String]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("pp-cli-{}-{label}.json", std::process::id()));
    std::fs::write(&path, format!("[\n{}\n]\n", lines.join(",\n"))).expect("the temporary folder is writable");
    path
}

#[test]
fn eval_json_writes_each_case_in_order_as_the_library_explains_it() {
    // Several chunks of work, so that threads finish them out of order.
    let lines = batch(300);
    let path = write_batch("ordered", &lines);
    let (code, out, err) = cli_with_stderr(&["eval", path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    let cases = load_cases(&text).expect("the batch reads");
    let results: Vec<&str> = out.lines().collect();
    assert_eq!(results.len(), 300);
    for (i, (line, case)) in results.iter().zip(&cases).enumerate() {
        let expected = serde_json::to_string(&case.evaluate_with(Detail::Brief)).unwrap();
        assert_eq!(*line, expected, "case {i}");
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn eval_stops_before_a_case_that_cannot_be_read_and_says_why() {
    let mut lines = batch(300);
    lines[150] = lines[150].replacen("\"request\":{", "\"request\":{\"principle\":\"x\",", 1);
    let path = write_batch("bad-case", &lines);
    let (code, out, err) = cli_with_stderr(&["eval", path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 2);
    let names: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, (0..150).map(|i| format!("case {i}")).collect::<Vec<_>>());
    // Line 152 of the file: the array's `[` is on line 1.
    assert!(err.contains(":152:") && err.contains("unknown field \"principle\""), "{err}");
    std::fs::remove_file(path).ok();
}

#[test]
fn eval_reads_what_the_fast_reader_refuses_through_the_ordinary_one() {
    // jsonc-parser takes a vertical tab as a space; the fast reader does not, so the cases
    // from there on are read by the ordinary reader, and every result is still written once.
    let mut lines = batch(300);
    lines[200].insert(0, '\u{b}');
    let path = write_batch("vertical-tab", &lines);
    let (code, out, err) = cli_with_stderr(&["eval", path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, (0..300).map(|i| format!("case {i}")).collect::<Vec<_>>());
    std::fs::remove_file(path).ok();
}

#[test]
fn eval_text_numbers_cases_only_when_there_are_several() {
    let one = write_batch("one", &batch(1));
    let (code, out, _) = cli_with_stderr(&["eval", one.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(!out.contains("== case 0 =="), "{out}");
    let three = write_batch("three", &batch(3));
    let (code, out, _) = cli_with_stderr(&["eval", three.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("== case 0 ==") && out.contains("\n\n== case 2 =="), "{out}");
    std::fs::remove_file(one).ok();
    std::fs::remove_file(three).ok();
}

#[test]
fn each_subcommand_takes_only_its_own_options_and_has_help() {
    let (code, _, err) = cli_with_stderr(&["eval", "examples/hbr-assume-role.json", "--from", "X"]);
    assert_eq!(code, 2, "eval has no --from");
    assert!(err.contains("--from"), "{err}");
    for command in ["eval", "check", "simulate", "paths", "completions"] {
        let (code, out) = cli(&[command, "--help"]);
        assert_eq!(code, 0, "{command} --help");
        assert!(out.contains("Usage: policy-playground"), "{command}: {out}");
    }
    let (code, out) = cli(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(out.contains("policy-playground") && out.contains("--list-breaks"), "bash completions");
    assert_eq!(cli(&["paths", "scenarios/aws-backup.json", "--action", "s3:GetObject", "--depth", "11"]).0, 2);
    assert_eq!(cli(&["check", "tests/fixtures/seeds/AliyunHBRRolePolicy.json", "--dialect=aliyun"]).0, 0);
}
