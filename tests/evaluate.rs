//! Statement matching, element by element, through the public API: Action/NotAction,
//! Resource/NotResource, Principal/NotPrincipal, every condition operator family (one case
//! that holds and one that fails), IfExists, ForAllValues/ForAnyValue, missing keys, and how
//! the layers combine into a decision.
//!
//! Each test builds a case file, loads it with `load_cases` and reads the full explanation:
//! the decision, and the report of the statement under test (what matched, in words).

use policy_playground::Decision;
use policy_playground::authorize::{LayerKind, Reason};
use policy_playground::case::{CaseResult, load_cases};
use policy_playground::evaluate::ConditionCheck;
use policy_playground::explain::StatementReport;
use serde_json::{Value, json};

const ACCOUNT: &str = "111111111111";
const OTHER: &str = "444444444444";
const ANA: &str = "arn:aws:iam::111111111111:user/ana";
const PHOTO: &str = "arn:aws:s3:::photos/cat.jpg";

/// A case: `principal` calls `action` on `resource` (in `ACCOUNT` unless the case says
/// otherwise) with `context`; `layers` adds the policies (`identity_policies`, ...).
fn case(principal: &str, action: &str, resource: &str, context: Value, layers: Value) -> Value {
    let mut c = json!({
        "name": "under test",
        "dialect": "aws",
        "request": {
            "principal": principal, "action": action, "resource": resource,
            "resource_account": ACCOUNT, "context": context,
        },
    });
    for (k, v) in layers.as_object().expect("layers is an object") {
        c[k] = v.clone();
    }
    c
}

fn run(case: Value) -> CaseResult {
    let text = case.to_string();
    let cases = load_cases(&text).unwrap_or_else(|e| panic!("case does not load: {e}\n{text}"));
    assert_eq!(cases.len(), 1);
    cases[0].evaluate()
}

