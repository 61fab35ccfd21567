#!/usr/bin/env bash
# Benchmark: POST /downloads (Composer's notify-batch) under load.
#
#   bench/downloads_bench.sh [SECONDS] [CONNECTIONS] [PACKAGES]
#
# Starts `wppackages serve` on a database of PACKAGES synthetic packages,
# then wrk posts batches of 3 installs of real versions, each request from
# another client address (X-Forwarded-For, loopback is a trusted proxy), so
# neither the per-address rate limit nor the dedupe rule drops any. wrk
# counts 200s (accepted) and 503s (refused: the writer's queue was full).
# After a graceful stop (which writes what is queued) the database must hold
# exactly 3 events per accepted batch: the script fails otherwise.
# With PIPELINE=1 a build of the same database runs in a loop meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/wppackages}
SECONDS_RUN=${1:-20}
CONNECTIONS=${2:-64}
PACKAGES=${3:-5000}
source tests/integration/lib.sh
make_workdir
export DB_PATH=$WORK/wpp.db REPOSITORY_DIR=$WORK/repo TRUSTED_PROXIES=127.0.0.1/32 \
  TELEMETRY_SECRET=bench WPP_PROGRESS=0 APP_URL=http://127.0.0.1

"$BIN" --log-level warn migrate
python3 - "$DB_PATH" "$PACKAGES" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
rows = [("plugin", f"pkg-{i}", '{"1.0.0":"u","1.1.0":"u","2.0.0":"u"}', 1, "x", "x") for i in range(n)]
db.executemany("INSERT INTO packages (type, name, versions_json, is_active, created_at, updated_at)"
               " VALUES (?,?,?,?,?,?)", rows)
db.commit()
PY

PORT=$(free_port)
"$BIN" --log-level warn serve --addr "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && break; sleep 0.1; done

if [ "${PIPELINE:-0}" = 1 ]; then
  ( while kill -0 $SERVE 2>/dev/null; do "$BIN" --log-level error build --force > /dev/null 2>&1 || true; done ) &
  BUILDS=$!
fi

cat > "$WORK/post.lua" <<LUA
local packages = $PACKAGES
local versions = {"1.0.0.0", "1.1.0.0", "2.0.0.0"}
local counter = 0
ok, busy, other = 0, 0, 0
function setup(thread) table.insert(threads, thread) end
threads = {}
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
function request()
  counter = counter + 1
  local parts = {}
  for i = 1, 3 do
    parts[i] = string.format('{"name":"wp-plugin/pkg-%d","version":"%s"}',
                             math.random(0, packages - 1), versions[i])
  end
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255),
                           math.random(1, 254))
  return wrk.format("POST", "/downloads",
                    {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip,
                     ["User-Agent"] = "Composer/2.5 bench-" .. counter},
                    '{"downloads":[' .. table.concat(parts, ",") .. ']}')
end
function response(status)
  if status == 200 then ok = ok + 1 elseif status == 503 then busy = busy + 1 else other = other + 1 end
end
function done(summary, latency)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other") end
  io.write(string.format("accepted=%d refused=%d other=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    o, b, x, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
LUA
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s "$WORK/post.lua" \
  "http://127.0.0.1:$PORT" > "$WORK/wrk.txt"
kill -TERM $SERVE
wait $SERVE || true
[ -z "${BUILDS:-}" ] || wait "$BUILDS" || true  # The loop ends with its current build.
RESULT=$(grep '^accepted=' "$WORK/wrk.txt")
ACCEPTED=$(sed -E 's/.*accepted=([0-9]+).*/\1/' <<<"$RESULT")
# 10.x addresses repeat rarely; a repeat (same address, package, version in
# one dedupe window) is a legitimate duplicate, so allow for the few there are.
EVENTS=$(sqlite3 "$DB_PATH" 'SELECT COUNT(*) FROM install_events')
EXPECTED=$((ACCEPTED * 3))
LOST=$((EXPECTED - EVENTS))
echo "downloads: $RESULT events=$EVENTS expected=$EXPECTED lost_or_duplicate=$LOST" \
  "per_second=$((ACCEPTED / SECONDS_RUN)) pipeline=${PIPELINE:-0}"
# wrk stops with up to CONNECTIONS requests in flight: the server may have
# accepted (and stored) those without wrk counting their answers.
if [ "$LOST" -lt $((-3 * CONNECTIONS)) ] || [ "$LOST" -gt $((EXPECTED / 1000 + 5)) ]; then
  echo "FAIL: accepted installs were lost" >&2
  exit 1
fi
