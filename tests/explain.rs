//! Explanations through the public API: the decisive statements (policy, layer, index, Sid,
//! label, effect and source span), the summary sentence for each kind of decision, why each
//! statement did or did not apply, the spans of what matched, notes and missing keys, the text
//! rendering, and what the brief detail leaves out. Values are compared whole.

use policy_playground::Decision;
use policy_playground::authorize::{LayerKind, Reason};
use policy_playground::case::{CaseResult, load_cases};
use policy_playground::explain::{Detail, StatementReport};
use policy_playground::policy::Effect;
use policy_playground::span::Span;
use serde_json::{Value, json};

const ANA: &str = "arn:aws:iam::111111111111:user/ana";
const PHOTO: &str = "arn:aws:s3:::photos/cat.jpg";

/// An identity policy, given as text so that its spans are known.
const PHOTO_ACCESS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadPhotos",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": "arn:aws:s3:::photos/*"
    },
    {
      "Effect": "Deny",
      "Action": "s3:DeleteObject",
      "Resource": "*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}"#;

fn load(case: Value) -> policy_playground::case::Case {
    let text = case.to_string();
    let mut cases = load_cases(&text).unwrap_or_else(|e| panic!("case does not load: {e}\n{text}"));
    assert_eq!(cases.len(), 1);
    cases.remove(0)
}

/// Ana calls `action` on the photo with `context`, under the photo-access policy.
fn photo_case(action: &str, context: Value) -> Value {
    json!({
        "name": format!("ana {action}"),
        "request": {"principal": ANA, "action": action, "resource": PHOTO,
                    "resource_account": "111111111111", "context": context},
        "identity_policies": [{"name": "photo-access", "document": PHOTO_ACCESS}],
    })
}

fn photo(action: &str, context: Value) -> CaseResult {
    load(photo_case(action, context)).evaluate()
}

/// The text a span covers.
fn covered(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

fn statements(r: &CaseResult) -> Vec<&StatementReport> {
    r.explanation.layers.iter().flat_map(|l| &l.policies).flat_map(|p| &p.statements).collect()
}

// ---------------------------------------------------------------------------
// Decisive statements
// ---------------------------------------------------------------------------

#[test]
fn an_allow_names_the_allowing_statement_with_its_sid_and_place() {
    let r = photo("s3:GetObject", json!({}));
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByIdentity));
    assert_eq!(
        r.explanation.summary,
        "Allowed: statement 1 (Sid ReadPhotos) of photo-access allows s3:GetObject on arn:aws:s3:::photos/cat.jpg"
    );
    assert_eq!(r.explanation.decisive.len(), 1);
    let d = &r.explanation.decisive[0];
    assert_eq!(d.policy, "photo-access");
    assert_eq!(d.layer, LayerKind::Identity);
    assert_eq!(d.level, None);
    assert_eq!(d.index, 0);
    assert_eq!(d.sid.as_deref(), Some("ReadPhotos"));
    assert_eq!(d.label, "statement 1 (Sid ReadPhotos)");
    assert_eq!(d.effect, Effect::Allow);
    assert_eq!((d.span.line, d.span.column, d.span.end_line, d.span.end_column), (4, 5, 9, 6));
    let object = covered(PHOTO_ACCESS, d.span);
    assert!(object.starts_with("{\n      \"Sid\": \"ReadPhotos\""), "{object}");
    assert!(object.ends_with("\"arn:aws:s3:::photos/*\"\n    }"), "{object}");
}

#[test]
fn an_explicit_deny_names_the_denying_statement() {
    let r = photo("s3:DeleteObject", json!({"aws:MultiFactorAuthPresent": "false"}));
    assert_eq!((r.decision, r.explanation.reason), (Decision::ExplicitDeny, Reason::ExplicitDeny));
    assert_eq!(
        r.explanation.summary,
        "Denied explicitly: statement 2 in photo-access (identity policies) denies s3:DeleteObject on arn:aws:s3:::photos/cat.jpg; an explicit deny overrides every allow"
    );
    let d = &r.explanation.decisive;
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].index, d[0].sid.as_deref(), d[0].label.as_str()), (1, None, "statement 2"));
    assert_eq!(d[0].effect, Effect::Deny);
    assert_eq!((d[0].span.line, d[0].span.column, d[0].span.end_line, d[0].span.end_column), (10, 5, 15, 6));
    // The structured form, as `eval --json` and the web app receive it.
    assert_eq!(
        serde_json::to_value(&d[0]).unwrap(),
        json!({
            "policy": "photo-access", "layer": "identity", "level": null, "index": 1, "sid": null,
            "label": "statement 2", "effect": "Deny",
            "span": {"start": d[0].span.start, "end": d[0].span.end, "line": 10, "column": 5, "end_line": 15, "end_column": 6},
        })
    );
    assert!(covered(PHOTO_ACCESS, d[0].span).starts_with("{\n      \"Effect\": \"Deny\""));
}

