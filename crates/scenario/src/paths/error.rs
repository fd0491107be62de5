//! Why a path query cannot run, with what to write instead.

use crate::model::{Scenario, split_role_reference};
use playground_core::issue::did_you_mean;
use std::fmt;

/// Why a path query cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The role is written neither as `ACCOUNT/NAME` nor as a role ARN of the scenario's dialect.
    NotARoleReference {
        /// The reference as given.
        reference: String,
        /// One of the scenario's roles as `ACCOUNT/NAME`, to show the form.
        example: Option<String>,
    },
    /// The reference is well formed, but the scenario defines no such role.
    UnknownRole {
        /// The account it names.
        account: String,
        /// The role name it names.
        name: String,
        /// The closest role the scenario has, as `ACCOUNT/NAME`.
        suggestion: Option<String>,
        /// The names of the roles the scenario has in that account.
        roles_in_account: Vec<String>,
    },
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::NotARoleReference { reference, example } => {
                write!(f, "\"{reference}\" does not name a role: write it as ACCOUNT/NAME")?;
                if let Some(e) = example {
                    write!(f, " (such as {e})")?;
                }
                write!(f, " or as the role's ARN")
            }
            PathError::UnknownRole { account, name, suggestion, roles_in_account } => {
                write!(f, "the scenario has no role {name} in account {account}")?;
                if let Some(s) = suggestion {
                    return write!(f, ": did you mean {s}?");
                }
                match roles_in_account.as_slice() {
                    [] => write!(f, " (it has no roles in that account)"),
                    names => write!(f, "; roles in that account: {}", names.join(", ")),
                }
            }
        }
    }
}

impl std::error::Error for PathError {}

/// The index of the role a reverse query targets, or why `reference` names none.
pub(super) fn target_role(s: &Scenario, reference: &str) -> Result<usize, PathError> {
    if let Some(index) = s.find_role_index(reference) {
        return Ok(index);
    }
    let known: Vec<String> = s.roles.iter().map(|r| format!("{}/{}", r.account, r.name)).collect();
    let Some((account, name)) = split_role_reference(reference, s.dialect) else {
        return Err(PathError::NotARoleReference { reference: reference.to_string(), example: known.first().cloned() });
    };
    let suggestion = did_you_mean(&format!("{account}/{name}"), known.iter().map(String::as_str)).map(str::to_string);
    let roles_in_account = s.roles.iter().filter(|r| r.account == account).map(|r| r.name.clone()).collect();
    Err(PathError::UnknownRole { account, name, suggestion, roles_in_account })
}
