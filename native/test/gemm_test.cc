// Standalone test of the native GEMM (no Node): every ISA this CPU has, f32/f64/i32, all four
// transpose combinations, shapes with 0, 1, primes and non-multiples of the tiles, batched with
// broadcast, 1 and several threads; checked against a plain triple loop. Built with ASan+UBSan
// by scripts/native-sanitize.sh. Prints "N passed, M failed".
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include "../src/cpu.h"
#include "../src/gemm.h"
#include "../src/probe.h"
#include "../src/thread_pool.h"

using namespace tg;

namespace {

int passed = 0, failed = 0;
std::mt19937_64 rng(12345);

template <class T>
std::vector<T> random_vec(int64_t n) {
  std::vector<T> v(static_cast<size_t>(n));
  std::uniform_int_distribution<int> d(-50, 50);
  for (auto& x : v) x = static_cast<T>(d(rng)) / (std::is_integral<T>::value ? 1 : 16);
  return v;
}

template <class T>
T ref_at(const std::vector<T>& A, int64_t aoff, const std::vector<T>& B, int64_t boff, int64_t i, int64_t j, int64_t m,
         int64_t n, int64_t k, bool ta, bool tb) {
  if (std::is_integral<T>::value) {
    uint32_t acc = 0;
    for (int64_t p = 0; p < k; p++) {
      const T a = ta ? A[aoff + p * m + i] : A[aoff + i * k + p];
      const T b = tb ? B[boff + j * k + p] : B[boff + p * n + j];
      acc += static_cast<uint32_t>(a) * static_cast<uint32_t>(b);
    }
    return static_cast<T>(acc);
  }
  double acc = 0;
  for (int64_t p = 0; p < k; p++) {
    const double a = ta ? A[aoff + p * m + i] : A[aoff + i * k + p];
    const double b = tb ? B[boff + j * k + p] : B[boff + p * n + j];
    acc += a * b;
  }
  return static_cast<T>(acc);
}

// batch dims: out dims, and whether A / B are broadcast (size 1) along each.
template <class T>
void check(DType dt, Isa isa, int threads, int64_t m, int64_t n, int64_t k, bool ta, bool tb,
           const std::vector<int64_t>& bdims, const std::vector<bool>& a_bc, const std::vector<bool>& b_bc) {
  BatchLayout bl;
  bl.rank = static_cast<int>(bdims.size());
  int64_t na = 1, nb = 1, nc = 1;
  for (int d = bl.rank - 1; d >= 0; d--) {
    bl.dims[d] = bdims[d];
    bl.a_stride[d] = a_bc[d] ? 0 : na * m * k;
    bl.b_stride[d] = b_bc[d] ? 0 : nb * k * n;
    if (!a_bc[d]) na *= bdims[d];
    if (!b_bc[d]) nb *= bdims[d];
    nc *= bdims[d];
  }
  auto A = random_vec<T>(na * m * k), B = random_vec<T>(nb * k * n);
  // guard zones around C catch out-of-bounds writes even without ASan
  const int64_t guard = 64;
  std::vector<T> Cbuf(static_cast<size_t>(nc * m * n + 2 * guard), static_cast<T>(7));
  T* C = Cbuf.data() + guard;
  MatMulArgs args{dt, A.data(), B.data(), C, m, n, k, ta, tb, bl};
  matmul(args, threads, isa);
  bool ok = true;
  for (int64_t g = 0; g < guard; g++) ok = ok && Cbuf[g] == T(7) && Cbuf[guard + nc * m * n + g] == T(7);
  double worst = 0;
  for (int64_t bi = 0; bi < nc && ok; bi++) {
    int64_t rem = bi, aoff = 0, boff = 0;
    for (int d = bl.rank - 1; d >= 0; d--) {
      const int64_t q = rem % bl.dims[d];
      rem /= bl.dims[d];
      aoff += q * bl.a_stride[d];
      boff += q * bl.b_stride[d];
    }
    for (int64_t i = 0; i < m && ok; i++)
      for (int64_t j = 0; j < n; j++) {
        const T want = ref_at(A, aoff, B, boff, i, j, m, n, k, ta, tb);
        const T got = C[bi * m * n + i * n + j];
        if (std::is_integral<T>::value) {
          if (want != got) { ok = false; break; }
        } else {
          // inputs are multiples of 1/16 below 4: f64 sums are exact; f32 error grows with k
          const double tol = (dt == DType::kF32 ? 1e-6 : 1e-13) * (k + 1) * 10;
          const double err = std::fabs(static_cast<double>(want) - static_cast<double>(got));
          worst = std::max(worst, err);
          if (!(err <= tol * (1 + std::fabs(static_cast<double>(want))))) { ok = false; break; }
        }
      }
  }
  if (ok) {
    passed++;
  } else {
    failed++;
    std::printf("FAIL %s dtype=%d threads=%d m=%lld n=%lld k=%lld ta=%d tb=%d batch_rank=%d worst=%g\n", isa_name(isa),
                static_cast<int>(dt), threads, static_cast<long long>(m), static_cast<long long>(n),
                static_cast<long long>(k), ta, tb, bl.rank, worst);
  }
}

template <class T>
void suite(DType dt, Isa isa, bool quick) {
  const int64_t sizes[] = {0, 1, 2, 3, 5, 7, 13, 14, 15, 16, 17, 31, 32, 33, 47, 64, 97};
  std::uniform_int_distribution<int> pick(0, sizeof(sizes) / sizeof(sizes[0]) - 1);
  const int rounds = quick ? 25 : 150;
  for (int r = 0; r < rounds; r++) {
    const int64_t m = sizes[pick(rng)], n = sizes[pick(rng)], k = sizes[pick(rng)];
    for (int t = 0; t < 4; t++) check<T>(dt, isa, 1 + (r % 2), m, n, k, t & 1, t & 2, {}, {}, {});
  }
  // larger than one cache block in every dimension (exercises the KC/MC loops and the split)
  // (m > MC = 280, k > KC = 256, n > NC = 4096 for f32)
  const int64_t big[][3] = {{290, 41, 270}, {300, 33, 100}, {29, 4200, 5}};
  for (auto& s : big)
    for (int t = 0; t < 4; t++)
      if (!quick || dt == DType::kF32 || t == 0) check<T>(dt, isa, 2, s[0], s[1], s[2], t & 1, t & 2, {}, {}, {});
  // batched with broadcast
  check<T>(dt, isa, 2, 5, 7, 3, false, false, {4}, {false}, {false});
  check<T>(dt, isa, 2, 5, 7, 3, true, false, {4}, {true}, {false});
  check<T>(dt, isa, 2, 17, 33, 9, false, true, {3}, {false}, {true});  // folds into one product
  check<T>(dt, isa, 2, 6, 5, 4, false, false, {2, 3}, {false, true}, {true, false});
  check<T>(dt, isa, 1, 3, 3, 3, true, true, {2, 1, 3}, {false, false, true}, {true, false, false});
  check<T>(dt, isa, 2, 0, 3, 3, false, false, {2}, {false}, {false});
  check<T>(dt, isa, 2, 3, 3, 0, false, false, {2}, {false}, {false});
  check<T>(dt, isa, 2, 3, 3, 3, false, false, {0}, {false}, {false});
}

// The pool: every task runs exactly once, whatever the thread count, for nested calls and for
// two callers at once (the second runs its job on its own thread).
void pool_suite() {
  bool ok = true;
  for (int round = 0; round < 300 && ok; round++) {
    const int ntasks = 1 + round % 9, threads = round % 4;
    std::vector<int> hits(static_cast<size_t>(ntasks), 0);
    parallel_for(ntasks, threads, [&](int t) {
      hits[static_cast<size_t>(t)]++;
      if (round % 7 == 0) parallel_for(2, 2, [&](int) {});  // nested: runs inline
    }, round % 2 ? 1e3 : 1e9);
    for (int h : hits) ok = ok && h == 1;
  }
  std::vector<std::thread> callers;
  std::atomic<int> total{0};
  for (int c = 0; c < 2; c++)
    callers.emplace_back([&] {
      for (int r = 0; r < 200; r++) parallel_for(4, 2, [&](int) { total.fetch_add(1); });
    });
  for (auto& t : callers) t.join();
  ok = ok && total.load() == 2 * 200 * 4;
  if (ok) passed++; else { failed++; std::printf("FAIL thread pool\n"); }
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
    suite<float>(DType::kF32, isa, quick);
    suite<double>(DType::kF64, isa, quick);
    suite<int32_t>(DType::kI32, isa, quick);
  }
  pool_suite();
  // the probe runs and reports something positive on every path
  for (Isa isa : isas) {
    const double g = fma_peak_gflops(1, 0.01, isa);
    if (g > 0) passed++; else { failed++; std::printf("FAIL probe %s\n", isa_name(isa)); }
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
