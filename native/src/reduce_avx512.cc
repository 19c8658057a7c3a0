// Reductions, softmax and bias loops (reduce_kernel.h) compiled for avx512.
#if defined(__x86_64__) || defined(_M_X64)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi2")
#endif
#define TG_ISA_NS avx512
#include "reduce_kernel.h"
namespace tg {
const ReduceKernels& reduce_kernels_avx512() {
  static const ReduceKernels k = avx512::make_kernels();
  return k;
}
}  // namespace tg
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#else  // not x86-64: never selected
#include "reduce.h"
namespace tg {
const ReduceKernels& reduce_kernels_avx512() { return reduce_kernels_scalar(); }
}  // namespace tg
#endif
