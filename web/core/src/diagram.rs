//! What the chain view draws, as a graph: accounts (clusters) holding their roles and users,
//! the services and principals that start chains, AssumeRole trust edges, one chain's hops on
//! top (each allowed hop marked, the refused one labelled with its reason, a refusal before the
//! first hop drawn the same way up to where the chain was heading) and its final
//! request; and, for a Resource Directory or an AWS Organization, the organization's tree.
//!
//! Only the graph is computed here. The browser lays it out in layers with dagre and draws it
//! (web/js/diagram.js): text is measured where it is drawn, so labels wrap to their real width.
//! The drawing is a function of (scenario, [`ChainSteps`]): a check's result or a path that the
//! path search found draw the same way.

use crate::organization::OrgWords;
use policy_playground::Decision;
use policy_playground::chain::{ChainResult, FinalRequest};
use policy_playground::cloud_backup;
use policy_playground::diagnostic::json_string;
use policy_playground::paths::FoundPath;
use policy_playground::policy::Effect;
use policy_playground::request::{Principal, PrincipalKind, resource_account_of};
use policy_playground::scenario::{ChainSpec, Organization, Scenario, named_account, split_role_reference};

/// What a node stands for; the drawing styles each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// An account's own node: its name, id and place in the organization (heads its cluster).
    Account,
    /// A RAM or IAM role.
    Role,
    /// A user.
    User,
    /// A cloud service principal (`crossbackup.hbr.aliyuncs.com`).
    Service,
    /// A principal the scenario does not define (a user outside it, a role that was deleted).
    Missing,
    /// The resource of a chain's final request.
    Resource,
    /// The organization's root, a folder or an OU (organization tree only).
    Folder,
}

/// A box of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    /// Stable key (`role:ACCOUNT/name`, `user:ACCOUNT/name`, `account:ID`, `service:NAME`,
    /// `resource:ARN`, `missing:PRINCIPAL`, `folder:INDEX`, `member:ID`).
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// Its first line, in bold (`role hbrcrossrole`).
    pub title: String,
    /// Further lines (an account's id, its folder path, control policies, badges).
    pub lines: Vec<String>,
    /// The account cluster it is drawn in, by account id.
    pub cluster: Option<String>,
    /// Whether the drawn chain passes through it.
    pub on_chain: bool,
}

/// An account drawn as a box around its nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The account id.
    pub id: String,
    /// The account's name.
    pub title: String,
}

/// What an edge shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// A role's trust policy allows this principal (grey, dashed).
    Trust,
    /// A hop of the drawn chain.
    Hop,
    /// The chain's final request, from its last principal to the resource.
    Request,
    /// Organization tree: a folder holds a folder or an account.
    Contains,
}

/// An arrow between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphEdge {
    /// The source node's id.
    pub from: String,
    /// The target node's id.
    pub to: String,
    /// What it shows.
    pub kind: EdgeKind,
    /// The hop's number (from 1), for hop edges; none for a refusal before the first hop.
    pub hop: Option<usize>,
    /// Allowed (`true`) or refused (`false`), for hop and request edges.
    pub ok: Option<bool>,
    /// Text drawn beside the edge: an allowed hop's mark, the refusal's reason (wrapped).
    pub label: Option<String>,
}

/// A graph to lay out: nodes, their account clusters and edges.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The account clusters.
    pub clusters: Vec<Cluster>,
    /// The boxes.
    pub nodes: Vec<GraphNode>,
    /// The arrows.
    pub edges: Vec<GraphEdge>,
}

/// Everything the chain view draws.
#[derive(Debug, Clone, Default)]
pub struct Diagram {
    /// Accounts, principals, trust and the drawn chain.
    pub chain: Graph,
    /// The organization's tree (root, folders or OUs, accounts), when the scenario has one.
    pub organization: Option<OrgTree>,
    /// The organization tree's heading ("Resource Directory", "AWS Organization").
    pub organization_title: Option<String>,
    /// Why the chain stopped before its first hop, when it did (also drawn as a refused edge).
    pub stopped_before: Option<String>,
    /// How many boxes were left out of a large scenario's drawing (only the chain's accounts,
    /// their boxes and the organization's folders are kept).
    pub left_out: usize,
}

/// The most boxes a drawing holds before only the chain's part is kept: laying out more takes
/// the page too long (dagre needs about a second for 50 boxes in a dozen accounts) and reads
/// no better.
pub const MAX_BOXES: usize = 60;

