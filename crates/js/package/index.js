// The package's entry point: the engine's calls as wasm-bindgen generated them
// (policy_playground_js.js), plus loadCatalog, which fetches a cloud's action catalogue only
// when a page asks for the findings that need it (the catalogues are most of the engine's size,
// so they are files beside the module instead of being compiled in).
import init, {
  initSync,
  evaluate,
  explain,
  simulate,
  check,
  addCatalog,
  hasCatalog,
  version,
} from './policy_playground_js.js';

export { init as default, initSync, evaluate, explain, simulate, check, addCatalog, hasCatalog, version };

/**
 * Loads the action catalogue of `dialect` ("aws" or "aliyun") for `check`, from `url` (by
 * default the package's own catalog/DIALECT.txt). Does nothing when it is loaded already.
 * Resolves to true when it loaded the catalogue now.
 */
export async function loadCatalog(dialect, url) {
  if (hasCatalog(dialect)) return false;
  const where = url === undefined ? new URL(`./catalog/${dialect}.txt`, import.meta.url) : new URL(url, import.meta.url);
  let text;
  if (where.protocol === 'file:') {
    // Node: fetch does not read files.
    const { readFile } = await import(/* webpackIgnore: true */ 'node:fs/promises');
    text = await readFile(where, 'utf8');
  } else {
    const response = await fetch(where);
    if (!response.ok) {
      throw new Error(`cannot load the ${dialect} catalogue from ${where}: HTTP ${response.status}`);
    }
    text = await response.text();
  }
  addCatalog(dialect, text);
  return true;
}
