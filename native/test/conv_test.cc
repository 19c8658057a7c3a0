// Standalone test of the native conv and pooling kernels (no Node): Conv2D and its two
// backprops on every ISA this CPU has, f32 and f64, 1 and 2 threads, against plain loops in
// double (tolerance 2·(L+2)·eps·Σ|terms|, L the reduction length); MaxPool / MaxPoolGrad /
// AvgPool / AvgPoolGrad against plain loops with the same semantics (exact). Shapes: batch
// 0/1/odd, channels 1/3/prime, kernels 1x1 to 5x5, strides, dilations, padding beyond the
// kernel, images smaller than the kernel, and shapes cut into several tiles and chunks. Built
// with ASan+UBSan by scripts/native-sanitize.sh. Prints "N passed, M failed".
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "../src/conv.h"
#include "../src/cpu.h"
#include "../src/pool.h"
#include "../src/thread_pool.h"

using namespace tg;

namespace {

int passed = 0, failed = 0;
std::mt19937_64 rng(4321);

int64_t rnd(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); }

template <class T>
std::vector<T> random_vec(int64_t n, bool ties = false) {
  std::vector<T> v(static_cast<size_t>(n));
  for (auto& x : v) x = ties ? static_cast<T>(rnd(-2, 2)) : static_cast<T>(rnd(-64, 64)) / T(16);
  return v;
}

// TF's output size for SAME / VALID (or explicit pads), and the top/left padding.
void out_size(int64_t in, int64_t k, int64_t dil, int64_t stride, int mode, int64_t pb, int64_t pa, int64_t* out, int64_t* before) {
  const int64_t eff = (k - 1) * dil + 1;
  if (mode == 0) {  // VALID
    *out = in >= eff ? (in - eff + stride) / stride : -1;
    *before = 0;
  } else if (mode == 1) {  // SAME
    *out = (in + stride - 1) / stride;
    const int64_t need = std::max<int64_t>(0, (*out - 1) * stride + eff - in);
    *before = need / 2;
  } else {
    const int64_t o = in + pb + pa - eff + stride;
    *out = o >= 0 ? o / stride : -1;
    *before = pb;
  }
}

template <class T>
bool close(T got, double want, double bound, int64_t L) {
  const double eps = sizeof(T) == 4 ? std::ldexp(1.0, -24) : std::ldexp(1.0, -53);
  return std::fabs(static_cast<double>(got) - want) <= 2.0 * (L + 2) * eps * bound + 1e-300;
}

void report(bool ok, const char* what, const ConvGeom& g, Isa isa, int threads) {
  if (ok) {
    passed++;
    return;
  }
  failed++;
  std::printf("FAIL %s %s threads=%d x[%lld,%lld,%lld,%lld] f[%lld,%lld,%lld] out[%lld,%lld] s%lld,%lld d%lld,%lld p%lld,%lld\n", what,
              isa_name(isa), threads, (long long)g.batch, (long long)g.in_h, (long long)g.in_w, (long long)g.in_c, (long long)g.f_h,
              (long long)g.f_w, (long long)g.out_c, (long long)g.out_h, (long long)g.out_w, (long long)g.stride_h, (long long)g.stride_w,
              (long long)g.dil_h, (long long)g.dil_w, (long long)g.pad_top, (long long)g.pad_left);
}

