// The cross-entropy builders of tf.nn, built as TF 1.x (tf.compat.v1) builds them:
// softmax_cross_entropy_with_logits (labels behind stop_gradient) and its _v2 (flattening
// to 2-D around the SoftmaxCrossEntropyWithLogits op), sparse_..., and the compositions
// sigmoid_cross_entropy_with_logits and weighted_cross_entropy_with_logits.

import { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { ValueError } from '../../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { cast } from '../math/cast.js';
import { subtract, add, greaterEqual } from '../math/binary.js';
import { exp, log1p, abs, negative } from '../math/unary.js';
import { rank, shape as shapeOf } from '../array/shape.js';
import { slice } from '../array/slice.js';
import { concat } from '../array/concat.js';
import { reshape } from '../array/reshape.js';
import { transpose } from '../array/transpose.js';
import { range, zerosLike } from '../array/fill.js';
import { where } from '../array/where.js';
import { stopGradient } from '../control/stop_gradient.js';
import { opAdd, opMul, opSub } from '../array/operators.js';
import { genSoftmaxXent, genSparseSoftmaxXent } from './xent_ops.js';
import { relu } from './activations.js';

/** Labels and logits, given positionally or as TF's keyword arguments. */
export interface XentArgs { labels?: TensorLike; logits?: TensorLike; axis?: number; dim?: number; name?: string }

function xentArgs(fn: string, a: TensorLike | XentArgs | undefined, b: TensorLike | undefined, o: XentArgs): XentArgs {
  const isArgs = (v: unknown): v is XentArgs => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor) && ('logits' in v || 'labels' in v);
  const args = isArgs(a) ? a : { ...o, labels: a as TensorLike, logits: b };
  if (args.labels === undefined || args.labels === null || args.logits === undefined || args.logits === null) {
    throw new ValueError(`Both \`labels\` and \`logits\` must be provided for ${fn}. Received: labels=${String(args.labels)} and logits=${String(args.logits)}`);
  }
  return args;
}

/** TF's _flatten_outer_dims: reshape to [-1, last], keeping a static shape when known. */
function flattenOuterDims(t: Tensor): Tensor {
  const r = rank(t);
  const last = slice(shapeOf(t), [subtract(r, 1)], [1]);
  const out = reshape(t, concat([[-1], last], 0));
  const dims = t.shape.dims;
  if (dims) {
    const head = dims.slice(0, -1);
    if (head.every(d => d !== null)) out.setShape([(head as number[]).reduce((p, d) => p * d, 1), dims[dims.length - 1]]);
  }
  return out;
}

/** TF's _move_dim_to_end (transposes `dim` to the last axis). */
function moveDimToEnd(t: Tensor, dim: number, r: Tensor): Tensor {
  return transpose(t, concat([range(dim), range(dim + 1, r), [dim]], 0));
}

/**
 * Softmax cross-entropy between `labels` (a distribution per row) and `logits`, with
 * gradients flowing into both — tf.nn.softmax_cross_entropy_with_logits_v2: the
 * `SoftmaxCrossEntropyWithLogits` op on the inputs flattened to 2-D, result reshaped back.
 * Stable for extreme logits (log-sum-exp).
 *
 * ```ts
 * tf.nn.softmaxCrossEntropyWithLogitsV2({labels: tf.constant([[0, 1]], 'float32'), logits: tf.constant([[1000, 0]], 'float32')});   // [1000]
 * ```
 */
