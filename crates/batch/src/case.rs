//! The case file: one request plus the policies of every layer, as the
//! command-line tool and the tests read it. Format in README.md, "Case files".

pub use crate::error::CaseError;
use crate::interner::StatementInterner;
use crate::shape::{CaseShape, CaseValues, PolicySource, RawPolicy, case_name, case_values};
use playground_core::authorize::{Decision, PolicySet};
use playground_core::diagnostic::{Diagnostic, Severity};
use playground_core::dialect::{Detection, Dialect};
use playground_core::explain::{Detail, Evaluation, explain_with};
use playground_core::issue::PolicyIssue;
use playground_core::json::{self, Json, JsonKind, JsonSyntaxError};
use playground_core::parser::{parse_policy, policy_from_json_in};
use playground_core::policy::Policy;
use playground_core::request::Request;
use playground_core::span::{LineIndex, Span};
use serde::Serialize;

/// A case ready to evaluate.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its label.
    pub name: String,
    /// The dialect and how it was chosen (evidence against it is gathered only when the
    /// case does not name its dialect).
    pub detection: Detection,
    /// The request.
    pub request: Request,
    /// The policies by layer.
    pub policies: PolicySet,
    /// The decision the case expects, if it says.
    pub expected: Option<Decision>,
    /// Warnings and notes from reading the policies.
    pub warnings: Vec<PolicyIssue>,
    /// Context keys the case means even where the cloud would not send them
    /// (`request.intended_context_keys`: say, `aws:ResourceTag/...` on a bucket with ABAC on).
    pub intended_context_keys: Vec<String>,
    /// Where each context key is written in the case file, for warnings about it.
    pub context_key_spans: Vec<(String, Span)>,
}

/// Reads a case file: one case object or an array of them. Stops at the first case with errors.
pub fn load_cases(text: &str) -> Result<Vec<Case>, CaseError> {
    let parsed = json::parse_limited(text, json::MAX_FILE_BYTES).map_err(CaseError::Json)?;
    if parsed.wrapped_run.is_some() {
        return Err(CaseError::SeveralValues { span: parsed.value.span });
    }
    match &parsed.value.kind {
        JsonKind::Array(items) => items.iter().enumerate().map(|(i, c)| case_from_json(c, i, None)).collect(),
        JsonKind::Object(_) => Ok(vec![case_from_json(&parsed.value, 0, None)?]),
        _ => Err(CaseError::NotCases { found: parsed.value.type_name(), span: parsed.value.span }),
    }
}

/// A case of an array that cannot be read: its name and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableCase {
    /// The case's `name` when it is a string, else `case N` (as a readable case is named).
    pub name: String,
    /// Why it cannot be read.
    pub error: CaseError,
}

/// Reads every case of a case file, going on past the cases of an array that cannot be read:
/// each is an [`UnreadableCase`] in its place, a JSON syntax error inside one case included
/// (when the array's elements can still be told apart). `Err` when the file itself cannot be
/// read (not JSON, not a case or an array of cases), or when it is one case object that cannot
/// be read.
pub fn load_each_case(text: &str) -> Result<Vec<Result<Case, Box<UnreadableCase>>>, CaseError> {
    let read = |(i, value): (usize, Result<Json<'_>, JsonSyntaxError>)| {
        let value = value.map_err(|error| {
            Box::new(UnreadableCase { name: format!("case {}", i + 1), error: CaseError::Json(error) })
        })?;
        case_from_json(&value, i, None).map_err(|error| Box::new(UnreadableCase { name: case_name(&value, i), error }))
    };
    match case_values(text)? {
        CaseValues::Array(values) => Ok(values.into_iter().enumerate().map(read).collect()),
        CaseValues::One(value) => Ok(vec![Ok(case_from_json(&value, 0, None)?)]),
    }
}

