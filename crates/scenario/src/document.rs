//! The scenario file format as plain serde types: the schema of docs/scenarios.md, for programs
//! that edit scenarios (the web app's workspace) rather than run them.
//!
//! [`crate::scenario::load_scenario`] is the reader that runs a scenario: it checks every field,
//! resolves names and reports each problem at its line and column. A [`ScenarioDocument`] is the
//! same file as data: every field the loader knows, with the file's own words (dialects, decisions
//! and methods stay the strings the file uses, so aliases such as `"ram"` survive), policy
//! documents kept byte for byte ([`PolicyDocument`]), and absent lists distinct from empty ones.
//! Serializing a document gives a file the loader reads back to the same scenario; the tests below
//! check this on every built-in scenario.
//!
//! Fields are declared in alphabetical order, so serializing gives the member order of a JSON
//! object with sorted keys: a program that used to hold the file as a sorted `serde_json::Value`
//! produces the same text, and so the same positions in the loader's reports.

use playground_core::authorize::Decision;
use playground_core::dialect::Dialect;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A policy document as a file gives it: inline JSON or a string holding the document's text.
///
/// Both keep exactly what was written: inline JSON byte for byte (key order, spacing), a text
/// character for character, valid JSON or not. Cloning shares the text instead of copying it.
/// Reading one needs serde_json (inline JSON is a [`RawValue`]).
#[derive(Debug, Clone)]
pub enum PolicyDocument {
    /// Inline JSON, exactly as written in the file.
    Json(Arc<RawValue>),
    /// A JSON string: the document's text as typed or printed.
    Text(Arc<str>),
}

impl PolicyDocument {
    /// A document given as text.
    pub fn text(text: impl Into<Arc<str>>) -> PolicyDocument {
        PolicyDocument::Text(text.into())
    }

    /// Inline JSON from its text; `None` when the text is not one JSON value.
    pub fn json(json: &str) -> Option<PolicyDocument> {
        RawValue::from_string(json.to_string()).ok().map(|raw| PolicyDocument::Json(raw.into()))
    }

    /// The text, for a document given as text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            PolicyDocument::Text(t) => Some(t),
            PolicyDocument::Json(_) => None,
        }
    }

    /// The inline JSON as written, for a document given as JSON.
    pub fn as_json(&self) -> Option<&str> {
        match self {
            PolicyDocument::Json(raw) => Some(raw.get()),
            PolicyDocument::Text(_) => None,
        }
    }
}

impl PartialEq for PolicyDocument {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (PolicyDocument::Json(a), PolicyDocument::Json(b)) => Arc::ptr_eq(a, b) || a.get() == b.get(),
            (PolicyDocument::Text(a), PolicyDocument::Text(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => false,
        }
    }
}

impl Eq for PolicyDocument {}

impl Serialize for PolicyDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PolicyDocument::Json(raw) => raw.serialize(serializer),
            PolicyDocument::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for PolicyDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        if raw.get().starts_with('"') {
            let text: String = serde_json::from_str(raw.get()).map_err(de::Error::custom)?;
            Ok(PolicyDocument::Text(text.into()))
        } else {
            Ok(PolicyDocument::Json(raw.into()))
        }
    }
}

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDocument {
    /// The accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<AccountDocument>>,
    /// Cloud Backup's cross-account registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<BackupDocument>,
    /// The named checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<Vec<CheckDocument>>,
    /// What the scenario shows and where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `aws` or `aliyun` (or an alias the loader accepts); detected from the documents when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<String>,
    /// Groups of users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupDocument>>,
    /// The Resource Directory or AWS Organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationDocument>,
    /// The policy library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<LibraryPolicyDocument>>,
    /// Resources that carry their own policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<ResourceDocument>>,
    /// The roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<RoleDocument>>,
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// The users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<UserDocument>>,
}

impl ScenarioDocument {
    /// The dialect the file names, when it names one the loader knows.
    pub fn named_dialect(&self) -> Option<Dialect> {
        self.dialect.as_deref().and_then(Dialect::from_name)
    }

