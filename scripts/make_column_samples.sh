#!/usr/bin/env bash
# Prints the Action-column and action-log samples of corpus/columns from
# their HTML sources (corpus/columns/src/*.html) with headless Chromium.
# The PDFs are committed; run this only after editing a source.
#
# usage: [ONLY=stem] scripts/make_column_samples.sh   (ONLY: one HTML source of corpus/columns)
set -euo pipefail
cd "$(dirname "$0")/.."
for html in corpus/columns/src/${ONLY:-*}.html; do
  out="corpus/columns/$(basename "${html%.html}").pdf"
  chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$out" \
    --no-pdf-header-footer "file://$PWD/$html" 2>/dev/null
  echo "$out"
done

# Documents that are not minutes (an annual report, a business plan
# extract), printed from plain text: `minutes` must say `not_minutes`.
for txt in tests/data/not_minutes/src/*.txt; do
  stem=$(basename "${txt%.txt}")
  html=$(mktemp --suffix=.html)
  {
    printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
    printf 'body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;margin:1.5cm;white-space:pre-wrap}'
    printf '</style></head><body>'
    sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/\t/    /g' "$txt"
    printf '</body></html>'
  } > "$html"
  out="tests/data/not_minutes/$stem.pdf"
  chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$out" \
    --no-pdf-header-footer "file://$html" 2>/dev/null
  rm -f "$html"
  echo "$out"
done
