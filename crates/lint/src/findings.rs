//! Findings: what is wrong or risky in a policy before any request is simulated, the way a
//! policy validator reports it. Each finding has a severity, a stable code, a message a person can
//! act on, the span it is about and, where possible, a fix (replacement text for a span).
//!
//! Findings extend the parse issues ([`PolicyIssue`]): every issue of the parser becomes a finding
//! with the same code, and the checks here add what needs the [`catalog`](crate::catalog), the
//! whole policy or a scenario. The codes and what each check does are listed in docs/findings.md.

use crate::catalog::{self, Catalog, KeyType};
use playground_core::dialect::Dialect;
use playground_core::issue::{PolicyIssue, Severity, did_you_mean};
use playground_core::json::{self, Json, JsonKind};
use playground_core::operator::{BaseOperator, Family, SetQualifier};
use playground_core::policy::{Effect, NameItem, Policy, Statement, parse_policy};
use playground_core::span::Span;
use playground_scenario::scenario::{LoadOptions, ScenarioIssue, load_scenario, load_scenario_with, named_account};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;

/// How serious a finding is, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingSeverity {
    /// The cloud refuses the document, or a part of it can never work.
    Error,
    /// The document works, and grants more than it probably should.
    SecurityWarning,
    /// The document works, but probably not as intended.
    Warning,
    /// It works; it could be simpler or clearer.
    Suggestion,
}

impl FindingSeverity {
    /// The name used in output (`error`, `security_warning`, `warning`, `suggestion`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingSeverity::Error => "error",
            FindingSeverity::SecurityWarning => "security_warning",
            FindingSeverity::Warning => "warning",
            FindingSeverity::Suggestion => "suggestion",
        }
    }
}

impl fmt::Display for FindingSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FindingSeverity::SecurityWarning => "security warning",
            other => other.as_str(),
        })
    }
}

impl From<Severity> for FindingSeverity {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Error => FindingSeverity::Error,
            Severity::Warning => FindingSeverity::Warning,
            Severity::Note => FindingSeverity::Suggestion,
        }
    }
}

/// A concrete edit that resolves a finding: replace the text at `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the edit does, for a button ("replace with \"kms:ListAliases\"").
    pub title: String,
    /// The text to put in place of the span (empty to delete it).
    pub replacement: String,
    /// The text to replace (an empty span inserts).
    pub span: Span,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable identifier (`unknown-action`, `duplicate-action`, ...).
    pub code: &'static str,
    /// How serious it is.
    pub severity: FindingSeverity,
    /// What is wrong, in a sentence a person can act on.
    pub message: String,
    /// What to do about it, when there is more to say than the fix.
    pub help: Option<String>,
    /// Where it is.
    pub span: Span,
    /// A concrete edit, where one is possible.
    pub fix: Option<Fix>,
    /// In a scenario file: the policy (or role) the finding is about.
    pub policy: Option<String>,
}

impl Finding {
    fn new(code: &'static str, severity: FindingSeverity, message: impl Into<String>, span: Span) -> Finding {
        Finding { code, severity, message: message.into(), help: None, span, fix: None, policy: None }
    }

    fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    fn fix(mut self, title: impl Into<String>, replacement: impl Into<String>, span: Span) -> Finding {
        self.fix = Some(Fix { title: title.into(), replacement: replacement.into(), span });
        self
    }

    /// The finding for a parse issue: same code and message, severity mapped (a `NotPrincipal`
    /// with Allow is a security warning), and a fix where the issue names the correction.
    pub fn from_issue(issue: &PolicyIssue) -> Finding {
        let severity = match issue {
            PolicyIssue::NotPrincipalWithAllow { .. } => FindingSeverity::SecurityWarning,
            other => other.severity().into(),
        };
        let mut f = Finding::new(issue.code(), severity, issue.to_string(), issue.span());
        f.help = issue.help();
        let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
        f.fix = match issue {
            PolicyIssue::UnknownElement { suggestion: Some(s), span, .. }
            | PolicyIssue::InvalidValue { suggestion: Some(s), span, .. }
            | PolicyIssue::UnknownConditionOperator { suggestion: Some(s), span, .. } => {
                Some(Fix { title: format!("replace with \"{s}\""), replacement: quoted(s), span: *span })
            }
            PolicyIssue::WhitespaceInName { value, span, .. } => {
                let clean: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                Some(Fix { title: format!("write \"{clean}\""), replacement: quoted(&clean), span: *span })
            }
            PolicyIssue::JsonSyntax(e) if e.message.starts_with("missing comma") => Some(Fix {
                title: "add the missing comma".into(),
                replacement: ",".into(),
                span: Span { end: e.span.start, end_line: e.span.line, end_column: e.span.column, ..e.span },
            }),
            _ => None,
        };
        f
    }
}

/// What a policy is for: decides its size limit and which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
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

/// What is known around a policy: where it is attached and the scenario it belongs to.
#[derive(Debug, Clone, Default)]
pub struct CheckContext {
    /// What the policy is for; `None` guesses it from the document (a `Principal` with
    /// `sts:AssumeRole` is a trust policy, another `Principal` a resource policy).
    pub kind: Option<PolicyKind>,
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

/// Checks a policy document as pasted. `dialect` forces the dialect; `None` detects it.
/// Returns the parse issues and every finding of the checks, sorted by position.
pub fn check_policy(name: &str, text: &str, dialect: Option<Dialect>, context: &CheckContext) -> Vec<Finding> {
    let parsed = parse_policy(name, text, dialect);
    let mut out: Vec<Finding> = parsed.issues.iter().map(Finding::from_issue).collect();
    if let Some(policy) = &parsed.policy {
        check_compiled(policy, text, context, &mut out);
    }
    sort(&mut out);
    out
}

/// Sorts findings by position, then severity.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.severity, a.code).cmp(&(b.span.start, b.span.end, b.severity, b.code))
    });
}

/// Whether a text is a scenario file rather than a policy document: a JSON object with scenario
/// fields (`accounts`, `roles`, `policies`, `checks`, ...) and no policy elements.
pub fn is_scenario_text(text: &str) -> bool {
    let Ok(parsed) = json::parse_limited(text, json::MAX_FILE_BYTES) else { return false };
    let Some(members) = parsed.value.as_object() else { return false };
    let scenario_fields = ["scenario", "accounts", "roles", "policies", "checks", "organization", "users", "resources"];
    let policy_fields = ["Statement", "Effect", "Action", "NotAction", "Version"];
    members.iter().any(|m| scenario_fields.contains(&m.key.as_ref()))
        && !members.iter().any(|m| policy_fields.contains(&m.key.as_ref()))
}

