#!/usr/bin/env bash
# The hostile corpus end to end (docs/behaviour.md §18.8): fake-wporg
# --hostile is mirrored (discover, update, build) without a crash, every
# hostile package is stored, and serve's feeds and sitemaps stay well-formed
# XML with the hostile names as text (docs/behaviour.md §18.2–§18.6).
#
#   tests/integration/seo_hostile_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: seo_hostile_test.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
make_workdir
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
export REPOSITORY_DIR=$WORK/repo APP_ENV=test WPP_PROGRESS=0 APP_URL=https://repo.example
export DISCOVERY_RETRY_DELAY_MS=10 DISCOVERY_MAX_RETRIES=2

start_synthetic_mirror 40 --hostile --no-fixtures
"${WPP[@]}" discover --source=svn 2> "$WORK/discover.log" || fail "discover"
"${WPP[@]}" update 2> "$WORK/update.log" || fail "update"
"${WPP[@]}" build 2> "$WORK/build.log" || fail "build"

HOSTILE="hostile-attribute hostile-data-url hostile-huge-description hostile-invalid-utf8
hostile-javascript-url hostile-rtl-override hostile-script"
for slug in $HOSTILE; do
  [ "$(q "SELECT is_active FROM packages WHERE type='plugin' AND name='$slug'")" = 1 ] ||
    fail "$slug not mirrored"
done
[ "$(q "SELECT is_active FROM packages WHERE type='theme' AND name='hostile-theme'")" = 1 ] ||
  fail "hostile-theme not mirrored"
q "SELECT display_name FROM packages WHERE name='hostile-script'" | grep -q '<script>' ||
  fail "the script tag was not kept as text"
[ "$(q "SELECT length(description) >= 100000 FROM packages WHERE name='hostile-huge-description'")" = 1 ] ||
  fail "the 100 KB description was cut"
# Invalid UTF-8 is repaired (U+FFFD) and counted, never stored.
[ "$(q "SELECT instr(display_name, char(65533)) > 0 FROM packages WHERE name='hostile-invalid-utf8'")" = 1 ] ||
  fail "invalid UTF-8 not repaired"
grep -q 'invalid_utf8=[1-9]' "$WORK/update.log" || fail "invalid UTF-8 not counted"

start_serve "$BUILD/wppackages" "$DB" "$WORK/serve.log"
check_xml() {  # check_xml PATH CONTENT_TYPE: 200, the type, well-formed, no raw <script>.
  local path=$1 type=$2
  curl -s -D "$WORK/h" -o "$WORK/body" "$SERVE_URL$path" || fail "$path"
  grep -qi "^content-type: $type" "$WORK/h" || fail "$path: $(grep -i content-type "$WORK/h")"
  python3 -c 'import sys,xml.dom.minidom;xml.dom.minidom.parse(sys.argv[1])' "$WORK/body" ||
    fail "$path is not well-formed XML"
  if grep -q '<script' "$WORK/body"; then fail "$path carries a raw script tag"; fi
}
check_xml /feed.xml application/atom+xml
grep -q '&lt;script&gt;alert(' "$WORK/body" || fail "hostile title not in the feed"
check_xml /closures/feed application/rss+xml
check_xml /sitemap.xml application/xml
grep -q '<loc>https://repo.example/sitemaps/packages-0.xml</loc>' "$WORK/body" || fail "index"
check_xml /sitemaps/packages-0.xml application/xml
grep -q '<loc>https://repo.example/packages/wp-plugin/hostile-script</loc>' "$WORK/body" ||
  fail "hostile-script not in the sitemap"
check_xml /sitemaps/pages.xml application/xml
check_xml /opensearch.xml application/opensearchdescription+xml
curl -sf "$SERVE_URL/robots.txt" | grep -q '^Sitemap: https://repo.example/sitemap.xml$' ||
  fail "robots.txt"
etag=$(curl -s -D - -o /dev/null "$SERVE_URL/feed.xml" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$SERVE_URL/feed.xml")" = 304 ] ||
  fail "no 304 for the feed's ETag"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/sitemaps/packages-99.xml")" = 404 ] ||
  fail "sitemap out of range"
echo "ok: hostile corpus mirrored, feeds and sitemaps well-formed"
