#!/usr/bin/env bash
# check-status end to end (docs/behaviour.md §11) against fake-wporg: the
# fixtures, every fault that must change nothing, closures and a re-opening
# through the fake's fault hooks, the next build and the changes feed,
# mass closures, the Discord notice of a failed run, a stop signal, and the
# closure routes of `serve`.
#
#   tests/integration/check_status_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: check_status_test.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
BIN=$BUILD/wppackages
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$WORK"/*.log; do echo "--- $f" >&2; tail -15 "$f" >&2; done; exit 1; }
q() { sqlite3 "$DB" "$1"; }
export DISCOVERY_RETRY_DELAY_MS=10 DISCOVERY_MAX_RETRIES=2 DISCOVERY_API_TIMEOUT=3
export REPOSITORY_DIR=$WORK/repo APP_ENV=test
last_run() { q "SELECT status || ' ' || checked || ' ' || deactivated || ' ' || reactivated || ' ' || failed FROM status_checks ORDER BY id DESC LIMIT 1"; }
active() { q "SELECT group_concat(name) FROM (SELECT name FROM packages WHERE is_active = 1 ORDER BY name)"; }
check() {  # check API_URL [flags...]: one run against that API base (may fail)
  local api=$1
  shift
  WPORG_API_URL=$api "$BIN" --db "$DB" check-status "$@" 2>> "$WORK/check.log"
}

# 0. The fixtures mirrored: 5 active packages, yalw tombstoned, temp inactive.
start_fake_wporg "$BUILD" "$WORK/fake.log"
API=$WPORG_API_URL
DB="$WORK/wpp.db"
"$BIN" --db "$DB" migrate 2> "$WORK/migrate.log" || fail "migrate"
"$BIN" --db "$DB" discover --source=svn 2> "$WORK/discover.log" || fail "discover"
"$BIN" --db "$DB" update 2> "$WORK/update.log" || fail "update"
ALL=akismet,astra,classic-editor,contact-form-7,twentytwentyfive
[ "$(active)" = "$ALL" ] || fail "fixtures: active $(active)"

# 1. A plain run: nothing changes; temp's closure is recorded; yalw is not asked.
check "$API" || fail "first check-status"
[ "$(last_run)" = "completed 6 0 0 0" ] || fail "first run: $(last_run)"
[ "$(active)" = "$ALL" ] || fail "first run changed packages"
[ "$(q "SELECT closed_permanent || ' ' || (closed_reason IS NULL) || ' ' || (closed_date IS NOT NULL) FROM packages WHERE name='temp'")" = "0 1 1" ] ||
  fail "temporary closure details"
grep -q 'msg="check-status complete".*status=completed checked=6 deactivated=0 tombstoned=0 reactivated=0 failed=0 closures_recorded=1' "$WORK/check.log" ||
  fail "summary line"

# 2. Unreliable answers change nothing, whatever the fault; a run where
# every check fails is `failed` and sends the Discord notice.
python3 - "$WORK/discord.txt" > "$WORK/hook-port" 2> "$WORK/hook.log" <<'PY' &
import http.server, socketserver, sys
out = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "ab") as f: f.write(body + b"\n")
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
s = socketserver.TCPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
for i in $(seq 50); do [ -s "$WORK/hook-port" ] && break; sleep 0.1; done
export DISCORD_WEBHOOK_URL="http://127.0.0.1:$(cat "$WORK/hook-port")/hook"
for fault in 500 503 429 html404 html badjson truncate notobject apierror empty; do
  before=$(q "SELECT COUNT(*) FROM status_check_changes")
  if check "$FAKE_URL/fault/$fault/api"; then fail "$fault: a run where everything failed succeeded"; fi
  [ "$(last_run)" = "failed 6 0 0 6" ] || fail "$fault: $(last_run)"
  [ "$(active)" = "$ALL" ] || fail "$fault deactivated packages: $(active)"
  [ "$(q "SELECT COUNT(*) FROM status_check_changes")" = "$before" ] || fail "$fault wrote changes"
done
[ "$(grep -c 'check-status #' "$WORK/discord.txt")" = 10 ] || fail "Discord notices: $(grep -c . "$WORK/discord.txt")"
unset DISCORD_WEBHOOK_URL
# Invalid UTF-8: found packages stay as they are (a plain check); temp's
# closure, corrupted, is a failure.
check "$FAKE_URL/fault/invalidutf8/api" || fail "invalidutf8 run"
[ "$(last_run)" = "completed_with_errors 6 0 0 1" ] || fail "invalidutf8: $(last_run)"
[ "$(active)" = "$ALL" ] || fail "invalidutf8 changed packages"

# 3. Temporary closures of the themes: deactivated, left out of the next
# build, announced as deletes by the feed.
"$BIN" --db "$DB" build 2> "$WORK/build.log" && "$BIN" --db "$DB" deploy 2> "$WORK/deploy.log" ||
  fail "first build/deploy"
check "$FAKE_URL/fault/closed/api" --type theme || fail "closed themes"
[ "$(last_run)" = "completed 2 2 0 0" ] || fail "closed themes: $(last_run)"
[ "$(active)" = "akismet,classic-editor,contact-form-7" ] || fail "after closing themes: $(active)"
[ "$(q "SELECT closed_date || ' ' || closed_permanent FROM packages WHERE name='astra'")" = "2026-04-09 0" ] ||
  fail "astra closure details"
