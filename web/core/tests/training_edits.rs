//! Training in the app without a solution shown: a system policy copied into an editable one,
//! lessons 5, 6 and 8 solved with the explorer's organization edits, and predict first in lesson
//! mode hiding the lesson's pass and fail until every check is predicted.

use policy_playground::Decision;
use policy_playground_app::banner::BannerKind;
use policy_playground_app::lesson_mode::{GradeView, OpenedLesson};
use policy_playground_app::lessons;
use policy_playground_app::organization::{OrgEdit, OrgOutline};
use policy_playground_app::predict::Guess;
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::workspace::{DocRef, Workspace};
use std::rc::Rc;

const A: &str = "1111111111111111";
const ECS_POLICY: &str = "AliyunServiceRolePolicyForHbrEcsBackup";
const ECS_ROLE: &str = "AliyunServiceRoleForHbrEcsBackup";

fn example(id: &str) -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::example(id).unwrap()))
}

fn editable(state: &AppState) -> Vec<DocRef> {
    state.workspace.documents().into_iter().filter(|d| !d.read_only).map(|d| d.doc).collect()
}

fn decision(state: &AppState, check: &str) -> Decision {
    state.analysis.checks.iter().find(|c| c.check == check).unwrap_or_else(|| panic!("no check {check}")).decision
}

fn attached(state: &AppState, role: &str) -> Vec<String> {
    state.workspace.roles_of(A).into_iter().find(|(n, _, _)| n == role).unwrap().1
}

#[test]
fn a_system_policy_copied_is_editable_attached_in_its_place_and_opened() {
    let state = example("cloud-backup-service-linked-roles");
    assert!(editable(&state).is_empty(), "the example starts with nothing to edit");
    let before = state.analysis.checks.iter().map(|c| (c.check.clone(), c.decision)).collect::<Vec<_>>();
    let original = state.workspace.document(&DocRef::Library(ECS_POLICY.into())).unwrap().text;

    let state = state.reduce(Action::CopyPolicy(ECS_POLICY.into()));
    let copy = DocRef::Library(format!("{ECS_POLICY}-Copy"));
    assert_eq!(editable(&state), std::slice::from_ref(&copy), "the copy is what the author mode offers as editable");
    assert_eq!(state.view.open_doc.as_ref(), Some(&copy), "the copy opens in the editor");
    assert_eq!(&*state.workspace.document(&copy).unwrap().text, &*original);
    assert_eq!(attached(&state, ECS_ROLE), [format!("{ECS_POLICY}-Copy")], "attached instead of the original");
    assert!(state.workspace.document(&DocRef::Library(ECS_POLICY.into())).is_some(), "the original stays");
    // Same text, same decisions.
    let after = state.analysis.checks.iter().map(|c| (c.check.clone(), c.decision)).collect::<Vec<_>>();
    assert_eq!(after, before);

    // The copy is the one that counts: emptying it stops the ECS backup role.
    assert_eq!(decision(&state, "ECS backup runs commands"), Decision::Allow);
    let state = state.reduce(Action::ReplaceText(copy, "{\"Version\": \"1\", \"Statement\": []}".into()));
    assert_eq!(decision(&state, "ECS backup runs commands"), Decision::ImplicitDeny);

    // A second copy gets a name of its own; a custom policy is not copied.
    let state = state.reduce(Action::CopyPolicy(ECS_POLICY.into()));
    assert_eq!(state.view.open_doc, Some(DocRef::Library(format!("{ECS_POLICY}-Copy2"))));
    let unchanged = state.clone().reduce(Action::CopyPolicy(format!("{ECS_POLICY}-Copy")));
    assert!(Rc::ptr_eq(&unchanged, &state));
}

