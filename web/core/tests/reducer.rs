//! The reducer and what its analysis produces, natively: every test starts from a built-in
//! example and checks the state and the engine's results after a sequence of actions.

use policy_playground::Decision;
use policy_playground_app::banner::BannerKind;
use policy_playground_app::request::RequestForm;
use policy_playground_app::share;
use policy_playground_app::startup::{Startup, start_state};
use policy_playground_app::state::{Action, AppState, DEBOUNCE_MS, MIN_DEBOUNCE_MS, debounce_after};
use policy_playground_app::storage::{self, Restored};
use policy_playground_app::workspace::{DocRef, Workspace};
use std::rc::Rc;

const A: &str = "1111111111111111";
const B: &str = "2222222222222222";
const SNAPSHOT: &str = "Cloud Backup snapshots a disk in B";

fn hbrcrossrole() -> DocRef {
    DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() }
}

fn ram_role() -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()))
}

fn text_of(state: &AppState, doc: &DocRef) -> String {
    state.workspace.document(doc).unwrap().text.to_string()
}

fn check<'a>(state: &'a AppState, name: &str) -> &'a policy_playground::chain::ChainResult {
    state.analysis.checks.iter().find(|c| c.check == name).unwrap_or_else(|| panic!("no check {name}"))
}

#[test]
fn a_new_state_opens_the_first_editable_document_and_offers_the_first_request() {
    let state = ram_role();
    assert_eq!(state.view.open_doc, Some(hbrcrossrole()), "library policies are system, the first role service-linked");
    assert_eq!(state.view.selected_check, 0);
    assert_eq!(state.analysis.checks.len(), 11);
    assert_eq!(state.analysis.passed(), 11);
    assert_eq!(state.analysis.mutations.len(), 4);
    assert!(state.analysis.problems.is_empty(), "{:?}", state.analysis.problems);
    assert!(!state.stale());
    // The first check's final request, offered in the request builder, and its answer.
    let form = &state.view.request;
    assert_eq!(form.principal, format!("acs:sts::{B}:assumed-role/hbrcrossrole/hbr-backup"));
    assert_eq!(form.action, "ecs:CreateSnapshot");
    assert_eq!(form.resource, format!("acs:ecs:cn-hangzhou:{B}:disk/d-bp1backup"));
    assert_eq!(state.analysis.request.as_ref().unwrap().decision, Decision::Allow);
}

#[test]
fn the_debounce_follows_the_last_analysis_time() {
    assert_eq!(debounce_after(5.0), MIN_DEBOUNCE_MS, "a fast analysis still lets a burst of keys coalesce");
    assert_eq!(debounce_after(30.0), 60.0);
    assert_eq!(debounce_after(400.0), DEBOUNCE_MS, "a slow analysis waits the longest");
    assert_eq!(debounce_after(f64::NAN), DEBOUNCE_MS);

    let mut state = (*ram_role()).clone();
    state.timed(25.0);
    let state = Rc::new(state).reduce(Action::Edit {
        doc: hbrcrossrole(),
        text: format!("{} ", text_of(&ram_role(), &hbrcrossrole())),
        at_ms: 2_000.0,
    });
    assert_eq!(state.analysis_due_at(), Some(2_050.0));
    // The debounce stays as timed until the browser times another analysis.
    let state = state.reduce(Action::DebounceElapsed { due_at_ms: 2_050.0 });
    assert!(!state.stale());
    assert_eq!(state.debounce_ms, 50.0);
}