/// The checks that need a compiled policy (everything but the parse issues). `source` is the text
/// the policy's spans point into (for its size).
pub fn check_compiled(policy: &Policy, source: &str, context: &CheckContext, out: &mut Vec<Finding>) {
    // Without a catalogue (the browser loads the AWS one on demand) its checks are skipped.
    let cat = catalog::get(policy.dialect);
    let kind = context.kind.unwrap_or_else(|| guess_kind(policy));
    let mut checker = Checker { cat, dialect: policy.dialect, context, kind, statement: None, out };
    checker.limits(policy, source);
    for st in &policy.statements {
        checker.statement = Some(st.span);
        checker.actions(st);
        checker.resources(st);
        checker.conditions(st);
        checker.security(st);
    }
    checker.statement = None;
    checker.redundant_statements(policy);
}

fn guess_kind(policy: &Policy) -> PolicyKind {
    let with_principal: Vec<&Statement> = policy.statements.iter().filter(|s| s.body.principal.is_some()).collect();
    if with_principal.is_empty() {
        PolicyKind::Identity
    } else if with_principal.iter().all(|s| is_assume_role(s)) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    }
}

fn is_assume_role(st: &Statement) -> bool {
    !st.body.action.negated
        && st.body.action.items.iter().any(|i| {
            ["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:assumerolewithoidc"]
                .iter()
                .any(|a| i.pattern.matches(a))
        })
}

struct Checker<'a> {
    cat: Option<&'static Catalog>,
    dialect: Dialect,
    context: &'a CheckContext,
    kind: PolicyKind,
    /// The span of the statement being checked: the spans of its body count from its start,
    /// so its findings are placed in the document when pushed.
    statement: Option<Span>,
    out: &'a mut Vec<Finding>,
}

/// Document size limits: (limit, whitespace counts, source).
fn size_limit(dialect: Dialect, kind: PolicyKind) -> Option<(usize, bool, &'static str)> {
    match (dialect, kind) {
        (Dialect::Aws, PolicyKind::Identity) => {
            Some((6_144, false, "AWS managed policy quota (whitespace not counted)"))
        }
        (Dialect::Aws, PolicyKind::Trust) => {
            Some((2_048, false, "AWS role trust policy default quota (raisable to 4,096)"))
        }
        (Dialect::Aws, PolicyKind::Session) => Some((2_048, false, "AWS STS session policy limit")),
        (Dialect::Aws, PolicyKind::Control) => Some((5_120, true, "AWS SCP limit (every character counts)")),
        (Dialect::Aws, PolicyKind::Resource) => None,
        (Dialect::Aliyun, PolicyKind::Identity) => Some((6_144, false, "RAM custom policy limit")),
        (Dialect::Aliyun, PolicyKind::Session) => Some((2_048, false, "RAM AssumeRole session policy limit")),
        (Dialect::Aliyun, PolicyKind::Control) => Some((4_096, false, "Resource Directory control policy limit")),
        (Dialect::Aliyun, PolicyKind::Trust | PolicyKind::Resource) => None,
    }
}

/// Characters of `text`, not counting whitespace outside strings unless `whitespace` is set.
fn policy_length(text: &str, whitespace: bool) -> usize {
    if whitespace {
        return text.chars().count();
    }
    let (mut count, mut in_string, mut escaped) = (0, false, false);
    for c in text.chars() {
        if in_string {
            count += 1;
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
        } else if !c.is_whitespace() {
            count += 1;
            in_string = c == '"';
        }
    }
    count
}

/// An AWS policy has a Version of 2012-10-17 or 2008-10-17; RAM has "1".
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

