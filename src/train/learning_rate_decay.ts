// Learning-rate schedules (tf.compat.v1.train.*_decay): graph ops of the global step, built
// as TF 1's legacy functions build them (keras' LearningRateSchedule.__call__), so node names
// match: 'ExponentialDecay', 'PolynomialDecay', 'InverseTimeDecay', 'CosineDecay/Mul_3', ...
// piecewiseConstant and cosineDecayRestarts select with SelectV2 where TF uses tf.case/tf.cond.

import { Tensor } from '../framework/tensor.js';
import { ValueError } from '../framework/errors.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../ops/core.js';
import { cast } from '../ops/math/cast.js';
import { add, equal, minimum, multiply, pow, truediv } from '../ops/math/binary.js';
import { ceil, cos, exp, floor, log, negative } from '../ops/math/unary.js';
import { whereV2 } from '../ops/array/where.js';
import { operator as op } from '../ops/sugar.js';

type Name = { name?: string };
type Num = TensorLike;

/** JS has no 1.0 literal: an integer learning rate still means a float one. */
function initialRate(lr: Num): Tensor {
  return convertToTensor(lr, { name: 'initial_learning_rate', dtypeHint: 'float32' });
}

function requireStep(globalStep: unknown, fn: string): void {
  if (globalStep === null || globalStep === undefined) throw new ValueError(`global_step is required for ${fn}.`);
}

/**
 * learningRate * decayRate ^ (globalStep / decaySteps), the exponent floored with `staircase`
 * (tf.train.exponential_decay).
 *
 * ```ts
 * const step = tf.train.getOrCreateGlobalStep();
 * const lr = tf.train.exponentialDecay(0.1, step, 100, 0.5, { staircase: true });   // Tensor 'ExponentialDecay:0'
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * step.load(250, sess);
 * sess.run(lr);   // 0.025
 * ```
 */
export function exponentialDecay(learningRate: Num, globalStep: Num, decaySteps: Num, decayRate: Num, opts: Name & { staircase?: boolean } = {}): Tensor {
  requireStep(globalStep, 'exponential_decay');
  return withScope(opts.name, 'ExponentialDecay', [], scope => {
    const initial = initialRate(learningRate);
    const dtype = initial.dtype;
    const steps = cast(decaySteps, dtype);
    const rate = cast(decayRate, dtype);
    let p = truediv(cast(globalStep, dtype), steps);
    if (opts.staircase) p = floor(p);
    return multiply(initial, pow(rate, p), { name: scope });
  });
}

/**
 * learningRate * exp(-decayRate * globalStep / decaySteps) (tf.train.natural_exp_decay): an
 * exponential decay with rate exp(-decayRate).
 */
export function naturalExpDecay(learningRate: Num, globalStep: Num, decaySteps: Num, decayRate: Num, opts: Name & { staircase?: boolean } = {}): Tensor {
  requireStep(globalStep, 'natural_exp_decay');
  const rate = exp(negative(decayRate));
  return exponentialDecay(learningRate, globalStep, decaySteps, rate, opts);
}

/**
 * learningRate / (1 + decayRate * globalStep / decaySteps), the ratio floored with
 * `staircase` (tf.train.inverse_time_decay).
 */
export function inverseTimeDecay(learningRate: Num, globalStep: Num, decaySteps: Num, decayRate: Num, opts: Name & { staircase?: boolean } = {}): Tensor {
  requireStep(globalStep, 'inverse_time_decay');
  return withScope(opts.name, 'InverseTimeDecay', [], scope => {
    const initial = initialRate(learningRate);
    const dtype = initial.dtype;
    const steps = cast(decaySteps, dtype);
    const rate = cast(decayRate, dtype);
    let p = truediv(cast(globalStep, dtype), steps);
    if (opts.staircase) p = floor(p);
    const one = cast(constant(1), dtype);
    const denom = add(one, multiply(rate, p));
    return truediv(initial, denom, { name: scope });
  });
}

export interface PolynomialDecayOptions extends Name { endLearningRate?: Num; power?: Num; cycle?: boolean }

