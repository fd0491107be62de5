#!/usr/bin/env bash
# Runs the cargo-fuzz targets under fuzz/ for a bounded time each (nightly and cargo-fuzz needed:
# `rustup toolchain install nightly && cargo install cargo-fuzz`).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default 120 s, every target
#
# Corpora start from examples/, scenarios/ and tests/fixtures (copied into fuzz/corpus/TARGET,
# which is not committed) with fuzz/json.dict. A crash leaves its input in fuzz/artifacts/TARGET;
# `cargo +nightly fuzz tmin TARGET FILE` minimizes it, and it becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(policy_check cases scenario wildcard share)
fi
if ! cargo +nightly --version >/dev/null 2>&1 || ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "scripts/fuzz.sh: needs the nightly toolchain and cargo-fuzz" >&2
  exit 2
fi

seed() {
  local target="$1" dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  case "$target" in
    policy_check) cp tests/fixtures/seeds/*.json examples/*.json "$dir"/ 2>/dev/null || true ;;
    cases) cp examples/*.json tests/fixtures/*.json "$dir"/ 2>/dev/null || true ;;
    scenario) cp scenarios/*.json "$dir"/ 2>/dev/null || true ;;
    wildcard)
      printf 's3:Get*\0s3:GetObject' > "$dir/prefix"
      printf '*a*a*a*a*b*\0aaaaaaaaaaaaaaaab' > "$dir/stars"
      printf '*a?a?b*\0aaaaaaaaaaaaaaaaaaaab' > "$dir/question"
      printf 'arn:aws:s3:::b/*/?\0arn:aws:s3:::b/k/\xc3\xa9' > "$dir/wide" ;;
    share)
      printf 's=1.' > "$dir/empty"
      # A deflate stream of 8 MB of zeros (a decompression bomb), base64url.
      head -c 8000000 /dev/zero | node -e 'const z=require("zlib");let b=[];process.stdin.on("data",d=>b.push(d)).on("end",()=>process.stdout.write("s=1."+z.deflateRawSync(Buffer.concat(b),{level:9}).toString("base64url")))' > "$dir/bomb" ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target: ${seconds} s"
  log="$(mktemp)"
  set +e
  cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -dict=fuzz/json.dict -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR: libFuzzer|panicked at|SUMMARY|Test unit written" "$log" || true
  if [ "$rc" -ne 0 ]; then
    echo "== $target: FAILED (exit $rc; input in fuzz/artifacts/$target)"
    tail -n 30 "$log"
    status=1
  fi
  rm -f "$log"
done
exit $status
