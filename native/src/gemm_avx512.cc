// GEMM kernels for AVX-512 (F/DQ/BW/VL): 14x32 f32 / 14x16 f64 / 14x32 i32 register tiles.
// Compiled for AVX-512 by the target pragma below, called only when cpu.cc has found it.
#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "gemm.h"

#if defined(__x86_64__) || defined(_M_X64)

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi2")
// GCC 12 warns about the _mm512_undefined_*() inside its own unpack intrinsics
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#define TG_ISA_NS avx512
#include "gemm_kernel.h"

namespace tg {
namespace avx512 {

// In-register transposes for packing (a 16x16 block of 32-bit values, an 8x8 block of doubles).
TG_INLINE void transpose16(__m512 r[16]) {
  __m512 t[16];
  TG_UNROLL for (int i = 0; i < 8; i++) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  TG_UNROLL for (int i = 0; i < 4; i++) {
    const __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 1]);
    const __m512d c = _mm512_castps_pd(t[4 * i + 2]), d = _mm512_castps_pd(t[4 * i + 3]);
    r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  // r[4i + j]: rows 4i..4i+3, column 4l + j in 128-bit lane l
  TG_UNROLL for (int j = 0; j < 4; j++) {
    t[j] = _mm512_shuffle_f32x4(r[j], r[4 + j], 0x88);
    t[4 + j] = _mm512_shuffle_f32x4(r[j], r[4 + j], 0xDD);
    t[8 + j] = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0x88);
    t[12 + j] = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0xDD);
  }
  TG_UNROLL for (int j = 0; j < 4; j++) {
    r[j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0x88);
    r[8 + j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0xDD);
    r[4 + j] = _mm512_shuffle_f32x4(t[4 + j], t[12 + j], 0x88);
    r[12 + j] = _mm512_shuffle_f32x4(t[4 + j], t[12 + j], 0xDD);
  }
}

TG_INLINE void transpose8(__m512d r[8]) {
  __m512d t[8];
  TG_UNROLL for (int i = 0; i < 4; i++) {
    t[2 * i] = _mm512_unpacklo_pd(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_pd(r[2 * i], r[2 * i + 1]);
  }
  // t[2i]: rows 2i, 2i+1 at column 2l of lane l; t[2i+1]: column 2l+1
  TG_UNROLL for (int o = 0; o < 2; o++) {
    r[o] = _mm512_shuffle_f64x2(t[o], t[2 + o], 0x88);      // rows 0-3, columns 0+o, 4+o
    r[2 + o] = _mm512_shuffle_f64x2(t[o], t[2 + o], 0xDD);  // rows 0-3, columns 2+o, 6+o
    r[4 + o] = _mm512_shuffle_f64x2(t[4 + o], t[6 + o], 0x88);
    r[6 + o] = _mm512_shuffle_f64x2(t[4 + o], t[6 + o], 0xDD);
  }
  TG_UNROLL for (int o = 0; o < 2; o++) {
    t[o] = _mm512_shuffle_f64x2(r[o], r[4 + o], 0x88);          // column o
    t[4 + o] = _mm512_shuffle_f64x2(r[o], r[4 + o], 0xDD);      // column 4+o
    t[2 + o] = _mm512_shuffle_f64x2(r[2 + o], r[6 + o], 0x88);  // column 2+o
    t[6 + o] = _mm512_shuffle_f64x2(r[2 + o], r[6 + o], 0xDD);  // column 6+o
  }
  TG_UNROLL for (int i = 0; i < 8; i++) r[i] = t[i];
}

// dst[p*R + r] = src[r*ld + p] for r < rows, p < kc; zeros for rows <= r < R. 32-bit elements.
inline void transpose_pack32(const float* src, int64_t ld, int64_t rows, int64_t kc, float* dst, int R) {
  for (int r0 = 0; r0 < R; r0 += 16) {
    const int64_t nrow = std::min<int64_t>(std::max<int64_t>(rows - r0, 0), 16);
    const __mmask16 smask = static_cast<__mmask16>((1u << std::min(16, R - r0)) - 1);
    for (int64_t p0 = 0; p0 < kc; p0 += 16) {
      const int np = static_cast<int>(std::min<int64_t>(16, kc - p0));
      const __mmask16 lmask = static_cast<__mmask16>((1u << np) - 1);
      __m512 x[16];
      TG_UNROLL for (int i = 0; i < 16; i++) x[i] = i < nrow ? _mm512_maskz_loadu_ps(lmask, src + (r0 + i) * ld + p0) : _mm512_setzero_ps();
      transpose16(x);
      for (int i = 0; i < np; i++) _mm512_mask_storeu_ps(dst + (p0 + i) * R + r0, smask, x[i]);
    }
  }
}

inline void transpose_pack64(const double* src, int64_t ld, int64_t rows, int64_t kc, double* dst, int R) {
  for (int r0 = 0; r0 < R; r0 += 8) {
    const int64_t nrow = std::min<int64_t>(std::max<int64_t>(rows - r0, 0), 8);
    const __mmask8 smask = static_cast<__mmask8>((1u << std::min(8, R - r0)) - 1);
    for (int64_t p0 = 0; p0 < kc; p0 += 8) {
      const int np = static_cast<int>(std::min<int64_t>(8, kc - p0));
      const __mmask8 lmask = static_cast<__mmask8>((1u << np) - 1);
      __m512d x[8];
      TG_UNROLL for (int i = 0; i < 8; i++) x[i] = i < nrow ? _mm512_maskz_loadu_pd(lmask, src + (r0 + i) * ld + p0) : _mm512_setzero_pd();
      transpose8(x);
      for (int i = 0; i < np; i++) _mm512_mask_storeu_pd(dst + (p0 + i) * R + r0, smask, x[i]);
    }
  }
}

struct F32 {
  using T = float;
  using reg = __m512;
  static constexpr int W = 16;
  static TG_INLINE reg zero() { return _mm512_setzero_ps(); }
  static TG_INLINE reg load(const T* p) { return _mm512_loadu_ps(p); }
  static TG_INLINE reg load_n(const T* p, int n) { return _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << n) - 1), p); }
  static TG_INLINE reg bcast(const T* p) { return _mm512_set1_ps(*p); }
  static TG_INLINE reg fma(reg a, reg b, reg c) { return _mm512_fmadd_ps(a, b, c); }
  static TG_INLINE reg add(reg a, reg b) { return _mm512_add_ps(a, b); }
  static TG_INLINE void store(T* p, reg v) { _mm512_storeu_ps(p, v); }
  static TG_INLINE void store_n(T* p, reg v, int n) { _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), v); }
  static bool transpose_pack(const T* s, int64_t ld, int64_t rows, int64_t kc, T* d, int R) {
    transpose_pack32(s, ld, rows, kc, d, R);
    return true;
  }
};

