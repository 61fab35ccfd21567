#!/usr/bin/env bash
# Issue #12 acceptance, end to end: `aggregate-installs` on install events
# recorded through `serve`'s POST /downloads, a second run that changes
# nothing, and the stats API over HTTP (docs/behaviour.md §12, §13).
set -euo pipefail
BUILD=${1:?usage: installs_e2e.sh BUILD_DIR}
BIN=$BUILD/wppackages
source "$(dirname "$0")/lib.sh"
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export WPP_PROGRESS=0 REPOSITORY_DIR=$TMP/repo TELEMETRY_SECRET=e2e
DB=$TMP/wpp.db

"$BIN" --db "$DB" --log-level warn migrate
sqlite3 "$DB" "INSERT INTO packages (type, name, versions_json, created_at, updated_at) VALUES
  ('plugin', 'akismet', '{\"5.3\":\"u\"}', 'x', 'x'), ('theme', 'astra', '{\"4.0.0\":\"u\"}', 'x', 'x');
  INSERT INTO install_events (package_id, version, dedupe_bucket, dedupe_key, created_at)
  VALUES (1, '5.3', 0, 'old', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-400 days')),
  (1, '5.3', 0, 'month', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 days'));"

start_serve "$BIN" "$DB" "$TMP/serve.log"
for ip in 10.0.0.1 10.0.0.2 10.0.0.3; do
  curl -sf -X POST -H "X-Real-IP: $ip" -H 'Content-Type: application/json' \
    -d '{"downloads":[{"name":"wp-plugin/akismet","version":"5.3"},{"name":"wp-theme/astra","version":"4.0.0"}]}' \
    "$SERVE_URL/downloads" > /dev/null
done
kill -TERM "$SERVE_PID"  # A graceful stop writes the queued batches.
wait "$SERVE_PID" || true
[ "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM install_events')" = 8 ] || fail "events not recorded"

"$BIN" --db "$DB" --log-format text aggregate-installs 2> "$TMP/run1.log" || { cat "$TMP/run1.log"; fail "run 1"; }
grep -q 'events_counted=8 ' "$TMP/run1.log" || fail "run 1 summary: $(cat "$TMP/run1.log")"
grep -q 'events_pruned=1 ' "$TMP/run1.log" || fail "run 1 did not prune the old event"
[ "$(sqlite3 "$DB" "SELECT wp_packages_installs_total || '/' || wp_packages_installs_30d FROM packages ORDER BY id" | tr '\n' ' ')" = "5/3 3/3 " ] ||
  fail "counters: $(sqlite3 "$DB" 'SELECT * FROM packages')"

state() {
  sqlite3 "$DB" "SELECT * FROM monthly_installs ORDER BY 1, 2; SELECT * FROM daily_installs ORDER BY 1, 2;
    SELECT id, wp_packages_installs_total, wp_packages_installs_30d, last_installed_at FROM packages;
    SELECT watermark FROM install_rollup_state; SELECT COUNT(*) FROM install_events;
    SELECT plugin_installs, theme_installs, installs_30d FROM package_stats"
}
before=$(state)
"$BIN" --db "$DB" --log-format text aggregate-installs 2> "$TMP/run2.log" || fail "run 2"
grep -q 'events_counted=0 .*packages_updated=0 ' "$TMP/run2.log" || fail "run 2 summary: $(cat "$TMP/run2.log")"
[ "$before" = "$(state)" ] || fail "a second run with no new events changed the database"

start_serve "$BIN" "$DB" "$TMP/serve2.log"
body=$(curl -sf "$SERVE_URL/api/stats")
python3 - "$body" <<'PY' || fail "/api/stats: $body"
import json, sys
d = json.loads(sys.argv[1])
assert d["total_installs"] == 8 and d["installs_30d"] == 6 and d["total_packages"] == 2, d
PY
[ "$(curl -sf "$SERVE_URL/api/stats/packages/wp-theme/astra/total")" = \
  '{"installs_30d":3,"installs_30d_formatted":"3","total_installs":3,"total_installs_formatted":"3"}' ] ||
  fail "theme totals"
curl -sf -D "$TMP/h" "$SERVE_URL/api/stats/packages/plugin/akismet/badge.svg" | grep -q '>5</text>' || fail "badge"
grep -qi '^content-type: image/svg+xml' "$TMP/h" || fail "badge content type"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/api/stats/packages/plugin/akismet%00x/total")
[ "$code" = 400 ] || fail "%00 slug answered $code"
for i in $(seq 1 12); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/api/stats")
done
[ "$code" = 429 ] || fail "the rate limit did not answer 429"
echo "installs e2e OK"
