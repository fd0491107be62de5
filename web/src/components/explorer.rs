//! The scenario explorer: accounts, their roles and users, the policies attached to each, the
//! organization (drawn by web/js/organization.js; its edits arrive here as clicks and changes),
//! and the policy library. Add, rename, delete and copy from here.

use crate::browser::{confirm, prompt};
use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground_app::organization::OrgEdit;
use policy_playground_app::outline::{AccountRow, Outline};
use policy_playground_app::paths::PathQuery;
use policy_playground_app::state::Action;
use policy_playground_app::workspace::DocRef;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(module = "/js/organization.js")]
extern "C" {
    /// Defines `<policy-organization data-view=JSON>`, which draws the organization in plain DOM.
    #[wasm_bindgen(js_name = defineOrganizationElement)]
    pub fn define_organization_element();
}

/// The organization edit a select of `<policy-organization>` carries in its chosen option's
/// value; the select then goes back to its prompt.
fn chosen_edit(target: Option<web_sys::HtmlSelectElement>) -> Option<OrgEdit> {
    let select = target?;
    let value = select.value();
    select.set_value("");
    OrgEdit::decode(&value)
}

/// The organization edit a button of `<policy-organization>` carries in its `data-edit`.
fn clicked_edit(target: Option<web_sys::Element>) -> Option<OrgEdit> {
    OrgEdit::decode(&target?.closest("[data-edit]").ok()??.get_attribute("data-edit")?)
}

/// Props of [`Explorer`].
#[derive(Properties, PartialEq, Clone)]
pub struct ExplorerProps {
    /// What to show (equal while only document texts change, so typing does not re-render it).
    pub outline: Outline,
    /// The document in the editor.
    pub open_doc: Option<DocRef>,
    /// No editing.
    pub read_only: bool,
    /// The organization may not be changed (a lesson that does not let the learner change it).
    #[prop_or_default]
    pub organization_locked: bool,
}

/// A button's click: asks the person (a prompt, a confirmation) and dispatches what they chose.
fn ask(dispatch: &Dispatch, question: impl Fn() -> Option<Action> + 'static) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| {
        if let Some(action) = question() {
            dispatch.dispatch(action);
        }
    })
}

fn select(dispatch: &Dispatch, doc: DocRef) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.dispatch(Action::SelectDoc(doc.clone())))
}

/// A node's edit actions, folded into one menu (a native `<details>`, so the keyboard and screen
/// readers know it; web/js/ui.js closes it with Escape, a click elsewhere or a choice). `roving`
/// makes its button a stop of the explorer's arrow keys (a node with no item of its own).
fn node_menu(label: String, roving: bool, entries: Html) -> Html {
    html! {
        <details class="node-menu">
            <summary aria-label={label} title="Actions" tabindex="-1" data-roving-item={roving.then_some("")}>
                <span aria-hidden="true">{ "⋯" }</span>
            </summary>
            <div class="node-menu-list">{ entries }</div>
        </details>
    }
}

/// A menu entry.
fn entry(text: &str, onclick: Callback<MouseEvent>) -> Html {
    html! { <button type="button" class="menu-entry" {onclick}>{ text }</button> }
}

/// An item of the tree that opens a document: the open one is the explorer's tab stop.
fn doc_item(
    dispatch: &Dispatch,
    doc: &DocRef,
    tab_stop: &Option<DocRef>,
    open: bool,
    class: &'static str,
    text: Html,
) -> Html {
    html! {
        <button type="button" class={classes!("item", class, open.then_some("selected"))} onclick={select(dispatch, doc.clone())}
            tabindex={if tab_stop.as_ref() == Some(doc) { "0" } else { "-1" }} data-roving-item="" aria-current={open.then_some("true")}>
            { text }
        </button>
    }
}

/// A button asking a path question (answered in the web worker, in the path search panel).
fn ask_paths(dispatch: &Dispatch, label: &str, title: String, query: PathQuery) -> Html {
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SearchPaths(query.clone())));
    // The accessible name starts with the visible word (WCAG 2.5.3), then asks the whole question.
    html! { <button type="button" class="small paths-ask" {onclick} aria-label={format!("{label}: {title}")} data-question={title}>{ label }</button> }
}

