// RandomShuffle (tf.random_shuffle / tf.random.shuffle): a random permutation of the first
// dimension, drawn as TF's kernel draws it (random_shuffle_op.cc).

import { NDArray } from '../../framework/ndarray.js';
import { allocData, type AnyData } from '../../framework/dtypes.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { getSeed } from './seed.js';
import { shufflePermutation } from './sampling.js';
import type { SeedAttrs } from './random_ops.js';

export const RandomShuffle = defineOp<SeedAttrs>({
  type: 'RandomShuffle',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  kernel: ([x], _, ctx) => {
    const n = x.rank === 0 ? 1 : x.shape[0];
    if (x.size <= 1 || n <= 1) return x; // nothing to shuffle; TF draws nothing either
    // TF reserves n - 1 uint32s: one per swap
    const gen = ctx.state.random(ctx.op).reserveSamples32(n - 1);
    const perm = shufflePermutation(gen, n);
    const row = x.size / n;
    const w = x.dtype === 'complex64' ? 2 * row : row;
    const src = x.data as unknown as { [i: number]: unknown };
    const out = allocData(x.dtype, x.size) as AnyData;
    const dst = out as unknown as { [i: number]: unknown };
    for (let i = 0; i < n; i++) {
      const from = perm[i] * w, to = i * w;
      for (let k = 0; k < w; k++) dst[to + k] = src[from + k];
    }
    return new NDArray(x.dtype, x.shape, out as never);
  },
  stateful: true,
  noGradient: true,
});

/**
 * Randomly shuffles a tensor along its first dimension (tf.random_shuffle / tf.random.shuffle).
 *
 * ```ts
 * const shuffled = tf.randomShuffle([1, 2, 3, 4, 5], {seed: 1});   // node 'RandomShuffle'
 * ```
 */
export function randomShuffle(value: TensorLike, opts: { seed?: number | null; name?: string } = {}): Tensor {
  const [seed, seed2] = getSeed(opts.seed);
  return withScope(opts.name, 'RandomShuffle', [value], (scope, g) => {
    const x = convertToTensor(value, { name: 'value' });
    return g.addOp(RandomShuffle, [x], { seed, seed2 }, { name: scope }).outputs[0];
  });
}
