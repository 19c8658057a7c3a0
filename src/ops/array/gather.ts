// GatherV2 (tf.gather with axis and batch_dims), GatherNd and ScatterNd. Gradients are
// dense: GatherV2's is an UnsortedSegmentSum (TF builds IndexedSlices that become one).

import type { DType } from '../../framework/dtypes.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, formatShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError, ValueError } from '../../framework/errors.js';
import { indexAt, indexList } from '../../backend/reference/array_kernels.js';
import { gatherV2 as gatherKernel, gatherNd as gatherNdKernel, scatterNd as scatterNdKernel } from '../../backend/reference/gather.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, NUMERIC, checkDType } from '../dtype_sets.js';
import { constantValue, constScalar, mergeShapesTF, requireRank, requireRankAtLeast, subDims, unknownOfRank } from './shape_util.js';
import { shapeFromTensorSpec } from './fill.js';

export const GatherV2 = defineOp<{ batchDims: number }>({
  type: 'GatherV2',
  infer: ([p, i, ax], a) => {
    checkDType('indices', i.dtype, INDEX);
    checkDType('axis', ax.dtype, INDEX);
    requireRankAtLeast(p.shape, 1);
    requireRank(ax.shape, 0);
    const axis = constScalar(ax);
    const [pr, ir] = [p.shape.rank, i.shape.rank];
    if (axis === null) {
      return [{ dtype: p.dtype, shape: pr !== null && ir !== null ? unknownOfRank(pr + ir - 1 - a.batchDims) : TensorShape.unknown() }];
    }
    requireRankAtLeast(p.shape, axis < 0 ? -axis : axis + 1);
    let bd = a.batchDims;
    requireRankAtLeast(i.shape, Math.abs(bd));
    if (bd < 0) { if (ir === null) return [{ dtype: p.dtype, shape: TensorShape.unknown() }]; bd += ir; }
    requireRankAtLeast(p.shape, bd + 1);
    if (pr === null || ir === null) return [{ dtype: p.dtype, shape: TensorShape.unknown() }];
    const dims: Dim[] = [...subDims(p.shape, 0, axis)!, ...subDims(i.shape, bd)!];
    if (axis !== -1) dims.push(...subDims(p.shape, axis + 1)!);
    return [{ dtype: p.dtype, shape: new TensorShape(dims) }];
  },
  kernel: ([p, i, ax], a) => {
    const r = p.rank;
    let axis = indexAt(ax, 0);
    if (axis < -r || axis >= r) throw new InvalidArgumentError(`Expected axis in the range [${-r}, ${r}), but got ${axis}`);
    if (axis < 0) axis += r;
    let bd = a.batchDims;
    if (bd < 0) bd += i.rank;
    if (bd > i.rank) throw new InvalidArgumentError(`batch_dims (${bd}) must be less than or equal to rank(indices) (${i.rank}).`);
    if (bd > axis) throw new InvalidArgumentError(`batch_dims (${bd}) must be less than or equal to axis (${axis}).`);
    for (let d = 0; d < bd; d++) {
      if (p.shape[d] !== i.shape[d]) throw new InvalidArgumentError(`params.shape[${d}]: ${p.shape[d]} should be equal to indices.shape[${d}]: ${i.shape[d]}`);
    }
    return gatherKernel(p, i, axis, bd);
  },
  grad: (op, [dy]) => [dy ? gatherV2Grad(op.inputs[0], op.inputs[1], op.inputs[2], op.attrs.batchDims, dy) : null, null, null],
});

/** TF's _GatherV2Grad, made dense with UnsortedSegmentSum. */
function gatherV2Grad(params: Tensor, indices: Tensor, axisT: Tensor, batchDimsAttr: number, grad: Tensor): Tensor {
  const paramsShape = shape(params);
  const indicesSize = expandDims(size(indices), 0);
  const av = constantValue(axisT);
  const axisV = av ? Number((av.data as ArrayLike<number | bigint>)[0]) : null;
  let batchDims = batchDimsAttr;
  if (batchDims < 0) {
    if (indices.shape.rank === null) throw new ValueError('Currently, it is unsupported to take the gradient of tf.gather when batch_dims < 0 and the rank of the indices is unknown.');
    batchDims += indices.shape.rank;
  }
  if (axisV === 0) {
    const valuesShape = concat([indicesSize, index(paramsShape, '1:')], 0);
    const values = reshape(grad, valuesShape);
    return unsortedSegmentSum(values, reshape(indices, indicesSize), index(paramsShape, 0));
  }
  const axis = axisT;
  const outerShape = index(paramsShape, { stop: axis });
  const innerShape = index(index(paramsShape, { start: axis }), '1:');
  const valuesShape = concat([outerShape, [-1], innerShape], 0);
  const valuesDims = size(valuesShape);
  const axisDims = size(outerShape);
  const outerBatches = range(batchDims);
  const batchAxis = range(batchDims, axisDims);
  const innerAxes = range(opAdd(axisDims, 1), valuesDims);
  const values = reshape(grad, valuesShape);
  const transposeDims = concat([outerBatches, [axisDims], batchAxis, innerAxes], 0);
  const valuesT = transpose(values, transposeDims);
  const paramsShapeT = gather(paramsShape, transposeDims);
  let g = batchGatherGrad(paramsShapeT, valuesT, indices, batchDims, gather(paramsShape, axis));
  const invert = concat([outerBatches, opAdd(batchAxis, 1), [batchDims], innerAxes], 0);
  g = transpose(g, invert);
  return reshape(g, shape(params));
}

