//! The JavaScript API: the facade's stable calls (`evaluate`, `simulate`, `check`, `explain`)
//! compiled to WebAssembly for documentation pages and other programs that want decisions
//! without the playground's interface. Values go in and out as plain JSON-compatible objects
//! (serde-wasm-bindgen), and a call that cannot answer throws an `Error` whose `kind`, `line`,
//! `column` and `detail` say what and where (see [`CallError`]).
//!
//! The action catalogues are not compiled in (they are most of the engine's size): the package
//! ships them as files and `loadCatalog` (package/index.js) hands one to [`add_catalog`] when a
//! page wants the findings that need it. Built by scripts/build-js-api.sh; tested by
//! crates/js/tests/api.test.mjs in Node.

use policy_playground::Dialect;
use policy_playground::api::{self, ApiError, CheckOptions, ExplanationDetail};
use policy_playground::catalog::{Catalog, CatalogError, Catalogs};
use policy_playground::diagnostic::Diagnostic;
use policy_playground::issue::did_you_mean;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::prelude::*;

// Declarations that are not derived from a Rust type: the inputs, which the engine reads from
// text with positions (the case format has no serde type), and the thrown error.
#[wasm_bindgen(typescript_custom_section)]
const INPUT_DECLARATIONS: &str = r#"
/**
 * A case file as `policy-playground eval` reads it: one case object (`request` plus the policies
 * of each layer) or an array of them. A string is read as written, so error positions point into
 * it; an object is written out as JSON with two-space indentation first.
 */
export type CaseInput = string | Record<string, unknown> | Record<string, unknown>[];

/** A scenario file (accounts, roles, policies, checks), as text or as an object. */
export type ScenarioInput = string | Record<string, unknown>;

/** A policy document as pasted (fragments too) or a scenario file, as text or as an object. */
export type PolicyInput = string | Record<string, unknown>;

/** What a thrown error is about. */
export type ErrorKind = "case" | "scenario" | "unknown_check" | "input" | "catalog" | "internal";

/**
 * The error every call throws when it cannot answer: `message` says what is wrong, `line` and
 * `column` (from 1) where, when the problem has a place; `detail` is the engine's typed error
 * (for `case`, `scenario` and `unknown_check`).
 */
export interface PolicyPlaygroundError extends Error {
  name: "PolicyPlaygroundError";
  kind: ErrorKind;
  line?: number;
  column?: number;
  detail?: ApiError;
}
"#;

thread_local! {
    /// The catalogues loaded with [`add_catalog`]; `check` uses them.
    static CATALOGS: RefCell<Catalogs> = RefCell::new(Catalogs::none());
}

/// Why a call threw, before it becomes a JavaScript `Error`.
#[derive(Debug)]
pub enum CallError {
    /// The engine could not answer (a case or scenario that cannot be read, an unknown check).
    Api(ApiError),
    /// An argument of the wrong type or shape.
    Input {
        /// The argument.
        argument: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A catalogue text that cannot be read.
    Catalog(CatalogError),
    /// A result that could not be turned into a JavaScript value (a bug).
    Internal(String),
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Api(e) => write!(f, "{e}"),
            CallError::Input { argument, message } => write!(f, "{argument}: {message}"),
            CallError::Catalog(e) => write!(f, "the catalogue cannot be read: {e}"),
            CallError::Internal(message) => write!(f, "internal error (please report it): {message}"),
        }
    }
}

impl CallError {
    /// The `kind` property of the thrown error.
    pub fn kind(&self) -> &'static str {
        match self {
            CallError::Api(ApiError::Case { .. }) => "case",
            CallError::Api(ApiError::Scenario { .. }) => "scenario",
            CallError::Api(ApiError::UnknownCheck { .. }) => "unknown_check",
            CallError::Input { .. } => "input",
            CallError::Catalog(_) => "catalog",
            CallError::Internal(_) => "internal",
        }
    }

    /// The line and column (from 1) of the problem, when it has a place.
    pub fn position(&self) -> Option<(u32, u32)> {
        match self {
            CallError::Api(ApiError::Case { finding }) => Some((finding.span.line, finding.span.column)),
            CallError::Api(ApiError::Scenario { findings }) => findings.first().map(|f| (f.span.line, f.span.column)),
            CallError::Catalog(e) => Some((e.span().line, e.span().column)),
            _ => None,
        }
    }

    /// The JavaScript `Error` to throw: message, `name`, `kind`, `line`, `column`, `detail`.
    fn into_js(self) -> JsValue {
        let error = js_sys::Error::new(&self.to_string());
        error.set_name("PolicyPlaygroundError");
        let object: &JsValue = error.as_ref();
        let set = |key: &str, value: JsValue| {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value);
        };
        set("kind", JsValue::from_str(self.kind()));
        if let Some((line, column)) = self.position() {
            set("line", JsValue::from(line));
            set("column", JsValue::from(column));
        }
        if let CallError::Api(api) = &self
            && let Ok(detail) = to_js(api)
        {
            set("detail", detail);
        }
        error.into()
    }
}

impl From<ApiError> for CallError {
    fn from(e: ApiError) -> CallError {
        CallError::Api(e)
    }
}

/// Options of [`evaluate`].
#[derive(Debug, Default, Deserialize, tsify::Tsify)]
#[serde(default, deny_unknown_fields)]
pub struct EvaluateOptions {
    /// `"brief"` (the default): the decision, summary, decisive statements and each layer's
    /// outcome; `"full"`: also every statement's report.
    pub detail: ExplanationDetail,
}