impl Checker<'_> {
    fn push(&mut self, mut f: Finding) {
        if let Some(at) = self.statement {
            f.span = f.span.placed_at(at);
            if let Some(fix) = &mut f.fix {
                fix.span = fix.span.placed_at(at);
            }
        }
        self.out.push(f);
    }

    fn limits(&mut self, policy: &Policy, source: &str) {
        let Some((limit, whitespace, what)) = size_limit(self.dialect, self.kind) else { return };
        let text = source.get(policy.span.start..policy.span.end).unwrap_or(source);
        let length = policy_length(text, whitespace);
        if length > limit {
            self.push(
                Finding::new(
                    "policy-too-large",
                    FindingSeverity::Error,
                    format!(
                        "the policy is {length} characters long ({} statement(s)); the {what} is {limit}",
                        policy.statements.len()
                    ),
                    Span {
                        end: policy.span.start + 1,
                        end_line: policy.span.line,
                        end_column: policy.span.column + 1,
                        ..policy.span
                    },
                )
                .help("split it into several policies, or merge statements that share Effect, Resource and Condition"),
            );
        }
    }

    fn actions(&mut self, st: &Statement) {
        let mut seen: Vec<(String, &NameItem)> = Vec::new();
        for (i, item) in st.body.action.items.iter().enumerate() {
            let text = item.text.trim();
            let lower = text.to_ascii_lowercase();
            if let Some((_, first)) = seen.iter().find(|(l, _)| *l == lower) {
                let previous = &st.body.action.items[i - 1];
                let span = Span {
                    start: previous.span.end,
                    line: previous.span.end_line,
                    column: previous.span.end_column,
                    ..item.span
                };
                self.push(
                    Finding::new(
                        "duplicate-action",
                        FindingSeverity::Suggestion,
                        format!(
                            "{} lists \"{text}\" twice (first at line {}, column {}); the second adds nothing",
                            st.body.action.element("Action"),
                            st.absolute(first.span).line,
                            st.absolute(first.span).column
                        ),
                        item.span,
                    )
                    .fix("remove the repeated action", "", span),
                );
                continue;
            }
            seen.push((lower, item));
            if text == "*" || text.contains(char::is_whitespace) {
                continue;
            }
            let Some((service, name)) = text.split_once(':') else {
                self.push(Finding::new(
                    "malformed-action",
                    FindingSeverity::Error,
                    format!("\"{text}\" is not an action: actions are written service:Name (ecs:DescribeInstances)"),
                    item.span,
                ));
                continue;
            };
            let Some(cat) = self.cat else { continue };
            if service.contains(['*', '?']) {
                if cat.matching_actions(text).is_empty() {
                    self.wildcard_matches_nothing(text, item);
                }
                continue;
            }
            let Some(svc) = cat.service(service) else {
                self.unknown_service(service, name, item);
                continue;
            };
            if name.contains(['*', '?']) {
                if svc.matching_actions(name).next().is_none() {
                    self.wildcard_matches_nothing(text, item);
                }
                continue;
            }
            if svc.action(name).is_some() {
                continue;
            }
            let suggestion = cat.did_you_mean_action(svc, name);
            let known = svc.actions.len();
            let (severity, source) = match self.dialect {
                Dialect::Aws => (FindingSeverity::Error, "the AWS Service Authorization Reference"),
                Dialect::Aliyun => (
                    if suggestion.is_some() { FindingSeverity::Warning } else { FindingSeverity::Suggestion },
                    "the catalogue (SDK operations and documented RAM actions)",
                ),
            };
            let mut f = Finding::new(
                "unknown-action",
                severity,
                format!("\"{text}\" is not an action of {} ({}), so it matches nothing", svc.key, svc.name),
                item.span,
            )
            .help(format!("{source} lists {known} {} actions", svc.key));
            if let Some(s) = suggestion {
                f.message = format!("{}: did you mean {s}?", f.message);
                f = f.fix(format!("replace with \"{s}\""), quote(&s), item.span);
            } else if self.dialect == Dialect::Aliyun {
                f = f.help(format!(
                    "{source} lists {known} {} actions and is not complete: check the name against the service's RAM authorization page",
                    svc.key
                ));
            }
            self.push(f);
        }
    }

    fn unknown_service(&mut self, service: &str, name: &str, item: &NameItem) {
        let Some(cat) = self.cat else { return };
        let suggestion = cat.did_you_mean_service(service);
        match (self.dialect, suggestion) {
            (_, Some(s)) => {
                let replacement = format!("{s}:{name}");
                let severity =
                    if self.dialect == Dialect::Aws { FindingSeverity::Error } else { FindingSeverity::Warning };
                self.push(
                    Finding::new(
                        "unknown-service",
                        severity,
                        format!(
                            "there is no service \"{service}\" in the {} catalogue: did you mean {s}?",
                            self.dialect.cloud()
                        ),
                        item.span,
                    )
                    .fix(format!("replace with \"{replacement}\""), quote(&replacement), item.span),
                );
            }
            (Dialect::Aws, None) => self.push(Finding::new(
                "unknown-service",
                FindingSeverity::Error,
                format!("AWS has no service with the action prefix \"{service}\"; this entry matches nothing"),
                item.span,
            )),
            // The Alibaba Cloud catalogue covers only some services: silence is the honest answer.
            (Dialect::Aliyun, None) => {}
        }
    }

    fn wildcard_matches_nothing(&mut self, text: &str, item: &NameItem) {
        let severity = match self.dialect {
            Dialect::Aws => FindingSeverity::Warning,
            Dialect::Aliyun => FindingSeverity::Suggestion,
        };
        self.push(
            Finding::new(
                "wildcard-matches-nothing",
                severity,
                format!(
                    "\"{text}\" matches no action in the {} catalogue, so it grants or denies nothing",
                    self.dialect.cloud()
                ),
                item.span,
            )
            .help("check the spelling of the part before the *; the request builder suggests action names"),
        );
    }

    fn resources(&mut self, st: &Statement) {
        let Some(resources) = &st.body.resource else { return };
        let mut parts_ok: Vec<&NameItem> = Vec::new();
        for item in &resources.items {
            if item.text == "*" {
                continue;
            }
            if self.arn_syntax(item) {
                parts_ok.push(item);
            }
        }
        if resources.negated || st.body.action.negated {
            return;
        }
        self.resource_types(st, &parts_ok);
    }

    /// Checks one resource name's syntax, region and account; true when its parts are readable.
    fn arn_syntax(&mut self, item: &NameItem) -> bool {
        let text = item.text.as_str();
        let (prefix, n) = match self.dialect {
            Dialect::Aws => ("arn:", 6),
            Dialect::Aliyun => ("acs:", 5),
        };
        let parts: Vec<&str> = text.splitn(n, ':').collect();
        let example = match self.dialect {
            Dialect::Aws => "arn:aws:s3:::my-bucket/* or arn:aws:iam::111122223333:role/name",
            Dialect::Aliyun => "acs:ecs:*:1234567890123456:instance/* (acs:service:region:account:resource)",
        };
        let malformed = |why: String| {
            Finding::new(
                "malformed-arn",
                if self.dialect == Dialect::Aws { FindingSeverity::Error } else { FindingSeverity::Warning },
                why,
                item.span,
            )
            .help(format!("a {} resource name looks like {example}", self.dialect.cloud()))
        };
        if !text.starts_with(prefix) {
            let other = if self.dialect == Dialect::Aws { "acs:" } else { "arn:" };
            let why = if text.starts_with(other) {
                format!(
                    "\"{text}\" is written for the other cloud: {} resource names start with \"{prefix}\"",
                    self.dialect.cloud()
                )
            } else {
                format!("\"{text}\" is not a resource name: it should be \"*\" or start with \"{prefix}\"")
            };
            self.push(malformed(why));
            return false;
        }
        if parts.len() < n {
            self.push(malformed(format!(
                "\"{text}\" has {} of the {n} parts a {} resource name has, separated by \":\"",
                parts.len(),
                self.dialect.cloud()
            )));
            return false;
        }
        let (service, region, account, resource) = match self.dialect {
            Dialect::Aws => (parts[2], parts[3], parts[4], parts[5]),
            Dialect::Aliyun => (parts[1], parts[2], parts[3], parts[4]),
        };
        if self.dialect == Dialect::Aws {
            let partition = parts[1];
            let known = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];
            if !has_wildcard_or_variable(partition) && !known.contains(&partition) {
                self.push(malformed(format!("\"{partition}\" is not an AWS partition (aws, aws-cn, aws-us-gov, ...)")));
                return false;
            }
        }
        if service.is_empty() || resource.is_empty() {
            self.push(malformed(format!(
                "\"{text}\" has an empty {}",
                if service.is_empty() { "service" } else { "resource part" }
            )));
            return false;
        }
        let account_ok = account.is_empty()
            || has_wildcard_or_variable(account)
            || match self.dialect {
                Dialect::Aws => account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()),
                Dialect::Aliyun => account.bytes().all(|b| b.is_ascii_digit()),
            };
        if !account_ok {
            let rule = match self.dialect {
                Dialect::Aws => "an AWS account id is 12 digits",
                Dialect::Aliyun => "an Alibaba Cloud account id (UID) is digits",
            };
            self.push(malformed(format!("the account part \"{account}\" of \"{text}\" is not an account id: {rule}")));
            return false;
        }
        if !region.is_empty() && !has_wildcard_or_variable(region) {
            let regions = catalog::regions(self.dialect);
            if !regions.contains(&region) {
                let mut f = Finding::new(
                    "unknown-region",
                    FindingSeverity::Warning,
                    format!("\"{region}\" is not a {} region, so \"{text}\" matches nothing", self.dialect.cloud()),
                    item.span,
                );
                if let Some(s) = did_you_mean(region, regions.iter().copied()) {
                    let fixed = text.replacen(&format!(":{region}:"), &format!(":{s}:"), 1);
                    f.message = format!("{}: did you mean {s}?", f.message);
                    f = f.fix(format!("use {s}"), quote(&fixed), item.span);
                }
                self.push(f);
            } else if !self.context.regions.is_empty() && !self.context.regions.iter().any(|r| r == region) {
                self.push(Finding::new(
                    "region-not-in-scenario",
                    FindingSeverity::Warning,
                    format!(
                        "\"{text}\" names region {region}, but the scenario's resources are in {}: it matches none of them",
                        self.context.regions.join(", ")
                    ),
                    item.span,
                ));
            }
        }
        if !account.is_empty()
            && !has_wildcard_or_variable(account)
            && !self.context.accounts.is_empty()
            && !self.context.accounts.iter().any(|a| a == account)
        {
            let mut f = Finding::new(
                "account-not-in-scenario",
                FindingSeverity::Warning,
                format!("\"{text}\" names account {account}, which is not an account of the scenario"),
                item.span,
            );
            if let Some(s) = did_you_mean(account, self.context.accounts.iter().map(String::as_str)) {
                let fixed = text.replacen(account, s, 1);
                f.message = format!("{}: did you mean {s}?", f.message);
                f = f.fix(format!("use account {s}"), quote(&fixed), item.span);
            }
            self.push(f);
        }
        true
    }

    /// Resource names that no action of the statement acts on, and actions that act on none of
    /// the statement's resource names.
    fn resource_types(&mut self, st: &Statement, resources: &[&NameItem]) {
        let Some(cat) = self.cat else { return };
        let Some(all) = &st.body.resource else { return };
        if all.items.iter().any(|i| i.text == "*") || st.body.action.items.iter().any(|i| i.text.trim() == "*") {
            return;
        }
        let globs: Vec<String> = all.items.iter().map(|i| catalog::variables_as_stars(&i.text)).collect();
        let mut usable: Vec<bool> = vec![false; all.items.len()];
        let mut unknown_types = false;
        let mut unknown_action = false;
        for item in &st.body.action.items {
            let text = item.text.trim();
            let matched = cat.matching_actions(text);
            if matched.is_empty() {
                unknown_action = true; // unknown actions are reported on their own
                continue;
            }
            let mut fits_any = false;
            let mut formats: Vec<String> = Vec::new();
            for (svc, action) in &matched {
                if action.resource_types.is_empty() {
                    if !cat.complete_resource_types {
                        // Not documented: any resource of the action's own service may fit.
                        unknown_types = true;
                        for (i, g) in globs.iter().enumerate() {
                            if resource_service(g, self.dialect)
                                .is_some_and(|s| s.eq_ignore_ascii_case(&svc.key) || s.contains('*'))
                            {
                                usable[i] = true;
                                fits_any = true;
                            }
                        }
                    }
                    continue;
                }
                for r in &action.resource_types {
                    let Some((_, rt)) = cat.resource_type(*r) else { continue };
                    let template = rt.glob();
                    for (i, g) in globs.iter().enumerate() {
                        if arns_intersect(g, &template, self.dialect) {
                            usable[i] = true;
                            fits_any = true;
                        }
                    }
                    if formats.len() < 3 && !formats.iter().any(|f| f.starts_with(&format!("{} ", rt.name))) {
                        formats.push(format!("{} ({})", rt.name, rt.arn));
                    }
                }
            }
            if fits_any || text.contains(['*', '?']) {
                continue;
            }
            let Some((_, action)) = matched.first() else { continue };
            if action.resource_types.is_empty() && !cat.complete_resource_types {
                continue;
            }
            let message = if action.resource_types.is_empty() {
                format!(
                    "{text} acts on no resource type: it takes only \"Resource\": \"*\", so this statement never applies to it"
                )
            } else {
                format!(
                    "{text} acts on {}; no resource of this statement is one, so this statement never applies to it",
                    formats.join(", ")
                )
            };
            self.push(Finding::new("resource-type-mismatch", FindingSeverity::Warning, message, item.span));
        }
        if unknown_action {
            return;
        }
        if unknown_types && !cat.complete_resource_types {
            // Alibaba Cloud: resource names can only be checked against documented types.
            for (i, item) in all.items.iter().enumerate() {
                if usable[i] || !resources.iter().any(|r| std::ptr::eq(*r, item)) {
                    continue;
                }
                let service = resource_service(&globs[i], self.dialect).unwrap_or_default();
                let names_service = st
                    .body
                    .action
                    .items
                    .iter()
                    .any(|a| a.text.split_once(':').is_some_and(|(s, _)| service_pattern_matches(s, &service)));
                if !names_service {
                    self.push(self.unused_resource(item, &service));
                }
            }
            return;
        }
        for (i, item) in all.items.iter().enumerate() {
            if !usable[i] && resources.iter().any(|r| std::ptr::eq(*r, item)) {
                let service = resource_service(&globs[i], self.dialect).unwrap_or_default();
                self.push(self.unused_resource(item, &service));
            }
        }
    }

    fn unused_resource(&self, item: &NameItem, service: &str) -> Finding {
        Finding::new(
            "resource-type-mismatch",
            FindingSeverity::Warning,
            format!(
                "no action of this statement acts on \"{}\"{}; it has no effect here",
                item.text,
                if service.is_empty() { String::new() } else { format!(" (a resource of {service})") }
            ),
            item.span,
        )
    }

    fn conditions(&mut self, st: &Statement) {
        let Some(cat) = self.cat else { return };
        let services: Vec<&str> =
            st.body.action.items.iter().filter_map(|i| i.text.trim().split_once(':').map(|(s, _)| s)).collect();
        let any_service = st.body.action.negated
            || st.body.action.items.iter().any(|i| i.text.trim() == "*" || i.text.starts_with('*'));
        for c in &st.body.conditions {
            let key = c.key.as_str();
            let found = cat
                .global_key(key)
                .or_else(|| services.iter().filter_map(|s| cat.service(s)).find_map(|s| s.condition_key(key)));
            let found = match found {
                Some(k) => Some(k),
                None => {
                    let elsewhere = cat.condition_key(key);
                    match elsewhere {
                        Some(k) if any_service => Some(k),
                        Some(k) => {
                            let owner = key.split_once(':').map_or(key, |(p, _)| p);
                            self.push(Finding::new(
                                "unknown-condition-key",
                                FindingSeverity::Warning,
                                format!(
                                    "{} is a condition key of {owner}, but no action of this statement is a {owner} action, so requests never carry it",
                                    k.name
                                ),
                                c.span,
                            ));
                            continue;
                        }
                        None => {
                            self.unknown_key(c, &services);
                            continue;
                        }
                    }
                }
            };
            let Some(k) = found else { continue };
            self.key_type(c, k.key_type, &k.name);
            match (c.operator.qualifier, k.multi_valued) {
                (Some(q), false) => {
                    let (severity, consequence) = match (q, st.body.effect) {
                        (SetQualifier::ForAllValues, Effect::Allow) => (
                            FindingSeverity::SecurityWarning,
                            "ForAllValues is also true when the request does not carry the key at all, so this Allow applies without it",
                        ),
                        _ => (FindingSeverity::Warning, "use the operator without the set qualifier"),
                    };
                    let plain =
                        c.operator_text.split_once(':').map_or(c.operator_text.as_str(), |(_, b)| b).to_string();
                    self.push(
                        Finding::new(
                            "set-qualifier-on-single-valued-key",
                            severity,
                            format!(
                                "{} is single-valued, but the operator {} is for multi-valued keys; {consequence}",
                                k.name, c.operator_text
                            ),
                            c.span,
                        )
                        .help(format!("write {plain} instead of {}", c.operator_text)),
                    );
                }
                (None, true) if c.operator.base != BaseOperator::Null && self.dialect == Dialect::Aws => {
                    self.push(
                        Finding::new(
                            "missing-set-qualifier",
                            FindingSeverity::Warning,
                            format!(
                                "{} can carry several values; {} without ForAnyValue: or ForAllValues: does not match a request that carries several",
                                k.name, c.operator_text
                            ),
                            c.span,
                        )
                        .help(format!("write ForAnyValue:{} (any value matches) or ForAllValues:{} (every value matches)", c.operator_text, c.operator_text)),
                    );
                }
                _ => {}
            }
        }
    }

    fn unknown_key(&mut self, c: &playground_core::policy::Condition, services: &[&str]) {
        let Some(cat) = self.cat else { return };
        let key = c.key.as_str();
        let prefix = key.split_once(':').map_or("", |(p, _)| p);
        let mut candidates: Vec<&str> = cat.global_keys.iter().map(|k| k.name.as_str()).collect();
        for s in services.iter().chain(std::iter::once(&prefix)).filter_map(|s| cat.service(s)) {
            candidates.extend(s.condition_keys.iter().map(|k| k.name.as_str()));
        }
        candidates.retain(|k| !k.contains("${"));
        let suggestion = did_you_mean(key, candidates.iter().copied()).map(str::to_string);
        let known_prefix = prefix.eq_ignore_ascii_case(self.dialect.key_prefix()) || cat.service(prefix).is_some();
        let severity = match (self.dialect, &suggestion) {
            (Dialect::Aws, _) | (Dialect::Aliyun, Some(_)) => FindingSeverity::Warning,
            (Dialect::Aliyun, None) if known_prefix => FindingSeverity::Suggestion,
            (Dialect::Aliyun, None) => return,
        };
        let mut f = Finding::new(
            "unknown-condition-key",
            severity,
            format!(
                "{key} is not a condition key of {} or of the services this statement names; a missing key never matches a positive operator",
                self.dialect.cloud()
            ),
            c.span,
        );
        match suggestion {
            Some(s) => {
                f.message = format!("{}: did you mean {s}?", f.message);
                f = f.fix(format!("replace with \"{s}\""), quote(&s), c.span);
            }
            None if self.dialect == Dialect::Aliyun => {
                f = f.help("the Alibaba Cloud catalogue is not complete: check the key against the service's RAM authorization page");
            }
            None => {}
        }
        self.push(f);
    }

    fn key_type(&mut self, c: &playground_core::policy::Condition, key_type: KeyType, name: &str) {
        let family = c.operator.base.family();
        let fits = match family {
            Family::Null => true,
            Family::String => matches!(key_type, KeyType::String | KeyType::Arn),
            Family::Arn => key_type == KeyType::Arn,
            Family::Numeric => key_type == KeyType::Numeric || name.eq_ignore_ascii_case("aws:EpochTime"),
            Family::Date => key_type == KeyType::Date,
            Family::Bool => key_type == KeyType::Bool,
            Family::Ip => key_type == KeyType::Ip,
            Family::Binary => key_type == KeyType::Binary,
        };
        if !fits {
            let hint = match key_type {
                KeyType::String => "a String operator (StringEquals, StringLike, ...)",
                KeyType::Arn => "an Arn operator (ArnLike, ArnEquals) or a String operator",
                KeyType::Bool => "Bool",
                KeyType::Numeric => "a Numeric operator",
                KeyType::Date => "a Date operator",
                KeyType::Ip => "IpAddress or NotIpAddress",
                KeyType::Binary => "BinaryEquals",
            };
            self.push(
                Finding::new(
                    "operator-type-mismatch",
                    FindingSeverity::Warning,
                    format!(
                        "{name} holds {}, but {} compares {} values",
                        key_type.describe(),
                        c.operator_text,
                        family_name(family)
                    ),
                    c.span,
                )
                .help(format!("use {hint}")),
            );
        }
    }

    fn security(&mut self, st: &Statement) {
        if st.body.effect != Effect::Allow {
            return;
        }
        if st.body.action.negated {
            self.push(
                Finding::new(
                    "allow-with-not-action",
                    FindingSeverity::SecurityWarning,
                    "Allow with NotAction grants every action it does not list, including actions the cloud adds later",
                    st.body.action.span,
                )
                .help("list the actions to allow in Action instead"),
            );
        }
        if let Some(r) = st.body.resource.as_ref().filter(|r| r.negated) {
            self.push(
                Finding::new(
                    "allow-with-not-resource",
                    FindingSeverity::SecurityWarning,
                    "Allow with NotResource grants every resource it does not list, including resources created later",
                    r.span,
                )
                .help("list the resources to allow in Resource instead"),
            );
        }
        self.pass_role(st);
        if st.body.principal.is_some() && (self.kind == PolicyKind::Trust || is_assume_role(st)) {
            self.trust(st);
        }
    }

    fn pass_role(&mut self, st: &Statement) {
        if st.body.action.negated {
            return;
        }
        let service = match self.dialect {
            Dialect::Aws => "iam",
            Dialect::Aliyun => "ram",
        };
        let Some(item) = st.body.action.items.iter().find(|i| {
            i.text.trim().to_ascii_lowercase().starts_with(&format!("{service}:"))
                && i.pattern.matches(&format!("{service}:passrole"))
        }) else {
            return;
        };
        let all = match &st.body.resource {
            None => false,
            Some(r) => {
                !r.negated
                    && r.items.iter().any(|i| i.text == "*" || i.text.ends_with(":*") || i.text.ends_with(":role/*"))
            }
        };
        let service_key = match self.dialect {
            Dialect::Aws => "iam:PassedToService",
            Dialect::Aliyun => "acs:Service",
        };
        let pinned = st.body.conditions.iter().any(|c| c.key.eq_ignore_ascii_case(service_key));
        if all && !pinned {
            self.push(
                Finding::new(
                    "pass-role-to-any-service",
                    FindingSeverity::SecurityWarning,
                    format!(
                        "{} on every role without an {service_key} condition lets the caller hand any role, with all its permissions, to any service",
                        item.text.trim()
                    ),
                    item.span,
                )
                .help(format!(
                    "name the roles in Resource, and add \"Condition\": {{\"StringEquals\": {{\"{service_key}\": \"<service>\"}}}}"
                )),
            );
        }
    }

    fn trust(&mut self, st: &Statement) {
        let Some(principal) = &st.body.principal else { return };
        if principal.negated || self.context.service_linked {
            return;
        }
        let keys: Vec<&str> = st.body.conditions.iter().map(|c| c.key_lower.as_str()).collect();
        let has = |names: &[&str]| keys.iter().any(|k| names.contains(k));
        let (caller_keys, service_keys): (&[&str], &[&str]) = match self.dialect {
            Dialect::Aws => (
                &[
                    "sts:externalid",
                    "aws:principalarn",
                    "aws:principalaccount",
                    "aws:principalorgid",
                    "aws:principalorgpaths",
                    "aws:userid",
                    "aws:username",
                    "aws:sourceaccount",
                    "aws:sourcearn",
                    "aws:sourceorgid",
                    "aws:sourceorgpaths",
                    "aws:sourceidentity",
                ],
                &["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"],
            ),
            Dialect::Aliyun => (&["sts:externalid", "acs:principalarn"], &[]),
        };
        let external_id = match self.dialect {
            Dialect::Aws => "sts:ExternalId, aws:PrincipalArn or aws:PrincipalOrgID",
            Dialect::Aliyun => "sts:ExternalId or acs:PrincipalARN",
        };
        for e in &principal.entries {
            let everyone = e.kind == "*" || e.value == "*";
            if everyone {
                if !has(caller_keys) {
                    self.push(
                        Finding::new(
                            "trust-allows-anyone",
                            FindingSeverity::SecurityWarning,
                            format!(
                                "the trust policy lets anyone{} assume the role: no condition pins the caller",
                                if self.dialect == Dialect::Aws { " in any AWS account" } else { " in any account" }
                            ),
                            e.span,
                        )
                        .help(format!("name the trusted principals, or add a condition on {external_id}")),
                    );
                }
                continue;
            }
            match e.kind.as_str() {
                "AWS" | "RAM" => {
                    let Some(account) = whole_account(&e.value, self.dialect) else { continue };
                    if self.context.own_account.as_deref() == Some(account.as_str()) || has(caller_keys) {
                        continue;
                    }
                    self.push(
                        Finding::new(
                            "trust-allows-account",
                            FindingSeverity::SecurityWarning,
                            format!(
                                "the trust policy trusts the whole account {account}: any user or role there that is allowed sts:AssumeRole can assume the role"
                            ),
                            e.span,
                        )
                        .help(format!("name the role or user that should assume it, or add a condition on {external_id}")),
                    );
                }
                "Service" if self.dialect == Dialect::Aws => {
                    if has(service_keys) {
                        continue;
                    }
                    self.push(
                        Finding::new(
                            "trust-allows-service",
                            FindingSeverity::SecurityWarning,
                            format!(
                                "the trust policy lets {} assume the role on behalf of any account (the confused deputy problem): no condition pins the source",
                                e.value
                            ),
                            e.span,
                        )
                        .help("add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"}} or an ArnLike on aws:SourceArn"),
                    );
                }
                _ => {}
            }
        }
    }

    fn redundant_statements(&mut self, policy: &Policy) {
        let statements = &policy.statements;
        let mut reported: HashSet<usize> = HashSet::new();
        for (i, a) in statements.iter().enumerate() {
            for (j, b) in statements.iter().enumerate() {
                if i == j || reported.contains(&j) || !covers(b, a, self.dialect) {
                    continue;
                }
                // Identical statements: report the later one only.
                if covers(a, b, self.dialect) && i < j {
                    continue;
                }
                reported.insert(i);
                let span = if i > 0 {
                    let prev = &statements[i - 1].span;
                    Span { start: prev.end, line: prev.end_line, column: prev.end_column, ..a.span }
                } else if let Some(next) = statements.get(1) {
                    Span { end: next.span.start, end_line: next.span.line, end_column: next.span.column, ..a.span }
                } else {
                    a.span
                };
                self.push(
                    Finding::new(
                        "redundant-statement",
                        FindingSeverity::Suggestion,
                        format!(
                            "{} adds nothing: {} already {} every action on every resource it names{}",
                            a.label(),
                            b.label(),
                            if a.body.effect == Effect::Allow { "allows" } else { "denies" },
                            if b.body.conditions.is_empty() { "" } else { ", under the same conditions" }
                        ),
                        Span { end: a.span.start + 1, end_line: a.span.line, end_column: a.span.column + 1, ..a.span },
                    )
                    .fix(format!("remove {}", a.label()), "", span),
                );
                break;
            }
        }
    }
}

