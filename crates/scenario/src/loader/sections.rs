//! Reading the sections that describe what exists: accounts, the policy library, the
//! organization tree, groups, roles, users and resources.

use super::Loader;
use crate::issue::{ScenarioIssue, ShapeProblem};
use crate::model::{
    Account, Group, LibraryPolicy, OrgKind, OrgNode, Organization, Resource, Role, User, resource_policy_name,
    trust_policy_name,
};
use playground_core::dialect::Dialect;
use playground_core::json::{Json, JsonKind};
use std::collections::BTreeMap;

impl Loader {
    /// The accounts; an id given twice is reported.
    pub(super) fn accounts(&mut self, v: &Json) -> Vec<Account> {
        let mut out: Vec<Account> = Vec::new();
        for a in self.list(v, "accounts", "the scenario") {
            if !self.fields(a, &["id", "name"], "an account") {
                continue;
            }
            let Some(id) = self.string(a, "id", "an account", true) else { continue };
            if out.iter().any(|x| x.id == id) {
                self.issues.push(ScenarioIssue::Duplicate { kind: "account", name: id.clone(), span: a.span });
            }
            let name = self.string(a, "name", "an account", false).unwrap_or_else(|| id.clone());
            out.push(Account { id, name, span: a.span });
        }
        out
    }

    /// The policy library; a policy that cannot be read is kept only when lenient or `as_printed`.
    pub(super) fn library(&mut self, v: &Json) -> Vec<LibraryPolicy> {
        let mut out: Vec<LibraryPolicy> = Vec::new();
        for p in self.list(v, "policies", "the scenario") {
            if !self.fields(p, &["name", "system", "document", "text", "as_printed", "description"], "a library policy")
            {
                continue;
            }
            let Some(name) = self.string(p, "name", "a library policy", true) else { continue };
            if out.iter().any(|x| x.name == name) {
                self.issues.push(ScenarioIssue::Duplicate { kind: "policy", name: name.clone(), span: p.span });
            }
            let system = matches!(p.get("system").map(|s| &s.kind), Some(JsonKind::Bool(true)));
            let as_printed = matches!(p.get("as_printed").map(|s| &s.kind), Some(JsonKind::Bool(true)));
            let doc = match (p.get("document"), p.get("text")) {
                (Some(doc), None) | (None, Some(doc)) => doc,
                _ => {
                    self.shape(ShapeProblem::NoDocument { policy: name.clone() }, p.span);
                    continue;
                }
            };
            let keep = self.lenient || as_printed;
            let read = self.document(&name, doc, keep);
            if read.policy.is_none() && read.problem.is_none() {
                continue;
            }
            if read.policy.is_some() || keep {
                out.push(LibraryPolicy {
                    name,
                    system,
                    policy: if read.problem.is_some() { None } else { read.policy },
                    problem: read.problem,
                    text: read.text,
                    span: p.span,
                });
            }
        }
        out
    }

    /// The organization: its kind, management account, node tree and per-account attachments.
    pub(super) fn organization(&mut self, o: &Json) -> Option<Organization> {
        const FIELDS: &[&str] = &[
            "kind",
            "management_account",
            "root",
            "account_control_policies",
            "account_resource_control_policies",
            "delegated_administrators",
        ];
        if !self.fields(o, FIELDS, "the organization") {
            return None;
        }
        let kind = match self.string(o, "kind", "the organization", false).as_deref() {
            Some("resource_directory") => OrgKind::ResourceDirectory,
            Some("aws_organization") => OrgKind::AwsOrganization,
            Some(other) => {
                self.shape(ShapeProblem::UnknownOrganizationKind { kind: other.to_string() }, o.span);
                return None;
            }
            None if self.dialect == Dialect::Aliyun => OrgKind::ResourceDirectory,
            None => OrgKind::AwsOrganization,
        };
        let management_account = self.string(o, "management_account", "the organization", true)?;
        let mut nodes = Vec::new();
        match o.get("root") {
            Some(root) => self.node(root, None, &mut nodes, kind),
            None => self.shape(ShapeProblem::NoRoot, o.span),
        }
        let per_account = |this: &mut Self, key: &str| -> BTreeMap<String, Vec<String>> {
            let mut map = BTreeMap::new();
            if let Some(m) = o.get(key).and_then(Json::as_object) {
                for member in m {
                    let names =
                        this.strings(o.get(key).unwrap(), &member.key, key).into_iter().map(|(s, _)| s).collect();
                    map.insert(member.key.to_string(), names);
                }
            }
            map
        };
        let account_control_policies = per_account(self, "account_control_policies");
        let account_resource_control_policies = per_account(self, "account_resource_control_policies");
        let delegated_administrators = per_account(self, "delegated_administrators");
        Some(Organization {
            kind,
            management_account,
            nodes,
            account_control_policies,
            account_resource_control_policies,
            delegated_administrators,
        })
    }