/// The name of case `i` at the bytes `start..end` of the indexed text, for a case that cannot
/// be read (see [`case_at_cached`]): its `name` when the bytes are JSON with a string `name`,
/// else `case N`.
pub fn case_name_at(index: &LineIndex<'_>, start: usize, end: usize, i: usize) -> String {
    match json::parse_at(index, start, end) {
        Ok(value) => case_name(&value, i),
        Err(_) => format!("case {}", i + 1),
    }
}

/// Reads case number `i` (from 0) from the bytes `start..end` of the interner's text, for
/// callers that split a case file themselves (see [`json::split::ArrayElements`]), sharing
/// the bodies of statements compiled for earlier cases: statements seen before are neither
/// read nor compiled again. The case is the one [`load_cases`] reads, spans included, and its
/// error the one [`load_cases`] gives for this case (but [`load_cases`] reports the first
/// problem of the whole file, which may come earlier).
pub fn case_at_cached(
    interner: &mut StatementInterner<'_>,
    start: usize,
    end: usize,
    i: usize,
) -> Result<Case, CaseError> {
    let skipped = json::plain::read_skipping(interner.index(), start, end);
    // Skipping needs the case to name its dialect: detection looks into every statement.
    if let Ok(value) = skipped
        && value.get("dialect").and_then(Json::as_str).is_some()
        && let Ok(case) = case_from_json(&value, i, Some(interner))
    {
        return Ok(case);
    }
    let value = json::parse_at(interner.index(), start, end).map_err(CaseError::Json)?;
    case_from_json(&value, i, Some(interner))
}

fn case_from_json<'t>(
    v: &Json<'t>,
    index: usize,
    mut interner: Option<&mut StatementInterner<'t>>,
) -> Result<Case, CaseError> {
    let shape = CaseShape::read(v, index)?;
    let dialect = shape.detection.dialect;
    let mut warnings = Vec::new();
    let mut compile = |raw: RawPolicy<'_, 't>| -> Result<Policy, CaseError> {
        let parsed = match (raw.doc, interner.as_deref_mut()) {
            (PolicySource::Json(doc), Some(interner)) => interner.policy_from_json(&raw.name, doc, dialect),
            (PolicySource::Json(doc), None) => policy_from_json_in(&raw.name, doc, dialect),
            (PolicySource::Text(text), _) => parse_policy(&raw.name, text, Some(dialect)),
        };
        match parsed.policy {
            Some(p) => {
                // The case's dialect was decided from all its documents together.
                warnings
                    .extend(parsed.issues.into_iter().filter(|i| !matches!(i, PolicyIssue::DialectConflict { .. })));
                Ok(p)
            }
            None => {
                let mut issues = parsed.issues;
                issues.sort_by_key(|i| i.severity());
                Err(CaseError::Policy { policy: raw.name, issues })
            }
        }
    };
    let CaseShape {
        name,
        detection,
        expected,
        principal,
        action,
        resource,
        resource_account,
        principal_uid,
        context,
        intended_context_keys,
        context_key_spans,
        identity,
        resource_policy,
        session,
        boundaries,
        control,
        resource_control,
    } = shape;
    let policies = PolicySet {
        identity: identity.into_iter().map(&mut compile).collect::<Result<_, _>>()?,
        resource: resource_policy.map(&mut compile).transpose()?,
        session: session.map(&mut compile).transpose()?,
        boundaries: boundaries.into_iter().map(&mut compile).collect::<Result<_, _>>()?,
        control: control
            .into_iter()
            .map(|level| level.into_iter().map(&mut compile).collect::<Result<Vec<_>, _>>())
            .collect::<Result<_, _>>()?,
        resource_control: resource_control
            .into_iter()
            .map(|level| level.into_iter().map(&mut compile).collect::<Result<Vec<_>, _>>())
            .collect::<Result<_, _>>()?,
    };
    let resource = resource.unwrap_or("*");
    let request =
        Request::new(dialect, principal, action, resource, resource_account, context).with_principal_uid(principal_uid);
    Ok(Case { name, detection, request, policies, expected, warnings, intended_context_keys, context_key_spans })
}

