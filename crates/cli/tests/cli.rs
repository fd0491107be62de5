//! The command-line tool: `check` output, and `eval` on batches (results in case order,
//! written as they are ready; a case that cannot be read is written as its error, in its place).

use policy_playground::case::{load_cases, load_each_case};
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

/// Breaks cases of `lines` in ways the reader refuses: a misspelt request field (case 20), a
/// JSON syntax error inside a case whose brackets still pair (case 150: a missing colon, which
/// keeps the file's length), a policy with an invalid Effect (case 299, the last). Returns each
/// broken case's index, file line, column (none for the syntax error) and what its message says.
fn break_cases(lines: &mut [String]) -> Vec<(usize, usize, Option<usize>, &'static str)> {
    lines[20] = lines[20].replacen("\"request\":{", "\"request\":{\"principle\":\"x\",", 1);
    lines[150] = lines[150].replacen("\"dialect\":\"aliyun\"", "\"dialect\" \"aliyun\"", 1);
    lines[299] = lines[299].replacen("\"Effect\":\"Allow\"", "\"Effect\":\"Alow\"", 1);
    let column = |i: usize, text: &str| Some(lines[i].find(text).unwrap() + 1);
    // Case i is on line i + 2 of the file: the array's `[` is on line 1.
    vec![
        (20, 22, column(20, "\"principle\""), "unknown field \"principle\""),
        (150, 152, None, "missing `:` after the member name \"dialect\""),
        (299, 301, column(299, "\"Alow\""), "Effect \"Alow\""),
    ]
}

