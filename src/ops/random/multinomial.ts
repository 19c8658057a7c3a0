// Multinomial (tf.multinomial / tf.random.categorical): class indices drawn from rows of
// unnormalized log-probabilities, as TF's CPU kernel draws them (multinomial_op.cc):
// a double CDF of exp(logit - max) per row, one RandDouble per sample, upper_bound.

import { type DType, toDType } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRank } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ValueError } from '../../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { checkDType, FLOATS, INDEX } from '../dtype_sets.js';
import { getSeed } from './seed.js';
import type { SeedAttrs } from './random_ops.js';

export const Multinomial = defineOp<SeedAttrs & { outputDtype: DType }>({
  type: 'Multinomial',
  infer: ([logits, ns], a) => {
    checkDType('logits', logits.dtype, FLOATS);
    checkDType('num_samples', ns.dtype, ['int32']);
    checkDType('output_dtype', a.outputDtype, INDEX);
    const l = withRank(logits.shape, 2);
    withRank(ns.shape, 0);
    const v = ns.value();
    return [{ dtype: a.outputDtype, shape: new TensorShape([l.dim(0), v ? Number(v.data[0]) : null]) }];
  },
  kernel: ([logits, ns], a, ctx) => {
    if (logits.rank !== 2) throw new InvalidArgumentError(`logits should be a matrix, got shape [${logits.shape.join(',')}]`);
    if (ns.rank !== 0) throw new InvalidArgumentError(`num_samples should be a scalar, got shape [${ns.shape.join(',')}]`);
    const numSamples = Number(ns.data[0]);
    if (numSamples < 0) throw new InvalidArgumentError(`num_samples should be non-negative, got ${numSamples}`);
    const [batch, classes] = logits.shape;
    if (classes <= 0) throw new InvalidArgumentError(`num_classes should be positive, got ${classes}`);
    const out = a.outputDtype === 'int64' ? new BigInt64Array(batch * numSamples) : new Int32Array(batch * numSamples);
    if (out.length === 0) return new NDArray(a.outputDtype, [batch, numSamples], out as never);
    // the CPU kernel draws doubles: 2 uint32s per sample, rounded up to 4 samples per row
    const gen = ctx.state.random(ctx.op).reserveRandomOutputs(batch * Math.ceil(numSamples / 4) * 4 * 2, 256);
    const x = logits.data as Float32Array | Float64Array;
    const cdf = new Float64Array(classes);
    for (let b = 0; b < batch; b++) {
      const row = b * classes;
      let max = -Number.MAX_VALUE;
      for (let j = 0; j < classes; j++) if (Number.isFinite(x[row + j])) max = Math.max(max, x[row + j]);
      let total = 0;
      for (let j = 0; j < classes; j++) {
        if (Number.isFinite(x[row + j])) total += Math.exp(x[row + j] - max);
        cdf[j] = total;
      }
      for (let k = 0; k < numSamples; k++) {
        const target = gen.nextDouble() * total;
        let lo = 0, hi = classes;                   // upper_bound: first cdf[j] > target
        while (lo < hi) { const mid = (lo + hi) >>> 1; if (cdf[mid] <= target) lo = mid + 1; else hi = mid; }
        if (out instanceof BigInt64Array) out[b * numSamples + k] = BigInt(lo); else out[b * numSamples + k] = lo;
      }
    }
    return new NDArray(a.outputDtype, [batch, numSamples], out as never);
  },
  stateful: true,
  noGradient: true,
});

interface CategoricalOptions { seed?: number | null; name?: string }

function sample(defaultName: string, logits: TensorLike, numSamples: TensorLike, dtype: DType | undefined, opts: CategoricalOptions): Tensor {
  const outputDtype = toDType(dtype ?? 'int64');
  if (!INDEX.includes(outputDtype)) {
    throw new ValueError(`Argument \`dtype\` got invalid value <dtype: '${outputDtype}'>. Accepted dtypes are (tf.int32, tf.int64).`);
  }
  return withScope(opts.name, defaultName, [logits], (_, g) => {
    const l = convertToTensor(logits, { name: 'logits', dtypeHint: 'float32' }); // JS cannot write 1.0
    const [seed, seed2] = getSeed(opts.seed, g);
    return withScope(undefined, 'Multinomial', [l], (scope) => {
      const ns = convertToTensor(numSamples, { dtype: 'int32', name: 'num_samples' });
      return g.addOp(Multinomial, [l, ns], { seed, seed2, outputDtype }, { name: scope }).outputs[0];
    });
  });
}

/**
 * Draws `numSamples` class indices per row of `logits` [batch, classes] (tf.multinomial,
 * deprecated in TF for tf.random.categorical). Result: int64 [batch, numSamples].
 *
 * ```ts
 * const s = tf.multinomial(tf.log([[0.5, 0.5]]), 5, {seed: 1});
 * ```
 */
export function multinomial(logits: TensorLike, numSamples: TensorLike, opts: CategoricalOptions & { outputDtype?: DType } = {}): Tensor {
  return sample('multinomial', logits, numSamples, opts.outputDtype, opts);
}

/**
 * Draws class indices from a categorical distribution per row of logits (tf.random.categorical).
 *
 * ```ts
 * const s = tf.categorical([[0, 0, 1]], 10, {dtype: 'int32'});
 * ```
 */
export function categorical(logits: TensorLike, numSamples: TensorLike, opts: CategoricalOptions & { dtype?: DType } = {}): Tensor {
  return sample('categorical', logits, numSamples, opts.dtype, opts);
}
