// Declarations of the package's entry point (index.js). Everything but loadCatalog is generated
// from the Rust types by wasm-bindgen and tsify (policy_playground_js.d.ts).
import type { Dialect } from './policy_playground_js.js';

export * from './policy_playground_js.js';
export { default } from './policy_playground_js.js';

/**
 * Loads the action catalogue of `dialect` for `check`, from `url` (by default the package's own
 * `catalog/DIALECT.txt`, fetched relative to the module). Does nothing when it is loaded
 * already. Resolves to true when it loaded the catalogue now.
 */
export function loadCatalog(dialect: Dialect, url?: string | URL): Promise<boolean>;
