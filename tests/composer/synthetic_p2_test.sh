#!/usr/bin/env bash
# One answer per version over a synthetic corpus (docs/behaviour.md §14.1–§14.3):
# fake-wporg serves a few thousand synthetic packages (whose tags include
# `2.8` beside `2.8.0`, `-dev` releases and odd tags); `discover` and
# `update` mirror them; `build` writes the p2 files, and check_p2.php loads
# every one with Composer's own classes and fails on a duplicate
# version_normalized or a dev-stability version in a main file. Then stored
# rows as an older update wrote them (duplicates, a `-dev` tag) and a shell
# whose fetch only ever failed are built again and checked.
#
#   tests/composer/synthetic_p2_test.sh BUILD_DIR [PACKAGES]
# Skips (77) when PHP or Composer's classes are missing.
set -euo pipefail
BUILD=$(cd "${1:?usage: synthetic_p2_test.sh BUILD_DIR [PACKAGES]}" && pwd)
PACKAGES=${2:-3000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$ROOT/tests/integration/lib.sh"
require_php_composer
BIN=$BUILD/wppackages
make_workdir
DB=$WORK/wpp.db
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }
wpp() { "$BIN" --db "$DB" "$@"; }
newest() { ls "$REPOSITORY_DIR/builds" | tail -1; }
export REPOSITORY_DIR=$WORK/repo WPP_PROGRESS=0 DISCOVERY_RETRY_DELAY_MS=10

start_fake_wporg "$BUILD" "$WORK/fake.log" --no-fixtures --synthetic "$PACKAGES" --seed 7 \
  --time-scale 0
wpp migrate 2> "$WORK/migrate.log" || fail "migrate"
SECONDS=0
wpp discover --source=svn 2> "$WORK/discover.log" || fail "discover"
echo "discover: ${SECONDS}s"
wpp update --concurrency 8 2> "$WORK/update.log" || fail "update"
echo "update: ${SECONDS}s"
wpp build 2> "$WORK/build1.log" || fail "build"
echo "build: ${SECONDS}s"
php "$ROOT/tests/composer/check_p2.php" "$REPOSITORY_DIR/builds/$(newest)" > "$WORK/check1.log" 2>&1 ||
  fail "check_p2 (mirrored corpus): $(cat "$WORK/check1.log")"
cat "$WORK/check1.log"

# The corpus must hold what the rules are about, or this test proves nothing:
# tags that differ only by a trailing .0 (dropped on the way) and -dev tags.
dev=$(q "SELECT COUNT(*) FROM packages, json_each(versions_json) WHERE key LIKE '%-dev'")
[ "$dev" -gt 0 ] || fail "no -dev versions in the corpus"
echo "corpus: $dev -dev versions"

# Rows as an older update stored them: both 6.1 and 6.1.0, and a shell row
# whose info request only ever failed. The build keeps one of each pair,
# moves -dev tags to ~dev, and does not publish the shell.
q "UPDATE packages SET versions_json = json_set(versions_json,
     '\$.\"77.1\"', 'https://downloads.wordpress.org/plugin/' || name || '.77.1.zip',
     '\$.\"77.1.0\"', 'https://downloads.wordpress.org/plugin/' || name || '.77.1.0.zip',
     '\$.\"78.0-dev\"', 'https://downloads.wordpress.org/plugin/' || name || '.78.0-dev.zip')
   WHERE id IN (SELECT id FROM packages WHERE type = 'plugin' AND versions_json <> '{}' LIMIT 50)"
q "INSERT INTO packages (type, name, versions_json, created_at, updated_at)
   VALUES ('plugin', 'never-fetched', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
wpp build 2> "$WORK/build2.log" || fail "second build"
b2=$(newest)
php "$ROOT/tests/composer/check_p2.php" "$REPOSITORY_DIR/builds/$b2" > "$WORK/check2.log" 2>&1 ||
  fail "check_p2 (stored duplicates): $(cat "$WORK/check2.log")"
cat "$WORK/check2.log"
! grep -q $'^wp-plugin/never-fetched\t' "$REPOSITORY_DIR/builds/$b2/index.tsv" ||
  fail "a package never fetched was published"
echo "synthetic p2: ok"
