#!/usr/bin/env bash
# Builds and serves the playground at http://127.0.0.1:8080 (the Cloud Backup example opens
# first), installing missing tools first. Extra arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "[serve] building; then open http://127.0.0.1:8080"
exec trunk serve --release "$@"
