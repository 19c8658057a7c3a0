// Optimizer updates (train_kernel.h) for the baseline x86-64 / portable target.
#define TG_ISA_NS scalar
#include "train_kernel.h"

namespace tg {
TrainFn train_kernel_scalar(TrainOp op, DType dt, bool flag) {
  return dt == DType::kF64 ? scalar::pick<double>(op, flag) : scalar::pick<float>(op, flag);
}
}  // namespace tg
