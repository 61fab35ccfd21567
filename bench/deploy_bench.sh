#!/usr/bin/env bash
# Benchmark (issue #5): `deploy --to-r2` of a 70,000-package build to a local
# S3 server (s3rver), then a deploy of the next build in which 200 packages
# changed. Prints the requests each deploy sent (by method) and its time.
#
#   bench/deploy_bench.sh                 # through the SigV4-checking proxy
#   MODE=direct bench/deploy_bench.sh     # straight to s3rver (counts from our log)
#
# Environment: BIN (default build/wppackages), PACKAGES (70000), CHANGED (200),
# DEV_FILES (0: one p2 file per package; 1: plugins also get ~dev.json).
# Builds are generated here in the builder's layout (blobs plus one index.tsv
# per build; unchanged files share their blobs). Results also go to
# bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-build/wppackages}")
export BIN PACKAGES=${PACKAGES:-70000} CHANGED=${CHANGED:-200} DEV_FILES=${DEV_FILES:-0}
MODE=${MODE:-proxy}

if [ -z "${S3_TEST_CONTROL:-}" ]; then  # Re-run under the harness (s3rver + proxy).
  flags=()
  if [ "$MODE" = direct ]; then flags=(--direct); fi
  exec /usr/bin/python3 tests/s3/harness.py "${flags[@]}" -- "$0"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export REPOSITORY_DIR=$WORK/repo APP_ENV=bench
DB=$WORK/wpp.db
"$BIN" --db "$DB" migrate 2> /dev/null

python3 - "$REPOSITORY_DIR" <<'PY'
import hashlib, os, random, sys
repo, n, changed = sys.argv[1], int(os.environ["PACKAGES"]), int(os.environ["CHANGED"])
dev = os.environ["DEV_FILES"] == "1"
random.seed(5)
b1 = os.path.join(repo, "builds", "20260101-000000")
b2 = os.path.join(repo, "builds", "20260101-000500")
names = [("wp-plugin" if i % 7 else "wp-theme") + f"/package-{i:05d}" for i in range(n)]

def doc(name, version):
    versions = ",".join(
        f'{{"name":"{name}","version":"{version}.{k}","dist":{{"type":"zip","url":'
        f'"https://downloads.example/{name}.{version}.{k}.zip"}},"type":"wordpress-plugin"}}'
        for k in range(4))
    return f'{{"minified":"composer/2.0","packages":{{"{name}":[{versions}]}}}}\n'

# The layout `wppackages build` leaves: blobs named by a hash of their bytes
# (any 32 hex digits do; md5 here) and one index.tsv per build.
def blob(body):
    h = hashlib.md5(body.encode()).hexdigest()
    os.makedirs(os.path.join(repo, "blobs", h[:1]), exist_ok=True)
    path = os.path.join(repo, "blobs", h[:1], h + ".json")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(body)
    return h

files = 0
entries = {}
for name in names:
    has_dev = dev and "plugin" in name
    h = blob(doc(name, "1"))
    entries[name] = (h, h if has_dev else "-")
    files += 2 if has_dev else 1
second = dict(entries)
for name in random.sample(names, changed):
    second[name] = (blob(doc(name, "2")), entries[name][1])
for build, index in ((b1, entries), (b2, second)):
    os.makedirs(build, exist_ok=True)
    with open(os.path.join(build, "index.tsv"), "w") as f:
        for name in sorted(index):
            main, dev_hash = index[name]
            f.write(f"{name}\t{main}\t{main}\t{dev_hash}\n")
for build in (b1, b2):
    with open(os.path.join(build, "packages.json"), "w") as f:
        f.write('{"packages":[],"metadata-url":"/p2/%package%.json","build":"'
                + os.path.basename(build) + '"}\n')
    with open(os.path.join(build, "manifest.json"), "w") as f:
        f.write('{"packages_total":%d}\n' % n)
print(f"generated 2 builds of {n} packages ({files} p2 files each), {changed} changed")
PY

report() {  # report LABEL SECONDS LOGFILE
  local counts
  if [ -n "${MODE_DIRECT:-}" ]; then
    counts=$(sed -n 's/.*object store sync complete.* uploaded=\([0-9]*\).*/PUT p2: \1 (+1 packages.json, from the log)/p' "$3")
  else
    counts=$(curl -sS "$S3_TEST_CONTROL/stats" | python3 -c 'import json,sys,collections
c = collections.Counter(r["method"] for r in json.load(sys.stdin)["requests"])
print(", ".join(f"{m} {n}" for m, n in sorted(c.items())) + f" (total {sum(c.values())})")')
  fi
  printf '%-34s %8.2f s   %s\n' "$1" "$2" "$counts" | tee -a "$RESULTS"
}

mkdir -p bench/results
RESULTS=bench/results/deploy_bench.txt
if [ "$R2_ENDPOINT" = "$S3_TEST_UPSTREAM" ]; then MODE_DIRECT=1; fi
label="proxy (every request SigV4-checked and counted)"
if [ -n "${MODE_DIRECT:-}" ]; then label="direct to s3rver"; fi
echo "deploy_bench $(date -u +%FT%TZ) packages=$PACKAGES changed=$CHANGED dev_files=$DEV_FILES" \
  "mode=$label nproc=$(nproc) load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
for step in "20260101-000000:first deploy (empty bucket)" "20260101-000500:second deploy ($CHANGED changed)"; do
  id=${step%%:*}
  curl -sS -X POST -d '{}' "$S3_TEST_CONTROL/reset" > /dev/null
  start=$(date +%s.%N)
  "$BIN" --db "$DB" deploy "$id" --to-r2 2> "$WORK/log-$id"
  end=$(date +%s.%N)
  report "${step#*:}" "$(echo "$end - $start" | bc)" "$WORK/log-$id"
done
