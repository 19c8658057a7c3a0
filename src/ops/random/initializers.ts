// Random initializers of TF 1.x's init_ops.py (tf.random_normal_initializer,
// tf.glorot_uniform_initializer, tf.variance_scaling_initializer, ...). Each returns the
// `(shape, dtype) => Tensor` that tf.getVariable calls inside `<var>/Initializer/`, so the
// nodes are `<var>/Initializer/random_uniform/...` etc. as in TF.

import { type DType, toDType, isFloating } from '../../framework/dtypes.js';
import { ValueError } from '../../framework/errors.js';
import type { Initializer } from '../state/variable_scope.js';
import { randomNormal, truncatedNormal, uniformImpl } from './random_ops.js';

type DTypeOpt = DType | 'float' | 'double' | 'half';
interface SeedOpt { seed?: number | null; dtype?: DTypeOpt }
interface NormalOpt extends SeedOpt { mean?: number; stddev?: number }
interface UniformOpt extends SeedOpt { minval?: number; maxval?: number | null }

/** TF's positional form (`tf.random_normal_initializer(0.0, 0.1)`) or an options object. */
function normalOpts(a: number | NormalOpt | undefined, stddev?: number, seed?: number | null, dtype?: DTypeOpt): NormalOpt {
  return typeof a === 'object' ? a : { mean: a, stddev, seed, dtype };
}
function seedOpts(a: number | SeedOpt | null | undefined, dtype?: DTypeOpt): SeedOpt {
  return typeof a === 'object' && a !== null ? a : { seed: a, dtype };
}

function floatDType(d: DTypeOpt | undefined, fallback: DTypeOpt | undefined): DType {
  const dtype = toDType(d ?? fallback ?? 'float32');
  if (!isFloating(dtype)) throw new ValueError(`Argument \`dtype\` is expected to be floating point. Received: ${dtype}.`);
  return dtype;
}

/** TF's _compute_fans: [fanIn, fanOut] of a weight shape (conv kernels count the receptive field). */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/**
 * Normal values (tf.random_normal_initializer(mean=0, stddev=1, seed, dtype)); the
 * arguments may be positional as in TF or an options object.
 *
 * ```ts
 * const w = tf.getVariable('w', [3, 4], {initializer: tf.randomNormalInitializer({stddev: 0.1})});
 * ```
 */
export function randomNormalInitializer(mean?: number | NormalOpt, stddev?: number, seed?: number | null, dtype?: DTypeOpt): Initializer {
  const o = normalOpts(mean, stddev, seed, dtype);
  return (shape, dt) => randomNormal(shape, o.mean ?? 0, o.stddev ?? 1, { dtype: floatDType(dt, o.dtype), seed: o.seed });
}

/**
 * Uniform values in [minval, maxval) (tf.random_uniform_initializer(minval=0.0, maxval=1,
 * seed, dtype)); positional as in TF or an options object.
 *
 * ```ts
 * const b = tf.getVariable('b', [4], {initializer: tf.randomUniformInitializer(-0.05, 0.05)});
 * ```
 */
export function randomUniformInitializer(minval?: number | UniformOpt, maxval?: number | null, seed?: number | null, dtype?: DTypeOpt): Initializer {
  const o: UniformOpt = typeof minval === 'object' ? minval : { minval, maxval, seed, dtype };
  // TF's default minval is the float .0, so the min/max/sub/mul/add nodes are built unless the
  // caller passes the int 0; maxval defaults to None (1) and is required for integer dtypes
  const minIsIntZero = o.minval === 0;
  const maxIsIntOne = o.maxval === undefined || o.maxval === null || o.maxval === 1;
  return (shape, dt) => uniformImpl(shape, o.minval ?? 0, o.maxval ?? null, { dtype: dt ?? toDType(o.dtype ?? 'float32'), seed: o.seed },
    minIsIntZero, maxIsIntOne);
}

/**
 * Normal values, those more than 2 stddev from the mean re-drawn
 * (tf.truncated_normal_initializer(mean=0, stddev=1, seed, dtype)).
 *
 * ```ts
 * const w = tf.getVariable('w', [784, 10], {initializer: tf.truncatedNormalInitializer({stddev: 0.1})});
 * ```
 */