fn service_pattern_matches(pattern: &str, service: &str) -> bool {
    playground_core::pattern::Pattern::action(pattern).matches(&service.to_ascii_lowercase())
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::String => "string",
        Family::Numeric => "numeric",
        Family::Date => "date",
        Family::Bool => "boolean",
        Family::Binary => "binary",
        Family::Ip => "IP address",
        Family::Arn => "ARN",
        Family::Null => "presence",
    }
}

/// The account an `AWS`/`RAM` principal names as a whole (an id or a root ARN).
fn whole_account(value: &str, dialect: Dialect) -> Option<String> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.to_string());
    }
    let root = value.strip_suffix(":root")?;
    let account = root.rsplit(':').next()?;
    (root.starts_with(if dialect == Dialect::Aws { "arn:" } else { "acs:" }) && !account.is_empty())
        .then(|| account.to_string())
}

fn has_wildcard_or_variable(s: &str) -> bool {
    s.contains(['*', '?']) || s.contains("${")
}

fn resource_service(name: &str, dialect: Dialect) -> Option<String> {
    let parts: Vec<&str> = name.splitn(dialect.arn_parts(), ':').collect();
    match dialect {
        Dialect::Aws => parts.get(2),
        Dialect::Aliyun => parts.get(1),
    }
    .map(|s| s.to_string())
}

