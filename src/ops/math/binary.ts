// Binary elementwise ops with NumPy broadcasting: one row each.

import { type DType, isInteger } from '../../framework/dtypes.js';
import { Tensor } from '../../framework/tensor.js';
import { binaryOp, applyBinary, convertPair } from './elementwise_def.js';
import { FLOATS, FLOATS_C, NUMERIC, REAL, BOOL, ALL } from '../dtype_sets.js';
import { withScope, type TensorLike } from '../core.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { cast } from './cast.js';
import { conj } from './complex.js';
import { log, square, negative } from './unary.js';
import { zerosLike, onesLike } from '../array/fill.js';
import { where as select, whereV2 } from '../array/where.js';
import { LogicalNot } from './unary.js';
import { applyUnary } from './elementwise_def.js';

type T = Tensor;
type Name = { name?: string } | undefined;
const n = (o: Name) => o?.name;

const floorDivNum = (a: number, b: number) => Math.floor(a / b);
const floorModNum = (a: number, b: number) => { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; };
const floorDivBig = (a: bigint, b: bigint) => { const q = a / b; return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q; };
const floorModBig = (a: bigint, b: bigint) => { const r = a % b; return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r; };

function intPow32(a: number, b: number): number {
  if (b < 0) {
    if (a === 1) return 1;
    if (a === -1) return b % 2 === 0 ? 1 : -1;
    throw new InvalidArgumentError('Integers to negative integer powers are not allowed');
  }
  let r = 1, base = a | 0, e = b;
  while (e > 0) { if (e & 1) r = Math.imul(r, base); base = Math.imul(base, base); e = Math.floor(e / 2); }
  return r;
}
function bigPow(a: bigint, b: bigint): bigint {
  if (b < 0n) throw new InvalidArgumentError('Integers to negative integer powers are not allowed');
  let r = 1n, base = a, e = b;
  while (e > 0n) { if (e & 1n) r = BigInt.asIntN(64, r * base); base = BigInt.asIntN(64, base * base); e >>= 1n; }
  return r;
}
const cmul = (ar: number, ai: number, br: number, bi: number): [number, number] => [ar * br - ai * bi, ar * bi + ai * br];
const cdiv = (ar: number, ai: number, br: number, bi: number): [number, number] => {
  const d = br * br + bi * bi;
  return [(ar * br + ai * bi) / d, (ai * br - ar * bi) / d];
};
const isIntDType = (d: DType) => isInteger(d);
/** conj(t) for complex tensors, t itself otherwise: TF's complex gradients are dz * conj(f'). */
const cj = (t: T): T => (t.dtype === 'complex64' ? conj(t) : t);

