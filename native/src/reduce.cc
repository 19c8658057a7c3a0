// Drivers of the reduction family (reduce.h): dims collapsing, the split into tasks over the
// thread pool, ISA dispatch and the final conversion of accumulators. The loops themselves are
// in reduce_kernel.h (one instantiation per ISA).
#include "reduce.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace tg {

namespace {

const ReduceKernels& kernels(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return reduce_kernels_avx512();
    case Isa::kAvx2: return reduce_kernels_avx2();
    default: return reduce_kernels_scalar();
  }
}

int dt_index(DType dt) { return dt == DType::kF32 ? 0 : dt == DType::kF64 ? 1 : 2; }
int fi(DType dt) { return dt == DType::kF64 ? 1 : 0; }  // the float-only tables
size_t elem_size(DType dt) { return dt == DType::kF64 ? 8 : 4; }

// Accumulator size in bytes for (dtype, op).
size_t acc_size(DType dt, ReduceOp op) {
  if (dt == DType::kF32) return (op == ReduceOp::kMax || op == ReduceOp::kMin) ? 4 : 8;
  if (dt == DType::kF64) return 8;
  return (op == ReduceOp::kSum || op == ReduceOp::kMean) ? 8 : 4;
}

template <class A>
void fill_init(void* acc, int64_t m, ReduceOp op) {
  A v;
  switch (op) {
    case ReduceOp::kProd: v = A(1); break;
    case ReduceOp::kMax:
      v = std::numeric_limits<A>::has_infinity ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::lowest();
      break;
    case ReduceOp::kMin:
      v = std::numeric_limits<A>::has_infinity ? std::numeric_limits<A>::infinity() : std::numeric_limits<A>::max();
      break;
    default: v = A(0);
  }
  A* a = static_cast<A*>(acc);
  for (int64_t i = 0; i < m; i++) a[i] = v;
}

void init_acc(DType dt, ReduceOp op, void* acc, int64_t m) {
  switch (acc_size(dt, op) * 4 + dt_index(dt)) {
    case 4 * 4 + 0: fill_init<float>(acc, m, op); break;
    case 8 * 4 + 0: case 8 * 4 + 1: fill_init<double>(acc, m, op); break;
    case 8 * 4 + 2: fill_init<int64_t>(acc, m, op); break;
    default:  // int32 max/min/prod (prod's uint32 1 has the same bits)
      fill_init<int32_t>(acc, m, op);
  }
}

// out[i] = final(acc[i]) for i in [i0, i1)
void finish(DType dt, ReduceOp op, const void* acc, void* out, int64_t i0, int64_t i1, int64_t count) {
  const bool mean = op == ReduceOp::kMean;
  if (dt == DType::kF32) {
    float* o = static_cast<float*>(out);
    if (op == ReduceOp::kMax || op == ReduceOp::kMin) {
      std::memcpy(o + i0, static_cast<const float*>(acc) + i0, (i1 - i0) * 4);
      return;
    }
    const double* a = static_cast<const double*>(acc);
    const double c = static_cast<double>(count);
    for (int64_t i = i0; i < i1; i++) o[i] = static_cast<float>(mean ? a[i] / c : a[i]);
  } else if (dt == DType::kF64) {
    double* o = static_cast<double*>(out);
    const double* a = static_cast<const double*>(acc);
    const double c = static_cast<double>(count);
    for (int64_t i = i0; i < i1; i++) o[i] = mean ? a[i] / c : a[i];
  } else {
    int32_t* o = static_cast<int32_t*>(out);
    if (op == ReduceOp::kSum || mean) {
      const int64_t* a = static_cast<const int64_t*>(acc);
      for (int64_t i = i0; i < i1; i++) {
        const int64_t v = mean ? (count ? a[i] / count : 0) : a[i];
        o[i] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
      }
    } else {
      std::memcpy(o + i0, static_cast<const int32_t*>(acc) + i0, (i1 - i0) * 4);
    }
  }
}

