#!/usr/bin/env bash
# Speed of a whole `minutes scan` against a baseline binary (issue 11: the
# scan of the archive must stay within 15% of the baseline's time).
#
# usage: scripts/bench_scan.sh BASELINE_BIN [ARCHIVE]
#   BASELINE_BIN  another build of `minutes`, e.g. a release build of an
#                 older commit in its own worktree:
#                   git worktree add /tmp/base <commit>
#                   (cd /tmp/base && cargo build --release)
#                   scripts/bench_scan.sh /tmp/base/target/<host>/release/minutes
#   ARCHIVE       folder of PDFs (default ../shared/corpus/archive)
# Env: RUNS=5 (runs of each binary per -j), JOBS="1 2" (the -j values),
#      MINUTES_BIN (the binary measured; default: this checkout's release
#      build, rebuilt first).
#
# Every run is `scan ARCHIVE -o TMP --no-cache -j J`. The two binaries run
# interleaved (the order alternates from one run to the next), so a change
# in the machine's load hits both alike. For each binary and -j it prints
# the median CPU time (task-clock of all threads, from `perf stat`, or
# user+sys from /usr/bin/time when perf is missing), the median wall time,
# the median of each stage time the scan prints on its `time:` line, and
# the ratios current / baseline. On a shared machine trust the CPU ratio:
# wall time there measures the other jobs as much as this one.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=${1:?usage: scripts/bench_scan.sh BASELINE_BIN [ARCHIVE]}
src=${2:-}
if [ -z "$src" ]; then
  for c in "$repo/../shared/corpus/archive" "$repo/../../shared/corpus/archive"; do
    if [ -d "$c" ]; then src=$c; break; fi
  done
fi
[ -n "$src" ] && [ -d "$src" ] || { echo "no archive folder (give ARCHIVE)" >&2; exit 2; }
[ -x "$base" ] || { echo "baseline binary $base is not executable" >&2; exit 2; }
runs=${RUNS:-5}
jobs=${JOBS:-1 2}
if [ -n "${MINUTES_BIN:-}" ]; then
  cur=$MINUTES_BIN
else
  (cd "$repo" && cargo build --release --quiet --bin minutes)
  . "$repo/scripts/target_dir.sh"
  cur="$(target_dir release)/minutes"
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-bench-scan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
use_perf=0
if command -v perf >/dev/null && perf stat -x, -e task-clock -o "$tmp/probe" true 2>/dev/null; then
  use_perf=1
fi

# one BIN TAG J: one scan; appends "cpu_ms wall_ms find hash read history write"
# (stage times in ms) to $tmp/TAG-J.
one() {
  local bin=$1 tag=$2 j=$3 out="$tmp/out-$2" t0 t1 cpu
  rm -rf "$out"
  t0=$(date +%s%N)
  if [ $use_perf = 1 ]; then
    perf stat -x, -e task-clock -o "$tmp/perf" \
      "$bin" scan "$src" -o "$out" --no-cache -j "$j" 2>"$tmp/err" >/dev/null
    t1=$(date +%s%N)
    cpu=$(awk -F, '/task-clock/ {printf "%.0f", $1}' "$tmp/perf")
  else
    /usr/bin/time -f "%U %S" -o "$tmp/time" \
      "$bin" scan "$src" -o "$out" --no-cache -j "$j" 2>"$tmp/err" >/dev/null
    t1=$(date +%s%N)
    cpu=$(awk '{printf "%.0f", ($1 + $2) * 1000}' "$tmp/time")
  fi
  # "time: find 0.04 s, hash 0.07 s, read 9.38 s, history 0.20 s, write 0.41 s"
  local stages
  stages=$(sed -n 's/^time: //p' "$tmp/err" | tr ',' '\n' |
    awk '{printf " %s=%.0f", $1, $2 * 1000}')
  echo "$cpu $(((t1 - t0) / 1000000))$stages" >>"$tmp/$tag-$j"
}

# median FILE FIELD: the median of a numeric field (a number, or a stage
# name whose "name=ms" entries are read).
median() {
  awk -v f="$2" '{
      if (f ~ /^[0-9]+$/) v = $f
      else { v = ""; for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) v = kv[2] } }
      if (v != "") print v
    }' "$1" | sort -n | awk '{ a[n++] = $1 } END {
      if (n == 0) { print "-"; exit }
      print (n % 2) ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2
    }'
}

echo "archive: $src ($(find "$src" -name '*.pdf' | wc -l) PDFs), $runs runs each, interleaved"
echo "baseline: $base"
echo "current:  $cur"
for j in $jobs; do
  for ((r = 0; r < runs; r++)); do
    if ((r % 2 == 0)); then
      one "$base" base "$j"; one "$cur" cur "$j"
    else
      one "$cur" cur "$j"; one "$base" base "$j"
    fi
  done
  echo
  echo "-j $j (medians, ms)"
  printf '%-9s %8s %8s' "" cpu wall
  stages="find hash read history write"
  for s in $stages; do printf ' %8s' "$s"; done
  echo
  for tag in base cur; do
    printf '%-9s %8s %8s' "$tag" "$(median "$tmp/$tag-$j" 1)" "$(median "$tmp/$tag-$j" 2)"
    for s in $stages; do printf ' %8s' "$(median "$tmp/$tag-$j" "$s")"; done
    echo
  done
  awk -v c="$(median "$tmp/cur-$j" 1)" -v b="$(median "$tmp/base-$j" 1)" \
    -v cw="$(median "$tmp/cur-$j" 2)" -v bw="$(median "$tmp/base-$j" 2)" \
    'BEGIN { printf "ratio cur/base: cpu %.3f  wall %.3f\n", c / b, cw / bw }'
done
