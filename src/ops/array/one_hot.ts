// OneHot (tf.one_hot): on_value where indices[...] == d, off_value elsewhere, with the new
// depth dimension at `axis` (-1 = last).

import { type DType, toDType } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError } from '../../framework/errors.js';
import { elemWidth, indexAt, indexList } from '../../backend/reference/array_kernels.js';
import { sizeOf } from '../../framework/tensor_shape.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { checkDType } from '../dtype_sets.js';
import { constScalar, requireRank, subDims } from './shape_util.js';

export const OneHot = defineOp<{ axis: number; TI: DType }>({
  type: 'OneHot',
  infer: ([ind, depth, on, off], a) => {
    checkDType('indices', ind.dtype, ['uint8', 'int8', 'int32', 'int64']);
    checkDType('depth', depth.dtype, ['int32']);
    if (on.dtype !== off.dtype) throw new TypeError(`Input 'off_value' of 'OneHot' Op has type ${off.dtype} that does not match type ${on.dtype} of argument 'on_value'.`);
    requireRank(depth.shape, 0); requireRank(on.shape, 0); requireRank(off.shape, 0);
    if (a.axis < -1) throw new ShapeError('axis must be >= -1');
    const d = constScalar(depth);
    if (d !== null && d < 0) throw new ShapeError(`Dimension size, given by scalar input 1, must be non-negative but is ${d}`);
    if (ind.shape.rank === null) return [{ dtype: on.dtype, shape: TensorShape.unknown() }];
    const newRank = ind.shape.rank + 1;
    const at = (a.axis + newRank) % newRank;
    if (at > ind.shape.rank) throw new ShapeError(`Expected axis to be -1 or between [0, ${newRank}).  But received: ${a.axis}`);
    return [{ dtype: on.dtype, shape: new TensorShape([...subDims(ind.shape, 0, at)!, d, ...subDims(ind.shape, at)!]) }];
  },
  kernel: ([ind, depthT, on, off], a) => {
    const depth = indexAt(depthT, 0);
    if (depth < 0) throw new InvalidArgumentError(`depth must be non-negative, got: ${depth}`);
    const r = ind.rank;
    const axis = a.axis === -1 ? r : a.axis;
    if (axis < 0 || axis > r) throw new InvalidArgumentError(`Expected axis to be -1 or between [0, ${r + 1}).  But received: ${a.axis}`);
    const prefix = sizeOf(ind.shape.slice(0, axis)), suffix = sizeOf(ind.shape.slice(axis));
    const out = NDArray.zeros(on.dtype, [...ind.shape.slice(0, axis), depth, ...ind.shape.slice(axis)]);
    const idx = indexList(ind);
    const O = out.data as unknown as unknown[], ON = on.data as unknown as unknown[], OFF = off.data as unknown as unknown[];
    const w = elemWidth(on.dtype);
    let o = 0;
    for (let p = 0; p < prefix; p++) {
      for (let d = 0; d < depth; d++) {
        for (let s = 0; s < suffix; s++, o++) {
          const src = idx[p * suffix + s] === d ? ON : OFF;
          for (let k = 0; k < w; k++) O[o * w + k] = src[k];
        }
      }
    }
    return out;
  },
  noGradient: true,
});

export interface OneHotOptions { onValue?: TensorLike; offValue?: TensorLike; axis?: number; dtype?: DType; name?: string }

/**
 * One-hot encodes `indices` into `depth` classes (tf.one_hot). The dtype follows onValue /
 * offValue, else `dtype`, else float32; indices outside [0, depth) give all offValue.
 *
 * ```ts
 * tf.oneHot([0, 2, -1], 3);   // [[1, 0, 0], [0, 0, 1], [0, 0, 0]] (float32)
 * ```
 */
export function oneHot(indices: TensorLike, depth: TensorLike, opts: OneHotOptions = {}): Tensor {
  return withScope(opts.name, 'one_hot', [indices, depth, opts.onValue, opts.offValue], (scope, g) => {
    let dtype = opts.dtype ? toDType(opts.dtype) : undefined;
    const hasOn = opts.onValue !== undefined && opts.onValue !== null;
    const hasOff = opts.offValue !== undefined && opts.offValue !== null;
    let on = hasOn ? convertToTensor(opts.onValue!, { dtypeHint: dtype }) : null;
    let off = hasOff ? convertToTensor(opts.offValue!, { dtypeHint: dtype }) : null;
    if (on || off) {
      if (dtype) {
        if (on && on.dtype !== dtype) throw new TypeError(`dtype ${on.dtype} of on_value does not match dtype parameter ${dtype}`);
        if (off && off.dtype !== dtype) throw new TypeError(`dtype ${off.dtype} of off_value does not match dtype parameter ${dtype}`);
      } else dtype = (on ?? off)!.dtype;
    } else dtype ??= 'float32';
    // TF converts the Python ints 1 and 0, which a bool dtype rejects
    if (dtype === 'bool' && (!on || !off)) throw new TypeError(`Expected bool, but got ${on ? 0 : 1} of type 'int'.`);
    const scalar = (v: number) => (dtype === 'int64' ? BigInt(v) : v);
    on ??= convertToTensor(scalar(1) as TensorLike, { dtype, name: 'on_value' });
    off ??= convertToTensor(scalar(0) as TensorLike, { dtype, name: 'off_value' });
    if (on.dtype !== off.dtype) throw new TypeError(`dtype ${on.dtype} of on_value does not match dtype ${off.dtype} of off_value`);
    const ind = convertToTensor(indices, { name: 'indices', dtypeHint: 'int32' });
    const d = convertToTensor(depth, { name: 'depth', dtype: depth instanceof Tensor ? undefined : 'int32' });
    return refined(g.addOp(OneHot, [ind, d, on, off], { axis: opts.axis ?? -1, TI: ind.dtype }, { name: scope }));
  });
}
import { refined } from './fold.js';
