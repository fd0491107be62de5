//! The Cloud Backup seed documents (tests/fixtures/seeds, see its README.md) run through the
//! public API: parsing as printed, decisions their text implies, explanations and schema errors.

use policy_playground::authorize::{Decision, LayerKind, Reason};
use policy_playground::case::{CaseError, CaseResult, load_cases};
use policy_playground::diagnostic::Diagnostic;
use policy_playground::explain::StatementReport;
use policy_playground::issue::Severity;
use policy_playground::policy::Effect;
use policy_playground::span::Span;
use policy_playground::{Dialect, parse_policy};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Backup management account (Account A in seed 002).
const MGMT: &str = "1111111111111111";
/// Resource account that owns hbrcrossrole (Account B in seed 002).
const RES: &str = "2222222222222222";
/// An unrelated third account.
const OTHER: &str = "3333333333333333";

const CROSS: &str = "AliyunServiceRoleForHbrCrossAccountBackup";
const ECS_BACKUP: &str = "AliyunServiceRoleForHbrEcsBackup";
const RD: &str = "AliyunServiceRoleForHbrRd";
const HBR_ROLE_POLICY: &str = "AliyunHBRRolePolicy";

/// The seed policies that parse as printed: (file, statements, printed as a fragment).
const PARSEABLE: &[(&str, usize, bool)] = &[
    ("AliyunHBRRolePolicy.json", 12, false),
    ("AliyunServiceRoleForHbrCrossAccountBackup.json", 2, false),
    ("AliyunServiceRoleForHbrCsgBackup.json", 1, true),
    ("AliyunServiceRoleForHbrEcsEncryption.json", 2, false),
    ("AliyunServiceRoleForHbrMagpieBridge.json", 2, false),
    ("AliyunServiceRoleForHbrNasBackup.json", 1, true),
    ("AliyunServiceRoleForHbrOssBackup.json", 1, true),
    ("AliyunServiceRoleForHbrOtsBackup.json", 2, false),
    ("AliyunServiceRoleForHbrPdsBackup.json", 2, false),
    ("AliyunServiceRoleForHbrRd.json", 13, false),
    ("AliyunServiceRoleForHbrVaultEncryption.json", 2, false),
    ("hbrcrossrole-trust-as-printed.json", 1, false),
    ("resourcemanager-slr-permission.json", 1, true),
];

fn fixture(file: &str) -> String {
    let path = format!("{}/tests/fixtures/seeds/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A seed policy by role or policy name (file name without `.json`).
fn seed(name: &str) -> String {
    fixture(&format!("{name}.json"))
}

/// AliyunServiceRoleForHbrEcsBackup.json with the comma the seed forgot.
fn ecs_backup_corrected() -> String {
    let text = seed(ECS_BACKUP);
    let fixed = text.replacen("\"ecs:DescribeInvocations\"\n", "\"ecs:DescribeInvocations\",\n", 1);
    assert_ne!(fixed, text, "the missing comma is where the seed prints it");
    fixed
}

/// The hbrcrossrole trust policy with a real account id in place of the placeholder.
fn trust_for(account: &str) -> String {
    let text = fixture("hbrcrossrole-trust-as-printed.json");
    let fixed = text.replace("ID of the destination account", account);
    assert_ne!(fixed, text);
    fixed
}

/// AWSServiceRoleForBackup's trust policy, written from seed 004: "The AWSServiceRoleForBackup
/// service-linked role trusts the following services to assume the role: AWS Backup".
const AWS_BACKUP_TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "backup.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}"#;

fn doc(name: &str, text: &str) -> Value {
    json!({ "name": name, "document": text })
}

/// A session of a role: `acs:ram::<account>:assumed-role/<role>/<session>`.
fn session(account: &str, role: &str) -> String {
    format!("acs:ram::{account}:assumed-role/{role}/hbr-session")
}

struct Ask<'a> {
    principal: String,
    action: &'a str,
    resource: String,
    context: Value,
    identity: Vec<Value>,
    trust: Option<Value>,
}

impl<'a> Ask<'a> {
    fn new(principal: impl Into<String>, action: &'a str, resource: impl Into<String>) -> Self {
        Ask {
            principal: principal.into(),
            action,
            resource: resource.into(),
            context: json!({}),
            identity: vec![],
            trust: None,
        }
    }

    fn context(mut self, context: Value) -> Self {
        self.context = context;
        self
    }

    fn identity(mut self, name: &str, text: &str) -> Self {
        self.identity.push(doc(name, text));
        self
    }

    fn trust(mut self, name: &str, text: &str) -> Self {
        self.trust = Some(doc(name, text));
        self
    }

    /// Builds the case file text, loads it with `load_cases` and evaluates it.
    fn run(self) -> CaseResult {
        let mut case = json!({
            "name": format!("{} {} {}", self.principal, self.action, self.resource),
            "request": {
                "principal": self.principal,
                "action": self.action,
                "resource": self.resource,
                "context": self.context,
            },
            "identity_policies": self.identity,
        });
        if let Some(trust) = self.trust {
            case["resource_policy"] = trust;
        }
        let text = case.to_string();
        let cases = load_cases(&text).unwrap_or_else(|e| panic!("case does not load: {e}\n{text}"));
        assert_eq!(cases.len(), 1);
        cases[0].evaluate()
    }
}

/// Shortcut: a session of `role` in `account` calls `action` on `resource`, with the role's
/// own seed policy attached.
fn slr(role: &str, account: &str, action: &'static str, resource: &str, context: Value) -> CaseResult {
    let text = if role == ECS_BACKUP { ecs_backup_corrected() } else { seed(role) };
    Ask::new(session(account, role), action, resource).context(context).identity(role, &text).run()
}

fn assert_decision(r: &CaseResult, expected: Decision) {
    assert_eq!(
        r.decision, expected,
        "{}: expected {expected:?}, got {:?}\n{}",
        r.name, r.decision, r.explanation.summary
    );
    assert_eq!(r.dialect, Dialect::Aliyun, "{}: {}", r.name, r.dialect_reason);
}

fn allowed(r: &CaseResult) {
    assert_decision(r, Decision::Allow);
}

fn implicitly_denied(r: &CaseResult) {
    assert_decision(r, Decision::ImplicitDeny);
}

/// The per-statement report of statement `index` (from 0) of `policy`.
fn report<'a>(r: &'a CaseResult, policy: &str, index: usize) -> &'a StatementReport {
    r.explanation
        .layers
        .iter()
        .flat_map(|l| l.policies.iter())
        .filter(|p| p.name == policy)
        .flat_map(|p| p.statements.iter())
        .find(|s| s.statement.index == index)
        .unwrap_or_else(|| panic!("no report for statement {} of {policy}", index + 1))
}

