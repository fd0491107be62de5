//! Lesson mode natively: the bundled lessons, opening one over the person's work and leaving it,
//! what the learner may edit, grading with every analysis (never on a keystroke), hints, the
//! solution shown as a diff then applied, reset, progress and its saved format, lesson links, and
//! resuming a lesson at start.

use policy_playground_app::about::About;
use policy_playground_app::banner::BannerKind;
use policy_playground_app::diff::{LineKind, line_diff, with_context, workspace_diff};
use policy_playground_app::lesson_mode::{OpenedLesson, Progress, work_key};
use policy_playground_app::lesson_start::{restore_progress, resume};
use policy_playground_app::lessons::{self, BUNDLED, LinkError};
use policy_playground_app::snapshot::Snapshot;
use policy_playground_app::startup::{Startup, start_state};
use policy_playground_app::state::{Action, AppState, DEBOUNCE_MS};
use policy_playground_app::storage::Restored;
use policy_playground_app::workspace::{DocRef, Workspace};
use std::rc::Rc;

const A: &str = "1111111111111111";
const B: &str = "2222222222222222";
const TRUST: &str = "02-trust-policy-wrong-account";
const FIXED_PRINCIPAL: &str = "acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup";

fn hbrcrossrole() -> DocRef {
    DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() }
}

/// The person's own work: the AWS example, so it is told apart from any lesson's scenario.
fn own_work() -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::example("aws-backup").unwrap()))
}

fn open(state: Rc<AppState>, file: &str) -> Rc<AppState> {
    state.reduce(Action::OpenLesson(OpenedLesson::bundled(file).unwrap()))
}

fn text_of(state: &AppState, doc: &DocRef) -> String {
    state.workspace.document(doc).unwrap().text.to_string()
}

/// Types `text` into `doc` at time 0 and lets the debounce run out.
fn type_and_wait(state: Rc<AppState>, doc: &DocRef, text: String) -> Rc<AppState> {
    let state = state.reduce(Action::Edit { doc: doc.clone(), text, at_ms: 0.0 });
    state.reduce(Action::DebounceElapsed { due_at_ms: DEBOUNCE_MS })
}

fn failing(state: &AppState) -> Vec<String> {
    let grade = state.lesson.as_ref().unwrap().grade.clone().unwrap();
    let checks = grade.checks.iter().filter(|c| !c.passed).map(|c| c.name.clone());
    checks.chain(grade.constraints.iter().filter(|c| !c.passed).map(|c| c.name.clone())).collect()
}

#[test]
fn every_lesson_file_is_bundled_with_its_title_and_goal() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
        .collect();
    on_disk.sort();
    assert_eq!(BUNDLED.iter().map(|b| b.file).collect::<Vec<_>>(), on_disk);
    let summaries = lessons::summaries();
    assert_eq!(summaries.len(), on_disk.len());
    for s in &summaries {
        assert!(!s.title.is_empty() && s.title != s.file && !s.goal.is_empty(), "{s:?}");
    }
    assert_eq!(summaries[1].title, "Trust policies: who may assume a role");
}

#[test]
fn opening_a_lesson_keeps_the_persons_work_and_leaving_brings_it_back() {
    let before = own_work();
    let own = before.workspace.clone();
    let state = open(before, TRUST);
    let lesson = state.lesson.as_ref().unwrap();
    assert!(state.workspace == lesson.start(), "the lesson's starting state is the workspace");
    assert_eq!(state.before_lesson.as_ref(), Some(&own));
    assert_eq!(state.progress.active.as_deref(), Some(TRUST));
    // Graded as soon as it opens: what the lesson breaks on purpose fails.
    assert_eq!(failing(&state), lesson.lesson.fails_at_start);
    // Opening another lesson from a lesson still keeps the person's own work.
    let state = open(state, "03-least-privilege");
    assert_eq!(state.before_lesson.as_ref(), Some(&own));
    let state = state.reduce(Action::LeaveLesson);
    assert!(state.lesson.is_none() && state.before_lesson.is_none() && state.progress.active.is_none());
    assert_eq!(state.workspace, own);
}

