// im2col / col2im over a range of output pixels (NHWC input, HWIO tap order), for conv.cc.
//   cols[r, (kh·fw + kw)·C + c] = x[n, oh·sh - pt + kh·dh, ow·sw - pl + kw·dw, c]   (0 outside)
// for the pixels p0 + r = (n·outH + oh)·outW + ow. col2im adds the same entries back into dx.
// Memory-bound copies: plain loops the compiler vectorises at the baseline ISA.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "conv.h"

#if defined(__GNUC__)
#define TG_IM2COL_RESTRICT __restrict__
#else
#define TG_IM2COL_RESTRICT
#endif

namespace tg {
namespace im2col_detail {

// Short spans (a few channels, or one filter row of a 1-channel image) are the common case:
// fixed-size chunks compile to inline vector moves, where a memcpy / memset call per span would
// cost more than the copy.
template <class T>
inline void copy_n(T* TG_IM2COL_RESTRICT dst, const T* TG_IM2COL_RESTRICT src, int64_t n) {
  if (n > 64) {
    std::memcpy(dst, src, sizeof(T) * static_cast<size_t>(n));
    return;
  }
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) std::memcpy(dst + i, src + i, 8 * sizeof(T));
  if (i + 4 <= n) {
    std::memcpy(dst + i, src + i, 4 * sizeof(T));
    i += 4;
  }
  if (i + 2 <= n) {
    std::memcpy(dst + i, src + i, 2 * sizeof(T));
    i += 2;
  }
  if (i < n) dst[i] = src[i];
}

template <class T>
inline void zero_n(T* dst, int64_t n) {
  if (n > 64) {
    std::memset(dst, 0, sizeof(T) * static_cast<size_t>(n));
    return;
  }
  const T z[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) std::memcpy(dst + i, z, 8 * sizeof(T));
  if (i + 4 <= n) {
    std::memcpy(dst + i, z, 4 * sizeof(T));
    i += 4;
  }
  if (i + 2 <= n) {
    std::memcpy(dst + i, z, 2 * sizeof(T));
    i += 2;
  }
  if (i < n) dst[i] = T(0);
}

// rows times: dst[i·ld + j] = src[i·step + j] for j < L.
template <int L, class T>
inline void copy_rows(T* TG_IM2COL_RESTRICT dst, int64_t ld, const T* TG_IM2COL_RESTRICT src, int64_t step, int64_t rows) {
  for (int64_t i = 0; i < rows; i++, dst += ld, src += step) {
    T v[L];
    std::memcpy(v, src, sizeof v);
    std::memcpy(dst, v, sizeof v);
  }
}

template <class T>
inline void add_n(T* TG_IM2COL_RESTRICT dst, const T* TG_IM2COL_RESTRICT src, int64_t n) {
  for (int64_t i = 0; i < n; i++) dst[i] += src[i];
}

}  // namespace im2col_detail

// The output pixels [p0, p1) in runs along one output row: run(n, oh, ow0, ow1, r0) where r0 is
// the run's first row in cols. Within a row, the pixels whose whole filter row lies inside the
// image (dil_w == 1) form the range [inner_lo, inner_hi) computed once per call.
template <class F>
inline void for_pixel_runs(const ConvGeom& g, int64_t p0, int64_t p1, const F& run) {
  const int64_t hw = g.out_h * g.out_w;
  int64_t p = p0;
  while (p < p1) {
    const int64_t n = p / hw, oh = (p % hw) / g.out_w, ow0 = p % g.out_w;
    const int64_t ow1 = std::min(g.out_w, ow0 + (p1 - p));
    run(n, oh, ow0, ow1, p - p0);
    p += ow1 - ow0;
  }
}

// Output columns ow whose taps iw = ow·sw - pl + kw (kw < f_w, dil_w == 1) are all inside [0, in_w):
// [lo, hi) (empty when dil_w != 1).
inline void inner_range(const ConvGeom& g, int64_t* lo, int64_t* hi) {
  *lo = *hi = 0;
  if (g.dil_w != 1 || g.f_w > g.in_w) return;
  // ow·sw >= pl  and  ow·sw - pl + f_w - 1 <= in_w - 1
  *lo = (g.pad_left + g.stride_w - 1) / g.stride_w;
  *hi = std::min(g.out_w, (g.in_w - g.f_w + g.pad_left) / g.stride_w + 1);
  if (*hi < *lo) *hi = *lo;
}

