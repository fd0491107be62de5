#!/usr/bin/env bash
# Side-by-side, whole-process comparison of `policy-playground eval --json` (release build)
# with the reference simulator, npm @cloud-copilot/iam-simulate run with Node, on the same
# generated AWS cases. For each generator mode it prints each tool's median wall time, the
# speed ratio and how many decisions agree, then one table of all modes. See BENCHMARKS.md.
#
# Usage: scripts/bench-vs-reference.sh [CASES]        (default 10000)
# Environment:
#   MODE=both          generator mode (scripts/gen-aws-cases.mjs --mode): `repeated` (statements
#                      drawn from templates, about 8,000 distinct among 99,000 in 10,000 cases),
#                      `distinct` (no statement or policy text occurs twice), or `both` (the
#                      default: one mode after the other with the same binary and reference
#                      install, and one table of both at the end)
#   RUNS=5             timed runs per tool and mode (the median is reported); one untimed
#                      warm-up run first
#   CHUNK=10000        cases per file for policy-playground (one file, one process, as the
#                      reference reads them; case files may hold up to 64 MiB)
#   REF_VERSION=0.1.173  version of @cloud-copilot/iam-simulate to install
#   SHOW=3             example cases printed per kind of disagreement
#   BIN=PATH           time this policy-playground binary instead of building this checkout's
#   NO_HYPERFINE=1     time with `date +%s%N` even when hyperfine is installed
#
# Needs cargo, node (>= 18) and npm, and the npm registry. Everything it downloads or
# generates goes into a temporary folder that is removed on exit.

set -euo pipefail

CASES="${1:-10000}"
MODE="${MODE:-both}"
RUNS="${RUNS:-5}"
CHUNK="${CHUNK:-10000}"
REF_VERSION="${REF_VERSION:-0.1.173}"
SHOW="${SHOW:-3}"
TARGET_RATIO=50

say() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

[[ "$CASES" =~ ^[1-9][0-9]*$ ]] || die "CASES must be a positive whole number, got '$CASES'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number, got '$RUNS'"
[[ "$CHUNK" =~ ^[1-9][0-9]*$ ]] || die "CHUNK must be a positive whole number, got '$CHUNK'"
case "$MODE" in
  both) MODES=(repeated distinct) ;;
  repeated | distinct) MODES=("$MODE") ;;
  *) die "MODE must be repeated, distinct or both, got '$MODE'" ;;
esac
for tool in cargo node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (needed: cargo, node, npm)"
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 18)) || die "node 18 or newer is needed, found $(node --version)"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS="$ROOT/scripts"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pp-bench-vs-reference.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n "${BIN:-}" ]]; then
  [[ -x "$BIN" ]] || die "BIN=$BIN is not an executable file"
  say "timing the given binary $BIN"
else
  say "building the release binary"
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin policy-playground
  TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --manifest-path "$ROOT/Cargo.toml" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
  BIN="$TARGET_DIR/release/policy-playground"
  [[ -x "$BIN" ]] || die "the build did not produce $BIN"
fi

say "installing @cloud-copilot/iam-simulate@$REF_VERSION into $WORK/ref"
mkdir -p "$WORK/ref"
printf '{"name":"pp-bench-reference","private":true,"type":"module"}\n' >"$WORK/ref/package.json"
if ! npm install --prefix "$WORK/ref" --no-audit --no-fund --loglevel=error \
  "@cloud-copilot/iam-simulate@$REF_VERSION" >"$WORK/npm.log" 2>&1; then
  cat "$WORK/npm.log" >&2
  die "npm install of @cloud-copilot/iam-simulate@$REF_VERSION failed (is the npm registry reachable?)"
fi
cp "$SCRIPTS/run-reference.mjs" "$WORK/ref/run-reference.mjs"

now_ns() { date +%s%N; }
median() { sort -n | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else printf "%.0f\n", (v[NR/2]+v[NR/2+1])/2}'; }

# Prints the median wall time of a command in nanoseconds; the single times go to $WORK/times-LABEL.
time_median_ns() {
  local script="$1" label="$2"
  if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null 2>&1; then
    hyperfine --style none --runs "$RUNS" --export-json "$WORK/hyperfine-$label.json" \
      "bash $script" >/dev/null 2>&1 || die "hyperfine failed on $label"
    node -e 'const r=require(process.argv[1]).results[0]; console.log(r.times.map(t=>Math.round(t*1e3)).join(" ") +
      `; CPU (user+sys, mean) ${Math.round((r.user+r.system)*1e3)}`)' \
      "$WORK/hyperfine-$label.json" >"$WORK/times-$label"
    node -e 'const r=require(process.argv[1]).results[0]; console.log(Math.round(r.median*1e9))' \
      "$WORK/hyperfine-$label.json"
  else
    local i start end
    for ((i = 0; i < RUNS; i++)); do
      start="$(now_ns)"
      bash "$script"
      end="$(now_ns)"
      echo $((end - start))
    done >"$WORK/times-$label"
    awk '{printf "%s%d", (NR > 1 ? " " : ""), $1 / 1e6} END {print ""}' "$WORK/times-$label" >"$WORK/times-$label.ms"
    mv "$WORK/times-$label.ms" "$WORK/times-$label"
    tr ' ' '\n' <"$WORK/times-$label" | awk '{print $1 * 1e6}' | median
  fi
}

