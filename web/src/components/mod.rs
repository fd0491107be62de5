//! The app's components, one per file.

pub mod app;
pub mod banner;
pub mod chain_view;
pub mod checks;
pub mod editor;
pub mod explorer;
pub mod request_builder;
pub mod result_panel;
pub mod toolbar;

use crate::state::AppState;
use yew::UseReducerHandle;

/// The app state, shared with every component through a context.
pub type AppContext = UseReducerHandle<AppState>;

/// The decision as a word, a CSS class and a symbol (never colour alone).
pub fn decision_style(d: policy_playground::Decision) -> (&'static str, &'static str, &'static str) {
    match d {
        policy_playground::Decision::Allow => ("Allow", "allow", "✔"),
        policy_playground::Decision::ExplicitDeny => ("Explicit deny", "explicit-deny", "✖"),
        policy_playground::Decision::ImplicitDeny => ("Implicit deny", "implicit-deny", "⊘"),
    }
}
