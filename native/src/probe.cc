// The register-only FMA peak probe (see probe.h).
#include "probe.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "gemm.h"
#include "thread_pool.h"

namespace tg {

double fma_peak_gflops(int threads, double seconds, Isa isa) {
  double (*probe)(int64_t) = isa == Isa::kAvx512 ? fma_probe_avx512 : isa == Isa::kAvx2 ? fma_probe_avx2 : fma_probe_scalar;
  if (threads <= 0) threads = default_threads();
  using clock = std::chrono::steady_clock;
  auto secs = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  // calibrate on one thread, then run every thread at once
  int64_t iters = 1 << 16;
  for (;;) {
    const auto t0 = clock::now();
    probe(iters);
    const double dt = secs(t0, clock::now());
    if (dt > 0.02 || iters > (int64_t{1} << 40)) {
      iters = std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(iters) * seconds / dt));
      break;
    }
    iters *= 4;
  }
  double flops[kMaxThreads] = {0};
  const auto t0 = clock::now();
  parallel_for(threads, threads, [&](int i) { flops[i] = probe(iters); });
  const double dt = secs(t0, clock::now());
  double total = 0;
  for (int i = 0; i < threads; i++) total += flops[i];
  return total / dt / 1e9;
}

}  // namespace tg
