#!/usr/bin/env bash
# Freshness check against fake-wporg (issue #3): the fake publishes RATE
# releases a minute while its changelog (REPORT) mirror lags the listing by
# LAG seconds; wppackages runs `discover --source=svn` and `update` every
# minute. Afterwards no package may be behind what the fake had published up
# to the lagging mirror's horizon at the last discover (a release the
# changelog has not shown yet cannot be discovered, by design: docs/behaviour.md §4.4).
#   bench/fake_wporg_freshness.sh [--minutes 10] [--synthetic 10000] [--rate 60] [--lag 30]
#                                 [--time-scale 1]
# Exit 0 when nothing is behind, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
FAKE=${FAKE_WPORG:-build/fake-wporg}
WPP=${WPPACKAGES:-build/wppackages}
MINUTES=10 N=10000 RATE=60 LAG=30 SCALE=1
while [ $# -gt 0 ]; do
  case $1 in
    --minutes) MINUTES=$2; shift 2 ;;
    --synthetic) N=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --lag) LAG=$2; shift 2 ;;
    --time-scale) SCALE=$2; shift 2 ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
TMP=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$FAKE" --addr 127.0.0.1:0 --port-file "$TMP/port" --synthetic "$N" --commits-per-minute "$RATE" \
  --replica-lag "$LAG" --time-scale "$SCALE" > "$TMP/fake.log" 2>&1 &
PID=$!
for _ in $(seq 200); do [ -s "$TMP/port" ] && break; sleep 0.05; done
BASE="http://127.0.0.1:$(cat "$TMP/port")"
export WPORG_API_URL="$BASE/api" WPORG_PLUGINS_SVN_URL="$BASE/plugins-svn"
export WPORG_THEMES_SVN_URL="$BASE/themes-svn"
DB="$TMP/wpp.db"
run() { "$WPP" --db "$DB" --log-format json "$@" >> "$TMP/wpp.log" 2>&1; }
now_ms() { curl -sf "$BASE/_fake/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["now_ms"])'; }

run migrate
start=$(date +%s)
run discover --source=svn
run update --concurrency 32
echo "initial sync of $N packages: $(($(date +%s) - start)) s"
for minute in $(seq "$MINUTES"); do
  sleep "$(python3 -c "print(60 / $SCALE)")"
  last_discover=$(now_ms)
  t0=$(date +%s.%N)
  run discover --source=svn
  run update --concurrency 32
  printf 'minute %d: discover+update %.1f s\n' "$minute" "$(echo "$(date +%s.%N) - $t0" | bc)"
done
horizon=$((last_discover - LAG * 1000))
curl -sf "$BASE/_fake/state?at_ms=$horizon" > "$TMP/published.json"
curl -sf "$BASE/_fake/state" > "$TMP/now.json"
python3 - "$DB" "$TMP/published.json" "$TMP/now.json" <<'PY'
import json, sqlite3, sys
db, published, now = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
rows = {f"wp-{t}/{n}": v for t, n, v in
        sqlite3.connect(db).execute("SELECT type, name, wporg_version FROM packages")}
behind = []
for name, entry in published["changed"].items():
    releases = now["changed"][name]["releases"]
    have = rows.get(name)
    if have not in releases or releases.index(have) < releases.index(entry["version"]):
        behind.append(f"{name}: have {have}, published {entry['version']}")
print(f"releases published: {sum(len(e['releases']) for e in now['changed'].values())}, "
      f"packages changed by the horizon: {len(published['changed'])}, behind: {len(behind)}")
for line in behind[:20]:
    print("  behind:", line)
sys.exit(1 if behind else 0)
PY
