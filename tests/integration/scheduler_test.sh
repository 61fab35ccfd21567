#!/usr/bin/env bash
# serve --with-scheduler (docs/behaviour.md §16) against fake-wporg, with
# intervals of seconds:
#   1. every job runs as a child of serve, one run per job at a time; the
#      pipeline mirrors and publishes on its own; a job that fails (db-backup
#      without an endpoint) is recorded failed, logged and posted to the
#      webhook, and does not stop the others; LOG_DIR gets one file per
#      command; /metrics answers loopback only; /health is 200.
#      A pipeline run elsewhere (holding its lock) makes the scheduled one
#      skip its turn.
#   2. a pipeline that hangs (the fake's hang fault) is stopped at the job
#      timeout and recorded timed_out, while the other jobs keep running.
#   3. kill -9 of serve mid-pipeline: the job dies with it (no orphan, the
#      pipeline lock is free), and the next start cancels the dead build row,
#      marks the run abandoned and publishes again.
#   4. SIGTERM stops serve and its jobs cleanly (exit 0).
#
#   tests/integration/scheduler_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: scheduler_test.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
BIN=$BUILD/wppackages
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; { [ -z "${SERVE_PID:-}" ] || kill -9 "$SERVE_PID"; } 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$WORK"/*.log "$WORK"/logs/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -15 "$f" >&2; }; done
  sqlite3 "$DB" 'SELECT * FROM scheduler_runs' >&2 || true
  exit 1
}
q() { sqlite3 -cmd '.timeout 5000' "$DB" "$1"; }
# until_true SECONDS WHAT COMMAND...: polls COMMAND until it succeeds.
until_true() {
  local limit=$1 what=$2 i
  shift 2
  for ((i = 0; i < limit * 10; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  fail "timed out waiting for $what"
}

start_fake_wporg "$BUILD" "$WORK/fake.log" --synthetic 100 --seed 3 --threads 16
GOOD_API=$WPORG_API_URL GOOD_PLUGINS=$WPORG_PLUGINS_SVN_URL GOOD_THEMES=$WPORG_THEMES_SVN_URL
# The same endpoints behind the fake's hang fault: every request waits 8 s.
hang() { echo "${1/$FAKE_URL/$FAKE_URL/fault/hang-8}"; }

# A Discord stand-in that appends each posted body to a file.
HOOK_PORT=$(free_port)
python3 - "$HOOK_PORT" "$WORK/webhook.txt" > "$WORK/webhook.log" 2>&1 <<'PY' &
import http.server, sys
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "ab") as f:
            f.write(body + b"\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY

DB="$WORK/wpp.db"
export DISCOVERY_RETRY_DELAY_MS=10 REPOSITORY_DIR="$WORK/repository" LOG_DIR="$WORK/logs"
export DISCORD_WEBHOOK_URL="http://127.0.0.1:$HOOK_PORT/hook"
export SCHEDULER_PIPELINE_DISCOVER_SOURCE=svn SCHEDULER_PIPELINE_INTERVAL=2s
export SCHEDULER_AGGREGATE_INSTALLS_INTERVAL=3s SCHEDULER_CHECK_STATUS_INTERVAL=3s
export SCHEDULER_CLEANUP_SESSIONS_INTERVAL=2s SCHEDULER_GENERATE_OG_INTERVAL=1h
export SCHEDULER_JITTER=0 SCHEDULER_STARTUP_DELAY=0 SCHEDULER_STOP_GRACE=1s
# A backup bucket without an endpoint: the db-backup job fails every time,
# the failing job whose reporting is checked below.
export LITESTREAM_BUCKET=backups SCHEDULER_BACKUP_INTERVAL=3s
unset R2_ENDPOINT
"$BIN" --db "$DB" migrate 2> "$WORK/migrate.log" || fail migrate

# serve_with_scheduler LOG: starts serve --with-scheduler on a free port.
serve_with_scheduler() {
  local port
  port=$(free_port)
  "$BIN" --db "$DB" serve --addr "127.0.0.1:$port" --with-scheduler > "$WORK/$1" 2>&1 &
  SERVE_PID=$!
  SERVE_URL="http://127.0.0.1:$port"
  wait_http "$SERVE_URL/health" 30 || fail "serve did not start"
}
runs() { q "SELECT COUNT(*) FROM scheduler_runs WHERE job = '$1' AND status = '$2'"; }
ran() { [ "$(runs "$1" "$2")" -ge "$3" ]; }

# 1. A fresh serve mirrors and publishes on its own; failing jobs are reported.
serve_with_scheduler serve1.log
until_true 60 "two pipeline runs" ran pipeline succeeded 2
until_true 30 "check-status runs" ran check-status succeeded 2
until_true 30 "aggregate-installs runs" ran aggregate-installs succeeded 2
until_true 30 "cleanup-sessions runs" ran cleanup-sessions succeeded 2
until_true 30 "generate-og run" ran generate-og succeeded 1
until_true 30 "failed db-backup runs" ran db-backup failed 2
[ "$(q "SELECT COUNT(*) FROM builds WHERE status = 'completed'")" -ge 2 ] || fail "no completed build"
slug=$(q "SELECT name FROM packages WHERE type = 'plugin' AND is_active = 1 AND versions_json != '{}' LIMIT 1")
curl -sf "$SERVE_URL/p2/wp-plugin/$slug.json" | grep -q "wp-plugin/$slug" || fail "p2 of $slug not served"
# No job ever overlapped itself: each run ended before the next began.
overlaps=$(q "SELECT COUNT(*) FROM scheduler_runs a JOIN scheduler_runs b ON a.job = b.job AND b.id > a.id
              AND b.status != 'skipped' AND a.status != 'skipped'
              WHERE a.finished_at IS NULL OR a.finished_at > b.started_at")
[ "$overlaps" = 0 ] || fail "$overlaps overlapping runs"
grep -q 'scheduled job failed' "$WORK/logs/wppackages.log" ||
  fail "no failure line in wppackages.log"
grep -q "pipeline complete" "$WORK/logs/pipeline.log" || fail "pipeline.log lacks its run"
grep -q "check-status complete" "$WORK/logs/check-status.log" || fail "check-status.log lacks its run"
grep -q "R2_ENDPOINT is not set" "$WORK/logs/db-backup.log" || fail "db-backup.log lacks the error"
# A job's lines are in its file once (its stderr already is that file).
[ -z "$(sort "$WORK/logs/pipeline.log" | uniq -d)" ] || fail "pipeline.log has doubled lines"
grep -q "Scheduled job failed: db-backup" "$WORK/webhook.txt" || fail "no notice for db-backup"
! grep -q "Scheduled job failed: check-status" "$WORK/webhook.txt" || fail "notice for a good check-status"
metrics=$(curl -sf "$SERVE_URL/metrics") || fail "/metrics from loopback"
for want in 'wpp_build_info{build_id=' 'wpp_build_age_seconds ' 'wpp_pipeline_last_success_age_seconds ' \
  'wpp_http_requests_total{route="/health",status="200"}' 'wpp_install_batches_total{result="dropped"} 0' \
  'wpp_scheduler_last_run_age_seconds{job="db-backup",status="failed"}' 'wpp_svn_revision{type="plugin"}' \
  'wpp_scheduler_pipeline_watch_total{result="checked"}'; do
  grep -qF "$want" <<<"$metrics" || fail "/metrics lacks $want"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Real-IP: 203.0.113.7' "$SERVE_URL/metrics")
[ "$code" = 403 ] || fail "/metrics for a remote client answered $code"

# A pipeline started elsewhere holds the lock: the scheduled run is skipped.
flock "$WORK/pipeline.lock" bash -c "until [ -e '$WORK/release' ]; do sleep 0.1; done" &
LOCKER=$!
until_true 30 "a skipped pipeline run" ran pipeline skipped 1
touch "$WORK/release"
wait "$LOCKER"
succeeded=$(runs pipeline succeeded)
until_true 30 "a pipeline once the lock is free" ran pipeline succeeded $((succeeded + 1))

# 2. A hanging pipeline is stopped at its timeout; the other jobs go on.
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || fail "serve exited non-zero on SIGTERM"
[ "$(q "SELECT COUNT(*) FROM scheduler_runs WHERE status = 'running'")" = 0 ] || fail "runs left running"
cleanups=$(runs cleanup-sessions succeeded)
WPORG_API_URL=$(hang "$GOOD_API") WPORG_PLUGINS_SVN_URL=$(hang "$GOOD_PLUGINS") \
  WPORG_THEMES_SVN_URL=$(hang "$GOOD_THEMES") SCHEDULER_JOB_TIMEOUT=2s serve_with_scheduler serve2.log
until_true 30 "a timed-out pipeline" ran pipeline timed_out 1
until_true 30 "cleanup-sessions during the hang" ran cleanup-sessions succeeded $((cleanups + 1))
until_true 30 "a notice for the hung pipeline" grep -q "Scheduled job failed: pipeline" "$WORK/webhook.txt"

# 3. kill -9 mid-pipeline: the child dies too, the lock is free, the next
# start cancels the dead row and publishes.
live_pipeline() {
  child=$(q "SELECT pid FROM builds WHERE status = 'running' ORDER BY started_at DESC LIMIT 1")
  [ -n "$child" ] && kill -0 "$child" 2>/dev/null
}
until_true 30 "a running pipeline" live_pipeline
{ kill -9 "$SERVE_PID"; wait "$SERVE_PID"; } 2>/dev/null || true
until_true 10 "the orphaned pipeline to die" bash -c "! kill -0 $child 2>/dev/null"
flock -n "$WORK/pipeline.lock" true || fail "pipeline lock still held"
succeeded=$(runs pipeline succeeded)
serve_with_scheduler serve3.log
until_true 60 "a pipeline after the crash" ran pipeline succeeded $((succeeded + 1))
[ "$(q "SELECT COUNT(*) FROM builds WHERE status = 'running' AND pid = $child")" = 0 ] ||
  fail "the killed pipeline's row is still running"
[ "$(q "SELECT status FROM builds WHERE pid = $child")" = cancelled ] || fail "dead row not cancelled"
ran pipeline abandoned 1 || fail "the killed run is not marked abandoned"

# 4. SIGTERM: serve and its running jobs stop; exit 0.
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || fail "serve exited non-zero on SIGTERM"
grep -q "scheduler stopping" "$WORK/logs/wppackages.log" || fail "no stop line"
echo "scheduler_test: ok ($(q 'SELECT COUNT(*) FROM scheduler_runs') runs)"
