// tf.linspace as TF 2.x builds it in graph mode (math_ops.linspace_nd): a composition of
// broadcasts, a range and a concat, sliced to `num` values, all under 'linspace/'. It also
// accepts tensors for start/stop (evenly spaced along `axis`).

import { Tensor } from '../../framework/tensor.js';
import { isInteger } from '../../framework/dtypes.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { constantValue, isOptions } from './shape_util.js';

/**
 * `num` evenly spaced values from start to stop inclusive (tf.linspace / tf.lin_space);
 * start and stop may be tensors, spaced along a new dimension `axis`.
 *
 * ```ts
 * tf.linspace(10.0, 12.0, 3);   // [10, 11, 12], node 'linspace/Slice'
 * ```
 */
export function linspace(start: TensorLike, stop: TensorLike, num: TensorLike | { num: TensorLike; name?: string; axis?: number }, opts: { name?: string; axis?: number } = {}): Tensor {
  if (isOptions(num)) { opts = num as typeof opts; num = (num as { num: TensorLike }).num; }
  const axis = opts.axis ?? 0;
  return withScope(opts.name, 'linspace', [start, stop], () => {
    // JS has no float literals: if either bound is a non-integer number, both are float32
    // (Python's `0., 1.5`); integers alone stay int32 and give float64, as in TF
    const isFrac = (v: unknown) => typeof v === 'number' && !Number.isInteger(v);
    const hint = isFrac(start) || isFrac(stop) ? 'float32' : undefined;
    const s0 = convertToTensor(start, { name: 'start', dtype: start instanceof Tensor ? undefined : hint });
    const e0 = convertToTensor(stop, { name: 'stop', dtype: stop instanceof Tensor ? undefined : s0.dtype });
    const numConv = convertToTensor(num as TensorLike, { name: 'num', dtypeHint: 'int32' });
    if (!isInteger(numConv.dtype)) throw new TypeError(`num must be an integer Tensor, got ${numConv.dtype}`);
    const numInt = genCast(numConv, 'int32');
    cast(numInt, s0.dtype);
    const bshape = broadcastDynamicShape(shape(s0), shape(e0));
    const s1 = broadcastTo(s0, bshape), e1 = broadcastTo(e0, bshape);
    let es = expandDims(s1, axis), ee = expandDims(e1, axis);
    const shp = shape(es);
    const ndims = index(shape(shp), 0);
    const axisT = whereV2(axis >= 0, axis, opAdd(ndims, axis));
    const numFill = maximum(opSub(numInt, 2), 0);
    const nSteps = maximum(opSub(numInt, 1), 1);
    const delta = truediv(opSub(ee, es), cast(nSteps, ee.dtype));
    es = cast(es, delta.dtype); ee = cast(ee, delta.dtype);
    const rangeEnd = whereV2(opGe(numInt, 0), nSteps, -1);
    let desired = cast(range(1, rangeEnd, 1, { dtype: 'int64' }), delta.dtype);
    const mask = equal(axisT, range(ndims));
    desired = reshape(desired, whereV2(mask, numFill, 1));
    const res = opAdd(es, opMul(delta, desired));
    const concatenated = concat([es, res, ee], axisT);
    const begin = zerosLike(shp);
    const size = concat([index(shp, { start: 0, stop: axisT }), reshape(numInt, [1]), index(shp, { start: opAdd(axisT, 1) })], 0);
    const out = slice(concatenated, begin, size);
    // TF's shape inference folds the constant sizes; do the same when they are known
    const n = constantValue(numConv);
    const sh = s1.shape;
    if (n && sh.rank !== null) {
      const dims = sh.dims!.slice();
      dims.splice(axis < 0 ? axis + sh.rank + 1 : axis, 0, Number((n.data as ArrayLike<number | bigint>)[0]));
      out.setShape(dims);
    }
    return out;
  });
}

import { shape, broadcastDynamicShape } from './shape.js';
import { broadcastTo, expandDims, reshape } from './reshape.js';
import { index } from './indexing.js';
import { whereV2 } from './where.js';
import { range, zerosLike } from './fill.js';
import { concat } from './concat.js';
import { slice } from './slice.js';
import { opAdd, opSub, opMul, opGe, genCast } from './operators.js';
import { maximum, truediv, equal } from '../math/binary.js';
import { cast } from '../math/cast.js';