/// The text from a span's line/column to the end of that line.
fn text_at(text: &str, span: Span) -> String {
    let line = text.split('\n').nth(span.line as usize - 1).expect("line inside the text");
    line.chars().skip(span.column as usize - 1).collect()
}

/// The 1-based line/column right after the first occurrence of `needle`.
fn position_after(text: &str, needle: &str) -> (u32, u32) {
    let end = text.find(needle).expect("needle present") + needle.len();
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u32, column as u32)
}

// ---------------------------------------------------------------------------
// Parsing the seeds as printed
// ---------------------------------------------------------------------------

#[test]
fn every_seed_policy_parses_as_aliyun_with_the_right_statement_count() {
    for &(file, statements, fragment) in PARSEABLE {
        let text = fixture(file);
        let parsed = parse_policy(file, &text, None);
        assert!(!parsed.has_errors(), "{file}: {:?}", parsed.issues);
        let policy = parsed.policy.as_ref().unwrap_or_else(|| panic!("{file} has no policy"));
        assert_eq!(parsed.detection.dialect, Dialect::Aliyun, "{file}: {}", parsed.detection.reason);
        assert!(!parsed.detection.forced);
        assert!(parsed.detection.conflicts.is_empty(), "{file}: {:?}", parsed.detection.conflicts);
        assert_eq!(policy.dialect, Dialect::Aliyun, "{file}");
        assert_eq!(policy.statements.len(), statements, "{file}");
        for (i, st) in policy.statements.iter().enumerate() {
            assert_eq!(st.index, i, "{file}");
            assert_eq!(st.body.effect, Effect::Allow, "{file}: every seed statement allows");
        }
        let notes: Vec<_> = parsed.issues.iter().filter(|i| i.code() == "fragment-wrapped").collect();
        if fragment {
            assert_eq!(notes.len(), 1, "{file}: {:?}", parsed.issues);
            assert_eq!(notes[0].severity(), Severity::Note);
            assert!(notes[0].to_string().contains(&format!("{statements} statement(s)")), "{}", notes[0]);
            assert!(notes[0].help().unwrap().contains("\"Statement\""));
            assert_eq!((notes[0].span().line, notes[0].span().column), (1, 1));
            assert_eq!(policy.version, None, "{file}");
        } else {
            assert!(notes.is_empty(), "{file}: {:?}", parsed.issues);
            assert_eq!(policy.version.as_deref(), Some("1"), "{file}");
        }
        // Only notes: the seeds have no warnings (every full document carries "Version": "1").
        assert!(parsed.issues.iter().all(|i| i.severity() == Severity::Note), "{file}: {:?}", parsed.issues);
    }
}

