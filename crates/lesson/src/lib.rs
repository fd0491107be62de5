//! Lessons for training operators: a lesson is a JSON file (docs/lessons.md) that starts from a
//! scenario, breaks it on purpose, says what to achieve, and is graded automatically.
//!
//! * [`model`]: what a lesson is once read (its starting state and reference solution built);
//! * [`loader`]: reading a lesson file, every problem reported with its line and column;
//! * [`edit`]: the edits a lesson applies to a scenario (to break it, and to solve it);
//! * [`builtin`]: the built-in scenarios a lesson names;
//! * [`grade`]: grading a learner's scenario against the lesson's checks and constraints;
//! * [`constraint`]: the constraints on a solution and how each is decided;
//! * [`scope`]: whether a learner changed only what the lesson lets them edit;
//! * [`workspace`]: reading what the web app exports (share links, saved work, scenario files);
//! * [`error`]: the loader's problems, in the engine's diagnostic model.

pub mod builtin;
pub mod constraint;
pub mod edit;
pub mod error;
pub mod grade;
pub mod loader;
pub mod model;
pub mod names;
pub mod scope;
pub mod workspace;

pub use error::LessonError;
pub use grade::{CheckGrade, ConstraintGrade, Grade, grade, grade_solution, grade_start};
pub use loader::load_lesson;
pub use model::Lesson;
pub use workspace::{WorkspaceError, read_workspace};
