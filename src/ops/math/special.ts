// Special functions (TF ops Lgamma, Digamma, Polygamma, Zeta, Betainc, Erfinv) and the
// zero-safe products Xlogy, Xdivy, Xlog1py, MulNoNan, with TF's gradient rules.

import type { DType } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { allocData, roundHalf } from '../../framework/dtypes.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { lgamma as lgammaFn, digamma as digammaFn, polygamma as polygammaFn, zeta as zetaFn, betainc as betaincFn, erfinv as erfinvFn } from '../../backend/reference/special.js';
import { withScope, type TensorLike } from '../core.js';
import { FLOATS, FLOATS_C, checkDType, checkSameDType } from '../dtype_sets.js';
import { unaryOp, binaryOp, applyUnary, applyBinary } from './elementwise_def.js';
import { genOp } from './op_util.js';
import { mergeShapes } from './shape_util.js';

const F32_64: readonly DType[] = ['float32', 'float64'];

export const Lgamma = unaryOp({ type: 'Lgamma', allowed: FLOATS, impl: { num: lgammaFn }, grad: (x, y, dy) => mul(dy, digamma(x)) });
export const Digamma = unaryOp({ type: 'Digamma', allowed: FLOATS, impl: { num: digammaFn }, grad: (x, y, dy) => mul(dy, polygamma(1, x)) });
export const Erfinv = unaryOp({
  type: 'Erfinv', allowed: FLOATS, impl: { num: erfinvFn },
  grad: (x, y, dy) => mul(mul(dy, Math.sqrt(Math.PI) / 2), exp(square(y))),
});

export const Polygamma = binaryOp({
  type: 'Polygamma', allowed: F32_64, impl: { num: polygammaFn },
  grad: (a, x, z, dz) => [null, mul(polygamma(add(a, 1), x), dz)],
});
export const Zeta = binaryOp({
  type: 'Zeta', allowed: F32_64, impl: { num: zetaFn },
  grad: (x, q, z, dz) => [null, mul(mul(negative(x), zeta(add(x, 1), q)), dz)],
});

const xlogyNum = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(y));
export const Xlogy = binaryOp({
  type: 'Xlogy', allowed: FLOATS, impl: { num: xlogyNum },
  grad: (x, y, z, dz) => {
    const notZeroX = cast(notEqual(x, 0), x.dtype);
    return [mul(xlogy(notZeroX, y), dz), mul(xdivyRaw(x, y), dz)];
  },
});
export const Xdivy = binaryOp({
  type: 'Xdivy', allowed: FLOATS, impl: { num: (x, y) => (x === 0 ? 0 : x / y) },
  grad: (x, y, z, dz) => {
    const notZeroX = cast(notEqual(x, 0), x.dtype);
    return [mul(xdivyRaw(notZeroX, y), dz), mul(xdivyRaw(negative(x), pow(y, 2)), dz)];
  },
});
export const Xlog1py = binaryOp({
  type: 'Xlog1py', allowed: FLOATS, impl: { num: (x, y) => (x === 0 ? 0 : x * Math.log1p(y)) },
  grad: (x, y, z, dz) => {
    const notZeroX = cast(notEqual(x, 0), x.dtype);
    return [mul(xlog1pyRaw(notZeroX, y), dz), mul(xdivyRaw(x, add(y, 1)), dz)];
  },
});
export const MulNoNan = binaryOp({
  type: 'MulNoNan', allowed: FLOATS_C,
  impl: { num: (x, y) => (y === 0 ? 0 : x * y), complex: (ar, ai, br, bi) => (br === 0 && bi === 0 ? [0, 0] : [ar * br - ai * bi, ar * bi + ai * br]) },
  grad: (x, y, z, dz) => [mulNoNanRaw(dz, y), mulNoNanRaw(x, dz)],
});

// ---- Betainc: a, b, x of one shape, or scalars that broadcast -------------------------------

