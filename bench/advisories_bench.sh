#!/usr/bin/env bash
# Benchmark (issue #17, docs/behaviour.md §20): a 30,000-record vulnerability
# feed loaded by `wppackages advisories` and republished (an incremental
# build on the current one, then its deploy) over a synthetic catalogue, and
# the advisories API answering 100 names.
# Targets: load + republish <= 5 s; the API <= 5 ms for 100 names.
#
# The feed (Wordfence v3 layout) is written by this script over the
# database's own slugs, skewed as real feeds are (many records for a few
# popular packages; about one in 500 records bad) and served by a local
# python http.server. A second `advisories` run shows the 304 path.
# The API is timed from one keep-alive client: 300 POSTs of 100 names (a
# third of them with advisories), median and p95, with GET /packages.json on
# the same connection as the reference (each request names its own client in
# X-Forwarded-For, so the /api/ rate limit does not refuse them).
#
#   bench/advisories_bench.sh
# Environment: BIN (default build/wppackages), PACKAGES (70000), RECORDS
# (30000), BENCH_DIR; REF_BIN: a reference binary (say a copy of main's)
# whose load + republish runs from the same state, taking turns with BIN,
# ROUNDS times each (default 1), and the best of each is compared. Numbers on a shared 2-core VM are noisy: the load
# average is printed with them. Results also go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$(realpath "${BIN:-build/wppackages}")
BIN_UNDER_TEST=$BIN
PACKAGES=${PACKAGES:-70000} RECORDS=${RECORDS:-30000}
source tests/integration/lib.sh
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/wpp-advisories-bench.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVE_PORT=$(free_port)
export REPOSITORY_DIR=$WORK/repo WPP_PROGRESS=0 APP_URL="http://127.0.0.1:$SERVE_PORT"
DB=$WORK/wpp.db
RESULTS=bench/results/advisories_bench-$(date -u +%Y%m%d-%H%M%S).txt
mkdir -p bench/results
source bench/lib.sh
wpp() { "$BIN" --db "$DB" "$@"; }

TIMED_WIDTH=18 TIMED_FIELDS='feed=.*\|packages=.*'

report "# advisories_bench $(date -u +%FT%TZ) packages=$PACKAGES records=$RECORDS dir=$WORK"
report "# $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
wpp migrate 2> /dev/null
report "# corpus: $(python3 bench/gen_corpus.py "$DB" --packages "$PACKAGES")"
timed "full build" build
timed "deploy" deploy

# The feed over the catalogue's slugs.
sqlite3 "$DB" "SELECT type || ' ' || name FROM packages ORDER BY id" > "$WORK/slugs.txt"
mkdir -p "$WORK/feed"
python3 - "$WORK/slugs.txt" "$WORK/feed/vulnerabilities" "$RECORDS" <<'PY'
import json, random, sys
slugs = [line.split() for line in open(sys.argv[1])]
records = int(sys.argv[3])
rng = random.Random(17)
def version():
    v = f"{rng.randint(0, 9)}.{rng.randint(0, 20)}"
    return v + (f".{rng.randint(0, 30)}" if rng.random() < 0.6 else "")
feed = {}
for i in range(records):
    kind, slug = slugs[int(len(slugs) * rng.random() ** 3)]  # Skewed to popular packages.
    if rng.random() < 0.55:
        ranges = {"r": {"from_version": "*", "from_inclusive": True, "to_version": version(),
                        "to_inclusive": rng.random() < 0.7}}
    elif rng.random() < 0.8:
        ranges = {"r": {"from_version": "1.0", "from_inclusive": True, "to_version": version(),
                        "to_inclusive": False},
                  "s": {"from_version": "9.9.9", "from_inclusive": True, "to_version": "9.9.9",
                        "to_inclusive": True}}
    else:
        ranges = {"r": {"from_version": "*", "from_inclusive": True, "to_version": "*",
                        "to_inclusive": True}}
    if i % 500 == 499:
        ranges = {"r": {"from_version": "1.0 beta", "from_inclusive": True, "to_version": "2",
                        "to_inclusive": True}}
    rid = f"bench-{i:06d}"
    feed[rid] = {
        "id": rid, "title": f"{slug} - vulnerability {i}",
        "software": [{"type": kind, "name": slug, "slug": slug, "affected_versions": ranges,
                      "patched": False, "patched_versions": []}],
        "informational": False, "description": "x" * 200,
        "references": [f"https://www.wordfence.com/threat-intel/vulnerabilities/id/{rid}"],
        "cvss": {"vector": "CVSS:3.1/AV:N", "score": 6.1, "rating": "Medium"},
        "cve": f"CVE-2024-{i:05d}" if rng.random() < 0.7 else None,
        "published": "2024-05-01 12:00:00", "updated": "2024-05-01 12:00:00",
        "copyrights": {"message": "Copyright notice.",
                       "defiant": {"notice": "Copyright Defiant Inc.", "license": "Defiant License",
                                   "license_url": "https://example.com/license"}},
    }