#[test]
fn copies_are_refused_in_a_lesson_and_read_only() {
    let opened = OpenedLesson::bundled("04-service-linked-roles").unwrap();
    let state = example("cloud-backup-ram-role").reduce(Action::OpenLesson(opened));
    let system = state.workspace.documents().into_iter().find(|d| d.read_only).map(|d| d.doc).unwrap();
    let DocRef::Library(name) = system else { panic!("a system policy comes first") };
    let refused = state.clone().reduce(Action::CopyPolicy(name.clone()));
    assert_eq!(refused.workspace, state.workspace);
    assert_eq!(refused.banner.as_ref().map(|b| b.kind), Some(BannerKind::Warning));
    // The lesson's gate says why: the copy would be a policy the lesson does not let you add.
    let banner = &refused.banner.as_ref().unwrap().text;
    assert!(banner.starts_with(&format!("Not done: policy {name}-Copy was added")), "{banner}");

    let read_only = example("cloud-backup-service-linked-roles").reduce(Action::SetReadOnly(true));
    let after = read_only.clone().reduce(Action::CopyPolicy(ECS_POLICY.into()));
    assert!(Rc::ptr_eq(&after, &read_only));
}

fn open(file: &str) -> Rc<AppState> {
    let opened = OpenedLesson::bundled(file).unwrap();
    let state = example("cloud-backup-ram-role").reduce(Action::OpenLesson(opened));
    assert!(!state.lesson.as_ref().unwrap().passed(), "{file} starts failing");
    state
}

fn org(edit: OrgEdit) -> Action {
    Action::EditOrganization(edit)
}

fn assert_solved(state: &AppState, file: &str) {
    let lesson = state.lesson.as_ref().unwrap();
    let grade = lesson.grade.as_ref().unwrap();
    let failing: Vec<_> = grade.checks.iter().filter(|c| !c.passed).map(|c| &c.name).collect();
    let constraints: Vec<_> = grade.constraints.iter().filter(|c| !c.passed).map(|c| &c.detail).collect();
    assert!(lesson.passed(), "{file}: failing {failing:?} {constraints:?} {:?}", grade.problems);
    assert!(state.progress.is_done(file), "{file} is marked done");
    assert!(!state.progress.of(file).solution_applied);
}

#[test]
fn lesson_5_is_solved_by_moving_r2_back_and_attaching_the_backup_policy() {
    let file = "05-resource-directory-or-ram-role";
    let state = open(file);
    let outline = OrgOutline::of(&state.workspace).unwrap();
    assert!(outline.outside.contains(&"1000000000000004".to_string()), "R2 starts outside: {outline:?}");
    let state =
        state.reduce(org(OrgEdit::MoveAccount { account: "1000000000000004".into(), to: Some("Production".into()) }));
    let outline = OrgOutline::of(&state.workspace).unwrap();
    assert!(outline.node("Production").unwrap().accounts.contains(&"1000000000000004".to_string()));
    assert!(!outline.outside.contains(&"1000000000000004".to_string()));
    assert!(!state.lesson.as_ref().unwrap().passed(), "half a solution does not pass");
    let state = state.reduce(Action::Attach(
        "1000000000000005".into(),
        "hbrcrossrole".into(),
        "AliyunHBRRolePolicy".into(),
        true,
    ));
    assert_solved(&state, file);
}

#[test]
fn lesson_6_is_solved_by_removing_one_of_the_other_delegated_administrators() {
    let file = "06-delegated-administrators";
    let state = open(file);
    // Removing D itself does not solve it: D must stay a delegated administrator.
    let service = "hbr.aliyuncs.com".to_string();
    let remove = |account: &str| {
        org(OrgEdit::DelegatedAdministrator { service: service.clone(), account: account.into(), add: false })
    };
    let without_d = state.clone().reduce(remove("1000000000000002"));
    assert!(!without_d.lesson.as_ref().unwrap().passed());
    let state = state.reduce(remove("1000000000000007"));
    let outline = OrgOutline::of(&state.workspace).unwrap();
    assert_eq!(
        outline.delegated,
        [(service, vec!["1000000000000006".into(), "1000000000000008".into(), "1000000000000002".into()])]
    );
    assert_solved(&state, file);
}

