// Elementwise engine, avx2 path: elementwise_kernel.h at 32-byte vectors.
// Compiled for avx2,fma by the pragmas below; called only when cpu.cc has found it.
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
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#pragma clang fp contract(off)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#pragma GCC optimize("fp-contract=off")
#pragma GCC diagnostic ignored "-Wpsabi"  // the double-width helper vectors never cross a call
#endif

#define TG_ISA_NS avx2
#define TG_EW_VBYTES 32
#include "elementwise_kernel.h"

namespace tg {
void ew_run_range_avx2(const EwTask& t, int64_t begin, int64_t end) { avx2::run_range_any(t, begin, end); }
}  // namespace tg

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#else  // not x86-64: never selected (cpu.cc reports the scalar path)
namespace tg {
void ew_run_range_avx2(const EwTask& t, int64_t begin, int64_t end) { ew_run_range_scalar(t, begin, end); }
}  // namespace tg
#endif
