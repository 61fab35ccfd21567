#!/usr/bin/env bash
# End-to-end with the real Composer client (Debian's composer): fake-wporg
# serves the bundled fixtures, the pipeline mirrors and builds them, `serve`
# serves the repository, and a fresh Composer project requires, installs,
# searches and shows packages from it. Its notify-batch POST must land as
# install events.
#
#   tests/integration/composer_e2e.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: composer_e2e.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
BIN=$BUILD/wppackages
make_workdir
fail() { echo "FAIL: $*" >&2; for f in "$WORK"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }
cd "$WORK"

start_fake_wporg "$BUILD" "$WORK/fake.log"
SERVE_PORT=$(free_port)
export SERVE_PORT APP_URL="http://127.0.0.1:$SERVE_PORT"
export REPOSITORY_DIR="$WORK/repository" SEEDS_FILE="$HERE/../../testdata/seeds.yaml"
DB="$WORK/wpp.db"

"$BIN" --db "$DB" migrate 2> "$WORK/migrate.log" || fail "migrate"
"$BIN" --db "$DB" pipeline --discover-source=svn 2> "$WORK/pipeline.log" || fail "pipeline"
# A fresh mirror's first discover only records the SVN baseline; backfill
# learns each plugin's trunk revision so dev-trunk can be pinned, and the
# next pipeline publishes it.
"$BIN" --db "$DB" backfill-revisions 2> "$WORK/backfill.log" || fail "backfill-revisions"
"$BIN" --db "$DB" pipeline --discover-source=svn 2>> "$WORK/pipeline.log" || fail "second pipeline"
start_serve "$BIN" "$DB" "$WORK/serve.log"

export COMPOSER_HOME="$WORK/composer-home" COMPOSER_CACHE_DIR="$WORK/composer-cache"
export COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1 COMPOSER_DISABLE_NETWORK=0
mkdir -p project && cd project
cat > composer.json <<JSON
{
  "name": "example/site",
  "repositories": [
    {"type": "composer", "url": "$SERVE_URL", "only": ["wp-plugin/*", "wp-theme/*"]},
    {"packagist.org": false}
  ],
  "replace": {"composer/installers": "*"},
  "config": {"secure-http": false, "allow-plugins": false},
  "minimum-stability": "stable"
}
JSON

composer require --no-progress wp-plugin/akismet wp-theme/astra > "$WORK/require.log" 2>&1 ||
  fail "composer require"
[ -f vendor/wp-plugin/akismet/akismet.php ] || fail "akismet not installed: $(ls -R vendor | head -20)"
[ -f vendor/wp-theme/astra/style.css ] || fail "astra not installed"
akismet_version=$(python3 -c 'import json;l=json.load(open("composer.lock"));print([p["version"] for p in l["packages"] if p["name"]=="wp-plugin/akismet"][0])')
[ -n "$akismet_version" ] || fail "akismet not pinned in composer.lock"
grep -q '"wp-theme/astra"' composer.lock || fail "astra not pinned in composer.lock"

# notify-batch: Composer posts installs to APP_URL/downloads; serve writes them
# asynchronously.
for _ in $(seq 50); do
  events=$(sqlite3 "$DB" "SELECT COUNT(*) FROM install_events")
  [ "$events" -ge 2 ] && break
  sleep 0.1
done
[ "$events" -ge 2 ] || fail "expected 2 install events, got $events"

# dev-trunk resolves to trunk@<revision> (resolution only: trunk has no zip).
composer require --no-progress --no-install "wp-plugin/akismet:dev-trunk" > "$WORK/trunk.log" 2>&1 ||
  fail "composer require dev-trunk"
python3 - <<'PY' || fail "dev-trunk not pinned to trunk@<rev>"
import json, re, sys
lock = json.load(open("composer.lock"))
pkg = [p for p in lock["packages"] if p["name"] == "wp-plugin/akismet"][0]
ref = pkg["source"]["reference"]
print("dev-trunk reference:", ref)
sys.exit(0 if pkg["version"] == "dev-trunk" and re.fullmatch(r"trunk@\d+", ref) else 1)
PY

composer search akismet > "$WORK/search.log" 2>&1 || fail "composer search"
grep -q "wp-plugin/akismet" "$WORK/search.log" || fail "search did not find akismet: $(cat "$WORK/search.log")"
composer show -a wp-plugin/akismet > "$WORK/show.log" 2>&1 || fail "composer show -a"
grep -q "^versions" "$WORK/show.log" || fail "show -a lists no versions: $(cat "$WORK/show.log")"
grep -q "$akismet_version" "$WORK/show.log" || fail "show -a misses $akismet_version"
echo "composer e2e: ok (akismet $akismet_version, $events install events)"