/// Whether two resource-name patterns can match a common name, part by part (a `*` in the region
/// does not reach into the account); names with fewer parts are compared whole.
fn arns_intersect(a: &str, b: &str, dialect: Dialect) -> bool {
    let n = dialect.arn_parts();
    let pa: Vec<&str> = a.splitn(n, ':').collect();
    let pb: Vec<&str> = b.splitn(n, ':').collect();
    if pa.len() != n || pb.len() != n {
        return globs_intersect(a, b);
    }
    pa.iter().zip(&pb).all(|(x, y)| globs_intersect(x, y))
}

/// Whether two glob patterns (`*` any run, `?` one character) can match a common string.
pub fn globs_intersect(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // reach[i][j]: the prefixes a[..i] and b[..j] can produce a common string.
    let mut reach = vec![vec![false; m + 1]; n + 1];
    reach[0][0] = true;
    for i in 0..=n {
        for j in 0..=m {
            if !reach[i][j] {
                continue;
            }
            if i < n && a[i] == '*' {
                reach[i + 1][j] = true;
            }
            if j < m && b[j] == '*' {
                reach[i][j + 1] = true;
            }
            if i < n && j < m {
                match (a[i], b[j]) {
                    ('*', '*') => {
                        reach[i + 1][j] = true;
                        reach[i][j + 1] = true;
                    }
                    ('*', _) => reach[i][j + 1] = true,
                    (_, '*') => reach[i + 1][j] = true,
                    (x, y) if x == y || x == '?' || y == '?' => reach[i + 1][j + 1] = true,
                    _ => {}
                }
            }
        }
    }
    reach[n][m]
}

