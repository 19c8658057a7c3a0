// Gradient spec rows: elementwise math (unary and broadcasting binary), reductions, scans,
// matmul. Value ranges avoid kinks, poles and discontinuities.

import * as tf from '../../src/index.js';
import { type GradSpec, u, away, vals, raw, f64 } from './grad_spec.js';
import type { GradInput } from '../harness/numeric_grad.js';

// fractional parts in (0.1, 0.4) or (0.6, 0.9): away from Floor/Ceil/Round's jumps
const STEPPY = [0.2, 1.3, -0.7, 2.15, -1.8, 0.35, -2.65, 3.8];

const UNARY: [string, GradInput][] = [
  ['Abs', away([2, 3])], ['Acos', u([2, 3], [-0.8, 0.8])], ['Acosh', u([2, 3], [1.3, 3])],
  ['Asin', u([2, 3], [-0.8, 0.8])], ['Asinh', u([2, 3], [-2, 2])], ['Atan', u([2, 3], [-2, 2])],
  ['Atanh', u([2, 3], [-0.8, 0.8])], ['Ceil', vals([8], STEPPY)], ['Cos', u([2, 3], [-3, 3])],
  ['Cosh', u([2, 3], [-2, 2])], ['Digamma', u([2, 3], [0.5, 3])], ['Erf', u([2, 3], [-1.5, 1.5])],
  ['Erfc', u([2, 3], [-1.5, 1.5])], ['Erfinv', u([2, 3], [-0.8, 0.8])], ['Exp', u([2, 3], [-2, 2])],
  ['Expm1', u([2, 3], [-2, 2])], ['Floor', vals([8], STEPPY)], ['Lgamma', u([2, 3], [0.5, 3])],
  ['Log', u([2, 3], [0.2, 2])], ['Log1p', u([2, 3], [-0.5, 1])], ['Neg', u([2, 3])],
  ['Reciprocal', away([2, 3])], ['Rint', vals([8], STEPPY)], ['Round', vals([8], STEPPY)],
  ['Rsqrt', u([2, 3], [0.3, 2])], ['Sigmoid', u([2, 3], [-3, 3])], ['Sign', away([2, 3])],
  ['Sin', u([2, 3], [-3, 3])], ['Sinh', u([2, 3], [-2, 2])], ['Softplus', u([2, 3], [-3, 3])],
  ['Softsign', away([2, 3], 0.1, 3)], ['Sqrt', u([2, 3], [0.3, 2])], ['Square', u([2, 3], [-2, 2])],
  ['Tan', u([2, 3], [-1, 1])], ['Tanh', u([2, 3], [-2, 2])],
];

/** x and y ranges per binary type (null: any value in [-1, 1]). */
const BINARY: [string, [number, number] | 'away' | null, [number, number] | 'away' | null][] = [
  ['Add', null, null], ['AddV2', null, null], ['Sub', null, null], ['Mul', null, null],
  ['RealDiv', null, 'away'], ['Div', null, 'away'], ['Pow', [0.5, 2], [-1.5, 1.5]],
  ['SquaredDifference', null, null], ['Atan2', null, 'away'], ['Xlogy', null, [0.3, 2]],
  ['Xdivy', null, 'away'], ['Xlog1py', null, [-0.5, 1]], ['MulNoNan', null, null],
];

const input = (shape: number[], r: [number, number] | 'away' | null, staticShape?: (number | null)[]): GradInput =>
  ({ ...(r === 'away' ? away(shape) : u(shape, r ?? undefined)), staticShape });

/** Shapes for the broadcasting variants: x, y, and whether the placeholders hide their dims. */
const BROADCASTS: [number[], number[], string, (number | null)[]?, (number | null)[]?][] = [
  [[2, 3], [2, 3], 'same shape'],
  [[2, 3], [3], 'broadcast [2,3] with [3]'],
  [[2, 1], [1, 3], 'broadcast [2,1] with [1,3]'],
  [[], [2, 3], 'broadcast scalar with [2,3]'],
  [[3, 1, 2], [4, 1], 'broadcast [3,1,2] with [4,1]'],
  [[4, 3], [3], 'dynamic [?,3] with [3]', [null, 3], [3]],
  [[2, 3], [2, 1], 'dynamic [?,?] with [?,1]', [null, null], [null, 1]],
  [[2, 3], [3], 'unknown rank with [3]', null as unknown as (number | null)[], [null]],
];