/**
 * (learningRate - end) * (1 - min(step, decaySteps) / decaySteps) ^ power + end; with `cycle`
 * the horizon grows to the next multiple of decaySteps (tf.train.polynomial_decay;
 * endLearningRate 0.0001, power 1 by default).
 */
export function polynomialDecay(learningRate: Num, globalStep: Num, decaySteps: Num, opts: PolynomialDecayOptions = {}): Tensor {
  requireStep(globalStep, 'polynomial_decay');
  return withScope(opts.name, 'PolynomialDecay', [], scope => {
    const initial = initialRate(learningRate);
    const dtype = initial.dtype;
    const end = cast(opts.endLearningRate ?? 0.0001, dtype);
    const power = cast(opts.power ?? 1.0, dtype);
    let step = cast(globalStep, dtype);
    let steps = cast(decaySteps, dtype);
    if (opts.cycle) {
      const multiplier = whereV2(equal(step, 0), 1.0, ceil(truediv(step, decaySteps)));
      steps = multiply(steps, multiplier);
    } else step = minimum(step, steps);
    const p = truediv(step, steps);
    return add(multiply(op.sub(initial, end), pow(op.sub(1, p), power)), end, { name: scope });
  });
}

/**
 * learningRate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)
 * (tf.train.cosine_decay).
 */
export function cosineDecay(learningRate: Num, globalStep: Num, decaySteps: Num, opts: Name & { alpha?: number } = {}): Tensor {
  requireStep(globalStep, 'cosine_decay');
  const alpha = opts.alpha ?? 0.0;
  return withScope(opts.name, 'CosineDecay', [], () => {
    const initial = initialRate(learningRate);
    const dtype = initial.dtype;
    const steps = cast(decaySteps, dtype);
    const step = minimum(cast(globalStep, dtype), steps);
    const fraction = truediv(step, steps);
    const cosineDecayed = op.mul(0.5, op.add(1.0, cos(op.mul(constant(Math.PI), fraction))));
    const decayed = op.add(op.mul(1 - alpha, cosineDecayed), alpha);
    return multiply(initial, decayed);
  });
}

export interface CosineDecayRestartsOptions extends Name { tMul?: Num; mMul?: Num; alpha?: Num }

/**
 * Cosine decay with warm restarts (SGDR, tf.train.cosine_decay_restarts): periods of
 * firstDecaySteps * tMul^i, each restart's amplitude scaled by mMul^i.
 */
export function cosineDecayRestarts(learningRate: Num, globalStep: Num, firstDecaySteps: Num, opts: CosineDecayRestartsOptions = {}): Tensor {
  requireStep(globalStep, 'cosine_decay_restarts');
  return withScope(opts.name, 'SGDRDecay', [], scope => {
    const initial = initialRate(learningRate);
    const dtype = initial.dtype;
    const first = cast(firstDecaySteps, dtype);
    const alpha = cast(opts.alpha ?? 0.0, dtype);
    const tMul = cast(opts.tMul ?? 2.0, dtype);
    const mMul = cast(opts.mMul ?? 1.0, dtype);
    const fraction = truediv(cast(globalStep, dtype), first);
    // both branches of TF's cond, selected by t_mul == 1
    const isLinear = equal(tMul, 1.0);
    const iLin = floor(fraction);
    const fLin = op.sub(fraction, iLin);
    const iGeo = floor(truediv(log(op.sub(1.0, op.mul(fraction, op.sub(1.0, tMul)))), log(tMul)));
    const sumR = truediv(op.sub(1.0, op.pow(tMul, iGeo)), op.sub(1.0, tMul));
    const fGeo = truediv(op.sub(fraction, sumR), op.pow(tMul, iGeo));
    const iRestart = whereV2(isLinear, iLin, iGeo);
    const completed = whereV2(isLinear, fLin, fGeo);
    const mFac = op.pow(mMul, iRestart);
    const cosineDecayed = op.mul(op.mul(0.5, mFac), op.add(1.0, cos(op.mul(constant(Math.PI), completed))));
    const decayed = op.add(op.mul(op.sub(1, alpha), cosineDecayed), alpha);
    return multiply(initial, decayed, { name: scope });
  });
}

export interface LinearCosineDecayOptions extends Name { numPeriods?: Num; alpha?: Num; beta?: Num }

