// More reductions: EuclideanNorm (tf.math.reduce_euclidean_norm), and the compositions
// tf.math.reduce_variance / reduce_std, plus tf.scalar_mul.

import { NDArray } from '../../framework/ndarray.js';
import { allocData, isInteger, roundHalf } from '../../framework/dtypes.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { ValueError } from '../../framework/errors.js';
import { reduce as reduceKernel } from '../../backend/reference/reduce.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { Sum, reduceMean, type ReduceAttrs, type ReduceOpts } from './reduce.js';

/** sqrt(sum |x|^2) over the axes: squares summed in float64, stored in x's dtype. */
function euclideanNormKernel(x: NDArray, axes: NDArray, keepDims: boolean): NDArray {
  const n = x.size, sq = new Float64Array(n);
  if (x.dtype === 'complex64') { const X = x.data as Float32Array; for (let i = 0; i < n; i++) sq[i] = X[2 * i] ** 2 + X[2 * i + 1] ** 2; } else if (x.dtype === 'int64') {
    const X = x.data as BigInt64Array; for (let i = 0; i < n; i++) sq[i] = Number(X[i]) ** 2;
  } else { const X = x.data as Float64Array; for (let i = 0; i < n; i++) sq[i] = X[i] * X[i]; }
  const s = reduceKernel('sum', new NDArray('float64', x.shape, sq), Array.from(axes.data as ArrayLike<number | bigint>, Number), keepDims);
  const m = s.size, S = s.data as Float64Array;
  const out = allocData(x.dtype, m);
  for (let i = 0; i < m; i++) {
    const v = Math.sqrt(S[i]);
    if (x.dtype === 'complex64') (out as Float32Array)[2 * i] = v;
    else if (x.dtype === 'int64') (out as BigInt64Array)[i] = BigInt(Math.trunc(v));
    else (out as Float64Array)[i] = isInteger(x.dtype) ? Math.trunc(v) : x.dtype === 'float16' ? roundHalf(v) : v;
  }
  return new NDArray(x.dtype, s.shape, out);
}

export const EuclideanNorm = defineOp<ReduceAttrs>({
  type: 'EuclideanNorm',
  infer: (inputs, a) => Sum.infer(inputs, a),
  kernel: ([x, axes], a) => euclideanNormKernel(x, axes, a.keepDims),
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    // TF's rule: x / (norm / dy), with norm and dy reshaped to keep the reduced dims
    const [x, axes] = op.inputs;
    let norm = op.outputs[0], g = dy;
    if (!op.attrs.keepDims) {
      const kept = reducedShape(shapeOf(x), axes);
      norm = reshape(norm, kept); g = reshape(g, kept);
    }
    return [truediv(x, truediv(norm, g)), null];
  },
});

function isOpts(x: unknown): x is ReduceOpts {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Tensor) && !ArrayBuffer.isView(x);
}
function readOpts(axisOrOpts: ReduceOpts['axis'] | ReduceOpts | undefined, keepDims?: boolean, name?: string): ReduceOpts {
  return isOpts(axisOrOpts) ? axisOrOpts : { axis: axisOrOpts as ReduceOpts['axis'], keepDims, name };
}

/**
 * sqrt(sum(|x|^2)) over `axis`, all axes by default (tf.math.reduce_euclidean_norm; op
 * `EuclideanNorm`). Integer inputs give integer (truncated) results, as TF.
 *
 * ```ts
 * tf.reduceEuclideanNorm(tf.constant([[3, 4], [5, 12]]), 1);   // [ 5 13]
 * ```
 */
