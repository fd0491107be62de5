//! The app state and its reducer: every change to what the person sees goes through an
//! [`Action`], and [`AppState::reduce`] is a pure function of the state and the action. What comes
//! from the browser (the time of a keystroke, a timer firing) arrives as data in the action.
//!
//! The state is made of parts the panels depend on separately, each cheap to clone and to
//! compare: the [`Workspace`] (a handle on a shared scenario; an edit copies the scenario's
//! structure, never its other documents' text), the [`View`] (what is selected and asked, serializable so saved work and
//! share links can carry it), and the [`Analysis`] as [`Shared`] (compared by identity).

use crate::analysis::{Analysis, analyze};
use crate::background::{self, Summary};
use crate::banner::{Banner, BannerKind};
use crate::examples::EXAMPLES;
use crate::lesson_mode::{GradeView, LessonMode, OpenedLesson, Progress};
use crate::organization::OrgEdit;
use crate::paths::{DrawnChain, PathQuery, PathSearch, SearchStatus};
use crate::predict::{Guess, Predictions};
use crate::request::RequestForm;
use crate::shared::Shared;
use crate::snapshot::{SavedView, Snapshot};
use crate::workspace::{DocRef, Workspace};
use crate::workspaces::WorkspaceList;
use policy_playground::Dialect;
use policy_playground::catalog::Catalogs;
use policy_playground::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::rc::Rc;

/// The longest quiet time after a keystroke before the engine runs (milliseconds): the debounce
/// of a workspace whose analysis is slow, and of one not timed yet.
pub const DEBOUNCE_MS: f64 = 250.0;

/// The shortest debounce (milliseconds): keys typed closer together than this are analyzed once.
pub const MIN_DEBOUNCE_MS: f64 = 40.0;

/// The debounce after an analysis that took `analysis_ms`: twice that, within
/// [`MIN_DEBOUNCE_MS`]..=[`DEBOUNCE_MS`]. A fast analysis runs soon after typing stops (keystroke
/// to decision stays under 100 ms); a slow one waits longer so it rarely runs between two keys
/// of someone still typing, where it would delay the next key.
pub fn debounce_after(analysis_ms: f64) -> f64 {
    if analysis_ms.is_finite() { (2.0 * analysis_ms).clamp(MIN_DEBOUNCE_MS, DEBOUNCE_MS) } else { DEBOUNCE_MS }
}

/// Where the editor should put the cursor (it lives with the editor, which reads it).
pub use crate::editor::Focus;

/// What the person looks at and asks, apart from the scenario itself: the open document, the
/// shown check, the active "what breaks" mutations and the request builder's form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct View {
    /// The document in the editor.
    pub open_doc: Option<DocRef>,
    /// The check shown in the chain view and result panel.
    pub selected_check: usize,
    /// Active "what breaks" mutations, by id.
    pub mutations: BTreeSet<String>,
    /// The request builder's fields.
    pub request: RequestForm,
    /// Predict first: the switch and the learner's predictions.
    #[serde(default)]
    pub predict: Predictions,
}

/// Everything the app shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The scenario being edited.
    pub workspace: Workspace,
    /// What is selected and asked.
    pub view: View,
    /// The latest analysis.
    pub analysis: Shared<Analysis>,
    /// Bumped on every change to the workspace.
    pub revision: u64,
    /// The revision [`AppState::analysis`] describes.
    pub analyzed: u64,
    /// Bumped when documents change other than by typing (load, reset, add, rename, a fix), so the
    /// editor reloads its text.
    pub generation: u64,
    /// Bumped when an action catalogue arrives, so findings and suggestions are made again.
    pub catalogs: u64,
    /// The action catalogues the app has: the analysis asks them which context keys a cloud
    /// sends with an action.
    pub catalog_set: Catalogs,
    /// When the last unanalyzed keystroke was typed (milliseconds, the browser's clock).
    pub typed_at_ms: Option<f64>,
    /// The quiet time after a keystroke before the engine runs: [`debounce_after`] the latest
    /// analysis's time (set by [`AppState::timed`]), [`DEBOUNCE_MS`] until one is timed.
    pub debounce_ms: f64,
    /// A message across the top.
    pub banner: Option<Banner>,
    /// The editor's cursor target.
    pub focus: Option<Focus>,
    /// Embedded in another page, read-only.
    pub read_only: bool,
    /// The open lesson, if any.
    pub lesson: Option<LessonMode>,
    /// The progress over all lessons (saved by the browser when it changes).
    pub progress: Rc<Progress>,
    /// The person's own work while a lesson is open: it comes back when they leave the lesson.
    pub before_lesson: Option<Workspace>,
    /// The named workspaces (empty where none are kept: an embed, a test).
    pub workspaces: Rc<WorkspaceList>,
    /// The latest path search (run by the web worker), until cancelled or closed.
    pub paths: Option<PathSearch>,
    /// Path searches started so far: numbers the next one.
    pub searches: u64,
    /// The analysis of a large workspace, made by the engine's worker (see [`crate::background`]).
    pub background: Background,
}

