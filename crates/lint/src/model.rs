//! What the rules work on: the context a policy is checked in ([`CheckContext`]), the
//! [`Checker`] every rule reports to, and the small readings of a statement that several rules
//! share (its distinct actions, its services, its condition keys looked up in the catalogue).

use crate::catalog::{Catalog, Catalogs, ConditionKey};
use crate::glob::ComparisonBudget;
use playground_core::diagnostic::Finding;
use playground_core::dialect::Dialect;
use playground_core::operator::{BaseOperator, SetQualifier};
use playground_core::policy::{Condition, NameItem, Policy, Statement};
use playground_core::span::Span;
use serde::Serialize;

/// What a policy is for: decides its size limit and which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// Attached to a user, group or role (the default).
    #[default]
    Identity,
    /// A role's trust policy.
    Trust,
    /// A resource policy (bucket, key, vault).
    Resource,
    /// A session policy passed with AssumeRole.
    Session,
    /// An AWS SCP or a Resource Directory control policy.
    Control,
}

/// Who writes a policy: decides which size limit binds an identity policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The customer: an AWS customer managed policy, a RAM custom policy.
    Customer,
    /// The cloud: an AWS managed policy, a RAM system policy (AWS writes some larger than a
    /// customer may).
    Cloud,
}

/// What is known around a policy: the catalogues, where it is attached and the scenario it
/// belongs to.
#[derive(Debug, Clone, Default)]
pub struct CheckContext {
    /// The action catalogues to check names against; the default is [`Catalogs::builtin`]
    /// (a cloud without one has its catalogue checks skipped).
    pub catalogs: Catalogs,
    /// What the policy is for; `None` guesses it from the document (a `Principal` with
    /// `sts:AssumeRole` is a trust policy, another `Principal` a resource policy).
    pub kind: Option<PolicyKind>,
    /// Who wrote the policy, when known (a scenario's library says which policies are the
    /// cloud's); `None` for a document as pasted.
    pub author: Option<Author>,
    /// The account the policy lives in (a role's account), when known.
    pub own_account: Option<String>,
    /// The scenario's accounts; resource names naming another account are reported. Empty: no check.
    pub accounts: Vec<String>,
    /// The regions the scenario's resources are in; resource names naming another region are
    /// reported. Empty: no check.
    pub regions: Vec<String>,
    /// The policy is a service-linked role's trust policy (the cloud writes it; not reported).
    pub service_linked: bool,
}

/// One policy being checked: what the rules read, and where they report.
pub struct Checker<'a> {
    /// The catalogue of the policy's cloud, when there is one (its rules are skipped otherwise).
    pub catalog: Option<&'a Catalog>,
    /// The policy's dialect.
    pub dialect: Dialect,
    /// What is known around the policy.
    pub context: &'a CheckContext,
    /// What the policy is for (given, or guessed).
    pub kind: PolicyKind,
    /// The text the policy's spans point into.
    pub source: &'a str,
    /// The span of the statement a statement rule is checking: its body's spans count from its
    /// start, so what the rule reports is placed in the document here.
    statement: Option<Span>,
    findings: Vec<Finding>,
    /// What the rules comparing patterns with patterns may still spend on this policy.
    pub budget: ComparisonBudget,
    /// Checks a budget or a limit made the rules skip, for the `checks-skipped` note.
    pub skipped: Vec<SkippedCheck>,
}

/// A check a rule skipped because running it would cost more than the policy's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkippedCheck {
    /// Redundancy between statements is not checked in policies with more statements.
    RedundantStatements {
        /// The policy's statements.
        statements: usize,
        /// The most statements that are compared pairwise.
        limit: usize,
    },
}

impl<'a> Checker<'a> {
    /// A checker for `policy`, whose spans point into `source`.
    pub fn new(policy: &Policy, source: &'a str, context: &'a CheckContext) -> Checker<'a> {
        Checker {
            catalog: context.catalogs.get(policy.dialect),
            dialect: policy.dialect,
            context,
            kind: context.kind.unwrap_or_else(|| guess_kind(policy)),
            source,
            statement: None,
            findings: Vec::new(),
            budget: ComparisonBudget::default(),
            skipped: Vec::new(),
        }
    }

    /// Makes the spans reported next count from the start of the statement at `statement`
    /// (statement rules report spans of the statement's body), or from the document's (`None`).
    pub(crate) fn in_statement(&mut self, statement: Option<Span>) {
        self.statement = statement;
    }

    /// Reports a finding; inside a statement rule, its spans are placed in the document.
    pub fn report(&mut self, mut finding: Finding) {
        if let Some(at) = self.statement {
            finding.span = finding.span.placed_at(at);
            for label in &mut finding.labels {
                label.span = label.span.placed_at(at);
            }
            if let Some(fix) = &mut finding.fix {
                fix.span = fix.span.placed_at(at);
            }
        }
        self.findings.push(finding);
    }

    /// Everything reported, in the order it was reported.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// The kind a policy most likely has: trust when every statement with a `Principal` is about
