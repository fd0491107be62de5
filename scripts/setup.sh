#!/usr/bin/env bash
# Installs what building, serving and testing need, skipping whatever is already there at the
# right version. Versions verified on this project's machines (see docs/development.md).
# Safe to run repeatedly; CI runs it on every clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14   # trunk 0.22 needs a newer rustc than the machine's 1.95
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first (https://rustup.rs)" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or later" >&2; exit 1; }

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Without --locked: a locked dependency of the CLI is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt (binaryen 132, a Node build), playwright-core, esbuild, the CodeMirror packages of
# the editor, dagre (the chain diagram's layout) and TypeScript (which checks the JavaScript
# API's declarations), from tools/package-lock.json; installed again whenever the lock file
# changes.
if [ -x tools/node_modules/.bin/wasm-opt ] && cmp -s tools/package-lock.json tools/node_modules/.installed-package-lock.json; then
  say "tools/node_modules (binaryen, playwright-core, esbuild, CodeMirror, dagre, TypeScript): present"
else
  say "installing tools/node_modules (binaryen, playwright-core, esbuild, CodeMirror, dagre, TypeScript)"
  (cd tools && npm ci --no-audit --no-fund)
  cp tools/package-lock.json tools/node_modules/.installed-package-lock.json
fi

# The editor's and the chain diagram's bundles (web/js/build/editor.bundle.js and
# diagram.bundle.js), which the web crate imports: rebuilt when web/js/editor.js, diagram.js or
# the packages changed (written only when their content does).
node tools/editor/build.mjs

# Debian's Chromium and ChromeDriver for the browser tests (no browser download works here).
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "chromium and chromedriver: present"
elif [ "${SKIP_BROWSER_INSTALL:-}" = 1 ]; then
  say "chromium missing, SKIP_BROWSER_INSTALL=1: browser tests will not run"
else
  say "installing chromium and chromium-driver (Debian packages)"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver
fi
