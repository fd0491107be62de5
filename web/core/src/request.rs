//! The request builder's form: its fields, the engine context they make, the suggestions
//! offered for them and the context keys the policies test but the request lacks.

use policy_playground::catalog::Catalogs;
use policy_playground::request::Context;
use policy_playground::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The request builder's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RequestForm {
    /// Who asks (an ARN or a service principal).
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource (`*` when empty).
    pub resource: String,
    /// Context keys and values; a value written as a JSON list (`["a","b"]`) is multi-valued.
    pub context: Vec<(String, String)>,
}

/// One of the form's three text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The principal.
    Principal,
    /// The action.
    Action,
    /// The resource.
    Resource,
}

impl RequestForm {
    /// Builds the engine's context from the rows (empty keys are skipped).
    pub fn context(&self) -> Context {
        let mut ctx = Context::default();
        for (key, value) in &self.context {
            let key = key.trim();
            if key.is_empty() {
                continue;
            }
            let value = value.trim();
            match serde_json::from_str::<Vec<serde_json::Value>>(value) {
                Ok(list) if value.starts_with('[') => {
                    let values =
                        list.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect();
                    ctx.insert(key, values, true);
                }
                _ => ctx.insert(key, vec![value.to_string()], false),
            }
        }
        ctx
    }

    /// Whether the form asks something: a principal and an action are filled in.
    pub fn is_complete(&self) -> bool {
        self.missing().is_none()
    }

    /// What is left to fill in before the form asks something (`an action`, `a principal`,
    /// `a principal and an action`), for prompts that name only what is really empty.
    pub fn missing(&self) -> Option<&'static str> {
        match (self.principal.trim().is_empty(), self.action.trim().is_empty()) {
            (false, false) => None,
            (true, false) => Some("a principal"),
            (false, true) => Some("an action"),
            (true, true) => Some("a principal and an action"),
        }
    }

    /// The form with one text field replaced.
    pub fn with_field(&self, field: Field, value: String) -> RequestForm {
        let mut form = self.clone();
        match field {
            Field::Principal => form.principal = value,
            Field::Action => form.action = value,
            Field::Resource => form.resource = value,
        }
        form
    }

    /// The form with the key (or, with `value_column`, the value) of context row `row` replaced.
    pub fn with_context_cell(&self, row: usize, value_column: bool, text: String) -> RequestForm {
        let mut form = self.clone();
        if let Some(cells) = form.context.get_mut(row) {
            if value_column {
                cells.1 = text;
            } else {
                cells.0 = text;
            }
        }
        form
    }

    /// The form with a new context row for `key` (empty for a blank row).
    pub fn with_key(&self, key: &str) -> RequestForm {
        let mut form = self.clone();
        form.context.push((key.to_string(), String::new()));
        form
    }

    /// The form without context row `row`.
    pub fn without_row(&self, row: usize) -> RequestForm {
        let mut form = self.clone();
        if row < form.context.len() {
            form.context.remove(row);
        }
        form
    }
}

/// What the request builder offers for its fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suggestions {
    /// Users' ARNs, roles' session ARNs and the services that start checks.
    pub principals: Vec<String>,
    /// Actions the scenario's policies name (without wildcards), then the catalogue's completions
    /// of what is typed.
    pub actions: Vec<String>,
    /// Resources with policies and roles' ARNs.
    pub resources: Vec<String>,
}

/// Suggestions from the scenario, and from the scenario's action catalogue (when `catalogs` has
/// it) for the action typed so far.
pub fn suggestions(scenario: &Scenario, typed_action: &str, catalogs: &Catalogs) -> Suggestions {
    let mut principals: Vec<String> = scenario.users.iter().map(|u| u.arn(scenario.dialect)).collect();
    principals.extend(scenario.roles.iter().map(|r| r.session_arn(scenario.dialect, "playground")));
    principals.extend(scenario.starting_identities().into_iter().filter(|p| !p.contains(':')));
    let mut named = BTreeSet::new();
    for p in scenario.policies.iter().filter_map(|p| p.policy.as_ref()) {
        for st in &p.statements {
            for item in &st.body.action.items {
                if !item.text.contains('*') {
                    named.insert(item.text.clone());
                }
            }
        }
    }
    let mut actions: Vec<String> = named.into_iter().collect();
    let completions = catalogs.get(scenario.dialect).map(|c| c.suggest_actions(typed_action.trim(), 40));
    for suggestion in completions.unwrap_or_default() {
        if !actions.contains(&suggestion.text) {
            actions.push(suggestion.text);
        }
    }
    let mut resources: Vec<String> = scenario.resources.iter().map(|r| r.arn.clone()).collect();
    resources.extend(scenario.roles.iter().map(|r| r.arn(scenario.dialect)));
    Suggestions { principals, actions, resources }
}

#[cfg(test)]
mod tests {
    use super::RequestForm;

    #[test]
    fn missing_names_only_the_empty_fields() {
        let form = |principal: &str, action: &str| RequestForm {
            principal: principal.into(),
            action: action.into(),
            ..RequestForm::default()
        };
        assert_eq!(form("arn:aws:iam::111111111111:user/alice", "").missing(), Some("an action"));
        assert_eq!(form("  ", "s3:GetObject").missing(), Some("a principal"));
        assert_eq!(form("", " ").missing(), Some("a principal and an action"));
        assert_eq!(form("alice", "s3:GetObject").missing(), None);
        assert!(form("alice", "s3:GetObject").is_complete() && !form("alice", "").is_complete());
    }
}