/// One evaluated case, as `eval --json` prints it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CaseResult {
    /// The case's label.
    pub name: String,
    /// The decision.
    pub decision: Decision,
    /// The decision the case expected, if it said.
    pub expected: Option<Decision>,
    /// The dialect used.
    pub dialect: Dialect,
    /// How the dialect was chosen.
    pub dialect_reason: String,
    /// The full explanation.
    pub explanation: Evaluation,
    /// Warnings from reading the policies.
    pub warnings: Vec<CaseWarning>,
}

/// A warning of a case as `eval --json` writes it: a diagnostic's code, severity, message and
/// help, with its whole span (byte offsets included). `check --json` writes
/// [`Finding`](playground_core::diagnostic::Finding)s, whose
/// positions are flat; the two formats are kept as they were published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CaseWarning {
    /// Stable identifier.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// Where.
    pub span: Span,
}

impl CaseWarning {
    /// The warning for any diagnostic.
    pub fn of<D: Diagnostic + ?Sized>(d: &D) -> CaseWarning {
        CaseWarning { code: d.code(), severity: d.severity(), message: d.message(), help: d.help(), span: d.span() }
    }
}

/// The code of the warning about a context key the cloud would not send with the action.
pub const UNSENT_CONTEXT_KEY: &str = "unsent-context-key";

impl Case {
    /// Leaves out of the evaluation each context key the cloud would not send with this
    /// request, unless the case lists it in `intended_context_keys`. `sends(key)` answers for
    /// the request's action: `Some(false)` when the cloud never sends the key, `None` when it
    /// cannot tell (the key stays). Returns the keys left out.
    pub fn set_aside_unsent_keys(&mut self, sends: impl Fn(&str) -> Option<bool>) -> Vec<String> {
        self.request.set_aside_unsent(&self.intended_context_keys, sends)
    }

    /// Evaluates and explains the case in full.
    pub fn evaluate(&self) -> CaseResult {
        self.evaluate_with(Detail::Full)
    }

    /// Evaluates and explains the case with the given detail.
    pub fn evaluate_with(&self, detail: Detail) -> CaseResult {
        let explanation = explain_with(&self.policies, &self.request, detail);
        CaseResult {
            name: self.name.clone(),
            decision: explanation.decision,
            expected: self.expected,
            dialect: self.detection.dialect,
            dialect_reason: self.detection.reason.clone(),
            explanation,
            warnings: self.warnings.iter().map(CaseWarning::of).chain(self.set_aside_warnings()).collect(),
        }
    }

    /// One warning per context key left out by [`Case::set_aside_unsent_keys`].
    fn set_aside_warnings(&self) -> impl Iterator<Item = CaseWarning> + '_ {
        self.request.set_aside_keys.iter().map(|key| CaseWarning {
            code: UNSENT_CONTEXT_KEY,
            severity: Severity::Warning,
            message: format!(
                "the cloud does not send {key} with {}, so it is left out of the evaluation",
                self.request.action
            ),
            help: Some(format!(
                "remove it, or list it in request.intended_context_keys if this resource really carries it (for example a bucket with ABAC on): [\"{key}\"]"
            )),
            span: self
                .context_key_spans
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, s)| *s)
                .unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playground_core::span::LineIndex;

    fn as_json(result: &CaseResult) -> String {
        serde_json::to_string(result).expect("results serialize")
    }

    /// Each case of `text` read on its own, with a fresh interner.
    fn each_case(text: &str) -> Vec<Result<Case, CaseError>> {
        let ranges = json::split::array_elements(text).expect("an array");
        let mut interner = StatementInterner::new(LineIndex::new(text));
        ranges.iter().enumerate().map(|(i, &(start, end))| case_at_cached(&mut interner, start, end, i)).collect()
    }