template <class T>
void check_conv(DType dt, Isa isa, int threads, const ConvGeom& g) {
  const int64_t nx = g.batch * g.in_h * g.in_w * g.in_c, nf = g.f_h * g.f_w * g.in_c * g.out_c, ny = g.batch * g.out_h * g.out_w * g.out_c;
  const auto x = random_vec<T>(nx), f = random_vec<T>(nf), dy = random_vec<T>(ny);
  // plain loops in double: y, dx, df and the same on absolute values
  std::vector<double> y(ny), ya(ny), dx(nx), dxa(nx), df(nf), dfa(nf);
  for (int64_t n = 0; n < g.batch; n++)
    for (int64_t oh = 0; oh < g.out_h; oh++)
      for (int64_t ow = 0; ow < g.out_w; ow++)
        for (int64_t kh = 0; kh < g.f_h; kh++)
          for (int64_t kw = 0; kw < g.f_w; kw++) {
            const int64_t ih = oh * g.stride_h - g.pad_top + kh * g.dil_h, iw = ow * g.stride_w - g.pad_left + kw * g.dil_w;
            if (ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w) continue;
            for (int64_t c = 0; c < g.in_c; c++)
              for (int64_t o = 0; o < g.out_c; o++) {
                const int64_t xi = ((n * g.in_h + ih) * g.in_w + iw) * g.in_c + c, fi = ((kh * g.f_w + kw) * g.in_c + c) * g.out_c + o;
                const int64_t yi = ((n * g.out_h + oh) * g.out_w + ow) * g.out_c + o;
                y[yi] += double(x[xi]) * f[fi];
                ya[yi] += std::fabs(double(x[xi]) * f[fi]);
                dx[xi] += double(dy[yi]) * f[fi];
                dxa[xi] += std::fabs(double(dy[yi]) * f[fi]);
                df[fi] += double(x[xi]) * dy[yi];
                dfa[fi] += std::fabs(double(x[xi]) * dy[yi]);
              }
          }
  // outputs start as NaN: every element must be written
  std::vector<T> oy(ny, std::numeric_limits<T>::quiet_NaN()), odx(nx, std::numeric_limits<T>::quiet_NaN()), odf(nf, std::numeric_limits<T>::quiet_NaN());
  conv2d(dt, x.data(), f.data(), oy.data(), g, threads, isa);
  conv2d_backprop_input(dt, dy.data(), f.data(), odx.data(), g, threads, isa);
  conv2d_backprop_filter(dt, x.data(), dy.data(), odf.data(), g, threads, isa);
  bool ok = true;
  for (int64_t i = 0; i < ny && ok; i++) ok = close(oy[i], y[i], ya[i], g.f_h * g.f_w * g.in_c);
  report(ok, sizeof(T) == 4 ? "conv2d f32" : "conv2d f64", g, isa, threads);
  ok = true;
  for (int64_t i = 0; i < nx && ok; i++) ok = close(odx[i], dx[i], dxa[i], g.f_h * g.f_w * g.out_c);
  report(ok, sizeof(T) == 4 ? "backprop input f32" : "backprop input f64", g, isa, threads);
  ok = true;
  for (int64_t i = 0; i < nf && ok; i++) ok = close(odf[i], df[i], dfa[i], g.batch * g.out_h * g.out_w);
  report(ok, sizeof(T) == 4 ? "backprop filter f32" : "backprop filter f64", g, isa, threads);
}

// A random convolution; false when its geometry is invalid (VALID on a small image).
bool random_conv(ConvGeom* g, bool big) {
  g->batch = big ? rnd(1, 9) : rnd(0, 3);
  g->in_h = big ? rnd(8, 40) : rnd(1, 9);
  g->in_w = big ? rnd(8, 40) : rnd(1, 9);
  const int64_t cs[] = {1, 2, 3, 7, 13};
  g->in_c = cs[rnd(0, 4)];
  g->f_h = rnd(1, 5);
  g->f_w = rnd(0, 3) ? g->f_h : rnd(1, 5);
  g->out_c = cs[rnd(0, 4)] + (big ? 16 : 0);
  g->stride_h = rnd(1, 3);
  g->stride_w = rnd(1, 3);
  g->dil_h = rnd(0, 3) ? 1 : 2;
  g->dil_w = rnd(0, 3) ? 1 : rnd(2, 3);
  const int mode = static_cast<int>(rnd(0, 2));
  if (rnd(0, 4) == 0) g->f_h = g->f_w = g->stride_h = g->stride_w = 1;  // often pointwise
  out_size(g->in_h, g->f_h, g->dil_h, g->stride_h, mode, rnd(0, 6), rnd(0, 3), &g->out_h, &g->pad_top);
  out_size(g->in_w, g->f_w, g->dil_w, g->stride_w, mode, rnd(0, 3), rnd(0, 6), &g->out_w, &g->pad_left);
  return g->out_h >= 0 && g->out_w >= 0;
}