#[test]
fn an_implicit_deny_has_no_decisive_statement_and_says_which_layer_did_not_allow() {
    let r = photo("s3:PutObject", json!({}));
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::IdentityDoesNotAllow));
    assert!(r.explanation.decisive.is_empty());
    assert_eq!(
        r.explanation.summary,
        "Denied: no statement in ana's policies (photo-access) allows s3:PutObject on arn:aws:s3:::photos/cat.jpg"
    );
    // Without any policy the sentence says so.
    let mut c = photo_case("s3:PutObject", json!({}));
    c["identity_policies"] = json!([]);
    let r = load(c).evaluate();
    assert_eq!(
        r.explanation.summary,
        "Denied: ana has no policies that allow s3:PutObject on arn:aws:s3:::photos/cat.jpg"
    );
}

#[test]
fn many_allowing_statements_are_named_three_at_most() {
    let allow = |sid: &str| json!({"Sid": sid, "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
    let mut c = photo_case("s3:GetObject", json!({}));
    c["identity_policies"] = json!([{"name": "many", "document": {"Version": "2012-10-17",
        "Statement": [allow("A"), allow("B"), allow("C"), allow("D"), allow("E")]}}]);
    let r = load(c).evaluate();
    assert_eq!(r.explanation.decisive.len(), 5);
    let labels: Vec<&str> = r.explanation.decisive.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "statement 1 (Sid A)",
            "statement 2 (Sid B)",
            "statement 3 (Sid C)",
            "statement 4 (Sid D)",
            "statement 5 (Sid E)"
        ]
    );
    assert_eq!(
        r.explanation.summary,
        "Allowed: statement 1 (Sid A) of many, statement 2 (Sid B) of many, statement 3 (Sid C) of many and 2 more allows s3:GetObject on arn:aws:s3:::photos/cat.jpg"
    );
}

#[test]
fn every_applying_deny_is_decisive_across_layers() {
    let deny = json!({"Effect": "Deny", "Action": "s3:*", "Resource": "*"});
    let mut c = photo_case("s3:GetObject", json!({}));
    c["identity_policies"] = json!([
        {"name": "photo-access", "document": PHOTO_ACCESS},
        {"name": "freeze", "document": {"Version": "2012-10-17", "Statement": [deny.clone()]}},
    ]);
    c["permission_boundaries"] = json!([{"name": "fence", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}, deny]}}]);
    let r = load(c).evaluate();
    assert_eq!(r.decision, Decision::ExplicitDeny);
    let decisive: Vec<(&str, LayerKind, usize)> =
        r.explanation.decisive.iter().map(|d| (d.policy.as_str(), d.layer, d.index)).collect();
    assert_eq!(decisive, [("freeze", LayerKind::Identity, 0), ("fence", LayerKind::Boundary, 1)]);
}

// ---------------------------------------------------------------------------
// Why each statement did or did not apply, and where
// ---------------------------------------------------------------------------