/// Whether every string `specific` matches is matched by `general` (a sufficient test: a `*` of
/// `general` may absorb anything, a `?` any one non-`*` character, other characters must be equal).
pub fn glob_covers(general: &str, specific: &str) -> bool {
    let g: Vec<char> = general.chars().collect();
    let s: Vec<char> = specific.chars().collect();
    let (n, m) = (g.len(), s.len());
    let mut reach = vec![vec![false; m + 1]; n + 1];
    reach[0][0] = true;
    for i in 0..=n {
        for j in 0..=m {
            if !reach[i][j] {
                continue;
            }
            if i < n && g[i] == '*' {
                reach[i + 1][j] = true;
                if j < m {
                    reach[i][j + 1] = true;
                }
            }
            if i < n && j < m {
                match (g[i], s[j]) {
                    ('*', _) => {}
                    ('?', c) if c != '*' => reach[i + 1][j + 1] = true,
                    (x, y) if x == y && x != '?' => reach[i + 1][j + 1] = true,
                    _ => {}
                }
            }
        }
    }
    reach[n][m]
}

/// Whether statement `b` allows (or denies) everything statement `a` does.
fn covers(b: &Statement, a: &Statement, dialect: Dialect) -> bool {
    if a.body.effect != b.body.effect || a.body.action.negated || b.body.action.negated {
        return false;
    }
    let lower = |s: &str| {
        let t = if dialect == Dialect::Aliyun { s.trim() } else { s };
        t.to_ascii_lowercase()
    };
    let actions = a
        .body
        .action
        .items
        .iter()
        .all(|x| b.body.action.items.iter().any(|y| glob_covers(&lower(&y.text), &lower(&x.text))));
    let resources = match (&a.body.resource, &b.body.resource) {
        (None, None) => true,
        (Some(ra), Some(rb)) if !ra.negated && !rb.negated => {
            ra.items.iter().all(|x| rb.items.iter().any(|y| glob_covers(&y.text, &x.text)))
        }
        _ => false,
    };
    let principals = match (&a.body.principal, &b.body.principal) {
        (None, None) => true,
        (Some(pa), Some(pb)) if !pa.negated && !pb.negated => {
            pb.entries.iter().any(|e| e.kind == "*" || e.value == "*")
                || pa.entries.iter().all(|x| pb.entries.iter().any(|y| y.kind == x.kind && y.value == x.value))
        }
        _ => false,
    };
    let conditions = b.body.conditions.iter().all(|cb| {
        a.body.conditions.iter().any(|ca| {
            ca.key_lower == cb.key_lower
                && ca.operator == cb.operator
                && ca.values.iter().map(|v| &v.text).collect::<HashSet<_>>()
                    == cb.values.iter().map(|v| &v.text).collect::<HashSet<_>>()
        })
    });
    actions && resources && principals && conditions
}

