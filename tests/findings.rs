//! Findings: every check fires on a document that has the problem and stays silent on one that
//! does not; fixes, when applied, remove the finding. The `check` command's output is in cli.rs.

use policy_playground::catalog::{self, suggest_actions};
use policy_playground::diagnostic::Severity as FindingSeverity;
use policy_playground::dialect::Dialect;
use policy_playground::findings::{
    Author, CheckContext, Finding, PolicyKind, check_policy, check_scenario, glob_covers, globs_intersect,
    is_scenario_text,
};

const RD: &str = include_str!("fixtures/seeds/AliyunServiceRoleForHbrRd.json");
const HBR_ROLE_POLICY: &str = include_str!("fixtures/seeds/AliyunHBRRolePolicy.json");
const ECS_BACKUP: &str = include_str!("fixtures/seeds/AliyunServiceRoleForHbrEcsBackup.json");

fn check(text: &str, dialect: Dialect) -> Vec<Finding> {
    check_policy("p", text, Some(dialect), &CheckContext::default())
}

fn check_with(text: &str, dialect: Dialect, ctx: &CheckContext) -> Vec<Finding> {
    check_policy("p", text, Some(dialect), ctx)
}

fn with_code<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

fn has(findings: &[Finding], code: &str) -> bool {
    findings.iter().any(|f| f.code == code)
}

fn apply_fix(text: &str, f: &Finding) -> String {
    let fix = f.fix.as_ref().expect("a fix");
    format!("{}{}{}", &text[..fix.span.start], fix.replacement, &text[fix.span.end..])
}

fn aws(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

fn ram(statements: &str) -> String {
    format!(r#"{{"Version": "1", "Statement": [{statements}]}}"#)
}

// ---- the seed's two misprints -------------------------------------------------------------

#[test]
fn seed_kms_list_alias_is_an_unknown_action_with_a_fix() {
    let findings = check(RD, Dialect::Aliyun);
    let unknown = with_code(&findings, "unknown-action");
    assert_eq!(unknown.len(), 1, "{findings:#?}");
    let f = unknown[0];
    assert_eq!(f.severity, FindingSeverity::Warning);
    assert!(
        f.message.contains("kms:ListAlias") && f.message.contains("did you mean kms:ListAliases?"),
        "{}",
        f.message
    );
    assert_eq!(f.span.line, 196);
    assert_eq!(f.fix.as_ref().unwrap().replacement, "\"kms:ListAliases\"");
    let fixed = apply_fix(RD, f);
    assert!(!has(&check(&fixed, Dialect::Aliyun), "unknown-action"));
    // The policies that grant kms:ListAliases have no such finding.
    assert!(!has(&check(HBR_ROLE_POLICY, Dialect::Aliyun), "unknown-action"));
}

#[test]
fn seed_duplicated_snapshot_links_is_reported_and_the_fix_removes_it() {
    let findings = check(RD, Dialect::Aliyun);
    let dup = with_code(&findings, "duplicate-action");
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].severity, FindingSeverity::Suggestion);
    assert!(dup[0].message.contains("ecs:DescribeSnapshotLinks") && dup[0].message.contains("line 39"));
    assert_eq!(dup[0].span.line, 50);
    let fixed = apply_fix(RD, dup[0]);
    let after = check(&fixed, Dialect::Aliyun);
    assert!(!has(&after, "duplicate-action"));
    assert!(!after.iter().any(|f| f.code == "json-syntax"), "the fix keeps the JSON valid");
    assert_eq!(fixed.matches("ecs:DescribeSnapshotLinks").count(), 1);
    assert!(!has(&check(HBR_ROLE_POLICY, Dialect::Aliyun), "duplicate-action"));
}