/// Where a large workspace's analysis is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum BackgroundStatus {
    /// The workspace is small: the page analyses it.
    #[default]
    Off,
    /// Request number `serial` is with the worker (older ones may be too: their answers are
    /// shown as they come, marked as out of date).
    Running {
        /// The request's number.
        serial: u64,
    },
    /// The worker answered the latest request.
    Done,
    /// The worker could not answer the latest request: why.
    Failed(String),
    /// The person cancelled it.
    Cancelled,
}

/// The analysis of a workspace too large to analyse on the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Background {
    /// Where it is.
    pub status: BackgroundStatus,
    /// The newest answer, kept while the next one is made (it describes an older text then:
    /// [`AppState::background_summary`] gives it only while it is current).
    pub summary: Option<Shared<Summary>>,
    /// The request that [`Background::summary`] answers.
    pub answered: u64,
    /// Requests sent so far: numbers the next one.
    pub requests: u64,
    /// The action catalogues the latest request asked the worker to read.
    pub catalogs: Vec<Dialect>,
    /// A check to show once a summary names it (a restored view's, before any answer).
    pub pending_check: Option<String>,
}

impl Background {
    /// Whether the workspace is analysed in the worker.
    pub fn on(&self) -> bool {
        self.status != BackgroundStatus::Off
    }

    /// Nothing running and no summary, keeping the requests' numbering (an answer to a request
    /// sent before is never taken for a later one's).
    fn cleared(&self) -> Background {
        Background { requests: self.requests, ..Background::default() }
    }

    /// The latest request, while it is with the worker.
    pub fn running(&self) -> Option<u64> {
        match self.status {
            BackgroundStatus::Running { serial } => Some(serial),
            _ => None,
        }
    }
}

impl AppState {
    /// The scenario's dialect: the analysis's; for a workspace analysed in the worker, the
    /// summary's, else the one the scenario declares.
    pub fn dialect(&self) -> Option<Dialect> {
        self.analysis.dialect().or_else(|| {
            let summary = self.background.summary.as_ref().filter(|_| self.background.on());
            summary.and_then(|s| s.dialect).or_else(|| self.workspace.declared_dialect())
        })
    }

