//! The scenario model: accounts, an organization, a policy library, roles, users,
//! resources and named checks, read from one JSON file with every problem reported
//! at its location. Format in docs/scenarios.md.

use playground_core::authorize::Decision;
use playground_core::dialect::{self, Dialect};
use playground_core::issue::{PolicyIssue, Severity, did_you_mean};
use playground_core::json::{self, Json, JsonKind, JsonSyntaxError};
use playground_core::policy::{Policy, policy_from_json};
use playground_core::request::Context;
use playground_core::request::read_context;
use playground_core::span::Span;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// An account.
#[derive(Debug, Clone)]
pub struct Account {
    /// The account id.
    pub id: String,
    /// A name for people.
    pub name: String,
    /// Where it is defined.
    pub span: Span,
}

/// Which kind of organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    /// Alibaba Cloud Resource Directory.
    ResourceDirectory,
    /// AWS Organizations.
    AwsOrganization,
}

/// A folder (RD) or OU (AWS), or the root.
#[derive(Debug, Clone)]
pub struct OrgNode {
    /// Its name.
    pub name: String,
    /// The parent node, `None` for the root.
    pub parent: Option<usize>,
    /// Control policies (RD control policies, SCPs) attached here, by library name.
    pub control_policies: Vec<String>,
    /// Resource control policies attached here (AWS), by library name.
    pub resource_control_policies: Vec<String>,
    /// Member accounts directly in this node.
    pub accounts: Vec<String>,
    /// Where it is defined.
    pub span: Span,
}

/// A Resource Directory or an AWS Organization.
#[derive(Debug, Clone)]
pub struct Organization {
    /// Which kind.
    pub kind: OrgKind,
    /// The management account.
    pub management_account: String,
    /// All nodes; index 0 is the root.
    pub nodes: Vec<OrgNode>,
    /// Control policies attached to accounts themselves.
    pub account_control_policies: BTreeMap<String, Vec<String>>,
    /// Resource control policies attached to accounts themselves (AWS).
    pub account_resource_control_policies: BTreeMap<String, Vec<String>>,
    /// Delegated administrator accounts per trusted service.
    pub delegated_administrators: BTreeMap<String, Vec<String>>,
}

impl Organization {
    /// The node holding `account`, if it is a member.
    pub fn node_of(&self, account: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.accounts.iter().any(|a| a == account))
    }

    /// Whether `account` is in the organization (the management account included).
    pub fn contains(&self, account: &str) -> bool {
        account == self.management_account || self.node_of(account).is_some()
    }

    /// The nodes from the root down to the account's node.
    pub fn path(&self, account: &str) -> Vec<usize> {
        let mut path = Vec::new();
        let mut node = self.node_of(account);
        while let Some(n) = node {
            path.push(n);
            node = self.nodes[n].parent;
        }
        path.reverse();
        path
    }
}

/// A named policy in the library.
#[derive(Debug, Clone)]
pub struct LibraryPolicy {
    /// Its name.
    pub name: String,
    /// System (cloud-managed) policies are read-only.
    pub system: bool,
    /// The compiled document; `None` for an as-printed text that cannot be read.
    pub policy: Option<Policy>,
    /// Why an as-printed text cannot be used, with its position in that text.
    pub problem: Option<String>,
    /// The text as given, for `"text"` policies (kept so the editor can show it as printed).
    pub text: Option<String>,
    /// Where it is defined.
    pub span: Span,
}

/// A role.
#[derive(Debug, Clone)]
pub struct Role {
    /// Its account.
    pub account: String,
    /// Its name.
    pub name: String,
    /// Its path (AWS), `/` when not given.
    pub path: String,
    /// Its trust policy.
    pub trust: Policy,
    /// Attached policies, by library name.
    pub policies: Vec<String>,
    /// Its permissions boundary (AWS), by library name.
    pub boundary: Option<String>,
    /// Longest session it allows, in seconds.
    pub max_session_duration: u32,
    /// For a service-linked role: the only service that may assume it.
    pub linked_service: Option<String>,
    /// Where it is defined.
    pub span: Span,
}

impl Role {
    /// The role's ARN in the dialect's syntax.
    pub fn arn(&self, dialect: Dialect) -> String {
        match dialect {
            Dialect::Aws => format!("arn:aws:iam::{}:role{}{}", self.account, self.path, self.name),
            Dialect::Aliyun => format!("acs:ram::{}:role/{}", self.account, self.name),
        }
    }