/// Keeps a large graph's nodes on the chain and the headers of their accounts (`keep` says which
/// others to keep), and the edges between what is kept; returns how many nodes were left out.
fn prune(graph: &mut Graph, keep: &dyn Fn(&GraphNode) -> bool) -> usize {
    if graph.nodes.len() <= MAX_BOXES {
        return 0;
    }
    let chain_accounts: Vec<String> =
        graph.nodes.iter().filter(|n| n.on_chain).filter_map(|n| n.cluster.clone()).collect();
    let before = graph.nodes.len();
    graph.nodes.retain(|n| {
        n.on_chain
            || keep(n)
            || (n.kind == NodeKind::Account && n.cluster.as_ref().is_some_and(|c| chain_accounts.contains(c)))
    });
    let ids: Vec<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
    graph.edges.retain(|e| ids.contains(&e.from.as_str()) && ids.contains(&e.to.as_str()));
    let clusters: Vec<String> = graph.nodes.iter().filter_map(|n| n.cluster.clone()).collect();
    graph.clusters.retain(|c| clusters.contains(&c.id));
    before - graph.nodes.len()
}

/// An organization's tree: folders (or OUs) and accounts, parents pointing at children.
pub type OrgTree = Graph;

/// One hop to draw: the role assumed, whether it was allowed, and why not.
#[derive(Debug, Clone, PartialEq)]
pub struct StepHop {
    /// The role's ARN or `ACCOUNT/NAME`.
    pub role: String,
    /// The hop was allowed.
    pub ok: bool,
    /// Why it was refused, in a few words (drawn on the refused edge).
    pub reason: Option<String>,
}

/// The final request to draw at the end of a chain.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRequest {
    /// The action.
    pub action: String,
    /// The resource's ARN.
    pub resource: String,
    /// The request was allowed.
    pub ok: bool,
    /// Why it was refused, in a few words.
    pub reason: Option<String>,
}

/// A chain to draw over the scenario: who starts, the hops, and the final request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChainSteps {
    /// The starting principal (an ARN, a service name).
    pub from: String,
    /// The hops, in order.
    pub hops: Vec<StepHop>,
    /// The final request, when the chain got that far and has one.
    pub request: Option<StepRequest>,
    /// Why the chain stopped before its first hop, when it did.
    pub stopped_before: Option<String>,
    /// Where a chain that stopped before its first hop was heading (the first role, or the
    /// account Cloud Backup was to reach), when the check says: the refusal is drawn up to it.
    pub stopped_toward: Option<String>,
}

impl From<&ChainResult> for ChainSteps {
    fn from(c: &ChainResult) -> ChainSteps {
        let hops = c
            .hops
            .iter()
            .map(|h| {
                let ok = h.decision == Decision::Allow;
                let reason = (!ok).then(|| hop_reason(&h.sentence, h.number, &h.role));
                StepHop { role: h.role.clone(), ok, reason }
            })
            .collect();
        let stopped_before = (c.stopped_at == Some(0)).then(|| c.summary.clone());
        ChainSteps {
            from: c.from.clone(),
            hops,
            request: c.final_request.as_ref().map(step_request),
            stopped_before,
            stopped_toward: None,
        }
    }
}

/// Where a check's chain heads first: its first role, or the account Cloud Backup's chain is
/// to reach (known before any hop is planned, so also when the planning fails).
fn first_target(s: &Scenario, check: &str) -> Option<String> {
    match &s.checks.iter().find(|c| c.name == check)?.chain {
        ChainSpec::Roles(hops) => hops.first().map(|h| h.role.clone()),
        ChainSpec::Backup { account } => Some(account.clone()),
    }
}

impl From<&FoundPath> for ChainSteps {
    fn from(p: &FoundPath) -> ChainSteps {
        let hops = p.hops.iter().map(|h| StepHop { role: h.role.clone(), ok: true, reason: None }).collect();
        ChainSteps { from: p.from.clone(), hops, request: None, stopped_before: None, stopped_toward: None }
    }
}

