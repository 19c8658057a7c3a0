// Reductions, ArgMax/ArgMin, the softmax family, BiasAdd/BiasAddGrad and Transpose over
// row-major buffers owned by the caller (pure C++, no N-API). The binding (binding_reduce.cc)
// has checked every size, dtype and alias; these functions trust their arguments.
//
// Semantics follow the reference kernels (src/backend/reference/{reduce,softmax,nn_misc}.ts):
//  - Sum/Mean/Prod of float32 accumulate in double (in 16 lanes, combined pairwise), Max/Min
//    propagate NaN, empty Max/Min give -inf/+inf (int32: INT32_MIN/INT32_MAX), empty Mean of
//    floats is NaN, int32 Sum/Mean are exact in int64 (Mean truncates), int32 Prod wraps.
//  - ArgMax/ArgMin: the first index of the extreme value (NaN only wins at index 0, as `v > best`).
#pragma once

#include <cstdint>

#include "cpu.h"
#include "gemm.h"  // DType

namespace tg {

constexpr int kReduceMaxRank = 32;

enum class ReduceOp { kSum = 0, kMean = 1, kMax = 2, kMin = 3, kProd = 4 };

// out (dtype dt, the kept dims in order) = op over the dims d with reduced[d].
void reduce(DType dt, ReduceOp op, const void* x, void* out, int rank, const int64_t* dims, const bool* reduced, int threads, Isa isa);

// x viewed as [outer, len, inner] (len >= 1): out[o*inner + i] = arg-extreme over len.
// out is int64 when out64, else int32.
void arg_reduce(DType dt, bool is_min, const void* x, void* out, bool out64, int64_t outer, int64_t len, int64_t inner, int threads, Isa isa);

// Softmax / LogSoftmax of each row of `depth` (float32/float64).
void softmax(DType dt, bool log, const void* x, void* y, int64_t rows, int64_t depth, int threads, Isa isa);

// Dense softmax cross-entropy: logits [lb, lc], labels [yb, yc], each dim 1 or the full size.
void softmax_xent(DType dt, const void* logits, const void* labels, void* loss, void* back, int64_t lb, int64_t lc, int64_t yb,
                  int64_t yc, int threads, Isa isa);
// Sparse: labels (int32 or int64 when labels64) are in [0, depth) (checked by the caller).
void sparse_softmax_xent(DType dt, const void* logits, const void* labels, bool labels64, void* loss, void* back, int64_t batch,
                         int64_t depth, int threads, Isa isa);

// y = x + bias[c], x viewed as [outer, channels, inner]; y may be x.
void bias_add(DType dt, const void* x, const void* bias, void* y, int64_t outer, int64_t channels, int64_t inner, int threads, Isa isa);
// db[c] = sum of dy over outer and inner.
void bias_add_grad(DType dt, const void* dy, void* db, int64_t outer, int64_t channels, int64_t inner, int threads, Isa isa);

constexpr int kTransposeMaxRank = 16;
// y = transpose(x, perm) for elements of elem_bytes (4 or 8): y's dim i is x's dim perm[i].
void transpose(int elem_bytes, const void* x, void* y, int rank, const int64_t* dims, const int* perm, int threads);

// What each ISA translation unit provides (reduce_{scalar,avx2,avx512}.cc). Accumulators:
// float32 Sum/Mean/Prod in double, int32 Sum/Mean in int64, int32 Prod in uint32.
struct ReduceKernels {
  // acc[0] = op(acc[0], x[0..n))
  void (*row[3][5])(const void* x, int64_t n, void* acc);
  // acc[j] = op(acc[j], x[j]) for j < n
  void (*col[3][5])(void* acc, const void* x, int64_t n);
  // [outer, len, inner] ranges of outer, int32 / int64 output; [dtype][is_min][out64]
  void (*arg[3][2][2])(const void* x, void* out, int64_t o0, int64_t o1, int64_t len, int64_t inner);
  // rows [r0, r1)
  void (*softmax[2][2])(const void* x, void* y, int64_t r0, int64_t r1, int64_t depth);  // [dtype][log]
  void (*xent[2])(const void* logits, const void* labels, void* loss, void* back, int64_t b0, int64_t b1, int64_t lb, int64_t lc,
                  int64_t yb, int64_t yc);
  void (*sparse_xent[2][2])(const void* logits, const void* labels, void* loss, void* back, int64_t b0, int64_t b1, int64_t depth);
  void (*bias_add[2])(const void* x, const void* bias, void* y, int64_t o0, int64_t o1, int64_t channels, int64_t inner);
  // db[c0, c1) over all outer and inner (double accumulation for float32)
  void (*bias_grad[2])(const void* dy, void* db, int64_t outer, int64_t channels, int64_t inner, int64_t c0, int64_t c1);
};

const ReduceKernels& reduce_kernels_scalar();
const ReduceKernels& reduce_kernels_avx2();
const ReduceKernels& reduce_kernels_avx512();

}  // namespace tg