#[test]
fn each_statement_says_why_it_did_not_apply_and_points_at_the_deciding_text() {
    let r = photo("s3:DeleteObject", json!({"aws:MultiFactorAuthPresent": "true"}));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let s = statements(&r);
    assert_eq!(s.len(), 2);

    // Statement 1: the action is not in its list; the span is the whole Action element.
    assert_eq!(s[0].statement.label, "statement 1 (Sid ReadPhotos)");
    assert!(!s[0].applies);
    assert_eq!(s[0].why, "does not apply: s3:DeleteObject is not in Action [\"s3:GetObject\", \"s3:ListBucket\"]");
    let span = s[0].action.span.unwrap();
    assert_eq!((span.line, span.column), (7, 17));
    assert_eq!(covered(PHOTO_ACCESS, span), "[\"s3:GetObject\", \"s3:ListBucket\"]");

    // Statement 2: action and resource match, the condition fails; the span is the condition key.
    assert!(!s[1].applies);
    assert!(s[1].action.matched && s[1].resource.matched);
    assert_eq!(s[1].principal, None, "identity statements have no principal check");
    assert_eq!(s[1].resource.detail, "arn:aws:s3:::photos/cat.jpg matches Resource \"*\"");
    assert_eq!(
        s[1].why,
        "does not apply: condition fails: aws:MultiFactorAuthPresent \"true\" does not satisfy Bool \"false\""
    );
    let c = &s[1].conditions[0];
    assert_eq!(c.operator, "Bool");
    assert_eq!(c.key, "aws:MultiFactorAuthPresent");
    assert_eq!(c.policy_values, ["false"]);
    assert_eq!(c.request_values.as_deref(), Some(&["true".to_string()][..]));
    assert_eq!((c.span.line, c.span.column), (14, 30));
    assert_eq!(covered(PHOTO_ACCESS, c.span), "\"aws:MultiFactorAuthPresent\"");
}

#[test]
fn a_matching_item_is_pointed_at_itself() {
    let r = photo("s3:ListBucket", json!({}));
    let s = statements(&r);
    assert!(s[0].applies);
    assert_eq!(s[0].action.detail, "s3:ListBucket matches Action \"s3:ListBucket\"");
    let span = s[0].action.span.unwrap();
    assert_eq!((span.line, span.column), (7, 34));
    assert_eq!(covered(PHOTO_ACCESS, span), "\"s3:ListBucket\"");
    let span = s[0].resource.span.unwrap();
    assert_eq!((span.line, span.column), (8, 19));
    assert_eq!(covered(PHOTO_ACCESS, span), "\"arn:aws:s3:::photos/*\"");
    assert_eq!(s[0].why, "applies: allows s3:ListBucket on arn:aws:s3:::photos/cat.jpg");
    assert_eq!(s[1].why, "does not apply: s3:ListBucket is not in Action [\"s3:DeleteObject\"]");
}

#[test]
fn long_lists_are_shortened_in_the_why() {
    let actions: Vec<String> = (1..=9).map(|i| format!("s3:Action{i}")).collect();
    let mut c = photo_case("s3:GetObject", json!({}));
    c["identity_policies"] = json!([{"name": "long", "document": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}}]);
    let r = load(c).evaluate();
    assert_eq!(
        statements(&r)[0].why,
        "does not apply: s3:GetObject is not in Action [\"s3:Action1\", \"s3:Action2\", \"s3:Action3\", \"s3:Action4\", \"s3:Action5\", \"s3:Action6\", … 3 more]"
    );
}

// ---------------------------------------------------------------------------
// Trust policies, notes, missing keys (the Cloud Backup example file)
// ---------------------------------------------------------------------------

fn example() -> Vec<CaseResult> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/hbr-assume-role.json");
    let text = std::fs::read_to_string(path).unwrap();
    load_cases(&text).unwrap().iter().map(|c| c.evaluate()).collect()
}

#[test]
fn a_trust_policy_that_names_someone_else_says_whom_it_trusts() {
    let results = example();
    let r = &results[1];
    assert_eq!(r.name, "A RAM user of the management account is not trusted by hbrcrossrole");
    assert_eq!((r.decision, r.explanation.reason), (Decision::ImplicitDeny, Reason::ResourcePolicyDoesNotAllow));
    assert_eq!(
        r.explanation.summary,
        "Denied: the trust policy does not allow alice to sts:AssumeRole: it trusts acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup, but the caller is acs:ram::1111111111111111:user/alice (assuming a role always needs its trust policy to allow the caller)"
    );
    assert_eq!(
        r.explanation.notes,
        [
            "cross-account: the caller is in 1111111111111111 and the resource in 2222222222222222; both the caller's policies and the trust policy must allow",
            "AssumeRole: the role's trust policy must allow the caller, and the caller's own policies must allow sts:AssumeRole on the role",
        ]
    );
    let trust = r.explanation.layers.iter().find(|l| l.layer == LayerKind::Resource).unwrap();
    assert_eq!((trust.title.as_str(), trust.outcome), ("trust policy", "no_match"));
    let st = &trust.policies[0].statements[0];
    assert_eq!(st.statement.policy, "hbrcrossrole trust policy");
    assert_eq!(
        st.why,
        "does not apply: Principal lists \"acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup\", but the caller is acs:ram::1111111111111111:user/alice"
    );
}

