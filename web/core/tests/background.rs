//! A large workspace is analysed in the worker: the page's reducer hands it over instead of
//! analysing it, the worker's summary says what the page's own analysis would (same decisions,
//! sentences, explanations, findings), its JSON crosses back intact, and only the newest
//! request's answer is kept; Cancel and "Analyse again" work.

use policy_playground::catalog::Catalogs;
use policy_playground_app::analysis::analyze;
use policy_playground_app::background::{
    self, BACKGROUND_BYTES, BackgroundRequest, LISTED_FINDINGS, Summary, answer_json, read_answer, summarize,
};
use policy_playground_app::editor::EditorDoc;
use policy_playground_app::examples::EXAMPLES;
use policy_playground_app::state::{Action, AppState, BackgroundStatus};
use policy_playground_app::workspace::{DocRef, Workspace};
use std::rc::Rc;

/// The open document's text grown to `statements` statements: the original ones first (so the
/// decisions are the example's), then Allow statements on resources of their own, every 97th
/// listing its action twice (a finding with a fix, whatever catalogues the build has).
fn grown(text: &str, statements: usize) -> String {
    let value: serde_json::Value = serde_json::from_str(text).expect("the example's policy is JSON");
    let mut list = value["Statement"].as_array().cloned().unwrap_or_default();
    for i in list.len()..statements {
        let action = if i % 97 == 0 {
            serde_json::json!(["hbr:DescribeVaults", "hbr:DescribeVaults"])
        } else {
            serde_json::json!("hbr:DescribeVaults")
        };
        list.push(
            serde_json::json!({"Effect": "Allow", "Action": action, "Resource": format!("acs:hbr:*:*:vault/v-{i}")}),
        );
    }
    let lines: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    format!("{{\n\"Version\": \"1\",\n\"Statement\": [\n{}\n]\n}}", lines.join(",\n"))
}

/// The RAM-role example with its first editable policy grown to `statements` statements.
fn large_state(statements: usize) -> (Rc<AppState>, DocRef) {
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    let doc = state.view.open_doc.clone().expect("an editable document is open");
    let text = grown(&state.workspace.document(&doc).unwrap().text, statements);
    let state = state.reduce(Action::Edit { doc: doc.clone(), text, at_ms: 0.0 }).reduce(Action::Analyze);
    (state, doc)
}

fn request_of(state: &AppState) -> BackgroundRequest {
    BackgroundRequest {
        workspace: state.workspace.clone(),
        mutations: state.view.mutations.clone(),
        form: state.view.request.clone(),
        revision: state.revision,
    }
}

fn serial(state: &AppState) -> u64 {
    match state.background.status {
        BackgroundStatus::Running { serial } => serial,
        ref other => panic!("expected a running background analysis, found {other:?}"),
    }
}

#[test]
fn every_built_in_example_is_analysed_on_the_page() {
    for example in EXAMPLES {
        let workspace = Workspace::example(example.id).unwrap();
        let bytes = background::policy_bytes(&workspace);
        assert!(
            bytes * 3 < BACKGROUND_BYTES,
            "{}: {bytes} bytes of policies is near the worker's threshold",
            example.id
        );
        let state = AppState::new(workspace);
        assert_eq!(state.background.status, BackgroundStatus::Off, "{}", example.id);
    }
}

#[test]
fn a_large_workspace_is_handed_to_the_worker_not_analysed_on_the_page() {
    let (state, _) = large_state(3_000);
    assert!(background::policy_bytes(&state.workspace) > BACKGROUND_BYTES);
    let first = serial(&state);
    assert!(state.analysis.checks.is_empty() && state.analysis.scenario.is_none(), "the page did not analyse it");
    // Every change sends a new request; an answer to an older one is dropped.
    let changed = state.clone().reduce(Action::ToggleMutation("nothing".into()));
    let second = serial(&changed);
    assert!(second > first);
    let stale = changed.clone().reduce(Action::BackgroundAnswered { serial: first, answer: Ok(Summary::default()) });
    assert_eq!(
        stale.background.status,
        BackgroundStatus::Running { serial: second },
        "an older answer does not end the newest request"
    );
    assert!(stale.background_summary().is_none(), "nor is it current");
    let changed = stale;
    let summary = summarize(&request_of(&changed), &Catalogs::builtin());
    let done = changed.reduce(Action::BackgroundAnswered { serial: second, answer: Ok(summary.clone()) });
    assert_eq!(done.background.status, BackgroundStatus::Done);
    assert_eq!(done.background_summary().map(|s| (**s).clone()), Some(summary));
}