#[test]
fn only_the_documents_the_lesson_names_can_be_edited() {
    let state = open(own_work(), TRUST);
    let lesson = state.lesson.as_ref().unwrap();
    let editable = lesson.editable_documents(&state.workspace);
    assert_eq!(editable, vec![(hbrcrossrole(), "the trust policy of 2222222222222222/hbrcrossrole".to_string())]);
    // Another role's trust policy, editable outside the lesson, is read-only in it.
    let ops = DocRef::Trust { account: A.into(), role: "ops".into() };
    assert!(state.workspace.can_edit(&ops) && !state.lesson_allows(&ops));
    let same = state.clone().reduce(Action::Edit { doc: ops.clone(), text: "{}".into(), at_ms: 0.0 });
    assert!(Rc::ptr_eq(&same, &state), "the edit is refused");
    assert!(lesson.may_edit(&hbrcrossrole(), &state.workspace) && !lesson.may_edit(&ops, &state.workspace));
}

#[test]
fn the_check_is_graded_after_the_debounce_and_the_lesson_is_marked_done() {
    let state = open(own_work(), TRUST);
    let trust = hbrcrossrole();
    let fixed = text_of(&state, &trust).replace("3333333333333333", A);
    let typed = state.reduce(Action::Edit { doc: trust.clone(), text: fixed, at_ms: 0.0 });
    // A keystroke does not grade: the grade still describes the starting state.
    assert!(!failing(&typed).is_empty() && !typed.progress.is_done(TRUST));
    let state = typed.reduce(Action::DebounceElapsed { due_at_ms: DEBOUNCE_MS });
    assert_eq!(failing(&state), Vec::<String>::new());
    assert!(state.progress.is_done(TRUST));
    // Breaking it again does not take "done" away.
    let broken = text_of(&state, &trust).replace(FIXED_PRINCIPAL, "acs:ram::1111111111111111:root");
    let state = type_and_wait(state, &trust, broken);
    assert_eq!(
        failing(&state),
        [
            "alice, through the ops role, may not assume hbrcrossrole",
            "the trust policy of 2222222222222222/hbrcrossrole admits exactly acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup"
        ]
    );
    assert!(state.progress.is_done(TRUST));
    let grade = state.lesson.as_ref().unwrap().grade.clone().unwrap();
    let alice = grade.checks.iter().find(|c| !c.passed).unwrap();
    assert!(alice.explanation.len() > 1, "a failing check carries the engine's explanation: {:?}", alice.explanation);
}

#[test]
fn attachments_changed_with_the_explorers_actions_are_graded() {
    let state = open(own_work(), "03-least-privilege");
    let role = "hbrcrossrole".to_string();
    let state = state.reduce(Action::Attach(B.into(), role.clone(), "AdministratorAccess".into(), false));
    assert!(!state.progress.is_done("03-least-privilege"));
    let state = state.reduce(Action::Attach(B.into(), role, "AliyunHBRRolePolicy".into(), true));
    assert!(state.progress.is_done("03-least-privilege"), "{:?}", failing(&state));
}

#[test]
fn structural_edits_outside_the_lesson_are_refused_with_why_and_inside_it_are_made() {
    // Lesson 2 lets the learner edit one trust policy: attaching a policy is refused, with a
    // banner naming the change and what may change, and nothing changes.
    let state = open(own_work(), TRUST);
    let role = "hbrcrossrole".to_string();
    let attached = state.workspace.roles_of(B).into_iter().find(|(n, _, _)| *n == role).expect("the role").1;
    let detach = Action::Attach(B.into(), role.clone(), attached[0].clone(), false);
    let refused = state.clone().reduce(detach.clone());
    assert_eq!(refused.workspace, state.workspace);
    assert_eq!(refused.revision, state.revision);
    let banner = refused.banner.as_ref().expect("a banner says why");
    assert_eq!(banner.kind, BannerKind::Warning);
    assert!(banner.text.starts_with("Not done: "), "{}", banner.text);
    assert!(banner.text.contains("hbrcrossrole"), "names what would change: {}", banner.text);
    assert!(
        banner.text.contains("lets you change only the trust policy of 2222222222222222/hbrcrossrole"),
        "{}",
        banner.text
    );
    // So are new accounts, roles and policies.
    for action in [
        Action::AddAccount("3333333333333333".into()),
        Action::AddRole(B.into(), "extra".into()),
        Action::AddPolicy("mine".into()),
        Action::DeletePolicy("AliyunHBRRolePolicy".into()),
    ] {
        let after = state.clone().reduce(action.clone());
        assert_eq!(after.workspace, state.workspace, "{action:?}");
        assert!(after.banner.as_ref().is_some_and(|b| b.text.starts_with("Not done: ")), "{action:?}");
    }
    // Lesson 3 lets the learner change that role's attachments: the same action is made.
    let state = open(own_work(), "03-least-privilege");
    let made = state.clone().reduce(Action::Attach(B.into(), role.clone(), "AdministratorAccess".into(), false));
    assert!(made.workspace != state.workspace, "the attachment changed");
    assert!(made.banner.as_ref().is_none_or(|b| !b.text.starts_with("Not done")));
    // Outside a lesson nothing is refused.
    let free = own_work().reduce(Action::Attach(B.into(), role, attached[0].clone(), false));
    assert!(free.banner.as_ref().is_none_or(|b| !b.text.starts_with("Not done")));
}

