#!/usr/bin/env bash
# Prints the label / list / status samples of corpus/labels/ from their
# HTML sources (corpus/labels/src/*.html) with headless Chromium.
# usage: scripts/make_label_samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for src in corpus/labels/src/*.html; do
  out="corpus/labels/$(basename "${src%.html}").pdf"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$out" "file://$PWD/$src" 2>/dev/null
  echo "$out"
done
