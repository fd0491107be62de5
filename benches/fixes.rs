//! Cost of the hints: for every denied case of the seed example and every denied check of the
//! built-in scenarios, the number of proposals, the decisions the search made and the time per
//! case (median of repeated runs). Run with `cargo bench --bench fixes`; prints a table.

use policy_playground::api;
use policy_playground::case::load_cases;
use policy_playground::catalog::Catalogs;
use policy_playground::scenario::load_scenario;
use std::time::{Duration, Instant};

/// The median time of `f` over enough runs to take about 200 ms.
fn median(mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    let once = start.elapsed().max(Duration::from_micros(1));
    let runs = (Duration::from_millis(200).as_nanos() / once.as_nanos()).clamp(5, 2000) as usize;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalogs = Catalogs::builtin();
    // Read the catalogues once, outside the timings.
    let _ = catalogs.get(policy_playground::Dialect::Aws);
    let _ = catalogs.get(policy_playground::Dialect::Aliyun);
    println!("{:<70} {:>9} {:>11} {:>10}", "denied case", "proposals", "decisions", "time");
    let mut total = (0usize, 0usize, Duration::ZERO);
    let text = std::fs::read_to_string(root.join("examples/hbr-assume-role.json")).unwrap();
    for case in load_cases(&text).unwrap() {
        let fixes = api::case_fixes(&case, &text, &catalogs);
        if fixes.decision == policy_playground::Decision::Allow {
            continue;
        }
        let time = median(|| {
            std::hint::black_box(api::case_fixes(&case, &text, &catalogs));
        });
        println!(
            "{:<70} {:>9} {:>11} {:>8.1}us",
            truncate(&case.name),
            fixes.proposals.len(),
            fixes.evaluations,
            time.as_secs_f64() * 1e6
        );
        total = (total.0 + 1, total.1 + fixes.proposals.len(), total.2 + time);
    }
    let mut scenarios: Vec<_> = std::fs::read_dir(root.join("scenarios")).unwrap().map(|e| e.unwrap().path()).collect();
    scenarios.sort();
    for path in scenarios {
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(model) = load_scenario(&text).scenario else { continue };
        for check in &model.checks {
            let Some(hints) = model.fix_check(check, &text, Some(&catalogs)) else { continue };
            let time = median(|| {
                std::hint::black_box(model.fix_check(check, &text, Some(&catalogs)));
            });
            println!(
                "{:<70} {:>9} {:>11} {:>8.1}us",
                truncate(&check.name),
                hints.fixes.proposals.len(),
                hints.fixes.evaluations,
                time.as_secs_f64() * 1e6
            );
            total = (total.0 + 1, total.1 + hints.fixes.proposals.len(), total.2 + time);
        }
    }
    println!(
        "{} denied cases: {:.1} proposals per case, {:.1} us per case on average",
        total.0,
        total.1 as f64 / total.0 as f64,
        total.2.as_secs_f64() * 1e6 / total.0 as f64
    );
}

fn truncate(s: &str) -> String {
    if s.chars().count() <= 68 { s.to_string() } else { format!("{}..", s.chars().take(66).collect::<String>()) }
}