#[test]
fn typing_waits_for_a_quiet_debounce_then_analyzes() {
    let state = ram_role();
    let analysis = state.analysis.clone();
    let edited = text_of(&state, &hbrcrossrole()).replace("role/AliyunServiceRoleForHbrCrossAccountBackup", "role/ops");
    let half = edited.replacen("role/ops", "role/o", 1);

    let state = state.reduce(Action::Edit { doc: hbrcrossrole(), text: half, at_ms: 1_000.0 });
    assert!(state.stale());
    assert_eq!(state.analysis, analysis, "no analysis while typing");
    assert_eq!(state.analysis_due_at(), Some(1_000.0 + DEBOUNCE_MS));
    let state = state.reduce(Action::Edit { doc: hbrcrossrole(), text: edited.clone(), at_ms: 1_100.0 });
    assert_eq!(state.analysis_due_at(), Some(1_350.0), "each keystroke pushes the run back");

    // The timer of the first keystroke is out of date: nothing happens, not even a new state.
    let same = state.clone().reduce(Action::DebounceElapsed { due_at_ms: 1_250.0 });
    assert!(Rc::ptr_eq(&same, &state));
    let state = state.reduce(Action::DebounceElapsed { due_at_ms: 1_350.0 });
    assert!(!state.stale());
    assert_eq!(state.analysis_due_at(), None);
    assert_ne!(state.analysis, analysis);
    let c = check(&state, SNAPSHOT);
    assert_eq!(c.decision, Decision::ImplicitDeny);
    assert_eq!(c.stopped_at, Some(2));
    assert!(c.summary.contains(&format!("trusts acs:ram::{A}:role/ops")), "{}", c.summary);
    assert_eq!(text_of(&state, &hbrcrossrole()), edited, "the text is kept as typed");
}

#[test]
fn analyze_runs_at_once_and_only_when_stale() {
    let state = ram_role();
    let same = state.clone().reduce(Action::Analyze);
    assert!(Rc::ptr_eq(&same, &state), "nothing to do");
    let state = state.reduce(Action::Edit { doc: hbrcrossrole(), text: "{ \"Statement\": [".into(), at_ms: 5.0 });
    let state = state.reduce(Action::Analyze);
    assert!(!state.stale());
    // Malformed JSON: the scenario still loads, the hop fails, the problem is listed.
    assert!(
        state
            .analysis
            .problems
            .iter()
            .any(|p| p.message.contains("hbrcrossrole trust policy") && p.message.contains("cannot be read")),
        "{:?}",
        state.analysis.problems
    );
    assert_eq!(check(&state, SNAPSHOT).stopped_at, Some(2));
}

#[test]
fn edits_to_read_only_documents_or_in_read_only_mode_change_nothing() {
    let state = ram_role();
    let system = DocRef::Library("AliyunHBRRolePolicy".into());
    let same = state.clone().reduce(Action::Edit { doc: system, text: "{}".into(), at_ms: 0.0 });
    assert!(Rc::ptr_eq(&same, &state));
    let service_linked = DocRef::Trust { account: A.into(), role: "AliyunServiceRoleForHbrCrossAccountBackup".into() };
    let same = state.clone().reduce(Action::ReplaceText(service_linked, "{}".into()));
    assert!(Rc::ptr_eq(&same, &state));
    let state = state.reduce(Action::SetReadOnly(true));
    for action in [
        Action::Edit { doc: hbrcrossrole(), text: "{}".into(), at_ms: 0.0 },
        Action::AddPolicy("X".into()),
        Action::DeleteRole(B.into(), "hbrcrossrole".into()),
        Action::Attach(B.into(), "hbrcrossrole".into(), "AdministratorAccess".into(), true),
    ] {
        let same = state.clone().reduce(action.clone());
        assert!(Rc::ptr_eq(&same, &state), "{action:?}");
    }
}

#[test]
fn an_edit_shares_every_other_document_instead_of_copying_it() {
    let state = ram_role();
    let before = state.workspace.documents();
    let state = state.reduce(Action::Edit { doc: hbrcrossrole(), text: "{}".into(), at_ms: 0.0 });
    let after = state.workspace.documents();
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        if b.doc == hbrcrossrole() {
            assert_eq!(&*a.text, "{}");
        } else {
            assert!(std::sync::Arc::ptr_eq(&b.text, &a.text), "{} was copied", b.name);
        }
    }
}

