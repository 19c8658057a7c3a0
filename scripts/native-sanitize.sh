#!/usr/bin/env bash
# Builds the native kernels' standalone C++ tests (native/test/*_test.cc, each its own program:
# every ISA this CPU has, every dtype, odd shapes, threads, the thread pool) with
# AddressSanitizer + UndefinedBehaviorSanitizer, and runs it. Needs g++ (or CXX); prints
# "N passed, M failed" and exits non-zero on any failure or sanitizer report. ~30 s.
#   scripts/native-sanitize.sh            ASan + UBSan, quick sweep
#   scripts/native-sanitize.sh --full     the longer random sweep
#   scripts/native-sanitize.sh --tsan     ThreadSanitizer instead (the pool's synchronisation)
set -euo pipefail
cd "$(dirname "$0")/.."
CXX="${CXX:-g++}"
if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "native-sanitize: skipped ($CXX not found)"
  exit 0
fi
mode=--quick
san=(-fsanitize=address,undefined -fno-sanitize-recover=all)
for arg in "$@"; do
  case "$arg" in
    --full) mode=--full ;;
    --tsan) san=(-fsanitize=thread) ;;
    *) echo "usage: $0 [--full] [--tsan]" >&2; exit 2 ;;
  esac
done
out="$(mktemp -d "${TMPDIR:-/tmp}/tg-sanitize.XXXXXX")"
trap 'rm -rf "$out"' EXIT
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer "${san[@]}" -pthread -Wall -Wextra)
# every kernel source (the N-API glue binding*.cc needs Node and is not part of these tests),
# and each native/test/*_test.cc as its own program
srcs=()
for s in native/src/*.cc; do
  case "$(basename "$s")" in binding*) ;; *) srcs+=("$s") ;; esac
done
tests=(native/test/*_test.cc)
pids=()
for s in "${srcs[@]}" "${tests[@]}"; do
  "$CXX" "${flags[@]}" -c "$s" -o "$out/$(basename "$s" .cc).o" & pids+=($!)
  # two compilers at a time on a small machine
  if (( ${#pids[@]} % 2 == 0 )); then wait "${pids[-2]}" "${pids[-1]}"; fi
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
lib=()
for s in "${srcs[@]}"; do lib+=("$out/$(basename "$s" .cc).o"); done
status=0
for t in "${tests[@]}"; do
  name="$(basename "$t" .cc)"
  [[ -f "$out/$name.o" ]] || { echo "native-sanitize: $t did not compile"; exit 1; }
  "$CXX" "${flags[@]}" "${lib[@]}" "$out/$name.o" -o "$out/$name"
  echo "native-sanitize: $name"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    TSAN_OPTIONS=halt_on_error=1 "$out/$name" "$mode" || status=1
done
exit $status
