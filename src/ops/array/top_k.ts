// TopKV2 (tf.nn.top_k / tf.math.top_k) and Unique (tf.unique).

import type { DType } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, formatShape } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError } from '../../framework/errors.js';
import { indexAt } from '../../backend/reference/array_kernels.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, REAL, checkDType } from '../dtype_sets.js';
import { constScalar, isOptions, requireRank, requireRankAtLeast, subDims } from './shape_util.js';

export interface TopKOptions { k?: TensorLike; sorted?: boolean; indexType?: 'int32' | 'int64'; name?: string }

export const TopKV2 = defineOp<{ sorted: boolean; indexType: DType }>({
  type: 'TopKV2',
  infer: ([x, kT], a) => {
    checkDType('input', x.dtype, REAL);
    checkDType('k', kT.dtype, INDEX);
    requireRankAtLeast(x.shape, 1);
    requireRank(kT.shape, 0);
    const k = constScalar(kT);
    if (k !== null && k < 0) throw new ShapeError(`Dimension size, given by scalar input 1, must be non-negative but is ${k}`);
    const last = x.shape.dim(-1);
    if (last !== null && k !== null && last < k) throw new ShapeError(`input must have last dimension >= k = ${k} but is ${last}`);
    const s = x.shape.rank === null ? TensorShape.unknown() : new TensorShape([...subDims(x.shape, 0, -1)!, k]);
    return [{ dtype: x.dtype, shape: s }, { dtype: a.indexType, shape: s }];
  },
  kernel: ([x, kT], a) => {
    const k = indexAt(kT, 0);
    if (k < 0) throw new InvalidArgumentError(`Need k >= 0, got ${k}`);
    if (x.rank < 1) throw new InvalidArgumentError(`input must be >= 1-D, got shape ${formatShape(x.shape)}`);
    const n = x.shape[x.rank - 1];
    if (n < k) throw new InvalidArgumentError(`input must have at least k columns. Had ${n}, needed ${k}`);
    const rows = n ? x.size / n : 0;
    const outShape = [...x.shape.slice(0, -1), k];
    const values = NDArray.zeros(x.dtype, outShape), indices = NDArray.zeros(a.indexType, outShape);
    const X = x.data as ArrayLike<number | bigint>, V = values.data as unknown as (number | bigint)[];
    const order = new Array<number>(n);
    for (let r = 0; r < rows; r++) {
      sortRow(X, r * n, n, k, order);
      for (let j = 0; j < k; j++) {
        V[r * k + j] = X[r * n + order[j]];
        if (a.indexType === 'int64') (indices.data as BigInt64Array)[r * k + j] = BigInt(order[j]);
        else (indices.data as Int32Array)[r * k + j] = order[j];
      }
    }
    return [values, indices];
  },
  grad: (op, [dy]) => (dy ? [topKGrad(op.inputs[0], op.outputs[1], dy), null] : [null, null]),
});

/**
 * Orders one row's column indices largest value first, equal values by index. A row with
 * NaNs that TF sorts whole (k == n) is ordered exactly as its std::sort (an insertion sort
 * for n <= 16, with comparator b < a) leaves it; otherwise NaN counts as smallest.
 */
function sortRow(X: ArrayLike<number | bigint>, base: number, n: number, k: number, order: number[]): void {
  let nan = false;
  for (let i = 0; i < n; i++) { order[i] = i; const v = X[base + i]; if (v !== v) nan = true; }
  if (nan && k === n && n <= 16) {
    const before = (a: number, b: number) => X[base + b] < X[base + a];
    for (let i = 1; i < n; i++) {
      const val = order[i];
      if (before(val, order[0])) { for (let j = i; j > 0; j--) order[j] = order[j - 1]; order[0] = val; continue; }
      let j = i;
      while (before(val, order[j - 1])) { order[j] = order[j - 1]; j--; }
      order[j] = val;
    }
    return;
  }
  order.sort((i, j) => {
    const [u, v] = [X[base + i], X[base + j]];
    if (u !== u) return v !== v ? i - j : 1;
    if (v !== v) return -1;
    return u > v ? -1 : u < v ? 1 : i - j;
  });
}

