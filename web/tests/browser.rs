//! Browser tests (headless Chromium): share links, storage, the workspace model, the reducer
//! and the rendered app.

use policy_playground::Decision;
use policy_playground_app::editor;
use policy_playground_app::examples::EXAMPLES;
use policy_playground_app::request::RequestForm;
use policy_playground_app::share::{self, ShareError};
use policy_playground_app::startup::Startup;
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::workspace::{DocRef, Workspace};
use policy_playground_web::code_editor::{CodeEditor, EditorCallbacks};
use policy_playground_web::components::app::{App, AppProps};
use policy_playground_web::storage;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const B: &str = "2222222222222222";

fn hbrcrossrole() -> DocRef {
    DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() }
}

fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

#[wasm_bindgen_test]
fn every_example_loads_with_all_checks_as_expected() {
    for e in EXAMPLES {
        let w = Workspace::example(e.id).expect("example");
        let state = AppState::new(w);
        assert!(state.analysis.scenario.is_some(), "{}", e.id);
        assert!(!state.analysis.checks.is_empty(), "{}", e.id);
        for c in &state.analysis.checks {
            assert!(c.passed(), "{}: {}: {}", e.id, c.check, c.summary);
        }
    }
}

#[wasm_bindgen_test]
fn share_links_round_trip_and_refuse_damage() {
    let w = Workspace::example("cloud-backup-ram-role").unwrap();
    let fragment = share::encode(&w);
    assert!(fragment.starts_with("s=1."));
    assert!(fragment.len() < 20_000, "{} characters", fragment.len());
    assert_eq!(share::decode(&format!("#{fragment}")).unwrap(), w);
    assert!(matches!(share::decode(&fragment[..fragment.len() / 2]), Err(ShareError::Damaged(_))));
    assert!(matches!(share::decode("s=9.abc"), Err(ShareError::UnknownVersion(_))));
    assert!(matches!(share::decode(&format!("s=1.{}", "A".repeat(share::MAX_FRAGMENT))), Err(ShareError::TooLong(_))));
    assert!(matches!(share::decode("s=1.!!!"), Err(ShareError::Damaged(_))));
    let message = share::decode("s=1.!!!").unwrap_err().to_string();
    assert!(message.contains("damaged"), "{message}");
}

#[wasm_bindgen_test]
fn storage_round_trips_and_sets_aside_what_it_cannot_read() {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    assert_eq!(storage::restore(), storage::Restored::Nothing);
    let w = Workspace::example("aws-backup").unwrap();
    storage::save(&policy_playground_app::snapshot::Snapshot::of(w.clone())).unwrap();
    assert_eq!(
        storage::restore(),
        storage::Restored::Workspace(Box::new(policy_playground_app::snapshot::Snapshot::of(w)))
    );
    local.set_item(storage::KEY, "{\"version\": 1, \"workspace\": ").unwrap();
    match storage::restore() {
        storage::Restored::Unreadable { reason, set_aside_key } => {
            assert!(reason.contains("not JSON"), "{reason}");
            assert!(set_aside_key.starts_with(storage::SET_ASIDE_PREFIX));
            assert_eq!(local.get_item(&set_aside_key).unwrap().as_deref(), Some("{\"version\": 1, \"workspace\": "));
            assert_eq!(local.get_item(storage::KEY).unwrap(), None);
        }
        other => panic!("{other:?}"),
    }
    assert!(storage::parse("{\"version\": 7, \"workspace\": {}}").unwrap_err().contains("format 7"));
    local.clear().unwrap();
}

