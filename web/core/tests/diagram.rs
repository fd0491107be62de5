//! The chain view's drawing: the graph built for every built-in scenario and example (each
//! check's chain, with and without each "what breaks" mutation), and its geometry as the page
//! lays it out (tools/diagram/check.mjs runs web/js/diagram.js over all of them).

use policy_playground::Decision;
use policy_playground::scenario::{LoadOptions, Scenario, load_scenario_with};
use policy_playground_app::diagram::{ChainSteps, Diagram, EdgeKind, NodeKind, hop_reason, to_json};
use policy_playground_app::examples::EXAMPLES;
use policy_playground_app::state::{Action, AppState};
use policy_playground_app::workspace::{DocRef, Workspace};
use std::path::Path;
use std::process::Command;
use std::rc::Rc;

const B: &str = "2222222222222222";
const SNAPSHOT: &str = "Cloud Backup snapshots a disk in B";

fn state(example: &str) -> Rc<AppState> {
    Rc::new(AppState::new(Workspace::example(example).unwrap()))
}

fn hbrcrossrole() -> DocRef {
    DocRef::Trust { account: B.into(), role: "hbrcrossrole".into() }
}

/// The RAM-role example with hbrcrossrole's trust policy naming `ops` instead of Cloud Backup's role.
fn broken_trust() -> Rc<AppState> {
    let s = state("cloud-backup-ram-role");
    let text = s.workspace.document(&hbrcrossrole()).unwrap().text.to_string();
    let edited = text.replace("role/AliyunServiceRoleForHbrCrossAccountBackup", "role/ops");
    s.reduce(Action::Edit { doc: hbrcrossrole(), text: edited, at_ms: 0.0 }).reduce(Action::Analyze)
}

/// Every state the geometry is checked on: each example as shipped, with each of its
/// mutations, with the broken trust policy and with a role renamed to a 64-character name.
fn states() -> Vec<(String, Rc<AppState>)> {
    let mut out = Vec::new();
    for e in EXAMPLES {
        let s = state(e.id);
        for m in &s.analysis.mutations {
            out.push((format!("{} + {}", e.id, m.id), s.clone().reduce(Action::ToggleMutation(m.id.clone()))));
        }
        out.push((e.id.to_string(), s));
    }
    out.push(("cloud-backup-ram-role, trust broken".into(), broken_trust()));
    let long = "hbr-cross-account-backup-role-for-the-production-disks-in-region".to_string();
    let renamed = state("cloud-backup-ram-role").reduce(Action::RenameRole(B.into(), "hbrcrossrole".into(), long));
    out.push(("cloud-backup-ram-role, long role name".into(), renamed));
    out
}

/// Every scenario file in scenarios/, as loaded (the built-in examples are among them).
fn scenario_files() -> Vec<(String, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let loaded = load_scenario_with(&text, LoadOptions { lenient: true });
            (p.file_name().unwrap().to_string_lossy().into_owned(), loaded.scenario.expect("a built-in scenario loads"))
        })
        .collect()
}

/// A scenario too large to draw whole: 120 roles in 6 accounts, each role trusting the one
/// before it, the first trusting a service; one check walks three hops.
fn large_scenario() -> Scenario {
    let accounts: Vec<String> = (1..=6).map(|a| format!("{a}{a}{a}{a}000000000000")).collect();
    let roles: Vec<String> = (0..120)
        .map(|i| {
            let principal = if i == 0 {
                "{\"Service\": [\"ecs.aliyuncs.com\"]}".to_string()
            } else {
                format!("{{\"RAM\": [\"acs:ram::{}:role/role-{}\"]}}", accounts[(i - 1) % 6], i - 1)
            };
            format!(
                "{{\"account\": \"{}\", \"name\": \"role-{i}\", \"trust_policy\": {{\"Version\": \"1\", \"Statement\":                  [{{\"Action\": \"sts:AssumeRole\", \"Effect\": \"Allow\", \"Principal\": {principal}}}]}}}}",
                accounts[i % 6]
            )
        })
        .collect();
    let text = format!(
        "{{\"scenario\": \"large\", \"dialect\": \"aliyun\", \"accounts\": [{}], \"roles\": [{}], \"checks\":          [{{\"name\": \"three hops\", \"from\": \"ecs.aliyuncs.com\", \"chain\": [\"{}/role-0\", \"{}/role-1\", \"{}/role-2\"], \"expected\": \"allow\"}}]}}",
        accounts
            .iter()
            .map(|a| format!("{{\"id\": \"{a}\", \"name\": \"Account {a}\"}}"))
            .collect::<Vec<_>>()
            .join(", "),
        roles.join(", "),
        accounts[0],
        accounts[1],
        accounts[2]
    );
    let loaded = load_scenario_with(&text, LoadOptions { lenient: true });
    loaded.scenario.unwrap_or_else(|| panic!("{:?}", loaded.issues))
}

