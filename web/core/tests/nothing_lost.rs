//! Nothing lost: the workspace file carries the view (open document, shown check, "what breaks"
//! toggles, the request builder's request, predict-first answers) through autosave, share links
//! and exported files; files from before the view existed still open; hostile files fall back
//! with a message; named workspaces keep the person's work when something replaces it.

use policy_playground_app::banner::BannerKind;
use policy_playground_app::examples::EXAMPLES;
use policy_playground_app::predict::{Guess, Predictions};
use policy_playground_app::request::RequestForm;
use policy_playground_app::share;
use policy_playground_app::snapshot::{SavedView, Snapshot};
use policy_playground_app::startup::{Startup, start_state, with_workspaces};
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::storage::{self, Restored};
use policy_playground_app::workspace::{DocRef, Workspace};
use policy_playground_app::workspaces::WorkspaceList;
use serde_json::json;
use std::rc::Rc;

fn state_of(id: &str) -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::example(id).unwrap()))
}

/// A view unlike the default one in every part it has: the last check, the last editable
/// document, every toggle, a denied request with a context row, predict first with one answer.
fn changed_view(id: &str) -> Rc<AppState> {
    let mut state = state_of(id);
    let last_check = state.analysis.checks.len() - 1;
    state = state.reduce(Action::SelectCheck(last_check));
    let last_doc = state.workspace.documents().into_iter().rev().find(|d| !d.read_only).map(|d| d.doc);
    if let Some(doc) = last_doc {
        state = state.reduce(Action::SelectDoc(doc));
    }
    for m in state.analysis.mutations.clone() {
        state = state.reduce(Action::ToggleMutation(m.id));
    }
    let form = RequestForm {
        principal: "arn:aws:iam::999999999999:user/nobody".into(),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::nowhere/key".into(),
        context: vec![("aws:SourceIp".into(), "192.168.1.5".into())],
    };
    state = state.reduce(Action::SetRequest(form));
    state = state.reduce(Action::SetPredictFirst(true));
    let first = state.analysis.checks[0].check.clone();
    state.reduce(Action::Predict { check: 0, guess: Guess::Deny }).tap(|s| {
        assert_eq!(s.view.predict.guess(&first), Some(Guess::Deny));
    })
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&Self)) -> Self {
        f(&self);
        self
    }
}
impl<T> Tap for T {}

/// What a person sees of a view, compared between the original and the reopened state.
fn seen(state: &AppState) -> (Option<DocRef>, usize, Vec<String>, RequestForm, bool, usize) {
    (
        state.view.open_doc.clone(),
        state.view.selected_check,
        state.view.mutations.iter().cloned().collect(),
        state.view.request.clone(),
        state.view.predict.on,
        state.view.predict.guesses.len(),
    )
}

fn reopened(snapshot: Snapshot) -> AppState {
    let mut state = AppState::new(snapshot.workspace.clone());
    state.restore_view(snapshot.view);
    state
}

#[test]
fn every_example_with_a_changed_view_survives_a_share_link_and_a_save() {
    for e in EXAMPLES {
        let state = changed_view(e.id);
        let snapshot = state.snapshot();
        assert!(!snapshot.view.toggles.is_empty() || state.analysis.mutations.is_empty(), "{}", e.id);
        let linked = share::decode_snapshot(&share::encode_snapshot(&snapshot)).unwrap();
        assert_eq!(linked, snapshot, "{}", e.id);
        let saved = storage::parse_snapshot(&storage::serialize_snapshot(&snapshot)).unwrap();
        assert_eq!(saved, snapshot, "{}", e.id);
        let exported = storage::read_file(&storage::serialize_snapshot(&snapshot)).unwrap();
        assert_eq!(exported, snapshot, "{}", e.id);
        // The lesson crate grades what the app hands in: the view is no obstacle.
        let graded = policy_playground::lesson::read_workspace(&share::encode_snapshot(&snapshot)).unwrap();
        assert_eq!(&graded, snapshot.workspace.scenario(), "{}", e.id);
        let again = reopened(linked);
        assert_eq!(seen(&again), seen(&state), "{}", e.id);
        assert_eq!(again.banner, None, "{}: nothing to complain about", e.id);
        // The decisions shown are the ones that were shared.
        let decisions = |s: &AppState| s.analysis.checks.iter().map(|c| c.decision).collect::<Vec<_>>();
        assert_eq!(decisions(&again), decisions(&state), "{}", e.id);
        assert_eq!(
            again.analysis.request.as_ref().map(|r| r.decision),
            state.analysis.request.as_ref().map(|r| r.decision),
            "{}",
            e.id
        );
    }
}

