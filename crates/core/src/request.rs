//! The request being decided: who, what, on which resource, with which context.

use crate::dialect::Dialect;
use crate::json::{Json, JsonKind};
use crate::span::Span;
use serde::Serialize;
use std::collections::HashMap;

/// What kind of identity makes the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PrincipalKind {
    /// An unauthenticated caller (`*` or `anonymous`).
    Anonymous,
    /// The account itself: its root user / Alibaba Cloud account owner.
    Root,
    /// An IAM or RAM user.
    User {
        /// The user name (last part of the ARN).
        name: String,
    },
    /// A role named directly (treated as a session of that role).
    Role {
        /// The role name.
        name: String,
    },
    /// A role session (`assumed-role/ROLE/SESSION`).
    Session {
        /// The role name.
        role: String,
        /// The session name.
        session: String,
    },
    /// An AWS federated user (`GetFederationToken`).
    FederatedUser {
        /// The name given by the caller.
        name: String,
    },
    /// A cloud service (`backup.amazonaws.com`, `crossbackup.hbr.aliyuncs.com`).
    Service {
        /// The service principal.
        name: String,
    },
    /// A SAML or OIDC identity provider.
    Federated {
        /// The provider as written.
        provider: String,
    },
    /// Anything else: matched only as exact text.
    Other,
}

/// The caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Principal {
    /// As given.
    pub text: String,
    /// What kind of identity it is.
    pub kind: PrincipalKind,
    /// The account it belongs to, when it has one.
    pub account: Option<String>,
    /// For sessions and roles: the role's ARN, which policies name to mean "sessions of this role".
    pub role_arn: Option<String>,
    /// True for sessions of service-linked roles (control policies do not apply to them).
    pub service_linked: bool,
    /// Alibaba Cloud: the caller's own user ID (a RAM user's UID), when the request names it.
    /// OSS bucket policies name callers by UID (`"Principal": ["<UID>"]`); the account's UID is
    /// [`Principal::account`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
}

impl Principal {
    /// Reads a principal in the dialect's syntax.
    pub fn parse(text: &str, dialect: Dialect) -> Principal {
        let t = text.trim();
        let mut p = Principal {
            text: t.to_string(),
            kind: PrincipalKind::Other,
            account: None,
            role_arn: None,
            service_linked: false,
            uid: None,
        };
        if t == "*" || t.eq_ignore_ascii_case("anonymous") {
            p.kind = PrincipalKind::Anonymous;
            return p;
        }
        let service_like =
            t.ends_with(".amazonaws.com") || t.ends_with(".amazonaws.com.cn") || t.ends_with(".aliyuncs.com");
        if service_like && !t.contains([':', '/']) {
            p.kind = PrincipalKind::Service { name: t.to_ascii_lowercase() };
            return p;
        }
        if t.len() >= 12 && t.bytes().all(|b| b.is_ascii_digit()) {
            p.kind = PrincipalKind::Root;
            p.account = Some(t.to_string());
            return p;
        }
        let (parts, count) = dialect.split_name(t);
        if count != dialect.arn_parts() {
            return p;
        }
        let (service, account, resource) = match dialect {
            Dialect::Aws if parts[0] == "arn" => (parts[2], parts[4], parts[5]),
            Dialect::Aliyun if parts[0] == "acs" => (parts[1], parts[3], parts[4]),
            _ => return p,
        };
        // The ARN of the role a session or role name belongs to.
        let role_arn = |role: &str| match dialect {
            Dialect::Aws => format!("arn:{}:iam::{account}:role/{role}", parts[1]),
            Dialect::Aliyun => format!("acs:ram::{account}:role/{role}"),
        };
        p.account = Some(account.to_string());
        let (kind, rest) = resource.split_once('/').unwrap_or((resource, ""));
        p.kind = match (service, kind) {
            ("iam" | "ram", "root") | ("iam" | "ram", "") if resource == "root" => PrincipalKind::Root,
            ("iam" | "ram", "user") => {
                PrincipalKind::User { name: rest.rsplit('/').next().unwrap_or(rest).to_string() }
            }
            ("iam" | "ram", "role") => {
                let name = rest.rsplit('/').next().unwrap_or(rest).to_string();
                p.service_linked = rest.starts_with("aws-service-role/") || is_service_linked_name(&name);
                p.role_arn = Some(role_arn(rest));
                PrincipalKind::Role { name }
            }
            ("sts" | "ram", "assumed-role") => match rest.rsplit_once('/') {
                Some((role, session)) => {
                    p.service_linked = role.starts_with("aws-service-role/") || is_service_linked_name(role);
                    p.role_arn = Some(role_arn(role));
                    PrincipalKind::Session { role: role.to_string(), session: session.to_string() }
                }
                None => PrincipalKind::Other,
            },
            ("sts", "federated-user") => PrincipalKind::FederatedUser { name: rest.to_string() },
            ("iam" | "ram", "saml-provider" | "oidc-provider") => PrincipalKind::Federated { provider: t.to_string() },
            _ => PrincipalKind::Other,
        };
        p
    }