function binaryRows(): GradSpec[] {
  const rows: GradSpec[] = [];
  for (const [type, rx, ry] of BINARY) {
    const f = raw(type);
    for (const [sx, sy, variant, stx, sty] of BROADCASTS) {
      rows.push({ type, variant, inputs: [input(sx, rx, stx), input(sy, ry, sty)], build: ([x, y]) => f(x, y) });
      if (variant !== 'same shape') rows.push({ type, variant: `${variant}, swapped`, inputs: [input(sy, rx, sty), input(sx, ry, stx)], build: ([x, y]) => f(x, y) });
    }
  }
  return rows;
}

// ties and discontinuities need explicit values
const MAXMIN_X = [0.1, 0.9, -0.5, 0.3, 0.7, -0.2], MAXMIN_Y = [0.5, 0.2, -0.1, 0.6, -0.3, 0.4];
const MOD_X = [2.5, 3.7, -1.3, 0.6, 5.2, -2.9], MOD_Y = [1.1, 1.6, 0.9, 1.7, 2.4, 1.25];

const OTHER_BINARY: GradSpec[] = [
  ...(['Maximum', 'Minimum'] as const).flatMap(type => [
    { type, variant: 'both branches', inputs: [vals([2, 3], MAXMIN_X), vals([2, 3], MAXMIN_Y)], build: ([x, y]: tf.Tensor[]) => raw(type)(x, y) },
    { type, variant: 'broadcast [2,3] with [3]', inputs: [u([2, 3], [0.5, 1]), u([3], [-1, 0])], build: ([x, y]: tf.Tensor[]) => raw(type)(x, y) },
    { type, variant: 'broadcast [3] with [2,3]', inputs: [u([3], [0.5, 1]), u([2, 3], [-1, 0])], build: ([x, y]: tf.Tensor[]) => raw(type)(x, y) },
  ]),
  { type: 'FloorMod', inputs: [vals([2, 3], MOD_X), vals([2, 3], MOD_Y)], build: ([x, y]) => raw('FloorMod')(x, y) },
  { type: 'FloorMod', variant: 'broadcast [2,3] with [1]', inputs: [vals([2, 3], MOD_X), vals([1], [1.1])], build: ([x, y]) => raw('FloorMod')(x, y) },
  { type: 'FloorDiv', inputs: [vals([2, 3], MOD_X), vals([2, 3], MOD_Y)], build: ([x, y]) => raw('FloorDiv')(x, y) },
  { type: 'Zeta', variant: 'd/dq', inputs: [u([2, 3], [1, 2])], build: ([q]) => tf.zeta(f64([[2, 3, 4], [2.5, 3.5, 5]]), q) },
  { type: 'Zeta', variant: 'd/dq broadcast', inputs: [u([3], [1, 2])], build: ([q]) => tf.zeta(f64([[2, 3, 4], [2.5, 3.5, 5]]), q) },
  { type: 'Polygamma', variant: 'd/dx', inputs: [u([2, 3], [0.5, 2])], build: ([x]) => tf.polygamma(f64([[0, 1, 2], [1, 3, 0]]), x) },
  { type: 'Betainc', variant: 'd/dx', inputs: [u([2, 3], [0.2, 0.8])], build: ([x]) => tf.betainc(f64([[1, 2, 0.5], [3, 1.5, 2]]), f64([[2, 1, 0.7], [1.5, 2.5, 3]]), x) },
  { type: 'Betainc', variant: 'd/dx, scalar a and b', inputs: [u([2, 3], [0.2, 0.8])], build: ([x]) => tf.betainc(f64(1.5), f64(2.5), x) },
  { type: 'AddN', inputs: [u([2, 3]), u([2, 3]), u([2, 3])], build: xs => tf.addN(xs) },
  { type: 'AddN', variant: 'one input used twice', inputs: [u([2, 3]), u([2, 3])], build: ([x, y]) => tf.addN([x, y, x]) },
];