    /// Every policy document of the scenario, mutably: library policies (`document` and `text`),
    /// trust policies, resource policies and the session policies of check hops.
    pub fn documents_mut(&mut self) -> impl Iterator<Item = &mut PolicyDocument> {
        let library = self.policies.iter_mut().flatten().flat_map(|p| p.document.iter_mut().chain(p.text.iter_mut()));
        let trust = self.roles.iter_mut().flatten().map(|r| &mut r.trust_policy);
        let resources = self.resources.iter_mut().flatten().filter_map(|r| r.policy.as_mut());
        let sessions =
            self.checks.iter_mut().flatten().flat_map(|c| c.chain.iter_mut().flatten()).filter_map(|h| match h {
                HopDocument::Role(_) => None,
                HopDocument::Assume(a) => a.session_policy.as_mut(),
            });
        library.chain(trust).chain(resources).chain(sessions)
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountDocument {
    /// The account id.
    pub id: String,
    /// A name for people (the id when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A Resource Directory or an AWS Organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationDocument {
    /// Control policies attached to accounts themselves, by account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_control_policies: Option<BTreeMap<String, Vec<String>>>,
    /// Resource control policies attached to accounts themselves (AWS), by account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_resource_control_policies: Option<BTreeMap<String, Vec<String>>>,
    /// Delegated administrator accounts, by trusted service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_administrators: Option<BTreeMap<String, Vec<String>>>,
    /// `resource_directory` or `aws_organization`; follows the dialect when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The management account.
    pub management_account: String,
    /// The root node (the loader reports an organization without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<OrgNodeDocument>,
}

/// The root, a folder (Resource Directory) or an OU (AWS).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgNodeDocument {
    /// Member accounts directly in this node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<String>>,
    /// Control policies attached here, by library name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_policies: Option<Vec<String>>,
    /// Child nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folders: Option<Vec<OrgNodeDocument>>,
    /// Its name (`Root` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Resource control policies attached here (AWS), by library name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_control_policies: Option<Vec<String>>,
}

/// A named policy of the library: `document` (JSON) or `text` (a string kept as printed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryPolicyDocument {
    /// A text that cannot be read is a warning, not an error (the policy grants nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_printed: Option<bool>,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The document as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<PolicyDocument>,
    /// Its name, by which roles, users, groups and the organization attach it.
    pub name: String,
    /// Cloud-managed (read-only in the editor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<bool>,
    /// The document as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<PolicyDocument>,
}

impl LibraryPolicyDocument {
    /// The policy's document, whichever field holds it (`document` first).
    pub fn source(&self) -> Option<&PolicyDocument> {
        self.document.as_ref().or(self.text.as_ref())
    }
}

/// A role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDocument {
    /// The account the role is in (its id).
    pub account: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Longest session it allows, in seconds (900 to 43,200; 3,600 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<u32>,
    /// The role's name (RAM compares role names ignoring case).
    pub name: String,
    /// Its path (AWS), `/` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its permissions boundary (AWS), by library name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// Attached policies, by library name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<String>>,
    /// For a service-linked role: the only service that may assume it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_linked: Option<String>,
    /// Its trust policy.
    pub trust_policy: PolicyDocument,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserDocument {
    /// The account the user is in (its id).
    pub account: String,
    /// Groups it belongs to, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// The user's name, the last part of its ARN.
    pub name: String,
    /// Its permissions boundary (AWS), by library name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// Attached policies, by library name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<String>>,
}

/// A group of users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDocument {
    /// The account the group is in (its id).
    pub account: String,
    /// The group's name, by which users join it.
    pub name: String,
    /// Attached policies, by library name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<String>>,
}

/// A resource with its own policy (a bucket, a vault, a key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceDocument {
    /// Its account (read from the ARN when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Its name (ARN), by which the resource policy is named in explanations.
    pub arn: String,
    /// What it is, for people (`resource` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its resource policy (`null` reads as absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDocument>,
}

/// Cloud Backup's registration: the management account and the accounts it backs up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupDocument {
    /// The backup management account.
    pub management_account: String,
    /// The registered resource accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_accounts: Option<Vec<BackupMemberDocument>>,
}