    /// The worker's summary when it describes the workspace as it is now (not one made before
    /// the latest change).
    pub fn background_summary(&self) -> Option<&Shared<Summary>> {
        let summary = self.background.summary.as_ref()?;
        (self.background.status == BackgroundStatus::Done && summary.revision == self.revision).then_some(summary)
    }
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
    /// The editor's text changed; the engine runs [`AppState::debounce_ms`] after the last keystroke.
    Edit {
        /// The document.
        doc: DocRef,
        /// Its whole new text.
        text: String,
        /// When it was typed (milliseconds, the browser's clock).
        at_ms: f64,
    },
    /// The debounce timer set for [`AppState::analysis_due_at`] fired: analyze, unless something
    /// was typed since (then a later timer is due).
    DebounceElapsed {
        /// The due time the timer was set for.
        due_at_ms: f64,
    },
    /// Replace a document's text from outside the editor (an applied fix): analyzed at once and
    /// reloaded into the editor.
    ReplaceText(DocRef, String),
    /// Run the engine now (Ctrl+Enter, the Evaluate button; "Analyse again" after a cancelled or
    /// failed background analysis).
    Analyze,
    /// The worker answered background request `serial`: its summary, or why it could not.
    BackgroundAnswered {
        /// The request's number.
        serial: u64,
        /// The summary, or why there is none.
        answer: Result<Summary, String>,
    },
    /// Stop the background analysis (Cancel).
    CancelBackground,
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
    /// Jump to a span of the open document (a finding).
    JumpInDoc(Span),
    /// Add an account.
    AddAccount(String),
    /// Rename an account (id, name).
    RenameAccount(String, String),
    /// Delete an account.
    DeleteAccount(String),
    /// Add a role to an account (account, name).
    AddRole(String, String),
    /// Rename a role (account, from, to).
    RenameRole(String, String, String),
    /// Delete a role (account, name).
    DeleteRole(String, String),
    /// Add a user to an account (account, name).
    AddUser(String, String),
    /// Delete a user (account, name).
    DeleteUser(String, String),
    /// Add a library policy.
    AddPolicy(String),
    /// Rename a library policy (from, to).
    RenamePolicy(String, String),
    /// Delete a library policy (and detach it everywhere).
    DeletePolicy(String),
    /// Rename a user (account, from, to).
    RenameUser(String, String, String),
    /// Attach (true) or detach a library policy to/from a role (account, role, policy, attach).
    Attach(String, String, String, bool),
    /// Make an editable copy of a read-only library policy, attached where the original was, and
    /// open it.
    CopyPolicy(String),
    /// Change the organization (membership, control policies, delegated administrators).
    EditOrganization(OrgEdit),
    /// Show a banner.
    ShowBanner(Banner),
    /// Hide the banner.
    DismissBanner,
    /// Read-only on or off.
    SetReadOnly(bool),
    /// An action catalogue arrived (the app's catalogues now): check the documents and the
    /// requests again.
    CatalogLoaded(Catalogs),
    /// Make the edits of hint `proposal` of check `check` (from [`Analysis::hints_for`]), when
    /// they are edits of editable documents that make the check pass; else say why.
    ApplyHint {
        /// The check's index.
        check: usize,
        /// The proposal's index in its hints.
        proposal: usize,
    },
    /// Open a lesson: its saved work (else its starting state) becomes the workspace, and the
    /// person's own work is kept to come back to. Refused read-only (embedded).
    OpenLesson(OpenedLesson),
    /// Leave the lesson: the work from before it comes back.
    LeaveLesson,
    /// Reveal the lesson's next hint.
    RevealHint,
    /// Show (true) or hide the reference solution's differences from the work; shown only once
    /// every hint is revealed.
    ShowSolution(bool),
    /// Apply the reference solution (after showing it): the differences stay shown.
    ApplySolution,
    /// Start the lesson again: its starting state, no hints revealed, not done.
    ResetLesson,
    /// Predict first on (answers hidden until every check is predicted; predictions start over)
    /// or off (everything shown).
    SetPredictFirst(bool),
    /// The learner predicts check `check` (by index) will be allowed or denied; ignored once the
    /// answers are revealed.
    Predict {
        /// The check's index.
        check: usize,
        /// The prediction.
        guess: Guess,
    },
    /// Change the policies-and-requests mode's data; typed table cells carry their time
    /// (`at_ms`) and are evaluated [`DEBOUNCE_MS`] later, the rest at once.
    Requests {
        /// The change.
        edit: crate::requests_edit::RequestsEdit,
        /// When it was typed, for a typed cell.
        at_ms: Option<f64>,
    },
    /// Author mode: add the request builder's request as a check named `name` that should come
    /// out `expected` (a name already used is refused with a banner).
    SaveRequestAsCheck {
        /// The check's name.
        name: String,
        /// The decision it should have.
        expected: policy_playground::Decision,
    },
    /// Open an imported file as a workspace of its own called (a free variant of) `name`.
    Import {
        /// The file's workspace and view.
        snapshot: Box<Snapshot>,
        /// The name to give it.
        name: String,
    },
    /// Start a new workspace (from the first example); the current one stays in the list.
    NewWorkspace,
    /// Rename a workspace (id, name); a name that is empty or taken is refused with a banner.
    RenameWorkspace(String, String),
    /// Go on in a copy of the current workspace; the original stays as it was.
    DuplicateWorkspace,
    /// Delete a workspace. Deleting the current one opens its successor in the list, whose saved
    /// content the browser reads and gives as `next` (a new workspace when there is none).
    DeleteWorkspace {
        /// The workspace's id.
        id: String,
        /// The successor's saved content, when the current one is deleted.
        next: Option<Box<Snapshot>>,
    },
    /// Switch to another workspace, with its saved content as the browser read it.
    SwitchWorkspace {
        /// The workspace's id.
        id: String,
        /// Its saved content.
        snapshot: Box<Snapshot>,
    },
    /// Ask a path question (the web worker answers with [`Action::PathsAnswered`]).
    SearchPaths(PathQuery),
    /// The worker answered path search `id` (dropped when a newer search was asked since): `Ok`
    /// with the first chain to draw (the answer itself stays with the browser), or what went
    /// wrong.
    PathsAnswered {
        /// The search answered.
        id: u64,
        /// The shortest chain found, if any, or the error.
        answer: Result<Option<DrawnChain>, String>,
    },
    /// Stop the running path search (the worker is stopped) or close the answer.
    CancelPaths,
    /// Draw this chain of the path search's answer on the chain view (`None`: the check's again).
    SelectChain(Option<DrawnChain>),
}

impl Action {
    /// Whether the action changes the scenario's structure (analyzed at once, refused read-only,
    /// and in a lesson refused when it changes a part the lesson does not let the learner change).
    fn is_structural(&self) -> bool {
        matches!(
            self,
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
                | Action::CopyPolicy(_)
                | Action::EditOrganization(_)
                | Action::ApplyHint { .. }
        )
    }
}

impl AppState {
    /// A state showing `workspace`, analyzed, with the first check's request in the builder.
    pub fn new(workspace: Workspace) -> AppState {
        let mut state = AppState {
            workspace,
            view: View::default(),
            analysis: Shared::new(Analysis::default()),
            revision: 0,
            analyzed: 0,
            generation: 0,
            catalogs: 0,
            catalog_set: Catalogs::builtin(),
            typed_at_ms: None,
            debounce_ms: DEBOUNCE_MS,
            banner: None,
            focus: None,
            read_only: false,
            lesson: None,
            progress: Rc::new(Progress::default()),
            before_lesson: None,
            workspaces: Rc::default(),
            paths: None,
            searches: 0,
            background: Background::default(),
        };
        state.reset_view();
        state
    }

    /// The default example.
    pub fn default_example() -> Workspace {
        Workspace::example(EXAMPLES[0].id).expect("built-in example loads")
    }

    /// True when the analysis is older than the text.
    pub fn stale(&self) -> bool {
        self.analyzed != self.revision
    }

    /// When the engine should run for what was typed: [`AppState::debounce_ms`] after the last
    /// keystroke.
    pub fn analysis_due_at(&self) -> Option<f64> {
        self.typed_at_ms.filter(|_| self.stale()).map(|t| t + self.debounce_ms)
    }

