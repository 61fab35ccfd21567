#!/usr/bin/env bash
# deploy/logrotate/wppackages, run by the real logrotate against a copy
# whose paths point at a temporary LOG_DIR: a log is rotated (copied and
# truncated, so a writer keeps appending to the same file) and compressed
# on the next rotation.
#
#   tests/deploy/logrotate_check.sh SOURCE_DIR
set -euo pipefail
SRC=$(cd "${1:?usage: logrotate_check.sh SOURCE_DIR}" && pwd)
LOGROTATE=$(command -v logrotate || echo /usr/sbin/logrotate)
if [ ! -x "$LOGROTATE" ]; then
  echo "SKIP: logrotate not installed (apt install logrotate)"
  exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
head -1 "$SRC/deploy/logrotate/wppackages" | grep -q '^# ' || { echo "FAIL: no one-line comment"; exit 1; }
mkdir -p "$WORK/logs"
chmod 0750 "$WORK/logs"
me=$(id -un)
group=$(id -gn)
sed -e "s|/var/log/wppackages|$WORK/logs|" -e "s|su wppackages wppackages|su $me $group|" \
  "$SRC/deploy/logrotate/wppackages" > "$WORK/conf"
chmod 0644 "$WORK/conf"
echo '{"msg":"first"}' > "$WORK/logs/pipeline.log"
"$LOGROTATE" -s "$WORK/state" -f "$WORK/conf" > "$WORK/out.log" 2>&1 || { cat "$WORK/out.log"; echo "FAIL: logrotate"; exit 1; }
[ -f "$WORK/logs/pipeline.log" ] && [ ! -s "$WORK/logs/pipeline.log" ] || { echo "FAIL: log not truncated in place"; ls -l "$WORK/logs"; exit 1; }
ls "$WORK"/logs/pipeline.log-* > /dev/null 2>&1 || { echo "FAIL: no rotated copy"; ls -l "$WORK/logs"; exit 1; }
# dateext names rotations by day; move the first aside so a second forced
# rotation today has a new name, then the first copy gets compressed.
for f in "$WORK"/logs/pipeline.log-*; do mv "$f" "$WORK/logs/pipeline.log-20000101"; done
echo '{"msg":"second"}' >> "$WORK/logs/pipeline.log"
"$LOGROTATE" -s "$WORK/state" -f "$WORK/conf" > "$WORK/out.log" 2>&1 || { cat "$WORK/out.log"; echo "FAIL: second logrotate"; exit 1; }
[ -f "$WORK/logs/pipeline.log-20000101.gz" ] || { echo "FAIL: older rotation not compressed"; ls -l "$WORK/logs"; exit 1; }
echo "logrotate: rotated and compressed"
