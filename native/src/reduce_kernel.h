// The reduction, arg-reduction, softmax and bias loops, written once as plain loops over
// small fixed-size lane arrays that the compiler vectorises for the target of the including
// translation unit (reduce_avx512.cc, reduce_avx2.cc, reduce_scalar.cc), each inside its own
// namespace TG_ISA_NS. No intrinsics: the "traits" are the element type T, the accumulator
// type A and an Op struct (init / combine).
#ifndef TG_ISA_NS
#error "define TG_ISA_NS before including reduce_kernel.h"
#endif

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "reduce.h"

// Floating-point comparisons may be evaluated unconditionally (selects instead of branches) so
// that the clamps of exp_shifted vectorise on AVX2 too; values are unchanged (only FP exception
// flags, which nothing reads, could differ).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif

namespace tg {
namespace TG_ISA_NS {

#if defined(__GNUC__)
#define TGR_INLINE inline __attribute__((always_inline))
#define TGR_RESTRICT __restrict__
#else
#define TGR_INLINE inline
#define TGR_RESTRICT
#endif

constexpr int kLanes = 16;

// ---- reduction ops ------------------------------------------------------------------------

template <class A>
struct SumOp {
  static TGR_INLINE A init() { return A(0); }
  static TGR_INLINE A f(A a, A v) { return a + v; }
};
template <class A>
struct ProdOp {
  static TGR_INLINE A init() { return A(1); }
  static TGR_INLINE A f(A a, A v) { return a * v; }
};
// NaN wins and stays (v != v is false for integers).
template <class A>
struct MaxOp {
  static TGR_INLINE A init() {
    return std::numeric_limits<A>::has_infinity ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::lowest();
  }
  static TGR_INLINE A f(A a, A v) { return (v > a || v != v) ? v : a; }
};
template <class A>
struct MinOp {
  static TGR_INLINE A init() {
    return std::numeric_limits<A>::has_infinity ? std::numeric_limits<A>::infinity() : std::numeric_limits<A>::max();
  }
  static TGR_INLINE A f(A a, A v) { return (v < a || v != v) ? v : a; }
};

template <class T, class A, class Op>
void row_reduce(const void* xv, int64_t n, void* accv) {
  const T* TGR_RESTRICT x = static_cast<const T*>(xv);
  A l[kLanes];
  for (int j = 0; j < kLanes; j++) l[j] = Op::init();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; j++) l[j] = Op::f(l[j], static_cast<A>(x[i + j]));
  for (int j = 0; i < n; i++, j++) l[j] = Op::f(l[j], static_cast<A>(x[i]));
  for (int w = kLanes / 2; w >= 1; w /= 2)
    for (int j = 0; j < w; j++) l[j] = Op::f(l[j], l[j + w]);
  A* acc = static_cast<A*>(accv);
  *acc = Op::f(*acc, l[0]);
}

template <class T, class A, class Op>
void col_reduce(void* accv, const void* xv, int64_t n) {
  A* TGR_RESTRICT acc = static_cast<A*>(accv);
  const T* TGR_RESTRICT x = static_cast<const T*>(xv);
  for (int64_t j = 0; j < n; j++) acc[j] = Op::f(acc[j], static_cast<A>(x[j]));
}

// ---- arg reductions -------------------------------------------------------------------------

template <class T, bool kMin, class I>
void arg_reduce(const void* xv, void* outv, int64_t o0, int64_t o1, int64_t len, int64_t inner) {
  const T* x = static_cast<const T*>(xv);
  I* out = static_cast<I*>(outv);
  if (inner == 1) {
    for (int64_t o = o0; o < o1; o++) {
      const T* r = x + o * len;
      T best = r[0];
      int64_t bi = 0;
      for (int64_t k = 1; k < len; k++) {
        const T v = r[k];
        if (kMin ? v < best : v > best) {
          best = v;
          bi = k;
        }
      }
      out[o] = static_cast<I>(bi);
    }
    return;
  }
  constexpr int B = 64;
  T best[B];
  int64_t bi[B];
  for (int64_t o = o0; o < o1; o++) {
    for (int64_t i0 = 0; i0 < inner; i0 += B) {
      const int nb = static_cast<int>(inner - i0 < B ? inner - i0 : B);
      const T* r = x + o * len * inner + i0;
      for (int j = 0; j < nb; j++) {
        best[j] = r[j];
        bi[j] = 0;
      }
      for (int64_t k = 1; k < len; k++) {
        const T* rk = r + k * inner;
        for (int j = 0; j < nb; j++) {
          const T v = rk[j];
          const bool b = kMin ? v < best[j] : v > best[j];
          best[j] = b ? v : best[j];
          bi[j] = b ? k : bi[j];
        }
      }
      for (int j = 0; j < nb; j++) out[o * inner + i0 + j] = static_cast<I>(bi[j]);
    }
  }
}

// ---- exp ------------------------------------------------------------------------------------

// exp(x - m) for float32 x, m, in float only so that it vectorises: x - m is carried exactly
// as s + lo (TwoSum), reduced by n·ln2 in two parts (Cody-Waite) with lo added back, a degree-6
// polynomial on |r| <= ln2/2, scaled by 2^n through the exponent bits. Relative error <= 2 ulp
// over the normal range whatever |x - m|; results below FLT_MIN (x - m < -87.33) flush to 0,
// x - m > 88.72 gives inf, NaN stays NaN.
// (The elementwise family has its own vector exp; the two can be merged later.)
TGR_INLINE float exp_shifted(float x, float m) {
  const float s = x - m;
  const float bb = s - x;
  const float lo = (x - (s - bb)) + (-m - bb);  // s + lo == x - m exactly
  float sc = s < -88.0f ? -88.0f : s;
  sc = sc > 88.0f ? 88.0f : sc;
  const float n = (sc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;  // round to nearest
  float r = sc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  r = r + lo;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, 4);
  float res = y * scale;
  res = s < -87.33654475f ? 0.0f : res;
  res = s > 88.72283905f ? std::numeric_limits<float>::infinity() : res;
  return s != s ? s : res;
}

// ---- softmax family -------------------------------------------------------------------------

template <class T>
TGR_INLINE T row_max(const T* x, int64_t n) {
  // the reference's `if (x > max) max = x`: NaN never becomes the max
  T l[kLanes];
  for (int j = 0; j < kLanes; j++) l[j] = -std::numeric_limits<T>::infinity();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; j++) l[j] = x[i + j] > l[j] ? x[i + j] : l[j];
  for (int j = 0; i < n; i++, j++) l[j] = x[i] > l[j] ? x[i] : l[j];
  for (int w = kLanes / 2; w >= 1; w /= 2)
    for (int j = 0; j < w; j++) l[j] = l[j + w] > l[j] ? l[j + w] : l[j];
  return l[0];
}