/// A refused hop's sentence without what the edge already shows: its number and the role it
/// points at (`hop 2: hbrcrossrole in Resource account B (…) trusts …` → `trusts …`).
pub fn hop_reason(sentence: &str, number: usize, role: &str) -> String {
    let rest = sentence.strip_prefix(&format!("hop {number}: ")).unwrap_or(sentence);
    let name = role.rsplit(['/', ':']).next().unwrap_or(role);
    // "NAME in ACCOUNT LABEL " up to the verb: the account label may hold spaces and brackets.
    if let Some(after) = rest.strip_prefix(name).and_then(|r| r.strip_prefix(" in ")) {
        for verb in [" trusts ", " is a "] {
            if let Some(at) = after.find(verb) {
                return after[at + 1..].to_string();
            }
        }
    }
    rest.to_string()
}

/// The final request as drawn: allowed, or refused with its decisive statement or near miss.
fn step_request(f: &FinalRequest) -> StepRequest {
    let ok = f.decision == Decision::Allow;
    let e = &f.evaluation;
    let reason = (!ok).then(|| match (f.decision, e.decisive.first(), &e.near_miss) {
        (Decision::ExplicitDeny, Some(d), _) => format!("denied by {} of {}", d.label, d.policy),
        (_, _, Some(near)) => {
            format!("{} of {} failed on {}: {}", near.statement.label, near.statement.policy, near.part, near.why)
        }
        _ => "no statement allows it".to_string(),
    });
    StepRequest { action: f.action.clone(), resource: f.resource.clone(), ok, reason }
}

fn key_role(account: &str, name: &str) -> String {
    format!("role:{account}/{}", name.to_ascii_lowercase())
}

/// The node key a principal (a caller, a trust entry) is drawn at.
fn key_of(s: &Scenario, principal: &str) -> Option<String> {
    let p = Principal::parse(principal, s.dialect);
    let account = p.account.clone().unwrap_or_default();
    match &p.kind {
        PrincipalKind::Service { name } => Some(format!("service:{}", name.to_ascii_lowercase())),
        PrincipalKind::Session { role, .. } | PrincipalKind::Role { name: role } => {
            Some(key_role(&account, role.rsplit('/').next().unwrap_or(role)))
        }
        PrincipalKind::User { name } => Some(format!("user:{account}/{name}")),
        PrincipalKind::Root => Some(format!("account:{account}")),
        _ => named_account(principal, s.dialect).map(|a| format!("account:{a}")),
    }
}

/// The node key of a trust policy's principal entry (`Service`, a role ARN, an account).
fn trust_key(s: &Scenario, kind: &str, value: &str) -> Option<String> {
    if kind == "Service" {
        return Some(format!("service:{}", value.to_ascii_lowercase()));
    }
    match split_role_reference(value, s.dialect).filter(|_| value.contains(":role/")) {
        Some((a, n)) => Some(key_role(&a, &n)),
        None => key_of(s, value),
    }
}

/// An account's lines: its id, where it sits in the organization and its roles there.
fn account_lines(s: &Scenario, id: &str) -> Vec<String> {
    let mut lines = vec![format!("account {id}")];
    if let Some(org) = &s.organization {
        if org.management_account == id {
            lines.push("management account".into());
        } else if org.node_of(id).is_some() {
            let path: Vec<&str> = org.path(id).iter().map(|&n| org.nodes[n].name.as_str()).collect();
            lines.push(format!("in {}", path.join(" / ")));
        }
        for (service, admins) in &org.delegated_administrators {
            if admins.iter().any(|a| a == id) {
                lines.push(format!("delegated administrator for {service}"));
            }
        }
    }
    lines
}

/// Builds a graph, keeping each node once.
#[derive(Default)]
struct Builder {
    graph: Graph,
}

impl Builder {
    fn has(&self, id: &str) -> bool {
        self.graph.nodes.iter().any(|n| n.id == id)
    }

    fn node(&mut self, id: String, kind: NodeKind, title: String, lines: Vec<String>, cluster: Option<String>) {
        if !self.has(&id) {
            self.graph.nodes.push(GraphNode { id, kind, title, lines, cluster, on_chain: false });
        }
    }

    fn mark_on_chain(&mut self, id: &str) {
        if let Some(n) = self.graph.nodes.iter_mut().find(|n| n.id == id) {
            n.on_chain = true;
        }
    }

    fn edge(&mut self, from: &str, to: &str, kind: EdgeKind) -> &mut GraphEdge {
        self.graph.edges.push(GraphEdge { from: from.into(), to: to.into(), kind, hop: None, ok: None, label: None });
        self.graph.edges.last_mut().expect("just pushed")
    }

