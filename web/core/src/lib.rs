//! Policy Playground's app without a browser: everything the page shows, computed from data.
//!
//! The browser crate (`policy-playground-web`, in `web/`) renders what this crate returns and
//! does the browser's I/O (clock, localStorage, URL, timers, fetch); nothing here reads a clock or
//! touches a browser, so it all runs and is tested natively.
//!
//! * [`workspace`]: the scenario being edited, as a typed scenario document
//!   ([`policy_playground::document`]) whose policy documents are the person's text; its
//!   structural edits (add, rename, delete, attach, copy) are in [`edits`], the organization's
//!   (membership, control policies, delegated administrators) in [`organization`];
//! * [`analysis`]: the engine run over a workspace; [`request`]: the request builder's form;
//!   the policies-and-requests mode: [`requests`] (layers and a table of requests),
//!   [`requests_eval`], [`requests_edit`] and [`case_files`] (to and from the CLI's format);
//! * [`state`]: the app state and its pure reducer (time arrives in the actions); [`banner`]:
//!   the messages across the top;
//! * [`startup`]: what the page opens with (share link, saved work, example, embed options);
//!   [`recovery`]: what the app opens with when it restarts after a panic;
//!   [`embed`]: the embed's options, the check and request they pick, and its messages to the page;
//! * [`snapshot`]: the workspace file (scenario and view) that [`share`] links, [`storage`]
//!   (autosave, exported files) and [`workspaces`] (named workspaces) keep;
//! * view models for the panels: [`outline`] (explorer), [`editor`] (findings, fixes, highlight),
//!   [`diagram`] (the chain view's drawing); [`paths`]: path search (its questions, answers
//!   and state; the web worker runs it);
//! * lessons: [`lessons`] (the bundled lesson files and lesson links), [`lesson_mode`] (the open
//!   lesson, its grade and the learner's progress), [`lesson_start`] (resuming at start), [`diff`] (the solution shown as a diff);
//!   [`about`]: the scenario's description and documentation sources; for trainers, [`predict`]
//!   (predict first: answers hidden until the class has predicted every check) and [`author`]
//!   (save a request as a check, export the workspace as a lesson); [`tour`]: the first-visit tour;
//! * the code editor's logic: [`utf16`] (byte and UTF-16 offsets), [`scan`] (JSON as it is
//!   typed), [`completion`], [`hover`] (cards) and [`format`] (format document).

pub mod about;
pub mod analysis;
pub mod author;
pub mod background;
pub mod banner;
pub mod case_files;
pub mod completion;
pub mod diagram;
pub mod diff;
pub mod editor;
pub mod edits;
pub mod embed;
pub mod embed_code;
pub mod examples;
pub mod format;
pub mod hints;
pub mod hover;
pub mod lesson_mode;
pub mod lesson_start;
pub mod lessons;
pub mod organization;
pub mod outline;
pub mod paths;
pub mod predict;
pub mod recovery;
pub mod request;
pub mod requests;
pub mod requests_edit;
pub mod requests_eval;
pub mod scan;
pub mod share;
pub mod shared;
pub mod snapshot;
pub mod startup;
pub mod state;
pub mod storage;
pub mod tour;
pub mod utf16;
pub mod workspace;
pub mod workspaces;