#[test]
fn an_allowed_assume_role_names_both_sides() {
    let results = example();
    let r = &results[0];
    assert_eq!((r.decision, r.explanation.reason), (Decision::Allow, Reason::AllowedByBoth));
    let decisive: Vec<(&str, LayerKind, usize)> =
        r.explanation.decisive.iter().map(|d| (d.policy.as_str(), d.layer, d.index)).collect();
    assert_eq!(
        decisive,
        [
            ("hbrcrossrole trust policy", LayerKind::Resource, 0),
            ("AliyunServiceRolePolicyForHbrCrossAccountBackup", LayerKind::Identity, 0)
        ]
    );
    assert_eq!(
        r.explanation.summary,
        "Allowed: both sides allow sts:AssumeRole on acs:ram::2222222222222222:role/hbrcrossrole: statement 1 of hbrcrossrole trust policy and statement 1 of AliyunServiceRolePolicyForHbrCrossAccountBackup"
    );
    let trust = r.explanation.layers.iter().find(|l| l.layer == LayerKind::Resource).unwrap();
    let p = trust.policies[0].statements[0].principal.clone().unwrap();
    assert!(p.matched);
    assert_eq!(
        p.detail,
        "RAM \"acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup\" is the role of the caller's session acs:sts::1111111111111111:assumed-role/AliyunServiceRoleForHbrCrossAccountBackup/hbr-session"
    );
}

#[test]
fn the_example_renders_as_the_readme_shows() {
    let results = example();
    assert_eq!(
        results[2].explanation.render_text(),
        "IMPLICIT DENY: Denied: no statement in hbrcrossrole's policies (AliyunHBRRolePolicy) allows ecs:ModifySnapshotAttribute on acs:ecs:cn-hangzhou:2222222222222222:snapshot/s-123\n  \
         closest: statement 1 of AliyunHBRRolePolicy came closest: ecs:ModifySnapshotAttribute is not in Action [\"ecs:DescribeSnapshots\", \"ecs:CreateSnapshot\", \"ecs:DeleteSnapshot\"] (line 73, column 118)\n  \
         identity policies: no match\n    \
         AliyunHBRRolePolicy statement 1 (line 73): does not apply: ecs:ModifySnapshotAttribute is not in Action [\"ecs:DescribeSnapshots\", \"ecs:CreateSnapshot\", \"ecs:DeleteSnapshot\"]\n"
    );
}