function batchGatherGrad(paramsShape: Tensor, values: Tensor, indices: Tensor, batchDims: number, gatherDimSize: Tensor): Tensor {
  const indicesSize = expandDims(size(indices), 0);
  let outerShape: Tensor | null = null, flatValuesShape: Tensor | null = null;
  if (batchDims) {
    const valuesShape = shape(values);
    outerShape = index(valuesShape, { stop: batchDims });
    const innerShape = index(index(valuesShape, { start: batchDims }), '1:');
    const batchSize = prodAll(outerShape);
    flatValuesShape = concat([[-1], innerShape], 0);
    gatherDimSize = opMul(gatherDimSize, batchSize);
    indices = batchIndices(paramsShape, indices, batchDims);
    values = reshape(values, flatValuesShape);
  }
  let g = unsortedSegmentSum(values, reshape(indices, indicesSize), gatherDimSize);
  if (batchDims) g = reshape(g, concat([outerShape!, flatValuesShape!], 0));
  return g;
}

/** TF's _GetBatchIndices: adds each batch's offset to the indices. */
function batchIndices(paramsShape: Tensor, indices: Tensor, batchDims: number): Tensor {
  let out = indices;
  const dt = indices.dtype;
  const casted = cast(paramsShape, dt);
  let accum: Tensor = ones([], dt);
  for (let dim = batchDims; dim > 0; dim--) {
    const dimValue = index(casted, dim - 1);
    accum = opMul(accum, index(casted, dim));
    let dimIndices = range(zeros([], dt), dimValue, ones([], dt));
    dimIndices = opMul(dimIndices, accum);
    const dimShape = concat([tile([1], [dim - 1]), [dimValue], tile([1], [opSub(rank(indices), dim)])], 0);
    out = opAdd(out, reshape(dimIndices, dimShape));
  }
  return out;
}

export interface GatherOptions { axis?: TensorLike | null; batchDims?: number; name?: string }

/**
 * Gathers slices of `params` along `axis` at `indices` (tf.gather, op GatherV2). The output
 * shape is params.shape[:axis] + indices.shape[batchDims:] + params.shape[axis+1:].
 *
 * ```ts
 * tf.gather(tf.constant([[1, 2, 3], [4, 5, 6]]), [2, 0], { axis: 1 });   // [[3, 1], [6, 4]]
 * ```
 */
export function gather(params: TensorLike, indices: TensorLike, opts: GatherOptions = {}): Tensor {
  const batchDims = opts.batchDims ?? 0;
  const axis = opts.axis ?? batchDims;
  return withScope(opts.name, 'GatherV2', [params, indices, axis], (scope, g) => {
    const p = convertToTensor(params, { name: 'params' });
    const i = convertToTensor(indices, { name: 'indices', dtypeHint: 'int32' });
    const a = convertToTensor(axis, { name: 'axis', dtypeHint: 'int32' });
    return refined(g.addOp(GatherV2, [p, i, a], { batchDims }, { name: scope }));
  });
}

// ---- GatherNd / ScatterNd -------------------------------------------------------------------

export const GatherNd = defineOp({
  type: 'GatherNd',
  infer: ([p, i]) => {
    checkDType('indices', i.dtype, INDEX);
    requireRankAtLeast(i.shape, 1);
    const r = i.shape.dim(-1);
    if (p.shape.rank === null || r === null || i.shape.rank === null) return [{ dtype: p.dtype, shape: TensorShape.unknown() }];
    if (r > p.shape.rank) {
      throw new ShapeError(`indices.shape[-1] must be <= params.rank, but saw indices shape: ${formatShape(i.shape)} and params shape: ${formatShape(p.shape)}`);
    }
    return [{ dtype: p.dtype, shape: new TensorShape([...subDims(i.shape, 0, -1)!, ...subDims(p.shape, r)!]) }];
  },
  kernel: ([p, i], _, ctx) => {
    const depth = i.shape[i.rank - 1];
    if (depth > p.rank) throw new InvalidArgumentError(`index innermost dimension length must be <= params rank; saw: ${depth} vs. ${p.rank}`);
    return gatherNdKernel(p, i, ctx.op.name);
  },
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    const [p, i] = op.inputs;
    return [scatterNd(i, dy, shape(p, { outType: i.dtype as 'int32' | 'int64' })), null];
  },
});

