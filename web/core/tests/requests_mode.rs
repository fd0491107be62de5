//! The policies-and-requests mode through the reducer: the starter, typed cells evaluated after
//! the debounce, imports and their reports, a row turned into a scenario check, and the mode's
//! data in share links and saved work.

use policy_playground::Decision;
use policy_playground_app::banner::BannerKind;
use policy_playground_app::requests::{Layer, Row};
use policy_playground_app::requests_edit::RequestsEdit;
use policy_playground_app::requests_eval::RowOutcome;
use policy_playground_app::state::{Action, AppState, DEBOUNCE_MS};
use policy_playground_app::workspace::DocRef;
use policy_playground_app::{share, storage};
use std::rc::Rc;

const READ: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]}"#;

fn starter() -> Rc<AppState> {
    let state = Rc::new(AppState::new(AppState::default_example()));
    state.reduce(Action::LoadExample("aws-policies-and-requests".into()))
}

fn edit(state: Rc<AppState>, edit: RequestsEdit) -> Rc<AppState> {
    state.reduce(Action::Requests { edit, at_ms: None })
}

fn decisions(state: &AppState) -> Vec<Option<Decision>> {
    state.analysis.requests.as_ref().expect("the mode is analyzed").rows.iter().map(|r| r.decision()).collect()
}

#[test]
fn the_starter_opens_in_the_mode_with_its_policy_in_the_editor() {
    let state = starter();
    assert!(state.workspace.requests().shown);
    assert_eq!(state.view.open_doc, Some(DocRef::Library("identity policy".into())));
    let result = state.analysis.requests.as_ref().expect("analyzed");
    // The row comes with a principal: the prompt asks only for what is empty.
    assert!(!state.workspace.requests().rows[0].request.principal.is_empty());
    assert!(matches!(result.rows[0].outcome, RowOutcome::Incomplete("an action")), "{:?}", result.rows[0].outcome);
    let aliyun = state.reduce(Action::LoadExample("aliyun-policies-and-requests".into()));
    assert!(aliyun.workspace.is_aliyun() && aliyun.workspace.requests().shown);
    // A scenario example is not in the mode.
    assert!(aliyun.reduce(Action::LoadExample("aws-backup".into())).analysis.requests.is_none());
}

#[test]
fn typed_cells_are_evaluated_after_the_debounce_and_buttons_at_once() {
    let state = starter();
    let doc = DocRef::Library("identity policy".into());
    let state = state.reduce(Action::ReplaceText(doc, READ.into()));
    let mut rows = state.workspace.requests().rows.clone();
    rows[0].request.action = "s3:GetObject".into();
    rows[0].request.resource = "arn:aws:s3:::bucket/key".into();
    let typed = state.reduce(Action::Requests { edit: RequestsEdit::SetRows(rows.clone()), at_ms: Some(1000.0) });
    assert!(typed.stale());
    assert_eq!(typed.analysis_due_at(), Some(1000.0 + DEBOUNCE_MS));
    let done = typed.reduce(Action::DebounceElapsed { due_at_ms: 1000.0 + DEBOUNCE_MS });
    assert_eq!(decisions(&done), vec![Some(Decision::Allow)]);
    rows[0].expected = Some("explicit_deny".into());
    let at_once = done.reduce(Action::Requests { edit: RequestsEdit::SetRows(rows), at_ms: None });
    assert!(!at_once.stale());
    let result = at_once.analysis.requests.as_ref().expect("analyzed");
    assert_eq!((result.rows[0].passed(), result.tally()), (Some(false), (0, 1)));
}

#[test]
fn an_import_reports_its_bad_cases_and_a_refused_edit_says_why() {
    let file = r#"[
  {"name": "ok", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/k"},
   "identity_policies": [{"name": "reader", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]},
  {"name": "bad", "request": {"principal": "arn:aws:iam::111111111111:user/a"}}
]"#;
    let state = edit(starter(), RequestsEdit::Import(file.into()));
    let banner = state.banner.clone().expect("a report");
    assert_eq!(banner.kind, BannerKind::Info);
    assert!(banner.text.contains("bad (line 4, column 30): the request has no \"action\""), "{}", banner.text);
    assert_eq!(decisions(&state), vec![Some(Decision::Allow)]);
    assert_eq!(state.view.open_doc, Some(DocRef::Library("reader".into())));
    let refused = edit(state, RequestsEdit::Import("{\"cases\": ".into()));
    let banner = refused.banner.clone().expect("a warning");
    assert_eq!(banner.kind, BannerKind::Warning);
    assert!(banner.text.starts_with("The case file cannot be read: line 1, column "), "{}", banner.text);
    // Read-only (an embed): nothing changes.
    let read_only = refused.reduce(Action::SetReadOnly(true));
    let same =
        read_only.clone().reduce(Action::Requests { edit: RequestsEdit::AddPolicy(Layer::Session), at_ms: None });
    assert!(Rc::ptr_eq(&read_only, &same));
}

