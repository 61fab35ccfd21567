#!/usr/bin/env bash
# End-to-end: `deploy --to-r2` (and the WP_*_DEPLOY_R2 switches), faults
# during a deploy, `deploy --rollback --to-r2`, `cleanup-r2-orphans`,
# `db backup` and `db restore`, all against s3rver behind the SigV4 checker.
# Run through harness.py, which provides R2_* and S3_TEST_CONTROL.
set -euo pipefail
BIN=${1:?usage: harness.py -- cli_s3_test.sh path/to/wppackages}
: "${S3_TEST_CONTROL:?run through tests/s3/harness.py}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export REPOSITORY_DIR=$TMP/repo APP_ENV=test
DB=$TMP/wpp.db
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

s3() {  # s3 GET BUCKET KEY [CURL ARGS...]: a signed request through the checker.
  local method=$1 bucket=$2 key=$3
  shift 3
  curl -sS --aws-sigv4 "aws:amz:auto:s3" --user "$R2_ACCESS_KEY_ID:$R2_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: $EMPTY_SHA" -X "$method" "$@" "$R2_ENDPOINT/$bucket/$key"
}
control() {  # control reset|ack|fault [JSON]
  local body='{}'
  if [ $# -ge 2 ]; then body=$2; fi
  curl -sS -X POST -d "$body" "$S3_TEST_CONTROL/$1" > /dev/null
}
status_of() { s3 GET "$1" "$2" -o /dev/null -w '%{http_code}'; }
puts() {  # Successful PUTs since the last reset, one path per line.
  curl -sS "$S3_TEST_CONTROL/stats" | /usr/bin/python3 -c 'import json,sys
for r in json.load(sys.stdin)["requests"]:
    if r["method"] == "PUT" and 200 <= r["status"] < 300: print(r["path"])'
}
current() { basename "$(readlink "$REPOSITORY_DIR/current")"; }

blob() {  # blob CONTENT: stores it as a blob named by the XXH3-128 of its bytes
  local h
  h=$(printf '%s' "$1" | php -r 'echo hash("xxh128", stream_get_contents(STDIN));')
  mkdir -p "$REPOSITORY_DIR/blobs/${h:0:1}"
  printf '%s' "$1" > "$REPOSITORY_DIR/blobs/${h:0:1}/$h.json"
  echo "$h"
}
make_build() {  # make_build ID VERSION_OF_PLUGIN_0_TO_2
  local dir=$REPOSITORY_DIR/builds/$1
  mkdir -p "$dir"
  : > "$dir/index.tsv"
  for i in $(seq 0 19); do
    local v=1; [ "$i" -lt 3 ] && v=$2
    local main dev
    main=$(blob "{\"packages\":{\"wp-plugin/p$i\":[{\"version\":\"$v.0\"}]},\"minified\":\"composer/2.0\"}")
    dev=$(blob "{\"packages\":{\"wp-plugin/p$i\":[]},\"minified\":\"composer/2.0\"}")
    printf 'wp-plugin/p%s\t%s\t%s\t%s\n' "$i" "$main" "$main" "$dev" >> "$dir/index.tsv"
  done
  echo "{\"packages\":[],\"metadata-url\":\"/p2/%package%.json\",\"build\":\"$1\"}" > "$dir/packages.json"
  echo '{"packages_total":20}' > "$dir/manifest.json"
}

"$BIN" --db "$DB" migrate 2> /dev/null
make_build 20260101-000000 1
make_build 20260102-000000 2

# 1. First deploy uploads everything, packages.json last.
control reset
"$BIN" --db "$DB" deploy 20260101-000000 --to-r2 2> "$TMP/log1" || { cat "$TMP/log1"; fail "deploy --to-r2"; }
[ "$(current)" = 20260101-000000 ] || fail "current is $(current)"
[ "$(puts | wc -l)" = 41 ] || fail "first deploy sent $(puts | wc -l) PUTs, want 41"
[ "$(puts | tail -1)" = /repo/packages.json ] || fail "packages.json was not the last upload"
s3 GET repo packages.json | grep -q '"build":"20260101-000000"' || fail "bucket root is not build 1"
[ "$(status_of repo manifest.json)" = 404 ] || fail "manifest.json uploaded"

# 2. A deploy whose 2nd p2 upload keeps failing (500 on every attempt, then a
#    403): nothing is promoted and the bucket still serves build 1.
for action in 500 403; do
  control reset
  control fault "{\"method\":\"PUT\",\"path_contains\":\"/p2/\",\"nth\":2,\"count\":3,\"action\":\"$action\"}"
  if WP_COMPOSER_DEPLOY_R2=1 "$BIN" --db "$DB" deploy 20260102-000000 2> "$TMP/log2"; then
    fail "deploy succeeded despite a failing upload ($action)"
  fi
  grep -q "R2 sync failed" "$TMP/log2" || { cat "$TMP/log2"; fail "no 'R2 sync failed' ($action)"; }
  [ "$(current)" = 20260101-000000 ] || fail "current moved to $(current) after a failed sync"
  puts | grep -q packages.json && fail "packages.json uploaded by a failed sync ($action)"
  s3 GET repo packages.json | grep -q '"build":"20260101-000000"' || fail "bucket root changed"
done

# 3. The re-run (switched on by the other variable) finishes: only the 3
#    changed p2 files and packages.json are sent.
control reset
WP_PACKAGES_DEPLOY_R2=true "$BIN" --db "$DB" deploy 20260102-000000 2> "$TMP/log3" || { cat "$TMP/log3"; fail "re-run"; }
[ "$(current)" = 20260102-000000 ] || fail "re-run did not promote"
[ "$(puts | grep -c /p2/)" = 3 ] || fail "re-run sent $(puts | grep -c /p2/) p2 files, want 3"
[ "$(puts | tail -1)" = /repo/packages.json ] || fail "packages.json not last on re-run"
s3 GET repo p2/wp-plugin/p1.json | grep -q '"2.0"' || fail "p1 not updated in the bucket"

# 4. Rollback with --to-r2 puts build 1's files back, then promotes it.
control reset
"$BIN" --db "$DB" deploy --rollback --to-r2 2> "$TMP/log4" || { cat "$TMP/log4"; fail "rollback"; }
[ "$(current)" = 20260101-000000 ] || fail "rollback did not promote build 1"
s3 GET repo p2/wp-plugin/p1.json | grep -q '"1.0"' || fail "rollback did not restore p1"
s3 GET repo packages.json | grep -q '"build":"20260101-000000"' || fail "rollback root"
[ "$(puts | grep -c /p2/)" = 3 ] || fail "rollback sent $(puts | grep -c /p2/) p2 files, want 3"

# 5. Wrong credentials: refused, clear message naming the bucket, no secret
#    in the output, nothing promoted.
if R2_SECRET_ACCESS_KEY=wrong-secret-value "$BIN" --db "$DB" deploy 20260102-000000 --to-r2 \
    2> "$TMP/log5"; then fail "deploy with a wrong secret succeeded"; fi
grep -q "bucket repo" "$TMP/log5" || { cat "$TMP/log5"; fail "403 message does not name the bucket"; }
grep -q "wrong-secret-value" "$TMP/log5" && fail "the secret appears in the output"
[ "$(current)" = 20260101-000000 ] || fail "current moved after a refused deploy"
control ack

# 6. cleanup-r2-orphans removes the files of inactive packages.
sqlite3 "$DB" "UPDATE packages SET deployed_hash = NULL;
  INSERT INTO packages (type, name, is_active, deployed_hash, created_at, updated_at)
  VALUES ('plugin','p5',0,'h','x','x'), ('plugin','p6',0,'h','x','x'), ('plugin','p7',1,'h','x','x');"
"$BIN" --db "$DB" cleanup-r2-orphans 2> "$TMP/log6" || { cat "$TMP/log6"; fail "cleanup-r2-orphans"; }
grep -q "keys_deleted=4" "$TMP/log6" || { cat "$TMP/log6"; fail "cleanup did not delete 4 keys"; }
[ "$(status_of repo p2/wp-plugin/p5.json)" = 404 ] || fail "p5 still there"
[ "$(status_of repo p2/wp-plugin/p7.json)" = 200 ] || fail "p7 deleted"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM packages WHERE deployed_hash IS NOT NULL AND is_active = 0")" = 0 ] \
  || fail "deployed_hash not cleared"

