//! For trainers: predict first (answers hidden until every check is predicted, then a score) and
//! author mode (a request saved as a check, the workspace exported as a lesson the lesson crate
//! loads and grades as the app shows it).

use policy_playground::Decision;
use policy_playground::lesson::{grade_solution, grade_start, load_lesson};
use policy_playground_app::author::{AuthorError, LessonDraft, export_lesson, lesson_file_name};
use policy_playground_app::banner::BannerKind;
use policy_playground_app::lesson_mode::OpenedLesson;
use policy_playground_app::lessons;
use policy_playground_app::predict::{Guess, Score};
use policy_playground_app::request::RequestForm;
use policy_playground_app::state::{Action, AppState, View};
use policy_playground_app::workspace::{DocRef, Workspace};
use std::rc::Rc;

const A: &str = "1111111111111111";
const B: &str = "2222222222222222";

fn ram_role() -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()))
}

fn hbrcrossrole() -> DocRef {
    DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() }
}

/// The ram-role example with hbrcrossrole trusting A's ops role instead of the backup service's role.
fn broken(state: Rc<AppState>) -> Rc<AppState> {
    let text = state
        .workspace
        .document(&hbrcrossrole())
        .unwrap()
        .text
        .replace("AliyunServiceRoleForHbrCrossAccountBackup", "ops");
    state.reduce(Action::ReplaceText(hbrcrossrole(), text))
}

#[test]
fn predict_first_hides_answers_until_every_check_is_predicted_then_scores() {
    let mut state = ram_role().reduce(Action::SetPredictFirst(true));
    let checks = state.analysis.checks.clone();
    assert!(checks.len() > 2);
    assert!(state.view.predict.hides(&checks));
    // Everyone guesses "allow": right for exactly the checks the engine allows.
    for i in 0..checks.len() {
        assert!(state.view.predict.hides(&checks), "hidden while check {i} is unpredicted");
        assert_eq!(state.view.predict.score(&checks), None);
        state = state.reduce(Action::Predict { check: i, guess: Guess::Allow });
    }
    let allowed = checks.iter().filter(|c| c.decision == Decision::Allow).count();
    assert!(allowed > 0 && allowed < checks.len(), "the example has both outcomes, so the score can be wrong");
    assert!(!state.view.predict.hides(&checks));
    let score = state.view.predict.score(&checks).unwrap();
    assert_eq!(score, Score { right: allowed, total: checks.len() });
    assert_eq!(score.to_string(), format!("{allowed} of {} right", checks.len()));

    // Revealed: a prediction can no longer change.
    let after = state.clone().reduce(Action::Predict { check: 0, guess: Guess::Deny });
    assert!(Rc::ptr_eq(&after, &state));
    // Switching on again starts over; off shows everything.
    let again = state.clone().reduce(Action::SetPredictFirst(true));
    assert!(again.view.predict.hides(&checks) && again.view.predict.guesses.is_empty());
    let off = state.reduce(Action::SetPredictFirst(false));
    assert!(!off.view.predict.hides(&checks));
    assert_eq!(off.view.predict.score(&checks), None);
}

#[test]
fn predictions_are_ignored_when_off_and_start_over_in_another_scenario() {
    let state = ram_role();
    let same = state.clone().reduce(Action::Predict { check: 0, guess: Guess::Deny });
    assert!(Rc::ptr_eq(&same, &state), "no predictions without predict first");
    let on = state.reduce(Action::SetPredictFirst(true)).reduce(Action::Predict { check: 0, guess: Guess::Deny });
    let out_of_range = on.clone().reduce(Action::Predict { check: 999, guess: Guess::Deny });
    assert!(Rc::ptr_eq(&out_of_range, &on));
    assert_eq!(on.view.predict.guesses.len(), 1);
    let other = on.reduce(Action::LoadExample("aws-backup".into()));
    assert!(other.view.predict.on, "the class keeps predicting");
    assert!(other.view.predict.guesses.is_empty());
    assert!(other.view.predict.hides(&other.analysis.checks));
}

#[test]
fn predictions_are_part_of_the_view_state_and_older_views_still_read() {
    let state =
        ram_role().reduce(Action::SetPredictFirst(true)).reduce(Action::Predict { check: 1, guess: Guess::Deny });
    let json = serde_json::to_string(&state.view).unwrap();
    let back: View = serde_json::from_str(&json).unwrap();
    assert_eq!(back, state.view);
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("predict");
    let old: View = serde_json::from_value(old).unwrap();
    assert!(!old.predict.on);
}

fn ask(state: Rc<AppState>, principal: &str, action: &str, resource: &str) -> Rc<AppState> {
    state.reduce(Action::SetRequest(RequestForm {
        principal: principal.into(),
        action: action.into(),
        resource: resource.into(),
        context: vec![("acs:SourceIp".into(), "10.0.0.1".into())],
    }))
}

