#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "[test] native tests (unit, integration, seed, scenario, property, conformance, doc)"
cargo test

echo "[test] the engine builds for wasm32-unknown-unknown"
cargo build --lib --target wasm32-unknown-unknown

echo "[test] the CLI evaluates the bundled example and every built-in scenario's checks pass"
cargo build --quiet --bin policy-playground
cli=target/debug/policy-playground
"$cli" eval examples/hbr-assume-role.json --json > /dev/null
for scenario in scenarios/*.json; do
  "$cli" simulate "$scenario" > /dev/null
done

echo "[test] all passed"
