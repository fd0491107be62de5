#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "[test] native tests (unit, integration, seed, property, conformance, doc)"
cargo test --all-targets
cargo test --doc

echo "[test] the engine builds for wasm32-unknown-unknown"
cargo build --lib --target wasm32-unknown-unknown

echo "[test] the CLI evaluates the bundled example"
cargo run --quiet --bin policy-playground -- eval examples/hbr-assume-role.json --json > /dev/null

echo "[test] all passed"
