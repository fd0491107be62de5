//! Tests of the hints: one per kind of change, in both dialects, each proposal proven again by
//! an independent application of its edits to the policies' texts.

use super::*;
use crate::parser::parse_policy;
use crate::request::Context;
use std::collections::HashMap;

/// Policies each read from its own text, by place.
#[derive(Default)]
pub(crate) struct Texts {
    pub(crate) texts: HashMap<(LayerKind, Option<usize>, usize), String>,
    pub(crate) read_only: Vec<String>,
}

impl PolicySources for Texts {
    fn text(&self, t: &PolicyTarget, _policy: &Policy) -> Option<&str> {
        self.texts.get(&(t.layer, t.level, t.index)).map(String::as_str)
    }

    fn read_only(&self, t: &PolicyTarget, _policy: &Policy) -> Option<String> {
        self.read_only.contains(&t.policy).then(|| format!("{} is a system policy", t.policy))
    }
}

/// A case: the set, its texts, and the request.
pub(crate) struct Case {
    pub(crate) set: PolicySet,
    pub(crate) texts: Texts,
    pub(crate) request: Request,
}

impl Case {
    pub(crate) fn new(dialect: Dialect, principal: &str, action: &str, resource: &str) -> Case {
        Case {
            set: PolicySet::default(),
            texts: Texts::default(),
            request: Request::new(dialect, principal, action, resource, None, Context::default()),
        }
    }

    fn read(&mut self, layer: LayerKind, level: Option<usize>, index: usize, name: &str, text: &str) -> Policy {
        let parsed = parse_policy(name, text, Some(self.request.dialect));
        self.texts.texts.insert((layer, level, index), text.to_string());
        parsed.policy.unwrap_or_else(|| panic!("{name}: {:?}", parsed.issues))
    }

    pub(crate) fn identity(mut self, name: &str, text: &str) -> Case {
        let p = self.read(LayerKind::Identity, None, self.set.identity.len(), name, text);
        self.set.identity.push(p);
        self
    }

    pub(crate) fn resource(mut self, name: &str, text: &str) -> Case {
        self.set.resource = Some(self.read(LayerKind::Resource, None, 0, name, text));
        self
    }

    pub(crate) fn session(mut self, text: &str) -> Case {
        self.set.session = Some(self.read(LayerKind::Session, None, 0, "session", text));
        self
    }

    pub(crate) fn boundary(mut self, text: &str) -> Case {
        let p = self.read(LayerKind::Boundary, None, self.set.boundaries.len(), "boundary", text);
        self.set.boundaries.push(p);
        self
    }

    pub(crate) fn control(mut self, level: usize, name: &str, text: &str) -> Case {
        while self.set.control.len() <= level {
            self.set.control.push(Vec::new());
        }
        let p = self.read(LayerKind::Control, Some(level), self.set.control[level].len(), name, text);
        self.set.control[level].push(p);
        self
    }

    pub(crate) fn context(mut self, key: &str, value: &str) -> Case {
        self.request.context.insert(key, vec![value.to_string()], false);
        self
    }

    pub(crate) fn propose(&self, options: &FixOptions<'_>) -> Fixes {
        propose(&self.set, &self.request, &self.texts, options)
    }