    /// The ARN of a session of this role.
    pub fn session_arn(&self, dialect: Dialect, session: &str) -> String {
        match dialect {
            Dialect::Aws => format!("arn:aws:sts::{}:assumed-role/{}/{session}", self.account, self.name),
            Dialect::Aliyun => format!("acs:sts::{}:assumed-role/{}/{session}", self.account, self.name),
        }
    }
}

/// A user.
#[derive(Debug, Clone)]
pub struct User {
    /// Its account.
    pub account: String,
    /// Its name.
    pub name: String,
    /// Attached policies, by library name.
    pub policies: Vec<String>,
    /// Groups it belongs to.
    pub groups: Vec<String>,
    /// Its permissions boundary (AWS), by library name.
    pub boundary: Option<String>,
    /// Where it is defined.
    pub span: Span,
}

impl User {
    /// The user's ARN.
    pub fn arn(&self, dialect: Dialect) -> String {
        match dialect {
            Dialect::Aws => format!("arn:aws:iam::{}:user/{}", self.account, self.name),
            Dialect::Aliyun => format!("acs:ram::{}:user/{}", self.account, self.name),
        }
    }
}

/// A group of users.
#[derive(Debug, Clone)]
pub struct Group {
    /// Its account.
    pub account: String,
    /// Its name.
    pub name: String,
    /// Attached policies, by library name.
    pub policies: Vec<String>,
}

/// A resource that carries its own policy (a bucket, a vault, a key).
#[derive(Debug, Clone)]
pub struct Resource {
    /// Its name (ARN).
    pub arn: String,
    /// Its account.
    pub account: String,
    /// What it is, for people ("OSS bucket").
    pub kind: String,
    /// Its resource policy.
    pub policy: Option<Policy>,
    /// Where it is defined.
    pub span: Span,
}

/// Cloud Backup's cross-account registration: which accounts the management
/// account backs up, and how.
#[derive(Debug, Clone)]
pub struct BackupSetup {
    /// The backup management account.
    pub management_account: String,
    /// The registered resource accounts.
    pub resource_accounts: Vec<BackupMember>,
}

/// One registered resource account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupMember {
    /// The account.
    pub account: String,
    /// How Cloud Backup reaches it.
    pub method: BackupMethod,
}

/// The two cross-account methods of Cloud Backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupMethod {
    /// A RAM role in the resource account, assumed through AliyunServiceRoleForHbrCrossAccountBackup.
    RamRole {
        /// The role's name (hbrcrossrole in the documentation).
        role: String,
    },
    /// AliyunServiceRoleForHbrRd in a member account of the same Resource Directory.
    ResourceDirectory,
}

/// One hop of a check's chain.
#[derive(Debug, Clone)]
pub struct HopSpec {
    /// The role to assume (ARN, or `ACCOUNT/NAME`).
    pub role: String,
    /// The session name.
    pub session_name: Option<String>,
    /// A session policy passed with AssumeRole.
    pub session_policy: Option<Policy>,
    /// Requested session duration in seconds.
    pub duration: Option<u32>,
    /// Extra context for the AssumeRole request (`sts:ExternalId`, ...).
    pub context: Context,
}

/// How a check's chain is given.
#[derive(Debug, Clone)]
pub enum ChainSpec {
    /// Explicit roles to assume in order.
    Roles(Vec<HopSpec>),
    /// Cloud Backup's own chain to a registered resource account.
    Backup {
        /// The resource account.
        account: String,
    },
}

/// A named check: a starting identity, a chain, a final request and the expected decision.
#[derive(Debug, Clone)]
pub struct Check {
    /// Its name.
    pub name: String,
    /// Who starts (user ARN, role session ARN, service principal).
    pub from: String,
    /// The chain.
    pub chain: ChainSpec,
    /// The final action, when the check has one.
    pub action: Option<String>,
    /// The final resource.
    pub resource: String,
    /// The final request's context.
    pub context: Context,
    /// The decision the check expects.
    pub expected: Decision,
    /// Where it is defined.
    pub span: Span,
}

/// A whole scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its title.
    pub name: String,
    /// What it shows.
    pub description: String,
    /// The dialect of all its documents.
    pub dialect: Dialect,
    /// The accounts.
    pub accounts: Vec<Account>,
    /// The organization, if any.
    pub organization: Option<Organization>,
    /// The policy library.
    pub policies: Vec<LibraryPolicy>,
    /// The roles.
    pub roles: Vec<Role>,
    /// The users.
    pub users: Vec<User>,
    /// The groups.
    pub groups: Vec<Group>,
    /// Resources with policies.
    pub resources: Vec<Resource>,
    /// Cloud Backup's registration, if the scenario uses it.
    pub backup: Option<BackupSetup>,
    /// The named checks.
    pub checks: Vec<Check>,
}