#[test]
fn lesson_8_is_solved_by_attaching_full_access_to_the_folder() {
    let file = "08-control-policies";
    let state = open(file);
    let attach =
        org(OrgEdit::ControlPolicy { node: "Production".into(), policy: "FullAliyunAccess".into(), attach: true });
    let state = state.reduce(attach.clone());
    assert_eq!(
        OrgOutline::of(&state.workspace).unwrap().node("Production").unwrap().control_policies,
        ["DenySnapshotDeletion", "FullAliyunAccess"]
    );
    assert_solved(&state, file);
    // Attaching it again changes nothing.
    let again = state.clone().reduce(attach);
    assert_eq!(again.workspace, state.workspace);
    // Detaching the folder's deny lets bob delete snapshots: a check fails again.
    let state = state.reduce(org(OrgEdit::ControlPolicy {
        node: "Production".into(),
        policy: "DenySnapshotDeletion".into(),
        attach: false,
    }));
    assert!(!state.lesson.as_ref().unwrap().passed());
}

#[test]
fn organization_edits_name_what_is_wrong_and_follow_the_lessons_rules() {
    let state = example("cloud-backup-resource-directory");
    let to_nowhere = state
        .clone()
        .reduce(org(OrgEdit::MoveAccount { account: "1000000000000003".into(), to: Some("Producton".into()) }));
    assert_eq!(to_nowhere.workspace, state.workspace);
    let text = &to_nowhere.banner.as_ref().unwrap().text;
    assert!(text.contains("Producton") && text.contains("Production"), "names the node and the closest one: {text}");
    let no_org = example("cloud-backup-ram-role")
        .reduce(org(OrgEdit::MoveAccount { account: A.into(), to: Some("Root".into()) }));
    assert!(no_org.banner.as_ref().unwrap().text.contains("no organization"));

    // A lesson that does not list the organization as editable refuses its edits.
    let text = lessons::bundled("08-control-policies").unwrap().text.replace(",\n    \"organization\"\n", "\n");
    assert!(!text.contains("\"organization\""), "the copy lists no organization");
    let link = lessons::encode_link(&text);
    let opened = OpenedLesson::from_link(&link).unwrap();
    let state = example("cloud-backup-ram-role").reduce(Action::OpenLesson(opened));
    assert!(!state.lesson.as_ref().unwrap().may_edit_organization());
    let refused = state.clone().reduce(org(OrgEdit::ControlPolicy {
        node: "Production".into(),
        policy: "FullAliyunAccess".into(),
        attach: true,
    }));
    assert_eq!(refused.workspace, state.workspace);
    let banner = &refused.banner.as_ref().unwrap().text;
    assert!(banner.starts_with("Not done: the organization"), "{banner}");
    assert!(banner.contains("this lesson lets you change only "), "{banner}");
}

#[test]
fn predict_first_hides_the_lessons_pass_and_fail_until_every_check_is_predicted() {
    let file = "02-trust-policy-wrong-account";
    let state = open(file).reduce(Action::SetPredictFirst(true));
    let total = state.analysis.checks.len();
    assert!(total >= 2);
    let mut state = state;
    for i in 0..total {
        match state.lesson_grade_view() {
            Some(GradeView::Hidden { predicted, total: t }) => assert_eq!((predicted, t), (i, total)),
            other => panic!("check {i} unpredicted, yet the grade shows: {other:?}"),
        }
        state = state.reduce(Action::Predict { check: i, guess: Guess::Deny });
    }
    match state.lesson_grade_view() {
        Some(GradeView::Shown(grade)) => assert!(!grade.passed()),
        other => panic!("every check predicted, yet the grade is {other:?}"),
    }
    // Off: shown at once; outside a lesson there is no grade.
    let off = open(file).reduce(Action::SetPredictFirst(false));
    assert!(matches!(off.lesson_grade_view(), Some(GradeView::Shown(_))));
    assert_eq!(example("cloud-backup-ram-role").lesson_grade_view(), None);
}

