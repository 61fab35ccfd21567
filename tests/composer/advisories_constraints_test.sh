#!/usr/bin/env bash
# Every constraint made from the whole synthetic feed parses with Composer's
# own VersionParser (issue #17 acceptance, docs/behaviour.md §20.2):
# fake-wporg serves RECORDS records for a synthetic corpus, `advisories`
# loads them (bad ones counted), and check_advisories.php loads every stored
# advisory through Composer's classes.
#
#   tests/composer/advisories_constraints_test.sh BUILD_DIR [RECORDS]
# Skips (77) when PHP or Composer's classes are missing.
set -euo pipefail
BUILD=$(cd "${1:?usage: advisories_constraints_test.sh BUILD_DIR [RECORDS]}" && pwd)
RECORDS=${2:-5000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$ROOT/tests/integration/lib.sh"
require_php_composer
make_workdir
start_synthetic_mirror 3000 --time-scale 0
export ADVISORIES_FEED_URL="$FAKE_URL/wordfence/v3/vulnerabilities?records=$RECORDS"
"${WPP[@]}" advisories 2> "$WORK/advisories.log" || fail "advisories"
summary=$(grep 'advisories done' "$WORK/advisories.log")
echo "$summary"
bad=$(sed -n 's/.* bad_records=\([0-9]*\).*/\1/p' <<<"$summary")
[ "$bad" -ge $((RECORDS / 500)) ] || fail "expected at least $((RECORDS / 500)) bad records, got $bad"
sqlite3 "$DB" "SELECT json FROM advisories" > "$WORK/advisories.jsonl"
php "$HERE/check_advisories.php" < "$WORK/advisories.jsonl" || fail "check_advisories"
