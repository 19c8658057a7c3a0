// The elementwise engine over one SIMD width, written once with GCC/Clang vector extensions and
// compiled per ISA: elementwise_{scalar,avx2,avx512}.cc define TG_ISA_NS and TG_EW_VBYTES (16,
// 32 or 64 bytes), raise their target with pragmas, and include this file. Contraction of a*b+c
// into FMA is off in those files (#pragma GCC optimize("fp-contract=off")): every op rounds as
// written, the same in a fused program as alone; the math functions use FMA explicitly.
//
// Vector math (float32 / float64; measured max error against the reference's JS Math, see
// test/native/elementwise.test.ts, in ulp of the output dtype, avx512 / avx2 / scalar paths):
//   exp: range reduction n = round(x/ln2), r = x - n*ln2 (Cody-Waite), Taylor to r^7 (f32) /
//        r^13 (f64), scaled by 2^n in two steps (denormal results are rounded once).
//   expm1: same reduction, expm1(r) by Taylor, 2^n*expm1(r) + (2^n - 1) (exp(x) above 88 / 709).
//   log: x = m*2^e with m in [sqrt(1/2), sqrt(2)), s = f/(2+f), fdlibm's arrangement
//        f - (f^2/2 - s*(f^2/2 + R(s^2))) with R the atanh series.
//   log1p: u = 1+x, log(u) * x/(u-1) (exact correction of the rounding of 1+x).
//   tanh: e = expm1(2|x|), e/(e+2) with the sign of x; sigmoid: exp(-|x|) / (1 + exp(-|x|));
//   softplus: max(x,0) + log1p(exp(-|x|)), as the reference.
// Max ulp error measured against the reference (f32 / f64, the same on all three paths but
// tanh f64 3 on avx2): exp 1/1, expm1 1/2, log 1/1, log1p 2/2, tanh 2/4, sigmoid 2/2,
// softplus 2/3, elu 1/1, selu 2/2, pow 0/1 (libm pow per lane). Every other op is exact: float32
// Rsqrt, Softsign, SquaredDifference, EluGrad and SeluGrad are computed in double and rounded
// once, as the reference does. The gradient ops without a reference kernel here (SigmoidGrad,
// TanhGrad, SqrtGrad, RsqrtGrad, ReciprocalGrad, SoftplusGrad, SoftsignGrad) follow TF's
// cwise_ops_gradients.h, including its "dy == 0 gives 0" for the sqrt/rsqrt/reciprocal ones.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

#include "elementwise.h"
#include "thread_pool.h"

#ifndef TG_EW_INLINE
#if defined(__GNUC__)
#define TG_EW_INLINE inline __attribute__((always_inline))
#else
#define TG_EW_INLINE inline
#endif
#endif