/**
 * Gathers slices of `params` addressed by the last dimension of `indices` (tf.gather_nd).
 *
 * ```ts
 * tf.gatherNd(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 1]]);   // [3, 2]
 * ```
 */
export function gatherNd(params: TensorLike, indices: TensorLike, opts: { name?: string; batchDims?: number } = {}): Tensor {
  if (opts.batchDims) throw new ValueError('gatherNd with batchDims > 0 is not supported yet.');
  return withScope(opts.name, 'GatherNd', [params, indices], (scope, g) => {
    const p = convertToTensor(params, { name: 'params' });
    const i = convertToTensor(indices, { name: 'indices', dtypeHint: 'int32' });
    return refined(g.addOp(GatherNd, [p, i], {}, { name: scope }));
  });
}

export const ScatterNd = defineOp({
  type: 'ScatterNd',
  infer: ([i, u, s]) => {
    checkDType('indices', i.dtype, INDEX);
    checkDType('updates', u.dtype, [...NUMERIC, 'bool']);
    if (s.dtype !== i.dtype) throw new TypeError(`Input 'shape' of 'ScatterNd' Op has type ${s.dtype} that does not match type ${i.dtype} of argument 'indices'.`);
    requireRank(s.shape, 1);
    const out = shapeFromTensorSpec(s);
    const [is, us] = [i.shape, u.shape];
    if (out.numElements === 0 && ((is.numElements ?? 0) > 0 || (us.numElements ?? 0) > 0)) throw new ShapeError('Indices and updates specified for empty input');
    const ix = is.dim(-1);
    if (is.rank !== null && us.rank !== null && out.rank !== null && ix !== null) {
      const outer = is.rank - 1;
      try { mergeShapesTF(new TensorShape(subDims(is, 0, outer)), new TensorShape(subDims(us, 0, outer))); } catch (e) {
        throw new ShapeError(`Dimensions [0,${outer}) of indices[shape=${formatShape(is)}] = ${formatShape(subDims(is, 0, outer))} must match dimensions [0,${outer}) of updates[shape=${formatShape(us)}] = ${formatShape(subDims(us, 0, outer))}: ${(e as Error).message}`);
      }
      const so = subDims(out, ix)!, su = subDims(us, outer)!;
      try { mergeShapesTF(new TensorShape(so), new TensorShape(su)); } catch (e) {
        throw new ShapeError(`Dimensions [${ix},${out.rank}) of input[shape=${formatShape(out)}] = ${formatShape(so)} must match dimensions [${outer},${us.rank}) of updates[shape=${formatShape(us)}] = ${formatShape(su)}: ${(e as Error).message}`);
      }
    }
    return [{ dtype: u.dtype, shape: out }];
  },
  kernel: ([i, u, s]) => {
    const shp = indexList(s);
    const depth = i.shape[i.rank - 1];
    const want = [...i.shape.slice(0, -1), ...shp.slice(depth)];
    if (u.rank !== want.length || want.some((d, k) => d !== u.shape[k])) {
      throw new InvalidArgumentError(`Must have updates.shape = indices.shape[:batch_dim] + output.shape[slice_dim:], got updates.shape: ${formatShape(u.shape)}, indices.shape: ${formatShape(i.shape)}, output.shape: ${formatShape(shp)}`);
    }
    return scatterNdKernel(i, u, shp);
  },
  grad: (op, [dy]) => [null, dy ? gatherNd(dy, op.inputs[0]) : null, null],
});

/**
 * Scatters `updates` into a zero tensor of `shape` at `indices`, summing duplicates
 * (tf.scatter_nd).
 *
 * ```ts
 * tf.scatterNd([[4], [3], [1], [7]], [9, 10, 11, 12], [8]);   // [0, 11, 0, 10, 9, 0, 0, 12]
 * ```
 */
export function scatterNd(indices: TensorLike, updates: TensorLike, shape_: Packable, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'ScatterNd', [indices, updates, shape_], (scope, g) => {
    const i = convertToTensor(indices, { name: 'indices', dtypeHint: 'int32' });
    const u = convertToTensor(updates, { name: 'updates' });
    const s = toTensorAuto(shape_, 'shape', undefined, i.dtype as DType);
    return refined(g.addOp(ScatterNd, [i, u, s], {}, { name: scope }));
  });
}

import { shape, size, rank } from './shape.js';
import { expandDims, reshape } from './reshape.js';
import { concat } from './concat.js';
import { index } from './indexing.js';
import { transpose } from './transpose.js';
import { range, ones, zeros } from './fill.js';
import { tile } from './tile.js';
import { toTensorAuto, type Packable } from './pack.js';
import { unsortedSegmentSum, prodAll } from './segment.js';
import { opAdd, opMul, opSub } from './operators.js';
import { cast } from '../math/cast.js';
import { refined } from './fold.js';
