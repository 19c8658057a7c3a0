// FusedBatchNormV3 and FusedBatchNormGradV3 (TF ops, NHWC) and tf.nn.fused_batch_norm.
// FusedBatchNormGradV3 has no gradient rule here (TF builds one with a GradientTape), so
// second derivatives through a fused batch norm raise a clear error.

import { defineOp, type Attrs } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, mergeDim, withRank } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ValueError } from '../../framework/errors.js';
import { fusedBatchNorm as fbn, fusedBatchNormGrad as fbnGrad } from '../../backend/reference/batch_norm.js';
import { fromFloat64 } from '../../backend/reference/conv.js';
import { checkDType } from '../dtype_sets.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';

export interface FusedBatchNormAttrs extends Attrs { epsilon: number; exponentialAvgFactor: number; dataFormat: 'NHWC'; isTraining: boolean }
type GradAttrs = Attrs & { epsilon: number; dataFormat: 'NHWC'; isTraining: boolean };

const num = (a: { data: unknown }) => a.data as ArrayLike<number>;

export const FusedBatchNormV3 = defineOp<FusedBatchNormAttrs>({
  type: 'FusedBatchNormV3',
  infer: ([x, scale, offset, mean, variance], a) => {
    checkDType('x', x.dtype, ['float16', 'float32']);
    checkDType('scale', scale.dtype, ['float32']);
    const xs = withRank(x.shape, 4);
    let c = xs.dim(3);
    for (const v of [scale, offset]) c = mergeDim(c, withRank(v.shape, 1).dim(0));
    if (!a.isTraining || a.exponentialAvgFactor !== 1) for (const v of [mean, variance]) c = mergeDim(c, withRank(v.shape, 1).dim(0));
    const vec = { dtype: 'float32' as const, shape: new TensorShape([c]) };
    return [{ dtype: x.dtype, shape: xs }, vec, vec, vec, vec, { dtype: 'float32', shape: TensorShape.unknown() }];
  },
  kernel: ([x, scale, offset, mean, variance], a) => {
    const c = x.shape[3];
    if (scale.size !== c || offset.size !== c) throw new InvalidArgumentError(`scale and offset must have the same size as the channel dimension ${c}, got ${scale.size} and ${offset.size}`);
    if ((!a.isTraining || a.exponentialAvgFactor !== 1) && (mean.size !== c || variance.size !== c)) {
      throw new InvalidArgumentError(`When is_training=false or exponential_avg_factor != 1, mean and variance must have ${c} elements, got ${mean.size} and ${variance.size}`);
    }
    const r = fbn(num(x), num(scale), num(offset), num(mean), num(variance), c, Math.fround(a.epsilon), a.exponentialAvgFactor, a.isTraining);
    const v = (d: Float64Array) => fromFloat64('float32', [c], d);
    return [fromFloat64(x.dtype, x.shape, r.y), v(r.mean), v(r.variance), v(r.savedMean), v(r.savedVar), fromFloat64('float32', [0], new Float64Array(0))];
  },
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null, null, null];
    const [x, scale, , popMean, popVar] = op.inputs;
    const a = op.attrs;
    const [m, v] = a.isTraining ? [op.outputs[3], op.outputs[4]] : [popMean, popVar];
    const inputs = [dy, x, scale, m, v, op.outputs[5]];
    const [dx, dscale, doffset] = withScope(undefined, 'FusedBatchNormGradV3', inputs, (scope, g) =>
      g.addOp(FusedBatchNormGradV3, inputs, { epsilon: a.epsilon, dataFormat: a.dataFormat, isTraining: a.isTraining }, { name: scope }).outputs);
    return [dx, dscale, doffset, null, null];
  },
});

export const FusedBatchNormGradV3 = defineOp<GradAttrs>({
  type: 'FusedBatchNormGradV3',
  infer: ([dy, x, scale]) => {
    const xs = withRank(x.shape, 4).mergeWith(dy.shape);
    const c = mergeDim(xs.dim(3), withRank(scale.shape, 1).dim(0));
    const vec = { dtype: 'float32' as const, shape: new TensorShape([c]) };
    const empty = { dtype: 'float32' as const, shape: new TensorShape([0]) };
    return [{ dtype: x.dtype, shape: xs }, vec, vec, empty, empty];
  },
  kernel: ([dy, x, scale, m, v], a) => {
    const c = x.shape[3];
    const [dx, ds, doff] = fbnGrad(num(dy), num(x), num(scale), num(m), num(v), c, Math.fround(a.epsilon), a.isTraining);
    const vec = (d: Float64Array) => fromFloat64('float32', [c], d);
    const empty = fromFloat64('float32', [0], new Float64Array(0));
    return [fromFloat64(x.dtype, x.shape, dx), vec(ds), vec(doff), empty, empty];
  },
  noGradient: true,
});

/**
 * Batch normalization in one op — tf.nn.fused_batch_norm (op `FusedBatchNormV3`, NHWC).
 * Training (the default) normalizes with the batch statistics and returns them as
 * [y, batchMean, batchVariance (unbiased)]; with `isTraining: false` it uses `mean` and
 * `variance`. `exponentialAvgFactor` < 1 returns running averages instead.
 *
 * ```ts
 * const x = tf.constant([1, 2, 3, 6], {dtype: 'float32', shape: [4, 1, 1, 1]});
 * tf.nn.fusedBatchNorm(x, [1], [0], {epsilon: 0})[1];   // 3
 * ```
 */
export function fusedBatchNorm(x: TensorLike, scale: TensorLike, offset: TensorLike, opts: {
  mean?: TensorLike | null; variance?: TensorLike | null; epsilon?: number; dataFormat?: string; isTraining?: boolean;
  name?: string; exponentialAvgFactor?: number;
} = {}): [Tensor, Tensor, Tensor] {
  const isTraining = opts.isTraining ?? true, factor = opts.exponentialAvgFactor ?? 1.0;
  if ((!isTraining || factor !== 1) && (opts.mean == null || opts.variance == null)) {
    throw new ValueError(`Both \`mean\` and \`variance\` must be a 1D tensor when \`is_training\` is False or \`exponential_avg_factor\` != 1.0. Received: \`mean\` ${String(opts.mean)} and \`variance\` ${String(opts.variance)}`);
  }
  if ((opts.dataFormat ?? 'NHWC') !== 'NHWC') throw new ValueError(`fused_batch_norm supports data_format 'NHWC' only (the CPU layout), got '${opts.dataFormat}'.`);
  const xt = convertToTensor(x, { name: 'input' });
  const s = convertToTensor(scale, { name: 'scale', dtypeHint: 'float32' });
  const o = convertToTensor(offset, { name: 'offset', dtypeHint: 'float32' });
  const m = opts.mean == null ? constant([], { dtype: 'float32' }) : convertToTensor(opts.mean, { dtypeHint: 'float32' });
  const v = opts.variance == null ? constant([], { dtype: 'float32' }) : convertToTensor(opts.variance, { dtypeHint: 'float32' });
  const attrs: FusedBatchNormAttrs = { epsilon: opts.epsilon ?? 0.001, exponentialAvgFactor: factor, dataFormat: 'NHWC', isTraining };
  const outs = withScope(opts.name, 'FusedBatchNormV3', [xt, s, o, m, v], (scope, g) => g.addOp(FusedBatchNormV3, [xt, s, o, m, v], attrs, { name: scope }).outputs);
  return [outs[0], outs[1], outs[2]];
}