namespace tg {
namespace TG_ISA_NS {
namespace {

constexpr int VB = TG_EW_VBYTES;
typedef float vf __attribute__((vector_size(VB)));
typedef double vd __attribute__((vector_size(VB)));
typedef int32_t vi32 __attribute__((vector_size(VB)));
typedef uint32_t vu32 __attribute__((vector_size(VB)));
typedef int64_t vi64 __attribute__((vector_size(VB)));

template <class T> struct VT;
template <> struct VT<float> {
  using V = vf;
  using I = vi32;
  static constexpr int W = VB / 4;
  static constexpr int kMant = 23, kBias = 127;
  static constexpr int64_t kExpMask = 0xff;
  static constexpr float kMagic = 12582912.0f;  // 1.5 * 2^23: x + kMagic rounds x to an integer
  static constexpr float kTwoMant = 8388608.0f;  // 2^23
};
template <> struct VT<double> {
  using V = vd;
  using I = vi64;
  static constexpr int W = VB / 8;
  static constexpr int kMant = 52, kBias = 1023;
  static constexpr int64_t kExpMask = 0x7ff;
  static constexpr double kMagic = 6755399441055744.0;  // 1.5 * 2^52
  static constexpr double kTwoMant = 4503599627370496.0;  // 2^52
};
template <> struct VT<int32_t> {
  using V = vi32;
  using I = vi32;
  static constexpr int W = VB / 4;
};

template <class V> TG_EW_INLINE V load(const void* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V> TG_EW_INLINE void store(void* p, V v) { std::memcpy(p, &v, sizeof v); }
template <class V, class S> TG_EW_INLINE V splat(S s) { return V{} + s; }

// ---- per-ISA primitives ----------------------------------------------------------------------
TG_EW_INLINE vf vsqrt(vf x) {
#if TG_EW_VBYTES == 64
  return (vf)_mm512_sqrt_ps((__m512)x);
#elif TG_EW_VBYTES == 32
  return (vf)_mm256_sqrt_ps((__m256)x);
#elif defined(__SSE2__)
  return (vf)_mm_sqrt_ps((__m128)x);
#else
  vf r{};
  for (int i = 0; i < VT<float>::W; i++) r[i] = std::sqrt(x[i]);
  return r;
#endif
}
TG_EW_INLINE vd vsqrt(vd x) {
#if TG_EW_VBYTES == 64
  return (vd)_mm512_sqrt_pd((__m512d)x);
#elif TG_EW_VBYTES == 32
  return (vd)_mm256_sqrt_pd((__m256d)x);
#elif defined(__SSE2__)
  return (vd)_mm_sqrt_pd((__m128d)x);
#else
  vd r;
  for (int i = 0; i < VT<double>::W; i++) r[i] = std::sqrt(x[i]);
  return r;
#endif
}
// a*b + c, fused where the ISA has FMA
TG_EW_INLINE vf vfma(vf a, vf b, vf c) {
#if TG_EW_VBYTES == 64
  return (vf)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
#elif TG_EW_VBYTES == 32
  return (vf)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
#else
  return a * b + c;
#endif
}
TG_EW_INLINE vd vfma(vd a, vd b, vd c) {
#if TG_EW_VBYTES == 64
  return (vd)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c);
#elif TG_EW_VBYTES == 32
  return (vd)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c);
#else
  return a * b + c;
#endif
}

// float32 ops the reference computes in double and rounds once: computing them the same way
// gives its results exactly (f(a, b) on the lanes widened to double).
typedef float vfh __attribute__((vector_size(VB / 2)));  // half a vf: as many lanes as a vd
template <class F> TG_EW_INLINE vf via_double(vf a, vf b, const F& f) {
  vfh h[4];
  std::memcpy(&h[0], &a, sizeof a);
  std::memcpy(&h[2], &b, sizeof b);
  const vd rlo = f(__builtin_convertvector(h[0], vd), __builtin_convertvector(h[2], vd));
  const vd rhi = f(__builtin_convertvector(h[1], vd), __builtin_convertvector(h[3], vd));
  h[0] = __builtin_convertvector(rlo, vfh);
  h[1] = __builtin_convertvector(rhi, vfh);
  vf r;
  std::memcpy(&r, &h[0], sizeof r);
  return r;
}

// ---- bit helpers -----------------------------------------------------------------------------
template <class T> TG_EW_INLINE typename VT<T>::I sign_mask() {
  using I = typename VT<T>::I;
  using L = typename std::remove_reference<decltype(I{}[0])>::type;
  return splat<I>(static_cast<L>(L(1) << (8 * sizeof(L) - 1)));
}
template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vabs(V x) {
  using I = typename VT<T>::I;
  return (V)((I)x & ~sign_mask<T>());
}
template <class T, class V = typename VT<T>::V> TG_EW_INLINE V copysign_(V mag, V sgn) {
  using I = typename VT<T>::I;
  return (V)(((I)mag & ~sign_mask<T>()) | ((I)sgn & sign_mask<T>()));
}
template <class V> TG_EW_INLINE bool any(decltype(V{} < V{}) m) {
  bool r = false;
  for (unsigned i = 0; i < sizeof(V) / sizeof(m[0]); i++) r |= m[i] != 0;
  return r;
}
// 2^n for integer n in the normal exponent range (n held in the lanes of I)
template <class T> TG_EW_INLINE typename VT<T>::V pow2i(typename VT<T>::I n) {
  using V = typename VT<T>::V;
  return (V)((n + static_cast<typename std::remove_reference<decltype(n[0])>::type>(VT<T>::kBias)) << VT<T>::kMant);
}
// round half to even (the default rounding mode), keeping -0, NaN and large values
template <class T, class V = typename VT<T>::V> TG_EW_INLINE V round_even(V x) {
  const V ax = vabs<T>(x);
  const V c = splat<V>(VT<T>::kTwoMant);
  const V r = copysign_<T>((ax + c) - c, x);
  return ax < c ? r : x;
}

// ---- exp family ------------------------------------------------------------------------------
template <class T> struct ExpC;
template <> struct ExpC<float> {
  static constexpr float lo = -104.0f, hi = 89.0f;
  static constexpr float log2e = 1.44269504088896341f;
  static constexpr float ln2hi = 0.693145751953125f, ln2lo = 1.42860682030941723212e-6f;
  static constexpr int deg = 7;
  static constexpr float m1hi = 88.0f, m1lo = -30.0f, tiny = 2.9802322e-08f;  // 2^-25
  static constexpr float tanh_clamp = 9.5f;
};
template <> struct ExpC<double> {
  static constexpr double lo = -746.0, hi = 710.0;
  static constexpr double log2e = 1.4426950408889634074;
  static constexpr double ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
  static constexpr int deg = 13;
  static constexpr double m1hi = 709.0, m1lo = -60.0, tiny = 5.551115123125783e-17;  // 2^-54
  static constexpr double tanh_clamp = 20.0;
};
// 1/k! for k = 0..14
constexpr double kInvFact[15] = {1.0, 1.0, 0.5, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
                                 1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
                                 1.0 / 87178291200.0};

// n = round(x / ln2) (as value and as integer lanes) and r = x - n*ln2; x within ExpC's range.
template <class T, class V = typename VT<T>::V, class I = typename VT<T>::I>
TG_EW_INLINE void exp_reduce(V x, V* n, I* ni, V* r) {
  const V magic = splat<V>(VT<T>::kMagic);
  const V t = x * splat<V>(ExpC<T>::log2e) + magic;
  *n = t - magic;
  *ni = (I)t - (I)magic;
  V rr = x - *n * splat<V>(ExpC<T>::ln2hi);  // exact: ln2hi has trailing zeros
  *r = rr - *n * splat<V>(ExpC<T>::ln2lo);
}

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vexp(V x) {
  using I = typename VT<T>::I;
  V xc = x > splat<V>(ExpC<T>::hi) ? splat<V>(ExpC<T>::hi) : x;
  xc = xc < splat<V>(ExpC<T>::lo) ? splat<V>(ExpC<T>::lo) : xc;
  xc = xc == xc ? xc : splat<V>(T(0));
  V n, r;
  I ni;
  exp_reduce<T>(xc, &n, &ni, &r);
  V p = splat<V>(T(kInvFact[ExpC<T>::deg]));
  for (int k = ExpC<T>::deg - 1; k >= 0; k--) p = vfma(p, r, splat<V>(T(kInvFact[k])));
  const I n1 = ni >> 1, n2 = ni - n1;
  const V res = (p * pow2i<T>(n1)) * pow2i<T>(n2);
  return x == x ? res : x;
}

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vexpm1(V x) {
  using I = typename VT<T>::I;
  V xc = x > splat<V>(ExpC<T>::m1hi) ? splat<V>(ExpC<T>::m1hi) : x;
  xc = xc < splat<V>(ExpC<T>::m1lo) ? splat<V>(ExpC<T>::m1lo) : xc;
  xc = xc == xc ? xc : splat<V>(T(0));
  V n, r;
  I ni;
  exp_reduce<T>(xc, &n, &ni, &r);
  const int deg = ExpC<T>::deg + 1;
  V q = splat<V>(T(kInvFact[deg]));
  for (int k = deg - 1; k >= 2; k--) q = vfma(q, r, splat<V>(T(kInvFact[k])));
  const V pm = vfma(r * r, q, r);  // expm1(r)
  const V s = pow2i<T>(ni);
  V res = n == splat<V>(T(0)) ? pm : vfma(pm, s, s - splat<V>(T(1)));
  const auto big = x > splat<V>(ExpC<T>::m1hi);
  if (any<V>(big)) res = big ? vexp<T>(x) : res;
  res = vabs<T>(x) < splat<V>(ExpC<T>::tiny) ? x : res;
  return x == x ? res : x;
}

// ---- log family ------------------------------------------------------------------------------
template <class T> struct LogC;
template <> struct LogC<float> {
  static constexpr int terms = 5;
  static constexpr float min_normal = 1.17549435e-38f, scale_up = 8388608.0f;  // 2^23
  static constexpr float sqrt2 = 1.41421356237309504880f;
};
template <> struct LogC<double> {
  static constexpr int terms = 11;
  static constexpr double min_normal = 2.2250738585072014e-308, scale_up = 4503599627370496.0;  // 2^52
  static constexpr double sqrt2 = 1.41421356237309504880;
};

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vlog(V x) {
  using I = typename VT<T>::I;
  using L = typename std::remove_reference<decltype(I{}[0])>::type;
  const auto sub = x < splat<V>(LogC<T>::min_normal);
  const V xs = sub ? x * splat<V>(LogC<T>::scale_up) : x;
  const I ix = (I)xs;
  I e = ((ix >> VT<T>::kMant) & splat<I>(static_cast<L>(VT<T>::kExpMask))) - splat<I>(static_cast<L>(VT<T>::kBias));
  e = sub ? e - splat<I>(static_cast<L>(VT<T>::kMant)) : e;
  const L mant_mask = (L(1) << VT<T>::kMant) - 1;
  V m = (V)((ix & splat<I>(mant_mask)) | (I)splat<V>(T(1)));
  const auto hi = m > splat<V>(LogC<T>::sqrt2);
  m = hi ? m * splat<V>(T(0.5)) : m;
  e = hi ? e + splat<I>(L(1)) : e;
  const V ef = __builtin_convertvector(e, V);
  const V f = m - splat<V>(T(1));
  const V s = f / (splat<V>(T(2)) + f);
  const V z = s * s;
  // R = z * (2/3 + z*(2/5 + ...)): atanh series
  const int K = LogC<T>::terms;
  V R = splat<V>(T(2.0 / (2 * K + 1)));
  for (int k = K - 1; k >= 1; k--) R = vfma(R, z, splat<V>(T(2.0 / (2 * k + 1))));
  R = R * z;
  const V hfsq = splat<V>(T(0.5)) * f * f;
  const V res = ef * splat<V>(ExpC<T>::ln2hi) + (f - (hfsq - (s * (hfsq + R) + ef * splat<V>(ExpC<T>::ln2lo))));
  V out = res;
  out = x == splat<V>(T(0)) ? splat<V>(-INFINITY) : out;
  out = x == splat<V>(T(INFINITY)) ? x : out;
  out = x < splat<V>(T(0)) ? splat<V>(T(NAN)) : out;
  return x == x ? out : x;
}

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vlog1p(V x) {
  const V u = splat<V>(T(1)) + x;
  const V d = u - splat<V>(T(1));
  V r = vlog<T>(u) * (x / d);
  r = d == splat<V>(T(0)) ? x : r;
  r = x == splat<V>(T(INFINITY)) ? x : r;
  return x == x ? r : x;
}

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vtanh(V x) {
  V ax = vabs<T>(x);
  ax = ax > splat<V>(ExpC<T>::tanh_clamp) ? splat<V>(ExpC<T>::tanh_clamp) : ax;
  const V e = vexpm1<T>(ax + ax);
  return copysign_<T>(e / (e + splat<V>(T(2))), x);
}

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vsigmoid(V x) {
  const V e = vexp<T>(-vabs<T>(x));
  const V num = x >= splat<V>(T(0)) ? splat<V>(T(1)) : e;
  return num / (splat<V>(T(1)) + e);
}

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V vsoftplus(V x) {
  const V l = vlog1p<T>(vexp<T>(-vabs<T>(x)));
  return x > splat<V>(T(0)) ? x + l : l;
}

constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

// JS Math.pow's special cases over C's pow: NaN exponents give NaN, (+-1)^(+-Inf) is NaN.
TG_EW_INLINE double js_pow(double a, double b) {
  if (b != b) return NAN;
  if ((a == 1 || a == -1) && (b == INFINITY || b == -INFINITY)) return NAN;
  return std::pow(a, b);
}

// ---- ops -------------------------------------------------------------------------------------
template <class T, class V = typename VT<T>::V> TG_EW_INLINE V unary_f(int op, V x) {
  const V zero = splat<V>(T(0)), one = splat<V>(T(1));
  switch (op) {
    case kEwNeg: return -x;
    case kEwAbs: return vabs<T>(x);
    case kEwSquare: return x * x;
    case kEwSqrt: return vsqrt(x);
    case kEwRsqrt:
      if constexpr (std::is_same<T, float>::value) return via_double(x, x, [](vd a, vd) { return 1.0 / vsqrt(a); });
      else return one / vsqrt(x);
    case kEwReciprocal: return one / x;
    case kEwExp: return vexp<T>(x);
    case kEwExpm1: return vexpm1<T>(x);
    case kEwLog: return vlog<T>(x);
    case kEwLog1p: return vlog1p<T>(x);
    case kEwTanh: return vtanh<T>(x);
    case kEwSigmoid: return vsigmoid<T>(x);
    case kEwRelu: {
      const auto m = !(x <= zero);  // x > 0 or NaN
      return m ? x : zero;
    }
    case kEwRelu6: {
      const V r = !(x <= zero) ? x : zero;
      return r > splat<V>(T(6)) ? splat<V>(T(6)) : r;
    }
    case kEwElu: return x < zero ? vexpm1<T>(x) : x;
    case kEwSelu: return x < zero ? splat<V>(T(kSeluScale * kSeluAlpha)) * vexpm1<T>(x) : splat<V>(T(kSeluScale)) * x;
    case kEwSoftplus: return vsoftplus<T>(x);
    case kEwSoftsign:
      if constexpr (std::is_same<T, float>::value) return via_double(x, x, [](vd a, vd) { return a / (1.0 + (a < 0.0 ? -a : a)); });
      else return x / (one + vabs<T>(x));
    case kEwSign: return x > zero ? one : (x < zero ? -one : x);
    case kEwFloor: {
      const V r = round_even<T>(x);
      return copysign_<T>(r > x ? r - one : r, x);
    }
    case kEwCeil: {
      const V r = round_even<T>(x);
      return copysign_<T>(r < x ? r + one : r, x);
    }
    case kEwRound: return round_even<T>(x);
    default: return x;
  }
}

template <class T, class V = typename VT<T>::V> TG_EW_INLINE V binary_f(int op, V a, V b) {
  using I = typename VT<T>::I;
  (void)sizeof(I);
  const V zero = splat<V>(T(0)), one = splat<V>(T(1));
  switch (op) {
    case kEwAdd: return a + b;
    case kEwSub: return a - b;
    case kEwMul: return a * b;
    case kEwRealDiv: return a / b;
    case kEwMaximum: {
      V r = a > b ? a : b;
      r = a == b ? (V)((I)a & (I)b) : r;  // max(+0, -0) = +0
      return (a == a) & (b == b) ? r : a + b;
    }
    case kEwMinimum: {
      V r = a < b ? a : b;
      r = a == b ? (V)((I)a | (I)b) : r;  // min(+0, -0) = -0
      return (a == a) & (b == b) ? r : a + b;
    }
    case kEwSquaredDifference: {
      if constexpr (std::is_same<T, float>::value) return via_double(a, b, [](vd x, vd y) { return (x - y) * (x - y); });
      const V d = a - b;
      return d * d;
    }
    case kEwPow: {
      V r{};
      for (int i = 0; i < VT<T>::W; i++) r[i] = static_cast<T>(js_pow(static_cast<double>(a[i]), static_cast<double>(b[i])));
      return r;
    }
    case kEwReluGrad: return b > zero ? a : zero;
    case kEwRelu6Grad: return (b > zero) & (b < splat<V>(T(6))) ? a : zero;
    case kEwEluGrad:
      if constexpr (std::is_same<T, float>::value) return b < zero ? via_double(a, b, [](vd g, vd y) { return g * (y + 1.0); }) : a;
      else return b < zero ? a * (b + one) : a;
    case kEwSeluGrad:
      if constexpr (std::is_same<T, float>::value)
        return via_double(a, b, [](vd g, vd y) { return y < 0.0 ? g * (y + kSeluScale * kSeluAlpha) : g * kSeluScale; });
      else return b < zero ? a * (b + splat<V>(T(kSeluScale * kSeluAlpha))) : a * splat<V>(T(kSeluScale));
    // (y, dy) ops, as TF's cwise_ops_gradients.h
    case kEwSigmoidGrad: return (b * a) * (one - a);
    case kEwTanhGrad: return b * (one - a * a);
    case kEwSqrtGrad: return b == zero ? zero : (splat<V>(T(0.5)) * b) / a;
    case kEwRsqrtGrad: return b == zero ? zero : (splat<V>(T(-0.5)) * (b * a)) * (a * a);
    case kEwReciprocalGrad: return b == zero ? zero : (-b * a) * a;
    // (gradients, features)
    case kEwSoftplusGrad: return a / (vexp<T>(-b) + one);
    case kEwSoftsignGrad: {
      const V d = one + vabs<T>(b);
      return a / (d * d);
    }
    default: return a;
  }
}

// int32: wrapping arithmetic (as the reference's stores into an Int32Array)
TG_EW_INLINE vi32 unary_i(int op, vi32 x) {
  const vi32 zero = splat<vi32>(0);
  switch (op) {
    case kEwNeg: return (vi32)(splat<vu32>(0u) - (vu32)x);
    case kEwAbs: return x < zero ? (vi32)(splat<vu32>(0u) - (vu32)x) : x;
    case kEwSquare: {  // the reference squares in double, then wraps the (rounded) result
      vi32 r{};
      for (int i = 0; i < VT<int32_t>::W; i++) {
        const double d = static_cast<double>(x[i]) * static_cast<double>(x[i]);
        r[i] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(d)));
      }
      return r;
    }
    case kEwRelu: return x > zero ? x : zero;
    case kEwRelu6: {
      const vi32 r = x > zero ? x : zero;
      return r > splat<vi32>(6) ? splat<vi32>(6) : r;
    }
    case kEwSign: return x > zero ? splat<vi32>(1) : (x < zero ? splat<vi32>(-1) : zero);
    default: return x;  // Round
  }
}
TG_EW_INLINE vi32 binary_i(int op, vi32 a, vi32 b) {
  const vi32 zero = splat<vi32>(0);
  switch (op) {
    case kEwAdd: return (vi32)((vu32)a + (vu32)b);
    case kEwSub: return (vi32)((vu32)a - (vu32)b);
    case kEwMul: return (vi32)((vu32)a * (vu32)b);
    case kEwMaximum: return a > b ? a : b;
    case kEwMinimum: return a < b ? a : b;
    case kEwSquaredDifference: {
      const vu32 d = (vu32)a - (vu32)b;
      return (vi32)(d * d);
    }
    case kEwReluGrad: return b > zero ? a : zero;
    case kEwRelu6Grad: return (b > zero) & (b < splat<vi32>(6)) ? a : zero;
    default: return a;
  }
}