/// Each drawn hop goes from the previous hop's node (the chain's start first) to its role, with
/// its number, its decision and its mark; the refused one carries its reason.
fn assert_every_hop_drawn(name: &str, s: &Scenario, d: &Diagram, check: &policy_playground::chain::ChainResult) {
    let hops: Vec<_> = d.chain.edges.iter().filter(|e| e.kind == EdgeKind::Hop && e.hop.is_some()).collect();
    assert_eq!(hops.len(), check.hops.len(), "{name} / {}: one edge per hop", check.check);
    // A chain refused before its first hop shows one red edge, labelled with the reason.
    let before: Vec<_> = d.chain.edges.iter().filter(|e| e.kind == EdgeKind::Hop && e.hop.is_none()).collect();
    assert_eq!(before.len(), usize::from(check.stopped_at == Some(0)), "{name} / {}: {before:?}", check.check);
    for edge in &before {
        let reason = check.summary.strip_prefix("before hop 1: ").unwrap();
        assert_eq!(edge.ok, Some(false));
        assert_eq!(edge.label.as_deref(), Some(format!("✗ before hop 1: {reason}").as_str()), "{name}");
        for end in [&edge.from, &edge.to] {
            let node = d.chain.nodes.iter().find(|n| &n.id == end).unwrap_or_else(|| panic!("{name}: no node {end}"));
            assert!(node.on_chain, "{name}: {end} is marked on the chain");
        }
    }
    for (i, (edge, hop)) in hops.iter().zip(&check.hops).enumerate() {
        assert_eq!(edge.hop, Some(i + 1));
        assert_eq!(edge.ok, Some(hop.decision == Decision::Allow), "{name} / {}", check.check);
        if i > 0 {
            assert_eq!(edge.from, hops[i - 1].to, "{name} / {}: hop {} starts where hop {i} ended", check.check, i + 1);
        }
        let label = edge.label.as_deref().unwrap();
        if hop.decision == Decision::Allow {
            assert_eq!(label, format!("✓ hop {}", i + 1));
        } else {
            assert!(label.starts_with(&format!("✗ hop {}: ", i + 1)), "{label}");
            assert!(label.len() > 12, "{name}: the refusal says why: {label}");
        }
        for end in [&edge.from, &edge.to] {
            let node = d.chain.nodes.iter().find(|n| &n.id == end).unwrap_or_else(|| panic!("{name}: no node {end}"));
            assert!(node.on_chain, "{name}: {end} is marked on the chain");
        }
    }
    if let Some(f) = &check.final_request {
        let request = d.chain.edges.iter().find(|e| e.kind == EdgeKind::Request).expect("the final request is drawn");
        assert_eq!(request.to, format!("resource:{}", f.resource));
        assert_eq!(request.ok, Some(f.decision == Decision::Allow));
        assert!(request.label.as_deref().unwrap().contains(&f.action));
    }
    // Nodes are unique, every edge joins two of them, and every cluster is an account.
    let mut ids: Vec<&str> = d.chain.nodes.iter().map(|n| n.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), d.chain.nodes.len(), "{name}: node ids are unique");
    for e in &d.chain.edges {
        assert!(ids.contains(&e.from.as_str()) && ids.contains(&e.to.as_str()), "{name}: {e:?}");
    }
    for n in &d.chain.nodes {
        if let Some(c) = &n.cluster {
            assert!(s.account(c).is_some(), "{name}: {} is in account {c}", n.id);
        }
    }
}

