//! Does one statement apply to a request? Each element is checked on its own
//! so the explanation can say which one failed and why.

use crate::ast::{ArnPart, Condition, NameItem, NameSet, PrincipalEntry, PrincipalSet, Statement};
use crate::condition::{self, ConditionReason, MissingRule};
use crate::dialect::Dialect;
use crate::request::{PrincipalKind, Request};
use serde::Serialize;

/// How a statement's principal element matched the caller. The kind matters:
/// AWS lets a same-account resource policy that names a user or session grant
/// on its own, while naming the account still needs the caller's own policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum PrincipalMatch {
    /// The statement has no principal element (identity-side policies).
    NoElement,
    /// `"*"`: everyone, anonymous callers included.
    Wildcard,
    /// The caller's account (its id or root ARN).
    Account,
    /// The role the caller's session belongs to.
    Role,
    /// The exact session, user or federated user.
    Exact,
    /// The service principal.
    Service,
    /// A SAML/OIDC provider or canonical user.
    Federated,
    /// A `NotPrincipal` that does not list the caller.
    NotListed,
    /// A `NotPrincipal` of a Deny statement in a resource policy, which AWS applies to every
    /// caller that has a permissions boundary, whatever it lists.
    NotPrincipalWithBoundary,
    /// Nothing matched.
    None,
}

impl PrincipalMatch {
    /// True when the principal element lets the statement apply.
    pub fn matched(self) -> bool {
        self != PrincipalMatch::None
    }
}

/// The outcome of checking one statement against a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementOutcome {
    /// The action element matched.
    pub action: bool,
    /// The resource element matched (or was absent).
    pub resource: bool,
    /// How the principal element matched.
    pub principal: PrincipalMatch,
    /// All conditions hold.
    pub conditions: bool,
}

impl StatementOutcome {
    /// True when every element matched, so the statement's effect applies.
    pub fn applies(&self) -> bool {
        self.action && self.resource && self.principal.matched() && self.conditions
    }
}

/// Checks a statement, stopping at the first element that fails.
pub fn check_statement(st: &Statement, req: &Request) -> StatementOutcome {
    check(st, req, None)
}

/// Checks a statement whose principal element is taken to match as `principal` instead of being read.
pub fn check_statement_as(st: &Statement, req: &Request, principal: PrincipalMatch) -> StatementOutcome {
    check(st, req, Some(principal))
}

fn check(st: &Statement, req: &Request, principal: Option<PrincipalMatch>) -> StatementOutcome {
    let mut out =
        StatementOutcome { action: false, resource: false, principal: PrincipalMatch::None, conditions: false };
    let body = &*st.body;
    out.action = action_match(&body.action, &req.action_lower).0;
    if !out.action {
        return out;
    }
    out.resource = resource_match(body.resource.as_ref(), req).0;
    if !out.resource {
        return out;
    }
    out.principal = principal.unwrap_or_else(|| principal_match(body.principal.as_ref(), req).0);
    if !out.principal.matched() {
        return out;
    }
    out.conditions = body.conditions.iter().all(|c| condition::evaluate(c, &req.context).0);
    out
}

/// Whether the action element matches, and which item matched (for `Action`) or
/// excluded it (for `NotAction`).
pub fn action_match(set: &NameSet, action_lower: &str) -> (bool, Option<usize>) {
    let hit = set.items.iter().position(|i| i.pattern.matches(action_lower));
    (hit.is_some() != set.negated, hit)
}

/// Whether the resource element matches (an absent element covers the resource the
/// policy is attached to), and which item matched or excluded it.
pub fn resource_match(set: Option<&NameSet>, req: &Request) -> (bool, Option<usize>) {
    let Some(set) = set else { return (true, None) };
    // The resource's ARN parts, split once for all the items that match part by part.
    let mut split = None;
    let hit = set.items.iter().position(|i| resource_item_matches(i, req, &mut split));
    (hit.is_some() != set.negated, hit)
}

