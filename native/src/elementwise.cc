// Elementwise driver: op tables, register assignment, broadcast layouts, the split over threads
// and the ISA dispatch; AddN and Cast (plain loops the compiler vectorises).
#include "elementwise.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "thread_pool.h"

namespace tg {

namespace {
struct OpInfo {
  const char* name;
  int arity;
  bool i32;
};
constexpr OpInfo kOps[] = {
#define TG_EW_INFO(name, arity, i32) {#name, arity, i32 != 0},
    TG_EW_OPS(TG_EW_INFO)
#undef TG_EW_INFO
};

// Rough single-thread cost of one element of an op (ns), for the pool's wake-up decision.
double op_cost_ns(int op) {
  switch (op) {
    case kEwExp: case kEwExpm1: case kEwLog: case kEwLog1p: case kEwTanh: case kEwSigmoid:
    case kEwElu: case kEwSelu: case kEwSoftplusGrad: return 1.0;
    case kEwSoftplus: return 2.0;
    case kEwPow: return 20.0;
    case kEwSqrt: case kEwRsqrt: case kEwReciprocal: case kEwRealDiv: case kEwSqrtGrad: case kEwSoftsign:
    case kEwSoftsignGrad: return 0.3;
    default: return 0.1;
  }
}

constexpr int64_t kMinTaskElems = 128 * kEwBlock;  // 64K elements (~10 us of work): below, one task
}  // namespace

const char* ew_op_name(int op) { return op >= 0 && op < kEwNumOps ? kOps[op].name : ""; }
int ew_op_arity(int op) { return op >= 0 && op < kEwNumOps ? kOps[op].arity : 0; }
bool ew_op_has_int32(int op) { return op >= 0 && op < kEwNumOps && kOps[op].i32; }

bool ew_assign_registers(EwProgram* p) {
  int last_use[kEwMaxNodes];
  for (int k = 0; k < p->n_nodes; k++) last_use[k] = k;
  for (int k = 0; k < p->n_nodes; k++)
    for (int j = 0; j < 2; j++) {
      const int a = p->args[k][j];
      if (a >= p->n_inputs) last_use[a - p->n_inputs] = k;
    }
  int free_regs[kEwMaxRegs], nfree = 0, next = 0;
  int holder[kEwMaxRegs];
  for (int r = 0; r < kEwMaxRegs; r++) holder[r] = -1;
  for (int k = 0; k < p->n_nodes; k++) {
    // a register may be reused by node k once its value's last reader is k itself or earlier:
    // node k reads its operands vector by vector before writing, so writing the register of an
    // operand whose last use is k is safe.
    nfree = 0;
    for (int r = 0; r < next; r++)
      if (holder[r] < 0 || last_use[holder[r]] <= k) free_regs[nfree++] = r;
    int r;
    if (nfree > 0) r = free_regs[0];
    else {
      if (next == kEwMaxRegs) return false;
      r = next++;
    }
    holder[r] = k;
    p->reg[k] = r;
  }
  p->n_regs = next;
  return true;
}

void ew_make_layout(const int64_t* out_shape, int out_rank, int n_inputs, const int64_t* const* in_shapes, const int* in_ranks,
                    EwLayout* L) {
  int64_t n = 1;
  for (int d = 0; d < out_rank; d++) n *= out_shape[d];
  L->n = n;
  // per output dim, whether each input is broadcast along it (size 1 where the output is not)
  int rank = 0;
  bool prev_bc[kEwMaxInputs];
  int64_t dims[kEwMaxRank];
  bool bc[kEwMaxRank][kEwMaxInputs];
  for (int d = 0; d < out_rank; d++) {
    if (out_shape[d] == 1) continue;  // size-1 output dims index nothing
    bool cur[kEwMaxInputs];
    for (int i = 0; i < n_inputs; i++) {
      const int id = d - (out_rank - in_ranks[i]);
      cur[i] = id < 0 || in_shapes[i][id] == 1;
    }
    bool same = rank > 0;
    for (int i = 0; same && i < n_inputs; i++) same = cur[i] == prev_bc[i];
    if (same) dims[rank - 1] *= out_shape[d];
    else {
      dims[rank] = out_shape[d];
      for (int i = 0; i < n_inputs; i++) bc[rank][i] = cur[i];
      rank++;
    }
    for (int i = 0; i < n_inputs; i++) prev_bc[i] = cur[i];
  }
  if (rank == 0) {  // every output dim is 1 (or rank 0): one element
    dims[0] = 1;
    for (int i = 0; i < n_inputs; i++) bc[0][i] = false;
    rank = 1;
  }
  L->rank = rank;
  for (int d = 0; d < rank; d++) L->dims[d] = dims[d];
  for (int i = 0; i < n_inputs; i++) {
    int64_t in_n = 1;
    for (int d = 0; d < in_ranks[i]; d++) in_n *= in_shapes[i][d];
    if (in_n == n) L->access[i] = EwAccess::kContiguous;
    else if (in_n == 1) L->access[i] = EwAccess::kScalar;
    else {
      L->access[i] = EwAccess::kStrided;
      int64_t acc = 1;
      for (int d = rank - 1; d >= 0; d--) {
        L->strides[i][d] = bc[d][i] ? 0 : acc;
        if (!bc[d][i]) acc *= dims[d];
      }
    }
  }
}

void ew_run(const EwProgram& p, DType dt, const void* const* inputs, const EwLayout& L, void* out, int threads, Isa isa) {
  const int64_t n = L.n;
  if (n == 0) return;
  EwTask t{&p, dt, inputs, &L, out};
  auto run = isa == Isa::kAvx512 ? ew_run_range_avx512 : isa == Isa::kAvx2 ? ew_run_range_avx2 : ew_run_range_scalar;
  const double es = dt == DType::kF64 ? 8.0 : 4.0;
  double per = 0.1 * es * (p.n_inputs + 1) / 4.0;  // memory: ~0.1 ns per float read or written
  for (int k = 0; k < p.n_nodes; k++) per += op_cost_ns(p.op[k]);
  if (threads <= 0) threads = default_threads();
  threads = std::min(threads, kMaxThreads);
  const int64_t blocks = (n + kEwBlock - 1) / kEwBlock;
  int64_t ntasks = std::min<int64_t>(threads, n / kMinTaskElems);
  if (ntasks <= 1) {
    run(t, 0, n);
    return;
  }
  // a few tasks per thread (the machine is shared: a late thread should not hold up the rest)
  ntasks = std::min<int64_t>(blocks, std::min<int64_t>(4 * threads, n / kMinTaskElems));
  auto task = [&](int i) {
    const int64_t b0 = blocks * i / ntasks, b1 = blocks * (i + 1) / ntasks;
    run(t, b0 * kEwBlock, std::min(n, b1 * kEwBlock));
  };
  parallel_for(static_cast<int>(ntasks), threads, task, per * static_cast<double>(n));
}

namespace {
template <class F>
void split(int64_t n, int threads, double cost_per_elem, const F& f) {
  if (threads <= 0) threads = default_threads();
  threads = std::min(threads, kMaxThreads);
  int64_t ntasks = std::min<int64_t>(threads, n / kMinTaskElems);
  if (ntasks <= 1) {
    f(0, n);
    return;
  }
  ntasks = std::min<int64_t>(4 * threads, n / kMinTaskElems);
  auto task = [&](int i) { f(n * i / ntasks, n * (i + 1) / ntasks); };
  parallel_for(static_cast<int>(ntasks), threads, task, cost_per_elem * static_cast<double>(n));
}

template <class T>
void addn_t(const void* const* inputs, int k, T* out, int64_t n, int threads) {
  split(n, threads, 0.1 * (k + 1) * sizeof(T) / 4.0, [&](int64_t b, int64_t e) {
    constexpr int64_t C = 1024;
    using Acc = typename std::conditional<std::is_same<T, int32_t>::value, uint32_t, double>::type;
    Acc acc[C];
    for (int64_t s = b; s < e; s += C) {
      const int64_t len = std::min(C, e - s);
      const T* x0 = static_cast<const T*>(inputs[0]) + s;
      for (int64_t i = 0; i < len; i++) acc[i] = Acc(0) + static_cast<Acc>(x0[i]);  // 0 + x as the reference (-0 -> +0)
      for (int j = 1; j < k; j++) {
        const T* x = static_cast<const T*>(inputs[j]) + s;
        for (int64_t i = 0; i < len; i++) acc[i] += static_cast<Acc>(x[i]);
      }
      for (int64_t i = 0; i < len; i++) out[s + i] = static_cast<T>(acc[i]);
    }
  });
}

// JS ToInt32 of a float value as the reference's Cast: NaN -> 0, +-Inf saturate, otherwise
// truncate toward zero and wrap modulo 2^32.
inline int32_t to_int32(double x) {
  if (x != x) return 0;
  if (x >= -2147483648.0 && x < 2147483648.0) return static_cast<int32_t>(x);
  if (x == INFINITY) return INT32_MAX;
  if (x == -INFINITY) return INT32_MIN;
  const double m = std::fmod(std::trunc(x), 4294967296.0);  // exact, in (-2^32, 2^32)
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(m)));
}

