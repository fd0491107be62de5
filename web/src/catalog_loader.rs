//! Loads the action catalogues on demand: each is a separate file next to the app
//! (`catalog/aws.txt`, `catalog/aliyun.txt`), fetched from the page's own origin only when a
//! scenario of its cloud is open, so nobody downloads the other cloud's and the app's wasm stays
//! small. The app keeps the catalogues it has here and hands them to the checks ([`catalogs`]).

use policy_playground::Dialect;
use policy_playground::catalog::{Catalog, CatalogError, Catalogs};
use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the AWS catalogue is, relative to the page.
pub const AWS_CATALOG_URL: &str = "catalog/aws.txt";
/// Where the Alibaba Cloud catalogue is, relative to the page.
pub const ALIYUN_CATALOG_URL: &str = "catalog/aliyun.txt";

/// Where the catalogue of `dialect` is, relative to the page.
pub fn url(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Aws => AWS_CATALOG_URL,
        Dialect::Aliyun => ALIYUN_CATALOG_URL,
    }
}

thread_local! {
    /// The app's catalogues: the compiled-in ones (none in the browser build), plus those fetched.
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
    /// The request for this file failed.
    Fetch(&'static str),
    /// The answer is not a response.
    NotAResponse,
    /// The server answered with an error status for this file.
    Status(&'static str, u16),
    /// The response has no readable body.
    NoBody,
    /// The text is not a catalogue.
    Catalog(CatalogError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoWindow => f.write_str("no window"),
            LoadError::Fetch(url) => write!(f, "could not fetch {url}"),
            LoadError::NotAResponse => f.write_str("not a response"),
            LoadError::Status(url, status) => write!(f, "{url}: HTTP {status}"),
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
    let url = url(dialect);
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| LoadError::Fetch(url))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| LoadError::NotAResponse)?;
    if !response.ok() {
        return Err(LoadError::Status(url, response.status()));
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
