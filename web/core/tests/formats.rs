//! Share links, the saved-state format and the URL the page opens with.

use policy_playground_app::share::{self, ShareError};
use policy_playground_app::startup::{Startup, query_param};
use policy_playground_app::storage::{self, Restored};
use policy_playground_app::workspace::Workspace;
use serde_json::{Value, json};

#[test]
fn share_links_round_trip_and_refuse_damage() {
    let w = Workspace::example("cloud-backup-ram-role").unwrap();
    let fragment = share::encode(&w);
    assert!(fragment.starts_with("s=1."));
    assert!(fragment.len() < 20_000, "{} characters", fragment.len());
    assert!(share::is_share_fragment(&format!("#{fragment}")));
    assert_eq!(share::decode(&format!("#{fragment}")).unwrap(), w);
    assert!(matches!(share::decode(&fragment[..fragment.len() / 2]), Err(ShareError::Damaged(_))));
    assert_eq!(share::decode("s=9.abc"), Err(ShareError::UnknownVersion("9".into())));
    let long = format!("s=1.{}", "A".repeat(share::MAX_FRAGMENT));
    assert_eq!(share::decode(&long), Err(ShareError::TooLong(share::MAX_FRAGMENT + 4)));
    assert_eq!(share::decode("s=1.!!!"), Err(ShareError::Damaged("not base64url")));
    assert_eq!(share::decode("s=1"), Err(ShareError::Damaged("no version mark")));
    assert_eq!(
        share::decode("s=1.!!!").unwrap_err().to_string(),
        "this share link is damaged (not base64url); was it cut short when it was copied?"
    );
}

fn pack(json: &str) -> String {
    pack_bytes(json.as_bytes())
}

