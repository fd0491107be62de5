//! Conformance: runs every case of the AWS IAM simulator corpus (the core-engine tests of
//! cloud-copilot/iam-simulate) through the case-file format and the engine.
//!
//! The corpus is AGPL test data. It is read from disk at test time and nothing of it is
//! copied into this repository; the tables below name cases only by file and case name.
//! Scope, exclusions and the semantic decisions behind the engine's answers are in
//! docs/conformance.md.
//!
//! Where the corpus lives: `POLICY_CONFORMANCE_DIR` if set, else
//! `$CARGO_MANIFEST_DIR/../shared/conformance/aws-iam-simulate`, else
//! `/work/shared/conformance/aws-iam-simulate`. Without it the test prints a skip message
//! and passes, unless `CI=true`, where a missing corpus is an error.

use policy_playground::authorize::Decision;
use policy_playground::case::load_cases;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The pass rate (percent of applicable cases) below which the test fails.
const MIN_PASS_RATE: f64 = 97.0;

const DISCOVERY: &str = "discovery mode (\"simulation\"): asks under which conditions a request would be allowed; \
                         we decide concrete requests only";
const ENDPOINT: &str = "VPC endpoint policies: a layer the engine does not model (yet)";

const REQUEST_PATTERN: &str = "the request resource is a pattern standing for a set of resources (or \"*\" for \
                               'some resource' of an action that has resource types); our requests name one resource";

