//! Reading a scenario file: every section with its place in the file, every problem
//! reported at once (shape, unknown fields, references, policy syntax) and no panics on
//! hostile input. The sections are read in `sections` and `checks`, the references between
//! them in `references`, Cloud Backup's own section in `backup` (its meaning is [`crate::cloud_backup`]).

mod backup;
mod checks;
mod references;
mod sections;

use crate::issue::{ScenarioIssue, ShapeProblem};
use crate::model::Scenario;
use playground_core::diagnostic::{Diagnostic, Severity};
use playground_core::dialect::{self, Dialect};
use playground_core::issue::{PolicyIssue, did_you_mean};
use playground_core::json::{self, Json, JsonKind};
use playground_core::policy::{Policy, policy_from_json};
use playground_core::span::Span;

/// The loaded scenario (when it has no errors) and every issue found.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario, present when no issue is an error.
    pub scenario: Option<Scenario>,
    /// Every issue, in file order.
    pub issues: Vec<ScenarioIssue>,
}

/// Reads a scenario file strictly: any unreadable policy is an error.
pub fn load_scenario(text: &str) -> LoadedScenario {
    load_scenario_with(text, LoadOptions::default())
}

/// Reads a scenario file; with `options.lenient`, documents that cannot be read are kept as warnings.
pub fn load_scenario_with(text: &str, options: LoadOptions) -> LoadedScenario {
    let parsed = match json::parse_limited(text, json::MAX_FILE_BYTES) {
        Ok(p) => p,
        Err(e) => return LoadedScenario { scenario: None, issues: vec![ScenarioIssue::Json(e)] },
    };
    let mut r =
        Loader { issues: Vec::new(), dialect: Dialect::Aws, lenient: options.lenient, role_accounts: Vec::new() };
    let scenario = r.scenario(&parsed.value);
    // A stable sort: issues at the same place keep the order in which they were found.
    r.issues.sort_by_key(|i| i.span().start);
    let ok = !r.issues.iter().any(|i| i.severity() == Severity::Error);
    LoadedScenario { scenario: if ok { scenario } else { None }, issues: r.issues }
}

/// The fields a scenario file may have at the top level.
const TOP_FIELDS: &[&str] = &[
    "scenario",
    "description",
    "dialect",
    "accounts",
    "organization",
    "policies",
    "roles",
    "users",
    "groups",
    "resources",
    "backup",
    "checks",
];

/// The most items each section of a scenario may list, chosen for what the page can draw and
/// search, not for the clouds' quotas: the chain view draws every account and role, and path
/// search visits every role session. A scenario over a limit is refused with a message.
pub const SECTION_LIMITS: &[(&str, usize)] = &[
    ("accounts", 2_000),
    ("roles", 20_000),
    ("users", 20_000),
    ("groups", 2_000),
    ("policies", 20_000),
    ("resources", 20_000),
    ("checks", 2_000),
];

/// A document read by the loader.
struct Document {
    policy: Option<Policy>,
    problem: Option<String>,
    text: Option<String>,
}

/// How strictly to load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Keep documents that cannot be read (as warnings; they grant and trust nothing), so an
    /// editor can show the rest of the scenario while one document is half typed.
    pub lenient: bool,
}

/// The reader's state: the issues found so far and what later sections depend on.
pub(crate) struct Loader {
    issues: Vec<ScenarioIssue>,
    dialect: Dialect,
    lenient: bool,
    /// Accounts named by roles, kept even for roles that fail to load, so every
    /// unknown account is reported.
    role_accounts: Vec<(String, Span)>,
}

/// The elements of an optional list; anything else reads as empty.
pub(crate) fn items<'a, 'j>(v: Option<&'a Json<'j>>) -> &'a [Json<'j>] {
    v.and_then(Json::as_array).unwrap_or(&[])
}

impl Loader {
    /// Records a shape problem (wrong type, missing or unknown field) at `span`.
    pub(crate) fn shape(&mut self, problem: ShapeProblem, span: Span) {
        self.issues.push(ScenarioIssue::Shape { problem, span });
    }

