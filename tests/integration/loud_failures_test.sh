#!/usr/bin/env bash
# Failures are loud (docs/behaviour.md §14.4–§14.8), against fake-wporg's
# fault hooks:
#  1. an HTML or empty SVN listing fails discover and writes nothing;
#  2. update over a corpus where most fetches fail exits non-zero, stores its
#     run, and names HTML and non-object bodies by status and content type;
#     the truncated answer ends as a short body, not a timeout;
#  3. pipeline fails the same way and posts its failure notice;
#  4. a sync run left `running` by a killed update is cancelled by the next.
#
#   tests/integration/loud_failures_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: loud_failures_test.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
BIN=$BUILD/wppackages
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$WORK"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }
DB=$WORK/wpp.db
q() { sqlite3 "$DB" "$1"; }
wpp() { "$BIN" --db "$DB" "$@"; }
export DISCOVERY_RETRY_DELAY_MS=10 WPP_PROGRESS=0 REPOSITORY_DIR=$WORK/repo
unset DISCORD_WEBHOOK_URL UPDATE_MAX_FAILURE_PERCENT DISCOVERY_MIN_LISTING_PERCENT

start_fake_wporg "$BUILD" "$WORK/fake.log" --with-faults
wpp migrate 2> "$WORK/migrate.log" || fail "migrate"
GOOD_SVN=$WPORG_PLUGINS_SVN_URL

# 1. Listings that are HTML but not a listing, or empty: errors, nothing written.
for kind in html empty; do
  if WPORG_PLUGINS_SVN_URL=${GOOD_SVN/$FAKE_URL/$FAKE_URL/fault/$kind} \
      wpp discover --source=svn --type=plugin 2> "$WORK/discover-$kind.log"; then
    fail "discover accepted a $kind listing"
  fi
  [ "$(q "SELECT COUNT(*) FROM packages")" = 0 ] || fail "a $kind listing wrote rows"
  [ "$(q "SELECT COUNT(*) FROM site_meta WHERE key LIKE 'svn_%'")" = 0 ] ||
    fail "a $kind listing moved a watermark"
done
grep -q 'SVN listing is not a listing' "$WORK/discover-html.log" || fail "html listing error"
grep -q 'SVN listing is empty' "$WORK/discover-empty.log" || fail "empty listing error"
wpp discover --source=svn --type=plugin 2> "$WORK/discover.log" || fail "discover"
[ "$(q "SELECT value FROM site_meta WHERE key = 'svn_listing_entries_plugin'")" -gt 0 ] ||
  fail "last good listing size not kept"

# 2. Most fetches failing: only the fault slugs are left to update.
q "UPDATE packages SET is_active = 0 WHERE name NOT LIKE 'fault-%'"
failing=$(q "SELECT COUNT(*) FROM packages WHERE is_active = 1")
if wpp update --concurrency 4 2> "$WORK/update.log"; then
  fail "update exited 0 with most fetches failing"
fi
grep -q 'fetches failed' "$WORK/update.log" || fail "no error line for the failed run"
[ "$(q "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1")" = completed_with_errors ] ||
  fail "the failed run was not stored"
grep 'fault-html-listed' "$WORK/update.log" |
  grep -q 'not a JSON object (status 200, content type text/html' ||
  fail "the HTML answer's error line does not say what it was"
grep 'fault-notobject-listed' "$WORK/update.log" | grep -q 'a JSON array' ||
  fail "the array answer's error line does not say what it was"
grep 'fault-truncate-listed' "$WORK/update.log" | grep -qv -i 'timed out' ||
  fail "the truncated answer waited for a timeout"
# With the limit raised to 100 %, the same run passes (not all of >= 20 fail).
UPDATE_MAX_FAILURE_PERCENT=100 wpp update --concurrency 4 2> "$WORK/update-100.log" ||
  fail "update failed with update.max_failure_percent = 100 ($failing selected)"

# 3. The pipeline fails at update and posts its notice.
port=$(free_port)
python3 - "$port" "$WORK/notice.json" > "$WORK/webhook.log" 2>&1 <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        open(sys.argv[2], "ab").write(body + b"\n")
        self.send_response(204); self.end_headers()
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
for _ in $(seq 100); do python3 -c "import socket,sys;socket.create_connection(('127.0.0.1',$port))" 2>/dev/null && break; sleep 0.1; done
if DISCORD_WEBHOOK_URL="http://127.0.0.1:$port/hook" wpp pipeline --skip-discover \
    2> "$WORK/pipeline.log"; then
  fail "pipeline exited 0 with most fetches failing"
fi
[ -s "$WORK/notice.json" ] || fail "no failure notice was posted"
grep -q 'update' "$WORK/notice.json" || fail "the notice does not name the step: $(cat "$WORK/notice.json")"
[ "$(q "SELECT status FROM builds ORDER BY started_at DESC LIMIT 1")" = failed ] ||
  fail "the pipeline row is not failed"

# 4. A killed update leaves its run `running`; the next update cancels it.
q "INSERT INTO packages (type, name, versions_json, created_at, updated_at)
   VALUES ('plugin', 'fault-hang-5-x', '{}', 'x', 'x')"
"$BIN" --db "$DB" update --name fault-hang-5-x 2> "$WORK/update-killed.log" &
victim=$!
for _ in $(seq 200); do
  [ "$(q "SELECT COUNT(*) FROM sync_runs WHERE status = 'running'")" = 1 ] && break
  sleep 0.05
done
killed_run=$(q "SELECT id FROM sync_runs WHERE status = 'running'")
[ -n "$killed_run" ] || fail "the update under test never started its run"
kill -9 "$victim"
wait "$victim" 2>/dev/null || true
wpp update --name fault-slow-listed 2> "$WORK/update-after.log" || fail "update after the kill"
[ "$(q "SELECT status FROM sync_runs WHERE id = $killed_run")" = cancelled ] ||
  fail "the killed run is still $(q "SELECT status FROM sync_runs WHERE id = $killed_run")"
grep -q 'marked sync runs of killed updates cancelled' "$WORK/update-after.log" ||
  fail "no warning about the cancelled run"
echo "loud failures: ok"
