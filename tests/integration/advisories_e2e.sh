#!/usr/bin/env bash
# Security advisories end to end with the real Composer client (issue #17,
# docs/behaviour.md §20): fake-wporg serves the fixtures and a Wordfence-v3
# feed; `advisories` loads it (bad records skipped, a second run is a 304),
# the pipeline publishes, and Composer warns after `update`, `composer audit`
# (table and JSON) lists the advisory with its CVE and link and fails, passes
# once the patched version is installed, and reports a plugin closed by
# WordPress.org for a security issue (its p2 file gone: the API answers).
#
#   tests/integration/advisories_e2e.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: advisories_e2e.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
BIN=$BUILD/wppackages
make_workdir
cd "$WORK"

start_fake_wporg "$BUILD" "$WORK/fake.log"
SERVE_PORT=$(free_port)
export SERVE_PORT APP_URL="http://127.0.0.1:$SERVE_PORT" WPP_PROGRESS=0
export REPOSITORY_DIR="$WORK/repository" SEEDS_FILE="$HERE/../../testdata/seeds.yaml"
export ADVISORIES_FEED_URL="$FAKE_URL/wordfence/v3/vulnerabilities" ADVISORIES_FEED_KEY=secret
DB="$WORK/wpp.db"
wpp() { "$BIN" --db "$DB" "$@"; }

wpp migrate 2> "$WORK/migrate.log" || fail "migrate"
wpp pipeline --discover-source=svn 2> "$WORK/pipeline.log" || fail "pipeline"
wpp advisories 2> "$WORK/advisories.log" || fail "advisories"
summary=$(grep 'advisories done' "$WORK/advisories.log") || fail "no summary line"
echo "$summary"
grep -q 'feed=fetched' <<<"$summary" || fail "first run did not fetch: $summary"
grep -q 'bad_records=5' <<<"$summary" || fail "expected 5 bad records: $summary"
grep -q 'ignored_records=1' <<<"$summary" || fail "expected the core record ignored: $summary"
wpp advisories 2> "$WORK/advisories2.log" || fail "second advisories"
grep -q 'feed=not-modified' "$WORK/advisories2.log" || fail "second run was not conditional"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM advisories")" = 3 ] || fail "expected 3 advisories"

wpp pipeline --discover-source=config 2>> "$WORK/pipeline.log" || fail "second pipeline"
start_serve "$BIN" "$DB" "$WORK/serve.log"
curl -sf "$SERVE_URL/packages.json" | python3 -c '
import json, sys
d = json.load(sys.stdin)["security-advisories"]
assert d == {"metadata": True, "api-url": sys.argv[1] + "/api/security-advisories/"}, d
' "$APP_URL" || fail "packages.json lacks security-advisories"
curl -sf "$SERVE_URL/p2/wp-plugin/akismet.json" | python3 -c '
import json, sys
a = json.load(sys.stdin)["security-advisories"]
assert [x["advisoryId"] for x in a] == ["WF-fx-akismet-xss"], a
assert a[0]["affectedVersions"] == "<=5.3.1" and a[0]["reportedAt"] == "2024-05-01 12:00:00", a
assert "Defiant" in a[0]["copyright"] and "License" in a[0]["license"], a
' || fail "akismet.json lacks its advisory"
curl -sf "$SERVE_URL/p2/wp-theme/twentytwentyfive.json" | grep -q '"security-advisories":\[\]' ||
  fail "a package without advisories lacks security-advisories: []"

# The API: GET packages[], POST indexed packages[0], updatedSince, unknown names left out.
curl -sfL "$SERVE_URL/api/security-advisories/?packages[]=wp-plugin/contact-form-7&packages[]=wp-plugin/nope" |
  python3 -c '
import json, sys
a = json.load(sys.stdin)["advisories"]
assert list(a) == ["wp-plugin/contact-form-7"], a
assert a["wp-plugin/contact-form-7"][0]["affectedVersions"] == ">=6.0,<6.0.2|=5.9.8", a
' || fail "GET API"
curl -sf -X POST --data 'packages%5B0%5D=wp-theme/astra&packages%5B1%5D=wp-theme/twentytwentyfive' \
  "$SERVE_URL/api/security-advisories/" | python3 -c '
