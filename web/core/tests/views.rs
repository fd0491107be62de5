//! What the panels are given: the explorer's outline, the editor's findings and highlight, the
//! and the request builder's suggestions.

use policy_playground::findings::{Catalogs, Severity};
use policy_playground_app::editor::{self, EditorDoc};
use policy_playground_app::outline::{LibraryRow, Outline, RoleRow};
use policy_playground_app::request::{self, Field, RequestForm};
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::workspace::{DocRef, Workspace};
use std::rc::Rc;

const B: &str = "2222222222222222";

fn state(example: &str) -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::example(example).unwrap()))
}

#[test]
fn the_outline_shows_standing_and_ignores_typing() {
    let s = state("cloud-backup-resource-directory");
    let outline = Outline::of(&s.workspace, s.analysis.scenario.as_ref());
    let tags: Vec<&str> = outline.accounts.iter().flat_map(|a| a.standing.iter().map(String::as_str)).collect();
    assert!(tags.contains(&"management account"), "{tags:?}");
    assert!(tags.contains(&"member in Production"), "{tags:?}");
    assert!(tags.contains(&"outside the organization"), "{tags:?}");
    assert!(tags.iter().any(|t| t.starts_with("delegated administrator for hbr")), "{tags:?}");
    assert!(outline.library.iter().any(|p| p == &LibraryRow { name: "DenySnapshotDeletion".into(), system: false }));

    let s = state("cloud-backup-ram-role");
    let outline = Outline::of(&s.workspace, s.analysis.scenario.as_ref());
    let b = outline.accounts.iter().find(|a| a.id == B).unwrap();
    assert_eq!(
        b.roles,
        vec![RoleRow { name: "hbrcrossrole".into(), policies: vec!["AliyunHBRRolePolicy".into()], service: None }]
    );
    assert!(b.standing.is_empty(), "no organization");
    let doc = DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() };
    let typed = s.clone().reduce(Action::Edit { doc, text: "{".into(), at_ms: 0.0 });
    assert_eq!(
        Outline::of(&typed.workspace, typed.analysis.scenario.as_ref()),
        outline,
        "the explorer does not change"
    );
}

#[test]
fn findings_fixes_marks_and_offsets() {
    let mut w = Workspace::example("cloud-backup-ram-role").unwrap();
    let doc = DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() };
    let text = "{\n  \"Version\": \"1\"\n  \"Statement\": []\n}";
    w.set_text(&doc, text);
    let open = EditorDoc::of(&w, &doc).unwrap();
    assert_eq!(open.own_account.as_deref(), Some(B));
    assert!(!open.service_linked);
    assert_eq!(open.accounts.len(), 3);
    let findings = open.findings(Some(policy_playground::Dialect::Aliyun), &Catalogs::builtin());
    let first = &findings[0];
    assert_eq!((first.code, first.severity, first.span.line), ("json-syntax", Severity::Error, 2));
    assert!(first.message.contains("missing comma"), "{}", first.message);
    let fixed = editor::apply_fix(text, first.fix.as_ref().unwrap()).unwrap();
    assert_eq!(fixed, "{\n  \"Version\": \"1\",\n  \"Statement\": []\n}");
    assert!(
        editor::finding_label(first).starts_with(" [json-syntax] line 2, column 17: "),
        "{}",
        editor::finding_label(first)
    );
    assert_eq!(editor::utf16_offset("aé😀b", 7), 4, "é is one unit, 😀 two");
    assert_eq!(editor::utf16_offset("aé", 2), 1, "inside a character: its start");
    assert_eq!(editor::severity_class(Severity::SecurityWarning), "security");
}

#[test]
fn the_highlight_is_the_jump_target_or_the_decisive_statement() {
    let s = state("cloud-backup-ram-role");
    let info = s.workspace.document(&DocRef::Library("AliyunHBRRolePolicy".into())).unwrap();
    // Check 0 (a snapshot in B) is allowed by AliyunHBRRolePolicy: its statement is decisive.
    let span = editor::decisive_span(&s.analysis, 0, "AliyunHBRRolePolicy").expect("decisive");
    let (from, to) = editor::highlight_range(&info.text, Some(span)).expect("the span fits");
    let units: Vec<u16> = info.text.encode_utf16().collect();
    let mid = String::from_utf16(&units[from..to]).unwrap();
    assert!(mid.starts_with('{') && mid.contains("ecs:CreateSnapshot"), "{mid}");
    assert_eq!(editor::highlight(None, &info, &s.analysis, 0), Some(span));
    let jump = policy_playground::span::Span { start: 0, end: 1, line: 1, column: 1, ..Default::default() };
    let focused = s.reduce(Action::JumpTo { policy: "AliyunHBRRolePolicy".into(), span: jump });
    assert_eq!(editor::highlight(focused.focus.as_ref(), &info, &focused.analysis, 0), Some(jump));
    let too_long = policy_playground::span::Span { end: 1_000_000, ..jump };
    assert_eq!(editor::highlight_range("abc", Some(too_long)), None);
    assert_eq!(editor::highlight_range("abc", None), None);
}

