//! Access Analyzer as the yardstick: runs `check` on every AWS managed policy of the shared
//! corpus and compares what we find with what AWS IAM Access Analyzer's ValidatePolicy found.
//!
//! The corpus (764 AWS managed policies collected by zoph-io/MAMIP, GPL-3.0, with Access
//! Analyzer's findings on each) is test data: it is read from disk at test time and nothing of
//! it is copied into this repository.
//!
//! Where it lives: `POLICY_ACCESS_ANALYZER_DIR` if set, else
//! `$CARGO_MANIFEST_DIR/../shared/conformance/aws-access-analyzer`, else
//! `/work/shared/conformance/aws-access-analyzer`. Without it the test prints a skip message
//! and passes, unless `CI=true`, where a missing corpus is an error.

use policy_playground::diagnostic::Severity;
use policy_playground::findings::{CheckContext, Finding, check_policy};
use policy_playground::policy::parse_policy;
use policy_playground::registry::access_analyzer_counterparts;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The share of Access Analyzer's findings we must find (in the same statement).
const MIN_RECALL: f64 = 0.90;

/// The share of the policies on which a warning of ours may fire where Access Analyzer reports
/// nothing that answers to it in the same statement.
const MAX_UNMATCHED_WARNING_RATE: f64 = 0.03;

/// Errors of ours on policies Access Analyzer gives no ERROR, each with the reason AWS is
/// wrong to accept the policy: (policy, our code, reason).
const ACCEPTED_ERRORS: &[(&str, &str, &str)] = &[(
    "SageMakerStudioProjectProvisioningRolePolicy",
    "invalid-service-principal-format",
    "its aws:CalledVia / aws:CalledViaLast value ops.emr-serverless.amazonaws.com has two names before \
     .amazonaws.com, the format Access Analyzer itself rejects as INVALID_SERVICE_PRINCIPAL_FORMAT (an \
     error, for application-signals.cloudwatch.amazonaws.com in CloudWatchApplicationSignalsReadOnlyAccess); \
     it reported nothing at all on this policy, 53,395 characters without whitespace, one of the three largest, which it did not validate",
)];

/// Writes a line to stderr directly, so it shows even when the test passes.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Where the corpus is, `Ok(None)` when it is absent.
fn corpus_dir() -> Result<Option<PathBuf>, String> {
    if let Some(dir) = std::env::var_os("POLICY_ACCESS_ANALYZER_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_dir() {
            Ok(Some(dir))
        } else {
            Err(format!("POLICY_ACCESS_ANALYZER_DIR={} is not a folder", dir.display()))
        };
    }
    let candidates = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/aws-access-analyzer"),
        PathBuf::from("/work/shared/conformance/aws-access-analyzer"),
    ];
    Ok(candidates.into_iter().find(|d| d.join("findings.json").is_file()))
}

/// One finding of Access Analyzer.
struct Expected {
    severity: String,
    code: String,
    /// The statement it is in (from its path), `None` for the whole policy.
    statement: Option<usize>,
}

/// One of ours, placed in its statement.
struct Ours {
    finding: Finding,
    statement: Option<usize>,
}

struct Checked {
    name: String,
    expected: Vec<Expected>,
    ours: Vec<Ours>,
}

fn expected_findings(name: &str, list: &Value) -> Vec<Expected> {
    let Value::Array(items) = list else { panic!("{name}: findings are not a list") };
    items
        .iter()
        .map(|f| {
            let path = f["path"].as_array().cloned().unwrap_or_default();
            let statement = match path.as_slice() {
                [Value::String(s), Value::Number(n), ..] if s == "Statement" => n.as_u64().map(|n| n as usize),
                _ => None,
            };
            Expected {
                severity: f["type"].as_str().unwrap_or_default().to_string(),
                code: f["code"].as_str().unwrap_or_default().to_string(),
                statement,
            }
        })
        .collect()
}

