#!/usr/bin/env python3
"""Carried-forward links of a scan against the gold.

usage: eval_carried.py OUT [GOLD_DIR] [--per-file] [--min-f1 X]

OUT is a `minutes scan` output folder (its actions.jsonl is read); GOLD_DIR
holds NAME.gold.json files (default: ../shared/corpus/archive relative to the
repository root, or ../../shared/... from a worktree).

A gold link is a gold action with `carried_forward: true` and its
`first_date`. A predicted link is an action of actions.jsonl with
`carried_forward: true` and its `first_date`. Predicted actions are matched to
gold actions one-to-one as SHARED/tools/score.py does (same document file
name, same owners as printed or as the people they name, text containing the
gold key phrase after score.py's own folding, imported from it: set
SCORE_PY=PATH if it is elsewhere). A predicted link
is correct when its action matches a gold link with the same first_date.
Documents without gold are ignored. The last line is the summary; exit
status 1 if --min-f1 is not met.
"""
import importlib.util
import json
import os
import sys
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shared_path(*parts):
    """SHARED/parts: ../shared beside the checkout (also from a worktree one
    level deeper); the first candidate when neither exists."""
    cands = [os.path.join(REPO, up, "shared", *parts) for up in ("..", os.path.join("..", ".."))]
    return next((c for c in cands if os.path.exists(c)), cands[0])


def load_score():
    """The scorer itself ($SCORE_PY or SHARED/tools/score.py): its text
    folding and owner sets are used as they are, never copied, so that the
    links are matched exactly as score.py matches actions."""
    path = os.environ.get("SCORE_PY") or shared_path("tools", "score.py")
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or not os.path.isfile(path):
        sys.exit(f"eval_carried: no score.py at {path} (set SCORE_PY)")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_score = load_score()
norm = _score.norm
owner_set = _score.owner_set


def match(gold_actions, preds):
    """gold index -> pred index, one-to-one, first fit in reading order."""
    used, out = set(), {}
    for gi, ga in enumerate(gold_actions):
        want = owner_set(ga["owners"])
        names = ga.get("owner_names") or []
        want_names = owner_set(names) if names and all(names) else None
        keys = [norm(k) for k in [ga["key"]] + list(ga.get("alt_keys") or []) if norm(k)]
        limit = max(400, 2 * len(ga.get("segment", "")))
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            got = owner_set(p.get("owners"))
            if not (got == want or (want_names is not None and want_names in (got, owner_set(p.get("owner_names"))))):
                continue
            t = norm(p.get("text", ""))
            if any(k in t for k in keys) and len(t) <= limit:
                used.add(pi)
                out[gi] = pi
                break
    return out


def main(argv):
    per_file = "--per-file" in argv
    min_f1 = None
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--min-f1":
            min_f1 = float(argv[i + 1])
            i += 2
            continue
        if not a.startswith("--"):
            args.append(a)
        i += 1
    if not 1 <= len(args) <= 2:
        print(__doc__)
        return 2
    out = args[0]
    if len(args) > 1:
        gold_dir = args[1]
    else:
        gold_dir = shared_path("corpus", "archive")
    gold = {}
    for root, _, files in os.walk(gold_dir):
        for f in files:
            if f.endswith(".gold.json"):
                with open(os.path.join(root, f), encoding="utf-8") as fh:
                    g = json.load(fh)
                gold[os.path.basename(g["file"])] = g
    if not gold:
        print(f"no gold files in {gold_dir}")
        return 2
    preds = defaultdict(list)
    with open(os.path.join(out, "actions.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                a = json.loads(line)
                if not a.get("inferred"):
                    preds[os.path.basename(a.get("document", ""))].append(a)

    tp = fp = fn = 0
    files_read = 0
    for fname, g in sorted(gold.items()):
        ps = preds.get(fname, [])
        if fname in preds:
            files_read += 1
        m = match(g["actions"], ps)
        back = {pi: gi for gi, pi in m.items()}
        rows = []
        for gi, ga in enumerate(g["actions"]):
            if not ga.get("carried_forward"):
                continue
            pi = m.get(gi)
            p = ps[pi] if pi is not None else None
            if p is not None and p.get("carried_forward") and p.get("first_date") == ga.get("first_date"):
                tp += 1
            else:
                fn += 1
                why = "action not extracted" if p is None else (
                    "not carried" if not p.get("carried_forward") else f"first_date {p.get('first_date')}")
                rows.append(f"  missed {ga['item'] or '-'} {'/'.join(ga['owners'])} since {ga['first_date']}: {ga['key']} ({why})")
        for pi, p in enumerate(ps):
            if not p.get("carried_forward"):
                continue
            gi = back.get(pi)
            ga = g["actions"][gi] if gi is not None else None
            if ga is not None and ga.get("carried_forward") and ga.get("first_date") == p.get("first_date"):
                continue
            fp += 1
            why = "no gold action" if ga is None else (
                "gold: not carried" if not ga.get("carried_forward") else f"gold first_date {ga.get('first_date')}")
            rows.append(f"  extra {p.get('item') or '-'} {'/'.join(p.get('owners') or [])} since {p.get('first_date')}: {p.get('text', '')[:60]} ({why})")
        if per_file and rows:
            print(fname)
            for r in rows:
                print(r)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"carried-forward links: {len(gold)} gold files ({files_read} with actions), "
          f"gold {tp + fn}, predicted {tp + fp}, correct {tp}: P={p:.3f} R={r:.3f} F1={f1:.3f}")
    if min_f1 is not None and f1 < min_f1:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