/// One registered resource account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupMemberDocument {
    /// The account.
    pub account: String,
    /// `ram_role` or `resource_directory`.
    pub method: String,
    /// The role Cloud Backup assumes, for the `ram_role` method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A named check: who starts, the chain, the final request and the expected decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDocument {
    /// Cloud Backup's own chain to this registered resource account (instead of `chain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_account: Option<String>,
    /// The roles to assume, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Vec<HopDocument>>,
    /// `allow`, `explicit_deny` or `implicit_deny` (or an alias the loader accepts).
    pub expected: String,
    /// Who starts: a user ARN, a role session ARN or a service principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The check's name, as the results show it.
    pub name: String,
    /// The final request; without one the check is about the chain alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<CheckRequestDocument>,
}

impl CheckDocument {
    /// The expected decision, when the file names one the loader knows.
    pub fn expected_decision(&self) -> Option<Decision> {
        Decision::from_name(&self.expected)
    }
}

/// A check's final request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequestDocument {
    /// The action.
    pub action: String,
    /// Context keys and their values (strings, numbers, booleans or lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<BTreeMap<String, serde_json::Value>>,
    /// The resource (`*` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Context keys meant although the cloud does not send them with the action (see
    /// docs/evaluation.md, "Context keys the action never carries").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intended_context_keys: Vec<String>,
}

/// One hop of a check's chain: a role reference, or a role with the AssumeRole request's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum HopDocument {
    /// `ACCOUNT/NAME` or a role ARN.
    Role(String),
    /// A role with session name, session policy, duration or context.
    Assume(AssumeDocument),
}

impl HopDocument {
    /// The role to assume, however the hop is written.
    pub fn role(&self) -> &str {
        match self {
            HopDocument::Role(role) => role,
            HopDocument::Assume(a) => &a.role,
        }
    }

    /// The role reference, mutably.
    pub fn role_mut(&mut self) -> &mut String {
        match self {
            HopDocument::Role(role) => role,
            HopDocument::Assume(a) => &mut a.role,
        }
    }
}

// Written by hand rather than `#[serde(untagged)]`: untagged enums buffer their input, which
// loses the raw text a session policy keeps.
impl<'de> Deserialize<'de> for HopDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HopVisitor;

        impl<'de> Visitor<'de> for HopVisitor {
            type Value = HopDocument;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a role (ARN or ACCOUNT/NAME) or an object with \"role\"")
            }

            fn visit_str<E: de::Error>(self, role: &str) -> Result<HopDocument, E> {
                Ok(HopDocument::Role(role.to_string()))
            }

            fn visit_string<E: de::Error>(self, role: String) -> Result<HopDocument, E> {
                Ok(HopDocument::Role(role))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<HopDocument, A::Error> {
                AssumeDocument::deserialize(de::value::MapAccessDeserializer::new(map)).map(HopDocument::Assume)
            }
        }

        deserializer.deserialize_any(HopVisitor)
    }
}

