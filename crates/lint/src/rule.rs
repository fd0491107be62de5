//! What a rule is: its documentation ([`RuleDoc`]) and what it looks at ([`Check`]). Every rule
//! file declares one; [`crate::registry`] lists them.

use crate::model::Checker;
use playground_core::diagnostic::Finding;
use playground_core::policy::{Policy, Statement};
use playground_scenario::scenario::Scenario;

/// What a rule reports and when: one row of the table in docs/findings.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    /// The codes it reports (most rules have one).
    pub codes: &'static [&'static str],
    /// Its severity, in words (it may depend on the cloud).
    pub severity: &'static str,
    /// When it fires.
    pub fires_when: &'static str,
    /// The fix it offers, if any (empty when none).
    pub fix: &'static str,
    /// The issue codes of AWS IAM Access Analyzer's policy validation that it answers to (its
    /// counterparts), empty when Access Analyzer has none.
    pub access_analyzer: &'static [&'static str],
}

impl RuleDoc {
    /// The rule's row of the table in docs/findings.md.
    pub fn table_row(&self) -> String {
        let codes: Vec<String> = self.codes.iter().map(|c| format!("`{c}`")).collect();
        let fix = if self.fix.is_empty() { String::new() } else { format!("{} ", self.fix) };
        let aa: Vec<String> = self.access_analyzer.iter().map(|c| format!("`{c}`")).collect();
        let aa = if aa.is_empty() { String::new() } else { format!("{} ", aa.join(", ")) };
        format!("| {} | {} | {} | {fix}| {aa}|", codes.join(", "), self.severity, self.fires_when)
    }
}

/// What a rule looks at.
#[derive(Clone, Copy)]
pub enum Check {
    /// One statement at a time.
    Statement(fn(&mut Checker<'_>, &Statement)),
    /// The whole policy.
    Policy(fn(&mut Checker<'_>, &Policy)),
    /// A loaded scenario (attachments, roles and their policies together).
    Scenario(fn(&Scenario, &mut Vec<Finding>)),
}

/// A rule: its documentation and its check.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Codes, severity, when it fires, its fix.
    pub doc: RuleDoc,
    /// What it runs on.
    pub check: Check,
}
