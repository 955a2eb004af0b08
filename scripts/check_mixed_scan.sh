#!/usr/bin/env bash
# One bad file never spoils an archive: scans the whole shared archive alone,
# then the same archive with every file of the shared bad corpus beside it,
# and checks that
#   - the mixed scan exits 0 and lists each bad file in errors.jsonl (or reads
#     it as a meeting where bad/expected.json says `ok`), never as a panic;
#   - every archive action and meeting record is byte-identical in both runs
#     (actions.jsonl, meetings.jsonl; carried-forward links included).
# The same check runs in `cargo test --test scan_bad` on the bundled sample;
# this script is the full-size version and needs ../shared.
#
# Usage: scripts/check_mixed_scan.sh [SHARED_DIR] (default ../shared)
# Env:   JOBS=2 (scan -j)
# Exit:  0 when both checks hold, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
jobs=${JOBS:-2}
[ -d "$shared/corpus/archive" ] && [ -d "$shared/corpus/bad" ] ||
  { echo "check_mixed_scan: no $shared/corpus/{archive,bad}" >&2; exit 2; }
. scripts/target_dir.sh
cargo build --release --quiet --bin minutes
bin="$(target_dir release)/minutes"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-mixed.XXXXXX")
[ -n "${KEEP:-}" ] && echo "kept: $tmp" || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/archive"
cp "$shared"/corpus/archive/*.pdf "$tmp/root/archive/"
/usr/bin/time -f '%e s wall, %M KiB peak' -o "$tmp/time-alone" \
  "$bin" scan --quiet --no-cache -j "$jobs" "$tmp/root" -o "$tmp/alone"
mkdir -p "$tmp/root/bad"
cp "$shared"/corpus/bad/*.pdf "$tmp/root/bad/"
set +e
/usr/bin/time -f '%e s wall, %M KiB peak' -o "$tmp/time-mixed" \
  "$bin" scan --quiet --no-cache -j "$jobs" "$tmp/root" -o "$tmp/mixed" 2>"$tmp/mixed.err"
rc=$?
set -e
echo "alone: $(cat "$tmp/time-alone"); mixed: $(cat "$tmp/time-mixed"), exit $rc"

python3 - "$tmp" "$shared/corpus/bad/expected.json" "$rc" <<'PY'
import json, os, sys
tmp, expected_path, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
expected = json.load(open(expected_path))

def lines(run, name):
    with open(os.path.join(tmp, run, name), encoding="utf-8") as f:
        return f.read().splitlines()

def is_bad(line):
    return "/bad/" in json.loads(line).get("document", "")

ok = rc == 0
if not ok:
    print(f"FAIL: the mixed scan exited {rc}")
for name in ("actions.jsonl", "meetings.jsonl"):
    alone = lines("alone", name)
    mixed = [l for l in lines("mixed", name) if not is_bad(l)]
    same = alone == mixed
    ok &= same
    print(f"{name}: {len(alone)} archive lines alone, {len(mixed)} in the mixed run, "
          + ("identical" if same else "DIFFERENT"))

errors = {os.path.basename(json.loads(l)["document"]): json.loads(l)
          for l in lines("mixed", "errors.jsonl") if is_bad(l)}
meetings = {os.path.basename(json.loads(l)["document"])
            for l in lines("mixed", "meetings.jsonl") if is_bad(l)}
actions = {}
for l in lines("mixed", "actions.jsonl"):
    if is_bad(l):
        d = os.path.basename(json.loads(l)["document"])
        actions[d] = actions.get(d, 0) + 1
for name in sorted(os.listdir(os.path.join(tmp, "root", "bad"))):
    want = expected.get(name, {}).get("expect", "error")
    err = errors.get(name)
    kind = err["kind"] if err else None
    good = kind != "panic" and (
        (want == "ok" and actions.get(name, 0) > 0) or (want != "ok" and err is not None))
    ok &= good
    cause = f"{kind}: {err.get('message', err.get('error', ''))}" if err else "read"
    print(f"  {'ok  ' if good else 'FAIL'} {name}: expect {want}; {actions.get(name, 0)} actions; {cause}")
print("check_mixed_scan:", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