// Fills cols[(p - p0) * K + k] for p in [p0, p1), K = f_h·f_w·in_c.
template <class T>
void im2col(const T* x, const ConvGeom& g, int64_t p0, int64_t p1, T* cols) {
  using namespace im2col_detail;
  const int64_t C = g.in_c, K = g.f_h * g.f_w * C, row_span = g.f_w * C;
  int64_t lo, hi;
  inner_range(g, &lo, &hi);
  for_pixel_runs(g, p0, p1, [&](int64_t n, int64_t oh, int64_t ow0, int64_t ow1, int64_t r0) {
    const T* img = x + n * g.in_h * g.in_w * C;
    const int64_t ih0 = oh * g.stride_h - g.pad_top;
    for (int64_t kh = 0; kh < g.f_h; kh++) {
      const int64_t ih = ih0 + kh * g.dil_h;
      T* dst = cols + r0 * K + kh * row_span;
      if (ih < 0 || ih >= g.in_h) {
        for (int64_t ow = ow0; ow < ow1; ow++, dst += K) zero_n(dst, row_span);
        continue;
      }
      const T* src = img + ih * g.in_w * C;
      const int64_t a = std::max(ow0, std::min(lo, ow1)), b = std::max(a, std::min(hi, ow1));
      auto taps = [&](int64_t ow, T* d) {
        const int64_t iw0 = ow * g.stride_w - g.pad_left;
        for (int64_t kw = 0; kw < g.f_w; kw++) {
          const int64_t iw = iw0 + kw * g.dil_w;
          if (iw < 0 || iw >= g.in_w) zero_n(d + kw * C, C);
          else copy_n(d + kw * C, src + iw * C, C);
        }
      };
      int64_t ow = ow0;
      for (; ow < a; ow++, dst += K) taps(ow, dst);
      // the inner pixels: one contiguous span of x each
      const T* s = src + (a * g.stride_w - g.pad_left) * C;
      const int64_t step = g.stride_w * C;
      switch (row_span) {  // short spans at a compile-time length: a few inline moves per pixel
        case 1: copy_rows<1>(dst, K, s, step, b - ow); break;
        case 2: copy_rows<2>(dst, K, s, step, b - ow); break;
        case 3: copy_rows<3>(dst, K, s, step, b - ow); break;
        case 4: copy_rows<4>(dst, K, s, step, b - ow); break;
        case 5: copy_rows<5>(dst, K, s, step, b - ow); break;
        case 6: copy_rows<6>(dst, K, s, step, b - ow); break;
        case 7: copy_rows<7>(dst, K, s, step, b - ow); break;
        case 8: copy_rows<8>(dst, K, s, step, b - ow); break;
        default:
          for (int64_t i = ow; i < b; i++) copy_n(dst + (i - ow) * K, s + (i - ow) * step, row_span);
      }
      dst += (b - ow) * K;
      ow = b;
      for (; ow < ow1; ow++, dst += K) taps(ow, dst);
    }
  });
}

// dx[...] += cols[(p - p0) * K + k] for p in [p0, p1) (the transpose of im2col). dx is indexed
// like x; pixels of one image only touch that image's part of dx.
template <class T>
void col2im(const T* cols, const ConvGeom& g, int64_t p0, int64_t p1, T* dx) {
  using namespace im2col_detail;
  const int64_t C = g.in_c, K = g.f_h * g.f_w * C, row_span = g.f_w * C;
  int64_t lo, hi;
  inner_range(g, &lo, &hi);
  for_pixel_runs(g, p0, p1, [&](int64_t n, int64_t oh, int64_t ow0, int64_t ow1, int64_t r0) {
    T* img = dx + n * g.in_h * g.in_w * C;
    const int64_t ih0 = oh * g.stride_h - g.pad_top;
    for (int64_t kh = 0; kh < g.f_h; kh++) {
      const int64_t ih = ih0 + kh * g.dil_h;
      if (ih < 0 || ih >= g.in_h) continue;
      const T* src = cols + r0 * K + kh * row_span;
      T* dst = img + ih * g.in_w * C;
      const int64_t a = std::max(ow0, std::min(lo, ow1)), b = std::max(a, std::min(hi, ow1));
      auto taps = [&](int64_t ow, const T* s) {
        const int64_t iw0 = ow * g.stride_w - g.pad_left;
        for (int64_t kw = 0; kw < g.f_w; kw++) {
          const int64_t iw = iw0 + kw * g.dil_w;
          if (iw >= 0 && iw < g.in_w) add_n(dst + iw * C, s + kw * C, C);
        }
      };
      int64_t ow = ow0;
      for (; ow < a; ow++, src += K) taps(ow, src);
      // the inner pixels, one filter tap at a time: consecutive pixels' spans overlap in dx
      // (stride < f_w), and adding them pixel by pixel would reload values just stored
      const int64_t step = g.stride_w * C, rows = b - ow;
      for (int64_t kw = 0; kw < g.f_w; kw++) {
        T* d = dst + (a * g.stride_w - g.pad_left + kw) * C;
        const T* s = src + kw * C;
        if (C == 1) {
          for (int64_t i = 0; i < rows; i++) d[i * step] += s[i * K];
        } else {
          for (int64_t i = 0; i < rows; i++) add_n(d + i * step, s + i * K, C);
        }
      }
      src += (b - ow) * K;
      ow = b;
      for (; ow < ow1; ow++, src += K) taps(ow, src);
    }
  });
}

