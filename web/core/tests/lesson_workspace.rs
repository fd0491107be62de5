//! What the app exports is what `policy-playground lesson --workspace` grades: a learner starts
//! from a lesson's starting state, works the way the app lets them (the reducer's actions, the
//! editor's text), and the share link and the saved work they hand in are read and graded by the
//! lesson crate.

use policy_playground::lesson::{grade, load_lesson, read_workspace};
use policy_playground_app::share;
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::storage;
use policy_playground_app::workspace::{DocRef, Workspace};

const B: &str = "2222222222222222";

fn lesson(file: &str) -> policy_playground::lesson::Lesson {
    let path = format!("{}/../../lessons/{file}", env!("CARGO_MANIFEST_DIR"));
    load_lesson(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// Both exported forms of `workspace`, read back by the lesson crate and graded.
fn graded_exports(lesson: &policy_playground::lesson::Lesson, workspace: &Workspace) -> [bool; 2] {
    let link = format!("https://playground.test/#{}", share::encode(workspace));
    let saved = storage::serialize(workspace);
    [link, saved].map(|exported| grade(lesson, &read_workspace(&exported).unwrap()).passed())
}

#[test]
fn least_privilege_solved_with_the_attach_actions_grades_as_complete() {
    let lesson = lesson("03-least-privilege.json");
    let state =
        std::rc::Rc::new(AppState::new(Workspace::new(lesson.start.clone(), Some("cloud-backup-ram-role".into()))));
    // The starting state, exported untouched, fails.
    assert_eq!(graded_exports(&lesson, &state.workspace), [false, false]);
    let role = "hbrcrossrole".to_string();
    let state = state.reduce(Action::Attach(B.into(), role.clone(), "AdministratorAccess".into(), false));
    let state = state.reduce(Action::Attach(B.into(), role, "AliyunHBRRolePolicy".into(), true));
    assert_eq!(graded_exports(&lesson, &state.workspace), [true, true]);
}

#[test]
fn a_trust_policy_typed_in_the_editor_is_graded_by_its_meaning() {
    let lesson = lesson("02-trust-policy-wrong-account.json");
    let mut workspace = Workspace::new(lesson.start.clone(), Some("cloud-backup-ram-role".into()));
    let trust = DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() };
    // Typed as a person would: other spacing and member order than the reference solution.
    let typed = r#"{"Version":"1","Statement":[{"Principal":{"RAM":"acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup"},"Effect":"Allow","Action":"sts:AssumeRole"}]}"#;
    assert!(workspace.set_text(&trust, typed));
    assert_eq!(graded_exports(&lesson, &workspace), [true, true]);
    // Admitting the whole management account works for backup, but not as the lesson asks.
    let too_wide = typed.replace("role/AliyunServiceRoleForHbrCrossAccountBackup", "root");
    assert!(workspace.set_text(&trust, &too_wide));
    let learner = read_workspace(&share::encode(&workspace)).unwrap();
    let grade = grade(&lesson, &learner);
    let failing: Vec<&str> = grade.checks.iter().filter(|c| !c.passed).map(|c| c.name.as_str()).collect();
    assert_eq!(failing, ["alice, through the ops role, may not assume hbrcrossrole"]);
    assert!(
        grade
            .constraints
            .iter()
            .any(|c| !c.passed && c.detail.contains("it also admits acs:ram::1111111111111111:root"))
    );
}