struct F64 {
  using T = double;
  using reg = __m512d;
  static constexpr int W = 8;
  static TG_INLINE reg zero() { return _mm512_setzero_pd(); }
  static TG_INLINE reg load(const T* p) { return _mm512_loadu_pd(p); }
  static TG_INLINE reg load_n(const T* p, int n) { return _mm512_maskz_loadu_pd(static_cast<__mmask8>((1u << n) - 1), p); }
  static TG_INLINE reg bcast(const T* p) { return _mm512_set1_pd(*p); }
  static TG_INLINE reg fma(reg a, reg b, reg c) { return _mm512_fmadd_pd(a, b, c); }
  static TG_INLINE reg add(reg a, reg b) { return _mm512_add_pd(a, b); }
  static TG_INLINE void store(T* p, reg v) { _mm512_storeu_pd(p, v); }
  static TG_INLINE void store_n(T* p, reg v, int n) { _mm512_mask_storeu_pd(p, static_cast<__mmask8>((1u << n) - 1), v); }
  static bool transpose_pack(const T* s, int64_t ld, int64_t rows, int64_t kc, T* d, int R) {
    transpose_pack64(s, ld, rows, kc, d, R);
    return true;
  }
};

struct I32 {
  using T = int32_t;
  using reg = __m512i;
  static constexpr int W = 16;
  static TG_INLINE reg zero() { return _mm512_setzero_si512(); }
  static TG_INLINE reg load(const T* p) { return _mm512_loadu_si512(p); }
  static TG_INLINE reg load_n(const T* p, int n) { return _mm512_maskz_loadu_epi32(static_cast<__mmask16>((1u << n) - 1), p); }
  static TG_INLINE reg bcast(const T* p) { return _mm512_set1_epi32(*p); }
  static TG_INLINE reg fma(reg a, reg b, reg c) { return _mm512_add_epi32(_mm512_mullo_epi32(a, b), c); }
  static TG_INLINE reg add(reg a, reg b) { return _mm512_add_epi32(a, b); }
  static TG_INLINE void store(T* p, reg v) { _mm512_storeu_si512(p, v); }
  static TG_INLINE void store_n(T* p, reg v, int n) { _mm512_mask_storeu_epi32(p, static_cast<__mmask16>((1u << n) - 1), v); }
  static bool transpose_pack(const T* s, int64_t ld, int64_t rows, int64_t kc, T* d, int R) {
    // 32-bit lanes move as bit patterns
    transpose_pack32(reinterpret_cast<const float*>(s), ld, rows, kc, reinterpret_cast<float*>(d), R);
    return true;
  }
};

}  // namespace avx512

GemmKernel gemm_kernel_avx512(DType dt) {
  switch (dt) {
    case DType::kF64: return avx512::Gemm<avx512::F64, 14, 2, 256, 280, 2048, true, 16, 0, 6, 4>::kernel();
    case DType::kI32: return avx512::Gemm<avx512::I32, 14, 2, 256, 280, 2048, true>::kernel();
    default: return avx512::Gemm<avx512::F32, 14, 2, 256, 280, 4096, true, 16, 0, 6, 4>::kernel();
  }
}

double fma_probe_avx512(int64_t iters) {
  __m512 acc[24];
  for (int i = 0; i < 24; i++) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-6f);
  for (int64_t it = 0; it < iters; it++) {
    TG_UNROLL for (int i = 0; i < 24; i++) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
  }
  __m512 s = acc[0];
  for (int i = 1; i < 24; i++) s = _mm512_add_ps(s, acc[i]);
  alignas(64) float out[16];
  _mm512_store_ps(out, s);
  volatile float sink = out[0];
  (void)sink;
  return static_cast<double>(iters) * 24 * 16 * 2;
}

}  // namespace tg

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#else  // not x86-64: never selected
namespace tg {
GemmKernel gemm_kernel_avx512(DType) { return GemmKernel{0, 0, nullptr}; }
double fma_probe_avx512(int64_t) { return 0; }
}  // namespace tg
#endif
