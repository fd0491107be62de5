//! The scenario explorer: accounts, their roles and users, the policies attached to each, and
//! the policy library. Add, rename and delete from here.

use crate::browser::{confirm, prompt};
use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground_app::outline::{AccountRow, Outline};
use policy_playground_app::paths::PathQuery;
use policy_playground_app::state::Action;
use policy_playground_app::workspace::DocRef;
use yew::prelude::*;

/// Props of [`Explorer`].
#[derive(Properties, PartialEq, Clone)]
pub struct ExplorerProps {
    /// What to show (equal while only document texts change, so typing does not re-render it).
    pub outline: Outline,
    /// The document in the editor.
    pub open_doc: Option<DocRef>,
    /// No editing.
    pub read_only: bool,
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

/// A button asking a path question (answered in the web worker, in the path search panel).
fn ask_paths(dispatch: &Dispatch, label: &str, title: String, query: PathQuery) -> Html {
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SearchPaths(query.clone())));
    html! { <button type="button" class="small paths-ask" {onclick} aria-label={title}>{ label }</button> }
}

fn account_item(props: &ExplorerProps, dispatch: &Dispatch, account: &AccountRow) -> Html {
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
                    <button type="button" class="small" onclick={rename} aria-label={format!("Rename account {name}")}>{ "Rename" }</button>
                    <button type="button" class="small" onclick={delete} aria-label={format!("Delete account {name}")}>{ "Delete" }</button>
                }
            </div>
            <ul>
                { for roles.iter().map(|r| {
                    let role = &r.name;
                    let doc = DocRef::Trust { account: id.clone(), role: role.clone() };
                    let class = classes!("item", is_selected(&doc).then_some("selected"));
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
                                <button type="button" {class} onclick={select(dispatch, doc.clone())} title="Edit the trust policy">
                                    { "role " }{ role }
                                </button>
                                { ask_paths(dispatch, "Reach", format!("What can role {role} reach?"),
                                    PathQuery::Reach { account: id.clone(), name: role.clone(), role: true }) }
                                { ask_paths(dispatch, "Assumers", format!("Who can assume role {role}?"),
                                    PathQuery::AssumeRole { account: id.clone(), role: role.clone() }) }
                                if let Some(service) = &r.service {
                                    <span class="tag" title="Service-linked: only this service may assume it">{ service }</span>
                                }
                                if !read_only {
                                    <button type="button" class="small" onclick={rename} aria-label={format!("Rename role {role}")}>{ "Rename" }</button>
                                    <button type="button" class="small" onclick={delete} aria-label={format!("Delete role {role}")}>{ "Delete" }</button>
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
                                            <button type="button" class={classes!("item", "policy", is_selected(&doc).then_some("selected"))} onclick={select(dispatch, doc.clone())}>{ p }</button>
                                            if !read_only {
                                                <button type="button" class="small" onclick={detach} aria-label={format!("Detach {p} from {role}")}>{ "×" }</button>
                                            }
                                        </li>
                                    }
                                }) }
                                if !read_only {
                                    <li>
                                        <select onchange={attach} aria-label={format!("Attach a policy to {role}")}>
                                            <option value="" selected=true>{ "Attach policy…" }</option>
                                            { for props.outline.library.iter().map(|p| html! { <option value={p.name.clone()}>{ &p.name }</option> }) }
                                        </select>
                                    </li>
                                }
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
                                    <button type="button" class="small" onclick={rename} aria-label={format!("Rename user {user}")}>{ "Rename" }</button>
                                    <button type="button" class="small" onclick={delete} aria-label={format!("Delete user {user}")}>{ "Delete" }</button>
                                }
                            </div>
                            <ul class="attached">
                                { for u.policies.iter().map(|p| {
                                    let doc = DocRef::Library(p.clone());
                                    html! { <li><button type="button" class={classes!("item", "policy", is_selected(&doc).then_some("selected"))} onclick={select(dispatch, doc.clone())}>{ p }</button></li> }
                                }) }
                            </ul>
                        </li>
                    }
                }) }
                if !read_only {
                    <li class="row">
                        <button type="button" class="small" onclick={add_role}>{ "+ role" }</button>
                        <button type="button" class="small" onclick={add_user}>{ "+ user" }</button>
                    </li>
                }
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
    let add_account = ask(&dispatch, || prompt("Name of the new account", "New account").map(Action::AddAccount));
    let add_policy = ask(&dispatch, || prompt("Name of the new policy", "CustomPolicy").map(Action::AddPolicy));
    html! {
        <nav class="panel explorer" aria-label="Scenario explorer" data-testid="explorer">
            <h2>{ "Accounts" }</h2>
            <ul class="tree">{ for props.outline.accounts.iter().map(|a| account_item(props, &dispatch, a)) }</ul>
            if !read_only {
                <button type="button" class="small" onclick={add_account} data-testid="add-account">{ "+ account" }</button>
            }
            { ask_paths(&dispatch, "Who can do the request's action?", "Who can do the request builder's action on its resource?".into(), PathQuery::RequestAction) }
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
                    html! {
                        <li class="row">
                            <button type="button" class={classes!("item", "policy", is_selected(&doc).then_some("selected"))} onclick={select(&dispatch, doc.clone())}>
                                { name }
                            </button>
                            if p.system { <span class="tag" title="Cloud-managed: read-only">{ "system" }</span> }
                            if !read_only && !p.system {
                                <button type="button" class="small" onclick={rename} aria-label={format!("Rename policy {name}")}>{ "Rename" }</button>
                                <button type="button" class="small" onclick={delete} aria-label={format!("Delete policy {name}")}>{ "Delete" }</button>
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
