#!/usr/bin/env bash
# Measures fake-wporg's CPU per info request: starts it with a synthetic
# corpus, replays the full info request of every listed package with wrk
# (concurrency 32 by default) and divides the fake's user+sys CPU time
# (from /proc) by the number of requests it answered.
#   bench/fake_wporg_bench.sh [--synthetic N] [--connections C] [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FAKE_WPORG:-build/fake-wporg}
N=70000 CONNS=32 SECONDS_=20
while [ $# -gt 0 ]; do
  case $1 in
    --synthetic) N=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --seconds) SECONDS_=$2; shift 2 ;;
    *) echo "usage: $0 [--synthetic N] [--connections C] [--seconds S]" >&2; exit 2 ;;
  esac
done
TMP=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$BIN" --addr 127.0.0.1:0 --port-file "$TMP/port" --synthetic "$N" --threads 2 > "$TMP/log" &
PID=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$TMP/port")"
{
  curl -sf "$BASE/plugins-svn/" | sed -n 's/.*<a href="\([^"]*\)\/">.*/plugin \1/p' | grep -v '^plugin \.\.$'
  curl -sf "$BASE/themes-svn/" | sed -n 's/.*<a href="\([^"]*\)\/">.*/theme \1/p' | grep -v '^theme \.\.$'
} | shuf --random-source=<(yes) > "$TMP/slugs"
echo "packages: $(wc -l < "$TMP/slugs")"
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
before=$(cpu)
SLUGS_FILE="$TMP/slugs" wrk -t1 -c"$CONNS" -d"${SECONDS_}s" --latency \
  -s bench/fake_wporg_info.lua "$BASE" | tee "$TMP/wrk"
after=$(cpu)
requests=$(grep -oE '^ +[0-9]+ requests' "$TMP/wrk" | grep -oE '[0-9]+')
ticks=$(getconf CLK_TCK)
awk -v r="$requests" -v c=$((after - before)) -v t="$ticks" 'BEGIN {
  printf "fake-wporg CPU: %.1f s for %d requests = %.3f ms per info request\n", c / t, r, 1000 * c / t / r }'
