#!/usr/bin/env bash
# Throughput of `minutes text` against `pdftotext -layout` and the floor
# (lopdf load + content-stream decoding only, examples/floor.rs), on one
# core. `minutes text` and `pdftotext -layout` run one process per file (as
# pdftotext is used); the floor takes all files as arguments in one process,
# as it is meant to (a floor without process start-ups). `minutes text` is
# also timed the same way, on all files in one process, for reference.
#
# Usage: scripts/bench_text.sh [ARCHIVE_DIR] (default ../shared/corpus/archive)
# Env:   RUNS=3 (best of), CORE=0 (the core taskset pins to)
# Prints pages/s for each and the ratios
#   minutes vs pdftotext (speed-up, goal >= 3) and
#   minutes time / floor time (goal <= 1.4).
set -euo pipefail
cd "$(dirname "$0")/.."
default=../shared/corpus/archive
# A worktree under wt/ sits one level deeper than the main checkout.
[ -d "$default" ] || [ ! -d ../../shared/corpus/archive ] || default=../../shared/corpus/archive
dir=${1:-$default}
runs=${RUNS:-3}
core=${CORE:-0}
minutes=target/release/minutes
floor=target/release/examples/floor
# Always (re)build: a stale binary would measure old code. A no-op when fresh.
cargo build --release --quiet --bin minutes --example floor
shopt -s nullglob
files=("$dir"/*.pdf)
[ ${#files[@]} -gt 0 ] || { echo "bench_text: no PDFs in $dir" >&2; exit 2; }

pages=0
for f in "${files[@]}"; do
  n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pages=$((pages + ${n:-0}))
done

# Best wall time over $runs runs, pinned to $core: `best each CMD...` runs
# CMD once per file (through xargs, no shell in between; `{}` is the file),
# `best all CMD...` runs CMD once with all files as arguments.
best() {
  local mode=$1 best="" t0 t1 dt
  shift
  for ((r = 0; r < runs; r++)); do
    t0=$EPOCHREALTIME
    if [ "$mode" = each ]; then
      printf '%s\0' "${files[@]}" |
        taskset -c "$core" xargs -0 -I{} "$@" >/dev/null 2>&1 || true
    else
      taskset -c "$core" "$@" "${files[@]}" >/dev/null 2>&1 || true
    fi
    t1=$EPOCHREALTIME
    dt=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then best=$dt; fi
  done
  echo "$best"
}

t_min=$(best each "$minutes" text {})
t_pdf=$(best each pdftotext -layout {} -)
t_floor=$(best all "$floor")
t_min1=$(best all "$minutes" text)

rate() { echo "scale=1; $pages / $1" | bc -l; }
printf 'bench_text: %d files, %d pages, one core (taskset -c %s), best of %d\n' "${#files[@]}" "$pages" "$core" "$runs"
row() { printf '  %-40s %8.3f s  %7s pages/s\n' "$1" "$2" "$(rate "$2")"; }
ratio() { echo "scale=2; $1 / $2" | bc -l | sed 's/^\./0./'; }
row "minutes text (process per file)" "$t_min"
row "pdftotext -layout (process per file)" "$t_pdf"
row "floor (lopdf load+decode, one process)" "$t_floor"
row "minutes text (one process, reference)" "$t_min1"
printf '  minutes vs pdftotext: %sx faster (goal >= 3)\n' "$(ratio "$t_pdf" "$t_min")"
printf '  minutes time / floor time: %s (goal <= 1.4); one process: %s\n' \
  "$(ratio "$t_min" "$t_floor")" "$(ratio "$t_min1" "$t_floor")"
