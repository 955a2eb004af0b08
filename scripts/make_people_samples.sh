#!/usr/bin/env bash
# Prints the attendee/owner-name samples of corpus/people from their HTML
# sources (corpus/people/src/*.html) with headless Chromium. The PDFs are
# committed; run this only after editing a source.
#
# usage: [ONLY=stem] scripts/make_people_samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for html in corpus/people/src/${ONLY:-*}.html; do
  out="corpus/people/$(basename "${html%.html}").pdf"
  chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$out" \
    --no-pdf-header-footer "file://$PWD/$html" 2>/dev/null
  echo "$out"
done