const REDUCERS: [string, (x: tf.Tensor, o: tf.ReduceOpts) => tf.Tensor, GradInput['range'], boolean?][] = [
  ['Sum', (x, o) => tf.reduceSum(x, o), [-1, 1]], ['Mean', (x, o) => tf.reduceMean(x, o), [-1, 1]],
  ['Prod', (x, o) => tf.reduceProd(x, o), [0.5, 1.5], true], ['Max', (x, o) => tf.reduceMax(x, o), [-1, 1]],
  ['Min', (x, o) => tf.reduceMin(x, o), [-1, 1]], ['EuclideanNorm', (x, o) => tf.reduceEuclideanNorm(x, o), [-1, 1]],
];
const REDUCE_VARIANTS: [tf.ReduceOpts, string, (number | null)[]?][] = [
  [{}, 'all axes'], [{ axis: 1 }, 'axis 1'], [{ axis: [0, 2], keepDims: true }, 'axes [0,2] keepDims'],
  [{ axis: -1 }, 'axis -1'], [{ axis: 1, keepDims: true }, 'axis 1 keepDims, dynamic shape', [null, null, 4]],
  [{ axis: 0 }, 'axis 0, dynamic shape', [null, 3, 4]],
];

function reduceRows(): GradSpec[] {
  return REDUCERS.flatMap(([type, f, range, randomSign]) => REDUCE_VARIANTS.map(([o, variant, staticShape]) => ({
    type, variant, inputs: [{ shape: [2, 3, 4], range, randomSign, staticShape }], build: ([x]: tf.Tensor[]) => f(x, o),
  })));
}

const SCANS: GradSpec[] = (['Cumsum', 'Cumprod'] as const).flatMap(type => {
  const f = type === 'Cumsum' ? tf.cumsum : tf.cumprod;
  return [[false, false], [true, false], [false, true], [true, true]].map(([exclusive, reverse]) => ({
    type, variant: `exclusive=${exclusive} reverse=${reverse}`,
    inputs: [type === 'Cumprod' ? away([3, 4], 0.5, 1.5) : u([3, 4])],
    build: ([x]: tf.Tensor[]) => f(x, 1, { exclusive, reverse }),
  }));
});

const MATMULS: GradSpec[] = [
  ...[[false, false], [true, false], [false, true], [true, true]].map(([transposeA, transposeB]) => ({
    type: 'MatMul', variant: `transposeA=${transposeA} transposeB=${transposeB}`,
    inputs: [u(transposeA ? [4, 3] : [3, 4]), u(transposeB ? [5, 4] : [4, 5])],
    build: ([a, b]: tf.Tensor[]) => tf.matmul(a, b, { transposeA, transposeB }),
  })),
  { type: 'MatMul', variant: 'dynamic batch', inputs: [u([3, 4], undefined, { staticShape: [null, 4] }), u([4, 2])], build: ([a, b]) => tf.matmul(a, b) },
  { type: 'BatchMatMulV2', variant: 'same batch', inputs: [u([2, 3, 4]), u([2, 4, 5])], build: ([a, b]) => tf.matmul(a, b) },
  { type: 'BatchMatMulV2', variant: 'adjoints', inputs: [u([2, 4, 3]), u([2, 5, 4])], build: ([a, b]) => tf.matmul(a, b, { adjointA: true, adjointB: true }) },
  { type: 'BatchMatMulV2', variant: 'broadcast [2,3,4] @ [4,5]', inputs: [u([2, 3, 4]), u([4, 5])], build: ([a, b]) => tf.matmul(a, b) },
  { type: 'BatchMatMulV2', variant: 'broadcast [1,3,4] @ [2,1,4,5]', inputs: [u([1, 3, 4]), u([2, 1, 4, 5])], build: ([a, b]) => tf.matmul(a, b) },
  { type: 'BatchMatMulV2', variant: 'broadcast, dynamic batch', inputs: [u([2, 3, 4], undefined, { staticShape: [null, 3, 4] }), u([1, 4, 5], undefined, { staticShape: [null, 4, 5] })], build: ([a, b]) => tf.matmul(a, b) },
];