template <class T>
void conv_suite(DType dt, Isa isa, bool quick) {
  for (int threads : {1, 2}) {
    const int rounds = quick ? 40 : 300;
    for (int r = 0; r < rounds; r++) {
      ConvGeom g;
      if (random_conv(&g, r % 10 == 9)) check_conv<T>(dt, isa, threads, g);
    }
    // a big first layer (many tiles, several backprop-filter chunks)
    check_conv<T>(dt, isa, threads, ConvGeom{16, 28, 28, 1, 5, 5, 6, 28, 28, 1, 1, 1, 1, 2, 2});
    // one big single-channel image (the transposed im2col; with 2 threads, the input gradient
    // splits each tile's GEMM instead of the batch), and a strided, dilated one
    check_conv<T>(dt, isa, threads, ConvGeom{1, 150, 190, 1, 5, 5, 8, 150, 190, 1, 1, 1, 1, 2, 2});
    check_conv<T>(dt, isa, threads, ConvGeom{3, 37, 41, 1, 3, 4, 5, 13, 12, 3, 3, 2, 2, 3, 1});
    // wide K: tiles of a few rows
    check_conv<T>(dt, isa, threads, ConvGeom{2, 6, 6, 301, 3, 3, 5, 6, 6, 1, 1, 1, 1, 1, 1});
    // empty
    check_conv<T>(dt, isa, threads, ConvGeom{0, 5, 5, 3, 3, 3, 4, 5, 5, 1, 1, 1, 1, 1, 1});
    check_conv<T>(dt, isa, threads, ConvGeom{2, 5, 5, 0, 3, 3, 4, 5, 5, 1, 1, 1, 1, 1, 1});
    check_conv<T>(dt, isa, threads, ConvGeom{2, 5, 5, 3, 3, 3, 0, 5, 5, 1, 1, 1, 1, 1, 1});
  }
}

// ---- pooling -------------------------------------------------------------------------------

void report_pool(bool ok, const char* what, const PoolGeom& g, int threads) {
  if (ok) {
    passed++;
    return;
  }
  failed++;
  std::printf("FAIL %s threads=%d x[%lld,%lld,%lld,%lld] k%lldx%lld out[%lld,%lld] s%lld,%lld p%lld,%lld\n", what, threads, (long long)g.batch,
              (long long)g.in_h, (long long)g.in_w, (long long)g.c, (long long)g.k_h, (long long)g.k_w, (long long)g.out_h, (long long)g.out_w,
              (long long)g.stride_h, (long long)g.stride_w, (long long)g.pad_top, (long long)g.pad_left);
}

template <class T>
bool same(const std::vector<T>& got, const std::vector<double>& want) {
  for (size_t i = 0; i < want.size(); i++) {
    const T w = static_cast<T>(want[i]);
    if (!(got[i] == w || (std::isnan(got[i]) && std::isnan(w)))) return false;
  }
  return true;
}

