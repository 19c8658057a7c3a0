// The tf.losses functions of TF 1.x (losses_impl.py), each a small composition under its
// TF scope ('mean_squared_error', 'softmax_cross_entropy_loss', ...) ending in
// computeWeightedLoss, which reduces and adds the loss to the LOSSES collection.

import { Tensor } from '../../framework/tensor.js';
import { GraphKeys, getDefaultGraph } from '../../framework/graph.js';
import { ValueError } from '../../framework/errors.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { cast } from '../math/cast.js';
import { subtract, squaredDifference, minimum, multiply, add, truediv } from '../math/binary.js';
import { abs, log, negative } from '../math/unary.js';
import { addN } from '../math/add_n.js';
import { shape as shapeOf } from '../array/shape.js';
import { squeeze } from '../array/reshape.js';
import { index } from '../array/indexing.js';
import { stopGradient } from '../control/stop_gradient.js';
import { opAdd, opMul, opSub } from '../array/operators.js';
import { softmaxCrossEntropyWithLogitsV2, sparseSoftmaxCrossEntropyWithLogits, sigmoidCrossEntropyWithLogits } from '../nn/cross_entropy.js';
import { computeWeightedLoss, type LossOptions } from './weighted_loss.js';

function required(v: unknown, what: string): void {
  if (v === undefined || v === null) throw new ValueError(`Argument \`${what}\` must not be None.`);
}

/** predictions.get_shape().assert_is_compatible_with(labels.get_shape()). */
function assertCompatible(a: Tensor, b: Tensor): void {
  if (!a.shape.isCompatibleWith(b.shape)) throw new ValueError(`Shapes ${a.shape.toString()} and ${b.shape.toString()} are incompatible`);
}

/** The regression losses: predictions and labels cast to float32, then an elementwise loss. */
function regressionLoss(name: string, labels: TensorLike, predictions: TensorLike, opts: LossOptions,
                        body: (labels: Tensor, predictions: Tensor) => Tensor): Tensor {
  required(labels, 'labels');
  required(predictions, 'predictions');
  return withScope(opts.scope, name, [predictions, labels, opts.weights], scope => {
    const p = cast(predictions, 'float32');
    const l = cast(labels, 'float32');
    assertCompatible(p, l);
    return computeWeightedLoss(body(l, p), { ...opts, scope });
  });
}

/**
 * Weighted mean of (predictions - labels)² — tf.losses.mean_squared_error. With the default
 * reduction the sum is divided by the number of non-zero weights.
 *
 * ```ts
 * tf.losses.meanSquaredError([1, 2, 3], [1, 3, 5], {weights: [0, 1, 0.25]});   // 1
 * ```
 */
export function meanSquaredError(labels: TensorLike, predictions: TensorLike, opts: LossOptions = {}): Tensor {
  return regressionLoss('mean_squared_error', labels, predictions, opts, (l, p) => squaredDifference(p, l));
}

/**
 * Weighted mean of |predictions - labels| — tf.losses.absolute_difference.
 *
 * ```ts
 * tf.losses.absoluteDifference([1, 2], [2, 4]);   // 1.5
 * ```
 */
export function absoluteDifference(labels: TensorLike, predictions: TensorLike, opts: LossOptions = {}): Tensor {
  return regressionLoss('absolute_difference', labels, predictions, opts, (l, p) => abs(subtract(p, l)));
}

/**
 * Huber loss: 0.5 x² for |x| <= delta, delta (|x| - 0.5 delta) beyond — tf.losses.huber_loss
 * (delta 1 by default).
 *
 * ```ts
 * tf.losses.huberLoss([0, 0], [0.5, 3]);   // 1.3125 = (0.125 + 2.5) / 2
 * ```
 */
export function huberLoss(labels: TensorLike, predictions: TensorLike, opts: LossOptions & { delta?: number } = {}): Tensor {
  const delta = opts.delta ?? 1.0;
  return regressionLoss('huber_loss', labels, predictions, opts, (l, p) => {
    const absError = abs(subtract(p, l));
    const quadratic = minimum(absError, delta);
    const linear = subtract(absError, quadratic);
    const half = constant(0.5, { dtype: quadratic.dtype });
    return add(multiply(half, multiply(quadratic, quadratic)), multiply(delta, linear));
  });
}