#[test]
fn a_row_becomes_a_passing_check_of_the_scenario() {
    let state = starter().reduce(Action::ReplaceText(DocRef::Library("identity policy".into()), READ.into()));
    let state = edit(state, RequestsEdit::AddTyped("s3:GetObject arn:aws:s3:::bucket/key".into()));
    let state = edit(state, RequestsEdit::RowToCheck(0));
    assert!(!state.workspace.requests().shown);
    assert!(state.analysis.requests.is_none());
    let check = state.analysis.checks.last().expect("the check runs");
    assert_eq!(check.check, "s3:GetObject on arn:aws:s3:::bucket/key");
    assert_eq!(check.decision, Decision::Allow);
    assert!(check.passed());
    // Back in the mode, the table is as it was.
    let back = edit(state, RequestsEdit::Show(true));
    assert_eq!(decisions(&back), vec![Some(Decision::Allow)]);
}

#[test]
fn share_links_and_saved_work_carry_the_mode() {
    let state = starter().reduce(Action::ReplaceText(DocRef::Library("identity policy".into()), READ.into()));
    let mut row = Row::new("arn:aws:iam::111111111111:user/alice", "s3:GetObject", "arn:aws:s3:::bucket/key");
    row.expected = Some("allow".into());
    let state = edit(state, RequestsEdit::SetRows(vec![row]));
    let link = share::encode(&state.workspace);
    let opened = share::decode(&link).expect("the link reads");
    assert_eq!(opened, state.workspace);
    let saved = storage::parse(&storage::serialize(&state.workspace)).expect("saved work reads");
    assert_eq!(saved.requests(), state.workspace.requests());
    let reopened = Rc::new(AppState::new(opened));
    assert_eq!(decisions(&reopened), vec![Some(Decision::Allow)]);
}

#[test]
fn a_link_or_file_with_more_rows_and_layers_than_the_limits_opens_cut_to_them() {
    use policy_playground_app::requests::{MAX_LAYER_POLICIES, MAX_LEVELS, MAX_ROWS};
    // Written as a stranger's file would be: the table and the layers far over the limits.
    let mut file: serde_json::Value = serde_json::from_str(&storage::serialize(&starter().workspace)).unwrap();
    let row = serde_json::json!({"request": {"principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": []}});
    let file_requests = &mut file["workspace"]["requests"];
    file_requests["rows"] = serde_json::Value::Array(vec![row; MAX_ROWS + 7]);
    file_requests["layers"]["identity"] = serde_json::json!(vec!["identity policy"; MAX_LAYER_POLICIES + 3]);
    file_requests["layers"]["control"] = serde_json::json!(vec![vec!["identity policy"]; MAX_LEVELS + 2]);
    let saved = storage::parse(&file.to_string()).expect("the file reads");
    assert_eq!(saved.requests().rows.len(), MAX_ROWS);
    assert_eq!(saved.requests().layers.identity.len(), MAX_LAYER_POLICIES);
    assert_eq!(saved.requests().layers.control.len(), MAX_LEVELS);
    let opened = share::decode(&share::encode(&saved)).expect("the link reads");
    assert_eq!(opened.requests(), saved.requests());
}

#[test]
fn a_row_edit_changes_that_row_of_the_table_as_it_is_then() {
    use policy_playground_app::requests_edit::RowEdit;
    let state = starter().reduce(Action::ReplaceText(DocRef::Library("identity policy".into()), READ.into()));
    let state = edit(state, RequestsEdit::AddRow);
    assert_eq!(state.workspace.requests().rows.len(), 2);
    // Two edits made from the same render both land: each applies to the table it finds.
    let state = edit(state, RequestsEdit::Row(1, RowEdit::Action("s3:GetObject".into())));
    let state = edit(state, RequestsEdit::Row(1, RowEdit::Resource("arn:aws:s3:::bucket/key".into())));
    let state = edit(state, RequestsEdit::Row(1, RowEdit::Expected(Some("allow".into()))));
    let row = &state.workspace.requests().rows[1];
    assert_eq!(
        (row.request.action.as_str(), row.request.resource.as_str()),
        ("s3:GetObject", "arn:aws:s3:::bucket/key")
    );
    assert_eq!(row.expected.as_deref(), Some("allow"));
    assert_eq!(decisions(&state)[1], Some(Decision::Allow));
    let state = edit(state, RequestsEdit::Row(1, RowEdit::Expected(Some(String::new()))));
    assert_eq!(state.workspace.requests().rows[1].expected, None, "expect: any");
    let state = edit(state, RequestsEdit::Row(0, RowEdit::Remove));
    assert_eq!(state.workspace.requests().rows.len(), 1);
    assert_eq!(state.workspace.requests().rows[0].request.action, "s3:GetObject");
    // A row that is not there is refused with a message, the table unchanged.
    let refused = edit(state.clone(), RequestsEdit::Row(5, RowEdit::Remove));
    assert_eq!(refused.workspace.requests(), state.workspace.requests());
    assert!(refused.banner.as_ref().is_some_and(|b| b.text.contains("no request 6")), "{:?}", refused.banner);
}

#[test]
fn switching_a_scenario_to_the_mode_opens_a_layer_policy_or_nothing() {
    let scenario = Rc::new(AppState::new(AppState::default_example()));
    assert!(scenario.view.open_doc.is_some());
    let shown = edit(scenario, RequestsEdit::Show(true));
    assert!(shown.workspace.requests().shown);
    assert_eq!(shown.view.open_doc, None, "no scenario document beside empty layers");
    let starter = starter();
    let back = edit(starter.clone(), RequestsEdit::Show(false));
    let again = edit(back, RequestsEdit::Show(true));
    assert_eq!(again.view.open_doc, Some(DocRef::Library("identity policy".into())), "the first layer's policy");
}