fn check_one(name: &str, text: &str) -> Vec<Ours> {
    let parsed = parse_policy(name, text, None);
    let statements: Vec<(usize, usize)> = parsed
        .policy
        .as_ref()
        .map(|p| p.statements.iter().map(|s| (s.span.start, s.span.end)).collect())
        .unwrap_or_default();
    check_policy(name, text, None, &CheckContext::default())
        .into_iter()
        .map(|finding| {
            let at = finding.span.start;
            let statement = statements.iter().position(|(start, end)| *start <= at && at < *end);
            Ours { finding, statement }
        })
        .collect()
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "-".into() } else { format!("{:.1}%", 100.0 * part as f64 / whole as f64) }
}

#[test]
fn aws_access_analyzer_corpus() {
    let dir = match corpus_dir() {
        Ok(Some(dir)) => dir,
        Ok(None) => {
            let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"));
            assert!(!ci, "CI=true but the Access Analyzer corpus was not found; set POLICY_ACCESS_ANALYZER_DIR");
            say(
                "SKIPPED access_analyzer: the Access Analyzer corpus was not found (set POLICY_ACCESS_ANALYZER_DIR to its folder)",
            );
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let findings_text = std::fs::read_to_string(dir.join("findings.json")).expect("findings.json");
    let all: Value = serde_json::from_str(&findings_text).expect("findings.json is JSON");
    let Value::Object(all) = all else { panic!("findings.json is not an object") };

    let mut checked: Vec<Checked> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for (name, list) in &all {
        let path = dir.join("policies").join(format!("{name}.json"));
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        checked.push(Checked {
            name: name.clone(),
            expected: expected_findings(name, list),
            ours: check_one(name, &text),
        });
    }
    let policies = checked.len();
    say(&format!(
        "Access Analyzer corpus: {policies} policies, {} with findings",
        checked.iter().filter(|c| !c.expected.is_empty()).count()
    ));

    // ---- recall: Access Analyzer's findings that we report in the same statement ----------
    // Our codes and the Access Analyzer codes they answer to, as docs/findings.md maps them.
    let counterparts = access_analyzer_counterparts();
    let ours_for = |aa: &str| -> Vec<&str> { counterparts.iter().filter(|(_, a)| *a == aa).map(|(o, _)| *o).collect() };
    let aa_codes: BTreeSet<&str> = checked.iter().flat_map(|c| c.expected.iter().map(|e| e.code.as_str())).collect();
    for code in &aa_codes {
        if ours_for(code).is_empty() {
            problems.push(format!("no check of ours answers to Access Analyzer's {code}"));
        }
    }
    // (found, total) per Access Analyzer code; matched one to one within a statement.
    let mut recall: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut missed: Vec<String> = Vec::new();
    // Our findings that answer to one of Access Analyzer's (by policy index and finding index).
    let mut answered: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (pi, c) in checked.iter().enumerate() {
        let mut groups: BTreeMap<(&str, Option<usize>), usize> = BTreeMap::new();
        for e in &c.expected {
            *groups.entry((e.code.as_str(), e.statement)).or_default() += 1;
        }
        for ((code, statement), count) in groups {
            let mapped = ours_for(code);
            let matching: Vec<usize> = c
                .ours
                .iter()
                .enumerate()
                .filter(|(_, o)| mapped.contains(&o.finding.code) && (statement.is_none() || o.statement == statement))
                .map(|(i, _)| i)
                .collect();
            answered.extend(matching.iter().map(|i| (pi, *i)));
            let found = count.min(matching.len());
            let entry = recall.entry(code.to_string()).or_default();
            entry.0 += found;
            entry.1 += count;
            if found < count {
                let place = statement.map_or("the policy".to_string(), |s| format!("statement {s}"));
                missed.push(format!("  {}: {code} in {place} ({} of {count} found)", c.name, found));
            }
        }
    }
    say("Recall per Access Analyzer code (found in the same statement / reported):");
    let (mut found_all, mut total_all) = (0, 0);
    for (code, (found, total)) in &recall {
        found_all += found;
        total_all += total;
        say(&format!(
            "  {code:<55} {found:>3} / {total:<3} {:>7}   ours: {}",
            percent(*found, *total),
            ours_for(code).join(", ")
        ));
    }
    say(&format!("  {:<55} {found_all:>3} / {total_all:<3} {:>7}", "all", percent(found_all, total_all)));
    if !missed.is_empty() {
        say("Missed:");
        missed.iter().for_each(|m| say(m));
    }
    if total_all > 0 && (found_all as f64) < MIN_RECALL * total_all as f64 {
        problems.push(format!("recall {} is below {:.0}%", percent(found_all, total_all), MIN_RECALL * 100.0));
    }

    // ---- errors of ours on policies Access Analyzer accepts -------------------------------
    let accepted: BTreeMap<(&str, &str), &str> = ACCEPTED_ERRORS.iter().map(|(p, c, r)| ((*p, *c), *r)).collect();
    let mut used: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut false_errors = 0;
    let mut false_error_policies = BTreeSet::new();
    say("Errors of ours on policies Access Analyzer gives no ERROR:");
    for c in &checked {
        if c.expected.iter().any(|e| e.severity == "ERROR") {
            continue;
        }
        for o in c.ours.iter().filter(|o| o.finding.severity == Severity::Error) {
            let key = (c.name.as_str(), o.finding.code);
            let listed = accepted.get(&key);
            say(&format!(
                "  {}:{}: [{}] {}{}",
                c.name,
                o.finding.span.line,
                o.finding.code,
                o.finding.message,
                listed.map_or(String::new(), |r| format!(" (listed: {r})"))
            ));
            if listed.is_some() {
                used.insert(key);
            } else {
                false_errors += 1;
                false_error_policies.insert(c.name.as_str());
            }
        }
    }
    say(&format!("  {false_errors} unlisted error(s) on {} policies", false_error_policies.len()));
    if false_errors > 0 {
        problems.push(format!(
            "{false_errors} error(s) of ours on {} policies Access Analyzer accepts",
            false_error_policies.len()
        ));
    }
    for key in accepted.keys().filter(|k| !used.contains(*k)) {
        problems.push(format!("ACCEPTED_ERRORS lists {} / {}, which no longer fires", key.0, key.1));
    }

    // ---- how often each of our codes fires --------------------------------------------------
    // code -> (policies it fires on, policies it fires on with a warning or worse that answers
    // to nothing of Access Analyzer's in the same statement, severities seen)
    let mut firing: BTreeMap<&str, (usize, usize, BTreeSet<Severity>)> = BTreeMap::new();
    for (pi, c) in checked.iter().enumerate() {
        let mut codes: BTreeMap<&str, (bool, BTreeSet<Severity>)> = BTreeMap::new();
        for (i, o) in c.ours.iter().enumerate() {
            let e = codes.entry(o.finding.code).or_default();
            e.1.insert(o.finding.severity);
            if o.finding.severity <= Severity::Warning && !answered.contains(&(pi, i)) {
                e.0 = true;
            }
        }
        for (code, (unmatched, severities)) in codes {
            let e = firing.entry(code).or_default();
            e.0 += 1;
            e.1 += usize::from(unmatched);
            e.2.extend(severities);
        }
    }
    let mut rows: Vec<_> = firing.iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    say(
        "Our codes: policies they fire on (share), of them with a warning or worse that Access Analyzer does not report, severities:",
    );
    for (code, (count, unmatched, severities)) in rows {
        let sev: Vec<&str> = severities.iter().map(|s| s.as_str()).collect();
        say(&format!(
            "  {code:<36} {count:>4} {:>7}   unmatched {unmatched:>4} {:>7}   {}",
            percent(*count, policies),
            percent(*unmatched, policies),
            sev.join(", ")
        ));
        if *unmatched as f64 > MAX_UNMATCHED_WARNING_RATE * policies as f64 {
            problems.push(format!(
                "{code} warns on {} of the policies where Access Analyzer reports nothing like it (at most {:.0}%)",
                percent(*unmatched, policies),
                MAX_UNMATCHED_WARNING_RATE * 100.0
            ));
        }
    }

    assert!(problems.is_empty(), "Access Analyzer conformance:\n  {}", problems.join("\n  "));
}