function betaincShape(shapes: TensorShape[]): TensorShape {
  let out = TensorShape.unknown(), scalars = 0;
  let nonScalar: TensorShape = TensorShape.unknown();
  for (const s of shapes) {
    if (s.rank === null) nonScalar = s;
    else if (s.rank === 0) scalars++;
    else { out = mergeShapes(out, s); nonScalar = out; }
  }
  if (scalars === shapes.length - 1) return nonScalar;
  if (scalars === shapes.length) return shapes[0];
  return out;
}

function betaincKernel(a: NDArray, b: NDArray, x: NDArray): NDArray {
  const names = ['a', 'b', 'x'], arrs = [a, b, x];
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      const p = arrs[i], q = arrs[j];
      if (p.rank > 0 && q.rank > 0 && (p.rank !== q.rank || p.shape.some((d, k) => d !== q.shape[k]))) {
        throw new InvalidArgumentError(`Shapes of ${names[i]} and ${names[j]} are inconsistent: [${p.shape.join(',')}] vs. [${q.shape.join(',')}]`);
      }
    }
  }
  const shape = arrs.find(t => t.rank > 0)?.shape ?? [];
  const n = shape.reduce((p, q) => p * q, 1);
  const out = allocData(x.dtype, n) as Float64Array;
  const A = a.data as Float64Array, B = b.data as Float64Array, X = x.data as Float64Array;
  const ia = a.rank ? 1 : 0, ib = b.rank ? 1 : 0, ix = x.rank ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const v = betaincFn(A[i * ia], B[i * ib], X[i * ix]);
    out[i] = x.dtype === 'float16' ? roundHalf(v) : v;
  }
  return new NDArray(x.dtype, shape, out);
}

export const Betainc = defineOp({
  type: 'Betainc',
  infer: ([a, b, x]) => {
    checkSameDType('Betainc', ['a', 'b', 'x'], [a.dtype, b.dtype, x.dtype]);
    checkDType('a', a.dtype, F32_64);
    return [{ dtype: a.dtype, shape: betaincShape([a.shape, b.shape, x.shape]) }];
  },
  kernel: ([a, b, x]) => betaincKernel(a, b, x),
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null];
    // d/dx I_x(a, b) = x^(a-1) (1-x)^(b-1) / B(a, b), in log space; no gradient for a, b (as TF)
    const [a, b, x] = op.inputs;
    const logBeta = sub(add(lgamma(a), lgamma(b)), lgamma(add(a, b)));
    const partialX = exp(sub(add(xlog1pyRaw(sub(b, 1), negative(x)), xlogyRaw(sub(a, 1), x)), logBeta));
    return [null, null, mul(partialX, dy)];
  },
});

// ---- builders -------------------------------------------------------------------------------

type Name = { name?: string };
const xlogyRaw = (x: TensorLike, y: TensorLike) => applyBinary(Xlogy, x, y, undefined);
const xdivyRaw = (x: TensorLike, y: TensorLike) => applyBinary(Xdivy, x, y, undefined);
const xlog1pyRaw = (x: TensorLike, y: TensorLike) => applyBinary(Xlog1py, x, y, undefined);
const mulNoNanRaw = (x: TensorLike, y: TensorLike) => applyBinary(MulNoNan, x, y, undefined);

/**
 * log|Gamma(x)| elementwise (tf.lgamma / tf.math.lgamma; op `Lgamma`); +inf at the poles.
 *
 * ```ts
 * tf.lgamma(tf.constant([0.5, 1, 10], 'float64'));   // [0.5724 0 12.8018]
 * ```
 */
export const lgamma = (x: TensorLike, o?: Name): Tensor => applyUnary(Lgamma, x, o?.name);
/**
 * The digamma function psi(x) = d/dx lgamma(x) (tf.digamma; op `Digamma`).
 *
 * ```ts
 * tf.digamma(tf.constant([1], 'float64'));   // [-0.5772] (minus Euler's gamma)
 * ```
 */