/// Checks a scenario file: its load issues (policy parse issues included), the checks of every
/// policy in it with what the scenario tells (accounts, regions, which policy is a trust policy,
/// service-linked roles), attachment limits and broad grants on roles other accounts can assume.
pub fn check_scenario(text: &str) -> Vec<Finding> {
    let strict = load_scenario(text);
    let mut out: Vec<Finding> = strict.issues.iter().map(scenario_issue).collect();
    let lenient = load_scenario_with(text, LoadOptions { lenient: true });
    let Some(scenario) = lenient.scenario else {
        sort(&mut out);
        return out;
    };
    let tree = json::parse_limited(text, json::MAX_FILE_BYTES).ok().map(|p| p.value);
    let texts = text_documents(tree.as_ref());
    let dialect = scenario.dialect;
    let accounts: Vec<String> = scenario.accounts.iter().map(|a| a.id.clone()).collect();
    let mut regions: Vec<String> = scenario
        .resources
        .iter()
        .map(|r| r.arn.as_str())
        .chain(scenario.checks.iter().map(|c| c.resource.as_str()))
        .filter_map(|arn| arn.splitn(dialect.arn_parts(), ':').nth(if dialect == Dialect::Aws { 3 } else { 2 }))
        .filter(|r| !r.is_empty() && !has_wildcard_or_variable(r))
        .map(str::to_string)
        .collect();
    regions.sort();
    regions.dedup();
    let base = CheckContext { accounts, regions, ..CheckContext::default() };

    let run =
        |policy: &Policy, label: &str, source: Option<&str>, at: Span, ctx: CheckContext, out: &mut Vec<Finding>| {
            let mut found = Vec::new();
            check_compiled(policy, source.unwrap_or(text), &ctx, &mut found);
            for mut f in found {
                if source.is_some() {
                    // Positions inside a policy given as text: point at the text, say where in it.
                    f.message = format!("{} (line {}, column {} of its text)", f.message, f.span.line, f.span.column);
                    f.span = at;
                    f.fix = None;
                }
                f.policy = Some(label.to_string());
                out.push(f);
            }
        };
    for p in &scenario.policies {
        let Some(policy) = &p.policy else { continue };
        let attached_as_control = scenario.organization.as_ref().is_some_and(|o| {
            o.nodes.iter().any(|n| n.control_policies.contains(&p.name))
                || o.account_control_policies.values().any(|v| v.contains(&p.name))
        });
        let kind = if attached_as_control { PolicyKind::Control } else { PolicyKind::Identity };
        let ctx = CheckContext { kind: Some(kind), ..base.clone() };
        run(policy, &p.name, p.text.as_deref(), p.span, ctx, &mut out);
    }
    for role in &scenario.roles {
        let ctx = CheckContext {
            kind: Some(PolicyKind::Trust),
            own_account: Some(role.account.clone()),
            service_linked: role.linked_service.is_some(),
            ..base.clone()
        };
        let label = playground_scenario::scenario::trust_policy_name(&role.name);
        let source = texts.iter().find(|(span, _)| *span == role.trust.span).map(|(_, t)| t.as_str());
        run(&role.trust, &label, source, role.span, ctx, &mut out);
    }
    for r in &scenario.resources {
        let Some(policy) = &r.policy else { continue };
        let ctx =
            CheckContext { kind: Some(PolicyKind::Resource), own_account: Some(r.account.clone()), ..base.clone() };
        let label = playground_scenario::scenario::resource_policy_name(&r.kind, &r.arn);
        let source = texts.iter().find(|(span, _)| *span == policy.span).map(|(_, t)| t.as_str());
        run(policy, &label, source, r.span, ctx, &mut out);
    }
    attachments(&scenario, &mut out);
    broad_grants(&scenario, &mut out);
    sort(&mut out);
    out
}

