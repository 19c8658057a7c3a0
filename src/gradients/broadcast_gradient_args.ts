// BroadcastGradientArgs (TF op of the same name): given the shapes s0, s1 of two operands
// that were broadcast together, the axes of the broadcast result that each operand's
// gradient must be summed over. The gradient driver uses it to undo broadcasting when
// shapes are only known at run time.

import { NDArray, toNDArray } from '../framework/ndarray.js';
import { defineOp } from '../framework/op_def.js';
import type { Tensor } from '../framework/tensor.js';
import { TensorShape, withRank } from '../framework/tensor_shape.js';
import { InvalidArgumentError } from '../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../ops/core.js';
import { INDEX, checkDType, checkSameDType } from '../ops/dtype_sets.js';

/**
 * TF's BCast reduction indices: for each axis of the broadcast shape (operands aligned on
 * the right and padded with 1s), an operand whose dim there is 1 is reduced over it; an
 * axis where every operand is 1 is reduced for all of them. Null when incompatible.
 */
export function gradientReductionAxes(s0: readonly number[], s1: readonly number[]): [number[], number[]] | null {
  const rank = Math.max(s0.length, s1.length);
  const r0: number[] = [], r1: number[] = [];
  for (let i = 0; i < rank; i++) {
    const a = i < rank - s0.length ? 1 : s0[i - (rank - s0.length)];
    const b = i < rank - s1.length ? 1 : s1[i - (rank - s1.length)];
    if (a === 1 && b === 1) { r0.push(i); r1.push(i); } else if (a === 1) r0.push(i);
    else if (b === 1) r1.push(i);
    else if (a !== b) return null;
  }
  return [r0, r1];
}

/** The static length of an output: known only when both shape vectors are constants. */
function staticAxes(s0: NDArray | null, s1: NDArray | null): [number[], number[]] | null {
  if (!s0 || !s1) return null;
  return gradientReductionAxes(Array.from(s0.data as ArrayLike<number | bigint>, Number), Array.from(s1.data as ArrayLike<number | bigint>, Number));
}

export const BroadcastGradientArgs = defineOp({
  type: 'BroadcastGradientArgs',
  infer: ([s0, s1]) => {
    checkSameDType('BroadcastGradientArgs', ['s0', 's1'], [s0.dtype, s1.dtype]);
    checkDType('s0', s0.dtype, INDEX);
    withRank(s0.shape, 1); withRank(s1.shape, 1);
    const known = staticAxes(s0.value(), s1.value());
    return known
      ? known.map(r => ({ dtype: s0.dtype, shape: new TensorShape([r.length]) }))
      : [{ dtype: s0.dtype, shape: new TensorShape([null]) }, { dtype: s0.dtype, shape: new TensorShape([null]) }];
  },
  kernel: ([s0, s1]) => {
    const a = Array.from(s0.data as ArrayLike<number | bigint>, Number), b = Array.from(s1.data as ArrayLike<number | bigint>, Number);
    const r = gradientReductionAxes(a, b);
    if (!r) throw new InvalidArgumentError(`Incompatible shapes: [${a.join(',')}] vs. [${b.join(',')}]`);
    return [toNDArray(r[0], s0.dtype), toNDArray(r[1], s0.dtype)];
  },
  noGradient: true,
});

/**
 * The reduction axes [r0, r1] for the gradients of two operands of shapes s0 and s1 that
 * were broadcast together (TF's gen_array_ops.broadcast_gradient_args).
 *
 * ```ts
 * const [r0, r1] = tf.broadcastGradientArgs([2, 3], [3]);
 * new tf.Session().run([r0, r1]);   // [[], [0]]
 * ```
 */
export function broadcastGradientArgs(s0: TensorLike, s1: TensorLike, opts: { name?: string } = {}): [Tensor, Tensor] {
  return withScope(opts.name, 'BroadcastGradientArgs', [s0, s1], (scope, g) => {
    const a = convertToTensor(s0, { name: 's0', dtypeHint: 'int32' });
    const b = convertToTensor(s1, { name: 's1', dtypeHint: a.dtype });
    const op = g.addOp(BroadcastGradientArgs, [a, b], {}, { name: scope });
    return [op.outputs[0], op.outputs[1]];
  });
}