/**
 * Negative log-likelihood of binary labels under `predictions` (probabilities):
 * -z log(p + eps) - (1 - z) log(1 - p + eps) — tf.losses.log_loss (epsilon 1e-7).
 *
 * ```ts
 * tf.losses.logLoss([1, 0], [0.9, 0.2]);   // 0.164252
 * ```
 */
export function logLoss(labels: TensorLike, predictions: TensorLike, opts: LossOptions & { epsilon?: number } = {}): Tensor {
  const eps = opts.epsilon ?? 1e-7;
  return regressionLoss('log_loss', labels, predictions, opts, (l, p) => {
    const pos = negative(multiply(l, log(opAdd(p, eps))));
    const neg = multiply(opSub(1, l), log(opAdd(opSub(1, p), eps)));
    return opSub(pos, neg);
  });
}

/**
 * Softmax cross-entropy of one-hot labels and logits, optionally smoothed towards
 * 1/num_classes — tf.losses.softmax_cross_entropy. Gradients do not flow into the labels.
 *
 * ```ts
 * tf.losses.softmaxCrossEntropy([[0, 1, 0], [0, 0, 1]], tf.constant([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]), {weights: [0.3, 0.7], labelSmoothing: 0.2});   // 0.57618
 * ```
 */
export function softmaxCrossEntropy(onehotLabels: TensorLike, logits: TensorLike, opts: LossOptions & { labelSmoothing?: number } = {}): Tensor {
  required(onehotLabels, 'onehot_labels');
  required(logits, 'logits');
  const ls = opts.labelSmoothing ?? 0;
  return withScope(opts.scope, 'softmax_cross_entropy_loss', [logits, onehotLabels, opts.weights], scope => {
    const lg = convertToTensor(logits);
    let lb = cast(onehotLabels, lg.dtype);
    assertCompatible(lg, lb);
    if (ls > 0) {
      const numClasses = cast(index(shapeOf(lb), -1), lg.dtype);
      const smoothNegatives = truediv(ls, numClasses);
      lb = opAdd(opMul(lb, 1 - ls), smoothNegatives);
    }
    lb = stopGradient(lb, { name: 'labels_stop_gradient' });
    const losses = softmaxCrossEntropyWithLogitsV2({ labels: lb, logits: lg, name: 'xentropy' });
    return computeWeightedLoss(losses, { ...opts, scope });
  });
}

/** losses_impl._remove_squeezable_dimensions with static ranks (labels, predictions, weights). */
function removeSqueezable(labels: Tensor, predictions: Tensor, weights: TensorLike | undefined, expectedRankDiff: number): [Tensor, Tensor, TensorLike | undefined] {
  withScope(undefined, 'remove_squeezable_dimensions', [labels, predictions], () => {
    const pr = predictions.shape.rank, lr = labels.shape.rank;
    if (pr === null || lr === null) return;
    const d = pr - lr;
    if (d === expectedRankDiff + 1 && [1, null].includes(predictions.shape.dim(-1))) predictions = squeeze(predictions, [-1]);
    else if (d === expectedRankDiff - 1 && [1, null].includes(labels.shape.dim(-1))) labels = squeeze(labels, [-1]);
  });
  if (weights !== undefined && weights !== null) {
    const w = convertToTensor(weights, { dtypeHint: 'float32' });
    const lr = labels.shape.rank, wr = w.shape.rank;
    if (lr !== null && wr !== null && wr - lr === 1) weights = squeeze(w, [-1]);
    else weights = w;
  }
  return [labels, predictions, weights];
}

/**
 * Softmax cross-entropy of integer class labels and logits — tf.losses.sparse_softmax_cross_entropy.
 * Labels of shape [batch, 1] are squeezed to [batch].
 *
 * ```ts
 * tf.losses.sparseSoftmaxCrossEntropy([1, 2], tf.constant([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]));   // 0.9868951
 * ```
 */
