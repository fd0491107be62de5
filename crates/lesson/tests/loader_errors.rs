//! A lesson file that cannot be used says why, where (line and column) and, for a misspelt
//! name, what was meant; nothing panics.

use playground_core::diagnostic::Diagnostic;
use playground_lesson::{LessonError, load_lesson};

/// A small valid lesson; tests replace parts of it.
const VALID: &str = r#"{
  "lesson": "least-privilege-mini",
  "title": "Least privilege",
  "goal": "Replace AdministratorAccess with AliyunHBRRolePolicy.",
  "scenario": "cloud-backup-ram-role",
  "start": [
    {"detach": "AliyunHBRRolePolicy", "from": "2222222222222222/hbrcrossrole"},
    {"attach": "AdministratorAccess", "to": "2222222222222222/hbrcrossrole"}
  ],
  "hints": ["AdministratorAccess allows everything."],
  "editable": [{"attachments": "2222222222222222/hbrcrossrole"}],
  "checks": [
    {"name": "no RAM users", "backup_account": "2222222222222222",
     "request": {"action": "ram:CreateUser", "resource": "acs:ram::2222222222222222:user/*"},
     "expected": "implicit_deny"}
  ],
  "constraints": [{"not_attached": "AdministratorAccess", "to": "2222222222222222/hbrcrossrole"}],
  "solution": [
    {"detach": "AdministratorAccess", "from": "2222222222222222/hbrcrossrole"},
    {"attach": "AliyunHBRRolePolicy", "to": "2222222222222222/hbrcrossrole"}
  ]
}"#;

fn errors(text: &str) -> Vec<LessonError> {
    load_lesson(text).expect_err("the lesson should not load")
}

/// The (line, column) of the text `needle` in `text` (first occurrence).
fn position(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in the text"));
    let line = text[..at].matches('\n').count() as u32 + 1;
    let column = (at - text[..at].rfind('\n').map_or(0, |n| n + 1)) as u32 + 1;
    (line, column)
}

fn at(e: &LessonError) -> (u32, u32) {
    (e.span().line, e.span().column)
}

#[test]
fn the_valid_lesson_loads_with_its_states_built() {
    let lesson = load_lesson(VALID).unwrap();
    let role = |doc: &playground_scenario::document::ScenarioDocument| {
        doc.roles.as_ref().unwrap().iter().find(|r| r.name == "hbrcrossrole").unwrap().policies.clone().unwrap()
    };
    assert_eq!(role(&lesson.start), ["AdministratorAccess"]);
    assert_eq!(role(&lesson.solution), ["AliyunHBRRolePolicy"]);
    // The lesson's checks replace the scenario's.
    assert_eq!(lesson.start.checks.as_ref().unwrap().len(), 1);
    assert!(!playground_lesson::grade_start(&lesson).passed());
    assert!(playground_lesson::grade_solution(&lesson).passed());
}

#[test]
fn bad_json_is_reported_at_its_place() {
    let text = VALID.replace("\"goal\": \"Replace", "\"goal\" \"Replace");
    let e = errors(&text);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code(), "json-syntax");
    assert_eq!(at(&e[0]).0, position(&text, "\"goal\"").0);
    assert!(errors("").first().is_some_and(|e| e.code() == "json-syntax"));
    assert!(errors("[1, 2]").iter().any(|e| e.to_string().contains("the lesson must be an object, found an array")));
}