#[test]
fn eval_json_goes_on_past_cases_that_cannot_be_read_and_exits_2() {
    let original = batch(300);
    let mut lines = original.clone();
    let broken = break_cases(&mut lines);
    let path = write_batch("bad-cases-json", &lines);
    let (code, out, err) = cli_with_stderr(&["eval", path.to_str().unwrap(), "--json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("3 of 300 cases could not be read"), "{err}");
    let results: Vec<&str> = out.lines().collect();
    assert_eq!(results.len(), 300, "every case has its line");
    // What the library gives each readable case; the syntax error is mended (same length, so
    // every span is the same) because a file that is not JSON cannot be read as a whole.
    let mut mended = lines.clone();
    mended[150] = original[150].clone();
    let reference = load_each_case(&format!("[\n{}\n]\n", mended.join(",\n"))).expect("the mended batch is JSON");
    for (i, line) in results.iter().enumerate() {
        let result: serde_json::Value = serde_json::from_str(line).unwrap();
        match broken.iter().find(|b| b.0 == i) {
            Some(&(_, line, column, what)) => {
                let error = &result["error"];
                assert_eq!(result.get("decision"), None, "case {i}: {result}");
                assert_eq!(error["severity"], "error");
                assert_eq!(error["line"].as_u64(), Some(line as u64), "case {i}: {error}");
                assert!(error["message"].as_str().unwrap().contains(what), "case {i}: {error}");
                if let Some(column) = column {
                    assert_eq!(error["column"].as_u64(), Some(column as u64), "case {i}: {error}");
                    assert_eq!(result["name"], format!("case {i}"));
                } else {
                    assert_eq!(error["code"], "json-syntax");
                }
            }
            None => {
                let case = reference[i].as_ref().unwrap_or_else(|e| panic!("case {i}: {:?}", e.error));
                let expected = serde_json::to_string(&case.evaluate_with(Detail::Brief)).unwrap();
                assert_eq!(*line, expected, "case {i}");
            }
        }
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn eval_text_goes_on_past_cases_that_cannot_be_read_and_exits_2() {
    let mut lines = batch(300);
    let broken = break_cases(&mut lines);
    let path = write_batch("bad-cases-text", &lines);
    let file = path.to_str().unwrap();
    let (code, out, err) = cli_with_stderr(&["eval", file]);
    assert_eq!(code, 2, "{err}");
    let headers = out.lines().filter(|l| l.starts_with("== ")).count();
    assert_eq!(headers, 300, "every case has its section");
    for (i, line, column, what) in broken {
        // Section i; a case whose JSON cannot be read is named by its place ("case 151").
        let section = out.split("\n\n== ").nth(i).unwrap_or_else(|| panic!("case {i}: {out}"));
        let error = section.lines().nth(1).unwrap();
        assert!(error.starts_with(&format!("error: {file}:{line}:")), "case {i}: {error}");
        assert!(error.contains(what), "case {i}: {error}");
        if let Some(column) = column {
            assert!(error.starts_with(&format!("error: {file}:{line}:{column}: ")), "case {i}: {error}");
        }
    }
    assert_eq!(out.matches("\nALLOW: ").count() + out.matches("DENY: ").count(), 297, "{out}");
    std::fs::remove_file(path).ok();
}

#[test]
fn eval_of_one_case_that_cannot_be_read_says_why_on_standard_error() {
    let mut lines = batch(1);
    lines[0] = lines[0].replacen("\"request\":{", "\"request\":{\"principle\":\"x\",", 1);
    let path = std::env::temp_dir().join(format!("pp-cli-{}-one-bad.json", std::process::id()));
    std::fs::write(&path, &lines[0]).unwrap();
    let (code, out, err) = cli_with_stderr(&["eval", path.to_str().unwrap(), "--json"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains(":1:") && err.contains("unknown field \"principle\""), "{err}");
    // In an array of one, the case's line carries the error.
    let array = write_batch("one-bad", &lines);
    let (code, out, _) = cli_with_stderr(&["eval", array.to_str().unwrap(), "--json"]);
    assert_eq!(code, 2);
    let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((line["name"].as_str(), line["error"]["line"].as_u64()), (Some("case 0"), Some(2)));
    std::fs::remove_file(path).ok();
    std::fs::remove_file(array).ok();
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

/// The SARIF 2.1.0 schema of OASIS (unchanged; its notice is beside it).
fn sarif_validator() -> jsonschema::Validator {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/sarif-schema-2.1.0.json");
    let mut schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The one flaw of the published schema: the pattern of the `language` properties has a stray
    // `]` (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which the draft-07 meta-schema's `regex`
    // format refuses. The log has no `language`; the pattern is dropped here, the file stays as
    // published.
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"];
        assert!(language["pattern"].as_str().is_some_and(|p| p.ends_with("]?$")), "the schema has changed");
        language.as_object_mut().unwrap().remove("pattern");
    }
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

#[test]
fn check_sarif_validates_against_the_sarif_schema() {
    let validator = sarif_validator();
    for file in [
        "tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json",
        "tests/fixtures/seeds/AliyunServiceRoleForHbrEcsBackup.json",
        "scenarios/cloud-backup-ram-role.json",
        "scenarios/cloud-backup-service-linked-roles-as-printed.json",
        "scenarios/aws-backup.json",
    ] {
        let (code, out) = cli(&["check", file, "--format", "sarif"]);
        assert_eq!(code, cli(&["check", file]).0, "{file}: the exit status is check's");
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        // One rule per code, each result pointing at its rule.
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "a rule per code");
        let results = run["results"].as_array().unwrap();
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap() >= 1 && region["startColumn"].as_u64().unwrap() >= 1, "{r}");
            assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], file);
        }
    }
    // Levels, positions, related locations and fixes, on the seed with a misprint and a repeat.
    let (_, out) = cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let unknown = results.iter().find(|r| r["ruleId"] == "unknown-action").unwrap();
    assert_eq!(unknown["level"], "warning");
    let region = &unknown["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(196), Some(9)));
    assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(196), Some(24)));
    let replacement = &unknown["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "\"kms:ListAliases\"");
    let dup = results.iter().find(|r| r["ruleId"] == "duplicate-action").unwrap();
    assert_eq!(dup["level"], "note");
    assert_eq!(dup["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 39);
    let (_, out) = cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrEcsBackup.json", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["level"], "error");
    // --json is --format json, and the two cannot be given together.
    let (code, json) = cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json", "--format", "json"]);
    assert_eq!((code, json), cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json", "--json"]));
    assert_eq!(
        cli(&["check", "tests/fixtures/seeds/AliyunServiceRoleForHbrRd.json", "--json", "--format", "sarif"]).0,
        2
    );
}