#[test]
fn every_check_of_every_scenario_draws_each_hop() {
    let mut checked = 0;
    for (name, s) in scenario_files() {
        for check in s.run_checks() {
            let d = Diagram::of(&s, Some(&check));
            assert_every_hop_drawn(&name, &s, &d, &check);
            checked += 1;
        }
    }
    for (name, st) in states() {
        let s = st.analysis.scenario.as_ref().unwrap();
        for check in &st.analysis.checks {
            assert_every_hop_drawn(&name, s, &Diagram::of(s, Some(check)), check);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} chains drawn");
}

#[test]
fn the_refused_hop_is_labelled_with_its_reason() {
    let s = broken_trust();
    let check = s.analysis.checks.iter().find(|c| c.check == SNAPSHOT).unwrap();
    let d = Diagram::of(s.analysis.scenario.as_ref().unwrap(), Some(check));
    let hops: Vec<_> = d.chain.edges.iter().filter(|e| e.kind == EdgeKind::Hop).collect();
    assert_eq!(hops.iter().map(|e| (e.hop.unwrap(), e.ok.unwrap())).collect::<Vec<_>>(), [(1, true), (2, false)]);
    assert_eq!(hops[1].to, format!("role:{B}/hbrcrossrole"));
    assert_eq!(
        hops[1].label.as_deref(),
        Some(
            "✗ hop 2: trusts acs:ram::1111111111111111:role/ops, but the caller is \
             acs:sts::1111111111111111:assumed-role/AliyunServiceRoleForHbrCrossAccountBackup/hbr-backup"
        )
    );
    // The hop is drawn over the trust relationship it uses: no second, grey edge beside it.
    assert!(!d.chain.edges.iter().any(|e| e.kind == EdgeKind::Trust && e.from == hops[0].from && e.to == hops[0].to));
    assert!(d.chain.edges.iter().any(|e| e.kind == EdgeKind::Trust), "other trust relationships stay");

    // A deleted role: the hop still ends somewhere, at a node for the missing role in its account.
    let s = state("cloud-backup-ram-role").reduce(Action::ToggleMutation(format!("delete-role:{B}/hbrcrossrole")));
    let check = s.analysis.checks.iter().find(|c| c.check == SNAPSHOT).unwrap();
    let d = Diagram::of(s.analysis.scenario.as_ref().unwrap(), Some(check));
    let refused = d.chain.edges.iter().find(|e| e.ok == Some(false)).unwrap();
    let missing = d.chain.nodes.iter().find(|n| n.id == refused.to).unwrap();
    assert_eq!((missing.kind, missing.cluster.as_deref()), (NodeKind::Missing, Some(B)));
    assert!(refused.label.as_deref().unwrap().contains("there is no role hbrcrossrole"), "{refused:?}");
}

#[test]
fn a_chain_refused_before_its_first_hop_is_drawn_red_up_to_where_it_was_heading() {
    const R1: &str = "1000000000000003";
    let s = state("cloud-backup-resource-directory").reduce(Action::ToggleMutation(format!("leave-directory:{R1}")));
    let scenario = s.analysis.scenario.as_ref().unwrap();
    let check = s.analysis.checks.iter().find(|c| c.check == "D backs up a disk in R1").unwrap();
    assert_eq!(check.stopped_at, Some(0), "{}", check.summary);
    let d = Diagram::of(scenario, Some(check));
    let refused: Vec<_> = d.chain.edges.iter().filter(|e| e.ok == Some(false)).collect();
    assert_eq!(refused.len(), 1, "{:?}", d.chain.edges);
    let edge = refused[0];
    assert_eq!((edge.kind, edge.hop), (EdgeKind::Hop, None));
    assert_eq!(edge.to, format!("account:{R1}"), "the refusal ends at the account Cloud Backup was to reach");
    assert_eq!(
        edge.label.as_deref(),
        Some(
            "✗ before hop 1: Member R1 (1000000000000003) is not a member of the Resource Directory managed by \
             Management account M (1000000000000001)"
        )
    );
    // It starts at the service, drawn as a service (not as a principal missing from the scenario).
    let start = d.chain.nodes.iter().find(|n| n.id == edge.from).unwrap();
    assert_eq!((start.kind, start.title.as_str(), start.on_chain), (NodeKind::Service, "Cloud Backup", true));
    assert!(d.chain.nodes.iter().all(|n| n.kind != NodeKind::Missing), "{:?}", d.chain.nodes);
    // The JSON for the page carries it like a refused hop (no number).
    let v: serde_json::Value = serde_json::from_str(&to_json(&d)).unwrap();
    let drawn = v["chain"]["edges"].as_array().unwrap().iter().find(|e| e["ok"] == false).unwrap();
    assert_eq!((drawn["kind"].as_str(), drawn["hop"].is_null()), (Some("hop"), true));

    // Without a known destination the refusal still ends somewhere: a box for the untried hop.
    let mut steps = ChainSteps::from(check);
    steps.stopped_toward = None;
    let d = Diagram::with_steps(scenario, Some(&steps));
    let edge = d.chain.edges.iter().find(|e| e.ok == Some(false)).unwrap();
    let stop = d.chain.nodes.iter().find(|n| n.id == edge.to).unwrap();
    assert_eq!((stop.title.as_str(), stop.lines.as_slice()), ("hop 1", ["not tried".to_string()].as_slice()));
    // A start the scenario does not have is still drawn as missing, not as a service.
    steps.from = "alice".into();
    let d = Diagram::with_steps(scenario, Some(&steps));
    let start = d.chain.nodes.iter().find(|n| n.id == d.chain.edges.iter().find(|e| e.ok == Some(false)).unwrap().from);
    assert_eq!(start.map(|n| n.kind), Some(NodeKind::Missing));
}

#[test]
fn a_large_scenario_draws_the_chains_part_and_says_what_it_left_out() {
    let s = large_scenario();
    let check = s.run_checks().remove(0);
    assert!(!check.hops.is_empty(), "{}", check.summary);
    let d = Diagram::of(&s, Some(&check));
    assert_every_hop_drawn("large", &s, &d, &check);
    assert!(d.chain.nodes.len() <= policy_playground_app::diagram::MAX_BOXES, "{} boxes", d.chain.nodes.len());
    assert_eq!(d.left_out, 6 + 120 + 1 - d.chain.nodes.len(), "accounts, roles and the service, less what is drawn");
    for hop in d.chain.edges.iter().filter(|e| e.kind == EdgeKind::Hop) {
        let account = d.chain.nodes.iter().find(|n| n.id == hop.to).unwrap().cluster.clone().unwrap();
        assert!(
            d.chain.nodes.iter().any(|n| n.id == format!("account:{account}")),
            "the account of {} is headed",
            hop.to
        );
    }
    // Without a chain nothing is on it: only the account headers stay.
    assert!(
        Diagram::of(&s, None).chain.nodes.iter().all(|n| n.kind == NodeKind::Account || n.kind == NodeKind::Service)
    );
}

#[test]
fn hop_reasons_drop_what_the_edge_already_shows() {
    let role = "acs:ram::2222222222222222:role/hbrcrossrole";
    assert_eq!(
        hop_reason(
            "hop 2: hbrcrossrole in Resource account B (2222222222222222) trusts X, but the caller is Y",
            2,
            role
        ),
        "trusts X, but the caller is Y"
    );
    assert_eq!(
        hop_reason("hop 1: hbrcrossrole in B (2222) is a service-linked role: only s may assume it", 1, role),
        "is a service-linked role: only s may assume it"
    );
    // Sentences of another shape are kept whole (only the number goes).
    assert_eq!(hop_reason("hop 3: there is no role r in B", 3, role), "there is no role r in B");
    assert_eq!(hop_reason("something else", 1, role), "something else");
}

#[test]
fn the_organization_tree_has_folders_control_policies_and_delegated_administrators() {
    let s = state("cloud-backup-resource-directory");
    let d = Diagram::of(s.analysis.scenario.as_ref().unwrap(), s.analysis.checks.first());
    assert_eq!(d.organization_title.as_deref(), Some("Resource Directory"));
    let org = d.organization.unwrap();
    let node = |id: &str| org.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| panic!("{id}: {:?}", org.nodes));
    assert_eq!(node("folder:0").title, "root Root");
    assert_eq!(node("folder:0").lines, ["control policies: FullAliyunAccess"]);
    assert_eq!(node("folder:1").title, "folder Production");
    assert_eq!(node("folder:1").lines, ["control policies: DenySnapshotDeletion"]);
    assert!(node("member:1000000000000001").lines.contains(&"management account".to_string()));
    assert!(
        node("member:1000000000000002").lines.contains(&"delegated administrator for hbr.aliyuncs.com".to_string())
    );
    let parent = |id: &str| org.edges.iter().find(|e| e.to == id).map(|e| e.from.as_str());
    assert_eq!(parent("folder:1"), Some("folder:0"));
    assert_eq!(parent("member:1000000000000003"), Some("folder:1"));
    assert_eq!(parent("member:1000000000000002"), Some("folder:0"));
    assert_eq!(parent("member:1000000000000001"), Some("folder:0"), "the management account under the root");
    assert!(!org.nodes.iter().any(|n| n.id == "member:1000000000000009"), "the outside account is not a member");
    // The chain's account boxes say where each account sits.
    let r1 = d.chain.nodes.iter().find(|n| n.id == "account:1000000000000003").unwrap();
    assert!(r1.lines.contains(&"in Root / Production".to_string()), "{:?}", r1.lines);

    let s = state("aws-backup");
    let d = Diagram::of(s.analysis.scenario.as_ref().unwrap(), None);
    assert_eq!(d.organization_title.as_deref(), Some("AWS Organization"));
    let org = d.organization.unwrap();
    let workloads = org.nodes.iter().find(|n| n.title == "OU Workloads").unwrap();
    assert_eq!(workloads.lines, ["SCPs: FullAWSAccess, DenyVaultDeletion"]);
    assert!(state("cloud-backup-ram-role").analysis.scenario.as_ref().map(|s| s.organization.is_none()).unwrap());
}

