#!/usr/bin/env bash
# Benchmark of the status, closures, untagged pages and the feeds and
# sitemaps (docs/behaviour.md §18) with 70,000 packages and a long history:
# a year of builds every 5 minutes (105,000 rows), a day of metadata
# changes, 9,000 status checks, 2,000 mass closures, ~4,000 untagged
# plugins. `serve` pinned to one core (taskset -c 0), wrk to the other, on
# loopback: req/s and p99 per page. Targets: >= 2,000 req/s and p99 <= 20 ms.
#
#   bench/site_pages_bench.sh [--packages N] [--seconds S] [--build DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=70000 SECONDS_EACH=5 BUILD=build
while [ $# -gt 0 ]; do
  case $1 in
    --packages) N=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
BUILD=$(cd "$BUILD" && pwd)
source "$ROOT/tests/integration/lib.sh"
make_workdir
export WPP_PROGRESS=0 REPOSITORY_DIR=$WORK/repo
DB=$WORK/wpp.db
WPP=("$BUILD/wppackages" --db "$DB" --log-level warn)
"${WPP[@]}" migrate
sed "s/:n/$N/" "$ROOT/bench/web_gen.sql" | sqlite3 "$DB"
NOW_MS=$(($(date +%s) * 1000))
sqlite3 "$DB" <<SQL
UPDATE packages SET wporg_version = '9.9.9' WHERE type = 'plugin' AND id % 13 = 0;
UPDATE packages SET versions_json = '{"dev-trunk":"u"}' WHERE type = 'plugin' AND id % 39 = 0;
WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 105000)
INSERT INTO builds (id, started_at, finished_at, status, packages_total, packages_changed,
  artifact_count, duration_seconds, discover_seconds, update_seconds, build_seconds)
SELECT strftime('%Y%m%d-%H%M%S', $NOW_MS / 1000 - x * 300, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%SZ', $NOW_MS / 1000 - x * 300, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%SZ', $NOW_MS / 1000 - x * 300 + 40, 'unixepoch'),
  CASE WHEN x % 97 = 0 THEN 'failed' ELSE 'completed' END, $N, x % 40, $N * 2, 40, 5, 20, 15
FROM s;
WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 20000)
INSERT INTO metadata_changes (package_name, action, timestamp, build_id)
SELECT 'wp-plugin/' || (SELECT name FROM packages WHERE id = 1 + x * 3 % $N),
  CASE WHEN x % 50 = 0 THEN 'delete' ELSE 'update' END, $NOW_MS - x * 4320,
  strftime('%Y%m%d-%H%M%S', ($NOW_MS - x * 4320) / 1000 / 300 * 300, 'unixepoch') FROM s;
WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 9000)
INSERT INTO status_checks (started_at, finished_at, status, checked, deactivated, reactivated,
  duration_seconds)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', $NOW_MS / 1000 - x * 3600, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%SZ', $NOW_MS / 1000 - x * 3600 + 60, 'unixepoch'), 'completed', $N,
  x % 3, x % 2, 60 FROM s;
INSERT INTO status_check_changes (status_check_id, package_type, package_name, action, created_at)
SELECT id, 'plugin', 'closed-' || id, 'deactivated', started_at FROM status_checks WHERE deactivated > 0;
WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 2000)
INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, plugin_slugs, plugin_count)
SELECT 'Vendor ' || (x % 400), 'vendor-' || (x % 400),
  strftime('%Y-%m-%dT%H:%M:%SZ', $NOW_MS / 1000 - x * 7200, 'unixepoch'),
  '["seo-cache-' || x || '","slider-forms-' || x || '","gallery-' || x || '"]', 3 FROM s;
ANALYZE;
SQL
echo "generated $N packages and the history"

PORT=$(free_port)
export APP_URL="http://127.0.0.1:$PORT"
taskset -c 0 "${WPP[@]}" serve --addr "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
URL="http://127.0.0.1:$PORT"
wait_http "$URL/health" 30

run() {  # run LABEL PATH [HEADER]
  local label=$1 path=$2 header=${3:-} code out
  code=$(curl -s -o /dev/null -w '%{http_code}' ${header:+-H "$header"} "$URL$path")
  out=$(taskset -c 1 wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency ${header:+-H "$header"} "$URL$path")
  printf '%-34s %10s req/s   p99 %8s   (HTTP %s)\n' "$label" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" "$code"
}

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); serve on CPU 0, wrk -c16 on CPU 1, ${SECONDS_EACH}s each"
run "status" "/status"
ETAG=$(curl -sI "$URL/status" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
run "status 304" "/status" "If-None-Match: $ETAG"
run "status, Accept: text/markdown" "/status" "Accept: text/markdown"
run "closures" "/closures"
run "closures by size, page 20" "/closures?sort=closures&page=20"
run "vendor closures" "/closures/vendor-7"
run "untagged" "/untagged"
run "untagged, search 'seo'" "/untagged?search=seo"
run "untagged-partial trunk-only/upd" "/untagged-partial?filter=trunk-only&sort=updated&page=3"
run "untagged-authors 'Author 1'" "/untagged-authors?q=Author+1"
run "sitemap index" "/sitemap.xml"
run "package sitemap 10" "/sitemaps/packages-10.xml"
run "feed.xml" "/feed.xml"
run "closures feed" "/closures/feed"
run "docs" "/docs"
