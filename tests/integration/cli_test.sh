#!/usr/bin/env bash
# End-to-end checks of the command line (issue #2's acceptance): help lists
# every command, migrate is idempotent and leaves a WAL database, admin
# create stores an argon2id hash and fails clearly without stdin, usage errors
# exit 2.
set -euo pipefail
BIN=${1:?usage: cli_test.sh path/to/wppackages}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

help=$("$BIN" --help)
for c in migrate discover update build deploy pipeline serve check-status aggregate-installs \
         generate-og cleanup-sessions cleanup-r2-orphans backfill-revisions admin db; do
  grep -qE "^  $c( |$)" <<<"$help" || fail "--help does not list $c"
done
for sub in create promote reset-password; do
  "$BIN" admin --help | grep -q "$sub" || fail "admin --help does not list $sub"
done
"$BIN" db --help | grep -q restore || fail "db --help does not list restore"
"$BIN" db --help | grep -q backup || fail "db --help does not list backup"

DB="$TMP/sub/x.db"
"$BIN" --db "$DB" migrate 2>/dev/null
schema1=$(sqlite3 "$DB" .schema)
"$BIN" --db "$DB" migrate 2>/dev/null
[ "$schema1" = "$(sqlite3 "$DB" .schema)" ] || fail "second migrate changed the schema"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = wal ] || fail "journal_mode is not wal"
for t in users sessions packages install_events sync_runs builds package_stats packages_fts \
         site_meta metadata_changes monthly_installs status_checks status_check_changes closure_events; do
  [ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name='$t'")" = 1 ] || fail "no table $t"
done

echo secret | "$BIN" --db "$DB" admin create --email a@example.com --name A --password-stdin 2>/dev/null
hash=$(sqlite3 "$DB" "SELECT password_hash FROM users WHERE email='a@example.com'")
[[ $hash == '$argon2id$'* ]] || fail "hash is not argon2id: $hash"

set +e
out=$("$BIN" --db "$DB" admin create --email b@example.com --name B 2>&1 </dev/null); rc=$?
set -e
[ $rc = 1 ] || fail "admin create without --password-stdin exited $rc"
grep -q -- "--password-stdin is required" <<<"$out" || fail "unclear message: $out"

set +e
out=$(echo x | "$BIN" --db "$DB" admin create --email a@example.com --name A --password-stdin 2>&1); rc=$?
set -e
[ $rc = 1 ] && grep -q "already exists" <<<"$out" || fail "duplicate email: rc=$rc $out"

set +e
out=$(echo x | "$BIN" --db "$DB" admin promote --email ghost@example.com 2>&1); rc=$?
set -e
[ $rc = 1 ] && grep -q "no user found with email ghost@example.com" <<<"$out" || fail "unknown user: $out"

set +e
out=$("$BIN" --no-such-flag 2>&1); rc=$?
set -e
[ $rc = 2 ] || fail "usage error exited $rc"
grep -q -- "--help" <<<"$out" || fail "usage error does not point at --help: $out"
[ "$(wc -l <<<"$out")" -le 2 ] || fail "usage error is not short: $out"

set +e
out=$(LOG_LEVEL=loud "$BIN" --db "$DB" migrate 2>&1); rc=$?
set -e
[ $rc = 1 ] && grep -q "log_level" <<<"$out" || fail "invalid config not reported: $out"

# A database from a newer wppackages is refused.
sqlite3 "$DB" "INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')"
set +e
out=$("$BIN" --db "$DB" migrate 2>&1); rc=$?
set -e
[ $rc = 1 ] && grep -q "newer" <<<"$out" || fail "newer schema not refused: $out"
echo "cli e2e: ok"
