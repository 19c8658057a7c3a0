// RandomGamma (tf.random_gamma / tf.random.gamma): Marsaglia-Tsang transformation-rejection
// (an exponential when alpha is 1), as TF's CPU kernel runs it (random_op.cc RandomGammaOp):
// each output reads double normals and uniforms from its own region of 256 Philox blocks.

import { type DType, toDType, allocData, roundHalf } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, broadcastConcrete, sizeOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ValueError } from '../../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { broadcastTo } from '../array/reshape.js';
import { maximum, truediv } from '../math/binary.js';
import { checkDType, FLOATS, INDEX } from '../dtype_sets.js';
import { getSeed } from './seed.js';
import { fillNormal, fillUniform, type FloatData } from './sampling.js';
import { shapeFromInput, randomShape, type SeedAttrs, type RandomOptions } from './random_ops.js';
import { Philox } from '../../backend/reference/philox.js';

export const RandomGamma = defineOp<SeedAttrs>({
  type: 'RandomGamma',
  infer: ([s, alpha]) => {
    checkDType('alpha', alpha.dtype, FLOATS);
    const head = randomShape(s);
    const dims = head.dims && alpha.shape.dims ? [...head.dims, ...alpha.shape.dims] : null;
    return [{ dtype: alpha.dtype, shape: new TensorShape(dims) }];
  },
  kernel: ([s, alpha], _, ctx) => {
    const head = shapeFromInput(s);
    const numSamples = sizeOf(head);
    const numAlphas = alpha.size;
    const shape = [...head, ...alpha.shape];
    const out = allocData(alpha.dtype, sizeOf(shape)) as FloatData;
    if (numSamples === 0 || numAlphas === 0) return new NDArray(alpha.dtype, shape, out as never);
    const rng = ctx.state.random(ctx.op).reserveRandomOutputs(numSamples * numAlphas, 256);
    sampleGamma(rng, alpha.data as FloatData, alpha.dtype, numSamples, out);
    return new NDArray(alpha.dtype, shape, out as never);
  },
  stateful: true,
  noGradient: true,
});

function sampleGamma(rng: Philox, alphas: FloatData, dtype: DType, numSamples: number, out: FloatData): void {
  // all arithmetic in double, whatever T is; the result is rounded to T at the end
  const store = dtype === 'float16' ? roundHalf : dtype === 'float32' ? Math.fround : (x: number) => x;
  const norm = new Float64Array(2), unif = new Float64Array(2);
  const numAlphas = alphas.length;
  const gen = new Philox();
  for (let a = 0; a < numAlphas; a++) {
    const alpha = alphas[a];
    const small = alpha < 1;
    const d = alpha + (small ? 2 / 3 : -1 / 3);
    const c = 1 / 3 / Math.sqrt(d);
    for (let k = 0; k < numSamples; k++) {
      const outputIdx = a * numSamples + k;
      gen.copyFrom(rng).skip(256 * outputIdx);
      let normLeft = 0, unifLeft = 0;
      // the kernel takes normals and uniforms from the back of each group of two
      const uniform = (): number => {
        if (unifLeft === 0) { fillUniform(gen, unif, 'float64'); unifLeft = 2; }
        return unif[--unifLeft];
      };
      let res: number;
      if (alpha === 1) {
        res = -Math.log1p(-uniform());          // exponential
      } else {
        for (;;) {
          if (normLeft === 0) { fillNormal(gen, norm, 'float64'); normLeft = 2; }
          const x = norm[--normLeft];
          let v = 1 + c * x;
          if (v <= 0) continue;
          v = v * v * v;
          const u = uniform();
          if (u < 1 - 0.0331 * (x * x) * (x * x) || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
            res = d * v;
            if (small) res *= Math.pow(uniform(), 1 / alpha);
            break;
          }
        }
      }
      out[k * numAlphas + a] = store(res);
    }
  }
}

/**
 * Samples from Gamma(alpha, beta) distributions (tf.random_gamma / tf.random.gamma): the
 * result has shape `shape ++ broadcast(alpha, beta).shape`.
 *
 * Nodes: `random_gamma/{shape,alpha,beta,RandomGamma,truediv,Maximum}`; TF 2.x also builds
 * a BroadcastArgs/BroadcastTo pair for alpha even when no broadcasting is needed, which
 * this builder adds (as a BroadcastTo to a constant shape) only when beta's shape demands it.
 *
 * ```ts
 * const g = tf.randomGamma([10], [0.5, 1.5], null, {seed: 1});   // shape [10, 2]
 * ```
 */
export function randomGamma(shape: TensorLike, alpha: TensorLike, beta?: TensorLike | null, opts: RandomOptions = {}): Tensor {
  const dtype = toDType(opts.dtype ?? 'float32');
  if (!FLOATS.includes(dtype)) throw new ValueError(`Argument \`dtype\` is expected to be floating point. Received: ${dtype}.`);
  return withScope(opts.name, 'random_gamma', [shape, alpha, beta], (_, g) => {
    const s = convertToTensor(shape, { name: 'shape', dtype: 'int32' });
    checkDType('shape', s.dtype, INDEX);
    let a = convertToTensor(alpha, { name: 'alpha', dtype });
    const b = convertToTensor(beta ?? 1, { name: 'beta', dtype });
    const as = a.shape, bs = b.shape;
    if (!as.isFullyDefined || !bs.isFullyDefined) {
      throw new ValueError('randomGamma needs alpha and beta of known shapes.');
    }
    const target = broadcastConcrete(as.dims as number[], bs.dims as number[]);
    if (!target) throw new InvalidArgumentError(`Incompatible shapes: ${as.toDebugString()} vs. ${bs.toDebugString()}`);
    if (target.length !== as.rank || target.some((d, i) => d !== as.dims![i])) a = broadcastTo(a, target);
    const [seed, seed2] = getSeed(opts.seed, g);
    const gamma = g.addOp(RandomGamma, [s, a], { seed, seed2 }, { name: 'RandomGamma' }).outputs[0];
    return maximum(TINY[dtype as 'float16' | 'float32' | 'float64'], truediv(gamma, b));
  });
}

/** np.finfo(dtype).tiny: TF keeps samples above it. */
const TINY = { float16: 6.103515625e-5, float32: 1.1754943508222875e-38, float64: 2.2250738585072014e-308 };