#[wasm_bindgen_test]
fn named_workspaces_move_between_the_current_key_and_their_own() {
    use policy_playground_app::snapshot::Snapshot;
    use policy_playground_app::workspaces::{INDEX_KEY, WorkspaceList, slot_key};
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    let a = Snapshot::of(Workspace::example("aws-backup").unwrap());
    let b = Snapshot::of(Workspace::example("cloud-backup-ram-role").unwrap());
    let mut first = WorkspaceList::default();
    let one = first.create("A");
    storage::sync_list(&WorkspaceList::default(), &first).unwrap();
    storage::save(&a).unwrap();
    // B opens in a workspace of its own: A's text moves to A's key.
    let mut second = first.clone();
    let two = second.create("B");
    storage::sync_list(&first, &second).unwrap();
    storage::save(&b).unwrap();
    assert_eq!(storage::read_slot(&one, "A").unwrap(), a);
    assert_eq!(storage::read_list(), second);
    // Back to A: B's text moves to B's key, and A's leaves its own (it is current again).
    let mut third = second.clone();
    third.switch(&one);
    storage::sync_list(&second, &third).unwrap();
    storage::save(&a).unwrap();
    assert_eq!(storage::read_slot(&two, "B").unwrap(), b);
    assert_eq!(local.get_item(&slot_key(&one)).unwrap(), None);
    // Deleting B removes its text.
    let mut fourth = third.clone();
    fourth.remove(&two);
    storage::sync_list(&third, &fourth).unwrap();
    assert_eq!(local.get_item(&slot_key(&two)).unwrap(), None);
    assert!(storage::read_slot(&two, "B").unwrap_err().contains("nothing saved"));
    // A list that cannot be read is set aside, and the workspaces' texts stay.
    local.set_item(INDEX_KEY, "{broken").unwrap();
    assert_eq!(storage::read_list(), WorkspaceList::default());
    assert_eq!(local.get_item(INDEX_KEY).unwrap(), None);
    assert!(local.get_item(storage::KEY).unwrap().is_some());
    local.clear().unwrap();
}

#[wasm_bindgen_test]
fn documents_are_text_and_edits_keep_every_character() {
    let mut w = Workspace::example("cloud-backup-ram-role").unwrap();
    let doc = w.document(&hbrcrossrole()).unwrap();
    assert_eq!(doc.name, "hbrcrossrole trust policy");
    assert!(doc.text.contains("AliyunServiceRoleForHbrCrossAccountBackup"));
    let broken = "{ \"Statement\": [ { \"Action\": \"sts:AssumeRole\" \"Effect\": \"Allow\" ";
    assert!(w.set_text(&hbrcrossrole(), broken));
    assert_eq!(&*w.document(&hbrcrossrole()).unwrap().text, broken);
    // System policies are read-only.
    assert!(!w.set_text(&DocRef::Library("AliyunHBRRolePolicy".into()), "{}"));
    assert_eq!(w.doc_named("hbrcrossrole trust policy"), Some(hbrcrossrole()));
}

#[wasm_bindgen_test]
fn breaking_the_trust_policy_stops_the_chain_at_hop_2() {
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    let text = state.workspace.document(&hbrcrossrole()).unwrap().text;
    let edited = text.replace("role/AliyunServiceRoleForHbrCrossAccountBackup", "role/ops");
    let state = reduce(state, Action::Edit { doc: hbrcrossrole(), text: edited, at_ms: 0.0 });
    assert!(state.stale(), "typing waits for the debounce");
    let state = reduce(state, Action::Analyze);
    let check = state.analysis.checks.iter().find(|c| c.check == "Cloud Backup snapshots a disk in B").unwrap();
    assert_eq!(check.decision, Decision::ImplicitDeny);
    assert_eq!(check.stopped_at, Some(2));
    assert!(check.summary.contains("trusts acs:ram::1111111111111111:role/ops"), "{}", check.summary);
    // Malformed JSON: the scenario still loads, the hop fails, the problem is listed.
    let state = reduce(state, Action::Edit { doc: hbrcrossrole(), text: "{ \"Statement\": [".into(), at_ms: 0.0 });
    let state = reduce(state, Action::Analyze);
    assert!(state.analysis.problems.iter().any(|p| p.message.contains("cannot be read")));
    let check = state.analysis.checks.iter().find(|c| c.check == "Cloud Backup snapshots a disk in B").unwrap();
    assert_eq!(check.stopped_at, Some(2));
}