fn resource_item_matches<'r>(item: &NameItem, req: &'r Request, split: &mut Option<([&'r str; 6], usize)>) -> bool {
    let lookup = |k: &str| req.context.variable(k);
    match &item.parts {
        None => item.pattern.resolve(lookup).is_some_and(|p| p.matches(&req.resource)),
        Some(parts) => {
            let (value, count) = split.get_or_insert_with(|| Dialect::Aws.split_name(&req.resource));
            aws_resource_matches(&item.text, parts.of(&item.text), &req.resource, &value[..*count], &lookup)
        }
    }
}

/// AWS resource names are matched part by part (`arn:partition:service:region:account:resource`);
/// a pattern with fewer parts whose last part ends in `*` covers the remaining parts
/// ("if the wildcard is the last character of a segment, it can expand beyond colons").
fn aws_resource_matches(
    name: &str,
    parts: &[ArnPart],
    resource: &str,
    value: &[&str],
    lookup: &dyn Fn(&str) -> Option<String>,
) -> bool {
    if parts.len() > value.len() {
        return false;
    }
    for (i, part) in parts.iter().enumerate() {
        let resolved = match part {
            ArnPart::Pattern(p) => match p.resolve(lookup) {
                Some(p) => Some(p),
                None => return false,
            },
            _ => None,
        };
        let last = i + 1 == parts.len();
        let v = if last && parts.len() < value.len() {
            let ends_with_star = match part {
                ArnPart::Literal { .. } => false,
                ArnPart::Prefix { .. } => true,
                ArnPart::Pattern(_) => resolved.as_ref().is_some_and(|p| p.ends_with_star()),
            };
            if !ends_with_star {
                return false;
            }
            let start: usize = value[..i].iter().map(|s| s.len() + 1).sum();
            &resource[start..]
        } else {
            value[i]
        };
        let matched = match part {
            &ArnPart::Literal { start, end } => v == &name[start..end],
            &ArnPart::Prefix { start, end } => v.starts_with(&name[start..end]),
            ArnPart::Pattern(_) => resolved.is_some_and(|p| p.matches(v)),
        };
        if !matched {
            return false;
        }
    }
    true
}

/// How the principal element matches the caller, and which entry decided it.
pub fn principal_match(set: Option<&PrincipalSet>, req: &Request) -> (PrincipalMatch, Option<usize>) {
    let Some(set) = set else {
        return (PrincipalMatch::NoElement, None);
    };
    let mut best = (PrincipalMatch::None, None);
    for (i, entry) in set.entries.iter().enumerate() {
        let m = entry_match(entry, req);
        if m.matched() && rank(m) > rank(best.0) {
            best = (m, Some(i));
        }
    }
    if set.negated {
        match best.0 {
            PrincipalMatch::None => (PrincipalMatch::NotListed, None),
            _ => (PrincipalMatch::None, best.1),
        }
    } else {
        best
    }
}

fn rank(m: PrincipalMatch) -> u8 {
    match m {
        PrincipalMatch::None => 0,
        PrincipalMatch::Account => 1,
        PrincipalMatch::Wildcard => 2,
        PrincipalMatch::Role => 3,
        PrincipalMatch::Service | PrincipalMatch::Federated => 4,
        PrincipalMatch::Exact => 5,
        PrincipalMatch::NoElement | PrincipalMatch::NotListed | PrincipalMatch::NotPrincipalWithBoundary => 6,
    }
}

fn entry_match(entry: &PrincipalEntry, req: &Request) -> PrincipalMatch {
    let p = &req.principal;
    let value = entry.value.trim();
    // RAM role names are case-insensitive (RAM shows role ARNs lower-cased, while
    // documentation writes them in mixed case); AWS names are case-sensitive.
    let eq = |a: &str, b: &str| match req.dialect {
        Dialect::Aws => a == b,
        Dialect::Aliyun => a.eq_ignore_ascii_case(b),
    };
    match entry.kind.as_str() {
        "*" => PrincipalMatch::Wildcard,
        "AWS" | "RAM" => {
            if value == "*" {
                return PrincipalMatch::Wildcard;
            }
            if matches!(p.kind, PrincipalKind::Anonymous | PrincipalKind::Service { .. }) {
                return PrincipalMatch::None;
            }
            if let Some(account) = account_of_entry(value, req.dialect) {
                return if p.account.as_deref() == Some(account) {
                    PrincipalMatch::Account
                } else {
                    PrincipalMatch::None
                };
            }
            // A caller given as a role ARN stands for a session of that role: naming the
            // role matches it as the role (which the boundary still limits), not as the session.
            if eq(value, &p.text) && !matches!(p.kind, PrincipalKind::Role { .. }) {
                return PrincipalMatch::Exact;
            }
            if let Some(role_arn) = &p.role_arn
                && (eq(value, role_arn) || role_matches_by_name(value, role_arn, req.dialect))
            {
                return PrincipalMatch::Role;
            }
            PrincipalMatch::None
        }
        "Service" => match &p.kind {
            PrincipalKind::Service { name } if name.eq_ignore_ascii_case(value) => PrincipalMatch::Service,
            _ => PrincipalMatch::None,
        },
        "Federated" => match &p.kind {
            PrincipalKind::Federated { provider } if provider == value => PrincipalMatch::Federated,
            _ if value == p.text => PrincipalMatch::Federated,
            _ => PrincipalMatch::None,
        },
        "CanonicalUser" if value == p.text => PrincipalMatch::Federated,
        // OSS bucket policies: a UID names a RAM user (its own UID) or an account (its UID);
        // an account UID matches like naming the account's root, `acs:ram::UID:root`.
        "UID" => {
            if value == "*" {
                PrincipalMatch::Wildcard
            } else if matches!(p.kind, PrincipalKind::Anonymous | PrincipalKind::Service { .. }) {
                PrincipalMatch::None
            } else if p.uid.as_deref() == Some(value) {
                PrincipalMatch::Exact
            } else if p.account.as_deref() == Some(value) {
                PrincipalMatch::Account
            } else {
                PrincipalMatch::None
            }
        }
        _ => PrincipalMatch::None,
    }
}

/// A role named with a path matches sessions, whose ARNs carry only the role name.
fn role_matches_by_name(entry: &str, role_arn: &str, dialect: Dialect) -> bool {
    let (Some((e_prefix, e_path)), Some((r_prefix, r_path))) =
        (entry.split_once(":role/"), role_arn.split_once(":role/"))
    else {
        return false;
    };
    let e_name = e_path.rsplit('/').next().unwrap_or(e_path);
    let r_name = r_path.rsplit('/').next().unwrap_or(r_path);
    match dialect {
        Dialect::Aws => e_prefix == r_prefix && e_name == r_name,
        Dialect::Aliyun => e_prefix.eq_ignore_ascii_case(r_prefix) && e_name.eq_ignore_ascii_case(r_name),
    }
}

/// The account an entry names as a whole: a bare account id or a root ARN.
fn account_of_entry(value: &str, dialect: Dialect) -> Option<&str> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value);
    }
    let (parts, count) = dialect.split_name(value);
    match dialect {
        Dialect::Aws if count == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5] == "root" => Some(parts[4]),
        Dialect::Aliyun if count == 5 && parts[0] == "acs" && parts[1] == "ram" && parts[4] == "root" => Some(parts[3]),
        _ => None,
    }
}

