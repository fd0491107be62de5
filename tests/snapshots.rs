//! Snapshots of explanations (insta, under tests/snapshots/): every check of every built-in
//! scenario (each hop and the final request), every case of examples/hbr-assume-role.json and
//! the seed cases below, each as the text a person reads and as structured data (decision,
//! reason, decisive statements, every statement's outcome, spans as line:column and bytes).
//! Case files are snapshotted with both explanation details, brief and full; scenario chains
//! are always explained in full.
//!
//! A change of wording or of a span is therefore a diff to review. Under CI (`CI=true`, as
//! `.ci/run` sets it) insta writes nothing and fails on any difference or missing snapshot.
//! Locally a failing run leaves `*.snap.new` files beside the snapshots; review them with
//! `cargo insta review` (cargo-insta, installed from crates.io with `cargo install cargo-insta`)
//! or accept them all with `INSTA_UPDATE=always cargo test --test snapshots` and read
//! `git diff tests/snapshots` before committing.

use policy_playground::case::{Case, CaseResult, load_cases};
use policy_playground::chain::{ChainResult, Hop};
use policy_playground::explain::{Detail, Evaluation, LayerReport, StatementRef};
use policy_playground::scenario::load_scenario;
use policy_playground::span::Span;
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::Path;

const MGMT: &str = "1111111111111111";
const RES: &str = "2222222222222222";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Snapshots are compared as they are; the file they came from is the snapshot's description.
fn settings(source: &str) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_description(source);
    s.set_omit_expression(true);
    s.set_prepend_module_to_snapshot(false);
    s
}

// ---------------------------------------------------------------------------
// Structured form: every field that a reader or the editor relies on, compactly
// ---------------------------------------------------------------------------

/// `line:column-end_line:end_column @start..end` (bytes).
fn at(span: Span) -> String {
    format!("{}:{}-{}:{} @{}..{}", span.line, span.column, span.end_line, span.end_column, span.start, span.end)
}

fn at_opt(span: Option<Span>) -> Value {
    span.map_or(Value::Null, |s| json!(at(s)))
}

fn statement_ref(d: &StatementRef) -> Value {
    json!({
        "policy": d.policy, "layer": d.layer, "level": d.level, "index": d.index, "sid": d.sid,
        "label": d.label, "effect": d.effect, "at": at(d.span),
    })
}

fn layer(l: &LayerReport) -> Value {
    let policies: Vec<Value> = l
        .policies
        .iter()
        .map(|p| {
            let statements: Vec<Value> = p
                .statements
                .iter()
                .map(|s| {
                    let mut v = json!({
                        "statement": s.statement.label,
                        "at": at(s.statement.span),
                        "applies": s.applies,
                        "action": {"matched": s.action.matched, "at": at_opt(s.action.span)},
                        "resource": {"matched": s.resource.matched, "at": at_opt(s.resource.span)},
                    });
                    if let Some(p) = &s.principal {
                        v["principal"] = json!({"matched": p.matched, "at": at_opt(p.span)});
                    }
                    if !s.conditions.is_empty() {
                        v["conditions"] = s
                            .conditions
                            .iter()
                            .map(|c| {
                                json!({"operator": c.operator, "key": c.key, "request_values": c.request_values,
                                       "holds": c.holds, "at": at(c.span)})
                            })
                            .collect();
                    }
                    v
                })
                .collect();
            json!({"name": p.name, "statements": statements})
        })
        .collect();
    let mut v = json!({"layer": l.layer, "level": l.level, "title": l.title, "outcome": l.outcome});
    if let Some(note) = &l.note {
        v["note"] = json!(note);
    }
    if !policies.is_empty() {
        v["policies"] = json!(policies);
    }
    v
}

fn evaluation(e: &Evaluation) -> Value {
    json!({
        "decision": e.decision,
        "reason": e.reason,
        "summary": e.summary,
        "decisive": e.decisive.iter().map(statement_ref).collect::<Vec<_>>(),
        "notes": e.notes,
        "missing_context_keys": e.missing_context_keys,
        "layers": e.layers.iter().map(layer).collect::<Vec<_>>(),
    })
}