#[wasm_bindgen_test]
fn mutations_requests_and_structure_edits() {
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    assert_eq!(state.analysis.mutations.len(), 4);
    let id = format!("delete-role:{B}/hbrcrossrole");
    let state = reduce(state, Action::ToggleMutation(id.clone()));
    assert!(state.analysis.checks.iter().any(|c| !c.passed()));
    let state = reduce(state, Action::ToggleMutation(id));
    assert!(state.analysis.checks.iter().all(|c| c.passed()));
    let form = RequestForm {
        principal: format!("acs:sts::{B}:assumed-role/hbrcrossrole/s"),
        action: "ecs:ModifySnapshotAttribute".into(),
        resource: format!("acs:ecs:cn-hangzhou:{B}:snapshot/s-1"),
        context: vec![],
    };
    let state = reduce(state, Action::SetRequest(form));
    let request = state.analysis.request.as_ref().unwrap();
    assert_eq!(request.decision, Decision::ImplicitDeny);
    assert!(request.evaluation.summary.contains("AliyunHBRRolePolicy"));
    let state = reduce(state, Action::RenameRole(B.into(), "hbrcrossrole".into(), "backuprole".into()));
    // The Cloud Backup registration follows the rename, so the checks still pass.
    assert!(
        state.analysis.checks.iter().all(|c| c.passed()),
        "{:?}",
        state.analysis.checks.iter().map(|c| &c.summary).collect::<Vec<_>>()
    );
    let state = reduce(state, Action::AddAccount("Sandbox".into()));
    assert_eq!(state.workspace.accounts().len(), 4);
    let state = reduce(state, Action::SetReadOnly(true));
    let before = state.workspace.clone();
    let state = reduce(state, Action::AddPolicy("X".into()));
    assert_eq!(state.workspace, before, "read-only ignores edits");
}

#[wasm_bindgen_test]
fn startup_reads_embed_options() {
    let s = Startup::parse("", "?embed=1&panels=chain,result&readonly=1&example=aws-backup");
    let embed = s.embed.unwrap();
    assert_eq!(embed.panels, vec!["chain", "result"]);
    assert!(embed.read_only);
    assert_eq!(s.example.as_deref(), Some("aws-backup"));
    assert!(Startup::parse("#s=1.abc", "").embed.is_none());
}

#[wasm_bindgen_test]
async fn the_app_renders_checks_chain_and_decisions() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let startup = Startup::parse("", "?example=cloud-backup-ram-role");
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { startup, recovered: None }).render();
    gloo::timers::future::TimeoutFuture::new(100).await;
    // The editor's module is imported when the editor is made: wait for it (at most 5 s).
    for _ in 0..50 {
        if root.query_selector("[data-testid=editor]").unwrap().is_some() {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(100).await;
    }
    let html = root.inner_html();
    assert!(html.contains("data-testid=\"checks\""), "checks panel");
    assert!(html.contains("11 of 11 as expected"), "{}", &html[..html.len().min(2000)]);
    assert!(html.contains("data-testid=\"chain-view\""));
    assert!(html.contains("<svg"));
    assert!(html.contains("data-testid=\"editor\""));
    assert!(root.query_selector("[data-testid=check-decision]").unwrap().is_some());
}

#[wasm_bindgen_test]
fn policies_rename_and_delete_follow_their_attachments() {
    let mut w = Workspace::example("cloud-backup-resource-directory").unwrap();
    w.rename_policy("DenySnapshotDeletion", "NoSnapshotDeletion");
    let text = w.to_scenario_text();
    assert!(!text.contains("DenySnapshotDeletion") && text.contains("NoSnapshotDeletion"));
    let state = AppState::new(w.clone());
    assert!(state.analysis.checks.iter().all(|c| c.passed()), "the control policy still applies after a rename");
    w.delete_policy("NoSnapshotDeletion");
    let state = AppState::new(w);
    assert!(state.analysis.problems.iter().all(|p| !p.message.contains("unknown policy")), "detached everywhere");
    let bob = state.analysis.checks.iter().find(|c| c.check.contains("bob")).unwrap();
    assert_eq!(bob.decision, Decision::Allow, "without the control policy bob may delete snapshots");
}

#[wasm_bindgen_test]
fn a_panic_shows_a_banner_outside_the_app() {
    policy_playground_web::show_panic_banner("test panic");
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document.query_selector("[data-testid=panic-banner]").unwrap().expect("banner");
    assert!(
        banner.text_content().unwrap().contains("test panic")
            && banner.text_content().unwrap().contains("Restarting it with your work")
    );
    banner.remove();
}

/// A host for an editor, attached to the page (CodeMirror measures what it draws).
fn editor_host() -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    host.style().set_property("height", "300px").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Changes the editor reported, as (text, immediate).
type Changes = Rc<std::cell::RefCell<Vec<(String, bool)>>>;

async fn recording_editor(host: &web_sys::HtmlElement) -> (CodeEditor, Changes) {
    let changes: Changes = Rc::default();
    let seen = changes.clone();
    let callbacks = EditorCallbacks {
        change: Box::new(move |text, immediate| seen.borrow_mut().push((text, immediate))),
        complete: Box::new(|_, _, _| None),
        hover: Box::new(|_, _| None),
        card: Box::new(|_, _| None),
        format: Box::new(|text| policy_playground_app::format::format_json(&text, "  ").ok()),
    };
    (CodeEditor::new(host, callbacks).await.expect("the editor starts"), changes)
}

