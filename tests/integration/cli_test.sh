#!/usr/bin/env bash
# End-to-end checks of the command line (issue #2's acceptance): help lists
# every command, migrate is idempotent and leaves a WAL database, admin
# create stores an argon2id hash and fails clearly without stdin, usage errors
# exit 2; and the operator-grade checks of issue #11 (version, typos, conflicting
# flags, unmigrated or unopenable databases, admin credentials).
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

echo "correct horse battery" | "$BIN" --db "$DB" admin create --email a@example.com --name A --password-stdin 2>/dev/null
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

# expect RC PATTERN CMD...: runs CMD, checks its exit code and that its
# output matches PATTERN.
expect() {
  local want=$1 pattern=$2 out rc
  shift 2
  set +e
  out=$("$@" 2>&1 < /dev/null); rc=$?
  set -e
  [ "$rc" = "$want" ] || fail "$* exited $rc, not $want: $out"
  grep -qE -- "$pattern" <<<"$out" || fail "$*: no '$pattern' in: $out"
}

# Version, and what the ordinary help leaves out.
expect 0 '^wppackages [0-9]+\.[0-9]+\.[0-9]+ \(commit ' "$BIN" --version
! grep -q -- "--help-all" <<<"$help" || fail "--help lists --help-all"
! "$BIN" pipeline --help | grep -q -- "--build-id" || fail "pipeline --help lists --build-id"
"$BIN" pipeline --help | grep -q "svn" || fail "pipeline --help does not name svn"

# Typos and conflicting flags are usage errors, not silent no-ops.
expect 2 "plugins" "$BIN" --db "$DB" update --type=plugins
expect 2 "bogus" "$BIN" --db "$DB" discover --type=bogus
expect 2 "source" "$BIN" --db "$DB" discover --source=svm
expect 2 "discover-source" "$BIN" --db "$DB" pipeline --discover-source=nope
expect 2 "rollback|cleanup" "$BIN" --db "$DB" deploy --cleanup --rollback
expect 2 "cleanup" "$BIN" --db "$DB" deploy --retain 6
expect 1 "unknown package no-such-plugin" "$BIN" --db "$DB" update --name no-such-plugin

# Admin accounts: a real address and a password of 12 characters or more.
expect 1 "not an email address" sh -c "echo 'correct horse battery' | '$BIN' --db '$DB' admin create --email admin --name B --password-stdin"
expect 1 "at least 12 characters" sh -c "echo short | '$BIN' --db '$DB' admin create --email b@example.com --name B --password-stdin"

# A database that was never migrated, or cannot be opened, is named as such.
FRESH="$TMP/fresh.db"
for cmd in update discover build "deploy --cleanup" pipeline "admin promote --email a@example.com"; do
  # shellcheck disable=SC2086
  expect 1 "database not migrated: run .wppackages migrate." "$BIN" --db "$FRESH" $cmd
done
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
expect 1 "database not migrated" timeout 10 "$BIN" --db "$FRESH" serve --addr "127.0.0.1:$PORT"
mkdir "$TMP/adir"
expect 1 "adir is a folder" "$BIN" --db "$TMP/adir" update

# doctor: a line per check; errors make it exit 1.
expect 1 "error +schema +version 0 of" "$BIN" --db "$TMP/doctor-fresh.db" doctor
export REPOSITORY_DIR="$TMP/repo"
expect 0 "ok +schema .*up to date" "$BIN" --db "$DB" doctor
expect 0 "warning +current build +none yet" "$BIN" --db "$DB" doctor
mkdir -p "$TMP/repo/builds/20260101-000000"
ln -s builds/20260101-000000 "$TMP/repo/current"
expect 1 "error +current build +invalid build" "$BIN" --db "$DB" doctor
unset REPOSITORY_DIR

# A database from a newer wppackages is refused.
sqlite3 "$DB" "INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')"
set +e
out=$("$BIN" --db "$DB" migrate 2>&1); rc=$?
set -e
[ $rc = 1 ] && grep -q "newer" <<<"$out" || fail "newer schema not refused: $out"
echo "cli e2e: ok"
