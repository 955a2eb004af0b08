#!/usr/bin/env bash
# Scale benchmark of `minutes scan` (issue 4): the archive replicated to N files.
#
# usage: scripts/bench_scale.sh [ARCHIVE] [N] [SMALL]
#   ARCHIVE  folder of minutes PDFs to replicate (default: ../shared/corpus/archive
#            beside the checkout, or ../../shared/... from a worktree)
#   N        files in the large run (default 10000)
#   SMALL    files in the small run (default N/4)
#
# Copies are made under new names in sub-folders of 500, and each copy gets a
# unique `%copy N` comment after `%%EOF` (PDF readers ignore it) so that no two
# files share content: identical files would be read once (deduplicated by hash).
# Every run uses --no-cache. Measures, with /usr/bin/time -v:
#   - N files, -j 2: wall time, peak memory (max RSS), pages/s;
#   - SMALL files, -j 1 and -j 2: the speed-up from 1 to 2 threads;
#   - peak memory at SMALL vs N files (-j 2): memory must not grow with the
#     number of files beyond what the outputs need.
# SIZES="10000 30000 100000" scripts/bench_scale.sh [ARCHIVE]: the scale series
# (below), one -j 2 run per size.
# CPU heavy (release build, several minutes on 2 cores): run it on purpose, on
# an otherwise idle machine (the speed-up means nothing when other jobs take
# the second core; `cpu=` shows the share the run got).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-}
if [ -z "$src" ]; then
  for c in "$repo/../shared/corpus/archive" "$repo/../../shared/corpus/archive"; do
    if [ -d "$c" ]; then src=$c; break; fi
  done
fi
[ -n "$src" ] && [ -d "$src" ] || { echo "no archive folder (give ARCHIVE)" >&2; exit 2; }
n=${2:-10000}
small=${3:-$((n / 4))}

# MINUTES_BIN: another binary (e.g. a debug build for a dry run of the script).
if [ -n "${MINUTES_BIN:-}" ]; then
  bin=$MINUTES_BIN
else
  (cd "$repo" && cargo build --release --quiet)
  . "$repo/scripts/target_dir.sh"
  bin="$(target_dir release)/minutes"
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

replicate() { # DEST COUNT
  python3 - "$src" "$1" "$2" <<'PY'
import os, sys
src, dest, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
pdfs = sorted(f for f in os.listdir(src) if f.endswith(".pdf"))
data = {}
for i in range(count):
    name = pdfs[i % len(pdfs)]
    if name not in data:
        with open(os.path.join(src, name), "rb") as fh:
            data[name] = fh.read()
    sub = os.path.join(dest, f"batch-{i // 500:03d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{i:05d}-{name}"), "wb") as fh:
        fh.write(data[name])
        fh.write(b"\n%copy " + str(i).encode() + b"\n")
PY
}

run() { # LABEL ARCHIVE JOBS -> prints a result line
  local label=$1 archive=$2 jobs=$3 out="$tmp/out-$1"
  rm -rf "$out"
  /usr/bin/time -v "$bin" scan "$archive" -o "$out" -j "$jobs" --no-cache --quiet \
    2> "$tmp/$label.err"
  local wall rss pages
  wall=$(grep -m1 "Elapsed (wall clock)" "$tmp/$label.err" | awk '{print $NF}')
  rss=$(grep -m1 "Maximum resident set size" "$tmp/$label.err" | awk '{print $NF}')
  local cpu
  cpu=$(grep -m1 "Percent of CPU this job got" "$tmp/$label.err" | awk '{print $NF}')
  pages=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['pages'])" "$out/run.json")
  local secs
  secs=$(python3 -c "
import sys
p = [float(x) for x in sys.argv[1].split(':')]
s = 0
for x in p: s = s * 60 + x
print(s)" "$wall")
  # The size of what the run wrote (the set: JSONL, CSV, history, the
  # database, the report), and the status-history events of actions.jsonl:
  # copies of one meeting all join one chain, and each action of a chain
  # lists the chain's every event, so these grow as the square of the copies.
  local set_mib events
  set_mib=$(du -sLm "$out/current/" | awk '{print $1}')
  events=$(python3 -c "
import json, sys
n = 0
for line in open(sys.argv[1]):
    n += len(json.loads(line).get('status_history', []))
print(n)" "$out/actions.jsonl")
  echo "$label files=$(find "$archive" -name '*.pdf' | wc -l) jobs=$jobs wall_s=$secs max_rss_mib=$((rss / 1024)) cpu=$cpu pages=$pages pages_per_s=$(python3 -c "print(round($pages / $secs, 1))") outputs_mib=$set_mib status_events=$events"
  grep -E "^(minutes scan:|time:)" "$tmp/$label.err" >&2 || true
}

# SIZES="10000 30000 100000": the scale series instead (issue 15): the archive
# replicated once to the largest size, each size a folder of hard links to the
# first SIZE copies (no extra disk), one -j 2 run each; prints wall time,
# pages/s and peak RSS per size, to show whether memory stays flat. Disk: about
# 30 KB per copy (3 GB at 100,000), removed at the end.
if [ -n "${SIZES:-}" ]; then
  max=0
  for s in $SIZES; do [ "$s" -gt "$max" ] && max=$s; done
  echo "replicating $src to $max files in $tmp" >&2
  replicate "$tmp/all" "$max"
  lines=()
  for s in $SIZES; do
    dest="$tmp/n-$s"
    mkdir -p "$dest"
    python3 - "$tmp/all" "$dest" "$s" <<'PY'
import os, sys
src, dest, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i, (d, f) in enumerate(sorted((d, f) for d in os.listdir(src) for f in os.listdir(os.path.join(src, d)))):
    if i >= count:
        break
    os.makedirs(os.path.join(dest, d), exist_ok=True)
    os.link(os.path.join(src, d, f), os.path.join(dest, d, f))
PY
    line=$(run "n$s" "$dest" 2)
    echo "$line"
    lines+=("$line")
    rm -rf "$dest" "$tmp/out-n$s"
  done
  echo
  echo "| documents | wall s | pages/s | peak RSS MiB | outputs MiB | status events |"
  echo "|---|---|---|---|---|---|"
  for l in "${lines[@]}"; do
    f() { echo "$l" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }
    echo "| $(f files) | $(f wall_s) | $(f pages_per_s) | $(f max_rss_mib) | $(f outputs_mib) | $(f status_events) |"
  done
  exit 0
fi

echo "replicating $src to $n and $small files in $tmp" >&2
replicate "$tmp/large" "$n"
replicate "$tmp/small" "$small"

large=$(run large "$tmp/large" 2)
small_j2=$(run small-j2 "$tmp/small" 2)
small_j1=$(run small-j1 "$tmp/small" 1)

echo "$large"
echo "$small_j2"
echo "$small_j1"
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
python3 - "$(field "$small_j1" wall_s)" "$(field "$small_j2" wall_s)" \
  "$(field "$small_j2" max_rss_mib)" "$(field "$large" max_rss_mib)" "$small" "$n" <<'PY'
import sys
t1, t2, m_small, m_large, small, n = map(float, sys.argv[1:])
print(f"speed-up 1 -> 2 threads ({int(small)} files): {t1 / t2:.2f}x")
print(f"peak memory: {int(m_small)} MiB at {int(small)} files, {int(m_large)} MiB at {int(n)} files "
      f"(x{m_large / m_small:.2f} for x{n / small:.0f} files)")
PY