#[test]
fn the_page_opens_a_share_link_and_the_saved_work_with_their_views() {
    let state = changed_view("cloud-backup-ram-role");
    let fragment = share::encode_snapshot(&state.snapshot());
    let start = start_state(&Startup::parse(&format!("#{fragment}"), ""), || panic!("saved work is not read"));
    assert_eq!(seen(&start.state), seen(&state));
    let saved = storage::serialize_snapshot(&state.snapshot());
    let start = start_state(&Startup::parse("", ""), || storage::restore(Some(&saved), 0));
    assert_eq!(seen(&start.state), seen(&state));
}

#[test]
fn links_and_saves_without_a_view_open_with_the_default_view() {
    let w = Workspace::example("aws-backup").unwrap();
    let old_link = {
        use base64::Engine;
        let json = json!({"scenario": w.scenario(), "example": "aws-backup"}).to_string();
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        format!("s=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed))
    };
    let opened = share::decode_snapshot(&old_link).unwrap();
    assert_eq!(opened, Snapshot::of(w.clone()));
    assert!(opened.view.is_empty());
    let old_save = json!({"version": 1, "workspace": {"scenario": w.scenario(), "example": "aws-backup"}}).to_string();
    assert_eq!(storage::parse_snapshot(&old_save).unwrap(), Snapshot::of(w.clone()));
    assert_eq!(seen(&reopened(opened)), seen(&AppState::new(w.clone())));
    // A workspace with the default view writes no view at all: old readers see what they knew.
    let written: serde_json::Value = serde_json::from_str(&storage::serialize(&w)).unwrap();
    assert!(written["workspace"].get("view").is_none(), "{written}");
}

#[test]
fn unknown_names_in_a_view_fall_back_with_a_warning() {
    let w = Workspace::example("cloud-backup-ram-role").unwrap();
    let view = SavedView {
        doc: Some(DocRef::Library("no such policy".into())),
        check: Some("no such check".into()),
        toggles: ["no-such-toggle".to_string()].into(),
        ..SavedView::default()
    };
    let state = reopened(Snapshot { workspace: w.clone(), view });
    let default = AppState::new(w);
    assert_eq!(seen(&state), seen(&default), "every part falls back to the default");
    let banner = state.banner.unwrap();
    assert_eq!(banner.kind, BannerKind::Warning);
    for part in ["no check called \"no such check\"", "no document policy no such policy", "\"no-such-toggle\""] {
        assert!(banner.text.contains(part), "{part} in {}", banner.text);
    }
}

#[test]
fn hostile_views_fall_back_with_a_warning_never_a_panic() {
    let scenario = Workspace::example("aws-backup").unwrap().scenario().clone();
    let hostile = [
        (json!({"check": 7}), "the shown check"),
        (json!({"doc": {"Nope": 1}}), "the open document"),
        (json!({"doc": {"Trust": {"account": 1}}}), "the open document"),
        (json!({"toggles": "all"}), "toggles"),
        (json!({"request": {"principal": ["x"]}}), "the request"),
        (json!({"request": {"context": [["k"]]}}), "the request"),
        (json!({"predict": {"on": true, "guesses": [["a", "maybe"]]}}), "the predictions"),
        (json!("everything"), "the view"),
    ];
    let default = AppState::new(Workspace::new(scenario.clone(), None));
    for (view, part) in hostile {
        let text = json!({"version": 1, "workspace": {"scenario": scenario, "view": view}}).to_string();
        let snapshot = storage::read_file(&text).unwrap();
        let state = reopened(snapshot);
        assert_eq!(seen(&state), seen(&default), "{view}");
        let banner = state.banner.expect("a warning");
        assert!(banner.text.contains(part) && banner.text.contains("could not be read"), "{view}: {}", banner.text);
    }
    // Predictions for checks the workspace lacks are dropped; huge names are just names.
    let view = SavedView {
        check: Some("x".repeat(100_000)),
        predict: Predictions { on: true, guesses: vec![("ghost".into(), Guess::Allow)] },
        ..SavedView::default()
    };
    let state = reopened(Snapshot { workspace: Workspace::new(scenario, None), view });
    assert!(state.view.predict.on && state.view.predict.guesses.is_empty());
    assert_eq!(state.view.selected_check, 0);
    let banner = state.banner.unwrap().text;
    assert!(banner.len() < 300 && banner.contains(&format!("{}…", "x".repeat(80))), "{banner}");
}

#[test]
fn imported_files_say_where_they_are_wrong() {
    let e = storage::read_file("{\n  \"version\": 1,\n  \"workspace\": {\"scenario\": 3}\n}").unwrap_err();
    assert_eq!(e.at, Some((3, 29)), "{e}");
    assert!(e.to_string().starts_with("line 3, column 29: invalid type: integer `3`"), "{e}");
    let e = storage::read_file("{\"version\": 1,").unwrap_err();
    assert!(e.to_string().starts_with("line 1, column 14: EOF while parsing"), "{e}");
    let e = storage::read_file("{\"version\": 9, \"workspace\": {}}").unwrap_err();
    assert_eq!((e.at, e.to_string().contains("format 9")), (None, true), "{e}");
    // A scenario file as the CLI reads it opens too.
    let file = EXAMPLES[1].text;
    let opened = storage::read_file(file).unwrap();
    assert_eq!(opened.workspace.scenario(), Workspace::from_scenario_text(file, None).unwrap().scenario());
}

#[test]
fn a_share_link_of_the_largest_example_stays_short() {
    let largest = EXAMPLES.iter().max_by_key(|e| e.text.len()).unwrap();
    let state = changed_view(largest.id);
    let without = share::encode(&state.workspace).len();
    let with = share::encode_snapshot(&state.snapshot()).len();
    let default = share::encode_snapshot(&state_of(largest.id).snapshot()).len();
    println!(
        "{}: {without} characters without the view, {default} with the default view, {with} with a changed one",
        largest.id
    );
    assert!(with - without < 400, "the view adds {} characters", with - without);
}

fn named(list: &WorkspaceList) -> Vec<&str> {
    list.entries.iter().map(|e| e.name.as_str()).collect()
}

/// A page's first state, with a list of named workspaces.
fn page() -> Rc<AppState> {
    let start = start_state(&Startup::parse("", ""), || Restored::Nothing);
    Rc::new(with_workspaces(start, WorkspaceList::default()))
}

#[test]
fn picking_an_example_keeps_changed_work_as_a_workspace_of_its_own() {
    let state = page();
    assert_eq!(named(&state.workspaces), [state.workspace.title()]);
    // Untouched work is simply replaced (no list of untouched examples).
    let state = state.reduce(Action::LoadExample("aws-backup".into()));
    assert_eq!(named(&state.workspaces).len(), 1);
    assert_eq!(state.workspaces.current().unwrap().name, state.workspace.title());
    assert_eq!(state.banner, None);
    // Changed work stays, and the banner says where.
    let doc = state.view.open_doc.clone().unwrap();
    let state = state.reduce(Action::ReplaceText(doc.clone(), "{\"Statement\": []}".into()));
    let own = state.workspaces.current.clone().unwrap();
    let state = state.reduce(Action::LoadExample("cloud-backup-ram-role".into()));
    let titles = named(&state.workspaces);
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert_ne!(state.workspaces.current.as_ref(), Some(&own));
    let banner = state.banner.clone().unwrap();
    assert!(banner.text.contains(&format!("kept as the workspace \"{}\"", titles[0])), "{}", banner.text);
}

#[test]
fn workspaces_are_made_renamed_duplicated_switched_and_deleted() {
    let state = page();
    let first = state.workspaces.current.clone().unwrap();
    let mine = state.snapshot();
    let state = state.reduce(Action::RenameWorkspace(first.clone(), "  Mine  ".into()));
    assert_eq!(state.workspaces.current().unwrap().name, "Mine");
    let state = state.reduce(Action::NewWorkspace);
    assert_eq!(named(&state.workspaces), ["Mine", "Untitled workspace"]);
    let second = state.workspaces.current.clone().unwrap();
    // A taken or empty name is refused and said so.
    let refused = state.clone().reduce(Action::RenameWorkspace(second.clone(), "Mine".into()));
    assert_eq!(refused.workspaces, state.workspaces);
    assert!(refused.banner.as_ref().unwrap().text.contains("already a workspace called \"Mine\""));
    let refused = state.clone().reduce(Action::RenameWorkspace(second.clone(), "   ".into()));
    assert!(refused.banner.as_ref().unwrap().text.contains("needs a name"));
    // Duplicate: the work goes on in the copy.
    let state = state.reduce(Action::DuplicateWorkspace);
    assert_eq!(named(&state.workspaces), ["Mine", "Untitled workspace", "Untitled workspace (copy)"]);
    // Switch back to the first with its saved content and view.
    let state = state.reduce(Action::SwitchWorkspace { id: first.clone(), snapshot: Box::new(mine.clone()) });
    assert_eq!(state.workspaces.current.as_ref(), Some(&first));
    assert_eq!(state.workspace, mine.workspace);
    // Deleting another keeps the current; deleting the current opens its successor.
    let state = state.reduce(Action::DeleteWorkspace { id: second, next: None });
    assert_eq!(named(&state.workspaces), ["Mine", "Untitled workspace (copy)"]);
    let copy = state.workspaces.successor(&first).unwrap().id.clone();
    let next = Snapshot::of(Workspace::example("aws-backup").unwrap());
    let state = state.reduce(Action::DeleteWorkspace { id: first, next: Some(Box::new(next.clone())) });
    assert_eq!(state.workspaces.current.as_ref(), Some(&copy));
    assert_eq!(state.workspace, next.workspace);
    // Deleting the last makes a new one: there is always a current workspace.
    let state = state.reduce(Action::DeleteWorkspace { id: copy, next: None });
    assert_eq!(named(&state.workspaces), ["Untitled workspace"]);
}

#[test]
fn an_import_and_a_share_link_open_in_workspaces_of_their_own() {
    let state = page();
    let shared = changed_view("aws-backup").snapshot();
    let state = state.reduce(Action::Import { snapshot: Box::new(shared.clone()), name: "backup.json".into() });
    assert_eq!(named(&state.workspaces)[1], "backup.json");
    assert_eq!(state.snapshot(), shared, "the import opens with its view");
    assert!(state.banner.as_ref().unwrap().text.contains("kept as the workspace"));
    // A share link opened by the page: its own workspace, the list's current one kept.
    let list = (*state.workspaces).clone();
    let fragment = share::encode_snapshot(&shared);
    let start = start_state(&Startup::parse(&fragment, ""), || panic!("not read"));
    let opened = with_workspaces(start, list);
    assert_eq!(opened.workspaces.entries.len(), 3);
    let banner = opened.banner.unwrap();
    assert!(banner.text.contains("kept as \"backup.json\""), "{}", banner.text);
}

#[test]
fn a_list_of_workspaces_that_cannot_be_read_says_why() {
    assert!(WorkspaceList::parse("[").unwrap_err().contains("cannot be read"));
    assert!(WorkspaceList::parse("{\"version\": 2}").unwrap_err().contains("format 2"));
    let twice = r#"{"version": 1, "entries": [{"id": "1", "name": "a"}, {"id": "1", "name": "b"}]}"#;
    assert!(WorkspaceList::parse(twice).unwrap_err().contains("twice"));
    let mut list = WorkspaceList::default();
    let id = list.create(&"n".repeat(500));
    assert_eq!(list.entry(&id).unwrap().name.chars().count(), 80);
    assert_eq!(WorkspaceList::parse(&list.serialize()).unwrap(), list);
}