fn account_item(props: &ExplorerProps, dispatch: &Dispatch, account: &AccountRow, tab_stop: &Option<DocRef>) -> Html {
    let read_only = props.read_only;
    let is_selected = |doc: &DocRef| props.open_doc.as_ref() == Some(doc);
    let AccountRow { id, name, standing, roles, users } = account;
    let rename = {
        let (id, name) = (id.clone(), name.clone());
        ask(dispatch, move || prompt("New name for the account", &name).map(|n| Action::RenameAccount(id.clone(), n)))
    };
    let delete = {
        let id = id.clone();
        ask(dispatch, move || {
            confirm(&format!("Delete account {id} with its roles and users?"))
                .then(|| Action::DeleteAccount(id.clone()))
        })
    };
    let add_role = {
        let id = id.clone();
        ask(dispatch, move || prompt("Name of the new role", "new-role").map(|n| Action::AddRole(id.clone(), n)))
    };
    let add_user = {
        let id = id.clone();
        ask(dispatch, move || prompt("Name of the new user", "new-user").map(|n| Action::AddUser(id.clone(), n)))
    };
    html! {
        <li class="account" data-testid={format!("account-{id}")}>
            <div class="row">
                <strong>{ name }</strong>
                <code class="muted">{ id }</code>
                { for standing.iter().map(|t| html! { <span class="tag" data-testid="account-standing">{ t }</span> }) }
                if !read_only {
                    { node_menu(format!("Actions for account {name}"), true, html! { <>
                        { entry("Add a role", add_role) }
                        { entry("Add a user", add_user) }
                        { entry("Rename", rename) }
                        { entry("Delete", delete) }
                    </> }) }
                }
            </div>
            <ul>
                { for roles.iter().map(|r| {
                    let role = &r.name;
                    let doc = DocRef::Trust { account: id.clone(), role: role.clone() };
                    let rename = {
                        let (id, role) = (id.clone(), role.clone());
                        ask(dispatch, move || prompt("New name for the role", &role).map(|n| Action::RenameRole(id.clone(), role.clone(), n)))
                    };
                    let delete = {
                        let (id, role) = (id.clone(), role.clone());
                        ask(dispatch, move || confirm(&format!("Delete role {role}?")).then(|| Action::DeleteRole(id.clone(), role.clone())))
                    };
                    let attach = {
                        let (dispatch, id, role) = (dispatch.clone(), id.clone(), role.clone());
                        Callback::from(move |e: Event| {
                            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                            let policy = select.value();
                            if !policy.is_empty() {
                                dispatch.dispatch(Action::Attach(id.clone(), role.clone(), policy, true));
                            }
                            select.set_value("");
                        })
                    };
                    html! {
                        <li>
                            <div class="row">
                                { doc_item(dispatch, &doc, tab_stop, is_selected(&doc), "role", html! { <>{ "role " }{ role }</> }) }
                                { ask_paths(dispatch, "Reach", format!("What can role {role} reach?"),
                                    PathQuery::Reach { account: id.clone(), name: role.clone(), role: true }) }
                                { ask_paths(dispatch, "Assumers", format!("Who can assume role {role}?"),
                                    PathQuery::AssumeRole { account: id.clone(), role: role.clone() }) }
                                if let Some(service) = &r.service {
                                    <span class="tag" title="Service-linked: only this service may assume it">{ service }</span>
                                }
                                if !read_only {
                                    { node_menu(format!("Actions for role {role}"), false, html! { <>
                                        <select onchange={attach} aria-label={format!("Attach a policy to {role}")}>
                                            <option value="" selected=true>{ "Attach policy…" }</option>
                                            { for props.outline.library.iter().map(|p| html! { <option value={p.name.clone()}>{ &p.name }</option> }) }
                                        </select>
                                        { entry("Rename", rename) }
                                        { entry("Delete", delete) }
                                    </> }) }
                                }
                            </div>
                            <ul class="attached">
                                { for r.policies.iter().map(|p| {
                                    let doc = DocRef::Library(p.clone());
                                    let detach = {
                                        let (dispatch, id, role, p) = (dispatch.clone(), id.clone(), role.clone(), p.clone());
                                        Callback::from(move |_| dispatch.dispatch(Action::Attach(id.clone(), role.clone(), p.clone(), false)))
                                    };
                                    html! {
                                        <li class="row">
                                            { doc_item(dispatch, &doc, tab_stop, is_selected(&doc), "policy", html! { p }) }
                                            if !read_only {
                                                { node_menu(format!("Actions for {p} on role {role}"), false, entry(&format!("Detach from {role}"), detach)) }
                                            }
                                        </li>
                                    }
                                }) }
                            </ul>
                        </li>
                    }
                }) }
                { for users.iter().map(|u| {
                    let user = &u.name;
                    let delete = {
                        let (id, user) = (id.clone(), user.clone());
                        ask(dispatch, move || confirm(&format!("Delete user {user}?")).then(|| Action::DeleteUser(id.clone(), user.clone())))
                    };
                    let rename = {
                        let (id, user) = (id.clone(), user.clone());
                        ask(dispatch, move || prompt("New name for the user", &user).map(|n| Action::RenameUser(id.clone(), user.clone(), n)))
                    };
                    html! {
                        <li>
                            <div class="row">
                                <span class="item">{ "user " }{ user }</span>
                                { ask_paths(dispatch, "Reach", format!("What can user {user} reach?"),
                                    PathQuery::Reach { account: id.clone(), name: user.clone(), role: false }) }
                                if !read_only {
                                    { node_menu(format!("Actions for user {user}"), true, html! { <>
                                        { entry("Rename", rename) }
                                        { entry("Delete", delete) }
                                    </> }) }
                                }
                            </div>
                            <ul class="attached">
                                { for u.policies.iter().map(|p| {
                                    let doc = DocRef::Library(p.clone());
                                    html! { <li>{ doc_item(dispatch, &doc, tab_stop, is_selected(&doc), "policy", html! { p }) }</li> }
                                }) }
                            </ul>
                        </li>
                    }
                }) }
            </ul>
        </li>
    }
}

