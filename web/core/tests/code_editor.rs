//! The code editor's logic, natively: findings as lint marks at UTF-16 ranges (non-ASCII text
//! included), completion candidates, hover cards.

use policy_playground::Dialect;
use policy_playground::catalog::{Catalog, Catalogs};
use policy_playground_app::completion::{self, CompletionEnv, Completions, ScenarioNames};
use policy_playground_app::editor::{self, EditorDoc};
use policy_playground_app::hover;
use policy_playground_app::state::AppState;
use policy_playground_app::workspace::{DocRef, Workspace};
use std::sync::OnceLock;

/// The AWS catalogue (the app fetches it; the tests read the same file).
fn aws() -> &'static Catalog {
    static AWS: OnceLock<Catalog> = OnceLock::new();
    AWS.get_or_init(|| {
        Catalog::parse(include_str!("../../../crates/lint/src/catalog/aws.txt"), Dialect::Aws).expect("catalogue")
    })
}

fn aliyun() -> Catalog {
    Catalogs::builtin().get(Dialect::Aliyun).expect("compiled in").clone()
}

/// `text` with `|` marking the cursor: the text without it and the cursor's UTF-16 offset.
fn cursor(text: &str) -> (String, usize) {
    let byte = text.find('|').expect("a | marks the cursor");
    (text.replacen('|', "", 1), text[..byte].encode_utf16().count())
}

fn complete_aws(text: &str, names: &ScenarioNames, explicit: bool) -> Option<Completions> {
    let (text, pos) = cursor(text);
    completion::complete(
        &text,
        pos,
        explicit,
        &CompletionEnv { dialect: Some(Dialect::Aws), catalog: Some(aws()), names },
    )
}

fn labels(c: &Completions) -> Vec<&str> {
    c.options.iter().map(|o| o.label.as_str()).collect()
}

/// The text after picking `label`: what the editor does with a completion.
fn pick(text: &str, c: &Completions, label: &str) -> String {
    let (text, pos) = cursor(text);
    let units: Vec<u16> = text.encode_utf16().collect();
    let option = c.options.iter().find(|o| o.label == label).unwrap_or_else(|| panic!("{label} offered"));
    let mut out: Vec<u16> = units[..c.from].to_vec();
    out.extend(option.insert.encode_utf16());
    out.extend(&units[pos + c.eat..]);
    String::from_utf16(out.as_slice()).unwrap()
}

fn utf16_slice(text: &str, from: usize, to: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[from..to]).unwrap()
}

#[test]
fn lint_marks_sit_on_the_finding_after_non_ascii_text() {
    // RAM: the printed "kms:ListAlias" (did you mean kms:ListAliases), after characters of one,
    // two and three bytes and one outside the basic plane (two UTF-16 units).
    let text = "{\n  \"Version\": \"1\",\n  \"Statement\": [{\n    \"Sid\": \"Zürich → 東京 😀\",\n    \"Effect\": \"Allow\",\n    \"Action\": [\"kms:ListAlias\"],\n    \"Resource\": \"*\"\n  }]\n}";
    let mut w = Workspace::example("cloud-backup-ram-role").unwrap();
    let doc = DocRef::Trust { account: "2222222222222222".into(), role: "hbrcrossrole".into() };
    w.set_text(&doc, text);
    let open = EditorDoc::of(&w, &doc).unwrap();
    let findings = open.findings(Some(Dialect::Aliyun), &Catalogs::builtin());
    let diagnostics = editor::editor_diagnostics(text, &findings);
    let unknown = diagnostics.iter().find(|d| d.code == "unknown-action").expect("unknown-action");
    assert_eq!(utf16_slice(text, unknown.from, unknown.to), "\"kms:ListAlias\"");
    assert_eq!(unknown.severity, "warning");
    let finding = &findings[unknown.id];
    assert!(finding.span.start > unknown.from, "byte and UTF-16 offsets differ after non-ASCII text");
    let fix = unknown.fix.as_ref().expect("a quick fix");
    // The fix applied at UTF-16 offsets gives what the engine's fix gives at byte offsets.
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut fixed: Vec<u16> = units[..fix.from].to_vec();
    fixed.extend(fix.insert.encode_utf16());
    fixed.extend(&units[fix.to..]);
    assert_eq!(String::from_utf16(&fixed).unwrap(), editor::apply_fix(text, finding.fix.as_ref().unwrap()).unwrap());
    assert!(fix.title.contains("kms:ListAliases"), "{}", fix.title);
    // Ids are positions in the findings list; severities map onto the editor's four.
    assert!(diagnostics.iter().enumerate().all(|(i, d)| d.id == i));
    assert_eq!(editor::editor_severity(policy_playground::findings::Severity::SecurityWarning), "warning");
    assert_eq!(editor::editor_severity(policy_playground::findings::Severity::Suggestion), "info");
}