    /// Makes a proposal's changes without the search's code: each edit applied to its policy's
    /// text and the text read again, context set, policies attached or detached.
    pub(crate) fn apply(&self, proposal: &Proposal, library: &[&Policy]) -> (PolicySet, Request) {
        let mut set = self.set.clone();
        let mut request = self.request.clone();
        for change in &proposal.changes {
            match &change.change {
                Change::SupplyContext(c) => request.context.insert(&c.key, c.values.clone(), c.multi),
                Change::AttachPolicy(a) => {
                    let policy = match &a.document {
                        Some(doc) => parse_policy(&a.policy, &doc.to_string(), Some(request.dialect)).policy.unwrap(),
                        None => (*library.iter().find(|p| p.name == a.policy).unwrap()).clone(),
                    };
                    match a.layer {
                        LayerKind::Identity => set.identity.push(policy),
                        _ => set.control[a.level.unwrap()].push(policy),
                    }
                }
                Change::DetachPolicy { policy: t } => match t.layer {
                    LayerKind::Boundary => set.boundaries.clear(),
                    LayerKind::Session => set.session = None,
                    LayerKind::Resource => set.resource = None,
                    _ => {
                        let slot = slot_mut(&mut set, t).unwrap();
                        *slot = Policy::empty(&slot.name, slot.dialect, slot.span);
                    }
                },
                other => {
                    let t = other.policy().unwrap();
                    let text = &self.texts.texts[&(t.layer, t.level, t.index)];
                    let edit = other.edit().unwrap();
                    let edited = format!("{}{}{}", &text[..edit.span.start], edit.replacement, &text[edit.span.end..]);
                    let policy = parse_policy(&t.policy, &edited, Some(request.dialect)).policy.expect("edited reads");
                    *slot_mut(&mut set, t).unwrap() = policy;
                }
            }
        }
        (set, request)
    }

    /// Every proposal, applied independently, allows with the reason the search found.
    pub(crate) fn assert_all_flip(&self, fixes: &Fixes, library: &[&Policy]) {
        for p in &fixes.proposals {
            let (set, request) = self.apply(p, library);
            let v = decide(&set, &request);
            assert_eq!((v.decision, v.reason), (Decision::Allow, p.reason_after), "{}", p.summary);
        }
    }
}

const RAM_USER: &str = "acs:ram::1111111111111111:user/ana";
const HBR_SESSION: &str = "acs:sts::2222222222222222:assumed-role/hbrcrossrole/hbr-session";
const AWS_USER: &str = "arn:aws:iam::111122223333:user/ana";

fn kinds(f: &Fixes) -> Vec<Vec<&'static str>> {
    f.proposals.iter().map(|p| p.changes.iter().map(|c| c.change.kind()).collect()).collect()
}

