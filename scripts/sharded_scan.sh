#!/usr/bin/env bash
# The sharded recipe of docs/archive.md, run here with GNU parallel: the
# per-document stage (`minutes actions --records`) over SHARDS shards of the
# archive's PDFs as separate processes, then `minutes scan --from-records`
# builds the history, database and report from their records; compared with
# a direct scan (the data outputs and the database must be identical).
#
# usage: scripts/sharded_scan.sh [ARCHIVE] [SHARDS]   (default: corpus 4)
# Needs GNU parallel (`apt-get install parallel`); the test
# tests/scan_records.rs runs the same recipe without it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
archive=${1:-corpus}
shards=${2:-4}
command -v parallel >/dev/null || { echo "GNU parallel not found (apt-get install parallel)" >&2; exit 2; }
if [ -n "${MINUTES_BIN:-}" ]; then
  bin=$MINUTES_BIN
else
  cargo build --release --quiet
  . scripts/target_dir.sh
  bin="$(target_dir release)/minutes"
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-shards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 1. The shards: the PDFs by name, split round-robin into SHARDS lists.
find "$archive" -type f -iname '*.pdf' | LC_ALL=C sort > "$tmp/all"
for k in $(seq 0 $((shards - 1))); do
  awk -v k="$k" -v n="$shards" 'NR % n == k' "$tmp/all" > "$tmp/list-$k"
done
# 2. One job per shard (on a cluster: one array task per list). A shard
#    holding a file that fails exits non-zero; its record says why.
parallel --jobs "$shards" \
  "xargs -d '\n' -a $tmp/list-{} '$bin' actions --records > $tmp/shard-{}.jsonl 2> $tmp/shard-{}.err || true" \
  ::: $(seq 0 $((shards - 1)))
# 3. Combine (the machine combining needs the records, not the PDFs).
"$bin" scan "$archive" -o "$tmp/sharded" --quiet --from-records "$tmp"/shard-*.jsonl
"$bin" scan "$archive" -o "$tmp/direct" --quiet --no-cache

status=0
for f in actions.jsonl actions.csv decisions.jsonl meetings.jsonl history.json themes.csv errors.jsonl minutes.sqlite; do
  if cmp -s "$tmp/direct/$f" "$tmp/sharded/$f"; then
    echo "same: $f"
  else
    echo "DIFFERENT: $f"; status=1
  fi
done
exit $status
