// Conv2D and its backprops as tiled im2col + GEMM (see conv.h).
#include "conv.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "im2col.h"
#include "thread_pool.h"

namespace tg {
namespace {

// Bytes of im2col tile per task: the tile is written, then read right away by the GEMM, so it
// should stay in L2.
constexpr int64_t kTileBytes = 128 * 1024;
// Fewest pixel rows per tile worth a GEMM call (when K allows).
constexpr int64_t kMinTileRows = 32;

GemmKernel kernel_for(Isa isa, DType dt) {
  switch (isa) {
    case Isa::kAvx512: return gemm_kernel_avx512(dt);
    case Isa::kAvx2: return gemm_kernel_avx2(dt);
    default: return gemm_kernel_scalar(dt);
  }
}

// Per-thread scratch, 64-byte aligned, grown on demand and kept for the thread's life.
struct ConvScratch {
  void* p = nullptr;
  size_t bytes = 0;
  ConvScratch() = default;
  ConvScratch(const ConvScratch&) = delete;
  ConvScratch& operator=(const ConvScratch&) = delete;
  ~ConvScratch() { std::free(p); }
  template <class T>
  T* get(int64_t n) {
    const size_t need = (static_cast<size_t>(n) * sizeof(T) + 63) & ~size_t{63};
    if (need > bytes) {
      std::free(p);
      p = std::aligned_alloc(64, need ? need : 64);
      if (!p) std::abort();
      bytes = need;
    }
    return static_cast<T*>(p);
  }
};

ConvScratch& cols_scratch() {
  static thread_local ConvScratch s;
  return s;
}
ConvScratch& tmp_scratch() {
  static thread_local ConvScratch s;
  return s;
}

int resolve_threads(int threads) {
  if (threads <= 0) threads = default_threads();
  return std::max(1, std::min(threads, kMaxThreads));
}

double lanes(Isa isa, size_t es) { return (isa == Isa::kAvx512 ? 64.0 : isa == Isa::kAvx2 ? 32.0 : 16.0) / static_cast<double>(es); }

// Single-thread estimate: the GEMM at ~5 vector FMAs per ns and the im2col traffic at ~4 B/ns.
double conv_cost_ns(int64_t P, int64_t K, int64_t N, Isa isa, size_t es) {
  return static_cast<double>(P) * K * N / (lanes(isa, es) * 5.0) + static_cast<double>(P) * K * es / 4.0;
}

// Pixel rows per tile: the scratch budget, at least kMinTileRows, and small enough that the
// tiles give every thread a few tasks.
int64_t tile_rows(int64_t P, int64_t K, size_t es, int threads) {
  int64_t r = std::max<int64_t>(1, kTileBytes / std::max<int64_t>(1, K * static_cast<int64_t>(es)));
  if (threads > 1) r = std::min(r, std::max(kMinTileRows, (P + 4 * threads - 1) / (4 * threads)));
  return std::max<int64_t>(1, std::min(r, P));
}

// 1x1, stride 1, no padding: x is cols already.
bool is_pointwise(const ConvGeom& g) {
  return g.f_h == 1 && g.f_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 && g.pad_left == 0 &&
         g.out_h == g.in_h && g.out_w == g.in_w;
}

void plain_matmul(DType dt, const void* a, const void* b, void* c, int64_t m, int64_t n, int64_t k, bool ta, bool tb, int threads, Isa isa) {
  MatMulArgs args{dt, a, b, c, m, n, k, ta, tb, BatchLayout{}};
  matmul(args, threads, isa);
}

template <class T>
void conv2d_t(const T* x, const T* f, T* y, const ConvGeom& g, int threads, Isa isa) {
  const int64_t P = g.batch * g.out_h * g.out_w, K = g.f_h * g.f_w * g.in_c, N = g.out_c;
  const DType dt = sizeof(T) == 4 ? DType::kF32 : DType::kF64;
  if (P == 0 || N == 0) return;
  if (K == 0) {
    std::fill(y, y + P * N, T(0));
    return;
  }
  if (is_pointwise(g)) return plain_matmul(dt, x, f, y, P, N, K, false, false, threads, isa);
  threads = resolve_threads(threads);
  const GemmKernel kern = kernel_for(isa, dt);
  const int64_t R = tile_rows(P, K, sizeof(T), threads);
  const int64_t ntiles = (P + R - 1) / R;
  const bool single = g.in_c == 1;  // the transposed layout (im2col_t1)
  auto task = [&](int t) {
    const int64_t p0 = t * R, p1 = std::min(P, p0 + R), rows = p1 - p0;
    T* cols = cols_scratch().get<T>(R * K);
    if (single && N < 16) {
      // few output channels: yᵀ [N, rows] = Wᵀ · colsT keeps the GEMM's vectors full (y = cols · W
      // would fill N of 16 lanes), then a transpose into y
      im2col_t1(x, g, p0, p1, cols, rows);
      T* yt = tmp_scratch().get<T>(N * rows);
      GemmBlock b{f, cols, yt, N, rows, K, N, rows, rows, true, false};
      kern.run(b);
      T* out = y + p0 * N;
      for (int64_t r = 0; r < rows; r++)
        for (int64_t o = 0; o < N; o++) out[r * N + o] = yt[o * rows + r];
    } else if (single) {
      im2col_t1(x, g, p0, p1, cols, rows);
      GemmBlock b{cols, f, y + p0 * N, rows, N, K, rows, N, N, true, false};
      kern.run(b);
    } else {
      im2col(x, g, p0, p1, cols);
      GemmBlock b{cols, f, y + p0 * N, rows, N, K, K, N, N, false, false};
      kern.run(b);
    }
  };
  parallel_for(static_cast<int>(ntiles), threads, task, conv_cost_ns(P, K, N, isa, sizeof(T)));
}

template <class T>
void conv2d_backprop_filter_t(const T* x, const T* dy, T* df, const ConvGeom& g, int threads, Isa isa) {
  const int64_t P = g.batch * g.out_h * g.out_w, K = g.f_h * g.f_w * g.in_c, N = g.out_c;
  const DType dt = sizeof(T) == 4 ? DType::kF32 : DType::kF64;
  if (K == 0 || N == 0) return;
  if (P == 0) {
    std::fill(df, df + K * N, T(0));
    return;
  }
  if (is_pointwise(g)) return plain_matmul(dt, x, dy, df, K, N, P, true, false, threads, isa);
  threads = resolve_threads(threads);
  const GemmKernel kern = kernel_for(isa, dt);
  const int64_t R = tile_rows(P, K, sizeof(T), threads);
  const int64_t ntiles = (P + R - 1) / R;
  const double cost = conv_cost_ns(P, K, N, isa, sizeof(T)) + static_cast<double>(ntiles) * K * N;
  // Contiguous runs of tiles (chunks), each summed into its own partial dW; chunk 0's is df
  // itself, the others are summed into it in chunk order (so results do not depend on which
  // thread ran what). Partials are bounded to ~64 MiB.
  const int64_t kn = K * N;
  int64_t nchunks = std::min<int64_t>(ntiles, threads > 1 && cost >= kWakeCostNs ? 2 * threads : 1);
  nchunks = std::max<int64_t>(1, std::min<int64_t>(nchunks, 1 + (int64_t{64} << 20) / (kn * static_cast<int64_t>(sizeof(T)))));
  std::unique_ptr<T[]> partials(nchunks > 1 ? new T[static_cast<size_t>((nchunks - 1) * kn)] : nullptr);
  auto chunk = [&](int c) {
    T* acc = c == 0 ? df : partials.get() + (c - 1) * kn;
    const int64_t t0 = ntiles * c / nchunks, t1 = ntiles * (c + 1) / nchunks;
    T* cols = cols_scratch().get<T>(R * K);
    T* tmp = t1 - t0 > 1 ? tmp_scratch().get<T>(kn) : nullptr;
    for (int64_t t = t0; t < t1; t++) {
      const int64_t p0 = t * R, p1 = std::min(P, p0 + R), rows = p1 - p0;
      // the chunk's first tile writes acc, the others a temporary added to it
      T* out = t == t0 ? acc : tmp;
      if (g.in_c == 1) {  // colsT [K, rows]
        im2col_t1(x, g, p0, p1, cols, rows);
        GemmBlock b{cols, dy + p0 * N, out, K, N, rows, rows, N, N, false, false};
        kern.run(b);
      } else {
        im2col(x, g, p0, p1, cols);
        GemmBlock b{cols, dy + p0 * N, out, K, N, rows, K, N, N, true, false};
        kern.run(b);
      }
      if (t != t0)
        for (int64_t i = 0; i < kn; i++) acc[i] += tmp[i];
    }
  };
  parallel_for(static_cast<int>(nchunks), threads, chunk, cost);
  for (int64_t c = 1; c < nchunks; c++) {
    const T* part = partials.get() + (c - 1) * kn;
    for (int64_t i = 0; i < kn; i++) df[i] += part[i];
  }
}

template <class T>
void conv2d_backprop_input_t(const T* dy, const T* f, T* dx, const ConvGeom& g, int threads, Isa isa) {
  const int64_t P = g.batch * g.out_h * g.out_w, K = g.f_h * g.f_w * g.in_c, N = g.out_c;
  const int64_t img = g.in_h * g.in_w * g.in_c, hw = g.out_h * g.out_w;
  const DType dt = sizeof(T) == 4 ? DType::kF32 : DType::kF64;
  if (g.batch == 0 || img == 0) return;
  if (P == 0 || K == 0 || N == 0) {
    std::fill(dx, dx + g.batch * img, T(0));
    return;
  }
  if (is_pointwise(g)) return plain_matmul(dt, dy, f, dx, P, K, N, false, true, threads, isa);
  threads = resolve_threads(threads);
  const GemmKernel kern = kernel_for(isa, dt);
  const double cost = conv_cost_ns(P, K, N, isa, sizeof(T)) + static_cast<double>(g.batch) * img * sizeof(T) / 4.0;
  // col2im scatters into overlapping parts of one image, so an image is one task's; with fewer
  // images than threads, the tiles' GEMMs use the threads instead.
  // Wᵀ [N, K] once (K·N values): the tiles' products then read op(B) = Wᵀ in place, which the
  // GEMM does without packing when it is small.
  std::unique_ptr<T[]> wt(new T[static_cast<size_t>(K * N)]);
  for (int64_t k = 0; k < K; k++)
    for (int64_t o = 0; o < N; o++) wt[o * K + k] = f[k * N + o];
  const bool per_image = threads == 1 || g.batch >= threads || cost < kWakeCostNs;
  const int64_t R = tile_rows(hw, K, sizeof(T), per_image ? 1 : threads);
  auto image = [&](int64_t n, int gemm_threads) {
    T* out = dx + n * img;
    std::fill(out, out + img, T(0));
    T* cols = cols_scratch().get<T>(R * K);
    for (int64_t q0 = n * hw; q0 < (n + 1) * hw; q0 += R) {
      const int64_t q1 = std::min((n + 1) * hw, q0 + R), rows = q1 - q0;
      if (g.in_c == 1) {  // dcolsT [K, rows] = W · dyᵀ, then the transposed col2im
        if (gemm_threads == 1) {
          GemmBlock b{f, dy + q0 * N, cols, K, rows, N, N, N, rows, false, true};
          kern.run(b);
        } else {
          plain_matmul(dt, f, dy + q0 * N, cols, K, rows, N, false, true, gemm_threads, isa);
        }
        col2im_t1(cols, g, q0, q1, dx, rows);
        continue;
      }
      if (gemm_threads == 1) {
        GemmBlock b{dy + q0 * N, wt.get(), cols, q1 - q0, K, N, N, K, K, false, false};
        kern.run(b);
      } else {
        plain_matmul(dt, dy + q0 * N, wt.get(), cols, q1 - q0, K, N, false, false, gemm_threads, isa);
      }
      col2im(cols, g, q0, q1, dx);
    }
  };
  if (per_image) {
    // images in contiguous groups, a few per thread
    const int64_t groups = std::min<int64_t>(g.batch, threads > 1 ? 4 * threads : 1);
    auto task = [&](int t) {
      const int64_t n0 = g.batch * t / groups, n1 = g.batch * (t + 1) / groups;
      for (int64_t n = n0; n < n1; n++) image(n, 1);
    };
    parallel_for(static_cast<int>(groups), threads, task, cost);
  } else {
    for (int64_t n = 0; n < g.batch; n++) image(n, threads);
  }
}

}  // namespace

void conv2d(DType dt, const void* x, const void* f, void* y, const ConvGeom& g, int threads, Isa isa) {
  if (dt == DType::kF64) conv2d_t(static_cast<const double*>(x), static_cast<const double*>(f), static_cast<double*>(y), g, threads, isa);
  else conv2d_t(static_cast<const float*>(x), static_cast<const float*>(f), static_cast<float*>(y), g, threads, isa);
}

void conv2d_backprop_input(DType dt, const void* dy, const void* f, void* dx, const ConvGeom& g, int threads, Isa isa) {
  if (dt == DType::kF64) conv2d_backprop_input_t(static_cast<const double*>(dy), static_cast<const double*>(f), static_cast<double*>(dx), g, threads, isa);
  else conv2d_backprop_input_t(static_cast<const float*>(dy), static_cast<const float*>(f), static_cast<float*>(dx), g, threads, isa);
}

void conv2d_backprop_filter(DType dt, const void* x, const void* dy, void* df, const ConvGeom& g, int threads, Isa isa) {
  if (dt == DType::kF64) conv2d_backprop_filter_t(static_cast<const double*>(x), static_cast<const double*>(dy), static_cast<double*>(df), g, threads, isa);
  else conv2d_backprop_filter_t(static_cast<const float*>(x), static_cast<const float*>(dy), static_cast<float*>(df), g, threads, isa);
}

}  // namespace tg
