//! The organization in the explorer: folders with their control policies and member accounts,
//! the accounts outside, and each trusted service's delegated administrators in order; moving an
//! account, attaching or detaching a control policy and adding or removing a delegated
//! administrator are made here (as the lesson format's typed edits, web/core/src/organization.rs).

use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground_app::organization::{OrgEdit, OrgOutline};
use policy_playground_app::state::Action;
use yew::prelude::*;

/// Props of [`Organization`].
#[derive(Properties, PartialEq, Clone)]
pub struct OrganizationProps {
    /// The organization.
    pub org: OrgOutline,
    /// Accounts as (id, name), for the names shown and the choices offered.
    pub accounts: Vec<(String, String)>,
    /// Library policy names (control policies are library policies).
    pub library: Vec<String>,
    /// No changes (read-only, or a lesson that does not let the learner change the organization).
    pub locked: bool,
}

/// A select's change made into an organization edit from the chosen value (the empty first
/// option does nothing); the select goes back to its first option.
fn on_choose(dispatch: &Dispatch, edit: impl Fn(String) -> Option<OrgEdit> + 'static) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let value = select.value();
        select.set_value("");
        if let Some(edit) = (!value.is_empty()).then(|| edit(value)).flatten() {
            dispatch.dispatch(Action::EditOrganization(edit));
        }
    })
}

fn on_click(dispatch: &Dispatch, edit: OrgEdit) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| dispatch.dispatch(Action::EditOrganization(edit.clone())))
}

/// The value of the "outside the organization" choice (no node is called this: names are words).
const OUTSIDE: &str = "\u{0}outside";

/// The organization panel part of the explorer.
#[component(Organization)]
pub fn organization(props: &OrganizationProps) -> Html {
    let dispatch = use_dispatch();
    let org = &props.org;
    let name_of = |id: &str| props.accounts.iter().find(|(a, _)| a == id).map_or(id.to_string(), |(_, n)| n.clone());
    let account = |id: &String, current: Option<&str>| {
        let name = name_of(id);
        let move_to = {
            let id = id.clone();
            on_choose(&dispatch, move |to| {
                Some(OrgEdit::MoveAccount { account: id.clone(), to: (to != OUTSIDE).then_some(to) })
            })
        };
        html! {
            <li class="row" data-testid={format!("org-account-{id}")}>
                <span class="item">{ &name }</span>
                <code class="muted">{ id }</code>
                if !props.locked {
                    <select onchange={move_to} aria-label={format!("Move account {name}")} data-testid={format!("org-move-{id}")}>
                        <option value="" selected=true>{ "Move to…" }</option>
                        { for org.nodes.iter().filter(|n| Some(n.name.as_str()) != current).map(|n| html! {
                            <option value={n.name.clone()}>{ &n.name }</option>
                        }) }
                        if current.is_some() {
                            <option value={OUTSIDE}>{ "outside the organization" }</option>
                        }
                    </select>
                }
            </li>
        }
    };
    html! {
        <section class="organization" aria-labelledby="org-title" data-testid="organization">
            <h2 id="org-title">{ "Organization" }</h2>
            <p class="muted">{ "Management account " }<code>{ &org.management_account }</code></p>
            <ul class="tree">
                { for org.nodes.iter().map(|node| {
                    let attach = {
                        let name = node.name.clone();
                        on_choose(&dispatch, move |policy| Some(OrgEdit::ControlPolicy { node: name.clone(), policy, attach: true }))
                    };
                    html! {
                        <li class="org-node" style={format!("margin-left: {}em", node.depth)} data-testid={format!("org-node-{}", node.name)}>
                            <div class="row"><strong>{ if node.depth == 0 { "root " } else { "folder " } }{ &node.name }</strong></div>
                            <ul class="attached" aria-label={format!("Control policies of {}", node.name)}>
                                { for node.control_policies.iter().map(|p| html! {
                                    <li class="row">
                                        <span class="tag" data-testid="org-control-policy">{ p }</span>
                                        if !props.locked {
                                            <button type="button" class="small" aria-label={format!("Detach control policy {p} from {}", node.name)}
                                                onclick={on_click(&dispatch, OrgEdit::ControlPolicy { node: node.name.clone(), policy: p.clone(), attach: false })}>{ "×" }</button>
                                        }
                                    </li>
                                }) }
                                if !props.locked {
                                    <li>
                                        <select onchange={attach} aria-label={format!("Attach a control policy to {}", node.name)}>
                                            <option value="" selected=true>{ "Attach control policy…" }</option>
                                            { for props.library.iter().filter(|p| !node.control_policies.contains(p)).map(|p| html! { <option value={p.clone()}>{ p }</option> }) }
                                        </select>
                                    </li>
                                }
                            </ul>
                            <ul aria-label={format!("Accounts in {}", node.name)}>{ for node.accounts.iter().map(|id| account(id, Some(&node.name))) }</ul>
                        </li>
                    }
                }) }
                if !org.outside.is_empty() {
                    <li class="org-node" data-testid="org-outside">
                        <div class="row"><strong>{ "Outside the organization" }</strong></div>
                        <ul>{ for org.outside.iter().map(|id| account(id, None)) }</ul>
                    </li>
                }
            </ul>
            <h3>{ "Delegated administrators" }</h3>
            if org.delegated.is_empty() { <p class="muted">{ "None." }</p> }
            { for org.delegated.iter().map(|(service, admins)| {
                let add = {
                    let service = service.clone();
                    on_choose(&dispatch, move |account| Some(OrgEdit::DelegatedAdministrator { service: service.clone(), account, add: true }))
                };
                html! {
                    <div data-testid={format!("org-delegated-{service}")}>
                        <p><code>{ service }</code></p>
                        <ol>
                            { for admins.iter().map(|id| html! {
                                <li class="row" data-testid="org-delegated-admin">
                                    <span class="item">{ name_of(id) }</span>
                                    <code class="muted">{ id }</code>
                                    if !props.locked {
                                        <button type="button" class="small" aria-label={format!("Remove {} as delegated administrator for {service}", name_of(id))}
                                            onclick={on_click(&dispatch, OrgEdit::DelegatedAdministrator { service: service.clone(), account: id.clone(), add: false })}>{ "×" }</button>
                                    }
                                </li>
                            }) }
                        </ol>
                        if !props.locked {
                            <select onchange={add} aria-label={format!("Add a delegated administrator for {service}")}>
                                <option value="" selected=true>{ "Add delegated administrator…" }</option>
                                { for props.accounts.iter().filter(|(id, _)| !admins.contains(id) && *id != org.management_account).map(|(id, name)| html! {
                                    <option value={id.clone()}>{ format!("{name} ({id})") }</option>
                                }) }
                            </select>
                        }
                    </div>
                }
            }) }
        </section>
    }
}
