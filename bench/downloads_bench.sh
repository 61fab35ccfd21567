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
# With PIPELINE=1 a build of the same database runs in a loop meanwhile, at
# the nice value serve's scheduler gives the pipeline (BUILD_NICE, default 5;
# docs/behaviour.md §16.2). SERVE_ARGS are added to serve's command line.
#
# With PERF_OUT=<path> the server is profiled during each run
# (perf record -g; files <path>.<label>).
#
# With REF=<binary> (say an older build's wppackages) the same run measures
# that reference first and prints the ratios: the machine may be shared, so absolute figures are noisy. Next
# to accepted batches per second it prints the writer thread's CPU time per
# accepted batch (its busiest thread not named MHD-*, read from /proc),
# which does not depend on how much of a core the writer was given.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/wppackages}
SECONDS_RUN=${1:-20}
CONNECTIONS=${2:-64}
PACKAGES=${3:-5000}
source tests/integration/lib.sh
source bench/lib.sh
make_workdir
REF=${REF:-none}
if [ "$REF" != none ]; then
  cp "$REF" "$WORK/ref-wppackages"  # A copy: the reference's build may be replaced meanwhile.
  REF=$WORK/ref-wppackages
fi
export TRUSTED_PROXIES=127.0.0.1/32 TELEMETRY_SECRET=bench WPP_PROGRESS=0 APP_URL=http://127.0.0.1

# CPU seconds (user + system) of the server's busiest thread not named
# MHD-* (the HTTP workers): the install writer.
writer_cpu() {
  local most=0 f name ticks
  for f in /proc/"$1"/task/*/stat; do
    read -r name ticks < <(stat_ticks "$f") || continue
    [[ $name == MHD-* ]] && continue
    [ "$ticks" -gt "$most" ] && most=$ticks
  done
  echo "scale=3; $most / $(getconf CLK_TCK)" | bc
}

# run_one LABEL BIN: one measurement; prints a summary line and sets
# RUN_PER_SECOND and RUN_CPU_US (writer CPU microseconds per accepted batch).
run_one() {
local label=$1 BIN=$2
local DIR=$WORK/$label
mkdir -p "$DIR"
export DB_PATH=$DIR/wpp.db REPOSITORY_DIR=$DIR/repo

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
"$BIN" --log-level warn serve --addr "127.0.0.1:$PORT" ${SERVE_ARGS:-} > "$DIR/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && break; sleep 0.1; done

if [ "${PIPELINE:-0}" = 1 ]; then
  ( while kill -0 $SERVE 2>/dev/null; do nice -n "${BUILD_NICE:-5}" "$BIN" --log-level error build --force > /dev/null 2>&1 || true; done ) &
  BUILDS=$!
else
  BUILDS=
fi

cat > "$DIR/post.lua" <<LUA
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
PERF_PID=
if [ -n "${PERF_OUT:-}" ]; then  # A profile of the server during the run.
  perf record -q -g -p $SERVE -o "$PERF_OUT.$label" > /dev/null 2>&1 &
  PERF_PID=$!
fi
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s "$DIR/post.lua" \
  "http://127.0.0.1:$PORT" > "$DIR/wrk.txt"
[ -z "$PERF_PID" ] || { kill -INT $PERF_PID; wait $PERF_PID || true; }
# The queue is written once the writer's CPU time stops growing.
local cpu before=-1
while cpu=$(writer_cpu $SERVE) && [ "$cpu" != "$before" ]; do before=$cpu; sleep 0.5; done
kill -TERM $SERVE
wait $SERVE || true
[ -z "$BUILDS" ] || wait "$BUILDS" || true  # The loop ends with its current build.
RESULT=$(grep '^accepted=' "$DIR/wrk.txt")
ACCEPTED=$(sed -E 's/.*accepted=([0-9]+).*/\1/' <<<"$RESULT")
# 10.x addresses repeat rarely; a repeat (same address, package, version in
# one dedupe window) is a legitimate duplicate, so allow for the few there are.
EVENTS=$(sqlite3 "$DB_PATH" 'SELECT COUNT(*) FROM install_events')
EXPECTED=$((ACCEPTED * 3))
LOST=$((EXPECTED - EVENTS))
RUN_PER_SECOND=$((ACCEPTED / SECONDS_RUN))
RUN_CPU_US=$(echo "scale=1; $cpu * 1000000 / ($ACCEPTED + 1)" | bc)
echo "downloads[$label]: $RESULT events=$EVENTS expected=$EXPECTED lost_or_duplicate=$LOST" \
  "per_second=$RUN_PER_SECOND writer_cpu_us_per_batch=$RUN_CPU_US pipeline=${PIPELINE:-0}" \
  "load=$(cut -d' ' -f1 /proc/loadavg)"
# wrk stops with up to CONNECTIONS requests in flight: the server may have
# accepted (and stored) those without wrk counting their answers.
if [ "$LOST" -lt $((-3 * CONNECTIONS)) ] || [ "$LOST" -gt $((EXPECTED / 1000 + 5)) ]; then
  echo "FAIL[$label]: accepted installs were lost" >&2
  exit 1
fi
}

if [ -n "$REF" ] && [ "$REF" != none ]; then
  run_one reference "$REF"
  REF_PER_SECOND=$RUN_PER_SECOND REF_CPU_US=$RUN_CPU_US
fi
run_one this "$BIN"
if [ -n "${REF_PER_SECOND:-}" ]; then
  echo "downloads ratio (this / reference): accepted_per_second=$(echo "scale=2; $RUN_PER_SECOND / $REF_PER_SECOND" | bc)" \
    "writer_speed=$(echo "scale=2; $REF_CPU_US / $RUN_CPU_US" | bc) (reference CPU per batch / this)"
fi
