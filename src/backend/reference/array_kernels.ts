// Element movers shared by the array ops' reference kernels. Ops that only move elements
// (Transpose, Slice, StridedSlice, Tile, Pad, MirrorPad, ReverseV2, GatherV2, BroadcastTo)
// all read "output element at coordinates c comes from input element sum_d table_d[c_d]":
// one odometer over per-dimension offset tables, for every dtype (complex64 elements are
// two slots wide). A negative sum (tables use -Infinity) selects the fill value.

import { NDArray } from '../../framework/ndarray.js';
import type { AnyData, DType } from '../../framework/dtypes.js';
import { sizeOf, stridesOf } from '../../framework/tensor_shape.js';

type Slots = { [i: number]: unknown; length: number };

/** Slots per element: complex64 stores (re, im) pairs. */
export const elemWidth = (dtype: DType): number => (dtype === 'complex64' ? 2 : 1);

/** A per-dimension offset table: entry c is f(c). */
export function table(n: number, f: (c: number) => number): Float64Array {
  const t = new Float64Array(n);
  for (let c = 0; c < n; c++) t[c] = f(c);
  return t;
}

/** Offsets of `begin + c * step` along a dimension with element stride `stride`. */
export function affineTable(n: number, begin: number, step: number, stride: number): Float64Array {
  return table(n, c => (begin + c * step) * stride);
}

/** For every coordinate c of `shape` (row-major): sum_d tables[d][c_d]. */
export function tableOffsets(shape: readonly number[], tables: readonly Float64Array[]): Float64Array {
  const n = sizeOf(shape);
  const offs = new Float64Array(n);
  const r = shape.length;
  if (n === 0 || r === 0) return offs;
  const coord = new Int32Array(r);
  const base = new Float64Array(r);
  for (let d = 0; d < r - 1; d++) base[d + 1] = base[d] + tables[d][0];
  const last = tables[r - 1], m = shape[r - 1];
  let o = 0;
  for (;;) {
    const b = base[r - 1];
    for (let c = 0; c < m; c++) offs[o++] = b + last[c];
    let d = r - 2;
    while (d >= 0) { if (++coord[d] < shape[d]) break; coord[d] = 0; d--; }
    if (d < 0) return offs;
    for (let e = d; e < r - 1; e++) base[e + 1] = base[e] + tables[e][coord[e]];
  }
}

/**
 * out[c] = x.flat[sum_d tables[d][c_d]] for every coordinate c of outShape, or `fill`'s
 * element where that sum is negative.
 */
export function gatherTables<D extends DType>(x: NDArray<D>, outShape: readonly number[], tables: readonly Float64Array[], fill?: NDArray): NDArray<D> {
  return gatherOffsets(x, outShape, tableOffsets(outShape, tables), fill);
}

/** out.flat[i] = x.flat[offs[i]] (or fill's element where offs[i] < 0). */
export function gatherOffsets<D extends DType>(x: NDArray<D>, outShape: readonly number[], offs: ArrayLike<number>, fill?: NDArray): NDArray<D> {
  const out = NDArray.zeros(x.dtype, outShape);
  const X = x.data as unknown as Slots, R = out.data as unknown as Slots;
  const F = fill ? (fill.data as unknown as Slots) : R;
  const n = out.size;
  if (elemWidth(x.dtype) === 1) {
    for (let i = 0; i < n; i++) { const k = offs[i]; R[i] = k >= 0 ? X[k] : F[0]; }
  } else {
    for (let i = 0; i < n; i++) {
      const k = offs[i];
      if (k >= 0) { R[2 * i] = X[2 * k]; R[2 * i + 1] = X[2 * k + 1]; } else { R[2 * i] = F[0]; R[2 * i + 1] = F[1]; }
    }
  }
  return out;
}

/** Copies `len` elements (not slots) from src[srcOff..] to dst[dstOff..]. */
export function copyElems(dtype: DType, dst: AnyData, dstOff: number, src: AnyData, srcOff: number, len: number): void {
  const w = elemWidth(dtype);
  if (Array.isArray(src)) {
    const D = dst as string[];
    for (let i = 0; i < len; i++) D[dstOff + i] = src[srcOff + i];
    return;
  }
  (dst as Float32Array).set((src as Float32Array).subarray(srcOff * w, (srcOff + len) * w), dstOff * w);
}

/** Concatenates same-rank arrays along `axis` (shapes already checked). */
export function concatArrays(xs: readonly NDArray[], axis: number, dtype: DType): NDArray {
  const shape = xs[0].shape.slice();
  shape[axis] = xs.reduce((a, x) => a + x.shape[axis], 0);
  const out = NDArray.zeros(dtype, shape);
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const rowOut = shape[axis] * inner;
  let off = 0;
  for (const x of xs) {
    const row = x.shape[axis] * inner;
    if (row > 0) for (let o = 0; o < outer; o++) copyElems(dtype, out.data, o * rowOut + off, x.data, o * row, row);
    off += row;
  }
  return out;
}

/** The part [start, start + size) of x along `axis`. */
export function sliceAxis(x: NDArray, axis: number, start: number, size: number): NDArray {
  const shape = x.shape.slice();
  shape[axis] = size;
  const out = NDArray.zeros(x.dtype, shape);
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const rowIn = x.shape[axis] * inner, row = size * inner;
  if (row > 0) for (let o = 0; o < outer; o++) copyElems(x.dtype, out.data, o * row, x.data, o * rowIn + start * inner, row);
  return out;
}

/** x with its dimensions permuted: out.shape[i] = x.shape[perm[i]]. */
export function transposeArray<D extends DType>(x: NDArray<D>, perm: readonly number[]): NDArray<D> {
  const st = stridesOf(x.shape);
  const outShape = perm.map(p => x.shape[p]);
  return gatherTables(x, outShape, perm.map((p, i) => affineTable(outShape[i], 0, 1, st[p])));
}

/** Reads element i of a numeric index array (int32 or int64) as a number. */
export function indexAt(a: NDArray, i: number): number {
  return Number((a.data as ArrayLike<number | bigint>)[i]);
}

/** All elements of an int32/int64 array as numbers. */
export function indexList(a: NDArray): number[] {
  return Array.from(a.data as ArrayLike<number | bigint>, Number);
}

/** The multi-index TF prints for flat position i of a tensor shaped `shape`: "1,2". */
export function multiIndex(i: number, shape: readonly number[]): string {
  const out: number[] = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { out[d] = i % shape[d]; i = Math.floor(i / shape[d]); }
  return out.join(',');
}
