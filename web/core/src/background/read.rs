//! The page's reader of the worker's answer. Written by hand over `serde_json::Value` instead of
//! derived: derived readers for the summary's types cost the page's module 37 KB (13 KB
//! gzipped, measured), while the `Value` parser is in it already. The native tests check that
//! this reader gives back exactly what the worker's (derived) writer wrote.

use super::{CheckLine, DocFindings, ListedFinding, ProblemLine, RequestLine, RowLine, StatementLink, Summary};
use crate::workspace::DocRef;
use policy_playground::Dialect;
use policy_playground::findings::Severity;
use policy_playground::span::Span;
use serde_json::Value;

/// Reads the worker's answer (see [`super::answer_json`]): its summary, or why there is none.
pub fn read_answer(json: &str) -> Result<Summary, String> {
    let value: Value = serde_json::from_str(json).map_err(|e| format!("the worker's answer could not be read: {e}"))?;
    if let Some(why) = value.get("Err") {
        return Err(why.as_str().unwrap_or("the worker failed without saying why").to_string());
    }
    value.get("Ok").and_then(summary).ok_or_else(|| "the worker's answer could not be read: unexpected shape".into())
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::to_string)
}

fn number(v: &Value, key: &str) -> Option<usize> {
    v.get(key)?.as_u64().and_then(|n| usize::try_from(n).ok())
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    v.get(key)?.as_bool()
}

/// `v[key]` when it is not null.
fn present<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.get(key).filter(|x| !x.is_null())
}

/// Every element of the array `v[key]` read by `item`; `None` when one cannot be.
fn list<T>(v: &Value, key: &str, item: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    v.get(key)?.as_array()?.iter().map(item).collect()
}

fn span(v: &Value) -> Option<Span> {
    let n = |key| number(v, key);
    let line = |key| number(v, key).and_then(|x| u32::try_from(x).ok());
    Some(Span {
        start: n("start")?,
        end: n("end")?,
        line: line("line")?,
        column: line("column")?,
        end_line: line("end_line")?,
        end_column: line("end_column")?,
    })
}

fn doc_ref(v: &Value) -> Option<DocRef> {
    if let Some(name) = v.get("Library") {
        return Some(DocRef::Library(name.as_str()?.to_string()));
    }
    if let Some(arn) = v.get("Resource") {
        return Some(DocRef::Resource(arn.as_str()?.to_string()));
    }
    let trust = v.get("Trust")?;
    Some(DocRef::Trust { account: text(trust, "account")?, role: text(trust, "role")? })
}

fn severity(v: &Value) -> Option<Severity> {
    let name = v.as_str()?;
    Severity::ALL.into_iter().find(|s| s.as_str() == name)
}

fn statement(v: &Value) -> Option<StatementLink> {
    Some(StatementLink { label: text(v, "label")?, policy: text(v, "policy")?, span: span(v.get("span")?)? })
}

fn check(v: &Value) -> Option<CheckLine> {
    Some(CheckLine {
        name: text(v, "name")?,
        decision: text(v, "decision")?,
        expected: text(v, "expected")?,
        passed: flag(v, "passed")?,
        summary: text(v, "summary")?,
        explanation: text(v, "explanation")?,
        hints: present(v, "hints").and_then(|h| h.as_str().map(str::to_string)),
        decisive: list(v, "decisive", statement)?,
        highlights: list(v, "highlights", |pair| Some((doc_ref(pair.get(0)?)?, span(pair.get(1)?)?)))?,
    })
}

fn finding(v: &Value) -> Option<ListedFinding> {
    Some(ListedFinding {
        id: number(v, "id")?,
        severity: severity(v.get("severity")?)?,
        label: text(v, "label")?,
        span: span(v.get("span")?)?,
        fix: present(v, "fix").and_then(|f| f.as_str().map(str::to_string)),
    })
}

fn doc_findings(v: &Value) -> Option<DocFindings> {
    let count = number(v, "count")?;
    Some(DocFindings {
        doc: doc_ref(v.get("doc")?)?,
        listed: list(v, "listed", finding)?,
        count,
        // A count the page subtracts from: never more errors than findings.
        errors: number(v, "errors")?.min(count),
        marks: text(v, "marks")?,
    })
}

fn summary(v: &Value) -> Option<Summary> {
    Some(Summary {
        revision: v.get("revision")?.as_u64()?,
        bytes: number(v, "bytes")?,
        problems: list(v, "problems", |p| {
            Some(ProblemLine { error: flag(p, "error")?, message: text(p, "message")? })
        })?,
        loaded: flag(v, "loaded")?,
        dialect: present(v, "dialect").and_then(|d| Dialect::from_name(d.as_str()?)),
        checks: list(v, "checks", check)?,
        request: match present(v, "request") {
            Some(r) => Some(RequestLine { decision: text(r, "decision")?, explanation: text(r, "explanation")? }),
            None => None,
        },
        rows: match present(v, "rows") {
            Some(_) => Some(list(v, "rows", |r| {
                Some(RowLine {
                    decision: present(r, "decision").and_then(|d| d.as_str().map(str::to_string)),
                    expected: present(r, "expected").and_then(|d| d.as_str().map(str::to_string)),
                    decisive: list(r, "decisive", statement)?,
                    passed: present(r, "passed").and_then(Value::as_bool),
                    explanation: text(r, "explanation")?,
                })
            })?),
            None => None,
        },
        findings: list(v, "findings", doc_findings)?,
    })
}
