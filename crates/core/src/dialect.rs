//! Which cloud a document is written for, and how we tell.

use crate::json::{Json, JsonKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The policy language of one cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// AWS IAM (`2012-10-17`, `arn:aws:...`).
    Aws,
    /// Alibaba Cloud RAM (`"Version": "1"`, `acs:...`).
    Aliyun,
}

impl Dialect {
    /// Parses `aws` / `aliyun` (and the common aliases `iam`, `ram`, `alibaba`).
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name.trim().to_ascii_lowercase().as_str() {
            "aws" | "iam" | "aws-iam" => Some(Dialect::Aws),
            "aliyun" | "ram" | "alibaba" | "alibabacloud" | "alibaba-cloud" | "acs" => Some(Dialect::Aliyun),
            _ => None,
        }
    }

    /// The short name used in files (`aws`, `aliyun`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Aws => "aws",
            Dialect::Aliyun => "aliyun",
        }
    }

    /// The cloud's name for people.
    pub fn cloud(self) -> &'static str {
        match self {
            Dialect::Aws => "AWS IAM",
            Dialect::Aliyun => "Alibaba Cloud RAM",
        }
    }

    /// The prefix of the cloud's global condition keys (`aws`, `acs`).
    pub fn key_prefix(self) -> &'static str {
        match self {
            Dialect::Aws => "aws",
            Dialect::Aliyun => "acs",
        }
    }

    /// Number of `:`-separated parts of a resource name (`arn:partition:service:region:account:resource`
    /// has six; `acs:service:region:account:resource` has five).
    pub fn arn_parts(self) -> usize {
        match self {
            Dialect::Aws => 6,
            Dialect::Aliyun => 5,
        }
    }

    /// The `:`-separated parts of a resource or principal name, as many as the dialect's ARNs
    /// have, the last holding the rest (what `splitn(self.arn_parts(), ':')` yields), and how many
    /// there are.
    pub fn split_name(self, name: &str) -> ([&str; 6], usize) {
        split_parts(name, self.arn_parts())
    }
}

/// `name.splitn(n, ':')` for `n` of at most 6, on the stack: the parts and how many there are.
/// Names are short, so a word-at-a-time search beats the searcher `splitn` starts for every part.
pub fn split_parts(name: &str, n: usize) -> ([&str; 6], usize) {
    let mut parts = [""; 6];
    let n = n.min(parts.len());
    if n == 0 {
        return (parts, 0);
    }
    let (mut count, mut start) = (0, 0);
    while count + 1 < n {
        let Some(at) = crate::json::plain::find_any(name.as_bytes(), start, [b':'; 3]) else { break };
        parts[count] = &name[start..at];
        count += 1;
        start = at + 1;
    }
    parts[count] = &name[start..];
    (parts, count + 1)
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One piece of evidence for a dialect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Evidence {
    /// The dialect this points to.
    pub dialect: Dialect,
    /// What was seen, for people ("Version \"1\"").
    pub reason: String,
}

/// The outcome of dialect detection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Detection {
    /// The dialect chosen.
    pub dialect: Dialect,
    /// Why, in one sentence.
    pub reason: String,
    /// True when the caller forced the dialect.
    pub forced: bool,
    /// Evidence that pointed the other way, if any.
    pub conflicts: Vec<String>,
}

// Service prefixes that exist in only one cloud. `ecs`, `sts`, `kms`, `ram` (AWS Resource Access
// Manager), `tag` (AWS Resource Groups Tagging), `rds`, `config`, `apigateway` and `ebs` exist in
// both, so they are evidence for neither (the lint crate's tests check these lists against both
// catalogues); a `ram` or `tag` action only Alibaba Cloud has is (see `alibaba_only_name`).
const ALIYUN_ONLY_SERVICES: &[&str] = &[
    "oss",
    "hbr",
    "ots",
    "nas",
    "vpc",
    "bssapi",
    "cms",
    "hcs-sgw",
    "pds",
    "resourcemanager",
    "slb",
    "cs",
    "actiontrail",
    "log",
    "mns",
    "fc",
    "cdn",
    "dns",
    "alidns",
    "arms",
    "sas",
    "yundun",
    "ims",
    "alikafka",
    "ons",
    "polardb",
    "dds",
    "kvstore",
    "r-kvstore",
    "cr",
    "eci",
    "ess",
    "bss",
    "oos",
    "ros",
    "cloudsso",
    "fnf",
];
const AWS_ONLY_SERVICES: &[&str] = &[
    "iam",
    "s3",
    "ec2",
    "lambda",
    "dynamodb",
    "sqs",
    "sns",
    "cloudformation",
    "cloudwatch",
    "logs",
    "backup",
    "organizations",
    "secretsmanager",
    "ssm",
    "elasticfilesystem",
    "glacier",
    "athena",
    "glue",
    "eks",
    "ecr",
    "execute-api",
    "cloudtrail",
    "route53",
    "acm",
    "fsx",
    "storagegateway",
    "backup-storage",
    "states",
    "events",
    "firehose",
    "kinesis",
    "redshift",
    "elasticloadbalancing",
    "autoscaling",
    "cognito-idp",
];

