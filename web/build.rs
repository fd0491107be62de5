//! Checks that the code editor's bundle is there before wasm-bindgen reads it (it is built
//! from web/js/editor.js and the pinned CodeMirror packages, not kept in git).

use std::path::Path;

fn main() {
    let bundle = "js/build/editor.bundle.js";
    println!("cargo::rerun-if-changed={bundle}");
    if !Path::new(bundle).exists() {
        panic!(
            "web/{bundle} is missing: it is built by `bash scripts/setup.sh`, or by \
             `(cd tools && npm ci) && node tools/editor/build.mjs` from the repository root"
        );
    }
}