#[test]
fn cancel_stops_waiting_and_analyse_again_sends_a_new_request() {
    let (state, doc) = large_state(3_000);
    let first = serial(&state);
    let cancelled = state.reduce(Action::CancelBackground);
    assert_eq!(cancelled.background.status, BackgroundStatus::Cancelled);
    let late = cancelled.clone().reduce(Action::BackgroundAnswered { serial: first, answer: Ok(Summary::default()) });
    assert!(Rc::ptr_eq(&late, &cancelled), "a cancelled request's answer is dropped");
    let again = cancelled.reduce(Action::Analyze);
    assert!(serial(&again) > first, "Analyse again sends a new request");
    let failed =
        again.clone().reduce(Action::BackgroundAnswered { serial: serial(&again), answer: Err("boom".into()) });
    assert_eq!(failed.background.status, BackgroundStatus::Failed("boom".into()));
    // Back under the threshold, the page analyses it itself again.
    let small = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"hbr:*","Resource":"*"}]}"#;
    let small = failed.reduce(Action::Edit { doc, text: small.into(), at_ms: 0.0 }).reduce(Action::Analyze);
    assert_eq!(small.background.status, BackgroundStatus::Off);
    assert!(!small.analysis.checks.is_empty());
}

#[test]
fn the_summary_says_what_the_page_would() {
    let (state, doc) = large_state(3_000);
    let catalogs = Catalogs::builtin();
    let request = request_of(&state);
    let summary = summarize(&request, &catalogs);
    // The page's own analysis of the same workspace, as it would run it.
    let analysis = analyze(&request.workspace, &request.mutations, &request.form, &catalogs);
    assert!(!analysis.checks.is_empty());
    assert_eq!(summary.checks.len(), analysis.checks.len());
    for (line, check) in summary.checks.iter().zip(&analysis.checks) {
        assert_eq!(line.name, check.check);
        assert_eq!(line.decision, check.decision.as_str());
        assert_eq!(line.passed, check.passed());
        assert_eq!(line.summary, check.summary);
        assert_eq!(line.explanation, check.render_text());
    }
    assert!(summary.checks.iter().any(|c| !c.decisive.is_empty()), "decisive statements are named");
    // The same highlight in every document for every check as the page's own analysis gives.
    for doc in state.workspace.documents() {
        for i in 0..analysis.checks.len() {
            let page = policy_playground_app::editor::highlight(None, &doc, &analysis, i);
            assert_eq!(summary.highlight(i, &doc.doc), page, "check {i}, {}", doc.name);
        }
    }
    // An embed tells its page the same decision either way.
    use policy_playground_app::embed::Message;
    for (i, (line, check)) in summary.checks.iter().zip(&analysis.checks).enumerate() {
        assert_eq!(Message::decision_in_summary(i, line), Message::decision(i, check));
    }
    assert_eq!(summary.dialect, analysis.dialect());
    // The large document's findings are the editor's, listed up to the cap, all marked.
    let editor = EditorDoc::of(&state.workspace, &doc).unwrap();
    let all = editor.findings(analysis.dialect(), &catalogs);
    let found = summary.findings_of(&doc).expect("the large document was checked");
    assert_eq!(found.count, all.len());
    assert!(found.count > 0);
    assert_eq!(found.listed.len(), all.len().min(LISTED_FINDINGS));
    assert_eq!(found.listed[0].label, policy_playground_app::editor::finding_label(&all[found.listed[0].id]));
    let marks: Vec<serde_json::Value> = serde_json::from_str(&found.marks).unwrap();
    assert_eq!(marks.len(), all.len().min(policy_playground_app::editor::MARKED_FINDINGS));
}

