//! Scenario model, AssumeRole chains, what-breaks mutations and path search.

use policy_playground::Decision;
use policy_playground::diagnostic::Diagnostic;
use policy_playground::request::Context;
use policy_playground::scenario::{Scenario, ScenarioIssue, load_scenario};
use std::path::Path;

const A: &str = "1111111111111111";
const B: &str = "2222222222222222";

fn scenario(file: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = load_scenario(&text);
    let errors: Vec<String> =
        loaded.issues.iter().filter(|i| i.severity().to_string() == "error").map(|i| i.to_string()).collect();
    assert!(errors.is_empty(), "{file}: {errors:#?}");
    loaded.scenario.expect("loads")
}

fn check<'a>(s: &'a Scenario, name: &str) -> &'a policy_playground::scenario::Check {
    s.checks.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no check {name}"))
}

#[test]
fn every_built_in_scenario_loads_and_its_checks_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let s = scenario(file.file_name().unwrap().to_str().unwrap());
        assert!(!s.checks.is_empty(), "{file:?} has no checks");
        for result in s.run_checks() {
            assert!(
                result.passed(),
                "{file:?}: {} got {:?}, expected {:?}: {}",
                result.check,
                result.decision,
                result.expected,
                result.summary
            );
        }
    }
}

#[test]
fn ram_role_backup_chain_has_two_hops_and_a_final_request() {
    let s = scenario("cloud-backup-ram-role.json");
    let r = s.run_check(check(&s, "Cloud Backup snapshots a disk in B"));
    assert_eq!(r.decision, Decision::Allow);
    assert_eq!(r.from, "crossbackup.hbr.aliyuncs.com");
    assert_eq!(r.hops.len(), 2);
    assert_eq!(r.hops[0].role, format!("acs:ram::{A}:role/AliyunServiceRoleForHbrCrossAccountBackup"));
    assert_eq!(r.hops[1].role, format!("acs:ram::{B}:role/hbrcrossrole"));
    for hop in &r.hops {
        assert_eq!(hop.decision, Decision::Allow);
        assert_eq!(hop.role_side.outcome, "allow", "{}", hop.sentence);
        assert_eq!(hop.session.as_ref().unwrap().duration_seconds, 3600);
    }
    // Hop 2 crosses accounts: the caller's side must allow sts:AssumeRole too.
    assert_eq!(r.hops[1].caller_side.outcome, "allow");
    assert_eq!(r.hops[1].session.as_ref().unwrap().arn, format!("acs:sts::{B}:assumed-role/hbrcrossrole/hbr-backup"));
    let fin = r.final_request.unwrap();
    assert_eq!(fin.evaluation.decisive[0].policy, "AliyunHBRRolePolicy");
    assert!(fin.evaluation.decisive[0].span.line > 0);
}

#[test]
fn a_wrong_caller_is_named_in_one_sentence() {
    let s = scenario("cloud-backup-ram-role.json");
    let r = s.run_check(check(&s, "alice, through the ops role, is not trusted by hbrcrossrole"));
    assert_eq!(r.stopped_at, Some(2));
    assert_eq!(r.hops.len(), 2);
    assert_eq!(
        r.summary,
        format!(
            "hop 2: hbrcrossrole in Resource account B ({B}) trusts acs:ram::{A}:role/AliyunServiceRoleForHbrCrossAccountBackup, but the caller is acs:sts::{A}:assumed-role/ops/alice"
        )
    );
    assert_eq!(r.hops[1].role_side.outcome, "no_match");
    // The full detail is there too.
    let eval = r.hops[1].evaluation.as_ref().unwrap();
    assert!(eval.layers.iter().any(|l| l.title == "trust policy" && l.outcome == "no_match"));
}

#[test]
fn only_the_linked_service_assumes_a_service_linked_role() {
    let s = scenario("cloud-backup-ram-role.json");
    let r = s.run_check(check(&s, "alice cannot assume the service-linked role herself"));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(
        r.summary.contains("is a service-linked role: only crossbackup.hbr.aliyuncs.com may assume it"),
        "{}",
        r.summary
    );
}