/// The explorer panel.
#[component(Explorer)]
pub fn explorer(props: &ExplorerProps) -> Html {
    let dispatch = use_dispatch();
    let read_only = props.read_only;
    let is_selected = |doc: &DocRef| props.open_doc.as_ref() == Some(doc);
    // The one item Tab reaches (arrow keys reach the rest): the open document, else the first.
    let first = || {
        let outline = &props.outline;
        outline
            .accounts
            .iter()
            .find_map(|a| a.roles.first().map(|r| DocRef::Trust { account: a.id.clone(), role: r.name.clone() }))
            .or_else(|| outline.library.first().map(|p| DocRef::Library(p.name.clone())))
    };
    let tab_stop = props.open_doc.clone().or_else(first);
    let add_account = ask(&dispatch, || prompt("Name of the new account", "New account").map(Action::AddAccount));
    let add_policy = ask(&dispatch, || prompt("Name of the new policy", "CustomPolicy").map(Action::AddPolicy));
    let accounts: Vec<(&str, &str)> = props.outline.accounts.iter().map(|a| (a.id.as_str(), a.name.as_str())).collect();
    let library: Vec<&str> = props.outline.library.iter().map(|p| p.name.as_str()).collect();
    // The organization's selects and buttons (web/js/organization.js) carry their edits.
    let org_change = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(edit) = chosen_edit(e.target_dyn_into()) {
                dispatch.dispatch(Action::EditOrganization(edit));
            }
        })
    };
    let org_click = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(edit) = clicked_edit(e.target_dyn_into()) {
                dispatch.dispatch(Action::EditOrganization(edit));
            }
        })
    };
    html! {
        <nav class="panel explorer" aria-label="Scenario explorer" data-testid="explorer" data-roving="vertical">
            <h2>{ "Accounts" }</h2>
            <ul class="tree">{ for props.outline.accounts.iter().map(|a| account_item(props, &dispatch, a, &tab_stop)) }</ul>
            if !read_only {
                <button type="button" class="small" onclick={add_account} data-testid="add-account">{ "+ account" }</button>
            }
            { ask_paths(&dispatch, "Who can do the request's action?", "who can do the request builder's action on its resource?".into(), PathQuery::RequestAction) }
            if let Some(org) = &props.outline.organization {
                <policy-organization data-testid="organization" onchange={org_change} onclick={org_click}
                    data-view={org.view_json(&accounts, &library, read_only || props.organization_locked)}></policy-organization>
            }
            <h2>{ "Policy library" }</h2>
            <ul class="tree">
                { for props.outline.library.iter().map(|p| {
                    let name = &p.name;
                    let doc = DocRef::Library(name.clone());
                    let rename = {
                        let name = name.clone();
                        ask(&dispatch, move || prompt("New name for the policy", &name).map(|n| Action::RenamePolicy(name.clone(), n)))
                    };
                    let delete = {
                        let name = name.clone();
                        ask(&dispatch, move || confirm(&format!("Delete policy {name} and detach it everywhere?")).then(|| Action::DeletePolicy(name.clone())))
                    };
                    let copy = {
                        let (dispatch, name) = (dispatch.clone(), name.clone());
                        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::CopyPolicy(name.clone())))
                    };
                    html! {
                        <li class="row">
                            { doc_item(&dispatch, &doc, &tab_stop, is_selected(&doc), "policy", html! { name }) }
                            if p.system { <span class="tag" title="Cloud-managed: read-only">{ "system" }</span> }
                            if !read_only && p.system {
                                <button type="button" class="small" onclick={copy} aria-label={format!("Make an editable copy of {name}")}
                                    title="A custom policy with the same text, attached wherever this one is, instead of it">{ "Make an editable copy" }</button>
                            }
                            if !read_only && !p.system {
                                { node_menu(format!("Actions for policy {name}"), false, html! { <>
                                    { entry("Rename", rename) }
                                    { entry("Delete", delete) }
                                </> }) }
                            }
                        </li>
                    }
                }) }
            </ul>
            if !read_only {
                <button type="button" class="small" onclick={add_policy} data-testid="add-policy">{ "+ policy" }</button>
            }
        </nav>
    }
}
