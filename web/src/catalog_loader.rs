//! Loads the AWS action catalogue on demand: it is a separate file next to the app
//! (`catalog/aws.txt`), fetched from the page's own origin only when an AWS scenario is open,
//! so Alibaba Cloud users never download it and the app's wasm stays small.

use policy_playground::Dialect;
use policy_playground::catalog;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the catalogue is, relative to the page.
pub const AWS_CATALOG_URL: &str = "catalog/aws.txt";

/// Fetches and installs the catalogue of `dialect` if it is not there yet.
/// Returns whether it is available afterwards, or an error message.
pub async fn ensure(dialect: Dialect) -> Result<bool, String> {
    if catalog::available(dialect) {
        return Ok(true);
    }
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(AWS_CATALOG_URL))
        .await
        .map_err(|_| format!("could not fetch {AWS_CATALOG_URL}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{AWS_CATALOG_URL}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| "could not read the catalogue".to_string())?
        .as_string()
        .unwrap_or_default();
    catalog::install(dialect, &text).map_err(|e| format!("the catalogue could not be read: {e}"))?;
    Ok(true)
}