/// A person-readable account of one element check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ElementCheck {
    /// Whether the element let the statement apply.
    pub matched: bool,
    /// Why, in words.
    pub detail: String,
    /// The span of the deciding pattern or, when none decided, of the element: relative to the
    /// statement as the `explain_*` functions give it, placed in the document by
    /// [`crate::explain`](mod@crate::explain)'s reports.
    pub span: Option<crate::span::Span>,
}

/// A person-readable account of one condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ConditionCheck {
    /// The operator as documented.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy's values.
    pub policy_values: Vec<String>,
    /// The request's values, `None` when the key is missing.
    pub request_values: Option<Vec<String>>,
    /// Whether the condition holds.
    pub holds: bool,
    /// Why, in words.
    pub detail: String,
    /// The span of the key in the policy: relative to the statement as [`explain_conditions`]
    /// gives it, placed in the document by [`crate::explain`](mod@crate::explain)'s reports.
    pub span: crate::span::Span,
}

/// Explains the action element.
pub fn explain_action(set: &NameSet, req: &Request) -> ElementCheck {
    let (matched, hit) = action_match(set, &req.action_lower);
    let element = set.element("Action");
    let detail = match (set.negated, hit) {
        (false, Some(i)) => format!("{} matches {element} \"{}\"", req.action, set.items[i].text),
        (false, None) => format!("{} is not in {element} {}", req.action, list(&set.items)),
        (true, Some(i)) => format!("{element} excludes {} (\"{}\")", req.action, set.items[i].text),
        (true, None) => format!("{} is not excluded by {element} {}", req.action, list(&set.items)),
    };
    ElementCheck { matched, detail, span: Some(hit.map_or(set.span, |i| set.items[i].span)) }
}