// e[j] = exp(x[j] - m) (stored as T), returns their sum in double.
template <class T>
TGR_INLINE double exp_row(const T* TGR_RESTRICT x, T* TGR_RESTRICT e, int64_t n, T m) {
  double l[kLanes];
  for (int j = 0; j < kLanes; j++) l[j] = 0;
  int64_t i = 0;
  if constexpr (std::is_same<T, float>::value) {
    for (; i + kLanes <= n; i += kLanes)
      for (int j = 0; j < kLanes; j++) {
        const float v = exp_shifted(x[i + j], m);
        e[i + j] = v;
        l[j] += v;
      }
    if (i < n) {  // the tail as one padded block (exp(-inf - m) = 0)
      float xb[kLanes], eb[kLanes];
      const int nt = static_cast<int>(n - i);
      for (int j = 0; j < kLanes; j++) xb[j] = j < nt ? x[i + j] : -std::numeric_limits<float>::infinity();
      for (int j = 0; j < kLanes; j++) {
        const float v = exp_shifted(xb[j], m);
        eb[j] = v;
        l[j] += v;
      }
      for (int j = 0; j < nt; j++) e[i + j] = eb[j];
    }
  } else {
    for (int j = 0; i < n; i++, j = (j + 1) % kLanes) {
      const double v = std::exp(x[i] - m);
      e[i] = v;
      l[j] += v;
    }
  }
  for (int w = kLanes / 2; w >= 1; w /= 2)
    for (int j = 0; j < w; j++) l[j] += l[j + w];
  return l[0];
}

template <class T, bool kLog>
void softmax_rows(const void* xv, void* yv, int64_t r0, int64_t r1, int64_t depth) {
  for (int64_t r = r0; r < r1; r++) {
    const T* x = static_cast<const T*>(xv) + r * depth;
    T* y = static_cast<T*>(yv) + r * depth;
    const T m = row_max(x, depth);
    const double sum = exp_row(x, y, depth, m);
    if (kLog) {
      // (x - m) - lse, as the reference: x - m is exact in double for float32
      const double lse = std::log(sum), md = static_cast<double>(m);
      for (int64_t j = 0; j < depth; j++) y[j] = static_cast<T>((static_cast<double>(x[j]) - md) - lse);
    } else {
      const double inv = 1.0 / sum;
      for (int64_t j = 0; j < depth; j++) y[j] = static_cast<T>(static_cast<double>(y[j]) * inv);
    }
  }
}

