#!/usr/bin/env bash
# End to end through the CLI (issue #4, build and local deploy): build the
# five-package fixture, check every p2 file with Composer's own classes
# (check_p2.php), deploy, rebuild after a change (unchanged packages keep
# their blobs, one change in the feed), roll back both ways, rebuild one
# package, export it as a static tree, refuse failed builds, refuse --to-r2
# without an object store, and clean up. Skips (77) when PHP or Composer's classes are missing.
set -euo pipefail
BIN=${1:?usage: build_deploy_test.sh path/to/wppackages}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
command -v php > /dev/null || { echo "SKIP: php is not installed"; exit 77; }
if [ -z "${COMPOSER_AUTOLOAD:-}" ] && [ ! -f /usr/share/php/Composer/autoload.php ]; then
  echo "SKIP: Composer's classes are not installed"; exit 77
fi
source "$SRC/tests/integration/lib.sh"
local_repository_env

wpp migrate 2> /dev/null
sqlite3 "$DB" < "$SRC/src/repository/testdata/fixture.sql"

wpp build 2> "$TMP/build1.log"
b1=$(newest)
php "$SRC/tests/composer/check_p2.php" "$REPOSITORY_DIR/builds/$b1"
grep -q 'packages=5 changed=5' "$TMP/build1.log" || fail "first build: $(cat "$TMP/build1.log")"
[ "$(sql "SELECT status FROM builds WHERE id='$b1'")" = completed ] || fail "builds row not completed"
[ "$(sql "SELECT COUNT(*) FROM metadata_changes")" = 0 ] || fail "changes recorded before deploy"

wpp deploy 2> /dev/null
[ "$(current)" = "builds/$b1" ] || fail "deploy did not promote $b1"
[ "$(sql "SELECT COUNT(*) FROM metadata_changes WHERE build_id='$b1' AND action='update'")" = 5 ] ||
  fail "first deploy did not publish 5 updates"

sql "UPDATE packages SET versions_json = json_set(versions_json, '$.\"5.4\"',
       'https://downloads.wordpress.org/plugin/akismet.5.4.zip') WHERE name = 'akismet'"
wpp build 2> "$TMP/build2.log"
b2=$(newest)
[ "$b2" != "$b1" ] || fail "second build reused the id"
grep -q 'changed=1 ' "$TMP/build2.log" || fail "second build: $(cat "$TMP/build2.log")"
blob() { awk -F'\t' -v n="$2" '$1 == n { print $3 }' "$REPOSITORY_DIR/builds/$1/index.tsv"; }
[ -n "$(blob "$b1" wp-plugin/classic-editor)" ] || fail "index.tsv of $b1 lacks classic-editor"
[ "$(blob "$b1" wp-plugin/classic-editor)" = "$(blob "$b2" wp-plugin/classic-editor)" ] ||
  fail "unchanged package got a new blob"
[ "$(blob "$b1" wp-plugin/akismet)" != "$(blob "$b2" wp-plugin/akismet)" ] ||
  fail "changed package kept its blob"
h=$(blob "$b2" wp-plugin/classic-editor)
[ "$(find "$REPOSITORY_DIR/blobs" -name "$h.json" -newer "$TMP/build1.log" | wc -l)" = 0 ] ||
  fail "unchanged package's blob was rewritten"
php "$SRC/tests/composer/check_p2.php" "$REPOSITORY_DIR/builds/$b2"

wpp deploy "$b2" 2> /dev/null
[ "$(current)" = "builds/$b2" ] || fail "deploy $b2"
[ "$(sql "SELECT package_name || ' ' || action FROM metadata_changes WHERE build_id='$b2'")" = \
  "wp-plugin/akismet update" ] || fail "second deploy's changes: $(sql 'SELECT * FROM metadata_changes')"

wpp deploy --rollback 2> /dev/null
[ "$(current)" = "builds/$b1" ] || fail "--rollback did not go back to $b1"
wpp deploy --rollback "$b2" 2> /dev/null
[ "$(current)" = "builds/$b2" ] || fail "--rollback <id> did not promote $b2"
wpp deploy --rollback="$b1" 2> /dev/null
[ "$(current)" = "builds/$b1" ] || fail "--rollback=<id> did not promote $b1"

wpp build --package=wp-theme/astra 2> "$TMP/build3.log"
b3=$(newest)
[ "$(grep -c '^wp-plugin/' "$REPOSITORY_DIR/builds/$b3/index.tsv")" = 3 ] ||
  fail "--package build is not complete"
wpp export "$TMP/tree" --build "$b3" 2> /dev/null
[ "$(ls "$TMP/tree/p2/wp-plugin" | wc -l)" = 6 ] || fail "export of $b3 lacks plugin files"
cmp -s "$TMP/tree/packages.json" "$REPOSITORY_DIR/builds/$b3/packages.json" ||
  fail "export's packages.json differs"
php "$SRC/tests/composer/check_p2.php" "$REPOSITORY_DIR/builds/$b3"

mkdir -p "$REPOSITORY_DIR/builds/29990101-000000"
cp "$REPOSITORY_DIR/builds/$b3/"{packages.json,manifest.json,index.tsv} "$REPOSITORY_DIR/builds/29990101-000000/"
echo "integrity validation failed" > "$REPOSITORY_DIR/builds/29990101-000000/.failed"
if wpp deploy 29990101-000000 2> /dev/null; then fail "a failed build was promoted"; fi
wpp deploy 2> /dev/null
[ "$(current)" = "builds/$b3" ] || fail "deploy without id did not skip the failed build"

if wpp deploy --to-r2 "$b2" 2> "$TMP/r2.log"; then fail "--to-r2 without an object store succeeded"; fi
grep -q "R2 sync failed" "$TMP/r2.log" || fail "--to-r2 error: $(cat "$TMP/r2.log")"
[ "$(current)" = "builds/$b3" ] || fail "failed --to-r2 moved current"

wpp deploy --cleanup --retain 1 2> "$TMP/cleanup.log"
grep -q "raised to the minimum" "$TMP/cleanup.log" || fail "--retain 1 was not raised"
# The failed build is removed (docs/behaviour.md §8.8); the three good ones stay.
[ ! -e "$REPOSITORY_DIR/builds/29990101-000000" ] || fail "cleanup kept the failed build"
[ "$(ls "$REPOSITORY_DIR/builds" | wc -l)" = 3 ] || fail "cleanup removed builds it should keep"
echo "build_deploy_test: ok"
