// Reductions (Sum, Prod, Mean, Max, Min, Any, All), ArgMax/ArgMin and compositions
// (reduceLogSumExp, countNonzero). Axes arrive as a tensor, as in TF.

import { type DType } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp, type OpDef, type Attrs } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim } from '../../framework/tensor_shape.js';
import { ValueError } from '../../framework/errors.js';
import { reduce, argReduce, type ReduceKind } from '../../backend/reference/reduce.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { NUMERIC, REAL, BOOL, checkDType } from '../dtype_sets.js';
import { shape as shapeOf, size as sizeOf, rank as rankOp } from '../array/shape.js';
import { range as rangeOp } from '../array/fill.js';
import { reshape, broadcastTo, reducedShape as ReducedShapeFn } from '../array/reshape.js';
import { cast } from './cast.js';
import { cumprod } from './scan.js';
import { transpose } from '../array/transpose.js';
import { realDiv, mul, equal, notEqual, sub, add, maximum, floordiv } from './binary.js';
import { log, exp, isFinite as isFinite_ } from './unary.js';
import { whereV2 } from '../array/where.js';
import { stopGradient } from '../control/stop_gradient.js';

export interface ReduceAttrs extends Attrs { keepDims: boolean }

function axesOf(nd: NDArray): number[] {
  return Array.from(nd.data as ArrayLike<number | bigint>, Number);
}

/** Static output shape of a reduction (unknown dims where the axes are not constant). */
function reducedShape(x: TensorShape, axesSpec: { shape: TensorShape; value(): NDArray | null }, keepDims: boolean): TensorShape {
  const v = axesSpec.value();
  if (x.rank === null) return TensorShape.unknown();
  const r = x.rank;
  if (!v) {
    if (keepDims) return new TensorShape(new Array<Dim>(r).fill(null));
    const n = axesSpec.shape.dim(0);
    if (axesSpec.shape.rank === 1 && n !== null && n === 0) return x;
    return TensorShape.unknown();
  }
  const axes = new Set<number>();
  for (const a of axesOf(v)) {
    if (a < -r || a >= Math.max(r, 1) || (r === 0 && a !== 0 && a !== -1)) {
      throw new ValueError(`Invalid reduction dimension ${a} for input with ${r} dimensions`);
    }
    axes.add(a < 0 ? a + r : a);
  }
  const dims: Dim[] = [];
  x.dims!.forEach((d, i) => { if (axes.has(i)) { if (keepDims) dims.push(1); } else dims.push(d); });
  return new TensorShape(dims);
}

function reduceOp(type: string, kind: ReduceKind, allowed: readonly DType[], grad?: OpDef<ReduceAttrs>['grad']): OpDef<ReduceAttrs> {
  return defineOp<ReduceAttrs>({
    type,
    infer: ([x, axes], a) => {
      checkDType('input', x.dtype, allowed);
      checkDType('reduction_indices', axes.dtype, ['int32', 'int64']);
      return [{ dtype: x.dtype, shape: reducedShape(x.shape, axes, a.keepDims) }];
    },
    kernel: ([x, axes], a) => reduce(kind, x, axesOf(axes), a.keepDims),
    grad,
    noGradient: !grad,
  });
}

// Gradients: dy is broadcast back over the reduced axes (shape [.., 1, ..] then to x's
// shape). When x's shape is fully known and the axes are constant (the usual case in
// training), the shapes are constants, as in TF's fast path; otherwise they are computed.

interface StaticReduction { kept: number[]; full: number[]; axes: number[]; count: number }
function staticReduction(x: Tensor, axes: Tensor): StaticReduction | null {
  if (!x.shape.isFullyDefined || axes.op.type !== 'Const') return null;
  const full = x.shape.dims as number[];
  const r = full.length;
  const ax = [...new Set(axesOf((axes.op.attrs as { value: NDArray }).value).map(a => (a < 0 ? a + r : a)))].sort((a, b) => a - b);
  const kept = full.map((d, i) => (ax.includes(i) ? 1 : d));
  return { kept, full, axes: ax, count: ax.reduce((n, a) => n * full[a], 1) };
}
function keptShapeTensor(x: Tensor, axes: Tensor): Tensor { return ReducedShapeFn(shapeOf(x, { optimize: false }), axes); }
/** t (reduced, with or without kept dims) broadcast back to x's shape. */
function broadcastBack(t: Tensor, x: Tensor, axes: Tensor): Tensor {
  const st = staticReduction(x, axes);
  if (st) {
    const r = st.kept.every((d, i) => d === st.full[i]) ? reshape(t, st.full) : broadcastTo(reshape(t, st.kept), st.full);
    return r;
  }
  return broadcastTo(reshape(t, keptShapeTensor(x, axes)), shapeOf(x, { optimize: false }));
}

