#!/usr/bin/env bash
# generate-og with the CDN bucket (docs/behaviour.md §15.3): cards and the
# default image are uploaded with Content-Type image/png and the cache
# header, signed (the SigV4 checker rejects anything else), nothing is
# written locally, and a second run uploads nothing. Run through harness.py.
set -euo pipefail
BIN=${1:?usage: harness.py -- og_s3_test.sh path/to/wppackages}
: "${S3_TEST_CONTROL:?run through tests/s3/harness.py}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export OG_DIR=$TMP/og R2_CDN_BUCKET=repo R2_CDN_PUBLIC_URL=https://cdn.example.com WPP_PROGRESS=0
DB=$TMP/wpp.db
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
"$BIN" --db "$DB" migrate 2> /dev/null
for slug in alpha beta; do
  sqlite3 "$DB" "INSERT INTO packages (type, name, display_name, description, active_installs,
    created_at, updated_at) VALUES ('plugin', '$slug', 'Plugin $slug', 'Text.', 10, 'now', 'now')"
done

out=$("$BIN" --db "$DB" generate-og 2>&1) || fail "generate-og: $out"
grep -q 'generated=2 skipped=0 errors=0 default=true' <<< "$out" || fail "first run: $out"
[ ! -e "$OG_DIR" ] || fail "images were written locally too"
for key in social/default.png social/plugin/alpha.png social/plugin/beta.png; do
  headers=$(curl -sS --aws-sigv4 "aws:amz:auto:s3" \
    --user "$R2_ACCESS_KEY_ID:$R2_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: $EMPTY_SHA" \
    -D - -o "$TMP/got.png" "$R2_ENDPOINT/repo/$key")
  grep -q ' 200' <<< "$(head -1 <<< "$headers")" || fail "$key: $headers"
  grep -qi '^content-type: image/png' <<< "$headers" || fail "$key content type: $headers"
  grep -qi '^cache-control: public, max-age=86400' <<< "$headers" || fail "$key cache: $headers"
  [ "$(head -c 4 "$TMP/got.png" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "$key is not a PNG"
done
out=$("$BIN" --db "$DB" generate-og 2>&1) || fail "second run: $out"
grep -q 'generated=0 skipped=0 errors=0 default=false' <<< "$out" || fail "second run: $out"

# A CDN bucket without an endpoint is a configuration error, not a local fallback.
set +e
out=$(R2_ENDPOINT= "$BIN" --db "$DB" generate-og --force 2>&1); rc=$?
set -e
[ $rc = 1 ] || fail "missing endpoint exited $rc: $out"
[ ! -e "$OG_DIR" ] || fail "fell back to local files"
echo "og_s3: OK"
