// The intra-op thread pool: one process-wide set of workers that kernels split work over.
// The calling thread always takes part. Workers spin briefly after a job (a spinning hand-off
// costs ~0.1 µs, waking a sleeping thread ~50 µs on these VMs) and then sleep on a condition
// variable, as OpenMP runtimes do.
#pragma once

#include <type_traits>

namespace tg {

// A non-owning reference to a callable `void(int task)`; no allocation.
class TaskFn {
 public:
  template <class F, class = std::enable_if_t<!std::is_same<std::decay_t<F>, TaskFn>::value>>
  TaskFn(const F& f)  // NOLINT: implicit on purpose
      : obj_(&f), call_([](const void* o, int i) { (*static_cast<const F*>(o))(i); }) {}
  void operator()(int i) const { call_(obj_, i); }

 private:
  const void* obj_;
  void (*call_)(const void*, int);
};

// Runs fn(i) for every i in [0, ntasks) on at most `threads` threads (the caller included;
// threads <= 0 means the default) and returns when all are done. ntasks <= 1 or threads == 1
// runs on the caller. Re-entrant calls, and calls from a second JS thread while the pool is
// busy, also run on the caller.
//
// cost_ns estimates the job's single-thread time. Waking a sleeping worker costs the caller a
// syscall (2-30 µs on these VMs) and the worker ~50 µs before it helps, so jobs estimated below
// kWakeCostNs only use workers that are still spinning; the caller takes the tasks nobody claims.
void parallel_for(int ntasks, int threads, TaskFn fn, double cost_ns = 1e12);
constexpr double kWakeCostNs = 300e3;

// Threads a kernel uses by default: TENSORGRAPH_NUM_THREADS, else the CPUs this process may run on.
int default_threads();
// Changes the default (n >= 1); returns the new default.
int set_default_threads(int n);
// CPUs this process may run on (sched_getaffinity), at least 1.
int hardware_threads();
// How long idle workers spin before sleeping (TENSORGRAPH_SPIN_US, default 50).
int spin_us();
void set_spin_us(int us);
// The most threads one job may use (requests are clamped to this).
constexpr int kMaxThreads = 64;

}  // namespace tg
