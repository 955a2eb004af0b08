#!/usr/bin/env bash
# Whether two builds of `minutes` write the same outputs: a speed change must
# not change a byte of what a scan writes.
#
# usage: scripts/check_scan_same.sh OTHER_BIN [DIR...]
#   OTHER_BIN  the reference build (e.g. main's release binary)
#   DIR        folders to scan (default ../shared/corpus/archive and
#              ../shared/realworld)
# Env: MINUTES_BIN (the binary checked; default this checkout's release
#      build, rebuilt first), JOBS=2.
#
# Scans each DIR with both binaries (--no-cache) and compares every file of
# the two output folders byte for byte, after blanking what differs from run
# to run by design: the RFC 3339 times (run.json `started`/`finished`, the
# report's run facts), and minutes.sqlite by its `sqlite3 .dump`. Exits 1
# when any file differs or is missing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
other=${1:?usage: scripts/check_scan_same.sh OTHER_BIN [DIR...]}
shift
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  for s in "$repo/../shared" "$repo/../../shared"; do
    if [ -d "$s/corpus/archive" ]; then dirs=("$s/corpus/archive" "$s/realworld"); break; fi
  done
fi
[ ${#dirs[@]} -gt 0 ] || { echo "no folders to scan (give DIR)" >&2; exit 2; }
if [ -n "${MINUTES_BIN:-}" ]; then
  cur=$MINUTES_BIN
else
  (cd "$repo" && cargo build --release --quiet --bin minutes)
  . "$repo/scripts/target_dir.sh"
  cur="$(target_dir release)/minutes"
fi
j=${JOBS:-2}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-same.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The database is compared by its contents (`sqlite3 .dump`): its pages may
# be laid out otherwise by a faster build of the same rows.
norm() {
  case $1 in
    *.sqlite) sqlite3 "$1" .dump ;;
    *) sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$1" ;;
  esac
}

bad=0
for d in "${dirs[@]}"; do
  rm -rf "$tmp/a" "$tmp/b"
  "$other" scan "$d" -o "$tmp/a" --no-cache -j "$j" >/dev/null 2>&1 || true
  "$cur" scan "$d" -o "$tmp/b" --no-cache -j "$j" >/dev/null 2>&1 || true
  n=0
  for f in $(
    # The files as a reader sees them: links to the current set followed,
    # the set's own bookkeeping (.lock, .runs/) left out.
    (cd "$tmp/a" && find -L . -maxdepth 1 -type f ! -name '.*'
     cd "$tmp/b" && find -L . -maxdepth 1 -type f ! -name '.*') | sort -u); do
    n=$((n + 1))
    if [ ! -f "$tmp/a/$f" ] || [ ! -f "$tmp/b/$f" ]; then
      echo "  $d: $f only in one output"; bad=1
    elif ! cmp -s <(norm "$tmp/a/$f") <(norm "$tmp/b/$f"); then
      echo "  $d: $f DIFFERS"; bad=1
    fi
  done
  echo "$d: $n files compared"
done
if [ $bad = 0 ]; then echo "outputs identical"; else echo "outputs DIFFER"; exit 1; fi
