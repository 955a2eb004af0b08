#!/usr/bin/env bash
# Datasette serves a scan's database: installs `datasette` with pip into a
# virtual environment, starts it on 127.0.0.1 over OUT/minutes.sqlite,
# fetches the `open_actions` view as JSON and checks its rows are the open
# actions of OUT/actions.jsonl (same ids, same order, same text and page).
# Not a test (it needs pip's registry); run it on purpose.
#
# usage: scripts/datasette_check.sh [OUT]   (default: a fresh scan of corpus/)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-datasette.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
out=${1:-}
if [ -z "$out" ]; then
  if [ -n "${MINUTES_BIN:-}" ]; then
    bin=$MINUTES_BIN
  else
    cargo build --release --quiet
    . scripts/target_dir.sh
    bin="$(target_dir release)/minutes"
  fi
  out="$tmp/out"
  "$bin" scan corpus -o "$out" --quiet
fi
venv=${DATASETTE_VENV:-$tmp/venv}
if [ ! -x "$venv/bin/datasette" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet datasette
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$venv/bin/datasette" serve "$out/minutes.sqlite" --host 127.0.0.1 --port "$port" \
  --setting max_returned_rows 100000 > "$tmp/datasette.log" 2>&1 &
pid=$!
python3 - "$port" "$out/actions.jsonl" <<'PY'
import json, sys, time, urllib.request
port, actions = sys.argv[1], sys.argv[2]
url = f"http://127.0.0.1:{port}/minutes/open_actions.json?_shape=array&_size=max"
for _ in range(100):
    try:
        rows = json.load(urllib.request.urlopen(url, timeout=5))
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit(f"datasette did not answer at {url}")
want = []
for line in open(actions, encoding="utf-8"):
    a = json.loads(line)
    if (a.get("status") or "open") == "open":
        want.append(a)
got = [(r["id"], r["document"], r["page"], r["text"]) for r in rows]
exp = [(a["id"], a["document"], a["page"], a["text"]) for a in want]
owners = all(
    r["owners"] == "; ".join(n if n is not None else t for t, n in zip(a["owners"], a["owner_names"]))
    for r, a in zip(rows, want)
)
print(f"open_actions via datasette: {len(rows)} rows; actions.jsonl open: {len(want)}")
if got != exp or not owners:
    for i, (g, e) in enumerate(zip(got, exp)):
        if g != e:
            print(f"first difference at row {i}: {g} != {e}")
            break
    sys.exit("DIFFERENT")
print("same rows (id, document, page, text, owners)")
PY