// One op over nv vectors. The switch is outside the loop: each case is its own loop.
template <class T>
void apply_op(int op, T* d, const T* a, const T* b, int64_t nv) {
  using V = typename VT<T>::V;
  constexpr int W = VT<T>::W;
  if constexpr (std::is_same<T, int32_t>::value) {
    if (ew_op_arity(op) == 1) {
#define TG_EW_CASE1(name, arity, i32)                                                                   \
  case kEw##name:                                                                                       \
    for (int64_t i = 0; i < nv; i++) store<V>(d + i * W, unary_i(kEw##name, load<V>(a + i * W))); \
    break;
      switch (op) {
        TG_EW_CASE1(Neg, 1, 1) TG_EW_CASE1(Abs, 1, 1) TG_EW_CASE1(Square, 1, 1) TG_EW_CASE1(Relu, 1, 1)
        TG_EW_CASE1(Relu6, 1, 1) TG_EW_CASE1(Sign, 1, 1) TG_EW_CASE1(Round, 1, 1)
        default: break;
      }
#undef TG_EW_CASE1
    } else {
#define TG_EW_CASE2(name, arity, i32)                                                                                 \
  case kEw##name:                                                                                                     \
    for (int64_t i = 0; i < nv; i++) store<V>(d + i * W, binary_i(kEw##name, load<V>(a + i * W), load<V>(b + i * W))); \
    break;
      switch (op) {
        TG_EW_CASE2(Add, 2, 1) TG_EW_CASE2(Sub, 2, 1) TG_EW_CASE2(Mul, 2, 1) TG_EW_CASE2(Maximum, 2, 1)
        TG_EW_CASE2(Minimum, 2, 1) TG_EW_CASE2(SquaredDifference, 2, 1) TG_EW_CASE2(ReluGrad, 2, 1)
        TG_EW_CASE2(Relu6Grad, 2, 1)
        default: break;
      }
#undef TG_EW_CASE2
    }
  } else {
#define TG_EW_CASE(name, arity, i32)                                                                              \
  case kEw##name:                                                                                                 \
    if (arity == 1)                                                                                               \
      for (int64_t i = 0; i < nv; i++) store<V>(d + i * W, unary_f<T>(kEw##name, load<V>(a + i * W)));          \
    else                                                                                                          \
      for (int64_t i = 0; i < nv; i++) store<V>(d + i * W, binary_f<T>(kEw##name, load<V>(a + i * W), load<V>(b + i * W))); \
    break;
    switch (op) {
      TG_EW_OPS(TG_EW_CASE)
      default: break;
    }
#undef TG_EW_CASE
  }
}

// Scratch memory of one thread (grown on demand, freed at thread exit).
struct Scratch {
  std::unique_ptr<char[]> mem;
  size_t cap = 0;
  char* get(size_t bytes) {
    if (bytes + 64 > cap) {
      mem.reset(new char[bytes + 64]);
      cap = bytes + 64;
    }
    const uintptr_t p = reinterpret_cast<uintptr_t>(mem.get());
    return reinterpret_cast<char*>((p + 63) & ~uintptr_t(63));
  }
};
thread_local Scratch scratch;

// Outputs this large (bytes) are written with non-temporal stores: they do not fit in the caches,
// and streaming them saves the read-for-ownership of every output line (a third of the memory
// traffic of a binary op).
constexpr size_t kStreamBytes = size_t(16) << 20;

// One vector from src to a VB-aligned dst, bypassing the caches.
TG_EW_INLINE void stream_vec(void* dst, const void* src) {
#if TG_EW_VBYTES == 64
  _mm512_stream_si512(static_cast<__m512i*>(dst), _mm512_loadu_si512(src));
#elif TG_EW_VBYTES == 32
  _mm256_stream_si256(static_cast<__m256i*>(dst), _mm256_loadu_si256(static_cast<const __m256i*>(src)));
#elif defined(__SSE2__)
  _mm_stream_si128(static_cast<__m128i*>(dst), _mm_loadu_si128(static_cast<const __m128i*>(src)));
#else
  std::memcpy(dst, src, VB);
#endif
}
TG_EW_INLINE void stream_fence() {
#if defined(__SSE2__) || TG_EW_VBYTES > 16
  _mm_sfence();
#else
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}
template <class T>
void stream_copy(T* d, const T* src, int64_t len) {
  constexpr int W = VT<T>::W;
  int64_t i = 0;
  while (i < len && reinterpret_cast<uintptr_t>(d + i) % VB != 0) {
    d[i] = src[i];
    i++;
  }
  for (; i + W <= len; i += W) stream_vec(d + i, src + i);
  for (; i < len; i++) d[i] = src[i];
}

// Copies elements [s, s+len) of a strided (broadcast) input into dst.
template <class T>
void gather(const T* src, const int64_t* stride, const EwLayout& L, int64_t s, int64_t len, T* dst) {
  const int r = L.rank;
  int64_t idx[kEwMaxRank];
  int64_t rem = s, off = 0;
  for (int d = r - 1; d >= 0; d--) {
    idx[d] = rem % L.dims[d];
    rem /= L.dims[d];
    off += idx[d] * stride[d];
  }
  const int64_t inner = L.dims[r - 1], st = stride[r - 1];
  int64_t pos = 0;
  while (pos < len) {
    const int64_t run = std::min(inner - idx[r - 1], len - pos);
    if (st == 1) std::memcpy(dst + pos, src + off, sizeof(T) * static_cast<size_t>(run));
    else if (st == 0) {
      const T v = src[off];
      for (int64_t i = 0; i < run; i++) dst[pos + i] = v;
    } else {
      for (int64_t i = 0; i < run; i++) dst[pos + i] = src[off + i * st];
    }
    pos += run;
    idx[r - 1] += run;
    off += run * st;
    if (idx[r - 1] == inner) {
      idx[r - 1] = 0;
      off -= inner * st;
      for (int d = r - 2; d >= 0; d--) {
        idx[d]++;
        off += stride[d];
        if (idx[d] < L.dims[d]) break;
        off -= L.dims[d] * stride[d];
        idx[d] = 0;
      }
    }
  }
}

template <class T>
void run_range(const EwTask& t, int64_t begin, int64_t end) {
  constexpr int W = VT<T>::W;
  constexpr int B = kEwBlock;
  const EwProgram& p = *t.p;
  const EwLayout& L = *t.L;
  const int ni = p.n_inputs;
  // scratch: one block per register, one per non-contiguous input, one for a partial tail
  int nscr = 0;
  int slot[kEwMaxInputs];
  for (int i = 0; i < ni; i++) slot[i] = -1;
  for (int i = 0; i < ni; i++) slot[i] = nscr++;  // every input may need one (a tail copy)
  const int reg0 = nscr;
  nscr += p.n_regs;
  T* scr = reinterpret_cast<T*>(scratch.get(sizeof(T) * static_cast<size_t>(nscr) * B));
  auto block_of = [&](int k) { return scr + static_cast<size_t>(k) * B; };
  const T* const* in = reinterpret_cast<const T* const*>(t.inputs);
  T* out = static_cast<T*>(t.out);
  for (int i = 0; i < ni; i++)
    if (L.access[i] == EwAccess::kScalar) {
      T* s = block_of(slot[i]);
      for (int j = 0; j < B; j++) s[j] = in[i][0];
    }
  const T* opnd[kEwMaxInputs + kEwMaxNodes];
  const int last = p.n_nodes - 1;
  const bool stream = static_cast<size_t>(L.n) * sizeof(T) >= kStreamBytes;
  for (int64_t s = begin; s < end; s += B) {
    const int64_t len = std::min<int64_t>(B, end - s);
    const bool full = len % W == 0;
    const int64_t nv = (len + W - 1) / W;
    for (int i = 0; i < ni; i++) {
      switch (L.access[i]) {
        case EwAccess::kScalar: opnd[i] = block_of(slot[i]); break;
        case EwAccess::kContiguous:
          if (full) opnd[i] = in[i] + s;
          else {
            T* d = block_of(slot[i]);
            std::memcpy(d, in[i] + s, sizeof(T) * static_cast<size_t>(len));
            std::memset(static_cast<void*>(d + len), 0, sizeof(T) * static_cast<size_t>(nv * W - len));
            opnd[i] = d;
          }
          break;
        default: {
          T* d = block_of(slot[i]);
          gather(in[i], L.strides[i], L, s, len, d);
          if (!full) std::memset(static_cast<void*>(d + len), 0, sizeof(T) * static_cast<size_t>(nv * W - len));
          opnd[i] = d;
        }
      }
    }
    for (int k = 0; k <= last; k++) {
      T* dst = k == last && full && !stream ? out + s : block_of(reg0 + p.reg[k]);
      const T* a = opnd[p.args[k][0]];
      const T* b = p.args[k][1] >= 0 ? opnd[p.args[k][1]] : a;
      apply_op<T>(p.op[k], dst, a, b, nv);
      opnd[ni + k] = dst;
    }
    if (stream) stream_copy(out + s, block_of(reg0 + p.reg[last]), len);
    else if (!full) std::memcpy(out + s, block_of(reg0 + p.reg[last]), sizeof(T) * static_cast<size_t>(len));
  }
  if (stream) stream_fence();
}

}  // namespace

void run_range_any(const EwTask& t, int64_t begin, int64_t end) {
  switch (t.dt) {
    case DType::kF64: run_range<double>(t, begin, end); break;
    case DType::kI32: run_range<int32_t>(t, begin, end); break;
    default: run_range<float>(t, begin, end); break;
  }
}

}  // namespace TG_ISA_NS
}  // namespace tg