const addRow = {
  allowed: [...NUMERIC, 'string'] as DType[],
  impl: { num: (a: number, b: number) => a + b, big: (a: bigint, b: bigint) => a + b, complex: (ar: number, ai: number, br: number, bi: number): [number, number] => [ar + br, ai + bi], str: (a: string, b: string) => a + b },
  grad: (x: T, y: T, z: T, dz: T): [T, T] => [dz, dz],
};
/** TF 2's add (what tf.add and `+` emit for numbers); Add remains for strings and old graphs. */
export const AddV2 = binaryOp({ type: 'AddV2', ...addRow });
export const Add = binaryOp({ type: 'Add', ...addRow });
export const Sub = binaryOp({
  type: 'Sub', allowed: NUMERIC,
  impl: { num: (a, b) => a - b, big: (a, b) => a - b, complex: (ar, ai, br, bi) => [ar - br, ai - bi] },
  grad: (x, y, z, dz) => [dz, negative(dz)],
});
export const Mul = binaryOp({
  type: 'Mul', allowed: NUMERIC,
  impl: { num: (a, b) => a * b, int32: Math.imul, big: (a, b) => a * b, complex: cmul },
  grad: (x, y, z, dz) => [mul(dz, cj(y)), mul(cj(x), dz)],
});
export const RealDiv = binaryOp({
  type: 'RealDiv', allowed: FLOATS_C,
  impl: { num: (a, b) => a / b, complex: cdiv },
  grad: (x, y, z, dz) => [realDiv(dz, cj(y)), mul(dz, cj(realDiv(realDiv(negative(x), y), y)))],
});
/** Integer division truncating toward zero (C semantics); real division for floats. */
export const Div = binaryOp({
  type: 'Div', allowed: NUMERIC,
  impl: { num: (a, b) => a / b, big: (a, b) => a / b, complex: cdiv, intDivision: true },
  grad: (x, y, z, dz) => [realDiv(dz, cj(y)), mul(dz, cj(realDiv(realDiv(negative(x), y), y)))],
});
export const FloorDiv = binaryOp({
  type: 'FloorDiv', allowed: REAL,
  impl: { num: floorDivNum, big: floorDivBig, intDivision: true },
  grad: () => [null, null],
});
export const FloorMod = binaryOp({
  type: 'FloorMod', allowed: REAL,
  impl: { num: floorModNum, big: floorModBig, intDivision: true },
  grad: (x, y, z, dz) => [dz, mul(dz, negative(floordiv(x, y)))],
});
// TF reports an integer division by zero in these two as an InternalError
export const TruncateDiv = binaryOp({
  type: 'TruncateDiv', allowed: REAL,
  impl: { num: (a, b) => Math.trunc(a / b), big: (a, b) => a / b, intDivision: true, divisionError: 'internal' },
});
export const TruncateMod = binaryOp({
  type: 'TruncateMod', allowed: ['int32', 'int64', ...FLOATS],
  impl: { num: (a, b) => a % b, big: (a, b) => a % b, intDivision: true, divisionError: 'internal' },
});
export const Pow = binaryOp({
  type: 'Pow', allowed: [...FLOATS, 'int8', 'int16', 'int32', 'int64'],
  impl: { num: Math.pow, int32: intPow32, big: bigPow },
  grad: (x, y, z, dz) => {
    const gx = mul(dz, mul(y, pow(x, sub(y, 1))));
    // d/dy x^y = x^y log x, defined as 0 where x <= 0 (as TF does)
    const safeX = select(greater(x, 0), x, zerosLike(x));
    const logX = select(greater(x, 0), log(safeX), zerosLike(x));
    return [gx, mul(dz, mul(z, logX))];
  },
});
export const Maximum = binaryOp({
  type: 'Maximum', allowed: REAL,
  impl: { num: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), big: (a, b) => (a > b ? a : b) },
  grad: (x, y, z, dz) => {
    const m = greaterEqual(x, y);
    return [select(m, dz, zerosLike(dz)), select(m, zerosLike(dz), dz)];
  },
});
export const Minimum = binaryOp({
  type: 'Minimum', allowed: REAL,
  impl: { num: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)), big: (a, b) => (a < b ? a : b) },
  grad: (x, y, z, dz) => {
    const m = lessEqual(x, y);
    return [select(m, dz, zerosLike(dz)), select(m, zerosLike(dz), dz)];
  },
});
export const SquaredDifference = binaryOp({
  type: 'SquaredDifference', allowed: [...FLOATS, 'int32', 'int64', 'complex64'],
  impl: { num: (a, b) => (a - b) * (a - b), int32: (a, b) => Math.imul(a - b, a - b), big: (a, b) => (a - b) * (a - b) },
  grad: (x, y, z, dz) => {
    const g = mul(dz, mul(sub(x, y), 2));
    return [g, negative(g)];
  },
});
export const Atan2 = binaryOp({
  type: 'Atan2', allowed: FLOATS, impl: { num: Math.atan2 },
  grad: (y, x, z, dz) => {
    const d = realDiv(dz, add(square(x), square(y)));
    return [mul(d, x), mul(d, negative(y))];
  },
});

const cmp = (type: string, allowed: readonly DType[], f: (a: number, b: number) => boolean, fb: (a: bigint, b: bigint) => boolean, fs?: (a: string, b: string) => boolean) =>
  binaryOp({ type, allowed, out: 'bool', impl: { num: (a, b) => +f(a, b), big: fb, str: fs, complex: (ar, ai, br, bi) => [+(type === 'Equal' ? ar === br && ai === bi : ar !== br || ai !== bi), 0] } });
export const Equal = cmp('Equal', ALL, (a, b) => a === b, (a, b) => a === b, (a, b) => a === b);
export const NotEqual = cmp('NotEqual', ALL, (a, b) => a !== b, (a, b) => a !== b, (a, b) => a !== b);
export const Less = cmp('Less', REAL, (a, b) => a < b, (a, b) => a < b);
export const LessEqual = cmp('LessEqual', REAL, (a, b) => a <= b, (a, b) => a <= b);
export const Greater = cmp('Greater', REAL, (a, b) => a > b, (a, b) => a > b);
export const GreaterEqual = cmp('GreaterEqual', REAL, (a, b) => a >= b, (a, b) => a >= b);
export const LogicalAnd = binaryOp({ type: 'LogicalAnd', allowed: BOOL, impl: { num: (a, b) => +(a && b) } });
export const LogicalOr = binaryOp({ type: 'LogicalOr', allowed: BOOL, impl: { num: (a, b) => +(a || b) } });

// ---- builders ------------------------------------------------------------------------------

