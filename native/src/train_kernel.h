// The optimizer update loops (train.h), written once over the element type T and compiled by
// train_scalar.cc (SSE2) and train_avx2.cc (AVX2 without FMA). Each step is one IEEE operation
// in T (sqrt and division are correctly rounded, as the reference's Math.fround of a double
// result is for float32), and contraction into FMA is switched off: the results are
// bit-identical to the reference kernels. 1 / sqrt is a division, never an approximate rsqrt.
#ifndef TG_ISA_NS
#error "define TG_ISA_NS before including train_kernel.h"
#endif

#include <cmath>
#include <cstdint>

#include "train.h"

#if defined(__clang__)
#pragma clang fp contract(off)
#endif

namespace tg {
namespace TG_ISA_NS {

#if defined(__GNUC__) && !defined(__clang__)
#define TGT_NOCONTRACT __attribute__((optimize("fp-contract=off")))
#else
#define TGT_NOCONTRACT
#endif

template <class T>
TGT_NOCONTRACT void gd(const TrainArgs& a, int64_t i0, int64_t i1) {
  T* v = static_cast<T*>(a.refs[0]);
  const T* g = static_cast<const T*>(a.grad);
  const T lr = static_cast<T>(a.scalars[0]);
  for (int64_t i = i0; i < i1; i++) {
    const T d = g[i] * lr;
    v[i] = v[i] - d;
  }
}

template <class T, bool kNesterov>
TGT_NOCONTRACT void momentum(const TrainArgs& a, int64_t i0, int64_t i1) {
  T* v = static_cast<T*>(a.refs[0]);
  T* acc = static_cast<T*>(a.refs[1]);
  const T* g = static_cast<const T*>(a.grad);
  const T lr = static_cast<T>(a.scalars[0]), mom = static_cast<T>(a.scalars[1]);
  for (int64_t i = i0; i < i1; i++) {
    const T gi = g[i];
    const T am = acc[i] * mom;
    const T ac = am + gi;
    acc[i] = ac;
    if (kNesterov) {
      const T gl = gi * lr;
      const T t1 = ac * mom;
      const T t2 = t1 * lr;
      const T u = gl + t2;
      v[i] = v[i] - u;
    } else {
      const T u = ac * lr;
      v[i] = v[i] - u;
    }
  }
}

template <class T, bool kUpdate>
TGT_NOCONTRACT void adagrad(const TrainArgs& a, int64_t i0, int64_t i1) {
  T* v = static_cast<T*>(a.refs[0]);
  T* acc = static_cast<T*>(a.refs[1]);
  const T* g = static_cast<const T*>(a.grad);
  const T lr = static_cast<T>(a.scalars[0]);
  for (int64_t i = i0; i < i1; i++) {
    const T gi = g[i];
    T ac = acc[i];
    if (kUpdate) {
      const T g2 = gi * gi;
      ac = ac + g2;
    }
    acc[i] = ac;
    const T gl = gi * lr;
    const T sq = std::sqrt(ac);
    const T rs = T(1) / sq;
    const T u = gl * rs;
    v[i] = v[i] - u;
  }
}

template <class T>
TGT_NOCONTRACT void adadelta(const TrainArgs& a, int64_t i0, int64_t i1) {
  T* v = static_cast<T*>(a.refs[0]);
  T* acc = static_cast<T*>(a.refs[1]);
  T* accu = static_cast<T*>(a.refs[2]);
  const T* g = static_cast<const T*>(a.grad);
  const T lr = static_cast<T>(a.scalars[0]), rho = static_cast<T>(a.scalars[1]), eps = static_cast<T>(a.scalars[2]);
  const T omr = T(1) - rho;
  for (int64_t i = i0; i < i1; i++) {
    const T gi = g[i];
    const T t1 = acc[i] * rho;
    const T g2 = gi * gi;
    const T t2 = g2 * omr;
    const T ac = t1 + t2;
    acc[i] = ac;
    const T au = accu[i];
    const T s1 = std::sqrt(au + eps);
    const T s2 = std::sqrt(ac + eps);
    const T r2 = T(1) / s2;
    const T q = s1 * r2;
    const T upd = q * gi;
    const T ul = upd * lr;
    v[i] = v[i] - ul;
    const T a1 = au * rho;
    const T u2 = upd * upd;
    const T a2 = u2 * omr;
    accu[i] = a1 + a2;
  }
}

template <class T>
TGT_NOCONTRACT void rmsprop(const TrainArgs& a, int64_t i0, int64_t i1) {
  T* v = static_cast<T*>(a.refs[0]);
  T* ms = static_cast<T*>(a.refs[1]);
  T* mom = static_cast<T*>(a.refs[2]);
  const T* g = static_cast<const T*>(a.grad);
  const T lr = static_cast<T>(a.scalars[0]), rho = static_cast<T>(a.scalars[1]), momentum = static_cast<T>(a.scalars[2]),
          eps = static_cast<T>(a.scalars[3]);
  const T omr = T(1) - rho;
  for (int64_t i = i0; i < i1; i++) {
    const T gi = g[i];
    const T msi = ms[i];
    const T g2 = gi * gi;
    const T d = g2 - msi;
    const T dd = d * omr;
    const T s = msi + dd;
    ms[i] = s;
    const T m1 = mom[i] * momentum;
    const T gl = gi * lr;
    const T sq = std::sqrt(s + eps);
    const T q = gl / sq;
    const T m = m1 + q;
    mom[i] = m;
    v[i] = v[i] - m;
  }
}

template <class T>
TGT_NOCONTRACT void centered_rmsprop(const TrainArgs& a, int64_t i0, int64_t i1) {
  T* v = static_cast<T*>(a.refs[0]);
  T* mg = static_cast<T*>(a.refs[1]);
  T* ms = static_cast<T*>(a.refs[2]);
  T* mom = static_cast<T*>(a.refs[3]);
  const T* g = static_cast<const T*>(a.grad);
  const T lr = static_cast<T>(a.scalars[0]), rho = static_cast<T>(a.scalars[1]), momentum = static_cast<T>(a.scalars[2]),
          eps = static_cast<T>(a.scalars[3]);
  const T omr = T(1) - rho;
  for (int64_t i = i0; i < i1; i++) {
    const T gi = g[i];
    const T msi = ms[i];
    const T g2 = gi * gi;
    const T d = g2 - msi;
    const T dd = d * omr;
    const T s = msi + dd;
    ms[i] = s;
    const T mgi = mg[i];
    const T e = gi - mgi;
    const T ee = e * omr;
    const T av = mgi + ee;
    mg[i] = av;
    const T a2 = av * av;
    const T sa = s - a2;
    const T denom = sa + eps;
    const T m1 = mom[i] * momentum;
    const T gl = gi * lr;
    const T sq = std::sqrt(denom);
    const T q = gl / sq;
    const T m = m1 + q;
    mom[i] = m;
    v[i] = v[i] - m;
  }
}

template <class T, bool kNesterov>
TGT_NOCONTRACT void adam(const TrainArgs& a, int64_t i0, int64_t i1) {
  T* v = static_cast<T*>(a.refs[0]);
  T* m = static_cast<T*>(a.refs[1]);
  T* s = static_cast<T*>(a.refs[2]);
  const T* g = static_cast<const T*>(a.grad);
  const T b1p = static_cast<T>(a.scalars[0]), b2p = static_cast<T>(a.scalars[1]), lr = static_cast<T>(a.scalars[2]),
          b1 = static_cast<T>(a.scalars[3]), b2 = static_cast<T>(a.scalars[4]), eps = static_cast<T>(a.scalars[5]);
  const T sb = std::sqrt(T(1) - b2p);
  const T al = lr * sb;
  const T alpha = al / (T(1) - b1p);
  const T omb1 = T(1) - b1, omb2 = T(1) - b2;
  for (int64_t i = i0; i < i1; i++) {
    const T gi = g[i];
    const T mi0 = m[i];
    const T d1 = gi - mi0;
    const T e1 = d1 * omb1;
    const T mi = mi0 + e1;
    m[i] = mi;
    const T si0 = s[i];
    const T g2 = gi * gi;
    const T d2 = g2 - si0;
    const T e2 = d2 * omb2;
    const T si = si0 + e2;
    s[i] = si;
    T num = mi;
    if (kNesterov) {
      const T n1 = gi * omb1;
      const T n2 = b1 * mi;
      num = n1 + n2;
    }
    const T na = num * alpha;
    const T den = std::sqrt(si) + eps;
    const T u = na / den;
    v[i] = v[i] - u;
  }
}

template <class T>
TrainFn pick(TrainOp op, bool flag) {
  switch (op) {
    case TrainOp::kGradientDescent: return gd<T>;
    case TrainOp::kMomentum: return flag ? momentum<T, true> : momentum<T, false>;
    case TrainOp::kAdagrad: return flag ? adagrad<T, true> : adagrad<T, false>;
    case TrainOp::kAdadelta: return adadelta<T>;
    case TrainOp::kRMSProp: return rmsprop<T>;
    case TrainOp::kCenteredRMSProp: return centered_rmsprop<T>;
    case TrainOp::kAdam: return flag ? adam<T, true> : adam<T, false>;
  }
  return nullptr;
}

}  // namespace TG_ISA_NS
}  // namespace tg