#[test]
fn the_request_builders_request_saved_as_a_check_comes_out_as_the_builder_says() {
    let state = ask(ram_role(), &format!("acs:ram::{A}:user/alice"), "ram:CreateUser", "*");
    let asked = state.analysis.request.as_ref().expect("the builder's request is evaluated").decision;
    let before = state.analysis.checks.len();
    let state = state.reduce(Action::SaveRequestAsCheck { name: "alice creates a user".into(), expected: asked });
    assert_eq!(state.analysis.checks.len(), before + 1);
    assert_eq!(state.view.selected_check, before, "the new check is shown");
    let saved = &state.analysis.checks[before];
    assert_eq!((saved.check.as_str(), saved.decision, saved.passed()), ("alice creates a user", asked, true));
    let doc = state.workspace.scenario().checks.as_ref().unwrap().last().unwrap().clone();
    assert_eq!(doc.request.unwrap().context.unwrap()["acs:SourceIp"], "10.0.0.1");

    // The same name again is refused, with a reason; a wrong expectation makes a failing check.
    let again =
        state.clone().reduce(Action::SaveRequestAsCheck { name: "alice creates a user".into(), expected: asked });
    assert_eq!(again.analysis.checks.len(), before + 1);
    assert_eq!(again.banner.as_ref().unwrap().kind, BannerKind::Warning);
    assert!(again.banner.as_ref().unwrap().text.contains("already a check"));
    let other = if asked == Decision::Allow { Decision::ExplicitDeny } else { Decision::Allow };
    let wrong = state.reduce(Action::SaveRequestAsCheck { name: "expected wrongly".into(), expected: other });
    assert!(!wrong.analysis.checks.last().unwrap().passed());

    let incomplete = ask(ram_role(), "", "ecs:CreateSnapshot", "*")
        .reduce(Action::SaveRequestAsCheck { name: "nobody".into(), expected: Decision::Allow });
    // It names what is empty: the action is there, the principal is not.
    let text = &incomplete.banner.as_ref().unwrap().text;
    assert!(text.contains("fill in a principal in the request builder"), "{text}");
}

#[test]
fn an_exported_lesson_loads_and_its_start_grades_as_the_app_shows_its_checks() {
    // The trainer marks the working scenario as the solution, breaks it, and adds a check.
    let working = ram_role();
    let solution = working.workspace.clone();
    let state = broken(working);
    let state =
        ask(state, &format!("acs:ram::{A}:user/alice"), "ram:CreateUser", "*").reduce(Action::SaveRequestAsCheck {
            name: "alice may not create users".into(),
            expected: Decision::ImplicitDeny,
        });
    let failing_in_app: Vec<String> =
        state.analysis.checks.iter().filter(|c| !c.passed()).map(|c| c.check.clone()).collect();
    assert!(!failing_in_app.is_empty(), "the break fails some checks");

    let draft = LessonDraft {
        title: "Who may assume hbrcrossrole?".into(),
        goal: "Make Cloud Backup work again, and keep alice out.".into(),
        hints: "Read the trust policy.\n\n  Which role does Cloud Backup use?  \n".into(),
        editable: [hbrcrossrole()].into(),
        solution: Some(solution.clone()),
    };
    let text = export_lesson(&state.workspace, &draft).unwrap();
    assert_eq!(lesson_file_name(&draft.title), "who-may-assume-hbrcrossrole.json");
    let lesson = load_lesson(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(lesson.id, "who-may-assume-hbrcrossrole");
    assert_eq!(lesson.hints, ["Read the trust policy.", "Which role does Cloud Backup use?"]);
    assert_eq!(lesson.fails_at_start, failing_in_app);

    let start = grade_start(&lesson);
    assert_eq!(start.checks.len(), state.analysis.checks.len());
    for (graded, shown) in start.checks.iter().zip(&state.analysis.checks) {
        assert_eq!((&graded.name, graded.decision, graded.passed), (&shown.check, shown.decision, shown.passed()));
    }
    assert!(grade_solution(&lesson).passed(), "the marked solution passes: {:?}", grade_solution(&lesson));

    // As a lesson link, it opens and grades the same way.
    let link = lessons::encode_link(&text);
    let opened = OpenedLesson::from_link(&link).unwrap();
    let state = state.reduce(Action::OpenLesson(opened));
    let grade = state.lesson.as_ref().unwrap().grade.clone().unwrap();
    assert_eq!(grade.checks.iter().filter(|c| !c.passed).count(), failing_in_app.len());
}

#[test]
fn export_says_what_is_missing_or_inconsistent() {
    let working = ram_role();
    let solution = working.workspace.clone();
    let state = broken(working);
    let draft = LessonDraft {
        title: "t".into(),
        goal: "g".into(),
        hints: "h".into(),
        editable: Default::default(),
        solution: Some(solution),
    };
    let locked = export_lesson(&state.workspace, &draft).unwrap_err();
    assert!(matches!(&locked, AuthorError::SolutionEditsLocked(name) if name.contains("hbrcrossrole")), "{locked:?}");
    let no_goal = LessonDraft { goal: " ".into(), ..draft.clone() };
    assert_eq!(export_lesson(&state.workspace, &no_goal), Err(AuthorError::Missing("goal")));
    let no_hints = LessonDraft { hints: "\n \n".into(), ..draft.clone() };
    assert_eq!(export_lesson(&state.workspace, &no_hints), Err(AuthorError::Missing("hint")));
    // A solution that adds a role is more than document edits.
    let mut grown = state.workspace.clone();
    grown.add_role(A, "extra");
    let beyond = LessonDraft { solution: Some(grown), editable: [hbrcrossrole()].into(), ..draft };
    assert_eq!(export_lesson(&state.workspace, &beyond), Err(AuthorError::SolutionBeyondDocuments));
    // Without a marked solution, the starting state is the reference.
    let plain = LessonDraft { solution: None, ..beyond };
    let lesson = load_lesson(&export_lesson(&state.workspace, &plain).unwrap()).unwrap();
    assert!(lesson.solution_edits.is_empty());
}