/// The explorer (web/js/organization.js draws `view_json`) and the chain view's tree name an
/// organization's nodes and control policies with the same words: "folder" and "control
/// policies" in a Resource Directory, "OU" and "SCPs" in an AWS Organization.
#[test]
fn the_explorer_and_the_tree_use_one_wording_per_organization_kind() {
    for (example, title, node, policies) in [
        ("cloud-backup-resource-directory", "Resource Directory", "folder", "control policies"),
        ("aws-backup", "AWS Organization", "OU", "SCPs"),
    ] {
        let s = state(example);
        let outline = policy_playground_app::outline::Outline::of(&s.workspace, s.analysis.scenario.as_ref());
        let view: serde_json::Value =
            serde_json::from_str(&outline.organization.as_ref().unwrap().view_json(&[], &[], true)).unwrap();
        let words = &view["org"]["words"];
        assert_eq!((words["title"].as_str(), words["node"].as_str()), (Some(title), Some(node)), "{example}");
        assert_eq!(words["policies"].as_str(), Some(policies), "{example}");
        let d = Diagram::of(s.analysis.scenario.as_ref().unwrap(), None);
        assert_eq!(d.organization_title.as_deref(), Some(title));
        let tree = d.organization.unwrap();
        let below_root: Vec<_> =
            tree.nodes.iter().filter(|n| n.kind == NodeKind::Folder && !n.title.starts_with("root ")).collect();
        assert!(!below_root.is_empty(), "{example}");
        for n in below_root {
            assert!(n.title.starts_with(&format!("{node} ")), "{example}: {}", n.title);
            assert!(
                n.lines
                    .iter()
                    .all(|l| !l.contains(':') || l.starts_with(&format!("{policies}: ")) || l.starts_with("RCPs: "))
            );
        }
    }
    // The kind follows the file's "kind" over the dialect, as the loader decides it.
    let s = state("aws-backup");
    let mut doc = (*s.workspace.scenario()).clone();
    doc.organization.as_mut().unwrap().kind = Some("resource_directory".into());
    let w = Workspace::new(doc, None);
    assert_eq!(policy_playground_app::organization::OrgOutline::of(&w).unwrap().words.node, "folder");
}