    /// A short name for sentences: the role, user or service name, else the text.
    pub fn display_name(&self) -> String {
        match &self.kind {
            PrincipalKind::User { name } | PrincipalKind::Role { name } | PrincipalKind::FederatedUser { name } => {
                name.clone()
            }
            PrincipalKind::Session { role, .. } => role.clone(),
            PrincipalKind::Service { name } => name.clone(),
            PrincipalKind::Anonymous => "an anonymous caller".into(),
            PrincipalKind::Root => format!("account {}", self.account.as_deref().unwrap_or("?")),
            _ => self.text.clone(),
        }
    }

    /// True for cloud service principals.
    pub fn is_service(&self) -> bool {
        matches!(self.kind, PrincipalKind::Service { .. })
    }
}

/// Service-linked roles are recognised by name, because a session ARN does not carry the
/// role's path (`/aws-service-role/...`): both clouds reserve these prefixes for them.
fn is_service_linked_name(role: &str) -> bool {
    let name = role.rsplit('/').next().unwrap_or(role).to_ascii_lowercase();
    name.starts_with("aliyunservicerolefor") || name.starts_with("awsservicerolefor")
}

/// One context key's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ContextEntry {
    /// The key as given.
    pub key: String,
    /// The values, as text.
    pub values: Vec<String>,
    /// True when given as a list (a multi-valued key).
    pub multi: bool,
    /// True when the engine derived it from the principal rather than the caller supplying it.
    pub derived: bool,
}

/// The request context: keys are case-insensitive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    // foldhash: a context is hashed into and looked up for every case of a batch; SipHash
    // was a visible share of eval. Seeded per process.
    entries: HashMap<String, ContextEntry, foldhash::fast::RandomState>,
}

impl Context {
    /// An empty context with room for `keys` keys (and the few the engine derives).
    pub fn with_capacity(keys: usize) -> Self {
        Context { entries: HashMap::with_capacity_and_hasher(keys + 8, Default::default()) }
    }

    /// Adds or replaces a key.
    pub fn insert(&mut self, key: &str, values: Vec<String>, multi: bool) {
        self.entries
            .insert(key.to_ascii_lowercase(), ContextEntry { key: key.to_string(), values, multi, derived: false });
    }

    fn derive(&mut self, key: &str, value: String) {
        self.entries.entry(key.to_ascii_lowercase()).or_insert_with(|| ContextEntry {
            key: key.to_string(),
            values: vec![value],
            multi: false,
            derived: true,
        });
    }

    /// Removes a key (any case) and returns it.
    pub fn remove(&mut self, key: &str) -> Option<ContextEntry> {
        self.entries.remove(&key.to_ascii_lowercase())
    }

    /// Looks up a key given in lower case.
    pub fn get(&self, key_lower: &str) -> Option<&ContextEntry> {
        self.entries.get(key_lower)
    }

