// tf.nn.dropout as TF 2.21's tf.compat.v1 builds it (nn_ops._dropout): x scaled by
// 1 / (1 - rate), then zeroed where a seeded random_uniform draw is below `rate`
// (GreaterEqual + SelectV2). TF 1.x's keep_prob is accepted and turned into rate = 1 - keep_prob.

import { isFloating } from '../../framework/dtypes.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { ValueError } from '../../framework/errors.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { cast } from '../math/cast.js';
import { multiply, realDiv, subtract, greaterEqual } from '../math/binary.js';
import { shape as shapeOf } from '../array/shape.js';
import { whereV2 } from '../array/where.js';
import { randomUniform } from '../random/random_ops.js';
import { getSeed } from '../random/seed.js';
import { opSub } from '../array/operators.js';

export interface DropoutOptions {
  /** The probability of dropping each element (TF 2 style). */
  rate?: TensorLike;
  /** The probability of keeping each element (TF 1 style; rate = 1 - keepProb). */
  keepProb?: TensorLike;
  /** Shape of the keep/drop mask, broadcast against x (e.g. [k, 1, 1, n]). */
  noiseShape?: readonly (number | null)[] | Tensor;
  seed?: number;
  name?: string;
}

/** nn_ops._get_noise_shape: unknown entries of a static noise shape come from x's shape. */
function noiseShapeFor(x: Tensor, noiseShape: DropoutOptions['noiseShape']): Tensor | number[] {
  if (noiseShape === undefined || noiseShape === null) return shapeOf(x);
  if (noiseShape instanceof Tensor) return noiseShape;
  const xs = x.shape.dims;
  if (xs && xs.length === noiseShape.length) {
    const dims = noiseShape.map((d, i) => (d === null || d === -1 ? xs[i] : d));
    if (dims.some(d => d === null)) throw new ValueError(`Cannot convert a partially known TensorShape ${new TensorShape(dims).toString()} to a Tensor.`);
    return dims as number[];
  }
  if (noiseShape.some(d => d === null)) throw new ValueError('dropout: noiseShape has unknown dimensions that x does not determine.');
  return noiseShape as number[];
}

/**
 * Drops elements of `x` with probability `rate` and scales the rest by 1 / (1 - rate), so
 * that the expected sum is unchanged — tf.nn.dropout (TF 1 signature
 * `dropout(x, keepProb, {noiseShape, seed, name})`, or `dropout(x, {rate})`). A seeded
 * dropout (`seed`, or tf.setRandomSeed) draws TF's exact mask.
 *
 * ```ts
 * const h = tf.placeholder('float32', [null, 1024]);
 * const keepProb = tf.placeholder('float32', []);
 * const hDrop = tf.nn.dropout(h, keepProb);           // feed 0.5 to train, 1.0 to test
 * tf.nn.dropout(tf.ones([2, 3]), {rate: 0.25, seed: 3});   // shape [2, 3]
 * ```
 */
export function dropout(x: TensorLike, keepProbOrOpts?: TensorLike | DropoutOptions | null, opts: DropoutOptions = {}): Tensor {
  const isOpts = (v: unknown): v is DropoutOptions => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor) &&
    Object.keys(v).every(k => ['rate', 'keepProb', 'noiseShape', 'seed', 'name'].includes(k));
  const o: DropoutOptions = isOpts(keepProbOrOpts) ? keepProbOrOpts : { ...opts, keepProb: keepProbOrOpts ?? opts.keepProb ?? undefined };
  if (o.rate !== undefined && o.keepProb !== undefined) throw new ValueError('Cannot specify both "rate" and "keep_prob".');
  let rate: TensorLike | undefined = o.rate;
  if (rate === undefined && o.keepProb !== undefined) {
    const kp = o.keepProb;
    if (typeof kp === 'number') rate = 1 - kp;
    else if (kp instanceof Tensor) rate = opSub(1, kp);
    else throw new ValueError(`\`keep_prob\` must be a floating point number or Tensor. Received: keep_prob=${String(kp)}`);
  }
  if (rate === undefined) throw new ValueError(`\`rate\` must be provided. Received: rate=undefined`);
  return dropoutV2(x, rate, o);
}

/** tf.nn.dropout of TF 2 (dropout_v2): `rate` is the drop probability. */
export function dropoutV2(x: TensorLike, rate: TensorLike, opts: Omit<DropoutOptions, 'rate' | 'keepProb'> = {}): Tensor {
  return withScope(opts.name, 'dropout', [x], (_, g) => {
    const isNum = typeof rate === 'number';
    if (isNum && (rate < 0 || rate >= 1)) {
      throw new ValueError(`\`rate\` must be a scalar tensor or a float in the range [0, 1). Received: rate=${rate}`);
    }
    const t = convertToTensor(x, { name: 'x' });
    if (!isFloating(t.dtype)) {
      throw new ValueError(`\`x.dtype\` must be a floating point tensor as \`x\` will be scaled. Received: x_dtype=${t.dtype}`);
    }
    if (isNum && rate === 0) {
      getSeed(opts.seed, g); // TF's dummy_rng_step keeps the op-seed counter in step
      return t;
    }
    let ret: Tensor;
    let r: TensorLike = rate;
    if (isNum) {
      const scale = constant(1 / (1 - rate), { dtype: t.dtype });
      ret = multiply(t, scale);
    } else if (rate instanceof Tensor) {
      if (rate.shape.rank !== null && rate.shape.rank !== 0) throw new ValueError(`Shape ${rate.shape.toString()} must have rank 0`);
      if (rate.dtype !== t.dtype) {
        if (!isFloating(rate.dtype)) throw new ValueError(`\`x.dtype\` must be compatible with \`rate.dtype\`. Received: x.dtype=${t.dtype} and rate.dtype=${rate.dtype}`);
        r = cast(rate, t.dtype, { name: 'rate' });
      }
      const one = constant(1, { dtype: t.dtype });
      ret = realDiv(t, subtract(one, r as Tensor));
    } else {
      throw new ValueError(`\`rate\` must be a scalar or scalar tensor. Received: rate=${String(rate)}`);
    }
    const ns = noiseShapeFor(t, opts.noiseShape);
    const rnd = randomUniform(ns, { dtype: t.dtype, seed: opts.seed });
    const keep = greaterEqual(rnd, r);
    const zero = constant(0, { dtype: t.dtype });
    const out = whereV2(keep, ret, zero);
    out.setShape(t.shape);
    return out;
  });
}
