#!/usr/bin/env python3
"""Checks `minutes text --json` against the gold files of the corpus.

For every PDF with a NAME.gold.json beside it:
  (a) each gold `key` phrase is found in the text (white space folded);
  (b) each gold owner token ("/".join(owners), e.g. MA/LMcV) is a line of its
      own whose x0 lies in the right-hand column (x0 > 0.7 x page width),
      at least as many times as gold actions carry that token. A token the
      PDF itself wraps inside its Action cell (`SS/DC/` over `LMcV`) cannot
      be one line: it still fails, marked as wrapped. Styles without an
      Action column (`label`, `names`: `Action: KB` inline) skip (b).

Keys are searched in the minute text: the lines left of the right-hand
column, in reading order. Owner cells sit on the same row as the line where
their segment starts, so a key that begins mid-line would otherwise be cut
by its own owner token (`... MA and` / `MA/LMcV` / `LMcV to speak ...`).

Usage: scripts/check_text.py [--bin PATH] [-v] [DIRS...]
  (default DIRS: ../shared/corpus/seed ../shared/corpus/archive, relative to
  the repository root). Exit status 1 when anything fails.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_bin():
    """The release binary: .cargo/config.toml builds for the host triple
    by name, so it lands in target/<host triple>/release/."""
    host = subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout
    triple = next(l.split(": ", 1)[1] for l in host.splitlines() if l.startswith("host: "))
    return os.path.join(ROOT, "target", triple, "release", "minutes")


def shared(*parts):
    """../shared relative to the repository root (one level further up when
    the checkout is a worktree under wt/)."""
    for up in ("..", "../.."):
        p = os.path.normpath(os.path.join(ROOT, up, "shared", *parts))
        if os.path.isdir(p):
            return p
    return os.path.normpath(os.path.join(ROOT, "..", "shared", *parts))
RIGHT = 0.7  # right-hand column: x0 > RIGHT * page width
# Gold styles that print owners inline (`Action: KB` under the paragraph)
# instead of in an Action column: check (b) does not apply to them.
NO_ACTION_COLUMN = {"label", "names"}


def fold(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def gold_pdfs(dirs):
    for d in dirs:
        for name in sorted(os.listdir(d)):
            if name.endswith(".pdf"):
                gold = os.path.join(d, name[:-4] + ".gold.json")
                if os.path.exists(gold):
                    yield os.path.join(d, name), gold


def check(binary, pdf, gold_path, verbose):
    gold = json.load(open(gold_path, encoding="utf-8"))
    proc = subprocess.run([binary, "text", "--json", pdf], capture_output=True, text=True)
    if proc.returncode != 0:
        return None, [f"{pdf}: minutes failed ({proc.returncode}): {proc.stderr.strip()}"]
    doc = json.loads(proc.stdout)
    main, right, wrapped = [], Counter(), Counter()
    for page in doc["pages"]:
        prev = None
        for line in page["lines"]:
            if line["bbox"][0] > RIGHT * page["width"]:
                t = line["text"].strip()
                right[t] += 1
                # An owner cell the PDF itself wraps (`SS/DC/` over `LMcV`).
                if prev is not None and prev.endswith("/"):
                    wrapped[prev + t] += 1
                prev = t
            else:
                main.append(line["text"])
    text = " " + fold(" ".join(main)) + " "
    failures = []
    keys = [a["key"] for a in gold["actions"]]
    for k in keys:
        if fold(k) not in text:
            failures.append(f"{pdf}: key not found: {k!r}")
    want = Counter("/".join(a["owners"]) for a in gold["actions"])
    if gold.get("style") in NO_ACTION_COLUMN:
        want = Counter()
    for tok, n in sorted(want.items()):
        if right[tok] < n:
            note = ""
            if right[tok] + wrapped[tok] >= n:
                note = " (wrapped over two lines in the PDF's own Action cell)"
            failures.append(
                f"{pdf}: owner {tok!r}: {right[tok]} right-column line(s) of its own, want {n}{note}"
            )
    counts = (len(keys), sum(want.values()))
    if verbose:
        print(f"{pdf}: {len(keys)} keys, {sum(want.values())} owner tokens, {len(failures)} failures")
    return counts, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--bin", default=release_bin())
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    dirs = a.dirs or [shared("corpus", "seed"), shared("corpus", "archive")]
    files = keys = owners = bad_files = 0
    failures = []
    for pdf, gold in gold_pdfs(dirs):
        files += 1
        counts, f = check(a.bin, pdf, gold, a.verbose)
        if counts:
            keys += counts[0]
            owners += counts[1]
        if f:
            bad_files += 1
            failures.extend(f)
    for f in failures:
        print(f)
    miss_keys = sum(1 for f in failures if ": key not found:" in f)
    miss_own = sum(1 for f in failures if ": owner " in f)
    wrapped = sum(1 for f in failures if "(wrapped" in f)
    crashed = sum(1 for f in failures if ": minutes failed" in f)
    print(
        f"check_text: {files} files, {keys} keys ({miss_keys} missing), "
        f"{owners} owner tokens ({miss_own} tokens failing, {wrapped} of them wrapped by the PDF), "
        f"{crashed} files unreadable, "
        f"{bad_files} files with failures"
    )
    return 1 if failures or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
