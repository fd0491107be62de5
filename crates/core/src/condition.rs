//! Condition evaluation: one (operator, key, values) test against the request context.
//!
//! Rules (AWS IAM user guide, "Condition operators" and "multivalued context keys";
//! RAM follows the same rules where its documentation is silent, see docs/evaluation.md):
//! values of one key are ORed (NOR for negated operators); a missing key makes
//! positive operators false and negated operators true, `...IfExists` true, and
//! `ForAllValues` true / `ForAnyValue` false; an unqualified operator on a
//! multi-valued request key does not match.

use crate::ast::Condition;
use crate::operator::{BaseOperator as B, Family, Operator, SetQualifier};
use crate::pattern::Pattern;
use crate::request::Context;
use crate::value::{CompiledValue, IpNet, parse_bool, parse_date};
use std::net::IpAddr;

/// Why a condition came out the way it did (indexes into the request's and the policy's values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionReason {
    /// The key is not in the request.
    Missing(MissingRule),
    /// `Null` tested presence.
    Null {
        /// Whether the key is present.
        present: bool,
    },
    /// The request has several values but the operator has no set qualifier.
    NeedsQualifier,
    /// A positive operator found policy value `policy` equal to request value `request`.
    Matched {
        /// Index of the request value.
        request: usize,
        /// Index of the policy value.
        policy: usize,
    },
    /// A positive operator found no policy value for the request value(s).
    NoneMatched,
    /// A negated operator: the request value matched no policy value (so the condition holds).
    NoneEqual,
    /// A negated operator: request value `request` matched policy value `policy`.
    Equal {
        /// Index of the request value.
        request: usize,
        /// Index of the policy value.
        policy: usize,
    },
    /// `ForAllValues`: request value `request` failed.
    NotAll {
        /// Index of the failing request value.
        request: usize,
    },
    /// `ForAllValues`: every request value passed.
    All,
    /// `ForAnyValue`: request value `request` passed.
    Any {
        /// Index of the passing request value.
        request: usize,
    },
    /// `ForAnyValue`: no request value passed.
    NotAny,
    /// `ForAllValues` with an empty value list in the request.
    EmptySet,
}

/// Which missing-key rule applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingRule {
    /// `...IfExists`: true.
    IfExists,
    /// `ForAllValues:`: true.
    ForAllValues,
    /// `ForAnyValue:`: false.
    ForAnyValue,
    /// Negated operator: true.
    Negated,
    /// Positive operator: false.
    Positive,
}

/// Evaluates one condition; returns whether it holds and why.
pub fn evaluate(cond: &Condition, ctx: &Context) -> (bool, ConditionReason) {
    let op = cond.operator;
    let entry = ctx.get(&cond.key_lower);
    if op.base == B::Null {
        let present = entry.is_some_and(|e| !e.values.is_empty());
        let holds = cond.values.iter().any(|v| matches!(v.compiled, CompiledValue::Null(absent) if absent != present));
        return (holds, ConditionReason::Null { present });
    }
    let Some(entry) = entry.filter(|e| !(e.values.is_empty() && op.qualifier.is_none())) else {
        return missing(op);
    };
    let negated = op.base.is_negated();
    match op.qualifier {
        None => {
            if entry.multi && entry.values.len() != 1 {
                return (false, ConditionReason::NeedsQualifier);
            }
            match first_match(op, &entry.values[0], cond, ctx) {
                Some(p) if negated => (false, ConditionReason::Equal { request: 0, policy: p }),
                Some(p) => (true, ConditionReason::Matched { request: 0, policy: p }),
                None if negated => (true, ConditionReason::NoneEqual),
                None => (false, ConditionReason::NoneMatched),
            }
        }
        Some(SetQualifier::ForAllValues) => {
            if entry.values.is_empty() {
                return (true, ConditionReason::EmptySet);
            }
            for (i, value) in entry.values.iter().enumerate() {
                if first_match(op, value, cond, ctx).is_some() == negated {
                    return (false, ConditionReason::NotAll { request: i });
                }
            }
            (true, ConditionReason::All)
        }
        Some(SetQualifier::ForAnyValue) => {
            for (i, value) in entry.values.iter().enumerate() {
                if first_match(op, value, cond, ctx).is_some() != negated {
                    return (true, ConditionReason::Any { request: i });
                }
            }
            (false, ConditionReason::NotAny)
        }
    }
}

