//! Loads the AWS action catalogue on demand: it is a separate file next to the app
//! (`catalog/aws.txt`), fetched from the page's own origin only when an AWS scenario is open,
//! so Alibaba Cloud users never download it and the app's wasm stays small. The app keeps the
//! catalogues it has here and hands them to the checks ([`catalogs`]).

use policy_playground::Dialect;
use policy_playground::catalog::{Catalog, CatalogError, Catalogs};
use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the catalogue is, relative to the page.
pub const AWS_CATALOG_URL: &str = "catalog/aws.txt";

thread_local! {
    /// The app's catalogues: the compiled-in ones, plus the AWS one once it is fetched.
    static CATALOGS: RefCell<Catalogs> = RefCell::new(Catalogs::builtin());
}

/// The catalogues the app has now, for the checks and the request builder.
pub fn catalogs() -> Catalogs {
    CATALOGS.with(|c| c.borrow().clone())
}

/// Whether the app has the catalogue of `dialect`.
pub fn available(dialect: Dialect) -> bool {
    CATALOGS.with(|c| c.borrow().has(dialect))
}

/// Why the catalogue could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The page has no window (not in a browser).
    NoWindow,
    /// The request failed.
    Fetch,
    /// The answer is not a response.
    NotAResponse,
    /// The server answered with an error status.
    Status(u16),
    /// The response has no readable body.
    NoBody,
    /// The text is not a catalogue.
    Catalog(CatalogError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoWindow => f.write_str("no window"),
            LoadError::Fetch => write!(f, "could not fetch {AWS_CATALOG_URL}"),
            LoadError::NotAResponse => f.write_str("not a response"),
            LoadError::Status(status) => write!(f, "{AWS_CATALOG_URL}: HTTP {status}"),
            LoadError::NoBody => f.write_str("could not read the catalogue"),
            LoadError::Catalog(e) => write!(f, "the catalogue could not be read: {e}"),
        }
    }
}

/// Fetches and adds the catalogue of `dialect` if the app does not have it yet.
/// Returns whether it is available afterwards.
pub async fn ensure(dialect: Dialect) -> Result<bool, LoadError> {
    if available(dialect) {
        return Ok(true);
    }
    let window = web_sys::window().ok_or(LoadError::NoWindow)?;
    let response = JsFuture::from(window.fetch_with_str(AWS_CATALOG_URL)).await.map_err(|_| LoadError::Fetch)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| LoadError::NotAResponse)?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| LoadError::NoBody)?)
        .await
        .map_err(|_| LoadError::NoBody)?
        .as_string()
        .unwrap_or_default();
    let catalog = Catalog::parse(&text, dialect).map_err(LoadError::Catalog)?;
    CATALOGS.with(|c| {
        let with = c.borrow().clone().with(catalog);
        *c.borrow_mut() = with;
    });
    Ok(true)
}