#[test]
fn the_fixture_list_covers_every_seed_file() {
    let dir = format!("{}/tests/fixtures/seeds", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    let mut known: Vec<String> = PARSEABLE.iter().map(|(f, _, _)| f.to_string()).collect();
    known.push(format!("{ECS_BACKUP}.json"));
    known.sort();
    assert_eq!(files, known);
}

#[test]
fn the_ecs_backup_seed_fails_with_a_missing_comma_where_the_seed_drops_it() {
    let text = seed(ECS_BACKUP);
    let parsed = parse_policy(ECS_BACKUP, &text, None);
    assert!(parsed.policy.is_none());
    // The dialect is still read from the quoted strings of the broken text.
    assert_eq!(parsed.detection.dialect, Dialect::Aliyun, "{}", parsed.detection.reason);
    assert_eq!(parsed.issues.len(), 1, "{:?}", parsed.issues);
    let issue = &parsed.issues[0];
    assert_eq!(issue.code(), "json-syntax");
    assert_eq!(issue.severity(), Severity::Error);
    let span = issue.span();
    let expected = position_after(&text, "\"ecs:DescribeInvocations\"");
    assert_eq!((span.line, span.column), expected);
    assert_eq!(expected, (13, 33), "line 13 of the fixture, right after the closing quote");
    let message = issue.to_string();
    assert!(message.contains("missing comma after \"ecs:DescribeInvocations\""), "{message}");
    let help = issue.help().expect("a hint");
    assert!(help.contains("add a `,`"), "{help}");
    assert!(help.contains("\"vpc:DescribeVpcs\" starts at line 14, column 8"), "{help}");

    // Through a case file the error is the same, reported against the policy's name.
    let case = json!({
        "request": {"principal": session(MGMT, ECS_BACKUP), "action": "ecs:DescribeInstances", "resource": "*"},
        "identity_policies": [doc(ECS_BACKUP, &text)],
    });
    match load_cases(&case.to_string()) {
        Err(CaseError::Policy { policy, issues }) => {
            assert_eq!(policy, ECS_BACKUP);
            assert_eq!(issues[0].code(), "json-syntax");
            assert_eq!((issues[0].span().line, issues[0].span().column), (13, 33));
        }
        other => panic!("expected a policy error, got {other:?}"),
    }
}

#[test]
fn the_corrected_ecs_backup_seed_is_a_five_statement_fragment() {
    let text = ecs_backup_corrected();
    let parsed = parse_policy(ECS_BACKUP, &text, None);
    assert!(!parsed.has_errors(), "{:?}", parsed.issues);
    assert_eq!(parsed.detection.dialect, Dialect::Aliyun);
    let policy = parsed.policy.unwrap();
    assert_eq!(policy.statements.len(), 5);
    let codes: Vec<_> = parsed.issues.iter().map(|i| i.code()).collect();
    assert_eq!(codes, ["fragment-wrapped"]);
    assert!(parsed.issues[0].to_string().contains("5 statement(s)"));
    // Statement spans point into the original (unwrapped) text.
    let starts: Vec<(u32, u32)> = policy.statements.iter().map(|s| (s.span.line, s.span.column)).collect();
    assert_eq!(starts[0], (1, 1));
    for (st, (line, column)) in policy.statements.iter().zip(&starts) {
        assert!(text_at(&text, st.span).starts_with('{'), "statement {} at {line}:{column}", st.index + 1);
    }
    assert_eq!(policy.statements[3].body.conditions[0].key, "acs:Service");

    // A case reports the note as a warning.
    let r = slr(ECS_BACKUP, MGMT, "ecs:DescribeInstances", "*", json!({}));
    allowed(&r);
    assert!(r.warnings.iter().any(|w| w.code == "fragment-wrapped" && w.message.contains("5 statement(s)")));
}

#[test]
fn fragments_in_case_files_are_reported_as_notes() {
    for role in
        ["AliyunServiceRoleForHbrCsgBackup", "AliyunServiceRoleForHbrNasBackup", "AliyunServiceRoleForHbrOssBackup"]
    {
        let r = slr(role, MGMT, "ram:GetRole", "*", json!({}));
        implicitly_denied(&r);
        let notes: Vec<_> = r.warnings.iter().filter(|w| w.code == "fragment-wrapped").collect();
        assert_eq!(notes.len(), 1, "{role}: {:?}", r.warnings);
        assert_eq!(notes[0].severity, Severity::Note);
    }
}

// ---------------------------------------------------------------------------
// Decisions the seeds' text implies
// ---------------------------------------------------------------------------

/// Roles whose policy lets the service delete the role itself, with the service name it names.
const DELETE_SLR: &[(&str, &str)] = &[
    ("AliyunServiceRoleForHbrCrossAccountBackup", "crossbackup.hbr.aliyuncs.com"),
    ("AliyunServiceRoleForHbrVaultEncryption", "vaultencryption.hbr.aliyuncs.com"),
    ("AliyunServiceRoleForHbrOtsBackup", "otsbackup.hbr.aliyuncs.com"),
    ("AliyunServiceRoleForHbrRd", "rd.hbr.aliyuncs.com"),
    ("AliyunServiceRoleForHbrEcsEncryption", "ecsencryption.hbr.aliyuncs.com"),
    ("AliyunServiceRoleForHbrMagpieBridge", "magpiebridge.hbr.aliyuncs.com"),
    ("AliyunServiceRoleForHbrPdsBackup", "pdsbackup.hbr.aliyuncs.com"),
];

fn role_arn(account: &str, role: &str) -> String {
    format!("acs:ram::{account}:role/{role}")
}

#[test]
fn delete_service_linked_role_needs_the_roles_own_service_name() {
    for (i, &(role, service)) in DELETE_SLR.iter().enumerate() {
        let target = role_arn(MGMT, role);
        let own = slr(role, MGMT, "ram:DeleteServiceLinkedRole", &target, json!({"ram:ServiceName": service}));
        allowed(&own);
        assert_eq!(own.explanation.reason, Reason::AllowedByIdentity, "{role}");
        assert!(own.explanation.missing_context_keys.is_empty(), "{role}");

        // Another Cloud Backup service's name, and a service outside Cloud Backup.
        let (_, neighbour) = DELETE_SLR[(i + 1) % DELETE_SLR.len()];
        for other in [neighbour, "resourcemanager.aliyuncs.com"] {
            let r = slr(role, MGMT, "ram:DeleteServiceLinkedRole", &target, json!({"ram:ServiceName": other}));
            implicitly_denied(&r);
            assert!(r.explanation.decisive.is_empty());
            assert!(r.explanation.missing_context_keys.is_empty(), "{role}: key was supplied");
        }

        // Case matters for StringEquals.
        let upper = service.to_ascii_uppercase();
        implicitly_denied(&slr(role, MGMT, "ram:DeleteServiceLinkedRole", &target, json!({"ram:ServiceName": upper})));

        // Without the key the condition cannot hold, and the explanation says which key is missing.
        let r = slr(role, MGMT, "ram:DeleteServiceLinkedRole", &target, json!({}));
        implicitly_denied(&r);
        assert_eq!(r.explanation.missing_context_keys, ["ram:ServiceName"], "{role}");
        assert_eq!(r.explanation.reason, Reason::IdentityDoesNotAllow);

        // The key's name is case-insensitive.
        allowed(&slr(role, MGMT, "ram:DeleteServiceLinkedRole", &target, json!({"RAM:servicename": service})));
    }
}

#[test]
fn roles_without_the_delete_statement_cannot_delete_themselves() {
    for role in [ECS_BACKUP, "AliyunServiceRoleForHbrOssBackup", "AliyunServiceRoleForHbrNasBackup"] {
        let service = format!("{}.hbr.aliyuncs.com", role.trim_start_matches("AliyunServiceRoleForHbr").to_lowercase());
        let r =
            slr(role, MGMT, "ram:DeleteServiceLinkedRole", &role_arn(MGMT, role), json!({"ram:ServiceName": service}));
        implicitly_denied(&r);
        assert!(r.explanation.missing_context_keys.is_empty());
    }
}

#[test]
fn resource_management_sample_policy_creates_and_deletes_only_its_own_role() {
    let text = fixture("resourcemanager-slr-permission.json");
    let user = format!("acs:ram::{MGMT}:user/alice");
    let ask = |action: &'static str, context: Value| {
        Ask::new(user.clone(), action, "*").context(context).identity("resourcemanager-slr-permission", &text).run()
    };
    for action in ["ram:CreateServiceLinkedRole", "ram:DeleteServiceLinkedRole"] {
        allowed(&ask(action, json!({"ram:ServiceName": "resourcemanager.aliyuncs.com"})));
        implicitly_denied(&ask(action, json!({"ram:ServiceName": "rd.hbr.aliyuncs.com"})));
        let missing = ask(action, json!({}));
        implicitly_denied(&missing);
        assert_eq!(missing.explanation.missing_context_keys, ["ram:ServiceName"]);
    }
    implicitly_denied(&ask("ram:CreateRole", json!({"ram:ServiceName": "resourcemanager.aliyuncs.com"})));
}

#[test]
fn ecs_backup_passes_roles_only_to_ecs() {
    let target = role_arn(MGMT, "aliyunecsaccessinghbrrole");
    let ok = slr(ECS_BACKUP, MGMT, "ram:PassRole", &target, json!({"acs:Service": "ecs.aliyuncs.com"}));
    allowed(&ok);
    assert_eq!(ok.explanation.decisive.len(), 1);
    assert_eq!(ok.explanation.decisive[0].index, 3);

    for other in ["oss.aliyuncs.com", "ECS.aliyuncs.com", "ecs.aliyuncs.com.evil"] {
        let r = slr(ECS_BACKUP, MGMT, "ram:PassRole", &target, json!({"acs:Service": other}));
        implicitly_denied(&r);
        let why = &report(&r, ECS_BACKUP, 3).why;
        assert!(
            why.contains(&format!("acs:Service \"{other}\" does not satisfy StringEquals \"ecs.aliyuncs.com\"")),
            "{why}"
        );
    }
    let missing = slr(ECS_BACKUP, MGMT, "ram:PassRole", &target, json!({}));
    implicitly_denied(&missing);
    assert_eq!(missing.explanation.missing_context_keys, ["acs:Service"]);
    let why = &report(&missing, ECS_BACKUP, 3).why;
    assert!(why.contains("the request has no acs:Service"), "{why}");

    // The read-only RAM statement does not include PassRole; GetRole needs no condition.
    allowed(&slr(ECS_BACKUP, MGMT, "ram:GetRole", &target, json!({})));
}