/// A problem found while loading a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioIssue {
    /// The file is not valid JSON.
    Json(JsonSyntaxError),
    /// A field has the wrong shape or is missing.
    Shape {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
    },
    /// A name that refers to nothing defined in the scenario.
    UnknownReference {
        /// What kind of thing ("policy", "account", "role").
        kind: &'static str,
        /// The name as written.
        name: String,
        /// The closest defined name.
        suggestion: Option<String>,
        /// Where.
        span: Span,
    },
    /// Two things with the same name.
    Duplicate {
        /// What kind of thing.
        kind: &'static str,
        /// The name.
        name: String,
        /// Where.
        span: Span,
    },
    /// An as-printed policy text that cannot be read: it is kept, and grants nothing.
    UnusablePolicy {
        /// The policy's name.
        policy: String,
        /// What is wrong, with its position in the text.
        problem: String,
        /// Where the policy is defined.
        span: Span,
    },
    /// A problem inside a policy given as text; its span is inside that text.
    PolicyText {
        /// The policy's name.
        policy: String,
        /// The problem, positioned in the policy's own text.
        issue: PolicyIssue,
        /// Where the text is in the scenario file.
        span: Span,
    },
    /// A policy document with problems.
    Policy {
        /// The policy's name.
        policy: String,
        /// The problem.
        issue: PolicyIssue,
    },
}

impl ScenarioIssue {
    /// How serious it is.
    pub fn severity(&self) -> Severity {
        match self {
            ScenarioIssue::Policy { issue, .. } | ScenarioIssue::PolicyText { issue, .. } => issue.severity(),
            ScenarioIssue::UnusablePolicy { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Where it is.
    pub fn span(&self) -> Span {
        match self {
            ScenarioIssue::Json(e) => e.span,
            ScenarioIssue::Shape { span, .. }
            | ScenarioIssue::UnknownReference { span, .. }
            | ScenarioIssue::Duplicate { span, .. }
            | ScenarioIssue::UnusablePolicy { span, .. }
            | ScenarioIssue::PolicyText { span, .. } => *span,
            ScenarioIssue::Policy { issue, .. } => issue.span(),
        }
    }

    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ScenarioIssue::Json(_) => "json-syntax",
            ScenarioIssue::Shape { .. } => "scenario-shape",
            ScenarioIssue::UnknownReference { .. } => "unknown-reference",
            ScenarioIssue::Duplicate { .. } => "duplicate-name",
            ScenarioIssue::UnusablePolicy { .. } => "unusable-policy",
            ScenarioIssue::Policy { issue, .. } | ScenarioIssue::PolicyText { issue, .. } => issue.code(),
        }
    }
}

impl fmt::Display for ScenarioIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioIssue::Json(e) => write!(f, "JSON syntax: {}", e.message),
            ScenarioIssue::Shape { message, .. } => f.write_str(message),
            ScenarioIssue::UnknownReference { kind, name, suggestion, .. } => {
                write!(f, "unknown {kind} \"{name}\"")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean \"{s}\"?)")?;
                }
                Ok(())
            }
            ScenarioIssue::Duplicate { kind, name, .. } => write!(f, "{kind} \"{name}\" is defined twice"),
            ScenarioIssue::UnusablePolicy { policy, problem, .. } => {
                write!(f, "policy \"{policy}\" as printed cannot be read, so it grants nothing: {problem}")
            }
            ScenarioIssue::PolicyText { policy, issue, .. } => {
                let s = issue.span();
                write!(f, "policy \"{policy}\", line {}, column {} of its text: {issue}", s.line, s.column)
            }
            ScenarioIssue::Policy { policy, issue } => {
                write!(f, "policy \"{policy}\": {issue}")?;
                if let Some(h) = issue.help() {
                    write!(f, " ({h})")?;
                }
                Ok(())
            }
        }
    }
}

/// The loaded scenario (when it has no errors) and every issue found.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario, present when no issue is an error.
    pub scenario: Option<Scenario>,
    /// Every issue, in file order.
    pub issues: Vec<ScenarioIssue>,
}

/// Reads a scenario file strictly: any unreadable policy is an error.
pub fn load_scenario(text: &str) -> LoadedScenario {
    load_scenario_with(text, LoadOptions::default())
}

