#!/usr/bin/env bash
# Checks every unit in deploy/systemd/ with `systemd-analyze verify`: syntax,
# known directives, timers pointing at existing services, executables present.
# The units name /usr/local/bin/wppackages; the copies checked here name the
# built binary instead. Any warning fails the test.
#
#   tests/deploy/systemd_verify.sh SOURCE_DIR WPPACKAGES_BINARY
set -euo pipefail
SRC=$(cd "${1:?usage: systemd_verify.sh SOURCE_DIR BINARY}" && pwd)
BIN=$(realpath "${2:?usage: systemd_verify.sh SOURCE_DIR BINARY}")
if ! command -v systemd-analyze > /dev/null; then
  echo "SKIP: systemd-analyze not installed (apt install systemd)"
  exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

units=()
for f in "$SRC"/deploy/systemd/*; do
  name=$(basename "$f")
  head -1 "$f" | grep -q '^# ' || { echo "FAIL: $name does not start with a one-line '# ' comment"; exit 1; }
  sed "s|/usr/local/bin/wppackages|$BIN|g" "$f" > "$WORK/$name"
  units+=("$WORK/$name")
done
((${#units[@]} >= 14)) || { echo "FAIL: expected 14 units, found ${#units[@]}"; exit 1; }

# Each timer has its service and the schedules the operations manual lists,
# and the service runs at the nice value serve's scheduler gives the job
# (src/scheduler/scheduler.cc, docs/behaviour.md §16.2).
expect_timer() {
  local job=$1 calendar=$2 nice=$3
  [ -f "$WORK/wppackages-$job.service" ] || { echo "FAIL: no wppackages-$job.service"; exit 1; }
  grep -qx "Nice=$nice" "$WORK/wppackages-$job.service" ||
    { echo "FAIL: wppackages-$job.service is not Nice=$nice"; exit 1; }
  grep -qFx "OnCalendar=$calendar" "$WORK/wppackages-$job.timer" ||
    { echo "FAIL: wppackages-$job.timer is not OnCalendar=$calendar"; exit 1; }
  grep -qx "Persistent=true" "$WORK/wppackages-$job.timer" || { echo "FAIL: $job timer not Persistent"; exit 1; }
  grep -q "^RandomizedDelaySec=" "$WORK/wppackages-$job.timer" || { echo "FAIL: $job timer has no delay"; exit 1; }
}
expect_timer pipeline '*:0/5' 5
expect_timer aggregate-installs hourly 10
expect_timer check-status hourly 5
expect_timer cleanup-sessions daily 10
expect_timer generate-og daily 10
expect_timer db-backup '*-*-* 00/6:00:00' 10
expect_timer advisories hourly 5

# Every service runs sandboxed as the dedicated user with the secrets file.
for s in "$WORK"/*.service; do
  for line in User=wppackages NoNewPrivileges=yes ProtectSystem=strict \
    ReadWritePaths=/srv/wppackages/storage PrivateTmp=yes \
    EnvironmentFile=/etc/wppackages/wppackages.env; do
    grep -qFx "$line" "$s" || { echo "FAIL: $(basename "$s") lacks $line"; exit 1; }
  done
done

# SYSTEMD_LOG_LEVEL=notice keeps informational lines out; anything printed
# (a warning about an unknown directive, a missing unit) fails.
out=$(cd "$WORK" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "${units[@]}" 2>&1) || {
  echo "FAIL: systemd-analyze verify:"
  echo "$out"
  exit 1
}
if [ -n "$out" ]; then
  echo "FAIL: systemd-analyze verify warned:"
  echo "$out"
  exit 1
fi
# The sandbox, scored by systemd itself (0 = locked down, 10 = none):
# every service must stay at 2.0 or below ("OK").
for s in "$WORK"/*.service; do
  score=$(cd "$WORK" && systemd-analyze security --offline=true --threshold=20 --no-pager "$s" 2>&1) || {
    echo "$score" | grep -v '✓'
    echo "FAIL: $(basename "$s") exposure above 2.0"
    exit 1
  }
  echo "$(basename "$s"): $(echo "$score" | tail -1 | sed 's/.*: //')"
done
# Negative control: a typo in a directive must be caught, or the check
# above proves nothing.
sed 's/^NoNewPrivileges=/NoNewPrivilege=/' "$WORK/wppackages.service" > "$WORK/broken.service"
if bad=$(cd "$WORK" && systemd-analyze verify --man=no "$WORK/broken.service" 2>&1) && [ -z "$bad" ]; then
  echo "FAIL: systemd-analyze verify did not notice an unknown directive"
  exit 1
fi
echo "systemd units: ${#units[@]} verified"
