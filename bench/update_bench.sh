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
start_fake_wporg "$BUILD" "$WORK/fake.log" --synthetic "$N" --seed 1
DB="$WORK/wpp.db"
WPP=("$BUILD/wppackages" --db "$DB")
"${WPP[@]}" migrate 2> "$WORK/migrate.log"
"${WPP[@]}" discover --source=svn 2> "$WORK/discover.log"
packages=$(sqlite3 "$DB" "SELECT COUNT(*) FROM packages")

# report LABEL TIME_LOG: packages/s and CPU ms/package from /usr/bin/time -v.
report() {
  python3 - "$1" "$2" "$packages" "$CONC" <<'PY'
import re, sys
label, path, packages, conc = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
text = open(path).read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", text).group(1).strip()
user, system = float(field("User time (seconds)")), float(field("System time (seconds)"))
wall = 0.0
for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
    wall = wall * 60 + float(part)
rss = int(field("Maximum resident set size (kbytes)")) // 1024
cpu = user + system
print(f"{label}: {packages} packages, concurrency {conc}: wall {wall:.1f} s, "
      f"{packages / wall:.0f} packages/s, CPU {cpu:.1f} s (user {user:.1f} + sys {system:.1f}), "
      f"{cpu * 1000 / packages:.3f} ms CPU/package, max RSS {rss} MiB")
PY
}

/usr/bin/time -v -o "$WORK/time1.txt" "${WPP[@]}" update --force --concurrency "$CONC" \
  2> "$WORK/update1.log"
grep 'update complete' "$WORK/update1.log" | sed 's/^.*msg=/  /'
report "first sync (update --force)" "$WORK/time1.txt"
/usr/bin/time -v -o "$WORK/time2.txt" "${WPP[@]}" update --force --concurrency "$CONC" \
  2> "$WORK/update2.log"
report "re-sync   (update --force)" "$WORK/time2.txt"
[ -z "$KEEP" ] || echo "kept $WORK"
