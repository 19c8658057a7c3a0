// 2-D max and average pooling over NHWC inputs and their gradients (pure C++, no N-API), with
// the reference kernels' semantics (src/backend/reference/pool.ts, as TF's CPU kernels):
// padded positions never take part; a max starts from the window's first in-bounds value and
// only a strictly greater value replaces it (so the first maximum, in row-major window order,
// gets MaxPoolGrad's gradient, and a NaN is kept only when it comes first); an empty window's
// max is -inf; an average divides by the in-bounds count. Sums are accumulated in double in the
// reference's order, so float32 results are those of the reference bit for bit.
// Callers (binding_conv.cc) have checked every size; these functions trust them.
#pragma once

#include <cstdint>

#include "gemm.h"

namespace tg {

struct PoolGeom {
  int64_t batch, in_h, in_w, c;  // input [batch, in_h, in_w, c]
  int64_t k_h, k_w;              // window, >= 1
  int64_t out_h, out_w;          // output [batch, out_h, out_w, c]
  int64_t stride_h, stride_w;    // >= 1
  int64_t pad_top, pad_left;     // >= 0
};

// dt: kF32 or kF64. threads <= 0: the pool's default.
void max_pool(DType dt, const void* x, void* y, const PoolGeom& g, int threads);
void max_pool_grad(DType dt, const void* x, const void* dy, void* dx, const PoolGeom& g, int threads);
void avg_pool(DType dt, const void* x, void* y, const PoolGeom& g, int threads);
void avg_pool_grad(DType dt, const void* dy, void* dx, const PoolGeom& g, int threads);

}  // namespace tg
