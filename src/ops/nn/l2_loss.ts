// L2Loss (sum(t ** 2) / 2, TF op `L2Loss`) and InTopKV2 (tf.nn.in_top_k).

import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, mergeDim, withRank } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { l2Loss as l2LossKernel, inTopK as inTopKKernel } from '../../backend/reference/nn_misc.js';
import { fromFloat64 } from '../../backend/reference/conv.js';
import { FLOATS, INDEX, checkDType, checkSameDType } from '../dtype_sets.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { opMul } from '../array/operators.js';

export const L2Loss = defineOp({
  type: 'L2Loss',
  infer: ([t]) => {
    checkDType('t', t.dtype, FLOATS);
    return [{ dtype: t.dtype, shape: TensorShape.scalar() }];
  },
  kernel: ([t]) => fromFloat64(t.dtype, [], Float64Array.of(l2LossKernel(t.data as ArrayLike<number>))),
  grad: (op, [dy]) => [dy ? opMul(op.inputs[0], dy) : null],
});

/**
 * sum(t ** 2) / 2, without the square root — tf.nn.l2_loss (op `L2Loss`), the usual weight
 * decay term.
 *
 * ```ts
 * tf.nn.l2Loss(tf.constant([1, 2, 3], 'float32'));   // 7
 * ```
 */
export function l2Loss(t: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'L2Loss', [t], (scope, g) => {
    const x = convertToTensor(t, { name: 't' });
    return g.addOp(L2Loss, [x], {}, { name: scope }).outputs[0];
  });
}

export const InTopKV2 = defineOp({
  type: 'InTopKV2',
  infer: ([p, t, k]) => {
    checkDType('predictions', p.dtype, ['float32']);
    checkDType('targets', t.dtype, INDEX);
    checkSameDType('InTopKV2', ['targets', 'k'], [t.dtype, k.dtype]);
    const ps = withRank(p.shape, 2);
    const ts = withRank(t.shape, 1);
    withRank(k.shape, 0);
    return [{ dtype: 'bool', shape: new TensorShape([mergeDim(ps.dim(0), ts.dim(0))]) }];
  },
  kernel: ([p, t, k]) => {
    const [batch, classes] = p.shape;
    if (t.size !== batch) throw new InvalidArgumentError(`First dimension of predictions ${batch} must match length of targets ${t.size}`);
    const kv = Number(k.data[0]);
    return new NDArray('bool', [batch], inTopKKernel(p.data as ArrayLike<number>, batch, classes, t.data as ArrayLike<number | bigint>, kv));
  },
  noGradient: true,
});

/**
 * Whether each target class is among the top `k` predictions — tf.nn.in_top_k (op
 * `InTopKV2`, under the scope 'in_top_k'). Ties with the k-th value count as in; a row with
 * a non-finite prediction gives false.
 *
 * ```ts
 * tf.nn.inTopK(tf.constant([[0.1, 0.9], [0.8, 0.2]]), tf.constant([1, 1]), 1);   // [true false]
 * ```
 */
export function inTopK(predictions: TensorLike, targets: TensorLike, k: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'in_top_k', [predictions, targets, k], () =>
    withScope(opts.name, 'InTopKV2', [predictions, targets, k], (scope, g) => {
      const p = convertToTensor(predictions, { name: 'predictions' });
      const t = convertToTensor(targets, { name: 'targets', dtypeHint: 'int32' });
      const kt = convertToTensor(k, { name: 'k', dtypeHint: t.dtype, dtype: typeof k === 'number' ? t.dtype : undefined });
      return g.addOp(InTopKV2, [p, t, kt], {}, { name: scope }).outputs[0];
    }));
}