    /// The node a principal is drawn at, added as a missing principal when the scenario has none.
    fn principal(&mut self, s: &Scenario, principal: &str) -> String {
        match key_of(s, principal) {
            Some(key) if self.has(&key) => key,
            Some(key) if key.starts_with("service:") => {
                self.node(key.clone(), NodeKind::Service, principal.to_string(), vec![], None);
                key
            }
            // Cloud Backup by name: a chain whose planning failed starts there (no principal yet).
            _ if principal == cloud_backup::SERVICE_NAME => {
                let key = format!("service:{}", principal.to_ascii_lowercase());
                self.node(key.clone(), NodeKind::Service, principal.to_string(), vec![], None);
                key
            }
            _ => {
                let key = format!("missing:{principal}");
                let role = split_role_reference(principal, s.dialect).filter(|_| key_of(s, principal).is_none());
                let cluster = named_account(principal, s.dialect)
                    .or_else(|| role.as_ref().map(|(a, _)| a.clone()))
                    .filter(|a| s.account(a).is_some());
                // A role reference (`ACCOUNT/NAME`) reads as the role; anything else as written.
                let title = match &role {
                    Some((_, name)) if cluster.is_some() => format!("role {name}"),
                    _ => principal.to_string(),
                };
                self.node(key.clone(), NodeKind::Missing, title, vec!["not in the scenario".to_string()], cluster);
                key
            }
        }
    }

    /// The node a hop to `role` ends at: the scenario's role, or a missing principal.
    fn role(&mut self, s: &Scenario, role: &str) -> String {
        match split_role_reference(role, s.dialect) {
            Some((a, n)) if self.has(&key_role(&a, &n)) => key_role(&a, &n),
            _ => self.principal(s, role),
        }
    }

    /// The node a chain that stopped before its first hop was heading for: the account or
    /// role it names, or a box saying that no hop was tried.
    fn stop_target(&mut self, s: &Scenario, toward: Option<&str>) -> String {
        match toward {
            Some(account) if s.account(account).is_some() => format!("account:{account}"),
            Some(role) if split_role_reference(role, s.dialect).is_some() => self.role(s, role),
            Some(other) => self.principal(s, other),
            None => {
                let key = "stop:before-hop-1".to_string();
                self.node(key.clone(), NodeKind::Missing, "hop 1".into(), vec!["not tried".into()], None);
                key
            }
        }
    }
}

impl Diagram {
    /// The drawing of a scenario with a check's chain on top.
    pub fn of(s: &Scenario, check: Option<&ChainResult>) -> Diagram {
        let steps = check.map(|c| {
            let mut steps = ChainSteps::from(c);
            if steps.stopped_before.is_some() {
                steps.stopped_toward = first_target(s, &c.check);
            }
            steps
        });
        Diagram::with_steps(s, steps.as_ref())
    }