/// Documents given as JSON strings in a scenario: the span of their policy (inside their own
/// text) is what the loader gives them, so they are found by that span.
fn text_documents(tree: Option<&Json>) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let Some(tree) = tree else { return out };
    let mut visit = |v: &Json| {
        if let JsonKind::String(s) = &v.kind
            && let Ok(p) = json::parse(s)
        {
            out.push((p.value.span, s.to_string()));
        }
    };
    for r in tree.get("roles").and_then(Json::as_array).unwrap_or(&[]) {
        if let Some(t) = r.get("trust_policy") {
            visit(t);
        }
    }
    for r in tree.get("resources").and_then(Json::as_array).unwrap_or(&[]) {
        if let Some(t) = r.get("policy") {
            visit(t);
        }
    }
    out
}

fn scenario_issue(issue: &ScenarioIssue) -> Finding {
    let mut f = match issue {
        ScenarioIssue::Policy { issue: inner, .. } => {
            let mut f = Finding::from_issue(inner);
            f.message = issue.to_string();
            f
        }
        other => Finding::new(other.code(), other.severity().into(), other.to_string(), other.span()),
    };
    if let ScenarioIssue::Policy { policy, .. }
    | ScenarioIssue::PolicyText { policy, .. }
    | ScenarioIssue::UnusablePolicy { policy, .. } = issue
    {
        f.policy = Some(policy.clone());
    }
    if let ScenarioIssue::PolicyText { .. } = issue {
        f.fix = None;
    }
    f
}

/// Attached-policy quotas: AWS 10 managed policies per user or role by default (20 at most);
/// RAM 20 system and 10 custom policies per user, group or role.
fn attachments(scenario: &playground_scenario::scenario::Scenario, out: &mut Vec<Finding>) {
    let mut check = |what: String, policies: &[String], span: Span| match scenario.dialect {
        Dialect::Aws => {
            let n = policies.len();
            if n > 10 {
                let severity = if n > 20 { FindingSeverity::Error } else { FindingSeverity::Warning };
                out.push(Finding::new(
                        "too-many-policies",
                        severity,
                        format!("{what} has {n} managed policies attached; AWS allows 10 by default and 20 at most (a quota increase)"),
                        span,
                    ));
            }
        }
        Dialect::Aliyun => {
            let system =
                policies.iter().filter(|p| scenario.policies.iter().any(|l| &l.name == *p && l.system)).count();
            let custom = policies.len() - system;
            if system > 20 || custom > 10 {
                out.push(Finding::new(
                        "too-many-policies",
                        FindingSeverity::Error,
                        format!("{what} has {system} system and {custom} custom policies attached; RAM allows 20 system and 10 custom policies (custom raisable by quota)"),
                        span,
                    ));
            }
        }
    };
    for r in &scenario.roles {
        check(format!("role {}", r.name), &r.policies, r.span);
    }
    for u in &scenario.users {
        check(format!("user {}", u.name), &u.policies, u.span);
    }
    for g in &scenario.groups {
        check(format!("group {}", g.name), &g.policies, Span::default());
    }
}

/// Full access (Allow `*` on `*` without conditions) on a role that principals of another account
/// (or anyone) can assume.
fn broad_grants(scenario: &playground_scenario::scenario::Scenario, out: &mut Vec<Finding>) {
    let dialect = scenario.dialect;
    for role in &scenario.roles {
        let foreign: Vec<&str> = role
            .trust
            .statements
            .iter()
            .filter(|s| s.body.effect == Effect::Allow)
            .flat_map(|s| s.body.principal.iter().filter(|p| !p.negated).flat_map(|p| &p.entries))
            .filter(|e| {
                e.kind == "*"
                    || e.value == "*"
                    || (e.kind != "Service" && named_account(&e.value, dialect).is_some_and(|a| a != role.account))
            })
            .map(|e| e.value.as_str())
            .collect();
        if foreign.is_empty() {
            continue;
        }
        for name in &role.policies {
            let Some(policy) = scenario.policy(name) else { continue };
            let full = policy.statements.iter().any(|s| {
                s.body.effect == Effect::Allow
                    && !s.body.action.negated
                    && s.body.action.items.iter().any(|i| matches!(i.text.trim(), "*" | "*:*"))
                    && s.body.resource.as_ref().is_none_or(|r| !r.negated && r.items.iter().any(|i| i.text == "*"))
                    && s.body.conditions.is_empty()
            });
            if !full {
                continue;
            }
            let recommendation = if foreign.iter().any(|p| p.to_ascii_lowercase().contains("hbr")) {
                " Cloud Backup's documentation recommends attaching AliyunHBRRolePolicy instead of AdministratorAccess."
                    .to_string()
            } else {
                String::new()
            };
            out.push(
                Finding::new(
                    "broad-grant-to-assumable-role",
                    FindingSeverity::SecurityWarning,
                    format!(
                        "role {} has {name}, which allows every action on every resource, and {} in another account can assume it",
                        role.name,
                        foreign.join(", ")
                    ),
                    role.span,
                )
                .help(format!("attach only the permissions the trusted caller needs.{recommendation}")),
            );
            let last = out.len() - 1;
            out[last].policy = Some(role.name.clone());
        }
    }
}
