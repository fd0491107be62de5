//! Lesson mode: a lesson open in the app (its words, what the learner may edit, its grade of the
//! workspace, the solution's differences when asked), and the learner's progress over all
//! lessons (done, hints revealed, the solution shown) in the format kept in localStorage.
//!
//! The reducer ([`crate::state`]) opens, grades and leaves lessons; the browser reads and writes
//! storage: the progress under [`PROGRESS_KEY`] and each lesson's work under [`work_key`], so the
//! person's own work under [`crate::storage::KEY`] is never touched by a lesson.

use crate::diff::PartDiff;
use crate::lessons::{self, LinkError};
use crate::shared::Shared;
use crate::workspace::{DocRef, Workspace};
use policy_playground::lesson::model::{DocTarget, EditablePart};
use policy_playground::lesson::names::find_role;
use policy_playground::lesson::scope::changes_outside;
use policy_playground::lesson::{Grade, Lesson, grade};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Where the progress over all lessons is saved.
pub const PROGRESS_KEY: &str = "policy-playground/lessons";
/// Prefix of the keys holding each lesson's work.
pub const WORK_PREFIX: &str = "policy-playground/lesson-work/";
/// The progress format's version.
pub const PROGRESS_VERSION: u32 = 1;

/// Where a lesson's work is saved.
pub fn work_key(lesson_key: &str) -> String {
    format!("{WORK_PREFIX}{lesson_key}")
}

/// One lesson's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// Every check and constraint passed at least once.
    #[serde(default)]
    pub done: bool,
    /// How many hints are revealed.
    #[serde(default)]
    pub hints: usize,
    /// The reference solution was applied.
    #[serde(default)]
    pub solution_applied: bool,
}

/// The progress over all lessons: `{"version": 1, "lessons": {KEY: PROGRESS}, "active": KEY}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Each lesson's progress, by its key (a bundled lesson's file name, or a linked lesson's
    /// `link/ID/FINGERPRINT`).
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
    /// The lesson open when the page was left (reopened on reload).
    #[serde(default)]
    pub active: Option<String>,
}

impl Progress {
    /// Reads saved progress.
    pub fn parse(text: &str) -> Result<Progress, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("it is not JSON ({e})"))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(PROGRESS_VERSION) => {}
            Some(v) => return Err(format!("it was saved by a version of the playground with format {v}")),
            None => return Err("it has no format version".into()),
        }
        serde_json::from_value(value).map_err(|e| format!("its content is not lesson progress ({e})"))
    }

    /// The text saved.
    pub fn serialize(&self) -> String {
        #[derive(Serialize)]
        struct Envelope<'a> {
            version: u32,
            #[serde(flatten)]
            progress: &'a Progress,
        }
        serde_json::to_string(&Envelope { version: PROGRESS_VERSION, progress: self }).expect("progress serializes")
    }

    /// A lesson's progress (nothing yet when it was never opened).
    pub fn of(&self, key: &str) -> LessonProgress {
        self.lessons.get(key).cloned().unwrap_or_default()
    }

    /// Whether a lesson is done.
    pub fn is_done(&self, key: &str) -> bool {
        self.lessons.get(key).is_some_and(|p| p.done)
    }
}

/// A lesson read and ready to open, with the learner's saved work on it when there is some.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedLesson {
    /// Its progress key: the bundled file's name, or `link/ID/FINGERPRINT` for a lesson link.
    pub key: String,
    /// The lesson.
    pub lesson: Shared<Lesson>,
    /// The lesson file (a lesson link carries it).
    pub text: Rc<str>,
    /// Opened from a lesson link rather than the bundled list.
    pub from_link: bool,
    /// The learner's work saved on it, if any (read by the browser under [`work_key`]).
    pub saved: Option<Workspace>,
}

impl OpenedLesson {
    /// The bundled lesson in file `file`.
    pub fn bundled(file: &str) -> Result<OpenedLesson, String> {
        let bundled = lessons::bundled(file).ok_or_else(|| format!("there is no lesson called {file:?}"))?;
        let lesson = lessons::read(bundled.text).map_err(|e| format!("the lesson {file} cannot be read: {e}"))?;
        Ok(OpenedLesson {
            key: bundled.file.to_string(),
            lesson: Shared::new(lesson),
            text: Rc::from(bundled.text),
            from_link: false,
            saved: None,
        })
    }

    /// The lesson a lesson link's fragment holds.
    pub fn from_link(fragment: &str) -> Result<OpenedLesson, LinkError> {
        let text = lessons::decode_link(fragment)?;
        let lesson = lessons::read(&text).map_err(LinkError::NotALesson)?;
        Ok(OpenedLesson {
            key: format!("link/{}/{}", lesson.id, lessons::fingerprint(&text)),
            lesson: Shared::new(lesson),
            text: Rc::from(text),
            from_link: true,
            saved: None,
        })
    }

    /// The same lesson with the learner's saved work.
    pub fn with_saved(self, saved: Option<Workspace>) -> OpenedLesson {
        OpenedLesson { saved, ..self }
    }
}

/// What the lesson panel shows of the automatic check.
#[derive(Debug, Clone, PartialEq)]
pub enum GradeView {
    /// The work changed since the last grade: it is being checked.
    Checking,
    /// Not graded yet.
    NotYet,
    /// Predict first is on and some check is not predicted: passing or failing would give the
    /// answers away (the same rule as the checks panel, [`crate::predict::Predictions::hides`]).
    Hidden {
        /// Checks predicted so far.
        predicted: usize,
        /// Checks in all.
        total: usize,
    },
    /// The grade, every check and constraint passing or failing.
    Shown(Shared<Grade>),
}