export function softmaxCrossEntropyWithLogitsV2(labels: TensorLike | XentArgs, logits?: TensorLike, opts: XentArgs = {}): Tensor {
  const a = xentArgs('softmax_cross_entropy_with_logits', labels, logits, opts);
  let axis = a.axis ?? a.dim ?? -1;
  return withScope(a.name, 'softmax_cross_entropy_with_logits', [a.logits, a.labels], scope => {
    const lg = convertToTensor(a.logits!, { name: 'logits' });
    let lb = convertToTensor(a.labels!, { name: 'labels' });
    let precise = lg.dtype === 'float16' ? cast(lg, 'float32') : lg;
    lb = cast(lb, precise.dtype);
    const inputRank = rank(precise);
    const shape = lg.shape;
    if (axis !== -1) {
      if (shape.rank !== null && axis < 0) axis += shape.rank;
      precise = moveDimToEnd(precise, axis, inputRank);
      lb = moveDimToEnd(lb, axis, inputRank);
    }
    const inputShape = shapeOf(precise);
    precise = flattenOuterDims(precise);
    lb = flattenOuterDims(lb);
    const [cost0] = genSoftmaxXent(precise, lb, scope);
    const outShape = slice(inputShape, [0], [subtract(inputRank, 1)]);
    let cost = reshape(cost0, outShape);
    if (shape.dims) {
      const d = shape.dims.slice();
      d.splice(axis < 0 ? d.length + axis : axis, 1);
      cost.setShape(new TensorShape(d));
    }
    if (lg.dtype === 'float16') cost = cast(cost, 'float16');
    return cost;
  });
}

/**
 * TF 1's softmax cross-entropy: like {@link softmaxCrossEntropyWithLogitsV2} but with the
 * labels behind `stopGradient` (scope 'softmax_cross_entropy_with_logits_sg') —
 * tf.nn.softmax_cross_entropy_with_logits.
 *
 * ```ts
 * const y_ = tf.placeholder('float32', [null, 10]);
 * const y = tf.placeholder('float32', [null, 10]);
 * const crossEntropy = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({labels: y_, logits: y}));
 * ```
 */
export function softmaxCrossEntropyWithLogits(labels: TensorLike | XentArgs, logits?: TensorLike, opts: XentArgs = {}): Tensor {
  const a = xentArgs('softmax_cross_entropy_with_logits', labels, logits, opts);
  return withScope(a.name, 'softmax_cross_entropy_with_logits_sg', [a.logits, a.labels], scope => {
    const lb = stopGradient(a.labels!, { name: 'labels_stop_gradient' });
    return softmaxCrossEntropyWithLogitsV2({ labels: lb, logits: a.logits, axis: a.axis ?? a.dim ?? -1, name: scope });
  });
}

/**
 * Softmax cross-entropy with integer class `labels` (one per row of `logits`) —
 * tf.nn.sparse_softmax_cross_entropy_with_logits (op `SparseSoftmaxCrossEntropyWithLogits`).
 * A label outside [0, classes) is an InvalidArgumentError at run time.
 *
 * ```ts
 * tf.nn.sparseSoftmaxCrossEntropyWithLogits({labels: tf.constant([1]), logits: tf.constant([[2, 2]], 'float32')});   // [0.6931472]
 * ```
 */
export function sparseSoftmaxCrossEntropyWithLogits(labels: TensorLike | XentArgs, logits?: TensorLike, opts: XentArgs = {}): Tensor {
  const a = xentArgs('sparse_softmax_cross_entropy_with_logits', labels, logits, opts);
  return withScope(a.name, 'SparseSoftmaxCrossEntropyWithLogits', [a.labels, a.logits], () => {
    const lb = convertToTensor(a.labels!);
    const lg = convertToTensor(a.logits!);
    const precise = lg.dtype === 'float16' ? cast(lg, 'float32') : lg;
    const ls = lb.shape, gs = lg.shape;
    const labelsShape = shapeOf(lb);
    if (gs.rank === 0) throw new ValueError(`\`logits\` cannot be a scalar. Received logits=${lg.toString()}\``);
    if (gs.rank !== null && ls.rank !== null && ls.rank !== gs.rank - 1) {
      throw new ValueError(`\`labels.shape.rank\` must equal \`logits.shape.rank - 1\`. Received: labels.shape=${ls.toString()} of rank ${ls.rank} and logits.shape=${gs.toString()} of rank ${gs.rank}`);
    }
    const head = gs.dims ? new TensorShape(gs.dims.slice(0, -1)) : TensorShape.unknown();
    if (ls.isFullyDefined && head.isFullyDefined && !ls.equals(head)) {
      throw new ValueError(`\`labels.shape\` must equal \`logits.shape\` except for the last dimension. Received: labels.shape=${ls.toString()} and logits.shape=${gs.toString()}`);
    }
    const fix = (t: Tensor) => (lg.dtype === 'float16' ? cast(t, 'float16') : t);
    if (gs.rank === 2) return fix(genSparseSoftmaxXent(precise, lb, a.name)[0]);
    // other ranks: flatten to 2-D and back (TF adds a run-time shape assert here)
    const classes = gs.dim(-1) ?? slice(shapeOf(lg), [subtract(rank(lg), 1)], [1]);
    const flatLogits = reshape(precise, typeof classes === 'number' ? [-1, classes] : concat([[-1], classes], 0));
    const cost = reshape(genSparseSoftmaxXent(flatLogits, reshape(lb, [-1]), a.name)[0], labelsShape);
    cost.setShape(ls);
    return fix(cost);
  });
}

