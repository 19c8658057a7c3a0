// Elementwise engine, avx512 path: elementwise_kernel.h at 64-byte vectors.
// Compiled for avx512f,avx512dq,avx512bw,avx512vl,avx2,fma by the pragmas below; called only when cpu.cc has found it.
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

#include "elementwise.h"

#if defined(__x86_64__) || defined(_M_X64)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma"))), apply_to = function)
#pragma clang fp contract(off)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")
#pragma GCC optimize("fp-contract=off")
#pragma GCC diagnostic ignored "-Wpsabi"  // the double-width helper vectors never cross a call
// GCC 12 warns about the _mm512_undefined_*() inside its own intrinsics
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#define TG_ISA_NS avx512
#define TG_EW_VBYTES 64
#include "elementwise_kernel.h"

namespace tg {
void ew_run_range_avx512(const EwTask& t, int64_t begin, int64_t end) { avx512::run_range_any(t, begin, end); }
}  // namespace tg

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#else  // not x86-64: never selected (cpu.cc reports the scalar path)
namespace tg {
void ew_run_range_avx512(const EwTask& t, int64_t begin, int64_t end) { ew_run_range_scalar(t, begin, end); }
}  // namespace tg
#endif
