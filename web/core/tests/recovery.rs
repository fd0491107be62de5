//! After a panic the app restarts from the saved work with the editor's text put back: what the
//! restarted app opens and shows.

use policy_playground::Decision;
use policy_playground_app::banner::BannerKind;
use policy_playground_app::recovery::{Recovery, recover, restart_startup};
use policy_playground_app::share;
use policy_playground_app::startup::Startup;
use policy_playground_app::state::AppState;
use policy_playground_app::workspace::{DocRef, Workspace};

const CHECK: &str = "Cloud Backup snapshots a disk in B";

fn hbrcrossrole() -> DocRef {
    DocRef::Trust { account: "2222222222222222".into(), role: "hbrcrossrole".into() }
}

fn decision(state: &AppState) -> Decision {
    state.analysis.checks.iter().find(|c| c.check == CHECK).unwrap().decision
}

fn held(doc: &DocRef, text: &str) -> serde_json::Value {
    serde_json::json!({"doc": serde_json::to_string(doc).unwrap(), "text": text})
}

#[test]
fn the_editors_text_newer_than_the_save_is_put_back_and_the_banner_says_what_happened() {
    let saved = Workspace::example("cloud-backup-ram-role").unwrap();
    let typed =
        saved.document(&hbrcrossrole()).unwrap().text.replace("AliyunServiceRoleForHbrCrossAccountBackup", "ops");
    let json =
        serde_json::json!({"message": "panicked at store.rs:1:1: boom", "texts": [held(&hbrcrossrole(), &typed)]});
    let recovery = Recovery::parse(&json.to_string()).unwrap();
    let state = AppState::new(saved);
    assert_eq!(decision(&state), Decision::Allow);

    let state = recover(state, &recovery);
    assert_eq!(&*state.workspace.document(&hbrcrossrole()).unwrap().text, typed.as_str());
    assert_eq!(decision(&state), Decision::ImplicitDeny, "analyzed with the text put back");
    assert!(!state.stale());
    let banner = state.banner.unwrap();
    assert_eq!(banner.kind, BannerKind::Error);
    assert!(banner.text.contains("boom") && banner.text.contains("restarted"), "{}", banner.text);
    assert!(banner.text.contains("text in the editor are kept"), "{}", banner.text);
}

#[test]
fn a_text_that_cannot_be_put_back_is_said_and_the_saved_work_stays() {
    let saved = Workspace::example("cloud-backup-service-linked-roles").unwrap();
    let system = DocRef::Library("AliyunServiceRolePolicyForHbrEcsBackup".into());
    let json =
        serde_json::json!({"message": "m", "texts": [held(&system, "{}"), {"doc": "not a document", "text": "x"}]});
    let state = recover(AppState::new(saved.clone()), &Recovery::parse(&json.to_string()).unwrap());
    assert_eq!(state.workspace, saved, "a read-only document is not changed");
    assert!(state.banner.unwrap().text.contains("could not be put back"));
    assert_eq!(Recovery::parse("{\"texts\": []}"), None, "a hand-over without its message is not trusted");
    assert_eq!(Recovery::parse("not json"), None);
}

#[test]
fn a_restart_opens_the_saved_work_rather_than_the_address_except_in_an_embed() {
    let link = share::encode(&Workspace::example("aws-backup").unwrap());
    let opened = Startup::parse(&format!("#{link}"), "?example=aws-backup");
    let restarted = restart_startup(&opened);
    assert_eq!((restarted.fragment.as_str(), restarted.example.as_deref()), ("", None));
    let lesson_link = Startup::parse("#l=1.abc", "");
    assert_eq!(
        restart_startup(&lesson_link).fragment,
        "l=1.abc",
        "a lesson link reopens the lesson with its saved work"
    );
    let embed = Startup::parse(&format!("#{link}"), "?embed=1");
    assert_eq!(restart_startup(&embed), embed, "an embed saves nothing, so it opens its address again");
}
