#!/usr/bin/env bash
# Side-by-side, whole-process comparison of `policy-playground eval --json` (release build)
# with the reference simulator, npm @cloud-copilot/iam-simulate run with Node, on the same
# generated AWS cases. Prints each tool's median wall time, the speed ratio and how many
# decisions agree. See BENCHMARKS.md.
#
# Usage: scripts/bench-vs-reference.sh [CASES]        (default 10000)
# Environment:
#   RUNS=5             timed runs per tool (the median is reported); one untimed warm-up run first
#   CHUNK=10000        cases per file for policy-playground (one file, one process, as the
#                      reference reads them; case files may hold up to 64 MiB)
#   REF_VERSION=0.1.173  version of @cloud-copilot/iam-simulate to install
#   SHOW=3             example cases printed per kind of disagreement
#   NO_HYPERFINE=1     time with `date +%s%N` even when hyperfine is installed
#
# Needs cargo, node (>= 18) and npm, and the npm registry. Everything it downloads or
# generates goes into a temporary folder that is removed on exit.

set -euo pipefail

CASES="${1:-10000}"
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

say "building the release binary"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin policy-playground
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps --manifest-path "$ROOT/Cargo.toml" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
BIN="$TARGET_DIR/release/policy-playground"
[[ -x "$BIN" ]] || die "the build did not produce $BIN"

say "installing @cloud-copilot/iam-simulate@$REF_VERSION into $WORK/ref"
mkdir -p "$WORK/ref"
printf '{"name":"pp-bench-reference","private":true,"type":"module"}\n' >"$WORK/ref/package.json"
if ! npm install --prefix "$WORK/ref" --no-audit --no-fund --loglevel=error \
  "@cloud-copilot/iam-simulate@$REF_VERSION" >"$WORK/npm.log" 2>&1; then
  cat "$WORK/npm.log" >&2
  die "npm install of @cloud-copilot/iam-simulate@$REF_VERSION failed (is the npm registry reachable?)"
fi
cp "$SCRIPTS/run-reference.mjs" "$WORK/ref/run-reference.mjs"

say "generating $CASES cases in both formats"
node "$SCRIPTS/gen-aws-cases.mjs" --count "$CASES" --chunk "$CHUNK" \
  --ours-dir "$WORK/ours" --reference "$WORK/reference.json"
files=("$WORK"/ours/cases-*.json)
ours_bytes="$(cat "${files[@]}" | wc -c)"
ref_bytes="$(wc -c <"$WORK/reference.json")"

# One command per tool, so both are timed the same way: whole processes, output to a file.
cat >"$WORK/run-ours.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
for f in "$WORK"/ours/cases-*.json; do "$BIN" eval "\$f" --json; done >"$WORK/ours.jsonl"
EOF
cat >"$WORK/run-reference.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
cd "$WORK/ref"
node run-reference.mjs "$WORK/reference.json" >"$WORK/reference.txt" 2>"$WORK/reference.err"
EOF
chmod +x "$WORK/run-ours.sh" "$WORK/run-reference.sh"

say "warm-up run of each tool (also checks that both run)"
bash "$WORK/run-ours.sh" || die "policy-playground failed"
if ! bash "$WORK/run-reference.sh"; then
  cat "$WORK/reference.err" >&2
  die "the reference run failed"
fi
for out in ours.jsonl reference.txt; do
  lines="$(wc -l <"$WORK/$out")"
  ((lines == CASES)) || die "$out has $lines lines, expected $CASES"
done

now_ns() { date +%s%N; }
median() { sort -n | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else printf "%.0f\n", (v[NR/2]+v[NR/2+1])/2}'; }

# Prints the median wall time of a command in nanoseconds.
time_median_ns() {
  local script="$1" label="$2"
  if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null 2>&1; then
    hyperfine --style none --runs "$RUNS" --export-json "$WORK/hyperfine-$label.json" \
      "bash $script" >/dev/null 2>&1 || die "hyperfine failed on $label"
    node -e 'const r=require(process.argv[1]).results[0]; console.log(Math.round(r.median*1e9))' \
      "$WORK/hyperfine-$label.json"
  else
    local i start end
    for ((i = 0; i < RUNS; i++)); do
      start="$(now_ns)"
      bash "$script"
      end="$(now_ns)"
      echo $((end - start))
    done | median
  fi
}

timer="date +%s%N"
if [[ -z "${NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null 2>&1; then timer="hyperfine"; fi
say "timing $RUNS runs of each tool with $timer"
ours_ns="$(time_median_ns "$WORK/run-ours.sh" ours)"
ref_ns="$(time_median_ns "$WORK/run-reference.sh" reference)"

say "comparing decisions"
agreement="$(node "$SCRIPTS/compare-decisions.mjs" "$WORK/ours.jsonl" "$WORK/reference.txt" --show "$SHOW")"

files_count="${#files[@]}"
ref_detail="$(cat "$WORK/reference.err")"
echo
echo "policy-playground vs @cloud-copilot/iam-simulate@$REF_VERSION: $CASES generated AWS cases"
echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), node $(node --version)"
echo "timing: median of $RUNS runs ($timer), whole processes, after one warm-up run"
awk -v o="$ours_ns" -v r="$ref_ns" -v n="$CASES" -v f="$files_count" -v ob="$ours_bytes" -v rb="$ref_bytes" \
  -v target="$TARGET_RATIO" 'BEGIN {
  printf "  %-58s %9.3f s  %8.1f us/case\n", "policy-playground eval --json (" f " files, " ob " bytes)", o / 1e9, o / 1e3 / n
  printf "  %-58s %9.3f s  %8.1f us/case\n", "node + iam-simulate runSimulation (1 file, " rb " bytes)", r / 1e9, r / 1e3 / n
  ratio = r / o
  printf "  speed ratio: policy-playground is %.1fx faster (target %dx: %s)\n", ratio, target, (ratio >= target ? "met" : "NOT met")
}'
echo "  $ref_detail"
echo "  decisions: $agreement" | sed '2,$s/^/  /'