export const digamma = (x: TensorLike, o?: Name): Tensor => applyUnary(Digamma, x, o?.name);
/**
 * The inverse error function (tf.math.erfinv; op `Erfinv` in scope 'erfinv').
 *
 * ```ts
 * tf.erfinv(tf.constant([0.5], 'float64'));   // [0.4769]
 * ```
 */
export const erfinv = (x: TensorLike, o?: Name): Tensor => withScope(o?.name, 'erfinv', [x], () => applyUnary(Erfinv, x, undefined));
/**
 * The polygamma function psi^(a)(x) for integer orders a (tf.polygamma; op `Polygamma`).
 *
 * ```ts
 * tf.polygamma(1, tf.constant([0.5], 'float64'));   // [4.9348] = pi^2 / 2
 * ```
 */
export const polygamma = (a: TensorLike, x: TensorLike, o?: Name): Tensor => genOp(Polygamma, [[a, 'a'], [x, 'x']], {}, o?.name)[0];
/**
 * The Hurwitz zeta function sum_k (k + q)^-x (tf.zeta; op `Zeta`).
 *
 * ```ts
 * tf.zeta(2, tf.constant([1], 'float64'));   // [1.6449] = pi^2 / 6
 * ```
 */
export const zeta = (x: TensorLike, q: TensorLike, o?: Name): Tensor => genOp(Zeta, [[x, 'x'], [q, 'q']], {}, o?.name)[0];
/**
 * The regularized incomplete beta function I_x(a, b) (tf.betainc; op `Betainc`). a, b and
 * x have one shape, or are scalars.
 *
 * ```ts
 * tf.betainc(1, 2, tf.constant([0.5], 'float64'));   // [0.75]
 * ```
 */
export const betainc = (a: TensorLike, b: TensorLike, x: TensorLike, o?: Name): Tensor =>
  genOp(Betainc, [[a, 'a'], [b, 'b'], [x, 'x']], {}, o?.name)[0];

/**
 * x * log(y), and 0 where x == 0 (tf.math.xlogy; op `Xlogy`).
 *
 * ```ts
 * tf.xlogy(tf.constant([0, 2], 'float32'), tf.constant([0, 3], 'float32'));   // [0 2.1972]
 * ```
 */
export const xlogy = (x: TensorLike, y: TensorLike, o?: Name): Tensor => applyBinary(Xlogy, x, y, o?.name);
/** x / y, and 0 where x == 0 (tf.math.xdivy; op `Xdivy` in scope 'xdivy'). `xdivy([0, 2], [0, 4])` is [0, 0.5]. */
export const xdivy = (x: TensorLike, y: TensorLike, o?: Name): Tensor => withScope(o?.name, 'xdivy', [x], () => xdivyRaw(x, y));
/** x * log1p(y), and 0 where x == 0 (tf.math.xlog1py; op `Xlog1py` in scope 'xlog1py'). */
export const xlog1py = (x: TensorLike, y: TensorLike, o?: Name): Tensor => withScope(o?.name, 'xlog1py', [x], () => xlog1pyRaw(x, y));

/**
 * x * y, and 0 where y == 0 even if x is inf or nan (tf.math.multiply_no_nan; op
 * `MulNoNan` named 'multiply_no_nan').
 *
 * ```ts
 * tf.multiplyNoNan(tf.constant([Infinity, 2], 'float32'), tf.constant([0, 3], 'float32'));   // [0 6]
 * ```
 */
export function multiplyNoNan(x: TensorLike, y: TensorLike, o?: Name): Tensor {
  return withScope(o?.name, 'multiply_no_nan', [x, y], (scope, g) => {
    const tx = convertToTensor(x, { name: 'x' });
    const ty = convertToTensor(y, { name: 'y', dtype: tx.dtype });
    return g.addOp(MulNoNan, [tx, ty], {}, { name: scope }).outputs[0];
  });
}

import { convertToTensor } from '../core.js';
import { mul, add, sub, pow, notEqual } from './binary.js';
import { negative, exp, square } from './unary.js';
import { cast } from './cast.js';