"$BIN" --db "$DB" build 2>> "$WORK/build.log" && "$BIN" --db "$DB" deploy 2>> "$WORK/deploy.log" ||
  fail "build/deploy after closures"
grep -q 'wp-theme/astra' "$REPOSITORY_DIR/current/index.tsv" && fail "astra still in the build"
[ "$(q "SELECT COUNT(*) FROM metadata_changes WHERE package_name IN ('wp-theme/astra','wp-theme/twentytwentyfive') AND action='delete'")" = 2 ] ||
  fail "the changes feed does not announce the deletes"

# 4. They answer again: reactivated, re-synced by the next update, back in the build.
check "$API" --type theme || fail "reopened themes"
[ "$(last_run)" = "completed 2 0 2 0" ] || fail "reopened themes: $(last_run)"
[ "$(q "SELECT last_synced_at IS NULL AND closed_date IS NULL FROM packages WHERE name='astra'")" = 1 ] ||
  fail "reactivation must clear last_synced_at and the closure"
"$BIN" --db "$DB" update 2> "$WORK/update2.log" || fail "update after reactivation"
[ "$(q "SELECT last_synced_at IS NOT NULL FROM packages WHERE name='astra'")" = 1 ] || fail "astra not re-synced"
"$BIN" --db "$DB" build 2>> "$WORK/build.log" && "$BIN" --db "$DB" deploy 2>> "$WORK/deploy.log" ||
  fail "build/deploy after reactivation"
grep -q 'wp-theme/astra' "$REPOSITORY_DIR/current/index.tsv" || fail "astra not back in the build"

# 5. A re-opening (reopen-1: closed on the first request, then normal), with
# two plugins of one author: a mass closure.
q "UPDATE packages SET author = 'Same Vendor' WHERE name IN ('akismet', 'classic-editor')"
check "$FAKE_URL/fault/reopen-1/api" || fail "reopen run 1"
[ "$(last_run)" = "completed 6 5 0 0" ] || fail "reopen run 1: $(last_run)"
[ -z "$(active)" ] || fail "reopen run 1 left active: $(active)"
[ "$(q "SELECT vendor_slug || ' ' || plugin_slugs || ' ' || plugin_count FROM closure_events WHERE detected_at > '2026-06'")" = 'same-vendor ["akismet","classic-editor"] 2' ] ||
  fail "mass closure: $(q "SELECT * FROM closure_events WHERE detected_at > '2026-06'")"
check "$FAKE_URL/fault/reopen-1/api" || fail "reopen run 2"
[ "$(last_run)" = "completed 6 0 5 0" ] || fail "reopen run 2: $(last_run)"
[ "$(active)" = "$ALL" ] || fail "reopen run 2: $(active)"
[ "$(q "SELECT COUNT(*) FROM closure_events")" = 7 ] || fail "the mass closure was recorded twice"

# 6. Permanent closures: tombstoned (active or not), never asked again.
check "$FAKE_URL/fault/closedperm/api" --type plugin || fail "closedperm"
[ "$(last_run)" = "completed 4 4 0 0" ] || fail "closedperm: $(last_run)"
check "$API" || fail "after tombstones"
[ "$(last_run)" = "completed 2 0 0 0" ] || fail "tombstoned packages were asked again: $(last_run)"
[ "$(q "SELECT group_concat(action) FROM status_check_changes WHERE package_name='akismet' AND action='tombstoned'")" = tombstoned ] ||
  fail "tombstone change row"

# 7. The closure routes of serve.
start_serve "$BIN" "$DB" "$WORK/serve.log"
[ "$(curl -sf "$SERVE_URL/api/packages/wp-plugin/closed/permanent")" = '["akismet","classic-editor","contact-form-7","temp","yalw"]' ] ||
  fail "closed/permanent: $(curl -s "$SERVE_URL/api/packages/wp-plugin/closed/permanent")"
curl -sf "$SERVE_URL/api/packages/plugin/akismet/closure" | grep -q '"reason":"author-request"' || fail "closure route"
curl -sf "$SERVE_URL/api/closures/same-vendor" | grep -q '"plugin_count":2' || fail "vendor route"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/api/closures/%2E%2E")" = 400 ] || fail "hostile vendor slug"
kill "$SERVE_PID"

# 8. A stop signal: the run ends between packages, marked cancelled.
q "UPDATE packages SET permanently_closed = 0, is_active = 1"
WPORG_API_URL="$FAKE_URL/fault/slow-400/api" "$BIN" --db "$DB" check-status --concurrency 1 2> "$WORK/stop.log" &
pid=$!
for i in $(seq 100); do [ "$(q "SELECT COUNT(*) FROM status_checks WHERE status='running'")" = 1 ] && break; sleep 0.05; done
kill -INT "$pid"
if wait "$pid"; then fail "an interrupted run exited 0"; fi
[ "$(q "SELECT status FROM status_checks ORDER BY id DESC LIMIT 1")" = cancelled ] || fail "stop: $(last_run)"
echo "check-status: ok"
