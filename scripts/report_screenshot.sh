#!/usr/bin/env bash
# Takes the README screenshot of a scan's report with headless Chromium.
# Usage: scripts/report_screenshot.sh [OUT] [PNG] [FRAGMENT]
#   OUT       folder holding report.html (default: minutes-out)
#   PNG       where to write the picture (default: docs/report.png)
#   FRAGMENT  filter state to show, as in the report's URL (default: size=25)
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
  --window-size=1400,1500 --virtual-time-budget=5000 \
  --screenshot="$(realpath -m "$png")" "file://$report#$frag" 2>/dev/null
echo "$png"
