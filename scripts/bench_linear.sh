#!/usr/bin/env bash
# Time of `minutes actions` on generated documents of 100, 200, 400 and 800
# pages of labelled lines (scripts/gen_labelled_pdf.py): it must grow
# linearly with the pages (issue: the label search was quadratic).
#
# usage: scripts/bench_linear.sh [PAGES...]     (release build; best of 3)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/target_dir.sh
cargo build --release --quiet
bin=$(target_dir release)/minutes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' 'max_millis = 600000' > "$tmp/limits.toml"
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(100 200 400 800)
printf '%6s %8s %10s %12s\n' pages actions seconds ms/page
for n in "${pages[@]}"; do
  python3 scripts/gen_labelled_pdf.py "$n" "$tmp/p$n.pdf"
  best=
  for _ in 1 2 3; do
    s=$(date +%s.%N)
    "$bin" actions --jsonl --limits "$tmp/limits.toml" "$tmp/p$n.pdf" > "$tmp/out.jsonl" 2>/dev/null || true
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf '%6d %8d %10.3f %12.3f\n' "$n" "$(wc -l < "$tmp/out.jsonl")" "$best" "$(echo "$best * 1000 / $n" | bc -l)"
done
