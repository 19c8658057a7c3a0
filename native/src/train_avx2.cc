// Optimizer updates (train_kernel.h) for AVX2, deliberately without FMA (no contraction can
// change a rounding). The AVX-512 path uses these too: the updates are memory-bound.
#if defined(__x86_64__) || defined(_M_X64)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif
#define TG_ISA_NS avx2
#include "train_kernel.h"

namespace tg {
TrainFn train_kernel_avx2(TrainOp op, DType dt, bool flag) {
  return dt == DType::kF64 ? avx2::pick<double>(op, flag) : avx2::pick<float>(op, flag);
}
}  // namespace tg
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#else  // not x86-64: never selected
#include "train.h"
namespace tg {
TrainFn train_kernel_avx2(TrainOp op, DType dt, bool flag) { return train_kernel_scalar(op, dt, flag); }
}  // namespace tg
#endif
