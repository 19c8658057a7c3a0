// Reductions, softmax and bias loops (reduce_kernel.h) compiled for scalar.
#define TG_ISA_NS scalar
#include "reduce_kernel.h"
namespace tg {
const ReduceKernels& reduce_kernels_scalar() {
  static const ReduceKernels k = scalar::make_kernels();
  return k;
}
}  // namespace tg
