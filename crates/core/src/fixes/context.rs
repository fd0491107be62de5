//! Context values that satisfy a condition, for "send this key with the request" hints. The
//! value is read from the condition's own first usable value (a `StringLike` pattern without its
//! wildcards, a number just past a `NumericLessThan` bound, the address of a CIDR block); the
//! search then proves it by deciding again.

use crate::ast::Condition;
use crate::operator::{BaseOperator as B, Family};
use crate::request::Request;
use crate::value::CompiledValue;

/// Keys a caller cannot choose: the cloud derives them from who calls.
const DERIVED_PREFIXES: &[&str] =
    &["aws:principal", "acs:principal", "aws:username", "aws:userid", "aws:sourceidentity"];

/// The values (and whether they are a list) that make `cond` hold, when the caller could send
/// them: `None` for keys derived from the caller, keys the cloud does not send with the action,
/// negated operators (they hold unless a value is given) and values with policy variables.
pub(super) fn satisfying(cond: &Condition, request: &Request) -> Option<(Vec<String>, bool)> {
    let key = cond.key_lower.as_str();
    if DERIVED_PREFIXES.iter().any(|p| key.starts_with(p))
        || request.context.get(key).is_some_and(|e| e.derived)
        || request.is_set_aside(key)
        || cond.key.contains("${")
    {
        return None;
    }
    let op = cond.operator;
    if op.base.is_negated() {
        return None;
    }
    let value = if op.base == B::Null {
        // `"Null": {"key": "false"}` asks for the key to be present; any value will do.
        cond.values.iter().any(|v| matches!(v.compiled, CompiledValue::Null(false))).then(|| "example".to_string())?
    } else {
        cond.values.iter().filter(|v| !v.text.contains("${")).find_map(|v| value_for(op.base, &v.text, &v.compiled))?
    };
    Some((vec![value], op.qualifier.is_some()))
}

/// A request value that `base` with the policy value `text` accepts.
fn value_for(base: B, text: &str, compiled: &CompiledValue) -> Option<String> {
    let text = text.trim();
    match base.family() {
        Family::String | Family::Arn => Some(match base {
            B::StringLike | B::ArnLike | B::ArnEquals => text.replace('*', "").replace('?', "x"),
            _ => text.to_string(),
        }),
        Family::Numeric => {
            let CompiledValue::Number(n) = compiled else { return None };
            let n = match base {
                B::NumericLessThan => n - 1.0,
                B::NumericGreaterThan => n + 1.0,
                _ => *n,
            };
            Some(if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() })
        }
        Family::Date => {
            let CompiledValue::Date(ms) = compiled else { return None };
            // Epoch seconds, which both clouds' date operators read.
            let seconds = ms.div_euclid(1000);
            Some(
                match base {
                    B::DateLessThan => seconds - 1,
                    B::DateGreaterThan => seconds + 1,
                    // A date with milliseconds: the next whole second is still after it.
                    B::DateGreaterThanEquals if ms.rem_euclid(1000) != 0 => seconds + 1,
                    _ => seconds,
                }
                .to_string(),
            )
        }
        Family::Ip => Some(text.split('/').next().unwrap_or(text).to_string()),
        Family::Bool | Family::Binary => Some(text.to_string()),
        Family::Null => None,
    }
}