json.dump(feed, open(sys.argv[2], "w"))
PY
report "# feed: $RECORDS records, $(du -h "$WORK/feed/vulnerabilities" | cut -f1)"
FEED_PORT=$(free_port)
python3 -m http.server --bind 127.0.0.1 "$FEED_PORT" --directory "$WORK/feed" > "$WORK/feed.log" 2>&1 &
wait_http "http://127.0.0.1:$FEED_PORT/vulnerabilities" 30
export ADVISORIES_FEED_URL="http://127.0.0.1:$FEED_PORT/vulnerabilities"

# Each round starts from the same state: a copy of the database and a
# hard-linked copy of the repository (blobs are never modified in place).
# The copy's blob shard directories are new, so the base build's shard
# stamp (docs/behaviour.md §7.8) is rewritten to their times, as if nothing
# had touched them since that build.
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
cp "$DB" "$WORK/base.db"
mv "$WORK/repo" "$WORK/base-repo"
round=0
republish() {  # republish LABEL BINARY: one load + build + deploy; sets $total
  local label=$1 base
  BIN=$2
  round=$((round + 1))
  DB=$WORK/round$round.db REPOSITORY_DIR=$WORK/round$round-repo
  cp "$WORK/base.db" "$DB"
  cp -al "$WORK/base-repo" "$REPOSITORY_DIR"
  base=$(basename "$(readlink "$REPOSITORY_DIR/current")")
  rm "$REPOSITORY_DIR/builds/$base/blob_shards.txt"
  for shard in 0 1 2 3 4 5 6 7 8 9 a b c d e f; do
    stat -c %.9Y "$REPOSITORY_DIR/blobs/$shard" | tr -d .
  done > "$WORK/stamp"
  sleep 0.05
  cp "$WORK/stamp" "$REPOSITORY_DIR/builds/$base/blob_shards.txt"
  timed "advisories$label" advisories
  local load=$wall
  timed "build$label" build
  local build=$wall
  timed "deploy$label" deploy
  total=$(echo "$load + $build + $wall" | bc)
  report "load + republish$label: ${total}s (advisories ${load}s + build ${build}s + deploy ${wall}s; target 5 s, ratio $(echo "scale=2; $total / 5" | bc))"
}
# With REF_BIN (say main's binary), it and BIN take turns, ROUNDS each.
ours=() theirs=()
for ((i = 0; i < ${ROUNDS:-1}; i++)); do
  if [ -n "${REF_BIN:-}" ]; then
    republish " [ref]" "$(realpath "$REF_BIN")"
    theirs+=("$total")
  fi
  republish "" "$BIN_UNDER_TEST"
  ours+=("$total")
done
if [ -n "${REF_BIN:-}" ]; then
  report "# best of ${ROUNDS:-1}: $(printf '%s\n' "${ours[@]}" | sort -n | head -1)s against the reference's $(printf '%s\n' "${theirs[@]}" | sort -n | head -1)s, ratio $(echo "scale=2; $(printf '%s\n' "${ours[@]}" | sort -n | head -1) / $(printf '%s\n' "${theirs[@]}" | sort -n | head -1)" | bc)"
fi
timed "advisories (304)" advisories

start_serve "$BIN" "$DB" "$WORK/serve.log"
python3 - "$SERVE_URL" "$DB" <<'PY' | tee -a "$RESULTS"
import http.client, sqlite3, sys, time, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
db = sqlite3.connect(sys.argv[2])
with_adv = [r[0] for r in db.execute("SELECT DISTINCT package_name FROM advisories LIMIT 34")]
without = [("wp-plugin/" if t == "plugin" else "wp-theme/") + n for t, n in
           db.execute("SELECT type, name FROM packages ORDER BY id DESC LIMIT 66")]
names = (with_adv + without)[:100]
body = urllib.parse.urlencode([(f"packages[{i}]", n) for i, n in enumerate(names)])
conn = http.client.HTTPConnection(url.hostname, url.port)
def timed(method, path, data=None):
    out = []
    for i in range(300):
        # Each request from its own client address (loopback is a trusted
        # proxy): the /api/ rate limit allows a client 10 at once.
        headers = {"X-Forwarded-For": f"10.{i // 250}.{i % 250}.1"}
        if data:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        t = time.perf_counter()
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        payload = r.read()
        out.append((time.perf_counter() - t) * 1000)
        assert r.status == 200, (r.status, payload[:200])
    out.sort()
    return out[len(out) // 2], out[int(len(out) * 0.95)], len(payload)
api = timed("POST", "/api/security-advisories/", body)
ref = timed("GET", "/packages.json")
print(f"API 100 names ({len(with_adv)} with advisories): median {api[0]:.2f} ms, p95 {api[1]:.2f} ms,"
      f" {api[2]} bytes; target 5 ms, ratio {api[0] / 5:.2f}")
print(f"reference GET /packages.json: median {ref[0]:.2f} ms, p95 {ref[1]:.2f} ms;"
      f" API / reference {api[0] / ref[0]:.1f}x")
PY
echo "results: $RESULTS"