#[test]
fn applying_a_fix_replaces_the_text_reloads_the_editor_and_analyzes() {
    let state = ram_role();
    let broken = text_of(&state, &hbrcrossrole()).replacen("\"Effect\": \"Allow\",", "\"Effect\": \"Allow\"", 1);
    let state = state.reduce(Action::Edit { doc: hbrcrossrole(), text: broken.clone(), at_ms: 0.0 });
    let state = state.reduce(Action::Analyze);
    assert_eq!(check(&state, SNAPSHOT).decision, Decision::ImplicitDeny);
    // The editor's findings offer a fix for the missing comma; the reducer applies it.
    let doc = policy_playground_app::editor::EditorDoc::of(&state.workspace, &hbrcrossrole()).unwrap();
    let findings = doc.findings(state.analysis.dialect(), &policy_playground::findings::Catalogs::builtin());
    let finding = findings.iter().find(|f| f.code == "json-syntax").expect("a syntax finding");
    let fixed = policy_playground_app::editor::apply_fix(&broken, finding.fix.as_ref().unwrap()).unwrap();
    let generation = state.generation;
    let state = state.reduce(Action::ReplaceText(hbrcrossrole(), fixed));
    assert!(!state.stale(), "a fix is analyzed at once");
    assert_eq!(state.generation, generation + 1, "the editor reloads its text");
    assert_eq!(check(&state, SNAPSHOT).decision, Decision::Allow);
    assert_eq!(state.analysis.passed(), 11);
}

#[test]
fn selecting_a_check_changes_the_view_only() {
    let state = ram_role();
    let analysis = state.analysis.clone();
    let state = state.reduce(Action::SelectCheck(8));
    assert_eq!(state.view.selected_check, 8);
    assert_eq!(state.selected_check().unwrap().check, "alice, through the ops role, is not trusted by hbrcrossrole");
    assert_eq!(state.analysis, analysis, "not analyzed again");
    let same = state.clone().reduce(Action::SelectCheck(8));
    assert!(Rc::ptr_eq(&same, &state));
}

#[test]
fn mutations_break_the_chain_and_toggle_back() {
    let state = ram_role();
    let id = format!("delete-role:{B}/hbrcrossrole");
    let state = state.reduce(Action::ToggleMutation(id.clone()));
    assert!(state.view.mutations.contains(&id));
    let c = check(&state, SNAPSHOT);
    assert_eq!(c.decision, Decision::ImplicitDeny);
    assert!(c.summary.contains("there is no role hbrcrossrole"), "{}", c.summary);
    assert_eq!(state.analysis.passed(), 6, "the five checks that expect allow now fail");
    let state = state.reduce(Action::ToggleMutation(id));
    assert!(state.view.mutations.is_empty());
    assert_eq!(state.analysis.passed(), 11);
}

#[test]
fn the_request_builder_is_answered_with_missing_keys() {
    let state = ram_role();
    let form = RequestForm {
        principal: format!("acs:sts::{B}:assumed-role/hbrcrossrole/s"),
        action: "ecs:ModifySnapshotAttribute".into(),
        resource: format!("acs:ecs:cn-hangzhou:{B}:snapshot/s-1"),
        context: vec![],
    };
    let state = state.reduce(Action::SetRequest(form.clone()));
    assert_eq!(state.view.request, form);
    let request = state.analysis.request.as_ref().unwrap();
    assert_eq!(request.decision, Decision::ImplicitDeny);
    assert!(request.evaluation.summary.contains("AliyunHBRRolePolicy"), "{}", request.evaluation.summary);
    let state = state.reduce(Action::SetRequest(RequestForm { action: String::new(), ..form }));
    assert!(state.analysis.request.is_none(), "no action, no question");
}

#[test]
fn jumps_open_the_document_and_count_up() {
    let state = ram_role();
    let span = policy_playground::span::Span { start: 4, end: 9, line: 2, column: 3, ..Default::default() };
    let state = state.reduce(Action::JumpTo { policy: "AliyunHBRRolePolicy".into(), span });
    let library = DocRef::Library("AliyunHBRRolePolicy".into());
    assert_eq!(state.view.open_doc, Some(library.clone()));
    let focus = state.focus.clone().unwrap();
    assert_eq!((focus.doc, focus.span, focus.serial), (library, span, 0));
    let state = state.reduce(Action::JumpInDoc(span));
    assert_eq!(state.focus.as_ref().unwrap().serial, 1, "the same target can be jumped to again");
    let same = state.clone().reduce(Action::JumpTo { policy: "NoSuchPolicy".into(), span });
    assert!(Rc::ptr_eq(&same, &state));
    let state = state.reduce(Action::SelectDoc(hbrcrossrole()));
    assert_eq!(state.focus, None);
}

