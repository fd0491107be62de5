//! Criterion benchmarks for the engine: policies are compiled once, then evaluated many times.
//!
//! Groups (see BENCHMARKS.md for the commands and the figures):
//!
//! * `cloud_backup`: the Cloud Backup (HBR) seed policies in `tests/fixtures/seeds/`, about
//!   30 statements, against realistic requests: `authorize` (decision only) and `explain`
//!   (full explanation), per request and over the whole batch;
//! * `aws_generated`: 1,000 generated AWS cases (identity, resource, boundary, SCP and RCP
//!   layers, StringLike / IpAddress / DateLessThan / ForAnyValue conditions), `authorize` per case;
//! * `wildcard`: pathological patterns such as `*a*a*a*a*a*b` against 1k, 10k and 100k bytes,
//!   to show the matcher's cost grows at most linearly with the input;
//! * `parse`: `parse_policy` on `AliyunServiceRoleForHbrRd.json`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use policy_playground::authorize::{Decision, PolicySet, authorize};
use policy_playground::case::{Case, load_cases};
use policy_playground::dialect::Dialect;
use policy_playground::explain::explain;
use policy_playground::pattern::{Pattern, PatternSyntax};
use policy_playground::policy::{Policy, parse_policy};
use policy_playground::request::{Context, Request};
use serde_json::{Value, json};
use std::hint::black_box;

// ---------------------------------------------------------------------------
// (a) Cloud Backup seed policies
// ---------------------------------------------------------------------------

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");

