#!/usr/bin/env bash
# Starts a site for the browser tests and the Lighthouse bench: fake-wporg
# (fixtures + N synthetic packages), discover + update into a fresh
# database, a few months of installs, then `wppackages serve`. Prints one
# line `SERVE_URL=<url>` when ready and serves until killed (its children
# go with it).
#
#   tests/browser/start_site.sh BUILD_DIR [SYNTHETIC_PACKAGES]
set -euo pipefail
BUILD=$1
SYNTHETIC=${2:-60}
source "$(dirname "$0")/../integration/lib.sh"
make_workdir
# Killed by the test: stop the servers and remove the work dir on the way out.
trap 'exit 0' TERM INT
export WPP_PROGRESS=0 REPOSITORY_DIR=$WORK/repo OG_DIR=$WORK/og
start_synthetic_mirror "$SYNTHETIC" > /dev/null
"${WPP[@]}" --log-level warn discover --source=svn 2> "$WORK/discover.log" || fail "discover"
"${WPP[@]}" --log-level warn update 2> "$WORK/update.log" || fail "update"
# Installs for the charts and the sort orders.
sqlite3 "$DB" "
  UPDATE packages SET wp_packages_installs_total = (id * 7919) % 5000,
                      wp_packages_installs_30d = (id * 31) % 300;
  INSERT INTO monthly_installs (package_id, month, installs)
    SELECT p.id, m.month, (p.id * 13 + m.k * 97) % 900 FROM packages p,
      (SELECT '2025-' || printf('%02d', value) AS month, value AS k FROM generate_series(1, 12)) m
    WHERE p.type = 'plugin' AND p.id % 3 = 0;
  UPDATE package_stats SET plugin_installs = 123456, theme_installs = 4567,
    active_plugins = (SELECT COUNT(*) FROM packages WHERE is_active = 1 AND type = 'plugin'),
    active_themes = (SELECT COUNT(*) FROM packages WHERE is_active = 1 AND type = 'theme');" 2>/dev/null ||
  sqlite3 "$DB" "UPDATE packages SET wp_packages_installs_total = (id * 7919) % 5000"
start_serve "$BUILD/wppackages" "$DB" "$WORK/serve.log"
echo "SERVE_URL=$SERVE_URL"
echo "DB=$DB"
wait "$SERVE_PID"