#[test]
fn ecs_backup_grants_its_listed_actions_and_nothing_else() {
    let instance = format!("acs:ecs:cn-hangzhou:{MGMT}:instance/i-bp1");
    for action in [
        "ecs:RunCommand",
        "ecs:DescribeInvocations",
        "vpc:DescribeVpcs",
        "vpc:DescribeVSwitches",
        "ecs:CreateSnapshot",
        "ecs:ReplaceSystemDisk",
        "ECS:createsnapshot",
    ] {
        allowed(&slr(ECS_BACKUP, MGMT, action, &instance, json!({})));
    }
    for action in ["ecs:ModifySnapshotAttribute", "ecs:CopySnapshot", "oss:GetObject", "ecs:DescribeInvocation"] {
        implicitly_denied(&slr(ECS_BACKUP, MGMT, action, &instance, json!({})));
    }
}

#[test]
fn attach_instance_ram_role_covers_instances_and_the_hbr_role_only() {
    for role in [ECS_BACKUP, RD] {
        let account = if role == RD { RES } else { MGMT };
        let instance = format!("acs:ecs:cn-hangzhou:{account}:instance/i-bp1");
        let hbr_role = role_arn(account, "aliyunecsaccessinghbrrole");
        let other_role = role_arn(account, "AdminRole");
        for action in ["ecs:AttachInstanceRamRole", "ecs:DetachInstanceRamRole"] {
            let r = slr(role, account, action, &instance, json!({}));
            allowed(&r);
            let hit = r.explanation.decisive.iter().find(|d| d.policy == role).unwrap();
            let st = report(&r, role, hit.index);
            assert!(
                st.resource.detail.contains("matches Resource \"acs:ecs:*:*:instance/*\""),
                "{}",
                st.resource.detail
            );

            let r = slr(role, account, action, &hbr_role, json!({}));
            allowed(&r);
            let hit = r.explanation.decisive.iter().find(|d| d.policy == role).unwrap();
            let st = report(&r, role, hit.index);
            assert!(
                st.resource.detail.contains("matches Resource \"acs:ram:*:*:role/aliyunecsaccessinghbrrole\""),
                "{}",
                st.resource.detail
            );

            let r = slr(role, account, action, &other_role, json!({}));
            implicitly_denied(&r);
            let index = if role == RD { 3 } else { 1 };
            let why = &report(&r, role, index).why;
            assert!(why.starts_with("does not apply:") && why.contains("matches none of Resource"), "{why}");
            assert!(why.contains("AdminRole"), "{why}");
            // A role whose name only starts like the HBR role is another role.
            implicitly_denied(&slr(role, account, action, &format!("{hbr_role}-copy"), json!({})));
        }
    }
}

#[test]
fn hbr_rd_reads_and_writes_objects_only_in_buckets_tagged_for_backup() {
    let object = format!("acs:oss:*:{RES}:backup-bucket/data/file.bin");
    const TAG: &str = "oss:BucketSysTag/acs:hbr:backup";
    let ask = |action: &'static str, tag: Option<&str>| {
        let context = match tag {
            Some(v) => json!({ TAG: v }),
            None => json!({}),
        };
        slr(RD, RES, action, &object, context)
    };
    for action in ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListParts"] {
        for value in ["true", "TRUE", "True"] {
            let r = ask(action, Some(value));
            allowed(&r);
            assert_eq!(r.explanation.decisive[0].index, 7, "the object statement is statement 8");
        }
        let r = ask(action, Some("false"));
        implicitly_denied(&r);
        let why = &report(&r, RD, 7).why;
        assert!(why.starts_with("does not apply: condition fails:"), "{why}");
        assert!(why.contains(&format!("{TAG} \"false\" does not satisfy StringEqualsIgnoreCase \"true\"")), "{why}");
        assert!(r.explanation.missing_context_keys.is_empty());

        // A JSON boolean in the case file reads as "true", and a one-element list as one value.
        for value in [json!(true), json!(["TRUE"])] {
            allowed(&slr(RD, RES, action, &object, json!({ TAG: value })));
        }
        implicitly_denied(&slr(RD, RES, action, &object, json!({ TAG: false })));

        for value in ["", "yes", "true "] {
            implicitly_denied(&ask(action, Some(value)));
        }

        let r = ask(action, None);
        implicitly_denied(&r);
        assert_eq!(r.explanation.missing_context_keys, [TAG]);
        assert!(report(&r, RD, 7).why.contains(&format!("the request has no {TAG}")));
    }
    // Bucket-level reads carry no condition.
    for action in ["oss:GetBucketInfo", "oss:ListObjects", "oss:ListBuckets"] {
        allowed(&ask(action, None));
    }
    // AliyunServiceRoleForHbrOssBackup (a fragment) grants object access without any tag condition.
    allowed(&slr("AliyunServiceRoleForHbrOssBackup", RES, "oss:GetObject", &object, json!({})));
    implicitly_denied(&slr("AliyunServiceRoleForHbrOssBackup", RES, "oss:DeleteObject", &object, json!({})));
}

