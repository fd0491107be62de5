#!/usr/bin/env bash
# Builds the sample documentation site (docs/site/) into one folder that a static host can serve
# from any sub-path: the pages at its top, the built playground (dist/) in playground/, and the
# scenario files the embeds load in scenarios/.
#
# Usage: bash scripts/build-site.sh [OUT_DIR] [DIST_DIR]
#   OUT_DIR defaults to target/site, DIST_DIR to dist (build it first: trunk build --release).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/target/site}"
dist="${2:-$root/dist}"
if [[ ! -f "$dist/index.html" || ! -f "$dist/policy-playground.js" ]]; then
  echo "build-site: $dist has no built playground (index.html and policy-playground.js); run 'source scripts/env.sh && trunk build --release' first" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out/playground" "$out/scenarios"
cp -R "$root/docs/site/." "$out/"
cp -R "$dist/." "$out/playground/"
cp "$root"/scenarios/*.json "$out/scenarios/"
# The JavaScript API's package, when scripts/build-js-api.sh has built it (the page's third example).
api="$root/target/js-api/pkg"
if [[ -f "$api/index.js" ]]; then
  mkdir -p "$out/api"
  cp -R "$api/." "$out/api/"
else
  echo "build-site: no JavaScript API package in $api (run scripts/build-js-api.sh); the API example will say so" >&2
fi
echo "build-site: wrote $out ($(find "$out" -type f | wc -l) files); serve it from any path, e.g. python3 -m http.server -d \"$(dirname "$out")\" and open /$(basename "$out")/"
