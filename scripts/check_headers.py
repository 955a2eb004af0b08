#!/usr/bin/env python3
"""Evaluation script (not a test): compares the meeting date and the
organisation `minutes actions --json` reads from each real PDF in
../shared/realworld with the gold files. Usage:
    python3 scripts/check_headers.py [BIN] [-v]
"""
import json, os, subprocess, sys, glob

BIN = next((a for a in sys.argv[1:] if not a.startswith('-')),
           'target/x86_64-unknown-linux-gnu/debug/minutes')
VERBOSE = '-v' in sys.argv
ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'realworld')

def norm(s):
    return ' '.join((s or '').lower().replace('&', 'and').split())

n = date_ok = date_none = org_ok = org_empty = org_wrong = 0
for pdf in sorted(glob.glob(os.path.join(ROOT, '*.pdf'))):
    name = os.path.basename(pdf)
    gpath = os.path.join(ROOT, 'gold', name[:-4] + '.gold.json')
    if not os.path.exists(gpath):
        continue
    gold = json.load(open(gpath))
    r = subprocess.run([BIN, 'actions', '--json', pdf], capture_output=True, text=True)
    try:
        got = json.loads(r.stdout)
    except ValueError:
        got = {}
    if isinstance(got, list):
        got = got[0] if got else {}
    n += 1
    d, o = got.get('meeting_date'), got.get('organisation') or ''
    date_ok += d == gold.get('meeting_date')
    date_none += d is None
    if norm(o) == norm(gold.get('organisation')):
        org_ok += 1; mark = 'ok'
    elif not o:
        org_empty += 1; mark = 'EMPTY'
    else:
        org_wrong += 1; mark = 'WRONG'
    if VERBOSE or d != gold.get('meeting_date') or mark != 'ok':
        print(f"{name:60} date {d} (gold {gold.get('meeting_date')})  org {mark}: {o!r} (gold {gold.get('organisation')!r})")
print(f"files {n}: date right {date_ok}, date missing {date_none}, "
      f"date wrong {n - date_ok - date_none}; organisation right {org_ok}, "
      f"empty {org_empty}, wrong {org_wrong}")
