#!/usr/bin/env bash
# Throughput of `minutes text` against `pdftotext -layout` and the floor
# (lopdf load + content-stream decoding only, examples/floor.rs), on one
# core, one process per file for all three (as pdftotext is run).
#
# Usage: scripts/bench_text.sh [ARCHIVE_DIR] (default ../shared/corpus/archive)
# Env:   RUNS=3 (best of), CORE=0 (the core taskset pins to)
# Prints pages/s for each and the ratios
#   minutes vs pdftotext (speed-up, goal >= 3) and
#   minutes time / floor time (goal <= 1.4).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/corpus/archive}
runs=${RUNS:-3}
core=${CORE:-0}
minutes=target/release/minutes
floor=target/release/examples/floor
if [ ! -x "$minutes" ] || [ ! -x "$floor" ]; then
  cargo build --release --quiet --bin minutes --example floor
fi
shopt -s nullglob
files=("$dir"/*.pdf)
[ ${#files[@]} -gt 0 ] || { echo "bench_text: no PDFs in $dir" >&2; exit 2; }

pages=0
for f in "${files[@]}"; do
  n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pages=$((pages + ${n:-0}))
done

# Best wall time over $runs runs of one process per file, pinned to $core.
best() {
  local best="" t0 t1 dt
  for ((r = 0; r < runs; r++)); do
    t0=$EPOCHREALTIME
    taskset -c "$core" bash -c '
      cmd=$1; shift
      for f in "$@"; do eval "$cmd" >/dev/null 2>&1 || true; done' _ "$1" "${files[@]}"
    t1=$EPOCHREALTIME
    dt=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then best=$dt; fi
  done
  echo "$best"
}

t_min=$(best "$minutes text \"\$f\"")
t_pdf=$(best "pdftotext -layout \"\$f\" -")
t_floor=$(best "$floor \"\$f\"")

rate() { echo "scale=1; $pages / $1" | bc -l; }
printf 'bench_text: %d files, %d pages, one core (taskset -c %s), best of %d\n' "${#files[@]}" "$pages" "$core" "$runs"
printf '  %-22s %8.3f s  %7s pages/s\n' "minutes text" "$t_min" "$(rate "$t_min")"
printf '  %-22s %8.3f s  %7s pages/s\n' "pdftotext -layout" "$t_pdf" "$(rate "$t_pdf")"
printf '  %-22s %8.3f s  %7s pages/s\n' "floor (lopdf decode)" "$t_floor" "$(rate "$t_floor")"
printf '  minutes vs pdftotext: %sx faster (goal >= 3)\n' "$(echo "scale=2; $t_pdf / $t_min" | bc -l)"
printf '  minutes time / floor time: %s (goal <= 1.4)\n' "$(echo "scale=2; $t_min / $t_floor" | bc -l)"