#[test]
fn client_messages_are_allowed_only_on_message_clients() {
    for role in ["AliyunServiceRoleForHbrMagpieBridge", RD] {
        for action in ["hbr:ClientSendMessage", "hbr:ClientReceiveMessage"] {
            for resource in [
                format!("acs:hbr:cn-hangzhou:{MGMT}:messageClient/c-0001"),
                format!("acs:hbr:cn-shanghai:{MGMT}:messageClient/any/depth"),
            ] {
                allowed(&slr(role, MGMT, action, &resource, json!({})));
            }
            // `acs:hbr:*:*:...` names any account, but the RAM rules still need a resource
            // policy for another account's resources.
            let elsewhere = format!("acs:hbr:cn-hangzhou:{OTHER}:messageClient/c-0001");
            let r = slr(role, MGMT, action, &elsewhere, json!({}));
            implicitly_denied(&r);
            assert_eq!(r.explanation.reason, Reason::ResourcePolicyDoesNotAllow);
            for resource in [
                format!("acs:hbr:cn-hangzhou:{MGMT}:vault/v-0001"),
                format!("acs:hbr:cn-hangzhou:{MGMT}:messageclient/c-0001"),
                format!("acs:ecs:cn-hangzhou:{MGMT}:messageClient/c-0001"),
                "*".to_string(),
            ] {
                let r = slr(role, MGMT, action, &resource, json!({}));
                implicitly_denied(&r);
                let index = if role == RD { 1 } else { 0 };
                let why = &report(&r, role, index).why;
                assert!(why.contains("matches none of Resource [\"acs:hbr:*:*:messageClient/*\"]"), "{why}");
            }
        }
    }
}

#[test]
fn the_other_service_linked_roles_grant_what_they_list() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("AliyunServiceRoleForHbrCsgBackup", &["hcs-sgw:DescribeGateways"], &["hcs-sgw:DeleteGateway"]),
        (
            "AliyunServiceRoleForHbrNasBackup",
            &["nas:DescribeFileSystems", "nas:CreateMountTargetSpecial"],
            &["nas:DeleteFileSystem", "nas:CreateAccessGroup"],
        ),
        ("AliyunServiceRoleForHbrVaultEncryption", &["kms:Decrypt"], &["kms:Encrypt", "kms:ListKeys"]),
        ("AliyunServiceRoleForHbrOtsBackup", &["ots:BatchWriteRow", "ots:DescribeStream"], &["ots:DeleteTable"]),
        ("AliyunServiceRoleForHbrEcsEncryption", &["kms:ListKeys", "kms:ListAliases"], &["kms:Decrypt"]),
        ("AliyunServiceRoleForHbrPdsBackup", &["pds:DownloadFile", "pds:ListDomains"], &["pds:DeleteFile"]),
        (CROSS, &[], &["sts:GetCallerIdentity", "ecs:DescribeInstances"]),
        (
            RD,
            &["ecs:ModifySnapshotAttribute", "ecs:ListChangedBlocks", "tag:ListTagKeys", "kms:ListAlias"],
            &["kms:ListAliases", "ecs:DeleteSnapshotGroupX"],
        ),
    ];
    for &(role, allow, deny) in cases {
        for action in allow {
            allowed(&slr(role, MGMT, action, "*", json!({})));
        }
        for action in deny {
            implicitly_denied(&slr(role, MGMT, action, "*", json!({})));
        }
    }
}

#[test]
fn service_linked_roles_are_not_limited_by_control_policies() {
    let case = json!({
        "request": {"principal": session(MGMT, "AliyunServiceRoleForHbrPdsBackup"), "action": "pds:GetFile", "resource": "*"},
        "identity_policies": [doc("AliyunServiceRoleForHbrPdsBackup", &seed("AliyunServiceRoleForHbrPdsBackup"))],
        "control_policies": [[{"name": "deny-pds", "document": {"Version": "1", "Statement": [
            {"Effect": "Deny", "Action": "pds:*", "Resource": "*"}]}}]],
    });
    let r = load_cases(&case.to_string()).unwrap()[0].evaluate();
    allowed(&r);
    assert!(r.explanation.notes.iter().any(|n| n.contains("service-linked")), "{:?}", r.explanation.notes);
}

// ---------------------------------------------------------------------------
// hbrcrossrole: AliyunHBRRolePolicy and its trust policy (seeds 001 and 002)
// ---------------------------------------------------------------------------

fn hbrcrossrole_session() -> String {
    session(RES, "hbrcrossrole")
}

#[test]
fn aliyun_hbr_role_policy_allows_the_backup_actions() {
    let policy = seed(HBR_ROLE_POLICY);
    let instance = format!("acs:ecs:cn-hangzhou:{RES}:instance/i-bp1");
    for (action, resource) in [
        ("nas:DescribeFileSystems", "*".to_string()),
        ("ecs:RunCommand", instance.clone()),
        ("ecs:CopySnapshot", format!("acs:ecs:cn-hangzhou:{RES}:snapshot/s-1")),
        ("ecs:CreateSnapshot", format!("acs:ecs:cn-hangzhou:{RES}:disk/d-1")),
        ("bssapi:QueryAvailableInstances", "*".to_string()),
        ("ecs:AttachInstanceRamRole", instance.clone()),
        ("ecs:AttachInstanceRamRole", role_arn(RES, "aliyunecsaccessinghbrrole")),
        ("ram:PassRole", role_arn(RES, "aliyunecsaccessinghbrrole")),
        ("hcs-sgw:DescribeGateways", "*".to_string()),
        ("oss:PutObject", format!("acs:oss:*:{RES}:bucket/object")),
        ("ots:CreateSearchIndex", "*".to_string()),
        ("cms:QueryMetricList", "*".to_string()),
        ("vpc:DescribeVSwitches", "*".to_string()),
        ("kms:ListAliases", "*".to_string()),
    ] {
        let r = Ask::new(hbrcrossrole_session(), action, resource).identity(HBR_ROLE_POLICY, &policy).run();
        allowed(&r);
        assert_eq!(r.explanation.decisive[0].policy, HBR_ROLE_POLICY);
    }
    // Unlike AliyunServiceRoleForEcsBackup, PassRole carries no acs:Service condition here.
    let r = Ask::new(hbrcrossrole_session(), "ram:PassRole", "*")
        .context(json!({"acs:Service": "oss.aliyuncs.com"}))
        .identity(HBR_ROLE_POLICY, &policy)
        .run();
    allowed(&r);
}