#[test]
fn an_allowed_request_needs_no_hint() {
    let case = Case::new(Dialect::Aws, AWS_USER, "s3:GetObject", "arn:aws:s3:::b/k")
        .identity("p", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#);
    let f = case.propose(&FixOptions::default());
    assert_eq!(f.decision, Decision::Allow);
    assert!(f.proposals.is_empty());
}

#[test]
fn a_missing_action_is_added_to_the_statement_that_nearly_matched() {
    let text = "{\n  \"Version\": \"1\",\n  \"Statement\": [\n    {\n      \"Action\": [\n        \"ecs:DescribeSnapshots\",\n        \"ecs:CreateSnapshot\"\n      ],\n      \"Resource\": \"*\",\n      \"Effect\": \"Allow\"\n    }\n  ]\n}";
    let case = Case::new(
        Dialect::Aliyun,
        HBR_SESSION,
        "ecs:ModifySnapshotAttribute",
        "acs:ecs:cn-hangzhou:2222222222222222:snapshot/s-1",
    )
    .identity("AliyunHBRRolePolicy", text);
    let f = case.propose(&FixOptions::default());
    assert_eq!(f.decision, Decision::ImplicitDeny);
    let first = &f.proposals[0];
    let Change::AddAction(c) = &first.changes[0].change else { panic!("{:?}", first.changes[0]) };
    assert_eq!((c.item.as_str(), c.element.as_str(), c.at.statement), ("ecs:ModifySnapshotAttribute", "Action", 0));
    assert_eq!(
        c.edit.value,
        serde_json::json!(["ecs:DescribeSnapshots", "ecs:CreateSnapshot", "ecs:ModifySnapshotAttribute"])
    );
    assert!(
        c.edit.replacement.ends_with("\"ecs:CreateSnapshot\",\n        \"ecs:ModifySnapshotAttribute\"\n      ]"),
        "{}",
        c.edit.replacement
    );
    // Spans carry lines once listed.
    assert_eq!((c.edit.span.line, c.edit.span.column), (5, 17));
    assert_eq!(first.changes[0].also.summary, "also allows ecs:ModifySnapshotAttribute on every resource (\"*\")");
    // The wildcard is proposed too, after the exact action, and says it is broader.
    let wildcard = f.proposals.iter().find(|p| p.summary.contains("ecs:*")).expect("ecs:* proposed");
    assert!(wildcard.cost > first.cost);
    assert!(f.proposals.iter().any(|p| matches!(p.changes[0].change, Change::AddStatement { .. })));
    case.assert_all_flip(&f, &[]);
}

#[test]
fn a_missing_resource_is_added_exactly_or_as_a_pattern() {
    let case = Case::new(Dialect::Aws, AWS_USER, "s3:GetObject", "arn:aws:s3:::reports/2026/q1.csv").identity(
        "reader",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::photos/*"}]}"#,
    );
    let f = case.propose(&FixOptions::default());
    let Change::AddResource(c) = &f.proposals[0].changes[0].change else { panic!("{:?}", kinds(&f)) };
    assert_eq!(c.item, "arn:aws:s3:::reports/2026/q1.csv");
    assert_eq!(c.at.sid.as_deref(), Some("Read"));
    assert_eq!(c.edit.value, serde_json::json!(["arn:aws:s3:::photos/*", "arn:aws:s3:::reports/2026/q1.csv"]));
    assert_eq!(f.proposals[0].changes[0].also.other_actions, Some(1));
    assert!(f.proposals.iter().any(|p| p.summary.contains("arn:aws:s3:::reports/2026/*")));
    case.assert_all_flip(&f, &[]);
}

#[test]
fn a_trust_policy_gets_the_caller_added_to_its_principals() {
    let trust = r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::3333333333333333:role/AliyunServiceRoleForHbrCrossAccountBackup"]}}]}"#;
    let slr = "acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup";
    let mut case = Case::new(Dialect::Aliyun, slr, "sts:AssumeRole", "acs:ram::2222222222222222:role/hbrcrossrole")
        .identity(
            "AliyunServiceRolePolicyForHbrCrossAccountBackup",
            r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Resource":"*"}]}"#,
        )
        .resource("hbrcrossrole trust policy", trust);
    case.request.resource_account = Some("2222222222222222".into());
    let f = case.propose(&FixOptions::default());
    assert_eq!(f.reason, Reason::ResourcePolicyDoesNotAllow);
    let Change::AddPrincipal(c) = &f.proposals[0].changes[0].change else { panic!("{:?}", kinds(&f)) };
    assert_eq!((c.principal_type.as_deref(), c.item.as_str()), (Some("RAM"), slr));
    assert_eq!(
        c.edit.value,
        serde_json::json!({"RAM": ["acs:ram::3333333333333333:role/AliyunServiceRoleForHbrCrossAccountBackup", slr]})
    );
    // Naming the whole account is broader, and said to be.
    let account = f.proposals.iter().find(|p| p.summary.contains("acs:ram::1111111111111111:root")).expect("account");
    assert!(account.changes[0].also.summary.contains("every principal of"));
    assert!(account.cost > f.proposals[0].cost);
    // A new statement for exactly this caller needs no Resource in a trust policy.
    let added = f.proposals.iter().find_map(|p| match &p.changes[0].change {
        Change::AddStatement { edit, .. } => Some(edit.value.clone()),
        _ => None,
    });
    assert_eq!(
        added,
        Some(serde_json::json!({"Effect": "Allow", "Principal": {"RAM": slr}, "Action": "sts:AssumeRole"}))
    );
    case.assert_all_flip(&f, &[]);
}

#[test]
fn a_condition_that_nearly_matched_asks_for_its_context_key() {
    let case = Case::new(Dialect::Aws, AWS_USER, "ec2:StartInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1").identity(
        "regional",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]}"#,
    );
    let f = case.propose(&FixOptions::default());
    let first = &f.proposals[0];
    assert!(first.changes.iter().all(|c| c.change.kind() == "supply_context"), "{:?}", kinds(&f));
    let mut supplied: Vec<(String, Vec<String>)> = first
        .changes
        .iter()
        .map(|c| match &c.change {
            Change::SupplyContext(s) => (s.key.clone(), s.values.clone()),
            _ => unreachable!(),
        })
        .collect();
    supplied.sort();
    assert_eq!(
        supplied,
        [
            ("aws:MultiFactorAuthAge".to_string(), vec!["3599".to_string()]),
            ("aws:RequestedRegion".to_string(), vec!["eu-west-1".to_string()]),
            ("aws:SourceIp".to_string(), vec!["10.0.0.0".to_string()]),
        ]
    );
    case.assert_all_flip(&f, &[]);
}

#[test]
fn keys_derived_from_the_caller_are_never_asked_for() {
    let case = Case::new(Dialect::Aws, AWS_USER, "s3:GetObject", "arn:aws:s3:::b/k").identity(
        "p",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/bo"}}}]}"#,
    );
    let f = case.propose(&FixOptions::default());
    assert!(
        f.proposals.iter().all(|p| p.changes.iter().all(|c| c.change.kind() != "supply_context")),
        "{:?}",
        kinds(&f)
    );
}

#[test]
fn a_deny_is_narrowed_or_removed() {
    let case = Case::new(Dialect::Aws, AWS_USER, "s3:DeleteObject", "arn:aws:s3:::b/k").identity(
        "p",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"NoDeletes","Effect":"Deny","Action":["s3:DeleteObject","s3:DeleteBucket"],"Resource":"*"}]}"#,
    );
    let f = case.propose(&FixOptions::default());
    assert_eq!(f.decision, Decision::ExplicitDeny);
    let Change::NarrowDeny(c) = &f.proposals[0].changes[0].change else { panic!("{:?}", kinds(&f)) };
    assert_eq!((c.element.as_str(), c.operation, c.item.as_str()), ("Action", Operation::Remove, "s3:DeleteObject"));
    assert_eq!(c.edit.value, serde_json::json!(["s3:DeleteBucket"]));
    let removed = f.proposals.iter().find(|p| p.changes[0].change.kind() == "remove_statement").expect("remove");
    let Change::RemoveStatement { edit, at } = &removed.changes[0].change else { unreachable!() };
    assert_eq!((edit.replacement.as_str(), at.sid.as_deref()), ("", Some("NoDeletes")));
    // Detaching the whole policy would lose the Allow too: it does not flip, so it is not listed.
    assert!(f.proposals.iter().all(|p| p.changes[0].change.kind() != "detach_policy"), "{:?}", kinds(&f));
    case.assert_all_flip(&f, &[]);
}

#[test]
fn a_not_action_deny_gets_the_action_excepted() {
    let case = Case::new(Dialect::Aliyun, RAM_USER, "oss:GetObject", "acs:oss:*:1111111111111111:b/k")
        .identity("all", r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .control(
            0,
            "FullAliyunAccess",
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        )
        .control(
            0,
            "OnlyEcs",
            r#"{"Version":"1","Statement":[{"Effect":"Deny","NotAction":["ecs:*"],"Resource":"*"}]}"#,
        );
    let f = case.propose(&FixOptions::default());
    let Change::NarrowDeny(c) = &f.proposals[0].changes[0].change else { panic!("{:?}", kinds(&f)) };
    assert_eq!((c.element.as_str(), c.operation, c.item.as_str()), ("NotAction", Operation::Add, "oss:GetObject"));
    assert_eq!(c.at.policy.layer, LayerKind::Control);
    // The control policy holding the Deny may be detached: the level keeps FullAliyunAccess.
    assert!(
        f.proposals.iter().any(|p| p.summary == "detach OnlyEcs from control level 1"),
        "{:?}",
        f.proposals.iter().map(|p| &p.summary).collect::<Vec<_>>()
    );
    case.assert_all_flip(&f, &[]);
}

#[test]
fn a_control_level_without_an_allow_gets_a_library_policy_attached() {
    let full = parse_policy(
        "FullAliyunAccess",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        None,
    )
    .policy
    .unwrap();
    let case = Case::new(Dialect::Aliyun, RAM_USER, "ecs:DescribeInstances", "*")
        .identity("all", r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .control(
            0,
            "FullAliyunAccess",
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        )
        .control(1, "OssOnly", r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}"#);
    let options = FixOptions { library: vec![&full], attach_control: true, ..FixOptions::default() };
    let f = case.propose(&options);
    assert_eq!((f.reason, f.decision), (Reason::ControlLevelDoesNotAllow, Decision::ImplicitDeny));
    let attach = f.proposals.iter().find(|p| p.changes[0].change.kind() == "attach_policy").expect("attach");
    assert_eq!(attach.summary, "attach FullAliyunAccess at control level 2");
    assert!(attach.changes[0].also.summary.starts_with("also grants everything FullAliyunAccess allows"));
    // Adding the action to OssOnly's statement is smaller, and first.
    assert_eq!(f.proposals[0].changes[0].change.kind(), "add_action");
    case.assert_all_flip(&f, &[&full]);
}

#[test]
fn a_boundary_or_session_policy_that_blocks_is_widened_or_removed() {
    let allow_all = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let ec2 = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#;
    let case = Case::new(Dialect::Aws, AWS_USER, "s3:GetObject", "arn:aws:s3:::b/k")
        .identity("admin", allow_all)
        .boundary(ec2);
    let f = case.propose(&FixOptions::default());
    assert_eq!(f.reason, Reason::BoundaryDoesNotAllow);
    assert!(f.proposals.iter().any(|p| p.summary == "add s3:GetObject to the Action of statement 1 of boundary"));
    let detach = f.proposals.iter().find(|p| p.changes[0].change.kind() == "detach_policy").expect("detach");
    assert!(detach.changes[0].also.summary.contains("no longer limits"));
    assert_eq!(f.proposals.last().map(|p| p.changes[0].change.kind()), Some("detach_policy"));
    case.assert_all_flip(&f, &[]);

    let session = "acs:sts::1111111111111111:assumed-role/app/s";
    let ram_all = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let case = Case::new(Dialect::Aliyun, session, "oss:GetObject", "acs:oss:*:1111111111111111:b/k")
        .identity("all", ram_all)
        .session(r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"#);
    let f = case.propose(&FixOptions::default());
    assert_eq!(f.reason, Reason::SessionDoesNotAllow);
    assert!(f.proposals.iter().any(|p| p.summary == "remove the session policy (session)"));
    case.assert_all_flip(&f, &[]);
}

#[test]
fn identity_policies_can_be_attached_or_written() {
    let admin = parse_policy(
        "AdministratorAccess",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        None,
    )
    .policy
    .unwrap();
    let ecs = parse_policy(
        "AliyunECSFullAccess",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"#,
        None,
    )
    .policy
    .unwrap();
    let oss = parse_policy(
        "AliyunOSSFullAccess",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}"#,
        None,
    )
    .policy
    .unwrap();
    let case = Case::new(
        Dialect::Aliyun,
        HBR_SESSION,
        "ecs:ModifySnapshotAttribute",
        "acs:ecs:cn-hangzhou:2222222222222222:snapshot/s-1",
    )
    .identity(
        "AliyunHBRRolePolicy",
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:CreateSnapshot","Resource":"*"}]}"#,
    );
    let texts_read_only = Texts { texts: case.texts.texts.clone(), read_only: vec!["AliyunHBRRolePolicy".into()] };
    let options = FixOptions {
        library: vec![&admin, &ecs, &oss],
        attach_identity: true,
        new_policies: true,
        ..FixOptions::default()
    };
    let f = propose(&case.set, &case.request, &texts_read_only, &options);
    let summaries: Vec<&str> = f.proposals.iter().map(|p| p.summary.as_str()).collect();
    // The system policy is not edited, and the hints say why.
    assert!(summaries.iter().all(|s| !s.contains("of AliyunHBRRolePolicy")), "{summaries:?}");
    assert_eq!(f.notes, ["AliyunHBRRolePolicy is a system policy"]);
    assert_eq!(
        summaries[0],
        "attach a new policy AllowEcsModifySnapshotAttribute allowing ecs:ModifySnapshotAttribute on acs:ecs:cn-hangzhou:2222222222222222:snapshot/s-1 to hbrcrossrole"
    );
    assert!(summaries.contains(&"attach AliyunECSFullAccess to hbrcrossrole"));
    assert!(summaries.contains(&"attach AdministratorAccess to hbrcrossrole"));
    assert!(!summaries.iter().any(|s| s.contains("AliyunOSSFullAccess")), "it does not allow the action");
    case.assert_all_flip(&f, &[&admin, &ecs]);
}

#[test]
fn two_blockers_make_a_proposal_of_two_changes() {
    // Cross-account: the trust policy names someone else and the caller may not call AssumeRole.
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}"#;
    let case = Case::new(Dialect::Aws, AWS_USER, "sts:AssumeRole", "arn:aws:iam::999988887777:role/deploy")
        .identity("ops", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}"#)
        .resource("deploy trust policy", trust);
    let f = case.propose(&FixOptions::default());
    assert!(!f.proposals.is_empty());
    assert!(f.proposals.iter().all(|p| p.changes.len() == 2), "{:?}", kinds(&f));
    let first = &f.proposals[0];
    assert_eq!(first.changes[0].change.kind(), "add_principal");
    assert_eq!(first.changes[1].change.kind(), "add_action");
    assert_eq!(first.reason_after, Reason::AllowedByBoth);
    case.assert_all_flip(&f, &[]);
}

#[test]
fn what_no_policy_can_change_is_said_not_proposed() {
    let case = Case::new(
        Dialect::Aliyun,
        RAM_USER,
        "ram:DeleteRole",
        "acs:ram::1111111111111111:role/AliyunServiceRoleForECS",
    )
    .identity("admin", r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#);
    let f = case.propose(&FixOptions::default());
    assert!(f.proposals.is_empty());
    assert!(f.notes[0].contains("service-linked role"), "{:?}", f.notes);
}

#[test]
fn a_statement_without_principal_in_a_resource_policy_gets_one() {
    let case = Case::new(Dialect::Aws, "arn:aws:iam::999988887777:user/bo", "s3:GetObject", "arn:aws:s3:::b/k")
        .identity("reader", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
        .resource("bucket policy", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#);
    let mut case = case;
    case.request.resource_account = Some("111122223333".into());
    let f = case.propose(&FixOptions::default());
    let Change::AddPrincipal(c) = &f.proposals[0].changes[0].change else { panic!("{:?}", kinds(&f)) };
    assert_eq!(c.edit.value["Principal"], serde_json::json!({"AWS": "arn:aws:iam::999988887777:user/bo"}));
    case.assert_all_flip(&f, &[]);
}

#[test]
fn a_not_principal_deny_gets_the_caller_excepted() {
    let role = "arn:aws:iam::111122223333:role/app";
    let case = Case::new(Dialect::Aws, role, "s3:GetObject", "arn:aws:s3:::b/k")
        .identity("s3", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        .resource(
            "bucket policy",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"s3:*","Resource":"*"}]}"#,
        );
    let f = case.propose(&FixOptions::default());
    let Change::NarrowDeny(c) = &f.proposals[0].changes[0].change else { panic!("{:?}", kinds(&f)) };
    assert_eq!((c.element.as_str(), c.item.as_str()), ("NotPrincipal", role));
    assert_eq!(c.edit.value, serde_json::json!({"AWS": ["arn:aws:iam::111122223333:role/admin", role]}));
    case.assert_all_flip(&f, &[]);
}

#[test]
fn a_context_value_that_does_not_match_is_replaced() {
    let case = Case::new(Dialect::Aliyun, RAM_USER, "oss:DeleteObject", "acs:oss:*:1111111111111111:b/k")
        .identity(
            "tagged",
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:DeleteObject","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"oss:BucketSysTag/acs:hbr:backup":"true"}}}]}"#,
        )
        .context("oss:BucketSysTag/acs:hbr:backup", "no");
    let f = case.propose(&FixOptions::default());
    let Change::SupplyContext(c) = &f.proposals[0].changes[0].change else { panic!("{:?}", kinds(&f)) };
    assert_eq!((c.values.clone(), c.replaces.clone()), (vec!["true".to_string()], Some(vec!["no".to_string()])));
    assert_eq!(c.operator, "StringEqualsIgnoreCase");
    case.assert_all_flip(&f, &[]);
}