import json, sys
a = json.load(sys.stdin)["advisories"]
assert len(a["wp-theme/astra"]) == 1 and a["wp-theme/twentytwentyfive"] == [], a
' || fail "POST API"
curl -sfL "$SERVE_URL/api/security-advisories/?updatedSince=0" | python3 -c '
import json, sys
assert len(json.load(sys.stdin)["advisories"]) == 3
' || fail "updatedSince"
code=$(curl -sL -o /dev/null -w "%{http_code}" "$SERVE_URL/api/security-advisories/")
[ "$code" = 400 ] || fail "no parameters answered $code"

export COMPOSER_HOME="$WORK/composer-home" COMPOSER_CACHE_DIR="$WORK/composer-cache"
export COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1
mkdir -p project && cd project
write_composer_project "$SERVE_URL"
python3 - <<'PY'
import json
c = json.load(open("composer.json"))
c["require"] = {"wp-plugin/akismet": "5.3", "wp-plugin/classic-editor": "*"}
json.dump(c, open("composer.json", "w"), indent=2)
PY
composer update --no-progress > "$WORK/update.log" 2>&1 || fail "composer update"
grep -qi 'security vulnerability advisor' "$WORK/update.log" ||
  fail "no audit warning after update: $(cat "$WORK/update.log")"

set +e
composer audit > "$WORK/audit.log" 2>&1
status=$?
composer audit --format=json > "$WORK/audit.json" 2> "$WORK/audit-json.log"
json_status=$?
set -e
[ "$status" -ne 0 ] || fail "composer audit exited 0 with a vulnerable akismet"
[ "$json_status" -ne 0 ] || fail "composer audit --format=json exited 0"
grep -q 'CVE-2024-10001' "$WORK/audit.log" || fail "audit table lacks the CVE: $(cat "$WORK/audit.log")"
grep -q 'vulnerabilities/id/fx-akismet-xss' "$WORK/audit.log" || fail "audit table lacks the link"
python3 - "$WORK/audit.json" <<'PY' || fail "audit JSON: $(cat "$WORK/audit.json")"
import json, sys
a = json.load(open(sys.argv[1]))["advisories"]["wp-plugin/akismet"]
a = list(a.values()) if isinstance(a, dict) else a
assert a[0]["cve"] == "CVE-2024-10001", a
assert a[0]["link"].endswith("/vulnerabilities/id/fx-akismet-xss"), a
PY

composer require --no-progress 'wp-plugin/akismet:^5.3.2' > "$WORK/patch.log" 2>&1 ||
  fail "composer require the patched akismet"
composer audit > "$WORK/audit-clean.log" 2>&1 || fail "audit fails after the patch: $(cat "$WORK/audit-clean.log")"

# WordPress.org closes classic-editor for a security issue.
curl -sf -X POST "$FAKE_URL/_fake/close?type=plugin&slug=classic-editor&reason=security-issue&date=2026-03-01" >/dev/null
(cd "$WORK" && wpp check-status 2> check-status.log) || fail "check-status"
(cd "$WORK" && wpp advisories 2> advisories3.log) || fail "third advisories"
(cd "$WORK" && wpp pipeline --discover-source=config 2>> pipeline.log) || fail "third pipeline"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/p2/wp-plugin/classic-editor.json")
[ "$code" = 404 ] || fail "closed plugin's p2 answered $code"
set +e
composer audit --format=json > "$WORK/audit-closed.json" 2> "$WORK/audit-closed.log"
status=$?
set -e
[ "$status" -ne 0 ] || fail "audit passed with a plugin closed for a security issue"
python3 - "$WORK/audit-closed.json" <<'PY' || fail "closure not reported: $(cat "$WORK/audit-closed.json")"
import json, sys
a = json.load(open(sys.argv[1]))["advisories"]
assert "wp-plugin/akismet" not in a, a
c = a["wp-plugin/classic-editor"]
c = list(c.values()) if isinstance(c, dict) else c
assert c[0]["title"] == "Closed by WordPress.org: security issue", c
assert c[0]["affectedVersions"] == "*" and c[0]["reportedAt"].startswith("2026-03-01"), c
PY
echo "advisories e2e: ok"
