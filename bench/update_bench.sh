#!/usr/bin/env bash
# The issue #3 benchmark: `update --force` of a synthetic WordPress.org
# corpus served by fake-wporg on loopback. Starts the fake with N packages
# (70,000 by default), runs `discover --source=svn`, then times
# `update --force --concurrency C` with /usr/bin/time -v and prints
# packages per second and CPU milliseconds (user+sys of wppackages only)
# per package. Target: <= 1 ms CPU per package and <= 120 s wall for 70,000
# packages at concurrency 32.
#
#   bench/update_bench.sh [--synthetic N] [--concurrency C] [--build DIR] [--keep]
#
# The update is a first sync (every package is a fresh shell), so it also
# dates every package's versions with one PROPFIND each: two requests per
# package. A second `update --force` (a re-sync) is timed too.
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
start_synthetic_mirror "$N" --seed 1
"${WPP[@]}" discover --source=svn 2> "$WORK/discover.log"
packages=$(sqlite3 "$DB" "SELECT COUNT(*) FROM packages")

# report LABEL TIME_LOG: packages/s and CPU ms/package from /usr/bin/time -v.
report() { python3 "$ROOT/bench/time_report.py" "$1" "$2" "$packages" "$CONC"; }

/usr/bin/time -v -o "$WORK/time1.txt" "${WPP[@]}" update --force --concurrency "$CONC" \
  2> "$WORK/update1.log"
grep 'update complete' "$WORK/update1.log" | sed 's/^.*msg=/  /'
report "first sync (update --force)" "$WORK/time1.txt"
/usr/bin/time -v -o "$WORK/time2.txt" "${WPP[@]}" update --force --concurrency "$CONC" \
  2> "$WORK/update2.log"
report "re-sync   (update --force)" "$WORK/time2.txt"
[ -z "$KEEP" ] || echo "kept $WORK"
