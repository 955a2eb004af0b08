#!/usr/bin/env bash
# Takes the README screenshot of a scan's report with headless Chromium.
# Usage: [WINDOW=1400,1500] scripts/report_screenshot.sh [OUT] [PNG] [FRAGMENT]
#   OUT       folder holding report.html (default: minutes-out)
#   PNG       where to write the picture (default: docs/report.png)
#   FRAGMENT  filter state to show, as in the report's URL (default: size=25)
#   WINDOW    width,height of the page captured
# The README picture: minutes scan corpus -o minutes-out, then
#   WINDOW=1400,3400 scripts/report_screenshot.sh minutes-out docs/report.png 'cf=1&size=25'
# With Python's PIL available the PNG is reduced to a 128-colour palette.
set -euo pipefail
out="${1:-minutes-out}"
png="${2:-docs/report.png}"
frag="${3:-size=25}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
report="$(cd "$out" && pwd)/report.html"
[ -f "$report" ] || { echo "no report at $report (run minutes scan or minutes report first)" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="${WINDOW:-1400,1500}" --virtual-time-budget=5000 \
  --screenshot="$(realpath -m "$png")" "file://$report#$frag" 2>/dev/null
python3 - "$png" <<'PY' 2>/dev/null || true
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
im.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(sys.argv[1], optimize=True)
PY
echo "$png"