template <class S, class D>
void cast_t(const S* in, D* out, int64_t n, int threads) {
  split(n, threads, 0.1 * (sizeof(S) + sizeof(D)) / 4.0, [&](int64_t b, int64_t e) {
    if constexpr (std::is_same<D, int32_t>::value && !std::is_same<S, int32_t>::value) {
      for (int64_t i = b; i < e; i++) out[i] = to_int32(static_cast<double>(in[i]));
    } else {
      for (int64_t i = b; i < e; i++) out[i] = static_cast<D>(in[i]);
    }
  });
}
}  // namespace

void ew_addn(DType dt, const void* const* inputs, int n_inputs, void* out, int64_t n, int threads) {
  if (n == 0) return;
  switch (dt) {
    case DType::kF64: addn_t<double>(inputs, n_inputs, static_cast<double*>(out), n, threads); break;
    case DType::kI32: addn_t<int32_t>(inputs, n_inputs, static_cast<int32_t*>(out), n, threads); break;
    default: addn_t<float>(inputs, n_inputs, static_cast<float*>(out), n, threads); break;
  }
}

void ew_cast(DType from, const void* in, DType to, void* out, int64_t n, int threads) {
  if (n == 0) return;
  auto go = [&](auto* src) {
    switch (to) {
      case DType::kF64: cast_t(src, static_cast<double*>(out), n, threads); break;
      case DType::kI32: cast_t(src, static_cast<int32_t*>(out), n, threads); break;
      default: cast_t(src, static_cast<float*>(out), n, threads); break;
    }
  };
  switch (from) {
    case DType::kF64: go(static_cast<const double*>(in)); break;
    case DType::kI32: go(static_cast<const int32_t*>(in)); break;
    default: go(static_cast<const float*>(in)); break;
  }
}

}  // namespace tg
