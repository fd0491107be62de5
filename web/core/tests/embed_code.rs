//! "Copy embed code": the snippets carry the workspace and the chosen options, escaped.

use policy_playground_app::embed_code::{EmbedChoice, embed_code};
use policy_playground_app::share;
use policy_playground_app::workspace::Workspace;

const APP: &str = "https://docs.example.com/playground/";

fn hostile() -> Workspace {
    let text = serde_json::json!({
        "scenario": "Quotes \" and </script> in a title",
        "dialect": "aliyun",
        "accounts": [{"id": "1111111111111111", "name": "A & B <main>"}],
        "users": [{"name": "alice", "account": "1111111111111111"}],
        "checks": [{"name": "alice \"reads\" <b>", "from": "acs:ram::1111111111111111:user/alice",
                    "request": {"action": "ecs:DescribeInstances"}, "expected": "implicit_deny"}]
    });
    Workspace::from_scenario_text(&text.to_string(), None).unwrap()
}

/// The value of attribute `name` in `html`, unescaped.
fn attr(html: &str, name: &str) -> String {
    let start = html.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("no {name} in {html}")) + name.len() + 3;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[test]
fn the_url_carries_the_options_and_the_workspace() {
    let w = Workspace::example("cloud-backup-ram-role").unwrap();
    let choice = EmbedChoice { theme: "light".into(), read_only: true, auto_height: true, ..Default::default() };
    let code = embed_code(&w, APP, &choice);
    let (address, fragment) = code.url.split_once('#').unwrap();
    assert_eq!(address, format!("{APP}?embed=1&theme=light&readonly=1&height=auto"));
    assert_eq!(share::decode(fragment).unwrap(), w, "the fragment is the workspace");
    // The iframe cannot follow its content: a fixed height, no height=auto.
    let src = attr(&code.iframe, "src");
    assert!(src.starts_with(&format!("{APP}?embed=1&theme=light&readonly=1#s=1.")), "{src}");
    assert!(code.iframe.contains("height: 520px"));
    // The element sizes itself: no height attribute with auto height.
    assert!(
        code.element
            .starts_with("<script src=\"https://docs.example.com/playground/policy-playground.js\" defer></script>")
    );
    assert!(!code.element.contains(" height="), "{}", code.element);
    assert_eq!(attr(&code.element, "theme"), "light");
}

#[test]
fn names_and_scenario_text_are_escaped_where_they_go() {
    let w = hostile();
    let choice = EmbedChoice { check: Some("alice \"reads\" <b>".into()), ..Default::default() };
    let code = embed_code(&w, APP, &choice);
    assert!(code.url.contains("check=alice%20%22reads%22%20%3Cb%3E"), "{}", code.url);
    assert_eq!(attr(&code.element, "check"), "alice \"reads\" <b>");
    assert!(!code.iframe.contains("<b>"), "{}", code.iframe);
    // The inline scenario cannot close its script element early, and reads back as the scenario.
    let start = code.element.find("<script type=\"application/json\">").unwrap() + 32;
    let end = code.element.rfind("</script>").unwrap();
    let inline = &code.element[start..end];
    assert!(!inline.contains("</"), "{inline}");
    let read: serde_json::Value = serde_json::from_str(inline).unwrap();
    let original: serde_json::Value = serde_json::from_str(&w.to_scenario_text()).unwrap();
    assert_eq!(read, original);
    assert_eq!(attr(&code.element, "height"), "520", "a fixed height unless auto");
}