#[test]
fn each_documented_breakage_stops_the_chain_at_the_right_place() {
    let s = scenario("cloud-backup-ram-role.json");
    let main = check(&s, "Cloud Backup snapshots a disk in B");
    assert_eq!(s.run_check(main).decision, Decision::Allow, "the untouched scenario works");
    let breaks = s.what_breaks();
    let expect = [
        (format!("remove-resource-account:{B}"), Some(0), "is not in the list of resource accounts"),
        (
            format!("delete-role:{A}/AliyunServiceRoleForHbrCrossAccountBackup"),
            Some(1),
            "there is no role AliyunServiceRoleForHbrCrossAccountBackup",
        ),
        (format!("delete-role:{B}/hbrcrossrole"), Some(2), "there is no role hbrcrossrole"),
        (
            format!("detach-policy:{B}/hbrcrossrole/AliyunHBRRolePolicy"),
            None,
            "hbrcrossrole has no policies that allow ecs:CreateSnapshot",
        ),
    ];
    assert_eq!(breaks.len(), expect.len(), "{breaks:#?}");
    for (id, stop, words) in expect {
        let m = breaks.iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no mutation {id}"));
        let broken = s.mutated(&m.mutation);
        let r = broken.run_check(main);
        assert_eq!(r.decision, Decision::ImplicitDeny, "{id}");
        assert_eq!(r.stopped_at, stop, "{id}: {}", r.summary);
        assert!(r.summary.contains(words), "{id}: {}", r.summary);
        // The original is untouched.
        assert_eq!(s.run_check(main).decision, Decision::Allow);
    }
}

#[test]
fn resource_directory_breakages() {
    let s = scenario("cloud-backup-resource-directory.json");
    let main = check(&s, "D backs up a disk in R1");
    assert_eq!(s.run_check(main).decision, Decision::Allow);
    let ids: Vec<String> = s.what_breaks().into_iter().map(|m| m.id).collect();
    for (id, words) in [
        ("remove-resource-account:1000000000000003", "is not in the list of resource accounts"),
        ("lose-administrator-status:1000000000000002", "is neither the management account"),
        ("leave-directory:1000000000000003", "is not a member of the Resource Directory"),
        ("delete-role:1000000000000003/AliyunServiceRoleForHbrRd", "there is no role AliyunServiceRoleForHbrRd"),
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} not in {ids:?}");
        let m = s.what_breaks().into_iter().find(|m| m.id == id).unwrap();
        let r = s.mutated(&m.mutation).run_check(main);
        assert_eq!(r.decision, Decision::ImplicitDeny, "{id}");
        assert!(r.summary.contains(words), "{id}: {}", r.summary);
    }
}

#[test]
fn a_fourth_delegated_administrator_is_refused() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cloud-backup-resource-directory.json");
    let text = std::fs::read_to_string(path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let extra = ["1000000000000006", "1000000000000007", "1000000000000008"];
    for id in extra {
        v["accounts"].as_array_mut().unwrap().push(serde_json::json!({"id": id}));
        v["organization"]["root"]["accounts"].as_array_mut().unwrap().push(serde_json::json!(id));
    }
    // D becomes the fourth delegated administrator.
    v["organization"]["delegated_administrators"]["hbr.aliyuncs.com"] =
        serde_json::json!([extra[0], extra[1], extra[2], "1000000000000002"]);
    let s = load_scenario(&v.to_string()).scenario.unwrap();
    let r = s.run_check(check(&s, "D backs up a disk in R1"));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(
        r.summary.contains("delegated administrator number 4 of Cloud Backup, which accepts at most 3"),
        "{}",
        r.summary
    );
    // Third place is fine.
    v["organization"]["delegated_administrators"]["hbr.aliyuncs.com"] =
        serde_json::json!([extra[0], extra[1], "1000000000000002"]);
    let s = load_scenario(&v.to_string()).scenario.unwrap();
    assert_eq!(s.run_check(check(&s, "D backs up a disk in R1")).decision, Decision::Allow);
}

#[test]
fn the_as_printed_policies_keep_their_mistakes() {
    let s = scenario("cloud-backup-service-linked-roles-as-printed.json");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cloud-backup-service-linked-roles-as-printed.json"),
    )
    .unwrap();
    let loaded = load_scenario(&text);
    let unusable: Vec<&ScenarioIssue> = loaded.issues.iter().filter(|i| i.code() == "unusable-policy").collect();
    assert_eq!(unusable.len(), 1);
    assert!(
        unusable[0]
            .to_string()
            .contains("missing comma after \"ecs:DescribeInvocations\" (line 13, column 33 of its text)")
    );
    let r = s.run_check(check(&s, "ECS backup runs commands"));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(r.notes.iter().any(|n| n.contains("cannot be read, so it grants nothing")), "{:?}", r.notes);
    let corrected = scenario("cloud-backup-service-linked-roles.json");
    assert_eq!(corrected.run_check(check(&corrected, "ECS backup runs commands")).decision, Decision::Allow);
    assert_eq!(s.policies.len(), 11);
    assert_eq!(s.roles.len(), 11);
}

