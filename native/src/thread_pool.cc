// Thread pool (see thread_pool.h). Jobs alternate between two slots; a worker takes a reference
// on the slot of the generation it saw before reading it, so the caller can reuse a slot only
// when every worker that might still look at it has left.
#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define TG_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define TG_PAUSE() __asm__ volatile("yield")
#else
#define TG_PAUSE() ((void)0)
#endif

namespace tg {
namespace {

int env_int(const char* name, int dflt, int lo, int hi) {
  const char* s = std::getenv(name);
  if (!s || !*s) return dflt;
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (*end || v < lo || v > hi) return dflt;
  return static_cast<int>(v);
}

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Job {
  const TaskFn* fn = nullptr;
  int ntasks = 0;
  int max_workers = 0;  // workers with a smaller index take part
  std::atomic<int> next{0};
  std::atomic<int> remaining{0};
  std::atomic<int> refs{0};
};

thread_local bool t_in_job = false;

class Pool {
 public:
  Pool() {
    default_ = env_int("TENSORGRAPH_NUM_THREADS", hardware_threads(), 1, kMaxThreads);
    spin_ns_.store(int64_t{env_int("TENSORGRAPH_SPIN_US", 50, 0, 1000000)} * 1000);
  }

  void run(int ntasks, int threads, TaskFn fn, double cost_ns) {
    if (threads <= 0) threads = default_.load(std::memory_order_relaxed);
    threads = std::min({threads, ntasks, kMaxThreads});
    if (threads <= 1 || t_in_job) return inline_run(ntasks, fn);
    std::unique_lock<std::mutex> lk(run_mu_, std::try_to_lock);
    if (!lk.owns_lock()) return inline_run(ntasks, fn);
    const bool grew = grow(threads - 1);
    const uint64_t g = gen_.load(std::memory_order_relaxed) + 1;
    Job& job = jobs_[g & 1];
    while (job.refs.load(std::memory_order_acquire) != 0) TG_PAUSE();
    job.fn = &fn;
    job.ntasks = ntasks;
    job.max_workers = threads - 1;
    job.next.store(0, std::memory_order_relaxed);
    job.remaining.store(ntasks, std::memory_order_relaxed);
    gen_.store(g, std::memory_order_seq_cst);
    // Wake sleepers only for jobs worth it, and not again while a wake-up is on its way.
    if (sleepers_.load(std::memory_order_seq_cst) > 0 && (cost_ns >= kWakeCostNs || grew)) {
      const int64_t now = now_ns();
      if (grew || now - last_wake_ns_.load(std::memory_order_relaxed) > kRewakeNs) {
        last_wake_ns_.store(now, std::memory_order_relaxed);
        {
          std::lock_guard<std::mutex> l(sleep_mu_);
          wake_epoch_.fetch_add(1, std::memory_order_relaxed);
        }
        cv_.notify_all();
      }
    }
    t_in_job = true;
    for (int i; (i = job.next.fetch_add(1, std::memory_order_relaxed)) < ntasks;) {
      fn(i);
      job.remaining.fetch_sub(1, std::memory_order_release);
    }
    t_in_job = false;
    while (job.remaining.load(std::memory_order_acquire) > 0) TG_PAUSE();
  }

  int default_threads() const { return default_.load(std::memory_order_relaxed); }
  void set_default(int n) { default_.store(std::clamp(n, 1, kMaxThreads)); }
  int spin_us() const { return static_cast<int>(spin_ns_.load() / 1000); }
  void set_spin_us(int us) { spin_ns_.store(int64_t{std::max(us, 0)} * 1000); }

 private:
  static void inline_run(int ntasks, TaskFn fn) {
    for (int i = 0; i < ntasks; i++) fn(i);
  }