fn hop(h: &Hop) -> Value {
    let side = |s: &policy_playground::chain::Side| json!({"outcome": s.outcome, "layers": s.layers.iter().map(|l| format!("{}: {}", l.title, l.outcome)).collect::<Vec<_>>()});
    json!({
        "number": h.number,
        "caller": h.caller,
        "role": h.role,
        "account": h.account,
        "decision": h.decision,
        "sentence": h.sentence,
        "caller_side": side(&h.caller_side),
        "role_side": side(&h.role_side),
        "session": h.session.as_ref().map(|s| json!({"arn": s.arn, "duration_seconds": s.duration_seconds})),
        "evaluation": h.evaluation.as_ref().map(evaluation),
    })
}

fn chain(r: &ChainResult) -> Value {
    json!({
        "check": r.check,
        "from": r.from,
        "decision": r.decision,
        "expected": r.expected,
        "stopped_at": r.stopped_at,
        "summary": r.summary,
        "preconditions": r.preconditions,
        "notes": r.notes,
        "hops": r.hops.iter().map(hop).collect::<Vec<_>>(),
        "final_request": r.final_request.as_ref().map(|f| json!({
            "principal": f.principal, "action": f.action, "resource": f.resource,
            "decision": f.decision, "evaluation": evaluation(&f.evaluation),
        })),
    })
}

fn case_result(r: &CaseResult) -> Value {
    json!({
        "name": r.name,
        "decision": r.decision,
        "expected": r.expected,
        "dialect": r.dialect,
        "dialect_reason": r.dialect_reason,
        "warnings": r.warnings,
        "explanation": evaluation(&r.explanation),
    })
}

// ---------------------------------------------------------------------------
// Text form
// ---------------------------------------------------------------------------

fn indented(out: &mut String, prefix: &str, text: &str) {
    for line in text.lines() {
        writeln!(out, "{prefix}{line}").unwrap();
    }
}

fn chain_text(r: &ChainResult) -> String {
    let mut out = String::new();
    writeln!(out, "== {} ==", r.check).unwrap();
    writeln!(out, "{} (expected {}): {}", r.decision.as_str(), r.expected.as_str(), r.summary).unwrap();
    writeln!(out, "from {}", r.from).unwrap();
    for p in &r.preconditions {
        writeln!(out, "stopped before hop 1: {p}").unwrap();
    }
    for note in &r.notes {
        writeln!(out, "note: {note}").unwrap();
    }
    for h in &r.hops {
        writeln!(out, "[{}] {}", h.decision.as_str(), h.sentence).unwrap();
        writeln!(out, "  {} -> {} in {}", h.caller, h.role, h.account).unwrap();
        writeln!(out, "  caller side: {}; role side: {}", h.caller_side.outcome, h.role_side.outcome).unwrap();
        if let Some(s) = &h.session {
            writeln!(out, "  session: {} ({} s)", s.arn, s.duration_seconds).unwrap();
        }
        if let Some(e) = &h.evaluation {
            indented(&mut out, "  | ", &e.render_text());
        }
    }
    if let Some(f) = &r.final_request {
        writeln!(out, "[{}] final: {} {} on {}", f.decision.as_str(), f.principal, f.action, f.resource).unwrap();
        indented(&mut out, "  | ", &f.evaluation.render_text());
    }
    out
}

fn case_text(r: &CaseResult) -> String {
    let mut out = String::new();
    let expected = r.expected.map_or(String::new(), |e| format!(" (expected {})", e.as_str()));
    writeln!(out, "== {} ==", r.name).unwrap();
    writeln!(out, "{}{expected}; dialect {:?}: {}", r.decision.as_str(), r.dialect, r.dialect_reason).unwrap();
    // Warnings as their JSON, so that this file does not depend on the diagnostic's fields.
    for w in &r.warnings {
        writeln!(out, "warning: {}", serde_json::to_string(w).unwrap()).unwrap();
    }
    out.push_str(&r.explanation.render_text());
    out
}

