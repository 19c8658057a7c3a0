// tf.losses.compute_weighted_loss and what it stands on (losses_impl.py,
// weights_broadcast_ops.py): the Reduction keys, the static broadcastability check of the
// weights, num_present, and the safe mean. Losses are added to the LOSSES collection.

import { Tensor } from '../../framework/tensor.js';
import type { Operation } from '../../framework/operation.js';
import { GraphKeys } from '../../framework/graph.js';
import { ValueError } from '../../framework/errors.js';
import { convertToTensor, identity, withScope, type TensorLike } from '../core.js';
import { cast } from '../math/cast.js';
import { multiply, equal, divNoNan } from '../math/binary.js';
import { reduceSum } from '../math/reduce.js';
import { shape as shapeOf, size, rank } from '../array/shape.js';
import { onesLike, zerosLike, range } from '../array/fill.js';
import { where } from '../array/where.js';
import { noOp } from '../control/stop_gradient.js';
import { opMul } from '../array/operators.js';

/** How a weighted loss is reduced (tf.losses.Reduction). */
export const Reduction = {
  /** Un-reduced weighted losses, with the shape of the input. */
  NONE: 'none',
  /** Scalar sum of the weighted losses. */
  SUM: 'weighted_sum',
  /** Sum divided by the number of elements. */
  SUM_OVER_BATCH_SIZE: 'weighted_sum_over_batch_size',
  /** Sum divided by the sum of the weights (deprecated in TF). */
  MEAN: 'weighted_mean',
  /** Sum divided by the number of non-zero weights: TF's default. */
  SUM_BY_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
  SUM_OVER_NONZERO_WEIGHTS: 'weighted_sum_by_nonzero_weights',
  all(): string[] {
    return ['none', 'weighted_sum', 'weighted_mean', 'weighted_sum_over_batch_size', 'weighted_sum_by_nonzero_weights', 'weighted_sum_by_nonzero_weights'];
  },
  validate(key: string): void {
    if (!Reduction.all().includes(key)) throw new ValueError(`Invalid Reduction Key ${key}. Key should be one of ${JSON.stringify(Reduction.all())}.`);
  },
} as const;
export type ReductionKey = 'none' | 'weighted_sum' | 'weighted_sum_over_batch_size' | 'weighted_mean' | 'weighted_sum_by_nonzero_weights';

/** Options every tf.losses function takes. */
export interface LossOptions {
  weights?: TensorLike;
  /** Name scope of the loss's ops (TF's `scope`). */
  scope?: string;
  /** Collection the loss is added to (GraphKeys.LOSSES; null for none). */
  lossCollection?: string | null;
  reduction?: ReductionKey | string;
}

const PREFIX = 'weights can not be broadcast to values.';
const pyShape = (t: Tensor) => t.shape.toString();
const npShape = (dims: readonly (number | null)[]) => `[${dims.join(' ')}]`;

/**
 * weights_broadcast_ops.assert_broadcastable, static part: a NoOp named
 * 'static_scalar_check_success' / 'static_dims_check_success', or TF's ValueError. When the
 * shapes are only known at run time, TF adds an Assert; here nothing is added (the Mul that
 * applies the weights fails at run time instead). Returns the op to depend on, if any.
 */
export function assertBroadcastable(weights: TensorLike, values: Tensor): Operation | null {
  return withScope(undefined, 'assert_broadcastable', [weights, values], () => {
    const w = withScope(undefined, 'weights', [weights], ws => {
      const t = convertToTensor(weights, { name: ws, dtypeHint: 'float32' });
      shapeOf(t, { name: 'shape' });
      rank(t, { name: 'rank' });
      return t;
    });
    const v = withScope(undefined, 'values', [values], vs => {
      const t = convertToTensor(values, { name: vs });
      shapeOf(t, { name: 'shape' });
      rank(t, { name: 'rank' });
      return t;
    });
    const wr = w.shape.rank, vr = v.shape.rank;
    if (wr === null || vr === null) return null;
    if (wr === 0) return noOp({ name: 'static_scalar_check_success' });
    if (wr !== vr) {
      throw new ValueError(`${PREFIX} values.rank=${vr}. weights.rank=${wr}. values.shape=${pyShape(v)}. weights.shape=${pyShape(w)}. Received weights=${w.toString()}, values=${v.toString()}`);
    }
    if (!w.shape.isFullyDefined || !v.shape.isFullyDefined) return null;
    const wd = w.shape.dims as number[], vd = v.shape.dims as number[];
    for (let i = 0; i < vd.length; i++) {
      if (wd[i] !== 1 && wd[i] !== vd[i]) {
        throw new ValueError(`${PREFIX} Mismatch at dim ${i}. values.shape=${npShape(vd)}, weights.shape=${npShape(wd)}. Received weights=${w.toString()}, values=${v.toString()}`);
      }
    }
    return noOp({ name: 'static_dims_check_success' });
  });
}