    /// The value of a single-valued key, for `${...}` substitution (keys are case-insensitive).
    pub fn variable(&self, key: &str) -> Option<String> {
        let entry = self.entries.get(&key.trim().to_ascii_lowercase())?;
        match entry.values.as_slice() {
            [one] if !entry.multi => Some(one.clone()),
            _ => None,
        }
    }

    /// All entries in no particular order (for questions about each that need no sorting).
    pub fn entries_unordered(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.values()
    }

    /// All entries, sorted by key.
    pub fn entries(&self) -> Vec<&ContextEntry> {
        let mut v: Vec<&ContextEntry> = self.entries.values().collect();
        v.sort_by(|a, b| a.key.cmp(&b.key));
        v
    }
}

/// A request, ready for evaluation.
#[derive(Debug, Clone)]
pub struct Request {
    /// The dialect its names are written in.
    pub dialect: Dialect,
    /// Who asks.
    pub principal: Principal,
    /// The action as given.
    pub action: String,
    /// The action lower-cased (actions are case-insensitive).
    pub action_lower: String,
    /// The resource name (`*` for actions without a resource).
    pub resource: String,
    /// The account owning the resource, when known.
    pub resource_account: Option<String>,
    /// True when the resource account was not given and not in the name, so the caller's was assumed.
    pub resource_account_assumed: bool,
    /// The context, including keys derived from the principal.
    pub context: Context,
    /// Context keys the caller supplied that the cloud does not send with this action: left
    /// out of [`Request::context`] (see [`Request::set_aside`]), named in explanations.
    pub set_aside_keys: Vec<String>,
}

