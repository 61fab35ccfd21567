#!/usr/bin/env bash
# Benchmark of the website (docs/behaviour.md §17) with 70,000 packages:
# `serve` pinned to one core (taskset -c 0), wrk pinned to the other, on
# loopback. Measures `/` with a search term (repeated: served from the page
# cache; and distinct three-word searches: mostly uncached, without and with
# gzip), `/` unfiltered, a package page,
# `/status` when the route exists, a 304 revalidation of the package page
# and, in the same run, a p2 hit of the current build: req/s and p99, and the
# ratio 304 / p2. Targets: >= 2,000 req/s and p99 <= 20 ms per page; a 304
# about as cheap as a p2 hit. With --reference DIR (another build, e.g. of
# main), the distinct searches are measured on it too, on a copy of the same
# data made before this build's migrations ran, and the ratio is printed.
#
#   bench/web_bench.sh [--packages N] [--seconds S] [--build DIR] [--reference DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=70000 SECONDS_EACH=8 BUILD=build REFERENCE=
while [ $# -gt 0 ]; do
  case $1 in
    --packages) N=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --reference) REFERENCE=$(cd "$2" && pwd); shift 2 ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
BUILD=$(cd "$BUILD" && pwd)
source "$ROOT/tests/integration/lib.sh"
source "$ROOT/bench/lib.sh"
make_workdir
export WPP_PROGRESS=0 REPOSITORY_DIR=$WORK/repo
DB=$WORK/wpp.db
WPP=("$BUILD/wppackages" --db "$DB" --log-level warn)
since() { python3 -c "import time;print(round(time.time()-$1,1))"; }
if [ -n "$REFERENCE" ]; then
  "$REFERENCE/wppackages" --db "$DB" --log-level warn migrate
else
  "${WPP[@]}" migrate
fi
start=$(date +%s.%N)
sed "s/:n/$N/" "$ROOT/bench/web_gen.sql" | sqlite3 "$DB"
echo "generated $N packages in $(since "$start") s"
if [ -n "$REFERENCE" ]; then
  sqlite3 "$DB" "VACUUM INTO '$WORK/reference.db'"
  # The reference's word index merged into one segment too, as this build's
  # migration leaves its own: only the query paths differ.
  sqlite3 "$WORK/reference.db" "INSERT INTO packages_fts (packages_fts) VALUES ('optimize')"
  start=$(date +%s.%N)
  "${WPP[@]}" migrate
  echo "this build's migrations over them: $(since "$start") s"
fi
"${WPP[@]}" build > /dev/null 2>&1 && "${WPP[@]}" deploy > /dev/null 2>&1 || echo "(no build: the p2 hit is skipped)"

PORT=$(free_port)
taskset -c 0 "${WPP[@]}" serve --addr "127.0.0.1:$PORT" ${SERVE_ARGS:-} > "$WORK/serve.log" 2>&1 &
PID=$!  # The server `measure` measures.
URL="http://127.0.0.1:$PORT"
wait_http "$URL/health" 30

PACKAGE=/packages/wp-plugin/$(sqlite3 "$DB" "SELECT name FROM packages WHERE id = $((N / 2))")
ETAG=$(curl -sI "$URL$PACKAGE" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
P2=/p2/wp-plugin/$(sqlite3 "$DB" "SELECT name FROM packages WHERE type = 'plugin' LIMIT 1").json

# Distinct searches (three words of the generator's vocabulary per request,
# 125,000 combinations): the in-memory page cache (docs/behaviour.md §17.9)
# almost never holds the answer.
WORDS=$(sed -n "s/^INSERT INTO words (w) VALUES //p;/^  ('/p" "$ROOT/bench/web_gen.sql" | grep -o "'[a-z]*'" | tr '\n' ',')
cat > "$WORK/distinct.lua" <<LUA
local words = {${WORDS%,}}
math.randomseed(7)
request = function()
  local q = words[math.random(#words)] .. "+" .. words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format("GET", "/?search=" .. q)
end
LUA

sqlite3 "$DB" "SELECT '/packages/wp-' || type || '/' || name FROM packages ORDER BY (id * 7919) % 70001 LIMIT 5000" \
  > "$WORK/packages.txt"
rotating_lua "$WORK/packages.txt" "$WORK/packages.lua"

measure() {  # measure LABEL PATH [HEADER|SCRIPT] [SCRIPT]
  local label=$1 path=$2 header=${3:-} code out script=${4:-}
  if [[ $header == *.lua ]]; then
    script=$header
    header=
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' ${header:+-H "$header"} "$URL$path")
  if [ "$code" != 200 ] && [ "$code" != 304 ]; then
    printf '%-28s skipped (HTTP %s)\n' "$label" "$code"
    return
  fi
  local before
  before=$(cpu_ticks "$PID")
  out=$(taskset -c 1 wrk -t1 -c16 -d"${SECONDS_EACH}s" --latency ${header:+-H "$header"} \
    ${script:+-s "$script"} "$URL$path")
  local rps p99 cpu
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  cpu=$(echo "scale=1; ($(cpu_ticks "$PID") - $before) * 1000000 / $(getconf CLK_TCK) / $(awk '/requests in/ {print $1}' <<<"$out")" | bc)
  printf '%-28s %10s req/s   p99 %8s   %6s us CPU/req   (HTTP %s)\n' "$label" "$rps" "$p99" "$cpu" "$code"
  echo "$rps" > "$WORK/rps-$label"
}

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); serve on CPU 0, wrk -c16 on CPU 1, ${SECONDS_EACH}s each"
measure "home, search 'seo cache'" "/?search=seo+cache"
measure "home, distinct searches" "/" "$WORK/distinct.lua"
# As browsers ask: each new page is compressed once.
measure "  the same, gzip accepted" "/" "Accept-Encoding: gzip" "$WORK/distinct.lua"
if [ -n "$REFERENCE" ]; then
  REF_PORT=$(free_port)
  taskset -c 0 "$REFERENCE/wppackages" --db "$WORK/reference.db" --log-level warn serve \
    --addr "127.0.0.1:$REF_PORT" > "$WORK/reference.log" 2>&1 &
  REF_PID=$!
  THIS_URL=$URL THIS_PID=$PID
  PID=$REF_PID
  URL="http://127.0.0.1:$REF_PORT"
  wait_http "$URL/health" 30
  measure "  reference, distinct" "/" "$WORK/distinct.lua"
  kill "$REF_PID"
  wait "$REF_PID" 2> /dev/null || true
  URL=$THIS_URL PID=$THIS_PID
  python3 -c "import sys; print(f'distinct searches, this / reference: {float(sys.argv[1]) / float(sys.argv[2]):.2f}')" \
    "$(cat "$WORK/rps-home, distinct searches")" "$(cat "$WORK/rps-  reference, distinct")"
fi
measure "home, search 'woocommerce'" "/?search=woocommerce"
measure "home, unfiltered" "/"
measure "home, page 40 by name" "/?sort=name&page=40"
measure "package page" "$PACKAGE"
measure "package pages, 5,000 rotating" "/" "$WORK/packages.lua"
measure "status" "/status"
measure "package page 304" "$PACKAGE" "If-None-Match: $ETAG"
measure "p2 hit" "$P2"
if [ -f "$WORK/rps-package page 304" ] && [ -f "$WORK/rps-p2 hit" ]; then
  python3 -c "import sys; print(f'304 / p2 hit: {float(sys.argv[1]) / float(sys.argv[2]):.2f}')" \
    "$(cat "$WORK/rps-package page 304")" "$(cat "$WORK/rps-p2 hit")"
fi