#[test]
fn in_a_trust_policy_the_highlight_is_the_principal_it_admits_not_the_whole_statement() {
    let s = state("cloud-backup-ram-role");
    let doc = DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() };
    let info = s.workspace.document(&doc).unwrap();
    let statement = editor::decisive_span(&s.analysis, 0, &info.name).expect("the trust policy decides hop 2");
    let span = editor::highlight(None, &info, &s.analysis, 0).expect("a highlight");
    assert!(span.start > statement.start && span.end < statement.end, "{span:?} inside {statement:?}");
    let text = &info.text[span.start..span.end];
    assert!(text.contains("AliyunServiceRoleForHbrCrossAccountBackup") && !text.contains("sts:AssumeRole"), "{text}");
}

#[test]
fn suggestions_and_missing_keys() {
    let s = state("cloud-backup-resource-directory");
    let found = request::suggestions(s.analysis.scenario.as_ref().unwrap(), "", &Catalogs::builtin());
    assert!(found.principals.iter().any(|p| p.ends_with(":user/bob")), "{:?}", found.principals);
    assert!(found.actions.iter().all(|a| !a.contains('*')));
    assert!(found.actions.contains(&"ecs:DeleteSnapshot".to_string()), "{:?}", found.actions);
    // Cloud Backup's request on an untagged bucket: the policies test the bucket's tag.
    let check = s.analysis.checks.iter().find(|c| c.check == "OSS objects in untagged buckets are refused").unwrap();
    let f = check.final_request.as_ref().unwrap();
    let form = RequestForm {
        principal: f.principal.clone(),
        action: f.action.clone(),
        resource: f.resource.clone(),
        context: vec![],
    };
    let asked = s.clone().reduce(Action::SetRequest(form.clone()));
    assert_eq!(
        policy_playground_app::analysis::missing_keys(&asked.analysis, &form),
        ["oss:BucketSysTag/acs:hbr:backup"]
    );
    let with_row = form.with_key("OSS:BucketSysTag/acs:hbr:backup");
    assert!(
        policy_playground_app::analysis::missing_keys(&asked.analysis, &with_row).is_empty(),
        "a row for the key, in any case"
    );
    let tagged = asked.reduce(Action::SetRequest(with_row.with_context_cell(0, true, "True".into())));
    assert_eq!(tagged.analysis.request.as_ref().unwrap().decision, policy_playground::Decision::Allow);
    let form = RequestForm::default().with_field(Field::Action, "ecs:X".into()).with_key("k").with_context_cell(
        0,
        true,
        "[\"a\", \"b\"]".into(),
    );
    assert_eq!(form.action, "ecs:X");
    assert_eq!(form.context, vec![("k".to_string(), "[\"a\", \"b\"]".to_string())]);
    assert!(!form.is_complete());
    assert_eq!(form.without_row(0).context, vec![]);
    assert_eq!(form.without_row(5), form);
}

#[test]
fn a_request_key_the_cloud_never_sends_is_listed_as_left_out_not_missing() {
    let s = state("aws-backup");
    let form = RequestForm {
        principal: "arn:aws:iam::111122223333:user/ana".into(),
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::b/k".into(),
        context: vec![("s3:max-keys".into(), "10".into()), ("aws:SourceIp".into(), "10.0.0.1".into())],
    };
    // Without the AWS catalogue the app cannot tell: nothing is left out.
    let blind = s.clone().reduce(Action::CatalogLoaded(Catalogs::none()));
    let asked = blind.reduce(Action::SetRequest(form.clone()));
    assert!(policy_playground_app::analysis::left_out_keys(&asked.analysis).is_empty());
    // With it, s3:max-keys (a ListBucket key) is left out; aws:SourceIp (global) stays.
    let asked = asked.reduce(Action::CatalogLoaded(Catalogs::builtin()));
    assert_eq!(policy_playground_app::analysis::left_out_keys(&asked.analysis), ["s3:max-keys"]);
    let evaluation = &asked.analysis.request.as_ref().unwrap().evaluation;
    assert!(
        evaluation.notes.iter().any(|n| n.starts_with("left out of the evaluation: s3:max-keys")),
        "{:?}",
        evaluation.notes
    );
    assert!(
        !policy_playground_app::analysis::missing_keys(&asked.analysis, &form).iter().any(|k| k.contains("max-keys")),
        "a key the request has is not offered again"
    );
}