// Generic: rows of the innermost dim, odometer over the rest. L dims, flags red[].
struct Layout {
  int L = 0;
  int64_t d[kReduceMaxRank];
  bool r[kReduceMaxRank];
};

void run_generic(const ReduceKernels& K, int di, int oi, const Layout& lay, const char* x, char* acc, size_t es, size_t as) {
  const int L = lay.L;
  const int64_t inner = lay.d[L - 1];
  int64_t ostride[kReduceMaxRank];
  int64_t s = 1;
  for (int k = L - 1; k >= 0; k--) {
    ostride[k] = lay.r[k] ? 0 : s;
    if (!lay.r[k]) s *= lay.d[k];
  }
  int64_t rows = 1;
  for (int k = 0; k < L - 1; k++) rows *= lay.d[k];
  int64_t idx[kReduceMaxRank] = {0};
  int64_t o = 0;
  auto row = K.row[di][oi];
  auto col = K.col[di][oi];
  for (int64_t rI = 0; rI < rows; rI++) {
    const char* xr = x + rI * inner * es;
    if (lay.r[L - 1]) row(xr, inner, acc + o * as);
    else col(acc + o * as, xr, inner);
    for (int k = L - 2; k >= 0; k--) {  // odometer
      o += ostride[k];
      if (++idx[k] < lay.d[k]) break;
      o -= ostride[k] * lay.d[k];
      idx[k] = 0;
    }
  }
}

}  // namespace

void reduce(DType dt, ReduceOp op, const void* x, void* out, int rank, const int64_t* dims, const bool* reduced, int threads, Isa isa) {
  const ReduceKernels& K = kernels(isa);
  const int di = dt_index(dt), oi = static_cast<int>(op);
  const size_t es = elem_size(dt), as = acc_size(dt, op);
  int64_t n = 1, m = 1;
  for (int k = 0; k < rank; k++) {
    n *= dims[k];
    if (!reduced[k]) m *= dims[k];
  }
  if (m == 0) return;
  const int64_t count = m ? n / m : 0;
  // collapse: drop size-1 dims, merge neighbours of the same kind
  Layout lay;
  for (int k = 0; k < rank; k++) {
    if (dims[k] == 1) continue;
    if (lay.L > 0 && lay.r[lay.L - 1] == reduced[k]) {
      lay.d[lay.L - 1] *= dims[k];
      continue;
    }
    lay.d[lay.L] = dims[k];
    lay.r[lay.L] = reduced[k];
    lay.L++;
  }
  if (lay.L == 0) {
    lay.L = 1;
    lay.d[0] = 1;
    lay.r[0] = false;
  }
  std::vector<char> accbuf(static_cast<size_t>(m) * as);
  char* acc = accbuf.data();
  const char* xc = static_cast<const char*>(x);
  if (n == 0) {  // reductions over an empty dim: the identity (Mean: 0/0)
    init_acc(dt, op, acc, m);
    finish(dt, op, acc, out, 0, m, count);
    return;
  }
  const double cost = static_cast<double>(n) * (es == 8 ? 0.5 : 0.3) + static_cast<double>(m) * 2;
  const int64_t chunk_min = 1 << 14;
  int nt = 1;
  if (cost > kWakeCostNs / 4) nt = static_cast<int>(std::min<int64_t>(kMaxThreads, n / chunk_min + 1));
  if (lay.L == 1 && lay.r[0]) {
    // one long row: partial accumulators per task, combined in order
    const int64_t len = lay.d[0];
    const int tasks = nt;
    std::vector<char> parts(static_cast<size_t>(tasks) * as);
    init_acc(dt, op, parts.data(), tasks);
    parallel_for(tasks, threads, [&](int t) {
      const int64_t a = len * t / tasks, b = len * (t + 1) / tasks;
      K.row[di][oi](xc + a * es, b - a, parts.data() + t * as);
    }, cost);
    init_acc(dt, op, acc, 1);
    // combine the partials through the col kernel on the accumulator type: run row on acc values
    // (the accumulators of f32 sums are doubles, so combine them with the f64 kernel)
    const int adi = as == 8 ? (dt == DType::kI32 ? -1 : 1) : di;
    if (adi >= 0) {
      K.row[adi][oi](parts.data(), tasks, acc);
    } else {  // int64 sums
      int64_t s = 0;
      for (int t = 0; t < tasks; t++) s += reinterpret_cast<const int64_t*>(parts.data())[t];
      *reinterpret_cast<int64_t*>(acc) = s;
    }
    finish(dt, op, acc, out, 0, 1, count);
    return;
  }
  if (!lay.r[0]) {
    // split over the outermost kept dim: every task owns its outputs
    const int64_t d0 = lay.d[0];
    const int64_t xs = n / d0, ms = m / d0;
    const int tasks = static_cast<int>(std::min<int64_t>(nt, d0));
    parallel_for(tasks, threads, [&](int t) {
      const int64_t a = d0 * t / tasks, b = d0 * (t + 1) / tasks;
      if (a == b) return;
      Layout sub = lay;
      sub.d[0] = b - a;
      init_acc(dt, op, acc + a * ms * as, (b - a) * ms);
      run_generic(K, di, oi, sub, xc + a * xs * es, acc + a * ms * as, es, as);
      finish(dt, op, acc, out, a * ms, b * ms, count);
    }, cost);
    return;
  }
  if (lay.L == 2) {
    // [R, K]: split the columns
    const int64_t R = lay.d[0], C = lay.d[1];
    const int tasks = static_cast<int>(std::min<int64_t>(nt, (C + 63) / 64));
    parallel_for(tasks, threads, [&](int t) {
      int64_t a = C * t / tasks, b = C * (t + 1) / tasks;
      if (tasks > 1) {
        a = a / 16 * 16;
        b = t == tasks - 1 ? C : b / 16 * 16;
      }
      if (a >= b) return;
      init_acc(dt, op, acc + a * as, b - a);
      for (int64_t r = 0; r < R; r++) K.col[di][oi](acc + a * as, xc + (r * C + a) * es, b - a);
      finish(dt, op, acc, out, a, b, count);
    }, cost);
    return;
  }
  init_acc(dt, op, acc, m);
  run_generic(K, di, oi, lay, xc, acc, es, as);
  finish(dt, op, acc, out, 0, m, count);
}

