//! The rules a hop applies besides policy evaluation (docs/scenarios.md, "Chains"): only the
//! linked service assumes a service-linked role, sessions last from 900 s to the role's
//! maximum (one hour when AWS chains roles), and the session name a hop gets by default.

use crate::model::{Role, Scenario};
use playground_core::dialect::Dialect;

/// Session length when a hop does not ask for one (both clouds default to one hour).
pub const DEFAULT_SESSION_SECONDS: u32 = 3600;

/// The linked service, when `role` is service-linked and the caller is not that service.
pub(crate) fn service_linked_refusal<'r>(role: &'r Role, caller: &str) -> Option<&'r str> {
    role.linked_service.as_deref().filter(|service| !caller.eq_ignore_ascii_case(service))
}

impl Scenario {
    /// Why a session of `requested` seconds cannot be had, if it cannot: at least 900 s,
    /// at most the role's maximum, and (AWS) at most one hour when chaining from a role session.
    pub(crate) fn duration_problem(&self, role: &Role, chained: bool, requested: u32) -> Option<String> {
        let chaining_cap = chained && self.dialect == Dialect::Aws;
        let limit = if chaining_cap { role.max_session_duration.min(3600) } else { role.max_session_duration };
        if requested < 900 {
            Some(format!("a session lasts at least 900 seconds; {requested} was requested"))
        } else if requested > limit {
            Some(if chaining_cap && requested <= role.max_session_duration {
                format!("role chaining limits a session to one hour (3600 s); {requested} s was requested")
            } else {
                format!(
                    "{} allows sessions of at most {} s; {requested} s was requested",
                    role.name, role.max_session_duration
                )
            })
        } else {
            None
        }
    }
}

/// The session name of a hop that names none, from the caller's principal.
pub(super) fn default_session_name(principal: &str) -> String {
    // A service principal's first label ("crossbackup" for crossbackup.hbr.aliyuncs.com),
    // otherwise the last part of the caller's name.
    let tail = if principal.contains([':', '/']) {
        principal.rsplit(['/', ':']).next().unwrap_or("session")
    } else {
        principal.split('.').next().unwrap_or("session")
    };
    let name: String = tail.chars().filter(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(*c)).take(64).collect();
    if name.len() >= 2 { name } else { "playground".into() }
}