/// Explains the resource element.
pub fn explain_resource(set: Option<&NameSet>, req: &Request) -> ElementCheck {
    let Some(set) = set else {
        return ElementCheck {
            matched: true,
            detail: "no Resource element: the statement covers the resource the policy is attached to".into(),
            span: None,
        };
    };
    let (matched, hit) = resource_match(Some(set), req);
    let element = set.element("Resource");
    let uses_vars = set.items.iter().any(|i| i.pattern.has_variables());
    let detail = match (set.negated, hit) {
        (false, Some(i)) => format!("{} matches {element} \"{}\"", req.resource, set.items[i].text),
        (false, None) => {
            let mut d = format!("{} matches none of {element} {}", req.resource, list(&set.items));
            if uses_vars {
                d.push_str(" (after substituting policy variables from the request context)");
            }
            d
        }
        (true, Some(i)) => format!("{element} excludes {} (\"{}\")", req.resource, set.items[i].text),
        (true, None) => format!("{} is not excluded by {element} {}", req.resource, list(&set.items)),
    };
    ElementCheck { matched, detail, span: Some(hit.map_or(set.span, |i| set.items[i].span)) }
}

/// Explains the principal element.
pub fn explain_principal(set: Option<&PrincipalSet>, req: &Request) -> Option<ElementCheck> {
    let set = set?;
    let (m, hit) = principal_match(Some(set), req);
    let who = &req.principal.text;
    let named = |i: usize| format!("{} \"{}\"", set.entries[i].kind, set.entries[i].value);
    let all = || set.entries.iter().map(|e| format!("\"{}\"", e.value)).collect::<Vec<_>>().join(", ");
    let detail = match (m, hit) {
        (PrincipalMatch::Wildcard, _) => "Principal \"*\" covers every caller".to_string(),
        (PrincipalMatch::Account, Some(i)) => {
            format!("{} names the caller's account {}", named(i), req.principal.account.as_deref().unwrap_or(""))
        }
        (PrincipalMatch::Role, Some(i)) => {
            format!("{} is the role of the caller's session {who}", named(i))
        }
        (PrincipalMatch::Exact, Some(i)) => format!("{} is the caller", named(i)),
        (PrincipalMatch::Service, Some(i)) | (PrincipalMatch::Federated, Some(i)) => {
            format!("{} is the caller", named(i))
        }
        (PrincipalMatch::NotListed, _) => {
            format!("NotPrincipal does not list {who}, so the statement applies to it")
        }
        (PrincipalMatch::None, Some(i)) if set.negated => {
            format!("NotPrincipal lists the caller as {}", named(i))
        }
        _ => {
            let mut d = format!("Principal lists {}, but the caller is {who}", all());
            if set.entries.iter().any(|e| e.value != "*" && e.value.contains('*')) {
                d.push_str(" (a wildcard inside a principal name is not a pattern: only \"*\" alone means everyone)");
            }
            d
        }
    };
    Some(ElementCheck { matched: m.matched(), detail, span: Some(hit.map_or(set.span, |i| set.entries[i].span)) })
}

/// Explains every condition of a statement.
pub fn explain_conditions(conditions: &[Condition], req: &Request) -> Vec<ConditionCheck> {
    conditions.iter().map(|c| explain_condition(c, req)).collect()
}