#[test]
fn hints_come_one_at_a_time_then_the_solution_shows_as_a_diff_and_applies() {
    let mut state = open(own_work(), TRUST);
    let hints = state.lesson.as_ref().unwrap().lesson.hints.len();
    assert_eq!(hints, 3);
    for shown in 1..=hints {
        let refused = state.clone().reduce(Action::ShowSolution(true));
        assert!(refused.lesson.as_ref().unwrap().solution.is_none(), "no solution before the last hint");
        state = state.reduce(Action::RevealHint);
        assert_eq!(state.progress.of(TRUST).hints, shown);
    }
    let more = state.clone().reduce(Action::RevealHint);
    assert!(Rc::ptr_eq(&more, &state), "there is no fourth hint");
    let state = state.reduce(Action::ShowSolution(true));
    let diff = state.lesson.as_ref().unwrap().solution.clone().unwrap();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!(diff[0].part, "trust policy of 2222222222222222/hbrcrossrole");
    assert_eq!((diff[0].added, diff[0].removed), (1, 1));
    let changed: Vec<(LineKind, &str)> = diff[0]
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Added | LineKind::Removed))
        .map(|l| (l.kind, l.text.trim()))
        .collect();
    assert_eq!(
        changed,
        [
            (LineKind::Removed, "\"acs:ram::3333333333333333:role/AliyunServiceRoleForHbrCrossAccountBackup\""),
            (LineKind::Added, "\"acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup\""),
        ]
    );
    assert!(!state.progress.is_done(TRUST), "showing is not applying");
    let state = state.reduce(Action::ApplySolution);
    let lesson = state.lesson.as_ref().unwrap();
    assert!(lesson.solution_applied && lesson.solution.is_some(), "the diff stays shown after applying");
    assert!(state.progress.is_done(TRUST) && state.progress.of(TRUST).solution_applied);
    assert!(text_of(&state, &hbrcrossrole()).contains(FIXED_PRINCIPAL));
}

#[test]
fn every_bundled_lessons_solution_applied_in_the_app_passes() {
    for bundled in BUNDLED {
        let mut state = open(own_work(), bundled.file);
        assert!(!failing(&state).is_empty(), "{}: the start fails", bundled.file);
        for _ in 0..state.lesson.as_ref().unwrap().lesson.hints.len() {
            state = state.reduce(Action::RevealHint);
        }
        let state = state.reduce(Action::ShowSolution(true)).reduce(Action::ApplySolution);
        assert_eq!(failing(&state), Vec::<String>::new(), "{}", bundled.file);
        assert!(state.progress.is_done(bundled.file));
    }
}

#[test]
fn reset_starts_the_lesson_again() {
    let state = open(own_work(), TRUST);
    let fixed = text_of(&state, &hbrcrossrole()).replace("3333333333333333", A);
    let state = type_and_wait(state, &hbrcrossrole(), fixed).reduce(Action::RevealHint);
    assert!(state.progress.is_done(TRUST));
    let state = state.reduce(Action::ResetLesson);
    assert!(state.workspace == state.lesson.as_ref().unwrap().start());
    assert_eq!(state.progress.of(TRUST), Default::default());
    assert!(state.before_lesson.is_some(), "the person's own work is still kept");
}

#[test]
fn loading_an_example_leaves_the_lesson() {
    let state = open(own_work(), TRUST).reduce(Action::LoadExample("cloud-backup-resource-directory".into()));
    assert!(state.lesson.is_none() && state.progress.active.is_none() && state.before_lesson.is_none());
    assert_eq!(state.workspace.example.as_deref(), Some("cloud-backup-resource-directory"));
}

