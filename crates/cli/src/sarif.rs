//! `check --format sarif`: the findings as a SARIF 2.1.0 log for code scanning. One run, one
//! reporting descriptor (rule) per code the tool reports (rules, parse issues, scenario loader
//! issues), one result per finding with its physical location (line and column, 1-based, columns
//! in characters), the other places that explain it, and its fix.

use policy_playground::diagnostic::{Finding, Severity};
use policy_playground::issue::PolicyIssue;
use policy_playground::registry::{PARSE_ISSUE_COUNTERPARTS, RULES, SCENARIO_LOADER_CODES};
use policy_playground::span::Span;
use serde_json::{Value, json};

/// The schema the log names; `tests/fixtures/sarif-schema-2.1.0.json` is a copy of it.
const SCHEMA: &str = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";

/// What each parse issue and scenario loader issue is about (the rules have their documentation).
const OTHER_CODES: &[(&str, &str)] = &[
    ("json-syntax", "the text is not valid JSON"),
    ("unknown-element", "an element the policy language does not have"),
    ("wrong-type", "an element with a value of the wrong JSON type"),
    ("missing-element", "a required element is missing"),
    ("conflicting-elements", "elements that cannot appear together (Action and NotAction)"),
    ("invalid-value", "a value the element does not take"),
    ("unknown-condition-operator", "a condition operator the cloud does not have"),
    ("duplicate-key", "a key written twice in one JSON object"),
    ("bad-condition-value", "a condition value the operator cannot read"),
    ("empty-element", "an element with no value"),
    ("whitespace-in-name", "a name with leading or trailing whitespace"),
    ("not-principal-with-allow", "Allow with NotPrincipal"),
    ("fragment-wrapped", "a documentation fragment was wrapped in a Statement list"),
    ("missing-version", "a policy without Version"),
    ("dialect-conflict", "signs of both clouds in one document"),
    ("scenario-shape", "a scenario file element of the wrong shape"),
    ("unknown-reference", "a scenario names something it does not define"),
    ("duplicate-name", "a scenario defines a name twice"),
    ("unusable-policy", "a scenario policy that cannot be read"),
];

/// Every code with its description, its severity in words and its Access Analyzer counterparts.
fn descriptors() -> Vec<(&'static str, String, &'static str, Vec<&'static str>)> {
    let mut out = Vec::new();
    for rule in RULES {
        for code in rule.doc.codes {
            out.push((*code, rule.doc.fires_when.to_string(), rule.doc.severity, rule.doc.access_analyzer.to_vec()));
        }
    }
    for code in PolicyIssue::CODES.iter().chain(&SCENARIO_LOADER_CODES) {
        let text = OTHER_CODES.iter().find(|(c, _)| c == code).map_or("see docs/findings.md", |(_, t)| t);
        let aa = PARSE_ISSUE_COUNTERPARTS.iter().find(|(c, _)| c == code).map_or(Vec::new(), |(_, aa)| aa.to_vec());
        out.push((*code, text.to_string(), "", aa));
    }
    out
}

/// SARIF's level for a severity: errors, warnings (security warnings too, tagged `security`),
/// notes (suggestions and notes).
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion | Severity::Note => "note",
    }
}

/// `text` with the characters a URI reference cannot hold percent-encoded (`/` kept).
fn uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A region for a span, `None` for a span that points nowhere (a problem of the whole file).
fn region(span: &Span) -> Option<Value> {
    (span.line > 0).then(|| {
        json!({
            "startLine": span.line,
            "startColumn": span.column.max(1),
            "endLine": span.end_line.max(span.line),
            "endColumn": span.end_column.max(1),
        })
    })
}

fn physical(file_uri: &str, span: &Span) -> Value {
    let mut location = json!({"artifactLocation": {"uri": file_uri, "index": 0}});
    if let Some(r) = region(span) {
        location["region"] = r;
    }
    location
}

/// The SARIF log of the findings of `file`.
pub fn log(file: &str, findings: &[Finding]) -> Value {
    let file_uri = uri(file);
    let codes = descriptors();
    let rules: Vec<Value> = codes
        .iter()
        .map(|(code, text, severity, aa)| {
            let mut properties = json!({"accessAnalyzer": aa});
            if severity.contains("security warning") {
                properties["tags"] = json!(["security"]);
            }
            let mut rule = json!({
                "id": code,
                "shortDescription": {"text": text},
                "properties": properties,
            });
            if !severity.is_empty() {
                rule["fullDescription"] = json!({"text": format!("{text} ({severity})")});
            }
            rule
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = codes.iter().position(|(c, ..)| *c == f.code);
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": match &f.help {
                    Some(help) => format!("{} ({help})", f.message),
                    None => f.message.clone(),
                }},
                "locations": [{"physicalLocation": physical(&file_uri, &f.span)}],
                "properties": {"severity": f.severity.as_str()},
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if let Some(policy) = &f.policy {
                result["properties"]["policy"] = json!(policy);
            }
            if !f.labels.is_empty() {
                result["relatedLocations"] = f
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        json!({"id": i, "physicalLocation": physical(&file_uri, &l.span), "message": {"text": l.message}})
                    })
                    .collect();
            }
            if let Some(fix) = &f.fix
                && let Some(deleted) = region(&fix.span)
            {
                result["fixes"] = json!([{
                    "description": {"text": fix.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": file_uri, "index": 0},
                        "replacements": [{"deletedRegion": deleted, "insertedContent": {"text": fix.replacement}}],
                    }],
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "policy-playground",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": [{"location": {"uri": file_uri}, "sourceLanguage": "json"}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}