#[test]
fn loading_reports_every_problem_with_its_location() {
    let text = r#"{
  "scenario": "broken",
  "dialect": "aliyun",
  "accounts": [{"id": "1111111111111111"}],
  "policies": [{"name": "AliyunHBRRolePolicy", "document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "*"}]}}],
  "roles": [
    {"account": "1111111111111111", "name": "r1", "trust_policy": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "acs:ram::9999999999999999:root"}}]}, "policies": ["AliyunHBRRolePolicyy"]},
    {"account": "1111111111111112", "name": "r2", "trust_policy": {"Version": "1", "Statement": [{"Efect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}]}}
  ],
  "chekcs": []
}"#;
    let loaded = load_scenario(text);
    assert!(loaded.scenario.is_none());
    let messages: Vec<String> =
        loaded.issues.iter().map(|i| format!("{}:{} {i}", i.span().line, i.span().column)).collect();
    let has = |s: &str| messages.iter().any(|m| m.contains(s));
    assert!(has("unknown policy \"AliyunHBRRolePolicyy\" (did you mean \"AliyunHBRRolePolicy\"?)"), "{messages:#?}");
    assert!(has("unknown account \"9999999999999999\" (named in the trust policy of r1)"), "{messages:#?}");
    assert!(has("unknown account \"1111111111111112\""), "{messages:#?}");
    assert!(has("unknown element \"Efect\""), "{messages:#?}");
    assert!(has("unknown field \"chekcs\" in the scenario (did you mean \"checks\"?)"), "{messages:#?}");
    assert!(loaded.issues.iter().all(|i| i.span().line > 0), "{messages:#?}");
}

#[test]
fn hostile_scenarios_do_not_panic() {
    // Each hostile input gives exactly these issues, as (line, column, code, message), and no
    // scenario.
    type Issue = (u32, u32, &'static str, &'static str);
    let deep = "{\"a\":".repeat(1000);
    let cases: [(&str, &[Issue]); 6] = [
        ("", &[(1, 1, "json-syntax", "JSON syntax: the document is empty")]),
        ("[]", &[(1, 1, "scenario-shape", "the scenario must be an object, found an array")]),
        (
            "{\"roles\": [5, {}]}",
            &[
                (1, 12, "scenario-shape", "a role must be an object, found a number"),
                (1, 15, "scenario-shape", "a role has no \"account\""),
                (1, 15, "scenario-shape", "a role has no \"name\""),
            ],
        ),
        (
            // The organization stops at its first missing field, before the malformed folder.
            "{\"organization\": {\"root\": {\"folders\": [[]]}}}",
            &[(1, 18, "scenario-shape", "the organization has no \"management_account\"")],
        ),
        (
            // A number is read as the name "1"; the missing "from" is the problem.
            "{\"checks\": [{\"name\": 1}]}",
            &[(1, 13, "scenario-shape", "check \"1\" has no \"from\" (who starts the chain)")],
        ),
        (&deep, &[(1, 1282, "json-syntax", "JSON syntax: the document nests deeper than 512 levels")]),
    ];
    for (text, expected) in cases {
        let loaded = load_scenario(text);
        let issues: Vec<(u32, u32, &str, String)> =
            loaded.issues.iter().map(|i| (i.span().line, i.span().column, i.code(), i.to_string())).collect();
        let expected: Vec<(u32, u32, &str, String)> =
            expected.iter().map(|&(l, c, code, m)| (l, c, code, m.to_string())).collect();
        assert_eq!(issues, expected, "{}", &text[..text.len().min(60)]);
        assert!(loaded.scenario.is_none(), "{}", &text[..text.len().min(60)]);
    }
    // An empty object is a scenario with every default.
    let empty = load_scenario("{}");
    assert!(empty.issues.is_empty());
    let s = empty.scenario.unwrap();
    assert_eq!((s.name.as_str(), s.accounts.len(), s.roles.len(), s.checks.len()), ("scenario", 0, 0, 0));
    // A section that is not a list is an error at its value, not an empty section.
    let loaded = load_scenario("{\"roles\": 5}");
    let issues: Vec<(u32, u32, String)> =
        loaded.issues.iter().map(|i| (i.span().line, i.span().column, i.to_string())).collect();
    assert_eq!(issues, [(1, 11, "the scenario: \"roles\" must be a list (in [ ]), found a number".to_string())]);
    assert!(loaded.scenario.is_none());
    // `null` stands for an absent section.
    assert!(load_scenario("{\"roles\": null}").issues.is_empty());
    // A deep folder tree is cut off with a message at the 65th folder, not a stack overflow.
    let mut node = String::from("{\"name\": \"leaf\"}");
    for _ in 0..100 {
        node = format!("{{\"name\": \"f\", \"folders\": [{node}]}}");
    }
    // The message says "folders" or "OUs" as the organization's kind does.
    for (kind, nodes) in [("resource_directory", "folders"), ("aws_organization", "OUs")] {
        let text = format!(
            "{{\"accounts\": [{{\"id\": \"1\"}}], \"organization\": {{\"kind\": \"{kind}\", \"management_account\": \"1\", \"root\": {node}}}}}"
        );
        let loaded = load_scenario(&text);
        assert!(loaded.scenario.is_none());
        assert_eq!(loaded.issues.len(), 1, "{:?}", loaded.issues);
        let issue = &loaded.issues[0];
        assert_eq!(issue.to_string(), format!("the organization has more than 64 {nodes}; the playground stops there"));
        assert_eq!(issue.span().start, text.match_indices("{\"name\"").nth(64).unwrap().0, "at the 65th folder");
    }
}

#[test]
fn session_duration_and_chaining_limits() {
    let text = r#"{
  "dialect": "aws",
  "accounts": [{"id": "111111111111"}],
  "policies": [{"name": "assume", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}}],
  "roles": [
    {"account": "111111111111", "name": "first", "max_session_duration": 43200, "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}}]}, "policies": ["assume"]},
    {"account": "111111111111", "name": "second", "max_session_duration": 43200, "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}}]}, "policies": ["assume"]}
  ],
  "users": [{"account": "111111111111", "name": "u", "policies": ["assume"]}],
  "checks": [
    {"name": "long first session", "from": "arn:aws:iam::111111111111:user/u", "chain": [{"role": "111111111111/first", "duration": 7200}], "expected": "allow"},
    {"name": "chained long session", "from": "arn:aws:iam::111111111111:user/u", "chain": ["111111111111/first", {"role": "111111111111/second", "duration": 7200}], "expected": "implicit_deny"},
    {"name": "chained one hour", "from": "arn:aws:iam::111111111111:user/u", "chain": ["111111111111/first", {"role": "111111111111/second", "duration": 3600}], "expected": "allow"},
    {"name": "too long", "from": "arn:aws:iam::111111111111:user/u", "chain": [{"role": "111111111111/first", "duration": 50000}], "expected": "implicit_deny"}
  ]
}"#;
    let s = load_scenario(text).scenario.unwrap();
    for r in s.run_checks() {
        assert!(r.passed(), "{}: {}", r.check, r.summary);
    }
    let chained = s.run_check(check(&s, "chained long session"));
    assert!(chained.summary.contains("role chaining limits a session to one hour"), "{}", chained.summary);
    let too_long = s.run_check(check(&s, "too long"));
    assert!(too_long.summary.contains("allows sessions of at most 43200 s"), "{}", too_long.summary);
}

#[test]
fn path_search_forward_and_reverse() {
    let s = scenario("cloud-backup-ram-role.json");
    let disk = format!("acs:ecs:cn-hangzhou:{B}:disk/d-1");
    let forward =
        s.paths_to_permission("crossbackup.hbr.aliyuncs.com", "ecs:CreateSnapshot", &disk, &Context::default(), 5);
    assert_eq!(forward.paths.len(), 1, "{forward:#?}");
    assert_eq!(forward.paths[0].hops.len(), 2);
    assert!(!forward.paths[0].decisive.is_empty());
    assert!(forward.paths[0].hops.iter().all(|h| !h.decisive.is_empty()));
    // alice cannot get there by any chain.
    let alice =
        s.paths_to_permission(&format!("acs:ram::{A}:user/alice"), "ecs:CreateSnapshot", &disk, &Context::default(), 5);
    assert!(alice.paths.is_empty());
    let who = s.who_can_assume(&format!("{B}/hbrcrossrole"), 5).unwrap();
    let starts: Vec<&str> = who.paths.iter().map(|p| p.from.as_str()).collect();
    assert_eq!(
        starts,
        vec![
            format!("acs:ram::{A}:role/AliyunServiceRoleForHbrCrossAccountBackup").as_str(),
            "crossbackup.hbr.aliyuncs.com"
        ]
    );
    let doers = s.who_can_perform("ecs:CreateSnapshot", &disk, &Context::default(), 5);
    assert_eq!(doers.paths.len(), 3, "{doers:#?}");
    assert!(doers.paths.windows(2).all(|w| w[0].hops.len() <= w[1].hops.len()), "shortest first");
}

#[test]
fn path_search_is_cycle_safe_and_bounded() {
    // r0 .. r7 each trust the previous one, and r0 trusts r7: a cycle of eight.
    let n = 8;
    let roles: Vec<String> = (0..n)
        .map(|i| {
            let prev = (i + n - 1) % n;
            format!(
                r#"{{"account": "111111111111", "name": "r{i}", "trust_policy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {{"AWS": ["arn:aws:iam::111111111111:role/r{prev}", "arn:aws:iam::111111111111:user/u"]}}}}]}}, "policies": ["assume"]}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"dialect": "aws", "accounts": [{{"id": "111111111111"}}],
  "policies": [{{"name": "assume", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}}}],
  "roles": [{}], "users": [{{"account": "111111111111", "name": "u", "policies": ["assume"]}}]}}"#,
        roles.join(",")
    );
    let s = load_scenario(&text).scenario.unwrap();
    let report = s.paths_to_permission(
        "arn:aws:iam::111111111111:user/u",
        "sts:AssumeRole",
        "arn:aws:iam::111111111111:role/r3",
        &Context::default(),
        3,
    );
    assert!(report.paths.iter().all(|p| p.hops.len() <= 3));
    for p in &report.paths {
        let mut roles: Vec<&str> = p.hops.iter().map(|h| h.role.as_str()).collect();
        roles.sort();
        roles.dedup();
        assert_eq!(roles.len(), p.hops.len(), "a role appears twice: {p:?}");
    }
    let who = s.who_can_assume("111111111111/r0", 10).unwrap();
    assert!(who.paths.iter().all(|p| p.hops.len() <= 10));
    assert!(who.paths.iter().any(|p| p.from == "arn:aws:iam::111111111111:user/u"));
}