fn seed_text(file: &str) -> String {
    let path = format!("{SEEDS}/{file}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn compile(name: &str, text: &str) -> Policy {
    let parsed = parse_policy(name, text, Some(Dialect::Aliyun));
    match parsed.policy {
        Some(p) => p,
        None => panic!("seed {name} does not compile: {:?}", parsed.issues),
    }
}

/// AliyunServiceRoleForHbrEcsBackup.json is kept broken on purpose (a missing comma after
/// `"ecs:DescribeInvocations"`); the bench repairs a copy in memory.
fn repaired_ecs_backup() -> String {
    let text = seed_text("AliyunServiceRoleForHbrEcsBackup.json");
    let broken = "\"ecs:DescribeInvocations\"\n";
    assert!(text.contains(broken), "AliyunServiceRoleForHbrEcsBackup.json changed: the known missing comma is gone");
    text.replacen(broken, "\"ecs:DescribeInvocations\",\n", 1)
}

const HOME: &str = "1111111111111111";
const RESOURCE_ACCOUNT: &str = "2222222222222222";

/// About 30 statements: three identity policies (12 + 13 + 5 statements) plus the
/// cross-account backup role's policy (2), the hbrcrossrole trust policy (1) and one
/// Resource Directory control-policy level (2).
fn cloud_backup_set() -> PolicySet {
    let trust = seed_text("hbrcrossrole-trust-as-printed.json").replace("ID of the destination account", HOME);
    let control = r#"{"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": ["ecs:DeleteSnapshot", "ecs:DeleteInstance"], "Resource": "*"}]}"#;
    PolicySet {
        identity: vec![
            compile("AliyunHBRRolePolicy", &seed_text("AliyunHBRRolePolicy.json")),
            compile("AliyunServiceRoleForHbrRd", &seed_text("AliyunServiceRoleForHbrRd.json")),
            compile("AliyunServiceRoleForHbrEcsBackup", &repaired_ecs_backup()),
            compile(
                "AliyunServiceRolePolicyForHbrCrossAccountBackup",
                &seed_text("AliyunServiceRoleForHbrCrossAccountBackup.json"),
            ),
        ],
        resource: Some(compile("hbrcrossrole trust policy", &trust)),
        control: vec![vec![compile("DenySnapshotDeletion", control)]],
        ..PolicySet::default()
    }
}

fn aliyun_request(principal: &str, action: &str, resource: &str, context: &[(&str, &str)]) -> Request {
    let mut ctx = Context::default();
    for (k, v) in context {
        ctx.insert(k, vec![v.to_string()], false);
    }
    Request::new(Dialect::Aliyun, principal, action, resource, None, ctx)
}

/// The batch of requests, each with the decision it must get.
fn cloud_backup_requests() -> Vec<(&'static str, Request, Decision)> {
    let role = format!("acs:sts::{HOME}:assumed-role/hbrcrossrole/hbr-session");
    let slr = format!("acs:sts::{HOME}:assumed-role/AliyunServiceRoleForHbrCrossAccountBackup/hbr-session");
    let alice = format!("acs:ram::{HOME}:user/alice");
    let target_role = format!("acs:ram::{RESOURCE_ACCOUNT}:role/hbrcrossrole");
    let disk = format!("acs:ecs:cn-hangzhou:{HOME}:disk/d-bp1");
    let instance = format!("acs:ecs:cn-hangzhou:{HOME}:instance/i-bp1");
    let object = format!("acs:oss:*:{HOME}:hbr-backup-bucket/vault/chunk-0001");
    let tag = "oss:BucketSysTag/acs:hbr:backup";
    let r = |p: &str, a: &str, res: &str, c: &[(&str, &str)]| aliyun_request(p, a, res, c);
    vec![
        ("allow_create_snapshot", r(&role, "ecs:CreateSnapshot", &disk, &[]), Decision::Allow),
        ("allow_attach_ram_role", r(&role, "ecs:AttachInstanceRamRole", &instance, &[]), Decision::Allow),
        (
            "deny_attach_other_role",
            r(&role, "ecs:AttachInstanceRamRole", &format!("acs:ram::{HOME}:role/admin"), &[]),
            Decision::ImplicitDeny,
        ),
        ("allow_oss_delete_tagged", r(&role, "oss:DeleteObject", &object, &[(tag, "TRUE")]), Decision::Allow),
        ("deny_oss_delete_untagged", r(&role, "oss:DeleteObject", &object, &[(tag, "false")]), Decision::ImplicitDeny),
        ("deny_unlisted_action", r(&role, "ecs:DeleteSecurityGroup", &disk, &[]), Decision::ImplicitDeny),
        ("deny_by_control_policy", r(&role, "ecs:DeleteSnapshot", &disk, &[]), Decision::ExplicitDeny),
        (
            "allow_delete_slr",
            r(&role, "ram:DeleteServiceLinkedRole", "*", &[("ram:ServiceName", "rd.hbr.aliyuncs.com")]),
            Decision::Allow,
        ),
        ("allow_assume_role_trusted", r(&slr, "sts:AssumeRole", &target_role, &[]), Decision::Allow),
        ("deny_assume_role_untrusted", r(&alice, "sts:AssumeRole", &target_role, &[]), Decision::ImplicitDeny),
    ]
}

fn bench_cloud_backup(c: &mut Criterion) {
    let set = cloud_backup_set();
    let statements = set.identity.iter().chain(set.resource.iter()).chain(set.control.iter().flatten());
    let count: usize = statements.map(|p| p.statements.len()).sum();
    let requests = cloud_backup_requests();
    for (name, req, expected) in &requests {
        let got = authorize(&set, req);
        assert_eq!(got, *expected, "cloud_backup request {name}: the engine's decision changed");
    }
    eprintln!("cloud_backup: {count} statements, {} requests", requests.len());

    let mut group = c.benchmark_group("cloud_backup");
    for (name, req, _) in &requests {
        group.bench_with_input(BenchmarkId::new("authorize", name), req, |b, req| {
            b.iter(|| authorize(black_box(&set), black_box(req)))
        });
    }
    for (name, req, _) in &requests {
        group.bench_with_input(BenchmarkId::new("explain", name), req, |b, req| {
            b.iter(|| explain(black_box(&set), black_box(req)))
        });
    }
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("authorize_batch", |b| {
        b.iter(|| requests.iter().map(|(_, req, _)| authorize(black_box(&set), black_box(req)) as usize).sum::<usize>())
    });
    group.bench_function("explain_batch", |b| {
        b.iter(|| {
            requests.iter().map(|(_, req, _)| explain(black_box(&set), black_box(req)).layers.len()).sum::<usize>()
        })
    });
    group.finish();
}

// ---------------------------------------------------------------------------
// (b) generated AWS cases
// ---------------------------------------------------------------------------

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";

struct Service {
    prefix: &'static str,
    actions: &'static [&'static str],
    /// Builds a resource name from (account, index).
    resource: fn(&str, usize) -> String,
    /// A wildcard pattern that covers (account, index)'s resources.
    pattern: fn(&str, usize) -> String,
    has_resource_policy: bool,
}

