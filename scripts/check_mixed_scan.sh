#!/usr/bin/env bash
# One bad file never spoils an archive, and a full disk never spoils the
# outputs. Scans the whole shared archive alone, then the same archive with
# every file of the shared bad/ and bad2/ corpora beside it (all copied into
# one temporary folder), and checks that
#   - the mixed scan exits 0 and lists each bad file in errors.jsonl (or reads
#     it as a meeting where expected.json says `ok`), never as a panic, with
#     the kind bad2/expected.json asks for (`kind`, `not_kind`);
#   - every archive action and meeting record is byte-identical in both runs
#     (actions.jsonl, meetings.jsonl; carried-forward links included);
#   - a mixed scan into an output folder whose disk fills while the outputs
#     are written exits non-zero and leaves the previous outputs (those of
#     the archive alone) byte for byte as they were. As root the disk is a
#     real tmpfs filled to a few KiB free, then to twice as much free, and so
#     on until the run has room (every run short of room must fail cleanly,
#     the first with room must write the complete new set); otherwise the write fails through
#     the file-size limit (`ulimit -f`, SIGXFSZ ignored, so writes fail with
#     EFBIG as they would with ENOSPC).
# The same checks run in `cargo test` on bundled samples (scan_bad,
# bad2_limits, scan_outputs, scan_full_disk); this script is the full-size
# version and needs ../shared.
#
# Usage: scripts/check_mixed_scan.sh [SHARED_DIR] (default ../shared)
# Env:   JOBS=2 (scan -j), KEEP=1 (keep the temporary folder),
#        MINUTES_BIN=path (a binary already built; default: build release)
# Exit:  0 when every check holds, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
jobs=${JOBS:-2}
[ -d "$shared/corpus/archive" ] && [ -d "$shared/corpus/bad" ] && [ -d "$shared/corpus/bad2" ] ||
  { echo "check_mixed_scan: no $shared/corpus/{archive,bad,bad2}" >&2; exit 2; }
. scripts/target_dir.sh
if [ -n "${MINUTES_BIN:-}" ]; then
  bin=$MINUTES_BIN
else
  cargo build --release --quiet --bin minutes
  bin="$(target_dir release)/minutes"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-mixed.XXXXXX")
