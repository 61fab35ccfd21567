#!/usr/bin/env bash
# End-to-end check of build/fake-wporg over loopback: starts it on a free
# port and fetches GET /, an info answer, the SVN listing, a REPORT, a
# PROPFIND, a fault hook and a zip (checked with unzip and installed with
# Composer when it is available).
set -euo pipefail
BIN=${1:?usage: fake_wporg_test.sh path/to/fake-wporg}
TMP=$(mktemp -d)
PID=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" --addr 127.0.0.1:0 --port-file "$TMP/port" --synthetic 500 --seed 3 \
  --commits-per-minute 600 --time-scale 10 > "$TMP/log" 2>&1 &
PID=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.05; done
[ -s "$TMP/port" ] || fail "no port file: $(cat "$TMP/log")"
BASE="http://127.0.0.1:$(cat "$TMP/port")"

root=$(curl -sf "$BASE/")
[ "$root" != "${root/\"api_url\":\"$BASE\/api\"/}" ] || fail "GET / is $root"
api=$(curl -sf -o /dev/null -w '%{http_code}' "$BASE/api/plugins/info/1.2/?action=plugin_information&request%5Bslug%5D=akismet&request%5Bfields%5D%5Bversions%5D=true")
[ "$api" = 200 ] || fail "info status $api"
info=$(curl -sf "$BASE/api/plugins/info/1.2/?action=plugin_information&request%5Bslug%5D=akismet")
grep -q "\"5.3.2\":\"$BASE/downloads/plugin/akismet.5.3.2.zip\"" <<<"$info" || fail "info: $info"
status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/plugins/info/1.2/?action=plugin_information&request%5Bslug%5D=yalw")
[ "$status" = 404 ] || fail "closed plugin answered $status"

listing=$(curl -sf "$BASE/plugins-svn/")
head=$(sed -n 's/.*<title> - Revision \([0-9]*\): \/<\/title>.*/\1/p' <<<"$listing")
[ -n "$head" ] || fail "no revision in the listing"
grep -q '<li><a href="akismet/">akismet/</a></li>' <<<"$listing" || fail "akismet not listed"

body="<?xml version=\"1.0\" encoding=\"utf-8\"?><S:log-report xmlns:S=\"svn:\" xmlns:D=\"DAV:\"><S:start-revision>$head</S:start-revision><S:end-revision>$((head - 9))</S:end-revision><S:discover-changed-paths/><S:limit>50000</S:limit></S:log-report>"
report=$(curl -sf -X REPORT -H 'Content-Type: text/xml' --data "$body" "$BASE/plugins-svn/!svn/bc/0/")
[ "$(grep -c '<S:log-item>' <<<"$report")" = 10 ] || fail "REPORT: $report"

propfind=$(curl -s -X PROPFIND -H 'Depth: 1' -w '\n%{http_code}' "$BASE/plugins-svn/akismet/tags/")
[ "$(tail -1 <<<"$propfind")" = 207 ] || fail "PROPFIND status"
[ "$(grep -c '<lp1:creationdate>' <<<"$propfind")" = 5 ] || fail "PROPFIND: $propfind"

# OPTIONS: the youngest revision in a header (no lag here: at least the
# listing's HEAD read a moment ago; commits go on).
youngest=$(curl -sf -o /dev/null -D - -X OPTIONS -H 'DAV: http://subversion.tigris.org/xmlns/dav/svn/depth' \
  --data '<D:options xmlns:D="DAV:"><D:activity-collection-set/></D:options>' "$BASE/plugins-svn/" |
  tr -d '\r' | sed -n 's/^SVN-Youngest-Rev: //Ip')
[ -n "$youngest" ] && [ "$youngest" -ge "$head" ] || fail "OPTIONS answered SVN-Youngest-Rev '$youngest', listing HEAD $head"

[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/fault/503/plugins-svn/")" = 503 ] ||
  fail "fault prefix"

curl -sf -o "$TMP/akismet.zip" "$BASE/downloads/plugin/akismet.5.3.2.zip" || fail "zip download"
unzip -tq "$TMP/akismet.zip" > /dev/null || fail "unzip -t"

state=$(curl -sf "$BASE/_fake/state")
grep -q '"changed":{"wp-' <<<"$state" || fail "no release after time passed: $state"

if command -v composer > /dev/null && php -m 2>/dev/null | grep -qi '^zip$'; then
  mkdir -p "$TMP/project"
  cat > "$TMP/project/composer.json" <<JSON
{"repositories":[{"packagist.org":false},{"type":"package","package":{"name":"wp-plugin/akismet",
 "version":"5.3.2","type":"wordpress-plugin",
 "dist":{"type":"zip","url":"$BASE/downloads/plugin/akismet.5.3.2.zip"}}}],
 "require":{"wp-plugin/akismet":"5.3.2"},"config":{"secure-http":false}}
JSON
  (cd "$TMP/project" && COMPOSER_HOME="$TMP/home" COMPOSER_CACHE_DIR="$TMP/cache" \
    COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1 \
    composer install --no-progress --quiet 2> "$TMP/composer.log") ||
    fail "composer install: $(cat "$TMP/composer.log")"
  grep -q "Version: 5.3.2" "$TMP/project/vendor/wp-plugin/akismet/akismet.php" ||
    fail "composer did not unpack the plugin"
fi
echo "fake-wporg e2e: ok"
