#!/usr/bin/env bash
# Throughput of `minutes text` against `pdftotext -layout` and the floor
# (lopdf load + content-stream decoding only, examples/floor.rs), on one
# core. `minutes text` and `pdftotext -layout` run one process per file (as
# pdftotext is used). The floor takes all files as arguments in one process
# (no process start-ups), and is also run one process per file; `minutes
# text` is timed both ways too, so each ratio compares like with like.
#
# Usage: scripts/bench_text.sh [ARCHIVE_DIR] (default ../shared/corpus/archive)
# Env:   RUNS=3 (best of), CORE=0 (the core taskset pins to)
# Prints wall and CPU seconds, pages/s for each, and the ratios
#   minutes vs pdftotext (speed-up, goal >= 3.5, issue 11) and
#   minutes time / floor time (goal <= 1.4).
set -euo pipefail
cd "$(dirname "$0")/.."
default=../shared/corpus/archive
# A worktree under wt/ sits one level deeper than the main checkout.
[ -d "$default" ] || [ ! -d ../../shared/corpus/archive ] || default=../../shared/corpus/archive
dir=${1:-$default}
runs=${RUNS:-3}
core=${CORE:-0}
. scripts/target_dir.sh
minutes=$(target_dir release)/minutes
floor=$(target_dir release)/examples/floor
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

# Best (lowest) wall time and CPU time (user + sys of all the processes)
# over $runs runs, pinned to $core: `best each CMD...` runs CMD once per
# file (through xargs, no shell in between; `{}` is the file), `best all
# CMD...` runs CMD once with all files as arguments. Prints "WALL CPU".
# CPU time is the steadier figure on a busy machine: wall time then also
# counts the time other processes hold the core.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
best() {
  local mode=$1 bw="" bc="" w c
  shift
  for ((r = 0; r < runs; r++)); do
    if [ "$mode" = each ]; then
      printf '%s\0' "${files[@]}" |
        /usr/bin/time -f '%e %U %S' -o "$tmp" \
          taskset -c "$core" xargs -0 -I{} "$@" >/dev/null 2>&1 || true
    else
      /usr/bin/time -f '%e %U %S' -o "$tmp" \
        taskset -c "$core" "$@" "${files[@]}" >/dev/null 2>&1 || true
    fi
    w=$(tail -n 1 "$tmp" | awk '{print $1}')
    c=$(tail -n 1 "$tmp" | awk '{print $2 + $3}')
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
    if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then bc=$c; fi
  done
  echo "$bw $bc"
}

read -r w_min c_min < <(best each "$minutes" text {})
read -r w_pdf c_pdf < <(best each pdftotext -layout {} -)
read -r w_floorn c_floorn < <(best each "$floor" {})
read -r w_min1 c_min1 < <(best all "$minutes" text)
read -r w_floor c_floor < <(best all "$floor")

rate() { echo "scale=1; $pages / $1" | bc -l; }
ratio() { echo "scale=2; $1 / $2" | bc -l | sed 's/^\./0./'; }
printf 'bench_text: %d files, %d pages, one core (taskset -c %s), best of %d\n' "${#files[@]}" "$pages" "$core" "$runs"
printf '  %-40s %9s %9s %10s %10s\n' "" "wall s" "cpu s" "pages/s" "(by cpu)"
row() { printf '  %-40s %9.3f %9.3f %10s %10s\n' "$1" "$2" "$3" "$(rate "$2")" "$(rate "$3")"; }
row "minutes text (process per file)" "$w_min" "$c_min"
row "pdftotext -layout (process per file)" "$w_pdf" "$c_pdf"
row "floor (process per file)" "$w_floorn" "$c_floorn"
row "minutes text (one process, all files)" "$w_min1" "$c_min1"
row "floor (one process, all files)" "$w_floor" "$c_floor"
printf '  minutes vs pdftotext: %sx faster by wall, %sx by cpu (goal >= 3.5)\n' \
  "$(ratio "$w_pdf" "$w_min")" "$(ratio "$c_pdf" "$c_min")"
printf '  minutes time / floor time, per file: %s wall, %s cpu (goal <= 1.4)\n' \
  "$(ratio "$w_min" "$w_floorn")" "$(ratio "$c_min" "$c_floorn")"
printf '  minutes time / floor time, one process: %s wall, %s cpu\n' \
  "$(ratio "$w_min1" "$w_floor")" "$(ratio "$c_min1" "$c_floor")"
printf '  load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
