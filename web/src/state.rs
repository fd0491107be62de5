//! App state and its reducer: every change to what the person sees goes through an [`Action`].

use crate::analysis::{Analysis, RequestForm, analyze};
use crate::model::{DocRef, EXAMPLES, Workspace};
use policy_playground::span::Span;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// A message across the top of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// `info`, `warning` or `error`.
    pub kind: &'static str,
    /// The message.
    pub text: String,
}

/// Where the editor should put the cursor and what it should highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// The document.
    pub doc: DocRef,
    /// The span inside its text.
    pub span: Span,
    /// Bumped on every jump so the same target can be jumped to twice.
    pub serial: u64,
}

/// Everything the app shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The scenario being edited.
    pub workspace: Workspace,
    /// Bumped on every edit.
    pub revision: u64,
    /// Bumped when documents change other than by typing (load, reset, add, rename), so the
    /// editor reloads its text.
    pub generation: u64,
    /// The document in the editor.
    pub selected_doc: Option<DocRef>,
    /// The check shown in the chain view and result panel.
    pub selected_check: usize,
    /// Active "what breaks" mutations, by id.
    pub mutations: BTreeSet<String>,
    /// The request builder's fields.
    pub request: RequestForm,
    /// The latest analysis.
    pub analysis: Rc<Analysis>,
    /// A message across the top.
    pub banner: Option<Banner>,
    /// The editor's cursor target.
    pub focus: Option<Focus>,
    /// Embedded in another page, read-only.
    pub read_only: bool,
}

/// Everything that can happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace the workspace (an example, a share link, the saved state).
    Load(Workspace),
    /// Load a built-in example by id.
    LoadExample(String),
    /// Show a document in the editor.
    SelectDoc(DocRef),
    /// The editor's text changed (analysis follows with [`Action::Analyze`]).
    Edit(DocRef, String),
    /// Replace a document's text from outside the editor (an applied fix): analyzed at once
    /// and reloaded into the editor.
    ReplaceText(DocRef, String),
    /// Re-run the engine now.
    Analyze,
    /// Show a check.
    SelectCheck(usize),
    /// Turn a mutation on or off.
    ToggleMutation(String),
    /// The request builder changed.
    SetRequest(RequestForm),
    /// Jump the editor to a statement of the policy the engine calls `policy`.
    JumpTo {
        /// The engine's policy name.
        policy: String,
        /// The span.
        span: Span,
    },
    /// Jump to a span of the current document (a diagnostic).
    JumpInDoc(Span),
    /// Add an account.
    AddAccount(String),
    /// Rename an account.
    RenameAccount(String, String),
    /// Delete an account.
    DeleteAccount(String),
    /// Add a role to an account.
    AddRole(String, String),
    /// Rename a role (account, from, to).
    RenameRole(String, String, String),
    /// Delete a role.
    DeleteRole(String, String),
    /// Add a user to an account.
    AddUser(String, String),
    /// Delete a user.
    DeleteUser(String, String),
    /// Add a library policy.
    AddPolicy(String),
    /// Rename a library policy (from, to).
    RenamePolicy(String, String),
    /// Delete a library policy (and detach it everywhere).
    DeletePolicy(String),
    /// Rename a user (account, from, to).
    RenameUser(String, String, String),
    /// Attach (true) or detach a library policy to/from a role.
    Attach(String, String, String, bool),
    /// Show a banner.
    ShowBanner(Banner),
    /// Hide the banner.
    DismissBanner,
    /// Read-only on or off.
    SetReadOnly(bool),
    /// A catalogue arrived: recheck the documents.
    CatalogLoaded,
}

impl AppState {
    /// A state showing `workspace`, analyzed.
    pub fn new(workspace: Workspace) -> AppState {
        let mut state = AppState {
            workspace,
            revision: 0,
            generation: 0,
            selected_doc: None,
            selected_check: 0,
            mutations: BTreeSet::new(),
            request: RequestForm::default(),
            analysis: Rc::new(analyze(0, &Workspace::empty(), &BTreeSet::new(), &RequestForm::default())),
            banner: None,
            focus: None,
            read_only: false,
        };
        state.reset_view();
        state
    }

    /// The default example.
    pub fn default_example() -> Workspace {
        Workspace::example(EXAMPLES[0].id).expect("built-in example loads")
    }

    fn reset_view(&mut self) {
        self.generation += 1;
        self.selected_doc = self.workspace.documents().into_iter().find(|d| !d.read_only).map(|d| d.doc);
        self.selected_check = 0;
        self.mutations.clear();
        self.focus = None;
        self.request = RequestForm::default();
        self.reanalyze();
        // Offer the first check's final request in the request builder.
        if let Some(f) = self.analysis.checks.iter().find_map(|c| c.final_request.as_ref()) {
            self.request = RequestForm {
                principal: f.principal.clone(),
                action: f.action.clone(),
                resource: f.resource.clone(),
                context: Vec::new(),
            };
            self.reanalyze();
        }
    }

    fn reanalyze(&mut self) {
        self.analysis = Rc::new(analyze(self.revision, &self.workspace, &self.mutations, &self.request));
        if self.selected_check >= self.analysis.checks.len() {
            self.selected_check = 0;
        }
    }

