//! Path search in the page: the three questions on the built-in scenarios (what the worker
//! answers), the answer's JSON round trip (it crosses from the worker), and the reducer keeping
//! only the newest search's answer.

use policy_playground_app::diagram::{ChainSteps, Diagram, EdgeKind};
use policy_playground_app::paths::{
    DrawnChain, MAX_PATHS, PathQuery, PathRequest, PathsView, SearchStatus, answer_json, search,
};
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::workspace::Workspace;
use std::collections::BTreeSet;
use std::rc::Rc;

const A: &str = "1111111111111111";
const B: &str = "2222222222222222";

fn request(example: &str, query: PathQuery) -> PathRequest {
    let workspace = Workspace::example(example).unwrap();
    PathRequest { scenario: workspace.to_scenario_text(), mutations: BTreeSet::new(), query }
}

fn summaries(view: &PathsView) -> Vec<String> {
    view.chains.iter().map(|c| c.summary()).collect()
}

#[test]
fn what_a_role_reaches_is_listed_shortest_first_and_explained_hop_by_hop() {
    let query =
        PathQuery::Reach { account: A.into(), name: "AliyunServiceRoleForHbrCrossAccountBackup".into(), role: true };
    let view = search(&request("cloud-backup-ram-role", query)).unwrap();
    assert!(!view.chains.is_empty());
    let lengths: Vec<usize> = view.chains.iter().map(|c| c.hops.len()).collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "shortest first: {lengths:?}");
    let cross =
        view.chains.iter().find(|c| c.hops.last().unwrap().role.ends_with(":role/hbrcrossrole")).expect("B's role");
    let hop = &cross.hops[0];
    assert!(hop.caller.ends_with(":role/AliyunServiceRoleForHbrCrossAccountBackup"));
    assert!(hop.because.iter().any(|b| b.policy == "hbrcrossrole trust policy"), "{hop:?}");
    assert!(hop.sentence().contains("allowed by statement 1 of hbrcrossrole trust policy"), "{}", hop.sentence());
    let spans = view.chains.iter().flat_map(|c| c.hops.iter().flat_map(|h| &h.because).chain(&c.allowed_by));
    assert!(spans.into_iter().all(|b| b.start < b.end), "every decisive statement can be jumped to");
}

#[test]
fn who_can_assume_a_role_names_every_identity_with_its_distance() {
    let query = PathQuery::AssumeRole { account: B.into(), role: "hbrcrossrole".into() };
    let view = search(&request("cloud-backup-ram-role", query)).unwrap();
    assert!(view.title.contains("Who can assume role 2222222222222222/hbrcrossrole"));
    let nearest =
        view.identities.iter().find(|(who, _)| who.ends_with(":role/AliyunServiceRoleForHbrCrossAccountBackup"));
    assert_eq!(nearest.map(|(_, hops)| *hops), Some(1), "{:?}", view.identities);
    assert!(
        summaries(&view).iter().all(|s| s.ends_with(&format!("acs:ram::{B}:role/hbrcrossrole"))),
        "{:?}",
        summaries(&view)
    );
    assert!(!view.truncated);
}

#[test]
fn who_can_do_an_action_lists_direct_identities_then_chains() {
    let query = PathQuery::Perform { action: "ecs:CreateSnapshot".into(), resource: String::new() };
    let view = search(&request("cloud-backup-ram-role", query)).unwrap();
    assert!(view.title.ends_with("on *?"), "an empty resource means every resource: {}", view.title);
    let direct = view.chains.iter().find(|c| c.hops.is_empty()).expect("a role with the permission itself");
    assert!(!direct.allowed_by.is_empty(), "the final request is explained");
    assert!(view.chains.iter().any(|c| !c.hops.is_empty()), "and chains into it: {:?}", summaries(&view));
}