#[test]
fn a_read_only_embed_opens_no_lesson() {
    let state = own_work().reduce(Action::SetReadOnly(true));
    let same = state.clone().reduce(Action::OpenLesson(OpenedLesson::bundled(TRUST).unwrap()));
    assert!(Rc::ptr_eq(&same, &state));
}

#[test]
fn progress_round_trips_and_unreadable_progress_is_set_aside() {
    let state = open(own_work(), TRUST).reduce(Action::RevealHint);
    let text = state.progress.serialize();
    assert!(text.starts_with("{\"version\":1,"), "{text}");
    assert_eq!(Progress::parse(&text).unwrap(), *state.progress);
    assert!(Progress::parse("{\"lessons\": {}}").unwrap_err().contains("no format version"));
    assert!(Progress::parse("{\"version\": 9}").unwrap_err().contains("format 9"));
    let restored = restore_progress(Some("{\"version\": 1, \"lessons\": []"), 42);
    assert_eq!(restored.progress, Progress::default());
    let (reason, key) = restored.unreadable.unwrap();
    assert!(reason.contains("not JSON") && key.ends_with("42"), "{reason} {key}");
    assert_eq!(work_key(TRUST), "policy-playground/lesson-work/02-trust-policy-wrong-account");
}

#[test]
fn a_lesson_link_carries_the_whole_lesson_and_bad_links_say_why() {
    let text = lessons::bundled("07-conditions-tagged-buckets").unwrap().text;
    let fragment = lessons::encode_link(text);
    assert!(lessons::is_link_fragment(&fragment) && fragment.starts_with("l=1."));
    let opened = OpenedLesson::from_link(&format!("#{fragment}")).unwrap();
    assert_eq!(&*opened.text, text);
    assert!(opened.from_link && opened.key.starts_with("link/conditions-tagged-buckets/"), "{}", opened.key);
    // A changed lesson under the same id keeps its progress apart.
    let changed = text.replacen("\"goal\": \"", "\"goal\": \"Now: ", 1);
    assert_ne!(OpenedLesson::from_link(&lessons::encode_link(&changed)).unwrap().key, opened.key);
    assert_eq!(
        OpenedLesson::from_link(&fragment[..fragment.len() - 30]).unwrap_err(),
        LinkError::Damaged("the compressed data is incomplete")
    );
    assert!(matches!(OpenedLesson::from_link("l=2.abc"), Err(LinkError::UnknownVersion(v)) if v == "2"));
    assert!(matches!(OpenedLesson::from_link("l=1.@@"), Err(LinkError::Damaged("not base64url"))));
    // A lesson file with a mistake: the message says where.
    let wrong = text.replacen("\"scenario\": \"cloud-backup-ram-role\"", "\"scenario\": \"cloud-backup-ram-rol\"", 1);
    let err = OpenedLesson::from_link(&lessons::encode_link(&wrong)).unwrap_err().to_string();
    assert!(err.contains("line ") && err.contains("cloud-backup-ram-role"), "{err}");
}

fn started(fragment: &str, saved: Restored, progress: Progress, work: Option<Workspace>) -> AppState {
    let startup = Startup::parse(fragment, "");
    let start = start_state(&startup, || saved);
    let restored = restore_progress(Some(&progress.serialize()), 0);
    resume(start, &startup, restored, |key| work.clone().filter(|_| key.starts_with("link/") || key == TRUST)).state
}

#[test]
fn a_lesson_link_opens_the_lesson_over_the_saved_work_and_keeps_it() {
    let own = Workspace::example("aws-backup").unwrap();
    let fragment = lessons::encode_link(lessons::bundled(TRUST).unwrap().text);
    let state = started(&fragment, Restored::Workspace(Box::new(Snapshot::of(own.clone()))), Progress::default(), None);
    let lesson = state.lesson.as_ref().expect("the link opens its lesson");
    assert!(lesson.from_link && !lesson.passed());
    assert_eq!(state.before_lesson.as_ref(), Some(&own));
    assert!(state.banner.as_ref().unwrap().text.contains("from a link"));
    // Its saved work comes back with it, graded the same way.
    let mut solved = Workspace::new(lesson.lesson.start.clone(), None);
    let fixed = text_of(&state, &hbrcrossrole()).replace("3333333333333333", A);
    solved.set_text(&hbrcrossrole(), &fixed);
    let state = started(&fragment, Restored::Workspace(Box::new(Snapshot::of(own))), Progress::default(), Some(solved));
    assert!(state.lesson.as_ref().unwrap().passed());
    // A damaged link: an error, and the saved work as it was.
    let state = started("l=1.AAAA", Restored::Nothing, Progress::default(), None);
    assert!(state.lesson.is_none() && state.banner.as_ref().unwrap().kind == BannerKind::Error);
    assert!(state.banner.as_ref().unwrap().text.contains("untouched"));
}

