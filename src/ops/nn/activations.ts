// Activation ops of tf.nn (Relu, Relu6, Elu, Selu, LeakyRelu) and their gradient ops
// (ReluGrad, Relu6Grad, EluGrad, SeluGrad, LeakyReluGrad), which are real ops with gradient
// rules of their own, as in TF's nn_grad.py, so second derivatives work.

import type { DType } from '../../framework/dtypes.js';
import { defineOp, type Attrs, type GradFn } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { unaryKernel, binaryKernel, type NumFn1, type NumFn2 } from '../../backend/reference/elementwise.js';
import { mergeShapesTF } from '../array/shape_util.js';
import { FLOATS, REAL, checkDType, checkSameDType } from '../dtype_sets.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { isInteger } from '../../framework/dtypes.js';
import { cast } from '../math/cast.js';
import { less, multiply } from '../math/binary.js';
import { zerosLike } from '../array/fill.js';
import { where } from '../array/where.js';

export const SELU_SCALE = 1.0507009873554804934193349852946;
export const SELU_ALPHA = 1.6732632423543772848170429916717;

type AlphaAttrs = Attrs & { alpha: number };
/** Relu's types: TF's real numbers, less int64 (which the reference kernels do not run). */
const RELU_TYPES = REAL.filter(d => d !== 'int64');
type Name = { name?: string };

/** An activation y = f(x): one op, same shape and dtype, a scalar function for the kernel. */
function activation<A extends Attrs>(type: string, allowed: readonly DType[], f: (a: A) => NumFn1, grad: GradFn<A>) {
  const fixed = new Map<unknown, ReturnType<typeof unaryKernel>>();
  return defineOp<A>({
    type,
    infer: ([x]) => {
      checkDType('features', x.dtype, allowed);
      return [{ dtype: x.dtype, shape: x.shape }];
    },
    kernel: ([x], a) => {
      const key = a.alpha ?? null;
      let k = fixed.get(key);
      if (!k) fixed.set(key, (k = unaryKernel(type, { num: f(a) })));
      return k(x);
    },
    grad,
  });
}

/** A gradient op g(gradients, features-or-outputs): shapes merged as TF's MergeBothInputsShapeFn. */
function activationGrad<A extends Attrs>(type: string, allowed: readonly DType[], f: (a: A) => NumFn2, grad: GradFn<A>) {
  const fixed = new Map<unknown, ReturnType<typeof binaryKernel>>();
  return defineOp<A>({
    type,
    infer: ([dy, x]) => {
      checkSameDType(type, ['gradients', 'features'], [dy.dtype, x.dtype]);
      checkDType('gradients', dy.dtype, allowed);
      return [{ dtype: dy.dtype, shape: mergeShapesTF(dy.shape, x.shape) }];
    },
    kernel: ([dy, x], a) => {
      const key = a.alpha ?? null;
      let k = fixed.get(key);
      if (!k) fixed.set(key, (k = binaryKernel(type, { num: f(a) })));
      return k(dy, x);
    },
    grad,
  });
}

// ---- ops ---------------------------------------------------------------------------------------

export const Relu = activation('Relu', RELU_TYPES, () => x => (x > 0 ? x : x === x ? 0 : x),
  (op, [dy]) => [dy ? reluGrad(dy, op.outputs[0]) : null]);
export const ReluGrad = activationGrad('ReluGrad', RELU_TYPES, () => (g, x) => (x > 0 ? g : 0),
  (op, [d]) => [d ? reluGrad(d, op.inputs[1]) : null, zerosLike(op.inputs[1])]);

export const Relu6 = activation('Relu6', RELU_TYPES, () => x => (x > 0 ? (x < 6 ? x : 6) : x === x ? 0 : x),
  (op, [dy]) => [dy ? relu6Grad(dy, op.outputs[0]) : null]);
export const Relu6Grad = activationGrad('Relu6Grad', RELU_TYPES, () => (g, x) => (x > 0 && x < 6 ? g : 0),
  (op, [d]) => [d ? relu6Grad(d, op.inputs[1]) : null, zerosLike(op.inputs[1])]);

export const Elu = activation('Elu', FLOATS, () => x => (x < 0 ? Math.expm1(x) : x),
  (op, [dy]) => [dy ? eluGrad(dy, op.outputs[0]) : null]);
export const EluGrad = activationGrad('EluGrad', FLOATS, () => (g, y) => (y < 0 ? g * (y + 1) : g),
  (op, [d]) => {
    const y = op.inputs[1];
    return [d ? eluGrad(d, y) : null, d ? where(less(y, 0), multiply(d, op.inputs[0], { name: 'mul' }), zerosLike(y)) : null];
  });

export const Selu = activation('Selu', FLOATS, () => x => (x < 0 ? SELU_SCALE * SELU_ALPHA * Math.expm1(x) : SELU_SCALE * x),
  (op, [dy]) => [dy ? seluGrad(dy, op.outputs[0]) : null]);
