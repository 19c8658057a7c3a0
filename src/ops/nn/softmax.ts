// Softmax and LogSoftmax over the last axis (TF ops `Softmax`, `LogSoftmax`), and the
// builders tf.nn.softmax / tf.nn.log_softmax, which move another `axis` to the end and back
// with transposes, exactly as TF's _wrap_2d_function does.

import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { withRankAtLeast } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { softmaxRows } from '../../backend/reference/softmax.js';
import { fromFloat64 } from '../../backend/reference/conv.js';
import { FLOATS, checkDType } from '../dtype_sets.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { reduceSum } from '../math/reduce.js';
import { exp } from '../math/unary.js';
import { floormod, subtract } from '../math/binary.js';
import { rank } from '../array/shape.js';
import { range } from '../array/fill.js';
import { concat } from '../array/concat.js';
import { transpose } from '../array/transpose.js';
import { opAdd, opMul, opSub } from '../array/operators.js';

function softmaxOp(type: 'Softmax' | 'LogSoftmax', log: boolean, grad: Parameters<typeof defineOp>[0]['grad']) {
  return defineOp({
    type,
    infer: ([x]) => {
      checkDType('logits', x.dtype, FLOATS);
      withRankAtLeast(x.shape, 1);
      return [{ dtype: x.dtype, shape: x.shape }];
    },
    kernel: ([x]) => {
      if (x.rank < 1) throw new InvalidArgumentError(`logits must have >= 1 dimension, got [${x.shape.join(',')}]`);
      const depth = x.shape[x.rank - 1];
      return fromFloat64(x.dtype, x.shape, depth ? softmaxRows(x.data as ArrayLike<number>, depth, log) : new Float64Array(0));
    },
    grad,
  });
}

// dx = (dy - sum(dy * y, -1)) * y, as TF's _SoftmaxGrad
export const Softmax = softmaxOp('Softmax', false, (op, [dy]) => {
  if (!dy) return [null];
  const y = op.outputs[0];
  const s = reduceSum(opMul(dy, y), -1, true);
  return [opMul(opSub(dy, s), y)];
});
// dx = dy - sum(dy, -1) * exp(y), as TF's _LogSoftmaxGrad
export const LogSoftmax = softmaxOp('LogSoftmax', true, (op, [dy]) => {
  if (!dy) return [null];
  const p = exp(op.outputs[0]);
  return [opSub(dy, opMul(reduceSum(dy, -1, true), p))];
});

/** gen_nn_ops.softmax / log_softmax: the op alone, converting `logits`. */
export function genSoftmax(def: typeof Softmax, logits: TensorLike, name?: string): Tensor {
  return withScope(name, def.type, [logits], (scope, g) => {
    const x = convertToTensor(logits, { name: 'logits' });
    return g.addOp(def, [x], {}, { name: scope }).outputs[0];
  });
}

/** TF's _wrap_2d_function: runs `def` on the last axis, transposing `axis` there and back. */
function wrap2d(def: typeof Softmax, logits: TensorLike, axis: number | Tensor, name: string | undefined): Tensor {
  const x = convertToTensor(logits);
  const shape = x.shape;
  const nd = shape.rank;
  if (axis === -1 || (typeof axis === 'number' && nd !== null && axis === nd - 1)) return genSoftmax(def, x, name);
  if (nd === null) throw new InvalidArgumentError(`${def.type === 'Softmax' ? 'softmax' : 'log_softmax'} with axis ${String(axis)} needs an input of known rank`);
  if (typeof axis === 'number' && !(axis >= -nd && axis < nd)) {
    throw new InvalidArgumentError(`\`dim\` must be in the range [${-nd}, ${nd}) where ${nd} is the number of dimensions in the input. Received: dim=${axis}`);
  }
  const ndims = rank(x);
  let dim: number | Tensor = axis;
  if (typeof dim === 'number' && dim < 0) dim = opAdd(dim, ndims);
  else if (dim instanceof Tensor) throw new InvalidArgumentError('softmax: a tensor axis is not supported; pass a number');
  const inputRank = rank(x);
  const dimAxis: number | Tensor = typeof dim === 'number' ? dim % nd : floormod(dim, nd, { name: 'mod' });
  const swap = (t: Tensor, outName?: string) => {
    const last = subtract(inputRank, 1);
    const before = range(dimAxis);
    const next = typeof dimAxis === 'number' ? dimAxis + 1 : opAdd(dimAxis, 1);
    const perm = concat([before, [last], range(next, last), [dimAxis]], 0);
    return transpose(t, perm, { name: outName });
  };
  const out = genSoftmax(def, swap(x));
  const res = swap(out, name);
  res.setShape(shape);
  return res;
}

type SoftmaxOpts = { axis?: number; dim?: number; name?: string };
function softmaxArgs(axisOrOpts: number | SoftmaxOpts | undefined, name?: string): [number, string | undefined] {
  if (typeof axisOrOpts === 'object') return [axisOrOpts.axis ?? axisOrOpts.dim ?? -1, axisOrOpts.name];
  return [axisOrOpts ?? -1, name];
}

/**
 * exp(logits) / sum(exp(logits), axis) computed stably — tf.nn.softmax (op `Softmax`).
 * Another `axis` than the last is transposed to the end and back, as TF does.
 *
 * ```ts
 * tf.nn.softmax(tf.constant([[1, 2, 3]], 'float32'));            // [[0.09003057 0.24472848 0.66524094]]
 * tf.nn.softmax(tf.constant([[1, 2], [1, 4]], 'float32'), {axis: 0});   // [[0.5 0.11920292] [0.5 0.880797]]
 * ```
 */
export function softmax(logits: TensorLike, axisOrOpts?: number | SoftmaxOpts, name?: string): Tensor {
  const [axis, n] = softmaxArgs(axisOrOpts, name);
  return wrap2d(Softmax, logits, axis, n);
}

/**
 * logits - log(sum(exp(logits), axis)) computed stably — tf.nn.log_softmax (op `LogSoftmax`).
 *
 * ```ts
 * tf.nn.logSoftmax(tf.constant([1000, 0], 'float32'));   // [0 -1000]
 * ```
 */
export function logSoftmax(logits: TensorLike, axisOrOpts?: number | SoftmaxOpts, name?: string): Tensor {
  const [axis, n] = softmaxArgs(axisOrOpts, name);
  return wrap2d(LogSoftmax, logits, axis, n);
}

