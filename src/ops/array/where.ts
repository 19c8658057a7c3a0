// tf.where: elementwise selection (Select, with broadcasting as SelectV2) and, with only
// a condition, the coordinates of its true elements (Where).

import { NDArray } from '../../framework/ndarray.js';
import { defineOp, type KernelContext } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, broadcastShapes, broadcastConcrete, sizeOf, stridesOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { checkDType, checkSameDType } from '../dtype_sets.js';
import { convertPair } from '../math/elementwise_def.js';
import { zerosLike } from './fill.js';
import { mergeShapesTF } from './shape_util.js';

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

/** TF 1's Select shape function; x and y of different ranks fall back to broadcasting (SelectV2 callers). */
function selectShape(c: TensorShape, x: TensorShape, y: TensorShape): TensorShape {
  if (x.rank !== null && y.rank !== null && x.rank !== y.rank) return broadcastShapes(c, broadcastShapes(x, y));
  const data = mergeShapesTF(x, y);
  if (c.rank === null || data.rank === null || c.rank === 0) return data;
  if (c.rank !== 1 || data.rank === 0) return mergeShapesTF(data, c);
  mergeShapesTF(c, new TensorShape([data.dim(0)]));
  return data;
}

function selectKernel(v2: boolean) {
  return ([c, x, y]: NDArray[], _: unknown, ctx?: KernelContext): NDArray => {
    let cshape = c.shape;
    const xy = broadcastConcrete(x.shape, y.shape);
    if (!xy) throw new InvalidArgumentError(`'then' and 'else' must be broadcastable: [${x.shape}] vs. [${y.shape}]`);
    // TF 1's Select picks whole rows with a vector condition; SelectV2 broadcasts it
    if (!v2 && ctx?.op.type !== 'SelectV2' && c.rank === 1 && xy.length > 1 && c.shape[0] === xy[0]) cshape = [c.shape[0], ...new Array(xy.length - 1).fill(1)];
    const out = broadcastConcrete(cshape, xy);
    if (!out) throw new InvalidArgumentError(`condition of shape [${c.shape}] does not broadcast with [${xy}]`);
    const ic = bcastIndex(cshape, out), ix = bcastIndex(x.shape, out), iy = bcastIndex(y.shape, out);
    const res = NDArray.zeros(x.dtype, out);
    const C = c.data as Uint8Array, X = x.data as unknown as unknown[], Y = y.data as unknown as unknown[], R = res.data as unknown as unknown[];
    if (x.dtype === 'complex64') {
      for (let i = 0; i < ic.length; i++) { const src = C[ic[i]] ? X : Y; const k = C[ic[i]] ? ix[i] : iy[i]; R[2 * i] = src[2 * k]; R[2 * i + 1] = src[2 * k + 1]; }
    } else for (let i = 0; i < ic.length; i++) R[i] = C[ic[i]] ? X[ix[i]] : Y[iy[i]];
    return res;
  };
}

export const Select = defineOp({
  type: 'Select',
  infer: ([c, x, y]) => {
    checkDType('condition', c.dtype, ['bool']);
    checkSameDType('Select', ['t', 'e'], [x.dtype, y.dtype]);
    return [{ dtype: x.dtype, shape: selectShape(c.shape, x.shape, y.shape) }];
  },
  kernel: selectKernel(false),
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null];
    const [c] = op.inputs;
    const z = zerosLike(dy);
    return [null, where(c, dy, z), where(c, z, dy)];
  },
});

export const SelectV2 = defineOp({
  type: 'SelectV2',
  infer: ([c, x, y]) => {
    checkDType('condition', c.dtype, ['bool']);
    checkSameDType('SelectV2', ['t', 'e'], [x.dtype, y.dtype]);
    return [{ dtype: x.dtype, shape: broadcastShapes(c.shape, broadcastShapes(x.shape, y.shape)) }];
  },
  kernel: selectKernel(true),
  // the gradient driver sums away broadcast dimensions
  grad: (op, [dy]) => (dy ? [null, whereV2(op.inputs[0], dy, 0), whereV2(op.inputs[0], 0, dy)] : [null, null, null]),
});

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
 * tf.where(condition, x, y): elements of x where condition is true, else of y (op Select:
 * x and y of one shape; the condition of that shape, a scalar, or a vector over the first
 * dimension). With only `condition`, the int64 coordinates of its true elements (op Where).
 *
 * ```ts
 * tf.where(tf.constant([true, false]), tf.constant([[1, 2], [3, 4]]), tf.constant([[5, 6], [7, 8]]));   // [[1, 2], [7, 8]]
 * tf.where(tf.constant([[false, true], [true, true]]));   // [[0, 1], [1, 0], [1, 1]]
 * ```
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

/**
 * tf.where_v2: like {@link where} but always with full broadcasting; the node is a
 * 'SelectV2'. With only `condition`, the coordinates of its true elements.
 *
 * ```ts
 * tf.whereV2(tf.constant([true, false]), 1, tf.constant([[5, 6]]));   // [[1, 6]]
 * ```
 */
export function whereV2(condition: TensorLike, x?: TensorLike | null, y?: TensorLike | null, opts: { name?: string } = {}): Tensor {
  if (x === undefined || x === null || y === undefined || y === null) return where(condition, x, y, opts);
  return withScope(opts.name, 'SelectV2', [condition, x, y], (scope, g) => {
    const c = convertToTensor(condition, { name: 'condition' });
    const [tx, ty] = convertPair(x, y, ['t', 'e']);
    return g.addOp(SelectV2, [c, tx, ty], {}, { name: scope }).outputs[0];
  });
}