    #[test]
    fn each_case_reads_as_the_whole_file_does() {
        let text = include_str!("../../../examples/hbr-assume-role.json");
        let whole = load_cases(text).expect("the example reads");
        let each = each_case(text);
        assert!(whole.len() > 1);
        assert_eq!(each.len(), whole.len());
        for (i, (one, case)) in each.iter().zip(&whole).enumerate() {
            let one = one.as_ref().expect("each case reads");
            // Same decision, explanation and spans (lines and columns in the whole file).
            assert_eq!(as_json(&one.evaluate()), as_json(&case.evaluate()), "case {i}");
        }
    }

    #[test]
    fn shared_statements_give_the_same_results() {
        // The example's cases seven times, re-indented, the last four copies repeating the
        // first two. A statement text is remembered when it is compiled the second time (in
        // copies 3 and 4), so the statements of copies 5 and 6 share its body, at other
        // lines and columns.
        let example: serde_json::Value =
            serde_json::from_str(include_str!("../../../examples/hbr-assume-role.json")).expect("the example is JSON");
        let cases = example.as_array().expect("an array");
        let mut text = String::from("[");
        let copies = [None, Some(2), Some(7), None, Some(2), None, Some(2)];
        for (copy, indent) in copies.into_iter().enumerate() {
            for (i, case) in cases.iter().enumerate() {
                if copy + i > 0 {
                    text.push_str(",\n");
                }
                match indent {
                    None => text.push_str(&case.to_string()),
                    Some(n) => text.push_str(
                        &serde_json::to_string_pretty(case).unwrap().replace('\n', &format!("\n{}", " ".repeat(n))),
                    ),
                }
            }
        }
        text.push(']');
        let whole = load_cases(&text).expect("the copies read");
        let ranges = json::split::array_elements(&text).expect("an array");
        let mut interner = StatementInterner::new(LineIndex::new(&text));
        let mut statements = Vec::new();
        for (i, &(start, end)) in ranges.iter().enumerate() {
            let shared = case_at_cached(&mut interner, start, end, i).expect("each case reads");
            for detail in [Detail::Full, Detail::Brief] {
                let (a, b) = (shared.evaluate_with(detail), whole[i].evaluate_with(detail));
                assert_eq!(as_json(&a), as_json(&b), "case {i}, {detail:?}");
            }
            let p = &shared.policies;
            let policies = p.identity.iter().chain(&p.resource).chain(&p.session).chain(&p.boundaries);
            let policies = policies.chain(p.control.iter().flatten()).chain(p.resource_control.iter().flatten());
            statements.extend(policies.flat_map(|policy| policy.statements.clone()));
        }
        assert!(!interner.is_empty());
        // Copies share the interned bodies (at least those of copies 5 and 6), each at its own place.
        let mut seen = std::collections::HashMap::new();
        let mut shared = 0;
        for st in &statements {
            if let Some(other) = seen.insert(std::sync::Arc::as_ptr(&st.body), st.span) {
                assert_ne!(other, st.span);
                shared += 1;
            }
        }
        assert!(shared >= 2 * statements.len() / copies.len(), "{shared} of {}", statements.len());
    }

    #[test]
    fn case_errors_point_into_the_whole_file() {
        let text = "[\n {\"request\": {\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\"}},\n {\"request\": {\"principal\": 5}}\n]";
        let each = each_case(text);
        assert!(each[0].is_ok());
        let err = each[1].clone().unwrap_err();
        assert_eq!(err, load_cases(text).unwrap_err());
        assert_eq!((err.span().line, err.span().column), (3, 28));
        let broken = "[\n {\"request\": {}},\n {\"request\": [}\n]";
        assert!(
            json::split::array_elements(broken).is_none_or(|_| matches!(each_case(broken)[1], Err(CaseError::Json(_))))
        );
        for not_an_array in ["{\"request\": {}}", "[{}, {}] trailing", "[{}, ]"] {
            assert!(json::split::array_elements(not_an_array).is_none(), "{not_an_array}");
        }
    }
}