export function sparseSoftmaxCrossEntropy(labels: TensorLike, logits: TensorLike, opts: LossOptions = {}): Tensor {
  required(labels, 'labels');
  required(logits, 'logits');
  return withScope(opts.scope, 'sparse_softmax_cross_entropy_loss', [logits, labels, opts.weights], scope => {
    const [lb, lg, w] = removeSqueezable(convertToTensor(labels), convertToTensor(logits), opts.weights ?? 1.0, 1);
    const losses = sparseSoftmaxCrossEntropyWithLogits({ labels: lb, logits: lg, name: 'xentropy' });
    return computeWeightedLoss(losses, { ...opts, weights: w, scope });
  });
}

/**
 * Sigmoid cross-entropy of multi-class labels in {0, 1} and logits, optionally smoothed
 * towards 1/2 — tf.losses.sigmoid_cross_entropy.
 *
 * ```ts
 * tf.losses.sigmoidCrossEntropy([[0, 1], [1, 1]], tf.constant([[-1, 2], [0.5, 1]]));   // 0.30688208
 * ```
 */
export function sigmoidCrossEntropy(multiClassLabels: TensorLike, logits: TensorLike, opts: LossOptions & { labelSmoothing?: number } = {}): Tensor {
  required(multiClassLabels, 'multi_class_labels');
  required(logits, 'logits');
  const ls = opts.labelSmoothing ?? 0;
  return withScope(opts.scope, 'sigmoid_cross_entropy_loss', [logits, multiClassLabels, opts.weights], scope => {
    const lg = convertToTensor(logits);
    let lb = cast(multiClassLabels, lg.dtype);
    assertCompatible(lg, lb);
    if (ls > 0) lb = opAdd(opMul(lb, 1 - ls), 0.5 * ls);
    const losses = sigmoidCrossEntropyWithLogits({ labels: lb, logits: lg, name: 'xentropy' });
    return computeWeightedLoss(losses, { ...opts, scope });
  });
}

// ---- collections ------------------------------------------------------------------------------

/**
 * The losses in `lossCollection` (tf.losses.get_losses), optionally under a name scope.
 *
 * ```ts
 * tf.losses.meanSquaredError([1], [2]);
 * tf.losses.getLosses().length;   // 1
 * ```
 */
export function getLosses(opts: { scope?: string; lossCollection?: string } = {}): Tensor[] {
  return getDefaultGraph().getCollection<Tensor>(opts.lossCollection ?? GraphKeys.LOSSES, opts.scope);
}

/**
 * The REGULARIZATION_LOSSES collection (tf.losses.get_regularization_losses).
 *
 * ```ts
 * tf.addToCollection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.nn.l2Loss(tf.constant([3], 'float32')));
 * tf.losses.getRegularizationLosses()[0];   // 4.5
 * ```
 */
export function getRegularizationLosses(scope?: string): Tensor[] {
  return getDefaultGraph().getCollection<Tensor>(GraphKeys.REGULARIZATION_LOSSES, scope);
}

/**
 * The sum of the regularization losses as an AddN 'total_regularization_loss', or a 0.0
 * constant when there are none (tf.losses.get_regularization_loss).
 *
 * ```ts
 * tf.losses.getRegularizationLoss();   // 0
 * ```
 */
export function getRegularizationLoss(opts: { scope?: string; name?: string } = {}): Tensor {
  const ls = getRegularizationLosses(opts.scope);
  return ls.length ? addN(ls, { name: opts.name ?? 'total_regularization_loss' }) : constant(0.0, { dtype: 'float32' });
}

/**
 * The sum of the LOSSES collection and (by default) the regularization losses, as one AddN
 * named 'total_loss' — tf.losses.get_total_loss.
 *
 * ```ts
 * tf.losses.meanSquaredError([1, 2], [1, 4]);
 * tf.losses.absoluteDifference([1, 2], [1, 4]);
 * tf.losses.getTotalLoss();   // 3
 * ```
 */
export function getTotalLoss(opts: { addRegularizationLosses?: boolean; name?: string; scope?: string } = {}): Tensor {
  let ls = getLosses({ scope: opts.scope });
  if (opts.addRegularizationLosses ?? true) ls = ls.concat(getRegularizationLosses(opts.scope));
  if (!ls.length) throw new ValueError('No losses to sum: the LOSSES collection is empty.');
  return addN(ls, { name: opts.name ?? 'total_loss' });
}

