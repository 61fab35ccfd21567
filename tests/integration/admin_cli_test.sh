#!/usr/bin/env bash
# The admin commands (docs/behaviour.md §19.9): list, demote, reset-password
# and sessions --revoke-all end sessions; every change is audited.
set -euo pipefail
BUILD=$(cd "${1:?usage: admin_cli_test.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
BIN=$BUILD/wppackages
make_workdir
fail() { echo "FAIL: $*" >&2; exit 1; }
DB="$WORK/wpp.db"
w() { "$BIN" --db "$DB" "$@" 2>> "$WORK/cli.log"; }

w migrate
echo 'a long secure password' | w admin create --email a@example.com --name A --password-stdin
echo 'another long password' | w admin create --email b@example.com --name B --password-stdin
[ "$(w admin list)" = "$(printf 'a@example.com\tadmin\tA\nb@example.com\tadmin\tB')" ] ||
  fail "admin list: $(w admin list)"

session() {  # session EMAIL ID: a session row as the server writes it.
  sqlite3 "$DB" "INSERT INTO sessions (id, user_id, expires_at, created_at, updated_at)
    SELECT '$2', id, '2999-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
    FROM users WHERE email = '$1'"
}
count() { sqlite3 "$DB" "SELECT COUNT(*) FROM sessions $1"; }

session a@example.com s1
session b@example.com s2
session b@example.com s3
[ "$(w admin sessions | wc -l)" = 3 ] || fail "admin sessions lists 3"
echo 'a brand new password' | w admin reset-password --email a@example.com --password-stdin
[ "$(count "WHERE id = 's1'")" = 0 ] || fail "reset-password left the session"
[ "$(count '')" = 2 ] || fail "reset-password ended other users' sessions"
w admin demote --email b@example.com
[ "$(count '')" = 0 ] || fail "demote left b's sessions"
[ "$(w admin list | grep b@example.com | cut -f2)" = user ] || fail "b still admin"
w admin promote --email b@example.com
session a@example.com s4
session b@example.com s5
w admin sessions --revoke-all
[ "$(count '')" = 0 ] || fail "--revoke-all left sessions"
w admin demote --email nobody@example.com && fail "demote of an unknown email succeeded"
actions=$(sqlite3 "$DB" "SELECT group_concat(action, ',') FROM (SELECT action FROM admin_audit WHERE actor = 'cli' ORDER BY id)")
[ "$actions" = "create-admin,create-admin,reset-password,demote,promote,revoke-all-sessions" ] ||
  fail "audit: $actions"
echo "admin cli: ok"