fn press(host: &web_sys::HtmlElement, key: &str, ctrl: bool) {
    use wasm_bindgen::JsCast;
    let content: web_sys::HtmlElement = host.query_selector(".cm-content").unwrap().unwrap().dyn_into().unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    content.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_code_editor_marks_findings_at_utf16_ranges_and_undoes_a_fix() {
    let host = editor_host();
    let (editor, changes) = recording_editor(&host).await;
    let text = "{\n  \"Version\": \"1\",\n  \"Statement\": [{\n    \"Sid\": \"Zürich → 東京 😀\",\n    \"Effect\": \"Allow\",\n    \"Action\": [\"kms:ListAlias\"],\n    \"Resource\": \"*\"\n  }]\n}";
    editor.load("doc-a", text, false, "Policy document A");
    assert_eq!(editor.text(), text);
    assert!(changes.borrow().is_empty(), "loading is not an edit");
    let content = host.query_selector("[data-testid=editor]").unwrap().expect("the content is the editor");
    assert_eq!(content.get_attribute("aria-label").as_deref(), Some("Policy document A"));

    // The web build fetches the Alibaba Cloud catalogue on demand; give the check the same text.
    let aliyun = policy_playground::catalog::Catalog::parse(
        include_str!("../../crates/lint/src/catalog/aliyun.txt"),
        policy_playground::Dialect::Aliyun,
    )
    .expect("the Alibaba Cloud catalogue reads");
    let context = policy_playground::findings::CheckContext {
        catalogs: policy_playground::catalog::Catalogs::builtin().with(aliyun),
        ..Default::default()
    };
    let findings = policy_playground::findings::check_policy("A", text, None, &context);
    let diagnostics = editor::editor_diagnostics(text, &findings);
    let unknown = diagnostics.iter().find(|d| d.code == "unknown-action").expect("unknown-action").id;
    let json = serde_json::to_string(&diagnostics).unwrap();
    assert!(!editor.set_diagnostics(&json, "another text"), "findings of another text are not shown");
    assert!(editor.set_diagnostics(&json, text));
    assert_eq!(editor.diagnostic_count() as usize, diagnostics.len());
    gloo::timers::future::TimeoutFuture::new(50).await;
    let squiggles: Vec<String> = {
        let list = host.query_selector_all(".cm-lintRange-warning").unwrap();
        (0..list.length()).filter_map(|i| list.item(i)?.text_content()).collect()
    };
    assert!(squiggles.iter().any(|s| s == "\"kms:ListAlias\""), "the squiggle covers the action: {squiggles:?}");

    // The fix is an edit of the editor's: reported (analyze at once), and undone with Ctrl+Z.
    assert!(editor.apply_fix(unknown));
    let fixed = editor::apply_fix(text, findings[unknown].fix.as_ref().unwrap()).unwrap();
    assert_eq!(editor.text(), fixed);
    assert_eq!(changes.borrow().last(), Some(&(fixed.clone(), true)));
    press(&host, "z", true);
    assert_eq!(editor.text(), text, "Ctrl+Z undoes the fix");
    assert_eq!(changes.borrow().last(), Some(&(text.to_string(), true)));

    // Another document and back: the first keeps its history; a text set from outside is kept
    // in it too, and is not reported.
    editor.load("doc-b", "{}", true, "Policy document B");
    assert_eq!(editor.text(), "{}");
    press(&host, "z", true);
    assert_eq!(editor.text(), "{}", "nothing to undo, and read-only");
    editor.load("doc-a", text, false, "Policy document A");
    let reported = changes.borrow().len();
    editor.set_text(&fixed);
    assert_eq!(changes.borrow().len(), reported, "a text set by the app is not an edit");
    press(&host, "z", true);
    assert_eq!(editor.text(), text);

    // Format document: one undoable edit.
    assert!(editor.format());
    assert!(editor.text().contains("\"Statement\": [\n    {\n"), "{}", editor.text());
    editor.select(3, 10);
    assert_eq!(editor.selection(), (3, 10));
    drop(editor);
    assert!(host.query_selector(".cm-editor").unwrap().is_none(), "dropping the editor removes it");
    host.remove();
}
