// Method sugar on Tensor and Variable: TypeScript has no operator overloading, so
// `x.add(y)` stands for Python's `x + y` and names its node as the operator does ('add',
// 'mul', 'truediv', ...), while tf.add(x, y) names it 'Add'.

import { Tensor } from '../framework/tensor.js';
import type { DType } from '../framework/dtypes.js';
import { Variable } from './state/variable.js';
import type { TensorLike } from './core.js';
import { applyBinary, applyUnary } from './math/elementwise_def.js';
import {
  Add, Sub, Mul, Pow, FloorMod, Less, LessEqual, Greater, GreaterEqual, LogicalAnd, LogicalOr,
  truediv, floordiv, logicalXor,
} from './math/binary.js';
import { Neg, LogicalNot, abs } from './math/unary.js';
import { matmul } from './math/matmul.js';
import { cast } from './math/cast.js';
import { reshape } from './array/reshape.js';

/** Operator methods shared by Tensor and Variable. */
export interface TensorOperators<D extends DType = DType> {
  /** `x + y` (node 'add'). */
  add(y: TensorLike): Tensor<D>;
  /** `x - y` (node 'sub'). */
  sub(y: TensorLike): Tensor<D>;
  /** `x * y` (node 'mul'). */
  mul(y: TensorLike): Tensor<D>;
  /** `x / y`, true division (node 'truediv'; integers are cast to float). */
  div(y: TensorLike): Tensor;
  truediv(y: TensorLike): Tensor;
  /** `x // y` (node 'floordiv'). */
  floordiv(y: TensorLike): Tensor<D>;
  /** `x % y` (node 'mod', floor semantics). */
  mod(y: TensorLike): Tensor<D>;
  /** `x ** y` (node 'pow'). */
  pow(y: TensorLike): Tensor<D>;
  /** `-x` (node 'Neg'). */
  neg(): Tensor<D>;
  /** `abs(x)` (node 'Abs'). */
  abs(): Tensor<D>;
  /** `x @ y` (node 'matmul'). */
  matmul(y: TensorLike): Tensor<D>;
  /** `x < y` etc. (nodes 'Less', 'LessEqual', 'Greater', 'GreaterEqual'). */
  lt(y: TensorLike): Tensor<'bool'>;
  le(y: TensorLike): Tensor<'bool'>;
  gt(y: TensorLike): Tensor<'bool'>;
  ge(y: TensorLike): Tensor<'bool'>;
  /** `x & y`, `x | y`, `x ^ y`, `~x` on bool tensors. */
  and(y: TensorLike): Tensor<'bool'>;
  or(y: TensorLike): Tensor<'bool'>;
  xor(y: TensorLike): Tensor<'bool'>;
  not(): Tensor<'bool'>;
  /** tf.cast(x, dtype). */
  cast<E extends DType>(dtype: E): Tensor<E>;
  /** tf.reshape(x, shape). */
  reshape(shape: readonly number[] | Tensor): Tensor<D>;
}

declare module '../framework/tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Tensor<D extends DType = DType> extends TensorOperators<D> {}
}
declare module './state/variable.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Variable<D extends DType = DType> extends TensorOperators<D> {}
}

type Self = Tensor | Variable;
const methods: { [K in keyof TensorOperators]: (this: Self, ...args: never[]) => unknown } = {
  add(this: Self, y: TensorLike) { return applyBinary(Add, this, y, undefined, 'add'); },
  sub(this: Self, y: TensorLike) { return applyBinary(Sub, this, y, undefined, 'sub'); },
  mul(this: Self, y: TensorLike) { return applyBinary(Mul, this, y, undefined, 'mul'); },
  div(this: Self, y: TensorLike) { return truediv(this, y); },
  truediv(this: Self, y: TensorLike) { return truediv(this, y); },
  floordiv(this: Self, y: TensorLike) { return floordiv(this, y); },
  mod(this: Self, y: TensorLike) { return applyBinary(FloorMod, this, y, undefined, 'mod'); },
  pow(this: Self, y: TensorLike) { return applyBinary(Pow, this, y, undefined, 'pow'); },
  neg(this: Self) { return applyUnary(Neg, this, undefined); },
  abs(this: Self) { return abs(this); },
  matmul(this: Self, y: TensorLike) { return matmul(this, y, { name: 'matmul' }); },
  lt(this: Self, y: TensorLike) { return applyBinary(Less, this, y, undefined); },
  le(this: Self, y: TensorLike) { return applyBinary(LessEqual, this, y, undefined); },
  gt(this: Self, y: TensorLike) { return applyBinary(Greater, this, y, undefined); },
  ge(this: Self, y: TensorLike) { return applyBinary(GreaterEqual, this, y, undefined); },
  and(this: Self, y: TensorLike) { return applyBinary(LogicalAnd, this, y, undefined); },
  or(this: Self, y: TensorLike) { return applyBinary(LogicalOr, this, y, undefined); },
  xor(this: Self, y: TensorLike) { return logicalXor(this, y); },
  not(this: Self) { return applyUnary(LogicalNot, this, undefined); },
  cast(this: Self, dtype: DType) { return cast(this, dtype); },
  reshape(this: Self, shape: readonly number[] | Tensor) { return reshape(this, shape); },
};

for (const proto of [Tensor.prototype, Variable.prototype]) {
  for (const [k, f] of Object.entries(methods)) {
    Object.defineProperty(proto, k, { value: f, writable: true, configurable: true, enumerable: false });
  }
}