#[test]
fn the_answer_crosses_from_the_worker_intact() {
    let (state, _) = large_state(2_000);
    let request = request_of(&state);
    let json = serde_json::to_string(&request).unwrap();
    let answer = answer_json(&json, &Catalogs::builtin());
    assert_eq!(read_answer(&answer), Ok(summarize(&request, &Catalogs::builtin())));
    let broken = read_answer(&answer_json("{\"workspace\": 3}", &Catalogs::builtin()));
    assert!(broken.unwrap_err().starts_with("the page sent a request the worker cannot read"));
    assert!(read_answer("not json").unwrap_err().starts_with("the worker's answer could not be read"));
}

#[test]
fn the_summary_stays_small_whatever_the_policy() {
    let (state, _) = large_state(20_000);
    let summary = summarize(&request_of(&state), &Catalogs::builtin());
    let listed = serde_json::to_string(&Summary { findings: Vec::new(), ..summary.clone() }).unwrap();
    assert!(listed.len() < 64 * 1024, "the part the page reads is {} bytes", listed.len());
    assert!(summary.findings.iter().all(|f| f.listed.len() <= LISTED_FINDINGS));
    let bytes = background::policy_bytes(&state.workspace);
    assert!(bytes > 1_000_000, "{bytes}");
}

#[test]
fn every_part_of_the_summary_crosses_intact() {
    use policy_playground_app::requests_edit::RequestsEdit;
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    // A "what breaks" change makes a check fail (hints), and the table has a row (rows).
    let mutation = state.analysis.mutations.first().expect("the example has what-breaks changes").id.clone();
    let state = state.reduce(Action::ToggleMutation(mutation));
    assert!(state.analysis.checks.iter().any(|c| !c.passed()));
    let state = state.reduce(Action::Requests { edit: RequestsEdit::AddRow, at_ms: None });
    let state = state.reduce(Action::Requests { edit: RequestsEdit::Show(true), at_ms: None });
    let doc = state.workspace.documents().into_iter().find(|d| !d.read_only).unwrap();
    let text = grown(&doc.text, 2_000);
    let state = state.reduce(Action::Edit { doc: doc.doc.clone(), text, at_ms: 0.0 }).reduce(Action::Analyze);
    serial(&state);
    let request = request_of(&state);
    let summary = summarize(&request, &Catalogs::builtin());
    assert!(summary.rows.as_ref().is_some_and(|r| !r.is_empty()), "rows");
    assert!(summary.checks.iter().any(|c| c.hints.is_some()), "hints");
    assert!(summary.checks.iter().any(|c| !c.highlights.is_empty()), "highlights");
    assert!(summary.request.is_some(), "the request builder's request");
    assert!(summary.findings[0].listed.iter().any(|f| f.fix.is_some()), "a quick fix");
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(read_answer(&answer_json(&json, &Catalogs::builtin())), Ok(summary));
}

