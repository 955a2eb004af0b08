#!/usr/bin/env bash
# Prints the header samples of corpus/headers/ (meeting date and
# organisation forms) from their HTML sources (corpus/headers/src/*.html)
# with headless Chromium. The file names carry the meeting's date, which
# the reading uses when the document prints no year.
# usage: scripts/make_header_samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for src in corpus/headers/src/*.html; do
  out="corpus/headers/$(basename "${src%.html}").pdf"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$out" "file://$PWD/$src" 2>/dev/null
  echo "$out"
done
