// Output buffers for kernels. Inside a Session run a kernel asks its KernelContext: the plan's
// buffer pool hands out recycled buffers (client/buffer_pool.ts), and an elementwise kernel may
// take over an input it is the last reader of. Outside a run (kernels called directly, constant
// folding) these fall back to fresh allocations.

import { NDArray } from '../../framework/ndarray.js';
import type { DType } from '../../framework/dtypes.js';
import type { KernelContext } from '../../framework/op_def.js';

export type NativeDType = 'float32' | 'float64' | 'int32';
export const isNativeDType = (d: DType): d is NativeDType => d === 'float32' || d === 'float64' || d === 'int32';

// Fresh allocation. A new typed array costs ~1-2 µs in V8 whatever its size (a backing store is
// calloc'ed and registered), which is as long as a 64x64 product; a view on an existing buffer
// costs ~50 ns. Small outputs are therefore carved from 1 MiB slabs (a slab lives while any of its
// views does), large ones get their own uninitialised buffer. Callers must write every element.
const SLAB_BYTES = 1 << 20;
const SLAB_MAX_PIECE = 1 << 16;
const HEAP_MAX_BYTES = 64;  // V8 keeps arrays this small on its heap: cheap already
let slab: ArrayBuffer | null = null;
let slabUsed = SLAB_BYTES;

function carve(bytes: number): [ArrayBuffer, number] {
  const need = (bytes + 63) & ~63;  // 64-byte aligned pieces
  if (slabUsed + need > SLAB_BYTES || !slab) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES).buffer as ArrayBuffer;
    slabUsed = 0;
  }
  const off = slabUsed;
  slabUsed += need;
  return [slab, off];
}

/** A new array for a kernel that writes every element of it (contents start undefined). */
export function outputArray<D extends NativeDType>(dtype: D, shape: readonly number[]): NDArray<D> {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  const es = dtype === 'float64' ? 8 : 4;
  const bytes = es * n;
  if (bytes <= HEAP_MAX_BYTES) return NDArray.zeros(dtype, shape);
  const [buf, off] = bytes <= SLAB_MAX_PIECE ? carve(bytes) : [Buffer.allocUnsafeSlow(bytes).buffer as ArrayBuffer, 0];
  const data = dtype === 'float32' ? new Float32Array(buf, off, n) : dtype === 'float64' ? new Float64Array(buf, off, n) : new Int32Array(buf, off, n);
  return new NDArray(dtype, shape, data as NDArray<D>['data']);
}

/** Output `index` of the running kernel: from the run's pool when there is one, else fresh. */
export function allocOutput<D extends NativeDType>(ctx: KernelContext | undefined, dtype: D, shape: readonly number[], index = 0): NDArray<D> {
  if (ctx?.allocate) return ctx.allocate(index, dtype, shape) as NDArray<D>;
  return outputArray(dtype, shape);
}

/**
 * For elementwise kernels: the first of `candidates` (input indices) that may be overwritten in
 * place with this dtype and shape, else a new output (allocOutput).
 */
export function forwardOrAllocate<D extends NativeDType>(ctx: KernelContext | undefined, candidates: readonly number[], dtype: D, shape: readonly number[]): NDArray<D> {
  if (ctx?.forwardInput) {
    for (let i = 0; i < candidates.length; i++) {
      const f = ctx.forwardInput(candidates[i], dtype, shape);
      if (f) return f as NDArray<D>;
    }
  }
  return allocOutput(ctx, dtype, shape);
}
