//! The workspace switcher in the toolbar: a list of the named workspaces (choosing one opens it;
//! the current one is autosaved) and their actions (new, rename, duplicate, delete, export as a
//! file, import a file). Native controls, so the keyboard and screen readers work as usual.

use crate::browser;
use crate::storage;
use crate::store::Dispatch;
use policy_playground_app::banner::{Banner, BannerKind};
use policy_playground_app::state::Action;
use policy_playground_app::workspaces::WorkspaceList;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The action buttons, by `data-action` and label (one loop draws them: less wasm than six).
const ACTIONS: [(&str, &str); 5] = [
    ("new", "New"),
    ("rename", "Rename…"),
    ("duplicate", "Duplicate"),
    ("delete", "Delete…"),
    ("export", "Export file"),
];

/// Downloads `text` as a file called `name`.
fn download(name: &str, text: &str) -> Result<(), String> {
    let fail = |_| "the browser refused to make the file".to_string();
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.dyn_into().map_err(|_| "no link element")?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file name for a workspace: its name with what file systems dislike replaced.
fn file_name(name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || " -_.()".contains(c) { c } else { '_' }).collect();
    format!("{}.playground.json", safe.trim())
}

/// The switcher and its actions, for the toolbar. A plain function rather than a component: it
/// keeps no state, and a component type brings its own copy of Yew's lifecycle code into the wasm.
/// `in_lesson`: a lesson is open (its work is the lesson's, so switching waits until it is left).
pub fn workspace_menu(list: &Rc<WorkspaceList>, in_lesson: bool, dispatch: &Dispatch) -> Html {
    let list = list.clone();
    let current = list.current().cloned();
    let warn = {
        let dispatch = dispatch.clone();
        move |text: String| dispatch.dispatch(Action::ShowBanner(Banner::new(BannerKind::Warning, text)))
    };
    let on_switch = {
        let (dispatch, list, warn) = (dispatch.clone(), list.clone(), warn.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            let Some(entry) = list.entry(&id) else { return };
            match storage::read_slot(&id, &entry.name) {
                Ok(snapshot) => dispatch.dispatch(Action::SwitchWorkspace { id, snapshot: Box::new(snapshot) }),
                Err(e) => {
                    select.set_value(list.current.as_deref().unwrap_or_default());
                    warn(format!("Could not switch: {e}."));
                }
            }
        })
    };
    // One handler for the action buttons (by their `data-action`): each closure is wasm code.
    let on_action = {
        let (dispatch, list, current, warn) = (dispatch.clone(), list.clone(), current.clone(), warn.clone());
        Callback::from(move |e: MouseEvent| {
            let target: web_sys::Element = e.target_unchecked_into();
            let Some(action) =
                target.closest("button[data-action]").ok().flatten().and_then(|b| b.get_attribute("data-action"))
            else {
                return;
            };
            let Some(entry) = &current else { return };
            match action.as_str() {
                "new" => dispatch.dispatch(Action::NewWorkspace),
                "duplicate" => dispatch.dispatch(Action::DuplicateWorkspace),
                "rename" => {
                    if let Some(name) = browser::prompt("Name of this workspace", &entry.name) {
                        dispatch.dispatch(Action::RenameWorkspace(entry.id.clone(), name));
                    }
                }
                "delete" => {
                    if !browser::confirm(&format!("Delete the workspace \"{}\"? This cannot be undone.", entry.name)) {
                        return;
                    }
                    // The workspace that opens instead is read now; one that cannot be read is
                    // reported and a new workspace opens.
                    let next = list.successor(&entry.id).and_then(|n| match storage::read_slot(&n.id, &n.name) {
                        Ok(snapshot) => Some(Box::new(snapshot)),
                        Err(e) => {
                            warn(format!("{e}; a new workspace opens instead"));
                            None
                        }
                    });
                    dispatch.dispatch(Action::DeleteWorkspace { id: entry.id.clone(), next });
                }
                "export" => {
                    // The saved text is exactly what autosave keeps for the current workspace.
                    let text = web_sys::window()
                        .and_then(|w| w.local_storage().ok().flatten())
                        .and_then(|s| s.get_item(storage::KEY).ok().flatten());
                    match text.map(|t| download(&file_name(&entry.name), &t)) {
                        Some(Ok(())) => {}
                        Some(Err(e)) => warn(format!("Could not export: {e}.")),
                        None => warn("Could not export: nothing is saved yet in this browser.".into()),
                    }
                }
                _ => {}
            }
        })
    };
    let on_import = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string());
                let action = match text.map(|t| policy_playground_app::storage::read_file(&t)) {
                    Some(Ok(snapshot)) => {
                        let base = name.strip_suffix(".json").unwrap_or(&name);
                        let base = base.strip_suffix(".playground").unwrap_or(base);
                        Action::Import { snapshot: Box::new(snapshot), name: base.to_string() }
                    }
                    Some(Err(e)) => Action::ShowBanner(Banner::new(
                        BannerKind::Error,
                        format!("Could not import \"{name}\": {e}. Your work is untouched."),
                    )),
                    None => Action::ShowBanner(Banner::new(
                        BannerKind::Error,
                        format!("Could not import \"{name}\": the browser could not read it as text."),
                    )),
                };
                dispatch.dispatch(action);
            });
        })
    };
    let disabled = in_lesson || current.is_none();
    let why = in_lesson.then_some("Leave the lesson to switch workspaces");
    html! {
        <div class="workspace-menu" role="group" aria-label="Workspaces" data-testid="workspace-menu">
            <label>
                <span class="workspace-label">{ "Workspace:" }</span>
                <select onchange={on_switch} {disabled} title={why} data-testid="workspace-switcher">
                    { for list.entries.iter().map(|e| html! {
                        <option value={e.id.clone()} selected={Some(&e.id) == list.current.as_ref()}>{ &e.name }</option>
                    }) }
                </select>
            </label>
            <details class="workspace-actions">
                <summary data-testid="workspace-actions">{ "Workspace…" }</summary>
                <div class="workspace-actions-list" onclick={on_action}>
                    { for ACTIONS.iter().map(|&(action, label)| html! {
                        <button type="button" data-action={action} {disabled} data-testid={format!("workspace-{action}")}>{ label }</button>
                    }) }
                    // A label opens the file picker; the input inside it takes the focus.
                    <label class={classes!("button", "workspace-import", disabled.then_some("disabled"))} data-testid="workspace-import">
                        { "Import file…" }
                        <input type="file" accept=".json,application/json" class="visually-hidden" {disabled}
                            onchange={on_import} data-testid="workspace-import-file" />
                    </label>
                </div>
            </details>
        </div>
    }
}
