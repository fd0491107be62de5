//! Findings: what is wrong or risky in a policy or a scenario before any request is simulated,
//! the way a policy validator reports it. Each [`Finding`] has a [`Severity`], a stable code, a
//! message a person can act on, the span it is about and, where possible, a [`Fix`].
//!
//! Findings extend the parse issues ([`PolicyIssue`](playground_core::issue::PolicyIssue)):
//! every issue of the parser becomes a finding with the same code, and the rules
//! ([`registry::RULES`](crate::registry::RULES), one file each under `rules/`) add what needs the
//! [`catalog`](crate::catalog), the whole policy or a scenario. The codes and what each rule
//! does are listed in docs/findings.md.

use crate::model::Checker;
use crate::registry;
use playground_core::dialect::Dialect;
use playground_core::json::{self, Json, JsonKind};
use playground_core::policy::{Policy, parse_policy};
use playground_core::span::Span;
use playground_scenario::scenario::{LoadOptions, load_scenario, load_scenario_with};

pub use crate::catalog::Catalogs;
pub use crate::glob::{glob_covers, globs_intersect};
pub use crate::model::{Author, CheckContext, PolicyKind};
pub use playground_core::diagnostic::{Diagnostic, Finding, Fix, Label, Severity};

/// Checks a policy document as pasted. `dialect` forces the dialect; `None` detects it.
/// Returns the parse issues and every finding of the rules, sorted by position.
pub fn check_policy(name: &str, text: &str, dialect: Option<Dialect>, context: &CheckContext) -> Vec<Finding> {
    let parsed = parse_policy(name, text, dialect);
    let mut out: Vec<Finding> = parsed.issues.iter().map(Finding::from_diagnostic).collect();
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

/// Runs the rules that need a compiled policy (everything but the parse issues). `source` is the
/// text the policy's spans point into (for its size).
pub fn check_compiled(policy: &Policy, source: &str, context: &CheckContext, out: &mut Vec<Finding>) {
    let mut checker = Checker::new(policy, source, context);
    registry::check_policy_rules(&mut checker, policy);
    out.extend(checker.into_findings());
}

/// [`check_scenario_with`] the compiled-in catalogues.
pub fn check_scenario(text: &str) -> Vec<Finding> {
    check_scenario_with(text, &Catalogs::builtin())
}

/// Checks a scenario file: its load issues (policy parse issues included), the rules on every
/// policy in it with what the scenario tells (accounts, regions, which policy is a trust policy,
/// service-linked roles), and the scenario rules (attachment limits, broad grants on roles other
/// accounts can assume), with the catalogues `catalogs`.
pub fn check_scenario_with(text: &str, catalogs: &Catalogs) -> Vec<Finding> {
    let strict = load_scenario(text);
    let mut out: Vec<Finding> = strict
        .issues
        .iter()
        .map(|issue| {
            let f = Finding::from_diagnostic(issue);
            match issue.policy() {
                Some(policy) => f.in_policy(policy),
                None => f,
            }
        })
        .collect();
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
        .filter(|r| !r.is_empty() && !crate::model::has_wildcard_or_variable(r))
        .map(str::to_string)
        .collect();
    regions.sort();
    regions.dedup();
    let base = CheckContext { catalogs: catalogs.clone(), accounts, regions, ..CheckContext::default() };

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
                    f.labels.clear();
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
        let author = if p.system { Author::Cloud } else { Author::Customer };
        let ctx = CheckContext { kind: Some(kind), author: Some(author), ..base.clone() };
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
    registry::check_scenario_rules(&scenario, &mut out);
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