/// Collects dialect evidence from a policy document.
pub fn evidence_in_policy(doc: &Json, out: &mut Vec<Evidence>) {
    let Some(members) = doc.as_object() else {
        if let Some(items) = doc.as_array() {
            for item in items {
                evidence_in_policy(item, out);
            }
        }
        return;
    };
    for m in members {
        match m.key.as_ref() {
            "Version" => match m.value.as_str() {
                Some("1") => out.push(Evidence { dialect: Dialect::Aliyun, reason: "\"Version\": \"1\"".into() }),
                Some(v @ ("2012-10-17" | "2008-10-17")) => {
                    out.push(Evidence { dialect: Dialect::Aws, reason: format!("\"Version\": \"{v}\"") })
                }
                _ => {}
            },
            "Statement" => evidence_in_policy(&m.value, out),
            "Action" | "NotAction" => strings(&m.value, &mut |s| evidence_in_action(s, out)),
            "Resource" | "NotResource" => strings(&m.value, &mut |s| evidence_in_name(s, "resource", out)),
            "Principal" | "NotPrincipal" => {
                if let Some(kinds) = m.value.as_object() {
                    for k in kinds {
                        match k.key.as_ref() {
                            "RAM" => {
                                out.push(Evidence { dialect: Dialect::Aliyun, reason: "principal type \"RAM\"".into() })
                            }
                            "AWS" | "CanonicalUser" => out.push(Evidence {
                                dialect: Dialect::Aws,
                                reason: format!("principal type \"{}\"", k.key),
                            }),
                            _ => {}
                        }
                        strings(&k.value, &mut |s| evidence_in_name(s, "principal", out));
                    }
                }
            }
            "Condition" => {
                if let Some(ops) = m.value.as_object() {
                    for op in ops {
                        for key in op.value.as_object().unwrap_or(&[]) {
                            let lower = key.key.to_ascii_lowercase();
                            if lower.starts_with("acs:") {
                                out.push(Evidence {
                                    dialect: Dialect::Aliyun,
                                    reason: format!("condition key {}", key.key),
                                });
                            } else if lower.starts_with("aws:") {
                                out.push(Evidence {
                                    dialect: Dialect::Aws,
                                    reason: format!("condition key {}", key.key),
                                });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The words of AWS Resource Access Manager's action names: a `ram:` action without any of them
/// (`ram:GetRole`, `ram:AttachPolicyToUser`) is one of Alibaba Cloud RAM's.
const AWS_RAM_WORDS: &[&str] =
    &["resourceshare", "permission", "invitation", "principals", "resource", "sharing", "association"];

/// The actions of AWS Resource Groups Tagging (`tag`): another `tag:` action (`tag:ListTagKeys`)
/// is one of Alibaba Cloud's Tag service.
const AWS_TAG_ACTIONS: &[&str] = &[
    "describereportcreation",
    "getcompliancesummary",
    "getresources",
    "gettagkeys",
    "gettagvalues",
    "listrequiredtags",
    "startreportcreation",
    "tagresources",
    "untagresources",
];

/// Whether an action of `ram` or `tag`, services of both clouds, has a name only Alibaba Cloud's
/// service of that prefix has.
fn alibaba_only_name(service: &str, name: &str) -> bool {
    if name.contains(['*', '?']) {
        return false;
    }
    match service {
        "ram" => !AWS_RAM_WORDS.iter().any(|w| name.contains(w)),
        "tag" => !AWS_TAG_ACTIONS.contains(&name),
        _ => false,
    }
}

/// Evidence from an action name whose service exists in one cloud only, or, for `ram` and
/// `tag`, whose name only Alibaba Cloud's service has.
pub fn evidence_in_action(s: &str, out: &mut Vec<Evidence>) {
    let Some((service, name)) = s.split_once(':') else { return };
    let service = service.to_ascii_lowercase();
    if alibaba_only_name(&service, &name.to_ascii_lowercase()) {
        out.push(Evidence { dialect: Dialect::Aliyun, reason: format!("action {s} (a RAM-only service)") });
        return;
    }
    let aliyun = ALIYUN_ONLY_SERVICES.contains(&service.as_str());
    let aws = AWS_ONLY_SERVICES.contains(&service.as_str());
    if aliyun && !aws {
        out.push(Evidence { dialect: Dialect::Aliyun, reason: format!("action {s} (a RAM-only service)") });
    } else if aws && !aliyun {
        out.push(Evidence { dialect: Dialect::Aws, reason: format!("action {s} (an AWS-only service)") });
    }
}

/// Evidence from text that is not valid JSON: every quoted string is looked at,
/// so a document with a syntax error still gets a sensible dialect.
pub fn evidence_in_text(text: &str, out: &mut Vec<Evidence>) {
    let mut previous: Option<&str> = None;
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let body = &rest[open + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                '\n' => break,
                _ => escaped = false,
            }
        }
        let Some(end) = end else { break };
        let s = &body[..end];
        match (previous, s) {
            (Some("Version"), "1") => {
                out.push(Evidence { dialect: Dialect::Aliyun, reason: "\"Version\": \"1\"".into() })
            }
            (Some("Version"), "2012-10-17" | "2008-10-17") => {
                out.push(Evidence { dialect: Dialect::Aws, reason: format!("\"Version\": \"{s}\"") })
            }
            _ if s.contains(':') && !s.contains('/') && !s.starts_with("acs:") && !s.starts_with("arn:") => {
                evidence_in_action(s, out)
            }
            _ => evidence_in_name(s, "name", out),
        }
        previous = Some(s);
        rest = &body[end + 1..];
    }
}

/// Evidence from a resource or principal name.
pub fn evidence_in_name(s: &str, what: &str, out: &mut Vec<Evidence>) {
    if s.starts_with("acs:") || s.ends_with(".aliyuncs.com") {
        out.push(Evidence { dialect: Dialect::Aliyun, reason: format!("{what} {s}") });
    } else if s.starts_with("arn:aws") || s.ends_with(".amazonaws.com") || s.ends_with(".amazonaws.com.cn") {
        out.push(Evidence { dialect: Dialect::Aws, reason: format!("{what} {s}") });
    }
}

fn strings(value: &Json, f: &mut dyn FnMut(&str)) {
    match &value.kind {
        JsonKind::String(s) => f(s),
        JsonKind::Array(items) => items.iter().filter_map(Json::as_str).for_each(f),
        _ => {}
    }
}

/// Decides the dialect from evidence, or takes the forced one.
pub fn decide(forced: Option<Dialect>, evidence: &[Evidence]) -> Detection {
    let count = |d: Dialect| evidence.iter().filter(|e| e.dialect == d).count();
    let first = |d: Dialect| evidence.iter().find(|e| e.dialect == d).map(|e| e.reason.clone());
    if let Some(dialect) = forced {
        let other = if dialect == Dialect::Aws { Dialect::Aliyun } else { Dialect::Aws };
        return Detection {
            dialect,
            // Decided once per document of a batch: no formatting machinery for a fixed text.
            reason: [dialect.cloud(), " was chosen by the caller"].concat(),
            forced: true,
            conflicts: first(other).into_iter().collect(),
        };
    }
    let (aws, aliyun) = (count(Dialect::Aws), count(Dialect::Aliyun));
    // Version is the strongest signal: it is the one element each cloud defines differently.
    let version = evidence.iter().find(|e| e.reason.starts_with("\"Version\""));
    let (dialect, why) = match version {
        Some(v) => (v.dialect, v.reason.clone()),
        None if aliyun > aws => (Dialect::Aliyun, first(Dialect::Aliyun).unwrap_or_default()),
        None if aws > 0 => (Dialect::Aws, first(Dialect::Aws).unwrap_or_default()),
        None => {
            return Detection {
                dialect: Dialect::Aws,
                reason: "nothing in the text names a cloud (no Version, ARN prefix, principal type or cloud-only service), so AWS IAM was assumed; set the dialect to change it".into(),
                forced: false,
                conflicts: vec![],
            };
        }
    };
    let other = if dialect == Dialect::Aws { Dialect::Aliyun } else { Dialect::Aws };
    let support = count(dialect);
    Detection {
        dialect,
        reason: if support > 1 {
            format!("{} detected from {why} and {} more sign(s)", dialect.cloud(), support - 1)
        } else {
            format!("{} detected from {why}", dialect.cloud())
        },
        forced: false,
        conflicts: evidence.iter().filter(|e| e.dialect == other).map(|e| e.reason.clone()).take(3).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_as_splitn_splits_them() {
        for name in ["", ":", "a", "arn:aws:s3:::b/k:x:y", "acs:ram::1111:root", "a::b:", "é:ü:::::::", "arn:aws"] {
            for n in 0..=6 {
                let (parts, count) = split_parts(name, n);
                assert_eq!(&parts[..count], name.splitn(n, ':').collect::<Vec<_>>(), "{name:?} {n}");
            }
        }
    }
}
