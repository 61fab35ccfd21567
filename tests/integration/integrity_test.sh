#!/usr/bin/env bash
# Integrity that really checks, through the CLI (issue #11;
# docs/behaviour.md §7.6, §7.7, §8.7, §8.8, §8.9): a blob altered on disk is
# refused by deploy and by deploy --rollback, named by `verify`, repaired by
# `build --force`, after which deploy works; `build --output DIR` writes a
# static tree and stays a deployable, exportable build; `deploy --cleanup`
# removes failed builds; a pipeline with nothing new publishes nothing.
set -euo pipefail
BIN=${1:?usage: integrity_test.sh path/to/wppackages}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
source "$SRC/tests/integration/lib.sh"
local_repository_env
blob_path() {  # blob_path BUILD NAME: the main p2 blob of NAME in BUILD
  local h
  h=$(awk -F'\t' -v n="$2" '$1 == n { print $3 }' "$REPOSITORY_DIR/builds/$1/index.tsv")
  echo "$REPOSITORY_DIR/blobs/${h:0:1}/$h.json"
}

wpp migrate 2> /dev/null
sqlite3 "$DB" < "$SRC/src/repository/testdata/fixture.sql"
wpp build 2> /dev/null
b1=$(newest)
wpp deploy 2> /dev/null
wpp verify > "$TMP/verify0.out" 2>&1 || fail "verify of a good build: $(cat "$TMP/verify0.out")"

# A change, then the new blob is altered on disk.
sqlite3 "$DB" "UPDATE packages SET versions_json = json_set(versions_json, '$.\"5.4\"',
  'https://downloads.wordpress.org/plugin/akismet.5.4.zip') WHERE name = 'akismet'"
wpp build 2> /dev/null
b2=$(newest)
bad=$(blob_path "$b2" wp-plugin/akismet)
[ "$bad" != "$(blob_path "$b1" wp-plugin/akismet)" ] || fail "akismet kept its blob"
good=$(cat "$bad")
printf '%s' "${good/5.4/6.6}" > "$bad"

# 1. deploy refuses, and says how to recover.
if wpp deploy "$b2" 2> "$TMP/deploy.err"; then fail "deploy accepted an altered blob"; fi
grep -q 'p2/wp-plugin/akismet.json' "$TMP/deploy.err" || fail "deploy: $(cat "$TMP/deploy.err")"
grep -q 'build --force' "$TMP/deploy.err" || fail "deploy gives no recovery: $(cat "$TMP/deploy.err")"
[ "$(current)" = "builds/$b1" ] || fail "current moved"

# 2. verify names the file (exit 1); the current build is still good.
set +e
wpp verify --build "$b2" > "$TMP/verify.out" 2> "$TMP/verify.err"; rc=$?
set -e
[ "$rc" = 1 ] || fail "verify --build exit $rc"
grep -q "^BAD $b2 p2/wp-plugin/akismet.json $bad: content does not match its name" "$TMP/verify.out" ||
  fail "verify output: $(cat "$TMP/verify.out")"
[ "$(wc -l < "$TMP/verify.out")" = 1 ] || fail "verify named more: $(cat "$TMP/verify.out")"
wpp verify 2> /dev/null || fail "the current build is good"
if wpp verify --all > /dev/null 2>&1; then fail "verify --all missed the bad blob"; fi

# 3. build --force repairs the blob; 4. deploy works.
wpp build --force 2> /dev/null
b3=$(newest)
[ "$(cat "$bad")" = "$good" ] || fail "build --force did not repair the blob"
wpp deploy 2> "$TMP/deploy3.err" || fail "deploy after repair: $(cat "$TMP/deploy3.err")"
[ "$(current)" = "builds/$b3" ] || fail "current is $(current), want $b3"
wpp verify --all 2> /dev/null || fail "verify --all after repair"

# deploy --rollback checks the blobs the target adds.
old=$(blob_path "$b1" wp-plugin/akismet)
cp "$old" "$TMP/old.json"
echo tampered > "$old"
if wpp deploy --rollback="$b1" 2> "$TMP/rollback.err"; then fail "rollback accepted an altered blob"; fi
grep -q 'p2/wp-plugin/akismet.json' "$TMP/rollback.err" || fail "rollback: $(cat "$TMP/rollback.err")"
cp "$TMP/old.json" "$old"
wpp deploy --rollback="$b1" 2> /dev/null || fail "rollback after repair"
wpp deploy "$b3" 2> /dev/null

# build --output: a static tree, and the build itself stays deployable and exportable.
wpp build --output "$TMP/tree" 2> "$TMP/output.err" || fail "build --output: $(cat "$TMP/output.err")"
b4=$(newest)
[ -f "$TMP/tree/packages.json" ] && [ -f "$TMP/tree/p2/wp-plugin/akismet.json" ] ||
  fail "build --output wrote no tree: $(find "$TMP/tree" | head)"
cmp -s "$TMP/tree/p2/wp-plugin/akismet.json" "$(blob_path "$b4" wp-plugin/akismet)" ||
  fail "tree differs from the build"
wpp export --build "$b4" "$TMP/tree2" 2> /dev/null || fail "export --build $b4"
wpp deploy "$b4" 2> /dev/null || fail "deploy $b4"
if wpp build --output "$TMP/tree" 2> /dev/null; then fail "build --output into a non-empty dir"; fi
[ "$(newest)" = "$b4" ] || fail "a refused --output still built"

# deploy --cleanup removes a failed build (as Ctrl-C leaves it).
mkdir -p "$REPOSITORY_DIR/builds/20990101-000000"
echo interrupted > "$REPOSITORY_DIR/builds/20990101-000000/.failed"
wpp deploy --cleanup 2> /dev/null
[ ! -e "$REPOSITORY_DIR/builds/20990101-000000" ] || fail "cleanup kept the failed build"
[ -d "$REPOSITORY_DIR/builds/$b1" ] || fail "cleanup removed a good build"

# A pipeline with no change publishes nothing and says so. Nothing needs an
# update and discovery is skipped, so WordPress.org is never asked.
sqlite3 "$DB" "UPDATE packages SET last_synced_at = '2099-01-01T00:00:00Z'"
before=$(ls "$REPOSITORY_DIR/builds" | wc -l)
feed=$(sqlite3 "$DB" "SELECT COUNT(*) FROM metadata_changes")
export WPORG_API_URL=http://127.0.0.1:9 WPORG_PLUGINS_SVN_URL=http://127.0.0.1:9
wpp pipeline --skip-discover 2> "$TMP/pipeline.err" || fail "pipeline: $(cat "$TMP/pipeline.err")"
grep -q 'no change against the current build, nothing published' "$TMP/pipeline.err" ||
  fail "pipeline summary: $(tail -3 "$TMP/pipeline.err")"
[ "$(ls "$REPOSITORY_DIR/builds" | wc -l)" = "$before" ] || fail "pipeline left a new build"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM metadata_changes")" = "$feed" ] || fail "feed entry added"
[ "$(current)" = "builds/$b4" ] || fail "pipeline moved current"
echo "integrity_test: ok"
