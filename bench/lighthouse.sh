#!/usr/bin/env bash
# Lighthouse (node_modules/.bin/lighthouse, pinned in package.json) against
# Debian's chromium on loopback: `/`, a package page and `/status` (when the
# route exists) of a site started by tests/browser/start_site.sh. Prints the
# four category scores of each page (target: >= 95 each). Lighthouse's
# default mobile profile (simulated slow 4G and a 4x slower CPU) unless
# --desktop is given.
#
#   bench/lighthouse.sh [--build DIR] [--desktop]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=build PRESET=()
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$2; shift 2 ;;
    --desktop) PRESET=(--preset=desktop); shift ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
BUILD=$(cd "$BUILD" && pwd)
[ -x node_modules/.bin/lighthouse ] || { echo "node_modules/.bin/lighthouse missing: run scripts/setup.sh" >&2; exit 1; }
OUT=$(mktemp -d)
SITE_PID=
trap '[ -n "$SITE_PID" ] && kill -TERM -- -"$SITE_PID" 2>/dev/null; rm -rf "$OUT"' EXIT
setsid tests/browser/start_site.sh "$BUILD" 60 > "$OUT/site.txt" &
SITE_PID=$!
for _ in $(seq 1 600); do grep -q '^DB=' "$OUT/site.txt" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^SERVE_URL=//p' "$OUT/site.txt")
[ -n "$URL" ] || { echo "the site did not start" >&2; exit 1; }

printf '%-34s %12s %14s %15s %5s\n' page performance accessibility best-practices seo
for path in / /packages/wp-plugin/akismet /status; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL$path")
  if [ "$code" != 200 ]; then
    printf '%-34s skipped (HTTP %s)\n' "$path" "$code"
    continue
  fi
  CHROME_PATH=/usr/bin/chromium node_modules/.bin/lighthouse "$URL$path" --quiet \
    --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run" "${PRESET[@]}" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$OUT/report.json" > /dev/null 2>&1 ||
    { echo "$path: lighthouse failed" >&2; continue; }
  python3 - "$path" "$OUT/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
c = r["categories"]
s = [round(c[k]["score"] * 100) for k in ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[1]:<34} {s[0]:>12} {s[1]:>14} {s[2]:>15} {s[3]:>5}")
for k in ("accessibility", "best-practices", "seo", "performance"):
    for ref in c[k]["auditRefs"]:
        a = r["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 0.9:
            print(f"    {k}: {a['id']}: {a['title']} ({a.get('displayValue', '')})")
PY
done