/**
 * Elementwise logistic loss of `logits` against `labels` in [0, 1], in TF's stable form
 * max(x, 0) - x * z + log(1 + exp(-|x|)) — tf.nn.sigmoid_cross_entropy_with_logits
 * (scope 'logistic_loss').
 *
 * ```ts
 * tf.nn.sigmoidCrossEntropyWithLogits({labels: tf.constant([1, 0], 'float32'), logits: tf.constant([100, -100], 'float32')});   // [0 0]
 * ```
 */
export function sigmoidCrossEntropyWithLogits(labels: TensorLike | XentArgs, logits?: TensorLike, opts: XentArgs = {}): Tensor {
  const a = xentArgs('sigmoid_cross_entropy_with_logits', labels, logits, opts);
  return withScope(a.name, 'logistic_loss', [a.logits, a.labels], scope => {
    const lg = convertToTensor(a.logits!, { name: 'logits' });
    const lb = convertToTensor(a.labels!, { name: 'labels', dtypeHint: lg.dtype });
    checkSameShape(lg, lb);
    const zeros = zerosLike(lg, lg.dtype);
    const cond = greaterEqual(lg, zeros);
    const reluLogits = where(cond, lg, zeros);
    const negAbsLogits = where(cond, negative(lg), lg);
    return add(opSub(reluLogits, opMul(lg, lb)), log1p(exp(negAbsLogits)), { name: scope });
  });
}

function checkSameShape(logits: Tensor, labels: Tensor): void {
  if (!labels.shape.isCompatibleWith(logits.shape)) {
    throw new ValueError(`\`logits\` and \`labels\` must have the same shape, received (${logits.shape.toString()} vs ${labels.shape.toString()}).`);
  }
}

/**
 * Logistic loss with positive examples weighted by `posWeight`:
 * (1 - z) * x + (1 + (q - 1) * z) * (log(1 + exp(-|x|)) + max(-x, 0)) —
 * tf.nn.weighted_cross_entropy_with_logits (scope 'logistic_loss').
 *
 * ```ts
 * tf.nn.weightedCrossEntropyWithLogits({labels: tf.constant([1], 'float32'), logits: tf.constant([0], 'float32'), posWeight: 2});   // [1.3862944]
 * ```
 */
export function weightedCrossEntropyWithLogits(args: XentArgs & { posWeight: TensorLike; targets?: TensorLike }): Tensor {
  const a = { ...args, labels: args.labels ?? args.targets };
  xentArgs('weighted_cross_entropy_with_logits', a, undefined, {});
  return withScope(a.name, 'logistic_loss', [a.logits, a.labels], scope => {
    const lg = convertToTensor(a.logits!, { name: 'logits' });
    const lb = convertToTensor(a.labels!, { name: 'labels', dtypeHint: lg.dtype });
    checkSameShape(lg, lb);
    const pw = a.posWeight;
    const logWeight = opAdd(1, opMul(typeof pw === 'number' ? pw - 1 : opSub(pw, 1), lb));
    const first = opMul(opSub(1, lb), lg);
    const soft = opAdd(log1p(exp(negative(abs(lg)))), relu(negative(lg)));
    return add(first, opMul(logWeight, soft), { name: scope });
  });
}
