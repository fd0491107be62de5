//! Checks that the JavaScript bundles are there before wasm-bindgen reads them: the code
//! editor's (web/js/editor.js and CodeMirror) and the chain diagram's (web/js/diagram.js and
//! dagre), built by tools/editor/build.mjs from the pinned packages, not kept in git.

use std::path::Path;

fn main() {
    for bundle in ["js/build/editor.bundle.js", "js/build/diagram.bundle.js"] {
        println!("cargo::rerun-if-changed={bundle}");
        if !Path::new(bundle).exists() {
            panic!(
                "web/{bundle} is missing: it is built by `bash scripts/setup.sh`, or by \
                 `(cd tools && npm ci) && node tools/editor/build.mjs` from the repository root"
            );
        }
    }
}