template <class T>
void xent_rows(const void* lv, const void* yv, void* lossv, void* backv, int64_t b0, int64_t b1, int64_t lb, int64_t lc, int64_t yb,
               int64_t yc) {
  const int64_t depth = lc == 1 ? yc : lc;
  for (int64_t b = b0; b < b1; b++) {
    const T* lr = static_cast<const T*>(lv) + (lb == 1 ? 0 : b) * lc;
    const T* yr = static_cast<const T*>(yv) + (yb == 1 ? 0 : b) * yc;
    T* back = static_cast<T*>(backv) + b * depth;
    double lse;
    if (lc == 1) {  // logits broadcast along depth: a uniform softmax (NaN for a non-finite logit, as x - max is)
      const double nan_or_0 = std::isfinite(static_cast<double>(lr[0])) ? 0.0 : std::numeric_limits<double>::quiet_NaN();
      lse = std::log(static_cast<double>(depth)) + nan_or_0;
      // shifted = 0 everywhere
      double loss = 0;
      for (int64_t j = 0; j < depth; j++) {
        const double y = yr[yc == 1 ? 0 : j];
        loss += y * lse;
        back[j] = static_cast<T>(1.0 / static_cast<double>(depth) + nan_or_0 - y);
      }
      static_cast<T*>(lossv)[b] = static_cast<T>(loss);
      continue;
    }
    const T mt = row_max(lr, depth);
    const double m = mt;
    const double sum = exp_row(lr, back, depth, mt);
    lse = std::log(sum);
    const double inv = 1.0 / sum;
    double loss = 0;
    for (int64_t j = 0; j < depth; j++) {
      const double y = yr[yc == 1 ? 0 : j];
      loss += y * (lse - (static_cast<double>(lr[j]) - m));
      back[j] = static_cast<T>(static_cast<double>(back[j]) * inv - y);
    }
    static_cast<T*>(lossv)[b] = static_cast<T>(loss);
  }
}

template <class T, class L>
void sparse_xent_rows(const void* lv, const void* labv, void* lossv, void* backv, int64_t b0, int64_t b1, int64_t depth) {
  for (int64_t b = b0; b < b1; b++) {
    const T* lr = static_cast<const T*>(lv) + b * depth;
    T* back = static_cast<T*>(backv) + b * depth;
    const int64_t k = static_cast<int64_t>(static_cast<const L*>(labv)[b]);
    const T m = row_max(lr, depth);
    const double sum = exp_row(lr, back, depth, m);
    const double inv = 1.0 / sum;
    for (int64_t j = 0; j < depth; j++) back[j] = static_cast<T>(static_cast<double>(back[j]) * inv);
    back[k] = static_cast<T>(static_cast<double>(back[k]) - 1.0);
    static_cast<T*>(lossv)[b] = static_cast<T>(std::log(sum) - (static_cast<double>(lr[k]) - static_cast<double>(m)));
  }
}

// ---- bias -----------------------------------------------------------------------------------

template <class T>
void bias_add(const void* xv, const void* bv, void* yv, int64_t o0, int64_t o1, int64_t channels, int64_t inner) {
  const T* b = static_cast<const T*>(bv);
  for (int64_t o = o0; o < o1; o++) {
    const T* x = static_cast<const T*>(xv) + o * channels * inner;
    T* y = static_cast<T*>(yv) + o * channels * inner;  // may equal x (read before written)
    if (inner == 1) {
      for (int64_t c = 0; c < channels; c++) y[c] = x[c] + b[c];
    } else {
      for (int64_t c = 0; c < channels; c++) {
        const T bc = b[c];
        const T* xc = x + c * inner;
        T* yc = y + c * inner;
        for (int64_t i = 0; i < inner; i++) yc[i] = xc[i] + bc;
      }
    }
  }
}

// double accumulation (float32 as the reference: per (o, c) the inner sum, then over o)
template <class T>
void bias_grad(const void* dyv, void* dbv, int64_t outer, int64_t channels, int64_t inner, int64_t c0, int64_t c1) {
  const T* dy = static_cast<const T*>(dyv);
  T* db = static_cast<T*>(dbv);
  constexpr int64_t B = 256;
  double acc[B];
  for (int64_t cb = c0; cb < c1; cb += B) {
    const int64_t nb = c1 - cb < B ? c1 - cb : B;
    for (int64_t j = 0; j < nb; j++) acc[j] = 0;
    if (inner == 1) {
      for (int64_t o = 0; o < outer; o++) {
        const T* r = dy + o * channels + cb;
        for (int64_t j = 0; j < nb; j++) acc[j] += static_cast<double>(r[j]);
      }
    } else {
      for (int64_t o = 0; o < outer; o++)
        for (int64_t j = 0; j < nb; j++) {
          double s = 0;
          row_reduce<T, double, SumOp<double>>(dy + (o * channels + cb + j) * inner, inner, &s);
          acc[j] += s;
        }
    }
    for (int64_t j = 0; j < nb; j++) db[cb + j] = static_cast<T>(acc[j]);
  }
}

