// complex64 helpers (TF ops Complex, Real, Imag, Conj, Angle). complex64 is stored as
// interleaved (re, im) float32 pairs; TF's complex128 has no storage here.

import { NDArray } from '../../framework/ndarray.js';
import { type DType, isComplex } from '../../framework/dtypes.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { broadcastShapes, broadcastConcrete, sameShape } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { broadcastArray } from '../array/reshape.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { checkDType, checkSameDType } from '../dtype_sets.js';

type ToutAttrs = { Tout: DType };

export const Complex = defineOp<ToutAttrs>({
  type: 'Complex',
  infer: ([re, im], a) => {
    checkSameDType('Complex', ['real', 'imag'], [re.dtype, im.dtype]);
    checkDType('real', re.dtype, ['float32']);
    return [{ dtype: a.Tout, shape: broadcastShapes(re.shape, im.shape) }];
  },
  kernel: ([re, im]) => {
    const shape = broadcastConcrete(re.shape, im.shape);
    if (!shape) throw new InvalidArgumentError(`Incompatible shapes: [${re.shape.join(',')}] vs. [${im.shape.join(',')}]`);
    const R = (sameShape(re.shape, shape) ? re : broadcastArray(re, shape)).data as Float32Array;
    const I = (sameShape(im.shape, shape) ? im : broadcastArray(im, shape)).data as Float32Array;
    const out = new Float32Array(2 * R.length);
    for (let i = 0; i < R.length; i++) { out[2 * i] = R[i]; out[2 * i + 1] = I[i]; }
    return new NDArray('complex64', shape, out);
  },
  grad: (op, [dy]) => (dy ? [real(dy), imag(dy)] : [null, null]),
});

/** A complex64 -> float32 op computing one number per element. */
function partOp(type: string, f: (re: number, im: number) => number, grad: (x: Tensor, dy: Tensor) => Tensor) {
  return defineOp<ToutAttrs>({
    type,
    infer: ([x], a) => {
      checkDType('input', x.dtype, ['complex64']);
      return [{ dtype: a.Tout, shape: x.shape }];
    },
    kernel: ([x]) => {
      const X = x.data as Float32Array, out = new Float32Array(x.size);
      for (let i = 0; i < out.length; i++) out[i] = f(X[2 * i], X[2 * i + 1]);
      return new NDArray('float32', x.shape, out);
    },
    grad: (op, [dy]) => [dy ? grad(op.inputs[0], dy) : null],
  });
}

export const Real = partOp('Real', re => re, (x, dy) => complex(dy, zeroOf(dy)));
export const Imag = partOp('Imag', (re, im) => im, (x, dy) => complex(zeroOf(dy), dy));
export const Angle = partOp('Angle', (re, im) => Math.atan2(im, re), (x, dy) => {
  // -dy / (Im(x) + i Re(x)), as TF's _AngleGrad
  const z = realDiv(1, complex(imag(x), real(x)));
  return negative(mul(complex(dy, zeroOf(dy)), z));
});