    /// True when the analysis is older than the text.
    pub fn stale(&self) -> bool {
        self.analysis.revision != self.revision
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        // Structural edits (add, rename, delete, attach) are analyzed at once; text edits
        // wait for the editor's debounce, which then sends Analyze.
        let structural = matches!(
            action,
            Action::AddAccount(_)
                | Action::RenameAccount(..)
                | Action::DeleteAccount(_)
                | Action::AddRole(..)
                | Action::RenameRole(..)
                | Action::DeleteRole(..)
                | Action::AddUser(..)
                | Action::DeleteUser(..)
                | Action::AddPolicy(_)
                | Action::RenamePolicy(..)
                | Action::DeletePolicy(_)
                | Action::RenameUser(..)
                | Action::Attach(..)
        );
        if structural && s.read_only {
            return self;
        }
        match action {
            Action::Load(workspace) => {
                s.workspace = workspace;
                s.revision += 1;
                s.reset_view();
            }
            Action::LoadExample(id) => match Workspace::example(&id) {
                Some(w) => {
                    s.workspace = w;
                    s.revision += 1;
                    s.reset_view();
                }
                None => {
                    s.banner = Some(Banner { kind: "error", text: format!("there is no example called {id:?}") });
                }
            },
            Action::SelectDoc(doc) => {
                s.selected_doc = Some(doc);
                s.focus = None;
            }
            Action::Edit(doc, text) => {
                if s.read_only || !s.workspace.set_text(&doc, &text) {
                    return self;
                }
                s.revision += 1;
                s.focus = None;
            }
            Action::ReplaceText(doc, text) => {
                if s.read_only || !s.workspace.set_text(&doc, &text) {
                    return self;
                }
                s.revision += 1;
                s.generation += 1;
                s.reanalyze();
            }
            Action::Analyze => {
                if !s.stale() {
                    return self;
                }
                s.reanalyze();
            }
            Action::SelectCheck(i) => s.selected_check = i,
            Action::ToggleMutation(id) => {
                if !s.mutations.remove(&id) {
                    s.mutations.insert(id);
                }
                s.reanalyze();
            }
            Action::SetRequest(form) => {
                s.request = form;
                s.reanalyze();
            }
            Action::JumpTo { policy, span } => {
                if let Some(doc) = s.workspace.doc_named(&policy) {
                    let serial = s.focus.as_ref().map_or(0, |f| f.serial + 1);
                    s.selected_doc = Some(doc.clone());
                    s.focus = Some(Focus { doc, span, serial });
                }
            }
            Action::JumpInDoc(span) => {
                if let Some(doc) = s.selected_doc.clone() {
                    let serial = s.focus.as_ref().map_or(0, |f| f.serial + 1);
                    s.focus = Some(Focus { doc, span, serial });
                }
            }
            Action::AddAccount(name) => {
                s.workspace.add_account(&name);
            }
            Action::RenameAccount(id, name) => s.workspace.rename_account(&id, &name),
            Action::DeleteAccount(id) => s.workspace.delete_account(&id),
            Action::AddRole(account, name) => {
                s.workspace.add_role(&account, &name);
                s.selected_doc = Some(DocRef::Trust { account, role: name });
            }
            Action::RenameRole(account, from, to) => {
                s.workspace.rename_role(&account, &from, &to);
                if s.selected_doc == Some(DocRef::Trust { account: account.clone(), role: from }) {
                    s.selected_doc = Some(DocRef::Trust { account, role: to });
                }
            }
            Action::DeleteRole(account, name) => s.workspace.delete_role(&account, &name),
            Action::AddUser(account, name) => s.workspace.add_user(&account, &name),
            Action::DeleteUser(account, name) => s.workspace.delete_user(&account, &name),
            Action::AddPolicy(name) => {
                let name = s.workspace.add_policy(&name);
                s.selected_doc = Some(DocRef::Library(name));
            }
            Action::RenamePolicy(from, to) => {
                s.workspace.rename_policy(&from, &to);
                if s.selected_doc == Some(DocRef::Library(from)) {
                    s.selected_doc = Some(DocRef::Library(to));
                }
            }
            Action::DeletePolicy(name) => s.workspace.delete_policy(&name),
            Action::RenameUser(account, from, to) => s.workspace.rename_user(&account, &from, &to),
            Action::Attach(account, role, policy, attach) => {
                if attach {
                    s.workspace.attach(&account, &role, &policy);
                } else {
                    s.workspace.detach(&account, &role, &policy);
                }
            }
            Action::ShowBanner(b) => s.banner = Some(b),
            Action::DismissBanner => s.banner = None,
            Action::SetReadOnly(r) => s.read_only = r,
            Action::CatalogLoaded => s.generation += 1,
        }
        if structural {
            s.revision += 1;
            s.generation += 1;
            if s.selected_doc.as_ref().is_some_and(|d| s.workspace.document(d).is_none()) {
                s.selected_doc = s.workspace.documents().first().map(|d| d.doc.clone());
            }
            s.reanalyze();
        }
        Rc::new(s)
    }
}