#[test]
fn questions_about_what_is_not_there_say_what_to_change() {
    let missing = PathQuery::Reach { account: A.into(), name: "nobody".into(), role: false };
    assert_eq!(
        search(&request("aws-backup", missing)).unwrap_err(),
        "there is no user 1111111111111111/nobody in the scenario"
    );
    let no_action = PathQuery::Perform { action: " ".into(), resource: String::new() };
    assert!(search(&request("aws-backup", no_action)).unwrap_err().contains("give an action"));
    let broken = PathRequest {
        scenario: "{".into(),
        mutations: BTreeSet::new(),
        query: PathQuery::Perform { action: "s3:GetObject".into(), resource: String::new() },
    };
    assert!(search(&broken).unwrap_err().contains("does not load"));
}

/// An organization of `n` accounts, each with a role its predecessor's role may assume: the
/// chain from the first account is as long as the depth bound allows.
fn organization(n: usize) -> String {
    let id = |i: usize| format!("{:012}", 100_000_000_000usize + i);
    let accounts: Vec<String> = (0..n).map(|i| format!(r#"{{"id":"{}","name":"account {i}"}}"#, id(i))).collect();
    let roles: Vec<String> = (0..n)
        .map(|i| {
            let trusted = if i == 0 { format!("arn:aws:iam::{}:user/admin", id(0)) } else { format!("arn:aws:iam::{}:role/hop", id(i - 1)) };
            format!(
                r#"{{"account":"{}","name":"hop","policies":["assume"],"trust_policy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{trusted}"}},"Action":"sts:AssumeRole"}}]}}}}"#,
                id(i)
            )
        })
        .collect();
    format!(
        r#"{{"scenario":"generated","dialect":"aws","accounts":[{}],"policies":[{{"name":"assume","document":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}]}}}}],"roles":[{}],"users":[{{"account":"{}","name":"admin","policies":["assume"]}}],"checks":[]}}"#,
        accounts.join(","),
        roles.join(","),
        id(0)
    )
}

#[test]
fn a_generated_organization_of_200_accounts_is_searched_within_the_depth_bound() {
    let query =
        PathQuery::Reach { account: format!("{:012}", 100_000_000_000usize), name: "admin".into(), role: false };
    let view = search(&PathRequest { scenario: organization(200), mutations: BTreeSet::new(), query }).unwrap();
    assert_eq!(view.chains.len(), view.depth, "one role per hop, up to the bound");
    assert_eq!(view.chains.last().unwrap().hops.len(), view.depth);
    let who = PathQuery::AssumeRole { account: format!("{:012}", 100_000_000_150usize), role: "hop".into() };
    let view = search(&PathRequest { scenario: organization(200), mutations: BTreeSet::new(), query: who }).unwrap();
    assert_eq!(view.identities.len(), view.depth, "the roles of the accounts before it, nearest first");
    assert!(view.chains.len() <= MAX_PATHS);
}

#[test]
fn the_answer_crosses_from_the_worker_as_json_unchanged() {
    let query = PathQuery::AssumeRole { account: B.into(), role: "hbrcrossrole".into() };
    let view: Result<PathsView, String> = search(&request("cloud-backup-ram-role", query));
    let json = serde_json::to_string(&view).unwrap();
    assert_eq!(serde_json::from_str::<Result<PathsView, String>>(&json).unwrap(), view);
}

#[test]
fn only_the_newest_search_is_answered_and_cancel_forgets_it() {
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    let first = PathQuery::Perform { action: "ecs:CreateSnapshot".into(), resource: String::new() };
    let second = PathQuery::AssumeRole { account: B.into(), role: "hbrcrossrole".into() };
    let state = state.reduce(Action::SearchPaths(first)).reduce(Action::SearchPaths(second.clone()));
    let id = state.paths.as_ref().unwrap().id;
    assert_eq!(state.paths.as_ref().unwrap().status, SearchStatus::Running);
    // The first search's answer arrives late: dropped.
    let late = state.clone().reduce(Action::PathsAnswered { id: id - 1, answer: Err("old".into()) });
    assert!(Rc::ptr_eq(&late, &state));
    let view = search(&request("cloud-backup-ram-role", second)).unwrap();
    let shortest = DrawnChain::from(&view.chains[0]);
    let state = state.reduce(Action::PathsAnswered { id, answer: Ok(Some(shortest.clone())) });
    let paths = state.paths.as_ref().unwrap();
    assert_eq!(paths.status, SearchStatus::Done);
    assert_eq!(paths.drawn.as_ref(), Some(&shortest), "the shortest chain is drawn at once");
    // Drawn on the chain view: one allowed edge per hop, numbered from 1.
    let scenario = Workspace::example("cloud-backup-ram-role").unwrap();
    let loaded = policy_playground_app::analysis::scenario_of(&scenario.to_scenario_text(), &BTreeSet::new()).unwrap();
    let drawn = Diagram::with_steps(&loaded, Some(&ChainSteps::from(&shortest)));
    let numbers: Vec<(Option<usize>, Option<bool>)> =
        drawn.chain.edges.iter().filter(|e| e.kind == EdgeKind::Hop).map(|e| (e.hop, e.ok)).collect();
    assert_eq!(numbers, (1..=shortest.roles.len()).map(|n| (Some(n), Some(true))).collect::<Vec<_>>());
    let other = DrawnChain::from(view.chains.last().unwrap());
    let state = state.reduce(Action::SelectChain(Some(other.clone())));
    assert_eq!(state.paths.as_ref().unwrap().drawn.as_ref(), Some(&other));
    // A second answer to the same search changes nothing.
    let same = state.clone().reduce(Action::PathsAnswered { id, answer: Ok(None) });
    assert!(Rc::ptr_eq(&same, &state));
    let state = state.reduce(Action::CancelPaths);
    assert!(state.paths.is_none());
    let state = state
        .reduce(Action::SearchPaths(PathQuery::Perform { action: "oss:GetObject".into(), resource: String::new() }));
    let next = state.paths.as_ref().unwrap().id;
    assert_eq!(next, id + 1, "numbers keep growing after a cancel");
    let failed = state.clone().reduce(Action::PathsAnswered { id: next, answer: Err("no".into()) });
    assert_eq!(failed.paths.as_ref().unwrap().status, SearchStatus::Failed("no".into()));
    let state = state.reduce(Action::LoadExample("aws-backup".into()));
    assert!(state.paths.is_none(), "another scenario: the search is stopped");
    // "Who can do the request's action" asks about the request builder's action and resource.
    let state = state.reduce(Action::SearchPaths(PathQuery::RequestAction));
    let form = &state.view.request;
    assert!(!form.action.is_empty());
    let asked = PathQuery::Perform { action: form.action.clone(), resource: form.resource.clone() };
    assert_eq!(state.paths.as_ref().unwrap().query, asked);
}

#[test]
fn the_worker_answers_json_with_the_answer_or_what_went_wrong() {
    let request =
        request("cloud-backup-ram-role", PathQuery::AssumeRole { account: B.into(), role: "hbrcrossrole".into() });
    let answer: serde_json::Value =
        serde_json::from_str(&answer_json(&serde_json::to_string(&request).unwrap())).unwrap();
    assert!(answer["Ok"]["chains"].as_array().is_some_and(|c| !c.is_empty()), "{answer}");
    let garbled: serde_json::Value = serde_json::from_str(&answer_json("{\"scenario\": 3")).unwrap();
    assert!(
        garbled["Err"].as_str().unwrap().starts_with("the page sent a request the engine cannot read"),
        "{garbled}"
    );
}

#[test]
fn an_edit_or_a_what_breaks_toggle_drops_the_answer_of_a_path_search() {
    let state = Rc::new(AppState::new(Workspace::example("cloud-backup-ram-role").unwrap()));
    let ask = Action::SearchPaths(PathQuery::AssumeRole { account: B.into(), role: "hbrcrossrole".into() });
    let asked = state.clone().reduce(ask.clone());
    assert!(asked.paths.is_some());
    let toggle = asked.analysis.mutations[0].id.clone();
    assert!(asked.clone().reduce(Action::ToggleMutation(toggle)).paths.is_none(), "a toggle drops it");
    let doc = asked.workspace.documents().into_iter().find(|d| !d.read_only).unwrap().doc;
    let edited = asked.clone().reduce(Action::ReplaceText(doc, "{}".into()));
    assert!(edited.paths.is_none(), "an edit drops it");
    // Choosing another check changes nothing the answer depends on.
    assert!(asked.clone().reduce(Action::SelectCheck(1)).paths.is_some());
}
