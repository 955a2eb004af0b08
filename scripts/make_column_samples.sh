#!/usr/bin/env bash
# Prints the Action-column and action-log samples of corpus/columns from
# their HTML sources (corpus/columns/src/*.html) with headless Chromium.
# The PDFs are committed; run this only after editing a source.
#
# usage: scripts/make_column_samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for html in corpus/columns/src/*.html; do
  out="corpus/columns/$(basename "${html%.html}").pdf"
  chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$out" \
    --no-pdf-header-footer "file://$PWD/$html" 2>/dev/null
  echo "$out"
done
