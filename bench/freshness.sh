#!/usr/bin/env bash
# Freshness of the mirror (issue #3): fake-wporg publishes RATE releases per
# (fake) minute while one SVN mirror lags the other by LAG seconds;
# wppackages runs `discover --source=svn` and `update` once a (fake) minute
# for MINUTES minutes. Then no package may be behind what the fake had
# published by the horizon of the last run: the last discover's fake time
# minus the replica lag (and the API lag): a release the lagging mirror had
# not shown yet cannot be known, and the watermark guarantees it is picked up
# by the next run (docs/behaviour.md §4.4). Also checks that no package was
# deactivated that the fake still publishes.
#
#   bench/freshness.sh [--minutes 10] [--synthetic 70000] [--rate 60] [--lag 30]
#                      [--lagging report|listing|alternate] [--api-lag 0]
#                      [--time-scale 1] [--build DIR] [--keep]
#
# --time-scale K runs the fake K times faster than real time and the cycle
# every 60/K real seconds (ctest runs `--time-scale 10 --synthetic 2000`).
# Exit 0 when nothing is behind, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MINUTES=10 N=70000 RATE=60 LAG=30 LAGGING=report API_LAG=0 SCALE=1 BUILD=build KEEP=
while [ $# -gt 0 ]; do
  case $1 in
    --minutes) MINUTES=$2; shift 2 ;;
    --synthetic) N=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --lag) LAG=$2; shift 2 ;;
    --lagging) LAGGING=$2; shift 2 ;;
    --api-lag) API_LAG=$2; shift 2 ;;
    --time-scale) SCALE=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) sed -n '2,19p' "$0" >&2; exit 2 ;;
  esac
done
BUILD=$(cd "$BUILD" && pwd)
source "$ROOT/tests/integration/lib.sh"
make_workdir
fail() { echo "FAIL: $*" >&2; tail -20 "$WORK/wpp.log" >&2; exit 1; }
start_fake_wporg "$BUILD" "$WORK/fake.log" --synthetic "$N" --seed 7 --commits-per-minute "$RATE" \
  --replica-lag "$LAG" --lagging "$LAGGING" --api-lag "$API_LAG" --time-scale "$SCALE"
DB="$WORK/wpp.db"
export DISCOVERY_RETRY_DELAY_MS=50
run() { "$BUILD/wppackages" --db "$DB" "$@" >> "$WORK/wpp.log" 2>&1 || fail "$*"; }
fake_now_ms() {
  curl -sf "$FAKE_URL/_fake/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["now_ms"])'
}
cycle() {
  last_discover_ms=$(fake_now_ms)
  run discover --source=svn
  run update --concurrency 32
}

period=$(python3 -c "print(60 / $SCALE)")
run migrate
t0=$(date +%s.%N)
cycle
printf 'initial sync of %s packages: %.1f s\n' "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM packages')" \
  "$(python3 -c "import time; print(time.time() - $t0)")"
for minute in $(seq "$MINUTES"); do
  next=$(python3 -c "print($t0 + $minute * $period)")
  python3 -c "import time; time.sleep(max(0, $next - time.time()))"
  c0=$(date +%s.%N)
  cycle
  printf 'minute %2d: discover+update %.1f s, %s\n' "$minute" \
    "$(python3 -c "import time; print(time.time() - $c0)")" \
    "$(grep 'update complete' "$WORK/wpp.log" | tail -1 | grep -o 'fetched=[0-9]* changed=[0-9]*')"
done
horizon=$((last_discover_ms - 1000 * (LAG > API_LAG ? LAG : API_LAG)))
curl -sf "$FAKE_URL/_fake/state?at_ms=$horizon&all=1" > "$WORK/published.json"
curl -sf "$FAKE_URL/_fake/state" > "$WORK/now.json"
python3 - "$DB" "$WORK/published.json" "$WORK/now.json" <<'PY'
import json, sqlite3, sys
db, published, now = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
rows = {f"wp-{t}/{n}": (v, a, vj) for t, n, v, a, vj in sqlite3.connect(db).execute(
    "SELECT type, name, wporg_version, is_active, versions_json FROM packages")}
behind, missing_version = [], []
for name, entry in published["changed"].items():
    releases = now["changed"][name]["releases"]
    have, active, versions = rows.get(name, (None, 0, "{}"))
    if have not in releases or releases.index(have) < releases.index(entry["version"]):
        behind.append(f"{name}: have {have}, published {entry['version']} (active={active})")
    elif entry["version"].lstrip("v").lstrip("V") not in json.loads(versions):
        missing_version.append(f"{name}: {entry['version']} not in versions_json")
wrongly_closed = [name for name, p in published["packages"].items()
                  if p["status"] in ("ok", "invalid-utf8") and name in rows and rows[name][1] == 0]
print(f"releases published: {sum(len(e['releases']) for e in now['changed'].values())}, "
      f"packages changed by the horizon: {len(published['changed'])}, behind: {len(behind)}, "
      f"missing versions: {len(missing_version)}, wrongly deactivated: {len(wrongly_closed)}")
for line in (behind + missing_version + wrongly_closed)[:20]:
    print("  ", line)
sys.exit(1 if behind or missing_version or wrongly_closed else 0)
PY