/// Cases out of scope: (file relative to the corpus folder, case name, reason).
/// Every case with a `simulation` or `endpointPolicies` field must be listed here.
const EXCLUDED: &[(&str, &str, &str)] = &[
    ("anonymous.json", "anonymous discovery mode only ignores conditions from supplied constraints", DISCOVERY),
    ("blockedBy.json", "Blocked by RCP and VPC endpoint policy", ENDPOINT),
    ("blockedBy.json", "Blocked by all guardrails - SCP, RCP, permission boundary, and VPC endpoint", ENDPOINT),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Same-account conditions are identity allow OR direct resource allow",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "KMS same-account account trust conditions are ANDed with identity conditions",
        DISCOVERY,
    ),
    ("discoveryMode/allowedConditions/matrix.json", "SCP conditions combine OU allows with escaped deny", DISCOVERY),
    ("discoveryMode/allowedConditions/matrix.json", "RCP deny escapes from multiple org levels are ANDed", DISCOVERY),
    ("discoveryMode/allowedConditions/matrix.json", "Multiple conditions in one allow statement are ANDed", DISCOVERY),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Known matching condition in allow statement is not returned in conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Permission boundary allow conditions do not constrain unconditional same-account direct resource path",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Permission boundary implicit deny recalculates conditions from bypassing resource statements only",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "IfExists deny inversion is represented in end-to-end conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Separate conditional resource allow statements are ORed",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Unconditional explicit deny omits conditions because final result is denied",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "STS same-account trust policy conditions are ANDed with identity conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "IAM service-specific implicit deny omits conditions after conditional core allow",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Cross-account direct resource conditions are ANDed with identity conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Cross-account account-level resource conditions are ANDed with identity conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Deny with multiple condition keys becomes OR of inverted leaves in final conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Permission boundary allow conditions are ANDed with identity allow conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Permission boundary allow preserves direct resource path OR identity boundary path",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Explicit account trust permission boundary allow preserves direct resource path OR trusted identity boundary path",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "STS GetCallerIdentity discovery short-circuit omits conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "ForAllValues deny inversion is represented in end-to-end conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "ForAllValues IfExists deny inversion is represented in end-to-end conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "ForAnyValue deny inversion is represented in end-to-end conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Multiple identity allows are ORed before deny escapes are ANDed",
        DISCOVERY,
    ),
    (
        "discoveryMode/allowedConditions/matrix.json",
        "Permission boundary explicit deny escape is ANDed with identity allow conditions",
        DISCOVERY,
    ),
    (
        "discoveryMode/contextKeyConstraints/sourceContext.json",
        "Allow condition with known presence and unknown value is ignored",
        DISCOVERY,
    ),
    (
        "discoveryMode/contextKeyConstraints/sourceContext.json",
        "Allow condition with known presence and unknown value is ignored when placeholder matches",
        DISCOVERY,
    ),
    (
        "discoveryMode/contextKeyConstraints/sourceContext.json",
        "Service principal resource allow reports matching SourceAccount and different SourceArn unknown values",
        DISCOVERY,
    ),
    (
        "discoveryMode/contextKeyConstraints/sourceContext.json",
        "Deny condition with known presence and unknown value is ignored",
        DISCOVERY,
    ),
    (
        "discoveryMode/contextKeyConstraints/sourceContext.json",
        "Deny condition with known presence and unknown value is ignored when placeholder matches",
        DISCOVERY,
    ),
    (
        "discoveryMode/contextKeyConstraints/sourceContext.json",
        "Null false matches when presence is known and value is unknown",
        DISCOVERY,
    ),
    (
        "discoveryMode/contextKeyConstraints/sourceContext.json",
        "Null true does not match when presence is known and key is present",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Allowed when identity has conditions being ignored",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Does not report ignored conditions when the statement does not apply",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Allowed with condition when identity Allow negative condition key is unconstrained and absent",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Allowed with deny escape when identity Deny negative condition key is unconstrained and absent",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Allowed with condition when identity Allow StringEqualsIfExists key presence is unknown and absent",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Allowed with condition when identity Allow StringNotEqualsIfExists key presence is unknown and absent",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Allowed with condition when identity Allow ForAllValues StringNotEquals key is unconstrained and absent",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/identityAllow.json",
        "Allowed with condition when identity Allow ForAnyValue StringNotEquals key is unconstrained and absent",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/permissionBoundary.json",
        "Implicit Deny Due to Permission Boundary Condition Should Be Ignored",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/permissionBoundary.json",
        "Explicit Deny In Permission Boundary Condition Should Be Ignored",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/permissionBoundary.json",
        "Do not report Ignored Conditions when the PB Statement Does Not Apply Anyway",
        DISCOVERY,
    ),
    ("discoveryMode/ignoredConditions/rcp.json", "Allowed when RCP has ignored Deny Condition", DISCOVERY),
    ("discoveryMode/ignoredConditions/rcp.json", "Block when RCP has strict match Deny Condition", DISCOVERY),
    (
        "discoveryMode/ignoredConditions/rcp.json",
        "Do Not Report Ignored Conditions When Other Deny Parts Do Not Match",
        DISCOVERY,
    ),
    ("discoveryMode/ignoredConditions/resources.json", "Allow When Resource Policy Condition is Ignored", DISCOVERY),
    (
        "discoveryMode/ignoredConditions/resources.json",
        "Allow When Resource Policy Deny Condition is Ignored",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/resources.json",
        "Do no Report Ignored Conditions When Statement Does Not Apply Anyway",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/resources.json",
        "Cross-account resource conditions include direct and account-level allow paths",
        DISCOVERY,
    ),
    (
        "discoveryMode/ignoredConditions/resources.json",
        "Allow resource policy with condition when negative condition key is unconstrained and absent",
        DISCOVERY,
    ),
    ("discoveryMode/ignoredConditions/scp.json", "Allowed when SCP has ignored Deny Condition", DISCOVERY),
    ("discoveryMode/ignoredConditions/scp.json", "Block when SCP has strict match Deny Condition", DISCOVERY),
    (
        "discoveryMode/ignoredConditions/scp.json",
        "Do Not Report Ignored Conditions When Other Deny Parts Do Not Match",
        DISCOVERY,
    ),
    ("discoveryMode/ignoredConditions/strictPatterns.json", "All Principal Tags are Strict", DISCOVERY),
    ("discoveryMode/ignoredConditions/strictPatterns.json", "Different Principal Tag Keys is Strict", DISCOVERY),
    ("discoveryMode/roleVsSession.json", "Allow role when session is allowed by resource policy", DISCOVERY),
    ("discoveryMode/roleVsSession.json", "Allow pathed role when session is allowed by resource policy", DISCOVERY),
    (
        "discoveryMode/roleVsSession.json",
        "Allow role with multiple path levels when session is allowed by resource policy",
        DISCOVERY,
    ),
    (
        "discoveryMode/roleVsSession.json",
        "Allow Differently Named Session When Resource Policy Allows for Session",
        DISCOVERY,
    ),
    (
        "discoveryMode/roleVsSession.json",
        "Allow Differently Named Session To Pierce Permission Boundary Implicit Deny",
        DISCOVERY,
    ),
    (
        "discoveryMode/roleVsSession.json",
        "Allow Role To Pierce Permission Boundary Implicit Deny when Resource Policy Allows for Session",
        DISCOVERY,
    ),
    (
        "discoveryMode/roleVsSession.json",
        "Do Not Allow Role To Pierce Permission Boundary Implicit Deny when Resource Policy Allows for Role",
        DISCOVERY,
    ),
    (
        "discoveryMode/roleVsSession.json",
        "Don't Allow Different Roles When Resource Policy Allows for Session",
        DISCOVERY,
    ),
    (
        "discoveryMode/roleVsSession.json",
        "Allow when Deny Has a Session and Request Role Matches in Discovery Mode",
        DISCOVERY,
    ),
    ("endpoints/actionDeny.json", "Implicit Deny when Endpoint Policy Does Not Match Action", ENDPOINT),
    ("endpoints/actionDeny.json", "Explicitly Deny when Endpoint Policy Denys Action", ENDPOINT),
    ("endpoints/allow.json", "Allow when Endpoint Policy Allows", ENDPOINT),
    ("endpoints/condition.json", "Implicitly Deny when Endpoint Policy Condition is not met", ENDPOINT),
    ("endpoints/condition.json", "Explicitly Deny when Endpoint Condition Matches Deny", ENDPOINT),
    ("endpoints/conditionDiscovery.json", "Allows under Conditions in the VPC Endpoint Policy", DISCOVERY),
    ("endpoints/principalDeny.json", "Implicit Deny when Endpoint Policy Does Not Match principal", ENDPOINT),
    ("endpoints/principalDeny.json", "Explicitly Deny when Endpoint Policy Denys principal", ENDPOINT),
    ("endpoints/resourceDeny.json", "Implicit Deny when Endpoint Policy Does Not Match Resource", ENDPOINT),
    ("endpoints/resourceDeny.json", "Explicitly Deny when Endpoint Policy Denys Resource", ENDPOINT),
    (
        "permissionBoundaries-SameAccount.json",
        "Permission boundary implicit deny, resource policy allows *, from session, discovery mode",
        DISCOVERY,
    ),
    (
        "permissionBoundaries-SameAccount.json",
        "Permission boundary implicit deny, resource policy allows *, from role, discovery mode",
        DISCOVERY,
    ),
    (
        "permissionBoundaries-SameAccount.json",
        "Permission boundary implicit deny, resource policy allows *, from user, discovery mode",
        DISCOVERY,
    ),
    ("s3/abac.json", "Deny when ABAC keys are not present but are strict", DISCOVERY),
    ("sessionPolicies.json", "Ignored conditions in session policy are reported", DISCOVERY),
    (
        "resourceWildcards/crossPatternIntersections.json",
        "Cross-account Allow Resource wildcard intersection: AWSLogs prefix overlaps bucket wildcard",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/crossPatternIntersections.json",
        "Cross-account Allow Resource wildcard intersection: nested AWSLogs prefix overlaps bucket wildcard",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/crossPatternIntersections.json",
        "Cross-account Allow Resource wildcard intersection: object extension pattern overlaps bucket wildcard",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/crossPatternIntersections.json",
        "Cross-account Allow Resource wildcard intersection: generated prefix overlaps bucket wildcard",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/crossPatternIntersections.json",
        "Cross-account Allow Resource wildcard intersection: global S3 resource wildcard overlaps bucket object wildcard",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/crossPatternIntersections.json",
        "Cross-account Allow Resource wildcard intersection: disjoint identity pattern remains denied",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/crossPatternIntersections.json",
        "Deny Resource wildcard partial overlap does not deny the entire wildcard request",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Allow/Resource: specific resource matches request wildcard '*'",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Allow/Resource: wildcard resource matches request wildcard '*'",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Allow/Resource: '*' resource matches request wildcard '*'",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Allow/NotResource: specific resource does not match request wildcard '*'",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Deny/Resource: specific resource does not match request wildcard '*'",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Deny/Resource: wildcard resource does not match request wildcard '*'",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Deny/Resource: '*' resource matches request wildcard '*'",
        REQUEST_PATTERN,
    ),
    (
        "resourceWildcards/requestWildcards.json",
        "Deny/NotResource: specific resource matches request wildcard '*'",
        REQUEST_PATTERN,
    ),
    ("resourceWildcards/requestWildcards.json", "EC2 specific resource matches request wildcard '*'", REQUEST_PATTERN),
    (
        "resourceWildcards/requestWildcards.json",
        "Multiple resources with one matching request wildcard '*'",
        REQUEST_PATTERN,
    ),
    ("resourceWildcards/requestWildcards.json", "Cross-service policies with request wildcard '*'", REQUEST_PATTERN),
    (
        "resourceWildcards/requestWildcards.json",
        "No matching policies for request wildcard '*' - implicit deny",
        REQUEST_PATTERN,
    ),
];

