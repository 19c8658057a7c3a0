// The matmul driver: picks the kernels of the selected ISA, folds or splits the batch, splits
// large products into blocks of whole register tiles, and runs the blocks on the thread pool.
#include "gemm.h"

#include <algorithm>
#include <cstdint>

#include "thread_pool.h"

namespace tg {
namespace {

// Products with fewer multiply-adds than this stay on the calling thread: a hand-off to a
// spinning worker is cheap, but not free, and a sleeping worker costs ~50 µs to wake.
constexpr int64_t kParallelMinFmas = 72 * 72 * 72;

GemmKernel kernel_for(Isa isa, DType dt) {
  switch (isa) {
    case Isa::kAvx512: return gemm_kernel_avx512(dt);
    case Isa::kAvx2: return gemm_kernel_avx2(dt);
    default: return gemm_kernel_scalar(dt);
  }
}

size_t elem_size(DType dt) { return dt == DType::kF64 ? 8 : 4; }

struct Split {
  int64_t tm = 1, tn = 1;  // parts along M and N of each product
};

// Big jobs are cut into 2 tasks per thread of at least this many multiply-adds: each
// task repacks its share of the operands (~1-2% more work), but a worker that the OS preempts
// (these VMs share their cores) then holds back only a small part while the others take the rest.
constexpr double kGrainFmas = 64.0 * (1 << 20);

// How many parts to cut each of `batch` products into so that `threads` threads get even work,
// and how to cut them (rows or columns, whichever wastes fewer tiles and packs less).
Split choose_split(int64_t batch, int threads, int64_t m, int64_t n, int64_t k, int mr, int nr, bool ta, bool tb) {
  Split best;
  if (threads <= 1) return best;
  const int64_t mp = (m + mr - 1) / mr, np = (n + nr - 1) / nr;
  const double work = static_cast<double>(m) * n * k * batch;
  const int64_t grain = std::max<int64_t>(1, std::min<int64_t>(2, static_cast<int64_t>(work / (threads * kGrainFmas))));
  double best_cost = -1;
  auto search = [&](int64_t lo, int64_t hi) {
    for (int64_t parts = lo; parts <= hi; parts++) {
      for (int64_t tn = 1; tn <= parts; tn++) {  // row splits (tn = 1) first: they win ties
        if (parts % tn) continue;
        const int64_t tm = parts / tn;
        if (tm > mp || tn > np) continue;
        // per part: tiles computed (each MR x NR x k) and values packed (a transpose costs more)
        const double tiles = static_cast<double>((mp + tm - 1) / tm) * ((np + tn - 1) / tn);
        const double pack_a = static_cast<double>((mp + tm - 1) / tm) * mr * k * (ta ? 0.25 : 1.0);
        const double pack_b = static_cast<double>((np + tn - 1) / tn) * nr * k * (tb ? 1.0 : 0.25);
        const double part_cost = tiles * mr * nr * k / 32.0 + pack_a + pack_b;
        const int64_t tasks = batch * parts;
        const double cost = part_cost * static_cast<double>((tasks + threads - 1) / threads);
        if (best_cost < 0 || cost < best_cost * 0.97) {
          best_cost = cost;
          best.tm = tm;
          best.tn = tn;
        }
      }
    }
  };
  // big jobs: the parts per product that give ~grain tasks per thread, when the tiles allow
  if (grain > 1) {
    const int64_t fine = (grain * threads + batch - 1) / batch;
    search(fine, fine);
  }
  if (best_cost < 0) search(1, threads);
  return best;
}

}  // namespace

void matmul(const MatMulArgs& args, int threads, Isa isa) {
  const GemmKernel kern = kernel_for(isa, args.dtype);
  const size_t es = elem_size(args.dtype);
  int64_t m = args.m;
  const int64_t n = args.n, k = args.k;
  const bool ta = args.ta, tb = args.tb;
  const int64_t lda = ta ? m : k, ldb = tb ? k : n;
  BatchLayout bl = args.batch;
  int64_t batch = 1;
  for (int d = 0; d < bl.rank; d++) batch *= bl.dims[d];
  if (batch == 0 || m == 0 || n == 0) return;

  // B shared by every product and A dense over the batch: one product of (batch*m) rows.
  bool b_shared = true, a_dense = !ta;
  int64_t expect = m * k;
  for (int d = bl.rank - 1; d >= 0; d--) {
    if (bl.dims[d] == 1) continue;
    if (bl.b_stride[d] != 0) b_shared = false;
    if (bl.a_stride[d] != expect) a_dense = false;
    expect *= bl.dims[d];
  }
  if (bl.rank > 0 && b_shared && a_dense) {
    m *= batch;
    batch = 1;
    bl.rank = 0;
  }

  if (threads <= 0) threads = default_threads();
  threads = std::min(threads, kMaxThreads);
  if (static_cast<double>(m) * n * k * batch < kParallelMinFmas) threads = 1;
  const Split sp = choose_split(batch, threads, m, n, k, kern.mr, kern.nr, ta, tb);
  const int64_t mp = (m + kern.mr - 1) / kern.mr, np = (n + kern.nr - 1) / kern.nr;
  const int64_t parts = sp.tm * sp.tn;
  const int64_t ntasks = batch * parts;

  const char* A = static_cast<const char*>(args.a);
  const char* B = static_cast<const char*>(args.b);
  char* C = static_cast<char*>(args.c);
  auto task = [&](int t) {
    const int64_t bi = t / parts, part = t % parts;
    int64_t aoff = 0, boff = 0, rem = bi;
    for (int d = bl.rank - 1; d >= 0; d--) {
      const int64_t q = rem % bl.dims[d];
      rem /= bl.dims[d];
      aoff += q * bl.a_stride[d];
      boff += q * bl.b_stride[d];
    }
    const int64_t pm = part / sp.tn, pn = part % sp.tn;
    const int64_t i0 = std::min(m, pm * mp / sp.tm * kern.mr), i1 = std::min(m, (pm + 1) * mp / sp.tm * kern.mr);
    const int64_t j0 = std::min(n, pn * np / sp.tn * kern.nr), j1 = std::min(n, (pn + 1) * np / sp.tn * kern.nr);
    if (i0 >= i1 || j0 >= j1) return;
    GemmBlock g;
    g.a = A + es * (aoff + (ta ? i0 : i0 * lda));
    g.b = B + es * (boff + (tb ? j0 * ldb : j0));
    g.c = C + es * (bi * m * n + i0 * n + j0);
    g.m = i1 - i0;
    g.n = j1 - j0;
    g.k = k;
    g.lda = lda;
    g.ldb = ldb;
    g.ldc = n;
    g.ta = ta;
    g.tb = tb;
    kern.run(g);
  };
  if (ntasks > (int64_t{1} << 30)) {  // absurd batch counts: run in chunks the pool can count
    for (int64_t t = 0; t < ntasks; t++) task(static_cast<int>(t));
    return;
  }
  // single-thread time estimate: ~2 vector FMAs per cycle at ~2.5 GHz (the pool wakes sleeping
  // workers only for jobs long enough to be worth it)
  const double lanes = (isa == Isa::kAvx512 ? 64.0 : isa == Isa::kAvx2 ? 32.0 : 16.0) / static_cast<double>(es);
  const double cost_ns = static_cast<double>(m) * n * k * batch / (lanes * 5.0);
  parallel_for(static_cast<int>(ntasks), threads, task, cost_ns);
}

}  // namespace tg