// ---- the table ------------------------------------------------------------------------------

inline ReduceKernels make_kernels() {
  ReduceKernels k{};
  // [dtype: f32, f64, i32][op: sum, mean, max, min, prod]
  k.row[0][0] = k.row[0][1] = row_reduce<float, double, SumOp<double>>;
  k.row[0][2] = row_reduce<float, float, MaxOp<float>>;
  k.row[0][3] = row_reduce<float, float, MinOp<float>>;
  k.row[0][4] = row_reduce<float, double, ProdOp<double>>;
  k.row[1][0] = k.row[1][1] = row_reduce<double, double, SumOp<double>>;
  k.row[1][2] = row_reduce<double, double, MaxOp<double>>;
  k.row[1][3] = row_reduce<double, double, MinOp<double>>;
  k.row[1][4] = row_reduce<double, double, ProdOp<double>>;
  k.row[2][0] = k.row[2][1] = row_reduce<int32_t, int64_t, SumOp<int64_t>>;
  k.row[2][2] = row_reduce<int32_t, int32_t, MaxOp<int32_t>>;
  k.row[2][3] = row_reduce<int32_t, int32_t, MinOp<int32_t>>;
  k.row[2][4] = row_reduce<int32_t, uint32_t, ProdOp<uint32_t>>;
  k.col[0][0] = k.col[0][1] = col_reduce<float, double, SumOp<double>>;
  k.col[0][2] = col_reduce<float, float, MaxOp<float>>;
  k.col[0][3] = col_reduce<float, float, MinOp<float>>;
  k.col[0][4] = col_reduce<float, double, ProdOp<double>>;
  k.col[1][0] = k.col[1][1] = col_reduce<double, double, SumOp<double>>;
  k.col[1][2] = col_reduce<double, double, MaxOp<double>>;
  k.col[1][3] = col_reduce<double, double, MinOp<double>>;
  k.col[1][4] = col_reduce<double, double, ProdOp<double>>;
  k.col[2][0] = k.col[2][1] = col_reduce<int32_t, int64_t, SumOp<int64_t>>;
  k.col[2][2] = col_reduce<int32_t, int32_t, MaxOp<int32_t>>;
  k.col[2][3] = col_reduce<int32_t, int32_t, MinOp<int32_t>>;
  k.col[2][4] = col_reduce<int32_t, uint32_t, ProdOp<uint32_t>>;
  k.arg[0][0][0] = arg_reduce<float, false, int32_t>;
  k.arg[0][0][1] = arg_reduce<float, false, int64_t>;
  k.arg[0][1][0] = arg_reduce<float, true, int32_t>;
  k.arg[0][1][1] = arg_reduce<float, true, int64_t>;
  k.arg[1][0][0] = arg_reduce<double, false, int32_t>;
  k.arg[1][0][1] = arg_reduce<double, false, int64_t>;
  k.arg[1][1][0] = arg_reduce<double, true, int32_t>;
  k.arg[1][1][1] = arg_reduce<double, true, int64_t>;
  k.arg[2][0][0] = arg_reduce<int32_t, false, int32_t>;
  k.arg[2][0][1] = arg_reduce<int32_t, false, int64_t>;
  k.arg[2][1][0] = arg_reduce<int32_t, true, int32_t>;
  k.arg[2][1][1] = arg_reduce<int32_t, true, int64_t>;
  k.softmax[0][0] = softmax_rows<float, false>;
  k.softmax[0][1] = softmax_rows<float, true>;
  k.softmax[1][0] = softmax_rows<double, false>;
  k.softmax[1][1] = softmax_rows<double, true>;
  k.xent[0] = xent_rows<float>;
  k.xent[1] = xent_rows<double>;
  k.sparse_xent[0][0] = sparse_xent_rows<float, int32_t>;
  k.sparse_xent[0][1] = sparse_xent_rows<float, int64_t>;
  k.sparse_xent[1][0] = sparse_xent_rows<double, int32_t>;
  k.sparse_xent[1][1] = sparse_xent_rows<double, int64_t>;
  k.bias_add[0] = bias_add<float>;
  k.bias_add[1] = bias_add<double>;
  k.bias_grad[0] = bias_grad<float>;
  k.bias_grad[1] = bias_grad<double>;
  return k;
}

}  // namespace TG_ISA_NS
}  // namespace tg