#[test]
fn the_other_seed_policies_have_no_catalogue_findings() {
    for (name, text) in [
        ("AliyunHBRRolePolicy", HBR_ROLE_POLICY),
        ("EcsEncryption", include_str!("fixtures/seeds/AliyunServiceRoleForHbrEcsEncryption.json")),
        ("OtsBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrOtsBackup.json")),
        ("PdsBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrPdsBackup.json")),
        ("OssBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrOssBackup.json")),
        ("NasBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrNasBackup.json")),
        ("CsgBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrCsgBackup.json")),
        ("MagpieBridge", include_str!("fixtures/seeds/AliyunServiceRoleForHbrMagpieBridge.json")),
        ("VaultEncryption", include_str!("fixtures/seeds/AliyunServiceRoleForHbrVaultEncryption.json")),
        ("CrossAccountBackup", include_str!("fixtures/seeds/AliyunServiceRoleForHbrCrossAccountBackup.json")),
        ("resourcemanager", include_str!("fixtures/seeds/resourcemanager-slr-permission.json")),
    ] {
        let findings = check(text, Dialect::Aliyun);
        let noisy: Vec<&Finding> =
            findings.iter().filter(|f| !matches!(f.code, "fragment-wrapped" | "pass-role-to-any-service")).collect();
        assert!(noisy.is_empty(), "{name}: {noisy:#?}");
    }
}

// ---- catalogue checks ----------------------------------------------------------------------

