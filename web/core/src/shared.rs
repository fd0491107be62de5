//! [`Shared`]: an immutable value shared by reference, equal only to itself.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// An immutable value behind an `Rc`, compared by identity: two `Shared` are equal when they are
/// the same allocation. For values that are never changed after they are made (an analysis): a
/// new value is a new allocation, so "equal" means "nothing new to show", at the cost of a
/// pointer comparison instead of a walk over the whole value.
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    /// Shares a value.
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::Shared;

    #[test]
    fn equal_only_to_itself() {
        let a = Shared::new(vec![1, 2]);
        assert_eq!(a, a.clone());
        assert_ne!(a, Shared::new(vec![1, 2]), "same content, different value");
        assert_eq!(a.len(), 2);
    }
}