#[test]
fn aliyun_hbr_role_policy_does_not_allow_modifying_snapshot_attributes() {
    let policy = seed(HBR_ROLE_POLICY);
    let snapshot = format!("acs:ecs:cn-hangzhou:{RES}:snapshot/s-123");
    let r = Ask::new(hbrcrossrole_session(), "ecs:ModifySnapshotAttribute", snapshot.clone())
        .identity(HBR_ROLE_POLICY, &policy)
        .run();
    implicitly_denied(&r);
    assert_eq!(r.explanation.reason, Reason::IdentityDoesNotAllow);
    assert_eq!(
        r.explanation.summary,
        format!(
            "Denied: no statement in hbrcrossrole's policies (AliyunHBRRolePolicy) allows ecs:ModifySnapshotAttribute on {snapshot}"
        )
    );
    assert!(r.explanation.decisive.is_empty());
    // Every statement reports why it did not apply; the ECS ones because the action is not listed.
    let identity = r.explanation.layers.iter().find(|l| l.layer == LayerKind::Identity).unwrap();
    assert_eq!(identity.outcome, "no_match");
    let statements = &identity.policies[0].statements;
    assert_eq!(statements.len(), 12);
    for s in statements {
        assert!(!s.applies);
        assert!(s.why.starts_with("does not apply: ecs:ModifySnapshotAttribute is not in Action"), "{}", s.why);
    }
    // A long action list is shortened in the message.
    assert!(statements[9].why.contains("… 17 more]"), "{}", statements[9].why);
    // Other actions it does not list.
    for action in ["ecs:DeleteSnapshotGroupX", "kms:ListAlias", "oss:DeleteObject", "ram:CreateRole"] {
        implicitly_denied(&Ask::new(hbrcrossrole_session(), action, "*").identity(HBR_ROLE_POLICY, &policy).run());
    }
}

/// sts:AssumeRole on hbrcrossrole in the resource account.
fn assume_hbrcrossrole(principal: String, identity: Option<(&str, String)>, trust: &str) -> CaseResult {
    let mut ask =
        Ask::new(principal, "sts:AssumeRole", role_arn(RES, "hbrcrossrole")).trust("hbrcrossrole trust policy", trust);
    if let Some((name, text)) = identity {
        ask = ask.identity(name, &text);
    }
    ask.run()
}

#[test]
fn cloud_backup_of_the_management_account_assumes_hbrcrossrole() {
    let trust = trust_for(MGMT);
    let r = assume_hbrcrossrole(session(MGMT, CROSS), Some((CROSS, seed(CROSS))), &trust);
    allowed(&r);
    assert_eq!(r.explanation.reason, Reason::AllowedByBoth);
    assert!(r.explanation.summary.starts_with("Allowed: both sides allow sts:AssumeRole"), "{}", r.explanation.summary);
    assert!(r.explanation.notes.iter().any(|n| n.contains("cross-account")), "{:?}", r.explanation.notes);

    // Both decisive statements, with their policy, layer, index and position.
    let decisive = &r.explanation.decisive;
    assert_eq!(decisive.len(), 2, "{decisive:?}");
    let trust_hit = decisive.iter().find(|d| d.layer == LayerKind::Resource).unwrap();
    assert_eq!(trust_hit.policy, "hbrcrossrole trust policy");
    assert_eq!((trust_hit.index, trust_hit.label.as_str()), (0, "statement 1"));
    assert_eq!(trust_hit.effect, Effect::Allow);
    assert_eq!((trust_hit.span.line, trust_hit.span.column), (1, 18));
    assert!(text_at(&trust, trust_hit.span).starts_with("{ \"Action\": \"sts:AssumeRole\""));
    let id_hit = decisive.iter().find(|d| d.layer == LayerKind::Identity).unwrap();
    assert_eq!(id_hit.policy, CROSS);
    assert_eq!(id_hit.index, 0);
    assert_eq!((id_hit.span.line, id_hit.span.column), (4, 5));
    let text = seed(CROSS);
    let from = text_at(&text, id_hit.span);
    assert_eq!(from.trim_end(), "{");
    // The trust statement's principal check says who matched.
    let principal = report(&r, "hbrcrossrole trust policy", 0).principal.as_ref().unwrap();
    assert!(principal.matched);
    assert!(principal.detail.contains("is the role of the caller's session"), "{}", principal.detail);

    // The role itself (not a session) is trusted too.
    allowed(&assume_hbrcrossrole(role_arn(MGMT, CROSS), Some((CROSS, seed(CROSS))), &trust));
}

#[test]
fn cross_account_assume_role_also_needs_the_callers_own_policy() {
    let trust = trust_for(MGMT);
    // No identity policy at all.
    let r = assume_hbrcrossrole(session(MGMT, CROSS), None, &trust);
    implicitly_denied(&r);
    assert_eq!(r.explanation.reason, Reason::CrossAccountIdentityDoesNotAllow);
    assert!(r.explanation.summary.contains("own policies must also allow sts:AssumeRole"), "{}", r.explanation.summary);
    // A policy that does not grant sts:AssumeRole (another role's policy).
    let magpie = "AliyunServiceRoleForHbrMagpieBridge";
    let r = assume_hbrcrossrole(session(MGMT, CROSS), Some((magpie, seed(magpie))), &trust);
    implicitly_denied(&r);
    assert_eq!(r.explanation.reason, Reason::CrossAccountIdentityDoesNotAllow);
}

#[test]
fn hbrcrossrole_refuses_everyone_else_and_says_whom_it_trusts() {
    let trust = trust_for(MGMT);
    let trusted = role_arn(MGMT, CROSS);
    let assume = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    for caller in [
        format!("acs:ram::{MGMT}:user/alice"),
        session(MGMT, "AliyunServiceRoleForHbrEcsBackup"),
        session(MGMT, "hbrcrossrole"),
        session(OTHER, CROSS),
        session(RES, CROSS),
    ] {
        let r = assume_hbrcrossrole(caller.clone(), Some(("AliyunSTSAssumeRoleAccess", assume.to_string())), &trust);
        implicitly_denied(&r);
        assert_eq!(r.explanation.reason, Reason::ResourcePolicyDoesNotAllow, "{caller}");
        let summary = &r.explanation.summary;
        assert!(summary.starts_with("Denied: the trust policy does not allow"), "{summary}");
        assert!(summary.contains(&format!("it trusts {trusted}, but the caller is {caller}")), "{summary}");
        let principal = report(&r, "hbrcrossrole trust policy", 0).principal.as_ref().unwrap();
        assert!(!principal.matched);
        assert!(principal.detail.contains(&format!("but the caller is {caller}")), "{}", principal.detail);
    }
    // Cloud Backup's service principal itself is not named by the trust policy either.
    let r = assume_hbrcrossrole("crossbackup.hbr.aliyuncs.com".into(), None, &trust);
    implicitly_denied(&r);
    assert!(r.explanation.summary.contains("but the caller is crossbackup.hbr.aliyuncs.com"));
    // The management account root cannot call AssumeRole at all.
    let r = assume_hbrcrossrole(format!("acs:ram::{MGMT}:root"), None, &trust);
    implicitly_denied(&r);
}