fn policy(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Ana's request with one identity policy holding `statement`.
fn ana(action: &str, resource: &str, context: Value, statement: Value) -> CaseResult {
    run(case(ANA, action, resource, context, json!({"identity_policies": [policy(json!([statement]))]})))
}

/// The report of statement `index` (from 0) of the first policy of `layer`.
fn report(r: &CaseResult, layer: LayerKind, index: usize) -> &StatementReport {
    let l = r.explanation.layers.iter().find(|l| l.layer == layer).unwrap_or_else(|| panic!("no {layer:?} layer"));
    &l.policies[0].statements[index]
}

fn identity(r: &CaseResult) -> &StatementReport {
    report(r, LayerKind::Identity, 0)
}

// ---------------------------------------------------------------------------
// Action and NotAction
// ---------------------------------------------------------------------------

#[test]
fn action_matches_by_wildcard_ignoring_case() {
    let r = ana("s3:GetObject", PHOTO, json!({}), json!({"Effect": "Allow", "Action": "S3:get*", "Resource": "*"}));
    assert_eq!(r.decision, Decision::Allow);
    let s = identity(&r);
    assert!(s.applies);
    assert!(s.action.matched);
    assert_eq!(s.action.detail, "s3:GetObject matches Action \"S3:get*\"");
    assert_eq!(s.why, "applies: allows s3:GetObject on arn:aws:s3:::photos/cat.jpg");
}

#[test]
fn action_not_in_the_list_is_named_with_the_list() {
    let r = ana(
        "s3:PutObject",
        PHOTO,
        json!({}),
        json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:List?ucket"], "Resource": "*"}),
    );
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert_eq!(r.explanation.reason, Reason::IdentityDoesNotAllow);
    let s = identity(&r);
    assert!(!s.applies);
    assert!(!s.action.matched);
    assert_eq!(s.action.detail, "s3:PutObject is not in Action [\"s3:GetObject\", \"s3:List?ucket\"]");
    assert_eq!(s.why, "does not apply: s3:PutObject is not in Action [\"s3:GetObject\", \"s3:List?ucket\"]");
}

#[test]
fn question_mark_matches_exactly_one_character() {
    let st = json!({"Effect": "Allow", "Action": "s3:List?ucket", "Resource": "*"});
    assert_eq!(ana("s3:ListBucket", "*", json!({}), st.clone()).decision, Decision::Allow);
    assert_eq!(ana("s3:ListBuckett", "*", json!({}), st.clone()).decision, Decision::ImplicitDeny);
    assert_eq!(ana("s3:Listucket", "*", json!({}), st).decision, Decision::ImplicitDeny);
}

#[test]
fn not_action_applies_to_what_it_does_not_list() {
    let st = json!({"Effect": "Allow", "NotAction": ["iam:*", "s3:Delete*"], "Resource": "*"});
    let r = ana("s3:GetObject", PHOTO, json!({}), st.clone());
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(identity(&r).action.detail, "s3:GetObject is not excluded by NotAction [\"iam:*\", \"s3:Delete*\"]");

    let r = ana("s3:DeleteObject", PHOTO, json!({}), st);
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let s = identity(&r);
    assert!(!s.action.matched);
    assert_eq!(s.action.detail, "NotAction excludes s3:DeleteObject (\"s3:Delete*\")");
    assert_eq!(s.why, "does not apply: NotAction excludes s3:DeleteObject (\"s3:Delete*\")");
}

// ---------------------------------------------------------------------------
// Resource and NotResource
// ---------------------------------------------------------------------------

#[test]
fn resource_matches_part_by_part() {
    let st = json!({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*:111111111111:jobs-*"});
    let queue = "arn:aws:sqs:us-east-1:111111111111:jobs-7";
    let r = ana("sqs:SendMessage", queue, json!({}), st.clone());
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(
        identity(&r).resource.detail,
        "arn:aws:sqs:us-east-1:111111111111:jobs-7 matches Resource \"arn:aws:sqs:*:111111111111:jobs-*\""
    );

    // The `*` in the region part does not reach into the account part.
    let st = json!({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*11111:jobs-7"});
    let r = ana("sqs:SendMessage", queue, json!({}), st);
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let s = identity(&r);
    assert!(s.action.matched);
    assert!(!s.resource.matched);
    assert_eq!(
        s.why,
        "does not apply: arn:aws:sqs:us-east-1:111111111111:jobs-7 matches none of Resource [\"arn:aws:sqs:*11111:jobs-7\"]"
    );
}

#[test]
fn resource_names_compare_case_sensitively() {
    let st = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::Photos/*"});
    let r = ana("s3:GetObject", PHOTO, json!({}), st);
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert_eq!(
        identity(&r).resource.detail,
        "arn:aws:s3:::photos/cat.jpg matches none of Resource [\"arn:aws:s3:::Photos/*\"]"
    );
}

#[test]
fn not_resource_applies_to_what_it_does_not_list() {
    let st = json!({"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::photos/*"]});
    let allow = json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"});
    let both = |resource: &str| {
        run(case(
            ANA,
            "s3:GetObject",
            resource,
            json!({}),
            json!({"identity_policies": [policy(json!([st.clone(), allow.clone()]))]}),
        ))
    };
    let inside = both(PHOTO);
    assert_eq!(inside.decision, Decision::Allow);
    let s = identity(&inside);
    assert!(!s.resource.matched);
    assert_eq!(s.resource.detail, "NotResource excludes arn:aws:s3:::photos/cat.jpg (\"arn:aws:s3:::photos/*\")");

    let outside = both("arn:aws:s3:::secrets/key.pem");
    assert_eq!(outside.decision, Decision::ExplicitDeny);
    let s = identity(&outside);
    assert!(s.applies);
    assert_eq!(
        s.resource.detail,
        "arn:aws:s3:::secrets/key.pem is not excluded by NotResource [\"arn:aws:s3:::photos/*\"]"
    );
    assert_eq!(s.why, "applies: denies s3:GetObject on arn:aws:s3:::secrets/key.pem");
}

#[test]
fn policy_variables_in_resources_are_substituted_from_the_context() {
    let st = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"});
    let r = ana("s3:GetObject", "arn:aws:s3:::home/ana/notes.txt", json!({}), st.clone());
    assert_eq!(r.decision, Decision::Allow, "aws:username is derived from the IAM user");
    let r = ana("s3:GetObject", "arn:aws:s3:::home/bob/notes.txt", json!({}), st);
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert_eq!(
        identity(&r).resource.detail,
        "arn:aws:s3:::home/bob/notes.txt matches none of Resource [\"arn:aws:s3:::home/${aws:username}/*\"] (after substituting policy variables from the request context)"
    );
}

// ---------------------------------------------------------------------------
// Principal and NotPrincipal (resource policies)
// ---------------------------------------------------------------------------

/// Ana asks for a photo in another account's bucket, whose policy holds `statement`; her own
/// policy allows s3:GetObject everywhere (cross-account, both sides must allow).
fn bucket(principal: &str, statement: Value) -> CaseResult {
    let mut c = case(
        principal,
        "s3:GetObject",
        PHOTO,
        json!({}),
        json!({
            "identity_policies": [policy(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]))],
            "resource_policy": policy(json!([statement])),
        }),
    );
    c["request"]["resource_account"] = json!(OTHER);
    run(c)
}

#[test]
fn principal_naming_the_caller_account_the_role_or_everyone() {
    let st = |who: Value| json!({"Effect": "Allow", "Principal": who, "Action": "s3:GetObject", "Resource": "*"});
    let r = bucket(ANA, st(json!({"AWS": ANA})));
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(r.explanation.reason, Reason::AllowedByBoth);
    let p = report(&r, LayerKind::Resource, 0).principal.clone().expect("a principal check");
    assert!(p.matched);
    assert_eq!(p.detail, "AWS \"arn:aws:iam::111111111111:user/ana\" is the caller");

    let r = bucket(ANA, st(json!({"AWS": ACCOUNT})));
    assert_eq!(r.decision, Decision::Allow);
    let p = report(&r, LayerKind::Resource, 0).principal.clone().unwrap();
    assert_eq!(p.detail, "AWS \"111111111111\" names the caller's account 111111111111");

    let session = "arn:aws:sts::111111111111:assumed-role/app/s1";
    let r = bucket(session, st(json!({"AWS": "arn:aws:iam::111111111111:role/app"})));
    assert_eq!(r.decision, Decision::Allow);
    let p = report(&r, LayerKind::Resource, 0).principal.clone().unwrap();
    assert_eq!(
        p.detail,
        "AWS \"arn:aws:iam::111111111111:role/app\" is the role of the caller's session arn:aws:sts::111111111111:assumed-role/app/s1"
    );

    let r = bucket(ANA, st(json!("*")));
    assert_eq!(r.decision, Decision::Allow);
    let p = report(&r, LayerKind::Resource, 0).principal.clone().unwrap();
    assert_eq!(p.detail, "Principal \"*\" covers every caller");
}

#[test]
fn principal_naming_someone_else_fails_and_says_who_the_caller_is() {
    let st = json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/a*"},
                    "Action": "s3:GetObject", "Resource": "*"});
    let r = bucket(ANA, st);
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert_eq!(r.explanation.reason, Reason::ResourcePolicyDoesNotAllow);
    let s = report(&r, LayerKind::Resource, 0);
    assert!(s.action.matched && s.resource.matched);
    let p = s.principal.clone().unwrap();
    assert!(!p.matched);
    assert_eq!(
        p.detail,
        "Principal lists \"arn:aws:iam::111111111111:user/a*\", but the caller is arn:aws:iam::111111111111:user/ana (a wildcard inside a principal name is not a pattern: only \"*\" alone means everyone)"
    );
    assert_eq!(s.why, format!("does not apply: {}", p.detail));
}

#[test]
fn not_principal_applies_to_every_caller_it_does_not_list() {
    let deny =
        |listed: &str| json!({"Effect": "Deny", "NotPrincipal": {"AWS": listed}, "Action": "s3:*", "Resource": "*"});
    let r = bucket(ANA, deny("arn:aws:iam::111111111111:user/bob"));
    assert_eq!(r.decision, Decision::ExplicitDeny);
    let p = report(&r, LayerKind::Resource, 0).principal.clone().unwrap();
    assert!(p.matched);
    assert_eq!(
        p.detail,
        "NotPrincipal does not list arn:aws:iam::111111111111:user/ana, so the statement applies to it"
    );

    let r = bucket(ANA, deny(ANA));
    // No Deny applies, and no Allow in the bucket policy: cross-account, so denied implicitly.
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let p = report(&r, LayerKind::Resource, 0).principal.clone().unwrap();
    assert!(!p.matched);
    assert_eq!(p.detail, "NotPrincipal lists the caller as AWS \"arn:aws:iam::111111111111:user/ana\"");
}

#[test]
fn a_resource_policy_statement_without_principal_applies_to_no_one() {
    let r = bucket(ANA, json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let s = report(&r, LayerKind::Resource, 0);
    assert!(!s.applies);
    assert_eq!(s.why, "does not apply: a resource policy statement without Principal applies to no one");
}

// ---------------------------------------------------------------------------
// Condition operators: one passing and one failing case per family
// ---------------------------------------------------------------------------

/// The condition report of a statement `{operator: {key: values}}` against `context`.
fn condition(operator: &str, key: &str, values: Value, context: Value) -> (Decision, ConditionCheck) {
    let st = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                    "Condition": {operator: {key: values}}});
    let r = ana("s3:GetObject", PHOTO, context, st);
    let s = identity(&r);
    assert_eq!(s.conditions.len(), 1);
    let c = s.conditions[0].clone();
    assert_eq!(c.holds, s.applies, "the action and resource match, so the condition decides");
    assert_eq!(r.decision == Decision::Allow, c.holds);
    (r.decision, c)
}

/// Asserts that the condition holds (or not) with exactly this detail.
fn assert_condition(operator: &str, key: &str, values: Value, context: Value, holds: bool, detail: &str) {
    let (_, c) = condition(operator, key, values, context);
    assert_eq!((c.holds, c.detail.as_str()), (holds, detail), "{operator} {key}");
}

#[test]
fn string_operators() {
    let tag = "aws:PrincipalTag/team";
    let ctx = json!({"aws:PrincipalTag/team": "Blue"});
    assert_condition(
        "StringEquals",
        tag,
        json!(["red", "Blue"]),
        ctx.clone(),
        true,
        "aws:PrincipalTag/team \"Blue\" StringEquals \"Blue\"",
    );
    assert_condition(
        "StringEquals",
        tag,
        json!("blue"),
        ctx.clone(),
        false,
        "aws:PrincipalTag/team \"Blue\" does not satisfy StringEquals \"blue\"",
    );
    assert_condition(
        "StringEqualsIgnoreCase",
        tag,
        json!("blue"),
        ctx.clone(),
        true,
        "aws:PrincipalTag/team \"Blue\" StringEqualsIgnoreCase \"blue\"",
    );
    assert_condition(
        "StringEqualsIgnoreCase",
        tag,
        json!("green"),
        ctx.clone(),
        false,
        "aws:PrincipalTag/team \"Blue\" does not satisfy StringEqualsIgnoreCase \"green\"",
    );
    assert_condition(
        "StringNotEquals",
        tag,
        json!(["red", "green"]),
        ctx.clone(),
        true,
        "aws:PrincipalTag/team \"Blue\" is none of [\"red\", \"green\"], so StringNotEquals holds",
    );
    assert_condition(
        "StringNotEquals",
        tag,
        json!(["red", "Blue"]),
        ctx.clone(),
        false,
        "aws:PrincipalTag/team \"Blue\" equals \"Blue\", so StringNotEquals fails",
    );
    assert_condition(
        "StringNotEqualsIgnoreCase",
        tag,
        json!("BLUE"),
        ctx.clone(),
        false,
        "aws:PrincipalTag/team \"Blue\" equals \"BLUE\", so StringNotEqualsIgnoreCase fails",
    );
    assert_condition(
        "StringLike",
        tag,
        json!("B?u*"),
        ctx.clone(),
        true,
        "aws:PrincipalTag/team \"Blue\" StringLike \"B?u*\"",
    );
    assert_condition(
        "StringLike",
        tag,
        json!("b*"),
        ctx.clone(),
        false,
        "aws:PrincipalTag/team \"Blue\" does not satisfy StringLike \"b*\"",
    );
    assert_condition(
        "StringNotLike",
        tag,
        json!("R*"),
        ctx.clone(),
        true,
        "aws:PrincipalTag/team \"Blue\" is none of \"R*\", so StringNotLike holds",
    );
    assert_condition(
        "StringNotLike",
        tag,
        json!("*ue"),
        ctx.clone(),
        false,
        "aws:PrincipalTag/team \"Blue\" equals \"*ue\", so StringNotLike fails",
    );
    // StringEquals values are literal: a `*` is an asterisk.
    assert_condition(
        "StringEquals",
        tag,
        json!("B*"),
        ctx,
        false,
        "aws:PrincipalTag/team \"Blue\" does not satisfy StringEquals \"B*\"",
    );
}

#[test]
fn condition_key_names_compare_ignoring_case() {
    assert_condition(
        "StringEquals",
        "AWS:principaltag/TEAM",
        json!("Blue"),
        json!({"aws:PrincipalTag/team": "Blue"}),
        true,
        "AWS:principaltag/TEAM \"Blue\" StringEquals \"Blue\"",
    );
}

#[test]
fn numeric_operators() {
    let key = "s3:max-keys";
    let ctx = json!({"s3:max-keys": "10"});
    assert_condition(
        "NumericLessThanEquals",
        key,
        json!("10"),
        ctx.clone(),
        true,
        "s3:max-keys \"10\" NumericLessThanEquals \"10\"",
    );
    assert_condition(
        "NumericLessThan",
        key,
        json!("10"),
        ctx.clone(),
        false,
        "s3:max-keys \"10\" does not satisfy NumericLessThan \"10\"",
    );
    assert_condition(
        "NumericGreaterThan",
        key,
        json!(["100", "9.5"]),
        ctx.clone(),
        true,
        "s3:max-keys \"10\" NumericGreaterThan \"9.5\"",
    );
    assert_condition(
        "NumericEquals",
        key,
        json!("10.0"),
        ctx.clone(),
        true,
        "s3:max-keys \"10\" NumericEquals \"10.0\"",
    );
    assert_condition(
        "NumericNotEquals",
        key,
        json!("10"),
        ctx.clone(),
        false,
        "s3:max-keys \"10\" equals \"10\", so NumericNotEquals fails",
    );
    // A request value that is not a number matches no numeric value.
    assert_condition(
        "NumericEquals",
        key,
        json!("10"),
        json!({"s3:max-keys": "ten"}),
        false,
        "s3:max-keys \"ten\" does not satisfy NumericEquals \"10\"",
    );
}

#[test]
fn date_operators() {
    let key = "aws:CurrentTime";
    let ctx = json!({"aws:CurrentTime": "2026-03-01T12:00:00Z"});
    assert_condition(
        "DateLessThan",
        key,
        json!("2030-01-01T00:00:00Z"),
        ctx.clone(),
        true,
        "aws:CurrentTime \"2026-03-01T12:00:00Z\" DateLessThan \"2030-01-01T00:00:00Z\"",
    );
    assert_condition(
        "DateLessThan",
        key,
        json!("2025-01-01"),
        ctx.clone(),
        false,
        "aws:CurrentTime \"2026-03-01T12:00:00Z\" does not satisfy DateLessThan \"2025-01-01\"",
    );
    // Time zones and epoch seconds: 13:00+01:00 is 12:00Z; 1772366400 is 2026-03-01T12:00:00Z.
    assert_condition(
        "DateEquals",
        key,
        json!("2026-03-01T13:00:00+01:00"),
        ctx.clone(),
        true,
        "aws:CurrentTime \"2026-03-01T12:00:00Z\" DateEquals \"2026-03-01T13:00:00+01:00\"",
    );
    assert_condition(
        "DateGreaterThanEquals",
        key,
        json!("1772366400"),
        ctx.clone(),
        true,
        "aws:CurrentTime \"2026-03-01T12:00:00Z\" DateGreaterThanEquals \"1772366400\"",
    );
    assert_condition(
        "DateGreaterThan",
        key,
        json!("1772366400"),
        ctx,
        false,
        "aws:CurrentTime \"2026-03-01T12:00:00Z\" does not satisfy DateGreaterThan \"1772366400\"",
    );
}

#[test]
fn bool_binary_and_null_operators() {
    let ctx = json!({"aws:SecureTransport": "true"});
    assert_condition(
        "Bool",
        "aws:SecureTransport",
        json!("TRUE"),
        ctx.clone(),
        true,
        "aws:SecureTransport \"true\" Bool \"TRUE\"",
    );
    assert_condition(
        "Bool",
        "aws:SecureTransport",
        json!("false"),
        ctx.clone(),
        false,
        "aws:SecureTransport \"true\" does not satisfy Bool \"false\"",
    );
    let bin = json!({"my:Blob": "QmluYXJ5"});
    assert_condition(
        "BinaryEquals",
        "my:Blob",
        json!("QmluYXJ5"),
        bin.clone(),
        true,
        "my:Blob \"QmluYXJ5\" BinaryEquals \"QmluYXJ5\"",
    );
    assert_condition(
        "BinaryEquals",
        "my:Blob",
        json!("QmluYXJz"),
        bin,
        false,
        "my:Blob \"QmluYXJ5\" does not satisfy BinaryEquals \"QmluYXJz\"",
    );
    // Null "true" means absent.
    assert_condition(
        "Null",
        "aws:TokenIssueTime",
        json!("true"),
        ctx.clone(),
        true,
        "aws:TokenIssueTime is absent and Null wants \"true\"",
    );
    assert_condition(
        "Null",
        "aws:SecureTransport",
        json!("true"),
        ctx.clone(),
        false,
        "aws:SecureTransport is present and Null wants \"true\"",
    );
    assert_condition(
        "Null",
        "aws:SecureTransport",
        json!("false"),
        ctx,
        true,
        "aws:SecureTransport is present and Null wants \"false\"",
    );
}

#[test]
fn ip_operators() {
    let key = "aws:SourceIp";
    let ctx = json!({"aws:SourceIp": "10.1.2.3"});
    assert_condition(
        "IpAddress",
        key,
        json!(["192.0.2.0/24", "10.0.0.0/8"]),
        ctx.clone(),
        true,
        "aws:SourceIp \"10.1.2.3\" IpAddress \"10.0.0.0/8\"",
    );
    assert_condition(
        "IpAddress",
        key,
        json!("10.1.2.4"),
        ctx.clone(),
        false,
        "aws:SourceIp \"10.1.2.3\" does not satisfy IpAddress \"10.1.2.4\"",
    );
    assert_condition(
        "NotIpAddress",
        key,
        json!("192.0.2.0/24"),
        ctx.clone(),
        true,
        "aws:SourceIp \"10.1.2.3\" is none of \"192.0.2.0/24\", so NotIpAddress holds",
    );
    assert_condition(
        "NotIpAddress",
        key,
        json!("10.1.0.0/16"),
        ctx,
        false,
        "aws:SourceIp \"10.1.2.3\" equals \"10.1.0.0/16\", so NotIpAddress fails",
    );
    // IPv4 never falls in an IPv6 block.
    assert_condition(
        "IpAddress",
        key,
        json!("::/0"),
        json!({"aws:SourceIp": "10.1.2.3"}),
        false,
        "aws:SourceIp \"10.1.2.3\" does not satisfy IpAddress \"::/0\"",
    );
    assert_condition(
        "IpAddress",
        key,
        json!("2001:db8::/32"),
        json!({"aws:SourceIp": "2001:db8::1"}),
        true,
        "aws:SourceIp \"2001:db8::1\" IpAddress \"2001:db8::/32\"",
    );
}

#[test]
fn arn_operators() {
    let key = "aws:SourceArn";
    let ctx = json!({"aws:SourceArn": "arn:aws:sns:us-east-1:111111111111:alerts"});
    assert_condition(
        "ArnLike",
        key,
        json!("arn:aws:sns:*:111111111111:*"),
        ctx.clone(),
        true,
        "aws:SourceArn \"arn:aws:sns:us-east-1:111111111111:alerts\" ArnLike \"arn:aws:sns:*:111111111111:*\"",
    );
    // A `*` in one part does not swallow the next.
    assert_condition(
        "ArnLike",
        key,
        json!("arn:aws:sns:*111111111111:alerts"),
        ctx.clone(),
        false,
        "aws:SourceArn \"arn:aws:sns:us-east-1:111111111111:alerts\" does not satisfy ArnLike \"arn:aws:sns:*111111111111:alerts\"",
    );
    // ArnEquals behaves as ArnLike.
    assert_condition(
        "ArnEquals",
        key,
        json!("arn:aws:sns:us-*:111111111111:alerts"),
        ctx.clone(),
        true,
        "aws:SourceArn \"arn:aws:sns:us-east-1:111111111111:alerts\" ArnEquals \"arn:aws:sns:us-*:111111111111:alerts\"",
    );
    assert_condition(
        "ArnNotLike",
        key,
        json!("arn:aws:sns:*:444444444444:*"),
        ctx.clone(),
        true,
        "aws:SourceArn \"arn:aws:sns:us-east-1:111111111111:alerts\" is none of \"arn:aws:sns:*:444444444444:*\", so ArnNotLike holds",
    );
    assert_condition(
        "ArnNotEquals",
        key,
        json!("arn:aws:sns:us-east-1:111111111111:alerts"),
        ctx,
        false,
        "aws:SourceArn \"arn:aws:sns:us-east-1:111111111111:alerts\" equals \"arn:aws:sns:us-east-1:111111111111:alerts\", so ArnNotEquals fails",
    );
}

#[test]
fn derived_keys_say_where_they_came_from() {
    assert_condition(
        "StringEquals",
        "aws:PrincipalAccount",
        json!("111111111111"),
        json!({}),
        true,
        "aws:PrincipalAccount \"111111111111\" StringEquals \"111111111111\" (aws:PrincipalAccount derived from the principal)",
    );
}

// ---------------------------------------------------------------------------
// Missing keys, IfExists, set qualifiers
// ---------------------------------------------------------------------------

#[test]
fn missing_keys_fail_positive_operators_and_pass_negated_ones() {
    let (decision, c) = condition("StringEquals", "aws:PrincipalTag/team", json!("blue"), json!({}));
    assert_eq!(decision, Decision::ImplicitDeny);
    assert!(!c.holds);
    assert_eq!(c.request_values, None);
    assert_eq!(c.detail, "the request has no aws:PrincipalTag/team: the condition cannot match without it");

    let (decision, c) = condition("StringNotEquals", "aws:PrincipalTag/team", json!("blue"), json!({}));
    assert_eq!(decision, Decision::Allow);
    assert_eq!(
        c.detail,
        "the request has no aws:PrincipalTag/team: a negated operator is true when the key is missing"
    );
}

#[test]
fn missing_keys_are_listed_in_the_explanation() {
    let st = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"},
                                  "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}});
    let r = ana("s3:GetObject", PHOTO, json!({"aws:SourceIp": "10.0.0.1"}), st.clone());
    assert_eq!(r.explanation.missing_context_keys, ["aws:PrincipalTag/team"]);
    // A statement whose action does not match does not count.
    let r = ana("s3:PutObject", PHOTO, json!({}), st);
    assert!(r.explanation.missing_context_keys.is_empty(), "{:?}", r.explanation.missing_context_keys);
}

#[test]
fn if_exists_passes_when_the_key_is_missing_and_tests_it_when_present() {
    let (decision, c) = condition("StringEqualsIfExists", "ec2:InstanceType", json!("t3.micro"), json!({}));
    assert_eq!(decision, Decision::Allow);
    assert_eq!(c.operator, "StringEqualsIfExists");
    assert_eq!(c.detail, "the request has no ec2:InstanceType: IfExists makes a missing key true");

    let (decision, c) = condition(
        "StringEqualsIfExists",
        "ec2:InstanceType",
        json!("t3.micro"),
        json!({"ec2:InstanceType": "m5.large"}),
    );
    assert_eq!(decision, Decision::ImplicitDeny);
    assert_eq!(c.detail, "ec2:InstanceType \"m5.large\" does not satisfy StringEqualsIfExists \"t3.micro\"");

    let (_, c) = condition("NumericLessThanIfExists", "s3:max-keys", json!("5"), json!({"s3:max-keys": "3"}));
    assert!(c.holds);
    assert_eq!(c.detail, "s3:max-keys \"3\" NumericLessThanIfExists \"5\"");
}

#[test]
fn for_all_values_needs_every_request_value() {
    let key = "aws:TagKeys";
    let op = "ForAllValues:StringEquals";
    let allowed = json!(["env", "team"]);
    let (d, c) = condition(op, key, allowed.clone(), json!({"aws:TagKeys": ["env", "team"]}));
    assert_eq!(
        (d, c.detail.as_str()),
        (Decision::Allow, "every aws:TagKeys value satisfies ForAllValues:StringEquals [\"env\", \"team\"]")
    );
    assert_eq!(c.request_values, Some(vec!["env".to_string(), "team".to_string()]));
    let (d, c) = condition(op, key, allowed.clone(), json!({"aws:TagKeys": ["env", "cost"]}));
    assert_eq!(
        (d, c.detail.as_str()),
        (Decision::ImplicitDeny, "aws:TagKeys value \"cost\" fails ForAllValues:StringEquals [\"env\", \"team\"]")
    );
    let (d, c) = condition(op, key, allowed.clone(), json!({}));
    assert_eq!(
        (d, c.detail.as_str()),
        (Decision::Allow, "the request has no aws:TagKeys: ForAllValues is true when the key is missing")
    );
    let (d, c) = condition(op, key, allowed, json!({"aws:TagKeys": []}));
    assert_eq!(
        (d, c.detail.as_str()),
        (Decision::Allow, "the request gives aws:TagKeys no values; ForAllValues is then true")
    );
}

#[test]
fn for_any_value_needs_one_request_value() {
    let key = "aws:CalledVia";
    let op = "ForAnyValue:StringEquals";
    let via = json!("athena.amazonaws.com");
    let (d, c) =
        condition(op, key, via.clone(), json!({"aws:CalledVia": ["glue.amazonaws.com", "athena.amazonaws.com"]}));
    assert_eq!(
        (d, c.detail.as_str()),
        (
            Decision::Allow,
            "aws:CalledVia value \"athena.amazonaws.com\" satisfies ForAnyValue:StringEquals \"athena.amazonaws.com\""
        )
    );
    let (d, c) = condition(op, key, via.clone(), json!({"aws:CalledVia": ["glue.amazonaws.com"]}));
    assert_eq!(
        (d, c.detail.as_str()),
        (Decision::ImplicitDeny, "no aws:CalledVia value satisfies ForAnyValue:StringEquals \"athena.amazonaws.com\"")
    );
    let (d, c) = condition(op, key, via, json!({}));
    assert_eq!(
        (d, c.detail.as_str()),
        (Decision::ImplicitDeny, "the request has no aws:CalledVia: ForAnyValue is false when the key is missing")
    );
}

#[test]
fn set_qualified_negated_operators() {
    // ForAllValues:StringNotEquals: no request value may be listed.
    let (d, _) =
        condition("ForAllValues:StringNotEquals", "aws:TagKeys", json!(["secret"]), json!({"aws:TagKeys": ["env"]}));
    assert_eq!(d, Decision::Allow);
    let (d, c) = condition(
        "ForAllValues:StringNotEquals",
        "aws:TagKeys",
        json!(["secret"]),
        json!({"aws:TagKeys": ["env", "secret"]}),
    );
    assert_eq!(d, Decision::ImplicitDeny);
    assert_eq!(c.detail, "aws:TagKeys value \"secret\" fails ForAllValues:StringNotEquals \"secret\"");
}

#[test]
fn an_operator_without_qualifier_does_not_match_a_multi_valued_key() {
    for op in ["StringEquals", "StringNotEquals"] {
        let (d, c) = condition(op, "aws:TagKeys", json!("env"), json!({"aws:TagKeys": ["env", "team"]}));
        assert_eq!(d, Decision::ImplicitDeny, "{op}");
        assert_eq!(
            c.detail,
            format!(
                "the request gives aws:TagKeys several values, and {op} without ForAnyValue:/ForAllValues: does not match a multi-valued key"
            )
        );
    }
}

#[test]
fn conditions_are_anded_across_operators_and_keys() {
    // As text, so the conditions keep the order written (reports follow the document).
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "*", "Condition": {
        "StringEquals": {"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "eu-west-1"},
        "Bool": {"aws:SecureTransport": "true"}}}]}"#;
    let with = |context: Value| run(case(ANA, "s3:GetObject", PHOTO, context, json!({"identity_policies": [text]})));
    let ok =
        json!({"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "eu-west-1", "aws:SecureTransport": "true"});
    assert_eq!(with(ok).decision, Decision::Allow);
    let bad =
        json!({"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": "true"});
    let r = with(bad);
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let s = identity(&r);
    let holds: Vec<(&str, bool)> = s.conditions.iter().map(|c| (c.key.as_str(), c.holds)).collect();
    assert_eq!(holds, [("aws:PrincipalTag/team", true), ("aws:RequestedRegion", false), ("aws:SecureTransport", true)]);
    assert_eq!(
        s.why,
        "does not apply: condition fails: aws:RequestedRegion \"us-east-1\" does not satisfy StringEquals \"eu-west-1\""
    );
}

// ---------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------

fn allow_all() -> Value {
    policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))
}

/// `(layer title, outcome)` of every layer shown in the explanation.
fn outcomes(r: &CaseResult) -> Vec<(String, &'static str)> {
    r.explanation.layers.iter().map(|l| (l.title.clone(), l.outcome)).collect()
}

#[test]
fn an_explicit_deny_in_any_layer_overrides_every_allow() {
    let scp = policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"},
                           {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}]));
    let r = run(case(
        ANA,
        "s3:DeleteObject",
        PHOTO,
        json!({}),
        json!({"identity_policies": [allow_all()], "control_policies": [[scp]]}),
    ));
    assert_eq!(r.decision, Decision::ExplicitDeny);
    assert_eq!(r.explanation.reason, Reason::ExplicitDeny);
    let d = &r.explanation.decisive;
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].layer, d[0].level, d[0].index), (LayerKind::Control, Some(0), 1));
    assert_eq!(d[0].sid.as_deref(), Some("NoDeletes"));
    assert_eq!(d[0].label, "statement 2 (Sid NoDeletes)");
    assert_eq!(
        r.explanation.summary,
        "Denied explicitly: statement 2 (Sid NoDeletes) in control policy level 1 #1 (service control policies (SCPs)) denies s3:DeleteObject on arn:aws:s3:::photos/cat.jpg; an explicit deny overrides every allow"
    );
    // Every layer, in evaluation order, with the ones that have no policies marked absent.
    let expected = [
        ("service control policies (SCPs), level 1 (root)", "deny"),
        ("resource policy", "absent"),
        ("identity policies", "allow"),
        ("permissions boundary", "absent"),
        ("session policy", "absent"),
    ];
    assert_eq!(outcomes(&r), expected.map(|(t, o)| (t.to_string(), o)));
}

#[test]
fn every_control_level_must_allow() {
    let only_s3 = policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]));
    let r = run(case(
        ANA,
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111111111111:jobs",
        json!({}),
        json!({"identity_policies": [allow_all()], "control_policies": [[allow_all()], [only_s3]]}),
    ));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert_eq!(r.explanation.reason, Reason::ControlLevelDoesNotAllow);
    assert!(r.explanation.decisive.is_empty());
    assert_eq!(
        r.explanation.summary,
        "Denied: no service control policies (SCPs) at level 2 (control policy level 2 #1) allows sqs:SendMessage, and every level from the root down must allow it"
    );
    let control: Vec<_> = outcomes(&r).into_iter().filter(|(t, _)| t.starts_with("service control")).collect();
    assert_eq!(
        control,
        [
            ("service control policies (SCPs), level 1 (root)".to_string(), "allow"),
            ("service control policies (SCPs), level 2 (below the root)".to_string(), "no_match"),
        ]
    );
}

#[test]
fn a_permissions_boundary_caps_identity_policies() {
    let boundary = policy(json!([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]));
    let layers = json!({"identity_policies": [allow_all()], "permission_boundaries": [boundary]});
    let r = run(case(ANA, "s3:GetObject", PHOTO, json!({}), layers.clone()));
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByIdentity));
    let r = run(case(ANA, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:jobs", json!({}), layers));
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::BoundaryDoesNotAllow));
    assert_eq!(
        r.explanation.summary,
        "Denied: ana's permissions boundary (permissions boundary 1) does not allow sqs:SendMessage; a boundary caps what other policies grant"
    );
}

#[test]
fn a_session_policy_caps_a_role_session() {
    let session = "arn:aws:sts::111111111111:assumed-role/app/s1";
    let layers = json!({
        "identity_policies": [allow_all()],
        "session_policy": {"name": "read-only session",
                           "document": policy(json!([{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]))},
    });
    let r = run(case(session, "s3:GetObject", PHOTO, json!({}), layers.clone()));
    assert_eq!(r.decision, Decision::Allow);
    let r = run(case(session, "s3:PutObject", PHOTO, json!({}), layers));
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::SessionDoesNotAllow));
    assert_eq!(
        r.explanation.summary,
        "Denied: the session policy (read-only session) does not allow s3:PutObject; a session gets only what both its role and its session policy allow"
    );
}

#[test]
fn cross_account_needs_both_sides() {
    let bucket_policy = policy(json!([{"Effect": "Allow", "Principal": {"AWS": ACCOUNT},
                                       "Action": "s3:GetObject", "Resource": "*"}]));
    let mut c = case(ANA, "s3:GetObject", PHOTO, json!({}), json!({"resource_policy": bucket_policy}));
    c["request"]["resource_account"] = json!(OTHER);
    let r = run(c.clone());
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::CrossAccountIdentityDoesNotAllow));
    assert_eq!(
        r.explanation.notes,
        [
            "cross-account: the caller is in 111111111111 and the resource in 444444444444; both the caller's policies and the resource policy must allow"
        ]
    );

    c["identity_policies"] = json!([allow_all()]);
    let r = run(c.clone());
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByBoth));
    let layers: Vec<LayerKind> = r.explanation.decisive.iter().map(|d| d.layer).collect();
    assert_eq!(layers, [LayerKind::Resource, LayerKind::Identity]);

    c.as_object_mut().unwrap().remove("resource_policy");
    let r = run(c);
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::ResourcePolicyDoesNotAllow));
    assert_eq!(
        r.explanation.summary,
        "Denied: there is no resource policy, and the request crosses accounts (111111111111 to 444444444444), so the resource policy must allow it"
    );
}

#[test]
fn same_account_resource_policy_naming_the_caller_grants_on_its_own() {
    let bucket_policy =
        policy(json!([{"Effect": "Allow", "Principal": {"AWS": ANA}, "Action": "s3:GetObject", "Resource": "*"}]));
    let r = run(case(ANA, "s3:GetObject", PHOTO, json!({}), json!({"resource_policy": bucket_policy})));
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByResourcePolicy));
    assert_eq!(
        r.explanation.summary,
        "Allowed: statement 1 of resource policy (resource policy) allows ana to s3:GetObject on arn:aws:s3:::photos/cat.jpg"
    );

    // Naming only the account delegates to identity policies, which say nothing here.
    let bucket_policy =
        policy(json!([{"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "s3:GetObject", "Resource": "*"}]));
    let r = run(case(ANA, "s3:GetObject", PHOTO, json!({}), json!({"resource_policy": bucket_policy})));
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::AccountTrustNeedsIdentity));
}

#[test]
fn resource_control_policies_count_only_their_denies() {
    let rcp = policy(json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]));
    let layers = json!({"identity_policies": [allow_all()], "resource_control_policies": [[rcp]]});
    let r = run(case(ANA, "s3:GetObject", PHOTO, json!({"aws:SecureTransport": "true"}), layers.clone()));
    assert_eq!(r.decision, Decision::Allow);
    assert!(r.explanation.notes.iter().any(|n| n
        == "RCPs: every level carries the AWS-managed RCPFullAWSAccess, so only their Deny statements can change the outcome"));
    let r = run(case(ANA, "s3:GetObject", PHOTO, json!({"aws:SecureTransport": "false"}), layers));
    assert_eq!(r.decision, Decision::ExplicitDeny);
    assert_eq!(r.explanation.decisive[0].layer, LayerKind::ResourceControl);
}

#[test]
fn control_policies_do_not_apply_to_service_principals() {
    let deny_all = policy(json!([{"Effect": "Deny", "Action": "*", "Resource": "*"}]));
    let bucket_policy = policy(json!([{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"},
                                       "Action": "s3:GetObject", "Resource": "*"}]));
    let r = run(case(
        "backup.amazonaws.com",
        "s3:GetObject",
        PHOTO,
        json!({}),
        json!({"resource_policy": bucket_policy, "control_policies": [[deny_all]]}),
    ));
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByResourcePolicy));
    let scp = r.explanation.layers.iter().find(|l| l.layer == LayerKind::Control).unwrap();
    assert_eq!(scp.outcome, "not_applicable");
    assert_eq!(scp.note.as_deref(), Some("control policies do not apply to service principals"));
}

#[test]
fn the_account_root_is_allowed_in_its_own_account_but_not_past_a_deny() {
    let root = "arn:aws:iam::111111111111:root";
    let r = run(case(root, "s3:GetObject", PHOTO, json!({}), json!({})));
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedAsRoot));
    assert_eq!(
        r.explanation.summary,
        "Allowed: account 111111111111 is the account root, which has full access to its own account"
    );
    let deny = policy(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"},
                            {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]));
    let r = run(case(root, "s3:GetObject", PHOTO, json!({}), json!({"control_policies": [[deny]]})));
    assert_eq!(r.decision, Decision::ExplicitDeny);
}

#[test]
fn a_federated_user_without_a_session_policy_has_no_permissions() {
    let fed = "arn:aws:sts::111111111111:federated-user/bob";
    let r = run(case(fed, "s3:GetObject", PHOTO, json!({}), json!({"identity_policies": [allow_all()]})));
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::FederatedUserWithoutSessionPolicy));
    assert_eq!(r.explanation.summary, "Denied: a federated-user session without a session policy has no permissions");
}

// ---------------------------------------------------------------------------
// Alibaba Cloud RAM differences
// ---------------------------------------------------------------------------

fn ram(principal: &str, action: &str, resource: &str, layers: Value) -> CaseResult {
    let mut c = case(principal, action, resource, json!({}), layers);
    c["dialect"] = json!("aliyun");
    c["request"]["resource_account"] = json!("1111111111111111");
    run(c)
}

#[test]
fn ram_resources_are_one_glob_across_colons() {
    let p = json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "acs:ecs:*:instance/*"}]});
    let r = ram(
        "acs:ram::1111111111111111:user/alice",
        "ecs:StartInstance",
        "acs:ecs:cn-hangzhou:1111111111111111:instance/i-1",
        json!({"identity_policies": [p]}),
    );
    assert_eq!(r.decision, Decision::Allow, "RAM's `*` crosses the region and account parts");
    assert_eq!(
        identity(&r).resource.detail,
        "acs:ecs:cn-hangzhou:1111111111111111:instance/i-1 matches Resource \"acs:ecs:*:instance/*\""
    );
}

#[test]
fn ram_principal_names_compare_ignoring_case() {
    let trust = json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"RAM": ["acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup"]}}]});
    let assume =
        json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]});
    let r = ram(
        "acs:sts::1111111111111111:assumed-role/aliyunserviceroleforhbrcrossaccountbackup/s1",
        "sts:AssumeRole",
        "acs:ram::1111111111111111:role/hbrcrossrole",
        json!({"identity_policies": [assume], "resource_policy": trust}),
    );
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByBoth));
}