timer="date +%s%N"
if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null 2>&1; then timer="hyperfine"; fi

# One generator mode: generate, check that both tools run, time them, compare the decisions,
# print the mode's report and add its row to $WORK/table.
run_mode() {
  local mode="$1"
  local dir="$WORK/$mode"
  mkdir -p "$dir"
  say "[$mode] generating $CASES cases in both formats"
  node "$SCRIPTS/gen-aws-cases.mjs" --count "$CASES" --chunk "$CHUNK" --mode "$mode" --stats \
    --ours-dir "$dir/ours" --reference "$dir/reference.json" 2>"$dir/stats.txt"
  local files=("$dir"/ours/cases-*.json)
  local ours_bytes ref_bytes
  ours_bytes="$(cat "${files[@]}" | wc -c)"
  ref_bytes="$(wc -c <"$dir/reference.json")"

  # One command per tool, so both are timed the same way: whole processes, output to a file.
  printf '#!/usr/bin/env bash\nset -euo pipefail\nfor f in "%s"/ours/cases-*.json; do "%s" eval "$f" --json; done >"%s/ours.jsonl"\n' \
    "$dir" "$BIN" "$dir" >"$dir/run-ours.sh"
  printf '#!/usr/bin/env bash\nset -euo pipefail\ncd "%s/ref"\nnode run-reference.mjs "%s/reference.json" >"%s/reference.txt" 2>"%s/reference.err"\n' \
    "$WORK" "$dir" "$dir" "$dir" >"$dir/run-reference.sh"

  say "[$mode] warm-up run of each tool (also checks that both run)"
  bash "$dir/run-ours.sh" || die "policy-playground failed"
  if ! bash "$dir/run-reference.sh"; then
    cat "$dir/reference.err" >&2
    die "the reference run failed"
  fi
  local out lines
  for out in ours.jsonl reference.txt; do
    lines="$(wc -l <"$dir/$out")"
    ((lines == CASES)) || die "$out has $lines lines, expected $CASES"
  done

  say "[$mode] timing $RUNS runs of each tool with $timer (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
  local ours_ns ref_ns agreement
  ours_ns="$(time_median_ns "$dir/run-ours.sh" "ours-$mode")"
  ref_ns="$(time_median_ns "$dir/run-reference.sh" "reference-$mode")"

  say "[$mode] comparing decisions"
  agreement="$(node "$SCRIPTS/compare-decisions.mjs" "$dir/ours.jsonl" "$dir/reference.txt" --show "$SHOW")"

  echo
  echo "[$mode] policy-playground vs @cloud-copilot/iam-simulate@$REF_VERSION: $CASES generated AWS cases"
  echo "  generator: $(cat "$dir/stats.txt")"
  awk -v o="$ours_ns" -v r="$ref_ns" -v n="$CASES" -v f="${#files[@]}" -v ob="$ours_bytes" -v rb="$ref_bytes" \
    -v target="$TARGET_RATIO" 'BEGIN {
    printf "  %-58s %9.3f s  %8.1f us/case\n", "policy-playground eval --json (" f " files, " ob " bytes)", o / 1e9, o / 1e3 / n
    printf "  %-58s %9.3f s  %8.1f us/case\n", "node + iam-simulate runSimulation (1 file, " rb " bytes)", r / 1e9, r / 1e3 / n
    ratio = r / o
    printf "  speed ratio: policy-playground is %.1fx faster (target %dx: %s)\n", ratio, target, (ratio >= target ? "met" : "NOT met")
  }'
  echo "  each run (ms): policy-playground $(cat "$WORK/times-ours-$mode"); reference $(cat "$WORK/times-reference-$mode")"
  echo "  $(cat "$dir/reference.err")"
  echo "  decisions: $agreement" | sed '2,$s/^/  /'

  awk -v m="$mode" -v o="$ours_ns" -v r="$ref_ns" -v a="${agreement%%$'\n'*}" -v target="$TARGET_RATIO" 'BEGIN {
    ratio = r / o
    sub(/^agree /, "", a)
    printf "| %-8s | %8.1f ms | %9.1f ms | %6.1fx | %-7s | %-15s |\n", m, o / 1e6, r / 1e6, ratio, (ratio >= target ? "met" : "NOT met"), a
  }' >>"$WORK/table"
}

: >"$WORK/table"
for mode in "${MODES[@]}"; do
  run_mode "$mode"
done

echo
echo "policy-playground vs @cloud-copilot/iam-simulate@$REF_VERSION, $CASES generated AWS cases per mode"
echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), node $(node --version)"
echo "timing: median of $RUNS runs ($timer), whole processes, after one warm-up run"
echo
echo "| mode     | ours median | ref. median  | ratio   | ${TARGET_RATIO}x     | decisions agree |"
echo "| -------- | ----------: | -----------: | ------: | ------- | --------------- |"
cat "$WORK/table"
