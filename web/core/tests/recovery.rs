//! After a panic the app restarts from the saved work with the editor's text put back: what the
//! restarted app opens and shows.

use policy_playground::Decision;
use policy_playground_app::banner::BannerKind;
use policy_playground_app::recovery::{Recovery, recover, restart_startup};
use policy_playground_app::share;
use policy_playground_app::startup::Startup;
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::workspace::{DocRef, Workspace};

const CHECK: &str = "Cloud Backup snapshots a disk in B";

fn hbrcrossrole() -> DocRef {
    DocRef::Trust { account: "2222222222222222".into(), role: "hbrcrossrole".into() }
}

fn decision(state: &AppState) -> Decision {
    state.analysis.checks.iter().find(|c| c.check == CHECK).unwrap().decision
}

/// The parts the browser hands over: the message, then document ids (a DocRef's JSON, as the
/// editor names documents) and texts.
fn parts(message: &str, held: &[(&str, &str)]) -> Vec<String> {
    let mut parts = vec![message.to_string()];
    parts.extend(held.iter().flat_map(|(doc, text)| [doc.to_string(), text.to_string()]));
    parts
}

fn id(doc: &DocRef) -> String {
    serde_json::to_string(doc).unwrap()
}

#[test]
fn the_editors_text_newer_than_the_save_is_put_back_and_the_banner_says_what_happened() {
    let saved = Workspace::example("cloud-backup-ram-role").unwrap();
    let typed =
        saved.document(&hbrcrossrole()).unwrap().text.replace("AliyunServiceRoleForHbrCrossAccountBackup", "ops");
    let held = parts("panicked at store.rs:1:1: boom", &[(&id(&hbrcrossrole()), &typed)]);
    let recovery = Recovery::from_parts(held).unwrap();
    let state = AppState::new(saved);
    assert_eq!(decision(&state), Decision::Allow);

    // The saved view shows another document; the restarted app shows the one typed in.
    let other = state.workspace.documents().into_iter().map(|d| d.doc).find(|d| *d != hbrcrossrole()).unwrap();
    let state = std::rc::Rc::unwrap_or_clone(std::rc::Rc::new(state).reduce(Action::SelectDoc(other)));
    assert_ne!(state.view.open_doc, Some(hbrcrossrole()));
    let state = recover(state, &recovery);
    assert_eq!(state.view.open_doc, Some(hbrcrossrole()), "the document typed in is shown again");
    assert_eq!(&*state.workspace.document(&hbrcrossrole()).unwrap().text, typed.as_str());
    // Not analysed until the person edits or asks: the text may be what failed.
    assert!(state.stale());
    assert_eq!(state.analysis_due_at(), None, "no analysis is scheduled by the restart itself");
    let asked = std::rc::Rc::new(state.clone()).reduce(Action::Analyze);
    assert_eq!(decision(&asked), Decision::ImplicitDeny, "analyzed with the text put back");
    let banner = state.banner.unwrap();
    assert_eq!(banner.kind, BannerKind::Error);
    assert!(banner.text.contains("boom") && banner.text.contains("restarted"), "{}", banner.text);
    assert!(banner.text.contains("text in the editor are kept"), "{}", banner.text);
}

#[test]
fn a_text_that_cannot_be_put_back_is_said_and_the_saved_work_stays() {
    let saved = Workspace::example("cloud-backup-service-linked-roles").unwrap();
    let system = DocRef::Library("AliyunServiceRolePolicyForHbrEcsBackup".into());
    let held = parts("m", &[(&id(&system), "{}"), ("not a document", "x")]);
    let state = recover(AppState::new(saved.clone()), &Recovery::from_parts(held).unwrap());
    assert_eq!(state.workspace, saved, "a read-only document is not changed");
    assert!(state.banner.unwrap().text.contains("could not be put back"));
    assert_eq!(Recovery::from_parts(vec![]), None, "no hand-over without its message");
    let odd = Recovery::from_parts(parts("m", &[]).into_iter().chain(["doc without text".to_string()]).collect());
    assert_eq!(odd.unwrap().texts, [], "a document without its text is left out");
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
