// Method sugar on Tensor and Variable: TypeScript has no operator overloading, so
// `x.add(y)` stands for Python's `x + y` and names its node as the operator does ('add',
// 'mul', 'truediv', ...), while tf.add(x, y) names it 'Add'.

import { Tensor } from '../framework/tensor.js';
import type { DType } from '../framework/dtypes.js';
import { Variable } from './state/variable.js';
import type { TensorLike } from './core.js';
import { applyBinary, applyUnary } from './math/elementwise_def.js';
import {
  Add, AddV2, Sub, Mul, Pow, FloorMod, Less, LessEqual, Greater, GreaterEqual, LogicalAnd, LogicalOr,
  truediv, floordiv, logicalXor,
} from './math/binary.js';
import { Neg, LogicalNot, abs } from './math/unary.js';
import { matmul } from './math/matmul.js';
import { cast } from './math/cast.js';
import { reshape } from './array/reshape.js';
import { index, type IndexSpec } from './array/indexing.js';

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
  /** Python's `x[...]`: `x.index(0, ':')` is `x[0, :]` (one StridedSlice, as TF builds it). */
  index(...specs: IndexSpec[]): Tensor<D>;
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

/**
 * Python's operators as functions, for operands that are not both tensors: `2 + a` is
 * `tf.operator.add(2, a)` (node 'add', the literal converted as 'add/x'), `3 - a` is
 * `tf.operator.sub(3, a)`. The Tensor methods call these.
 */
export const operator = {
  add: (x: TensorLike, y: TensorLike): Tensor => applyBinary(isString(x) || isString(y) ? Add : AddV2, x, y, undefined, 'add'),
  sub: (x: TensorLike, y: TensorLike): Tensor => applyBinary(Sub, x, y, undefined, 'sub'),
  mul: (x: TensorLike, y: TensorLike): Tensor => applyBinary(Mul, x, y, undefined, 'mul'),
  truediv: (x: TensorLike, y: TensorLike): Tensor => truediv(x, y),
  floordiv: (x: TensorLike, y: TensorLike): Tensor => floordiv(x, y),
  mod: (x: TensorLike, y: TensorLike): Tensor => applyBinary(FloorMod, x, y, undefined, 'mod'),
  pow: (x: TensorLike, y: TensorLike): Tensor => applyBinary(Pow, x, y, undefined, 'pow'),
  matmul: (x: TensorLike, y: TensorLike): Tensor => matmul(x, y, { name: 'matmul' }),
  neg: (x: TensorLike): Tensor => applyUnary(Neg, x, undefined),
  abs: (x: TensorLike): Tensor => abs(x),
  lt: (x: TensorLike, y: TensorLike): Tensor => applyBinary(Less, x, y, undefined),
  le: (x: TensorLike, y: TensorLike): Tensor => applyBinary(LessEqual, x, y, undefined),
  gt: (x: TensorLike, y: TensorLike): Tensor => applyBinary(Greater, x, y, undefined),
  ge: (x: TensorLike, y: TensorLike): Tensor => applyBinary(GreaterEqual, x, y, undefined),
  and: (x: TensorLike, y: TensorLike): Tensor => applyBinary(LogicalAnd, x, y, undefined, 'and'),
  or: (x: TensorLike, y: TensorLike): Tensor => applyBinary(LogicalOr, x, y, undefined, 'or'),
  xor: (x: TensorLike, y: TensorLike): Tensor => logicalXor(x, y, { name: 'xor' }),
  not: (x: TensorLike): Tensor => applyUnary(LogicalNot, x, undefined),
};
const isString = (v: unknown): boolean => {
  if (v instanceof Tensor) return v.dtype === 'string';
  if (typeof v === 'object' && v !== null && 'toTensor' in v) return false;
  while (Array.isArray(v)) v = v[0];
  return typeof v === 'string';
};

const methods: { [K in keyof TensorOperators]: (this: Self, ...args: never[]) => unknown } = {
  add(this: Self, y: TensorLike) { return operator.add(this, y); },
  sub(this: Self, y: TensorLike) { return operator.sub(this, y); },
  mul(this: Self, y: TensorLike) { return operator.mul(this, y); },
  div(this: Self, y: TensorLike) { return operator.truediv(this, y); },
  truediv(this: Self, y: TensorLike) { return operator.truediv(this, y); },
  floordiv(this: Self, y: TensorLike) { return operator.floordiv(this, y); },
  mod(this: Self, y: TensorLike) { return operator.mod(this, y); },
  pow(this: Self, y: TensorLike) { return operator.pow(this, y); },
  neg(this: Self) { return operator.neg(this); },
  abs(this: Self) { return operator.abs(this); },
  matmul(this: Self, y: TensorLike) { return operator.matmul(this, y); },
  lt(this: Self, y: TensorLike) { return operator.lt(this, y); },
  le(this: Self, y: TensorLike) { return operator.le(this, y); },
  gt(this: Self, y: TensorLike) { return operator.gt(this, y); },
  ge(this: Self, y: TensorLike) { return operator.ge(this, y); },
  and(this: Self, y: TensorLike) { return operator.and(this, y); },
  or(this: Self, y: TensorLike) { return operator.or(this, y); },
  xor(this: Self, y: TensorLike) { return operator.xor(this, y); },
  not(this: Self) { return operator.not(this); },
  cast(this: Self, dtype: DType) { return cast(this, dtype); },
  reshape(this: Self, shape: readonly number[] | Tensor) { return reshape(this, shape); },
  index(this: Self, ...specs: IndexSpec[]) { return index(this, ...specs); },
};

for (const proto of [Tensor.prototype, Variable.prototype]) {
  for (const [k, f] of Object.entries(methods)) {
    Object.defineProperty(proto, k, { value: f, writable: true, configurable: true, enumerable: false });
  }
}