// ---- Transposed layout for single-channel inputs --------------------------------------------
// colsT[t · ld + (p - p0)] = x[n, ih, iw] (in_c == 1, tap t = kh·f_w + kw): each tap's values for
// a run of pixels along an output row are one contiguous (stride 1) or strided read of an input
// row, written contiguously — instead of f_h spans of f_w values per pixel.

// Output columns ow whose tap column iw = ow·sw + off lies in [0, in_w), clamped to [ow0, ow1).
// (Divisions only for strides above 1: this runs for every tap of every output row.)
inline void tap_range(const ConvGeom& g, int64_t off, int64_t ow0, int64_t ow1, int64_t* lo, int64_t* hi) {
  const int64_t sw = g.stride_w;
  const int64_t a = off >= 0 ? 0 : sw == 1 ? -off : (-off + sw - 1) / sw;
  const int64_t b = g.in_w - 1 - off < 0 ? 0 : sw == 1 ? g.in_w - off : (g.in_w - 1 - off) / sw + 1;
  *lo = std::min(std::max(a, ow0), ow1);
  *hi = std::max(*lo, std::min(b, ow1));
}

template <class T>
void im2col_t1(const T* x, const ConvGeom& g, int64_t p0, int64_t p1, T* colsT, int64_t ld) {
  for_pixel_runs(g, p0, p1, [&](int64_t n, int64_t oh, int64_t ow0, int64_t ow1, int64_t r0) {
    const T* img = x + n * g.in_h * g.in_w;
    const int64_t ih0 = oh * g.stride_h - g.pad_top;
    for (int64_t kh = 0; kh < g.f_h; kh++) {
      const int64_t ih = ih0 + kh * g.dil_h;
      const bool row_in = ih >= 0 && ih < g.in_h;
      for (int64_t kw = 0; kw < g.f_w; kw++) {
        T* dst = colsT + (kh * g.f_w + kw) * ld + r0 - ow0;  // indexed by ow
        if (!row_in) {
          im2col_detail::zero_n(dst + ow0, ow1 - ow0);
          continue;
        }
        const int64_t off = kw * g.dil_w - g.pad_left;
        int64_t lo, hi;
        tap_range(g, off, ow0, ow1, &lo, &hi);
        im2col_detail::zero_n(dst + ow0, lo - ow0);
        const T* src = img + ih * g.in_w + off;  // src[ow · sw] for ow in [lo, hi)
        if (g.stride_w == 1) {
          if (hi > lo) im2col_detail::copy_n(dst + lo, src + lo, hi - lo);
        } else {
          for (int64_t ow = lo; ow < hi; ow++) dst[ow] = src[ow * g.stride_w];
        }
        im2col_detail::zero_n(dst + hi, ow1 - hi);
      }
    }
  });
}

// dx[n, ih, iw] += colsT[t · ld + (p - p0)] (the transpose of im2col_t1).
template <class T>
void col2im_t1(const T* colsT, const ConvGeom& g, int64_t p0, int64_t p1, T* dx, int64_t ld) {
  for_pixel_runs(g, p0, p1, [&](int64_t n, int64_t oh, int64_t ow0, int64_t ow1, int64_t r0) {
    T* img = dx + n * g.in_h * g.in_w;
    const int64_t ih0 = oh * g.stride_h - g.pad_top;
    for (int64_t kh = 0; kh < g.f_h; kh++) {
      const int64_t ih = ih0 + kh * g.dil_h;
      if (ih < 0 || ih >= g.in_h) continue;
      for (int64_t kw = 0; kw < g.f_w; kw++) {
        const T* src = colsT + (kh * g.f_w + kw) * ld + r0 - ow0;
        const int64_t off = kw * g.dil_w - g.pad_left;
        int64_t lo, hi;
        tap_range(g, off, ow0, ow1, &lo, &hi);
        T* dst = img + ih * g.in_w + off;
        if (g.stride_w == 1) {
          for (int64_t ow = lo; ow < hi; ow++) dst[ow] += src[ow];
        } else {
          for (int64_t ow = lo; ow < hi; ow++) dst[ow * g.stride_w] += src[ow];
        }
      }
    }
  });
}

}  // namespace tg