export const Conj = defineOp({
  type: 'Conj',
  infer: ([x]) => {
    checkDType('input', x.dtype, ['complex64']);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  kernel: ([x]) => {
    const out = (x.data as Float32Array).slice();
    for (let i = 1; i < out.length; i += 2) out[i] = -out[i];
    return new NDArray('complex64', x.shape, out);
  },
  grad: (op, [dy]) => [dy ? conj(dy) : null],
});

const zeroOf = (t: Tensor) => constant(0, { dtype: t.dtype });

// ---- builders -------------------------------------------------------------------------------

type Name = { name?: string };

/**
 * Builds complex64 numbers from float32 real and imaginary parts (tf.complex; op `Complex`),
 * broadcasting the two.
 *
 * ```ts
 * tf.complex(tf.constant([1, 2], 'float32'), tf.constant([3, 4], 'float32'));   // [1+3j 2+4j]
 * ```
 */
export function complex(realPart: TensorLike, imagPart: TensorLike, o: Name = {}): Tensor {
  const re = convertToTensor(realPart, { name: 'real' });
  const im = convertToTensor(imagPart, { name: 'imag' });
  return withScope(o.name, 'Complex', [re, im], (scope, g) => {
    if (re.dtype === 'float64' && im.dtype === 'float64') {
      throw new TypeError('complex128 is not supported: tf.complex of two float64 tensors would make complex128; cast them to float32 for complex64.');
    }
    if (re.dtype !== 'float32' || im.dtype !== 'float32') {
      throw new TypeError(`The \`real\` and \`imag\` components have incorrect types: ${re.dtype} ${im.dtype}. They must be consistent, and one of [tf.float32, tf.float64]`);
    }
    return g.addOp(Complex, [re, im], { Tout: 'complex64' }, { name: scope }).outputs[0];
  });
}

/**
 * The real part of a complex tensor (tf.math.real; op `Real`); real tensors pass through.
 *
 * ```ts
 * tf.real(tf.constant([{ re: 1, im: 2 }]));   // [1]
 * ```
 */
export function real(input: TensorLike, o: Name = {}): Tensor {
  return withScope(o.name, 'Real', [input], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    if (isComplex(x.dtype)) return g.addOp(Real, [x], { Tout: 'float32' }, { name: scope }).outputs[0];
    if (x.dtype === 'string' || x.dtype === 'bool') throw new TypeError(`input must be a numeric tensor, but got tensor with dtype ${x.dtype}`);
    return x;
  });
}

/**
 * The imaginary part of a complex tensor (tf.math.imag; op `Imag`); zeros for real tensors.
 *
 * ```ts
 * tf.imag(tf.constant([{ re: 1, im: 2 }]));   // [2]
 * ```
 */
export function imag(input: TensorLike, o: Name = {}): Tensor {
  return withScope(o.name, 'Imag', [input], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    if (isComplex(x.dtype)) return g.addOp(Imag, [x], { Tout: 'float32' }, { name: scope }).outputs[0];
    return zerosLike(x);
  });
}

/**
 * The argument (phase) of each complex number (tf.math.angle; op `Angle`); for real
 * tensors, pi where x < 0 and 0 elsewhere.
 *
 * ```ts
 * tf.angle(tf.constant([{ re: -1, im: 0 }, { re: 0, im: 1 }]));   // [3.1416 1.5708]
 * ```
 */
export function angle(input: TensorLike, o: Name = {}): Tensor {
  return withScope(o.name, 'Angle', [input], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    if (isComplex(x.dtype)) return g.addOp(Angle, [x], { Tout: 'float32' }, { name: scope }).outputs[0];
    return where(less(x, 0), applyBinary(Mul, Math.PI, onesLike(x), undefined, 'mul'), zerosLike(x));
  });
}

/**
 * The complex conjugate (tf.math.conj; op `Conj`); real and integer tensors pass through.
 *
 * ```ts
 * tf.conj(tf.constant([{ re: 1, im: 2 }]));   // [1-2j]
 * ```
 */
export function conj(x: TensorLike, o: Name = {}): Tensor {
  if (x instanceof Tensor && x.dtype !== 'complex64' && x.dtype !== 'string' && x.dtype !== 'bool') return x;
  return withScope(o.name, 'Conj', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'x' });
    if (isComplex(t.dtype)) return g.addOp(Conj, [t], {}, { name: scope }).outputs[0];
    if (t.dtype === 'string' || t.dtype === 'bool') throw new TypeError(`Expected numeric or variant tensor, got dtype tf.${t.dtype}.`);
    return t;
  });
}

import { constant } from '../core.js';
import { zerosLike, onesLike } from '../array/fill.js';
import { where } from '../array/where.js';
import { less, realDiv, mul, Mul } from './binary.js';
import { negative } from './unary.js';
import { applyBinary } from './elementwise_def.js';