fn missing(op: Operator) -> (bool, ConditionReason) {
    let rule = if op.if_exists {
        MissingRule::IfExists
    } else {
        match op.qualifier {
            Some(SetQualifier::ForAllValues) => MissingRule::ForAllValues,
            Some(SetQualifier::ForAnyValue) => MissingRule::ForAnyValue,
            None if op.base.is_negated() => MissingRule::Negated,
            None => MissingRule::Positive,
        }
    };
    let holds = matches!(rule, MissingRule::IfExists | MissingRule::ForAllValues | MissingRule::Negated);
    (holds, ConditionReason::Missing(rule))
}

/// The first policy value that the positive form of the operator matches against `value`.
fn first_match(op: Operator, value: &str, cond: &Condition, ctx: &Context) -> Option<usize> {
    let positive = op.base.positive();
    // Parse the request value once for the typed families.
    match positive.family() {
        Family::Numeric => {
            let r: f64 = value.trim().parse().ok().filter(|n: &f64| n.is_finite())?;
            cond.values.iter().position(|v| match v.compiled {
                CompiledValue::Number(p) => compare(positive, r.partial_cmp(&p)),
                _ => false,
            })
        }
        Family::Date => {
            let r = parse_date(value)?;
            cond.values.iter().position(|v| match v.compiled {
                CompiledValue::Date(p) => compare(positive, Some(r.cmp(&p))),
                _ => false,
            })
        }
        Family::Ip => {
            let r: IpAddr = value.trim().parse().ok().or_else(|| IpNet::parse(value).map(|n| n.addr))?;
            cond.values.iter().position(|v| matches!(&v.compiled, CompiledValue::Ip(net) if net.contains(r)))
        }
        Family::Bool => {
            let r = parse_bool(value)?;
            cond.values.iter().position(|v| match &v.compiled {
                CompiledValue::Bool(p) => *p == r,
                CompiledValue::BoolTemplate(t) => t
                    .resolve(|k| ctx.variable(k))
                    .and_then(|t| t.literal())
                    .and_then(|t| parse_bool(&t))
                    .is_some_and(|p| p == r),
                _ => false,
            })
        }
        Family::Binary => {
            cond.values.iter().position(|v| matches!(&v.compiled, CompiledValue::Binary(p) if p == value))
        }
        Family::String => {
            let ignore_case = positive == B::StringEqualsIgnoreCase;
            let lowered;
            let value = if ignore_case {
                lowered = value.to_lowercase();
                lowered.as_str()
            } else {
                value
            };
            cond.values.iter().position(|v| match &v.compiled {
                CompiledValue::Text(p) if !p.has_variables() => p.matches(value),
                CompiledValue::Text(p) => {
                    let lookup = |k: &str| ctx.variable(k).map(|s| if ignore_case { s.to_lowercase() } else { s });
                    p.resolve(lookup).is_some_and(|p| p.matches(value))
                }
                _ => false,
            })
        }
        Family::Arn => cond.values.iter().position(|v| match &v.compiled {
            CompiledValue::Arn(parts) => arn_matches(parts, value, ctx),
            _ => false,
        }),
        Family::Null => None,
    }
}

/// Matches an ARN value against a pattern split into parts: each part on its own,
/// so a `*` in the region does not swallow the account.
pub fn arn_matches(parts: &[Pattern], value: &str, ctx: &Context) -> bool {
    let n = parts.len();
    let mut value_parts = value.splitn(n, ':');
    for part in parts {
        let Some(v) = value_parts.next() else {
            return false;
        };
        let resolved = match part.resolve(|k| ctx.variable(k)) {
            Some(p) => p,
            None => return false,
        };
        // The last part takes the rest of the value, colons included.
        if !resolved.matches(v) {
            return false;
        }
    }
    value_parts.next().is_none()
}

fn compare(op: B, ord: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    let Some(ord) = ord else { return false };
    match op {
        B::NumericEquals | B::DateEquals => ord == Equal,
        B::NumericLessThan | B::DateLessThan => ord == Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => ord != Greater,
        B::NumericGreaterThan | B::DateGreaterThan => ord == Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => ord != Less,
        _ => false,
    }
}
