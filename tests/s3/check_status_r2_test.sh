#!/usr/bin/env bash
# End to end (docs/behaviour.md §11.4): a package that check-status closes
# leaves the next build, and the next `deploy --to-r2` deletes its files from
# the bucket; once it answers again, update + build + deploy put them back.
# fake-wporg serves the fixtures; s3rver behind the SigV4 checker is the
# bucket. Run through harness.py, which provides R2_* and S3_TEST_CONTROL.
#
#   harness.py -- check_status_r2_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: harness.py -- check_status_r2_test.sh BUILD_DIR}" && pwd)
: "${S3_TEST_CONTROL:?run through tests/s3/harness.py}"
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../integration/lib.sh"
BIN=$BUILD/wppackages
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$TMP"/*.log; do echo "--- $f" >&2; tail -15 "$f" >&2; done; exit 1; }
export REPOSITORY_DIR=$TMP/repo APP_ENV=test DISCOVERY_RETRY_DELAY_MS=10
DB=$TMP/wpp.db
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
status_of() {  # status_of KEY: the bucket's answer to a signed GET
  curl -sS --aws-sigv4 "aws:amz:auto:s3" --user "$R2_ACCESS_KEY_ID:$R2_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: $EMPTY_SHA" -o /dev/null -w '%{http_code}' "$R2_ENDPOINT/repo/$1"
}
publish() {  # build, then deploy --to-r2
  "$BIN" --db "$DB" build 2>> "$TMP/build.log" || fail "build"
  "$BIN" --db "$DB" deploy --to-r2 2>> "$TMP/deploy.log" || fail "deploy --to-r2"
}
export R2_BUCKET=repo

start_fake_wporg "$BUILD" "$TMP/fake.log"
API=$WPORG_API_URL
"$BIN" --db "$DB" migrate 2> "$TMP/migrate.log"
"$BIN" --db "$DB" discover --source=svn 2> "$TMP/discover.log" || fail "discover"
"$BIN" --db "$DB" update 2> "$TMP/update.log" || fail "update"
publish
for key in p2/wp-theme/astra.json p2/wp-plugin/akismet.json p2/wp-plugin/akismet~dev.json; do
  [ "$(status_of "$key")" = 200 ] || fail "$key not uploaded"
done

# The themes close: check-status deactivates them; the next deploy deletes them.
WPORG_API_URL="$FAKE_URL/fault/closed/api" "$BIN" --db "$DB" check-status --type theme \
  2> "$TMP/check.log" || fail "check-status (closed)"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM packages WHERE type='theme' AND is_active=0")" = 2 ] ||
  fail "themes not deactivated"
publish
[ "$(status_of p2/wp-theme/astra.json)" = 404 ] || fail "astra still in the bucket"
[ "$(status_of p2/wp-theme/twentytwentyfive.json)" = 404 ] || fail "twentytwentyfive still in the bucket"
[ "$(status_of p2/wp-plugin/akismet.json)" = 200 ] || fail "akismet deleted"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM packages WHERE type='theme' AND deployed_hash IS NOT NULL")" = 0 ] ||
  fail "deployed_hash of closed themes not cleared"

# They answer again: reactivated, re-synced, published again.
WPORG_API_URL=$API "$BIN" --db "$DB" check-status --type theme 2>> "$TMP/check.log" ||
  fail "check-status (reopened)"
"$BIN" --db "$DB" update 2>> "$TMP/update.log" || fail "update after reactivation"
publish
[ "$(status_of p2/wp-theme/astra.json)" = 200 ] || fail "astra not back in the bucket"
echo "check-status and deploy --to-r2: ok"
