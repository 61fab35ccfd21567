#!/usr/bin/env bash
# Debian's caddy runs deploy/Caddyfile (TLS off through APP_DOMAIN=http://:PORT)
# in front of `wppackages serve`, which serves a mirror of fake-wporg's
# fixtures. The real composer installs through Caddy over IPv6 loopback (::1),
# so the address Caddy sees differs from Caddy's own (127.0.0.1); curl then
# posts from 127.0.0.2 with forged X-Real-IP / X-Forwarded-For. Checks:
# installs work, security and cache headers are present, responses are
# compressed, /metrics is refused, and every install event is keyed by the
# HMAC of the address Caddy saw, never Caddy's or a forged one.
#
#   tests/deploy/caddy_e2e.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
SRC=$(cd "${1:?usage: caddy_e2e.sh SOURCE_DIR BUILD_DIR}" && pwd)
BUILD=$(cd "${2:?usage: caddy_e2e.sh SOURCE_DIR BUILD_DIR}" && pwd)
source "$SRC/tests/integration/lib.sh"
BIN=$BUILD/wppackages
if ! command -v caddy > /dev/null; then
  echo "SKIP: caddy not installed (apt install caddy)"
  exit 77
fi
if ! python3 -c 'import socket;s=socket.socket(socket.AF_INET6);s.bind(("::1",0))' 2> /dev/null; then
  echo "SKIP: no IPv6 loopback to give the client an address other than Caddy's"
  exit 77
fi
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$WORK"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }
cd "$WORK"

CADDY_PORT=$(free_port)
SERVE_PORT=$(free_port)
export SERVE_PORT APP_URL="http://[::1]:$CADDY_PORT"
export REPOSITORY_DIR="$WORK/repository" SEEDS_FILE="$SRC/testdata/seeds.yaml"
export TELEMETRY_SECRET="caddy-e2e-secret"
DB="$WORK/wpp.db"

start_fake_wporg "$BUILD" "$WORK/fake.log"
"$BIN" --db "$DB" migrate 2> "$WORK/migrate.log" || fail "migrate"
"$BIN" --db "$DB" pipeline --discover-source=svn 2> "$WORK/pipeline.log" || fail "pipeline"
"$BIN" --db "$DB" pipeline --discover-source=svn 2>> "$WORK/pipeline.log" || fail "second pipeline"
start_serve "$BIN" "$DB" "$WORK/serve.log"

# Caddy as shipped, configured through the environment only.
export HOME="$WORK/caddy-home" XDG_DATA_HOME="$WORK/caddy-data" XDG_CONFIG_HOME="$WORK/caddy-config"
APP_DOMAIN="http://:$CADDY_PORT" WPP_UPSTREAM="127.0.0.1:$SERVE_PORT" CADDY_ADMIN=off \
  CADDY_ACCESS_LOG="$WORK/access.json" \
  caddy run --config "$SRC/deploy/Caddyfile" --adapter caddyfile > "$WORK/caddy.log" 2>&1 &
PROXY="http://[::1]:$CADDY_PORT"
wait_http "$PROXY/health" 30 || fail "caddy did not come up"

# Composer through Caddy.
export COMPOSER_HOME="$WORK/composer-home" COMPOSER_CACHE_DIR="$WORK/composer-cache"
export COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1
mkdir -p project && cd project
write_composer_project "$PROXY"
composer require --no-progress wp-plugin/akismet wp-theme/astra > "$WORK/require.log" 2>&1 ||
  fail "composer require through caddy"
[ -f vendor/wp-plugin/akismet/akismet.php ] || fail "akismet not installed"
[ -f vendor/wp-theme/astra/style.css ] || fail "astra not installed"
cd "$WORK"

# Headers on a Composer document.
curl -sf -D "$WORK/headers.txt" -o /dev/null -H 'Accept-Encoding: gzip' "$PROXY/packages.json" ||
  fail "packages.json through caddy"
for h in 'Strict-Transport-Security: max-age=31536000' 'X-Content-Type-Options: nosniff' \
  'X-Frame-Options: DENY' 'Referrer-Policy: ' 'Content-Security-Policy: default-src' \
  'Content-Encoding: gzip' 'Cache-Control: '; do
  grep -qi "^$h" "$WORK/headers.txt" || fail "packages.json lacks '$h': $(cat "$WORK/headers.txt")"
done
grep -qi '^Server:' "$WORK/headers.txt" && fail "Server header not removed"
# A page keeps the app's own, stricter CSP: Caddy adds its CSP only where
# the app set none.
curl -sf -D "$WORK/page-headers.txt" -o /dev/null "$PROXY/" || fail "home page through caddy"
[ "$(grep -ci '^Content-Security-Policy:' "$WORK/page-headers.txt")" = 1 ] ||
  fail "the page has not exactly one CSP: $(cat "$WORK/page-headers.txt")"
grep -i '^Content-Security-Policy:' "$WORK/page-headers.txt" | grep -q "script-src 'self'" ||
  fail "Caddy replaced the app's CSP: $(cat "$WORK/page-headers.txt")"
