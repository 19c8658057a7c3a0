// GEMM kernels for AVX2 + FMA: 6x16 f32 / 6x8 f64 / 6x16 i32 register tiles.
// Compiled for AVX2 by the target pragma below, called only when cpu.cc has found it.
#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "gemm.h"

#if defined(__x86_64__) || defined(_M_X64)

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma,bmi2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma,bmi2")
#endif

#define TG_ISA_NS avx2
#include "gemm_kernel.h"

namespace tg {
namespace avx2 {

// Lane masks for the first n of 8 (32-bit) or 4 (64-bit) lanes: load from kMask32 + 8 - n.
alignas(64) const int32_t kMask32[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
alignas(64) const int64_t kMask64[8] = {-1, -1, -1, -1, 0, 0, 0, 0};
TG_INLINE __m256i mask32(int n) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMask32 + 8 - n)); }
TG_INLINE __m256i mask64(int n) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMask64 + 4 - n)); }

TG_INLINE void transpose8(__m256 r[8]) {
  __m256 t[8], u[8];
  TG_UNROLL for (int i = 0; i < 4; i++) {
    t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  TG_UNROLL for (int h = 0; h < 2; h++) {
    u[4 * h] = _mm256_shuffle_ps(t[4 * h], t[4 * h + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * h + 1] = _mm256_shuffle_ps(t[4 * h], t[4 * h + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[4 * h + 2] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * h + 3] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  TG_UNROLL for (int j = 0; j < 4; j++) {
    r[j] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x20);
    r[4 + j] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x31);
  }
}

// dst[p*R + r] = src[r*ld + p] for r < rows, p < kc; zeros for rows <= r < R. 32-bit elements.
inline void transpose_pack32(const float* src, int64_t ld, int64_t rows, int64_t kc, float* dst, int R) {
  for (int r0 = 0; r0 < R; r0 += 8) {
    const int64_t nrow = std::min<int64_t>(std::max<int64_t>(rows - r0, 0), 8);
    const __m256i smask = mask32(std::min(8, R - r0));
    for (int64_t p0 = 0; p0 < kc; p0 += 8) {
      const int np = static_cast<int>(std::min<int64_t>(8, kc - p0));
      const __m256i lmask = mask32(np);
      __m256 x[8];
      TG_UNROLL for (int i = 0; i < 8; i++) x[i] = i < nrow ? _mm256_maskload_ps(src + (r0 + i) * ld + p0, lmask) : _mm256_setzero_ps();
      transpose8(x);
      for (int i = 0; i < np; i++) _mm256_maskstore_ps(dst + (p0 + i) * R + r0, smask, x[i]);
    }
  }
}

struct F32 {
  using T = float;
  using reg = __m256;
  static constexpr int W = 8;
  static TG_INLINE reg zero() { return _mm256_setzero_ps(); }
  static TG_INLINE reg load(const T* p) { return _mm256_loadu_ps(p); }
  static TG_INLINE reg load_n(const T* p, int n) { return _mm256_maskload_ps(p, mask32(n)); }
  static TG_INLINE reg bcast(const T* p) { return _mm256_broadcast_ss(p); }
  static TG_INLINE reg fma(reg a, reg b, reg c) { return _mm256_fmadd_ps(a, b, c); }
  static TG_INLINE reg add(reg a, reg b) { return _mm256_add_ps(a, b); }
  static TG_INLINE void store(T* p, reg v) { _mm256_storeu_ps(p, v); }
  static TG_INLINE void store_n(T* p, reg v, int n) { _mm256_maskstore_ps(p, mask32(n), v); }
  static bool transpose_pack(const T* s, int64_t ld, int64_t rows, int64_t kc, T* d, int R) {
    transpose_pack32(s, ld, rows, kc, d, R);
    return true;
  }
};

struct F64 : NoFastPack {
  using T = double;
  using reg = __m256d;
  static constexpr int W = 4;
  static TG_INLINE reg zero() { return _mm256_setzero_pd(); }
  static TG_INLINE reg load(const T* p) { return _mm256_loadu_pd(p); }
  static TG_INLINE reg load_n(const T* p, int n) { return _mm256_maskload_pd(p, mask64(n)); }
  static TG_INLINE reg bcast(const T* p) { return _mm256_broadcast_sd(p); }
  static TG_INLINE reg fma(reg a, reg b, reg c) { return _mm256_fmadd_pd(a, b, c); }
  static TG_INLINE reg add(reg a, reg b) { return _mm256_add_pd(a, b); }
  static TG_INLINE void store(T* p, reg v) { _mm256_storeu_pd(p, v); }
  static TG_INLINE void store_n(T* p, reg v, int n) { _mm256_maskstore_pd(p, mask64(n), v); }
};

struct I32 {
  using T = int32_t;
  using reg = __m256i;
  static constexpr int W = 8;
  static TG_INLINE reg zero() { return _mm256_setzero_si256(); }
  static TG_INLINE reg load(const T* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static TG_INLINE reg load_n(const T* p, int n) { return _mm256_maskload_epi32(p, mask32(n)); }
  static TG_INLINE reg bcast(const T* p) { return _mm256_set1_epi32(*p); }
  static TG_INLINE reg fma(reg a, reg b, reg c) { return _mm256_add_epi32(_mm256_mullo_epi32(a, b), c); }
  static TG_INLINE reg add(reg a, reg b) { return _mm256_add_epi32(a, b); }
  static TG_INLINE void store(T* p, reg v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
  static TG_INLINE void store_n(T* p, reg v, int n) { _mm256_maskstore_epi32(p, mask32(n), v); }
  static bool transpose_pack(const T* s, int64_t ld, int64_t rows, int64_t kc, T* d, int R) {
    // 32-bit lanes move as bit patterns
    transpose_pack32(reinterpret_cast<const float*>(s), ld, rows, kc, reinterpret_cast<float*>(d), R);
    return true;
  }
};

}  // namespace avx2

GemmKernel gemm_kernel_avx2(DType dt) {
  switch (dt) {
    case DType::kF64: return avx2::Gemm<avx2::F64, 6, 2, 256, 144, 2048, true, 16>::kernel();
    case DType::kI32: return avx2::Gemm<avx2::I32, 6, 2, 256, 144, 2048, true>::kernel();
    default: return avx2::Gemm<avx2::F32, 6, 2, 256, 144, 4096, true, 16>::kernel();
  }
}

double fma_probe_avx2(int64_t iters) {
  __m256 acc[12];
  for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-6f);
  for (int64_t it = 0; it < iters; it++) {
    TG_UNROLL for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
  }
  __m256 s = acc[0];
  for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, acc[i]);
  alignas(32) float out[8];
  _mm256_store_ps(out, s);
  volatile float sink = out[0];
  (void)sink;
  return static_cast<double>(iters) * 12 * 8 * 2;
}

}  // namespace tg

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#else  // not x86-64: never selected
namespace tg {
GemmKernel gemm_kernel_avx2(DType) { return GemmKernel{0, 0, nullptr}; }
double fma_probe_avx2(int64_t) { return 0; }
}  // namespace tg
#endif
