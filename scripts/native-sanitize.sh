#!/usr/bin/env bash
# Builds the native kernels' standalone C++ test (native/test/gemm_test.cc: every ISA this CPU
# has, every dtype, transposes, odd shapes, batches, threads, the thread pool) with
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
srcs=(native/src/cpu.cc native/src/thread_pool.cc native/src/gemm.cc native/src/gemm_scalar.cc
      native/src/gemm_avx2.cc native/src/gemm_avx512.cc native/src/probe.cc native/test/gemm_test.cc)
pids=()
for s in "${srcs[@]}"; do
  "$CXX" "${flags[@]}" -c "$s" -o "$out/$(basename "$s" .cc).o" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
"$CXX" "${flags[@]}" "$out"/*.o -o "$out/gemm_test"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  TSAN_OPTIONS=halt_on_error=1 "$out/gemm_test" "$mode"
