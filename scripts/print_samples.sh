#!/usr/bin/env bash
# Prints the project's own sample minutes from their sources with headless
# Chromium. The PDFs are committed; run this only after editing a source.
#
#   DIR/src/*.html -> DIR/*.pdf   for DIR in corpus/{columns,labels,people,headers,tutorial}
#   tests/data/not_minutes/src/*.txt -> tests/data/not_minutes/*.pdf
#                                  (plain text, printed as preformatted HTML)
#
# usage: scripts/print_samples.sh [DIR...]   (default: all of the above)
#        ONLY=stem scripts/print_samples.sh DIR   (one source of DIR)
set -euo pipefail
cd "$(dirname "$0")/.."

print() { # print HTML_FILE OUT_PDF
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$2" "file://$1" 2>/dev/null
  echo "$2"
}

dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(corpus/columns corpus/labels corpus/people corpus/headers corpus/tutorial tests/data/not_minutes)
for dir in "${dirs[@]}"; do
  for html in "$dir"/src/${ONLY:-*}.html; do
    [ -e "$html" ] || continue
    print "$PWD/$html" "$dir/$(basename "${html%.html}").pdf"
  done
  for txt in "$dir"/src/${ONLY:-*}.txt; do
    [ -e "$txt" ] || continue
    html=$(mktemp --suffix=.html)
    {
      printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
      printf 'body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;margin:1.5cm;white-space:pre-wrap}'
      printf '</style></head><body>'
      sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/\t/    /g' "$txt"
      printf '</body></html>'
    } > "$html"
    print "$html" "$dir/$(basename "${txt%.txt}").pdf"
    rm -f "$html"
  done
done