export function truncatedNormalInitializer(mean?: number | NormalOpt, stddev?: number, seed?: number | null, dtype?: DTypeOpt): Initializer {
  const o = normalOpts(mean, stddev, seed, dtype);
  return (shape, dt) => truncatedNormal(shape, o.mean ?? 0, o.stddev ?? 1, { dtype: floatDType(dt, o.dtype), seed: o.seed });
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type ScalingDistribution = 'truncated_normal' | 'untruncated_normal' | 'uniform' | 'normal';
export interface VarianceScalingOptions extends SeedOpt { scale?: number; mode?: FanMode; distribution?: ScalingDistribution }

/**
 * Values scaled to the weight's fan (tf.variance_scaling_initializer): variance `scale / n`
 * with n = fanIn, fanOut or their mean; drawn from a truncated normal (stddev divided by
 * 0.8796..., the stddev of a unit normal truncated at 2), a normal, or a uniform
 * [-sqrt(3 scale / n), sqrt(3 scale / n)).
 *
 * ```ts
 * const init = tf.varianceScalingInitializer({scale: 2, mode: 'fan_in'});   // He normal
 * ```
 */
export function varianceScalingInitializer(scale?: number | VarianceScalingOptions, mode?: FanMode, distribution?: ScalingDistribution,
                                           seed?: number | null, dtype?: DTypeOpt): Initializer {
  const opts: VarianceScalingOptions = typeof scale === 'object' ? scale : { scale, mode, distribution, seed, dtype };
  const scale0 = opts.scale ?? 1;
  const fanMode = opts.mode ?? 'fan_in';
  const dist = (opts.distribution ?? 'truncated_normal').toLowerCase();
  if (!(scale0 > 0)) throw new ValueError(`Argument \`scale\` must be a positive float. Received: ${scale0}`);
  if (!['fan_in', 'fan_out', 'fan_avg'].includes(fanMode)) {
    throw new ValueError(`Argument \`mode\` should be one of ('fan_in', 'fan_out', 'fan_avg'). Received: ${fanMode}`);
  }
  if (!['normal', 'uniform', 'truncated_normal', 'untruncated_normal'].includes(dist)) {
    throw new ValueError(`Argument \`distribution\` should be one of ('normal', uniform', 'truncated_normal', 'untruncated_normal'). Received: ${dist}`);
  }
  return (shape, dtype) => {
    const dt = floatDType(dtype, opts.dtype);
    const [fanIn, fanOut] = computeFans(shape);
    const n = fanMode === 'fan_in' ? fanIn : fanMode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = scale0 / Math.max(1, n);
    const o = { dtype: dt, seed: opts.seed };
    if (dist === 'normal' || dist === 'truncated_normal') {
      return truncatedNormal(shape, 0, Math.sqrt(scale) / 0.87962566103423978, o);
    }
    if (dist === 'untruncated_normal') return randomNormal(shape, 0, Math.sqrt(scale), o);
    const limit = Math.sqrt(3 * scale);
    return uniformImpl(shape, -limit, limit, o, false, false); // Python floats: all nodes built
  };
}

/**
 * Xavier/Glorot uniform (tf.glorot_uniform_initializer, get_variable's default for floats):
 * U(-l, l) with l = sqrt(6 / (fanIn + fanOut)).
 *
 * ```ts
 * const w = tf.getVariable('w', [3, 4], {initializer: tf.glorotUniformInitializer({seed: 1})});
 * ```
 */
export function glorotUniformInitializer(seed?: number | SeedOpt | null, dtype?: DTypeOpt): Initializer {
  return varianceScalingInitializer({ ...seedOpts(seed, dtype), scale: 1, mode: 'fan_avg', distribution: 'uniform' });
}

/** Xavier/Glorot truncated normal (tf.glorot_normal_initializer): stddev sqrt(2 / (fanIn + fanOut)) before truncation. */
export function glorotNormalInitializer(seed?: number | SeedOpt | null, dtype?: DTypeOpt): Initializer {
  return varianceScalingInitializer({ ...seedOpts(seed, dtype), scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' });
}

/** He normal (tf.initializers.he_normal): truncated normal, variance 2 / fanIn. */
export function heNormal(seed?: number | SeedOpt | null, dtype?: DTypeOpt): Initializer {
  return varianceScalingInitializer({ ...seedOpts(seed, dtype), scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
}
/** He uniform (tf.initializers.he_uniform): variance 2 / fanIn. */
export function heUniform(seed?: number | SeedOpt | null, dtype?: DTypeOpt): Initializer {
  return varianceScalingInitializer({ ...seedOpts(seed, dtype), scale: 2, mode: 'fan_in', distribution: 'uniform' });
}
/** LeCun normal (tf.initializers.lecun_normal): truncated normal, variance 1 / fanIn. */
export function lecunNormal(seed?: number | SeedOpt | null, dtype?: DTypeOpt): Initializer {
  return varianceScalingInitializer({ ...seedOpts(seed, dtype), scale: 1, mode: 'fan_in', distribution: 'truncated_normal' });
}
/** LeCun uniform (tf.initializers.lecun_uniform): variance 1 / fanIn. */
export function lecunUniform(seed?: number | SeedOpt | null, dtype?: DTypeOpt): Initializer {
  return varianceScalingInitializer({ ...seedOpts(seed, dtype), scale: 1, mode: 'fan_in', distribution: 'uniform' });
}