const SERVICES: &[Service] = &[
    Service {
        prefix: "s3",
        actions: &["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging"],
        resource: |_, i| format!("arn:aws:s3:::data-bucket-{}/reports/2026/file-{i}.csv", i % 7),
        pattern: |_, i| format!("arn:aws:s3:::data-bucket-{}/*", i % 7),
        has_resource_policy: true,
    },
    Service {
        prefix: "dynamodb",
        actions: &["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem"],
        resource: |a, i| format!("arn:aws:dynamodb:us-east-1:{a}:table/orders-{}", i % 5),
        pattern: |a, _| format!("arn:aws:dynamodb:*:{a}:table/orders-*"),
        has_resource_policy: false,
    },
    Service {
        prefix: "sqs",
        actions: &["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue"],
        resource: |a, i| format!("arn:aws:sqs:us-east-1:{a}:jobs-{}", i % 4),
        pattern: |a, _| format!("arn:aws:sqs:us-east-1:{a}:jobs-*"),
        has_resource_policy: true,
    },
    Service {
        prefix: "ec2",
        actions: &["ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances", "ec2:RebootInstances"],
        resource: |a, i| format!("arn:aws:ec2:us-east-1:{a}:instance/i-0abc{i:08x}"),
        pattern: |a, _| format!("arn:aws:ec2:*:{a}:instance/*"),
        has_resource_policy: false,
    },
    Service {
        prefix: "lambda",
        actions: &["lambda:InvokeFunction", "lambda:GetFunction", "lambda:DeleteFunction"],
        resource: |a, i| format!("arn:aws:lambda:us-east-1:{a}:function:worker-{}", i % 6),
        pattern: |a, _| format!("arn:aws:lambda:us-east-1:{a}:function:worker-*"),
        has_resource_policy: true,
    },
    Service {
        prefix: "secretsmanager",
        actions: &["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:DeleteSecret"],
        resource: |a, i| format!("arn:aws:secretsmanager:us-east-1:{a}:secret:app/db-{}-AbCdEf", i % 3),
        pattern: |a, _| format!("arn:aws:secretsmanager:us-east-1:{a}:secret:app/*"),
        has_resource_policy: true,
    },
];