/// An AssumeRole hop with its details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssumeDocument {
    /// Extra context for the AssumeRole request (`sts:ExternalId`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<BTreeMap<String, serde_json::Value>>,
    /// Requested session duration in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// The role to assume.
    pub role: String,
    /// The session name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// A session policy passed with AssumeRole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<PolicyDocument>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Scenario, load_scenario};

    const BUILT_IN: &[(&str, &str)] = &[
        ("aws-backup", include_str!("../../../scenarios/aws-backup.json")),
        ("cloud-backup-ram-role", include_str!("../../../scenarios/cloud-backup-ram-role.json")),
        ("cloud-backup-resource-directory", include_str!("../../../scenarios/cloud-backup-resource-directory.json")),
        (
            "cloud-backup-service-linked-roles",
            include_str!("../../../scenarios/cloud-backup-service-linked-roles.json"),
        ),
        (
            "cloud-backup-service-linked-roles-as-printed",
            include_str!("../../../scenarios/cloud-backup-service-linked-roles-as-printed.json"),
        ),
    ];

    /// What a loaded scenario means, without positions (which move when the file is re-spaced).
    fn meaning(s: &Scenario) -> Vec<String> {
        let mut out = vec![format!("{} | {} | {:?}", s.name, s.description, s.dialect)];
        out.extend(s.accounts.iter().map(|a| format!("account {} {}", a.id, a.name)));
        out.extend(s.policies.iter().map(|p| {
            let statements = p.policy.as_ref().map_or(0, |p| p.statements.len());
            format!(
                "policy {} system={} statements={statements} problem={:?} text={:?}",
                p.name, p.system, p.problem, p.text
            )
        }));
        out.extend(s.roles.iter().map(|r| {
            format!(
                "role {}/{} path={} policies={:?} boundary={:?} max={} linked={:?} trust statements={}",
                r.account,
                r.name,
                r.path,
                r.policies,
                r.boundary,
                r.max_session_duration,
                r.linked_service,
                r.trust.statements.len()
            )
        }));
        out.extend(s.users.iter().map(|u| format!("user {}/{} {:?} {:?}", u.account, u.name, u.policies, u.groups)));
        out.extend(s.resources.iter().map(|r| format!("resource {} {} {}", r.arn, r.account, r.kind)));
        if let Some(org) = &s.organization {
            out.push(format!("organization {:?} {}", org.kind, org.management_account));
            out.extend(org.nodes.iter().map(|n| {
                format!(
                    "node {} {:?} {:?} {:?} {:?}",
                    n.name, n.parent, n.control_policies, n.resource_control_policies, n.accounts
                )
            }));
            out.push(format!(
                "{:?} {:?} {:?}",
                org.account_control_policies, org.account_resource_control_policies, org.delegated_administrators
            ));
        }
        if let Some(b) = &s.backup {
            out.push(format!("backup {} {:?}", b.management_account, b.resource_accounts));
        }
        out.extend(s.checks.iter().map(|c| {
            format!(
                "check {} from={} action={:?} resource={} expected={:?}",
                c.name, c.from, c.action, c.resource, c.expected
            )
        }));
        // The results say the rest: every hop's and final request's decision and sentence.
        out.extend(s.run_checks().iter().map(|r| format!("result {} {:?} {}", r.check, r.decision, r.summary)));
        out
    }

    #[test]
    fn every_built_in_scenario_round_trips_without_loss() {
        for (name, text) in BUILT_IN {
            let document: ScenarioDocument = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let written = serde_json::to_string_pretty(&document).unwrap();
            // The same JSON value, member for member.
            let before: serde_json::Value = serde_json::from_str(text).unwrap();
            let after: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(before, after, "{name}");
            // Reading the written file again gives the same document.
            assert_eq!(serde_json::from_str::<ScenarioDocument>(&written).unwrap(), document, "{name}");
            // The loader reads the same scenario from both, with the same reports.
            let (original, rewritten) = (load_scenario(text), load_scenario(&written));
            let messages =
                |l: &crate::scenario::LoadedScenario| l.issues.iter().map(|i| i.to_string()).collect::<Vec<_>>();
            assert_eq!(messages(&original), messages(&rewritten), "{name}");
            let (original, rewritten) = (original.scenario.expect(name), rewritten.scenario.expect(name));
            assert_eq!(meaning(&original), meaning(&rewritten), "{name}");
        }
    }

    #[test]
    fn policy_documents_keep_their_exact_text() {
        let text = include_str!("../../../scenarios/cloud-backup-service-linked-roles-as-printed.json");
        let document: ScenarioDocument = serde_json::from_str(text).unwrap();
        let before: serde_json::Value = serde_json::from_str(text).unwrap();
        let policies = document.policies.as_ref().unwrap();
        // As-printed policies are strings, kept character for character (missing comma included).
        for (p, raw) in policies.iter().zip(before["policies"].as_array().unwrap()) {
            assert_eq!(p.text.as_ref().and_then(PolicyDocument::as_text), raw["text"].as_str(), "{}", p.name);
        }
        assert!(policies.iter().any(|p| {
            p.text
                .as_ref()
                .and_then(PolicyDocument::as_text)
                .is_some_and(|t| serde_json::from_str::<serde_json::Value>(t).is_err())
        }));
        // Inline JSON keeps its member order and spacing.
        let text = include_str!("../../../scenarios/cloud-backup-ram-role.json");
        let document: ScenarioDocument = serde_json::from_str(text).unwrap();
        let first = document.policies.as_ref().unwrap()[0].document.as_ref().unwrap().as_json().unwrap();
        assert!(first.starts_with("{\n        \"Version\": \"1\",\n        \"Statement\": ["), "{first}");
        assert!(text.contains(first));
    }

    #[test]
    fn the_documented_format_is_the_document_type() {
        // docs/scenarios.md shows every field; its example must read as a document.
        let docs = include_str!("../../../docs/scenarios.md");
        let example = docs.split("```json\n").nth(1).and_then(|s| s.split("\n```").next()).unwrap();
        let document: ScenarioDocument = serde_json::from_str(example).unwrap();
        let role = &document.roles.as_ref().unwrap()[0];
        assert_eq!(role.max_session_duration, Some(3600));
        assert_eq!(role.permissions_boundary.as_deref(), Some("name (AWS)"));
        let hops = document.checks.as_ref().unwrap()[1].chain.as_ref().unwrap();
        assert_eq!(hops[0], HopDocument::Role("1111111111111111/ops".into()));
        assert!(
            matches!(&hops[1], HopDocument::Assume(a) if a.session_policy.as_ref().and_then(PolicyDocument::as_json) == Some("{ }"))
        );
        // Every field the document type writes is one the loader knows: no "unknown field".
        let loaded = load_scenario(&serde_json::to_string(&document).unwrap());
        let unknown: Vec<String> =
            loaded.issues.iter().map(|i| i.to_string()).filter(|m| m.contains("unknown field")).collect();
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn unknown_fields_and_wrong_shapes_are_refused() {
        let e = serde_json::from_str::<ScenarioDocument>(r#"{"scenario": "x", "acounts": []}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field `acounts`"), "{e}");
        let e = serde_json::from_str::<ScenarioDocument>(r#"{"roles": [{"account": "1", "name": "r"}]}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `trust_policy`"), "{e}");
        let e = serde_json::from_str::<ScenarioDocument>(
            r#"{"checks": [{"name": "c", "expected": "allow", "chain": [7]}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("a role (ARN or ACCOUNT/NAME)"), "{e}");
    }

    #[test]
    fn absent_and_empty_lists_stay_apart_and_aliases_stay_as_written() {
        let text = r#"{"dialect":"ram","roles":[{"account":"1","name":"r","policies":[],"trust_policy":"{}"}],"checks":[{"expected":"Allowed","name":"c"}]}"#;
        let document: ScenarioDocument = serde_json::from_str(text).unwrap();
        let written: serde_json::Value = serde_json::to_value(&document).unwrap();
        assert_eq!(written, serde_json::from_str::<serde_json::Value>(text).unwrap());
        assert_eq!(document.named_dialect(), Some(Dialect::Aliyun));
        assert_eq!(document.checks.as_ref().unwrap()[0].expected_decision(), Some(Decision::Allow));
        assert_eq!(document.roles.as_ref().unwrap()[0].policies, Some(vec![]));
        assert_eq!(document.users, None);
    }

    #[test]
    fn documents_mut_reaches_every_policy_document() {
        let mut document: ScenarioDocument =
            serde_json::from_str(include_str!("../../../scenarios/aws-backup.json")).unwrap();
        let count = document.documents_mut().count();
        let expected = document.policies.as_ref().unwrap().len()
            + document.roles.as_ref().unwrap().len()
            + document.resources.as_ref().unwrap().iter().filter(|r| r.policy.is_some()).count();
        assert_eq!(count, expected);
        for d in document.documents_mut() {
            *d = PolicyDocument::text("{}");
        }
        assert!(document.roles.unwrap().iter().all(|r| r.trust_policy.as_text() == Some("{}")));
    }
}
