#!/usr/bin/env bash
# Accuracy of `minutes actions` against the gold labels.
#
# usage: scripts/eval.sh [--per-file] [SHARED_DIR]
#
# Builds the release binary, runs `minutes actions --jsonl` over
#   SHARED_DIR/corpus/seed + SHARED_DIR/corpus/archive   (gold beside each PDF)
#   SHARED_DIR/realworld                                 (gold in realworld/gold)
# and scores each with SHARED_DIR/tools/score.py. SHARED_DIR defaults to
# ../shared relative to the repository root. Outputs go to target/eval/.
# EVAL_PROFILE=debug uses the debug build instead (quicker while iterating).
set -euo pipefail
cd "$(dirname "$0")/.."
per_file=()
shared=../shared
for a in "$@"; do
  case "$a" in
    --per-file) per_file=(--per-file) ;;
    *) shared="$a" ;;
  esac
done
. "$(dirname "$0")/target_dir.sh"
profile="${EVAL_PROFILE:-release}"
if [ "$profile" = release ]; then
  cargo build --release --quiet
  bin=$(target_dir release)/minutes
else
  cargo build --quiet
  bin=$(target_dir debug)/minutes
fi
out=target/eval
rm -rf "$out" && mkdir -p "$out/gold-seed-archive"
# score.py reads every *.gold.json under a folder: gather seed + archive gold
# (and nothing from tests/data/bad) in one place.
cp "$shared"/corpus/seed/*.gold.json "$shared"/corpus/archive/*.gold.json "$out/gold-seed-archive/"

# Unreadable files print one line each on stderr and the batch goes on.
"$bin" actions --jsonl "$shared"/corpus/seed/*.pdf "$shared"/corpus/archive/*.pdf \
  > "$out/seed-archive.jsonl" 2> "$out/seed-archive.errors" || true
"$bin" actions --jsonl "$shared"/realworld/*.pdf \
  > "$out/realworld.jsonl" 2> "$out/realworld.errors" || true

echo "== seed + archive"
cat "$out/seed-archive.errors"
python3 "$shared/tools/score.py" "$out/gold-seed-archive" "$out/seed-archive.jsonl" "${per_file[@]}"
echo "== realworld"
cat "$out/realworld.errors"
python3 "$shared/tools/score.py" "$shared/realworld/gold" "$out/realworld.jsonl" "${per_file[@]}"