    /// The drawing of a scenario with any chain on top (a check's, a path the search found).
    pub fn with_steps(s: &Scenario, steps: Option<&ChainSteps>) -> Diagram {
        let mut b = Builder::default();
        for a in &s.accounts {
            b.graph.clusters.push(Cluster { id: a.id.clone(), title: a.name.clone() });
            b.node(
                format!("account:{}", a.id),
                NodeKind::Account,
                a.name.clone(),
                account_lines(s, &a.id),
                Some(a.id.clone()),
            );
        }
        for service in s.starting_identities().into_iter().filter(|p| !p.contains(':')) {
            b.node(format!("service:{}", service.to_ascii_lowercase()), NodeKind::Service, service, vec![], None);
        }
        for r in &s.roles {
            let lines = r.linked_service.iter().map(|x| format!("service-linked: {x}")).collect();
            b.node(
                key_role(&r.account, &r.name),
                NodeKind::Role,
                format!("role {}", r.name),
                lines,
                Some(r.account.clone()),
            );
        }
        for u in &s.users {
            b.node(
                format!("user:{}/{}", u.account, u.name),
                NodeKind::User,
                format!("user {}", u.name),
                vec![],
                Some(u.account.clone()),
            );
        }

        // Trust: from each principal a role's trust policy allows (and the drawing has), to the role.
        let mut trust: Vec<(String, String)> = Vec::new();
        for role in &s.roles {
            let to = key_role(&role.account, &role.name);
            for st in role.trust.statements.iter().filter(|st| st.body.effect == Effect::Allow) {
                for e in st.body.principal.iter().flat_map(|p| &p.entries) {
                    let Some(from) = trust_key(s, &e.kind, &e.value) else { continue };
                    if from == to || !b.has(&from) || trust.iter().any(|t| t.0 == from && t.1 == to) {
                        continue;
                    }
                    trust.push((from, to.clone()));
                }
            }
        }

        let mut drawn = Diagram::default();
        let mut chain: Vec<(String, String)> = Vec::new();
        if let Some(steps) = steps {
            drawn.stopped_before = steps.stopped_before.clone();
            let mut caller = b.principal(s, &steps.from);
            b.mark_on_chain(&caller);
            if let Some(why) = steps.stopped_before.as_deref().filter(|_| steps.hops.is_empty()) {
                // Refused before hop 1 (a precondition): drawn red like a refused hop, up to
                // where the chain was heading, with the reason as its label.
                let target = b.stop_target(s, steps.stopped_toward.as_deref());
                b.mark_on_chain(&target);
                let edge = b.edge(&caller, &target, EdgeKind::Hop);
                edge.ok = Some(false);
                let reason = why.strip_prefix("before hop 1: ").unwrap_or(why);
                edge.label = Some(format!("✗ before hop 1: {reason}"));
                chain.push((caller.clone(), target));
            }
            for (i, hop) in steps.hops.iter().enumerate() {
                let target = b.role(s, &hop.role);
                b.mark_on_chain(&target);
                let edge = b.edge(&caller, &target, EdgeKind::Hop);
                edge.hop = Some(i + 1);
                edge.ok = Some(hop.ok);
                edge.label = Some(match &hop.reason {
                    Some(reason) => format!("✗ hop {}: {reason}", i + 1),
                    None if hop.ok => format!("✓ hop {}", i + 1),
                    None => format!("✗ hop {} refused", i + 1),
                });
                chain.push((caller, target.clone()));
                caller = target;
            }
            if let Some(request) = &steps.request {
                let key = format!("resource:{}", request.resource);
                let cluster = resource_account_of(&request.resource, s.dialect).filter(|a| s.account(a).is_some());
                b.node(key.clone(), NodeKind::Resource, request.resource.clone(), vec![], cluster);
                b.mark_on_chain(&key);
                let edge = b.edge(&caller, &key, EdgeKind::Request);
                edge.ok = Some(request.ok);
                edge.label = Some(match &request.reason {
                    Some(reason) => format!("✗ {}: {reason}", request.action),
                    None => format!("{} {}", if request.ok { "✓" } else { "✗" }, request.action),
                });
            }
        }
        // A hop over a trust relationship is drawn once, as the hop.
        for (from, to) in trust.into_iter().filter(|t| !chain.contains(t)) {
            b.edge(&from, &to, EdgeKind::Trust);
        }
        drawn.chain = b.graph;
        drawn.left_out = prune(&mut drawn.chain, &|_| false);
        if let Some(org) = &s.organization {
            drawn.organization_title = Some(OrgWords::of(org.kind).title.to_string());
            let mut tree = org_tree(s, org);
            let shown: Vec<String> =
                drawn.chain.nodes.iter().filter(|n| n.on_chain).filter_map(|n| n.cluster.clone()).collect();
            // A large organization: its folders, and the accounts the chain passes through.
            for n in tree.nodes.iter_mut() {
                n.on_chain = n.id.strip_prefix("member:").is_some_and(|id| shown.iter().any(|a| a == id));
            }
            drawn.left_out += prune(&mut tree, &|n| n.kind == NodeKind::Folder);
            drawn.organization = Some(tree);
        }
        drawn
    }
}