impl Request {
    /// Builds a request; derives the resource account from the name when not given,
    /// and adds the principal's global keys (`aws:PrincipalArn`, `acs:PrincipalARN`, ...)
    /// unless the caller supplied them.
    pub fn new(
        dialect: Dialect,
        principal: &str,
        action: &str,
        resource: &str,
        resource_account: Option<&str>,
        mut context: Context,
    ) -> Request {
        let principal = Principal::parse(principal, dialect);
        let from_name = resource_account_of(resource, dialect);
        let mut assumed = false;
        let resource_account = match resource_account.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => Some(a.to_string()),
            None => from_name.or_else(|| {
                assumed = principal.account.is_some();
                principal.account.clone()
            }),
        };
        derive_principal_keys(&mut context, &principal, dialect);
        let action = action.trim().to_string();
        Request {
            dialect,
            action_lower: action.to_ascii_lowercase(),
            action,
            resource: resource.trim().to_string(),
            resource_account,
            resource_account_assumed: assumed,
            context,
            principal,
            set_aside_keys: Vec::new(),
        }
    }

    /// The request with the caller's own user ID (Alibaba Cloud: a RAM user's UID) set, or
    /// left unknown for `None` or a blank one.
    pub fn with_principal_uid(mut self, uid: Option<&str>) -> Request {
        self.principal.uid = uid.map(str::trim).filter(|u| !u.is_empty()).map(str::to_string);
        self
    }

    /// Leaves out every caller-supplied context key the cloud would not send with this request
    /// (`sends(key)` is `Some(false)`), unless `intended` lists it (any case); returns them,
    /// sorted. Most requests set nothing aside: each key is asked first, and only the keys
    /// that go are copied.
    pub fn set_aside_unsent(&mut self, intended: &[String], sends: impl Fn(&str) -> Option<bool>) -> Vec<String> {
        let mut unsent: Vec<String> = self
            .context
            .entries_unordered()
            .filter(|e| !e.derived && !intended.iter().any(|k| k.eq_ignore_ascii_case(&e.key)))
            .filter(|e| sends(&e.key) == Some(false))
            .map(|e| e.key.clone())
            .collect();
        unsent.sort();
        unsent.retain(|key| self.set_aside(key));
        self.set_aside_keys.sort();
        unsent
    }

    /// Leaves a caller-supplied context key out of the evaluation, because the cloud would not
    /// send it with this request; keys derived from the principal stay. True when it was there.
    pub fn set_aside(&mut self, key: &str) -> bool {
        if self.context.get(&key.to_ascii_lowercase()).is_none_or(|e| e.derived) {
            return false;
        }
        if let Some(entry) = self.context.remove(key) {
            self.set_aside_keys.push(entry.key);
        }
        true
    }

    /// Whether `key` (any case) was left out by [`Request::set_aside`].
    pub fn is_set_aside(&self, key: &str) -> bool {
        self.set_aside_keys.iter().any(|k| k.eq_ignore_ascii_case(key))
    }

    /// Whether the caller and the resource are in the same account.
    pub fn same_account(&self) -> bool {
        match (&self.principal.account, &self.resource_account) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

/// The account part of a resource name, when it has one.
pub fn resource_account_of(resource: &str, dialect: Dialect) -> Option<String> {
    let (parts, count) = dialect.split_name(resource);
    let account = match dialect {
        Dialect::Aws if count == 6 && parts[0] == "arn" => parts[4],
        Dialect::Aliyun if count == 5 && parts[0] == "acs" => parts[3],
        _ => return None,
    };
    (!account.is_empty() && account != "*").then(|| account.to_string())
}

fn derive_principal_keys(ctx: &mut Context, p: &Principal, dialect: Dialect) {
    match dialect {
        Dialect::Aws => {
            match &p.kind {
                PrincipalKind::Service { name } => {
                    ctx.derive("aws:PrincipalServiceName", name.clone());
                    ctx.derive("aws:PrincipalIsAWSService", "true".into());
                    return;
                }
                PrincipalKind::Anonymous => {
                    ctx.derive("aws:PrincipalAccount", "anonymous".into());
                    return;
                }
                _ => {}
            }
            ctx.derive("aws:PrincipalIsAWSService", "false".into());
            if let Some(account) = &p.account {
                ctx.derive("aws:PrincipalAccount", account.clone());
            }
            let arn = match &p.kind {
                PrincipalKind::Session { .. } | PrincipalKind::Role { .. } => p.role_arn.clone(),
                PrincipalKind::Root => p.account.as_ref().map(|a| format!("arn:aws:iam::{a}:root")),
                PrincipalKind::User { .. } | PrincipalKind::FederatedUser { .. } => Some(p.text.clone()),
                _ => None,
            };
            if let Some(arn) = arn {
                ctx.derive("aws:PrincipalArn", arn);
            }
            let kind = match &p.kind {
                PrincipalKind::Root => Some("Account"),
                PrincipalKind::User { name } => {
                    ctx.derive("aws:username", name.clone());
                    Some("User")
                }
                PrincipalKind::FederatedUser { .. } => Some("FederatedUser"),
                PrincipalKind::Session { .. } | PrincipalKind::Role { .. } => Some("AssumedRole"),
                _ => None,
            };
            if let Some(kind) = kind {
                ctx.derive("aws:PrincipalType", kind.into());
            }
        }
        Dialect::Aliyun => {
            let arn = match &p.kind {
                PrincipalKind::Session { .. } | PrincipalKind::Role { .. } => p.role_arn.clone(),
                PrincipalKind::Root => p.account.as_ref().map(|a| format!("acs:ram::{a}:root")),
                PrincipalKind::User { .. } => Some(p.text.clone()),
                _ => None,
            };
            if let Some(arn) = arn {
                ctx.derive("acs:PrincipalARN", arn);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_principals() {
        let p = Principal::parse("arn:aws:sts::111111111111:assumed-role/app/s1", Dialect::Aws);
        assert_eq!(p.kind, PrincipalKind::Session { role: "app".into(), session: "s1".into() });
        assert_eq!(p.role_arn.as_deref(), Some("arn:aws:iam::111111111111:role/app"));
        assert_eq!(p.account.as_deref(), Some("111111111111"));
        let u = Principal::parse("arn:aws:iam::111111111111:user/path/bob", Dialect::Aws);
        assert_eq!(u.kind, PrincipalKind::User { name: "bob".into() });
        assert_eq!(Principal::parse("arn:aws:iam::111111111111:root", Dialect::Aws).kind, PrincipalKind::Root);
        assert!(Principal::parse("backup.amazonaws.com", Dialect::Aws).is_service());
        let named_like_a_service =
            Principal::parse("arn:aws:sts::111111111111:assumed-role/r/backup.amazonaws.com", Dialect::Aws);
        assert!(!named_like_a_service.is_service());
        let slr = Principal::parse(
            "arn:aws:sts::111111111111:assumed-role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup/x",
            Dialect::Aws,
        );
        assert!(slr.service_linked);
    }

    #[test]
    fn aliyun_principals() {
        let p = Principal::parse(
            "acs:sts::1111:assumed-role/AliyunServiceRoleForHbrCrossAccountBackup/hbr",
            Dialect::Aliyun,
        );
        assert!(p.service_linked);
        assert_eq!(p.role_arn.as_deref(), Some("acs:ram::1111:role/AliyunServiceRoleForHbrCrossAccountBackup"));
        let r = Request::new(
            Dialect::Aliyun,
            "acs:ram::1111:user/alice",
            "ecs:DescribeInstances",
            "acs:ecs:cn-hangzhou:2222:instance/i-1",
            None,
            Context::default(),
        );
        assert_eq!(r.resource_account.as_deref(), Some("2222"));
        assert!(!r.same_account());
        assert_eq!(r.context.variable("ACS:PrincipalArn").as_deref(), Some("acs:ram::1111:user/alice"));
    }
}

/// A request context that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextError {
    /// The context is not an object.
    NotAnObject {
        /// The JSON type found instead.
        found: &'static str,
        /// Where.
        span: Span,
    },
    /// A key's value is not a scalar (or, in a list, an item is not).
    BadValue {
        /// The context key.
        key: String,
        /// The JSON type found instead.
        found: &'static str,
        /// Whether the value is an item of a list.
        in_list: bool,
        /// Where.
        span: Span,
    },
}

impl ContextError {
    /// Where the problem is.
    pub fn span(&self) -> Span {
        match self {
            ContextError::NotAnObject { span, .. } | ContextError::BadValue { span, .. } => *span,
        }
    }
}

impl std::fmt::Display for ContextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContextError::NotAnObject { found, .. } => write!(f, "context must be an object of keys, found {found}"),
            ContextError::BadValue { key, found, in_list: true, .. } => {
                write!(f, "context value of {key} must be a string, number or boolean, found {found}")
            }
            ContextError::BadValue { key, found, in_list: false, .. } => {
                write!(f, "context value of {key} must be a string, number, boolean or a list, found {found}")
            }
        }
    }
}