#[test]
fn lesson_explanations_give_lines_of_the_document_the_learner_edits() {
    let file = "01-reading-a-permission-policy";
    let state = open(file);
    let lesson = &state.lesson.as_ref().unwrap().lesson;
    // The lesson's own starting state (inline JSON, as the command line grades it) and the app's
    // workspace explain with the same lines.
    let own = policy_playground::lesson::grade_start(lesson);
    let app = state.lesson.as_ref().unwrap().grade.clone().unwrap();
    let lines = |g: &policy_playground::lesson::Grade| {
        g.checks.iter().flat_map(|c| c.explanation.iter().filter(|l| l.contains("line")).cloned()).collect::<Vec<_>>()
    };
    assert!(!lines(&own).is_empty());
    assert_eq!(lines(&own), lines(&app));
    // And those lines are the editor's: the decisive statement starts on the line named.
    let decisive =
        lines(&app).into_iter().find(|l| l.contains("decisive: statement 10 of AliyunHBRRolePolicy")).unwrap();
    let line: usize = decisive.split("at line ").nth(1).unwrap().split(',').next().unwrap().parse().unwrap();
    let text = state.workspace.document(&DocRef::Library("AliyunHBRRolePolicy".into())).unwrap().text;
    let statements_before = text.lines().take(line - 1).filter(|l| l.trim() == "{").count();
    assert_eq!(text.lines().nth(line - 1).map(str::trim), Some("{"), "line {line} opens a statement: {decisive}");
    assert_eq!(statements_before, 10, "statement 10 opens after the document's and nine statements' braces");
}

#[test]
fn the_explorer_reports_organization_edits_as_parts_and_draws_from_one_view() {
    assert_eq!(
        OrgEdit::decode("move\u{1}1000000000000004\u{1}\u{1}1"),
        Some(OrgEdit::MoveAccount { account: "1000000000000004".into(), to: None })
    );
    assert_eq!(
        OrgEdit::decode("control\u{1}Root\u{1}P\u{1}0"),
        Some(OrgEdit::ControlPolicy { node: "Root".into(), policy: "P".into(), attach: false })
    );
    assert_eq!(
        OrgEdit::decode("delegated\u{1}hbr.aliyuncs.com\u{1}1\u{1}1"),
        Some(OrgEdit::DelegatedAdministrator { service: "hbr.aliyuncs.com".into(), account: "1".into(), add: true })
    );
    assert_eq!(OrgEdit::decode("rename\u{1}a\u{1}b\u{1}1"), None);
    assert_eq!(OrgEdit::decode("move\u{1}a"), None, "a part missing");
    assert_eq!(OrgEdit::decode(""), None, "the select's prompt");
    let state = example("cloud-backup-resource-directory");
    let outline = policy_playground_app::outline::Outline::of(&state.workspace, state.analysis.scenario.as_ref());
    let org = outline.organization.as_ref().unwrap();
    let accounts: Vec<(&str, &str)> = outline.accounts.iter().map(|a| (a.id.as_str(), a.name.as_str())).collect();
    let library: Vec<&str> = outline.library.iter().map(|p| p.name.as_str()).collect();
    let view: serde_json::Value = serde_json::from_str(&org.view_json(&accounts, &library, true)).unwrap();
    // Names with quotes, backslashes and control characters survive the hand-written JSON.
    let odd_name = "a \"quoted\" \\ name\n\u{1}<b>";
    let odd = [(accounts[0].0, odd_name)];
    let odd_view: serde_json::Value = serde_json::from_str(&org.view_json(&odd, &library, false)).unwrap();
    assert_eq!(odd_view["accounts"][0][1], odd_name);
    assert_eq!(odd_view["locked"], false);
    assert_eq!(view["locked"], true);
    assert_eq!(view["org"]["nodes"][1]["name"], "Production");
    assert_eq!(view["org"]["nodes"][1]["control_policies"][0], "DenySnapshotDeletion");
    assert_eq!(view["org"]["delegated"][0][0], "hbr.aliyuncs.com");
    assert!(view["library"].as_array().unwrap().iter().any(|p| p == "FullAliyunAccess"));
    assert_eq!(view["accounts"][0][1], "Management account M");
}
