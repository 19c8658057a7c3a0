// Python's operators on tensors (`x + 1`, `x - y`, `x * y`, `x >= 0`) as TF's graph builds
// them: the node is named after the operator ('add', 'sub', 'mul', ...). Used by the
// compositions in this family so their node names match TF's.

import type { Tensor } from '../../framework/tensor.js';
import type { TensorLike } from '../core.js';
import { applyBinary } from '../math/elementwise_def.js';
import { AddV2, Sub, Mul, GreaterEqual, Less, LogicalAnd } from '../math/binary.js';

export const opAdd = (x: TensorLike, y: TensorLike): Tensor => applyBinary(AddV2, x, y, undefined, 'add');
export const opSub = (x: TensorLike, y: TensorLike): Tensor => applyBinary(Sub, x, y, undefined, 'sub');
export const opMul = (x: TensorLike, y: TensorLike): Tensor => applyBinary(Mul, x, y, undefined, 'mul');
export const opGe = (x: TensorLike, y: TensorLike): Tensor => applyBinary(GreaterEqual, x, y, undefined);
export const opLt = (x: TensorLike, y: TensorLike): Tensor => applyBinary(Less, x, y, undefined);
export const opAnd = (x: TensorLike, y: TensorLike): Tensor => applyBinary(LogicalAnd, x, y, undefined);

/** gen_math_ops.cast: always a Cast node (tf.cast skips same-dtype casts; the generated op does not). */
export function genCast(x: Tensor, dtype: DType, name = 'Cast'): Tensor {
  return withScope(undefined, name, [x], (scope, g) =>
    g.addOp(Cast, [x], { SrcT: x.dtype, DstT: dtype, Truncate: false }, { name: scope }).outputs[0]);
}
import type { DType } from '../../framework/dtypes.js';
import { withScope } from '../core.js';
import { Cast } from '../math/cast.js';

/** gen_math_ops.prod(x, axes): a Prod node with its axes as 'Prod/reduction_indices'. */
export function genProd(x: Tensor, axes: readonly number[] = [0]): Tensor {
  return withScope(undefined, 'Prod', [x], (scope, g) => {
    const ax = constant(axes as number[], { dtype: 'int32', name: 'reduction_indices' });
    return g.addOp(Prod, [x, ax], { keepDims: false }, { name: scope }).outputs[0];
  });
}
import { constant } from '../core.js';
import { Prod } from '../math/reduce.js';
