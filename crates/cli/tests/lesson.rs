//! `policy-playground lesson`: one line per check and constraint, the failing checks explained,
//! a summary, and the exit status a trainer's script reads (0 all pass, 1 some fail, 2 unreadable).

use policy_playground::lesson::load_lesson;
use std::path::PathBuf;
use std::process::Command;

const LESSON: &str = "lessons/03-least-privilege.json";

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs the tool from the repository root: exit status, standard output, standard error.
fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy-playground")).args(args).current_dir(root()).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// Writes `text` to a fresh file under the target directory and returns its path.
fn temp_file(name: &str, text: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lesson-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The lesson's reference solution as the web app exports a workspace.
fn solution_workspace() -> serde_json::Value {
    let lesson = load_lesson(&std::fs::read_to_string(root().join(LESSON)).unwrap()).unwrap();
    serde_json::json!({"scenario": lesson.solution, "example": "cloud-backup-ram-role"})
}

#[test]
fn the_starting_state_fails_with_the_engine_s_explanation() {
    let (code, out, _) = cli(&["lesson", LESSON]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("PASS check: Cloud Backup snapshots a disk in B: allow (expected allow)"), "{out}");
    assert!(out.contains("FAIL check: Creating a RAM user in B is refused: allow (expected implicit_deny)"), "{out}");
    // The explanation names the decisive statement.
    assert!(out.contains("decisive: statement 1 of AdministratorAccess"), "{out}");
    assert!(
        out.contains("FAIL constraint: AdministratorAccess is not attached to 2222222222222222/hbrcrossrole"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("least-privilege: 3 of 4 checks and 1 of 3 constraints pass"), "{out}");
}

#[test]
fn a_learner_workspace_is_graded_in_every_exported_form() {
    let (code, out, _) = cli(&["lesson", LESSON, "--solution"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with("4 of 4 checks and 3 of 3 constraints pass: lesson complete"), "{out}");
    let workspace = solution_workspace();
    let saved = serde_json::json!({"version": 1, "workspace": workspace});
    for (name, text) in [("workspace.json", workspace.to_string()), ("saved.json", saved.to_string())] {
        let file = temp_file(name, &text);
        let (code, out, err) = cli(&["lesson", LESSON, "--workspace", &file]);
        assert_eq!(code, 0, "{name}: {out}{err}");
        assert!(out.contains("lesson complete"), "{out}");
    }
    // --json: the grade as one object.
    let file = temp_file("workspace-json.json", &workspace.to_string());
    let (code, out, _) = cli(&["lesson", LESSON, "--workspace", &file, "--json"]);
    assert_eq!(code, 0);
    let grade: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(grade["lesson"], "least-privilege");
    assert_eq!(grade["checks"].as_array().unwrap().len(), 4);
    assert!(grade["checks"].as_array().unwrap().iter().all(|c| c["passed"] == true));
}

#[test]
fn work_outside_the_editable_parts_fails_the_scope_constraint() {
    // The solution, plus an edit to a system policy the lesson does not let the learner change:
    // the checks still pass, the scope constraint does not.
    let mut workspace = solution_workspace();
    let policies = workspace["scenario"]["policies"].as_array_mut().unwrap();
    let admin = policies.iter_mut().find(|p| p["name"] == "AliyunSTSAssumeRoleAccess").unwrap();
    admin["document"] = serde_json::json!({"Version": "1", "Statement": []});
    let file = temp_file("outside.json", &workspace.to_string());
    let (code, out, _) = cli(&["lesson", LESSON, "--workspace", &file]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL constraint: only the parts the lesson lets you edit are changed: policy AliyunSTSAssumeRoleAccess was edited"),
        "{out}"
    );
}

#[test]
fn unreadable_input_exits_2_with_a_position() {
    let bad = temp_file("bad-lesson.json", "{\"lesson\": \"x\",\n \"title\": 3,\n}");
    let (code, _, err) = cli(&["lesson", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("bad-lesson.json:2:12") && err.contains("trailing comma"), "{err}");
    let typo = temp_file(
        "typo-lesson.json",
        &std::fs::read_to_string(root().join(LESSON))
            .unwrap()
            .replace("\"cloud-backup-ram-role\"", "\"cloud-backup-ram-roles\""),
    );
    let (code, _, err) = cli(&["lesson", &typo]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "there is no built-in scenario \"cloud-backup-ram-roles\" (did you mean \"cloud-backup-ram-role\"?)"
        ),
        "{err}"
    );
    let (code, _, err) = cli(&["lesson", LESSON, "--workspace", "no/such/file.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read no/such/file.json"), "{err}");
    let garbage = temp_file("garbage.txt", "https://example.test/#s=1.@@@");
    let (code, _, err) = cli(&["lesson", LESSON, "--workspace", &garbage]);
    assert_eq!(code, 2);
    assert!(err.contains("the share link cannot be read"), "{err}");
}
