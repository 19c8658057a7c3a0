// Conv2D and its two backprops over NHWC inputs and HWIO filters, as im2col + GEMM (pure C++,
// no N-API). Callers (binding_conv.cc) have checked every size against its buffer; these
// functions trust them.
//
//   forward          y[P, O]  = cols[P, K] · W[K, O]              (P = N·outH·outW, K = fh·fw·C)
//   backprop filter  dW[K, O] = Σ_tiles colsᵀ[K, R] · dy[R, O]
//   backprop input   dcols[R, K] = dy[R, O] · Wᵀ[O, K], then col2im (scatter-add) into dx
//
// cols is never materialised for the whole batch: it is built in tiles of R pixel rows (a
// bounded, thread-local scratch of ~128 KiB), each tile multiplied by the GEMM's single-thread
// block kernel (gemm.h), and the tiles are spread over the thread pool. A 1x1 convolution with
// stride 1 and no padding is a plain matmul (no im2col). Single-channel inputs (in_c == 1) use
// the transposed layout colsT [K, R] (im2col_t1: each tap's run of pixels is one contiguous
// copy), and with fewer than 16 output channels the forward pass computes yᵀ = Wᵀ · colsT (full
// vectors) and transposes it into y. The input gradient's col2im scatters within one image, so
// images (not tiles) are its tasks, unless there are fewer images than threads.
#pragma once

#include <cstdint>

#include "cpu.h"
#include "gemm.h"

namespace tg {

struct ConvGeom {
  int64_t batch, in_h, in_w, in_c;  // input [batch, in_h, in_w, in_c]
  int64_t f_h, f_w, out_c;          // filter [f_h, f_w, in_c, out_c]
  int64_t out_h, out_w;             // output [batch, out_h, out_w, out_c]
  int64_t stride_h, stride_w;       // >= 1
  int64_t dil_h, dil_w;             // >= 1
  int64_t pad_top, pad_left;        // >= 0 (padding below/right follows from out_h / out_w)
};

// dt: kF32 or kF64. threads <= 0: the pool's default.
void conv2d(DType dt, const void* x, const void* f, void* y, const ConvGeom& g, int threads, Isa isa);
void conv2d_backprop_input(DType dt, const void* dy, const void* f, void* dx, const ConvGeom& g, int threads, Isa isa);
void conv2d_backprop_filter(DType dt, const void* x, const void* dy, void* df, const ConvGeom& g, int threads, Isa isa);

}  // namespace tg
