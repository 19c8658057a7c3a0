// Random initializers (glorot, variance scaling, normal, uniform, truncated normal).
// Filled in by the random-ops module; glorotUniform is the get_variable default.

import type { DType } from '../../framework/dtypes.js';
import type { Tensor } from '../../framework/tensor.js';
import { randomUniform } from './random_ops.js';

export type Initializer = (shape: number[], dtype: DType) => Tensor;

function fans(shape: number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const rf = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * rf, shape[shape.length - 1] * rf];
}

/** tf.glorot_uniform_initializer(): U(-l, l) with l = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniformInitializer(opts: { seed?: number } = {}): Initializer {
  return (shape, dtype) => {
    const [fi, fo] = fans(shape);
    const limit = Math.sqrt(6 / (fi + fo));
    return randomUniform(shape, -limit, limit, { dtype, seed: opts.seed });
  };
}