# 7. db backup, then db restore (newest and by stamp), refusing to overwrite.
sqlite3 "$DB" "INSERT INTO site_meta (key, value) VALUES ('marker', 'backed-up')"
"$BIN" --db "$DB" db backup 2> "$TMP/log7" || { cat "$TMP/log7"; fail "db backup"; }
key=$(sed -n 's/.*key=\(db\/[^ ]*\.db\.zst\).*/\1/p' "$TMP/log7" | head -1)
[ -n "$key" ] || { cat "$TMP/log7"; fail "db backup logged no key"; }
s3 GET backups db/latest.json | grep -q "$key" || fail "latest.json does not name $key"
"$BIN" --db "$DB" db restore -o "$TMP/restored.db" > "$TMP/out7" 2>&1 || { cat "$TMP/out7"; fail "restore"; }
grep -q "Restore complete." "$TMP/out7" || fail "no 'Restore complete.'"
[ "$(sqlite3 "$TMP/restored.db" "SELECT value FROM site_meta WHERE key='marker'")" = backed-up ] \
  || fail "restored database lacks the marker"
if "$BIN" --db "$DB" db restore -o "$TMP/restored.db" > "$TMP/out8" 2>&1; then
  fail "restore overwrote without --force"
fi
grep -q "already exists (use --force to overwrite)" "$TMP/out8" || { cat "$TMP/out8"; fail "message"; }
stamp=$(basename "$key" .db.zst)
"$BIN" --db "$DB" db restore --force -o "$TMP/restored.db" "$stamp" > /dev/null 2>&1 || fail "restore by stamp"
[ "$(sqlite3 "$TMP/restored.db" 'PRAGMA integrity_check')" = ok ] || fail "restored file not ok"

cat "$TMP"/log* | grep -q "$R2_SECRET_ACCESS_KEY" && fail "the secret appears in a log"
echo "cli_s3_test: all checks passed"