/// Snapshots a list of cases with both details, as text and as data.
fn snapshot_cases(name: &str, source: &str, cases: &[Case]) {
    let brief: Vec<CaseResult> = cases.iter().map(|c| c.evaluate_with(Detail::Brief)).collect();
    let full: Vec<CaseResult> = cases.iter().map(|c| c.evaluate_with(Detail::Full)).collect();
    for (b, f) in brief.iter().zip(&full) {
        assert_eq!(b.decision, f.decision, "{}: the detail does not change the decision", b.name);
        assert_eq!(b.explanation.decisive, f.explanation.decisive, "{}", b.name);
    }
    let text = |results: &[CaseResult]| results.iter().map(case_text).collect::<Vec<_>>().join("\n");
    settings(source).bind(|| {
        insta::assert_snapshot!(format!("{name}-brief-text"), text(&brief));
        insta::assert_snapshot!(format!("{name}-full-text"), text(&full));
        // Brief data exactly as `eval --json` prints it, one object per case.
        insta::assert_json_snapshot!(format!("{name}-brief-data"), brief);
        insta::assert_json_snapshot!(format!("{name}-full-data"), full.iter().map(case_result).collect::<Vec<_>>());
    });
}

// ---------------------------------------------------------------------------
// Built-in scenarios
// ---------------------------------------------------------------------------

#[test]
fn built_in_scenarios() {
    let dir = root().join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 5, "a new scenario file gets its own snapshots: {files:?}");
    for file in files {
        let stem = file.file_stem().unwrap().to_str().unwrap().to_string();
        let loaded = load_scenario(&read(&file));
        let scenario = loaded.scenario.unwrap_or_else(|| panic!("{stem} does not load: {:?}", loaded.issues));
        let results = scenario.run_checks();
        assert!(!results.is_empty(), "{stem} has no checks");
        let text = results.iter().map(chain_text).collect::<Vec<_>>().join("\n");
        let data: Vec<Value> = results.iter().map(chain).collect();
        settings(&format!("scenarios/{stem}.json")).bind(|| {
            insta::assert_snapshot!(format!("scenario-{stem}-text"), text);
            insta::assert_json_snapshot!(format!("scenario-{stem}-data"), data);
        });
    }
}

// ---------------------------------------------------------------------------
// The example case file
// ---------------------------------------------------------------------------

#[test]
fn example_case_file() {
    let cases = load_cases(&read(&root().join("examples/hbr-assume-role.json"))).unwrap();
    assert_eq!(cases.len(), 3);
    snapshot_cases("example-hbr-assume-role", "examples/hbr-assume-role.json", &cases);
}

// ---------------------------------------------------------------------------
// Seed cases: the printed Cloud Backup policies (tests/fixtures/seeds) at work
// ---------------------------------------------------------------------------

fn seed(file: &str) -> String {
    read(&root().join("tests/fixtures/seeds").join(file))
}

/// AliyunServiceRoleForHbrEcsBackup.json with the comma the page forgot (see seeds.rs).
fn ecs_backup_corrected() -> String {
    let text = seed("AliyunServiceRoleForHbrEcsBackup.json");
    let fixed = text.replacen("\"ecs:DescribeInvocations\"\n", "\"ecs:DescribeInvocations\",\n", 1);
    assert_ne!(fixed, text);
    fixed
}

fn session(account: &str, role: &str) -> String {
    format!("acs:ram::{account}:assumed-role/{role}/hbr-session")
}

/// A seed case: `principal` calls `action` on `resource` with `context`; the identity policy is
/// the named seed document, and `trust` (when given) the resource policy.
struct SeedCase<'a> {
    name: &'a str,
    principal: String,
    action: &'a str,
    resource: String,
    context: Value,
    policy: (&'a str, String),
    trust: Option<(&'a str, String)>,
}

fn seed_case<'a>(name: &'a str, role: &'a str, account: &str, action: &'a str, resource: String) -> SeedCase<'a> {
    let text =
        if role == "AliyunServiceRoleForHbrEcsBackup" { ecs_backup_corrected() } else { seed(&format!("{role}.json")) };
    SeedCase {
        name,
        principal: session(account, role),
        action,
        resource,
        context: json!({}),
        policy: (role, text),
        trust: None,
    }
}

