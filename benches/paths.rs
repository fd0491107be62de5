//! Path-search benchmark: a generated organization of 1,000 accounts with 20 roles each
//! and random trust relationships; reverse queries cover the whole graph.

use criterion::{Criterion, criterion_group, criterion_main};
use policy_playground::request::Context;
use policy_playground::scenario::{Scenario, load_scenario};
use std::hint::black_box;
use std::time::Instant;

const ACCOUNTS: usize = 1_000;
const ROLES_PER_ACCOUNT: usize = 20;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

fn account(i: usize) -> String {
    format!("{:012}", 100_000_000_000u64 + i as u64)
}

/// Builds the scenario text: each role trusts one to three principals (another role,
/// a whole account, or the account's user), each user and role may call sts:AssumeRole,
/// and one role in ten may read a bucket.
fn generate() -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let accounts: Vec<serde_json::Value> = (0..ACCOUNTS).map(|i| serde_json::json!({"id": account(i)})).collect();
    let mut roles = Vec::with_capacity(ACCOUNTS * ROLES_PER_ACCOUNT);
    for a in 0..ACCOUNTS {
        for r in 0..ROLES_PER_ACCOUNT {
            let mut principals = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let other = rng.below(ACCOUNTS);
                principals.push(match rng.below(20) {
                    0..=11 => format!("arn:aws:iam::{}:role/role{}", account(other), rng.below(ROLES_PER_ACCOUNT)),
                    12..=16 => format!("arn:aws:iam::{}:root", account(other)),
                    _ => format!("arn:aws:iam::{}:user/operator", account(a)),
                });
            }
            let mut policies = vec!["assume"];
            if r % 10 == 0 {
                policies.push("read-data");
            }
            roles.push(serde_json::json!({
                "account": account(a),
                "name": format!("role{r}"),
                "trust_policy": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": principals}}]},
                "policies": policies,
            }));
        }
    }
    let users: Vec<serde_json::Value> = (0..ACCOUNTS)
        .map(|a| serde_json::json!({"account": account(a), "name": "operator", "policies": ["assume"]}))
        .collect();
    serde_json::json!({
        "scenario": "generated organization",
        "dialect": "aws",
        "accounts": accounts,
        "policies": [
            {"name": "assume", "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}},
            {"name": "read-data", "document": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::data/*"}]}}
        ],
        "roles": roles,
        "users": users,
    })
    .to_string()
}

fn load() -> Scenario {
    let text = generate();
    let start = Instant::now();
    let loaded = load_scenario(&text);
    let Some(scenario) = loaded.scenario else {
        panic!("generated scenario does not load: {:?}", &loaded.issues[..loaded.issues.len().min(3)]);
    };
    eprintln!(
        "generated {} accounts, {} roles, {} users ({} KB of JSON), loaded in {:.0} ms",
        scenario.accounts.len(),
        scenario.roles.len(),
        scenario.users.len(),
        text.len() / 1024,
        start.elapsed().as_secs_f64() * 1000.0
    );
    scenario
}

fn bench(c: &mut Criterion) {
    let scenario = load();
    let target = format!("{}/role7", account(500));
    let report = scenario.who_can_assume(&target, 5).unwrap();
    eprintln!(
        "who can assume {target}: {} identities within 5 hops, {} chains listed (truncated: {}), {} AssumeRole evaluations",
        report.identities.len(),
        report.paths.len(),
        report.truncated,
        report.evaluations
    );
    let doers = scenario.who_can_perform("s3:GetObject", "arn:aws:s3:::data/report.csv", &Context::default(), 5);
    eprintln!(
        "who can read data/report.csv: {} identities, {} chains listed, {} evaluations",
        doers.identities.len(),
        doers.paths.len(),
        doers.evaluations
    );
    let from = format!("arn:aws:iam::{}:user/operator", account(3));
    let forward =
        scenario.paths_to_permission(&from, "s3:GetObject", "arn:aws:s3:::data/report.csv", &Context::default(), 3);
    eprintln!("forward from {from}: {} chains, {} evaluations", forward.paths.len(), forward.evaluations);

    let mut group = c.benchmark_group("paths_1000_accounts_x_20_roles");
    group.sample_size(10);
    group.bench_function("who_can_assume (reverse, whole graph)", |b| {
        b.iter(|| black_box(scenario.who_can_assume(black_box(&target), 5).unwrap().paths.len()))
    });
    group.bench_function("who_can_perform (reverse, whole graph)", |b| {
        b.iter(|| {
            black_box(
                scenario
                    .who_can_perform("s3:GetObject", "arn:aws:s3:::data/report.csv", &Context::default(), 5)
                    .paths
                    .len(),
            )
        })
    });
    group.bench_function("forward from one user, depth 3", |b| {
        b.iter(|| {
            black_box(
                scenario
                    .paths_to_permission(&from, "s3:GetObject", "arn:aws:s3:::data/report.csv", &Context::default(), 3)
                    .paths
                    .len(),
            )
        })
    });
    group.finish();
}

/// Criterion's glue, in a private module: `criterion_group!` defines an undocumented `pub fn`.
mod harness {
    use super::*;
    criterion_group!(benches, bench);
}

criterion_main!(harness::benches);
