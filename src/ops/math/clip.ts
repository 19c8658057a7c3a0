// Clipping (tf.clip_by_value, tf.clip_by_norm, tf.global_norm, tf.clip_by_global_norm):
// compositions of existing ops, built with the node names TF gives them.

import { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { ValueError } from '../../framework/errors.js';
import { getOpDef } from '../../framework/op_def.js';
import { constant, convertToTensor, identity, withScope, type TensorLike } from '../core.js';

function assertCompatible(a: TensorShape, b: TensorShape): void {
  if (!a.isCompatibleWith(b)) throw new ValueError(`Shapes ${a.toString()} and ${b.toString()} are incompatible`);
}

/**
 * Clips values to [clipValueMin, clipValueMax] (tf.clip_by_value): Minimum then Maximum,
 * the Maximum named after the scope ('clip_by_value'). The bounds may broadcast, but not
 * grow `t`'s shape.
 *
 * ```ts
 * tf.clipByValue(tf.constant([1, 5, 9]), 2, 6);   // [2 5 6]
 * ```
 */
export function clipByValue(t: TensorLike, clipValueMin: TensorLike, clipValueMax: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'clip_by_value', [t, clipValueMin, clipValueMax], scope => {
    const values = convertToTensor(t, { name: 't' });
    const tMin = minimum(values, clipValueMax);
    assertCompatible(values.shape, tMin.shape);
    const tMax = maximum(tMin, clipValueMin, { name: scope });
    assertCompatible(values.shape, tMax.shape);
    return tMax;
  });
}

/**
 * Rescales `t` so that its L2 norm (over `axes`, all by default) is at most `clipNorm`
 * (tf.clip_by_norm): t * clipNorm / max(norm, clipNorm), with TF's NaN-safe double where.
 *
 * ```ts
 * tf.clipByNorm(tf.constant([3, 4], 'float32'), 1);   // [0.6 0.8]
 * ```
 */
export function clipByNorm(t: TensorLike, clipNorm: TensorLike, opts: { axes?: number | readonly number[] | Tensor | null; name?: string } = {}): Tensor {
  return withScope(opts.name, 'clip_by_norm', [t, clipNorm], scope => {
    const values = convertToTensor(t, { name: 't' });
    const l2sum = reduceSum(values.mul(values), { axis: opts.axes ?? null, keepDims: true });
    const pred = l2sum.gt(0);
    const l2sumSafe = where(pred, l2sum, onesLike(l2sum));
    const l2norm = where(pred, sqrt(l2sumSafe), l2sum);
    const intermediate = values.mul(clipNorm);
    assertCompatible(values.shape, intermediate.shape);
    return identity(intermediate.truediv(maximum(l2norm, clipNorm)), scope);
  });
}

function checkList(tList: unknown): asserts tList is readonly (TensorLike | null)[] {
  if (!Array.isArray(tList)) throw new TypeError(`\`t_list\` should be a sequence of tensors. Received ${typeof tList}.`);
}

/** half sum of squares, TF's L2Loss op when the nn family has registered it. */
function l2Loss(v: Tensor): Tensor {
  const def = getOpDef('L2Loss');
  if (def) return v.graph.addOp(def, [v], {}, { name: 'L2Loss' }).outputs[0];
  return withScope(undefined, 'L2Loss', [v], () => mul(reduceSum(square(v)), 0.5));
}

/**
 * sqrt(sum of squares of all elements of all tensors) (tf.global_norm): L2Loss per tensor,
 * stacked, summed, times 2, Sqrt named 'global_norm' in scope 'global_norm'. null entries
 * are skipped.
 *
 * ```ts
 * tf.globalNorm([tf.constant([3], 'float32'), tf.constant([4], 'float32')]);   // 5
 * ```
 */
export function globalNorm(tList: readonly (TensorLike | null)[], opts: { name?: string } = {}): Tensor {
  checkList(tList);
  return withScope(opts.name, 'global_norm', tList.filter(t => t !== null), () => {
    const values = tList.map((t, i) => (t === null || t === undefined ? null : convertToTensor(t, { name: `t_${i}` })));
    const halves = values.filter((v): v is Tensor => v !== null).map(l2Loss);
    const half = reduceSum(stack(halves));
    return sqrt(half.mul(constant(2.0, { dtype: half.dtype })), { name: 'global_norm' });
  });
}

/**
 * Rescales a list of tensors so that their global norm is at most `clipNorm`
 * (tf.clip_by_global_norm). Returns `[clipped, globalNorm]`; a non-finite global norm
 * makes every output NaN, as in TF.
 *
 * ```ts
 * const [[a, b], norm] = tf.clipByGlobalNorm([tf.constant([3], 'float32'), tf.constant([4], 'float32')], 1);
 * // a = [0.6], b = [0.8], norm = 5
 * ```
 */
export function clipByGlobalNorm(tList: readonly (TensorLike | null)[], clipNorm: TensorLike,
  opts: { useNorm?: Tensor; name?: string } = {}): [(Tensor | null)[], Tensor] {
  checkList(tList);
  const useNorm = opts.useNorm ?? globalNorm(tList, { name: opts.name });
  const present = tList.filter(t => t !== null);
  return withScope(opts.name, 'clip_by_global_norm', [...present, clipNorm], scope => {
    const scaleForFinite = applyBinary(Mul, clipNorm, minimum(truediv(1.0, useNorm), truediv(constant(1.0, { dtype: useNorm.dtype }), clipNorm)), undefined, 'mul');
    // use_norm - use_norm is NaN for inf/NaN norms, which turns the scale into NaN
    const scale = scaleForFinite.add(useNorm.sub(useNorm));
    const values = tList.map((t, i) => (t === null || t === undefined ? null : convertToTensor(t, { name: `t_${i}` })));
    const clipped = values.map((v, i) => (v === null ? null : identity(v.mul(scale), `${scope}_${i}`)));
    return [clipped, useNorm];
  });
}

import { reduceSum } from './reduce.js';
import { minimum, maximum, mul, truediv, Mul } from './binary.js';
import { sqrt, square } from './unary.js';
import { applyBinary } from './elementwise_def.js';
import { where } from '../array/where.js';
import { onesLike } from '../array/fill.js';
import { stack } from '../array/pack.js';
