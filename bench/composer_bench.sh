#!/usr/bin/env bash
# Benchmark: cold `composer update` of 10 and 20 plugins against `serve` vs
# against nginx serving the same build directory, in the same run. Dist zips
# come from fake-wporg in both cases, so the difference is the metadata
# server. Each case runs RUNS times alternating, cold (empty Composer cache,
# no vendor/); the median is reported.
#
#   bench/composer_bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source tests/integration/lib.sh
BIN=$ROOT/build/wppackages
RUNS=${1:-5}
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

start_fake_wporg "$ROOT/build" "$WORK/fake.log" --synthetic 2000 --seed 7
SERVE_PORT=$(free_port)
export SERVE_PORT APP_URL="http://127.0.0.1:$SERVE_PORT" REPOSITORY_DIR="$WORK/repo"
"$BIN" --db wpp.db migrate 2> /dev/null
"$BIN" --db wpp.db pipeline --discover-source=svn 2> pipeline.log
start_serve "$BIN" wpp.db "$WORK/serve.log"

# nginx serves the same build as a static tree (hard links to the same blobs).
"$BIN" --db wpp.db export "$WORK/tree" 2> /dev/null
NGINX_PORT=$(free_port)
cat > nginx.conf <<NGX
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nodelay on;
  default_type application/json;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/tree; }
}
NGX
nginx -c "$WORK/nginx.conf" -p "$WORK" &
wait_http "http://127.0.0.1:$NGINX_PORT/packages.json"

# The most installed plugins that have a stable release.
mapfile -t SLUGS < <(sqlite3 wpp.db "SELECT name FROM packages WHERE type = 'plugin' AND is_active = 1
  AND current_version GLOB '[0-9]*' AND current_version NOT LIKE '%-%'
  ORDER BY active_installs DESC LIMIT 20")

run_once() {  # url count -> seconds
  local url=$1 count=$2 dir
  dir=$(mktemp -d -p "$WORK")
  python3 - "$url" "$dir/composer.json" "${SLUGS[@]:0:$count}" <<'PY'
import json, sys
url, path, slugs = sys.argv[1], sys.argv[2], sys.argv[3:]
json.dump({"repositories": [{"type": "composer", "url": url}, {"packagist.org": False}],
           "replace": {"composer/installers": "*"},
           "require": {f"wp-plugin/{s}": "*" for s in slugs},
           "config": {"secure-http": False}}, open(path, "w"))
PY
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && COMPOSER_HOME="$dir/home" COMPOSER_CACHE_DIR="$dir/cache" COMPOSER_ALLOW_SUPERUSER=1 \
     COMPOSER_NO_INTERACTION=1 composer update --no-progress -q) || { echo "composer failed against $url" >&2; exit 1; }
  end=$(date +%s.%N)
  rm -rf "$dir"
  python3 -c "print($end - $start)"
}

for count in 10 20; do
  serve_times=() nginx_times=()
  for ((i = 0; i < RUNS; i++)); do
    nginx_times+=("$(run_once "http://127.0.0.1:$NGINX_PORT" "$count")")
    serve_times+=("$(run_once "$SERVE_URL" "$count")")
  done
  python3 - "$count" "${nginx_times[*]}" "${serve_times[*]}" <<'PY'
import statistics, sys
count, nginx, serve = sys.argv[1], list(map(float, sys.argv[2].split())), list(map(float, sys.argv[3].split()))
n, s = statistics.median(nginx), statistics.median(serve)
print(f"{count} plugins: nginx {n:.2f} s, serve {s:.2f} s (median of {len(nginx)}), ratio {s / n:.2f}x (target <= 1.1)")
PY
done