#[test]
fn unknown_service() {
    let text = aws(r#"{"Effect": "Allow", "Action": "ec3:DescribeInstances", "Resource": "*"}"#);
    let f = check(&text, Dialect::Aws);
    let u = with_code(&f, "unknown-service");
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].severity, FindingSeverity::Error);
    assert_eq!(u[0].fix.as_ref().unwrap().replacement, "\"ec2:DescribeInstances\"");
    assert!(check(&apply_fix(&text, u[0]), Dialect::Aws).is_empty());
    let none = aws(r#"{"Effect": "Allow", "Action": "zzzzzz:Get", "Resource": "*"}"#);
    assert_eq!(with_code(&check(&none, Dialect::Aws), "unknown-service")[0].fix, None);
    // RAM: a service the catalogue does not cover is not reported (the catalogue is partial).
    let slb = ram(r#"{"Effect": "Allow", "Action": "slb:DescribeLoadBalancers", "Resource": "*"}"#);
    assert!(check(&slb, Dialect::Aliyun).is_empty());
}

#[test]
fn unknown_action_in_aws_is_an_error() {
    let text =
        aws(r#"{"Effect": "Allow", "Action": ["s3:GetObjectt", "S3:getobject"], "Resource": "arn:aws:s3:::b/*"}"#);
    let f = check(&text, Dialect::Aws);
    let u = with_code(&f, "unknown-action");
    assert_eq!(u.len(), 1, "{f:#?}");
    assert_eq!(u[0].severity, FindingSeverity::Error);
    assert!(u[0].message.contains("did you mean s3:GetObject?"));
}

#[test]
fn unknown_action_in_ram_without_a_close_name_is_a_suggestion() {
    let text = ram(r#"{"Effect": "Allow", "Action": "ecs:FrobnicateEverything", "Resource": "*"}"#);
    let f = check(&text, Dialect::Aliyun);
    let u = with_code(&f, "unknown-action");
    assert_eq!(u[0].severity, FindingSeverity::Suggestion);
    assert!(u[0].help.as_ref().unwrap().contains("not complete"));
}

#[test]
fn malformed_action() {
    let f = check(&aws(r#"{"Effect": "Allow", "Action": "s3GetObject", "Resource": "*"}"#), Dialect::Aws);
    assert!(has(&f, "malformed-action"));
    assert!(!has(
        &check(&aws(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#), Dialect::Aws),
        "malformed-action"
    ));
}

#[test]
fn wildcard_that_matches_no_action() {
    let f = check(&aws(r#"{"Effect": "Allow", "Action": ["s3:Gett*", "s?:Frob*"], "Resource": "*"}"#), Dialect::Aws);
    assert_eq!(with_code(&f, "wildcard-matches-nothing").len(), 2, "{f:#?}");
    let ok = check(&aws(r#"{"Effect": "Allow", "Action": ["s3:Get*", "*:List*"], "Resource": "*"}"#), Dialect::Aws);
    assert!(!has(&ok, "wildcard-matches-nothing"));
    let ram_ok = check(&ram(r#"{"Effect": "Allow", "Action": "ecs:Describe*", "Resource": "*"}"#), Dialect::Aliyun);
    assert!(ram_ok.is_empty());
}

#[test]
fn duplicate_actions_compare_ignoring_case() {
    let text = aws(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "S3:GETOBJECT"], "Resource": "arn:aws:s3:::b/*"}"#,
    );
    let f = check(&text, Dialect::Aws);
    let d = with_code(&f, "duplicate-action");
    assert_eq!(d.len(), 1);
    let fixed = apply_fix(&text, d[0]);
    assert!(fixed.contains(r#"["s3:GetObject", "s3:PutObject"]"#), "{fixed}");
}

#[test]
fn redundant_statement() {
    let text = aws(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x.txt",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
           {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}"#);
    let f = check(&text, Dialect::Aws);
    let r = with_code(&f, "redundant-statement");
    assert_eq!(r.len(), 1);
    assert!(r[0].message.starts_with("statement 1 adds nothing: statement 2"), "{}", r[0].message);
    let fixed = apply_fix(&text, r[0]);
    let after = check(&fixed, Dialect::Aws);
    assert!(after.is_empty(), "{fixed}\n{after:#?}");
    // A narrower statement with fewer conditions is not redundant, nor is a Deny next to an Allow.
    let not = aws(r#"{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
           {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
           {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#);
    assert!(!has(&check(&not, Dialect::Aws), "redundant-statement"));
    // Two identical statements: only the second is reported.
    let twice = aws(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
    );
    let r = check(&twice, Dialect::Aws);
    assert_eq!(with_code(&r, "redundant-statement").len(), 1);
    assert!(with_code(&r, "redundant-statement")[0].message.starts_with("statement 2"));
}

// ---- resources -----------------------------------------------------------------------------

#[test]
fn malformed_arns_in_each_dialect() {
    let bad_aws =
        ["arn:aws:s3", "acs:ecs:*:*:instance/*", "arn:amazon:s3:::b", "arn:aws:iam::12345:role/x", "bucket-name"];
    for r in bad_aws {
        let f = check(
            &aws(&format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "{r}"}}"#)),
            Dialect::Aws,
        );
        let m = with_code(&f, "malformed-arn");
        assert_eq!(m.len(), 1, "{r}: {f:#?}");
        assert_eq!(m[0].severity, FindingSeverity::Error);
    }
    for r in ["acs:ecs:*:instance/*", "arn:aws:s3:::b", "acs:ecs:*:12ab:instance/*"] {
        let f = check(
            &ram(&format!(r#"{{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": "{r}"}}"#)),
            Dialect::Aliyun,
        );
        assert_eq!(with_code(&f, "malformed-arn").len(), 1, "{r}: {f:#?}");
    }
    let ok = aws(
        r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": ["arn:aws:iam::111122223333:role/x", "arn:aws:iam::*:role/${aws:username}"]}"#,
    );
    assert!(check(&ok, Dialect::Aws).is_empty(), "{:#?}", check(&ok, Dialect::Aws));
}

#[test]
fn resource_type_the_action_does_not_use() {
    // s3:GetObject acts on objects, not buckets; s3:ListAllMyBuckets takes only "*".
    let f = check(
        &aws(
            r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::photos"}"#,
        ),
        Dialect::Aws,
    );
    let m = with_code(&f, "resource-type-mismatch");
    assert_eq!(m.len(), 3, "{f:#?}");
    assert!(m.iter().any(|x| x.message.contains("s3:GetObject acts on")
        && x.message.contains("object (arn:${Partition}:s3:::${BucketName}/${ObjectName})")));
    assert!(m.iter().any(|x| x.message.contains("takes only \"Resource\": \"*\"")));
    assert!(m.iter().any(|x| x.message.contains("no action of this statement acts on \"arn:aws:s3:::photos\"")));
    // An IAM ARN with a region does not match IAM's formats.
    let f = check(
        &aws(
            r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam:us-east-1:111122223333:role/x"}"#,
        ),
        Dialect::Aws,
    );
    assert!(has(&f, "resource-type-mismatch"));
    let ok = aws(
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"]}"#,
    );
    assert!(check(&ok, Dialect::Aws).is_empty());
    // RAM: OSS object actions on a bucket name; the seed's ECS + RAM role statement is fine.
    let f = check(
        &ram(r#"{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:photos"}"#),
        Dialect::Aliyun,
    );
    assert_eq!(with_code(&f, "resource-type-mismatch").len(), 2, "{f:#?}");
    assert!(
        check(
            &ram(r#"{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:photos/*"}"#),
            Dialect::Aliyun
        )
        .is_empty()
    );
    let f = check(
        &ram(r#"{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": "acs:oss:*:*:photos/*"}"#),
        Dialect::Aliyun,
    );
    let m = with_code(&f, "resource-type-mismatch");
    assert!(m[0].message.contains("(a resource of oss)"), "{f:#?}");
    assert!(!has(&check(RD, Dialect::Aliyun), "resource-type-mismatch"));
}

#[test]
fn regions_and_accounts_that_contradict_the_scenario() {
    let text = ram(
        r#"{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": "acs:ecs:cn-hangzou:2222222222222222:instance/*"}"#,
    );
    let f = check(&text, Dialect::Aliyun);
    let r = with_code(&f, "unknown-region");
    assert_eq!(r.len(), 1);
    assert!(r[0].message.contains("did you mean cn-hangzhou?"));
    assert!(check(&apply_fix(&text, r[0]), Dialect::Aliyun).is_empty());

    let ctx = CheckContext {
        accounts: vec!["1111111111111111".into(), "2222222222222222".into()],
        regions: vec!["cn-hangzhou".into()],
        ..CheckContext::default()
    };
    let elsewhere = ram(
        r#"{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": ["acs:ecs:cn-beijing:2222222222222222:instance/*", "acs:ecs:cn-hangzhou:2222222222222223:instance/*"]}"#,
    );
    let f = check_with(&elsewhere, Dialect::Aliyun, &ctx);
    assert_eq!(with_code(&f, "region-not-in-scenario").len(), 1, "{f:#?}");
    let a = with_code(&f, "account-not-in-scenario");
    assert_eq!(a.len(), 1);
    assert!(a[0].message.contains("did you mean 2222222222222222?"));
    let inside = ram(
        r#"{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": ["acs:ecs:cn-hangzhou:2222222222222222:instance/*", "acs:ecs:*:*:instance/*"]}"#,
    );
    assert!(check_with(&inside, Dialect::Aliyun, &ctx).is_empty());
}

// ---- conditions ----------------------------------------------------------------------------

fn aws_condition(condition: &str) -> String {
    aws(&format!(
        r#"{{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {condition}}}"#
    ))
}

#[test]
fn unknown_or_misspelled_operator_has_a_fix() {
    let text = aws_condition(r#"{"StringEqual": {"s3:prefix": "home/"}}"#);
    let f = check(&text, Dialect::Aws);
    let op = with_code(&f, "unknown-condition-operator");
    assert_eq!(op.len(), 1);
    assert_eq!(op[0].severity, FindingSeverity::Error);
    assert!(check(&apply_fix(&text, op[0]), Dialect::Aws).is_empty());
    assert!(check(&aws_condition(r#"{"StringEquals": {"s3:prefix": "home/"}}"#), Dialect::Aws).is_empty());
    // RAM has no IfExists.
    let f = check(
        &ram(
            r#"{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": "*", "Condition": {"StringEqualsIfExists": {"acs:SourceVpc": "vpc-1"}}}"#,
        ),
        Dialect::Aliyun,
    );
    assert!(has(&f, "unknown-condition-operator"));
}

#[test]
fn condition_keys_that_do_not_exist_for_the_services_involved() {
    let text = aws_condition(r#"{"StringEquals": {"aws:SoruceVpc": "vpc-1"}}"#);
    let f = check(&text, Dialect::Aws);
    let k = with_code(&f, "unknown-condition-key");
    assert_eq!(k.len(), 1);
    assert!(check(&apply_fix(&text, k[0]), Dialect::Aws).is_empty());
    // A key of another service: exists, but never in these requests.
    let f = check(&aws_condition(r#"{"StringEquals": {"ec2:Region": "us-east-1"}}"#), Dialect::Aws);
    assert!(with_code(&f, "unknown-condition-key")[0].message.contains("no action of this statement is a ec2 action"));
    // Global keys, service keys, tag-key families and case differences are fine.
    let ok = aws_condition(
        r#"{"StringEquals": {"s3:prefix": "home/", "AWS:PRINCIPALORGID": "o-1", "aws:ResourceTag/Team": "x"}, "IpAddress": {"aws:SourceIP": "10.0.0.0/8"}}"#,
    );
    assert!(check(&ok, Dialect::Aws).is_empty(), "{:#?}", check(&ok, Dialect::Aws));
    // RAM: a misspelled global key is a warning with a fix; the seed's keys are known.
    let f = check(
        &ram(
            r#"{"Effect": "Allow", "Action": "ecs:DescribeInstances", "Resource": "*", "Condition": {"IpAddress": {"acs:SourceIpp": "10.0.0.0/8"}}}"#,
        ),
        Dialect::Aliyun,
    );
    assert_eq!(with_code(&f, "unknown-condition-key")[0].fix.as_ref().unwrap().replacement, "\"acs:SourceIp\"");
    assert!(
        check(
            ECS_BACKUP.replace("\"ecs:DescribeInvocations\"\n", "\"ecs:DescribeInvocations\",\n").as_str(),
            Dialect::Aliyun
        )
        .iter()
        .all(|f| f.code == "fragment-wrapped")
    );
}

#[test]
fn values_of_the_wrong_type_for_the_operator() {
    for (condition, code) in [
        (r#"{"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}"#, "bad-condition-value"),
        (r#"{"Bool": {"aws:SecureTransport": "yes"}}"#, "bad-condition-value"),
        (r#"{"DateLessThan": {"aws:CurrentTime": "31/01/2026"}}"#, "bad-condition-value"),
        (r#"{"StringEquals": {"aws:SourceIp": "10.0.0.1"}}"#, "operator-type-mismatch"),
        (r#"{"IpAddress": {"aws:username": "10.0.0.1"}}"#, "operator-type-mismatch"),
        (r#"{"DateGreaterThan": {"aws:SecureTransport": "2026-01-01T00:00:00Z"}}"#, "operator-type-mismatch"),
    ] {
        let f = check(&aws_condition(condition), Dialect::Aws);
        assert!(has(&f, code), "{condition}: {f:#?}");
    }
    for condition in [
        r#"{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}"#,
        r#"{"Bool": {"aws:SecureTransport": "True"}}"#,
        r#"{"DateLessThan": {"aws:CurrentTime": "2026-01-31T12:00:00Z"}}"#,
        r#"{"NumericLessThan": {"aws:EpochTime": "1800000000"}}"#,
        r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}"#,
        r#"{"Null": {"aws:SourceIp": "true"}}"#,
    ] {
        assert!(check(&aws_condition(condition), Dialect::Aws).is_empty(), "{condition}");
    }
    // String operators compare ARN keys without a type mismatch; with a wildcard, StringLike is
    // Access Analyzer's STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS (see string_like_on_arn_keys).
    let f = check(&aws_condition(r#"{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}"#), Dialect::Aws);
    let codes: Vec<&str> = f.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["string-like-operator-with-arn-condition-keys"]);
}

#[test]
fn set_qualifiers_and_multi_valued_keys() {
    let f = check(&aws_condition(r#"{"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-1"}}"#), Dialect::Aws);
    let q = with_code(&f, "set-qualifier-on-single-valued-key");
    assert_eq!(q[0].severity, FindingSeverity::SecurityWarning);
    let f = check(&aws_condition(r#"{"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": "o-1"}}"#), Dialect::Aws);
    assert_eq!(with_code(&f, "set-qualifier-on-single-valued-key")[0].severity, FindingSeverity::Warning);
    let f = check(&aws_condition(r#"{"StringEquals": {"aws:TagKeys": "Team"}}"#), Dialect::Aws);
    assert!(has(&f, "missing-set-qualifier"));
    let ok = aws_condition(
        r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["Team", "Cost"]}, "StringEquals": {"aws:PrincipalOrgID": "o-1"}}"#,
    );
    assert!(check(&ok, Dialect::Aws).is_empty());
}

// ---- security ------------------------------------------------------------------------------

fn trust(principal: &str, condition: &str) -> String {
    aws(&format!(r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "sts:AssumeRole"{condition}}}"#))
}

#[test]
fn trust_policy_that_trusts_anyone() {
    for p in [r#""*""#, r#"{"AWS": "*"}"#] {
        let f = check(&trust(p, ""), Dialect::Aws);
        let t = with_code(&f, "trust-allows-anyone");
        assert_eq!(t.len(), 1, "{p}");
        assert_eq!(t[0].severity, FindingSeverity::SecurityWarning);
    }
    let pinned = trust(r#""*""#, r#", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}"#);
    assert!(check(&pinned, Dialect::Aws).is_empty());
    let f =
        check(&ram(r#"{"Effect": "Allow", "Principal": {"RAM": "*"}, "Action": "sts:AssumeRole"}"#), Dialect::Aliyun);
    assert!(has(&f, "trust-allows-anyone"));
}

#[test]
fn trust_policy_that_trusts_a_whole_account() {
    let text = trust(r#"{"AWS": "arn:aws:iam::222222222222:root"}"#, "");
    let f = check(&text, Dialect::Aws);
    assert_eq!(with_code(&f, "trust-allows-account").len(), 1);
    assert!(has(&check(&trust(r#"{"AWS": "222222222222"}"#, ""), Dialect::Aws), "trust-allows-account"));
    let own = CheckContext { own_account: Some("222222222222".into()), ..CheckContext::default() };
    assert!(check_with(&text, Dialect::Aws, &own).is_empty());
    let external = trust(
        r#"{"AWS": "arn:aws:iam::222222222222:root"}"#,
        r#", "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}}"#,
    );
    assert!(check(&external, Dialect::Aws).is_empty());
    // A named role of another account (the hbrcrossrole trust policy) is not a whole account.
    let role = ram(
        r#"{"Effect": "Allow", "Principal": {"RAM": ["acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup"]}, "Action": "sts:AssumeRole"}"#,
    );
    assert!(check(&role, Dialect::Aliyun).is_empty());
    let root = ram(
        r#"{"Effect": "Allow", "Principal": {"RAM": ["acs:ram::1111111111111111:root"]}, "Action": "sts:AssumeRole"}"#,
    );
    assert!(has(&check(&root, Dialect::Aliyun), "trust-allows-account"));
}

#[test]
fn trust_policy_that_trusts_a_service_without_a_source() {
    let text = trust(r#"{"Service": "backup.amazonaws.com"}"#, "");
    assert!(has(&check(&text, Dialect::Aws), "trust-allows-service"));
    let pinned = trust(
        r#"{"Service": "backup.amazonaws.com"}"#,
        r#", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}"#,
    );
    assert!(check(&pinned, Dialect::Aws).is_empty());
    let linked = CheckContext { service_linked: true, ..CheckContext::default() };
    assert!(check_with(&text, Dialect::Aws, &linked).is_empty());
}

#[test]
fn pass_role_on_every_role_without_a_service_condition() {
    let f = check(HBR_ROLE_POLICY, Dialect::Aliyun);
    let p = with_code(&f, "pass-role-to-any-service");
    assert_eq!(p.len(), 1, "AliyunHBRRolePolicy as printed grants ram:PassRole on * without acs:Service");
    let fixed_ecs = ECS_BACKUP.replace("\"ecs:DescribeInvocations\"\n", "\"ecs:DescribeInvocations\",\n");
    assert!(!has(&check(&fixed_ecs, Dialect::Aliyun), "pass-role-to-any-service"), "acs:Service pins it");
    let f = check(&aws(r#"{"Effect": "Allow", "Action": "iam:Pass*", "Resource": "*"}"#), Dialect::Aws);
    assert!(has(&f, "pass-role-to-any-service"));
    let ok = aws(
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}"#,
    );
    assert!(check(&ok, Dialect::Aws).is_empty());
}

#[test]
fn allow_with_not_action_or_not_resource() {
    let f = check(&aws(r#"{"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::x"}"#), Dialect::Aws);
    assert_eq!(with_code(&f, "allow-with-not-action")[0].severity, FindingSeverity::SecurityWarning);
    assert!(has(&f, "allow-with-not-resource"));
    let deny =
        check(&aws(r#"{"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::x"}"#), Dialect::Aws);
    assert!(deny.is_empty());
    let np = check(
        &aws(
            r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/x"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        ),
        Dialect::Aws,
    );
    assert_eq!(with_code(&np, "not-principal-with-allow")[0].severity, FindingSeverity::SecurityWarning);
}

const SCENARIO: &str = r#"{
  "scenario": "broad grant",
  "dialect": "aliyun",
  "accounts": [{"id": "1111111111111111"}, {"id": "2222222222222222"}],
  "policies": [
    {"name": "AdministratorAccess", "system": true,
     "document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
    {"name": "AliyunHBRRolePolicy", "system": true,
     "document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:DescribeSnapshots", "Resource": "*"}]}}
  ],
  "roles": [
    {"account": "2222222222222222", "name": "hbrcrossrole", "policies": ["POLICY"],
     "trust_policy": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
       "Principal": {"RAM": ["acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup"]}}]}}
  ],
  "checks": []
}"#;

#[test]
fn broad_grant_on_a_role_another_account_can_assume() {
    let bad = SCENARIO.replace("POLICY", "AdministratorAccess");
    assert!(is_scenario_text(&bad));
    let f = check_scenario(&bad);
    let b = with_code(&f, "broad-grant-to-assumable-role");
    assert_eq!(b.len(), 1, "{f:#?}");
    assert_eq!(b[0].severity, FindingSeverity::SecurityWarning);
    assert!(b[0].help.as_ref().unwrap().contains("AliyunHBRRolePolicy"));
    let good = SCENARIO.replace("POLICY", "AliyunHBRRolePolicy");
    assert!(check_scenario(&good).is_empty(), "{:#?}", check_scenario(&good));
}

// ---- limits --------------------------------------------------------------------------------

#[test]
fn documents_over_the_size_limit() {
    let actions: Vec<String> = (0..400).map(|i| format!("\"s3:GetObject{i}\"")).collect();
    let big = aws(&format!(r#"{{"Effect": "Deny", "Action": [{}], "Resource": "*"}}"#, actions.join(", ")));
    // Over the customer managed policy quota: an error where the policy is known to be one; as
    // pasted, only a suggestion (a role's inline policy may have 10,240, an AWS managed policy more).
    let customer =
        CheckContext { kind: Some(PolicyKind::Identity), author: Some(Author::Customer), ..CheckContext::default() };
    let l = check_with(&big, Dialect::Aws, &customer);
    let l = with_code(&l, "policy-too-large");
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].severity, FindingSeverity::Error);
    assert!(l[0].message.contains("6144"), "{}", l[0].message);
    let f = check(&big, Dialect::Aws);
    let l = with_code(&f, "policy-too-large");
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].severity, FindingSeverity::Suggestion);
    let cloud = CheckContext { author: Some(Author::Cloud), ..CheckContext::default() };
    assert!(!has(&check_with(&big, Dialect::Aws, &cloud), "policy-too-large"));
    // Over the largest identity policy quota: a warning, as Access Analyzer says
    // (POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA).
    let actions: Vec<String> = (0..600).map(|i| format!("\"s3:GetObject{i}\"")).collect();
    let bigger = aws(&format!(r#"{{"Effect": "Deny", "Action": [{}], "Resource": "*"}}"#, actions.join(", ")));
    for ctx in [CheckContext::default(), cloud] {
        let l = check_with(&bigger, Dialect::Aws, &ctx);
        assert_eq!(with_code(&l, "policy-too-large")[0].severity, FindingSeverity::Warning);
    }
    // The same policy fits as a KMS-style resource policy (no limit checked) and small ones fit.
    let resource = CheckContext { kind: Some(PolicyKind::Resource), ..CheckContext::default() };
    assert!(!has(&check_with(&big, Dialect::Aws, &resource), "policy-too-large"));
    assert!(!has(&check(RD, Dialect::Aliyun), "policy-too-large"));
    // Trust policies have a smaller limit: 2,048 characters.
    let trust_ctx = CheckContext { kind: Some(PolicyKind::Trust), ..CheckContext::default() };
    let principals: Vec<String> = (0..60).map(|i| format!("\"arn:aws:iam::1111222233{i:02}:role/r\"")).collect();
    let t = aws(&format!(
        r#"{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "sts:AssumeRole"}}"#,
        principals.join(",")
    ));
    assert!(has(&check_with(&t, Dialect::Aws, &trust_ctx), "policy-too-large"));
}

#[test]
fn too_many_attached_policies() {
    let policies: Vec<String> = (0..12)
        .map(|i| format!(r#"{{"name": "p{i}", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}}]}}}}"#))
        .collect();
    let names: Vec<String> = (0..12).map(|i| format!("\"p{i}\"")).collect();
    let scenario = |n: usize| {
        format!(
            r#"{{"dialect": "aws", "accounts": [{{"id": "111122223333"}}], "policies": [{}],
                "users": [{{"account": "111122223333", "name": "ana", "policies": [{}]}}]}}"#,
            policies.join(","),
            names[..n].join(",")
        )
    };
    let f = check_scenario(&scenario(12));
    assert_eq!(with_code(&f, "too-many-policies").len(), 1, "{f:#?}");
    assert!(check_scenario(&scenario(10)).is_empty());
}

#[test]
fn missing_or_unknown_version() {
    let f = check(
        r#"{"Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#,
        Dialect::Aws,
    );
    assert!(has(&f, "missing-version"));
    let text = r#"{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}"#;
    let f = check(text, Dialect::Aws);
    let v = with_code(&f, "invalid-value");
    assert_eq!(v[0].severity, FindingSeverity::Error);
    assert!(check(&apply_fix(text, v[0]), Dialect::Aws).is_empty());
}

#[test]
fn parse_issue_fixes() {
    let text = "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"ecs:DescribeInstances\" \"ecs:DescribeDisks\"], \"Resource\": \"*\"}]}";
    let f = check(text, Dialect::Aliyun);
    assert_eq!(f[0].code, "json-syntax");
    assert!(check(&apply_fix(text, &f[0]), Dialect::Aliyun).is_empty());
    let text = aws(r#"{"Effect": "Allow", "Action": "s3:GetObject ", "Resource": "arn:aws:s3:::b/*"}"#);
    let f = check(&text, Dialect::Aws);
    assert!(check(&apply_fix(&text, with_code(&f, "whitespace-in-name")[0]), Dialect::Aws).is_empty());
}

// ---- scenarios, built-in files and helpers -----------------------------------------------

#[test]
fn built_in_scenarios_report_only_what_the_seeds_print() {
    for (file, expected) in [
        ("scenarios/aws-backup.json", vec![]),
        ("scenarios/cloud-backup-service-linked-roles.json", vec![]),
        ("scenarios/cloud-backup-ram-role.json", vec!["pass-role-to-any-service"]),
        ("scenarios/cloud-backup-resource-directory.json", vec!["duplicate-action", "unknown-action"]),
    ] {
        let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert!(is_scenario_text(&text));
        let codes: Vec<&str> = check_scenario(&text).iter().map(|f| f.code).collect();
        assert_eq!(codes, expected, "{file}");
    }
    assert!(!is_scenario_text(RD));
}

#[test]
fn globs() {
    assert!(globs_intersect("arn:aws:s3:::b/*", "arn:*:s3:::*/*"));
    assert!(!globs_intersect("arn:aws:s3:::b", "arn:*:s3:::*/*"));
    assert!(globs_intersect("a?c", "*b*"));
    assert!(glob_covers("s3:get*", "s3:getobject*"));
    assert!(!glob_covers("s3:getobject", "s3:get*"));
    assert!(glob_covers("*", "anything?*"));
}

#[test]
fn catalogue_feeds_action_suggestions() {
    let s = suggest_actions("kms:ListAl", Dialect::Aliyun, 10);
    assert!(s.iter().any(|x| x.text == "kms:ListAliases"));
    let s = suggest_actions("iam:PassR", Dialect::Aws, 10);
    assert_eq!(s[0].text, "iam:PassRole");
    let sizes = catalog::data_sizes();
    assert!(sizes.iter().all(|(_, n)| *n < 400_000), "{sizes:?}");
}