/// Applicable cases the engine is known to decide differently from the corpus:
/// (file, case name, reason). A case listed here that starts passing fails the test,
/// so the table stays honest.
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[(
    "sessionPolicies.json",
    "Implicit deny in session policy denies even if session ARN in resource policy",
    SESSION_ARN,
)];

const SESSION_ARN: &str = "AWS documents the opposite: when a resource policy names the session's own ARN, \
                           \"the resulting session has all the permissions of the resource-based policy plus the \
                           intersection of the identity-based policy and the session policy\" (IAM User Guide, \
                           \"Session policies\"; likewise STS API Reference, GetFederationToken Policy); we allow";

/// Writes a line to stderr directly, so it shows even when the test passes
/// (the test harness captures `eprintln!`, not writes to the stream itself).
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Where the corpus is, `Ok(None)` when it is absent.
fn corpus_dir() -> Result<Option<PathBuf>, String> {
    if let Some(dir) = std::env::var_os("POLICY_CONFORMANCE_DIR") {
        let dir = PathBuf::from(dir);
        // An explicit setting that points nowhere is a mistake, not a reason to skip.
        return if dir.is_dir() {
            Ok(Some(dir))
        } else {
            Err(format!("POLICY_CONFORMANCE_DIR={} is not a folder", dir.display()))
        };
    }
    let candidates = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/aws-iam-simulate"),
        PathBuf::from("/work/shared/conformance/aws-iam-simulate"),
    ];
    Ok(candidates.into_iter().find(|d| d.is_dir()))
}