  // Called with run_mu_ held: makes sure `n` workers exist; true if it started any. New workers
  // go to sleep at once and are woken like sleeping ones: a new thread often starts on its
  // creator's CPU, and spinning there would only delay the creator.
  bool grow(int n) {
    bool grew = false;
    while (static_cast<int>(workers_.size()) < n) {
      const int w = static_cast<int>(workers_.size());
      const uint64_t seen = gen_.load(std::memory_order_seq_cst);
      workers_.emplace_back([this, w, seen] { worker(w, seen); });
      workers_.back().detach();  // the pool lives until the process exits
      grew = true;
    }
    if (grew) {  // the caller wakes them once they are asleep
      while (started_.load(std::memory_order_acquire) < static_cast<int>(workers_.size())) std::this_thread::yield();
    }
    return grew;
  }

  // Waits for a job newer than `seen`: spins for spin_ns_, then polls with short sleeps (the
  // caller pays nothing, the worker notices within kPollNs), and after kDeepSleepNs without
  // work sleeps until a caller wakes it (callers wake sleepers only for long jobs).
  uint64_t wait_for_change(uint64_t seen, bool spin) {
    const int64_t start = now_ns();
    const int64_t deadline = start + spin_ns_.load(std::memory_order_relaxed);
    for (unsigned it = 0; spin; it++) {
      const uint64_t g = gen_.load(std::memory_order_acquire);
      if (g != seen) return g;
      TG_PAUSE();
      if ((it & 31) == 31 && now_ns() > deadline) break;
    }
    std::unique_lock<std::mutex> l(sleep_mu_);
    while (spin && now_ns() - start < kDeepSleepNs) {
      cv_.wait_for(l, std::chrono::nanoseconds(kPollNs));
      const uint64_t g = gen_.load(std::memory_order_acquire);
      if (g != seen) return g;
    }
    const uint64_t epoch = wake_epoch_.load(std::memory_order_relaxed);
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    if (!spin) started_.fetch_add(1, std::memory_order_release);
    while (wake_epoch_.load(std::memory_order_relaxed) == epoch) cv_.wait(l);
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
    return gen_.load(std::memory_order_acquire);
  }

  void worker(int w, uint64_t seen) {
    for (bool first = true;; first = false) {
      const uint64_t g = wait_for_change(seen, !first);
      seen = g;
      Job& job = jobs_[g & 1];
      job.refs.fetch_add(1, std::memory_order_seq_cst);
      if (gen_.load(std::memory_order_seq_cst) == g && w < job.max_workers) {
        const TaskFn& fn = *job.fn;
        const int n = job.ntasks;
        t_in_job = true;
        for (int i; (i = job.next.fetch_add(1, std::memory_order_relaxed)) < n;) {
          fn(i);
          job.remaining.fetch_sub(1, std::memory_order_release);
        }
        t_in_job = false;
      }
      job.refs.fetch_sub(1, std::memory_order_release);
    }
  }

  std::vector<std::thread> workers_;
  Job jobs_[2];
  std::atomic<uint64_t> gen_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<uint64_t> wake_epoch_{0};
  std::atomic<int> started_{0};  // workers that have reached their first sleep
  std::atomic<int64_t> last_wake_ns_{0};
  static constexpr int64_t kRewakeNs = 100000;
  static constexpr int64_t kPollNs = 100000;        // 0.1 ms between looks while polling
  static constexpr int64_t kDeepSleepNs = 20000000; // poll for 20 ms after the last job
  std::mutex sleep_mu_;
  std::condition_variable cv_;
  std::mutex run_mu_;
  std::atomic<int> default_{1};
  std::atomic<int64_t> spin_ns_{0};
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: detached workers may still be sleeping at exit
  return *p;
}

}  // namespace

int hardware_threads() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return std::min(n, kMaxThreads);
  }
#endif
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(std::min<unsigned>(n, kMaxThreads)) : 1;
}

void parallel_for(int ntasks, int threads, TaskFn fn, double cost_ns) {
  if (ntasks <= 0) return;
  pool().run(ntasks, threads, fn, cost_ns);
}

int default_threads() { return pool().default_threads(); }
int set_default_threads(int n) {
  pool().set_default(n);
  return pool().default_threads();
}
int spin_us() { return pool().spin_us(); }
void set_spin_us(int us) { pool().set_spin_us(us); }

}  // namespace tg