impl std::error::Error for ContextError {}

impl crate::diagnostic::Diagnostic for ContextError {
    fn code(&self) -> &'static str {
        "bad-context"
    }

    fn severity(&self) -> crate::diagnostic::Severity {
        crate::diagnostic::Severity::Error
    }

    fn span(&self) -> Span {
        ContextError::span(self)
    }
}

/// Reads a request context object: each key maps to a string, number, boolean or a list of them.
pub fn read_context(v: Option<&Json>) -> Result<Context, ContextError> {
    let Some(v) = v.filter(|v| v.kind != JsonKind::Null) else {
        return Ok(Context::with_capacity(0));
    };
    let Some(members) = v.as_object() else {
        return Err(ContextError::NotAnObject { found: v.type_name(), span: v.span });
    };
    let mut ctx = Context::with_capacity(members.len());
    for m in members {
        let bad = |item: &Json, in_list| ContextError::BadValue {
            key: m.key.to_string(),
            found: item.type_name(),
            in_list,
            span: item.span,
        };
        let (values, multi) = match &m.value.kind {
            JsonKind::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(item.scalar_text().ok_or_else(|| bad(item, true))?);
                }
                (values, true)
            }
            JsonKind::Null => continue,
            _ => (vec![m.value.scalar_text().ok_or_else(|| bad(&m.value, false))?], false),
        };
        ctx.insert(&m.key, values, multi);
    }
    Ok(ctx)
}
