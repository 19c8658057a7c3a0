// SoftmaxCrossEntropyWithLogits and SparseSoftmaxCrossEntropyWithLogits (TF ops): two
// outputs each, the per-row loss and its gradient (backprop = softmax - labels). Their
// gradient rules are TF's, including the second-order term through `backprop`.

import { defineOp } from '../../framework/op_def.js';
import type { Operation } from '../../framework/operation.js';
import type { Tensor } from '../../framework/tensor.js';
import type { NDArray } from '../../framework/ndarray.js';
import { TensorShape, broadcastShapes, mergeDim, withRank } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { softmaxXent, sparseSoftmaxXent } from '../../backend/reference/softmax.js';
import { fromFloat64 } from '../../backend/reference/conv.js';
import { FLOATS, INDEX, checkDType, checkSameDType } from '../dtype_sets.js';
import { withScope } from '../core.js';
import { expandDims, squeeze } from '../array/reshape.js';
import { matmul } from '../math/matmul.js';
import { negative } from '../math/unary.js';
import { opAdd, opMul, opSub } from '../array/operators.js';
import { genSoftmax, Softmax, LogSoftmax } from './softmax.js';

/** TF's _BroadcastMul: vec[:, None] * mat. */
const broadcastMul = (vec: Tensor, mat: Tensor): Tensor => opMul(expandDims(vec, -1), mat);

/**
 * Whether a gradient is known to be all zeros: what tf.gradients passes for an unused output
 * (TF marks those `_is_zeros_tensor`; here: a ZerosLike op, or a zero Const / Fill).
 */
function isZeros(t: Tensor): boolean {
  const op = t.op;
  const zeroConst = (c: Operation) => c.type === 'Const' && Array.from((c.attrs as { value: NDArray }).value.data as ArrayLike<number>).every(v => v === 0);
  return op.type === 'ZerosLike' || zeroConst(op) || (op.type === 'Fill' && zeroConst(op.inputs[1].op));
}

/** The logits gradient shared by both ops: dloss * backprop, plus the term through backprop. */
function logitsGrad(op: Operation, gradLoss: Tensor | null, gradGrad: Tensor | null): Tensor | null {
  const logits = op.inputs[0];
  let grad: Tensor | null = gradLoss ? broadcastMul(gradLoss, op.outputs[1]) : null;
  if (gradGrad && !isZeros(gradGrad)) {
    const sm = genSoftmax(Softmax, logits);
    const inner = squeeze(matmul(expandDims(gradGrad, 1), expandDims(sm, 2)), { axis: [1] });
    const term = opMul(opSub(gradGrad, inner), sm);
    grad = grad ? opAdd(grad, term) : term;
  }
  return grad;
}

export const SoftmaxCrossEntropyWithLogits = defineOp({
  type: 'SoftmaxCrossEntropyWithLogits',
  infer: ([f, l]) => {
    checkSameDType('SoftmaxCrossEntropyWithLogits', ['features', 'labels'], [f.dtype, l.dtype]);
    checkDType('features', f.dtype, FLOATS);
    const s = broadcastShapes(withRank(f.shape, 2), withRank(l.shape, 2));
    return [{ dtype: f.dtype, shape: new TensorShape([s.dim(0)]) }, { dtype: f.dtype, shape: s }];
  },
  kernel: ([f, l]) => {
    if (f.rank !== 2 || l.rank !== 2) throw new InvalidArgumentError(`logits and labels must be either 2-dimensional, or broadcasted to be 2-dimensional`);
    for (let d = 0; d < 2; d++) {
      if (f.shape[d] !== l.shape[d] && f.shape[d] !== 1 && l.shape[d] !== 1) {
        throw new InvalidArgumentError(`logits and labels must be broadcastable: logits_size=[${f.shape}] labels_size=[${l.shape}]`);
      }
    }
    const [loss, back] = softmaxXent(f.data as ArrayLike<number>, f.shape as number[], l.data as ArrayLike<number>, l.shape as number[]);
    const b = Math.max(f.shape[0], l.shape[0]), c = Math.max(f.shape[1], l.shape[1]);
    return [fromFloat64(f.dtype, [b], loss), fromFloat64(f.dtype, [b, c], back)];
  },
  grad: (op, [gradLoss, gradGrad]) => [
    logitsGrad(op, gradLoss, gradGrad),
    gradLoss ? broadcastMul(gradLoss, negative(genSoftmax(LogSoftmax, op.inputs[0]))) : null,
  ],
});

export const SparseSoftmaxCrossEntropyWithLogits = defineOp({
  type: 'SparseSoftmaxCrossEntropyWithLogits',
  infer: ([f, l]) => {
    checkDType('features', f.dtype, FLOATS);
    checkDType('labels', l.dtype, INDEX);
    const fs = withRank(f.shape, 2);
    const ls = withRank(l.shape, 1);
    const b = mergeDim(fs.dim(0), ls.dim(0));
    return [{ dtype: f.dtype, shape: new TensorShape([b]) }, { dtype: f.dtype, shape: new TensorShape([b, fs.dim(1)]) }];
  },
  kernel: ([f, l]) => {
    if (f.rank !== 2) throw new InvalidArgumentError(`logits must be 2-D, but got shape [${f.shape}]`);
    if (l.rank !== 1) throw new InvalidArgumentError(`labels must be 1-D, but got shape [${l.shape}]`);
    if (f.shape[0] !== l.shape[0]) {
      throw new InvalidArgumentError(`logits and labels must have the same first dimension, got logits shape [${f.shape}] and labels shape [${l.shape}]`);
    }
    const [b, c] = f.shape;
    if (c === 0 && b > 0) throw new InvalidArgumentError(`Must have at least one class, but got logits shape [${f.shape}]`);
    const [loss, back] = sparseSoftmaxXent(f.data as ArrayLike<number>, b, c, l.data as ArrayLike<number | bigint>);
    return [fromFloat64(f.dtype, [b], loss), fromFloat64(f.dtype, [b, c], back)];
  },
  grad: (op, [gradLoss, gradGrad]) => [logitsGrad(op, gradLoss, gradGrad), null],
});

/** gen_nn_ops.softmax_cross_entropy_with_logits: [loss, backprop]. */
export function genSoftmaxXent(features: Tensor, labels: Tensor, name?: string): Tensor[] {
  return withScope(name, 'SoftmaxCrossEntropyWithLogits', [features, labels], (scope, g) =>
    g.addOp(SoftmaxCrossEntropyWithLogits, [features, labels], {}, { name: scope }).outputs);
}
/** gen_nn_ops.sparse_softmax_cross_entropy_with_logits: [loss, backprop]. */
export function genSparseSoftmaxXent(features: Tensor, labels: Tensor, name?: string): Tensor[] {
  return withScope(name, 'SparseSoftmaxCrossEntropyWithLogits', [features, labels], (scope, g) =>
    g.addOp(SparseSoftmaxCrossEntropyWithLogits, [features, labels], {}, { name: scope }).outputs);
}
