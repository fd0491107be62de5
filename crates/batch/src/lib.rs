//! Case files and batches: a request with its policies by layer ([`case`]), read many at a
//! time from one text, with repeated statements compiled once and their bodies shared
//! ([`interner`]).

pub mod case;
pub mod interner;
