//! The typed workspace: what the engine is given, what the editor shows, and the structural edits.

use policy_playground::Decision;
use policy_playground_app::examples::EXAMPLES;
use policy_playground_app::state::AppState;
use policy_playground_app::workspace::{DocRef, Workspace};
use serde_json::Value;

const B: &str = "2222222222222222";

/// The scenario text the app gave the engine before the workspace was typed: the file as a
/// `serde_json::Value` (sorted members), library, trust and resource documents turned into their
/// pretty-printed text.
fn untyped_engine_text(file: &str) -> String {
    let mut scenario: Value = serde_json::from_str(file).unwrap();
    let text = |d: &Value| match d {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap(),
    };
    for p in scenario["policies"].as_array_mut().into_iter().flatten() {
        if let Some(doc) = p.as_object_mut().unwrap().remove("document") {
            p["text"] = Value::String(text(&doc));
        }
    }
    for r in scenario["roles"].as_array_mut().into_iter().flatten() {
        let doc = text(&r["trust_policy"]);
        r["trust_policy"] = Value::String(doc);
    }
    for r in scenario.get_mut("resources").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(doc) = r.get("policy").filter(|d| !d.is_null()) {
            r["policy"] = Value::String(text(doc));
        }
    }
    scenario.to_string()
}

#[test]
fn the_engine_reads_exactly_the_text_it_read_before_the_workspace_was_typed() {
    for e in EXAMPLES {
        let w = Workspace::example(e.id).unwrap();
        assert_eq!(w.to_scenario_text(), untyped_engine_text(e.text), "{}", e.id);
    }
}

#[test]
fn every_example_loads_with_all_checks_as_expected() {
    for e in EXAMPLES {
        let state = AppState::new(Workspace::example(e.id).unwrap());
        assert!(state.analysis.scenario.is_some(), "{}", e.id);
        assert!(!state.analysis.checks.is_empty(), "{}", e.id);
        for c in &state.analysis.checks {
            assert!(c.passed(), "{}: {}: {}", e.id, c.check, c.summary);
        }
    }
}

#[test]
fn documents_are_text_and_edits_keep_every_character() {
    let mut w = Workspace::example("cloud-backup-ram-role").unwrap();
    let trust = DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() };
    let doc = w.document(&trust).unwrap();
    assert_eq!(doc.name, "hbrcrossrole trust policy");
    assert!(!doc.read_only);
    // Inline JSON is shown pretty-printed, members sorted, as it always was.
    assert!(
        doc.text.starts_with("{\n  \"Statement\": [\n    {\n      \"Action\": \"sts:AssumeRole\","),
        "{}",
        doc.text
    );
    let broken = "{ \"Statement\": [ { \"Action\": \"sts:AssumeRole\" \"Effect\": \"Allow\" ";
    assert!(w.set_text(&trust, broken));
    assert_eq!(&*w.document(&trust).unwrap().text, broken);
    assert!(w.to_scenario_text().contains(&serde_json::to_string(broken).unwrap()));
    // System policies and service-linked roles' trust policies are read-only.
    assert!(!w.set_text(&DocRef::Library("AliyunHBRRolePolicy".into()), "{}"));
    let linked =
        DocRef::Trust { account: "1111111111111111".into(), role: "AliyunServiceRoleForHbrCrossAccountBackup".into() };
    assert!(w.document(&linked).unwrap().read_only);
    assert!(!w.set_text(&DocRef::Library("NoSuchPolicy".into()), "{}"));
    assert_eq!(w.doc_named("hbrcrossrole trust policy"), Some(trust));
    assert_eq!(w.doc_named("AliyunHBRRolePolicy"), Some(DocRef::Library("AliyunHBRRolePolicy".into())));
}

#[test]
fn as_printed_texts_are_kept_character_for_character() {
    let e = EXAMPLES.iter().find(|e| e.id == "cloud-backup-service-linked-roles-as-printed").unwrap();
    let file: Value = serde_json::from_str(e.text).unwrap();
    let w = Workspace::example(e.id).unwrap();
    for p in file["policies"].as_array().unwrap() {
        let doc = w.document(&DocRef::Library(p["name"].as_str().unwrap().into())).unwrap();
        assert_eq!(Some(&*doc.text), p["text"].as_str());
    }
}