#[test]
fn the_trust_policy_as_printed_refuses_everyone() {
    let printed = fixture("hbrcrossrole-trust-as-printed.json");
    for caller in [
        session(MGMT, CROSS),
        role_arn(MGMT, CROSS),
        session(RES, CROSS),
        session(OTHER, CROSS),
        format!("acs:ram::{MGMT}:user/alice"),
        format!("acs:ram::{MGMT}:root"),
        "crossbackup.hbr.aliyuncs.com".to_string(),
    ] {
        let r = assume_hbrcrossrole(caller.clone(), Some((CROSS, seed(CROSS))), &printed);
        implicitly_denied(&r);
        let summary = &r.explanation.summary;
        if !caller.ends_with(":root") {
            assert!(summary.contains("acs:ram::ID of the destination account:role/"), "{summary}");
            assert!(summary.contains(&format!("but the caller is {caller}")), "{summary}");
        }
    }
}

// ---------------------------------------------------------------------------
// AWS Backup (seed 004)
// ---------------------------------------------------------------------------

#[test]
fn aws_backup_service_linked_role_trusts_only_aws_backup() {
    let role = "arn:aws:iam::123456789012:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup";
    let ask = |principal: &str| {
        let case = json!({
            "request": {"principal": principal, "action": "sts:AssumeRole", "resource": role},
            "resource_policy": doc("AWSServiceRoleForBackup trust policy", AWS_BACKUP_TRUST),
        });
        load_cases(&case.to_string()).unwrap()[0].evaluate()
    };
    let r = ask("backup.amazonaws.com");
    assert_eq!(r.dialect, Dialect::Aws, "{}", r.dialect_reason);
    assert_eq!(r.decision, Decision::Allow, "{}", r.explanation.summary);
    assert_eq!(r.explanation.reason, Reason::AllowedByResourcePolicy);
    assert_eq!(r.explanation.decisive.len(), 1);
    assert_eq!(r.explanation.decisive[0].layer, LayerKind::Resource);
    assert_eq!((r.explanation.decisive[0].span.line, r.explanation.decisive[0].span.column), (4, 5));
    assert!(r.explanation.summary.starts_with("Allowed: statement 1 of AWSServiceRoleForBackup trust policy"));

    for caller in ["ec2.amazonaws.com", "backup-storage.amazonaws.com", "arn:aws:iam::123456789012:user/admin"] {
        let r = ask(caller);
        assert_eq!(r.decision, Decision::ImplicitDeny, "{caller}: {}", r.explanation.summary);
        assert_eq!(r.explanation.reason, Reason::ResourcePolicyDoesNotAllow);
        let summary = &r.explanation.summary;
        assert!(summary.contains(&format!("it trusts backup.amazonaws.com, but the caller is {caller}")), "{summary}");
    }
}

// ---------------------------------------------------------------------------
// Explanations in detail
// ---------------------------------------------------------------------------

#[test]
fn explanations_point_at_the_deciding_statement_and_condition() {
    let text = seed(CROSS);
    let target = role_arn(MGMT, CROSS);
    let r = slr(
        CROSS,
        MGMT,
        "ram:DeleteServiceLinkedRole",
        &target,
        json!({"ram:ServiceName": "crossbackup.hbr.aliyuncs.com"}),
    );
    allowed(&r);
    assert_eq!(
        r.explanation.summary,
        format!("Allowed: statement 2 of {CROSS} allows ram:DeleteServiceLinkedRole on {target}")
    );
    let d = &r.explanation.decisive[0];
    assert_eq!(
        (d.policy.as_str(), d.layer, d.level, d.index, d.sid.as_deref()),
        (CROSS, LayerKind::Identity, None, 1, None)
    );
    assert_eq!(d.label, "statement 2");
    assert_eq!((d.span.line, d.span.column, d.span.end_line), (9, 5, 18));
    assert!(text_at(&text, d.span).starts_with('{'));

    let st = report(&r, CROSS, 1);
    assert!(st.applies);
    assert!(st.why.starts_with("applies: allows ram:DeleteServiceLinkedRole"), "{}", st.why);
    assert_eq!(st.action.detail, "ram:DeleteServiceLinkedRole matches Action \"ram:DeleteServiceLinkedRole\"");
    let c = &st.conditions[0];
    assert!(c.holds);
    assert_eq!((c.operator.as_str(), c.key.as_str()), ("StringEquals", "ram:ServiceName"));
    assert_eq!(c.request_values.as_deref(), Some(&["crossbackup.hbr.aliyuncs.com".to_string()][..]));
    assert_eq!((c.span.line, c.span.column), (15, 11));
    assert!(text_at(&text, c.span).starts_with("\"ram:ServiceName\""));

    // Statement 1 did not apply because the action is not in its list.
    let first = report(&r, CROSS, 0);
    assert!(!first.applies);
    assert_eq!(first.why, "does not apply: ram:DeleteServiceLinkedRole is not in Action [\"sts:AssumeRole\"]");
    assert_eq!(first.action.span.map(|s| (s.line, s.column)), Some((5, 17)));

    // With another service name, statement 2 fails on the condition's value.
    let r = slr(CROSS, MGMT, "ram:DeleteServiceLinkedRole", &target, json!({"ram:ServiceName": "rd.hbr.aliyuncs.com"}));
    implicitly_denied(&r);
    assert_eq!(
        report(&r, CROSS, 1).why,
        "does not apply: condition fails: ram:ServiceName \"rd.hbr.aliyuncs.com\" does not satisfy StringEquals \"crossbackup.hbr.aliyuncs.com\""
    );
    assert_eq!(
        r.explanation.summary,
        format!("Denied: no statement in {CROSS}'s policies ({CROSS}) allows ram:DeleteServiceLinkedRole on {target}")
    );

    // Without it, the report and the missing keys say so.
    let r = slr(CROSS, MGMT, "ram:DeleteServiceLinkedRole", &target, json!({}));
    let st = report(&r, CROSS, 1);
    assert_eq!(
        st.why,
        "does not apply: condition fails: the request has no ram:ServiceName: the condition cannot match without it"
    );
    assert_eq!(st.conditions[0].request_values, None);
    assert_eq!(r.explanation.missing_context_keys, ["ram:ServiceName"]);
    let text = r.explanation.render_text();
    assert!(text.contains("context keys tested but not supplied: ram:ServiceName"), "{text}");
}

