//! Context keys the action never carries: a case's context checked against what the cloud
//! sends for its action (the catalogue's global keys plus the keys it lists for the action and
//! its resource types). The engine core knows no catalogue; this joins the two.

use crate::case::Case;
use crate::catalog::Catalogs;
use crate::dialect::Dialect;
use crate::scenario::{Scenario, SentKeys};

/// Leaves out of `case`'s evaluation each context key the cloud would not send with its
/// action, unless the case lists it in `request.intended_context_keys`; the result then
/// warns about each (`unsent-context-key`) and its explanation names them. Returns the keys
/// left out; none when there is no catalogue for the case's cloud or it cannot tell.
pub fn set_aside_unsent_keys(case: &mut Case, catalogs: &Catalogs) -> Vec<String> {
    let Some(catalog) = catalogs.get(case.request.dialect) else {
        return Vec::new();
    };
    let action = case.request.action.clone();
    case.set_aside_unsent_keys(|key| catalog.sends_key(&action, key))
}

/// What `dialect`'s cloud sends with each action, as `catalogs` knows it; `None` without a
/// catalogue for that cloud.
pub fn sent_keys(catalogs: &Catalogs, dialect: Dialect) -> Option<SentKeys> {
    catalogs.get(dialect)?;
    let catalogs = catalogs.clone();
    Some(SentKeys::new(move |action, key| catalogs.get(dialect)?.sends_key(action, key)))
}

/// `scenario` with its requests' context keys checked against what its cloud sends (see
/// [`Scenario::sent_keys`]).
pub fn with_sent_keys(mut scenario: Scenario, catalogs: &Catalogs) -> Scenario {
    scenario.sent_keys = sent_keys(catalogs, scenario.dialect);
    scenario
}
