// Sorted segment reductions (SegmentSum, SegmentMean, SegmentMax, SegmentMin, SegmentProd)
// and UnsortedSegmentSum, with TF's gradients (math_grad.py).

import { defineOp, type OpDef, type GradFn } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, formatShape } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { indexAt, indexList, multiIndex } from '../../backend/reference/array_kernels.js';
import { segmentReduceRows, type SegmentKind } from '../../backend/reference/segment.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, NUMERIC, REAL, checkDType } from '../dtype_sets.js';
import { constScalar, mergeShapesTF, requireRank, requireRankAtLeast, subDims } from './shape_util.js';
import { isOptions } from './shape_util.js';

function segmentOp(type: string, kind: SegmentKind, grad: GradFn<Record<string, never>>): OpDef<Record<string, never>> {
  return defineOp<Record<string, never>>({
    type,
    infer: ([data, ids]) => {
      checkDType('data', data.dtype, kind === 'max' || kind === 'min' ? REAL : NUMERIC);
      checkDType('segment_ids', ids.dtype, INDEX);
      requireRankAtLeast(data.shape, 1);
      requireRank(ids.shape, 1);
      const tail = subDims(data.shape, 1);
      return [{ dtype: data.dtype, shape: tail ? new TensorShape([null, ...tail]) : TensorShape.unknown() }];
    },
    kernel: ([data, idsT]) => {
      const ids = indexList(idsT);
      if (idsT.rank !== 1) throw new InvalidArgumentError(`segment_ids should be a vector.`);
      if (data.shape[0] !== ids.length) throw new InvalidArgumentError('segment_ids should be the same size as dimension 0 of input.');
      for (let k = 0; k < ids.length; k++) {
        if (ids[k] < 0) throw new InvalidArgumentError('segment ids must be >= 0');
        if (k && ids[k] < ids[k - 1]) throw new InvalidArgumentError('segment ids are not increasing');
      }
      return segmentReduceRows(kind, data, 1, ids, ids.length ? ids[ids.length - 1] + 1 : 0);
    },
    grad,
  });
}

export const SegmentSum = segmentOp('SegmentSum', 'sum', (op, [dy]) => [dy ? gather(dy, op.inputs[1]) : null, null]);
export const SegmentMean = segmentOp('SegmentMean', 'mean', (op, [dy]) => {
  if (!dy) return [null, null];
  const [data, ids] = op.inputs;
  const dataRank = rank(data);
  const idsShape = shape(ids);
  const remaining = ones(expandDims(opSub(dataRank, 1), 0), idsShape.dtype);
  const onesT = ones(concat([idsShape, remaining], 0), dy.dtype);
  const scaled = truediv(dy, segmentSum(onesT, ids));
  return [gather(scaled, ids), null];
});
const minMaxGrad: GradFn<Record<string, never>> = (op, [dy]) => {
  if (!dy) return [null, null];
  const [data, ids] = op.inputs;
  const z = zerosLike(data, data.dtype);
  const gathered = gather(op.outputs[0], ids);
  const isSelected = equal(data, gathered);
  const numSelected = segmentSum(cast(isSelected, dy.dtype), ids);
  const weighted = truediv(dy, numSelected);
  return [where(isSelected, gather(weighted, ids), z), null];
};
export const SegmentMax = segmentOp('SegmentMax', 'max', minMaxGrad);
export const SegmentMin = segmentOp('SegmentMin', 'min', minMaxGrad);
export const SegmentProd = segmentOp('SegmentProd', 'prod', (op, [dy]) => {
  if (!dy) return [null, null];
  const [data, ids] = op.inputs;
  const isZero = equal(data, 0);
  const numZeros = segmentSum(cast(isZero, 'int32'), ids);
  const grad = where(greater(numZeros, 1), zerosLike(dy), dy);
  const nonZeroData = where(isZero, onesLike(data), data);
  const nonZeroProd = segmentProd(nonZeroData, ids);
  const gatheredProd = gather(op.outputs[0], ids);
  const gatheredNonZeroProd = gather(nonZeroProd, ids);
  const prodDividedByEl = truediv(gatheredProd, nonZeroData);
  const partial = where(isZero, gatheredNonZeroProd, prodDividedByEl);
  return [opMul(gather(grad, ids), partial), null];
});

export const UnsortedSegmentSum = defineOp({
  type: 'UnsortedSegmentSum',
  infer: ([data, ids, num]) => {
    checkDType('data', data.dtype, NUMERIC);
    checkDType('segment_ids', ids.dtype, INDEX);
    checkDType('num_segments', num.dtype, INDEX);
    requireRank(num.shape, 0);
    if (ids.shape.rank === null) return [{ dtype: data.dtype, shape: TensorShape.unknown() }];
    let d = data.shape;
    if (d.rank !== null) {
      requireRankAtLeast(d, ids.shape.rank);
      d = new TensorShape([...mergeShapesTF(new TensorShape(subDims(d, 0, ids.shape.rank)), ids.shape).dims!, ...subDims(d, ids.shape.rank)!]);
    }
    const n = constScalar(num);
    if (n !== null && n < 0) throw new InvalidArgumentError(`Dimension size, given by scalar input 2, must be non-negative but is ${n}`);
    const tail = subDims(d, ids.shape.rank);
    return [{ dtype: data.dtype, shape: tail ? new TensorShape([n, ...tail]) : TensorShape.unknown() }];
  },
  kernel: ([data, idsT, numT]) => {
    const num = indexAt(numT, 0);
    if (num < 0) throw new InvalidArgumentError(`Input num_segments == ${num} must not be negative.`);
    if (idsT.rank > data.rank || idsT.shape.some((d, i) => d !== data.shape[i])) {
      throw new InvalidArgumentError(`data.shape = ${formatShape(data.shape)} does not start with segment_ids.shape = ${formatShape(idsT.shape)}`);
    }
    const ids = indexList(idsT);
    ids.forEach((s, k) => {
      if (s >= num) throw new InvalidArgumentError(`segment_ids[${multiIndex(k, idsT.shape)}] = ${s} is out of range [0, ${num})`);
    });
    return segmentReduceRows('sum', data, idsT.rank, ids, num);
  },
  grad: (op, [dy]) => [dy ? gatherDropNegatives(dy, op.inputs[1]) : null, null, null],
});

