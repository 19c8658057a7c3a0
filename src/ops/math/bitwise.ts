// Bitwise ops on integer tensors (tf.bitwise: BitwiseAnd, BitwiseOr, BitwiseXor, Invert,
// LeftShift, RightShift). Shift counts are clamped to [0, bits - 1] as TF's kernels do;
// results wrap through the output's typed array.

import type { DType } from '../../framework/dtypes.js';
import type { NDArray } from '../../framework/ndarray.js';
import { defineOp, type OpDef } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { broadcastShapes } from '../../framework/tensor_shape.js';
import { binaryKernel, type BinaryImpl } from '../../backend/reference/elementwise.js';
import { checkDType, checkSameDType } from '../dtype_sets.js';
import type { TensorLike } from '../core.js';
import { unaryOp, applyUnary, applyBinary } from './elementwise_def.js';

const BIT_INTS: readonly DType[] = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16'];
const BITS: Partial<Record<DType, number>> = { int8: 8, int16: 16, int32: 32, int64: 64, uint8: 8, uint16: 16 };

/** A broadcasting binary op whose scalar function depends on the dtype (its bit width). */
function bitwiseOp(type: string, implFor: (dtype: DType) => BinaryImpl): OpDef {
  const kernels = new Map<DType, (a: NDArray, b: NDArray) => NDArray>();
  return defineOp({
    type,
    infer: ([x, y]) => {
      checkSameDType(type, ['x', 'y'], [x.dtype, y.dtype]);
      checkDType('x', x.dtype, BIT_INTS);
      return [{ dtype: x.dtype, shape: broadcastShapes(x.shape, y.shape) }];
    },
    kernel: ([x, y]) => {
      let k = kernels.get(x.dtype);
      if (!k) kernels.set(x.dtype, (k = binaryKernel(type, implFor(x.dtype))));
      return k(x, y);
    },
    noGradient: true,
  });
}

const clampShift = (y: number, bits: number) => (y < 0 ? 0 : y > bits - 1 ? bits - 1 : y);
const clampShiftBig = (y: bigint) => (y < 0n ? 0n : y > 63n ? 63n : y);

export const BitwiseAnd = bitwiseOp('BitwiseAnd', () => ({ num: (a, b) => a & b, big: (a, b) => a & b }));
export const BitwiseOr = bitwiseOp('BitwiseOr', () => ({ num: (a, b) => a | b, big: (a, b) => a | b }));
export const BitwiseXor = bitwiseOp('BitwiseXor', () => ({ num: (a, b) => a ^ b, big: (a, b) => a ^ b }));
export const LeftShift = bitwiseOp('LeftShift', dt => {
  const bits = BITS[dt] ?? 32;
  // shifting the (<= 32-bit) pattern left and storing keeps the low `bits` bits: TF's unsigned shift
  return { num: (a, b) => a << clampShift(b, bits), big: (a, b) => BigInt.asIntN(64, a << clampShiftBig(b)) };
});
export const RightShift = bitwiseOp('RightShift', dt => {
  const bits = BITS[dt] ?? 32;
  // values of unsigned dtypes are non-negative, so >> is a logical shift for them too
  return { num: (a, b) => a >> clampShift(b, bits), big: (a, b) => a >> clampShiftBig(b) };
});
export const Invert = unaryOp({ type: 'Invert', allowed: BIT_INTS, impl: { num: x => ~x, big: x => ~x } });

type Name = { name?: string };

/**
 * Elementwise x & y for integer tensors (tf.bitwise.bitwise_and; op `BitwiseAnd`).
 *
 * ```ts
 * tf.bitwise.bitwiseAnd(tf.constant([12, 5]), 10);   // [8 0]
 * ```
 */
export const bitwiseAnd = (x: TensorLike, y: TensorLike, o?: Name): Tensor => applyBinary(BitwiseAnd, x, y, o?.name);
/** Elementwise x | y (tf.bitwise.bitwise_or; op `BitwiseOr`). `bitwiseOr(12, 10)` is 14. */
export const bitwiseOr = (x: TensorLike, y: TensorLike, o?: Name): Tensor => applyBinary(BitwiseOr, x, y, o?.name);
/** Elementwise x ^ y (tf.bitwise.bitwise_xor; op `BitwiseXor`). `bitwiseXor(12, 10)` is 6. */
export const bitwiseXor = (x: TensorLike, y: TensorLike, o?: Name): Tensor => applyBinary(BitwiseXor, x, y, o?.name);
/**
 * Elementwise x << y (tf.bitwise.left_shift; op `LeftShift`); y is clamped to [0, bits-1].
 *
 * ```ts
 * tf.bitwise.leftShift(tf.constant([1, 1], 'int8'), tf.constant([3, 7], 'int8'));   // [8 -128]
 * ```
 */
export const leftShift = (x: TensorLike, y: TensorLike, o?: Name): Tensor => applyBinary(LeftShift, x, y, o?.name);
/** Elementwise x >> y, arithmetic for signed types (tf.bitwise.right_shift; op `RightShift`). `rightShift(-8, 1)` is -4. */
export const rightShift = (x: TensorLike, y: TensorLike, o?: Name): Tensor => applyBinary(RightShift, x, y, o?.name);
/** Elementwise ~x (tf.bitwise.invert; op `Invert`). `invert(tf.constant(5, 'uint8'))` is 250. */
export const invert = (x: TensorLike, o?: Name): Tensor => applyUnary(Invert, x, o?.name);
