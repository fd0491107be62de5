#!/usr/bin/env bash
# Installs what the build and the tests need, skipping what is already there.
# Safe to run repeatedly; CI runs it on every clean clone.
set -euo pipefail

say() { printf '[setup] %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first (https://rustup.rs)" >&2; exit 1; }

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