    /// The elements of the list `key` of `v`: none when it is absent or `null`; a shape problem
    /// (and none) when it is something else than a list.
    pub(crate) fn list<'a, 'j>(&mut self, v: &'a Json<'j>, key: &str, place: &str) -> &'a [Json<'j>] {
        match v.get(key) {
            None => &[],
            Some(Json { kind: JsonKind::Array(items), .. }) => items,
            Some(Json { kind: JsonKind::Null, .. }) => &[],
            Some(other) => {
                let problem =
                    ShapeProblem::NotAnArray { place: place.into(), key: key.into(), found: other.type_name() };
                self.shape(problem, other.span);
                &[]
            }
        }
    }

    /// Reports unknown fields of an object (with a did-you-mean); false when `v` is no object.
    pub(crate) fn fields(&mut self, v: &Json, known: &[&str], what: &str) -> bool {
        let Some(members) = v.as_object() else {
            self.shape(ShapeProblem::NotAnObject { place: what.into(), found: v.type_name() }, v.span);
            return false;
        };
        for m in members {
            if !known.contains(&m.key.as_ref()) {
                let problem = ShapeProblem::UnknownField {
                    field: m.key.to_string(),
                    place: what.into(),
                    suggestion: did_you_mean(&m.key, known.iter().copied()).map(str::to_string),
                    known: known.iter().map(|k| k.to_string()).collect(),
                };
                self.shape(problem, m.key_span);
            }
        }
        true
    }

    /// A string (or number) field; reports a wrong type, and a missing field when `required`.
    pub(crate) fn string(&mut self, v: &Json, key: &str, what: &str, required: bool) -> Option<String> {
        match v.get(key) {
            Some(s) => match s.scalar_text() {
                Some(t) if !matches!(s.kind, JsonKind::Bool(_)) => Some(t),
                _ => {
                    let problem =
                        ShapeProblem::NotAString { place: what.into(), key: key.into(), found: s.type_name() };
                    self.shape(problem, s.span);
                    None
                }
            },
            None if required => {
                self.shape(ShapeProblem::MissingField { place: what.into(), key: key.into() }, v.span);
                None
            }
            None => None,
        }
    }

    /// A list of names with their places; reports anything that is not a string.
    pub(crate) fn strings(&mut self, v: &Json, key: &str, what: &str) -> Vec<(String, Span)> {
        match v.get(key) {
            None => vec![],
            Some(Json { kind: JsonKind::Array(items), .. }) => items
                .iter()
                .filter_map(|i| match i.as_str() {
                    Some(s) => Some((s.to_string(), i.span)),
                    None => {
                        let problem =
                            ShapeProblem::NotAName { place: what.into(), key: key.into(), found: i.type_name() };
                        self.shape(problem, i.span);
                        None
                    }
                })
                .collect(),
            Some(other) => {
                let problem = ShapeProblem::NotAList { place: what.into(), key: key.into(), found: other.type_name() };
                self.shape(problem, other.span);
                vec![]
            }
        }
    }

    /// Reads a policy document: a JSON object, or a string holding the policy's text (positions
    /// in its issues are then inside that text). With `keep` (lenient loading, or a library policy
    /// marked `as_printed`), a document that cannot be read is a warning and becomes an empty
    /// policy that grants and trusts nothing; otherwise its errors are errors.
    fn document(&mut self, name: &str, doc: &Json, keep: bool) -> Document {
        let (parsed, in_text) = match doc.as_str() {
            Some(text) => (playground_core::policy::parse_policy(name, text, Some(self.dialect)), true),
            None => (policy_from_json(name, doc, Some(self.dialect)), false),
        };
        let first_error = parsed.issues.iter().find(|i| i.severity() == Severity::Error).cloned();
        for issue in parsed.issues {
            if matches!(issue, PolicyIssue::DialectConflict { .. }) || (keep && issue.severity() == Severity::Error) {
                continue;
            }
            self.issues.push(if in_text {
                ScenarioIssue::PolicyText { policy: name.to_string(), issue, span: doc.span }
            } else {
                ScenarioIssue::Policy { policy: name.to_string(), issue }
            });
        }
        let unusable = first_error.map(|issue| ScenarioIssue::UnusablePolicy {
            policy: name.to_string(),
            issue,
            in_text,
            span: doc.span,
        });
        // The model keeps the words, for the chain's sentences about the policy.
        let problem = unusable.as_ref().and_then(ScenarioIssue::unusable_problem);
        if let (Some(unusable), true) = (unusable, keep) {
            self.issues.push(unusable);
        }
        let policy = match parsed.policy {
            Some(p) => Some(p),
            None if keep => Some(Policy::empty(name, self.dialect, doc.span)),
            None => None,
        };
        Document { policy, problem, text: doc.as_str().map(str::to_string) }
    }

    /// Reads a policy document (see `document`), keeping an unreadable one only when lenient.
    fn policy(&mut self, name: &str, doc: &Json) -> Option<Policy> {
        let lenient = self.lenient;
        self.document(name, doc, lenient).policy
    }

    /// Whether every section lists at most its [`SECTION_LIMITS`] items; a shape problem at the
    /// first item past the limit of each that does not (the scenario is then not read at all:
    /// reading it would cost the page more than the message).
    fn within_limits(&mut self, v: &Json) -> bool {
        let mut within = true;
        for &(section, limit) in SECTION_LIMITS {
            if let Some(Json { kind: JsonKind::Array(items), .. }) = v.get(section)
                && items.len() > limit
            {
                self.shape(ShapeProblem::TooMany { section, found: items.len(), limit }, items[limit].span);
                within = false;
            }
        }
        within
    }

    /// Reads the whole file: the dialect first (every policy is read in it), then each section,
    /// then the references between sections.
    fn scenario(&mut self, v: &Json) -> Option<Scenario> {
        if !self.fields(v, TOP_FIELDS, "the scenario") {
            return None;
        }
        if !self.within_limits(v) {
            return None;
        }
        let name = self.string(v, "scenario", "the scenario", false).unwrap_or_else(|| "scenario".into());
        let description = self.string(v, "description", "the scenario", false).unwrap_or_default();
        self.dialect = self.dialect(v);
        let accounts = self.accounts(v);
        let policies = self.library(v);
        let organization =
            v.get("organization").filter(|o| o.kind != JsonKind::Null).and_then(|o| self.organization(o));
        let groups = self.groups(v);
        let roles = self.roles(v);
        let users = self.users(v);
        let resources = self.resources(v);
        let backup = v.get("backup").filter(|b| b.kind != JsonKind::Null).and_then(|b| backup::read_setup(self, b));
        let checks = self.checks(v);
        let scenario = Scenario {
            name,
            description,
            dialect: self.dialect,
            accounts,
            organization,
            policies,
            roles,
            users,
            groups,
            resources,
            backup,
            sent_keys: None,
            checks,
        };
        let role_accounts = std::mem::take(&mut self.role_accounts);
        references::check(&mut self.issues, &scenario, v, &role_accounts);
        Some(scenario)
    }

    /// The dialect the file names, or the one its policies show when it names none.
    fn dialect(&mut self, v: &Json) -> Dialect {
        match self.string(v, "dialect", "the scenario", false) {
            Some(d) => Dialect::from_name(&d).unwrap_or_else(|| {
                self.shape(ShapeProblem::UnknownDialect { name: d.clone() }, v.get("dialect").unwrap().span);
                Dialect::Aws
            }),
            None => {
                let mut evidence = Vec::new();
                dialect::evidence_in_policy(v, &mut evidence);
                for p in items(v.get("policies")) {
                    if let Some(d) = p.get("document") {
                        dialect::evidence_in_policy(d, &mut evidence);
                    }
                }
                for r in items(v.get("roles")) {
                    if let Some(d) = r.get("trust_policy") {
                        dialect::evidence_in_policy(d, &mut evidence);
                    }
                }
                dialect::decide(None, &evidence).dialect
            }
        }
    }
}
