#!/usr/bin/env bash
# make demo: start the bundled fake WordPress.org, mirror it with the
# pipeline into a fresh storage/, then serve the Composer repository on
# 127.0.0.1:8080 (DEMO_PORT) until Ctrl-C. Works offline.
#
# DEMO_SMOKE=1 checks that Composer metadata is served and exits instead of
# serving forever (used by tests).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source tests/integration/lib.sh
BIN=$ROOT/build/wppackages
PORT=${DEMO_PORT:-8080}

mkdir -p storage/logs
rm -rf storage/wppackages.db storage/wppackages.db-wal storage/wppackages.db-shm storage/repository
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

echo "==> starting fake WordPress.org (bundled fixtures)"
start_fake_wporg "$ROOT/build" storage/logs/fake-wporg.log
echo "    $FAKE_URL"
export APP_URL="http://127.0.0.1:$PORT" SEEDS_FILE="$ROOT/testdata/seeds.yaml" \
  ADVISORIES_FEED_URL="$FAKE_URL/wordfence/v3/vulnerabilities" LOG_DIR="$ROOT/storage/logs"
ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=demo-password-123

echo "==> migrate"
"$BIN" migrate 2> storage/logs/migrate.log
echo "==> pipeline: discover (svn) -> update -> build -> deploy"
"$BIN" pipeline --discover-source=svn 2>&1 | tee storage/logs/pipeline.log | grep -E "complete|failed|error" || true
# The first discover only records the SVN baseline; learn trunk revisions so
# dev-trunk is pinned, and publish them with a second run.
"$BIN" backfill-revisions 2>> storage/logs/pipeline.log
echo "==> advisories (the fake's vulnerability feed), published by the next pipeline"
"$BIN" advisories 2> storage/logs/advisories.log || true
"$BIN" pipeline --discover-source=svn 2>&1 | tee -a storage/logs/pipeline.log | grep -E "pipeline (complete|failed)" || true
echo "==> check-status, aggregate-installs, generate-og"
"$BIN" check-status 2> storage/logs/check-status.log | tail -1 || true
"$BIN" aggregate-installs 2> storage/logs/aggregate-installs.log || true
"$BIN" generate-og 2> storage/logs/generate-og.log || true
echo "==> admin $ADMIN_EMAIL"
echo "$ADMIN_PASSWORD" | "$BIN" admin create --email "$ADMIN_EMAIL" --name Admin --password-stdin \
  2> storage/logs/admin.log || true
echo "==> serve on $APP_URL"
SERVE_PORT=$PORT start_serve "$BIN" storage/wppackages.db storage/logs/wppackages.log
packages=$(curl -sf "$APP_URL/packages/list.json" | python3 -c 'import json,sys;print(len(json.load(sys.stdin)["packageNames"]))')

cat <<MSG

wppackages is serving $packages packages at $APP_URL (logs in storage/logs/).
Open $APP_URL/ in a browser to search them; $APP_URL/status shows how fresh
the mirror is. The admin area is $APP_URL/admin (sign in as $ADMIN_EMAIL,
password $ADMIN_PASSWORD: a demo account, never use it elsewhere).
Use it from a Composer project:

{
  "repositories": [
    {"type": "composer", "url": "$APP_URL", "only": ["wp-plugin/*", "wp-theme/*"]},
    {"packagist.org": false}
  ],
  "replace": {"composer/installers": "*"},
  "config": {"secure-http": false}
}

then: composer require wp-plugin/akismet wp-theme/astra
and:  composer audit   (the fake feed has advisories for some fixture packages)

Also: $APP_URL/api/stats, $APP_URL/api/packages/plugin/closed,
$APP_URL/og/social/default.png, $APP_URL/metrics and $APP_URL/health.
(Composer's default repository is not reachable here, so the root "replace"
stands in for composer/installers; in production keep it enabled instead.)
MSG

if [ "${DEMO_SMOKE:-0}" = 1 ]; then
  curl -sf "$APP_URL/p2/wp-plugin/akismet.json" > /dev/null
  curl -sf "$APP_URL/api/stats" > /dev/null
  curl -sf "$APP_URL/og/social/default.png" > /dev/null
  # Whole answers first: `curl | grep -q` fails (curl error 23) when grep
  # stops reading before curl has written everything.
  home=$(curl -sf "$APP_URL/")
  grep -q "wp-plugin/\|Composer" <<<"$home"
  curl -sf "$APP_URL/packages/wp-plugin/akismet" > /dev/null
  curl -sf "$APP_URL/status" > /dev/null
  curl -sf -o /dev/null -w '%{http_code}' "$APP_URL/admin/login" | grep -q 200
  p2=$(curl -sf "$APP_URL/p2/wp-plugin/akismet.json")
  grep -q '"security-advisories"' <<<"$p2"
  echo "demo smoke: ok"
  exit 0
fi
echo "Press Ctrl-C to stop."
wait "$SERVE_PID"