export const Sum = reduceOp('Sum', 'sum', NUMERIC, (op, [dy]) => {
  const [x, axes] = op.inputs;
  return [dy ? broadcastBack(dy, x, axes) : null, null];
});
export const Mean = reduceOp('Mean', 'mean', NUMERIC, (op, [dy]) => {
  const [x, axes] = op.inputs;
  if (!dy) return [null, null];
  const g = broadcastBack(dy, x, axes);
  const st = staticReduction(x, axes);
  const count = st ? constant(st.count, { dtype: dy.dtype }) : cast(floordiv(sizeOf(x), maximum(sizeOf(op.outputs[0]), 1)), dy.dtype);
  return [realDiv(g, count), null];
});
export const Prod = reduceOp('Prod', 'prod', NUMERIC, (op, [dy]) => {
  const [x, axes] = op.inputs;
  if (!dy) return [null, null];
  const g = broadcastBack(dy, x, axes);
  const st = staticReduction(x, axes);
  if (!st) {
    // shapes unknown while building: prod / x (exact wherever x != 0)
    const y = broadcastBack(op.outputs[0], x, axes);
    return [mul(g, realDiv(y, x)), null];
  }
  // TF's zero-safe rule: the product of all *other* elements of each group, from exclusive
  // cumulative products from both ends along the (flattened) reduced axes
  const other = st.full.map((_, i) => i).filter(i => !st.axes.includes(i));
  const perm = [...st.axes, ...other];
  const reducedNum = st.count, otherNum = other.reduce((n, a) => n * st.full[a], 1);
  const permuted = transpose(x, perm);
  const flat = reshape(permuted, [reducedNum, otherNum]);
  const left = cumprod(flat, 0, { exclusive: true }), right = cumprod(flat, 0, { exclusive: true, reverse: true });
  const prodOthers = reshape(mul(left, right), perm.map(p => st.full[p]));
  const inv = perm.map((_, i) => perm.indexOf(i));
  return [mul(g, transpose(prodOthers, inv)), null];
});
const minMaxGrad = (op: import('../../framework/operation.js').Operation<ReduceAttrs>, [dy]: (Tensor | null)[]) => {
  const [x, axes] = op.inputs;
  if (!dy) return [null, null];
  const y = broadcastBack(op.outputs[0], x, axes);
  const ind = cast(equal(y, x), dy.dtype);
  const num = broadcastBack(sum(ind, axes, true), x, axes);
  const g = broadcastBack(dy, x, axes);
  return [mul(realDiv(ind, num), g), null];
};
export const Max = reduceOp('Max', 'max', REAL, minMaxGrad);
export const Min = reduceOp('Min', 'min', REAL, minMaxGrad);
export const Any = reduceOp('Any', 'any', BOOL);
export const All = reduceOp('All', 'all', BOOL);

const sum = (x: Tensor, axes: Tensor, keep: boolean) => x.graph.addOp(Sum, [x, axes], { keepDims: keep }).outputs[0];

export interface ReduceOpts {
  axis?: number | readonly number[] | Tensor | null;
  keepDims?: boolean;
  /** TF 1 spellings. */
  keepdims?: boolean;
  reductionIndices?: number | readonly number[] | null;
  name?: string;
}

function reductionAxes(x: Tensor, axis: ReduceOpts['axis']): Tensor {
  if (axis instanceof Tensor) return axis;
  if (axis === undefined || axis === null) {
    if (x.shape.rank !== null) return constant(Array.from({ length: x.shape.rank }, (_, i) => i), { dtype: 'int32' });
    return rangeOp(0, rankOp(x), 1);
  }
  return constant(typeof axis === 'number' ? axis : Array.from(axis), { dtype: 'int32' });
}

function makeReducer(def: OpDef<ReduceAttrs>, defaultName: string) {
  return (input: TensorLike, axisOrOpts?: ReduceOpts['axis'] | ReduceOpts, keepDimsArg?: boolean, nameArg?: string): Tensor => {
    const opts: ReduceOpts = isOpts(axisOrOpts) ? axisOrOpts : { axis: axisOrOpts as ReduceOpts['axis'], keepDims: keepDimsArg, name: nameArg };
    if (opts.axis !== undefined && opts.axis !== null && opts.reductionIndices !== undefined && opts.reductionIndices !== null) {
      throw new ValueError('Can not specify both axis and reductionIndices.');
    }
    const x = convertToTensor(input);
    const axis = opts.axis ?? opts.reductionIndices;
    const keep = opts.keepDims ?? opts.keepdims ?? false;
    // no axis: the axes constant is made before the op's scope ('Const'); a given axis is
    // converted inside it ('Sum/reduction_indices'), as TF's generated wrappers do
    const axesOutside = axis === undefined || axis === null || axis instanceof Tensor ? reductionAxes(x, axis) : null;
    return withScope(opts.name, defaultName, [x], (scope, g) => {
      const axes = axesOutside ?? constant(typeof axis === 'number' ? axis : Array.from(axis as readonly number[]), { dtype: 'int32', name: 'reduction_indices' });
      return g.addOp(def, [x, axes], { keepDims: keep }, { name: scope }).outputs[0];
    });
  };
}
function isOpts(x: unknown): x is ReduceOpts {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Tensor) && !ArrayBuffer.isView(x);
}