/** TF's _TopKGrad: scatter dy back to the positions the indices came from. */
function topKGrad(input: Tensor, ind: Tensor, grad: Tensor): Tensor {
  const inShape = shape(input);
  const indShape = shape(ind);
  const indLast = gather(cast(indShape, 'int64'), opSub(size(indShape), 1));
  const ind2d = reshape(ind, stack([-1, indLast]));
  const inLast = gather(cast(inShape, 'int64'), opSub(size(inShape), 1));
  const outer = index(shape(ind2d), 0);
  const offsets = cast(expandDims(range(0, opMul(cast(outer, 'int64'), inLast), inLast), -1), 'int32');
  const flat = reshape(opAdd(ind2d, offsets), [-1]);
  return reshape(scatterNd(expandDims(flat, -1), reshape(grad, [-1]), [reduceProd(inShape)]), inShape);
}

/**
 * The `k` largest entries of the last dimension and their indices (tf.nn.top_k, op TopKV2),
 * largest first; equal values keep their order.
 *
 * ```ts
 * const { values, indices } = tf.topK(tf.constant([1, 5, 3, 5]), 2);
 * values;    // [5, 5]
 * indices;   // [1, 3]
 * ```
 */
export function topK(input: TensorLike, k: TensorLike | TopKOptions = 1, opts: TopKOptions = {}): { values: Tensor; indices: Tensor } {
  if (isOptions(k)) { opts = k as TopKOptions; k = opts.k ?? 1; }
  return withScope(opts.name, 'TopKV2', [input, k], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    const kt = convertToTensor(k as TensorLike, { name: 'k', dtypeHint: 'int32' });
    const [values, indices] = refinedAll(g.addOp(TopKV2, [x, kt], { sorted: opts.sorted ?? true, indexType: opts.indexType ?? 'int32' }, { name: scope }));
    return { values, indices };
  });
}

export const Unique = defineOp<{ outIdx: DType }>({
  type: 'Unique',
  infer: ([x], a) => {
    checkDType('out_idx', a.outIdx, INDEX);
    requireRank(x.shape, 1);
    return [{ dtype: x.dtype, shape: new TensorShape([null]) }, { dtype: a.outIdx, shape: x.shape.rank === null ? new TensorShape([null]) : x.shape }];
  },
  kernel: ([x], a) => {
    if (x.rank !== 1) throw new InvalidArgumentError('unique expects a 1D vector.');
    const n = x.size;
    const seen = new Map<unknown, number>();
    const first: number[] = [];
    const idx = NDArray.zeros(a.outIdx, [n]);
    for (let i = 0; i < n; i++) {
      let key: unknown;
      if (x.dtype === 'complex64') key = `${(x.data as Float32Array)[2 * i]},${(x.data as Float32Array)[2 * i + 1]}`;
      else key = (x.data as unknown as unknown[])[i];
      if (key !== key) key = Symbol('NaN'); // NaN never equals itself
      let u = seen.get(key);
      if (u === undefined) { u = first.length; seen.set(key, u); first.push(i); }
      if (a.outIdx === 'int64') (idx.data as BigInt64Array)[i] = BigInt(u); else (idx.data as Int32Array)[i] = u;
    }
    const y = NDArray.zeros(x.dtype, [first.length]);
    const w = x.dtype === 'complex64' ? 2 : 1;
    const X = x.data as unknown as unknown[], Y = y.data as unknown as unknown[];
    first.forEach((src, j) => { for (let s = 0; s < w; s++) Y[j * w + s] = X[src * w + s]; });
    return [y, idx];
  },
  noGradient: true,
});

/**
 * The unique elements of a 1-D tensor in order of first appearance, and for each input
 * element the index of its value in `y` (tf.unique).
 *
 * ```ts
 * const { y, idx } = tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8]);
 * y;     // [1, 2, 4, 7, 8]
 * idx;   // [0, 0, 1, 2, 2, 2, 3, 4, 4]
 * ```
 */
export function unique(x: TensorLike, opts: { outIdx?: 'int32' | 'int64'; name?: string } = {}): { y: Tensor; idx: Tensor } {
  return withScope(opts.name, 'Unique', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'x' });
    const [y, idx] = g.addOp(Unique, [t], { outIdx: opts.outIdx ?? 'int32' }, { name: scope }).outputs;
    return { y, idx };
  });
}

import { shape, size } from './shape.js';
import { gather, scatterNd } from './gather.js';
import { reshape, expandDims } from './reshape.js';
import { stack } from './pack.js';
import { index } from './indexing.js';
import { range } from './fill.js';
import { opAdd, opMul, opSub } from './operators.js';
import { cast } from '../math/cast.js';
import { reduceProd } from '../math/reduce.js';
import { refinedAll } from './fold.js';