#[test]
fn lenient_loading_keeps_a_half_typed_trust_policy() {
    use policy_playground::scenario::{LoadOptions, load_scenario_with};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cloud-backup-ram-role.json");
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // Documents may be given as text; here hbrcrossrole's trust policy loses a closing brace.
    let role = v["roles"].as_array_mut().unwrap().iter_mut().find(|r| r["name"] == "hbrcrossrole").unwrap();
    let text = serde_json::to_string_pretty(&role["trust_policy"]).unwrap();
    role["trust_policy"] = serde_json::Value::String(text[..text.len() - 1].to_string());
    let scenario_text = v.to_string();
    let strict = load_scenario(&scenario_text);
    assert!(strict.scenario.is_none());
    assert!(strict.issues.iter().any(|i| i.to_string().contains("of its text")), "{:?}", strict.issues);
    let lenient = load_scenario_with(&scenario_text, LoadOptions { lenient: true });
    let s = lenient.scenario.expect("lenient loading keeps the scenario");
    assert!(lenient.issues.iter().any(|i| i.code() == "unusable-policy"));
    let r = s.run_check(check(&s, "Cloud Backup snapshots a disk in B"));
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert_eq!(r.stopped_at, Some(2));
    assert!(r.summary.contains("hbrcrossrole") && r.summary.contains("trusts no one"), "{}", r.summary);
}

#[test]
fn a_request_from_an_unknown_session_says_so() {
    let s = scenario("cloud-backup-ram-role.json");
    let r = s.evaluate_as(
        &format!("acs:sts::{B}:assumed-role/nosuchrole/x"),
        "ecs:CreateSnapshot",
        &format!("acs:ecs:cn-hangzhou:{B}:disk/d-1"),
        &Context::default(),
    );
    assert_eq!(r.decision, Decision::ImplicitDeny);
    assert!(r.evaluation.notes[0].contains("has no role nosuchrole"), "{:?}", r.evaluation.notes);
    let known = s.evaluate_as(
        &format!("acs:sts::{B}:assumed-role/hbrcrossrole/x"),
        "ecs:CreateSnapshot",
        "*",
        &Context::default(),
    );
    assert_eq!(known.decision, Decision::Allow);
    assert!(known.evaluation.notes.iter().all(|n| !n.contains("has no role")));
}