grep -i '^Content-Security-Policy:' "$WORK/page-headers.txt" | grep -q "unsafe-inline" &&
  fail "the page's CSP allows inline styles: $(cat "$WORK/page-headers.txt")"
# Caddy's own compression: serve speaks gzip only, so zstd comes from Caddy.
curl -sf -D "$WORK/zstd-headers.txt" -o "$WORK/akismet.zst" -H 'Accept-Encoding: zstd' \
  "$PROXY/p2/wp-plugin/akismet.json" || fail "p2 file through caddy"
grep -qi '^Content-Encoding: zstd' "$WORK/zstd-headers.txt" ||
  fail "p2 file not compressed by caddy: $(cat "$WORK/zstd-headers.txt")"
zstd -dcq "$WORK/akismet.zst" | grep -q '"wp-plugin/akismet"' || fail "zstd body does not decode"
# Fingerprinted assets are cached for a year; other paths are not.
curl -s -D "$WORK/asset-headers.txt" -o /dev/null "$PROXY/assets/app.3f9a1c2b.css"
grep -qi '^Cache-Control: public, max-age=31536000, immutable' "$WORK/asset-headers.txt" ||
  fail "fingerprinted asset not cached long: $(cat "$WORK/asset-headers.txt")"
grep -qi 'immutable' "$WORK/headers.txt" && fail "packages.json marked immutable"
# /metrics is for loopback scrapers of the server itself, never through Caddy.
code=$(curl -s -o /dev/null -w '%{http_code}' "$PROXY/metrics")
[ "$code" = 404 ] || fail "/metrics through caddy answered $code"

# Which address an event was recorded under: its dedupe key is the first 16
# bytes of SHA-256(HMAC(address) ‖ package id ‖ version ‖ SHA-256(user agent))
# (docs/behaviour.md §10.3); the user agents are those Caddy logged, and curl's.
# Prints "ADDRESS COUNT" for each candidate, then "unknown COUNT".
addresses() {
  python3 - "$DB" "$TELEMETRY_SECRET" "$WORK/access.json" ::1 127.0.0.2 127.0.0.1 6.6.6.6 <<'PY'
import collections, hashlib, hmac, json, os, sqlite3, sys
db, secret, log, ips = sys.argv[1], sys.argv[2].encode(), sys.argv[3], sys.argv[4:]
agents = {"caddy-e2e"}
for line in open(log) if os.path.exists(log) else []:
    try:
        agents.update(json.loads(line)["request"]["headers"].get("User-Agent", []))
    except (ValueError, KeyError):
        pass
sha = lambda text: hashlib.sha256(text.encode())
keys = {}
for ip in ips:
    ip_hash = hmac.new(secret, ip.encode(), hashlib.sha256).hexdigest()
    for agent in agents:
        keys[(ip_hash, sha(agent).hexdigest())] = ip
seen = collections.Counter()
rows = sqlite3.connect(db).execute("SELECT package_id, version, dedupe_key FROM install_events")
for package, version, key in rows:
    seen[next((ip for (i, a), ip in keys.items()
               if sha(i + str(package) + version + a).digest()[:16] == key), "unknown")] += 1
for ip in ips + ["unknown"]:
    print(ip, seen[ip])
PY
}
count() { addresses | awk -v ip="$1" '$1 == ip { print $2 }'; }
wait_events() { # ADDRESS MIN
  local i n=0
  for i in $(seq 100); do
    n=$(count "$1")
    [ "$n" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
v6=::1
wait_events "$v6" 2 || fail "composer's installs not recorded under ::1 ($(sqlite3 "$DB" 'SELECT COUNT(*) FROM install_events') events in all)"
# A client forging its address: Caddy replaces both headers with the peer.
version=$(sqlite3 "$DB" "SELECT version FROM install_events LIMIT 1")
curl -sf --interface 127.0.0.2 -H 'X-Real-IP: 6.6.6.6' -H 'X-Forwarded-For: 6.6.6.6' \
  -H 'Content-Type: application/json' -A 'caddy-e2e' \
  --data "{\"downloads\":[{\"name\":\"wp-plugin/akismet\",\"version\":\"$version\"}]}" \
  "http://127.0.0.1:$CADDY_PORT/downloads" > /dev/null || fail "POST /downloads from 127.0.0.2"
local2=127.0.0.2
wait_events "$local2" 1 || fail "the 127.0.0.2 install was not recorded under 127.0.0.2"
for wrong in 127.0.0.1 6.6.6.6; do
  [ "$(count $wrong)" = 0 ] || fail "an install event carries $wrong"
done
total=$(sqlite3 "$DB" 'SELECT COUNT(*) FROM install_events')
[ "$total" = "$(($(count "$v6") + $(count "$local2")))" ] || fail "events with an unexpected address"
grep -q '"remote_ip"' "$WORK/access.json" || fail "no access log written"
echo "caddy e2e: ok ($total install events, all under the addresses Caddy saw)"