#[test]
fn explanations_of_fragments_point_into_the_printed_text() {
    let text = ecs_backup_corrected();
    let target = role_arn(MGMT, "aliyunecsaccessinghbrrole");
    let r = slr(ECS_BACKUP, MGMT, "ram:PassRole", &target, json!({"acs:Service": "ecs.aliyuncs.com"}));
    allowed(&r);
    let d = &r.explanation.decisive[0];
    assert_eq!((d.policy.as_str(), d.layer, d.index), (ECS_BACKUP, LayerKind::Identity, 3));
    let expected_line = text.lines().position(|l| l.contains("\"ram:PassRole\"")).unwrap() as u32 - 1;
    assert_eq!(d.span.line, expected_line, "the statement's `{{` is the line before its Action");
    assert_eq!(d.span.column, 4);
    assert!(text_at(&text, d.span).starts_with('{'));
    let rendered = r.explanation.render_text();
    assert!(
        rendered
            .contains(&format!("decisive: statement 4 of {ECS_BACKUP} [identity] at line {expected_line}, column 4")),
        "{rendered}"
    );
}

// ---------------------------------------------------------------------------
// Schema errors, all at once
// ---------------------------------------------------------------------------

const BROKEN: &str = r#"{
  "Version": "1",
  "Statement": [
    {"Efect": "Allow", "Action": "ecs:DescribeInstances", "Resource": "*"},
    {"Effect": "Allow", "Action": "ecs:StartInstance", "NotAction": "ecs:StopInstance", "Resource": "*"},
    {"Effect": "Allow", "Action": "oss:GetObject", "Resource": 42},
    {"Effect": "Allow", "Action": "ram:DeleteServiceLinkedRole", "Resource": "*",
     "Condition": {"StringEqualz": {"ram:ServiceName": "rd.hbr.aliyuncs.com"}}}
  ]
}"#;

#[test]
fn schema_errors_are_reported_together_with_positions_and_help() {
    let parsed = parse_policy("broken", BROKEN, None);
    assert!(parsed.policy.is_none());
    assert_eq!(parsed.detection.dialect, Dialect::Aliyun);
    let find = |code: &str| {
        parsed.issues.iter().find(|i| i.code() == code).unwrap_or_else(|| panic!("{code} missing: {:?}", parsed.issues))
    };
    let at = |code: &str| {
        let s = find(code).span();
        (s.line, s.column)
    };

    let unknown = find("unknown-element");
    assert_eq!(unknown.help().as_deref(), Some("did you mean \"Effect\"?"));
    assert_eq!(unknown.to_string(), "unknown element \"Efect\" in statement 1");
    assert_eq!(at("unknown-element"), (4, 6));
    assert!(text_at(BROKEN, unknown.span()).starts_with("\"Efect\""));

    let missing = find("missing-element");
    assert_eq!(missing.to_string(), "statement 1 has no \"Effect\"");
    assert_eq!(at("missing-element"), (4, 5));

    let conflict = find("conflicting-elements");
    assert_eq!(conflict.to_string(), "a statement cannot have both \"Action\" and \"NotAction\"");
    assert_eq!(at("conflicting-elements").0, 5);
    assert!(text_at(BROKEN, conflict.span()).starts_with("\"ecs:StopInstance\""));

    let wrong = find("wrong-type");
    assert_eq!(wrong.to_string(), "Resource in statement 3 must be a string or an array of strings, found a number");
    assert!(text_at(BROKEN, wrong.span()).starts_with("42}"));
    assert_eq!(at("wrong-type").0, 6);

    let op = find("unknown-condition-operator");
    assert_eq!(op.to_string(), "unknown condition operator \"StringEqualz\" for Alibaba Cloud RAM");
    assert_eq!(op.help().as_deref(), Some("did you mean StringEquals?"));
    assert_eq!(at("unknown-condition-operator"), (8, 20));

    for issue in &parsed.issues {
        assert_eq!(issue.severity(), Severity::Error, "{issue}");
    }
    assert_eq!(parsed.issues.len(), 5, "{:?}", parsed.issues);

    // Through a case file: one error listing every problem with its line.
    let case = json!({
        "request": {"principal": format!("acs:ram::{MGMT}:user/alice"), "action": "ecs:DescribeInstances", "resource": "*"},
        "identity_policies": [doc("broken", BROKEN)],
    });
    let err = load_cases(&case.to_string()).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("policy \"broken\" has errors:"), "{message}");
    for needle in [
        "line 4, column 6: unknown element \"Efect\" in statement 1 (did you mean \"Effect\"?)",
        "line 4, column 5: statement 1 has no \"Effect\"",
        "both \"Action\" and \"NotAction\"",
        "found a number",
        "line 8, column 20: unknown condition operator \"StringEqualz\" for Alibaba Cloud RAM (did you mean StringEquals?)",
    ] {
        assert!(message.contains(needle), "{needle} not in:\n{message}");
    }
}

// ---------------------------------------------------------------------------
// Non-ASCII input (two panics found while writing these tests, fixed in fe616a3)
// ---------------------------------------------------------------------------

/// A `?` just before a literal tail once panicked when the resource ended in a multi-byte character.
#[test]
fn wildcard_question_mark_before_a_literal_tail_handles_non_ascii_resources() {
    let ask = |resource: &str| {
        let case = json!({
            "request": {"principal": format!("acs:ram::{MGMT}:user/alice"), "action": "oss:GetObject",
                        "resource": format!("acs:oss:*:{MGMT}:photos/{resource}")},
            "identity_policies": [{"Version": "1", "Statement": [
                {"Effect": "Allow", "Action": "oss:GetObject", "Resource": format!("acs:oss:*:{MGMT}:photos/*?b")}]}],
        });
        load_cases(&case.to_string()).unwrap()[0].evaluate().decision
    };
    assert_eq!(ask("café"), Decision::ImplicitDeny);
    assert_eq!(ask("caféb"), Decision::Allow);
    assert_eq!(ask("éb"), Decision::Allow);
    assert_eq!(ask("b"), Decision::ImplicitDeny);
}

/// A date condition value with a non-ASCII time-zone suffix once panicked while the policy was read.
#[test]
fn date_condition_values_with_non_ascii_zones_are_reported_not_panicked_on() {
    let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "*",
        "Condition": {"DateLessThan": {"acs:CurrentTime": "2020-01-01T00:00+aéb"}}}]}"#;
    let parsed = parse_policy("p", text, None);
    let bad = parsed.issues.iter().find(|i| i.code() == "bad-condition-value").expect("reported");
    assert_eq!(bad.severity(), Severity::Warning);
    assert_eq!(bad.span().line, 2);
}
