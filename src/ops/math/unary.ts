// Unary elementwise ops: one row each (TF op type, dtypes, scalar function, gradient).

import type { Tensor } from '../../framework/tensor.js';
import { unaryOp, applyUnary } from './elementwise_def.js';
import { FLOATS, FLOATS_C, NUMERIC, SIGNED, BOOL } from '../dtype_sets.js';
import type { TensorLike } from '../core.js';
import { mul, sub, add, div, realDiv, divNoNan, neg as negB } from './binary.js';
import { zerosLike } from '../array/fill.js';
import { conj, complex } from './complex.js';

type T = Tensor;
const cplx = {
  neg: (r: number, i: number): [number, number] => [-r, -i],
  square: (r: number, i: number): [number, number] => [r * r - i * i, 2 * r * i],
  exp: (r: number, i: number): [number, number] => [Math.exp(r) * Math.cos(i), Math.exp(r) * Math.sin(i)],
  abs: (r: number, i: number): [number, number] => [Math.hypot(r, i), 0],
  log: (r: number, i: number): [number, number] => [Math.log(Math.hypot(r, i)), Math.atan2(i, r)],
  sqrt: (r: number, i: number): [number, number] => {
    const m = Math.hypot(r, i);
    return [Math.sqrt((m + r) / 2), (i < 0 || Object.is(i, -0) ? -1 : 1) * Math.sqrt((m - r) / 2)];
  },
  reciprocal: (r: number, i: number): [number, number] => { const d = r * r + i * i; return [r / d, -i / d]; },
  rsqrt: (r: number, i: number): [number, number] => { const [a, b] = cplx.sqrt(r, i); return cplx.reciprocal(a, b); },
  sin: (r: number, i: number): [number, number] => [Math.sin(r) * Math.cosh(i), Math.cos(r) * Math.sinh(i)],
  cos: (r: number, i: number): [number, number] => [Math.cos(r) * Math.cosh(i), -Math.sin(r) * Math.sinh(i)],
  tanh: (r: number, i: number): [number, number] => { const d = Math.cosh(2 * r) + Math.cos(2 * i); return [Math.sinh(2 * r) / d, Math.sin(2 * i) / d]; },
};
/** conj(t) for complex tensors, t itself otherwise: TF's complex gradients are dy * conj(f'). */
const cj = (t: T): T => (t.dtype === 'complex64' ? conj(t) : t);

const erf = (x: number): number => {
  // Abramowitz-Stegun 7.1.26 refined by a series for small |x| (max error ~1e-15 with the series)
  const ax = Math.abs(x);
  if (ax < 2) {
    let sum = ax, term = ax;
    for (let n = 1; n < 60; n++) { term *= -ax * ax / n; const t = term / (2 * n + 1); sum += t; if (Math.abs(t) < 1e-17) break; }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // continued fraction for erfc
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
};

const roundHalfEven = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
};

