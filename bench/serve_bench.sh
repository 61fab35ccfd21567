#!/usr/bin/env bash
# Benchmark: `wppackages serve` answering p2 requests vs nginx serving the same
# build, measured in the same run with wrk on loopback. Server and wrk are
# pinned to different cores (taskset). nginx serves
# `wppackages export` of the current build: hard links to the very blobs
# serve answers from.
#
#   [RUNS=2] bench/serve_bench.sh [REPOSITORY_DIR] [DURATION_SECONDS]
#
# Next to req/s and p99 it prints each server's CPU time per request (user +
# system, from /proc), which does not depend on how much of the core the
# VM gave it during the run.
#
# REPOSITORY_DIR must hold `current` and blobs/ (as `wppackages build` and
# `deploy` leave them). Without it a synthetic build of 20,000 packages is
# generated.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
BIN=${BIN:-build/wppackages}
REPO=${1:-}
DURATION=${2:-10}
WORK=$(mktemp -d)
chmod 755 "$WORK"  # nginx workers run as an unprivileged user.
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

if [ -z "$REPO" ]; then
  REPO=$WORK/repo
  python3 - "$REPO" <<'PY'
import hashlib, json, os, sys, random
repo = sys.argv[1]
build = os.path.join(repo, "builds", "20260101-000000")
os.makedirs(build)
random.seed(7)
index = []
for i in range(20000):
    vendor = "wp-plugin" if i % 6 else "wp-theme"
    name = f"{vendor}/pkg-{i}"
    versions = []
    for v in range(random.choice([1, 2, 3, 5, 8, 13, 30])):
        versions.append({"name": name, "version": f"1.{v}.0", "version_normalized": f"1.{v}.0.0",
                         "dist": {"type": "zip", "url": f"https://downloads.example/{i}.1.{v}.0.zip"},
                         "source": {"type": "svn", "url": f"https://svn.example/pkg-{i}/", "reference": f"tags/1.{v}.0"},
                         "type": "wordpress-plugin", "description": "x" * 120})
    body = json.dumps({"minified": "composer/2.0", "packages": {name: versions}}, separators=(",", ":"))
    blob = hashlib.md5(body.encode()).hexdigest()  # Blob names are any 32 hex digits.
    os.makedirs(os.path.join(repo, "blobs", blob[:1]), exist_ok=True)
    with open(os.path.join(repo, "blobs", blob[:1], blob + ".json"), "w") as f:
        f.write(body)
    index.append(f"{name}\t{blob}\t{blob}\t-\n")
with open(os.path.join(build, "index.tsv"), "w") as f:
    f.writelines(sorted(index))
with open(os.path.join(build, "packages.json"), "w") as f:
    json.dump({"metadata-url": "/p2/%package%.json"}, f)
with open(os.path.join(build, "manifest.json"), "w") as f:
    json.dump({"packages_total": len(index)}, f)
os.symlink("builds/20260101-000000", os.path.join(repo, "current"))
PY
fi
CURRENT=$WORK/tree
REPOSITORY_DIR=$REPO WPP_PROGRESS=0 "$BIN" --db "$WORK/wpp.db" --log-level warn export "$CURRENT"
# wrk picks among up to 5,000 real p2 paths.
find "$CURRENT/p2" -name '*.json' | awk -v p="$CURRENT" 'NR <= 5000 { print substr($0, length(p) + 1) }' > "$WORK/paths.txt"
head -1 "$WORK/paths.txt" > "$WORK/hot.txt"
# Two workloads: "rotating" walks the 5,000 paths, "hot" asks for one file.
for workload in rotating hot; do
  list=$WORK/paths.txt
  [ "$workload" = hot ] && list=$WORK/hot.txt
  rotating_lua "$list" "$WORK/$workload.lua"
done

NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 100000;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $CURRENT;
  }
}
NGX
taskset -c 0 nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!
SERVE_PORT=$(free_port)
"$BIN" --db "$WORK/wpp.db" migrate > /dev/null 2>&1
REPOSITORY_DIR=$REPO taskset -c 0 "$BIN" --db "$WORK/wpp.db" --log-level warn serve \
  --addr "127.0.0.1:$SERVE_PORT" --threads 1 &
SERVE_PID=$!
for port in $NGINX_PORT $SERVE_PORT; do
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port$(head -1 "$WORK/paths.txt")" > /dev/null && break; sleep 0.1; done
done

run_wrk() {  # port pid -> "rps p99_ms cpu_us_per_request" for $WORKLOAD
  local before after
  before=$(cpu_ticks "$2")
  taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" --latency -s "$WORK/$WORKLOAD.lua" "http://127.0.0.1:$1" \
    > "$WORK/wrk.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$WORK/wrk.txt")
  after=$(cpu_ticks "$2")
  grep -q "Non-2xx" "$WORK/wrk.txt" && { echo "non-2xx answers on port $1" >&2; cat "$WORK/wrk.txt" >&2; exit 1; }
  local requests
  requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  echo "$rps $p99 $(echo "scale=2; ($after - $before) * 1000000 / $(getconf CLK_TCK) / $requests" | bc)"
}
RUNS=${RUNS:-2}
for WORKLOAD in rotating hot; do
echo "workload: $WORKLOAD"
# Warm both, then alternate nginx and serve RUNS times each; the ratio is
# taken run by run (each pair ran back to back, under the same conditions),
# and the median pair ratio is the verdict: the machine may be shared.
DURATION=2 run_wrk "$NGINX_PORT" $NGINX_PID > /dev/null
DURATION=2 run_wrk "$SERVE_PORT" $SERVE_PID > /dev/null
pairs=()
for ((r = 0; r < RUNS; r++)); do
  read -r n np nc < <(run_wrk "$NGINX_PORT" $NGINX_PID)
  read -r s sp sc < <(run_wrk "$SERVE_PORT" $SERVE_PID)
  pairs+=("$n" "$np" "$nc" "$s" "$sp" "$sc")
done
python3 - "${pairs[@]}" <<'PY'
import statistics, sys
v = list(map(float, sys.argv[1:]))
runs = [v[i:i + 6] for i in range(0, len(v), 6)]
for i, (n, np, nc, s, sp, sc) in enumerate(runs, 1):
    print(f"run {i}: nginx {n:8.0f} req/s p99 {np:.2f} ms {nc:.1f} us/req | serve {s:8.0f} req/s"
          f" p99 {sp:.2f} ms {sc:.1f} us/req | {s / n:.2f}x req/s, p99 {sp / np:.2f}x")
rps = statistics.median(s / n for n, _, _, s, _, _ in runs)
p99 = statistics.median(sp / np for _, np, _, _, sp, _ in runs)
cpu = statistics.median(sc / nc for _, _, nc, _, _, sc in runs)
print(f"ratio : {rps:.2f}x req/s (target >= 1.0), p99 {p99:.2f}x (target <= 1.2),"
      f" CPU per request {cpu:.2f}x   (median of {len(runs)} back-to-back pairs)")
PY
done