#[test]
fn structural_edits_are_analyzed_at_once_and_follow_renames() {
    let state = ram_role();
    let generation = state.generation;
    let state = state.reduce(Action::RenameRole(B.into(), "hbrcrossrole".into(), "backuprole".into()));
    let renamed = DocRef::Trust { account: B.into(), role: "backuprole".into() };
    assert_eq!(state.view.open_doc, Some(renamed.clone()), "the open document follows the rename");
    assert_eq!(state.generation, generation + 1);
    // The Cloud Backup registration follows the rename, so the checks still pass.
    assert_eq!(
        state.analysis.passed(),
        11,
        "{:?}",
        state.analysis.checks.iter().map(|c| &c.summary).collect::<Vec<_>>()
    );

    let state = state.reduce(Action::AddAccount("Sandbox".into()));
    assert_eq!(state.workspace.accounts().last().unwrap(), &("3333333333333334".to_string(), "Sandbox".to_string()));
    let state = state.reduce(Action::AddRole("3333333333333334".into(), "tester".into()));
    assert_eq!(state.view.open_doc, Some(DocRef::Trust { account: "3333333333333334".into(), role: "tester".into() }));
    let state = state.reduce(Action::AddPolicy("Custom".into()));
    assert_eq!(state.view.open_doc, Some(DocRef::Library("Custom".into())));
    let state = state.reduce(Action::AddPolicy("Custom".into()));
    assert_eq!(state.view.open_doc, Some(DocRef::Library("Custom 2".into())));
    let state = state.reduce(Action::Attach("3333333333333334".into(), "tester".into(), "Custom".into(), true));
    assert_eq!(state.workspace.roles_of("3333333333333334")[0].1, vec!["Custom".to_string()]);
    let state = state.reduce(Action::RenamePolicy("Custom".into(), "Mine".into()));
    assert_eq!(state.workspace.roles_of("3333333333333334")[0].1, vec!["Mine".to_string()]);
    let state = state.reduce(Action::DeleteAccount("3333333333333334".into()));
    assert!(state.workspace.roles_of("3333333333333334").is_empty());
    // The open document (Custom 2) still exists; delete it and the first document opens.
    let state = state.reduce(Action::DeletePolicy("Custom 2".into()));
    assert_eq!(state.view.open_doc, Some(DocRef::Library("AliyunServiceRolePolicyForHbrCrossAccountBackup".into())));
    assert!(state.analysis.problems.is_empty(), "{:?}", state.analysis.problems);
    assert!(!state.stale());
}

#[test]
fn loading_an_example_resets_the_view() {
    let state = ram_role();
    let state = state.reduce(Action::ToggleMutation(format!("delete-role:{B}/hbrcrossrole")));
    let state = state.reduce(Action::SelectCheck(3));
    let state = state.reduce(Action::LoadExample("aws-backup".into()));
    assert_eq!(state.workspace.example.as_deref(), Some("aws-backup"));
    assert_eq!(state.workspace.title(), "AWS Backup: service-linked role and cross-account copy in an Organization");
    assert!(state.view.mutations.is_empty());
    assert_eq!(state.view.selected_check, 0);
    assert_eq!(state.analysis.passed(), state.analysis.checks.len());
    // Reset: the same example again, after an edit.
    let doc = state.view.open_doc.clone().unwrap();
    let state = state.reduce(Action::Edit { doc: doc.clone(), text: "{}".into(), at_ms: 0.0 });
    let state = state.reduce(Action::LoadExample("aws-backup".into()));
    assert_ne!(text_of(&state, &doc), "{}");
    assert!(!state.stale());
    let state = state.reduce(Action::LoadExample("nope".into()));
    let banner = state.banner.clone().unwrap();
    assert_eq!((banner.kind, banner.text.as_str()), (BannerKind::Error, "there is no example called \"nope\""));
    assert_eq!(state.workspace.example.as_deref(), Some("aws-backup"), "the work stays");
}

#[test]
fn a_catalogue_arriving_asks_for_findings_again() {
    let state = ram_role();
    let (generation, catalogs) = (state.generation, state.catalogs);
    let state = state.reduce(Action::CatalogLoaded(policy_playground::catalog::Catalogs::builtin()));
    assert_eq!((state.generation, state.catalogs), (generation + 1, catalogs + 1));
}

