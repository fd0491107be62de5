//! The workspace switcher in the toolbar: a list of the named workspaces (choosing one opens it;
//! the current one is autosaved) and their actions (new, rename, duplicate, delete, export as a
//! file, import a file). Native controls, so the keyboard and screen readers work as usual.

use crate::browser;
use crate::hooks::use_dispatch;
use crate::storage;
use policy_playground_app::banner::{Banner, BannerKind};
use policy_playground_app::state::Action;
use policy_playground_app::workspaces::WorkspaceList;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`WorkspaceMenu`].
#[derive(Properties, PartialEq, Clone)]
pub struct WorkspaceMenuProps {
    /// The named workspaces.
    pub list: Rc<WorkspaceList>,
    /// A lesson is open: its work is the lesson's, so switching waits until it is left.
    pub in_lesson: bool,
}

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

/// The switcher and its actions.
#[component(WorkspaceMenu)]
pub fn workspace_menu(props: &WorkspaceMenuProps) -> Html {
    let dispatch = use_dispatch();
    let file_ref = use_node_ref();
    let list = props.list.clone();
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
    let on_new = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::NewWorkspace))
    };
    let on_rename = {
        let (dispatch, current) = (dispatch.clone(), current.clone());
        Callback::from(move |_| {
            let Some(entry) = &current else { return };
            if let Some(name) = browser::prompt("Name of this workspace", &entry.name) {
                dispatch.dispatch(Action::RenameWorkspace(entry.id.clone(), name));
            }
        })
    };
    let on_duplicate = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::DuplicateWorkspace))
    };
    let on_delete = {
        let (dispatch, list, current, warn) = (dispatch.clone(), list.clone(), current.clone(), warn.clone());
        Callback::from(move |_| {
            let Some(entry) = &current else { return };
            if !browser::confirm(&format!("Delete the workspace \"{}\"? This cannot be undone.", entry.name)) {
                return;
            }
            // The workspace that opens instead is read now; one that cannot be read is reported
            // and a new workspace opens.
            let next = list.successor(&entry.id).and_then(|n| match storage::read_slot(&n.id, &n.name) {
                Ok(snapshot) => Some(Box::new(snapshot)),
                Err(e) => {
                    warn(format!("{e}; a new workspace opens instead"));
                    None
                }
            });
            dispatch.dispatch(Action::DeleteWorkspace { id: entry.id.clone(), next });
        })
    };
    let on_export = {
        let (current, warn) = (current.clone(), warn.clone());
        Callback::from(move |_| {
            let name = current.as_ref().map_or("workspace", |e| e.name.as_str());
            // The saved text is exactly what autosave keeps for the current workspace.
            let text = web_sys::window()
                .and_then(|w| w.local_storage().ok().flatten())
                .and_then(|s| s.get_item(storage::KEY).ok().flatten());
            match text.map(|t| download(&file_name(name), &t)) {
                Some(Ok(())) => {}
                Some(Err(e)) => warn(format!("Could not export: {e}.")),
                None => warn("Could not export: nothing is saved yet in this browser.".into()),
            }
        })
    };
    let on_import_click = {
        let file_ref = file_ref.clone();
        Callback::from(move |_| {
            if let Some(input) = file_ref.cast::<web_sys::HtmlInputElement>() {
                input.click();
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
    let disabled = props.in_lesson || current.is_none();
    let why = props.in_lesson.then_some("Leave the lesson to switch workspaces");
    html! {
        <div class="workspace-menu" role="group" aria-label="Workspaces" data-testid="workspace-menu">
            <label>
                <span class="visually-hidden">{ "Workspace" }</span>
                <select onchange={on_switch} {disabled} title={why} aria-label="Workspace" data-testid="workspace-switcher">
                    { for list.entries.iter().map(|e| html! {
                        <option value={e.id.clone()} selected={Some(&e.id) == list.current.as_ref()}>{ &e.name }</option>
                    }) }
                </select>
            </label>
            <details class="workspace-actions">
                <summary data-testid="workspace-actions">{ "Workspace…" }</summary>
                <div class="workspace-actions-list">
                    <button type="button" onclick={on_new} {disabled} data-testid="workspace-new">{ "New" }</button>
                    <button type="button" onclick={on_rename} {disabled} data-testid="workspace-rename">{ "Rename…" }</button>
                    <button type="button" onclick={on_duplicate} {disabled} data-testid="workspace-duplicate">{ "Duplicate" }</button>
                    <button type="button" onclick={on_delete} {disabled} data-testid="workspace-delete">{ "Delete…" }</button>
                    <button type="button" onclick={on_export} {disabled} data-testid="workspace-export">{ "Export file" }</button>
                    <button type="button" onclick={on_import_click} {disabled} data-testid="workspace-import">{ "Import file…" }</button>
                    <input type="file" accept=".json,application/json" hidden=true ref={file_ref}
                        onchange={on_import} data-testid="workspace-import-file" aria-label="Workspace file to import" />
                </div>
            </details>
        </div>
    }
}
