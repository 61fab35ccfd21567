#!/usr/bin/env bash
# Acceptance of issue #3 ("the client, discover and update"): fake-wporg
# serves the bundled fixtures; `discover --source=svn` then `update` fill the
# database. Checks that akismet, classic-editor, contact-form-7, astra and
# twentytwentyfive hold exactly the versions their fixtures list,
# normalised; that closed packages are tombstoned or deactivated (and
# recorded, docs/decisions.md §13); that versions are dated from SVN; that a second
# run has nothing to do; and, with the fake's fault hooks, that transient
# and malformed answers never deactivate a package.
#
#   tests/integration/ingest_fixtures_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: ingest_fixtures_test.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$HERE/lib.sh"
BIN=$BUILD/wppackages
make_workdir
fail() { echo "FAIL: $*" >&2; for f in "$WORK"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }
q() { sqlite3 "$DB" "$1"; }
export DISCOVERY_RETRY_DELAY_MS=10

# 1. The fixtures, mirrored from scratch.
start_fake_wporg "$BUILD" "$WORK/fake.log"
DB="$WORK/wpp.db"
"$BIN" --db "$DB" migrate 2> "$WORK/migrate.log" || fail "migrate"
"$BIN" --db "$DB" discover --source=svn 2> "$WORK/discover.log" || fail "discover"
"$BIN" --db "$DB" update 2> "$WORK/update.log" || fail "update"

# The versions each fixture lists, normalised the way docs/behaviour.md §3 says
# (the fixtures' keys are already normal: dev-trunk and plain numbers).
for fixture in "$ROOT"/testdata/wporg/plugins/*.json "$ROOT"/testdata/wporg/themes/*.json; do
  slug=$(basename "$fixture" .json)
  type=plugin
  [[ $fixture == */themes/* ]] && type=theme
  want=$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["versions"]; print(",".join(sorted(v)))' "$fixture")
  got=$(q "SELECT versions_json FROM packages WHERE type='$type' AND name='$slug' AND is_active=1" |
        python3 -c 'import json,sys; print(",".join(sorted(json.load(sys.stdin))))') ||
    fail "$type $slug has no versions_json"
  [ "$want" = "$got" ] || fail "$type $slug versions: want $want, got $got"
  stable=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$fixture")
  [ "$(q "SELECT current_version FROM packages WHERE type='$type' AND name='$slug'")" = "$stable" ] ||
    fail "$type $slug current_version is not $stable"
  tagged=$(python3 -c 'import json,sys; print(sum(k != "dev-trunk" for k in json.load(open(sys.argv[1]))["versions"]))' "$fixture")
  dated=$(q "SELECT COUNT(*) FROM package_versions v JOIN packages p ON p.id = v.package_id
             WHERE p.type='$type' AND p.name='$slug' AND v.source='svn' AND v.published_at LIKE '20%Z'")
  [ "$dated" = "$tagged" ] || fail "$type $slug: $dated of $tagged versions dated from SVN"
done
[ "$(q "SELECT display_name FROM packages WHERE name='akismet'")" = "Akismet Anti-spam: Spam Protection" ] ||
  fail "akismet display_name"
[ "$(q "SELECT author FROM packages WHERE name='akismet'")" = "Automattic - Anti-spam Team" ] ||
  fail "akismet author keeps its HTML"
[ "$(q "SELECT permanently_closed || is_active FROM packages WHERE name='yalw'")" = "10" ] ||
  fail "the permanently closed plugin is not tombstoned"
[ "$(q "SELECT permanently_closed || is_active FROM packages WHERE name='temp'")" = "00" ] ||
  fail "the temporarily closed plugin is not deactivated"
[ "$(q "SELECT group_concat(package_name || ':' || action) FROM (SELECT * FROM status_check_changes
        WHERE status_check_id IS NULL ORDER BY package_name)")" = "temp:deactivated,yalw:tombstoned" ] ||
  fail "closures are not recorded in status_check_changes"
[ "$(q "SELECT status FROM sync_runs")" = completed ] || fail "sync run not completed"
grep -q 'msg="update complete" fetched=7 changed=5 unchanged=0 closed=2 failed=0' "$WORK/update.log" ||
  fail "update summary line"
hashes=$(q "SELECT COUNT(*) FROM packages WHERE is_active=1 AND length(content_hash)=64")
[ "$hashes" = 5 ] || fail "content hashes: $hashes"

# 2. A second run: the changelog has nothing new and nothing is dirty.
"$BIN" --db "$DB" discover --source=svn 2>> "$WORK/discover.log" || fail "second discover"
"$BIN" --db "$DB" update 2> "$WORK/update2.log" || fail "second update"
grep -q "no packages need updating" "$WORK/update2.log" || fail "second update did work"
[ "$(q "SELECT meta_json FROM sync_runs ORDER BY id DESC LIMIT 1")" = '{"updated":0}' ] ||
  fail "second sync run meta"

# 3. Fault hooks: failures are counted, nothing is deactivated. (A short
# timeout, so that no fault can stall the run; the truncated answer now
# ends at once, docs/behaviour.md §14.8.)
export DISCOVERY_API_TIMEOUT=3
kill "$FAKE_PID"
start_fake_wporg "$BUILD" "$WORK/fake-faults.log" --with-faults
DB="$WORK/faults.db"
"$BIN" --db "$DB" migrate 2> "$WORK/migrate.log" || fail "migrate (faults)"
"$BIN" --db "$DB" discover --source=svn --type=plugin 2> "$WORK/discover-faults.log" || fail "discover (faults)"
"$BIN" --db "$DB" update --concurrency 4 2> "$WORK/update-faults.log" || fail "update (faults)"
[ "$(q "SELECT COUNT(*) FROM packages WHERE name LIKE 'fault-%' AND is_active = 0")" = 0 ] ||
  fail "a fault deactivated a package"
for slug in fault-500-listed fault-503-listed fault-badjson-listed fault-notobject-listed \
            fault-apierror-listed fault-truncate-listed fault-html-listed; do
  [ "$(q "SELECT last_synced_at IS NULL FROM packages WHERE name='$slug'")" = 1 ] ||
    fail "$slug was marked synced"
done
for slug in fault-flaky-2-listed fault-invalidutf8-listed fault-slow-listed; do
  [ "$(q "SELECT last_synced_at IS NOT NULL FROM packages WHERE name='$slug'")" = 1 ] ||
    fail "$slug was not synced"
done
grep -q 'invalid_utf8=1' "$WORK/update-faults.log" || fail "invalid UTF-8 not counted"
echo "ingest fixtures: ok"
