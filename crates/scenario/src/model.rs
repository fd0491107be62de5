//! The scenario model: accounts, an organization, a policy library, roles, users,
//! resources and named checks, and the lookups every other module shares (roles by
//! reference, accounts by id, policies by name). Reading it from JSON is the loader's job
//! ([`crate::loader`]); the file format is in docs/scenarios.md.

use crate::cloud_backup::setup::BackupSetup;
use playground_core::authorize::Decision;
use playground_core::dialect::Dialect;
use playground_core::policy::Policy;
use playground_core::request::Context;
use playground_core::span::Span;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// What a cloud sends with an action: `sends(action, key)` says whether a request for
/// `action` can carry context key `key` (`None`: it cannot tell). A catalogue answers it
/// (`Catalog::sends_key`); the scenario crate knows none, so the program hands it in.
#[derive(Clone)]
pub struct SentKeys(Arc<SendsKey>);

/// The question [`SentKeys`] answers: `sends(action, key)`.
type SendsKey = dyn Fn(&str, &str) -> Option<bool> + Send + Sync;

impl SentKeys {
    /// The question answered by `sends(action, key)`.
    pub fn new(sends: impl Fn(&str, &str) -> Option<bool> + Send + Sync + 'static) -> SentKeys {
        SentKeys(Arc::new(sends))
    }

    /// Whether the cloud sends `key` with `action` (`None`: it cannot tell).
    pub fn sends(&self, action: &str, key: &str) -> Option<bool> {
        (self.0)(action, key)
    }
}

impl fmt::Debug for SentKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SentKeys(..)")
    }
}

/// An account of the scenario; every account another section names must be one of these.
#[derive(Debug, Clone)]
pub struct Account {
    /// The account id (12 digits in AWS, 16 in Alibaba Cloud), as written in ARNs.
    pub id: String,
    /// A name for people ("Resource account B"); the id when the file gives none.
    pub name: String,
    /// The account's object in the scenario file.
    pub span: Span,
}

/// Which kind of organization, and so which control policies apply (RD control policies or SCPs and RCPs).
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
    /// The folder's or OU's name ("Root" when the file gives none).
    pub name: String,
    /// The parent node, `None` for the root.
    pub parent: Option<usize>,
    /// Control policies (RD control policies, SCPs) attached here, by library name.
    pub control_policies: Vec<String>,
    /// Resource control policies attached here (AWS), by library name.
    pub resource_control_policies: Vec<String>,
    /// Member accounts directly in this node.
    pub accounts: Vec<String>,
    /// The node's object in the scenario file.
    pub span: Span,
}

