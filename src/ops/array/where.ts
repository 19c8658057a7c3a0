// tf.where: elementwise selection (Select, with broadcasting as SelectV2) and, with only
// a condition, the coordinates of its true elements (Where).

import { NDArray } from '../../framework/ndarray.js';
import { defineOp, aliasOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, broadcastShapes, broadcastConcrete, sizeOf, stridesOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { checkDType, checkSameDType } from '../dtype_sets.js';
import { convertPair } from '../math/elementwise_def.js';
import { zerosLike } from './fill.js';

function bcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = sizeOf(outShape);
  const idx = new Int32Array(n);
  const r = outShape.length;
  const st: number[] = new Array(r).fill(0);
  const s = stridesOf(inShape);
  for (let i = inShape.length - 1, j = r - 1; i >= 0; i--, j--) st[j] = inShape[i] === 1 ? 0 : s[i];
  for (let f = 0; f < n; f++) {
    let rem = f, k = 0;
    for (let j = r - 1; j >= 0; j--) { const q = rem % outShape[j]; rem = (rem - q) / outShape[j]; k += q * st[j]; }
    idx[f] = k;
  }
  return idx;
}

export const Select = defineOp({
  type: 'Select',
  infer: ([c, x, y]) => {
    checkDType('condition', c.dtype, ['bool']);
    checkSameDType('Select', ['t', 'e'], [x.dtype, y.dtype]);
    let s = broadcastShapes(x.shape, y.shape);
    // TF 1's Select also accepts a vector condition matching the first dimension
    if (!(c.shape.rank === 1 && (s.rank ?? 0) > 1)) s = broadcastShapes(c.shape, s);
    return [{ dtype: x.dtype, shape: s }];
  },
  kernel: ([c, x, y]) => {
    let cshape = c.shape;
    const xy = broadcastConcrete(x.shape, y.shape);
    if (!xy) throw new InvalidArgumentError(`'then' and 'else' must be broadcastable: [${x.shape}] vs. [${y.shape}]`);
    if (c.rank === 1 && xy.length > 1 && c.shape[0] === xy[0]) cshape = [c.shape[0], ...new Array(xy.length - 1).fill(1)];
    const out = broadcastConcrete(cshape, xy);
    if (!out) throw new InvalidArgumentError(`condition of shape [${c.shape}] does not broadcast with [${xy}]`);
    const ic = bcastIndex(cshape, out), ix = bcastIndex(x.shape, out), iy = bcastIndex(y.shape, out);
    const res = NDArray.zeros(x.dtype, out);
    const C = c.data as Uint8Array, X = x.data as unknown as unknown[], Y = y.data as unknown as unknown[], R = res.data as unknown as unknown[];
    if (x.dtype === 'complex64') {
      for (let i = 0; i < ic.length; i++) { const src = C[ic[i]] ? X : Y; const k = C[ic[i]] ? ix[i] : iy[i]; R[2 * i] = src[2 * k]; R[2 * i + 1] = src[2 * k + 1]; }
    } else for (let i = 0; i < ic.length; i++) R[i] = C[ic[i]] ? X[ix[i]] : Y[iy[i]];
    return res;
  },
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null];
    const [c] = op.inputs;
    const z = zerosLike(dy);
    return [null, where(c, dy, z), where(c, z, dy)];
  },
});
aliasOp('SelectV2', 'Select');

export const Where = defineOp({
  type: 'Where',
  infer: ([c]) => [{ dtype: 'int64', shape: new TensorShape([null, c.shape.rank]) }],
  kernel: ([c]) => {
    const rank = c.rank;
    const strides = stridesOf(c.shape);
    const hits: number[] = [];
    const n = c.size;
    for (let i = 0; i < n; i++) {
      const v = c.dtype === 'complex64' ? (c.data as Float32Array)[2 * i] || (c.data as Float32Array)[2 * i + 1] : (c.data as ArrayLike<unknown>)[i];
      if (v && v !== 0n && v !== '') hits.push(i);
    }
    const out = new BigInt64Array(hits.length * rank);
    hits.forEach((f, h) => { for (let d = 0; d < rank; d++) { out[h * rank + d] = BigInt(Math.floor(f / strides[d]) % c.shape[d]); } });
    return new NDArray('int64', [hits.length, rank], out);
  },
  noGradient: true,
});

/**
 * tf.where(condition, x, y): elements of x where condition is true, else of y (with
 * broadcasting). With only `condition`, the int64 coordinates of its true elements.
 */
export function where(condition: TensorLike, x?: TensorLike | null, y?: TensorLike | null, opts: { name?: string } = {}): Tensor {
  if ((x === undefined || x === null) !== (y === undefined || y === null)) {
    throw new TypeError('x and y must both be given or both be omitted in tf.where');
  }
  if (x === undefined || x === null) {
    return withScope(opts.name, 'Where', [condition], (scope, g) => {
      const c = convertToTensor(condition, { name: 'condition' });
      return g.addOp(Where, [c], {}, { name: scope }).outputs[0];
    });
  }
  return withScope(opts.name, 'Select', [condition, x, y], (scope, g) => {
    const c = convertToTensor(condition, { name: 'condition' });
    const [tx, ty] = convertPair(x, y!, ['t', 'e']);
    return g.addOp(Select, [c, tx, ty], {}, { name: scope }).outputs[0];
  });
}
