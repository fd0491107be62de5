//! The checks that answer to AWS IAM Access Analyzer's policy validation (issue 15): each fires on
//! a document with the problem, stays silent on one without it, and its fix, when it has one,
//! removes the finding. The false alarms the issue names stay silent. The whole corpus is
//! `tests/access_analyzer.rs`.

use policy_playground::diagnostic::Severity;
use policy_playground::dialect::Dialect;
use policy_playground::findings::{Author, CheckContext, Finding, PolicyKind, check_policy};

fn check(text: &str) -> Vec<Finding> {
    check_policy("p", text, Some(Dialect::Aws), &CheckContext::default())
}

fn check_in(text: &str, ctx: &CheckContext) -> Vec<Finding> {
    check_policy("p", text, Some(Dialect::Aws), ctx)
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

fn allow(action: &str, resource: &str, condition: &str) -> String {
    let condition = if condition.is_empty() { String::new() } else { format!(r#", "Condition": {condition}"#) };
    aws(&format!(r#"{{"Effect": "Allow", "Action": {action}, "Resource": {resource}{condition}}}"#))
}

// ---- redundancy ------------------------------------------------------------------------------

#[test]
fn an_action_a_wildcard_of_the_statement_covers_is_redundant() {
    let text = allow(r#"["ses:List*", "ses:ListDedicatedIpPools", "s3:GetObject"]"#, r#""*""#, "");
    let f = check(&text);
    let r = with_code(&f, "redundant-action");
    assert_eq!(r.len(), 1, "{f:#?}");
    assert_eq!(r[0].severity, Severity::Suggestion);
    assert!(r[0].message.contains("\"ses:ListDedicatedIpPools\"") && r[0].message.contains("ses:List*"));
    let fixed = apply_fix(&text, r[0]);
    assert!(fixed.contains(r#"["ses:List*", "s3:GetObject"]"#), "{fixed}");
    assert!(check(&fixed).is_empty(), "{:#?}", check(&fixed));
    // The first item: its comma after it goes with it.
    let text = allow(r#"["ses:ListDedicatedIpPools", "ses:List*"]"#, r#""*""#, "");
    let fixed = apply_fix(&text, with_code(&check(&text), "redundant-action")[0]);
    assert!(fixed.contains(r#"["ses:List*"]"#), "{fixed}");
    // A repeat is duplicate-action's; patterns that do not cover each other are not redundant.
    let text = allow(r#"["s3:GetObject", "s3:GetObject", "s3:Get*Acl"]"#, r#""*""#, "");
    let f = check(&text);
    assert!(!has(&f, "redundant-action") && has(&f, "duplicate-action"), "{f:#?}");
    let text = allow(r#"["s3:GetObject*", "s3:Get*Acl"]"#, r#""*""#, "");
    assert!(!has(&check(&text), "redundant-action"));
}

#[test]
fn a_resource_another_resource_of_the_statement_covers_is_redundant() {
    let text = allow(r#""s3:GetObject""#, r#"["arn:aws:s3:::logs-*/*", "arn:aws:s3:::logs-*"]"#, "");
    let f = check(&text);
    let r = with_code(&f, "redundant-resource");
    assert_eq!(r.len(), 1, "{f:#?}");
    assert!(r[0].message.contains("\"arn:aws:s3:::logs-*/*\""));
    let fixed = apply_fix(&text, r[0]);
    assert!(fixed.contains(r#""Resource": ["arn:aws:s3:::logs-*"]"#), "{fixed}");
    assert!(!has(&check(&fixed), "redundant-resource"));
    // Part by part: a `*` region covers a named one, but not the account beyond it.
    let text = allow(
        r#""iam:GetRole""#,
        r#"["arn:aws:iam::111122223333:role/a", "arn:aws:iam::*:role/*", "arn:aws:s3:::b"]"#,
        "",
    );
    assert_eq!(with_code(&check(&text), "redundant-resource").len(), 1);
    let text = allow(r#""s3:GetObject""#, r#"["arn:aws:s3:::a*", "arn:aws:s3:::b/*"]"#, "");
    assert!(!has(&check(&text), "redundant-resource"));
    let text = allow(r#""s3:GetObject""#, r#"["arn:aws:s3:::b/*", "arn:aws:s3:::b/*"]"#, "");
    assert!(with_code(&check(&text), "redundant-resource")[0].message.contains("twice"));
}

// ---- conditions ------------------------------------------------------------------------------

#[test]
fn string_like_on_an_arn_key_with_a_wildcard() {
    let bad =
        allow(r#""sqs:GetQueueUrl""#, r#""*""#, r#"{"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}"#);
    let f = check(&bad);
    let s = with_code(&f, "string-like-operator-with-arn-condition-keys");
    assert_eq!(s.len(), 1, "{f:#?}");
    assert_eq!(s[0].severity, Severity::SecurityWarning);
    assert!(s[0].help.as_deref().unwrap().contains("ArnNotLike"));
    for fine in [
        r#"{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}"#,
        r#"{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:root"}}"#,
        r#"{"StringLike": {"aws:username": "ana-*"}}"#,
    ] {
        assert!(!has(
            &check(&allow(r#""sqs:GetQueueUrl""#, r#""*""#, fine)),
            "string-like-operator-with-arn-condition-keys"
        ));
    }
}

#[test]
fn a_like_condition_on_star_only_tests_that_the_key_is_present() {
    let bad =
        allow(r#""ec2:DeleteNetworkInterface""#, r#""*""#, r#"{"StringLike": {"aws:ResourceTag/eks:cluster": "*"}}"#);
    let e = with_code(&check(&bad), "equivalent-to-null-false").len();
    assert_eq!(e, 1);
    for fine in [
        r#"{"StringLike": {"aws:ResourceTag/eks:cluster": "prod-*"}}"#,
        r#"{"StringLikeIfExists": {"aws:ResourceTag/eks:cluster": "*"}}"#,
        r#"{"Null": {"aws:ResourceTag/eks:cluster": "false"}}"#,
    ] {
        assert!(!has(&check(&allow(r#""ec2:DeleteNetworkInterface""#, r#""*""#, fine)), "equivalent-to-null-false"));
    }
}

#[test]
fn a_tag_key_the_actions_never_carry() {
    // logs:PutResourcePolicy acts on no resource and lists no tag key; CreateLogGroup does.
    let condition = r#"{"StringEquals": {"aws:ResourceTag/Team": "a"}}"#;
    let text = allow(r#"["logs:CreateLogGroup", "logs:PutResourcePolicy"]"#, r#""*""#, condition);
    let f = check(&text);
    let a = with_code(&f, "allow-with-unsupported-tag-condition-key-for-service");
    assert_eq!(a.len(), 1, "{f:#?}");
    assert_eq!(a[0].severity, Severity::Suggestion);
    assert!(a[0].message.contains("logs:PutResourcePolicy") && !a[0].message.contains("CreateLogGroup"));
    let deny = text.replace("\"Allow\"", "\"Deny\"");
    let d = check(&deny);
    assert_eq!(
        with_code(&d, "deny-with-unsupported-tag-condition-key-for-service")[0].severity,
        Severity::SecurityWarning
    );
    // IfExists passes without the key; keys the action carries are fine.
    let if_exists = r#"{"StringEqualsIfExists": {"aws:ResourceTag/Team": "a"}}"#;
    assert!(!has(
        &check(&allow(r#""logs:PutResourcePolicy""#, r#""*""#, if_exists)),
        "allow-with-unsupported-tag-condition-key-for-service"
    ));
    let request = r#"{"StringEquals": {"aws:RequestTag/Team": "a"}}"#;
    assert!(check(&allow(r#""logs:CreateLogGroup""#, r#""*""#, request)).is_empty());
}

#[test]
fn service_principals_in_called_via_and_principal() {
    let bad = allow(
        r#""xray:BatchGetTraces""#,
        r#""*""#,
        r#"{"ForAnyValue:StringEquals": {"aws:CalledVia": ["application-signals.cloudwatch.amazonaws.com"]}}"#,
    );
    let f = check(&bad);
    let p = with_code(&f, "invalid-service-principal-format");
    assert_eq!(p.len(), 1, "{f:#?}");
    assert_eq!(p[0].severity, Severity::Error);
    let good = bad.replace("application-signals.cloudwatch.amazonaws.com", "cloudformation.amazonaws.com");
    assert!(check(&good).is_empty(), "{:#?}", check(&good));
    // In Principal, several names are fine (regional and sub-service principals); case is not.
    let trust = |service: &str| {
        aws(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"Service": "{service}"}}, "Action": "sts:AssumeRole", "Condition": {{"StringEquals": {{"aws:SourceAccount": "111122223333"}}}}}}"#
        ))
    };
    assert!(!has(&check(&trust("logs.us-east-1.amazonaws.com")), "invalid-service-principal-format"));
    let text = trust("EC2.amazonaws.com");
    let f = check(&text);
    let p = with_code(&f, "invalid-service-principal-format");
    assert_eq!(p.len(), 1, "{f:#?}");
    assert!(!has(&check(&apply_fix(&text, p[0])), "invalid-service-principal-format"));
    assert!(has(&check(&trust("ec2.amazonaws")), "invalid-service-principal-format"));
}

// ---- PassRole and service-linked roles -----------------------------------------------------

#[test]
fn create_service_linked_role_on_every_role() {
    let text = allow(r#""iam:CreateServiceLinkedRole""#, r#""*""#, "");
    let c = check(&text);
    assert_eq!(with_code(&c, "create-slr-with-star-in-resource")[0].severity, Severity::Warning);
    let named = allow(
        r#""iam:CreateServiceLinkedRole""#,
        r#""*""#,
        r#"{"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}}"#,
    );
    assert!(check(&named).is_empty(), "{:#?}", check(&named));
    // A wildcard in the service name names no service.
    let wild = named.replace("StringEquals", "StringLike").replace("elasticloadbalancing", "*a4b");
    assert!(has(&check(&wild), "create-slr-with-star-in-resource"));
    let one = allow(
        r#""iam:CreateServiceLinkedRole""#,
        r#""arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS""#,
        "",
    );
    assert!(check(&one).is_empty());
}

#[test]
fn star_in_action_and_resource_passes_any_role_and_creates_any_service_linked_role() {
    let admin = allow(r#""*""#, r#""*""#, r#"{"Bool": {"aws:ViaAWSService": "true"}}"#);
    let f = check(&admin);
    assert!(has(&f, "pass-role-to-any-service") && has(&f, "create-slr-with-star-in-resource"), "{f:#?}");
    // An SCP grants nothing; the cloud's own AdministratorAccess in a scenario grants all by design.
    let scp = CheckContext { kind: Some(PolicyKind::Control), ..CheckContext::default() };
    let cloud = CheckContext { author: Some(Author::Cloud), ..CheckContext::default() };
    for ctx in [scp, cloud.clone()] {
        let f = check_in(&admin, &ctx);
        assert!(!has(&f, "pass-role-to-any-service") && !has(&f, "create-slr-with-star-in-resource"), "{f:#?}");
    }
    // A PassRole the cloud's policy names is still reported.
    assert!(has(&check_in(&allow(r#""iam:PassRole""#, r#""*""#, ""), &cloud), "pass-role-to-any-service"));
}

#[test]
fn pass_role_conditions_that_pin_the_service_and_those_that_do_not() {
    for (condition, pinned) in [
        (r#"{"StringEquals": {"iam:PassedToService": "codebuild.amazonaws.com"}}"#, true),
        (r#"{"StringEqualsIfExists": {"iam:PassedToService": "codebuild.amazonaws.com"}}"#, false),
        (r#"{"StringLike": {"iam:PassedToService": "*.amazonaws.com"}}"#, false),
        (r#"{"StringLike": {"iam:AssociatedResourceArn": "arn:aws:cloudformation:*:*:stack/app-*/*"}}"#, true),
        (r#"{"ForAnyValue:StringEquals": {"aws:CalledVia": ["cloudformation.amazonaws.com"]}}"#, false),
    ] {
        let f = check(&allow(r#""iam:PassRole""#, r#""*""#, condition));
        assert_eq!(has(&f, "pass-role-to-any-service"), !pinned, "{condition}: {f:#?}");
    }
}

// ---- the false alarms of issue 15 ---------------------------------------------------------

#[test]
fn services_of_both_clouds_are_no_sign_of_alibaba_cloud() {
    let text = r#"{"Statement": [{"Effect": "Allow", "Action": ["tag:GetResources", "ram:CreateResourceShare", "s3:GetObject"], "Resource": "*"}]}"#;
    let f = check_policy("p", text, None, &CheckContext::default());
    assert!(!has(&f, "dialect-conflict"), "{f:#?}");
    let versioned = aws(r#"{"Effect": "Allow", "Action": ["tag:GetResources", "ram:GetPermission"], "Resource": "*"}"#);
    assert!(check_policy("p", &versioned, None, &CheckContext::default()).is_empty());
}

#[test]
fn condition_keys_are_matched_against_the_catalogue_templates() {
    for (action, key) in [
        ("kms:Decrypt", "kms:EncryptionContext:aws:s3:arn"),
        ("s3:GetObject", "s3:ExistingObjectTag/AWSDataExchange"),
        ("secretsmanager:GetSecretValue", "secretsmanager:ResourceTag/aws:secretsmanager:owningService"),
        ("ssm:SendCommand", "ssm:resourceTag/Project"),
    ] {
        let text = allow(&format!("\"{action}\""), r#""*""#, &format!(r#"{{"StringEquals": {{"{key}": "x"}}}}"#));
        let f = check(&text);
        assert!(!has(&f, "unknown-condition-key"), "{key}: {f:#?}");
    }
}

#[test]
fn aws_is_the_account_of_resources_aws_owns() {
    let text = allow(
        r#"["sso:GetApplication", "iam:GetPolicy"]"#,
        r#"["arn:aws:sso::aws:applicationProvider/aiops", "arn:aws:iam::aws:policy/ReadOnlyAccess"]"#,
        "",
    );
    assert!(!has(&check(&text), "malformed-arn"), "{:#?}", check(&text));
    let ctx = CheckContext { accounts: vec!["111122223333".into()], ..CheckContext::default() };
    assert!(!has(&check_in(&text, &ctx), "account-not-in-scenario"));
}

#[test]
fn retired_and_unknown_names_are_warnings_and_typos_errors() {
    let f = check(&allow(r#"["deepracer:ListModels", "iot1click:ListDevices"]"#, r#""*""#, ""));
    let u = with_code(&f, "unknown-service");
    assert_eq!(u.len(), 2, "{f:#?}");
    assert!(u.iter().all(|x| x.severity == Severity::Warning && x.message.contains("retired")));
    let f = check(&allow(r#""cloud9:ValidateEnvironmentName""#, r#""*""#, ""));
    let a = with_code(&f, "unknown-action");
    assert_eq!((a[0].severity, a[0].message.contains("2024-08-31")), (Severity::Warning, true), "{f:#?}");
    // In no scan and close to nothing: retired long ago, or newer than the catalogue.
    let f = check(&allow(r#""mobilehub:ListProjects""#, r#""*""#, ""));
    assert_eq!(with_code(&f, "unknown-service")[0].severity, Severity::Warning);
    let f = check(&allow(r#""s3:TotallyMadeUpOperation""#, r#""*""#, ""));
    assert_eq!(with_code(&f, "unknown-action")[0].severity, Severity::Warning);
    // Typos stay errors.
    let f = check(&allow(r#"["ec3:DescribeInstances", "s3:GetObjekt"]"#, r#""*""#, ""));
    assert!(f.iter().filter(|x| x.severity == Severity::Error).count() == 2, "{f:#?}");
}

#[test]
fn resource_type_mismatch_is_a_warning_only_when_the_statement_can_never_apply() {
    let dead = allow(r#""s3:GetObject""#, r#""arn:aws:s3:::photos""#, "");
    let f = check(&dead);
    let m = with_code(&f, "resource-type-mismatch");
    assert!(!m.is_empty() && m.iter().all(|x| x.severity == Severity::Warning), "{f:#?}");
    // An action the reference lists without resource types may take some: a suggestion.
    let unsure = allow(r#"["ssm-sap:BackupDatabase", "ssm-sap:GetDatabase"]"#, r#""arn:aws:ssm-sap:*:*:*""#, "");
    let f = check(&unsure);
    let m = with_code(&f, "resource-type-mismatch");
    assert!(!m.is_empty() && m.iter().all(|x| x.severity == Severity::Suggestion), "{f:#?}");
    // One action fits: the statement applies, the other action's mismatch is a suggestion.
    let mixed = allow(r#"["s3:GetObject", "s3:ListBucket"]"#, r#""arn:aws:s3:::photos""#, "");
    let m = check(&mixed);
    let m = with_code(&m, "resource-type-mismatch");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].severity, Severity::Suggestion);
}
