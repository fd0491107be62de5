//! Condition operators: their names, families and which dialect has them.

use crate::dialect::Dialect;
use serde::Serialize;
use std::fmt;

/// The family of values an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Strings.
    String,
    /// Decimal numbers.
    Numeric,
    /// Instants (ISO 8601 or epoch seconds).
    Date,
    /// `true` / `false`.
    Bool,
    /// Base64 text compared byte for byte.
    Binary,
    /// IP addresses against CIDR blocks.
    Ip,
    /// ARNs compared part by part.
    Arn,
    /// Whether the key is present.
    Null,
}

/// An operator without its `ForAllValues:`/`ForAnyValue:` prefix and `IfExists` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[allow(missing_docs)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

use BaseOperator as B;

/// Every base operator, in documentation order.
pub const ALL_BASE: &[BaseOperator] = &[
    B::StringEquals,
    B::StringNotEquals,
    B::StringEqualsIgnoreCase,
    B::StringNotEqualsIgnoreCase,
    B::StringLike,
    B::StringNotLike,
    B::NumericEquals,
    B::NumericNotEquals,
    B::NumericLessThan,
    B::NumericLessThanEquals,
    B::NumericGreaterThan,
    B::NumericGreaterThanEquals,
    B::DateEquals,
    B::DateNotEquals,
    B::DateLessThan,
    B::DateLessThanEquals,
    B::DateGreaterThan,
    B::DateGreaterThanEquals,
    B::Bool,
    B::BinaryEquals,
    B::IpAddress,
    B::NotIpAddress,
    B::ArnEquals,
    B::ArnLike,
    B::ArnNotEquals,
    B::ArnNotLike,
    B::Null,
];

impl BaseOperator {
    /// The documented name.
    pub fn name(self) -> &'static str {
        match self {
            B::StringEquals => "StringEquals",
            B::StringNotEquals => "StringNotEquals",
            B::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            B::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            B::StringLike => "StringLike",
            B::StringNotLike => "StringNotLike",
            B::NumericEquals => "NumericEquals",
            B::NumericNotEquals => "NumericNotEquals",
            B::NumericLessThan => "NumericLessThan",
            B::NumericLessThanEquals => "NumericLessThanEquals",
            B::NumericGreaterThan => "NumericGreaterThan",
            B::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            B::DateEquals => "DateEquals",
            B::DateNotEquals => "DateNotEquals",
            B::DateLessThan => "DateLessThan",
            B::DateLessThanEquals => "DateLessThanEquals",
            B::DateGreaterThan => "DateGreaterThan",
            B::DateGreaterThanEquals => "DateGreaterThanEquals",
            B::Bool => "Bool",
            B::BinaryEquals => "BinaryEquals",
            B::IpAddress => "IpAddress",
            B::NotIpAddress => "NotIpAddress",
            B::ArnEquals => "ArnEquals",
            B::ArnLike => "ArnLike",
            B::ArnNotEquals => "ArnNotEquals",
            B::ArnNotLike => "ArnNotLike",
            B::Null => "Null",
        }
    }

    /// The family of values it compares.
    pub fn family(self) -> Family {
        match self {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => Family::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => Family::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => Family::Date,
            B::Bool => Family::Bool,
            B::BinaryEquals => Family::Binary,
            B::IpAddress | B::NotIpAddress => Family::Ip,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => Family::Arn,
            B::Null => Family::Null,
        }
    }

    /// Negated operators match when the value equals none of the policy's values (NOR),
    /// and match when the key is missing.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            B::StringNotEquals
                | B::StringNotEqualsIgnoreCase
                | B::StringNotLike
                | B::NumericNotEquals
                | B::DateNotEquals
                | B::NotIpAddress
                | B::ArnNotEquals
                | B::ArnNotLike
        )
    }

    /// The positive operator a negated one inverts (itself when not negated).
    pub fn positive(self) -> BaseOperator {
        match self {
            B::StringNotEquals => B::StringEquals,
            B::StringNotEqualsIgnoreCase => B::StringEqualsIgnoreCase,
            B::StringNotLike => B::StringLike,
            B::NumericNotEquals => B::NumericEquals,
            B::DateNotEquals => B::DateEquals,
            B::NotIpAddress => B::IpAddress,
            B::ArnNotEquals => B::ArnEquals,
            B::ArnNotLike => B::ArnLike,
            other => other,
        }
    }

    /// Whether `${...}` in values is a policy variable.
    pub fn takes_variables(self) -> bool {
        matches!(self.family(), Family::String | Family::Arn | Family::Bool)
    }

    /// Whether the dialect documents this operator. Alibaba Cloud RAM documents
    /// the String, Numeric, Date, Boolean and IP families; the others are AWS only.
    pub fn in_dialect(self, dialect: Dialect) -> bool {
        match dialect {
            Dialect::Aws => true,
            Dialect::Aliyun => {
                matches!(self.family(), Family::String | Family::Numeric | Family::Date | Family::Bool | Family::Ip)
            }
        }
    }
}

