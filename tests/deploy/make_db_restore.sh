#!/usr/bin/env bash
# `make db-restore` against a real S3 server (run through tests/s3/harness.py,
# which provides R2_* and LITESTREAM_BUCKET): a backup is taken, the database
# changes, and the make target puts the snapshot back over it, with the
# change log in a new epoch (docs/behaviour.md §8.6: positions moved on by
# 2^40 and pruned up to there, so the next build reads every package).
#
#   harness.py -- tests/deploy/make_db_restore.sh SOURCE_DIR WPPACKAGES_BINARY
set -euo pipefail
SRC=$(cd "${1:?usage: make_db_restore.sh SOURCE_DIR BINARY}" && pwd)
BIN=${2:?usage: make_db_restore.sh SOURCE_DIR BINARY}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
DB=$WORK/wpp.db
"$BIN" --db "$DB" migrate 2> /dev/null || fail "migrate"
sqlite3 "$DB" "INSERT INTO site_meta (key, value) VALUES ('marker', 'backed-up')"
"$BIN" --db "$DB" db backup 2> "$WORK/backup.log" || { cat "$WORK/backup.log"; fail "db backup"; }
sqlite3 "$DB" "UPDATE site_meta SET value = 'changed-after' WHERE key = 'marker'"
make -s -C "$SRC" db-restore WPPACKAGES="$BIN" DB="$DB" > "$WORK/restore.log" 2>&1 ||
  { cat "$WORK/restore.log"; fail "make db-restore"; }
[ "$(sqlite3 "$DB" "SELECT value FROM site_meta WHERE key = 'marker'")" = backed-up ] ||
  fail "make db-restore did not bring the snapshot back"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "restored database not ok"
[ "$(sqlite3 "$DB" "SELECT through >= 1099511627776 FROM package_changes_pruned")" = 1 ] ||
  fail "the restored change log did not start a new epoch"
echo "make db-restore: ok"