/**
 * Linear cosine decay (tf.train.linear_cosine_decay): learningRate * ((alpha + linear) *
 * cosine + beta), linear = (decaySteps - step) / decaySteps, cosine over numPeriods periods.
 */
export function linearCosineDecay(learningRate: Num, globalStep: Num, decaySteps: Num, opts: LinearCosineDecayOptions = {}): Tensor {
  requireStep(globalStep, 'linear_cosine_decay');
  return withScope(opts.name, 'LinearCosineDecay', [], scope => {
    const initial = initialRate(learningRate);
    const dtype = initial.dtype;
    const steps = cast(decaySteps, dtype);
    const numPeriods = cast(opts.numPeriods ?? 0.5, dtype);
    const alpha = cast(opts.alpha ?? 0.0, dtype);
    const beta = cast(opts.beta ?? 0.001, dtype);
    const step = minimum(cast(globalStep, dtype), steps);
    const linear = truediv(op.sub(steps, step), steps);
    const completed = truediv(step, steps);
    const fraction = op.mul(op.mul(2.0, numPeriods), completed);
    const cosineDecayed = op.mul(0.5, op.add(1.0, cos(op.mul(constant(Math.PI), fraction))));
    const lcd = op.add(op.mul(op.add(alpha, linear), cosineDecayed), beta);
    return multiply(initial, lcd, { name: scope });
  });
}

/**
 * A step function of `x` (tf.train.piecewise_constant): values[0] while x <= boundaries[0],
 * values[i] while boundaries[i-1] < x <= boundaries[i], values[-1] after the last boundary.
 * int32 boundaries are cast to an int64 x.
 *
 * ```ts
 * const step = tf.train.getOrCreateGlobalStep();
 * const lr = tf.train.piecewiseConstant(step, [100000, 110000], [1.0, 0.5, 0.1]);
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * step.load(100001, sess);
 * sess.run(lr);   // 0.5
 * ```
 */
export function piecewiseConstant(x: TensorLike, boundaries: readonly TensorLike[], values: readonly TensorLike[], opts: Name = {}): Tensor {
  if (boundaries.length !== values.length - 1) throw new ValueError('The length of boundaries should be 1 less than the length of values');
  const xT = convertToTensor(x);
  // JS numbers: boundaries take a float x's dtype; values are float when any is fractional
  const bHint = xT.dtype === 'float32' || xT.dtype === 'float64' ? xT.dtype : undefined;
  const bs = boundaries.map(b => convertToTensor(b, { dtypeHint: bHint }));
  const tensorValue = values.find((v): v is Tensor => v instanceof Tensor);
  const vHint = tensorValue?.dtype ?? (values.some(v => typeof v === 'number' && !Number.isInteger(v)) ? 'float32' : undefined);
  const vs = values.map(v => convertToTensor(v, { dtypeHint: vHint }));
  bs.forEach((b, i) => {
    if (b.dtype === xT.dtype) return;
    if (b.dtype === 'int32' && xT.dtype === 'int64') bs[i] = cast(b, 'int64');
    else throw new ValueError(`Boundaries (<dtype: '${b.dtype}'>) must have the same dtype as x (<dtype: '${xT.dtype}'>).`);
  });
  for (const v of vs.slice(1)) {
    if (v.dtype !== vs[0].dtype) throw new ValueError(`Values must have elements all with the same dtype (<dtype: '${vs[0].dtype}'> vs <dtype: '${v.dtype}'>).`);
  }
  return withScope(opts.name, 'PiecewiseConstant', [], () => {
    const pairs: [Tensor, Tensor][] = [[op.le(xT, bs[0]), vs[0]], [op.gt(xT, bs[bs.length - 1]), vs[vs.length - 1]]];
    for (let i = 0; i + 1 < bs.length; i++) pairs.push([op.and(op.gt(xT, bs[i]), op.le(xT, bs[i + 1])), vs[i + 1]]);
    // tf.case(pairs, default=values[0], exclusive=True): at most one predicate holds
    return withScope(undefined, 'case', [], () => pairs.reduceRight<Tensor>((acc, [pred, v]) => whereV2(pred, v, acc), vs[0]));
  });
}
