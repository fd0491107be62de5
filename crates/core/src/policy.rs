//! The policy grammar in one place, for callers that want the tree and its reader together:
//! the tree is [`crate::ast`], the reader [`crate::parser`].

pub use crate::ast::*;
pub use crate::parser::*;
