// RandomUniform, RandomStandardNormal, TruncatedNormal and RandomUniformInt, with the
// builders of TF's random_ops.py (tf.random_normal, tf.random_uniform, tf.truncated_normal).
// Kernels draw from the op's per-session Philox generator exactly as TF's CPU kernels do.

import { type DType, toDType, isInteger, allocData } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp, type InputSpec, type Attrs } from '../../framework/op_def.js';
import type { Philox } from '../../backend/reference/philox.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRank, sizeOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ValueError } from '../../framework/errors.js';
import { convertToTensor, isTensorConvertible, withScope, type TensorLike } from '../core.js';
import { shapeFromTensorSpec, shapeToTensor, type ShapeArg } from '../array/fill.js';
import { add, multiply, subtract } from '../math/binary.js';
import { checkDType, FLOATS, INDEX } from '../dtype_sets.js';
import { getSeed } from './seed.js';
import { fillNormal, fillTruncatedNormal, fillUniform, fillUniformInt32, fillUniformInt64, type FloatData } from './sampling.js';

/** The seed/seed2 attrs every stateful random op carries (TF's names). */
export interface SeedAttrs extends Attrs { seed: number; seed2: number }
interface FloatRandomAttrs extends SeedAttrs { dtype: DType }

/** Options of the random builders: `dtype`, op-level `seed`, `name`. */
export interface RandomOptions { dtype?: DType | 'float' | 'double' | 'half'; seed?: number | null; name?: string }

// ---- shapes ---------------------------------------------------------------------------------

/** TF's RandomShape: the output shape is the value of the 1-D `shape` input. */
export function randomShape(s: InputSpec): TensorShape {
  checkDType('shape', s.dtype, INDEX);
  withRank(s.shape, 1);
  return shapeFromTensorSpec(s);
}

/** The concrete output shape from a `shape` input at run time (AllocateOutputWithShape). */
export function shapeFromInput(nd: NDArray): number[] {
  if (nd.rank !== 1) {
    throw new InvalidArgumentError(`shape must be a vector of {int32,int64}, got shape [${nd.shape.join(',')}]`);
  }
  const dims = Array.from(nd.data as ArrayLike<number | bigint>, Number);
  for (const d of dims) if (d < 0) throw new InvalidArgumentError(`Dimension ${d} must be >= 0`);
  return dims;
}

function floatRandomOp(type: string, fill: (gen: Philox, out: FloatData, dtype: 'float16' | 'float32' | 'float64') => void) {
  return defineOp<FloatRandomAttrs>({
    type,
    infer: ([s], a) => {
      checkDType('dtype', a.dtype, FLOATS);
      return [{ dtype: a.dtype, shape: randomShape(s) }];
    },
    kernel: ([s], a, ctx) => {
      const shape = shapeFromInput(s);
      const out = allocData(a.dtype, sizeOf(shape)) as FloatData;
      // Multiplier 256 as in TF: each run starts 256 blocks per output past the last one
      const gen = ctx.state.random(ctx.op).reserveRandomOutputs(out.length, 256);
      fill(gen, out, a.dtype as 'float16' | 'float32' | 'float64');
      return new NDArray(a.dtype, shape, out as never);
    },
    stateful: true,
    noGradient: true,
  });
}

export const RandomUniform = floatRandomOp('RandomUniform', fillUniform);
export const RandomStandardNormal = floatRandomOp('RandomStandardNormal', fillNormal);
export const TruncatedNormal = floatRandomOp('TruncatedNormal', fillTruncatedNormal);

