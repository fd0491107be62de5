#!/usr/bin/env bash
# Builds the JavaScript API (crates/js) into an npm package folder and prints its sizes:
#   bash scripts/build-js-api.sh [OUT]        (default OUT: target/js-api/pkg)
# cargo (wasm32, the `web` profile: opt-level z, fat LTO) -> wasm-bindgen --target web ->
# wasm-opt -Oz, then the package's own files (crates/js/package) and the action catalogues,
# which `loadCatalog` fetches on demand instead of their being compiled in.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

out="${1:-target/js-api/pkg}"
say() { printf '[js-api] %s\n' "$*"; }

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  echo "wasm-bindgen $wasm_bindgen_version is needed (Cargo.lock): run scripts/setup.sh" >&2
  exit 1
fi
command -v wasm-opt >/dev/null || { echo "wasm-opt is missing: run scripts/setup.sh (tools/node_modules)" >&2; exit 1; }

say "cargo build (wasm32-unknown-unknown, profile web)"
cargo build --quiet -p policy-playground-js --target wasm32-unknown-unknown --profile web
wasm=target/wasm32-unknown-unknown/web/policy_playground_js.wasm

rm -rf "$out"
mkdir -p "$out/catalog"
say "wasm-bindgen --target web"
wasm-bindgen --target web --out-dir "$out" "$wasm"
say "wasm-opt -Oz"
# The features rustc's wasm32 target enables by default; wasm-opt must accept what it emits.
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  "$out/policy_playground_js_bg.wasm" -o "$out/policy_playground_js_bg.wasm"

cp crates/js/package/index.js crates/js/package/index.d.ts crates/js/package/README.md "$out/"
cp crates/lint/src/catalog/aws.txt crates/lint/src/catalog/aliyun.txt "$out/catalog/"
# package.json with the crate's version, so the two never differ.
version=$(awk -F'"' '/^version = / { print $2; exit }' crates/js/Cargo.toml)
node -e '
  const fs = require("fs");
  const [from, to, version] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(from, "utf8"));
  pkg.version = version;
  fs.writeFileSync(to, JSON.stringify(pkg, null, 2) + "\n");
' crates/js/package/package.json "$out/package.json" "$version"

# Every file package.json lists must be there (npm would publish without it silently).
node -e '
  const fs = require("fs"), path = require("path");
  const dir = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const missing = pkg.files.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) { console.error("[js-api] missing from the package: " + missing.join(", ")); process.exit(1); }
' "$out"

size() {
  local file=$1 raw gz
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  printf '[js-api] %-34s %9d bytes  %8d gzipped\n' "$(basename "$file")" "$raw" "$gz"
}
say "package in $out:"
size "$out/policy_playground_js_bg.wasm"
size "$out/policy_playground_js.js"
size "$out/index.js"
size "$out/catalog/aws.txt"
size "$out/catalog/aliyun.txt"