/// A value as a plain JavaScript value: objects and arrays, `null` for a missing value.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, CallError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| CallError::Internal(e.to_string()))
}

/// An optional options object (`undefined` and `null` give the defaults) with the fields
/// `known`. Its keys are checked here because serde-wasm-bindgen looks up only the fields it
/// knows, so a misspelt option would be ignored instead of reported.
fn options<T: Default + for<'de> Deserialize<'de>>(
    value: JsValue,
    argument: &'static str,
    known: &[&str],
) -> Result<T, CallError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(CallError::Input { argument, message: format!("expected an object with {}", known.join(", ")) });
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
        if !known.contains(&key.as_str()) {
            let hint = match did_you_mean(&key, known.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!("known options: {}", known.join(", ")),
            };
            return Err(CallError::Input { argument, message: format!("unknown option \"{key}\"; {hint}") });
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| CallError::Input { argument, message: e.to_string() })
}

/// The text of a document argument: a string as it is, an object written out as JSON.
fn text_of(value: &JsValue, argument: &'static str) -> Result<String, CallError> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if !value.is_object() {
        let found = value.js_typeof().as_string().unwrap_or_default();
        return Err(CallError::Input { argument, message: format!("expected a string or an object, found {found}") });
    }
    // Two-space indentation, so that error positions point at a readable place.
    js_sys::JSON::stringify_with_replacer_and_space(value, &JsValue::NULL, &JsValue::from(2)).map(String::from).map_err(
        |e| CallError::Input {
            argument,
            message: format!(
                "cannot be written as JSON: {}",
                js_sys::Error::from(e).message().as_string().unwrap_or_default()
            ),
        },
    )
}

/// Runs a call and turns its error into the thrown `Error`.
fn call(body: impl FnOnce() -> Result<JsValue, CallError>) -> Result<JsValue, JsValue> {
    body().map_err(CallError::into_js)
}

/// Evaluates and explains every case of a case file: `{cases: [{name, decision, expected,
/// dialect, dialect_reason, explanation, warnings}]}`, in file order.
#[wasm_bindgen(unchecked_return_type = "Evaluations")]
pub fn evaluate(
    #[wasm_bindgen(js_name = "caseFile", unchecked_param_type = "CaseInput")] case_file: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let options: EvaluateOptions = self::options(options, "options", &["detail"])?;
        to_js(&api::evaluate(&text_of(&case_file, "caseFile")?, options.detail)?)
    })
}

/// Each case's explanation as the text people read (what `policy-playground eval` prints).
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn explain(
    #[wasm_bindgen(js_name = "caseFile", unchecked_param_type = "CaseInput")] case_file: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| to_js(&api::explain(&text_of(&case_file, "caseFile")?)?))
}

/// Runs a scenario's named checks, or only `check`: each hop of each AssumeRole chain and the
/// final request, explained, and whether each check got the decision it expects.
#[wasm_bindgen(unchecked_return_type = "Simulation")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "ScenarioInput")] scenario: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] check: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let check = match check.as_string() {
            Some(name) => Some(name),
            None if check.is_undefined() || check.is_null() => None,
            None => {
                return Err(CallError::Input {
                    argument: "check",
                    message: "expected a check's name (a string)".into(),
                });
            }
        };
        to_js(&api::simulate(&text_of(&scenario, "scenario")?, check.as_deref())?)
    })
}

/// The findings on a policy document or a scenario file, most serious first. Findings that need
/// a cloud's action catalogue (unknown actions, condition keys) come only once that catalogue
/// is loaded (`loadCatalog`).
#[wasm_bindgen(unchecked_return_type = "Findings")]
pub fn check(
    #[wasm_bindgen(js_name = "policyText", unchecked_param_type = "PolicyInput")] policy_text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let options: CheckOptions = self::options(options, "options", &["dialect", "kind", "name"])?;
        let text = text_of(&policy_text, "policyText")?;
        let catalogs = CATALOGS.with(|c| c.borrow().clone());
        to_js(&api::check_with(&text, &options, &catalogs)?)
    })
}

/// Reads a cloud's action catalogue (the text of the package's `catalog/aws.txt` or
/// `catalog/aliyun.txt`) and uses it in every later `check`.
#[wasm_bindgen(js_name = "addCatalog")]
pub fn add_catalog(
    #[wasm_bindgen(unchecked_param_type = "Dialect")] dialect: JsValue,
    text: &str,
) -> Result<(), JsValue> {
    let dialect = dialect_of(&dialect).map_err(CallError::into_js)?;
    let catalog = Catalog::parse(text, dialect).map_err(|e| CallError::Catalog(e).into_js())?;
    CATALOGS.with(|c| {
        let loaded = c.borrow().clone().with(catalog);
        *c.borrow_mut() = loaded;
    });
    Ok(())
}

/// Whether `check` has the action catalogue of a cloud.
#[wasm_bindgen(js_name = "hasCatalog")]
pub fn has_catalog(#[wasm_bindgen(unchecked_param_type = "Dialect")] dialect: JsValue) -> Result<bool, JsValue> {
    let dialect = dialect_of(&dialect).map_err(CallError::into_js)?;
    Ok(CATALOGS.with(|c| c.borrow().has(dialect)))
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn dialect_of(value: &JsValue) -> Result<Dialect, CallError> {
    let name = value.as_string().unwrap_or_default();
    Dialect::from_name(&name).ok_or_else(|| CallError::Input {
        argument: "dialect",
        message: format!("{name:?} is not a dialect: use \"aws\" or \"aliyun\""),
    })
}
