// Elementwise engine, scalar path: elementwise_kernel.h at 16-byte vectors.
// Portable: GCC/Clang vector extensions (SSE2 on any x86-64, NEON on arm64), no FMA.
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

#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#pragma GCC diagnostic ignored "-Wpsabi"  // the double-width helper vectors never cross a call
#endif

#define TG_ISA_NS portable
#define TG_EW_VBYTES 16
#include "elementwise_kernel.h"

namespace tg {
void ew_run_range_scalar(const EwTask& t, int64_t begin, int64_t end) { portable::run_range_any(t, begin, end); }
}  // namespace tg

#if !defined(__clang__)
#pragma GCC pop_options
#endif
