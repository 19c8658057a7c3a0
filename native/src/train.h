// Fused optimizer updates (TF's training ops), in place on the variable's buffer and its slots
// (pure C++, no N-API; the binding has checked sizes and aliasing). Every arithmetic step is
// rounded to the element type in the order of the reference kernels
// (src/backend/reference/training_ops.ts), without contraction into FMAs, so the results are
// bit-identical to the reference (and to TF's float32 trajectories). A gradient may be the
// same buffer as a slot: every element is read before it is written.
#pragma once

#include <cstdint>

#include "cpu.h"
#include "gemm.h"  // DType

namespace tg {

enum class TrainOp {
  kGradientDescent = 0,  // refs: var;             scalars: lr
  kMomentum = 1,         // refs: var, accum;      scalars: lr, momentum;   flag: nesterov
  kAdagrad = 2,          // refs: var, accum;      scalars: lr;             flag: update_slots
  kAdadelta = 3,         // refs: var, accum, accum_update; scalars: lr, rho, epsilon
  kRMSProp = 4,          // refs: var, ms, mom;    scalars: lr, rho, momentum, epsilon
  kCenteredRMSProp = 5,  // refs: var, mg, ms, mom; scalars: lr, rho, momentum, epsilon
  kAdam = 6,             // refs: var, m, v;       scalars: beta1_power, beta2_power, lr, beta1, beta2, epsilon; flag: nesterov
};
constexpr int kTrainOps = 7;
// Number of reference (variable + slot) buffers and of scalars of each op.
constexpr int kTrainRefs[kTrainOps] = {1, 2, 2, 3, 3, 4, 3};
constexpr int kTrainScalars[kTrainOps] = {1, 2, 1, 3, 4, 4, 6};

struct TrainArgs {
  TrainOp op;
  DType dt;  // kF32 or kF64
  void* refs[4];
  const void* grad;
  double scalars[6];  // already values of dt (float32 scalars are exact floats)
  bool flag;
  int64_t n;
};

void train_apply(const TrainArgs& a, int threads, Isa isa);

// Per ISA: the update of elements [i0, i1).
using TrainFn = void (*)(const TrainArgs& a, int64_t i0, int64_t i1);
TrainFn train_kernel_scalar(TrainOp op, DType dt, bool flag);
TrainFn train_kernel_avx2(TrainOp op, DType dt, bool flag);

}  // namespace tg