/// Every `.json` file under `dir`, as paths relative to `root` with `/` separators, sorted.
fn json_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            json_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let rel = path.strip_prefix(root).expect("under root");
            out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
        }
    }
    out.sort();
}

/// One corpus case.
struct CorpusCase {
    file: String,
    name: String,
    raw: Value,
}

/// The policy documents of one control-policy level (`{orgIdentifier, policies}`).
fn level_policies(level: &Value) -> Result<Value, String> {
    policies(Some(level.get("policies").ok_or("control-policy level without policies")?))
}

/// A policy document as our grammar reads it. The reference reads a bare-string
/// `Principal`/`NotPrincipal` (other than `"*"`) as `{"AWS": ...}`; the AWS grammar allows
/// only `"*"` or an object, and our engine rejects the string form, so it is rewritten here.
fn policy(doc: &Value) -> Value {
    let mut doc = doc.clone();
    let statements = match doc.get_mut("Statement") {
        Some(Value::Array(items)) => items.iter_mut().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => vec![],
    };
    for st in statements {
        for element in ["Principal", "NotPrincipal"] {
            if let Some(p) = st.get_mut(element)
                && let Some(text) = p.as_str()
                && text != "*"
            {
                *p = json!({ "AWS": text });
            }
        }
    }
    doc
}

/// A list of policy documents.
fn policies(list: Option<&Value>) -> Result<Value, String> {
    match list {
        None | Some(Value::Null) => Ok(json!([])),
        Some(Value::Array(items)) => Ok(Value::Array(items.iter().map(policy).collect())),
        Some(other) => Err(format!("expected a list of policies, found {other}")),
    }
}