#[test]
fn wrong_types_name_the_field_and_what_it_should_be() {
    let text = VALID.replace("\"hints\": [\"AdministratorAccess allows everything.\"]", "\"hints\": \"read it\"");
    let e = errors(&text);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].to_string(), "the lesson's \"hints\" must be a list of strings, found a string");
    assert_eq!(at(&e[0]), position(&text, "\"read it\""));

    let text = VALID.replace("\"title\": \"Least privilege\"", "\"title\": 7");
    let e = errors(&text);
    assert_eq!(e[0].to_string(), "the lesson: \"title\" must be a string, found a number");
    assert_eq!(at(&e[0]), position(&text, "7,"));

    // A check that is not a check of the scenario format: serde's reason, placed in the file.
    let text = VALID.replace("\"expected\": \"implicit_deny\"", "\"expected\": \"implicit_deny\", \"expect\": 1");
    let e = errors(&text);
    assert!(
        e[0].to_string().contains("not a check in the scenario format")
            && e[0].to_string().contains("unknown field `expect`"),
        "{}",
        e[0]
    );
    assert_eq!(at(&e[0]).0, position(&text, "\"expect\":").0);
}

#[test]
fn unknown_fields_edits_and_names_suggest_what_was_meant() {
    let text = VALID
        .replace("\"constraints\"", "\"constrains\"")
        .replace("\"attach\": \"AdministratorAccess\"", "\"atach\": \"AdministratorAccess\"");
    let e = errors(&text);
    let messages: Vec<String> = e.iter().map(ToString::to_string).collect();
    assert!(
        messages.contains(&"unknown field \"atach\" in an edit (did you mean \"attach\"?)".to_string()),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"unknown field \"constrains\" in the lesson (did you mean \"constraints\"?)".to_string()),
        "{messages:?}"
    );
    // Sorted by place; a misspelt field comes with its fix. (The solution's detach now fails
    // too, since the misspelt start edit attached nothing: that is reported as well.)
    assert!(e.windows(2).all(|w| w[0].span().start <= w[1].span().start));
    let misspelt: Vec<&LessonError> = e.iter().filter(|e| e.to_string().starts_with("unknown field")).collect();
    assert_eq!(misspelt.len(), 2);
    assert!(misspelt.iter().all(|e| e.fix().is_some()));
    assert!(
        messages.iter().any(|m| m.starts_with("there is no policy attached there \"AdministratorAccess\"")),
        "{messages:?}"
    );
}

#[test]
fn unknown_scenarios_roles_policies_and_accounts_are_named_with_the_closest_one() {
    let text = VALID.replace("\"cloud-backup-ram-role\"", "\"cloud-backup-ram-roles\"");
    let e = errors(&text);
    assert_eq!(
        e[0].to_string(),
        "there is no built-in scenario \"cloud-backup-ram-roles\" (did you mean \"cloud-backup-ram-role\"?)"
    );
    assert_eq!(at(&e[0]), position(&text, "\"cloud-backup-ram-roles\""));
    assert!(e[0].help().unwrap().contains("aws-backup"));

    // A misspelt role in an edit, in a constraint, and an unknown policy.
    let text = VALID
        .replacen("\"from\": \"2222222222222222/hbrcrossrole\"", "\"from\": \"2222222222222222/hbrcrosrole\"", 1)
        .replace("{\"not_attached\": \"AdministratorAccess\"", "{\"not_attached\": \"AdministratorAcess\"");
    let messages: Vec<String> = errors(&text).iter().map(ToString::to_string).collect();
    assert!(
        messages.contains(&"there is no role or user \"2222222222222222/hbrcrosrole\" (did you mean \"2222222222222222/hbrcrossrole\"?)".to_string()),
        "{messages:?}"
    );
    assert!(
        messages
            .contains(&"there is no policy \"AdministratorAcess\" (did you mean \"AdministratorAccess\"?)".to_string()),
        "{messages:?}"
    );

    // An unknown account in a check, and an unknown role in a chain written as an ARN.
    let text = VALID.replace(
        "\"backup_account\": \"2222222222222222\"",
        "\"backup_account\": \"2222222222222223\", \"chain\": [\"acs:ram::2222222222222222:role/hbrcrosrole\"], \"from\": \"x\"",
    );
    let messages: Vec<String> = errors(&text).iter().map(ToString::to_string).collect();
    assert!(messages.iter().any(|m| m.starts_with("there is no account \"2222222222222223\"")), "{messages:?}");
    assert!(
        messages.contains(&"there is no role \"acs:ram::2222222222222222:role/hbrcrosrole\" (did you mean \"2222222222222222/hbrcrossrole\"?)".to_string()),
        "{messages:?}"
    );
}