/** x + y (tf.add; node 'Add'). The operator form `x.add(y)` names its node 'add'. */
export const add = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(isStringOperand(x, y) ? Add : AddV2, x, y, n(o), 'Add');
function isStringOperand(x: TensorLike, y: TensorLike): boolean {
  const isStr = (v: unknown): boolean => {
    if (v instanceof Tensor) return v.dtype === 'string';
    while (Array.isArray(v)) v = v[0];
    return typeof v === 'string';
  };
  return isStr(x) || isStr(y);
}
export const subtract = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Sub, x, y, n(o));
export const multiply = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Mul, x, y, n(o));
export const sub = subtract;
export const mul = multiply;
export const realDiv = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(RealDiv, x, y, n(o));
export const maximum = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Maximum, x, y, n(o));
export const minimum = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Minimum, x, y, n(o));
export const squaredDifference = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(SquaredDifference, x, y, n(o));
export const pow = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Pow, x, y, n(o));
export const atan2 = (y: TensorLike, x: TensorLike, o?: Name): T => applyBinary(Atan2, y, x, n(o));
export const floormod = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(FloorMod, x, y, n(o));
/** Remainder with the sign of the divisor (floor semantics), as tf.mod / Python's %. */
export const mod = floormod;
export const truncatediv = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(TruncateDiv, x, y, n(o));
export const truncatemod = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(TruncateMod, x, y, n(o));
export const equal = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Equal, x, y, n(o));
export const notEqual = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(NotEqual, x, y, n(o));
export const less = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Less, x, y, n(o));
export const lessEqual = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(LessEqual, x, y, n(o));
export const greater = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(Greater, x, y, n(o));
export const greaterEqual = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(GreaterEqual, x, y, n(o));
export const logicalAnd = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(LogicalAnd, x, y, n(o));
export const logicalOr = (x: TensorLike, y: TensorLike, o?: Name): T => applyBinary(LogicalOr, x, y, n(o));

/** x XOR y for bools, built as TF builds it: (x | y) & !(x & y). */
export function logicalXor(x: TensorLike, y: TensorLike, o?: Name): T {
  return withScope(n(o), 'LogicalXor', [x, y], scope => {
    const [tx, ty] = convertPair(x, y);
    return applyBinary(LogicalAnd, logicalOr(tx, ty), applyUnaryNot(logicalAnd(tx, ty)), scope);
  });
}
const applyUnaryNot = (x: T) => applyUnary(LogicalNot, x, undefined);

/** The floating dtype TF's truediv casts an integer dtype to. */
function truedivDType(d: DType): DType | null {
  if (d === 'int8' || d === 'int16' || d === 'uint8' || d === 'uint16') return 'float32';
  if (d === 'int32' || d === 'int64') return 'float64';
  return null;
}

/** x / y with true division: integers are cast to float first (tf.truediv, Python 3 `/`). */
export function truediv(x: TensorLike, y: TensorLike, o?: Name): T {
  return withScope(n(o), 'truediv', [x, y], scope => {
    let [tx, ty] = convertPair(x, y);
    if (tx.dtype !== ty.dtype) throw new TypeError(`\`x\` and \`y\` must have the same dtype, got tf.${tx.dtype} != tf.${ty.dtype}.`);
    const to = truedivDType(tx.dtype);
    if (to) { tx = cast(tx, to); ty = cast(ty, to); }
    return applyBinary(RealDiv, tx, ty, scope);
  });
}
export const divide = truediv;

/** Python 2 division (tf.div): floor division for integers, real division for floats. */
export function div(x: TensorLike, y: TensorLike, o?: Name): T {
  return withScope(n(o), 'div', [x, y], scope => {
    const [tx, ty] = convertPair(x, y);
    return applyBinary(isIntDType(tx.dtype) ? FloorDiv : RealDiv, tx, ty, scope);
  });
}

/** Floor division (tf.floordiv, Python's //): floor(x / y) for floats too. */
export function floordiv(x: TensorLike, y: TensorLike, o?: Name): T {
  return withScope(n(o), 'floordiv', [x, y], scope => {
    const [tx, ty] = convertPair(x, y);
    return applyBinary(FloorDiv, tx, ty, scope);
  });
}

/** Division that returns 0 where y == 0 (tf.div_no_nan). */
export function divNoNan(x: TensorLike, y: TensorLike, o?: Name): T {
  return withScope(n(o), 'div_no_nan', [x, y], () => {
    const [tx, ty] = convertPair(x, y);
    const zero = equal(ty, 0);
    return whereV2(zero, zerosLike(realDiv(tx, ty)), realDiv(tx, whereV2(zero, onesLike(ty), ty)));
  });
}

export const neg = negative;