export const Neg = unaryOp({ type: 'Neg', allowed: SIGNED, impl: { num: x => -x, big: x => -x, complex: cplx.neg }, grad: (x, y, dy) => negB(dy) });
export const Abs = unaryOp({ type: 'Abs', allowed: [...FLOATS, 'int8', 'int16', 'int32', 'int64'], impl: { num: Math.abs, big: x => (x < 0n ? -x : x) }, grad: (x, y, dy) => mul(dy, sign(x)) });
export const ComplexAbs = unaryOp({
  type: 'ComplexAbs', allowed: ['complex64'], impl: { complex: cplx.abs }, out: 'float32',
  // TF: div_no_nan(complex(dy, 0) * x, complex(|x|, 0))
  grad: (x, y, dy) => divNoNan(mul(complex(dy, zerosLike(dy)), x), complex(y, zerosLike(y))),
});
export const Sign = unaryOp({ type: 'Sign', allowed: [...FLOATS, 'int8', 'int16', 'int32', 'int64'], impl: { num: x => (x > 0 ? 1 : x < 0 ? -1 : x), big: x => (x > 0n ? 1n : x < 0n ? -1n : 0n) }, grad: x => zerosLike(x) });
export const Square = unaryOp({ type: 'Square', allowed: NUMERIC, impl: { num: x => x * x, big: x => x * x, complex: cplx.square }, grad: (x, y, dy) => mul(dy, mul(cj(x), 2)) });
export const Sqrt = unaryOp({ type: 'Sqrt', allowed: FLOATS_C, impl: { num: Math.sqrt, complex: cplx.sqrt }, grad: (x, y, dy) => div(mul(dy, 0.5), cj(y)) });
export const Rsqrt = unaryOp({ type: 'Rsqrt', allowed: FLOATS_C, impl: { num: x => 1 / Math.sqrt(x), complex: cplx.rsqrt }, grad: (x, y, dy) => mul(dy, mul(cj(mul(y, mul(y, y))), -0.5)) });
export const Exp = unaryOp({ type: 'Exp', allowed: FLOATS_C, impl: { num: Math.exp, complex: cplx.exp }, grad: (x, y, dy) => mul(dy, cj(y)) });
export const Expm1 = unaryOp({ type: 'Expm1', allowed: FLOATS, impl: { num: Math.expm1 }, grad: (x, y, dy) => mul(dy, add(y, 1)) });
export const Log = unaryOp({ type: 'Log', allowed: FLOATS_C, impl: { num: Math.log, complex: cplx.log }, grad: (x, y, dy) => realDiv(dy, cj(x)) });
export const Log1p = unaryOp({ type: 'Log1p', allowed: FLOATS, impl: { num: Math.log1p }, grad: (x, y, dy) => realDiv(dy, add(x, 1)) });
export const Sin = unaryOp({ type: 'Sin', allowed: FLOATS_C, impl: { num: Math.sin, complex: cplx.sin }, grad: (x, y, dy) => mul(dy, cj(cos(x))) });
export const Cos = unaryOp({ type: 'Cos', allowed: FLOATS_C, impl: { num: Math.cos, complex: cplx.cos }, grad: (x, y, dy) => negB(mul(dy, cj(sin(x)))) });
export const Tan = unaryOp({ type: 'Tan', allowed: FLOATS, impl: { num: Math.tan }, grad: (x, y, dy) => realDiv(dy, square(cos(x))) });
export const Asin = unaryOp({ type: 'Asin', allowed: FLOATS, impl: { num: Math.asin }, grad: (x, y, dy) => realDiv(dy, sqrt(sub(1, square(x)))) });
export const Acos = unaryOp({ type: 'Acos', allowed: FLOATS, impl: { num: Math.acos }, grad: (x, y, dy) => negB(realDiv(dy, sqrt(sub(1, square(x))))) });
export const Atan = unaryOp({ type: 'Atan', allowed: FLOATS, impl: { num: Math.atan }, grad: (x, y, dy) => realDiv(dy, add(square(x), 1)) });
export const Sinh = unaryOp({ type: 'Sinh', allowed: FLOATS, impl: { num: Math.sinh }, grad: (x, y, dy) => mul(dy, cosh(x)) });
export const Cosh = unaryOp({ type: 'Cosh', allowed: FLOATS, impl: { num: Math.cosh }, grad: (x, y, dy) => mul(dy, sinh(x)) });
export const Asinh = unaryOp({ type: 'Asinh', allowed: FLOATS, impl: { num: Math.asinh }, grad: (x, y, dy) => realDiv(dy, cosh(y)) });
export const Acosh = unaryOp({ type: 'Acosh', allowed: FLOATS, impl: { num: Math.acosh }, grad: (x, y, dy) => realDiv(dy, sinh(y)) });
export const Atanh = unaryOp({ type: 'Atanh', allowed: FLOATS, impl: { num: Math.atanh }, grad: (x, y, dy) => realDiv(dy, sub(1, square(x))) });
export const Tanh = unaryOp({ type: 'Tanh', allowed: FLOATS_C, impl: { num: Math.tanh, complex: cplx.tanh }, grad: (x, y, dy) => mul(dy, cj(sub(1, square(y)))) });
export const Sigmoid = unaryOp({
  type: 'Sigmoid', allowed: FLOATS,
  impl: { num: x => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))) },
  grad: (x, y, dy) => mul(dy, mul(y, sub(1, y))),
});
export const Reciprocal = unaryOp({ type: 'Reciprocal', allowed: FLOATS_C, impl: { num: x => 1 / x, complex: cplx.reciprocal }, grad: (x, y, dy) => negB(mul(dy, cj(square(y)))) });
export const Floor = unaryOp({ type: 'Floor', allowed: FLOATS, impl: { num: Math.floor }, grad: () => null });
export const Ceil = unaryOp({ type: 'Ceil', allowed: FLOATS, impl: { num: Math.ceil }, grad: () => null });
export const Round = unaryOp({ type: 'Round', allowed: [...FLOATS, 'int8', 'int16', 'int32', 'int64'], impl: { num: roundHalfEven, big: x => x }, grad: () => null });
export const Rint = unaryOp({ type: 'Rint', allowed: FLOATS, impl: { num: roundHalfEven }, grad: () => null });
export const Erf = unaryOp({ type: 'Erf', allowed: FLOATS, impl: { num: erf }, grad: (x, y, dy) => mul(dy, mul(exp(negB(square(x))), 2 / Math.sqrt(Math.PI))) });
export const Erfc = unaryOp({ type: 'Erfc', allowed: FLOATS, impl: { num: x => 1 - erf(x) }, grad: (x, y, dy) => mul(dy, mul(exp(negB(square(x))), -2 / Math.sqrt(Math.PI))) });
export const IsNan = unaryOp({ type: 'IsNan', allowed: FLOATS, impl: { num: x => +Number.isNaN(x) }, out: 'bool' });
export const IsInf = unaryOp({ type: 'IsInf', allowed: FLOATS, impl: { num: x => +(x === Infinity || x === -Infinity) }, out: 'bool' });
export const IsFinite = unaryOp({ type: 'IsFinite', allowed: FLOATS, impl: { num: x => +Number.isFinite(x) }, out: 'bool' });
export const LogicalNot = unaryOp({ type: 'LogicalNot', allowed: BOOL, impl: { num: x => +!x } });
export const Softplus = unaryOp({
  type: 'Softplus', allowed: FLOATS,
  impl: { num: x => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))) },
  grad: (x, y, dy) => mul(dy, sigmoid(x)),
});
export const Softsign = unaryOp({ type: 'Softsign', allowed: FLOATS, impl: { num: x => x / (1 + Math.abs(x)) }, grad: (x, y, dy) => realDiv(dy, square(add(abs(x), 1))) });

