//! The engine's hints in the app: a failing check gets proposals, and one applied from the
//! result panel edits the document and makes the check pass.

use policy_playground::catalog::Catalogs;
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::workspace::{DocRef, Workspace};
use std::rc::Rc;

/// An AWS scenario: ana may read photos with her own policy, whose text `policy` is.
fn photos(policy: &str) -> Workspace {
    let text = serde_json::json!({
        "dialect": "aws",
        "accounts": [{"id": "111111111111", "name": "Main"}],
        "policies": [{"name": "ReadPhotos", "text": policy}],
        "users": [{"name": "ana", "account": "111111111111", "policies": ["ReadPhotos"]}],
        "checks": [{"name": "ana reads a photo", "from": "arn:aws:iam::111111111111:user/ana",
                    "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::photos/cat.jpg"},
                    "expected": "allow"}]
    });
    Workspace::from_scenario_text(&text.to_string(), None).expect("the scenario reads")
}

#[test]
fn a_failing_check_gets_a_hint_that_applies_as_an_edit() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos/*"}
]}"#;
    let state = Rc::new(AppState::new(photos(policy)));
    assert!(!state.analysis.checks[0].passed());
    let hints = state.analysis.hints_for(0).expect("hints for the failing check");
    let first = &hints.fixes.proposals[0];
    assert!(first.summary.contains("s3:GetObject"), "{}", first.summary);
    assert!(first.changes.iter().all(|c| c.change.edit().is_some()), "an edit of the policy");
    let fixed = state.clone().reduce(Action::ApplyHint { check: 0, proposal: 0 });
    assert!(fixed.banner.is_none(), "{:?}", fixed.banner);
    assert!(fixed.analysis.checks[0].passed(), "the applied hint makes the check pass");
    assert!(fixed.analysis.hints.is_empty());
    let library = DocRef::Library("ReadPhotos".into());
    let text = fixed.workspace.document(&library).unwrap().text.to_string();
    assert!(text.contains("s3:GetObject") && text.contains("\"Sid\": \"Read\""), "{text}");
    assert_eq!(fixed.view.open_doc, Some(library), "the edited policy is opened");
}

#[test]
fn a_hint_that_is_not_an_edit_is_refused_with_a_reason() {
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()))
        .reduce(Action::CatalogLoaded(Catalogs::builtin()));
    // Detach AliyunHBRRolePolicy from hbrcrossrole: the hint is to attach a policy again.
    let role = state.workspace.documents().into_iter().find(|d| d.name == "hbrcrossrole trust policy").unwrap();
    let DocRef::Trust { account, role } = role.doc else { panic!("a trust policy") };
    let detached = state.reduce(Action::Attach(account, role, "AliyunHBRRolePolicy".into(), false));
    let (check, hints) = detached.analysis.hints.first().expect("a failing check with hints");
    let attach = hints.fixes.proposals.iter().position(|p| p.changes.iter().any(|c| c.change.edit().is_none()));
    let proposal = attach.expect("a proposal that attaches a policy");
    let after = detached.clone().reduce(Action::ApplyHint { check: *check, proposal });
    let banner = after.banner.as_ref().expect("a banner says why");
    assert!(banner.text.contains("not an edit of a document"), "{}", banner.text);
    assert_eq!(after.workspace, detached.workspace, "nothing changed");
}

#[test]
fn a_broken_trust_policy_gets_a_hint_for_the_trust_policy() {
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    let trust = state.workspace.documents().into_iter().find(|d| d.name == "hbrcrossrole trust policy").unwrap();
    let broken = trust.text.replace("role/AliyunServiceRoleForHbrCrossAccountBackup", "role/ops");
    let after = state.reduce(Action::ReplaceText(trust.doc.clone(), broken));
    let (check, hints) = after.analysis.hints.first().expect("hints for the broken chain");
    let summaries: Vec<&str> = hints.fixes.proposals.iter().map(|p| p.summary.as_str()).collect();
    assert!(summaries.iter().any(|s| s.contains("hbrcrossrole trust policy")), "{summaries:?} {:?}", hints.fixes.notes);
    let proposal = hints.fixes.proposals.iter().position(|p| p.summary.contains("hbrcrossrole trust policy")).unwrap();
    let fixed = after.clone().reduce(Action::ApplyHint { check: *check, proposal });
    assert!(fixed.banner.is_none(), "{:?}", fixed.banner);
    assert!(fixed.analysis.checks[*check].passed());
}
