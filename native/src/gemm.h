// GEMM and batched matmul over row-major buffers owned by the caller (pure C++, no N-API).
//   C[m,n] = op(A)[m,k] · op(B)[k,n],  op(X) = X or Xᵀ (transposes are handled while packing).
// Callers (binding.cc) have already checked every size; these functions trust them.
#pragma once

#include <cstdint>

#include "cpu.h"

namespace tg {

enum class DType { kF32 = 0, kF64 = 1, kI32 = 2 };
constexpr int kMaxBatchRank = 16;

// One single-threaded product of a (sub)matrix: row strides lda/ldb/ldc, in elements.
struct GemmBlock {
  const void* a;
  const void* b;
  void* c;
  int64_t m, n, k, lda, ldb, ldc;
  bool ta, tb;
};

// What an ISA translation unit provides for one dtype.
struct GemmKernel {
  int mr, nr;                       // register tile (rows x cols of C)
  void (*run)(const GemmBlock& g);  // C = op(A) op(B) for the block, k > 0
};

// The batch dims of a broadcast batched matmul: C's batch index i (row-major over dims)
// reads A at offset Σ idx_d · a_stride[d] (0 where A is broadcast along d), B likewise.
struct BatchLayout {
  int rank = 0;
  int64_t dims[kMaxBatchRank];
  int64_t a_stride[kMaxBatchRank];
  int64_t b_stride[kMaxBatchRank];
};

struct MatMulArgs {
  DType dtype;
  const void* a;
  const void* b;
  void* c;
  int64_t m, n, k;
  bool ta, tb;
  BatchLayout batch;  // rank 0: a single product
};

// Runs the (batched) product on up to `threads` threads (<= 0: the pool's default), with the
// kernels of `isa` (normally current_isa()).
void matmul(const MatMulArgs& args, int threads, Isa isa);

// Per-ISA kernels (gemm_scalar.cc, gemm_avx2.cc, gemm_avx512.cc).
GemmKernel gemm_kernel_scalar(DType dt);
GemmKernel gemm_kernel_avx2(DType dt);
GemmKernel gemm_kernel_avx512(DType dt);

// Register-only FMA throughput of one thread for `iters` iterations; returns FLOPs done
// (f32). Used by the peak probe.
double fma_probe_scalar(int64_t iters);
double fma_probe_avx2(int64_t iters);
double fma_probe_avx512(int64_t iters);

}  // namespace tg