void arg_reduce(DType dt, bool is_min, const void* x, void* out, bool out64, int64_t outer, int64_t len, int64_t inner, int threads, Isa isa) {
  const ReduceKernels& K = kernels(isa);
  auto fn = K.arg[dt_index(dt)][is_min ? 1 : 0][out64 ? 1 : 0];
  const double n = static_cast<double>(outer) * len * inner;
  const double cost = n * 0.6;
  const int tasks = cost > kWakeCostNs / 4 ? static_cast<int>(std::min<int64_t>(outer, 64)) : 1;
  parallel_for(tasks, threads, [&](int t) {
    const int64_t a = outer * t / tasks, b = outer * (t + 1) / tasks;
    if (a < b) fn(x, out, a, b, len, inner);
  }, cost);
}

namespace {
int row_tasks(int64_t rows, double cost) {
  if (cost <= kWakeCostNs / 4 || rows < 2) return 1;
  return static_cast<int>(std::min<int64_t>(rows, 64));
}
}  // namespace

void softmax(DType dt, bool log, const void* x, void* y, int64_t rows, int64_t depth, int threads, Isa isa) {
  if (rows == 0 || depth == 0) return;
  auto fn = kernels(isa).softmax[fi(dt)][log ? 1 : 0];
  const double cost = static_cast<double>(rows) * depth * (dt == DType::kF32 ? 1.5 : 8.0);
  const int tasks = row_tasks(rows, cost);
  parallel_for(tasks, threads, [&](int t) {
    const int64_t a = rows * t / tasks, b = rows * (t + 1) / tasks;
    if (a < b) fn(x, y, a, b, depth);
  }, cost);
}