export const SeluGrad = activationGrad('SeluGrad', FLOATS, () => (g, y) => (y < 0 ? g * (y + SELU_SCALE * SELU_ALPHA) : g * SELU_SCALE),
  (op, [d]) => {
    const y = op.inputs[1];
    return [d ? seluGrad(d, y) : null, d ? where(less(y, 0), multiply(d, op.inputs[0], { name: 'mul' }), zerosLike(y)) : null];
  });

export const LeakyRelu = activation<AlphaAttrs>('LeakyRelu', FLOATS, a => { const al = Math.fround(a.alpha); return x => (x > 0 ? x : x * al); },
  (op, [dy]) => [dy ? leakyReluGrad(dy, op.inputs[0], op.attrs.alpha) : null]);
export const LeakyReluGrad = activationGrad<AlphaAttrs>('LeakyReluGrad', FLOATS, a => { const al = Math.fround(a.alpha); return (g, x) => (x > 0 ? g : g * al); },
  (op, [d]) => [d ? leakyReluGrad(d, op.inputs[1], op.attrs.alpha) : null, zerosLike(op.inputs[1])]);

// ---- gradient-op builders (gen_nn_ops.*_grad) ------------------------------------------------

function genBinary<A extends Attrs>(def: ReturnType<typeof activationGrad<A>>, dy: Tensor, x: Tensor, attrs: A): Tensor {
  return withScope(undefined, def.type, [dy, x], (scope, g) => g.addOp(def, [dy, x], attrs, { name: scope }).outputs[0]);
}
/** ReluGrad(gradients, features): gradients where features > 0, else 0. */
export const reluGrad = (dy: Tensor, x: Tensor): Tensor => genBinary(ReluGrad, dy, x, {});
export const relu6Grad = (dy: Tensor, x: Tensor): Tensor => genBinary(Relu6Grad, dy, x, {});
export const eluGrad = (dy: Tensor, y: Tensor): Tensor => genBinary(EluGrad, dy, y, {});
export const seluGrad = (dy: Tensor, y: Tensor): Tensor => genBinary(SeluGrad, dy, y, {});
export const leakyReluGrad = (dy: Tensor, x: Tensor, alpha: number): Tensor => genBinary(LeakyReluGrad, dy, x, { alpha });

// ---- public builders ------------------------------------------------------------------------

function applyActivation<A extends Attrs>(def: ReturnType<typeof activation<A>>, features: TensorLike, attrs: A, name: string | undefined, defaultName = def.type): Tensor {
  return withScope(name, defaultName, [features], (scope, g) => {
    const x = convertToTensor(features, { name: 'features' });
    return g.addOp(def, [x], attrs, { name: scope }).outputs[0];
  });
}

/**
 * max(features, 0) — tf.nn.relu (op `Relu`; its gradient is the `ReluGrad` op).
 *
 * ```ts
 * tf.nn.relu(tf.constant([-1, 0, 2]));   // [0 0 2]
 * ```
 */
export function relu(features: TensorLike, opts: Name = {}): Tensor {
  return applyActivation(Relu, features, {}, opts.name);
}

/**
 * min(max(features, 0), 6) — tf.nn.relu6 (op `Relu6`).
 *
 * ```ts
 * tf.nn.relu6(tf.constant([-1, 3, 8]));   // [0 3 6]
 * ```
 */
export function relu6(features: TensorLike, opts: Name = {}): Tensor {
  return applyActivation(Relu6, features, {}, opts.name);
}

/**
 * exp(x) - 1 for x < 0, x otherwise — tf.nn.elu (op `Elu`).
 *
 * ```ts
 * tf.nn.elu(tf.constant([-1, 2], 'float32'));   // [-0.63212055  2.]
 * ```
 */
export function elu(features: TensorLike, opts: Name = {}): Tensor {
  return applyActivation(Elu, features, {}, opts.name);
}

/**
 * Scaled ELU with TF's constants (scale 1.0507…, alpha 1.6732…) — tf.nn.selu (op `Selu`).
 *
 * ```ts
 * tf.nn.selu(tf.constant([-1, 1], 'float32'));   // [-1.1113307  1.050701 ]
 * ```
 */
export function selu(features: TensorLike, opts: Name = {}): Tensor {
  return applyActivation(Selu, features, {}, opts.name);
}

/**
 * max(alpha * x, x) with alpha 0.2 by default — tf.nn.leaky_relu (op `LeakyRelu`). Integer
 * features are cast to float32 first, as TF does.
 *
 * ```ts
 * tf.nn.leakyRelu(tf.constant([-1, 2], 'float32'), {alpha: 0.1});   // [-0.1  2. ]
 * ```
 */
export function leakyRelu(features: TensorLike, alphaOrOpts: number | (Name & { alpha?: number }) = {}, opts: Name = {}): Tensor {
  const o = typeof alphaOrOpts === 'number' ? { ...opts, alpha: alphaOrOpts } : alphaOrOpts;
  const alpha = o.alpha ?? 0.2;
  return withScope(o.name, 'LeakyRelu', [features], (scope, g) => {
    let x = convertToTensor(features, { name: 'features' });
    if (isInteger(x.dtype)) x = cast(x, 'float32');
    return g.addOp(LeakyRelu, [x], { alpha }, { name: scope }).outputs[0];
  });
}
