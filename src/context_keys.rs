//! Context keys the action never carries: a case's context checked against what the cloud
//! sends for its action (the catalogue's global keys plus the keys it lists for the action and
//! its resource types). The engine core knows no catalogue; this joins the two.

use crate::case::Case;
use crate::catalog::Catalogs;

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
