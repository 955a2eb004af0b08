#!/usr/bin/env bash
# Behaviour unchanged: runs two builds of `minutes` over every shared PDF and
# compares everything they print and write, for refactors that must not
# change a byte (issue 10).
#
#   - `text --json FILE` and `actions --json FILE` on each PDF under
#     SHARED/corpus (seed, archive, bad, bad2) and SHARED/realworld, one
#     process per file: stdout, stderr and the exit status;
#   - `scan --no-cache` of SHARED/corpus/archive, SHARED/realworld and
#     SHARED/corpus (all of it: the bad files beside the good): every file of
#     the output set, stderr and the exit status.
#
# What differs between two runs by nature is masked before comparing, and
# nothing else: run.json's `started`, `finished` (wall-clock times), the same
# two times in report.html's provenance list, and the scan summary's timings
# (`in 12.3 s (45.6 pages/s)`, the `time:` phase line and the `slowest:`
# line). Both builds scan into the same OUT path so that
# paths printed in outputs agree.
#
# Usage: scripts/check_identical.sh BASE_BIN NEW_BIN [SHARED_DIR]
#        (SHARED_DIR default ../shared; the repository's parent's `shared`)
# Env:   JOBS=2 (scan -j), KEEP=1 (keep the work folder and print its path),
#        BASE_RESULTS=DIR (keep BASE_BIN's outputs in DIR and reuse them on
#        the next run when BASE_BIN is the same file: one run per refactor
#        step instead of two)
# Exit:  0 identical, 1 different (a summary of the differences is printed),
#        2 usage.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
base=$(realpath "$1")
new=$(realpath "$2")
cd "$(dirname "$0")/.."
shared=$(realpath "${3:-../shared}")
jobs=${JOBS:-2}
for b in "$base" "$new"; do
  [ -x "$b" ] || { echo "check_identical: $b is not an executable" >&2; exit 2; }
done
[ -d "$shared/corpus" ] && [ -d "$shared/realworld" ] ||
  { echo "check_identical: no $shared/corpus or $shared/realworld" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-identical.XXXXXX")
[ -n "${KEEP:-}" ] && echo "kept: $tmp" || trap 'rm -rf "$tmp"' EXIT

# Every PDF, by path relative to SHARED, in a fixed order.
(cd "$shared" && find corpus realworld -type f -name '*.pdf' | LC_ALL=C sort) >"$tmp/files"
n=$(wc -l <"$tmp/files")

# run LABEL BIN: all outputs of BIN into $tmp/LABEL.
run() {
  local label=$1 bin=$2 out=$tmp/$1 f key cmd rc
  mkdir -p "$out/per-file"
  while IFS= read -r f; do
    key=$(printf '%s' "$f" | tr '/' '%')
    for cmd in text actions; do
      set +e
      (cd "$shared" && "$bin" "$cmd" --json "$f") \
        >"$out/per-file/$key.$cmd.out" 2>"$out/per-file/$key.$cmd.err"
      rc=$?
      set -e
      echo "$rc" >"$out/per-file/$key.$cmd.rc"
    done
  done <"$tmp/files"
  for a in corpus/archive realworld corpus; do
    key=scan-$(printf '%s' "$a" | tr '/' '%')
    rm -rf "$tmp/out"
    set +e
    "$bin" scan --quiet --no-cache -j "$jobs" "$shared/$a" -o "$tmp/out" 2>"$out/$key.err"
    rc=$?
    set -e
    echo "$rc" >"$out/$key.rc"
    mkdir -p "$out/$key"
    # The set OUT/current points at (links resolved), without the cache.
    if [ -d "$tmp/out/current" ]; then
      cp -rL "$tmp/out/current/." "$out/$key/"
    fi
    # Wall-clock values differ from run to run: mask them.
    if [ -f "$out/$key/run.json" ]; then
      sed -E -i 's/"(started|finished)": *"[^"]*"/"\1": "T"/g' "$out/$key/run.json"
    fi
    if [ -f "$out/$key/report.html" ]; then
      sed -E -i 's#(<dt>Run (started|finished)</dt><dd>)[^<]*#\1T#g' "$out/$key/report.html"
    fi
    sed -E -i -e 's/ in [0-9.]+ s( \([0-9.]+ pages\/s\))?/ in T s/' \
      -e '/^time: /d' -e '/^slowest: /d' "$out/$key.err"
    # The work folder's name (OUT is inside it) differs between runs of
    # this script (BASE_RESULTS): written as TMP.
    { grep -rlF "$tmp" "$out/$key.err" "$out/$key" || true; } | while IFS= read -r f; do
      sed -i "s#$tmp#TMP#g" "$f"
    done
  done
  rm -rf "$tmp/out"
}

t0=$(date +%s)
base_sum=$(sha256sum <"$base" | cut -d' ' -f1)
if [ -n "${BASE_RESULTS:-}" ] && [ -f "$BASE_RESULTS/bin.sha256" ] &&
  [ "$(cat "$BASE_RESULTS/bin.sha256")" = "$base_sum" ] &&
  cmp -s "$BASE_RESULTS/files" "$tmp/files"; then
  echo "check_identical: base outputs reused from $BASE_RESULTS"
  cp -r "$BASE_RESULTS/base" "$tmp/base"
else
  run base "$base"
  if [ -n "${BASE_RESULTS:-}" ]; then
    rm -rf "$BASE_RESULTS" && mkdir -p "$BASE_RESULTS"
    cp -r "$tmp/base" "$BASE_RESULTS/base"
    cp "$tmp/files" "$BASE_RESULTS/files"
    echo "$base_sum" >"$BASE_RESULTS/bin.sha256"
  fi
fi
t1=$(date +%s)
run new "$new"
t2=$(date +%s)
echo "check_identical: $n PDFs × (text --json, actions --json) + 3 scans; base $((t1 - t0)) s, new $((t2 - t1)) s"

if diff -r -q "$tmp/base" "$tmp/new" >"$tmp/diff"; then
  echo "check_identical: identical ($(find "$tmp/base" -type f | wc -l) files compared)"
  exit 0
fi
echo "check_identical: DIFFERENT ($(wc -l <"$tmp/diff") files):"
head -20 "$tmp/diff"
# The first differing file, shown.
a=$(sed -n '1s/^Files \(.*\) and .* differ$/\1/p' "$tmp/diff")
if [ -n "$a" ]; then
  diff "$a" "${a/$tmp\/base/$tmp/new}" | head -20 || true
fi
exit 1
