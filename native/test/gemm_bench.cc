// Quick native-only GEMM timing for tuning (not part of the build or the tests):
//   g++ -O3 -std=c++17 -pthread src/*.cc test/gemm_bench.cc -o /tmp/gemm_bench && /tmp/gemm_bench [threads] [isa] [N...]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "../src/gemm.h"
#include "../src/probe.h"
#include "../src/thread_pool.h"

using namespace tg;

static double best_peak(int threads, Isa isa) {
  double b = 0;
  for (int i = 0; i < 10; i++) b = std::max(b, fma_peak_gflops(threads, 0.02, isa));
  return b;
}

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 0;
  Isa isa = best_isa();
  if (argc > 2) parse_isa(argv[2], &isa);
  std::vector<int> sizes;
  bool ta = std::getenv("TA") != nullptr, tb = std::getenv("TB") != nullptr;
  for (int i = 3; i < argc; i++) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {64, 128, 256, 512, 1024};
  std::printf("isa %s, threads %d, peak %.0f GFLOP/s (1 thread %.0f)\n", isa_name(isa), threads ? threads : default_threads(),
              best_peak(threads, isa), best_peak(1, isa));
  for (int n : sizes) {
    const bool f64 = std::getenv("F64") != nullptr;
    std::vector<double> a(n * n), b(n * n), c(n * n);  // f32 runs use the first half of each
    for (int i = 0; i < n * n; i++) {
      if (f64) a[i] = (i % 7) * 0.1, b[i] = (i % 5) * 0.1;
      else reinterpret_cast<float*>(a.data())[i] = (i % 7) * 0.1f, reinterpret_cast<float*>(b.data())[i] = (i % 5) * 0.1f;
    }
    MatMulArgs args{f64 ? DType::kF64 : DType::kF32, a.data(), b.data(), c.data(), n, n, n, ta, tb, BatchLayout{}};
    const double flops = 2.0 * n * n * n;
    const int reps = std::max(3, static_cast<int>(5e7 / flops));
    for (int i = 0; i < reps / 4 + 1; i++) matmul(args, threads, isa);
    std::vector<double> ts;
    for (int r = 0; r < 21; r++) {
      auto t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < reps; i++) matmul(args, threads, isa);
      ts.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps);
    }
    std::sort(ts.begin(), ts.end());
    std::printf("N=%5d  %8.2f us  %7.1f GFLOP/s (best %7.1f)\n", n, ts[10] * 1e6, flops / ts[10] / 1e9, flops / ts[0] / 1e9);
  }
}
