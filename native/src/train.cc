// Driver of the optimizer updates (train.h): ISA choice and the split into tasks.
#include "train.h"

#include <algorithm>

#include "thread_pool.h"

namespace tg {

void train_apply(const TrainArgs& a, int threads, Isa isa) {
  if (a.n == 0) return;
  const TrainFn fn = isa == Isa::kScalar ? train_kernel_scalar(a.op, a.dt, a.flag) : train_kernel_avx2(a.op, a.dt, a.flag);
  // bytes touched per element: the refs read and written, the gradient read
  const int refs = kTrainRefs[static_cast<int>(a.op)];
  const double per = (a.dt == DType::kF64 ? 0.25 : 0.12) * (2 * refs + 1) + (a.op >= TrainOp::kAdagrad ? 0.5 : 0.0);
  const double cost = static_cast<double>(a.n) * per;
  int tasks = 1;
  if (cost > kWakeCostNs / 4) tasks = static_cast<int>(std::min<int64_t>(64, a.n / 4096 + 1));
  parallel_for(tasks, threads, [&](int t) {
    int64_t i0 = a.n * t / tasks, i1 = a.n * (t + 1) / tasks;
    i0 = t == 0 ? 0 : i0 / 64 * 64;  // cache-line aligned chunks
    i1 = t == tasks - 1 ? a.n : i1 / 64 * 64;
    if (i0 < i1) fn(a, i0, i1);
  }, cost);
}

}  // namespace tg
