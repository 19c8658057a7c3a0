// Compositions that TF writes in Python: tf.boolean_mask (reshape + where + gather) and
// tf.sequence_mask (range < lengths). Node names follow TF's.

import type { DType } from '../../framework/dtypes.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim } from '../../framework/tensor_shape.js';
import { ValueError } from '../../framework/errors.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { constantValue, isOptions } from './shape_util.js';

/**
 * The elements of `tensor` where `mask` is true (tf.boolean_mask). The mask's k dimensions
 * must match tensor's dimensions [axis, axis + k); those are flattened and masked.
 *
 * ```ts
 * tf.booleanMask(tf.constant([[1, 2], [3, 4], [5, 6]]), [true, false, true]);   // [[1, 2], [5, 6]]
 * ```
 */
export function booleanMask(tensor: TensorLike, mask: TensorLike, opts: { axis?: number | Tensor; name?: string } = {}): Tensor {
  return withScope(opts.name ?? 'boolean_mask', 'boolean_mask', [tensor, mask], () => {
    let t = convertToTensor(tensor, { name: 'tensor' });
    let m = convertToTensor(mask, { name: 'mask' });
    const shapeMask = m.shape, ndims = shapeMask.rank;
    const shapeTensor = t.shape;
    if (ndims === 0) throw new ValueError('mask cannot be scalar.');
    if (ndims === null) {
      throw new ValueError('Number of mask dimensions must be specified, even if some dimensions are None.  E.g. shape=[None] is ok, but shape=None is not.');
    }
    const axisT = opts.axis ?? 0;
    const av = typeof axisT === 'number' ? axisT : constantValue(axisT);
    const axisValue = av === null ? null : typeof av === 'number' ? av : Number((av.data as ArrayLike<number | bigint>)[0]);
    const sub = (s: TensorShape, a: number, b?: number): TensorShape => (s.dims ? new TensorShape(s.dims.slice(a, b)) : TensorShape.unknown());
    if (axisValue !== null) {
      const part = sub(shapeTensor, axisValue, axisValue + ndims);
      if (!part.isCompatibleWith(shapeMask)) throw new ValueError(`Shapes ${part.toString()} and ${shapeMask.toString()} are incompatible`);
    }
    const axis: number | Tensor = axisValue ?? (axisT as Tensor);
    const end = typeof axis === 'number' ? axis + ndims : opAdd(axis, ndims);
    const leading = genProd(index(shape(t), { start: axis, stop: end }), [0]);
    const before = index(shape(t), { stop: axis });
    const after = index(shape(t), { start: end });
    t = reshape(t, concat([before, [leading], after], 0));
    if (axisValue !== null && shapeTensor.dims) {
      const first = sub(shapeTensor, axisValue, axisValue + ndims).numElements;
      t.setShape([...shapeTensor.dims.slice(0, axisValue), first, ...shapeTensor.dims.slice(axisValue + ndims)] as Dim[]);
    }
    m = reshape(m, [-1]);
    const indices = squeeze(where(m), [1]);
    return gather(t, indices, { axis });
  });
}

/**
 * A mask of shape lengths.shape + [maxlen] whose row i is true for the first lengths[i]
 * entries (tf.sequence_mask). `maxlen` defaults to max(lengths).
 *
 * ```ts
 * tf.sequenceMask([1, 3, 2], 5);   // [[T,F,F,F,F], [T,T,T,F,F], [T,T,F,F,F]]
 * ```
 */
export function sequenceMask(lengths: TensorLike, maxlenOrOpts?: TensorLike | null | { maxlen?: TensorLike | null; dtype?: DType; name?: string },
  opts: { dtype?: DType; name?: string } = {}): Tensor {
  const isOpts = isOptions(maxlenOrOpts);
  const o = isOpts ? maxlenOrOpts as { maxlen?: TensorLike | null; dtype?: DType; name?: string } : { ...opts, maxlen: maxlenOrOpts as TensorLike | null | undefined };
  return withScope(o.name, 'SequenceMask', [lengths, o.maxlen], () => {
    const len = convertToTensor(lengths);
    let maxlen: Tensor;
    if (o.maxlen === undefined || o.maxlen === null) {
      const all = len.shape.rank !== null ? constant(Array.from({ length: len.shape.rank }, (_, i) => i), { dtype: 'int32' }) : range(0, rank(len), 1);
      const mx = len.graph.addOp(Max, [len, all], { keepDims: false }, { name: 'Max' }).outputs[0];
      maxlen = maximum(constant(0, { dtype: mx.dtype }), mx);
    } else maxlen = convertToTensor(o.maxlen);
    if (maxlen.shape.rank !== null && maxlen.shape.rank !== 0) {
      throw new ValueError(`Argument \`maxlen\` must be scalar for sequence_mask, received \`maxlen\` = ${maxlen.toString()} with shape '${maxlen.shape.toString()}' instead`);
    }
    const start = constant(0, { dtype: maxlen.dtype }), delta = constant(1, { dtype: maxlen.dtype });
    const row = refined(len.graph.addOp(Range, [start, maxlen, delta], { Tidx: maxlen.dtype }, { name: 'Range' }));
    const matrix = genCast(expandDims(len, -1), maxlen.dtype);
    const result = opLt(row, matrix);
    const dtype = o.dtype ?? 'bool';
    return dtype === 'bool' ? result : genCast(result, dtype);
  });
}

import { shape, rank } from './shape.js';
import { reshape, squeeze, expandDims } from './reshape.js';
import { concat } from './concat.js';
import { index } from './indexing.js';
import { gather } from './gather.js';
import { where } from './where.js';
import { range, Range } from './fill.js';
import { opAdd, opLt, genCast, genProd } from './operators.js';
import { maximum } from '../math/binary.js';
import { Max } from '../math/reduce.js';
import { refined } from './fold.js';