export const RandomUniformInt = defineOp<SeedAttrs & { Tout: DType }>({
  type: 'RandomUniformInt',
  infer: ([s, lo, hi], a) => {
    checkDType('minval', lo.dtype, INDEX);
    if (lo.dtype !== hi.dtype || lo.dtype !== a.Tout) {
      throw new TypeError(`Input 'maxval' of 'RandomUniformInt' Op has type ${hi.dtype} that does not match type ${lo.dtype} of argument 'minval'.`);
    }
    withRank(lo.shape, 0);
    withRank(hi.shape, 0);
    return [{ dtype: a.Tout, shape: randomShape(s) }];
  },
  kernel: ([s, lo, hi], a, ctx) => {
    if (lo.rank !== 0) throw new InvalidArgumentError(`minval must be 0-D, got shape [${lo.shape.join(',')}]`);
    if (hi.rank !== 0) throw new InvalidArgumentError(`maxval must be 0-D, got shape [${hi.shape.join(',')}]`);
    const l = lo.data[0] as number | bigint, h = hi.data[0] as number | bigint;
    if (!(l < h)) throw new InvalidArgumentError(`Need minval < maxval, got ${l} >= ${h}`);
    const shape = shapeFromInput(s);
    const n = sizeOf(shape);
    const gen = ctx.state.random(ctx.op).reserveRandomOutputs(n, 256);
    if (a.Tout === 'int64') {
      const out = new BigInt64Array(n);
      fillUniformInt64(gen, out, BigInt(l), BigInt(h));
      return new NDArray('int64', shape, out);
    }
    const out = new Int32Array(n);
    fillUniformInt32(gen, out, Number(l), Number(h));
    return new NDArray('int32', shape, out);
  },
  stateful: true,
  noGradient: true,
});

// ---- builders -------------------------------------------------------------------------------

/** A trailing options object given where a value could also stand (`randomNormal(s, {seed: 1})`). */
export function isOptionsObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  if (x instanceof Tensor || x instanceof NDArray || isTensorConvertible(x)) return false;
  if (Object.getPrototypeOf(x) !== Object.prototype) return false;
  return !('re' in x && 'im' in x); // a complex scalar is a value
}

interface NormalOptions extends RandomOptions { mean?: TensorLike; stddev?: TensorLike }

function normalArgs(mean: TensorLike | NormalOptions | undefined, stddev: TensorLike | undefined, opts: RandomOptions):
    [TensorLike, TensorLike, RandomOptions] {
  if (isOptionsObject(mean)) {
    const o = mean as NormalOptions;
    return [o.mean ?? 0, o.stddev ?? 1, o];
  }
  return [(mean as TensorLike | undefined) ?? 0, stddev ?? 1, opts];
}

function floatDType(d: RandomOptions['dtype']): DType {
  const dtype = toDType(d ?? 'float32');
  if (!FLOATS.includes(dtype)) throw new ValueError(`Argument \`dtype\` is expected to be floating point. Received: ${dtype}.`);
  return dtype;
}

function normalLike(op: typeof RandomStandardNormal, opName: string, defaultName: string, shape: ShapeArg,
                    meanArg: TensorLike | NormalOptions | undefined, stddevArg: TensorLike | undefined, optsArg: RandomOptions): Tensor {
  const [mean, stddev, opts] = normalArgs(meanArg, stddevArg, optsArg);
  const dtype = floatDType(opts.dtype);
  return withScope(opts.name, defaultName, [shape, mean, stddev], (scope, g) => {
    const s = shapeToTensor(shape, 'shape');
    const m = convertToTensor(mean, { dtype, name: 'mean' });
    const sd = convertToTensor(stddev, { dtype, name: 'stddev' });
    const [seed, seed2] = getSeed(opts.seed, g);
    const rnd = g.addOp(op, [s], { dtype, seed, seed2 }, { name: opName }).outputs[0];
    return add(multiply(rnd, sd, { name: 'mul' }), m, { name: scope });
  });
}

/**
 * Samples from a normal distribution (tf.random_normal / tf.random.normal): nodes
 * `random_normal/{shape,mean,stddev,RandomStandardNormal,mul}` and `random_normal`. Mean and
 * stddev may also be given in the options object.
 *
 * ```ts
 * tf.setRandomSeed(42);
 * const x = tf.randomNormal([2, 2], 0, 1);         // or tf.randomNormal([2, 2], {stddev: 0.1, seed: 1})
 * new tf.Session().run(x);                         // TF's numbers for this seed
 * ```
 */
export function randomNormal(shape: ShapeArg, mean?: TensorLike | NormalOptions, stddev?: TensorLike, opts: RandomOptions = {}): Tensor {
  return normalLike(RandomStandardNormal, 'RandomStandardNormal', 'random_normal', shape, mean, stddev, opts);
}

/**
 * Samples from a normal distribution truncated to two standard deviations: values more
 * than 2 stddev from the mean are re-drawn (tf.truncated_normal / tf.random.truncated_normal).
 *
 * ```ts
 * const w = tf.truncatedNormal([784, 10], 0, 0.1);   // or tf.truncatedNormal([784, 10], {stddev: 0.1})
 * ```
 */