#[test]
fn a_share_link_opens_its_workspace_and_keeps_the_saved_work() {
    let shared =
        ram_role().reduce(Action::Edit { doc: hbrcrossrole(), text: "{\"Statement\": []}".into(), at_ms: 0.0 });
    let fragment = share::encode(&shared.workspace);
    let start = start_state(&Startup::parse(&format!("#{fragment}"), ""), || panic!("saved work is not read"));
    assert!(start.keep_before_share);
    assert_eq!(start.state.workspace, shared.workspace);
    assert_eq!(text_of(&start.state, &hbrcrossrole()), "{\"Statement\": []}");
    let banner = start.state.banner.unwrap();
    assert_eq!(banner.kind, BannerKind::Info);
    assert!(banner.text.contains("shared scenario"), "{}", banner.text);
    // Loaded into a running app, the shared workspace starts a fresh view.
    let open = ram_role().reduce(Action::SelectCheck(4)).reduce(Action::Load(share::decode(&fragment).unwrap()));
    assert_eq!(open.workspace, shared.workspace);
    assert_eq!((open.view.selected_check, open.revision, open.stale()), (0, 1, false));
    assert_eq!(check(&open, SNAPSHOT).stopped_at, Some(2), "the shared trust policy trusts no one");
    // Embedded, the link is shown read-only and the saved work is not involved.
    let start = start_state(&Startup::parse(&fragment, "?embed=1&readonly=1"), || panic!("not read"));
    assert!(!start.keep_before_share && start.state.read_only && start.state.banner.is_none());
}

#[test]
fn a_damaged_share_link_is_reported_and_the_saved_work_opens() {
    let saved = Workspace::example("aws-backup").unwrap();
    let text = storage::serialize(&saved);
    let start = start_state(&Startup::parse("#s=1.bm90LWEtcmVhbC1saW5r", ""), || storage::restore(Some(&text), 7));
    assert!(!start.keep_before_share);
    assert_eq!(start.state.workspace, saved);
    let banner = start.state.banner.unwrap();
    assert_eq!(banner.kind, BannerKind::Error);
    assert!(
        banner.text.starts_with("this share link is damaged") && banner.text.ends_with("Your saved work is untouched.")
    );
}

#[test]
fn a_damaged_saved_state_is_set_aside_and_the_example_opens() {
    let damaged = "{\"version\": 1, \"workspace\": [broken";
    let restored = storage::restore(Some(damaged), 1_700_000_000_000);
    let Restored::Unreadable { reason, set_aside_key } = restored.clone() else { panic!("{restored:?}") };
    assert!(reason.starts_with("it is not JSON"), "{reason}");
    assert_eq!(set_aside_key, "policy-playground/unreadable/1700000000000");
    let start = start_state(&Startup::parse("", ""), || restored);
    assert_eq!(start.state.workspace.example.as_deref(), Some("cloud-backup-ram-role"));
    let banner = start.state.banner.unwrap();
    assert_eq!(banner.kind, BannerKind::Warning);
    assert!(banner.text.contains("could not be read (it is not JSON"), "{}", banner.text);
    assert!(banner.text.contains("set aside under \"policy-playground/unreadable/1700000000000\""), "{}", banner.text);
    // ?example= and embeds do not read the saved work.
    let start = start_state(&Startup::parse("", "?example=aws-backup"), || panic!("not read"));
    assert_eq!(start.state.workspace.example.as_deref(), Some("aws-backup"));
    assert_eq!(start.state.banner, None);
}

#[test]
fn saved_work_opens_as_it_was() {
    let mut saved = Workspace::example("cloud-backup-resource-directory").unwrap();
    saved.rename_policy("DenySnapshotDeletion", "NoSnapshotDeletion");
    let text = storage::serialize(&saved);
    let start = start_state(&Startup::parse("", ""), || storage::restore(Some(&text), 0));
    assert_eq!(start.state.workspace, saved);
    assert_eq!(start.state.banner, None);
    assert_eq!(start.state.analysis.passed(), start.state.analysis.checks.len());
}