#[test]
fn an_edit_that_does_not_apply_and_a_state_that_does_not_load_are_reported() {
    // Detaching a policy that is not attached (the start already detached it).
    let text = VALID.replacen("{\"detach\": \"AdministratorAccess\"", "{\"detach\": \"AliyunHBRRolePolicy\"", 1);
    let e = errors(&text);
    assert!(
        e.iter().any(|e| e.to_string().starts_with("there is no policy attached there \"AliyunHBRRolePolicy\"")),
        "{e:?}"
    );

    // A role whose trust policy names an account the scenario lacks: the starting state cannot load.
    let text = VALID.replace(
        "\"start\": [",
        "\"start\": [\n    {\"add_role\": {\"account\": \"2222222222222222\", \"name\": \"x\", \"trust_policy\": {\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"RAM\": \"acs:ram::9999999999999999:root\"}}]}}},",
    );
    let e = errors(&text);
    assert!(
        e.iter().any(|e| e.code() == "lesson-state"
            && e.to_string().starts_with("the starting state is not a scenario the engine can load")),
        "{e:?}"
    );

    // A role in the scenario format with a missing field.
    let text = VALID.replace(
        "\"start\": [",
        "\"start\": [\n    {\"add_role\": {\"account\": \"2222222222222222\", \"name\": \"x\"}},",
    );
    let e = errors(&text);
    assert!(
        e[0].to_string().contains("not a role in the scenario format")
            && e[0].to_string().contains("missing field `trust_policy`"),
        "{e:?}"
    );
}

#[test]
fn fails_at_start_and_required_fields_are_checked() {
    let text = VALID.replace("\"solution\": [", "\"fails_at_start\": [\"no RAM user\"],\n  \"solution\": [");
    let e = errors(&text);
    assert_eq!(e[0].to_string(), "there is no check or constraint \"no RAM user\" (did you mean \"no RAM users\"?)");
    let text = VALID.replace("\"goal\": \"Replace AdministratorAccess with AliyunHBRRolePolicy.\",", "");
    assert_eq!(errors(&text)[0].to_string(), "the lesson has no \"goal\"");
    let text = VALID.replace("\"hints\": [\"AdministratorAccess allows everything.\"]", "\"hints\": []");
    assert_eq!(errors(&text)[0].to_string(), "the lesson's \"hints\" is empty");
}

#[test]
fn an_inline_scenario_s_problems_are_placed_in_the_lesson_file() {
    let inline = r#"{"scenario": "tiny", "dialect": "aliyun", "acounts": []}"#;
    let text = VALID.replace("\"cloud-backup-ram-role\"", inline);
    let e = errors(&text);
    assert!(e[0].to_string().contains("unknown field \"acounts\""), "{e:?}");
    assert_eq!(at(&e[0]), position(&text, "\"acounts\""));
}

#[test]
fn hostile_input_is_refused_without_a_panic() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(!errors(&deep).is_empty());
    for text in ["null", "\"x\"", "{\"lesson\": {}}", "{\"scenario\": 5}", "{\"checks\": [[]], \"solution\": {}}"] {
        assert!(!errors(text).is_empty(), "{text}");
    }
}

#[test]
fn the_documented_example_is_a_lesson_file_of_the_repository() {
    let docs = include_str!("../../../docs/lessons.md");
    let example = docs.split("```json\n").nth(1).and_then(|s| s.split("\n```").next()).unwrap();
    let lesson = load_lesson(example).unwrap_or_else(|e| panic!("{e:?}"));
    let file = include_str!("../../../lessons/02-trust-policy-wrong-account.json");
    assert_eq!(load_lesson(file).unwrap(), lesson);
}