/// A Resource Directory or an AWS Organization.
#[derive(Debug, Clone)]
pub struct Organization {
    /// Resource Directory or AWS Organizations (follows the dialect when the file does not say).
    pub kind: OrgKind,
    /// The management account: a member that no control policy applies to.
    pub management_account: String,
    /// All nodes; index 0 is the root.
    pub nodes: Vec<OrgNode>,
    /// Control policies attached to accounts themselves, the last level under their folders.
    pub account_control_policies: BTreeMap<String, Vec<String>>,
    /// Resource control policies attached to accounts themselves (AWS).
    pub account_resource_control_policies: BTreeMap<String, Vec<String>>,
    /// Delegated administrator accounts per trusted service (`hbr.aliyuncs.com`), in the order listed.
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

/// A named policy in the library, attached elsewhere by its name.
#[derive(Debug, Clone)]
pub struct LibraryPolicy {
    /// The name roles, users, groups and organization nodes attach it by.
    pub name: String,
    /// System (cloud-managed) policies are read-only.
    pub system: bool,
    /// The compiled document; `None` for an as-printed text that cannot be read.
    pub policy: Option<Policy>,
    /// Why an as-printed text cannot be used, with its position in that text.
    pub problem: Option<String>,
    /// The text as given, for `"text"` policies (kept so the editor can show it as printed).
    pub text: Option<String>,
    /// The policy's entry in the scenario file.
    pub span: Span,
}

/// A role: who may assume it (its trust policy) and what its sessions may do.
#[derive(Debug, Clone)]
pub struct Role {
    /// The account the role belongs to.
    pub account: String,
    /// The role name; RAM role names compare ignoring case, AWS ones exactly.
    pub name: String,
    /// Its path (AWS), `/` when not given.
    pub path: String,
    /// Its trust policy: the resource policy of every AssumeRole on it.
    pub trust: Policy,
    /// The trust policy's text when the file gives it as a string (its spans are positions in
    /// this text, not in the file), for edits such as the engine's hints.
    pub trust_text: Option<String>,
    /// Attached policies, by library name.
    pub policies: Vec<String>,
    /// Its permissions boundary (AWS), by library name.
    pub boundary: Option<String>,
    /// Longest session it allows, in seconds (900 to 43200; 3600 when not given).
    pub max_session_duration: u32,
    /// For a service-linked role: the only service that may assume it.
    pub linked_service: Option<String>,
    /// The role's object in the scenario file.
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

/// A user: a starting identity whose policies come from itself and its groups.
#[derive(Debug, Clone)]
pub struct User {
    /// The account the user belongs to.
    pub account: String,
    /// The user name, as in its ARN.
    pub name: String,
    /// Attached policies, by library name.
    pub policies: Vec<String>,
    /// Groups it belongs to, by name, in its own account.
    pub groups: Vec<String>,
    /// Its permissions boundary (AWS), by library name.
    pub boundary: Option<String>,
    /// The user's object in the scenario file.
    pub span: Span,
}

impl User {
    /// The user's ARN in the dialect's syntax.
    pub fn arn(&self, dialect: Dialect) -> String {
        match dialect {
            Dialect::Aws => format!("arn:aws:iam::{}:user/{}", self.account, self.name),
            Dialect::Aliyun => format!("acs:ram::{}:user/{}", self.account, self.name),
        }
    }
}

/// A group of users, whose attached policies speak for each member.
#[derive(Debug, Clone)]
pub struct Group {
    /// The account the group and its members belong to.
    pub account: String,
    /// The group name users list in their `groups`.
    pub name: String,
    /// Attached policies, by library name; they apply to every member.
    pub policies: Vec<String>,
}

/// A resource that carries its own policy (a bucket, a vault, a key).
#[derive(Debug, Clone)]
pub struct Resource {
    /// Its ARN; a final request on exactly this resource is decided with its policy.
    pub arn: String,
    /// Its account (from the ARN when the file does not say).
    pub account: String,
    /// What it is, for people ("OSS bucket").
    pub kind: String,
    /// Its resource policy (bucket policy, vault access policy, key policy), if any.
    pub policy: Option<Policy>,
    /// The resource's object in the scenario file.
    pub span: Span,
}

/// One hop of a check's chain.
#[derive(Debug, Clone)]
pub struct HopSpec {
    /// The role to assume (ARN, or `ACCOUNT/NAME`).
    pub role: String,
    /// The session name; without one, a name derived from the caller.
    pub session_name: Option<String>,
    /// A session policy passed with AssumeRole.
    pub session_policy: Option<Policy>,
    /// Requested session duration in seconds; 3600 when not given.
    pub duration: Option<u32>,
    /// Extra context for the AssumeRole request (`sts:ExternalId`, ...).
    pub context: Context,
}

/// How a check's chain is given: listed role by role, or left to Cloud Backup to plan.
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
    /// The check's name, unique within the scenario, as results report it.
    pub name: String,
    /// Who starts (user ARN, role session ARN, service principal); empty for Cloud Backup's default.
    pub from: String,
    /// The roles to assume before the final request.
    pub chain: ChainSpec,
    /// The final action, when the check has one.
    pub action: Option<String>,
    /// The final request's resource; `*` when not given.
    pub resource: String,
    /// The final request's context.
    pub context: Context,
    /// Context keys the final request carries on purpose although the catalogue says the cloud
    /// does not send them with its action (a bucket with ABAC on, say): they are not set aside.
    pub intended_context_keys: Vec<String>,
    /// The decision the check expects.
    pub expected: Decision,
    /// The check's object in the scenario file.
    pub span: Span,
}

/// A whole scenario, as loaded: every section of the file, references already checked.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its title ("scenario" when the file gives none).
    pub name: String,
    /// What it shows and where it comes from.
    pub description: String,
    /// The dialect of all its documents, given or detected from them.
    pub dialect: Dialect,
    /// The accounts, in file order.
    pub accounts: Vec<Account>,
    /// The Resource Directory or AWS Organization, if any.
    pub organization: Option<Organization>,
    /// The policy library, looked up by name ([`Scenario::policy`]).
    pub policies: Vec<LibraryPolicy>,
    /// The roles, looked up by reference ([`Scenario::find_role`]).
    pub roles: Vec<Role>,
    /// The users, in file order (the first starting identities of path search).
    pub users: Vec<User>,
    /// The groups of users.
    pub groups: Vec<Group>,
    /// Resources that carry their own policy.
    pub resources: Vec<Resource>,
    /// Cloud Backup's registration, if the scenario uses it.
    pub backup: Option<BackupSetup>,
    /// What the cloud sends with each action, when the program knows (a catalogue): a
    /// request's context keys the cloud would not send are left out of its evaluation.
    pub sent_keys: Option<SentKeys>,
    /// The named checks, in file order.
    pub checks: Vec<Check>,
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
    /// A library policy's document by name; `None` for an unknown name or an unreadable as-printed text.
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

    /// The account with this id, if the scenario defines it.
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// How sentences name an account: "Resource account B (2222222222222222)", or the bare id.
    pub fn account_label(&self, id: &str) -> String {
        match self.account(id) {
            Some(a) if a.name != a.id => format!("{} ({})", a.name, a.id),
            _ => id.to_string(),
        }
    }
}

/// Splits a role reference (`ACCOUNT/NAME`, or a role ARN whose path is dropped) into (account, name).
pub fn split_role_reference(reference: &str, dialect: Dialect) -> Option<(String, String)> {
    split_reference(reference, dialect, "role/")
}

/// Splits a user reference (`ACCOUNT/NAME`, or a user ARN whose path is dropped) into (account, name).
pub fn split_user_reference(reference: &str, dialect: Dialect) -> Option<(String, String)> {
    split_reference(reference, dialect, "user/")
}

/// `ACCOUNT/NAME`, or an ARN whose resource starts with `kind` (`role/`, `user/`), as (account, name).
fn split_reference(reference: &str, dialect: Dialect, kind: &str) -> Option<(String, String)> {
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
    let path = resource.strip_prefix(kind)?;
    Some((account.to_string(), path.rsplit('/').next().unwrap_or(path).to_string()))
}
