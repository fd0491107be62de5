//! The scenario explorer: accounts, their roles and users, the policies attached to each,
//! and the policy library. Add, rename and delete from here.

use super::AppContext;
use crate::model::DocRef;
use crate::state::Action;
use yew::prelude::*;

fn prompt(message: &str, default: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default(message, default)
        .ok()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// The explorer panel.
#[component(Explorer)]
pub fn explorer() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let ws = &state.workspace;
    let library: Vec<(String, bool)> = ws
        .documents()
        .into_iter()
        .filter_map(|d| match d.doc {
            DocRef::Library(name) => Some((name, d.read_only)),
            _ => None,
        })
        .collect();
    let selected = state.selected_doc.clone();
    let read_only = state.read_only;
    let select = |doc: DocRef| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::SelectDoc(doc.clone())))
    };
    let dispatch = |action_fn: Box<dyn Fn() -> Option<Action>>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = action_fn() {
                state.dispatch(a);
            }
        })
    };
    let add_account = dispatch(Box::new(|| prompt("Name of the new account", "New account").map(Action::AddAccount)));
    let add_policy = dispatch(Box::new(|| prompt("Name of the new policy", "CustomPolicy").map(Action::AddPolicy)));
    let is_selected = |doc: &DocRef| selected.as_ref() == Some(doc);

    let scenario = state.analysis.scenario.clone();
    // Where each account stands in the organization: management, folder, delegated administrator.
    let standing = |id: &str| -> Vec<String> {
        let Some(org) = scenario.as_ref().and_then(|s| s.organization.as_ref()) else { return vec![] };
        let mut tags = Vec::new();
        if org.management_account == id {
            tags.push("management account".to_string());
        } else if let Some(n) = org.node_of(id) {
            tags.push(format!("member in {}", org.nodes[n].name));
        } else {
            tags.push("outside the organization".to_string());
        }
        for (service, admins) in &org.delegated_administrators {
            if admins.iter().any(|a| a == id) {
                tags.push(format!("delegated administrator for {service}"));
            }
        }
        tags
    };
    let accounts = ws.accounts().into_iter().map(|(id, name)| {
        let tags = standing(&id);
        let roles = ws.roles_of(&id);
        let users = ws.users_of(&id);
        let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
        let name1 = name.clone();
        let rename = dispatch(Box::new(move || prompt("New name for the account", &name1).map(|n| Action::RenameAccount(id1.clone(), n))));
        let delete = dispatch(Box::new(move || confirm(&format!("Delete account {id2} with its roles and users?")).then(|| Action::DeleteAccount(id2.clone()))));
        let add_role = dispatch(Box::new(move || prompt("Name of the new role", "new-role").map(|n| Action::AddRole(id3.clone(), n))));
        let add_user = dispatch(Box::new(move || prompt("Name of the new user", "new-user").map(|n| Action::AddUser(id4.clone(), n))));
        html! {
            <li class="account" data-testid={format!("account-{id}")}>
                <div class="row">
                    <strong>{ &name }</strong>
                    <code class="muted">{ &id }</code>
                    { for tags.iter().map(|t| html! { <span class="tag" data-testid="account-standing">{ t }</span> }) }
                    if !read_only {
                        <button type="button" class="small" onclick={rename} aria-label={format!("Rename account {name}")}>{ "Rename" }</button>
                        <button type="button" class="small" onclick={delete} aria-label={format!("Delete account {name}")}>{ "Delete" }</button>
                    }
                </div>
                <ul>
                    { for roles.into_iter().map(|(role, policies, service)| {
                        let doc = DocRef::Trust { account: id.clone(), role: role.clone() };
                        let class = classes!("item", is_selected(&doc).then_some("selected"));
                        let (a1, r1, a2, r2, a3, r3) = (id.clone(), role.clone(), id.clone(), role.clone(), id.clone(), role.clone());
                        let rename = dispatch(Box::new(move || prompt("New name for the role", &r1).map(|n| Action::RenameRole(a1.clone(), r1.clone(), n))));
                        let delete = dispatch(Box::new(move || confirm(&format!("Delete role {r2}?")).then(|| Action::DeleteRole(a2.clone(), r2.clone()))));
                        let attach = {
                            let state = state.clone();
                            Callback::from(move |e: Event| {
                                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                                let policy = select.value();
                                if !policy.is_empty() {
                                    state.dispatch(Action::Attach(a3.clone(), r3.clone(), policy, true));
                                }
                                select.set_value("");
                            })
                        };
                        html! {
                            <li>
                                <div class="row">
                                    <button type="button" {class} onclick={select(doc.clone())} title="Edit the trust policy">
                                        { "role " }{ &role }
                                    </button>
                                    if let Some(service) = service {
                                        <span class="tag" title="Service-linked: only this service may assume it">{ service }</span>
                                    }
                                    if !read_only {
                                        <button type="button" class="small" onclick={rename} aria-label={format!("Rename role {role}")}>{ "Rename" }</button>
                                        <button type="button" class="small" onclick={delete} aria-label={format!("Delete role {role}")}>{ "Delete" }</button>
                                    }
                                </div>
                                <ul class="attached">
                                    { for policies.into_iter().map(|p| {
                                        let doc = DocRef::Library(p.clone());
                                        let detach = {
                                            let state = state.clone();
                                            let (a, r, p) = (id.clone(), role.clone(), p.clone());
                                            Callback::from(move |_| state.dispatch(Action::Attach(a.clone(), r.clone(), p.clone(), false)))
                                        };
                                        html! {
                                            <li class="row">
                                                <button type="button" class={classes!("item", "policy", is_selected(&doc).then_some("selected"))} onclick={select(doc.clone())}>{ &p }</button>
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
                                                { for library.iter().map(|(n, _)| html! { <option value={n.clone()}>{ n }</option> }) }
                                            </select>
                                        </li>
                                    }
                                </ul>
                            </li>
                        }
                    }) }
                    { for users.into_iter().map(|(user, policies)| {
                        let (a, u, a2, u2) = (id.clone(), user.clone(), id.clone(), user.clone());
                        let delete = dispatch(Box::new(move || confirm(&format!("Delete user {u}?")).then(|| Action::DeleteUser(a.clone(), u.clone()))));
                        let rename = dispatch(Box::new(move || prompt("New name for the user", &u2).map(|n| Action::RenameUser(a2.clone(), u2.clone(), n))));
                        html! {
                            <li>
                                <div class="row">
                                    <span class="item">{ "user " }{ &user }</span>
                                    if !read_only {
                                        <button type="button" class="small" onclick={rename} aria-label={format!("Rename user {user}")}>{ "Rename" }</button>
                                        <button type="button" class="small" onclick={delete} aria-label={format!("Delete user {user}")}>{ "Delete" }</button>
                                    }
                                </div>
                                <ul class="attached">
                                    { for policies.into_iter().map(|p| {
                                        let doc = DocRef::Library(p.clone());
                                        html! { <li><button type="button" class={classes!("item", "policy", is_selected(&doc).then_some("selected"))} onclick={select(doc.clone())}>{ p }</button></li> }
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
    });

    html! {
        <nav class="panel explorer" aria-label="Scenario explorer" data-testid="explorer">
            <h2>{ "Accounts" }</h2>
            <ul class="tree">{ for accounts }</ul>
            if !read_only {
                <button type="button" class="small" onclick={add_account} data-testid="add-account">{ "+ account" }</button>
            }
            <h2>{ "Policy library" }</h2>
            <ul class="tree">
                { for library.iter().map(|(name, system)| {
                    let doc = DocRef::Library(name.clone());
                    let (n1, n2) = (name.clone(), name.clone());
                    let rename = dispatch(Box::new(move || prompt("New name for the policy", &n1).map(|n| Action::RenamePolicy(n1.clone(), n))));
                    let delete = dispatch(Box::new(move || confirm(&format!("Delete policy {n2} and detach it everywhere?")).then(|| Action::DeletePolicy(n2.clone()))));
                    html! {
                        <li class="row">
                            <button type="button" class={classes!("item", "policy", is_selected(&doc).then_some("selected"))} onclick={select(doc.clone())}>
                                { name }
                            </button>
                            if *system { <span class="tag" title="Cloud-managed: read-only">{ "system" }</span> }
                            if !read_only && !*system {
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