/// Converts a corpus case into our case-file JSON (see crates/batch/src/case.rs).
fn to_case_file(c: &CorpusCase) -> Result<Value, String> {
    let raw = &c.raw;
    let req = raw.get("request").ok_or("no request")?;
    let text = |v: Option<&Value>, what: &str| -> Result<String, String> {
        v.and_then(Value::as_str).map(str::to_string).ok_or_else(|| format!("no {what}"))
    };
    let principal = match req.get("principal") {
        // The reference writes an unauthenticated caller as {"type": "Anonymous"}.
        Some(Value::Object(o)) if o.get("type").and_then(Value::as_str) == Some("Anonymous") => "anonymous".to_string(),
        other => text(other, "request.principal")?,
    };
    let action = text(req.get("action"), "request.action")?;
    let resource_obj = req.get("resource").ok_or("no request.resource")?;
    let wildcard_only = req.get("wildcardOnlyAction").and_then(Value::as_bool).unwrap_or(false);
    // An action without resource types is authorized against "*" (only Resource "*" covers it).
    let resource =
        if wildcard_only { "*".to_string() } else { text(resource_obj.get("resource"), "resource.resource")? };
    let account = text(resource_obj.get("accountId"), "resource.accountId")?;

    let mut request = Map::new();
    request.insert("principal".into(), json!(principal));
    request.insert("action".into(), json!(action));
    request.insert("resource".into(), json!(resource));
    request.insert("resource_account".into(), json!(account));
    if let Some(ctx) = req.get("context").filter(|v| !v.is_null()) {
        request.insert("context".into(), ctx.clone());
    }

    let mut case = Map::new();
    case.insert("name".into(), json!(format!("{}: {}", c.file, c.name)));
    case.insert("dialect".into(), json!("aws"));
    case.insert("request".into(), Value::Object(request));
    case.insert("identity_policies".into(), policies(raw.get("identityPolicies"))?);
    // The reference runner reads `resourcePolicy` only (a stray `resourcePolicies` is ignored there too).
    if let Some(rp) = raw.get("resourcePolicy").filter(|v| !v.is_null()) {
        case.insert("resource_policy".into(), policy(rp));
    }
    if let Some(sp) = raw.get("sessionPolicy").filter(|v| !v.is_null()) {
        case.insert("session_policy".into(), policy(sp));
    }
    if raw.get("permissionBoundaries").is_some_and(|v| !v.is_null()) {
        case.insert("permission_boundaries".into(), policies(raw.get("permissionBoundaries"))?);
    }
    for (from, to) in
        [("serviceControlPolicies", "control_policies"), ("resourceControlPolicies", "resource_control_policies")]
    {
        if let Some(levels) = raw.get(from).and_then(Value::as_array) {
            // Levels root first, as in the corpus. The reference adds the allow-all
            // RCPFullAWSAccess to every RCP level; our engine builds that in.
            let levels: Vec<Value> = levels.iter().map(level_policies).collect::<Result<_, _>>()?;
            case.insert(to.into(), Value::Array(levels));
        }
    }
    let expected = raw.pointer("/expected/response").and_then(Value::as_str).ok_or("no expected.response")?;
    case.insert("expected".into(), json!(expected));
    Ok(Value::Object(case))
}

/// How one applicable case went.
enum Outcome {
    Pass,
    Fail { expected: String, got: String, summary: String },
}

fn run_case(c: &CorpusCase) -> Outcome {
    let fail = |expected: &str, got: String, summary: String| Outcome::Fail { expected: expected.into(), got, summary };
    let raw_expected = c.raw.pointer("/expected/response").and_then(Value::as_str).unwrap_or("?");
    let expected_text =
        Decision::from_name(raw_expected).map_or_else(|| raw_expected.to_string(), |d| d.as_str().into());
    let expected_text = expected_text.as_str();
    let file = match to_case_file(c) {
        Ok(v) => serde_json::to_string_pretty(&v).expect("serializable"),
        Err(e) => return fail(expected_text, "conversion error".into(), e),
    };
    let cases = match load_cases(&file) {
        Ok(cases) => cases,
        Err(e) => return fail(expected_text, "case error".into(), e.to_string()),
    };
    let [case] = cases.as_slice() else {
        return fail(expected_text, "case error".into(), format!("{} cases read from one", cases.len()));
    };
    let Some(expected) = case.expected else {
        return fail(expected_text, "case error".into(), "the expected decision was not read".into());
    };
    let result = case.evaluate();
    if result.decision == expected {
        Outcome::Pass
    } else {
        fail(expected.as_str(), result.decision.as_str().into(), result.explanation.summary)
    }
}

