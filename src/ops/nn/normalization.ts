// Compositions of nn_impl.py: moments, batch_normalization and l2_normalize, with TF's
// node names (moments/mean, moments/variance, batchnorm/Rsqrt, l2_normalize, ...).

import { Tensor } from '../../framework/tensor.js';
import { withScope, convertToTensor, type TensorLike } from '../core.js';
import { cast } from '../math/cast.js';
import { reduceMean, reduceSum } from '../math/reduce.js';
import { squaredDifference, maximum, multiply } from '../math/binary.js';
import { rsqrt, square, negative } from '../math/unary.js';
import { squeeze } from '../array/reshape.js';
import { stopGradient } from '../control/stop_gradient.js';
import { opAdd, opMul, opSub } from '../array/operators.js';

type Axes = number | readonly number[];

/**
 * Mean and variance of `x` over `axes` — tf.nn.moments (TF 1 signature; `keepDims` keeps
 * the reduced axes). The variance uses a stop-gradient mean, as TF's.
 *
 * ```ts
 * const x = tf.placeholder('float32', [null, 28, 28, 32]);
 * const [mean, variance] = tf.nn.moments(x, [0, 1, 2]);   // per-channel statistics, shape [32]
 * tf.nn.moments(tf.constant([1, 2, 3, 6], 'float32'), [0])[1];   // 3.5
 * ```
 */
export function moments(x: TensorLike, axes: Axes, opts: { shift?: TensorLike; name?: string; keepDims?: boolean; keepdims?: boolean } = {}): [Tensor, Tensor] {
  const keep = opts.keepDims ?? opts.keepdims ?? false;
  const ax = typeof axes === 'number' ? [axes] : Array.from(axes);
  return withScope(opts.name, 'moments', [x], () => {
    const t = convertToTensor(x);
    const y = t.dtype === 'float16' ? cast(t, 'float32') : t;
    let mean = reduceMean(y, { axis: ax, keepDims: true, name: 'mean' });
    let variance = reduceMean(squaredDifference(y, stopGradient(mean)), { axis: ax, keepDims: true, name: 'variance' });
    if (!keep) {
      mean = squeeze(mean, ax);
      variance = squeeze(variance, ax);
    }
    if (t.dtype === 'float16') return [cast(mean, 'float16'), cast(variance, 'float16')];
    return [mean, variance];
  });
}

// Python arithmetic on floats or tensors: plain numbers stay numbers, as in nn_impl.py.
const pyAdd = (a: TensorLike, b: TensorLike): TensorLike => (typeof a === 'number' && typeof b === 'number' ? a + b : opAdd(a, b));
const pyMul = (a: TensorLike, b: TensorLike): TensorLike => (typeof a === 'number' && typeof b === 'number' ? a * b : opMul(a, b));
const pySub = (a: TensorLike, b: TensorLike): TensorLike => (typeof a === 'number' && typeof b === 'number' ? a - b : opSub(a, b));
const pyNeg = (a: TensorLike): TensorLike => (typeof a === 'number' ? -a : negative(a));

/**
 * (x - mean) * scale / sqrt(variance + epsilon) + offset, computed as TF does:
 * x * inv + (offset - mean * inv) with inv = rsqrt(variance + epsilon) * scale —
 * tf.nn.batch_normalization (scope 'batchnorm'). `offset` and `scale` may be null.
 *
 * ```ts
 * const h = tf.constant([[1, 2], [3, 6]], 'float32');
 * const [m, v] = tf.nn.moments(h, [0]);
 * tf.nn.batchNormalization(h, m, v, 0, 1, 0);   // [[-1 -1] [1 1]]
 * ```
 */
export function batchNormalization(x: TensorLike, mean: TensorLike, variance: TensorLike, offset: TensorLike | null | undefined,
                                   scale: TensorLike | null | undefined, varianceEpsilon: number, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'batchnorm', [x, mean, variance, scale, offset], () => {
    let inv: TensorLike = rsqrt(pyAdd(variance, varianceEpsilon));
    if (scale !== null && scale !== undefined) inv = pyMul(inv, scale);
    const t = convertToTensor(x);
    const scaled = opMul(t, cast(inv as Tensor, t.dtype));
    const shift = offset !== null && offset !== undefined ? pySub(offset, pyMul(mean, inv)) : pyMul(pyNeg(mean), inv);
    return opAdd(scaled, cast(shift as Tensor, t.dtype));
  });
}

/**
 * x / sqrt(max(sum(x ** 2, axis), epsilon)) — tf.nn.l2_normalize (epsilon 1e-12).
 *
 * ```ts
 * tf.nn.l2Normalize(tf.constant([3, 4], 'float32'), 0);   // [0.6 0.8]
 * ```
 */
export function l2Normalize(x: TensorLike, axis?: Axes | null | { axis?: Axes | null; epsilon?: number; name?: string; dim?: Axes }, opts: { epsilon?: number; name?: string } = {}): Tensor {
  let o = opts, ax = axis as Axes | null | undefined;
  if (typeof axis === 'object' && axis !== null && !Array.isArray(axis)) {
    const a = axis as { axis?: Axes | null; epsilon?: number; name?: string; dim?: Axes };
    o = a; ax = a.axis ?? a.dim;
  }
  const eps = o.epsilon ?? 1e-12;
  return withScope(o.name, 'l2_normalize', [x], scope => {
    const t = convertToTensor(x, { name: 'x' });
    if (t.dtype === 'complex64') throw new TypeError('l2Normalize: complex inputs are not supported');
    const squareSum = reduceSum(square(t), { axis: ax ?? null, keepDims: true });
    const invNorm = rsqrt(maximum(squareSum, eps));
    return multiply(t, invNorm, { name: scope });
  });
}
