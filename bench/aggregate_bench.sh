#!/usr/bin/env bash
# Benchmark (issue #12): `wppackages aggregate-installs` with HISTORY events
# of history (already aggregated) and NEW events since the last run, while a
# concurrent writer records installs the way POST /downloads does (one
# BEGIN IMMEDIATE … COMMIT per group of events).
# Targets: the run takes <= 5 s; no write transaction of the run holds the
# database for more than 100 ms, so the writer never waits longer than that.
#
#   bench/aggregate_bench.sh                        # 10,000,000 + 200,000
#   HISTORY=2000000 bench/aggregate_bench.sh        # a smaller history
#
# Environment: BIN (build/wppackages), HISTORY (10000000), NEW (200000),
# PACKAGES (20000), BENCH_DIR (/tmp), CACHE (a directory: keep the generated
# and aggregated history there and reuse it while the schema is unchanged;
# generating 10M events and aggregating them once takes minutes). Events are generated in SQLite with a
# recursive CTE (indexes built afterwards, as a restore would), spread over
# the last 370 days (the oldest 5 days are pruned by the first run) and
# skewed towards a few popular packages.
# Prints: the run's wall time and its own summary (longest transaction,
# transactions, events counted, pruned), the writer's longest wait during
# the run and, as the reference measured in the same run, during an equal
# time with no aggregation. The machine is shared: note the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-build/wppackages}")
HISTORY=${HISTORY:-10000000} NEW=${NEW:-200000} PACKAGES=${PACKAGES:-20000}
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/wpp-aggregate-bench.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
export WPP_PROGRESS=0
DB=$WORK/wpp.db
RESULTS=bench/results/aggregate_bench-$(date -u +%Y%m%d-%H%M%S).txt
mkdir -p bench/results
report() { echo "$*" | tee -a "$RESULTS"; }

report "aggregate_bench history=$HISTORY new=$NEW packages=$PACKAGES load=$(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" --db "$DB" --log-level warn migrate

# Events: package ids skewed (id = 1 + (r*r) % PACKAGES over a uniform r),
# created_at from now-370d to now-1h (history) or within the last hour (new).
events() {  # first_id count oldest_seconds span_seconds
  cat <<SQL
WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i < $1 + $2 - 1)
INSERT INTO install_events (id, package_id, version, dedupe_bucket, dedupe_key, created_at)
SELECT i, 1 + ((abs(random()) % 4000) * (abs(random()) % 4000)) % $PACKAGES, '1.0', i,
       printf('%x', i),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ($3 - (i - $1) * $4 / $2) || ' seconds')
FROM n;
SQL
}

summary() { grep -o 'events_counted=.*' "$1" | tail -1; }
timed() {  # label log
  local t0 t1
  t0=$(date +%s.%N)
  "$BIN" --db "$DB" --log-format text --log-level debug aggregate-installs 2> "$2" ||
    { cat "$2" >&2; exit 1; }
  t1=$(date +%s.%N)
  report "$(printf '%-22s wall=%6.2fs  %s' "$1" "$(echo "$t1 - $t0" | bc)" "$(summary "$2")")"
  report "$(printf '%-22s steps: %s' "" "$(grep -o 'step=[a-z]* ms=[0-9]*' "$2" | tr '\n' ' ')")"
}
generate() {
start=$(date +%s.%N)
sqlite3 "$DB" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $PACKAGES)
INSERT INTO packages (id, type, name, versions_json, created_at, updated_at)
SELECT i, CASE WHEN i % 5 = 0 THEN 'theme' ELSE 'plugin' END, 'package-' || i,
       '{' || substr(replace(hex(zeroblob(60)), '00', '"1.0.0":"https://downloads.wordpress.org/x.zip",'), 1, 2000) || '"9":"u"}',
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
DROP INDEX idx_install_events_created;
$(events 1 "$HISTORY" $((370 * 86400)) $((370 * 86400 - 3600)))
CREATE INDEX idx_install_events_created ON install_events (created_at DESC);
SQL
report "generated $HISTORY history events in $(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")s ($(du -h "$DB" | cut -f1))"
timed "history (first run)" "$WORK/first.log"
}
if [ -n "${CACHE:-}" ]; then
  mkdir -p "$CACHE"
  key=$(cat migrations/*.sql | sha256sum | cut -c1-12)
  cached=$CACHE/aggregate-h$HISTORY-p$PACKAGES-$key.db
  if [ ! -f "$cached" ]; then
    generate
    sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
    cp "$DB" "$cached"
  else
    rm -f "$DB" "$DB-wal" "$DB-shm"
    cp "$cached" "$DB"
    report "reusing $cached"
  fi
else
  generate
fi

sqlite3 "$DB" "$(events $((HISTORY + 1)) "$NEW" 3600 3600)"

# The concurrent writer: one event per transaction, as fast as it can,
# recording the longest BEGIN IMMEDIATE … COMMIT, until $WORK/stop exists.
cat > "$WORK/writer.py" <<'PY'
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
db.execute("PRAGMA busy_timeout=10000")
db.execute("PRAGMA synchronous=NORMAL")
stop, out = sys.argv[2], sys.argv[3]
waits, i = [], 0
while not os.path.exists(stop):
    i += 1
    t = time.monotonic()
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO install_events (package_id, version, dedupe_bucket, dedupe_key, "
               "created_at) VALUES (1, '1.0', -1, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
               (f"writer-{os.getpid()}-{i}",))
    db.execute("COMMIT")
    waits.append(time.monotonic() - t)
    time.sleep(0.002)
waits.sort()
p99 = waits[int(len(waits) * 0.99)] if waits else 0
open(out, "w").write(f"{waits[-1] * 1000:.1f} {p99 * 1000:.1f} {len(waits)}\n")
PY
writer() {  # name seconds_or_command...
  local name=$1
  shift
  rm -f "$WORK/stop"
  python3 "$WORK/writer.py" "$DB" "$WORK/stop" "$WORK/$name.writer" &
  local pid=$!
  sleep 0.5
  "$@"
  touch "$WORK/stop"
  wait "$pid"
}
t0=$(date +%s.%N)
writer run timed "new events" "$WORK/run.log"
run_wall=$(echo "$(date +%s.%N) - $t0" | bc)
writer idle sleep "$(printf '%.1f' "$run_wall")"
read -r run_wait run_p99 run_n < "$WORK/run.writer"
read -r idle_wait idle_p99 idle_n < "$WORK/idle.writer"
report "writer during the run: longest wait ${run_wait} ms, p99 ${run_p99} ms over $run_n inserts"
report "writer, no aggregation (reference): longest wait ${idle_wait} ms, p99 ${idle_p99} ms over $idle_n inserts"
timed "no new events" "$WORK/again.log"
longest=$(grep -o 'longest_transaction_ms=[0-9]*' "$WORK/run.log" | tail -1 | cut -d= -f2)
report "longest transaction of the run: ${longest} ms (target <= 100); writer wait ratio run/reference: $(echo "scale=1; $run_wait / $idle_wait" | bc)"
