// The dynamic shape, size and rank of a tensor (TF ops Shape, Size, Rank).

import type { DType } from '../../framework/dtypes.js';
import { NDArray, toNDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';

type Opts = { name?: string; outType?: 'int32' | 'int64' };

export const Shape = defineOp<{ outType: DType }>({
  type: 'Shape',
  infer: ([x], a) => [{ dtype: a.outType, shape: new TensorShape([x.shape.rank]) }],
  kernel: ([x], a) => toNDArray(x.shape.slice(), a.outType),
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
 * The run-time shape of x as a 1-D int32 tensor (tf.shape).
 *
 * ```ts
 * const x = tf.placeholder('float32', [null, 3]);
 * sess.run(tf.shape(x), [[x, [[1, 2, 3]]]]);   // [1 3]
 * ```
 */
export function shape(x: TensorLike, opts: Opts = {}): Tensor {
  return withScope(opts.name, 'Shape', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'input' });
    return g.addOp(Shape, [t], { outType: opts.outType ?? 'int32' }, { name: scope }).outputs[0];
  });
}
/** The number of elements of x (tf.size). */
export function size(x: TensorLike, opts: Opts = {}): Tensor {
  return withScope(opts.name, 'Size', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'input' });
    return g.addOp(Size, [t], { outType: opts.outType ?? 'int32' }, { name: scope }).outputs[0];
  });
}
/** The rank of x (tf.rank). */
export function rank(x: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'Rank', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'input' });
    return g.addOp(Rank, [t], {}, { name: scope }).outputs[0];
  });
}
