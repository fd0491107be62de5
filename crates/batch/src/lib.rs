//! Case files and batches: a request with its policies by layer ([`case`]), read many at a
//! time from one text, with repeated statements compiled once and shared ([`statement_cache`]),
//! and evaluated on every core with the results written in case order ([`run`]).

pub mod case;
pub mod run;
pub mod statement_cache;

pub use run::{RunError, RunOptions, run};
