#!/usr/bin/env bash
# Benchmark (issue #15): `wppackages generate-og --force` of a synthetic
# corpus (bench/gen_corpus.py, with random install counts) on one core
# (taskset -c 0, one worker), into a local og directory. Prints CPU and wall
# milliseconds per image, images per second, and the CPU time against the
# 15 ms budget (70,000 cards in under 10 minutes on 2 cores). Then a second
# run, which must draw nothing.
#
#   bench/og_bench.sh                 # 2,000 packages
#   PACKAGES=500 bench/og_bench.sh
#
# Environment: BIN (default build/wppackages), PACKAGES (2000), CORE (0),
# BENCH_DIR (/tmp). On a shared machine, wall time includes waiting for the
# CPU: the CPU time (user + system) is the figure to compare; the load
# average is printed with it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-build/wppackages}")
PACKAGES=${PACKAGES:-2000} CORE=${CORE:-0}
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/wpp-og-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export OG_DIR=$WORK/og WPP_PROGRESS=0 APP_URL=https://repo.example.com
DB=$WORK/wpp.db
RESULTS=bench/results/og_bench-$(date -u +%Y%m%d-%H%M%S).txt
mkdir -p bench/results
report() { echo "$*" | tee -a "$RESULTS"; }

report "# og_bench $(date -u +%FT%TZ) packages=$PACKAGES core=$CORE dir=$WORK"
report "# $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" --db "$DB" migrate 2> /dev/null
python3 bench/gen_corpus.py "$DB" --packages "$PACKAGES" > /dev/null
sqlite3 "$DB" "UPDATE packages SET active_installs = abs(random()) % 5000000,
  wp_packages_installs_total = abs(random()) % 20000,
  description = description || ' ' || description || ' ' || description"

run() {
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" \
    taskset -c "$CORE" "$BIN" --db "$DB" generate-og --concurrency 1 "$@" 2> "$WORK/og.log" ||
    { cat "$WORK/og.log" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/time"
  summary=$(grep -o 'generated=.*' "$WORK/og.log" | tail -1)
}

run --force
images=$(echo "$summary" | sed -E 's/generated=([0-9]+).*/\1/')
cpu_ms=$(echo "scale=2; ($user + $sys) * 1000 / $images" | bc)
wall_ms=$(echo "scale=2; $wall * 1000 / $images" | bc)
per_s=$(echo "scale=1; $images / ($user + $sys)" | bc)
report "full      images=$images wall=${wall}s cpu=$(echo "$user + $sys" | bc)s rss=$((rss / 1024))MB"
report "          ${cpu_ms} ms CPU per image (${per_s} images/s of CPU), ${wall_ms} ms wall per image"
report "          budget 15 ms: ratio $(echo "scale=2; $cpu_ms / 15" | bc)x of budget" \
  "($(du -sh "$OG_DIR" | cut -f1) on disk, $(echo "scale=1; $(du -sk "$OG_DIR" | cut -f1) / $images" | bc) KB per image)"
run
report "second    wall=${wall}s $summary"
echo "$summary" | grep -q 'generated=0 skipped=0 errors=0 default=false' ||
  { echo "second run drew something" >&2; exit 1; }
