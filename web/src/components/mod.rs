//! The app's components, one per file. Each takes props (or the app's dispatcher from context)
//! and renders what `policy_playground_app` computed; none reads the whole state.

pub mod about_panel;
pub mod app;
pub mod author_panel;
pub mod background_panel;
pub mod banner;
pub mod chain_view;
pub mod checks;
pub mod editor;
pub mod embed_bar;
pub mod embed_menu;
pub mod explorer;
pub mod lesson_panel;
pub mod lessons_menu;
pub mod paths_panel;
pub mod predict_bar;
pub mod problems;
pub mod request_builder;
pub mod requests_panel;
pub mod result_panel;
pub mod solution_diff;
pub mod toolbar;
pub mod tour;
pub mod workspace_menu;

/// The decision as a word, a CSS class and a symbol (never colour alone).
pub fn decision_style(d: policy_playground::Decision) -> (&'static str, &'static str, &'static str) {
    match d {
        policy_playground::Decision::Allow => ("Allow", "allow", "✔"),
        policy_playground::Decision::ExplicitDeny => ("Explicit deny", "explicit-deny", "✖"),
        policy_playground::Decision::ImplicitDeny => ("Implicit deny", "implicit-deny", "⊘"),
    }
}