fn pack_bytes(json: &[u8]) -> String {
    use base64::Engine;
    let packed = miniz_oxide::deflate::compress_to_vec(json, 9);
    format!("s=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed))
}

#[test]
fn a_link_that_is_not_a_workspace_says_why() {
    let e = share::decode(&pack(r#"{"scenario": 42}"#)).unwrap_err();
    assert!(matches!(&e, ShareError::NotAWorkspace(why) if why.contains("expected struct ScenarioDocument")), "{e}");
    let e = share::decode(&pack_bytes(b"{\"scenario\": \"\xff\"}")).unwrap_err();
    assert!(matches!(&e, ShareError::NotAWorkspace(why) if why.starts_with("invalid utf-8")), "{e}");
    let e = share::decode(&pack(r#"{"scenario": {"roles": [{"name": "r"}]}}"#)).unwrap_err();
    assert!(e.to_string().starts_with("this share link does not hold a scenario: missing field `account`"), "{e}");
}

#[test]
fn links_and_saves_in_the_untyped_format_still_open() {
    // What the app wrote before its workspace was typed: the scenario as a JSON value with every
    // document as text, members in any order, and `example` null or absent.
    let old = json!({
        "scenario": {
            "scenario": "Old", "dialect": "aws", "accounts": [{"name": "A", "id": "111111111111"}],
            "policies": [{"text": "{\"Version\": \"2012-10-17\", \"Statement\": []}", "name": "P"}],
            "roles": [{"trust_policy": "{}", "policies": ["P"], "name": "r", "account": "111111111111"}]
        },
        "example": null
    });
    let w = share::decode(&pack(&old.to_string())).unwrap();
    assert_eq!(w.title(), "Old");
    assert_eq!(w.example, None);
    let saved = json!({"version": 1, "workspace": {"scenario": old["scenario"].clone()}}).to_string();
    assert_eq!(storage::parse(&saved).unwrap(), w);
    // And the typed workspace writes the same shape.
    let written: Value = serde_json::from_str(&storage::serialize(&w)).unwrap();
    assert_eq!(written["workspace"]["scenario"], old["scenario"]);
    assert_eq!(written["version"], 1);
}

#[test]
fn saved_states_round_trip_and_unreadable_ones_say_why() {
    let w = Workspace::example("aws-backup").unwrap();
    let text = storage::serialize(&w);
    assert_eq!(storage::parse(&text).unwrap(), w);
    assert_eq!(
        storage::restore(Some(&text), 1),
        Restored::Workspace(Box::new(policy_playground_app::snapshot::Snapshot::of(w)))
    );
    assert_eq!(storage::restore(None, 1), Restored::Nothing);
    assert_eq!(
        storage::parse("{\"version\": 7, \"workspace\": {}}").unwrap_err(),
        "it was saved by a version of the playground with format 7"
    );
    assert_eq!(storage::parse("{\"workspace\": {}}").unwrap_err(), "it has no format version");
    let e = storage::parse("{\"version\": 1, \"workspace\": {\"scenario\": 3}}").unwrap_err();
    assert!(e.starts_with("its content is not a workspace (invalid type: integer `3`"), "{e}");
    match storage::restore(Some("{\"version\": 1, \"workspace\": "), 42) {
        Restored::Unreadable { reason, set_aside_key } => {
            assert!(reason.starts_with("it is not JSON (EOF while parsing"), "{reason}");
            assert_eq!(set_aside_key, format!("{}42", storage::SET_ASIDE_PREFIX));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn startup_reads_embed_options_like_the_browser() {
    let s = Startup::parse("", "?embed=1&panels=chain,result&readonly=1&example=aws-backup");
    let embed = s.embed.clone().unwrap();
    assert_eq!(embed.panels, vec!["chain", "result"]);
    assert!(embed.read_only);
    assert_eq!(s.example.as_deref(), Some("aws-backup"));
    assert!(s.shows("chain") && !s.shows("editor"));
    assert!(Startup::parse("#s=1.abc", "").embed.is_none());
    assert_eq!(Startup::parse("#s=1.abc", "").fragment, "s=1.abc");
    assert!(Startup::parse("", "?embed=0").embed.is_none());
    let default = Startup::parse("", "embed=yes&readonly=0").embed.unwrap();
    // A documentation column shows the chain and its decision unless it asks for more.
    assert_eq!(default.panels, vec!["chain", "result"]);
    assert!(!default.read_only);
    assert!(Startup::default().shows("explorer"));
    // URLSearchParams decoding: + is a space, %XX a byte, the first value wins.
    assert_eq!(query_param("?a=1&panels=chain%2Cresult&a=2", "panels").as_deref(), Some("chain,result"));
    assert_eq!(query_param("?a=1&a=2", "a").as_deref(), Some("1"));
    assert_eq!(query_param("q=caf%C3%A9+cr%E8me%", "q").as_deref(), Some("café cr\u{fffd}me%"));
    assert_eq!(query_param("flag&x=", "flag").as_deref(), Some(""));
    assert_eq!(query_param("", "flag"), None);
}

#[test]
fn an_embed_opens_on_the_check_and_request_it_names() {
    use policy_playground_app::banner::BannerKind;
    use policy_playground_app::startup::start_state;
    let nothing = || policy_playground_app::storage::Restored::Nothing;
    let all = start_state(&Startup::parse("", "?embed=1&example=cloud-backup-ram-role"), nothing).state;
    let last = all.analysis.checks.len() - 1;
    let name = all.analysis.checks[last].check.clone();
    let with_request = all.analysis.checks.iter().position(|c| c.final_request.is_some()).unwrap();
    let query = format!(
        "?embed=1&example=cloud-backup-ram-role&check={}&request={}",
        name.replace(' ', "+").replace(',', "%2C"),
        with_request + 1
    );
    let state = start_state(&Startup::parse("", &query), nothing).state;
    assert_eq!(state.view.selected_check, last);
    assert_eq!(state.selected_check().unwrap().check, name);
    let expected = all.analysis.checks[with_request].final_request.as_ref().unwrap();
    assert_eq!(
        (state.view.request.action.as_str(), state.view.request.resource.as_str()),
        (expected.action.as_str(), expected.resource.as_str())
    );
    assert!(state.banner.is_none());

    let state = start_state(
        &Startup::parse("", "?embed=1&example=cloud-backup-ram-role&check=no+such+check&theme=blue"),
        nothing,
    )
    .state;
    assert_eq!(state.view.selected_check, 0, "an unknown check leaves the first one shown");
    let banner = state.banner.expect("the ignored options are shown");
    assert_eq!(banner.kind, BannerKind::Warning);
    assert!(
        banner.text.contains("\"no such check\"") && banner.text.contains(&name) && banner.text.contains("theme"),
        "{}",
        banner.text
    );
}