#[test]
fn the_editor_marks_the_most_serious_findings_first_and_lists_only_marked_ones() {
    use policy_playground_app::background::listed;
    use policy_playground_app::editor::{MARKED_FINDINGS, editor_diagnostics};
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    let doc = state.view.open_doc.clone().unwrap();
    // Every statement lists its action twice (a finding each); the last one allows with NotAction (a
    // security warning, more serious).
    let mut statements: Vec<String> = (0..MARKED_FINDINGS + 500)
        .map(|i| format!(r#"{{"Effect":"Allow","Action":["hbr:DescribeVaults","hbr:DescribeVaults"],"Resource":"acs:hbr:*:*:vault/v-{i}"}}"#))
        .collect();
    statements.push(r#"{"Effect":"Allow","NotAction":"hbr:DescribeVaults","Resource":"*"}"#.into());
    let text = format!("{{\"Version\":\"1\",\"Statement\":[\n{}\n]}}", statements.join(",\n"));
    let state = state.reduce(Action::Edit { doc: doc.clone(), text: text.clone(), at_ms: 0.0 });
    let editor = EditorDoc::of(&state.workspace, &doc).unwrap();
    let all = editor.findings(None, &Catalogs::builtin());
    assert!(all.len() > MARKED_FINDINGS + 400, "{}", all.len());
    let worst = all.iter().map(|f| f.severity).min().unwrap();
    let error = all.iter().position(|f| f.severity == worst).unwrap();
    assert!(
        error > MARKED_FINDINGS,
        "the most serious comes after the first {MARKED_FINDINGS} findings: {error} ({worst})"
    );
    let marks = editor_diagnostics(&text, &all);
    assert_eq!(marks.len(), MARKED_FINDINGS);
    assert!(marks.iter().any(|m| m.id == error), "the most serious is marked");
    assert!(marks.windows(2).all(|w| w[0].id < w[1].id), "in the text's order");
    let listed = listed(&all);
    assert_eq!(listed[0].id, error, "the list starts with the most serious");
    assert!(listed.iter().all(|l| marks.iter().any(|m| m.id == l.id)), "every listed finding is marked");
}

/// A summary of `state` as the worker would answer its latest request.
fn answer_for(state: &AppState) -> Summary {
    summarize(&request_of(state), &Catalogs::builtin())
}

#[test]
fn an_answer_about_an_older_text_is_shown_as_out_of_date_never_as_current() {
    let (state, doc) = large_state(2_000);
    let first = serial(&state);
    let summary = answer_for(&state);
    // Typed on before the answer came (within the debounce: no new request yet).
    let text = format!("{} ", state.workspace.document(&doc).unwrap().text);
    let typed = state.reduce(Action::Edit { doc: doc.clone(), text, at_ms: 0.0 });
    let answered = typed.reduce(Action::BackgroundAnswered { serial: first, answer: Ok(summary) });
    assert!(answered.background.summary.is_some(), "the answer is kept to show");
    assert!(answered.background_summary().is_none(), "but it is not current: its marks and spans are for the old text");
    // The debounce then sends the new text; its answer is current.
    let again = answered.reduce(Action::Analyze);
    let second = serial(&again);
    assert!(second > first);
    let summary = answer_for(&again);
    let done = again.reduce(Action::BackgroundAnswered { serial: second, answer: Ok(summary) });
    assert!(done.background_summary().is_some());
}

#[test]
fn an_older_requests_answer_shows_while_the_newest_runs() {
    let (state, _) = large_state(2_000);
    let old = answer_for(&state);
    let first = serial(&state);
    let newer = state.reduce(Action::ToggleMutation("nothing".into()));
    let second = serial(&newer);
    let shown = newer.reduce(Action::BackgroundAnswered { serial: first, answer: Ok(old) });
    assert_eq!(shown.background.status, BackgroundStatus::Running { serial: second }, "the newest still runs");
    assert_eq!(shown.background.answered, first, "the older answer shows meanwhile");
    let failed_old = shown.clone().reduce(Action::BackgroundAnswered { serial: first, answer: Err("late".into()) });
    assert!(Rc::ptr_eq(&failed_old, &shown), "an older request's failure changes nothing");
    let latest = answer_for(&shown);
    let done = shown.reduce(Action::BackgroundAnswered { serial: second, answer: Ok(latest) });
    assert_eq!(done.background.status, BackgroundStatus::Done);
    assert!(done.background_summary().is_some());
}

#[test]
fn a_restored_view_of_a_large_workspace_keeps_its_check_and_toggles_until_the_answer() {
    use policy_playground_app::snapshot::{SavedView, Snapshot};
    let (state, _) = large_state(2_000);
    let small = AppState::new(Workspace::example("cloud-backup-ram-role").unwrap());
    let check = small.analysis.checks[2].check.clone();
    let toggle = small.analysis.mutations[0].id.clone();
    let view = SavedView { check: Some(check.clone()), toggles: [toggle.clone()].into(), ..SavedView::default() };
    let mut opened = AppState::new(Workspace::example("cloud-backup-ram-role").unwrap());
    opened.open(Snapshot { workspace: state.workspace.clone(), view });
    assert!(opened.banner.is_none(), "no warning about names it could not check: {:?}", opened.banner);
    assert!(opened.view.mutations.contains(&toggle), "the toggle is kept");
    let latest = serial(&opened);
    let answer = answer_for(&opened);
    let answered = Rc::new(opened).reduce(Action::BackgroundAnswered { serial: latest, answer: Ok(answer) });
    let summary = answered.background_summary().expect("current");
    assert_eq!(summary.checks[answered.view.selected_check].name, check, "the saved check is shown once named");
    assert!(answered.background.pending_check.is_none());
}

#[test]
fn opening_another_workspace_forgets_the_summary_of_the_last() {
    let (state, _) = large_state(2_000);
    let latest = serial(&state);
    let answer = answer_for(&state);
    let answered = state.reduce(Action::BackgroundAnswered { serial: latest, answer: Ok(answer) });
    assert!(answered.background.summary.is_some());
    let other = answered.reduce(Action::LoadExample(EXAMPLES[1].id.into()));
    assert_eq!(other.background.status, BackgroundStatus::Off);
    assert!(other.background.summary.is_none(), "a summary of the workspace before says nothing of this one");
    assert_eq!(other.dialect(), other.analysis.dialect());
}

#[test]
fn the_worker_reads_the_scenarios_own_catalogue_so_its_arrival_on_the_page_runs_nothing_again() {
    // A page that has fetched no catalogue yet (a large workspace opened cold).
    let mut fresh = AppState::new(Workspace::example("cloud-backup-ram-role").unwrap());
    fresh.catalog_set = Catalogs::none();
    let doc = fresh.view.open_doc.clone().unwrap();
    let text = grown(&fresh.workspace.document(&doc).unwrap().text, 2_000);
    let state = Rc::new(fresh).reduce(Action::Edit { doc, text, at_ms: 0.0 }).reduce(Action::Analyze);
    let dialect = state.workspace.declared_dialect().expect("the example declares its cloud");
    assert_eq!(state.background.catalogs, vec![dialect], "the request asks for the scenario's cloud's catalogue");
    let latest = serial(&state);
    let own = Catalogs::none().with(Catalogs::builtin().get(dialect).expect("compiled in").clone());
    let arrived = state.reduce(Action::CatalogLoaded(own.clone()));
    assert_eq!(serial(&arrived), latest, "no second run for a catalogue the worker read");
    let other_cloud = [policy_playground::Dialect::Aws, policy_playground::Dialect::Aliyun]
        .into_iter()
        .find(|d| *d != dialect)
        .unwrap();
    let both = own.with(Catalogs::builtin().get(other_cloud).expect("the workspace build compiles both in").clone());
    let other = arrived.reduce(Action::CatalogLoaded(both));
    assert!(serial(&other) > latest, "another cloud's catalogue arriving runs the analysis again");
}

#[test]
fn explanations_in_a_summary_are_bounded_even_against_a_huge_identity_policy() {
    use policy_playground_app::background::{EXPLANATION_BYTES, SUMMARY_TEXT_BYTES};
    use policy_playground_app::requests_edit::{RequestsEdit, RowEdit};
    // The policies-and-requests mode: every row is evaluated against the first layer's policy,
    // grown to 20,000 statements (each listed in a full explanation).
    let state = Rc::new(AppState::new(Workspace::example("aliyun-policies-and-requests").unwrap()));
    let state = state.reduce(Action::Requests { edit: RequestsEdit::Show(true), at_ms: None });
    let doc = state.view.open_doc.clone().expect("the first layer's policy is open");
    let text = grown(&state.workspace.document(&doc).unwrap().text, 20_000);
    let mut state = state.reduce(Action::Edit { doc, text, at_ms: 0.0 });
    for i in 0..80 {
        state = state.reduce(Action::Requests { edit: RequestsEdit::AddRow, at_ms: None });
        let row = |edit| Action::Requests { edit: RequestsEdit::Row(i, edit), at_ms: None };
        state = state.reduce(row(RowEdit::Principal("acs:ram::1111111111111111:role/ops".into())));
        state = state.reduce(row(RowEdit::Action("hbr:DescribeVaults".into())));
    }
    let state = state.reduce(Action::Analyze);
    serial(&state);
    let summary = answer_for(&state);
    let rows = summary.rows.as_ref().expect("rows");
    assert!(rows.len() > 80, "{}", rows.len());
    let texts = summary.checks.iter().map(|c| &c.explanation).chain(rows.iter().map(|r| &r.explanation));
    let total: usize = texts.clone().map(|t| t.len()).sum();
    assert!(total <= SUMMARY_TEXT_BYTES + 81 * 400, "{total} bytes of explanations");
    assert!(texts.clone().all(|t| t.len() <= EXPLANATION_BYTES + 400), "each explanation is cut");
    assert!(
        texts.clone().any(|t| t.contains("more statements")),
        "a policy's statements past the first few are counted, not listed"
    );
    let json = serde_json::to_string(&Summary { findings: Vec::new(), ..summary }).unwrap();
    assert!(json.len() < 2 * SUMMARY_TEXT_BYTES, "the part the page reads: {} bytes", json.len());
}

#[test]
fn every_kind_of_document_crosses_in_a_summary() {
    use policy_playground::findings::Severity;
    use policy_playground::span::Span;
    use policy_playground_app::background::{CheckLine, DocFindings, ListedFinding, StatementLink};
    let span = Span { start: 3, end: 9, line: 2, column: 4, end_line: 2, end_column: 10 };
    let docs = [
        DocRef::Library("Ops \"quoted\" ü".into()),
        DocRef::Trust { account: "1111111111111111".into(), role: "hbrcrossrole".into() },
        DocRef::Resource("arn:aws:s3:::bucket/key".into()),
    ];
    let summary = Summary {
        revision: 7,
        bytes: 200_000,
        dialect: Some(policy_playground::Dialect::Aws),
        loaded: true,
        checks: vec![CheckLine {
            name: "reads".into(),
            decision: "explicit_deny".into(),
            expected: "allow".into(),
            passed: false,
            summary: "denied".into(),
            explanation: "line 1\nline 2".into(),
            hints: Some("add".into()),
            decisive: vec![StatementLink { label: "statement 1".into(), policy: "p".into(), span }],
            highlights: docs.iter().map(|d| (d.clone(), span)).collect(),
        }],
        findings: docs
            .iter()
            .map(|d| DocFindings {
                doc: d.clone(),
                listed: vec![ListedFinding {
                    id: 4,
                    severity: Severity::SecurityWarning,
                    label: "x".into(),
                    span,
                    fix: Some("fix".into()),
                }],
                count: 5,
                errors: 0,
                marks: "[]".into(),
            })
            .collect(),
        ..Summary::default()
    };
    let json = serde_json::to_string(&Ok::<&Summary, String>(&summary)).unwrap();
    assert_eq!(read_answer(&json), Ok(summary));
}

#[test]
fn a_problem_repeated_in_every_statement_is_listed_once_with_its_count() {
    let (state, _) = large_state(10);
    let trust = state
        .workspace
        .documents()
        .into_iter()
        .find(|d| matches!(d.doc, DocRef::Trust { .. }) && !d.read_only)
        .expect("an editable trust policy");
    // 3,000 statements trusting an account the scenario does not have.
    let statement =
        r#"{"Effect":"Allow","Principal":{"RAM":["acs:ram::4444444444444444:root"]},"Action":"sts:AssumeRole"}"#;
    let text = format!("{{\"Version\":\"1\",\"Statement\":[{}]}}", vec![statement; 3_000].join(",\n"));
    let state = state.reduce(Action::Edit { doc: trust.doc, text, at_ms: 0.0 }).reduce(Action::Analyze);
    let summary = answer_for(&state);
    let unknown: Vec<&str> =
        summary.problems.iter().map(|p| p.message.as_str()).filter(|m| m.contains("4444444444444444")).collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0].starts_with("unknown account \"4444444444444444\" (named in the trust policy of"),
        "{}",
        unknown[0]
    );
    assert!(unknown[0].ends_with("(3000 times)"), "{}", unknown[0]);
}
