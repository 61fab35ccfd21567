#!/usr/bin/env bash
# The issue #12 benchmark: `check-status` of a synthetic WordPress.org corpus
# served by fake-wporg on loopback. Starts the fake with N packages (70,000
# by default), runs `discover --source=svn` (every package an active shell),
# then times with /usr/bin/time -v:
#   1. a first check-status (the corpus's ~3% closed or unknown packages are
#      deactivated or tombstoned: the writes of a run);
#   2. a steady-state check-status (nothing changes: the hourly case);
#   3. the same at half the concurrency;
#   4. the themes with 20 ms of latency added to every answer (fake-wporg's
#      slow-20 fault), at C and C/2: the wall time should be close to
#      requests x 20 ms / concurrency, i.e. bound by the requests in flight,
#      not by the database (the ideal figure is printed beside it).
# Prints packages per second and CPU milliseconds (user+sys of wppackages
# only) per package. Target: <= 1 ms CPU per package.
#
#   bench/check_status_bench.sh [--synthetic N] [--concurrency C] [--build DIR] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=70000 CONC=32 BUILD=build KEEP=
while [ $# -gt 0 ]; do
  case $1 in
    --synthetic) N=$2; shift 2 ;;
    --concurrency) CONC=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
BUILD=$(cd "$BUILD" && pwd)
source "$ROOT/tests/integration/lib.sh"
make_workdir
start_synthetic_mirror "$N" --seed 1 --no-fixtures --threads 64
"${WPP[@]}" discover --source=svn 2> "$WORK/discover.log"

run() {  # run LABEL CONCURRENCY [TYPE [API_URL]]
  local label=$1 conc=$2 type=${3:-all} api=${4:-$WPORG_API_URL} n
  n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM packages WHERE permanently_closed = 0 AND
                     ('$type' = 'all' OR type = '$type')")
  WPORG_API_URL=$api /usr/bin/time -v -o "$WORK/time.txt" "${WPP[@]}" check-status \
    --concurrency "$conc" --type "$type" 2> "$WORK/check.log" || { tail -5 "$WORK/check.log" >&2; exit 1; }
  grep 'check-status complete' "$WORK/check.log" | sed 's/^.*msg=/  /'
  python3 "$ROOT/bench/time_report.py" "$label" "$WORK/time.txt" "$n" "$conc"
}

echo "fake-wporg: $N synthetic packages; machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "first check  " "$CONC"
run "steady check " "$CONC"
run "steady check " "$((CONC / 2))"
for conc in "$CONC" "$((CONC / 2))"; do
  themes=$(sqlite3 "$DB" "SELECT COUNT(*) FROM packages WHERE permanently_closed = 0 AND type = 'theme'")
  run "20 ms latency" "$conc" theme "$FAKE_URL/fault/slow-20/api"
  python3 -c "import sys; print(f'  ideal (requests x 20 ms / concurrency): {int(sys.argv[1]) * 0.02 / int(sys.argv[2]):.1f} s')" \
    "$themes" "$conc"
done
[ -z "$KEEP" ] || echo "kept $WORK"
