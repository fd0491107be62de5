//! Scenarios: accounts, organizations, roles, users and named checks ([`model`], read by
//! [`loader`], problems in [`issue`]); AssumeRole chains through them ([`chain`]), every path
//! to a permission ([`paths`]), and Cloud Backup's own chains and "what breaks" mutations
//! ([`cloud_backup`]). [`document`] is the scenario file format as serde types, for programs that
//! edit scenarios.

pub mod chain;
pub mod cloud_backup;
pub mod document;
pub mod fixes;
pub mod issue;
pub mod loader;
pub mod model;
pub mod paths;
#[cfg(test)]
mod test_support;

/// The scenario API under the path it had before the model, the loader and Cloud Backup
/// became modules of their own (the facade, the CLI, the web app and the tests use it).
pub mod scenario {
    pub use crate::cloud_backup::{BackupMember, BackupMethod, BackupSetup};
    pub use crate::issue::{ScenarioIssue, ShapeProblem};
    pub use crate::loader::{LoadOptions, LoadedScenario, SECTION_LIMITS, load_scenario, load_scenario_with};
    pub use crate::model::{
        Account, ChainSpec, Check, Group, HopSpec, LibraryPolicy, OrgKind, OrgNode, Organization, Resource, Role,
        Scenario, SentKeys, User, named_account, resource_policy_name, split_role_reference, split_user_reference,
        trust_policy_name,
    };
}

/// The "what breaks" mutations under the path they had before they moved to
/// [`cloud_backup::breaks`].
pub mod mutation {
    pub use crate::cloud_backup::breaks::{Mutation, NamedMutation};
}