#[test]
fn resource_policies_are_documents_too() {
    let w = Workspace::example("aws-backup").unwrap();
    let resources: Vec<_> = w.documents().into_iter().filter(|d| matches!(d.doc, DocRef::Resource(_))).collect();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].name, "backup vault policy of arn:aws:backup:us-east-1:333333333333:backup-vault:central");
    assert!(!resources[0].read_only);
}

#[test]
fn policies_rename_and_delete_follow_their_attachments() {
    let mut w = Workspace::example("cloud-backup-resource-directory").unwrap();
    w.rename_policy("DenySnapshotDeletion", "NoSnapshotDeletion");
    let text = w.to_scenario_text();
    assert!(!text.contains("DenySnapshotDeletion") && text.contains("NoSnapshotDeletion"));
    let state = AppState::new(w.clone());
    assert!(state.analysis.checks.iter().all(|c| c.passed()), "the control policy still applies after a rename");
    w.delete_policy("NoSnapshotDeletion");
    assert!(!w.to_scenario_text().contains("NoSnapshotDeletion"));
    let state = AppState::new(w);
    assert!(state.analysis.problems.iter().all(|p| !p.message.contains("unknown policy")), "detached everywhere");
    let bob = state.analysis.checks.iter().find(|c| c.check.contains("bob")).unwrap();
    assert_eq!(bob.decision, Decision::Allow, "without the control policy bob may delete snapshots");
}

#[test]
fn renames_reach_per_account_control_policies_and_boundaries() {
    let file = r#"{"dialect": "aws", "accounts": [{"id": "111111111111"}],
      "organization": {"management_account": "111111111111", "root": {"accounts": []},
        "account_control_policies": {"111111111111": ["P", "Q"]}},
      "policies": [{"name": "P", "text": "{}"}],
      "roles": [{"account": "111111111111", "name": "r", "trust_policy": "{}", "permissions_boundary": "P"}],
      "users": [{"account": "111111111111", "name": "u", "policies": ["P"], "permissions_boundary": "P"}]}"#;
    let mut w = Workspace::from_scenario_text(file, None).unwrap();
    w.rename_policy("P", "R");
    let s = w.scenario();
    let org = s.organization.as_ref().unwrap();
    assert_eq!(org.account_control_policies.as_ref().unwrap()["111111111111"], vec!["R", "Q"]);
    assert_eq!(s.roles.as_ref().unwrap()[0].permissions_boundary.as_deref(), Some("R"));
    assert_eq!(s.users.as_ref().unwrap()[0].policies.as_deref(), Some(&["R".to_string()][..]));
    w.delete_policy("R");
    let s = w.scenario();
    assert_eq!(s.organization.as_ref().unwrap().account_control_policies.as_ref().unwrap()["111111111111"], vec!["Q"]);
    assert_eq!(s.roles.as_ref().unwrap()[0].permissions_boundary, None);
    assert_eq!(s.users.as_ref().unwrap()[0].permissions_boundary, None);
}

#[test]
fn renaming_a_role_follows_chains_and_the_backup_registration() {
    let mut w = Workspace::example("cloud-backup-ram-role").unwrap();
    w.rename_role("1111111111111111", "ops", "operators");
    let text = w.to_scenario_text();
    assert!(text.contains("\"1111111111111111/operators\""), "chains name the role as ACCOUNT/NAME");
    w.rename_role(B, "hbrcrossrole", "backuprole");
    let members = w.scenario().backup.as_ref().unwrap().resource_accounts.clone().unwrap();
    assert_eq!(members[0].role.as_deref(), Some("backuprole"));
    let state = AppState::new(w);
    assert_eq!(state.analysis.passed(), 11);
}

