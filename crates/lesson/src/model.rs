//! A lesson once read: its words, its checks and constraints, and its two built states (the
//! starting state a learner gets and the reference solution), both scenario documents.

use crate::edit::Edit;
use playground_scenario::document::{CheckDocument, ScenarioDocument};

/// Where a lesson's scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioSource {
    /// A built-in scenario, by name (`scenarios/NAME.json`).
    Builtin(String),
    /// A whole scenario written in the lesson.
    Inline,
}

/// One policy document of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocTarget {
    /// A library policy, by name.
    Policy(String),
    /// A role's trust policy (`ACCOUNT/NAME` or the role's ARN).
    TrustPolicy(String),
    /// A resource's policy, by the resource's ARN.
    ResourcePolicy(String),
}

impl DocTarget {
    /// The document in words ("the trust policy of 2222/hbrcrossrole").
    pub fn describe(&self) -> String {
        match self {
            DocTarget::Policy(name) => format!("policy {name}"),
            DocTarget::TrustPolicy(role) => format!("the trust policy of {role}"),
            DocTarget::ResourcePolicy(arn) => format!("the policy of {arn}"),
        }
    }
}

/// A part of the scenario a learner may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditablePart {
    /// A policy document.
    Document(DocTarget),
    /// Which policies a role or user has attached (`ACCOUNT/NAME` or an ARN).
    Attachments(String),
    /// The organization (membership, control policies, delegated administrators).
    Organization,
    /// Cloud Backup's registration of resource accounts.
    Backup,
    /// Adding library policies of the learner's own.
    NewPolicies,
}

impl EditablePart {
    /// The part in words.
    pub fn describe(&self) -> String {
        match self {
            EditablePart::Document(doc) => doc.describe(),
            EditablePart::Attachments(who) => format!("the policies attached to {who}"),
            EditablePart::Organization => "the organization".into(),
            EditablePart::Backup => "Cloud Backup's registered accounts".into(),
            EditablePart::NewPolicies => "new policies of your own".into(),
        }
    }
}

/// A condition on a solution beyond the decisions of the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintKind {
    /// The policy is attached to the role or user.
    Attached {
        /// The policy.
        policy: String,
        /// The role or user.
        to: String,
    },
    /// The policy is not attached to the role or user.
    NotAttached {
        /// The policy.
        policy: String,
        /// The role or user.
        to: String,
    },
    /// The trust or resource policy's Allow statements name exactly these principals.
    AdmitsExactly {
        /// The trust or resource policy.
        document: DocTarget,
        /// The principals, as written in policies (ARNs, account ids, service names).
        principals: Vec<String>,
    },
    /// The document means the same as in the starting state.
    Unchanged(DocTarget),
}

/// A constraint with the words a learner reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// What it requires, in words (the file's `name`, or one written from the constraint).
    pub name: String,
    /// What is required.
    pub kind: ConstraintKind,
}

/// A lesson, read and built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// A stable identifier (`trust-policy-wrong-account`).
    pub id: String,
    /// The title.
    pub title: String,
    /// What to achieve, in plain words.
    pub goal: String,
    /// Where the scenario comes from.
    pub source: ScenarioSource,
    /// The steps to follow, in order.
    pub steps: Vec<String>,
    /// Hints, to be revealed one at a time.
    pub hints: Vec<String>,
    /// What the learner may change.
    pub editable: Vec<EditablePart>,
    /// Requests and chains that must come out as expected (the scenario format's checks).
    pub checks: Vec<CheckDocument>,
    /// Conditions on the solution.
    pub constraints: Vec<Constraint>,
    /// The checks and constraints the starting state fails, by name, in lesson order: what is
    /// broken on purpose (empty when the lesson does not say).
    pub fails_at_start: Vec<String>,
    /// The edits that make the starting state from the scenario.
    pub start_edits: Vec<Edit>,
    /// The edits that make the reference solution from the starting state.
    pub solution_edits: Vec<Edit>,
    /// The starting state: the scenario with the start edits applied and the lesson's checks.
    pub start: ScenarioDocument,
    /// The reference solution: the starting state with the solution edits applied.
    pub solution: ScenarioDocument,
}