/**
 * Sum over `axis` (all axes by default) — tf.reduce_sum. Accepts `(x, axis, keepDims)` or
 * `(x, {axis, keepDims, name})`.
 *
 * ```ts
 * tf.reduceSum(tf.ones([2, 2]), 1);   // [2. 2.]
 * ```
 */
export const reduceSum = makeReducer(Sum, 'Sum');
export const reduceProd = makeReducer(Prod, 'Prod');
export const reduceMean = makeReducer(Mean, 'Mean');
export const reduceMax = makeReducer(Max, 'Max');
export const reduceMin = makeReducer(Min, 'Min');
export const reduceAny = makeReducer(Any, 'Any');
export const reduceAll = makeReducer(All, 'All');

/** log(sum(exp(x))) computed stably (tf.reduce_logsumexp). */
export function reduceLogSumExp(input: TensorLike, axisOrOpts?: ReduceOpts['axis'] | ReduceOpts, keepDimsArg?: boolean): Tensor {
  const opts: ReduceOpts = isOpts(axisOrOpts) ? axisOrOpts : { axis: axisOrOpts as ReduceOpts['axis'], keepDims: keepDimsArg };
  return withScope(opts.name, 'ReduceLogSumExp', [input], scope => {
    const x = convertToTensor(input);
    const rawMax = reduceMax(x, { axis: opts.axis, keepDims: true });
    let myMax = stopGradient(whereV2(isFinite_(rawMax), rawMax, 0));
    const result = log(reduceSum(exp(sub(x, myMax)), { axis: opts.axis, keepDims: opts.keepDims }));
    if (!opts.keepDims) myMax = reshape(myMax, shapeOf(result, { optimize: false }));
    return add(result, myMax, { name: scope });
  });
}

/** Number of nonzero elements (tf.count_nonzero), int64 by default. */
export function countNonzero(input: TensorLike, axisOrOpts?: ReduceOpts['axis'] | (ReduceOpts & { dtype?: DType }), keepDims?: boolean): Tensor {
  const opts: ReduceOpts & { dtype?: DType } = isOpts(axisOrOpts) ? axisOrOpts : { axis: axisOrOpts as ReduceOpts['axis'], keepDims };
  return withScope(opts.name, 'count_nonzero', [input], () => {
    const x = convertToTensor(input);
    const nz = cast(notEqual(x, x.dtype === 'bool' ? false : x.dtype === 'string' ? '' : 0), 'int64');
    return cast(reduceSum(nz, { axis: opts.axis, keepDims: opts.keepDims }), opts.dtype ?? 'int64');
  });
}

// ---- ArgMax / ArgMin -------------------------------------------------------------------------

function argOp(type: string, kind: 'max' | 'min') {
  return defineOp<{ outputType: DType }>({
    type,
    infer: ([x, dim], a) => {
      checkDType('input', x.dtype, [...REAL, 'bool']);
      const v = dim.value();
      if (x.shape.rank === null || !v) return [{ dtype: a.outputType, shape: x.shape.rank === null ? TensorShape.unknown() : new TensorShape(new Array<Dim>(Math.max(0, x.shape.rank - 1)).fill(null)) }];
      const r = x.shape.rank;
      let ax = Number(v.data[0]);
      if (ax < -r || ax >= r) throw new ValueError(`Expected dimension in the range [${-r}, ${r}), but got ${ax}`);
      if (ax < 0) ax += r;
      return [{ dtype: a.outputType, shape: new TensorShape(x.shape.dims!.filter((_, i) => i !== ax)) }];
    },
    kernel: ([x, dim], a) => argReduce(kind, x, Number(dim.data[0]), a.outputType),
    noGradient: true,
  });
}
export const ArgMax = argOp('ArgMax', 'max');
export const ArgMin = argOp('ArgMin', 'min');

function argBuilder(def: OpDef<{ outputType: DType }>, defaultName: string) {
  return (input: TensorLike, axis: number | Tensor | { axis?: number; outputType?: DType; name?: string } = 0, opts: { outputType?: DType; name?: string } = {}): Tensor => {
    if (typeof axis === 'object' && !(axis instanceof Tensor)) { opts = axis; axis = axis.axis ?? 0; }
    return withScope(opts.name, defaultName, [input], (scope, g) => {
      const x = convertToTensor(input, { name: 'input' });
      const d = axis instanceof Tensor ? axis : constant(axis as number, { dtype: 'int32', name: 'dimension' });
      return g.addOp(def, [x, d], { outputType: opts.outputType ?? 'int64' }, { name: scope }).outputs[0];
    });
  };
}
/** Index of the largest value along `axis` (tf.argmax), int64 by default. */
export const argMax = argBuilder(ArgMax, 'ArgMax');
/** Index of the smallest value along `axis` (tf.argmin), int64 by default. */
export const argMin = argBuilder(ArgMin, 'ArgMin');