/// `ForAllValues:` / `ForAnyValue:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub enum SetQualifier {
    /// Every request value must match (true when there are none).
    ForAllValues,
    /// At least one request value must match (false when there are none).
    ForAnyValue,
}

/// A full operator as written in a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Operator {
    /// The set qualifier, if any.
    pub qualifier: Option<SetQualifier>,
    /// The base operator.
    pub base: BaseOperator,
    /// The `IfExists` suffix: a missing key makes the condition true.
    pub if_exists: bool,
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.qualifier {
            Some(SetQualifier::ForAllValues) => f.write_str("ForAllValues:")?,
            Some(SetQualifier::ForAnyValue) => f.write_str("ForAnyValue:")?,
            None => {}
        }
        f.write_str(self.base.name())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

/// Why an operator name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOperator {
    /// The closest valid spelling.
    pub suggestion: Option<String>,
}

impl Operator {
    /// Reads an operator name. Names are matched ignoring case (the clouds do not
    /// document whether case matters; we accept what people write and print the
    /// documented spelling).
    pub fn parse(text: &str, dialect: Dialect) -> Result<Operator, UnknownOperator> {
        // Compared ignoring ASCII case in place: this runs for every operator of every statement.
        let trimmed = text.trim();
        let (qualifier, rest) = if let Some(r) = strip_prefix_ignoring_case(trimmed, "ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = strip_prefix_ignoring_case(trimmed, "ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, trimmed)
        };
        let (if_exists, base_name) = match strip_suffix_ignoring_case(rest, "IfExists") {
            Some(b) => (true, b),
            None => (false, rest),
        };
        // Most names are written as documented: try that before ignoring case.
        let base = ALL_BASE
            .iter()
            .copied()
            .find(|b| b.name() == base_name)
            .or_else(|| ALL_BASE.iter().copied().find(|b| b.name().eq_ignore_ascii_case(base_name)));
        let valid = match base {
            // IfExists cannot be added to Null.
            Some(B::Null) if if_exists => None,
            // RAM documents neither set qualifiers nor IfExists.
            Some(b) if b.in_dialect(dialect) && ((qualifier.is_none() && !if_exists) || dialect == Dialect::Aws) => {
                Some(b)
            }
            _ => None,
        };
        match valid {
            Some(base) => Ok(Operator { qualifier, base, if_exists }),
            None => {
                let names = all_names(dialect);
                let suggestion = crate::issue::did_you_mean(text, names.iter().map(String::as_str)).map(str::to_string);
                Err(UnknownOperator { suggestion })
            }
        }
    }
}

/// `text` without `prefix` (ASCII), compared ignoring ASCII case.
fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.as_bytes().get(..prefix.len())?;
    // The head equals ASCII text, so it ends on a character boundary.
    head.eq_ignore_ascii_case(prefix.as_bytes()).then(|| &text[prefix.len()..])
}

/// `text` without `suffix` (ASCII), compared ignoring ASCII case.
fn strip_suffix_ignoring_case<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let at = text.len().checked_sub(suffix.len())?;
    text.as_bytes()[at..].eq_ignore_ascii_case(suffix.as_bytes()).then(|| &text[..at])
}

/// Every operator spelling a dialect accepts (for suggestions).
pub fn all_names(dialect: Dialect) -> Vec<String> {
    let mut out = Vec::new();
    for b in ALL_BASE.iter().filter(|b| b.in_dialect(dialect)) {
        out.push(b.name().to_string());
        if dialect == Dialect::Aws {
            if *b != B::Null {
                out.push(format!("{}IfExists", b.name()));
            }
            out.push(format!("ForAllValues:{}", b.name()));
            out.push(format!("ForAnyValue:{}", b.name()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualifiers_and_suffixes() {
        let op = Operator::parse("ForAnyValue:StringNotLikeIfExists", Dialect::Aws).unwrap();
        assert_eq!(op.qualifier, Some(SetQualifier::ForAnyValue));
        assert_eq!(op.base, B::StringNotLike);
        assert!(op.if_exists);
        assert_eq!(op.to_string(), "ForAnyValue:StringNotLikeIfExists");
        assert!(Operator::parse("NullIfExists", Dialect::Aws).is_err());
        let err = Operator::parse("StringEqual", Dialect::Aws).unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("StringEquals"));
        assert!(Operator::parse("ArnLike", Dialect::Aliyun).is_err());
        assert!(Operator::parse("IpAddress", Dialect::Aliyun).is_ok());
        assert!(Operator::parse("StringEqualsIfExists", Dialect::Aliyun).is_err());
    }
}
