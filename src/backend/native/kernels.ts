// Native kernels registered for the 'native' backend. Each one checks what the C++ side does
// not handle (dtypes, TF's error wording) and otherwise calls the addon, writing into a freshly
// allocated output; anything else falls through to the reference kernel, which stays the oracle.
//
// Pattern for a new kernel: compute the output shape here (the op's shape function already ran
// at graph time; run-time errors come from the reference kernel, so its wording is TF's),
// allocate with allocOutput(ctx, ...) / forwardOrAllocate (alloc.ts: the run's buffer pool), call
// the addon, register with registerKernel(type, 'native', fn). Each family lives in its own
// kernels_<family>.ts, imported below.

import { registerKernel, type Kernel, type Attrs, type KernelContext } from '../../framework/op_def.js';
import { NDArray } from '../../framework/ndarray.js';
import type { DType } from '../../framework/dtypes.js';
import { broadcastConcrete } from '../../framework/tensor_shape.js';
import { matmul as referenceMatmul } from '../reference/gemm.js';
import { nativeAddon } from './load.js';
import { allocOutput, isNativeDType, type NativeDType } from './alloc.js';
import './kernels_elementwise.js';
import './kernels_reduce.js';
import './kernels_conv.js';
import './kernels_train.js';
import { packDims, MAX_RANK, type NativeArray } from './binding.js';

/**
 * Batched matmul with broadcasting on the native GEMM (f32, f64, int32); other dtypes and
 * every error case run the reference kernel. `threads` 0 uses the pool's default.
 */
export function nativeMatmul(a: NDArray, b: NDArray, ta: boolean, tb: boolean, threads = 0, ctx?: KernelContext): NDArray {
  const addon = nativeAddon();
  const dt = a.dtype;
  if (!addon || dt !== b.dtype || !isNativeDType(dt) || a.rank < 2 || b.rank < 2 || a.rank > MAX_RANK || b.rank > MAX_RANK) {
    return referenceMatmul(a, b, ta, tb);
  }
  const ra = a.rank, rb = b.rank;
  const m = ta ? a.shape[ra - 1] : a.shape[ra - 2], ka = ta ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = tb ? b.shape[rb - 1] : b.shape[rb - 2], n = tb ? b.shape[rb - 2] : b.shape[rb - 1];
  let shape: number[];
  if (ra === 2 && rb === 2) {
    shape = [m, n];
  } else {
    const batch = broadcastConcrete(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if (!batch) return referenceMatmul(a, b, ta, tb);  // throws TF's message
    shape = [...batch, m, n];
  }
  if (ka !== kb) return referenceMatmul(a, b, ta, tb);
  const out = allocOutput(ctx, dt as NativeDType, shape);
  addon.matmul(a.data as NativeArray, b.data as NativeArray, out.data, packDims(a.shape, b.shape), (ta ? 1 : 0) | (tb ? 2 : 0) | (Math.max(0, Math.min(threads | 0, 64)) << 2));
  return out;
}

const matMulKernel: Kernel<Attrs> = ([a, b], attrs, ctx) => nativeMatmul(a, b, attrs.transposeA === true, attrs.transposeB === true, ctx.threads ?? 0, ctx);
const batchMatMulKernel: Kernel<Attrs> = ([a, b], attrs, ctx) => nativeMatmul(a, b, attrs.adjX === true, attrs.adjY === true, ctx.threads ?? 0, ctx);

registerKernel('MatMul', 'native', matMulKernel);
registerKernel('BatchMatMulV2', 'native', batchMatMulKernel);

