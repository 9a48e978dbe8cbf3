#!/usr/bin/env bash
# Renders the tour notebook as a page with `mk render`, then takes a screenshot of the page in
# headless Chromium (Debian's `chromium` package: apt-get install -y chromium), to look at.
# Usage: bench/render-tour.sh [OUT_DIR]   (default bench/out; writes tour.html and tour.png)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
swift build -c release --product mk
# The tour reads ../Samples/ from its folder and writes Notebooks/tour-works.svg (git-ignored).
status=0
.build/release/mk render Notebooks/tour.mk -o "$out/tour.html" || status=$?
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "no chromium: apt-get install -y chromium" >&2
  exit 1
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,"${HEIGHT:-9000}" \
  --screenshot="$out/tour.png" "file://$out/tour.html" 2>/dev/null
[ -s "$out/tour.png" ] || { echo "chromium wrote no screenshot" >&2; exit 1; }
echo "wrote $out/tour.html and $out/tour.png (mk render exit status $status)"
exit "$status"
