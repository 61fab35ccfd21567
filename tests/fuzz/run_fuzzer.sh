#!/usr/bin/env bash
# Builds one libFuzzer target with clang and runs it for a few seconds.
#
#   tests/fuzz/run_fuzzer.sh <name> <seconds> <source>... [-- <extra flag>...]
#
#   <name>     the fuzzer's name: the binary is $FUZZ_OUT_DIR/<name>_fuzz and
#              the seed corpus tests/fuzz/corpus/<name>/ (if it exists).
#   <seconds>  how long to fuzz (libFuzzer's -max_total_time).
#   <source>   the .cc files to compile, relative to the repository root or
#              absolute: the fuzz target plus the library sources it needs.
#   --         everything after it goes to clang++ after the sources:
#              libraries (-lsimdjson), include dirs, defines.
#
# Only these sources are compiled (with -std=c++20 -g -O1
# -fsanitize=fuzzer,address,undefined -I src), not the CMake project, so
# this stays cheap on a small machine. The binary is rebuilt only when a
# source, a header it includes, or the command line changed.
#
# Environment:
#   FUZZ_OUT_DIR  where the binary, its working corpus (<name>_corpus/),
#                 crash files (<name>-crash-*) and log go
#                 (default: <repo>/build/fuzz)
#   FUZZ_CXX      the compiler (default: clang++)
#   FUZZ_ARGS     extra libFuzzer arguments, e.g. "-dict=x.dict"
#
# Exit status: 0 when the run finds nothing; 1 on a crash, a sanitizer
# report, a failed invariant or a compile error; 77 when clang++ or its
# libFuzzer runtime is missing (ctest reports the test as skipped).
set -euo pipefail

usage() {
  sed -n '2,13p' "$0" >&2
  exit 2
}
[[ $# -ge 3 ]] || usage
name=$1
seconds=$2
shift 2
[[ $seconds =~ ^[0-9]+$ ]] || usage
sources=()
flags=()
while [[ $# -gt 0 && $1 != "--" ]]; do
  sources+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift
flags=("$@")
[[ ${#sources[@]} -gt 0 ]] || usage

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${FUZZ_OUT_DIR:-$repo/build/fuzz}
cxx=${FUZZ_CXX:-clang++}
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=$out/${name}_fuzz
log=$out/$name.log

if ! command -v "$cxx" > /dev/null; then
  echo "SKIP fuzz $name: $cxx is not installed" >&2
  exit 77
fi

cd "$repo"
cmd=("$cxx" -std=c++20 -g -O1 "-fsanitize=fuzzer,address,undefined"
  -fno-sanitize-recover=undefined -I src "${sources[@]}" "${flags[@]}" -o "$bin")

# Up to date when the command line is unchanged and no dependency (from the
# compiler's depfile) is newer than the binary.
up_to_date() {
  [[ -x $bin && -f $bin.cmd && -f $bin.d ]] || return 1
  [[ $(cat "$bin.cmd") == "${cmd[*]}" ]] || return 1
  local dep
  # shellcheck disable=SC2013  # Make-style depfile: words, not lines.
  for dep in $(sed -e 's/\\$//' -e 's/^[^:]*://' "$bin.d"); do
    [[ -e $dep && ! $dep -nt $bin ]] || return 1
  done
}

if ! up_to_date; then
  echo "fuzz $name: compiling ${#sources[@]} source(s) with $cxx" >&2
  rm -f "$bin.cmd" "$bin.d"
  if ! "${cmd[@]}" 2> "$log"; then
    if grep -q "libclang_rt.fuzzer" "$log"; then
      echo "SKIP fuzz $name: $cxx has no libFuzzer runtime" >&2
      exit 77
    fi
    cat "$log" >&2
    echo "FAIL fuzz $name: compile error" >&2
    exit 1
  fi
  # The dependency list for next time (-MMD keeps only the last source's).
  "$cxx" -std=c++20 -I src "${flags[@]}" -MM "${sources[@]}" > "$bin.d" 2> /dev/null ||
    rm -f "$bin.d"
  printf '%s' "${cmd[*]}" > "$bin.cmd"
fi

corpus=$out/${name}_corpus
mkdir -p "$corpus"
seeds=()
[[ -d tests/fuzz/corpus/$name ]] && seeds=("tests/fuzz/corpus/$name")

# New inputs go to the working corpus (the first directory), never into the
# repository's seeds.
status=0
# shellcheck disable=SC2086  # FUZZ_ARGS is a list of arguments.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/$name-" ${FUZZ_ARGS:-} "$corpus" "${seeds[@]}" > "$log" 2>&1 ||
  status=$?

if [[ $status -ne 0 ]]; then
  tail -n 60 "$log" >&2
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
  echo "FAIL fuzz $name: exit $status; full log: $log" >&2
  [[ -n $artifact ]] && echo "reproduce with: $bin $artifact" >&2
  exit 1
fi
grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/fuzz $name: /" >&2 || true
exit 0