/// The open lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonMode {
    /// Its progress key.
    pub key: String,
    /// The lesson.
    pub lesson: Shared<Lesson>,
    /// The lesson file, for its lesson link.
    pub text: Rc<str>,
    /// Opened from a lesson link.
    pub from_link: bool,
    /// The grade of the workspace as last analyzed (none before the first analysis).
    pub grade: Option<Shared<Grade>>,
    /// The workspace revision [`LessonMode::grade`] describes.
    pub graded: Option<u64>,
    /// The reference solution's differences from the work, while shown.
    pub solution: Option<Shared<Vec<PartDiff>>>,
    /// The shown differences have been applied.
    pub solution_applied: bool,
}

impl LessonMode {
    /// A lesson opened, not graded yet.
    pub fn new(opened: &OpenedLesson) -> LessonMode {
        LessonMode {
            key: opened.key.clone(),
            lesson: opened.lesson.clone(),
            text: opened.text.clone(),
            from_link: opened.from_link,
            grade: None,
            graded: None,
            solution: None,
            solution_applied: false,
        }
    }

    /// The lesson's starting state as a workspace.
    pub fn start(&self) -> Workspace {
        Workspace::new(self.lesson.start.clone(), None)
    }

    /// The reference solution as a workspace.
    pub fn solution_workspace(&self) -> Workspace {
        Workspace::new(self.lesson.solution.clone(), None)
    }

    /// Grades `workspace` (at `revision`) unless that revision is graded already; true when it
    /// was graded now.
    pub fn regrade(&mut self, workspace: &Workspace, revision: u64) -> bool {
        if self.graded == Some(revision) {
            return false;
        }
        self.grade = Some(Shared::new(grade(&self.lesson, workspace.scenario())));
        self.graded = Some(revision);
        true
    }

    /// Whether every check and constraint passes.
    pub fn passed(&self) -> bool {
        self.grade.as_ref().is_some_and(|g| g.passed())
    }

    /// Whether the lesson lets the learner edit `doc` (of `workspace`).
    pub fn may_edit(&self, doc: &DocRef, workspace: &Workspace) -> bool {
        self.lesson.editable.iter().any(|part| match (part, doc) {
            (EditablePart::Document(target), _) => targets(target, doc, workspace),
            // A policy of the learner's own: one the starting state does not have.
            (EditablePart::NewPolicies, DocRef::Library(name)) => {
                !self.lesson.start.policies.iter().flatten().any(|p| &p.name == name)
            }
            _ => false,
        })
    }

    /// Whether the lesson lets the learner change the organization (the explorer locks its
    /// organization controls otherwise; the reducer's gate is [`LessonMode::refusal`]).
    pub fn may_edit_organization(&self) -> bool {
        self.lesson.editable.contains(&EditablePart::Organization)
    }

    /// Why a structural edit that turned `before` into `after` is refused in this lesson, if it
    /// is: the first change outside the lesson's editable parts that `after` has and `before`
    /// has not (as the grader words it, by the grader's own scope check), and what the lesson
    /// lets the learner change. `None` when the edit stays inside the editable parts (or only
    /// undoes changes outside them).
    pub fn refusal(&self, before: &Workspace, after: &Workspace) -> Option<String> {
        let already = changes_outside(&self.lesson, before.scenario());
        let change = changes_outside(&self.lesson, after.scenario()).into_iter().find(|c| !already.contains(c))?;
        let parts: Vec<String> = self.lesson.editable.iter().map(EditablePart::describe).collect();
        Some(format!("Not done: {change}, and this lesson lets you change only {}.", parts.join(", ")))
    }

    /// The documents the lesson lets the learner edit that `workspace` has, with the words for
    /// each, in the lesson's order.
    pub fn editable_documents(&self, workspace: &Workspace) -> Vec<(DocRef, String)> {
        let docs = workspace.documents();
        self.lesson
            .editable
            .iter()
            .filter_map(|part| match part {
                EditablePart::Document(target) => {
                    docs.iter().find(|d| targets(target, &d.doc, workspace)).map(|d| (d.doc.clone(), part.describe()))
                }
                _ => None,
            })
            .collect()
    }

    /// The other parts the lesson lets the learner change (attachments, the organization, ...),
    /// in words.
    pub fn other_editable_parts(&self) -> Vec<String> {
        self.lesson
            .editable
            .iter()
            .filter(|p| !matches!(p, EditablePart::Document(_)))
            .map(EditablePart::describe)
            .collect()
    }
}

/// Whether a lesson's document target names `doc` of `workspace` (roles as the lesson crate
/// finds them: `ACCOUNT/NAME` or an ARN, RAM names ignoring case).
fn targets(target: &DocTarget, doc: &DocRef, workspace: &Workspace) -> bool {
    match (target, doc) {
        (DocTarget::Policy(name), DocRef::Library(n)) => name == n,
        (DocTarget::ResourcePolicy(arn), DocRef::Resource(a)) => arn == a,
        (DocTarget::TrustPolicy(reference), DocRef::Trust { account, role }) => {
            let scenario = workspace.scenario();
            find_role(scenario, reference)
                .and_then(|i| scenario.roles.as_ref()?.get(i))
                .is_some_and(|r| &r.account == account && &r.name == role)
        }
        _ => false,
    }
}
