//! Case files and batches: a request with its policies by layer ([`case`]), read many at a
//! time from one text, with repeated statements compiled once and shared ([`statement_cache`]).

pub mod case;
pub mod statement_cache;
