//! Case files and batches: a request with its policies by layer ([`case`]), read many at a
//! time from one text, with repeated statements compiled once and their bodies shared
//! ([`interner`]), and evaluated on every core with the results written in case order ([`run`]),
//! as JSON lines written without serde's derived code ([`line`]). What a case says before its
//! policies are compiled ([`shape`]) and what can be wrong with it ([`error`]) are shared with
//! the web app's case-file import, which reads cases without compiling them.

pub mod case;
pub mod error;
pub mod interner;
pub mod line;
pub mod run;
pub mod shape;

pub use run::{RunError, RunOptions, RunSummary, run};