/** math_ops.cast(weights, float32): a JS number is a Python float here ('Cast/x' of dtype float32). */
function castFloat(weights: TensorLike): Tensor {
  if (typeof weights === 'number') return withScope(undefined, 'Cast', [], () => convertToTensor(weights, { name: 'x', dtype: 'float32' }));
  return cast(weights, 'float32');
}

function withDeps<T>(dep: Operation | null, fn: () => T): T {
  if (!dep) return fn();
  return dep.graph.controlDependencies([dep], fn);
}

/** weights * ones_like(values), unless the static shapes already match (broadcast_weights). */
export function broadcastWeights(weights: TensorLike, values: TensorLike): Tensor {
  return withScope(undefined, 'broadcast_weights', [weights, values], scope => {
    const v = convertToTensor(values, { name: 'values' });
    const w = convertToTensor(weights, { dtype: v.dtype, name: 'weights' });
    if (w.shape.isFullyDefined && v.shape.isFullyDefined && w.shape.isCompatibleWith(v.shape)) return w;
    const dep = assertBroadcastable(w, v);
    return withDeps(dep, () => multiply(w, onesLike(v), { name: scope }));
  });
}

/** The number of elements of `losses` with a non-zero (broadcast) weight (_num_present). */
function numPresent(losses: Tensor, weights: TensorLike): Tensor {
  if (typeof weights === 'number' && weights !== 0) return numElements(losses);
  return withScope(undefined, 'num_present', [losses, weights], scope => {
    const w = castFloat(weights);
    let present = where(equal(w, 0.0), zerosLike(w), onesLike(w));
    present = broadcastWeights(present, losses);
    return reduceSum(present, { name: scope });
  });
}

function numElements(losses: Tensor): Tensor {
  return withScope(undefined, 'num_elements', [losses], scope => cast(size(losses, { name: scope }), losses.dtype));
}

/** sum(losses) / numPresent, 0 when numPresent is 0 (_safe_mean). */
function safeMean(losses: Tensor, num: Tensor): Tensor {
  // reduce_sum of a scalar sums over range(0, rank(x)), as TF builds it
  const total = reduceSum(losses, { axis: range(0, rank(losses)) });
  return identity(divNoNan(total, num), 'value');
}

/**
 * Adds a loss to a collection, LOSSES by default (tf.losses.add_loss).
 *
 * ```ts
 * tf.losses.addLoss(tf.constant(1, 'float32'));
 * tf.losses.getTotalLoss();   // 1
 * ```
 */
export function addLoss(loss: Tensor, lossCollection: string | null = GraphKeys.LOSSES): void {
  if (lossCollection) loss.graph.addToCollection(lossCollection, loss);
}

/**
 * Applies `weights` to `losses` and reduces them (by default: the sum divided by the number
 * of non-zero weights); the result is added to the LOSSES collection —
 * tf.losses.compute_weighted_loss.
 *
 * ```ts
 * tf.losses.computeWeightedLoss(tf.constant([1, 2, 3, 4], 'float32'), {weights: [1, 0, 1, 0]});   // 2
 * ```
 */
export function computeWeightedLoss(losses: TensorLike, opts: LossOptions = {}): Tensor {
  const reduction = opts.reduction ?? Reduction.SUM_BY_NONZERO_WEIGHTS;
  Reduction.validate(reduction);
  const weights = opts.weights ?? 1.0;
  const collection = opts.lossCollection === undefined ? GraphKeys.LOSSES : opts.lossCollection;
  return withScope(opts.scope, 'weighted_loss', [losses, weights], () => {
    const lt = convertToTensor(losses);
    const dep = assertBroadcastable(weights, lt);
    return withDeps(dep, () => {
      const inputDType = lt.dtype;
      const l = cast(lt, 'float32');
      const w = castFloat(weights);
      const weighted = multiply(l, w);
      let loss: Tensor;
      if (reduction === Reduction.NONE) loss = weighted;
      else {
        loss = reduceSum(weighted);
        if (reduction === Reduction.MEAN) loss = safeMean(loss, reduceSum(opMul(onesLike(l), w)));
        else if (reduction === Reduction.SUM_BY_NONZERO_WEIGHTS) loss = safeMean(loss, numPresent(l, w));
        else if (reduction === Reduction.SUM_OVER_BATCH_SIZE) loss = safeMean(loss, numElements(l));
      }
      loss = cast(loss, inputDType);
      addLoss(loss, collection);
      return loss;
    });
  });
}
