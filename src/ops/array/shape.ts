// The dynamic shape, size and rank of a tensor (TF ops Shape, ShapeN, Size, Rank), and
// BroadcastArgs. As in TF's graph mode, tf.shape/tf.size/tf.rank of a tensor whose static
// shape already answers the question is a Const with the op's name.

import type { DType } from '../../framework/dtypes.js';
import { NDArray, toNDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, broadcastConcrete, broadcastShapes, withRank } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, checkDType } from '../dtype_sets.js';

type Opts = { name?: string; outType?: 'int32' | 'int64' };
/** `optimize: false` always makes a Shape op (TF's gen_array_ops.shape), as some TF compositions do. */
type ShapeOpts = Opts & { optimize?: boolean };

export const Shape = defineOp<{ outType: DType }>({
  type: 'Shape',
  infer: ([x], a) => [{ dtype: a.outType, shape: new TensorShape([x.shape.rank]) }],
  kernel: ([x], a) => toNDArray(x.shape.slice(), a.outType),
  noGradient: true,
});
export const ShapeN = defineOp<{ outType: DType; N: number }>({
  type: 'ShapeN',
  infer: (xs, a) => xs.map(x => ({ dtype: a.outType, shape: new TensorShape([x.shape.rank]) })),
  kernel: (xs, a) => xs.map(x => toNDArray(x.shape.slice(), a.outType)),
  noGradient: true,
});
export const Size = defineOp<{ outType: DType }>({
  type: 'Size',
  infer: (_, a) => [{ dtype: a.outType, shape: TensorShape.scalar() }],
  kernel: ([x], a) => toNDArray(x.size, a.outType),
  noGradient: true,
});
export const Rank = defineOp({
  type: 'Rank',
  infer: () => [{ dtype: 'int32', shape: TensorShape.scalar() }],
  kernel: ([x]) => new NDArray('int32', [], Int32Array.of(x.rank)),
  noGradient: true,
});

/**
 * TF's shape_internal: a Const when the static shape is fully defined (and `optimize`).
 * Without `outType`, the constant is named 'shape_as_tensor' inside the scope, as TF's
 * TensorShape conversion names it.
 */
export function shapeInternal(x: TensorLike, name?: string, optimize = true, outType?: 'int32' | 'int64'): Tensor {
  return withScope(name, 'Shape', [x], (scope, g) => {
    const t = convertToTensor(x);
    if (optimize && t.shape.isFullyDefined) {
      const dims = t.shape.dims as number[];
      if (!outType) return constant(dims, { dtype: 'int32', name: 'shape_as_tensor' });
      return g.addOp(Const_, [], { value: toNDArray(dims, outType), dtype: outType }, { name: scope }).outputs[0];
    }
    return g.addOp(Shape, [t], { outType: outType ?? 'int32' }, { name: scope }).outputs[0];
  });
}
import { Const as Const_ } from '../core.js';

/**
 * The run-time shape of x as a 1-D int32 tensor (tf.shape). A fully known static shape
 * gives a Const, as in TF.
 *
 * ```ts
 * const x = tf.placeholder('float32', [null, 3]);
 * new tf.Session().run(tf.shape(x), [[x, [[1, 2, 3]]]]);   // [1, 3]
 * ```
 */
export function shape(x: TensorLike, opts: ShapeOpts = {}): Tensor {
  return shapeInternal(x, opts.name, opts.optimize ?? true, opts.outType ?? 'int32');
}

/**
 * The shapes of several tensors from one ShapeN op (tf.shape_n).
 *
 * ```ts
 * const [a, b] = tf.shapeN([tf.zeros([2, 3]), tf.zeros([4])]);
 * b;   // [4]
 * ```
 */
export function shapeN(xs: readonly TensorLike[], opts: Opts = {}): Tensor[] {
  return withScope(opts.name, 'ShapeN', xs, (scope, g) => {
    const ts = xs.map(x => convertToTensor(x, { name: 'input' }));
    return g.addOp(ShapeN, ts, { outType: opts.outType ?? 'int32', N: ts.length }, { name: scope }).outputs;
  });
}

/**
 * The number of elements of x (tf.size); a Const when the static shape tells.
 *
 * ```ts
 * tf.size(tf.zeros([2, 3]));   // 6
 * ```
 */
export function size(x: TensorLike, opts: Opts = {}): Tensor {
  return withScope(opts.name, 'Size', [x], (scope, g) => {
    const t = convertToTensor(x);
    const outType = opts.outType ?? 'int32';
    const n = t.shape.numElements ?? (t.shape.dims?.some(d => d === 0) ? 0 : null);
    if (n !== null) return g.addOp(Const_, [], { value: toNDArray(n, outType), dtype: outType }, { name: scope }).outputs[0];
    return g.addOp(Size, [t], { outType }, { name: scope }).outputs[0];
  });
}

/**
 * The rank of x (tf.rank); a Const when the static rank is known.
 *
 * ```ts
 * tf.rank(tf.zeros([2, 3]));   // 2
 * ```
 */
export function rank(x: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'Rank', [x], (scope, g) => {
    const t = convertToTensor(x);
    if (t.shape.rank !== null) return g.addOp(Const_, [], { value: toNDArray(t.shape.rank, 'int32'), dtype: 'int32' }, { name: scope }).outputs[0];
    return g.addOp(Rank, [t], {}, { name: scope }).outputs[0];
  });
}

export const BroadcastArgs = defineOp({
  type: 'BroadcastArgs',
  infer: ([s0, s1]) => {
    checkDType('s0', s0.dtype, INDEX);
    withRank(s0.shape, 1); withRank(s1.shape, 1);
    const [a, b] = [s0.value(), s1.value()];
    if (a && b) {
      const out = broadcastShapes(new TensorShape(Array.from(a.data as ArrayLike<number | bigint>, Number)), new TensorShape(Array.from(b.data as ArrayLike<number | bigint>, Number)));
      return [{ dtype: s0.dtype, shape: new TensorShape([out.rank]) }];
    }
    const [n0, n1] = [s0.shape.dim(0), s1.shape.dim(0)];
    return [{ dtype: s0.dtype, shape: new TensorShape([n0 !== null && n1 !== null ? Math.max(n0, n1) : null]) }];
  },
  kernel: ([s0, s1]) => {
    const a = Array.from(s0.data as ArrayLike<number | bigint>, Number), b = Array.from(s1.data as ArrayLike<number | bigint>, Number);
    const out = broadcastConcrete(a, b);
    if (!out) throw new InvalidArgumentError(`Incompatible shapes: [${a.join(',')}] vs. [${b.join(',')}]`);
    return toNDArray(out, s0.dtype);
  },
  noGradient: true,
});

/**
 * The broadcast of two shape vectors (tf.broadcast_dynamic_shape; op BroadcastArgs).
 *
 * ```ts
 * tf.broadcastDynamicShape([2, 1], [3]);   // [2, 3]
 * ```
 */
export function broadcastDynamicShape(shapeX: TensorLike, shapeY: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'BroadcastArgs', [shapeX, shapeY], (scope, g) => {
    const a = convertToTensor(shapeX, { name: 's0', dtypeHint: 'int32' });
    const b = convertToTensor(shapeY, { name: 's1', dtypeHint: 'int32' });
    return refined(g.addOp(BroadcastArgs, [a, b], {}, { name: scope }));
  });
}
import { refined } from './fold.js';