#[test]
fn new_things_look_as_they_always_did() {
    let mut w = Workspace::empty();
    assert_eq!(w.to_scenario_text(), r#"{"accounts":[],"scenario":"Empty scenario"}"#);
    assert_eq!(w.title(), "Empty scenario");
    let id = w.add_account("First");
    assert_eq!(id, "100000000001", "twelve digits when there is no account to follow");
    assert_eq!(w.add_account("Second"), "100000000002");
    w.add_role(&id, "admin");
    w.add_user(&id, "ana");
    assert_eq!(w.add_policy("Custom"), "Custom");
    assert_eq!(w.add_policy("Custom"), "Custom 2");
    assert_eq!(w.add_policy("Custom"), "Custom 3");
    w.attach(&id, "admin", "Custom");
    w.attach(&id, "admin", "Custom");
    assert_eq!(w.roles_of(&id), vec![("admin".to_string(), vec!["Custom".to_string()], None)]);
    w.detach(&id, "admin", "Custom");
    assert_eq!(w.roles_of(&id)[0].1, Vec::<String>::new());
    let trust = w.document(&DocRef::Trust { account: id.clone(), role: "admin".into() }).unwrap();
    assert_eq!(
        &*trust.text,
        "{\n  \"Statement\": [\n    {\n      \"Action\": \"sts:AssumeRole\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::100000000001:root\"\n      }\n    }\n  ],\n  \"Version\": \"2012-10-17\"\n}"
    );
    let policy = w.document(&DocRef::Library("Custom".into())).unwrap();
    assert_eq!(&*policy.text, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}");
    w.rename_user(&id, "ana", "bo");
    assert_eq!(w.users_of(&id), vec![("bo".to_string(), vec![])]);
    w.rename_account(&id, "Renamed");
    assert_eq!(w.accounts()[0], (id.clone(), "Renamed".to_string()));
    w.delete_user(&id, "bo");
    w.delete_role(&id, "admin");
    assert!(w.users_of(&id).is_empty() && w.roles_of(&id).is_empty());
    w.delete_account(&id);
    assert_eq!(w.accounts().len(), 1);
}

#[test]
fn session_policies_stay_json_and_reach_the_engine_compact() {
    let file = r#"{"accounts": [{"id": "111111111111"}],
      "roles": [{"account": "111111111111", "name": "r", "trust_policy": {"Version": "2012-10-17", "Statement": []}}],
      "checks": [{"name": "c", "from": "arn:aws:iam::111111111111:user/u", "expected": "implicit_deny",
        "chain": [{"role": "111111111111/r", "session_policy": {
          "Version": "2012-10-17",
          "Statement": []
        }}]}]}"#;
    let w = Workspace::from_scenario_text(file, None).unwrap();
    assert!(w.to_scenario_text().contains(r#""session_policy":{"Statement":[],"Version":"2012-10-17"}"#));
    assert_eq!(w.documents().len(), 1, "session policies are not edited");
}

#[test]
fn files_that_are_not_scenarios_are_refused_with_the_reason() {
    let e = Workspace::from_scenario_text("\"just text\"", None).unwrap_err();
    assert!(
        e.starts_with("not a scenario file: invalid type: string \"just text\", expected struct ScenarioDocument"),
        "{e}"
    );
    let e = Workspace::from_scenario_text(r#"{"acounts": []}"#, None).unwrap_err();
    assert!(e.contains("unknown field `acounts`"), "{e}");
}

#[test]
fn documents_are_named_in_words_as_the_lessons_name_them() {
    use policy_playground::lesson::model::DocTarget;
    let trust = DocRef::Trust { account: "222222222222".into(), role: "hbrcrossrole".into() };
    assert_eq!(trust.describe(), DocTarget::TrustPolicy("222222222222/hbrcrossrole".into()).describe());
    assert_eq!(trust.describe(), "the trust policy of 222222222222/hbrcrossrole");
    assert_eq!(DocRef::Library("reader".into()).describe(), DocTarget::Policy("reader".into()).describe());
    let arn = "arn:aws:s3:::photos";
    assert_eq!(DocRef::Resource(arn.into()).describe(), DocTarget::ResourcePolicy(arn.into()).describe());
}