export function reduceEuclideanNorm(input: TensorLike, axisOrOpts?: ReduceOpts['axis'] | ReduceOpts, keepDimsArg?: boolean, nameArg?: string): Tensor {
  const opts = readOpts(axisOrOpts, keepDimsArg, nameArg);
  const x = convertToTensor(input);
  const axis = opts.axis ?? opts.reductionIndices;
  const keepDims = !!(opts.keepDims ?? opts.keepdims);
  // no axis: the axes constant is made outside the op's scope ('Const'), as TF's _ReductionDims
  const outside = axis === undefined || axis === null ? allAxes(x) : axis instanceof Tensor ? axis : null;
  const out = withScope(opts.name, 'EuclideanNorm', [x], (scope, g) => {
    const axes = outside ?? constant(typeof axis === 'number' ? axis : Array.from(axis as readonly number[]), { dtype: 'int32', name: 'reduction_indices' });
    return g.addOp(EuclideanNorm, [x, axes], { keepDims }, { name: scope }).outputs[0];
  });
  if ((axis === undefined || axis === null) && !keepDims) out.setShape(TensorShape.scalar());
  return out;
}
function allAxes(x: Tensor): Tensor {
  if (x.shape.rank !== null) return constant(Array.from({ length: x.shape.rank }, (_, i) => i), { dtype: 'int32' });
  return range(0, rank(x), 1);
}

/**
 * Variance over `axis` (tf.math.reduce_variance), built in scope 'reduce_variance' as TF:
 * mean((x - mean(x))^2); complex inputs use |x - mean|^2 and give a real result.
 *
 * ```ts
 * tf.reduceVariance(tf.constant([[1, 2], [3, 4]], 'float32'));   // 1.25
 * ```
 */
export function reduceVariance(input: TensorLike, axisOrOpts?: ReduceOpts['axis'] | ReduceOpts, keepDimsArg?: boolean, nameArg?: string): Tensor {
  const opts = readOpts(axisOrOpts, keepDimsArg, nameArg);
  return withScope(opts.name, 'reduce_variance', [input], () => {
    const x = convertToTensor(input);
    const axis = opts.axis ?? opts.reductionIndices;
    const means = reduceMean(x, { axis, keepDims: true });
    if (isInteger(means.dtype)) throw new TypeError(`Input must be either real or complex. Received integer type <dtype: '${means.dtype}'>.`);
    const diff = x.sub(means);
    const sq = diff.dtype === 'complex64' ? real(mulGen(conj(diff), diff)) : square(diff);
    return reduceMean(sq, { axis, keepDims: opts.keepDims ?? opts.keepdims });
  });
}

/**
 * Standard deviation over `axis` (tf.math.reduce_std): sqrt of reduceVariance, in scope
 * 'reduce_std'.
 *
 * ```ts
 * tf.reduceStd(tf.constant([[1, 2], [3, 4]], 'float32'));   // 1.118034
 * ```
 */
export function reduceStd(input: TensorLike, axisOrOpts?: ReduceOpts['axis'] | ReduceOpts, keepDimsArg?: boolean, nameArg?: string): Tensor {
  const opts = readOpts(axisOrOpts, keepDimsArg, nameArg);
  return withScope(opts.name, 'reduce_std', [input], () => {
    const x = convertToTensor(input);
    const variance = reduceVariance(x, { axis: opts.axis ?? opts.reductionIndices, keepDims: opts.keepDims ?? opts.keepdims });
    return sqrt(variance);
  });
}

/**
 * Multiplies x by a scalar (tf.scalar_mul, TF 1 form: op 'Mul' with the scalar converted
 * to x's dtype as 'scalar'). A non-scalar `scalar` is a ValueError.
 *
 * ```ts
 * tf.scalarMul(2, tf.constant([1, 2], 'float32'));   // [2 4]
 * ```
 */
export function scalarMul(scalar: TensorLike, x: TensorLike, opts: { name?: string } = {}): Tensor {
  const t = convertToTensor(x);
  return t.graph.asDefault(() => {
    const s = convertToTensor(scalar, { dtype: t.dtype, name: 'scalar' });
    if (s.shape.rank !== 0) throw new ValueError(`The input scalar must be a 0-D value. Received shape ${s.shape.toString()}.`);
    return t.graph.addOp(Mul, [s, t], {}, { name: opts.name ?? 'Mul' }).outputs[0];
  });
}

import { shape as shapeOf, rank } from '../array/shape.js';
import { range } from '../array/fill.js';
import { reshape, reducedShape } from '../array/reshape.js';
import { truediv, Mul } from './binary.js';
import { sqrt, square } from './unary.js';
import { real, conj } from './complex.js';
import { applyBinary } from './elementwise_def.js';
const mulGen = (x: Tensor, y: Tensor) => applyBinary(Mul, x, y, undefined);