impl SeedCase<'_> {
    fn context(mut self, context: Value) -> Self {
        self.context = context;
        self
    }

    fn json(&self) -> Value {
        let mut c = json!({
            "name": self.name,
            "request": {"principal": self.principal, "action": self.action, "resource": self.resource,
                        "context": self.context},
            "identity_policies": [{"name": self.policy.0, "document": self.policy.1}],
        });
        if let Some((name, text)) = &self.trust {
            c["resource_policy"] = json!({"name": name, "document": text});
        }
        c
    }
}

fn seed_cases() -> Vec<SeedCase<'static>> {
    let hbr_role = "hbrcrossrole";
    let hbr_policy = seed("AliyunHBRRolePolicy.json");
    let cross = "AliyunServiceRoleForHbrCrossAccountBackup";
    let trust_as_printed = seed("hbrcrossrole-trust-as-printed.json");
    let trust_for_mgmt = trust_as_printed.replace("ID of the destination account", MGMT);
    let ecs = |id: &str| format!("acs:ecs:cn-hangzhou:{RES}:{id}");
    let slr = |role: &str| format!("acs:ram::{MGMT}:role/{}", role.to_lowercase());
    let hbrcrossrole = |name, action, resource: String| SeedCase {
        name,
        principal: session(RES, hbr_role),
        action,
        resource,
        context: json!({}),
        policy: ("AliyunHBRRolePolicy", hbr_policy.clone()),
        trust: None,
    };
    let assume = |name, trust: &str| {
        let mut c = seed_case(name, cross, MGMT, "sts:AssumeRole", format!("acs:ram::{RES}:role/{hbr_role}"));
        c.trust = Some(("hbrcrossrole trust policy", trust.to_string()));
        c
    };
    vec![
        hbrcrossrole("hbrcrossrole creates a snapshot", "ecs:CreateSnapshot", ecs("snapshot/s-1")),
        hbrcrossrole(
            "hbrcrossrole attaches the backup client's role to an instance",
            "ecs:AttachInstanceRamRole",
            ecs("instance/i-1"),
        ),
        hbrcrossrole(
            "hbrcrossrole cannot attach to anything but instances and the client role",
            "ecs:AttachInstanceRamRole",
            format!("acs:ram::{RES}:role/admin"),
        ),
        hbrcrossrole(
            "hbrcrossrole may not modify snapshot attributes",
            "ecs:ModifySnapshotAttribute",
            ecs("snapshot/s-1"),
        ),
        assume(
            "the cross-account role assumes hbrcrossrole (trust policy with the account filled in)",
            &trust_for_mgmt,
        ),
        assume("the trust policy as printed, with its placeholder, trusts no one", &trust_as_printed),
        seed_case(
            "CrossAccountBackup deletes its own service-linked role",
            cross,
            MGMT,
            "ram:DeleteServiceLinkedRole",
            slr(cross),
        )
        .context(json!({"ram:ServiceName": "crossbackup.hbr.aliyuncs.com"})),
        seed_case(
            "CrossAccountBackup may not delete another service's role",
            cross,
            MGMT,
            "ram:DeleteServiceLinkedRole",
            slr("AliyunServiceRoleForHbrRd"),
        )
        .context(json!({"ram:ServiceName": "rd.hbr.aliyuncs.com"})),
        seed_case(
            "DeleteServiceLinkedRole without ram:ServiceName",
            cross,
            MGMT,
            "ram:DeleteServiceLinkedRole",
            slr(cross),
        ),
        seed_case(
            "CsgBackup (a fragment) describes gateways",
            "AliyunServiceRoleForHbrCsgBackup",
            MGMT,
            "hcs-sgw:DescribeGateways",
            format!("acs:hcs-sgw:cn-hangzhou:{MGMT}:gateway/gw-1"),
        ),
        seed_case(
            "EcsBackup (corrected) passes the client role to ECS",
            "AliyunServiceRoleForHbrEcsBackup",
            MGMT,
            "ram:PassRole",
            slr("AliyunECSAccessingHBRRole"),
        )
        .context(json!({"acs:Service": "ecs.aliyuncs.com"})),
        seed_case(
            "EcsBackup (corrected) passes the role to no other service",
            "AliyunServiceRoleForHbrEcsBackup",
            MGMT,
            "ram:PassRole",
            slr("AliyunECSAccessingHBRRole"),
        )
        .context(json!({"acs:Service": "fc.aliyuncs.com"})),
        seed_case(
            "EcsEncryption lists key aliases",
            "AliyunServiceRoleForHbrEcsEncryption",
            MGMT,
            "kms:ListAliases",
            "*".to_string(),
        ),
        seed_case(
            "MagpieBridge sends a client message",
            "AliyunServiceRoleForHbrMagpieBridge",
            MGMT,
            "hbr:ClientSendMessage",
            format!("acs:hbr:cn-hangzhou:{MGMT}:messageClient/c-1"),
        ),
        seed_case(
            "MagpieBridge sends nothing to a vault",
            "AliyunServiceRoleForHbrMagpieBridge",
            MGMT,
            "hbr:ClientSendMessage",
            format!("acs:hbr:cn-hangzhou:{MGMT}:vault/v-1"),
        ),
        seed_case(
            "NasBackup creates a mount target",
            "AliyunServiceRoleForHbrNasBackup",
            MGMT,
            "nas:CreateMountTarget",
            format!("acs:nas:cn-hangzhou:{MGMT}:filesystem/fs-1"),
        ),
        seed_case(
            "OssBackup lists objects",
            "AliyunServiceRoleForHbrOssBackup",
            MGMT,
            "oss:ListObjects",
            format!("acs:oss:*:{MGMT}:backup-bucket"),
        ),
        seed_case(
            "OtsBackup creates a table",
            "AliyunServiceRoleForHbrOtsBackup",
            MGMT,
            "ots:CreateTable",
            format!("acs:ots:cn-hangzhou:{MGMT}:instance/ots-1/table/t1"),
        ),
        seed_case(
            "PdsBackup reads a drive",
            "AliyunServiceRoleForHbrPdsBackup",
            MGMT,
            "pds:GetDrive",
            format!("acs:pds:cn-hangzhou:{MGMT}:domain/d-1/drive/1"),
        ),
        seed_case(
            "Rd writes to a bucket tagged for backup",
            "AliyunServiceRoleForHbrRd",
            RES,
            "oss:PutObject",
            format!("acs:oss:*:{RES}:hbr-bucket/object"),
        )
        .context(json!({"oss:BucketSysTag/acs:hbr:backup": "TRUE"})),
        seed_case(
            "Rd does not write to other buckets",
            "AliyunServiceRoleForHbrRd",
            RES,
            "oss:PutObject",
            format!("acs:oss:*:{RES}:other-bucket/object"),
        )
        .context(json!({"oss:BucketSysTag/acs:hbr:backup": "false"})),
        seed_case(
            "Rd cannot list key aliases (the page prints kms:ListAlias)",
            "AliyunServiceRoleForHbrRd",
            RES,
            "kms:ListAliases",
            "*".to_string(),
        ),
        seed_case(
            "VaultEncryption decrypts",
            "AliyunServiceRoleForHbrVaultEncryption",
            MGMT,
            "kms:Decrypt",
            format!("acs:kms:cn-hangzhou:{MGMT}:key/k-1"),
        ),
        SeedCase {
            name: "a RAM user with the Resource Management sample creates its service-linked role",
            principal: format!("acs:ram::{MGMT}:user/alice"),
            action: "ram:CreateServiceLinkedRole",
            resource: "*".to_string(),
            context: json!({"ram:ServiceName": "resourcemanager.aliyuncs.com"}),
            policy: ("resourcemanager-slr-permission", seed("resourcemanager-slr-permission.json")),
            trust: None,
        },
    ]
}

#[test]
fn seed_cases_of_the_printed_policies() {
    let cases: Vec<Value> = seed_cases().iter().map(SeedCase::json).collect();
    let loaded = load_cases(&Value::Array(cases).to_string()).unwrap_or_else(|e| panic!("seed cases: {e}"));
    assert_eq!(loaded.len(), 24);
    snapshot_cases("seed-cases", "tests/fixtures/seeds (cases built in tests/snapshots.rs)", &loaded);
}
