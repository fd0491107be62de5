//! Predict first: a class decides allow or deny for every check before the engine's answers and
//! explanations are shown, then sees its score ("4 of 6 right").
//!
//! Predictions are kept by check name (not position), so a check added or removed while predicting
//! does not move a prediction onto another check; a check without a prediction keeps everything
//! hidden.

use policy_playground::Decision;
use policy_playground::chain::ChainResult;
use serde::{Deserialize, Serialize};

/// What a learner predicts for a check: the engine's three decisions collapse to two, since the
/// question asked is "will this be allowed?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guess {
    /// The request will be allowed.
    Allow,
    /// It will be denied (explicitly or implicitly).
    Deny,
}

impl Guess {
    /// Whether the guess matches a decision.
    pub fn matches(self, decision: Decision) -> bool {
        (self == Guess::Allow) == (decision == Decision::Allow)
    }

    /// The word shown for it.
    pub fn word(self) -> &'static str {
        match self {
            Guess::Allow => "Allow",
            Guess::Deny => "Deny",
        }
    }
}

/// The predict-first switch and the predictions made so far (part of the view state).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Predictions {
    /// Whether answers stay hidden until every check is predicted.
    #[serde(default)]
    pub on: bool,
    /// The predictions, by check name, in the order made (a list: a class has a handful of
    /// checks, and a map would add its code to the wasm).
    #[serde(default)]
    pub guesses: Vec<(String, Guess)>,
}

/// The learner's score once everything is revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Predictions that matched the engine's decision.
    pub right: usize,
    /// Checks predicted.
    pub total: usize,
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {} right", self.right, self.total)
    }
}

impl Predictions {
    /// Whether predict first is off and nothing is predicted (nothing to save).
    pub fn is_off(&self) -> bool {
        !self.on && self.guesses.is_empty()
    }

    /// The prediction for a check, if made.
    pub fn guess(&self, check: &str) -> Option<Guess> {
        self.guesses.iter().find(|(name, _)| name == check).map(|(_, g)| *g)
    }

    /// Whether the engine's decisions and explanations for `checks` are hidden: predict first is on
    /// and some check is not yet predicted.
    pub fn hides(&self, checks: &[ChainResult]) -> bool {
        self.on && checks.iter().any(|c| self.guess(&c.check).is_none())
    }

    /// The score, once predict first is on and every check is predicted.
    pub fn score(&self, checks: &[ChainResult]) -> Option<Score> {
        if !self.on || self.hides(checks) {
            return None;
        }
        let right = checks.iter().filter(|c| self.guess(&c.check).is_some_and(|g| g.matches(c.decision))).count();
        Some(Score { right, total: checks.len() })
    }

    /// How many of `checks` are predicted.
    pub fn predicted(&self, checks: &[ChainResult]) -> usize {
        checks.iter().filter(|c| self.guess(&c.check).is_some()).count()
    }

    /// Records a prediction for `check`, unless the answers are already revealed (a prediction
    /// changed after seeing the answer would not be one). Returns whether anything changed.
    pub fn predict(&mut self, checks: &[ChainResult], check: &str, guess: Guess) -> bool {
        if !self.on || !self.hides(checks) || !checks.iter().any(|c| c.check == check) {
            return false;
        }
        match self.guesses.iter_mut().find(|(name, _)| name == check) {
            Some((_, g)) if *g == guess => false,
            Some((_, g)) => {
                *g = guess;
                true
            }
            None => {
                self.guesses.push((check.to_string(), guess));
                true
            }
        }
    }
}