    /// Records that the latest analysis took `analysis_ms` (the browser times it): the next
    /// debounce is [`debounce_after`] it.
    pub fn timed(&mut self, analysis_ms: f64) {
        // A large workspace's analysis is the worker's, and takes seconds there: a request
        // waits for the longest pause before it is sent.
        self.debounce_ms = if self.background.on() { DEBOUNCE_MS } else { debounce_after(analysis_ms) };
    }

    /// The check shown.
    pub fn selected_check(&self) -> Option<&policy_playground::chain::ChainResult> {
        self.analysis.checks.get(self.view.selected_check)
    }

    /// Shows a new workspace from the start: first editable document, first check, no mutations,
    /// the first check's final request in the request builder.
    fn reset_view(&mut self) {
        self.generation += 1;
        // A summary of the workspace shown before says nothing about this one.
        self.background = self.background.cleared();
        // A class predicting keeps predicting in the next scenario, from scratch.
        let predict = Predictions { on: self.view.predict.on, ..Predictions::default() };
        self.view = View {
            open_doc: self.workspace.documents().into_iter().find(|d| !d.read_only).map(|d| d.doc),
            predict,
            ..View::default()
        };
        self.focus = None;
        self.reanalyze();
        // Offer the first check's final request in the request builder.
        if let Some(f) = self.analysis.checks.iter().find_map(|c| c.final_request.as_ref()) {
            self.view.request = RequestForm {
                principal: f.principal.clone(),
                action: f.action.clone(),
                resource: f.resource.clone(),
                context: Vec::new(),
            };
            self.reanalyze();
        }
    }

    fn reanalyze(&mut self) {
        if background::needed(&self.workspace) {
            // The page shows the worker's summary instead (crate::background); the checks'
            // selection stays for when it arrives.
            self.analysis = Shared::new(Analysis::default());
            self.analyzed = self.revision;
            self.typed_at_ms = None;
            self.background.requests += 1;
            self.background.status = BackgroundStatus::Running { serial: self.background.requests };
            // The worker reads the catalogues the page has, and the scenario's own cloud's (it
            // fetches that one itself: a second run when the page's arrives would be wasted).
            let mut catalogs: Vec<Dialect> =
                [Dialect::Aws, Dialect::Aliyun].into_iter().filter(|d| self.catalog_set.has(*d)).collect();
            catalogs.extend(self.workspace.declared_dialect().filter(|d| !catalogs.contains(d)));
            self.background.catalogs = catalogs;
            return;
        }
        self.background = self.background.cleared();
        self.analysis =
            Shared::new(analyze(&self.workspace, &self.view.mutations, &self.view.request, &self.catalog_set));
        self.analyzed = self.revision;
        self.typed_at_ms = None;
        if self.view.selected_check >= self.analysis.checks.len() {
            self.view.selected_check = 0;
        }
        self.regrade();
    }

    /// Grades the workspace against the open lesson (once per revision), and marks the lesson
    /// done when everything passes.
    fn regrade(&mut self) {
        let Some(lesson) = &mut self.lesson else { return };
        if lesson.regrade(&self.workspace, self.revision) && lesson.passed() && !self.progress.is_done(&lesson.key) {
            Rc::make_mut(&mut self.progress).lessons.entry(lesson.key.clone()).or_default().done = true;
        }
    }

    /// What the lesson panel shows of the open lesson's grade (`None` outside a lesson): hidden
    /// while predict first hides the checks' decisions.
    pub fn lesson_grade_view(&self) -> Option<GradeView> {
        let lesson = self.lesson.as_ref()?;
        let checks = &self.analysis.checks;
        Some(if self.background.on() {
            // Grading would run the engine over the whole workspace on the page's thread.
            GradeView::NotYet
        } else if self.view.predict.hides(checks) {
            GradeView::Hidden { predicted: self.view.predict.predicted(checks), total: checks.len() }
        } else if self.stale() {
            GradeView::Checking
        } else {
            lesson.grade.clone().map_or(GradeView::NotYet, GradeView::Shown)
        })
    }

    /// Whether the open lesson (if any) lets the learner edit `doc`.
    pub fn lesson_allows(&self, doc: &DocRef) -> bool {
        self.lesson.as_ref().is_none_or(|l| l.may_edit(doc, &self.workspace))
    }

    /// Leaves lesson mode without loading anything (another workspace is about to be loaded).
    fn end_lesson(&mut self) {
        if self.lesson.take().is_some() {
            self.before_lesson = None;
            Rc::make_mut(&mut self.progress).active = None;
        }
    }

    /// The open lesson's progress, to change.
    fn lesson_progress(&mut self) -> Option<&mut crate::lesson_mode::LessonProgress> {
        let key = self.lesson.as_ref()?.key.clone();
        Some(Rc::make_mut(&mut self.progress).lessons.entry(key).or_default())
    }

    fn load(&mut self, workspace: Workspace) {
        self.workspace = workspace;
        self.revision += 1;
        // An answer about another scenario would be wrong here (a running search is stopped).
        self.paths = None;
        self.reset_view();
    }

