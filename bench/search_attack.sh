#!/usr/bin/env bash
# Benchmark: p2 latency while hostile searches run.
#
#   bench/search_attack.sh [SECONDS] [ATTACKERS]
#
# Serves a build of 5,000 synthetic packages, measures p2 latency with wrk
# (one connection, so every request waits for its answer) alone, then again
# while ATTACKERS loops send /search.json?q= with 3,500 one-letter terms
# (7 KB). Search runs on the server's worker threads under a time budget, so
# p2 must stay fast: target p99 under 50 ms under attack.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/wppackages}
DURATION=${1:-10}
ATTACKERS=${2:-4}
source tests/integration/lib.sh
make_workdir
export DB_PATH=$WORK/wpp.db REPOSITORY_DIR=$WORK/repo WPP_PROGRESS=0 APP_URL=http://127.0.0.1
"$BIN" --log-level warn migrate
python3 - "$DB_PATH" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
words = ["alpha", "beta", "gamma", "delta", "seo", "cache", "forms", "shop", "gallery", "slider"]
rows = [("plugin", f"pkg-{i}", f"Package {i}", " ".join(words[(i + k) % 10] for k in range(6)),
         '{"1.0.0":"https://downloads.example/1.zip"}', 1, "2026-01-01T00:00:00Z", "x", "x")
        for i in range(5000)]
db.executemany("INSERT INTO packages (type, name, display_name, description, versions_json,"
               " is_active, last_synced_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)", rows)
db.commit()
PY
"$BIN" --log-level warn build > /dev/null
"$BIN" --log-level warn deploy > /dev/null
PORT=$(free_port)
"$BIN" --log-level warn serve --addr "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && break; sleep 0.1; done
P2=/p2/wp-plugin/pkg-42.json
curl -fs "http://127.0.0.1:$PORT$P2" > /dev/null || { echo "FAIL: $P2 not served" >&2; exit 1; }

p2_latency() {  # -> "rps p50_ms p99_ms max_ms"
  wrk -t1 -c1 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$P2" > "$WORK/wrk.txt"
  python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n = float(re.match(r"[\d.]+", v).group())
    return n / 1000 if v.endswith("us") else n * 1000 if v.endswith("s") and not v.endswith("ms") else n
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
mx = ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", text).group(1))
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {mx:.2f}")
PY
}
read -r base_rps base_p50 base_p99 base_max < <(p2_latency)
Q=$(python3 -c 'print("+".join(["a"] * 3500))')
for _ in $(seq "$ATTACKERS"); do
  ( while true; do curl -s -o /dev/null "http://127.0.0.1:$PORT/search.json?q=$Q"; done ) &
done
sleep 1
read -r rps p50 p99 max < <(p2_latency)
echo "p2 alone        : $base_rps req/s  p50 $base_p50 ms  p99 $base_p99 ms  max $base_max ms"
echo "p2 under attack : $rps req/s  p50 $p50 ms  p99 $p99 ms  max $max ms  ($ATTACKERS attackers)"
python3 -c "import sys; sys.exit(0 if $p99 < 50 else 1)" || { echo "FAIL: p99 >= 50 ms" >&2; exit 1; }