/// Reads a scenario file with options.
pub fn load_scenario_with(text: &str, options: LoadOptions) -> LoadedScenario {
    let parsed = match json::parse_limited(text, json::MAX_FILE_BYTES) {
        Ok(p) => p,
        Err(e) => return LoadedScenario { scenario: None, issues: vec![ScenarioIssue::Json(e)] },
    };
    let mut r =
        Loader { issues: Vec::new(), dialect: Dialect::Aws, lenient: options.lenient, role_accounts: Vec::new() };
    let scenario = r.scenario(&parsed.value);
    r.issues.sort_by_key(|i| i.span().start);
    let ok = !r.issues.iter().any(|i| i.severity() == Severity::Error);
    LoadedScenario { scenario: if ok { scenario } else { None }, issues: r.issues }
}

const TOP_FIELDS: &[&str] = &[
    "scenario",
    "description",
    "dialect",
    "accounts",
    "organization",
    "policies",
    "roles",
    "users",
    "groups",
    "resources",
    "backup",
    "checks",
];

/// A document read by the loader.
struct Document {
    policy: Option<Policy>,
    problem: Option<String>,
    text: Option<String>,
}

/// How strictly to load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Keep documents that cannot be read (as warnings; they grant and trust nothing), so an
    /// editor can show the rest of the scenario while one document is half typed.
    pub lenient: bool,
}

struct Loader {
    issues: Vec<ScenarioIssue>,
    dialect: Dialect,
    lenient: bool,
    /// Accounts named by roles, kept even for roles that fail to load, so every
    /// unknown account is reported.
    role_accounts: Vec<(String, Span)>,
}

fn items<'a, 'j>(v: Option<&'a Json<'j>>) -> &'a [Json<'j>] {
    v.and_then(Json::as_array).unwrap_or(&[])
}

impl Loader {
    fn shape(&mut self, message: impl Into<String>, span: Span) {
        self.issues.push(ScenarioIssue::Shape { message: message.into(), span });
    }

    fn fields(&mut self, v: &Json, known: &[&str], what: &str) -> bool {
        let Some(members) = v.as_object() else {
            self.shape(format!("{what} must be an object, found {}", v.type_name()), v.span);
            return false;
        };
        for m in members {
            if !known.contains(&m.key.as_ref()) {
                let hint = did_you_mean(&m.key, known.iter().copied());
                self.shape(
                    match hint {
                        Some(h) => format!("unknown field \"{}\" in {what} (did you mean \"{h}\"?)", m.key),
                        None => format!("unknown field \"{}\" in {what}; known: {}", m.key, known.join(", ")),
                    },
                    m.key_span,
                );
            }
        }
        true
    }

    fn string(&mut self, v: &Json, key: &str, what: &str, required: bool) -> Option<String> {
        match v.get(key) {
            Some(s) => match s.scalar_text() {
                Some(t) if !matches!(s.kind, JsonKind::Bool(_)) => Some(t),
                _ => {
                    self.shape(format!("{what}: \"{key}\" must be a string, found {}", s.type_name()), s.span);
                    None
                }
            },
            None if required => {
                self.shape(format!("{what} has no \"{key}\""), v.span);
                None
            }
            None => None,
        }
    }

