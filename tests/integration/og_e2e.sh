#!/usr/bin/env bash
# Issue #15 end to end (docs/behaviour.md §15): generate-og draws the cards of
# fixture packages (Latin, right-to-left, emoji, CJK, a 100 KB description)
# into OG_DIR as 1200 × 630 PNGs, the title is read back by tesseract, a
# second run does nothing, `serve` answers /og/… (image/png, never gzip,
# 404 for paths that are not keys), and SIGINT in the middle of a run leaves
# only whole images and a run that the next one completes.
set -euo pipefail
BUILD=$(realpath "${1:?usage: og_e2e.sh BUILD_DIR}")
BIN=$BUILD/wppackages
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/integration/lib.sh"
TMP=$(mktemp -d)
SERVE_PID=""
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2> /dev/null && wait "$SERVE_PID" 2> /dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export OG_DIR=$TMP/og WPP_PROGRESS=0 APP_URL=https://repo.example.com
DB=$TMP/wpp.db
"$BIN" --db "$DB" migrate 2> /dev/null

add() {  # type slug display description composer_installs
  sqlite3 "$DB" "INSERT INTO packages (type, name, display_name, description, current_version,
    active_installs, wp_packages_installs_total, created_at, updated_at)
    VALUES ('$1', '$2', '$3', '$4', '2.4.1', 12345, $5, 'now', 'now')"
}
add plugin contact-widgets "Contact Widgets Deluxe" "Forms and widgets for contact pages." 150
add plugin arabic-forms "نماذج الاتصال العربية" "إضافة للنماذج" 0
add plugin emoji-only "🚀🔥✨" "" 0
add theme cjk-theme "日本語のテーマ" "中文描述 한국어 설명" 7
big=$(python3 -c 'print("lorem ipsum dolor " * 6000)')
add plugin big-description "Big Description" "$big" 0

# Checks that a file is a whole 1200 × 630 PNG (signature, IHDR, IEND last).
check_png() {
  python3 - "$1" << 'PY' || fail "$1 is not a whole 1200x630 PNG"
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n" and d[12:16] == b"IHDR"
assert struct.unpack(">II", d[16:24]) == (1200, 630)
assert d[-12:-4] == b"\0\0\0\0IEND"
PY
}

out=$("$BIN" --db "$DB" generate-og 2>&1) || fail "generate-og: $out"
grep -q 'generated=5 skipped=0 errors=0 default=true' <<< "$out" || fail "first run: $out"
for key in default plugin/contact-widgets plugin/arabic-forms plugin/emoji-only theme/cjk-theme \
           plugin/big-description; do
  f=$OG_DIR/social/$key.png
  [ "$key" = default ] && f=$OG_DIR/social/default.png
  check_png "$f"
done
[ "$(stat -c %a "$OG_DIR/social/plugin/contact-widgets.png")" = 644 ] || fail "mode is not 0644"
text=$(tesseract "$OG_DIR/social/plugin/contact-widgets.png" stdout 2> /dev/null)
grep -q "Contact Widgets Deluxe" <<< "$text" || fail "OCR did not read the title: $text"

out=$("$BIN" --db "$DB" generate-og 2>&1) || fail "second run: $out"
grep -q 'generated=0 skipped=0 errors=0 default=false' <<< "$out" || fail "second run drew: $out"
sqlite3 "$DB" "UPDATE packages SET wp_packages_installs_total = 180 WHERE name = 'contact-widgets'"
out=$("$BIN" --db "$DB" generate-og 2>&1)
grep -q 'generated=0 skipped=1' <<< "$out" || fail "same bucket was drawn: $out"
out=$("$BIN" --db "$DB" generate-og --package wp-theme/cjk-theme 2>&1)
grep -q 'generated=1 skipped=0' <<< "$out" || fail "--package: $out"
set +e
out=$("$BIN" --db "$DB" generate-og --package wp-plugin/nope 2>&1); rc=$?
set -e
[ $rc = 1 ] && grep -q "no active package" <<< "$out" || fail "unknown --package: rc=$rc $out"

# serve /og/…, drawing the default image as it starts when it is missing.
rm "$OG_DIR/social/default.png"
start_serve "$BIN" "$DB" "$TMP/serve.log"
check_png "$OG_DIR/social/default.png"
headers=$(curl -sf -D - -o "$TMP/got.png" -H 'Accept-Encoding: gzip' \
  "$SERVE_URL/og/social/plugin/emoji-only.png") || fail "GET /og/ failed"
grep -qi '^content-type: image/png' <<< "$headers" || fail "content type: $headers"
grep -qi '^cache-control: public, max-age=86400' <<< "$headers" || fail "cache: $headers"
grep -qi '^content-encoding' <<< "$headers" && fail "a PNG was gzipped: $headers"
cmp -s "$TMP/got.png" "$OG_DIR/social/plugin/emoji-only.png" || fail "served bytes differ"
etag=$(grep -i '^etag:' <<< "$headers" | cut -d' ' -f2 | tr -d '\r')
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$SERVE_URL/og/social/default.png")
[ "$code" = 200 ] || fail "default image: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" \
  "$SERVE_URL/og/social/plugin/emoji-only.png")
[ "$code" = 304 ] || fail "If-None-Match: $code"
echo secret > "$TMP/og/social/secret.txt"
for path in social/secret.txt social/plugin/missing.png social/..%2f..%2fwpp.db \
            social/%2e%2e/%2e%2e/wpp.db social/.x.png social/x.png.tmp-1-2; do
  code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$SERVE_URL/og/$path")
  [ "$code" = 404 ] || fail "/og/$path answered $code"
done
kill "$SERVE_PID" && wait "$SERVE_PID" 2> /dev/null || true
SERVE_PID=""

# SIGINT in the middle of a run: every image on disk is whole, no temporary
# file is left, and the next run completes what is missing.
python3 "$SRC/bench/gen_corpus.py" "$DB" --packages 1500 > /dev/null
"$BIN" --db "$DB" generate-og --force --concurrency 2 > "$TMP/int.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do  # Wait (at most 60 s) until it has drawn some cards.
  [ "$(find "$OG_DIR/social/plugin" -name 'plugin-*' 2> /dev/null | head -20 | wc -l)" -ge 20 ] && break
  sleep 0.1
done
kill -INT "$pid" 2> /dev/null || true
set +e
wait "$pid"; rc=$?
set -e
if grep -q 'interrupted=true' "$TMP/int.log"; then
  [ $rc = 1 ] || fail "interrupted run exited $rc"
else
  echo "note: the run finished before SIGINT arrived" >&2
fi
[ -z "$(find "$OG_DIR" -name '*.tmp-*')" ] || fail "temporary files left: $(find "$OG_DIR" -name '*.tmp-*')"
for f in $(find "$OG_DIR/social/plugin" -name 'plugin-*.png' | head -50); do check_png "$f"; done
out=$("$BIN" --db "$DB" generate-og 2>&1) || fail "run after SIGINT: $out"
grep -q 'errors=0' <<< "$out" || fail "run after SIGINT: $out"
[ "$(find "$OG_DIR/social" -name '*.png' | wc -l)" = $((1500 + 6)) ] || fail "cards missing after rerun"
out=$("$BIN" --db "$DB" generate-og 2>&1)
grep -q 'generated=0 skipped=0 errors=0 default=false' <<< "$out" || fail "last run drew: $out"
echo "og_e2e: OK"