/** TF's _GatherDropNegatives: gather(params, max(ids, 0)) with zeros where ids < 0. */
function gatherDropNegatives(params: Tensor, ids: Tensor): Tensor {
  const clipped = maximum(ids, zerosLike(ids));
  const gathered = gather(params, clipped);
  let isPositive = greaterEqual(ids, 0);
  const isPosShape = shape(isPositive);
  const bshape = concat([isPosShape, ones([opSub(rank(gathered), rank(isPositive))], isPosShape.dtype)], 0);
  isPositive = reshape(isPositive, bshape);
  isPositive = logicalAnd(isPositive, onesLike(gathered, 'bool'));
  return where(isPositive, gathered, zerosLike(gathered));
}

function segmentBuilder(def: OpDef<Record<string, never>>) {
  return (data: TensorLike, segmentIds: TensorLike, opts: { name?: string } = {}): Tensor =>
    withScope(opts.name, def.type, [data, segmentIds], (scope, g) => {
      const d = convertToTensor(data, { name: 'data' });
      const i = convertToTensor(segmentIds, { name: 'segment_ids', dtypeHint: 'int32' });
      return g.addOp(def, [d, i], {}, { name: scope }).outputs[0];
    });
}

/**
 * Sums the rows of `data` per segment (tf.math.segment_sum); `segmentIds` is sorted, one id
 * per row, and output row s is the sum of rows with id s (0 for ids not present).
 *
 * ```ts
 * tf.segmentSum(tf.constant([[1, 2], [3, 4], [5, 6]]), [0, 0, 1]);   // [[4, 6], [5, 6]]
 * ```
 */
export const segmentSum = segmentBuilder(SegmentSum);
/**
 * The mean of each segment's rows (tf.math.segment_mean).
 *
 * ```ts
 * tf.segmentMean(tf.constant([1, 3, 5], 'float32'), [0, 0, 1]);   // [2, 5]
 * ```
 */
export const segmentMean = segmentBuilder(SegmentMean);
/**
 * The maximum of each segment's rows (tf.math.segment_max); empty segments give 0.
 *
 * ```ts
 * tf.segmentMax(tf.constant([1, 3, 5]), [0, 0, 2]);   // [3, 0, 5]
 * ```
 */
export const segmentMax = segmentBuilder(SegmentMax);
/**
 * The minimum of each segment's rows (tf.math.segment_min); empty segments give 0.
 *
 * ```ts
 * tf.segmentMin(tf.constant([1, 3, 5]), [0, 0, 1]);   // [1, 5]
 * ```
 */
export const segmentMin = segmentBuilder(SegmentMin);
/**
 * The product of each segment's rows (tf.math.segment_prod); empty segments give 1.
 *
 * ```ts
 * tf.segmentProd(tf.constant([2, 3, 5]), [0, 0, 2]);   // [6, 1, 5]
 * ```
 */
export const segmentProd = segmentBuilder(SegmentProd);

/**
 * Sums rows of `data` into `numSegments` segments by unsorted ids
 * (tf.math.unsorted_segment_sum); ids may have any rank that prefixes data's shape, and
 * negative ids are dropped.
 *
 * ```ts
 * tf.unsortedSegmentSum(tf.constant([1, 2, 3, 4]), [1, 0, 1, -1], 3);   // [2, 4, 0]
 * ```
 */
export function unsortedSegmentSum(data: TensorLike, segmentIds: TensorLike, numSegments: TensorLike | { numSegments: TensorLike; name?: string }, opts: { name?: string } = {}): Tensor {
  if (isOptions(numSegments)) { opts = numSegments as { name?: string }; numSegments = (numSegments as { numSegments: TensorLike }).numSegments; }
  return withScope(opts.name, 'UnsortedSegmentSum', [data, segmentIds, numSegments], (scope, g) => {
    const d = convertToTensor(data, { name: 'data' });
    const i = convertToTensor(segmentIds, { name: 'segment_ids', dtypeHint: 'int32' });
    const n = convertToTensor(numSegments as TensorLike, { name: 'num_segments', dtypeHint: 'int32' });
    return refined(g.addOp(UnsortedSegmentSum, [d, i, n], {}, { name: scope }));
  });
}

/** The product of all elements of a 1-D tensor (gen_math_ops.prod(x, [0])). */
export const prodAll = (x: Tensor): Tensor => genProd(x, [0]);

import { gather } from './gather.js';
import { shape, rank } from './shape.js';
import { ones, zerosLike, onesLike } from './fill.js';
import { expandDims, reshape } from './reshape.js';
import { concat } from './concat.js';
import { where } from './where.js';
import { opMul, opSub, genProd } from './operators.js';
import { truediv, equal, greater, greaterEqual, maximum, logicalAnd } from '../math/binary.js';
import { cast } from '../math/cast.js';
import { refined } from './fold.js';