fn key(file: &str, name: &str) -> (String, String) {
    (file.to_string(), name.to_string())
}

#[test]
fn aws_iam_simulator_corpus() {
    let dir = match corpus_dir() {
        Ok(Some(dir)) => dir.canonicalize().unwrap_or(dir),
        Ok(None) => {
            let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"));
            assert!(!ci, "CI=true but the AWS IAM simulator corpus was not found; set POLICY_CONFORMANCE_DIR");
            say("SKIPPED conformance: AWS IAM simulator corpus not found (set POLICY_CONFORMANCE_DIR to its folder)");
            return;
        }
        Err(e) => panic!("{e}"),
    };

    let mut files = Vec::new();
    json_files(&dir, &dir, &mut files);
    let mut corpus = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let Value::Array(items) = value else { panic!("{file}: expected an array of cases") };
        for raw in items {
            let name = raw.get("name").and_then(Value::as_str).unwrap_or_else(|| panic!("{file}: case without name"));
            let name = name.to_string();
            corpus.push(CorpusCase { file: file.clone(), name, raw });
        }
    }

    let excluded: BTreeMap<_, _> = EXCLUDED.iter().map(|(f, n, r)| (key(f, n), *r)).collect();
    let known: BTreeMap<_, _> = KNOWN_FAILURES.iter().map(|(f, n, r)| (key(f, n), *r)).collect();
    let present: BTreeSet<_> = corpus.iter().map(|c| key(&c.file, &c.name)).collect();
    let mut problems: Vec<String> = Vec::new();
    assert_eq!(excluded.len(), EXCLUDED.len(), "EXCLUDED lists a case twice");
    assert_eq!(known.len(), KNOWN_FAILURES.len(), "KNOWN_FAILURES lists a case twice");
    for (k, _) in excluded.iter().chain(known.iter()) {
        if !present.contains(k) {
            problems.push(format!("table entry not in the corpus: {} / {}", k.0, k.1));
        }
    }
    for k in known.keys().filter(|k| excluded.contains_key(*k)) {
        problems.push(format!("both excluded and a known failure: {} / {}", k.0, k.1));
    }

    let (mut passed, mut failed, mut excluded_count) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for c in &corpus {
        let k = key(&c.file, &c.name);
        let needs_exclusion = c.raw.get("simulation").is_some() || c.raw.get("endpointPolicies").is_some();
        if excluded.contains_key(&k) {
            excluded_count += 1;
            continue;
        }
        if needs_exclusion {
            problems.push(format!("{} / {}: discovery or endpoint case missing from EXCLUDED", c.file, c.name));
        }
        match run_case(c) {
            Outcome::Pass => {
                passed += 1;
                if known.contains_key(&k) {
                    problems.push(format!("{} / {}: listed in KNOWN_FAILURES but passes; remove it", c.file, c.name));
                }
            }
            Outcome::Fail { expected, got, summary } => {
                failed += 1;
                let tag = match known.get(&k) {
                    Some(reason) => format!("known: {reason}"),
                    None => {
                        problems.push(format!("{} / {}: unexpected failure", c.file, c.name));
                        "NEW".to_string()
                    }
                };
                report.push(format!(
                    "FAIL [{tag}] {} / {}\n     expected {expected}, got {got}\n     engine: {summary}",
                    c.file, c.name
                ));
            }
        }
    }

    let total = corpus.len();
    if total == 0 {
        problems.push(format!("no cases found under {}", dir.display()));
    }
    let applicable = total - excluded_count;
    let rate = if applicable == 0 { 100.0 } else { 100.0 * passed as f64 / applicable as f64 };
    for line in &report {
        say(line);
    }
    say(&format!(
        "conformance (AWS IAM simulator corpus at {}): total {total}, excluded {excluded_count}, \
         applicable {applicable}, passed {passed}, failed {failed}, pass rate {rate:.1}% of applicable",
        dir.display()
    ));
    if rate < MIN_PASS_RATE {
        problems.push(format!("pass rate {rate:.1}% is below {MIN_PASS_RATE}%"));
    }
    assert!(problems.is_empty(), "conformance problems:\n  {}", problems.join("\n  "));
}
