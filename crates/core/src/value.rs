//! Condition values compiled for their operator once, when the policy is read: numbers,
//! dates, IP blocks, booleans, ARN parts and string patterns. The tree holds them (in
//! `ast::ConditionValue`); the evaluator reads request values with the same readers
//! ([`parse_date`], [`IpNet`], [`parse_bool`]). Nothing here knows either.

use crate::dialect::Dialect;
use crate::operator::{BaseOperator as B, Family};
use crate::pattern::{Pattern, PatternSyntax};
use std::net::IpAddr;

/// A condition value read for its operator once, at parse time.
#[derive(Debug, Clone)]
pub enum CompiledValue {
    /// String operators: a literal (Equals) or wildcard (Like) pattern; lower-cased for IgnoreCase.
    Text(Pattern),
    /// Numeric operators.
    Number(f64),
    /// Date operators: milliseconds since the Unix epoch.
    Date(i64),
    /// `Bool`.
    Bool(bool),
    /// `Bool` with a policy variable, resolved at evaluation.
    BoolTemplate(Pattern),
    /// `BinaryEquals`: the base64 text.
    Binary(String),
    /// IP operators.
    Ip(IpNet),
    /// ARN operators: the pattern split into its six parts.
    Arn(Vec<Pattern>),
    /// `Null`: `true` means "the key is absent".
    Null(bool),
    /// A value the operator cannot read; it never matches. The text says what was expected.
    Invalid(&'static str),
}

/// Reads `text` for `op`.
pub fn compile_value(op: B, text: &str, variables: bool, dialect: Dialect) -> CompiledValue {
    let variables = variables && op.takes_variables();
    match op.family() {
        Family::String => {
            let wildcards = matches!(op, B::StringLike | B::StringNotLike);
            let text = if matches!(op, B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase) {
                std::borrow::Cow::Owned(text.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(text)
            };
            CompiledValue::Text(Pattern::new(&text, PatternSyntax { wildcards, variables }))
        }
        Family::Numeric => match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => CompiledValue::Number(n),
            _ => CompiledValue::Invalid("a number such as 10 or 2.5"),
        },
        Family::Date => match parse_date(text) {
            Some(ms) => CompiledValue::Date(ms),
            None => CompiledValue::Invalid("an ISO 8601 date such as 2026-01-31T12:00:00Z, or epoch seconds"),
        },
        Family::Bool => {
            if variables && text.contains("${") {
                CompiledValue::BoolTemplate(Pattern::new(
                    &text.to_ascii_lowercase(),
                    PatternSyntax { wildcards: false, variables },
                ))
            } else {
                match parse_bool(text) {
                    Some(b) => CompiledValue::Bool(b),
                    None => CompiledValue::Invalid("\"true\" or \"false\""),
                }
            }
        }
        Family::Binary => CompiledValue::Binary(text.to_string()),
        Family::Ip => match IpNet::parse(text) {
            Some(net) => CompiledValue::Ip(net),
            None => CompiledValue::Invalid("an IP address or CIDR block such as 10.0.0.0/8 or 2001:db8::/32"),
        },
        Family::Arn => {
            let syntax = PatternSyntax { wildcards: true, variables };
            CompiledValue::Arn(text.splitn(dialect.arn_parts(), ':').map(|p| Pattern::new(p, syntax)).collect())
        }
        Family::Null => match parse_bool(text) {
            Some(b) => CompiledValue::Null(b),
            None => CompiledValue::Invalid("\"true\" (key absent) or \"false\" (key present)"),
        },
    }
}

/// Reads `true` / `false` in any case (condition values and request values alike).
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An IP network (CIDR block); a bare address is a /32 or /128.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    /// The network address as written.
    pub addr: IpAddr,
    /// The prefix length.
    pub prefix: u8,
}

impl IpNet {
    /// Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address.
    pub fn parse(text: &str) -> Option<IpNet> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    /// Whether `ip` is inside the block (never across IPv4/IPv6).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = if self.prefix == 0 { 0 } else { u32::MAX << (32 - self.prefix) };
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = if self.prefix == 0 { 0 } else { u128::MAX << (128 - self.prefix) };
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// Parses an ISO 8601 date-time (`2026-01-31`, `2026-01-31T12:00:00Z`,
/// `2026-01-31T12:00:00.250+08:00`) or epoch seconds, to epoch milliseconds.
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_ascii() {
        return None;
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'-') && !t[1..].contains('-') {
        return t.parse::<i64>().ok().and_then(|s| s.checked_mul(1000));
    }
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = t.get(r)?;
        if s.bytes().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { None }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) * 86_400_000;
    let rest = &t[10..];
    if rest.is_empty() {
        return Some(ms);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let rb = rest.as_bytes();
    if rb.len() < 5 || rb[2] != b':' {
        return None;
    }
    let part = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = rest.get(r)?;
        if s.bytes().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { None }
    };
    let (hour, minute) = (part(0..2)?, part(3..5)?);
    let mut i = 5;
    let mut second = 0;
    let mut millis = 0;
    if rb.get(5) == Some(&b':') {
        second = part(6..8)?;
        i = 8;
        if rb.get(8) == Some(&b'.') {
            let digits = rest[9..].bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let frac = &rest[9..9 + digits.min(3)];
            millis = frac.parse::<i64>().ok()? * 10_i64.pow(3 - frac.len() as u32);
            i = 9 + digits;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    ms += ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    let zone = &rest[i..];
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let z = &zone[1..];
            let (h, m) = match z.len() {
                5 if z.as_bytes()[2] == b':' => (z[0..2].parse::<i64>().ok()?, z[3..5].parse::<i64>().ok()?),
                4 => (z[0..2].parse::<i64>().ok()?, z[2..4].parse::<i64>().ok()?),
                2 => (z.parse::<i64>().ok()?, 0),
                _ => return None,
            };
            sign * (h * 60 + m) * 60_000
        }
    };
    Some(ms - offset)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_date("86400"), Some(86_400_000));
        assert_eq!(parse_date("2020-01-01T08:00:00+08:00"), parse_date("2020-01-01T00:00:00Z"));
        assert_eq!(parse_date("2020-01-01T00:00:00.5Z"), Some(parse_date("2020-01-01T00:00:00Z").unwrap() + 500));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2020-01-01T00:00+aéb"), None);
        assert_eq!(parse_date("2020-01-01T00:00:00.é"), None);
        assert_eq!(parse_date("2019-12-31T23:59:59Z").unwrap() / 1000, 1_577_836_799);
    }

    #[test]
    fn ip_blocks() {
        let net = IpNet::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(!net.contains("::1".parse().unwrap()));
        assert!(IpNet::parse("10.0.0.0/33").is_none());
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains("8.8.8.8".parse().unwrap()));
        assert!(IpNet::parse("2001:db8::/32").unwrap().contains("2001:db8::7".parse().unwrap()));
    }
}