const CASTS: GradSpec[] = [
  // float32 in the middle: central differences need a larger step and tolerance
  { type: 'Cast', variant: 'float64 -> float32 -> float64', inputs: [u([2, 3])], build: ([x]) => tf.cast(tf.mul(tf.cast(x, 'float32'), 3), 'float64'), opts: { eps: 1e-2, rtol: 1e-3 } },
  { type: 'Cast', variant: 'through int32: no gradient', inputs: [u([2, 3], [0.2, 0.8])], build: ([x]) => tf.add(tf.cast(tf.cast(x, 'int32'), 'float64'), x) },
];

// complex64 is single precision: a large step and loose tolerances
const C = { eps: 1e-2, rtol: 2e-3 };
const toC = (re: tf.Tensor, im: tf.Tensor) => tf.complex(tf.cast(re, 'float32'), tf.cast(im, 'float32'));
const back = (t: tf.Tensor) => tf.cast(t, 'float64');
const COMPLEX: GradSpec[] = [
  { type: 'Complex', inputs: [u([2, 3]), u([2, 3])], build: ([a, b]) => [back(tf.real(toC(a, b))), back(tf.imag(toC(a, b)))], opts: C },
  { type: 'Complex', variant: 'broadcast [2,3] with [3]', inputs: [u([2, 3]), u([3])], build: ([a, b]) => [back(tf.real(toC(a, b))), back(tf.imag(toC(a, b)))], opts: C },
  { type: 'Real', inputs: [u([2, 3]), u([2, 3])], build: ([a, b]) => back(tf.real(toC(a, b))), opts: C },
  { type: 'Imag', inputs: [u([2, 3]), u([2, 3])], build: ([a, b]) => back(tf.imag(toC(a, b))), opts: C },
  { type: 'Conj', inputs: [u([2, 3]), u([2, 3])], build: ([a, b]) => [back(tf.real(tf.conj(toC(a, b)))), back(tf.imag(tf.conj(toC(a, b))))], opts: C },
  { type: 'Mul', variant: 'complex: imag((a+ib)(b+ia)) = a²+b²', inputs: [u([2, 3]), u([2, 3])], build: ([a, b]) => back(tf.imag(tf.mul(toC(a, b), toC(b, a)))), opts: C },
  { type: 'Mul', variant: 'complex: real((a+ib)(a-ib)) = a²+b²', inputs: [u([2, 3]), u([2, 3])], build: ([a, b]) => back(tf.real(tf.mul(toC(a, b), tf.conj(toC(a, b))))), opts: C },
  { type: 'ComplexAbs', inputs: [away([2, 3]), away([2, 3])], build: ([a, b]) => back(tf.abs(toC(a, b))), opts: C },
  { type: 'Exp', variant: 'complex: real(exp(a+ib))', inputs: [u([2, 3]), u([2, 3])], build: ([a, b]) => back(tf.real(tf.exp(toC(a, b)))), opts: C },
  { type: 'Log', variant: 'complex: imag(log(a+ib))', inputs: [away([2, 3]), away([2, 3])], build: ([a, b]) => back(tf.imag(tf.log(toC(a, b)))), opts: C },
  { type: 'Angle', inputs: [u([2, 3]), away([2, 3])], build: ([a, b]) => back(tf.angle(toC(a, b))), opts: C },
];

export const MATH_SPECS: GradSpec[] = [
  ...UNARY.map(([type, inp]) => ({ type, inputs: [inp], build: ([x]: tf.Tensor[]) => raw(type)(x) })),
  { type: 'Square', variant: 'unknown shape', inputs: [{ shape: [2, 3], staticShape: null }], build: ([x]) => raw('Square')(x) },
  ...binaryRows(), ...OTHER_BINARY, ...reduceRows(), ...SCANS, ...MATMULS, ...CASTS, ...COMPLEX,
];
