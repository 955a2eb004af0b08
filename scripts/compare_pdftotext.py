#!/usr/bin/env python3
"""Word agreement between `minutes text` and `pdftotext -layout`.

Both outputs are split on white space into word sequences and compared with
difflib's SequenceMatcher: agreement = 2 x matched words / (words in both).
`pdftotext -layout` is the reference because it reads row by row like
`minutes text` (whose lines go top to bottom, left column first within a
row); plain `pdftotext` reads flow by flow and would count order, not words.
Both sides are NFKC-normalised first: `minutes` unfolds ligatures (`ﬁ` →
`fi`) by design, pdftotext keeps them.

Usage: scripts/compare_pdftotext.py [--bin PATH] [-v] [--show N] [DIRS or PDFs...]
  (default: ../shared/corpus/seed ../shared/corpus/archive, relative to the
  repository root). Prints one line per file below 100% (all with -v), the
  total, and exits 1 when the total is under --target (default 99%).
"""
import argparse
import difflib
import os
import subprocess
import sys
import unicodedata

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


def pdfs(args):
    for p in args:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                if name.endswith(".pdf"):
                    yield os.path.join(p, name)
        else:
            yield p


def words(cmd):
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        return None, proc.stderr.decode("utf-8", "replace").strip()
    text = unicodedata.normalize("NFKC", proc.stdout.decode("utf-8", "replace"))
    return text.split(), None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--bin", default=release_bin())
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print up to N differing spans per file")
    ap.add_argument("--target", type=float, default=99.0)
    a = ap.parse_args()
    paths = a.paths or [shared("corpus", "seed"), shared("corpus", "archive")]
    tot_match = tot_words = files = failed = 0
    for pdf in pdfs(paths):
        ours, err = words([a.bin, "text", pdf])
        ref, rerr = words(["pdftotext", "-layout", pdf, "-"])
        if ref is None:
            print(f"{pdf}: pdftotext failed: {rerr}")
            continue
        files += 1
        if ours is None:
            failed += 1
            ours = []
            print(f"{pdf}: minutes failed: {err}")
        sm = difflib.SequenceMatcher(None, ours, ref, autojunk=False)
        match = sum(b.size for b in sm.get_matching_blocks())
        n = len(ours) + len(ref)
        tot_match += match
        tot_words += n
        pct = 100.0 * 2 * match / n if n else 100.0
        if a.verbose or pct < 100.0:
            print(f"{pct:7.2f}%  {len(ours):6d} vs {len(ref):6d} words  {pdf}")
        if a.show and pct < 100.0:
            shown = 0
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op != "equal" and shown < a.show:
                    print(f"      {op}: minutes {' '.join(ours[i1:i2])!r} | pdftotext {' '.join(ref[j1:j2])!r}")
                    shown += 1
    total = 100.0 * 2 * tot_match / tot_words if tot_words else 0.0
    print(f"compare_pdftotext: {files} files, {failed} unreadable by minutes, word agreement {total:.2f}% (target {a.target}%)")
    return 0 if total >= a.target and files else 1


if __name__ == "__main__":
    sys.exit(main())
