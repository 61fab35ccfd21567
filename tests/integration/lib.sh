# Shared shell helpers for the end-to-end suites and bench scripts: free
# ports, waiting for servers, starting fake-wporg and pointing wppackages at it.

free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

# wait_http URL [SECONDS]: polls until URL answers 2xx.
wait_http() {
  local url=$1 limit=${2:-30} i
  for ((i = 0; i < limit * 10; i++)); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $url" >&2
  return 1
}

# start_fake_wporg BUILD_DIR LOG [extra fake-wporg flags...]: starts fake-wporg
# on a free port, waits for it, and exports FAKE_URL, FAKE_PID and the three
# WPORG_* variables that point wppackages at it.
start_fake_wporg() {
  local build_dir=$1 log=$2
  shift 2
  local port
  port=$(free_port)
  "$build_dir/fake-wporg" --addr "127.0.0.1:$port" "$@" > "$log" 2>&1 &
  FAKE_PID=$!
  FAKE_URL="http://127.0.0.1:$port"
  wait_http "$FAKE_URL/" 60
  local urls
  urls=$(curl -sf "$FAKE_URL/")
  WPORG_API_URL=$(python3 -c 'import json,sys;print(json.load(sys.stdin)["api_url"])' <<<"$urls")
  WPORG_PLUGINS_SVN_URL=$(python3 -c 'import json,sys;print(json.load(sys.stdin)["plugins_svn_url"])' <<<"$urls")
  WPORG_THEMES_SVN_URL=$(python3 -c 'import json,sys;print(json.load(sys.stdin)["themes_svn_url"])' <<<"$urls")
  export FAKE_URL FAKE_PID WPORG_API_URL WPORG_PLUGINS_SVN_URL WPORG_THEMES_SVN_URL
}

# start_serve BIN DB LOG: starts `wppackages serve` on a free port and exports
# SERVE_URL and SERVE_PID (APP_URL must already be exported if wanted).
start_serve() {
  local bin=$1 db=$2 log=$3 port
  port=${SERVE_PORT:-$(free_port)}
  "$bin" --db "$db" serve --addr "127.0.0.1:$port" > "$log" 2>&1 &
  SERVE_PID=$!
  SERVE_URL="http://127.0.0.1:$port"
  wait_http "$SERVE_URL/health" 30
  export SERVE_URL SERVE_PID
}

# Sets WORK to a fresh scratch folder. At exit every background job is
# stopped and WORK removed, unless KEEP is set (to look at it afterwards).
make_workdir() {
  WORK=$(mktemp -d)
  trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
}

# write_composer_project URL: a composer.json in the current folder for a
# site that takes wp-plugin/* and wp-theme/* from the repository at URL
# only (no Packagist; composer/installers replaced; plain HTTP allowed).
write_composer_project() {
  cat > composer.json <<JSON
{
  "name": "example/site",
  "repositories": [
    {"type": "composer", "url": "$1", "only": ["wp-plugin/*", "wp-theme/*"]},
    {"packagist.org": false}
  ],
  "replace": {"composer/installers": "*"},
  "config": {"secure-http": false, "allow-plugins": false},
  "minimum-stability": "stable"
}
JSON
}

# fail MESSAGE: prints it and the end of every log in $WORK, exits 1.
# (A script may define its own after sourcing this file.)
fail() {
  echo "FAIL: $*" >&2
  for f in "$WORK"/*.log; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }
  done
  exit 1
}

# local_repository_env: a temporary local repository for CLI tests of build
# and deploy. Sets TMP (removed on exit), REPOSITORY_DIR, APP_URL, DB, turns
# the object store off, and defines fail, wpp (BIN on DB), newest (the
# newest build id), current (the `current` link) and sql.
local_repository_env() {
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  export REPOSITORY_DIR=$TMP/repo APP_URL=https://app.example.com WPP_PROGRESS=0
  unset WP_PACKAGES_DEPLOY_R2 WP_COMPOSER_DEPLOY_R2 R2_BUCKET R2_ENDPOINT
  DB=$TMP/wpp.db
  fail() { echo "FAIL: $*" >&2; exit 1; }
  wpp() { "$BIN" --db "$DB" "$@"; }
  newest() { ls "$REPOSITORY_DIR/builds" | tail -1; }
  current() { readlink "$REPOSITORY_DIR/current"; }
  sql() { sqlite3 "$DB" "$1"; }
}

# start_synthetic_mirror N [fake-wporg flags...]: fake-wporg with N synthetic
# packages and a migrated database for it in $WORK. Needs BUILD and WORK;
# sets DB and WPP (the wppackages command line on DB).
start_synthetic_mirror() {
  local n=$1
  shift
  start_fake_wporg "$BUILD" "$WORK/fake.log" --synthetic "$n" "$@"
  DB="$WORK/wpp.db"
  WPP=("$BUILD/wppackages" --db "$DB")
  "${WPP[@]}" migrate 2> "$WORK/migrate.log"
}

# require_php_composer: exits 77 (CTest's skip code) when PHP or the
# installed Composer's classes are missing (the PHP checks of tests/composer).
require_php_composer() {
  command -v php > /dev/null || { echo "SKIP: php is not installed"; exit 77; }
  if [ -z "${COMPOSER_AUTOLOAD:-}" ] && [ ! -f /usr/share/php/Composer/autoload.php ]; then
    echo "SKIP: Composer's classes are not installed"; exit 77
  fi
}