    /// The workspace and what is looked at, as saved, shared and exported.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot { workspace: self.workspace.clone(), view: self.saved_view() }
    }

    /// What is looked at, by name.
    pub fn saved_view(&self) -> SavedView {
        let view = &self.view;
        SavedView {
            doc: view.open_doc.clone(),
            check: self.selected_check().map(|c| c.check.clone()),
            toggles: view.mutations.clone(),
            request: (view.request != RequestForm::default()).then(|| view.request.clone()),
            predict: view.predict.clone(),
            unreadable: Vec::new(),
        }
    }

    /// Opens a workspace with a saved view. What the view names that the workspace lacks is left
    /// at the default, and a warning says what (unless a banner already says something worse).
    pub fn open(&mut self, snapshot: Snapshot) {
        self.load(snapshot.workspace);
        self.restore_view(snapshot.view);
    }

    /// Restores a saved view over the default one, and says what could not be restored (see
    /// [`AppState::apply_view`]).
    pub fn restore_view(&mut self, view: SavedView) {
        let problems = self.apply_view(view);
        if !problems.is_empty() && self.banner.as_ref().is_none_or(|b| b.kind == BannerKind::Info) {
            self.banner = Some(Banner::new(
                BannerKind::Warning,
                format!(
                    "Part of the saved view could not be restored: {}. The defaults are shown instead.",
                    problems.join("; ")
                ),
            ));
        }
    }

    /// Restores a saved view over the default one; returns what could not be restored. Untrusted:
    /// every name is checked against the workspace.
    pub fn apply_view(&mut self, saved: SavedView) -> Vec<String> {
        let mut problems: Vec<String> =
            saved.unreadable.iter().map(|part| format!("{part} in it could not be read")).collect();
        if saved.is_empty() {
            return problems;
        }
        // A workspace analysed in the worker has no analysis here to check the names against:
        // they are kept, and the check is shown once the summary names it.
        let unchecked = background::needed(&self.workspace);
        for toggle in saved.toggles {
            if unchecked || self.analysis.mutations.iter().any(|m| m.id == toggle) {
                self.view.mutations.insert(toggle);
            } else {
                problems.push(format!("there is no \"what breaks\" toggle {:?}", shortened(&toggle)));
            }
        }
        if let Some(form) = saved.request {
            self.view.request = form;
        }
        self.reanalyze();
        if let Some(name) = saved.check {
            if unchecked {
                self.background.pending_check = Some(name);
            } else {
                match self.analysis.checks.iter().position(|c| c.check == name) {
                    Some(i) => self.view.selected_check = i,
                    None => problems.push(format!("there is no check called {:?}", shortened(&name))),
                }
            }
        }
        if let Some(doc) = saved.doc {
            if self.workspace.document(&doc).is_some() {
                self.view.open_doc = Some(doc);
            } else {
                problems.push(format!("there is no document {}", shortened(&doc.describe())));
            }
        }
        let mut predict = saved.predict;
        predict.guesses.retain(|(check, _)| unchecked || self.analysis.checks.iter().any(|c| &c.check == check));
        self.view.predict = predict;
        problems
    }

    /// Before the person's own work is replaced by something titled `title`: when it has changes
    /// (it is not an untouched example), it stays in the list and the new work gets a workspace of
    /// its own; returns the kept workspace's name. Untouched work is replaced in place.
    fn keep_own_work(&mut self, title: &str) -> Option<String> {
        let list = Rc::make_mut(&mut self.workspaces);
        let current = list.current()?.name.clone();
        let own = self.before_lesson.as_ref().unwrap_or(&self.workspace);
        if own.is_untouched_example() {
            list.retitle_current(title);
            return None;
        }
        list.create(title);
        Some(current)
    }

    /// Says where the person's previous work went (`kept`) and what is open now.
    fn tell_kept(&mut self, kept: Option<String>) {
        if let (Some(kept), Some(now)) = (kept, self.workspaces.current()) {
            self.banner = Some(Banner::new(
                BannerKind::Info,
                format!(
                    "Your previous work is kept as the workspace \"{kept}\" (switch back with the Workspace list in the toolbar); this opened as \"{}\".",
                    now.name
                ),
            ));
        }
    }

    fn jump(&mut self, doc: DocRef, span: Span) {
        let serial = self.focus.as_ref().map_or(0, |f| f.serial + 1);
        self.focus = Some(Focus { doc, span, serial });
    }

    /// The state after `action`; the same `Rc` when nothing changes (so nothing re-renders).
    pub fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut structural = action.is_structural();
        if structural && self.read_only {
            return self;
        }
        let mut s = (*self).clone();
        match action {
            Action::Load(workspace) => {
                s.end_lesson();
                s.load(workspace);
            }
            Action::LoadExample(id) => match Workspace::example(&id) {
                Some(w) => {
                    let kept = s.keep_own_work(&w.title());
                    s.end_lesson();
                    s.load(w);
                    s.tell_kept(kept);
                }
                None => {
                    s.banner = Some(Banner::new(BannerKind::Error, format!("there is no example called {id:?}")));
                }
            },
            Action::SelectDoc(doc) => {
                s.view.open_doc = Some(doc);
                s.focus = None;
            }
            Action::Edit { doc, text, at_ms } => {
                if s.read_only || !s.workspace.can_edit(&doc) || !s.lesson_allows(&doc) {
                    return self;
                }
                s.workspace.set_text(&doc, &text);
                s.revision += 1;
                s.typed_at_ms = Some(at_ms);
                s.focus = None;
            }
            Action::DebounceElapsed { due_at_ms } => {
                if s.analysis_due_at() != Some(due_at_ms) {
                    return self;
                }
                s.reanalyze();
            }
            Action::ReplaceText(doc, text) => {
                if s.read_only || !s.workspace.can_edit(&doc) || !s.lesson_allows(&doc) {
                    return self;
                }
                s.workspace.set_text(&doc, &text);
                s.revision += 1;
                s.generation += 1;
                s.reanalyze();
            }
            Action::Analyze => {
                let again = matches!(s.background.status, BackgroundStatus::Cancelled | BackgroundStatus::Failed(_));
                if !s.stale() && !again {
                    return self;
                }
                s.reanalyze();
            }
            Action::BackgroundAnswered { serial, answer } => {
                let latest = s.background.running() == Some(serial);
                match answer {
                    // An older request's answer is shown (as out of date) while a newer runs.
                    Ok(summary) if serial > s.background.answered && s.background.running().is_some() => {
                        if let Some(name) = s.background.pending_check.take() {
                            match summary.checks.iter().position(|c| c.name == name) {
                                Some(i) => s.view.selected_check = i,
                                None => s.background.pending_check = Some(name),
                            }
                        }
                        s.background.summary = Some(Shared::new(summary));
                        s.background.answered = serial;
                        if latest {
                            s.background.status = BackgroundStatus::Done;
                        }
                    }
                    Err(why) if latest => s.background.status = BackgroundStatus::Failed(why),
                    _ => return self,
                }
            }
            Action::CancelBackground => {
                if !matches!(s.background.status, BackgroundStatus::Running { .. }) {
                    return self;
                }
                s.background.status = BackgroundStatus::Cancelled;
            }
            Action::SelectCheck(i) => {
                if s.view.selected_check == i {
                    return self;
                }
                s.view.selected_check = i;
            }
            Action::ToggleMutation(id) => {
                if !s.view.mutations.remove(&id) {
                    s.view.mutations.insert(id);
                }
                s.reanalyze();
            }
            Action::SetRequest(form) => {
                s.view.request = form;
                s.reanalyze();
            }
            Action::JumpTo { policy, span } => {
                let Some(doc) = s.workspace.doc_named(&policy) else { return self };
                s.view.open_doc = Some(doc.clone());
                s.jump(doc, span);
            }
            Action::JumpInDoc(span) => {
                let Some(doc) = s.view.open_doc.clone() else { return self };
                s.jump(doc, span);
            }
            Action::AddAccount(name) => {
                s.workspace.add_account(&name);
            }
            Action::RenameAccount(id, name) => s.workspace.rename_account(&id, &name),
            Action::DeleteAccount(id) => s.workspace.delete_account(&id),
            Action::AddRole(account, name) => {
                s.workspace.add_role(&account, &name);
                s.view.open_doc = Some(DocRef::Trust { account, role: name });
            }
            Action::RenameRole(account, from, to) => {
                s.workspace.rename_role(&account, &from, &to);
                if s.view.open_doc == Some(DocRef::Trust { account: account.clone(), role: from }) {
                    s.view.open_doc = Some(DocRef::Trust { account, role: to });
                }
            }
            Action::DeleteRole(account, name) => s.workspace.delete_role(&account, &name),
            Action::AddUser(account, name) => s.workspace.add_user(&account, &name),
            Action::DeleteUser(account, name) => s.workspace.delete_user(&account, &name),
            Action::AddPolicy(name) => {
                let name = s.workspace.add_policy(&name);
                s.view.open_doc = Some(DocRef::Library(name));
            }
            Action::RenamePolicy(from, to) => {
                s.workspace.rename_policy(&from, &to);
                if s.view.open_doc == Some(DocRef::Library(from)) {
                    s.view.open_doc = Some(DocRef::Library(to));
                }
            }
            Action::DeletePolicy(name) => s.workspace.delete_policy(&name),
            Action::RenameUser(account, from, to) => s.workspace.rename_user(&account, &from, &to),
            Action::Attach(account, role, policy, attach) => {
                let w = &mut s.workspace;
                if attach {
                    w.attach(&account, &role, &policy);
                } else {
                    w.detach(&account, &role, &policy);
                }
            }
            Action::CopyPolicy(name) => match s.workspace.copy_policy(&name) {
                Some(copy) => s.view.open_doc = Some(DocRef::Library(copy)),
                None => return self,
            },
            Action::EditOrganization(edit) => {
                if let Err(e) = s.workspace.edit_organization(&edit) {
                    s.banner =
                        Some(Banner::new(BannerKind::Warning, format!("The organization was not changed: {e}.")));
                    return Rc::new(s);
                }
            }
            Action::ShowBanner(b) => s.banner = Some(b),
            Action::DismissBanner => s.banner = None,
            Action::SetReadOnly(r) => s.read_only = r,
            Action::CatalogLoaded(catalogs) => {
                s.generation += 1;
                s.catalogs += 1;
                s.catalog_set = catalogs;
                // The worker fetched the scenario's catalogue itself: no second run for it.
                let worker_has = [Dialect::Aws, Dialect::Aliyun]
                    .into_iter()
                    .all(|d| !s.catalog_set.has(d) || s.background.catalogs.contains(&d));
                if !(s.background.on() && worker_has) {
                    s.reanalyze();
                }
            }
            Action::ApplyHint { check, proposal } => {
                let Some(p) = s.analysis.hints_for(check).and_then(|h| h.fixes.proposals.get(proposal)).cloned() else {
                    return Rc::new(s);
                };
                match crate::hints::apply(&s.workspace, &s.view.mutations, check, &p, &s.catalog_set) {
                    Ok(texts) => {
                        for (doc, text) in &texts {
                            s.workspace.set_text(doc, text);
                        }
                        if let Some((doc, _)) = texts.first() {
                            s.view.open_doc = Some(doc.clone());
                        }
                    }
                    Err(e) => {
                        s.banner = Some(Banner::new(BannerKind::Warning, format!("The hint was not applied: {e}.")))
                    }
                }
            }
            Action::OpenLesson(opened) => {
                if s.read_only {
                    return self;
                }
                if s.lesson.is_none() {
                    s.before_lesson = Some(s.workspace.clone());
                }
                let mode = LessonMode::new(&opened);
                let workspace = opened.saved.unwrap_or_else(|| mode.start());
                let progress = Rc::make_mut(&mut s.progress);
                progress.active = Some(mode.key.clone());
                progress.lessons.entry(mode.key.clone()).or_default();
                s.lesson = Some(mode);
                s.load(workspace);
            }
            Action::LeaveLesson => {
                if s.lesson.is_none() {
                    return self;
                }
                let workspace = s.before_lesson.take().unwrap_or_else(AppState::default_example);
                s.end_lesson();
                s.load(workspace);
            }
            Action::RevealHint => {
                let Some(total) = s.lesson.as_ref().map(|l| l.lesson.hints.len()) else { return self };
                let Some(progress) = s.lesson_progress() else { return self };
                if progress.hints >= total {
                    return self;
                }
                progress.hints += 1;
            }
            Action::ShowSolution(show) => {
                let hints = s.lesson.as_ref().map(|l| s.progress.of(&l.key).hints);
                let Some(lesson) = &mut s.lesson else { return self };
                if show && hints < Some(lesson.lesson.hints.len()) {
                    return self;
                }
                lesson.solution =
                    show.then(|| Shared::new(crate::diff::workspace_diff(&s.workspace, &lesson.solution_workspace())));
                lesson.solution_applied = false;
            }
            Action::ApplySolution => {
                let Some(lesson) = &mut s.lesson else { return self };
                if lesson.solution.is_none() || lesson.solution_applied {
                    return self;
                }
                lesson.solution_applied = true;
                s.workspace = lesson.solution_workspace();
                if let Some(progress) = s.lesson_progress() {
                    progress.solution_applied = true;
                }
                s.revision += 1;
                s.generation += 1;
                s.reanalyze();
            }
            Action::ResetLesson => {
                let Some(lesson) = &mut s.lesson else { return self };
                lesson.solution = None;
                lesson.solution_applied = false;
                let start = lesson.start();
                if let Some(progress) = s.lesson_progress() {
                    *progress = Default::default();
                }
                s.load(start);
            }
            Action::SetPredictFirst(on) => {
                if !on && !s.view.predict.on {
                    return self;
                }
                s.view.predict = Predictions { on, ..Predictions::default() };
            }
            Action::Predict { check, guess } => {
                let Some(name) = s.analysis.checks.get(check).map(|c| c.check.clone()) else { return self };
                if !s.view.predict.predict(&s.analysis.checks, &name, guess) {
                    return self;
                }
            }
            Action::Import { snapshot, name } => {
                if s.read_only {
                    return self;
                }
                let kept = s.workspaces.current().map(|e| e.name.clone());
                Rc::make_mut(&mut s.workspaces).create(&name);
                s.end_lesson();
                s.banner = None;
                s.open(*snapshot);
                s.tell_kept(kept);
            }
            Action::NewWorkspace => {
                if s.read_only || s.workspaces.current.is_none() {
                    return self;
                }
                let kept = s.workspaces.current().map(|e| e.name.clone());
                Rc::make_mut(&mut s.workspaces).create("Untitled workspace");
                s.end_lesson();
                s.load(AppState::default_example());
                s.tell_kept(kept);
            }
            Action::RenameWorkspace(id, name) => match Rc::make_mut(&mut s.workspaces).rename(&id, &name) {
                Ok(()) => s.banner = None,
                Err(e) => s.banner = Some(Banner::new(BannerKind::Warning, format!("Not renamed: {e}."))),
            },
            Action::DuplicateWorkspace => {
                let Some(current) = s.workspaces.current().map(|e| e.name.clone()) else { return self };
                if s.lesson.is_some() {
                    return self;
                }
                let list = Rc::make_mut(&mut s.workspaces);
                list.create(&format!("{current} (copy)"));
                let copy = list.current().map(|e| e.name.clone()).unwrap_or_default();
                s.banner = Some(Banner::new(
                    BannerKind::Info,
                    format!("You are now working in the copy \"{copy}\"; \"{current}\" stays as it was."),
                ));
            }
            Action::DeleteWorkspace { id, next } => {
                if s.workspaces.entry(&id).is_none() || s.lesson.is_some() {
                    return self;
                }
                let was_current = s.workspaces.current.as_deref() == Some(id.as_str());
                let list = Rc::make_mut(&mut s.workspaces);
                list.remove(&id);
                let has_successor = list.current.is_some();
                if was_current {
                    match next.filter(|_| has_successor) {
                        Some(next) => s.open(*next),
                        None => {
                            let list = Rc::make_mut(&mut s.workspaces);
                            list.current = None;
                            list.create("Untitled workspace");
                            s.load(AppState::default_example());
                        }
                    }
                }
            }
            Action::SwitchWorkspace { id, snapshot } => {
                if s.workspaces.current.as_deref() == Some(id.as_str()) || s.lesson.is_some() {
                    return self;
                }
                if !Rc::make_mut(&mut s.workspaces).switch(&id) {
                    return self;
                }
                s.banner = None;
                s.open(*snapshot);
            }
            Action::Requests { edit, at_ms } => {
                if s.read_only || s.lesson.is_some() {
                    return self;
                }
                let showing = matches!(edit, crate::requests_edit::RequestsEdit::Show(true));
                match s.workspace.edit_requests(edit, &s.catalog_set) {
                    Ok(done) => {
                        s.revision += 1;
                        if showing && done.open.is_none() {
                            // No policy in a layer yet: no scenario document beside the empty layers.
                            s.view.open_doc = None;
                        }
                        if done.reload {
                            s.generation += 1;
                        }
                        if let Some(doc) = done.open {
                            s.view.open_doc = Some(doc);
                        }
                        s.banner = done.message.map(|m| Banner::new(BannerKind::Info, m));
                        match at_ms {
                            Some(at_ms) => s.typed_at_ms = Some(at_ms),
                            None => s.reanalyze(),
                        }
                    }
                    Err(e) => s.banner = Some(Banner::new(BannerKind::Warning, format!("{}.", sentence_case(&e)))),
                }
            }
            Action::SaveRequestAsCheck { name, expected } => {
                if s.read_only {
                    return self;
                }
                match crate::author::check_from_request(&s.view.request, &name, expected)
                    .and_then(|check| s.workspace.add_check(check))
                {
                    Ok(()) => {
                        s.revision += 1;
                        s.reanalyze();
                        s.view.selected_check = s.analysis.checks.len().saturating_sub(1);
                        s.banner = None;
                    }
                    Err(e) => {
                        s.banner = Some(Banner::new(BannerKind::Warning, format!("The check was not saved: {e}.")))
                    }
                }
            }
            Action::SearchPaths(query) => {
                let query = match query {
                    PathQuery::RequestAction => PathQuery::Perform {
                        action: s.view.request.action.trim().to_string(),
                        resource: s.view.request.resource.trim().to_string(),
                    },
                    query => query,
                };
                s.searches += 1;
                s.paths = Some(PathSearch { id: s.searches, query, status: SearchStatus::Running, drawn: None });
            }
            Action::PathsAnswered { id, answer } => match &mut s.paths {
                Some(p) if p.id == id && p.running() => match answer {
                    // The shortest chain is drawn at once.
                    Ok(first) => {
                        p.drawn = first;
                        p.status = SearchStatus::Done;
                    }
                    Err(e) => p.status = SearchStatus::Failed(e),
                },
                _ => return self,
            },
            Action::CancelPaths => {
                if s.paths.take().is_none() {
                    return self;
                }
            }
            Action::SelectChain(chain) => match &mut s.paths {
                Some(p) if p.drawn != chain => p.drawn = chain,
                _ => return self,
            },
        }
        // The one lesson gate for structural edits: the lesson's own scope check says whether the
        // edit changes a part the learner may not change (attachments, the organization, new
        // policies, hints' documents, ...), and the banner says which and what may change.
        if structural
            && let Some(lesson) = &s.lesson
            && let Some(why) = lesson.refusal(&self.workspace, &s.workspace)
        {
            // Undone in place, the workspace and view as they were (returning a clone of `self`
            // instead made the page's wasm 3.8 KB larger, 0.9 KB gzipped: another inlined drop
            // of the whole state).
            s.workspace = self.workspace.clone();
            s.view = self.view.clone();
            s.banner = Some(Banner::new(BannerKind::Warning, why));
            structural = false;
        }
        if structural {
            s.revision += 1;
            s.generation += 1;
            if s.view.open_doc.as_ref().is_some_and(|d| s.workspace.document(d).is_none()) {
                s.view.open_doc = s.workspace.documents().first().map(|d| d.doc.clone());
            }
            s.reanalyze();
        }
        // A path search answered about the scenario as it was: a change to the workspace or to
        // the what-breaks toggles drops its answer (its chains and statement links are stale).
        if s.paths.is_some() && (s.revision != self.revision || s.view.mutations != self.view.mutations) {
            s.paths = None;
        }
        Rc::new(s)
    }
}

/// A name from an untrusted file, cut for a message (a hostile link may hold megabytes of one).
fn shortened(name: &str) -> String {
    match name.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &name[..at]),
        None => name.to_string(),
    }
}

/// `clause` with its first letter capitalized, for a banner.
fn sentence_case(clause: &str) -> String {
    let mut chars = clause.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
