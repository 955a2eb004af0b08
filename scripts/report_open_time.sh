#!/usr/bin/env bash
# Time to open the report of a 10,000-file archive, measured in headless
# Chromium (issue 5: under 2 s).
#
# usage: scripts/report_open_time.sh [ARCHIVE] [N]
#   ARCHIVE  folder of minutes PDFs (default: ../shared/corpus/archive beside
#            the checkout, or ../../shared/... from a worktree)
#   N        documents in the scale output (default 10000)
#
# Scans ARCHIVE once, then replicates its outputs (actions.jsonl,
# meetings.jsonl, errors.jsonl, run.json) to N documents under new names,
# with chain and action ids made distinct per copy: the same records a scan
# of the archive replicated to N files gives (scripts/bench_scale.sh), built
# without re-reading N PDFs. Then `minutes report` builds the page and the
# browser test opens it three times and prints, from navigation start, when
# the data was parsed, the first table page built and painted.
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
profile=${PROFILE:-debug}
cd "$repo"
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
. "$repo/scripts/target_dir.sh"
bin="$(target_dir "$profile")/minutes"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minutes-report-time.XXXXXX")
[ -z "${KEEP:-}" ] || echo "outputs kept in $tmp"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

"$bin" scan --quiet "$src" -o "$tmp/one" 2>/dev/null
python3 - "$tmp/one" "$tmp/scale" "$n" <<'PY'
import json, os, sys
one, dest, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dest, exist_ok=True)
def lines(name):
    p = os.path.join(one, name)
    return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()] if os.path.exists(p) else []
actions, meetings, errors = lines("actions.jsonl"), lines("meetings.jsonl"), lines("errors.jsonl")
docs = sorted({m["document"] for m in meetings} | {e["document"] for e in errors})
per_copy = max(1, len(docs))
copies = -(-n // per_copy)
def rename(doc, c):
    return f"copy{c:04d}/{doc}"
with open(os.path.join(dest, "actions.jsonl"), "w", encoding="utf-8") as fa, \
     open(os.path.join(dest, "meetings.jsonl"), "w", encoding="utf-8") as fm, \
     open(os.path.join(dest, "errors.jsonl"), "w", encoding="utf-8") as fe:
    total = {"documents": 0, "actions": 0, "errors": 0, "pages": 0}
    for c in range(copies):
        keep = set(docs[: n - c * per_copy]) if (c + 1) * per_copy > n else set(docs)
        for m in meetings:
            if m["document"] not in keep: continue
            m2 = dict(m, document=rename(m["document"], c),
                      action_ids=[f"{i}-{c}" for i in m.get("action_ids", [])])
            fm.write(json.dumps(m2, ensure_ascii=False) + "\n")
            total["documents"] += 1; total["pages"] += m.get("pages", 0)
        for a in actions:
            if a["document"] not in keep: continue
            a2 = dict(a, id=f'{a["id"]}-{c}', document=rename(a["document"], c))
            if a.get("chain"): a2["chain"] = f'{a["chain"]}-{c}'
            fa.write(json.dumps(a2, ensure_ascii=False) + "\n")
            total["actions"] += 1
        for e in errors:
            if e["document"] not in keep: continue
            fe.write(json.dumps(dict(e, document=rename(e["document"], c)), ensure_ascii=False) + "\n")
            total["documents"] += 1; total["errors"] += 1
run = json.load(open(os.path.join(one, "run.json"), encoding="utf-8"))
run.update(total)
json.dump(run, open(os.path.join(dest, "run.json"), "w", encoding="utf-8"), indent=2)
print(f"scale output: {total['documents']} documents, {total['actions']} actions, {total['errors']} errors")
PY
/usr/bin/time -f "minutes report ($profile): %e s, peak %M KB" "$bin" report "$tmp/scale" >/dev/null
ls -l "$tmp/scale/report.html" | awk '{printf "report.html: %.1f MB\n", $5 / 1e6}'
MINUTES_REPORT_SCALE_OUT="$tmp/scale" cargo test --quiet --test report_browser large_report_opens_fast -- --nocapture 2>&1 \
  | grep -E "report open|phases|test result|panicked" | tee "$tmp/open.log"
# The target (issue 5): the first, cold open paints its first table page in
# under 2 s. Judged here, not in the test: the test runs on debug builds and
# busy machines, where a time bound would fail at random.
cold=$(sed -n 's/^report open: cold first paint \([0-9]*\) ms$/\1/p' "$tmp/open.log")
[ -n "$cold" ] || { echo "no cold first paint time in the test's output" >&2; exit 1; }
if [ "$cold" -ge "${TARGET_MS:-2000}" ]; then
  echo "cold first paint ${cold} ms: over the ${TARGET_MS:-2000} ms target" >&2
  exit 1
fi
echo "cold first paint ${cold} ms: within the ${TARGET_MS:-2000} ms target"