template <class T>
void check_pool(DType dt, int threads, const PoolGeom& g, bool ties) {
  const int64_t nx = g.batch * g.in_h * g.in_w * g.c, ny = g.batch * g.out_h * g.out_w * g.c;
  auto x = random_vec<T>(nx, ties);
  if (ties)
    for (auto& v : x)
      if (rnd(0, 30) == 0) v = std::numeric_limits<T>::quiet_NaN();
  const auto dy = random_vec<T>(ny);
  std::vector<double> my(ny), ay(ny), mdx(nx), adx(nx);
  for (int64_t n = 0; n < g.batch; n++)
    for (int64_t oh = 0; oh < g.out_h; oh++)
      for (int64_t ow = 0; ow < g.out_w; ow++) {
        const int64_t hs = oh * g.stride_h - g.pad_top, ws = ow * g.stride_w - g.pad_left;
        const int64_t h0 = std::max<int64_t>(hs, 0), h1 = std::min(hs + g.k_h, g.in_h), w0 = std::max<int64_t>(ws, 0), w1 = std::min(ws + g.k_w, g.in_w);
        for (int64_t c = 0; c < g.c; c++) {
          const int64_t yi = ((n * g.out_h + oh) * g.out_w + ow) * g.c + c;
          int64_t arg = -1;
          double best = 0, sum = 0;
          for (int64_t h = h0; h < h1; h++)
            for (int64_t w = w0; w < w1; w++) {
              const int64_t xi = ((n * g.in_h + h) * g.in_w + w) * g.c + c;
              if (arg < 0 || x[xi] > best) {
                best = x[xi];
                arg = xi;
              }
              sum += x[xi];
            }
          const double count = static_cast<double>((h1 - h0) * (w1 - w0));
          my[yi] = arg < 0 ? -std::numeric_limits<double>::infinity() : best;
          ay[yi] = sum / count;
          if (arg >= 0) mdx[arg] += dy[yi];
          for (int64_t h = h0; h < h1; h++)
            for (int64_t w = w0; w < w1; w++) adx[((n * g.in_h + h) * g.in_w + w) * g.c + c] += dy[yi] / count;
        }
      }
  // the reference adds in output order, channels inner; the loops above add channel by channel,
  // which is the same order for each element
  std::vector<T> oy(ny, T(7)), odx(nx, T(7));
  max_pool(dt, x.data(), oy.data(), g, threads);
  report_pool(same(oy, my), "max_pool", g, threads);
  max_pool_grad(dt, x.data(), dy.data(), odx.data(), g, threads);
  report_pool(same(odx, mdx), "max_pool_grad", g, threads);
  std::fill(oy.begin(), oy.end(), T(7));
  std::fill(odx.begin(), odx.end(), T(7));
  avg_pool(dt, x.data(), oy.data(), g, threads);
  report_pool(same(oy, ay), "avg_pool", g, threads);
  avg_pool_grad(dt, dy.data(), odx.data(), g, threads);
  report_pool(same(odx, adx), "avg_pool_grad", g, threads);
}

template <class T>
void pool_suite(DType dt, bool quick) {
  for (int threads : {1, 2}) {
    const int rounds = quick ? 150 : 1000;
    for (int r = 0; r < rounds; r++) {
      PoolGeom g;
      const bool big = r % 10 == 9;
      g.batch = big ? rnd(4, 20) : rnd(0, 3);
      g.in_h = rnd(1, big ? 30 : 9);
      g.in_w = rnd(1, big ? 30 : 9);
      const int64_t cs[] = {1, 2, 3, 7, 17};
      g.c = cs[rnd(0, 4)];
      g.k_h = rnd(1, 5);
      g.k_w = rnd(1, 5);
      g.stride_h = rnd(1, 3);
      g.stride_w = rnd(1, 3);
      const int mode = static_cast<int>(rnd(0, 2));
      out_size(g.in_h, g.k_h, 1, g.stride_h, mode, rnd(0, 2), rnd(0, 2), &g.out_h, &g.pad_top);
      out_size(g.in_w, g.k_w, 1, g.stride_w, mode, rnd(0, 2), rnd(0, 2), &g.out_w, &g.pad_left);
      if (g.out_h < 0 || g.out_w < 0) continue;
      check_pool<T>(dt, threads, g, r % 3 == 0);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = !(argc > 1 && !std::strcmp(argv[1], "--full"));
  const CpuFeatures& f = cpu_features();
  std::printf("cpu: %s (best path %s)\n", f.brand, isa_name(best_isa()));
  std::vector<Isa> isas = {Isa::kScalar};
  if (f.avx2_fma) isas.push_back(Isa::kAvx2);
  if (f.avx512) isas.push_back(Isa::kAvx512);
  for (Isa isa : isas) {
    conv_suite<float>(DType::kF32, isa, quick);
    conv_suite<double>(DType::kF64, isa, quick);
  }
  pool_suite<float>(DType::kF32, quick);
  pool_suite<double>(DType::kF64, quick);
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