/// The organization's tree: the root, its folders or OUs, and the member accounts in each,
/// each with the control policies attached there; the management account and delegated
/// administrators are marked.
pub fn org_tree(s: &Scenario, org: &Organization) -> OrgTree {
    let words = OrgWords::of(org.kind);
    let (folder_word, policy_word) = (words.node, words.policies);
    let mut b = Builder::default();
    let policies = |control: &[String], resource: &[String]| -> Vec<String> {
        let mut lines = Vec::new();
        if !control.is_empty() {
            lines.push(format!("{policy_word}: {}", control.join(", ")));
        }
        if !resource.is_empty() {
            lines.push(format!("RCPs: {}", resource.join(", ")));
        }
        lines
    };
    for (i, n) in org.nodes.iter().enumerate() {
        let title = if n.parent.is_none() { format!("root {}", n.name) } else { format!("{folder_word} {}", n.name) };
        let lines = policies(&n.control_policies, &n.resource_control_policies);
        b.node(format!("folder:{i}"), NodeKind::Folder, title, lines, None);
        if let Some(parent) = n.parent {
            b.edge(&format!("folder:{parent}"), &format!("folder:{i}"), EdgeKind::Contains);
        }
    }
    // The management account sits under the root unless a folder lists it.
    let mut members: Vec<(String, usize)> =
        org.nodes.iter().enumerate().flat_map(|(i, n)| n.accounts.iter().map(move |a| (a.clone(), i))).collect();
    if !org.nodes.is_empty() && !members.iter().any(|(a, _)| *a == org.management_account) {
        members.insert(0, (org.management_account.clone(), 0));
    }
    let empty = Vec::new();
    for (id, folder) in members {
        let name = s.account(&id).map(|a| a.name.clone()).unwrap_or_else(|| id.clone());
        let mut lines = account_lines(s, &id).into_iter().filter(|l| !l.starts_with("in ")).collect::<Vec<_>>();
        lines.extend(policies(
            org.account_control_policies.get(&id).unwrap_or(&empty),
            org.account_resource_control_policies.get(&id).unwrap_or(&empty),
        ));
        let key = format!("member:{id}");
        b.node(key.clone(), NodeKind::Account, name, lines, None);
        b.edge(&format!("folder:{folder}"), &key, EdgeKind::Contains);
    }
    b.graph
}

impl NodeKind {
    /// The name the drawing script styles (`role`, `missing`).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Account => "account",
            NodeKind::Role => "role",
            NodeKind::User => "user",
            NodeKind::Service => "service",
            NodeKind::Missing => "missing",
            NodeKind::Resource => "resource",
            NodeKind::Folder => "folder",
        }
    }
}

impl EdgeKind {
    /// The name the drawing script styles (`hop`, `trust`).
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Trust => "trust",
            EdgeKind::Hop => "hop",
            EdgeKind::Request => "request",
            EdgeKind::Contains => "contains",
        }
    }
}

fn optional(value: Option<String>) -> String {
    value.unwrap_or_else(|| "null".into())
}

fn array<T>(items: &[T], each: impl Fn(&T) -> String) -> String {
    format!("[{}]", items.iter().map(each).collect::<Vec<_>>().join(","))
}

fn graph_json(g: &Graph) -> String {
    let clusters =
        array(&g.clusters, |c| format!("{{\"id\":{},\"title\":{}}}", json_string(&c.id), json_string(&c.title)));
    let nodes = array(&g.nodes, |n| {
        format!(
            "{{\"id\":{},\"kind\":\"{}\",\"title\":{},\"lines\":{},\"cluster\":{},\"on_chain\":{}}}",
            json_string(&n.id),
            n.kind.as_str(),
            json_string(&n.title),
            array(&n.lines, |l| json_string(l)),
            optional(n.cluster.as_deref().map(json_string)),
            n.on_chain
        )
    });
    let edges = array(&g.edges, |e| {
        format!(
            "{{\"from\":{},\"to\":{},\"kind\":\"{}\",\"hop\":{},\"ok\":{},\"label\":{}}}",
            json_string(&e.from),
            json_string(&e.to),
            e.kind.as_str(),
            optional(e.hop.map(|h| h.to_string())),
            optional(e.ok.map(|ok| ok.to_string())),
            optional(e.label.as_deref().map(json_string))
        )
    });
    format!("{{\"clusters\":{clusters},\"nodes\":{nodes},\"edges\":{edges}}}")
}

/// The diagram as the JSON the drawing script reads (web/js/diagram.js): `chain` and
/// `organization` graphs (`{clusters, nodes, edges}`) and the organization's title. Written by
/// hand, a format string per object: the smallest code for the page's wasm.
pub fn to_json(d: &Diagram) -> String {
    format!(
        "{{\"chain\":{},\"organization\":{},\"organization_title\":{}}}",
        graph_json(&d.chain),
        optional(d.organization.as_ref().map(graph_json)),
        optional(d.organization_title.as_deref().map(json_string))
    )
}