    /// One node and, depth first, its folders; stops past 64 nodes so a deep tree cannot overflow the stack.
    fn node(&mut self, n: &Json, parent: Option<usize>, nodes: &mut Vec<OrgNode>, kind: OrgKind) {
        const FIELDS: &[&str] = &["name", "control_policies", "resource_control_policies", "accounts", "folders"];
        if !self.fields(n, FIELDS, "an organization node") {
            return;
        }
        let name = self.string(n, "name", "an organization node", false).unwrap_or_else(|| "Root".into());
        let index = nodes.len();
        nodes.push(OrgNode {
            name,
            parent,
            control_policies: self.strings(n, "control_policies", "a node").into_iter().map(|(s, _)| s).collect(),
            resource_control_policies: self
                .strings(n, "resource_control_policies", "a node")
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
            accounts: self.strings(n, "accounts", "a node").into_iter().map(|(s, _)| s).collect(),
            span: n.span,
        });
        if nodes.len() > 64 {
            self.shape(ShapeProblem::TooManyFolders { kind }, n.span);
            return;
        }
        for child in self.list(n, "folders", "an organization folder") {
            self.node(child, Some(index), nodes, kind);
        }
    }

    /// The groups of users.
    pub(super) fn groups(&mut self, v: &Json) -> Vec<Group> {
        let mut out = Vec::new();
        for g in self.list(v, "groups", "the scenario") {
            if !self.fields(g, &["account", "name", "policies"], "a group") {
                continue;
            }
            let (Some(account), Some(name)) =
                (self.string(g, "account", "a group", true), self.string(g, "name", "a group", true))
            else {
                continue;
            };
            let policies = self.strings(g, "policies", "a group").into_iter().map(|(s, _)| s).collect();
            out.push(Group { account, name, policies });
        }
        out
    }

    /// The roles, each with its trust policy and session limit.
    pub(super) fn roles(&mut self, v: &Json) -> Vec<Role> {
        const FIELDS: &[&str] = &[
            "account",
            "name",
            "path",
            "trust_policy",
            "policies",
            "permissions_boundary",
            "max_session_duration",
            "service_linked",
            "description",
        ];
        let mut out = Vec::new();
        for r in self.list(v, "roles", "the scenario") {
            if !self.fields(r, FIELDS, "a role") {
                continue;
            }
            let (Some(account), Some(name)) =
                (self.string(r, "account", "a role", true), self.string(r, "name", "a role", true))
            else {
                continue;
            };
            self.role_accounts.push((account.clone(), r.span));
            let path = self.string(r, "path", "a role", false).unwrap_or_else(|| "/".into());
            let path = if path.ends_with('/') { path } else { format!("{path}/") };
            let Some(trust_doc) = r.get("trust_policy") else {
                self.shape(ShapeProblem::NoTrustPolicy { role: name.clone() }, r.span);
                continue;
            };
            let Some(trust) = self.policy(&trust_policy_name(&name), trust_doc) else { continue };
            let max_session_duration = match r.get("max_session_duration") {
                None => 3600,
                Some(d) => match d.scalar_text().and_then(|t| t.parse::<u32>().ok()) {
                    Some(s) if (900..=43_200).contains(&s) => s,
                    _ => {
                        self.shape(ShapeProblem::BadSessionDuration, d.span);
                        3600
                    }
                },
            };
            out.push(Role {
                policies: self.strings(r, "policies", "a role").into_iter().map(|(s, _)| s).collect(),
                boundary: self.string(r, "permissions_boundary", "a role", false),
                linked_service: self.string(r, "service_linked", "a role", false),
                account,
                name,
                path,
                trust,
                trust_text: trust_doc.as_str().map(str::to_string),
                max_session_duration,
                span: r.span,
            });
        }
        out
    }

    /// The users.
    pub(super) fn users(&mut self, v: &Json) -> Vec<User> {
        let mut out = Vec::new();
        for u in self.list(v, "users", "the scenario") {
            if !self.fields(u, &["account", "name", "policies", "groups", "permissions_boundary"], "a user") {
                continue;
            }
            let (Some(account), Some(name)) =
                (self.string(u, "account", "a user", true), self.string(u, "name", "a user", true))
            else {
                continue;
            };
            out.push(User {
                policies: self.strings(u, "policies", "a user").into_iter().map(|(s, _)| s).collect(),
                groups: self.strings(u, "groups", "a user").into_iter().map(|(s, _)| s).collect(),
                boundary: self.string(u, "permissions_boundary", "a user", false),
                account,
                name,
                span: u.span,
            });
        }
        out
    }

    /// Resources with their own policy; the account comes from the ARN when not given.
    pub(super) fn resources(&mut self, v: &Json) -> Vec<Resource> {
        let mut out = Vec::new();
        for r in self.list(v, "resources", "the scenario") {
            if !self.fields(r, &["arn", "account", "kind", "policy"], "a resource") {
                continue;
            }
            let Some(arn) = self.string(r, "arn", "a resource", true) else { continue };
            let account = match self.string(r, "account", "a resource", false) {
                Some(a) => a,
                None => match playground_core::request::resource_account_of(&arn, self.dialect) {
                    Some(a) => a,
                    None => {
                        self.shape(ShapeProblem::NoAccount { resource: arn.clone() }, r.span);
                        continue;
                    }
                },
            };
            let kind = self.string(r, "kind", "a resource", false).unwrap_or_else(|| "resource".into());
            let policy = match r.get("policy").filter(|p| p.kind != JsonKind::Null) {
                Some(doc) => self.policy(&resource_policy_name(&kind, &arn), doc),
                None => None,
            };
            out.push(Resource { arn, account, kind, policy, span: r.span });
        }
        out
    }
}