[ -n "${KEEP:-}" ] && echo "kept: $tmp" || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/archive"
cp "$shared"/corpus/archive/*.pdf "$tmp/root/archive/"
/usr/bin/time -f '%e s wall, %M KiB peak' -o "$tmp/time-alone" \
  "$bin" scan --quiet --no-cache -j "$jobs" "$tmp/root" -o "$tmp/alone"
mkdir -p "$tmp/root/bad" "$tmp/root/bad2"
cp "$shared"/corpus/bad/*.pdf "$tmp/root/bad/"
cp "$shared"/corpus/bad2/*.pdf "$tmp/root/bad2/"
set +e
/usr/bin/time -f '%e s wall, %M KiB peak' -o "$tmp/time-mixed" \
  "$bin" scan --quiet --no-cache -j "$jobs" "$tmp/root" -o "$tmp/mixed" 2>"$tmp/mixed.err"
rc=$?
set -e
echo "alone: $(cat "$tmp/time-alone"); mixed: $(cat "$tmp/time-mixed"), exit $rc"

status=0
python3 - "$tmp" "$shared/corpus" "$rc" <<'PY' || status=1
import json, os, sys
tmp, corpus, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
expected = {d: json.load(open(os.path.join(corpus, d, "expected.json"))) for d in ("bad", "bad2")}

def lines(run, name):
    with open(os.path.join(tmp, run, name), encoding="utf-8") as f:
        return f.read().splitlines()

def folder(line):
    doc = json.loads(line).get("document", "")
    for d in ("bad", "bad2"):
        if f"/{d}/" in doc:
            return d
    return None

def is_bad(line):
    return folder(line) is not None

def key(line):
    return (folder(line), os.path.basename(json.loads(line)["document"]))

ok = rc == 0
if not ok:
    print(f"FAIL: the mixed scan exited {rc}")
# A readable bad file that is a copy of an archive meeting (bad-startxref,
# object-streams and encrypted-empty-user-password are) is the same minuting
# of that meeting: the history stage keeps one status event per meeting, as
# the first document (the archive's) says it, so the archive's records stay
# byte for byte; the copy says so in a warning, counted here.
for name in ("actions.jsonl", "meetings.jsonl"):
    alone = lines("alone", name)
    mixed = [l for l in lines("mixed", name) if not is_bad(l)]
    if alone == mixed:
        print(f"{name}: {len(alone)} archive lines alone, {len(mixed)} in the mixed run, byte-identical")
        continue
    ok = False
    differ = sum(1 for a, m in zip(alone, mixed) if a != m) + abs(len(alone) - len(mixed))
    print(f"{name}: {len(alone)} archive lines alone, {len(mixed)} in the mixed run, {differ} DIFFER")
    for i, (a, m) in enumerate(zip(alone, mixed)):
        if a != m:
            print(f"  first difference, line {i + 1}:\n    alone: {a[:400]}\n    mixed: {m[:400]}")
            break
copies = [json.loads(l)["document"] for l in lines("mixed", "meetings.jsonl")
          if is_bad(l) and any(w.startswith("a copy of the minutes of")
                               for w in json.loads(l).get("warnings", []))]
print(f"bad files read as a copy of an archive meeting (warning): {len(copies)}: "
      + ", ".join(os.path.basename(c) for c in copies))

errors = {key(l): json.loads(l) for l in lines("mixed", "errors.jsonl") if is_bad(l)}
actions = {}
for l in lines("mixed", "actions.jsonl"):
    if is_bad(l):
        actions[key(l)] = actions.get(key(l), 0) + 1
meetings = {key(l) for l in lines("mixed", "meetings.jsonl") if is_bad(l)}
for d in ("bad", "bad2"):
    for name in sorted(os.listdir(os.path.join(tmp, "root", d))):
        rule = expected[d].get(name, {})
        want = rule.get("expect", "error")
        err = errors.get((d, name))
        kind = err["kind"] if err else None
        read = (d, name) in meetings
        if want == "ok":
            # Read as a meeting; `not_minutes` (read, and found to hold no
            # meeting) is a clean answer too, and said so below.
            good = read or kind == "not_minutes"
        elif want == "error":
            good = err is not None and rule.get("kind", kind) == kind
        else:  # ok_or_limit, error_or_partial, ok_or_error: anything clean
            good = read or err is not None
        good = good and kind != "panic" and (kind is None or kind != rule.get("not_kind"))
        ok &= good
        cause = f"{kind}: {err.get('message', err.get('error', ''))}" if err else "read"
        print(f"  {'ok  ' if good else 'FAIL'} {d}/{name}: expect {want}; "
              f"{actions.get((d, name), 0)} actions; {cause[:140]}")
print("mixed scan:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY

# --- a disk that fills while the outputs are written ------------------------

# Every output of OUT as "name sha256", read through the set's links.
digest() {
  (cd "$1" && for f in *; do [ -f "$f" ] && printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-64)"; done)
}

# One mixed scan into OUT on a disk about to fill: either it fails (non-zero
# exit, OUT byte for byte as it was), or, given enough room, it succeeds with
# the complete new set (the mixed run's actions and meetings). Returns 0 when
# it succeeded. $1: label, $2: OUT, then the command prefix.
full_run() {
  local label=$1 out=$2; shift 2
  local before after frc msg
  before=$(digest "$out")
  set +e
  "$@" "$bin" scan --quiet --no-cache -j "$jobs" "$tmp/root" -o "$out" >"$tmp/full.out" 2>"$tmp/full.err"
  frc=$?
  set -e
  after=$(digest "$out")
  msg=$(grep -v '^$' "$tmp/full.err" | tail -1 | cut -c1-200)
  if [ "$frc" -eq 0 ]; then
    if cmp -s "$out/actions.jsonl" "$tmp/mixed/actions.jsonl" && cmp -s "$out/meetings.jsonl" "$tmp/mixed/meetings.jsonl"; then
      echo "  ok   $label: exit 0, the complete new set written"
    else
      echo "  FAIL $label: exit 0 but the new set is not the mixed run's"
      status=1
    fi
    return 0
  fi
  if [ "$before" = "$after" ] && [ -n "$before" ]; then
    echo "  ok   $label: exit $frc, previous outputs intact ($(echo "$before" | wc -l) files); $msg"
  else
    echo "  FAIL $label: exit $frc, outputs $([ "$before" = "$after" ] && echo intact || echo CHANGED); $msg"
    status=1
  fi
  return 1
}

echo "full disk:"
mnt="$tmp/mnt"
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64m tmpfs "$mnt" 2>/dev/null; then
  # (set -e holds in the trap too: an umount of the already unmounted
  # tmpfs must not turn a PASS into its exit status.)
  trap 'rc=$?; umount "$mnt" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; exit $rc' EXIT
  # The previous outputs: the archive alone, written on the tmpfs.
  "$bin" scan --quiet --no-cache -j "$jobs" "$tmp/root/archive" -o "$mnt/out" 2>/dev/null
  # From a few KiB free (the spool fails) upwards, doubling, until the run
  # has room for everything (set files fail on the way).
  free=8
  while [ "$free" -le 65536 ]; do
    rm -f "$mnt/fill"
    # Fill the disk, then give back all but FREE KiB.
    dd if=/dev/zero of="$mnt/fill" bs=64k 2>/dev/null || true
    have=$(stat -c %s "$mnt/fill")
    truncate -s $((have > free * 1024 ? have - free * 1024 : 0)) "$mnt/fill"
    if full_run "tmpfs, ${free} KiB free" "$mnt/out"; then break; fi
    free=$((free * 2))
  done
  rm -f "$mnt/fill"
  umount "$mnt" || umount -l "$mnt" || true
else
  echo "  (not root or no tmpfs: the write fails through ulimit -f instead)"
  "$bin" scan --quiet --no-cache -j "$jobs" "$tmp/root/archive" -o "$tmp/prev" 2>/dev/null
  # 64 KiB per file, SIGXFSZ ignored: a larger write fails with EFBIG.
  full_run "ulimit -f 64" "$tmp/prev" sh -c 'trap "" XFSZ; ulimit -f 128; exec "$@"' sh || true
fi
echo "check_mixed_scan: $([ "$status" = 0 ] && echo PASS || echo FAIL)"
exit "$status"