#[test]
fn a_found_path_draws_like_a_check() {
    let s = state("cloud-backup-ram-role");
    let scenario = s.analysis.scenario.as_ref().unwrap();
    let report = scenario.who_can_assume(&format!("acs:ram::{B}:role/hbrcrossrole"), 4).unwrap();
    let path = report.paths.iter().find(|p| !p.hops.is_empty()).expect("someone reaches hbrcrossrole");
    let d = Diagram::with_steps(scenario, Some(&ChainSteps::from(path)));
    let hops: Vec<_> = d.chain.edges.iter().filter(|e| e.kind == EdgeKind::Hop).collect();
    assert_eq!(hops.len(), path.hops.len());
    assert!(hops.iter().all(|e| e.ok == Some(true)));
    assert_eq!(hops.last().unwrap().to, format!("role:{B}/hbrcrossrole"));
}

/// The geometry as the page computes it: web/js/diagram.js (dagre) run by Node over every
/// diagram above, checked by tools/diagram/check.mjs.
#[test]
fn the_layout_overlaps_nothing_and_cuts_no_label() {
    let mut cases = Vec::new();
    for (name, st) in states() {
        let s = st.analysis.scenario.as_ref().unwrap();
        cases.push(format!("{{\"name\":{:?},\"diagram\":{}}}", name, to_json(&Diagram::of(s, None))));
        for check in &st.analysis.checks {
            let name = format!("{name} / {}", check.check);
            cases.push(format!("{{\"name\":{:?},\"diagram\":{}}}", name, to_json(&Diagram::of(s, Some(check)))));
        }
    }
    for (name, s) in scenario_files() {
        for check in s.run_checks() {
            let name = format!("{name} / {}", check.check);
            cases.push(format!("{{\"name\":{:?},\"diagram\":{}}}", name, to_json(&Diagram::of(&s, Some(&check)))));
        }
    }
    let large = large_scenario();
    for check in large.run_checks() {
        cases.push(format!("{{\"name\":\"large\",\"diagram\":{}}}", to_json(&Diagram::of(&large, Some(&check)))));
    }
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diagrams.json");
    std::fs::write(&file, format!("[{}]", cases.join(",\n"))).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new("node")
        .arg(root.join("tools/diagram/check.mjs"))
        .arg(&file)
        .output()
        .expect("node runs (the diagram's layout is JavaScript: install Node.js 20 and run scripts/setup.sh)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{} diagrams checked:\n{stdout}\n{stderr}", cases.len());
}