/// assuming a role, resource when some other has one, identity when none has.
pub fn guess_kind(policy: &Policy) -> PolicyKind {
    let with_principal: Vec<&Statement> = policy.statements.iter().filter(|s| s.body.principal.is_some()).collect();
    if with_principal.is_empty() {
        PolicyKind::Identity
    } else if with_principal.iter().all(|s| is_assume_role(s)) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    }
}

/// Whether a statement's actions include assuming a role (by any of STS's AssumeRole actions).
pub fn is_assume_role(st: &Statement) -> bool {
    !st.body.action.negated
        && st.body.action.items.iter().any(|i| {
            ["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:assumerolewithoidc"]
                .iter()
                .any(|a| i.pattern.matches(a))
        })
}

/// The statement's action items without their repeats (compared trimmed, ignoring case):
/// `duplicate-action` reports a repeat, the other action rules look at the first only.
pub fn distinct_actions(st: &Statement) -> Vec<&NameItem> {
    // A set, not a list: a statement may list tens of thousands of actions.
    let mut seen = std::collections::HashSet::new();
    st.body.action.items.iter().filter(|item| seen.insert(item.text.trim().to_ascii_lowercase())).collect()
}

/// The service prefixes the statement's actions name (`s3` of `s3:GetObject`).
pub fn statement_services(st: &Statement) -> Vec<&str> {
    st.body.action.items.iter().filter_map(|i| i.text.trim().split_once(':').map(|(s, _)| s)).collect()
}

/// What the catalogue says about a condition key of a statement.
pub enum KeyLookup<'c> {
    /// A global key, a key of one of the statement's services, or any known key when the
    /// statement's actions reach every service (`*`, `NotAction`).
    Known(&'c ConditionKey),
    /// A key of a service none of the statement's actions belongs to.
    OtherService(&'c ConditionKey),
    /// Not in the catalogue.
    Unknown,
}

/// Looks up the key of condition `c` of statement `st` in `cat`.
pub fn lookup_key<'c>(cat: &'c Catalog, st: &Statement, c: &Condition) -> KeyLookup<'c> {
    let key = c.key.as_str();
    let services = statement_services(st);
    if let Some(k) = cat
        .global_key(key)
        .or_else(|| services.iter().filter_map(|s| cat.service(s)).find_map(|s| s.condition_key(key)))
    {
        return KeyLookup::Known(k);
    }
    let any_service =
        st.body.action.negated || st.body.action.items.iter().any(|i| i.text.trim() == "*" || i.text.starts_with('*'));
    match cat.condition_key(key) {
        Some(k) if any_service => KeyLookup::Known(k),
        Some(k) => KeyLookup::OtherService(k),
        None => KeyLookup::Unknown,
    }
}

/// Whether a resource name part has a wildcard or a policy variable (and so is not checked).
pub fn has_wildcard_or_variable(s: &str) -> bool {
    s.contains(['*', '?']) || s.contains("${")
}

/// The span that deletes item `i` of a list of names with one comma: from the end of the item
/// before it, or, for the first item, up to the start of the next one.
pub fn item_deletion(items: &[NameItem], i: usize) -> Span {
    let item = &items[i];
    match (i.checked_sub(1).map(|p| &items[p]), items.get(i + 1)) {
        (Some(previous), _) => Span {
            start: previous.span.end,
            line: previous.span.end_line,
            column: previous.span.end_column,
            ..item.span
        },
        (None, Some(next)) => {
            Span { end: next.span.start, end_line: next.span.line, end_column: next.span.column, ..item.span }
        }
        (None, None) => item.span,
    }
}

/// Whether a statement's actions include `action` (lower case, `iam:passrole`): an item of
/// `Action` matches it, or `NotAction` leaves it out.
pub fn grants_action(st: &Statement, action: &str) -> bool {
    let named = st.body.action.items.iter().any(|i| i.pattern.matches(action));
    named != st.body.action.negated
}

/// Whether condition `c` narrows its key to the values it names: a positive operator (not
/// `Null`, not negated) without `IfExists` (which also passes when the key is absent) nor
/// `ForAllValues:` (true when there are no values), and, for `...Like` operators, values without
/// wildcards.
pub fn narrows(c: &Condition) -> bool {
    let op = c.operator;
    let like = matches!(op.base.positive(), BaseOperator::StringLike | BaseOperator::ArnLike);
    !op.base.is_negated()
        && op.base != BaseOperator::Null
        && !op.if_exists
        && op.qualifier != Some(SetQualifier::ForAllValues)
        && !(like && c.values.iter().any(|v| v.text.contains(['*', '?'])))
}
