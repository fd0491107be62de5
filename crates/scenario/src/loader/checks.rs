//! Reading the named checks: who starts, the chain (roles or Cloud Backup's own), the
//! final request and the expected decision.

use super::{Loader, items};
use crate::issue::ShapeProblem;
use crate::model::{ChainSpec, Check, HopSpec};
use playground_core::authorize::Decision;
use playground_core::json::{Json, JsonKind};
use playground_core::request::{Context, read_context};

impl Loader {
    /// The named checks; a check with a problem is reported and left out.
    pub(super) fn checks(&mut self, v: &Json) -> Vec<Check> {
        let mut out = Vec::new();
        for c in self.list(v, "checks", "the scenario") {
            if !self.fields(c, &["name", "from", "chain", "backup_account", "request", "expected"], "a check") {
                continue;
            }
            let Some(name) = self.string(c, "name", "a check", true) else { continue };
            let from = self.string(c, "from", "a check", false);
            let chain = match (c.get("chain"), self.string(c, "backup_account", "a check", false)) {
                (Some(_), Some(_)) => {
                    self.shape(ShapeProblem::ChainAndBackup { check: name.clone() }, c.span);
                    continue;
                }
                (None, Some(account)) => ChainSpec::Backup { account },
                (chain, None) => ChainSpec::Roles(self.hops(chain, &name)),
            };
            let from = match (&chain, from) {
                (_, Some(f)) => f,
                (ChainSpec::Backup { .. }, None) => String::new(),
                (ChainSpec::Roles(_), None) => {
                    self.shape(ShapeProblem::NoFrom { check: name.clone() }, c.span);
                    continue;
                }
            };
            let request = c.get("request");
            let (action, resource, context, intended_context_keys) = match request {
                Some(r) => {
                    if !self.fields(r, &["action", "resource", "context", "intended_context_keys"], "a check request") {
                        continue;
                    }
                    let context = match read_context(r.get("context")) {
                        Ok(ctx) => ctx,
                        Err(e) => {
                            let span = e.span();
                            self.shape(ShapeProblem::Context(e), span);
                            continue;
                        }
                    };
                    (
                        self.string(r, "action", "a check request", true),
                        self.string(r, "resource", "a check request", false).unwrap_or_else(|| "*".into()),
                        context,
                        self.strings(r, "intended_context_keys", "a check request")
                            .into_iter()
                            .map(|(k, _)| k)
                            .collect(),
                    )
                }
                None => (None, "*".into(), Context::default(), Vec::new()),
            };
            let expected = match self.string(c, "expected", "a check", true) {
                Some(e) => match Decision::from_name(&e) {
                    Some(d) => d,
                    None => {
                        self.shape(ShapeProblem::UnknownDecision { check: name.clone(), name: e.to_string() }, c.span);
                        continue;
                    }
                },
                None => continue,
            };
            out.push(Check {
                name,
                from,
                chain,
                action,
                resource,
                context,
                intended_context_keys,
                expected,
                span: c.span,
            });
        }
        out
    }

    /// The hops of a check's chain: role references, or objects with session options.
    fn hops(&mut self, chain: Option<&Json>, check: &str) -> Vec<HopSpec> {
        let mut out = Vec::new();
        for h in items(chain) {
            match &h.kind {
                JsonKind::String(role) => out.push(HopSpec {
                    role: role.to_string(),
                    session_name: None,
                    session_policy: None,
                    duration: None,
                    context: Context::default(),
                }),
                JsonKind::Object(_) => {
                    if !self.fields(h, &["role", "session_name", "session_policy", "duration", "context"], "a hop") {
                        continue;
                    }
                    let Some(role) = self.string(h, "role", "a hop", true) else { continue };
                    let session_policy = match h.get("session_policy").filter(|p| p.kind != JsonKind::Null) {
                        Some(doc) => self.policy(&format!("session policy of {check}"), doc),
                        None => None,
                    };
                    let duration = h.get("duration").and_then(|d| {
                        let parsed = d.scalar_text().and_then(|t| t.parse::<u32>().ok());
                        if parsed.is_none() {
                            self.shape(ShapeProblem::BadDuration, d.span);
                        }
                        parsed
                    });
                    let context = read_context(h.get("context")).unwrap_or_default();
                    out.push(HopSpec {
                        role,
                        session_name: self.string(h, "session_name", "a hop", false),
                        session_policy,
                        duration,
                        context,
                    });
                }
                _ => self.shape(ShapeProblem::BadHop { check: check.to_string(), found: h.type_name() }, h.span),
            }
        }
        out
    }
}
