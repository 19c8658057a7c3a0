// 2-D pooling and its gradients (see pool.h). Each output pixel's window is scanned row by row
// with the channels innermost (contiguous in NHWC), which the compiler vectorises. Forward ops
// split the output rows over the thread pool; gradients scatter into overlapping windows, so
// each image is one task's.
#include "pool.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <type_traits>
#include <vector>

#include "thread_pool.h"

namespace tg {
namespace {

int resolve_threads(int threads) {
  if (threads <= 0) threads = default_threads();
  return std::max(1, std::min(threads, kMaxThreads));
}

// Per-thread scratch of doubles, grown on demand.
std::vector<double>& double_scratch(int which) {
  static thread_local std::vector<double> s[2];
  return s[which];
}
std::vector<int64_t>& index_scratch() {
  static thread_local std::vector<int64_t> s;
  return s;
}

struct Window {
  int64_t h0, h1, w0, w1;
  bool empty() const { return h0 >= h1 || w0 >= w1; }
  // as the reference computes it (an empty window's count can only come from an inconsistent
  // geometry, or explicit padding, which AvgPool does not take)
  int64_t count() const { return (h1 - h0) * (w1 - w0); }
};

inline Window window(const PoolGeom& g, int64_t oh, int64_t ow) {
  const int64_t hs = oh * g.stride_h - g.pad_top, ws = ow * g.stride_w - g.pad_left;
  return Window{std::max<int64_t>(hs, 0), std::min(hs + g.k_h, g.in_h), std::max<int64_t>(ws, 0), std::min(ws + g.k_w, g.in_w)};
}

// Single-thread estimate: ~0.25 ns per window element per channel, plus the output's traffic.
double pool_cost_ns(const PoolGeom& g) {
  const double outs = static_cast<double>(g.batch) * g.out_h * g.out_w * g.c;
  return outs * (0.25 * static_cast<double>(std::min(g.k_h, g.in_h)) * static_cast<double>(std::min(g.k_w, g.in_w)) + 1.0);
}

// Runs rows(n, oh) for every output row, split over the pool in contiguous groups.
template <class F>
void for_rows(const PoolGeom& g, int threads, const F& rows) {
  const int64_t total = g.batch * g.out_h;
  if (total == 0 || g.out_w == 0 || g.c == 0) return;
  threads = resolve_threads(threads);
  const int64_t groups = std::min<int64_t>(total, threads > 1 ? 4 * threads : 1);
  auto task = [&](int t) {
    const int64_t r0 = total * t / groups, r1 = total * (t + 1) / groups;
    for (int64_t r = r0; r < r1; r++) rows(r / g.out_h, r % g.out_h);
  };
  parallel_for(static_cast<int>(groups), threads, task, pool_cost_ns(g));
}

// Runs image(n) for every image, split over the pool in contiguous groups.
template <class F>
void for_images(const PoolGeom& g, int threads, double cost, const F& image) {
  if (g.batch == 0) return;
  threads = resolve_threads(threads);
  const int64_t groups = std::min<int64_t>(g.batch, threads > 1 ? 4 * threads : 1);
  auto task = [&](int t) {
    const int64_t n0 = g.batch * t / groups, n1 = g.batch * (t + 1) / groups;
    for (int64_t n = n0; n < n1; n++) image(n);
  };
  parallel_for(static_cast<int>(groups), threads, task, cost);
}

template <class T>
void max_pool_t(const T* x, T* y, const PoolGeom& g, int threads) {
  const int64_t C = g.c;
  for_rows(g, threads, [&](int64_t n, int64_t oh) {
    const T* img = x + n * g.in_h * g.in_w * C;
    for (int64_t ow = 0; ow < g.out_w; ow++) {
      T* out = y + ((n * g.out_h + oh) * g.out_w + ow) * C;
      const Window w = window(g, oh, ow);
      if (w.empty()) {
        std::fill(out, out + C, -std::numeric_limits<T>::infinity());
        continue;
      }
      const T* first = img + (w.h0 * g.in_w + w.w0) * C;
      std::copy(first, first + C, out);
      for (int64_t h = w.h0; h < w.h1; h++) {
        for (int64_t iw = (h == w.h0 ? w.w0 + 1 : w.w0); iw < w.w1; iw++) {
          const T* v = img + (h * g.in_w + iw) * C;
          for (int64_t c = 0; c < C; c++) out[c] = v[c] > out[c] ? v[c] : out[c];
        }
      }
    }
  });
}

template <class T>
void avg_pool_t(const T* x, T* y, const PoolGeom& g, int threads) {
  const int64_t C = g.c;
  for_rows(g, threads, [&](int64_t n, int64_t oh) {
    std::vector<double>& accv = double_scratch(0);
    if (accv.size() < static_cast<size_t>(C)) accv.resize(static_cast<size_t>(C));
    double* acc = accv.data();
    const T* img = x + n * g.in_h * g.in_w * C;
    for (int64_t ow = 0; ow < g.out_w; ow++) {
      T* out = y + ((n * g.out_h + oh) * g.out_w + ow) * C;
      const Window w = window(g, oh, ow);
      std::fill(acc, acc + C, 0.0);
      for (int64_t h = w.h0; h < w.h1; h++) {
        for (int64_t iw = w.w0; iw < w.w1; iw++) {
          const T* v = img + (h * g.in_w + iw) * C;
          for (int64_t c = 0; c < C; c++) acc[c] += static_cast<double>(v[c]);
        }
      }
      const double count = static_cast<double>(w.count());
      for (int64_t c = 0; c < C; c++) out[c] = static_cast<T>(acc[c] / count);
    }
  });
}

// dx of image n accumulated in `acc` (double; dx itself when T is double) in the reference's
// order (output pixels in order, channels inner), then stored.
template <class T, class F>
void grad_images(T* dx, const PoolGeom& g, int threads, double cost, const F& scatter) {
  const int64_t img = g.in_h * g.in_w * g.c;
  if (img == 0) return;
  for_images(g, threads, cost, [&](int64_t n) {
    T* out = dx + n * img;
    double* acc;
    if (std::is_same<T, double>::value) {
      acc = reinterpret_cast<double*>(out);
    } else {
      std::vector<double>& v = double_scratch(1);
      if (v.size() < static_cast<size_t>(img)) v.resize(static_cast<size_t>(img));
      acc = v.data();
    }
    std::fill(acc, acc + img, 0.0);
    scatter(n, acc);
    if (!std::is_same<T, double>::value)
      for (int64_t i = 0; i < img; i++) out[i] = static_cast<T>(acc[i]);
  });
}

// The argmax of each window and channel, scattered: acc[argmax] += dy, in output order.
template <class T, class A>
void max_pool_grad_image(const T* x, const T* dy, const PoolGeom& g, int64_t n, A* acc) {
  const int64_t C = g.c;
  if (C == 0) return;
  std::vector<int64_t>& idxv = index_scratch();
  if (idxv.size() < static_cast<size_t>(C)) idxv.resize(static_cast<size_t>(C));
  int64_t* idx = idxv.data();
  static thread_local std::vector<T> bestv;
  if (bestv.size() < static_cast<size_t>(C)) bestv.resize(static_cast<size_t>(C));
  T* best = bestv.data();
  const T* img = x + n * g.in_h * g.in_w * C;
  for (int64_t oh = 0; oh < g.out_h; oh++) {
    for (int64_t ow = 0; ow < g.out_w; ow++) {
      const T* d = dy + ((n * g.out_h + oh) * g.out_w + ow) * C;
      const Window w = window(g, oh, ow);
      if (w.empty()) continue;
      const int64_t f0 = (w.h0 * g.in_w + w.w0) * C;
      for (int64_t c = 0; c < C; c++) {
        idx[c] = f0 + c;
        best[c] = img[f0 + c];
      }
      for (int64_t h = w.h0; h < w.h1; h++) {
        for (int64_t iw = (h == w.h0 ? w.w0 + 1 : w.w0); iw < w.w1; iw++) {
          const int64_t base = (h * g.in_w + iw) * C;
          const T* v = img + base;
          for (int64_t c = 0; c < C; c++) {
            // only a strictly greater value replaces (a NaN never does); branch-free, as the
            // comparisons of random data would mispredict half the time
            const T e = v[c], b = best[c];
            const int64_t mask = -static_cast<int64_t>(e > b);
            best[c] = e > b ? e : b;
            idx[c] = (idx[c] & ~mask) | ((base + c) & mask);
          }
        }
      }
      for (int64_t c = 0; c < C; c++) acc[idx[c]] += static_cast<A>(d[c]);
    }
  }
}

template <class T>
void max_pool_grad_t(const T* x, const T* dy, T* dx, const PoolGeom& g, int threads) {
  const int64_t img = g.in_h * g.in_w * g.c;
  const double cost = pool_cost_ns(g) * 2 + static_cast<double>(g.batch) * img;
  // Disjoint windows (stride >= window): each dx element gets at most one dy, added to 0 —
  // exact in T, so no double accumulator is needed.
  if (g.stride_h >= g.k_h && g.stride_w >= g.k_w) {
    if (img == 0) return;
    for_images(g, threads, cost, [&](int64_t n) {
      T* out = dx + n * img;
      std::fill(out, out + img, T(0));
      max_pool_grad_image<T, T>(x, dy, g, n, out);
    });
    return;
  }
  grad_images(dx, g, threads, cost, [&](int64_t n, double* acc) { max_pool_grad_image<T, double>(x, dy, g, n, acc); });
}

template <class T>
void avg_pool_grad_t(const T* dy, T* dx, const PoolGeom& g, int threads) {
  const int64_t C = g.c;
  const double cost = pool_cost_ns(g) + static_cast<double>(g.batch) * g.in_h * g.in_w * C;
  grad_images(dx, g, threads, cost, [&](int64_t n, double* acc) {
    for (int64_t oh = 0; oh < g.out_h; oh++) {
      for (int64_t ow = 0; ow < g.out_w; ow++) {
        const T* d = dy + ((n * g.out_h + oh) * g.out_w + ow) * C;
        const Window w = window(g, oh, ow);
        const double count = static_cast<double>(w.count());
        for (int64_t h = w.h0; h < w.h1; h++) {
          for (int64_t iw = w.w0; iw < w.w1; iw++) {
            double* a = acc + (h * g.in_w + iw) * C;
            for (int64_t c = 0; c < C; c++) a[c] += static_cast<double>(d[c]) / count;
          }
        }
      }
    }
  });
}

}  // namespace

void max_pool(DType dt, const void* x, void* y, const PoolGeom& g, int threads) {
  if (dt == DType::kF64) max_pool_t(static_cast<const double*>(x), static_cast<double*>(y), g, threads);
  else max_pool_t(static_cast<const float*>(x), static_cast<float*>(y), g, threads);
}

void max_pool_grad(DType dt, const void* x, const void* dy, void* dx, const PoolGeom& g, int threads) {
  if (dt == DType::kF64) max_pool_grad_t(static_cast<const double*>(x), static_cast<const double*>(dy), static_cast<double*>(dx), g, threads);
  else max_pool_grad_t(static_cast<const float*>(x), static_cast<const float*>(dy), static_cast<float*>(dx), g, threads);
}

void avg_pool(DType dt, const void* x, void* y, const PoolGeom& g, int threads) {
  if (dt == DType::kF64) avg_pool_t(static_cast<const double*>(x), static_cast<double*>(y), g, threads);
  else avg_pool_t(static_cast<const float*>(x), static_cast<float*>(y), g, threads);
}

void avg_pool_grad(DType dt, const void* dy, void* dx, const PoolGeom& g, int threads) {
  if (dt == DType::kF64) avg_pool_grad_t(static_cast<const double*>(dy), static_cast<double*>(dx), g, threads);
  else avg_pool_grad_t(static_cast<const float*>(dy), static_cast<float*>(dx), g, threads);
}

}  // namespace tg