fn doc(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// One identity-policy statement from a template: mostly allows (some conditional), a few denies.
fn identity_statement(rng: &mut Rng, svc: &Service, account: &str, i: usize) -> Value {
    let action = *rng.pick(svc.actions);
    let pattern = (svc.pattern)(account, i);
    match rng.below(12) {
        0 | 1 => json!({"Effect": "Allow", "Action": format!("{}:Get*", svc.prefix), "Resource": pattern}),
        2 => json!({"Effect": "Allow", "Action": [action, format!("{}:List*", svc.prefix)], "Resource": pattern,
                    "Condition": {"StringLike": {"aws:PrincipalTag/project": "proj-*"}}}),
        3 => json!({"Effect": "Allow", "Action": format!("{}:*", svc.prefix), "Resource": "*",
                    "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}}),
        4 => {
            let until = if rng.percent(70) { "2030-01-01T00:00:00Z" } else { "2025-01-01T00:00:00Z" };
            json!({"Effect": "Allow", "Action": action, "Resource": (svc.resource)(account, i),
                   "Condition": {"DateLessThan": {"aws:CurrentTime": until}}})
        }
        5 => json!({"Effect": "Allow", "Action": format!("{}:*", svc.prefix), "Resource": pattern,
                    "Condition": {"ForAnyValue:StringEquals":
                        {"aws:CalledVia": ["athena.amazonaws.com", "cloudformation.amazonaws.com"]}}}),
        6 | 7 => json!({"Effect": "Allow", "Action": [action], "Resource": [pattern, (svc.resource)(account, i + 1)]}),
        8 => json!({"Effect": "Allow", "Action": action, "Resource": (svc.resource)(account, i)}),
        9 => json!({"Effect": "Deny", "Action": [format!("{}:Delete*", svc.prefix), "ec2:TerminateInstances"],
                    "Resource": "*"}),
        10 => json!({"Effect": "Deny", "Action": "*", "Resource": "*",
                     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}),
        _ => json!({"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}),
    }
}

fn full_access() -> Value {
    doc(vec![json!({"Effect": "Allow", "Action": "*", "Resource": "*"})])
}

/// One AWS case in the case-file format of `crates/batch/src/case.rs`.
fn aws_case(rng: &mut Rng, n: usize) -> Value {
    let svc = rng.pick(SERVICES);
    let cross = rng.percent(20);
    let owner = if cross { OTHER } else { ACCOUNT };
    let i = rng.below(1000);
    let user = format!("user{}", rng.below(20));
    let principal = if rng.percent(70) {
        format!("arn:aws:iam::{ACCOUNT}:user/{user}")
    } else {
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/role{}/{user}", rng.below(5))
    };
    let action = *rng.pick(svc.actions);
    let resource = (svc.resource)(owner, i);

    let mut context = serde_json::Map::new();
    let ip = if rng.percent(75) {
        format!("10.{}.{}.{}", rng.below(256), rng.below(256), rng.below(256))
    } else {
        format!("203.0.113.{}", rng.below(256))
    };
    context.insert("aws:SourceIp".into(), ip.into());
    context.insert("aws:CurrentTime".into(), "2026-03-01T12:00:00Z".into());
    context.insert("aws:PrincipalAccount".into(), ACCOUNT.into());
    let region = if rng.percent(10) { "ap-south-1" } else { *rng.pick(&["us-east-1", "eu-west-1"]) };
    context.insert("aws:RequestedRegion".into(), region.into());
    context.insert("aws:SecureTransport".into(), (if rng.percent(90) { "true" } else { "false" }).into());
    let project = if rng.percent(70) { format!("proj-{}", rng.below(9)) } else { "sandbox".into() };
    context.insert("aws:PrincipalTag/project".into(), project.into());
    if rng.percent(30) {
        context.insert("aws:CalledVia".into(), json!([rng.pick(&["athena.amazonaws.com", "glue.amazonaws.com"])]));
    }

    let policies = 1 + rng.below(3);
    let identity: Vec<Value> = (0..policies)
        .map(|_| {
            let statements = 2 + rng.below(5);
            doc((0..statements).map(|_| identity_statement(rng, svc, owner, i)).collect())
        })
        .collect();
    let mut case = json!({
        "name": format!("aws case {n}"),
        "dialect": "aws",
        "request": {"principal": principal, "action": action, "resource": resource,
                    "resource_account": owner, "context": context},
        "identity_policies": identity,
    });
    if svc.has_resource_policy && (cross || rng.percent(30)) {
        let who = match rng.below(3) {
            0 => json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
            1 => json!({"AWS": principal}),
            _ => json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:user/user{}", rng.below(20))}),
        };
        let mut statements = vec![json!({"Effect": "Allow", "Principal": who, "Action": svc.actions[..2],
                                         "Resource": (svc.pattern)(owner, i)})];
        if rng.percent(30) {
            statements.push(json!({"Effect": "Deny", "Principal": "*", "Action": format!("{}:Delete*", svc.prefix),
                                   "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": owner}}}));
        }
        case["resource_policy"] = doc(statements);
    }
    if rng.percent(15) {
        case["permission_boundaries"] =
            json!([doc(vec![json!({"Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "sqs:*"], "Resource": "*"})])]);
    }
    if rng.percent(40) {
        let mut levels = vec![json!([full_access()])];
        if rng.percent(60) {
            levels.push(json!([
                doc(vec![json!({"Effect": "Allow", "Action": ["s3:*", "dynamodb:*", "sqs:*", "ec2:*", "lambda:*"],
                                "Resource": "*"})]),
                doc(vec![json!({"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*"})]),
            ]));
        }
        if rng.percent(50) {
            levels.push(json!([doc(vec![
                json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
                json!({"Effect": "Deny", "Action": "*", "Resource": "*",
                       "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}),
            ])]));
        }
        case["control_policies"] = Value::Array(levels);
    }
    if rng.percent(10) {
        case["resource_control_policies"] = json!([[doc(vec![json!({
            "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])]]);
    }
    case
}

fn generated_aws_cases(count: usize) -> Vec<Case> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // One case per line: the engine's spans count columns from the line start, so a
    // single-line file of 1,000 cases would take seconds to load (see BENCHMARKS.md).
    let lines: Vec<String> =
        (0..count).map(|n| serde_json::to_string(&aws_case(&mut rng, n)).expect("case serializes")).collect();
    let text = format!("[\n{}\n]\n", lines.join(",\n"));
    load_cases(&text).unwrap_or_else(|e| panic!("generated cases do not load: {e}"))
}

fn bench_aws_generated(c: &mut Criterion) {
    let cases = generated_aws_cases(1000);
    let statements: usize = cases
        .iter()
        .map(|c| {
            let p = &c.policies;
            let all = p.identity.iter().chain(p.resource.iter()).chain(p.session.iter()).chain(p.boundaries.iter());
            let levels = p.control.iter().chain(p.resource_control.iter()).flatten();
            all.chain(levels).map(|p| p.statements.len()).sum::<usize>()
        })
        .sum();
    let mut counts = [0usize; 3];
    for case in &cases {
        counts[authorize(&case.policies, &case.request) as usize] += 1;
    }
    eprintln!(
        "aws_generated: {} cases, {:.1} statements per case; allow {}, explicit deny {}, implicit deny {}",
        cases.len(),
        statements as f64 / cases.len() as f64,
        counts[0],
        counts[1],
        counts[2]
    );
    let mut group = c.benchmark_group("aws_generated");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function("authorize_1000_cases", |b| {
        b.iter(|| {
            cases.iter().map(|c| authorize(black_box(&c.policies), black_box(&c.request)) as usize).sum::<usize>()
        })
    });
    group.finish();
}

// ---------------------------------------------------------------------------
// (c) pathological wildcards
// ---------------------------------------------------------------------------

fn bench_wildcard(c: &mut Criterion) {
    let syntax = PatternSyntax { wildcards: true, variables: false };
    // The brief's pattern (its last segment is anchored at the end), a variant whose `b`
    // must be searched for across the whole input, and one with `?` (tried at each position).
    let patterns = [
        ("star_a5_b", "*a*a*a*a*a*b", false),
        ("star_a5_b_star", "*a*a*a*a*a*b*", false),
        ("qmark_a5_b_star", "*a?a?a?a?a?b*", false),
    ];
    let mut group = c.benchmark_group("wildcard");
    for (label, text, expected) in patterns {
        let pattern = Pattern::new(text, syntax);
        for len in [1_000usize, 10_000, 100_000] {
            let input = "a".repeat(len);
            assert_eq!(pattern.matches(&input), expected, "{text} against {len} a's");
            group.throughput(Throughput::Bytes(len as u64));
            group.bench_with_input(BenchmarkId::new(label, len), &input, |b, input| {
                b.iter(|| black_box(&pattern).matches(black_box(input)))
            });
        }
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// (d) parsing
// ---------------------------------------------------------------------------

fn bench_parse(c: &mut Criterion) {
    let text = seed_text("AliyunServiceRoleForHbrRd.json");
    assert!(parse_policy("AliyunServiceRoleForHbrRd", &text, None).policy.is_some());
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("AliyunServiceRoleForHbrRd", |b| {
        b.iter(|| parse_policy("AliyunServiceRoleForHbrRd", black_box(&text), None))
    });
    group.finish();
}

/// Criterion's glue, in a private module: `criterion_group!` defines an undocumented `pub fn`.
mod harness {
    use super::*;
    criterion_group!(benches, bench_cloud_backup, bench_aws_generated, bench_wildcard, bench_parse);
}

criterion_main!(harness::benches);