    fn strings(&mut self, v: &Json, key: &str, what: &str) -> Vec<(String, Span)> {
        match v.get(key) {
            None => vec![],
            Some(Json { kind: JsonKind::Array(items), .. }) => items
                .iter()
                .filter_map(|i| match i.as_str() {
                    Some(s) => Some((s.to_string(), i.span)),
                    None => {
                        self.shape(format!("{what}: \"{key}\" lists names (strings), found {}", i.type_name()), i.span);
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.shape(
                    format!("{what}: \"{key}\" must be a list of names, found {}", other.type_name()),
                    other.span,
                );
                vec![]
            }
        }
    }

    /// Reads a policy document: a JSON object, or a string holding the policy's text (positions
    /// in its issues are then inside that text). With `keep` (lenient loading, or a library policy
    /// marked `as_printed`), a document that cannot be read is a warning and becomes an empty
    /// policy that grants and trusts nothing; otherwise its errors are errors.
    fn document(&mut self, name: &str, doc: &Json, keep: bool) -> Document {
        let (parsed, in_text) = match doc.as_str() {
            Some(text) => (playground_core::policy::parse_policy(name, text, Some(self.dialect)), true),
            None => (policy_from_json(name, doc, Some(self.dialect)), false),
        };
        let first_error = parsed.issues.iter().find(|i| i.severity() == Severity::Error).cloned();
        for issue in parsed.issues {
            if issue.code() == "dialect-conflict" || (keep && issue.severity() == Severity::Error) {
                continue;
            }
            self.issues.push(if in_text {
                ScenarioIssue::PolicyText { policy: name.to_string(), issue, span: doc.span }
            } else {
                ScenarioIssue::Policy { policy: name.to_string(), issue }
            });
        }
        let problem = first_error.map(|e| {
            let s = e.span();
            if in_text { format!("{e} (line {}, column {} of its text)", s.line, s.column) } else { e.to_string() }
        });
        if let (Some(problem), true) = (&problem, keep) {
            self.issues.push(ScenarioIssue::UnusablePolicy {
                policy: name.to_string(),
                problem: problem.clone(),
                span: doc.span,
            });
        }
        let policy = match parsed.policy {
            Some(p) => Some(p),
            None if keep => Some(Policy::empty(name, self.dialect, doc.span)),
            None => None,
        };
        Document { policy, problem, text: doc.as_str().map(str::to_string) }
    }

    fn policy(&mut self, name: &str, doc: &Json) -> Option<Policy> {
        let lenient = self.lenient;
        self.document(name, doc, lenient).policy
    }

    fn scenario(&mut self, v: &Json) -> Option<Scenario> {
        if !self.fields(v, TOP_FIELDS, "the scenario") {
            return None;
        }
        let name = self.string(v, "scenario", "the scenario", false).unwrap_or_else(|| "scenario".into());
        let description = self.string(v, "description", "the scenario", false).unwrap_or_default();
        self.dialect = match self.string(v, "dialect", "the scenario", false) {
            Some(d) => Dialect::from_name(&d).unwrap_or_else(|| {
                self.shape(
                    format!("unknown dialect \"{d}\": use \"aws\" or \"aliyun\""),
                    v.get("dialect").unwrap().span,
                );
                Dialect::Aws
            }),
            None => {
                let mut evidence = Vec::new();
                dialect::evidence_in_policy(v, &mut evidence);
                for p in items(v.get("policies")) {
                    if let Some(d) = p.get("document") {
                        dialect::evidence_in_policy(d, &mut evidence);
                    }
                }
                for r in items(v.get("roles")) {
                    if let Some(d) = r.get("trust_policy") {
                        dialect::evidence_in_policy(d, &mut evidence);
                    }
                }
                dialect::decide(None, &evidence).dialect
            }
        };

        let accounts = self.accounts(v);
        let account_ids: Vec<String> = accounts.iter().map(|a| a.id.clone()).collect();
        let policies = self.library(v);
        let policy_names: Vec<String> = policies.iter().map(|p| p.name.clone()).collect();
        let organization =
            v.get("organization").filter(|o| o.kind != JsonKind::Null).and_then(|o| self.organization(o));
        let groups = self.groups(v);
        let roles = self.roles(v);
        let users = self.users(v);
        let resources = self.resources(v);
        let backup = v.get("backup").filter(|b| b.kind != JsonKind::Null).and_then(|b| self.backup(b));
        let checks = self.checks(v);

        // References.
        let role_accounts = std::mem::take(&mut self.role_accounts);
        let mut refs = References { issues: &mut self.issues, accounts: &account_ids, policies: &policy_names };
        if let Some(org) = &organization {
            let span = v.get("organization").map(|o| o.span).unwrap_or_default();
            refs.account(&org.management_account, span);
            for node in &org.nodes {
                for a in &node.accounts {
                    refs.account(a, node.span);
                }
                for p in node.control_policies.iter().chain(&node.resource_control_policies) {
                    refs.policy(p, node.span);
                }
            }
            for (a, ps) in org.account_control_policies.iter().chain(&org.account_resource_control_policies) {
                refs.account(a, span);
                for p in ps {
                    refs.policy(p, span);
                }
            }
            for admins in org.delegated_administrators.values() {
                for a in admins {
                    refs.account(a, span);
                }
            }
        }
        for (account, span) in &role_accounts {
            refs.account(account, *span);
        }
        for role in &roles {
            for p in role.policies.iter().chain(&role.boundary) {
                refs.policy(p, role.span);
            }
            for st in &role.trust.statements {
                for e in st.body.principal.iter().flat_map(|p| &p.entries) {
                    if let Some(account) = named_account(&e.value, self.dialect) {
                        refs.account_named_in(&account, &role.name, st.absolute(e.span));
                    }
                }
            }
        }
        let group_keys: Vec<String> = groups.iter().map(|g| format!("{}/{}", g.account, g.name)).collect();
        for g in &groups {
            refs.account(&g.account, Span::default());
            for p in &g.policies {
                refs.policy(p, Span::default());
            }
        }
        for u in &users {
            refs.account(&u.account, u.span);
            for p in u.policies.iter().chain(&u.boundary) {
                refs.policy(p, u.span);
            }
            for g in &u.groups {
                let key = format!("{}/{}", u.account, g);
                if !group_keys.contains(&key) {
                    refs.issues.push(ScenarioIssue::UnknownReference {
                        kind: "group",
                        name: g.clone(),
                        suggestion: did_you_mean(
                            g,
                            groups.iter().filter(|x| x.account == u.account).map(|x| x.name.as_str()),
                        )
                        .map(str::to_string),
                        span: u.span,
                    });
                }
            }
        }
        for r in &resources {
            refs.account(&r.account, r.span);
        }
        if let Some(b) = &backup {
            let span = v.get("backup").map(|b| b.span).unwrap_or_default();
            refs.account(&b.management_account, span);
            for m in &b.resource_accounts {
                refs.account(&m.account, span);
            }
        }
        let mut seen = HashMap::new();
        for role in &roles {
            if seen.insert(format!("{}/{}", role.account, role.name.to_ascii_lowercase()), ()).is_some() {
                self.issues.push(ScenarioIssue::Duplicate { kind: "role", name: role.name.clone(), span: role.span });
            }
        }
        Some(Scenario {
            name,
            description,
            dialect: self.dialect,
            accounts,
            organization,
            policies,
            roles,
            users,
            groups,
            resources,
            backup,
            checks,
        })
    }

    fn accounts(&mut self, v: &Json) -> Vec<Account> {
        let mut out: Vec<Account> = Vec::new();
        for a in items(v.get("accounts")) {
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

    fn library(&mut self, v: &Json) -> Vec<LibraryPolicy> {
        let mut out: Vec<LibraryPolicy> = Vec::new();
        for p in items(v.get("policies")) {
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
                    self.shape(
                        format!("policy \"{name}\" needs either \"document\" (JSON) or \"text\" (a string)"),
                        p.span,
                    );
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

    fn organization(&mut self, o: &Json) -> Option<Organization> {
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
                self.shape(
                    format!("unknown organization kind \"{other}\": use resource_directory or aws_organization"),
                    o.span,
                );
                return None;
            }
            None if self.dialect == Dialect::Aliyun => OrgKind::ResourceDirectory,
            None => OrgKind::AwsOrganization,
        };
        let management_account = self.string(o, "management_account", "the organization", true)?;
        let mut nodes = Vec::new();
        match o.get("root") {
            Some(root) => self.node(root, None, &mut nodes),
            None => self.shape("the organization has no \"root\"", o.span),
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

    fn node(&mut self, n: &Json, parent: Option<usize>, nodes: &mut Vec<OrgNode>) {
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
            self.shape("the organization has more than 64 folders; the playground stops there", n.span);
            return;
        }
        for child in items(n.get("folders")) {
            self.node(child, Some(index), nodes);
        }
    }

    fn groups(&mut self, v: &Json) -> Vec<Group> {
        let mut out = Vec::new();
        for g in items(v.get("groups")) {
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

    fn roles(&mut self, v: &Json) -> Vec<Role> {
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
        for r in items(v.get("roles")) {
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
                self.shape(format!("role \"{name}\" has no \"trust_policy\""), r.span);
                continue;
            };
            let Some(trust) = self.policy(&trust_policy_name(&name), trust_doc) else { continue };
            let max_session_duration = match r.get("max_session_duration") {
                None => 3600,
                Some(d) => match d.scalar_text().and_then(|t| t.parse::<u32>().ok()) {
                    Some(s) if (900..=43_200).contains(&s) => s,
                    _ => {
                        self.shape("max_session_duration must be a whole number of seconds from 900 to 43200", d.span);
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
                max_session_duration,
                span: r.span,
            });
        }
        out
    }

    fn users(&mut self, v: &Json) -> Vec<User> {
        let mut out = Vec::new();
        for u in items(v.get("users")) {
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

    fn resources(&mut self, v: &Json) -> Vec<Resource> {
        let mut out = Vec::new();
        for r in items(v.get("resources")) {
            if !self.fields(r, &["arn", "account", "kind", "policy"], "a resource") {
                continue;
            }
            let Some(arn) = self.string(r, "arn", "a resource", true) else { continue };
            let account = match self.string(r, "account", "a resource", false) {
                Some(a) => a,
                None => match playground_core::request::resource_account_of(&arn, self.dialect) {
                    Some(a) => a,
                    None => {
                        self.shape(format!("resource {arn} has no account in its name: add \"account\""), r.span);
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

    fn backup(&mut self, b: &Json) -> Option<BackupSetup> {
        if !self.fields(b, &["management_account", "resource_accounts"], "the backup setup") {
            return None;
        }
        let management_account = self.string(b, "management_account", "the backup setup", true)?;
        let mut resource_accounts = Vec::new();
        for m in items(b.get("resource_accounts")) {
            if !self.fields(m, &["account", "method", "role"], "a backup resource account") {
                continue;
            }
            let Some(account) = self.string(m, "account", "a backup resource account", true) else { continue };
            let method = match self.string(m, "method", "a backup resource account", true).as_deref() {
                Some("ram_role") => match self.string(m, "role", "a backup resource account", true) {
                    Some(role) => BackupMethod::RamRole { role },
                    None => continue,
                },
                Some("resource_directory") => BackupMethod::ResourceDirectory,
                Some(other) => {
                    self.shape(
                        format!("unknown backup method \"{other}\": use ram_role or resource_directory"),
                        m.span,
                    );
                    continue;
                }
                None => continue,
            };
            resource_accounts.push(BackupMember { account, method });
        }
        Some(BackupSetup { management_account, resource_accounts })
    }

    fn checks(&mut self, v: &Json) -> Vec<Check> {
        let mut out = Vec::new();
        for c in items(v.get("checks")) {
            if !self.fields(c, &["name", "from", "chain", "backup_account", "request", "expected"], "a check") {
                continue;
            }
            let Some(name) = self.string(c, "name", "a check", true) else { continue };
            let from = self.string(c, "from", "a check", false);
            let chain = match (c.get("chain"), self.string(c, "backup_account", "a check", false)) {
                (Some(_), Some(_)) => {
                    self.shape(format!("check \"{name}\": give either \"chain\" or \"backup_account\""), c.span);
                    continue;
                }
                (None, Some(account)) => ChainSpec::Backup { account },
                (chain, None) => ChainSpec::Roles(self.hops(chain, &name)),
            };
            let from = match (&chain, from) {
                (_, Some(f)) => f,
                (ChainSpec::Backup { .. }, None) => String::new(),
                (ChainSpec::Roles(_), None) => {
                    self.shape(format!("check \"{name}\" has no \"from\" (who starts the chain)"), c.span);
                    continue;
                }
            };
            let request = c.get("request");
            let (action, resource, context) = match request {
                Some(r) => {
                    if !self.fields(r, &["action", "resource", "context"], "a check request") {
                        continue;
                    }
                    let context = match read_context(r.get("context")) {
                        Ok(ctx) => ctx,
                        Err(e) => {
                            self.shape(format!("line {}, column {}: {e}", e.span().line, e.span().column), e.span());
                            continue;
                        }
                    };
                    (
                        self.string(r, "action", "a check request", true),
                        self.string(r, "resource", "a check request", false).unwrap_or_else(|| "*".into()),
                        context,
                    )
                }
                None => (None, "*".into(), Context::default()),
            };
            let expected = match self.string(c, "expected", "a check", true) {
                Some(e) => {
                    match Decision::from_name(&e) {
                        Some(d) => d,
                        None => {
                            self.shape(format!("check \"{name}\": unknown decision \"{e}\": use allow, explicit_deny or implicit_deny"), c.span);
                            continue;
                        }
                    }
                }
                None => continue,
            };
            out.push(Check { name, from, chain, action, resource, context, expected, span: c.span });
        }
        out
    }

    fn hops(&mut self, chain: Option<&Json>, check: &str) -> Vec<HopSpec> {
        let mut out = Vec::new();
        for h in items(chain) {
            match &h.kind {
                JsonKind::String(role) => out.push(HopSpec {
                    role: role.to_string(),
                    session_name: None,
                    session_policy: None,
                    duration: None,
                    context: Context::default(),
                }),
                JsonKind::Object(_) => {
                    if !self.fields(h, &["role", "session_name", "session_policy", "duration", "context"], "a hop") {
                        continue;
                    }
                    let Some(role) = self.string(h, "role", "a hop", true) else { continue };
                    let session_policy = match h.get("session_policy").filter(|p| p.kind != JsonKind::Null) {
                        Some(doc) => self.policy(&format!("session policy of {check}"), doc),
                        None => None,
                    };
                    let duration = h.get("duration").and_then(|d| {
                        let parsed = d.scalar_text().and_then(|t| t.parse::<u32>().ok());
                        if parsed.is_none() {
                            self.shape("duration must be a whole number of seconds", d.span);
                        }
                        parsed
                    });
                    let context = read_context(h.get("context")).unwrap_or_default();
                    out.push(HopSpec {
                        role,
                        session_name: self.string(h, "session_name", "a hop", false),
                        session_policy,
                        duration,
                        context,
                    });
                }
                _ => self.shape(
                    format!("check \"{check}\": a hop is a role ARN or an object, found {}", h.type_name()),
                    h.span,
                ),
            }
        }
        out
    }
}

struct References<'a> {
    issues: &'a mut Vec<ScenarioIssue>,
    accounts: &'a [String],
    policies: &'a [String],
}

impl References<'_> {
    fn account(&mut self, id: &str, span: Span) {
        if !self.accounts.iter().any(|a| a == id) {
            self.issues.push(ScenarioIssue::UnknownReference {
                kind: "account",
                name: id.to_string(),
                suggestion: did_you_mean(id, self.accounts.iter().map(String::as_str)).map(str::to_string),
                span,
            });
        }
    }

    fn account_named_in(&mut self, id: &str, role: &str, span: Span) {
        if !self.accounts.iter().any(|a| a == id) {
            self.issues.push(ScenarioIssue::UnknownReference {
                kind: "account",
                name: format!("{id} (named in the trust policy of {role})"),
                suggestion: did_you_mean(id, self.accounts.iter().map(String::as_str)).map(str::to_string),
                span,
            });
        }
    }

    fn policy(&mut self, name: &str, span: Span) {
        if !self.policies.iter().any(|p| p == name) {
            self.issues.push(ScenarioIssue::UnknownReference {
                kind: "policy",
                name: name.to_string(),
                suggestion: did_you_mean(name, self.policies.iter().map(String::as_str)).map(str::to_string),
                span,
            });
        }
    }
}

/// The name explanations use for a role's trust policy.
pub fn trust_policy_name(role: &str) -> String {
    format!("{role} trust policy")
}

/// The name explanations use for a resource's policy.
pub fn resource_policy_name(kind: &str, arn: &str) -> String {
    format!("{kind} policy of {arn}")
}

/// The account a principal entry names, if it names one (an id, a root, user or role ARN).
pub fn named_account(value: &str, dialect: Dialect) -> Option<String> {
    if value.len() >= 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.to_string());
    }
    let parts: Vec<&str> = value.splitn(dialect.arn_parts(), ':').collect();
    let account = match dialect {
        Dialect::Aws if parts.len() == 6 && parts[0] == "arn" => parts[4],
        Dialect::Aliyun if parts.len() == 5 && parts[0] == "acs" => parts[3],
        _ => return None,
    };
    (!account.is_empty() && account != "*").then(|| account.to_string())
}

impl Scenario {
    /// A library policy by name.
    pub fn policy(&self, name: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.name == name).and_then(|p| p.policy.as_ref())
    }

    /// Finds a role by ARN (`acs:ram::ID:role/NAME`, `arn:aws:iam::ID:role/PATH/NAME`) or `ID/NAME`.
    /// RAM role names compare ignoring case.
    pub fn find_role(&self, reference: &str) -> Option<&Role> {
        self.find_role_index(reference).map(|i| &self.roles[i])
    }

    /// The index of a role in [`Scenario::roles`], found as [`Scenario::find_role`] does.
    pub fn find_role_index(&self, reference: &str) -> Option<usize> {
        let (account, name) = split_role_reference(reference, self.dialect)?;
        self.roles.iter().position(|r| {
            r.account == account
                && match self.dialect {
                    Dialect::Aws => r.name == name,
                    Dialect::Aliyun => r.name.eq_ignore_ascii_case(&name),
                }
        })
    }

    /// The account with this id.
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// "Resource account (B) 2222…" for sentences.
    pub fn account_label(&self, id: &str) -> String {
        match self.account(id) {
            Some(a) if a.name != a.id => format!("{} ({})", a.name, a.id),
            _ => id.to_string(),
        }
    }
}

/// Splits a role reference into (account, name).
pub fn split_role_reference(reference: &str, dialect: Dialect) -> Option<(String, String)> {
    let r = reference.trim();
    if let Some((account, name)) = r.split_once('/')
        && account.bytes().all(|b| b.is_ascii_digit())
        && !account.is_empty()
    {
        return Some((account.to_string(), name.to_string()));
    }
    let parts: Vec<&str> = r.splitn(dialect.arn_parts(), ':').collect();
    let (account, resource) = match dialect {
        Dialect::Aws if parts.len() == 6 && parts[0] == "arn" => (parts[4], parts[5]),
        Dialect::Aliyun if parts.len() == 5 && parts[0] == "acs" => (parts[3], parts[4]),
        _ => return None,
    };
    let path = resource.strip_prefix("role/")?;
    Some((account.to_string(), path.rsplit('/').next().unwrap_or(path).to_string()))
}