fn explain_condition(c: &Condition, req: &Request) -> ConditionCheck {
    let (holds, reason) = condition::evaluate(c, &req.context);
    let entry = req.context.get(&c.key_lower);
    let op = c.operator.to_string();
    let key = &c.key;
    let policy_values: Vec<String> = c.values.iter().map(|v| v.text.clone()).collect();
    let pv = |i: usize| c.values.get(i).map_or(String::new(), |v| format!("\"{}\"", v.text));
    let rv = |i: usize| entry.and_then(|e| e.values.get(i)).map_or(String::new(), |v| format!("\"{v}\""));
    let values = if policy_values.len() == 1 {
        pv(0)
    } else {
        format!("[{}]", policy_values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", "))
    };
    let detail = match reason {
        ConditionReason::Missing(rule) => {
            let why = match rule {
                MissingRule::IfExists => "IfExists makes a missing key true",
                MissingRule::ForAllValues => "ForAllValues is true when the key is missing",
                MissingRule::ForAnyValue => "ForAnyValue is false when the key is missing",
                MissingRule::Negated => "a negated operator is true when the key is missing",
                MissingRule::Positive => "the condition cannot match without it",
            };
            format!("the request has no {key}: {why}")
        }
        ConditionReason::Null { present } => {
            format!("{key} is {} and Null wants {values}", if present { "present" } else { "absent" })
        }
        ConditionReason::NeedsQualifier => format!(
            "the request gives {key} several values, and {op} without ForAnyValue:/ForAllValues: does not match a multi-valued key"
        ),
        ConditionReason::Matched { request, policy } => {
            format!("{key} {} {op} {}", rv(request), pv(policy))
        }
        ConditionReason::NoneMatched => {
            format!(
                "{key} {} does not satisfy {op} {values}",
                entry
                    .map(|e| e.values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default()
            )
        }
        ConditionReason::NoneEqual => format!("{key} {} is none of {values}, so {op} holds", rv(0)),
        ConditionReason::Equal { request, policy } => {
            format!("{key} {} equals {}, so {op} fails", rv(request), pv(policy))
        }
        ConditionReason::NotAll { request } => {
            format!("{key} value {} fails {op} {values}", rv(request))
        }
        ConditionReason::All => format!("every {key} value satisfies {op} {values}"),
        ConditionReason::Any { request } => {
            format!("{key} value {} satisfies {op} {values}", rv(request))
        }
        ConditionReason::NotAny => format!("no {key} value satisfies {op} {values}"),
        ConditionReason::EmptySet => {
            format!("the request gives {key} no values; ForAllValues is then true")
        }
    };
    let detail =
        if entry.is_some_and(|e| e.derived) { format!("{detail} ({key} derived from the principal)") } else { detail };
    ConditionCheck {
        operator: op,
        key: key.clone(),
        policy_values,
        request_values: entry.map(|e| e.values.clone()),
        holds,
        detail,
        span: c.span,
    }
}

fn list(items: &[NameItem]) -> String {
    const SHOW: usize = 6;
    let shown: Vec<String> = items.iter().take(SHOW).map(|i| format!("\"{}\"", i.text)).collect();
    if items.len() > SHOW {
        format!("[{}, … {} more]", shown.join(", "), items.len() - SHOW)
    } else {
        format!("[{}]", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::parser::parse_policy;

    fn codes(p: &crate::parser::ParsedPolicy) -> Vec<&'static str> {
        p.issues.iter().map(|i| i.code()).collect()
    }

    #[test]
    fn aws_action_names_are_compared_as_written() {
        let p = parse_policy(
            "p",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject ","s3: PutObject"],"Resource":"*"}]}"#,
            Some(Dialect::Aws),
        );
        assert_eq!(codes(&p), vec!["whitespace-in-name", "whitespace-in-name"]);
        assert!(p.issues[0].help().unwrap().contains("\"s3:GetObject\""));
        let st = &p.policy.unwrap().statements[0];
        assert!(!action_match(&st.body.action, "s3:getobject").0);
        assert!(!action_match(&st.body.action, "s3:putobject").0);
        let ram = parse_policy(
            "p",
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:DescribeInstances ","Resource":"*"}]}"#,
            Some(Dialect::Aliyun),
        );
        assert!(codes(&ram).is_empty());
        assert!(action_match(&ram.policy.unwrap().statements[0].body.action, "ecs:describeinstances").0);
    }
}