#[test]
fn the_lesson_open_when_the_page_was_left_opens_again_with_its_work() {
    let own = Workspace::example("aws-backup").unwrap();
    let left = open(own_work(), TRUST).reduce(Action::RevealHint);
    let fixed = text_of(&left, &hbrcrossrole()).replace("3333333333333333", A);
    let left = type_and_wait(left, &hbrcrossrole(), fixed);
    let state = started(
        "",
        Restored::Workspace(Box::new(Snapshot::of(own.clone()))),
        (*left.progress).clone(),
        Some(left.workspace.clone()),
    );
    assert_eq!(state.lesson.as_ref().unwrap().key, TRUST);
    assert_eq!(state.workspace, left.workspace);
    assert!(state.progress.is_done(TRUST) && state.progress.of(TRUST).hints == 1);
    assert_eq!(state.before_lesson, Some(own.clone()));
    // A share link wins over the lesson, which is no longer active.
    let share = policy_playground_app::share::encode(&Workspace::example("cloud-backup-ram-role").unwrap());
    let state = started(&share, Restored::Workspace(Box::new(Snapshot::of(own))), (*left.progress).clone(), None);
    assert!(state.lesson.is_none() && state.progress.active.is_none() && state.progress.is_done(TRUST));
}

#[test]
fn line_diffs_mark_what_changed_with_a_little_context() {
    let lines = line_diff("a\nb\nc\nd\ne\nf\ng\nh", "a\nb\nc\nd\nE\nf\ng\nh\ni");
    let kinds: String = lines
        .iter()
        .map(|l| match l.kind {
            LineKind::Same => '=',
            LineKind::Added => '+',
            LineKind::Removed => '-',
            LineKind::Skipped => '~',
        })
        .collect();
    assert_eq!(kinds, "====-+===+");
    let short = with_context(lines);
    assert_eq!(short[0].kind, LineKind::Skipped);
    assert_eq!(short[0].text, "2 unchanged lines");
    assert_eq!(short.len(), 9);
    // Re-indenting a JSON document is not a difference.
    let mut reindented = Workspace::example("cloud-backup-ram-role").unwrap();
    let original = reindented.clone();
    let trust = hbrcrossrole();
    let text = reindented.document(&trust).unwrap().text.to_string();
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    reindented.set_text(&trust, &squashed);
    assert!(workspace_diff(&original, &reindented).is_empty());
}

#[test]
fn about_shows_the_description_and_its_documentation_sources() {
    let about = About::of(&Workspace::example("cloud-backup-ram-role").unwrap());
    assert_eq!(
        about.sources,
        ["Cloud Backup documentation, 'Configure cross-account backup based on RAM role-based authorization'"]
    );
    assert!(
        about.description.starts_with("Account A (backup management account)")
            && !about.description.contains("Source:")
    );
    assert!(about.notes.iter().any(|(what, _)| what == "policy AliyunHBRRolePolicy"));
    let aws = About::of(&Workspace::example("aws-backup").unwrap());
    assert_eq!(aws.sources.len(), 1);
    assert!(aws.sources[0].starts_with("AWS Backup documentation 'Using roles"));
    assert!(aws.description.contains("abridged stand-in"), "sentences after the source stay: {}", aws.description);
    assert!(About::of(&Workspace::empty()).is_empty());
}

#[test]
fn after_the_lessons_own_hints_the_engine_suggests_a_change_that_allows_the_failing_check() {
    let state = open(own_work(), TRUST);
    let hint = state.analysis.first_hint().expect("the broken trust policy gets an engine hint");
    assert!(hint.contains("hbrcrossrole trust policy"), "{hint}");
    assert!(hint.contains("besides this request"), "{hint}");
}
