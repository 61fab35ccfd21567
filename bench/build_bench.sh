#!/usr/bin/env bash
# Benchmark (issue #4): `wppackages build` of a synthetic 70,000-package
# corpus (bench/gen_corpus.py: long-tailed versions, mean ~14, up to 600),
# then incremental builds after 200 packages changed, then every p2 file of
# the full build loaded by Composer's own classes (tests/composer/check_p2.php).
# Targets: full build <= 10 s and <= 512 MB peak RSS; incremental <= 1 s.
# Also times each deploy (it re-hashes the blobs the build adds against
# `current`, docs/behaviour.md §8.7: every blob after the full build, only
# the changed ones after an incremental one) and a final `verify --all`.
#
#   bench/build_bench.sh                       # work dir under /tmp (the disk)
#   BENCH_DIR=/dev/shm bench/build_bench.sh    # on tmpfs: the disk taken out
#
# Environment: BIN (default build/wppackages), PACKAGES (70000), CHANGED
# (200), RUNS (incremental builds, 3), CHECK (1: run check_p2.php), BENCH_DIR.
# Prints one line per build (wall, user and system CPU, peak RSS) and writes
# them to bench/results/. Numbers on a shared 2-core VM are noisy: note the
# load average printed with them. On ext4, creating files right after many
# were deleted is much slower (the allocator skips recently freed inodes), so
# do not run this twice back to back on the same disk.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-build/wppackages}")
PACKAGES=${PACKAGES:-70000} CHANGED=${CHANGED:-200} RUNS=${RUNS:-3} CHECK=${CHECK:-1}
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/wpp-build-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export REPOSITORY_DIR=$WORK/repo WPP_PROGRESS=0 APP_URL=https://app.example.com
DB=$WORK/wpp.db
RESULTS=bench/results/build_bench-$(date -u +%Y%m%d-%H%M%S).txt
mkdir -p bench/results

source bench/lib.sh

# Runs one build; prints "<label> wall=… user=… sys=… rss_mb=…" and the build's summary.
timed_build() {
  local label=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$BIN" --db "$DB" build "$@" 2> "$WORK/build.log" ||
    { cat "$WORK/build.log" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/time"
  local summary
  summary=$(grep -o 'packages=.*' "$WORK/build.log" | tail -1)
  report "$(printf '%-14s wall=%6ss user=%6ss sys=%6ss rss=%4dMB  %s' "$label" "$wall" "$user" \
    "$sys" $((rss / 1024)) "$summary")"
}

report "# build_bench $(date -u +%FT%TZ) packages=$PACKAGES changed=$CHANGED dir=$WORK"
report "# $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg), fs: $(df -T "$WORK" | awk 'NR==2{print $2}')"
"$BIN" --db "$DB" migrate 2> /dev/null
start=$(date +%s.%N)
corpus=$(python3 bench/gen_corpus.py "$DB" --packages "$PACKAGES")
report "# corpus: $corpus (generated in $(printf '%.0f' "$(echo "$(date +%s.%N) - $start" | bc)") s)"

TIMED_WIDTH=14 TIMED_FIELDS='blobs_rehashed=[0-9]*\|blobs=[0-9]*'

timed_build "full"
full=$(ls "$REPOSITORY_DIR/builds" | tail -1)
timed "deploy-full" deploy "$full"
for run in $(seq 1 "$RUNS"); do
  python3 bench/gen_corpus.py "$DB" --touch "$CHANGED" --seed "$((run + 1))" > /dev/null
  timed_build "incremental-$run"
  timed "deploy-$run" deploy
done
timed_build "unchanged"
timed_build "one-package" --package="wp-plugin/$(sqlite3 "$DB" "SELECT name FROM packages WHERE type='plugin' LIMIT 1")"

timed "verify-all" verify --all

if [ "$CHECK" = 1 ]; then
  if command -v php > /dev/null; then
    start=$(date +%s)
    report "# $(php tests/composer/check_p2.php "$REPOSITORY_DIR/builds/$full" 2>&1 | tail -1) ($(($(date +%s) - start)) s)"
  else
    report "# check_p2 skipped: php is not installed"
  fi
fi
echo "results: $RESULTS"