export function truncatedNormal(shape: ShapeArg, mean?: TensorLike | NormalOptions, stddev?: TensorLike, opts: RandomOptions = {}): Tensor {
  return normalLike(TruncatedNormal, 'TruncatedNormal', 'truncated_normal', shape, mean, stddev, opts);
}

interface UniformOptions extends RandomOptions { minval?: TensorLike; maxval?: TensorLike | null }

const UNIFORM_DTYPES: readonly DType[] = ['float16', 'float32', 'float64', 'int32', 'int64'];
/** Python's `isinstance(v, int) and v == 0` for a JS value: an omitted or integer-valued 0. */
const isIntZero = (v: unknown) => v === undefined || v === null || v === 0 || v === 0n;
const isIntOne = (v: unknown) => v === undefined || v === null || v === 1 || v === 1n;

/**
 * Samples uniformly from [minval, maxval) (tf.random_uniform / tf.random.uniform). Floats
 * run RandomUniform, then scale and shift it; integers (`dtype: 'int32' | 'int64'`, which
 * need `maxval`) run RandomUniformInt. minval and maxval may also be given in the options.
 *
 * Node names follow TF 2.x, which skips the arithmetic for Python's int defaults: with
 * minval 0 and maxval 1 (or omitted) the result is `random_uniform/RandomUniform`; with
 * minval 0 and another maxval it is `random_uniform/Mul`; otherwise
 * `random_uniform/{min,max,sub,mul}` and `random_uniform`. JavaScript cannot tell `0.0`
 * from `0`, so integer-valued numbers count as Python ints (the values are the same).
 *
 * ```ts
 * const theta = tf.randomUniform([3, 1], -1.0, 1.0, {seed: 42});
 * const dice = tf.randomUniform([10], 1, 7, {dtype: 'int32'});
 * ```
 */
export function randomUniform(shape: ShapeArg, minval?: TensorLike | UniformOptions | null, maxval?: TensorLike | null, opts: RandomOptions = {}): Tensor {
  if (isOptionsObject(minval)) {
    const o = minval as UniformOptions;
    return uniformImpl(shape, o.minval, o.maxval, o, isIntZero(o.minval), isIntOne(o.maxval));
  }
  return uniformImpl(shape, minval as TensorLike | undefined, maxval, opts, isIntZero(minval), isIntOne(maxval));
}

/**
 * tf.random_uniform with the Python types of minval/maxval made explicit (`minIsIntZero`:
 * minval is the int 0; `maxIsIntOne`: maxval is None or the int 1). Initializers use it for
 * their float defaults.
 */
export function uniformImpl(shape: ShapeArg, minval: TensorLike | null | undefined, maxval: TensorLike | null | undefined, opts: RandomOptions,
                            minIsIntZero: boolean, maxIsIntOne: boolean): Tensor {
  const dtype = toDType(opts.dtype ?? 'float32');
  if (!UNIFORM_DTYPES.includes(dtype)) {
    throw new ValueError(`Argument \`dtype\` got invalid value <dtype: '${dtype}'>. Accepted dtypes are (tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64).`);
  }
  const isInt = isInteger(dtype);
  if ((maxval === undefined || maxval === null) && isInt) throw new ValueError(`Must specify maxval for integer dtype tf.${dtype}`);
  const lo: TensorLike = minval ?? 0;
  const hi: TensorLike = maxval ?? 1;
  return withScope(opts.name, 'random_uniform', [shape, lo, hi], (scope, g) => {
    const s = shapeToTensor(shape, 'shape');
    let min: Tensor | null = null, max: Tensor | null = null;
    if (!minIsIntZero || !maxIsIntOne || isInt) {
      min = convertToTensor(lo, { dtype, name: 'min' });
      max = convertToTensor(hi, { dtype, name: 'max' });
    }
    const [seed, seed2] = getSeed(opts.seed, g);
    if (isInt) return g.addOp(RandomUniformInt, [s, min!, max!], { seed, seed2, Tout: dtype }, { name: scope }).outputs[0];
    const rnd = g.addOp(RandomUniform, [s], { dtype, seed, seed2 }, { name: 'RandomUniform' }).outputs[0];
    if (minIsIntZero) return maxIsIntOne ? rnd : multiply(rnd, max!);
    return add(multiply(rnd, subtract(max!, min!, { name: 'sub' }), { name: 'mul' }), min!, { name: scope });
  });
}
