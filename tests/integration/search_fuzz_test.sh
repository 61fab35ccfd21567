#!/usr/bin/env bash
# Search input fuzz over HTTP (docs/behaviour.md §18.11): FTS5 syntax, lone
# quotes, LIKE wildcards, NUL and invalid UTF-8, 10 KB strings on `/`,
# `/packages-partial`, `/untagged-partial`, `/untagged` and
# `/untagged-authors` answer 200 (results or an empty list), never 500. A
# request line beyond the server's 8 KiB per-connection buffer (a 10 KB
# search) is refused with 414 before any handler runs; 3 KB still answers 200 (6 KB may not: headers that echo the query share the buffer).
#
#   tests/integration/search_fuzz_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "${1:?usage: search_fuzz_test.sh BUILD_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
make_workdir
export REPOSITORY_DIR=$WORK/repo APP_ENV=test WPP_PROGRESS=0
start_synthetic_mirror 60 --hostile
"${WPP[@]}" discover --source=svn 2> "$WORK/discover.log" || fail "discover"
"${WPP[@]}" update 2> "$WORK/update.log" || fail "update"
start_serve "$BUILD/wppackages" "$DB" "$WORK/serve.log"

long=$(head -c 10240 /dev/zero | tr '\0' 'a')
six_kb=$(head -c 3000 /dev/zero | tr '\0' 'b')
long_quotes=$(head -c 10240 /dev/zero | tr '\0' '"')
inputs=(
  '"' '""' "'" '*' '**' 'a*' '*a' 'NEAR' 'NEAR(a b)' 'NEAR(a b, 2)' 'a NEAR b' '-' '-a' 'a -b'
  'a OR' 'OR' 'AND' 'NOT' 'a AND NOT b' '(' ')' '(a' 'a)' '^' '^a' 'a:b' 'name:x' '{a b}:c'
  'col:' '"unterminated' 'a"b' "it's" '%' '_' '%_%' '\' '\\' 'a\' '+' '+a' '.' '..' '/'
  '<script>alert(1)</script>' '" onmouseover="alert(1)' 'javascript:alert(1)'
  $'\xe2\x80\xae' $'\xc3\x28' $'\xff\xfe' 'hostile' 'akismet' 'ak' '   ' '0' '-1'
  "$six_kb" "${six_kb:0:2000} NEAR \"x" "$long" "$long_quotes" "a${long}*"
)
# Percent-encode with python: NUL and invalid bytes included.
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote_from_bytes(sys.argv[1].encode("utf-8","surrogateescape")))' "$1"; }
failures=0
checked=0
refused=0
for input in "${inputs[@]}" $'\x00' ; do
  e=$(enc "$input")
  for url in "/?search=$e" "/packages-partial?search=$e" "/packages-partial?search=$e&type=plugin&sort=name&page=2" \
             "/untagged?search=$e" "/untagged-partial?search=$e" "/untagged-partial?author=$e&filter=trunk-only" \
             "/untagged-authors?q=$e" "/index.md?search=$e" "/untagged.md?search=$e"; do
    code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$SERVE_URL$url" || true)
    checked=$((checked + 1))
    if [ "$code" = 414 ] && [ ${#url} -gt 8000 ]; then
      refused=$((refused + 1))
    elif [ "$code" != 200 ]; then
      echo "FAIL: $code for ${url:0:120}" >&2
      failures=$((failures + 1))
    fi
  done
done
[ "$failures" = 0 ] || fail "$failures of $checked requests did not answer 200"
grep -q '"status":"error"\|level=ERROR' "$WORK/serve.log" && fail "the server logged errors"
[ "$refused" -gt 0 ] || fail "no request line was long enough to be refused"
echo "ok: $checked fuzzed search requests: $((checked - refused)) answered 200, $refused over 8 KiB refused with 414"