void softmax_xent(DType dt, const void* logits, const void* labels, void* loss, void* back, int64_t lb, int64_t lc, int64_t yb,
                  int64_t yc, int threads, Isa isa) {
  const int64_t batch = lb == 1 ? yb : lb, depth = lc == 1 ? yc : lc;  // the binding has checked lb == yb or one is 1
  if (batch == 0) return;
  if (depth == 0) {  // loss of an empty row is 0 (no backprop elements)
    for (int64_t b = 0; b < batch; b++) {
      if (dt == DType::kF32) static_cast<float*>(loss)[b] = 0;
      else static_cast<double*>(loss)[b] = 0;
    }
    return;
  }
  auto fn = kernels(isa).xent[fi(dt)];
  const double cost = static_cast<double>(batch) * depth * (dt == DType::kF32 ? 2.0 : 9.0);
  const int tasks = row_tasks(batch, cost);
  parallel_for(tasks, threads, [&](int t) {
    const int64_t a = batch * t / tasks, b = batch * (t + 1) / tasks;
    if (a < b) fn(logits, labels, loss, back, a, b, lb, lc, yb, yc);
  }, cost);
}

void sparse_softmax_xent(DType dt, const void* logits, const void* labels, bool labels64, void* loss, void* back, int64_t batch,
                         int64_t depth, int threads, Isa isa) {
  if (batch == 0) return;
  auto fn = kernels(isa).sparse_xent[fi(dt)][labels64 ? 1 : 0];
  const double cost = static_cast<double>(batch) * depth * (dt == DType::kF32 ? 1.5 : 8.0);
  const int tasks = row_tasks(batch, cost);
  parallel_for(tasks, threads, [&](int t) {
    const int64_t a = batch * t / tasks, b = batch * (t + 1) / tasks;
    if (a < b) fn(logits, labels, loss, back, a, b, depth);
  }, cost);
}

void bias_add(DType dt, const void* x, const void* bias, void* y, int64_t outer, int64_t channels, int64_t inner, int threads, Isa isa) {
  const int64_t n = outer * channels * inner;
  if (n == 0) return;
  auto fn = kernels(isa).bias_add[fi(dt)];
  const double cost = static_cast<double>(n) * (dt == DType::kF32 ? 0.25 : 0.5);
  int tasks = 1;
  if (cost > kWakeCostNs / 4) tasks = static_cast<int>(std::min<int64_t>(outer, 64));
  if (tasks <= 1 && outer == 1 && cost > kWakeCostNs / 4 && channels > 1) {
    // one outer block: split the channels instead (x, y offset per task)
    const int ct = static_cast<int>(std::min<int64_t>(channels, 64));
    const size_t es = elem_size(dt);
    parallel_for(ct, threads, [&](int t) {
      const int64_t a = channels * t / ct, b = channels * (t + 1) / ct;
      if (a < b)
        fn(static_cast<const char*>(x) + a * inner * es, static_cast<const char*>(bias) + a * es, static_cast<char*>(y) + a * inner * es,
           0, 1, b - a, inner);
    }, cost);
    return;
  }
  parallel_for(tasks, threads, [&](int t) {
    const int64_t a = outer * t / tasks, b = outer * (t + 1) / tasks;
    if (a < b) fn(x, bias, y, a, b, channels, inner);
  }, cost);
}

void bias_add_grad(DType dt, const void* dy, void* db, int64_t outer, int64_t channels, int64_t inner, int threads, Isa isa) {
  if (channels == 0) return;
  auto fn = kernels(isa).bias_grad[fi(dt)];
  const double cost = static_cast<double>(outer) * channels * inner * 0.4;
  int tasks = 1;
  if (cost > kWakeCostNs / 4) tasks = static_cast<int>(std::min<int64_t>((channels + 15) / 16, 64));
  parallel_for(tasks, threads, [&](int t) {
    int64_t a = channels * t / tasks, b = channels * (t + 1) / tasks;
    if (tasks > 1) {
      a = a / 16 * 16;
      b = t == tasks - 1 ? channels : b / 16 * 16;
    }
    if (a < b) fn(dy, db, outer, channels, inner, a, b);
  }, cost);
}

}  // namespace tg