#[test]
fn variables_without_values_are_listed_as_missing_keys() {
    let mut c = photo_case("s3:GetObject", json!({}));
    c["identity_policies"] = json!([{"name": "home", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/${aws:PrincipalTag/team}/*"}]}}]);
    let r = load(c).evaluate();
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert_eq!(r.explanation.missing_context_keys, ["aws:PrincipalTag/team"]);
    assert!(r.explanation.render_text().contains("\n  context keys tested but not supplied: aws:PrincipalTag/team\n"));
}

#[test]
fn a_resource_without_account_is_taken_to_be_the_callers() {
    let c = json!({
        "request": {"principal": "acs:ram::1111111111111111:user/alice", "action": "ecs:DescribeInstances", "resource": "*"},
        "identity_policies": [{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:Describe*", "Resource": "*"}]}],
    });
    let r = load(c).evaluate();
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(
        r.explanation.notes,
        [
            "the resource name carries no account and none was given, so it was taken to be the caller's account 1111111111111111"
        ]
    );
    // Unnamed policies are numbered.
    assert_eq!(r.explanation.decisive[0].policy, "identity policy 1");
}

// ---------------------------------------------------------------------------
// Rendering, and the brief detail
// ---------------------------------------------------------------------------

#[test]
fn the_full_text_lists_every_statement_of_every_layer_that_takes_part() {
    let r = photo("s3:DeleteObject", json!({"aws:MultiFactorAuthPresent": "false"}));
    assert_eq!(
        r.explanation.render_text(),
        "EXPLICIT DENY: Denied explicitly: statement 2 in photo-access (identity policies) denies s3:DeleteObject on arn:aws:s3:::photos/cat.jpg; an explicit deny overrides every allow\n  \
         decisive: statement 2 of photo-access [identity] at line 10, column 5\n  \
         identity policies: deny\n    \
         photo-access statement 1 (Sid ReadPhotos) (line 4): does not apply: s3:DeleteObject is not in Action [\"s3:GetObject\", \"s3:ListBucket\"]\n    \
         photo-access statement 2 (line 10): applies: denies s3:DeleteObject on arn:aws:s3:::photos/cat.jpg\n"
    );
}

#[test]
fn brief_keeps_the_decision_and_drops_the_statement_reports() {
    let case = load(photo_case("s3:DeleteObject", json!({"aws:MultiFactorAuthPresent": "false"})));
    let full = case.evaluate_with(Detail::Full);
    let brief = case.evaluate_with(Detail::Brief);
    assert_eq!(brief.decision, full.decision);
    assert_eq!(brief.explanation.reason, full.explanation.reason);
    assert_eq!(brief.explanation.summary, full.explanation.summary);
    assert_eq!(brief.explanation.decisive, full.explanation.decisive);
    assert_eq!(brief.explanation.notes, full.explanation.notes);
    assert_eq!(brief.explanation.missing_context_keys, full.explanation.missing_context_keys);
    // Full lists the four layers of a request without control policies (three absent); brief
    // only the one with policies, without statements.
    let full_layers: Vec<(LayerKind, &str)> = full.explanation.layers.iter().map(|l| (l.layer, l.outcome)).collect();
    assert_eq!(
        full_layers,
        [
            (LayerKind::Resource, "absent"),
            (LayerKind::Identity, "deny"),
            (LayerKind::Boundary, "absent"),
            (LayerKind::Session, "absent")
        ]
    );
    let brief_layers: Vec<(LayerKind, &str, usize)> =
        brief.explanation.layers.iter().map(|l| (l.layer, l.outcome, l.policies.len())).collect();
    assert_eq!(brief_layers, [(LayerKind::Identity, "deny", 0)]);
    assert_eq!(
        brief.explanation.render_text(),
        "EXPLICIT DENY: Denied explicitly: statement 2 in photo-access (identity policies) denies s3:DeleteObject on arn:aws:s3:::photos/cat.jpg; an explicit deny overrides every allow\n  \
         decisive: statement 2 of photo-access [identity] at line 10, column 5\n  \
         identity policies: deny\n"
    );
    // And as JSON: the layers carry no `policies` member at all.
    let json = serde_json::to_value(&brief.explanation).unwrap();
    assert_eq!(
        json["layers"],
        json!([{"layer": "identity", "level": null, "title": "identity policies", "outcome": "deny", "note": null}])
    );
}

#[test]
fn a_denial_names_the_statement_that_came_closest_and_what_failed() {
    let case = json!({
        "dialect": "aws",
        "request": {"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:GetObject",
                    "resource": "arn:aws:s3:::photos/a.jpg", "resource_account": "111111111111",
                    "context": {"aws:SourceIp": "192.168.1.5"}},
        "identity_policies": [{"Version": "2012-10-17", "Statement": [
            {"Sid": "Ec2", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
            {"Sid": "Office", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*",
             "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
        ]}]
    });
    let cases = load_cases(&case.to_string()).unwrap();
    let r = cases[0].evaluate();
    assert_eq!(r.decision, Decision::ImplicitDeny);
    let near = r.explanation.near_miss.as_ref().expect("a near miss");
    assert_eq!(near.statement.sid.as_deref(), Some("Office"));
    assert_eq!(near.part, "IpAddress aws:SourceIp");
    assert_eq!(near.failed_parts, 1);
    assert_eq!(near.why, "aws:SourceIp \"192.168.1.5\" does not satisfy IpAddress \"10.0.0.0/8\"");
    let span = near.span.expect("the condition's key is located");
    assert_eq!(&case.to_string()[span.start..span.end], "\"aws:SourceIp\"");
    assert!(
        r.explanation.render_text().contains("  closest: statement 2 (Sid Office) of "),
        "{}",
        r.explanation.render_text()
    );
    // Allowed and explicitly denied requests have none; batch lines (brief) leave it out.
    let allowed = load_cases(&case.to_string().replace("192.168.1.5", "10.1.2.3")).unwrap()[0].evaluate();
    assert_eq!(allowed.decision, Decision::Allow);
    assert!(allowed.explanation.near_miss.is_none());
    let brief = cases[0].evaluate_with(policy_playground::explain::Detail::Brief);
    assert!(brief.explanation.near_miss.is_none());
}