#[test]
fn the_json_for_the_page_reads_back_with_every_field() {
    let s = broken_trust();
    let check = s.analysis.checks.iter().find(|c| c.check == SNAPSHOT).unwrap();
    let mut d = Diagram::of(s.analysis.scenario.as_ref().unwrap(), Some(check));
    // Text that needs escaping comes through whole.
    d.chain.nodes[0].title = "a \"quoted\" \\ name\n<b>".into();
    let v: serde_json::Value = serde_json::from_str(&to_json(&d)).unwrap();
    assert_eq!(v["chain"]["nodes"][0]["title"], "a \"quoted\" \\ name\n<b>");
    let refused = v["chain"]["edges"].as_array().unwrap().iter().find(|e| e["ok"] == false).unwrap();
    assert_eq!((refused["kind"].as_str(), refused["hop"].as_u64()), (Some("hop"), Some(2)));
    assert!(refused["label"].as_str().unwrap().starts_with("✗ hop 2: trusts"));
    let role =
        v["chain"]["nodes"].as_array().unwrap().iter().find(|n| n["id"] == format!("role:{B}/hbrcrossrole")).unwrap();
    assert_eq!(
        (role["kind"].as_str(), role["cluster"].as_str(), role["on_chain"].as_bool()),
        (Some("role"), Some(B), Some(true))
    );
    assert!(v["chain"]["clusters"].as_array().unwrap().iter().any(|c| c["id"] == B));
    assert!(v["organization"].is_null() && v["organization_title"].is_null());
    let rd = state("cloud-backup-resource-directory");
    let v: serde_json::Value =
        serde_json::from_str(&to_json(&Diagram::of(rd.analysis.scenario.as_ref().unwrap(), None))).unwrap();
    assert_eq!(v["organization_title"], "Resource Directory");
    assert_eq!(v["organization"]["edges"][0]["kind"], "contains");
}