#[test]
fn diagnostics_past_the_end_are_clamped() {
    let mut f = policy_playground::diagnostic::Finding::new(
        "x",
        policy_playground::findings::Severity::Error,
        "m",
        policy_playground::span::Span { start: 2, end: 99, ..Default::default() },
    );
    f.fix = Some(policy_playground::diagnostic::Fix::new("t", "r", f.span));
    let d = &editor::editor_diagnostics("é😀", &[f])[0];
    assert_eq!((d.from, d.to), (1, 3), "a span starting inside é starts at é");
    assert!(d.fix.is_none(), "a fix that does not fit the text is not offered");
}

#[test]
fn completes_policy_elements_where_a_key_goes() {
    let names = ScenarioNames::default();
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Ac|"}]}"#;
    let c = complete_aws(text, &names, false).expect("keys");
    let l = labels(&c);
    assert!(l.contains(&"Action") && l.contains(&"NotAction") && l.contains(&"Condition"), "{l:?}");
    assert!(!l.contains(&"Effect"), "a key already there is not offered again");
    assert_eq!(
        pick(text, &c, "Action"),
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": }]}"#
    );
    assert!(regex_lite_matches(&c.valid_for, "Ac"));

    // The document's own elements at the top; a colon already there is kept.
    let c = complete_aws(r#"{"Version": "1", "|"}"#, &names, false).unwrap();
    assert_eq!(labels(&c), ["Statement", "Id"], "Version is already there");
    let text = r#"{"Sta|": []}"#;
    let c = complete_aws(text, &names, false).unwrap();
    assert_eq!(pick(text, &c, "Statement"), r#"{"Statement": []}"#);

    // Asked for between tokens: quoted keys; not asked for: nothing.
    let text = "{\"Statement\": [{|}]}";
    assert!(complete_aws(text, &names, false).is_none());
    let c = complete_aws(text, &names, true).unwrap();
    assert_eq!(pick(text, &c, "Effect"), "{\"Statement\": [{\"Effect\": }]}");

    // Principal types per cloud.
    let c = complete_aws(r#"{"Principal": {"|"}}"#, &names, false).unwrap();
    assert_eq!(labels(&c), ["AWS", "Service", "Federated", "CanonicalUser"]);
    let (text, pos) = cursor(r#"{"Version": "1", "Statement": [{"Principal": {"|"}}]}"#);
    let ram = aliyun();
    let env = CompletionEnv { dialect: Some(Dialect::Aliyun), catalog: Some(&ram), names: &names };
    assert_eq!(labels(&completion::complete(&text, pos, false, &env).unwrap()), ["RAM", "Service", "Federated"]);
}

/// Whether the completion's `valid_for` pattern (a simple anchored class) matches `s`.
fn regex_lite_matches(pattern: &str, s: &str) -> bool {
    // The patterns are `^[...]*$` or similar; checking with a tiny matcher keeps regex out of the
    // dependencies: every character of `s` must be a word character or one of the listed ones.
    assert!(pattern.starts_with('^') && pattern.ends_with('$'), "{pattern}");
    s.chars().all(|c| c.is_alphanumeric() || c == '_' || pattern.contains(c))
}

#[test]
fn completes_values_of_version_and_effect() {
    let names = ScenarioNames::default();
    let c = complete_aws(r#"{"Version": "|"}"#, &names, false).unwrap();
    assert_eq!(labels(&c), ["2012-10-17", "2008-10-17"]);
    let text = r#"{"Statement": {"Effect": "D|"}}"#;
    let c = complete_aws(text, &names, false).unwrap();
    assert_eq!(labels(&c), ["Allow", "Deny"]);
    assert_eq!(pick(text, &c, "Deny"), r#"{"Statement": {"Effect": "Deny"}}"#);
    // A bare word gets its quotes.
    let text = r#"{"Effect": Al|}"#;
    let c = complete_aws(text, &names, false).unwrap();
    assert_eq!(pick(text, &c, "Allow"), r#"{"Effect": "Allow"}"#);
}

#[test]
fn completes_services_then_their_actions_from_the_catalogue() {
    let names = ScenarioNames::default();
    let text = r#"{"Statement": [{"Action": ["s|"]}]}"#;
    let c = complete_aws(text, &names, false).unwrap();
    let s3 = c.options.iter().find(|o| o.label == "s3:").expect("s3: offered");
    assert!(s3.reopen, "picking a service opens its actions");
    assert_eq!(pick(text, &c, "s3:"), r#"{"Statement": [{"Action": ["s3:"]}]}"#);

    let text = r#"{"Statement": [{"Action": ["s3:GetOb|"]}]}"#;
    let c = complete_aws(text, &names, false).unwrap();
    assert!(labels(&c).contains(&"s3:GetObject") && labels(&c).contains(&"s3:*"));
    assert_eq!(
        c.options.iter().find(|o| o.label == "s3:GetObject").unwrap().card,
        Some(("action", "s3:GetObject".into()))
    );
    assert_eq!(pick(text, &c, "s3:GetObject"), r#"{"Statement": [{"Action": ["s3:GetObject"]}]}"#);
    assert!(regex_lite_matches(&c.valid_for, "s3:GetOb"));

    // In the middle of an action, the rest of it is replaced.
    let text = r#"{"Action": "s3:Get|Objekt"}"#;
    let c = complete_aws(text, &names, false).unwrap();
    assert_eq!(pick(text, &c, "s3:GetObject"), r#"{"Action": "s3:GetObject"}"#);
    // An unclosed string is closed by the pick.
    let text = "{\"Action\": \"s3:GetObj|\n}";
    let c = complete_aws(text, &names, false).unwrap();
    assert_eq!(pick(text, &c, "s3:GetObject"), "{\"Action\": \"s3:GetObject\"\n}");
    // No catalogue (the AWS one not fetched yet): nothing, rather than something wrong.
    let (text, pos) = cursor(r#"{"Action": "s3:|"}"#);
    let env = CompletionEnv { dialect: Some(Dialect::Aws), catalog: None, names: &names };
    assert!(completion::complete(&text, pos, false, &env).is_none());
    assert!(complete_aws(r#"{"Action": "nosuchservice:|"}"#, &names, false).is_none());
}

#[test]
fn completes_condition_operators_and_the_statements_condition_keys() {
    let names = ScenarioNames::default();
    let text = r#"{"Statement": [{"Action": "s3:GetObject", "Condition": {"IpA|"}}]}"#;
    let c = complete_aws(text, &names, false).unwrap();
    let l = labels(&c);
    assert!(l.contains(&"IpAddress") && l.contains(&"StringEquals") && l.contains(&"ForAnyValue:StringLike"), "{l:?}");
    let ip = c.options.iter().find(|o| o.label == "IpAddress").unwrap();
    assert_eq!(ip.detail.as_deref(), Some("IP addresses against CIDR blocks"));

    let text = r#"{"Statement": [{"Condition": {"StringEquals": {"|"}}, "Action": ["s3:GetObject"]}]}"#;
    let c = complete_aws(text, &names, false).unwrap();
    let l = labels(&c);
    assert!(
        l.contains(&"aws:SourceIp") && l.contains(&"s3:prefix"),
        "global keys and the statement's services': {:?}",
        &l[..l.len().min(400)]
    );
    assert!(!l.contains(&"ec2:Region") && !l.contains(&"kms:ViaService"), "not every service's keys");
    let key = c.options.iter().find(|o| o.label == "aws:SourceIp").unwrap();
    assert_eq!(key.detail.as_deref(), Some("an IP address"));
    assert_eq!(key.card, Some(("key", "aws:SourceIp".into())));
    assert!(pick(text, &c, "aws:SourceIp").contains(r#"{"StringEquals": {"aws:SourceIp": }}"#));

    // RAM: no set qualifiers, no IfExists.
    let ram = aliyun();
    let (text, pos) = cursor(r#"{"Version": "1", "Statement": [{"Condition": {"|"}}]}"#);
    let env = CompletionEnv { dialect: None, catalog: Some(&ram), names: &names };
    let c = completion::complete(&text, pos, false, &env).unwrap();
    assert!(
        labels(&c).contains(&"IpAddress") && !labels(&c).iter().any(|o| o.contains(':') || o.ends_with("IfExists"))
    );
    // Bool keys' values.
    let c = complete_aws(r#"{"Condition": {"Bool": {"aws:SecureTransport": "|"}}}"#, &names, false).unwrap();
    assert_eq!(labels(&c), ["true", "false"]);
}

#[test]
fn completes_the_scenarios_principals_and_arns() {
    let state = AppState::new(Workspace::example("aws-backup").unwrap());
    let names = ScenarioNames::of(state.analysis.scenario.as_ref().unwrap());
    assert!(names.services.contains(&"backup.amazonaws.com".to_string()), "{:?}", names.services);
    assert!(
        names
            .principals
            .iter()
            .any(|p| p.ends_with(":role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup")
                || p.contains(":role/"))
    );
    let text = r#"{"Statement": [{"Principal": {"AWS": ["|"]}}]}"#;
    let c = complete_aws(text, &names, false).unwrap();
    let l = labels(&c);
    assert!(l.iter().any(|p| p.ends_with(":root")), "accounts' roots: {l:?}");
    assert!(l.iter().any(|p| p.chars().all(|c| c.is_ascii_digit())), "account ids: {l:?}");
    let c = complete_aws(r#"{"Principal": {"Service": "|"}}"#, &names, false).unwrap();
    assert!(labels(&c).contains(&"backup.amazonaws.com"));

    let text = r#"{"Statement": [{"Action": "s3:GetObject", "Resource": "|"}]}"#;
    let c = complete_aws(text, &names, false).unwrap();
    let l = labels(&c);
    assert_eq!(l[0], "*");
    assert!(l.iter().any(|r| r.starts_with("arn:${Partition}:s3:::")), "the action's resource formats: {l:?}");
    assert!(names.resources.iter().all(|r| l.contains(&r.as_str())), "the scenario's ARNs");
}

#[test]
fn completion_ranges_are_utf16_after_non_ascii_text() {
    let names = ScenarioNames::default();
    let text = r#"{"Sid": "Zürich 😀", "Effect": "Al|"}"#;
    let c = complete_aws(text, &names, false).unwrap();
    let (plain, pos) = cursor(text);
    assert_eq!(utf16_slice(&plain, c.from, pos), "Al");
    assert_eq!(pick(text, &c, "Allow"), r#"{"Sid": "Zürich 😀", "Effect": "Allow"}"#);
    assert_eq!(completion::guess_dialect(r#"{"Version" : "1"}"#), Dialect::Aliyun);
    assert_eq!(completion::guess_dialect(r#"{"Version": "2012-10-17"}"#), Dialect::Aws);
}

#[test]
fn hover_cards_for_actions_condition_keys_and_operators() {
    let card = hover::action_card(aws(), "S3:getobject").unwrap();
    assert_eq!(card.title, "s3:GetObject");
    assert!(card.rows.iter().any(|(k, v)| k == "Service" && v.contains("(s3)")), "{:?}", card.rows);
    assert!(card.rows.iter().any(|(k, v)| k == "Resource types" && v.contains("object")), "{:?}", card.rows);
    assert!(card.list.iter().any(|l| l.starts_with("s3 object: arn:${Partition}:s3:::")), "{:?}", card.list);
    let list = hover::action_card(aws(), "s3:ListAllMyBuckets").unwrap();
    assert!(list.rows.iter().any(|(_, v)| v.contains("only \"Resource\": \"*\"")));
    let wildcard = hover::action_card(aws(), "s3:Get*").unwrap();
    assert!(wildcard.subtitle.unwrap().starts_with("matches "));
    assert!(wildcard.list.last().unwrap().starts_with("… and "));
    let unknown = hover::action_card(&aliyun(), "kms:ListAlias").unwrap();
    assert!(unknown.rows.iter().any(|(k, v)| k == "Did you mean" && v == "kms:ListAliases"));

    let key = hover::key_card(aws(), "aws:SourceIp").unwrap();
    assert_eq!(key.subtitle.as_deref(), Some("global condition key"));
    assert!(key.rows.contains(&("Type".into(), "an IP address".into())));
    let tag = hover::key_card(aws(), "aws:RequestTag/Project").unwrap();
    assert!(tag.rows.iter().any(|(k, v)| k == "Documented as" && v == "aws:RequestTag/${TagKey}"));
    let s3 = hover::key_card(aws(), "s3:prefix").unwrap();
    assert!(s3.subtitle.unwrap().contains("(s3)"));
    assert!(hover::key_card(aws(), "aws:SoruceIp").is_none());
    let op = hover::operator_card("ForAnyValue:StringLikeIfExists", Dialect::Aws).unwrap();
    assert_eq!(op.rows.len(), 3);
    assert!(hover::card(Some(aws()), "action", "s3:GetObject").is_some());
    assert!(hover::card(None, "action", "s3:GetObject").is_none());

    // Where the pointer is decides the card; ranges are UTF-16.
    let (text, pos) = cursor(
        r#"{"Sid": "😀", "Action": "s3:Get|Object", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}"#,
    );
    let card = hover::hover(&text, pos, Some(Dialect::Aws), Some(aws())).unwrap();
    assert_eq!(card.title, "s3:GetObject");
    assert_eq!(utf16_slice(&text, card.from, card.to), "s3:GetObject");
    let at = |needle: &str| text.encode_utf16().count() - text[text.find(needle).unwrap() + 2..].encode_utf16().count();
    assert_eq!(hover::hover(&text, at("aws:SourceIp"), Some(Dialect::Aws), Some(aws())).unwrap().title, "aws:SourceIp");
    assert_eq!(hover::hover(&text, at("IpAddress"), Some(Dialect::Aws), Some(aws())).unwrap().title, "IpAddress");
    assert!(hover::hover(&text, at("10.0.0.0"), Some(Dialect::Aws), Some(aws())).is_none());
    assert!(hover::hover(&text, 0, Some(Dialect::Aws), Some(aws())).is_none());
}