type Name = { name?: string } | undefined;
const n = (o: Name) => o?.name;

/** -x elementwise (tf.negative; `-x` in Python makes an op named 'Neg'). */
export const negative = (x: TensorLike, o?: Name): T => applyUnary(Neg, x, n(o));
export const abs = (x: TensorLike, o?: Name): T => {
  const t = x as Tensor;
  return t && (t as Tensor).dtype === 'complex64' ? applyUnary(ComplexAbs, x, n(o), 'Abs') : applyUnary(Abs, x, n(o));
};
export const sign = (x: TensorLike, o?: Name): T => applyUnary(Sign, x, n(o));
export const square = (x: TensorLike, o?: Name): T => applyUnary(Square, x, n(o));
export const sqrt = (x: TensorLike, o?: Name): T => applyUnary(Sqrt, x, n(o));
export const rsqrt = (x: TensorLike, o?: Name): T => applyUnary(Rsqrt, x, n(o));
export const exp = (x: TensorLike, o?: Name): T => applyUnary(Exp, x, n(o));
export const expm1 = (x: TensorLike, o?: Name): T => applyUnary(Expm1, x, n(o));
export const log = (x: TensorLike, o?: Name): T => applyUnary(Log, x, n(o));
export const log1p = (x: TensorLike, o?: Name): T => applyUnary(Log1p, x, n(o));
export const sin = (x: TensorLike, o?: Name): T => applyUnary(Sin, x, n(o));
export const cos = (x: TensorLike, o?: Name): T => applyUnary(Cos, x, n(o));
export const tan = (x: TensorLike, o?: Name): T => applyUnary(Tan, x, n(o));
export const asin = (x: TensorLike, o?: Name): T => applyUnary(Asin, x, n(o));
export const acos = (x: TensorLike, o?: Name): T => applyUnary(Acos, x, n(o));
export const atan = (x: TensorLike, o?: Name): T => applyUnary(Atan, x, n(o));
export const sinh = (x: TensorLike, o?: Name): T => applyUnary(Sinh, x, n(o));
export const cosh = (x: TensorLike, o?: Name): T => applyUnary(Cosh, x, n(o));
export const asinh = (x: TensorLike, o?: Name): T => applyUnary(Asinh, x, n(o));
export const acosh = (x: TensorLike, o?: Name): T => applyUnary(Acosh, x, n(o));
export const atanh = (x: TensorLike, o?: Name): T => applyUnary(Atanh, x, n(o));
export const tanh = (x: TensorLike, o?: Name): T => applyUnary(Tanh, x, n(o));
export const sigmoid = (x: TensorLike, o?: Name): T => applyUnary(Sigmoid, x, n(o));
export const reciprocal = (x: TensorLike, o?: Name): T => applyUnary(Reciprocal, x, n(o));
export const floor = (x: TensorLike, o?: Name): T => applyUnary(Floor, x, n(o));
export const ceil = (x: TensorLike, o?: Name): T => applyUnary(Ceil, x, n(o));
/** Rounds half to even, as tf.round. */
export const round = (x: TensorLike, o?: Name): T => applyUnary(Round, x, n(o));
export const rint = (x: TensorLike, o?: Name): T => applyUnary(Rint, x, n(o));
export const erf_ = (x: TensorLike, o?: Name): T => applyUnary(Erf, x, n(o));
export const erfc = (x: TensorLike, o?: Name): T => applyUnary(Erfc, x, n(o));
export const isNan = (x: TensorLike, o?: Name): T => applyUnary(IsNan, x, n(o));
export const isInf = (x: TensorLike, o?: Name): T => applyUnary(IsInf, x, n(o));
export const isFinite = (x: TensorLike, o?: Name): T => applyUnary(IsFinite, x, n(o));
export const logicalNot = (x: TensorLike, o?: Name): T => applyUnary(LogicalNot, x, n(o));
export const softplus = (x: TensorLike, o?: Name): T => applyUnary(Softplus, x, n(o));
export const softsign = (x: TensorLike, o?: Name): T => applyUnary(Softsign, x, n(o));
export { erf_ as erf };

