// Native kernels registered for the 'native' backend. Each one checks what the C++ side does
// not handle (dtypes, TF's error wording) and otherwise calls the addon, writing into a freshly
// allocated output; anything else falls through to the reference kernel, which stays the oracle.
//
// Pattern for a new kernel: compute the output shape here (the op's shape function already ran
// at graph time; run-time errors come from the reference kernel, so its wording is TF's),
// allocate with outputArray(), call the addon, register with registerKernel(type, 'native', fn).

import { registerKernel, type Kernel, type Attrs } from '../../framework/op_def.js';
import { NDArray } from '../../framework/ndarray.js';
import type { DType } from '../../framework/dtypes.js';
import { broadcastConcrete } from '../../framework/tensor_shape.js';
import { matmul as referenceMatmul } from '../reference/gemm.js';
import { nativeAddon } from './load.js';
import { packDims, MAX_RANK, type NativeArray } from './binding.js';

type NativeDType = 'float32' | 'float64' | 'int32';
const isNativeDType = (d: DType): d is NativeDType => d === 'float32' || d === 'float64' || d === 'int32';

// Output allocation. A new typed array costs ~1-2 µs in V8 whatever its size (a backing store is
// calloc'ed and registered), which is as long as a 64x64 product; a view on an existing buffer
// costs ~50 ns. Small outputs are therefore carved from 1 MiB slabs (a slab lives while any of its
// views does), large ones get their own uninitialised buffer. Kernels using outputArray() must
// write every element.
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

/**
 * Batched matmul with broadcasting on the native GEMM (f32, f64, int32); other dtypes and
 * every error case run the reference kernel. `threads` 0 uses the pool's default.
 */
export function nativeMatmul(a: NDArray, b: NDArray, ta: boolean, tb: boolean, threads = 0): NDArray {
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
  const out = outputArray(dt, shape);
  addon.matmul(a.data as NativeArray, b.data as NativeArray, out.data, packDims(a.shape, b.shape), (ta ? 1 : 0) | (tb ? 2 : 0) | (Math.max(0, Math.min(threads | 0, 64)) << 2));
  return out;
}

const matMulKernel: Kernel<Attrs> = ([a, b], attrs) => nativeMatmul(a, b, attrs.transposeA === true, attrs.transposeB === true);
const batchMatMulKernel: Kernel<Attrs> = ([a, b], attrs) => nativeMatmul(a, b, attrs.adjX === true, attrs.adjY === true);

registerKernel('MatMul', 'native', matMulKernel);
registerKernel('BatchMatMulV2', 'native', batchMatMulKernel);
