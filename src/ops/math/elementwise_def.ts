// Table helpers: an elementwise op is one row (type, allowed dtypes, scalar function,
// gradient). unaryOp/binaryOp derive the OpDef, its shape function and reference kernel.

import type { DType } from '../../framework/dtypes.js';
import { defineOp, type OpDef, type GradFn, type Attrs } from '../../framework/op_def.js';
import { broadcastShapes } from '../../framework/tensor_shape.js';
import type { Tensor } from '../../framework/tensor.js';
import { unaryKernel, binaryKernel, type UnaryImpl, type BinaryImpl } from '../../backend/reference/elementwise.js';
import { checkDType, checkSameDType } from '../dtype_sets.js';
import { convertToTensor, isTensorLikeValue, convertLike, withScope, type TensorLike } from '../core.js';

export interface UnaryRow {
  type: string;
  allowed: readonly DType[];
  impl: UnaryImpl;
  grad?: (x: Tensor, y: Tensor, dy: Tensor) => Tensor | null;
  /** Output dtype when it differs from the input's (IsNan -> bool). */
  out?: DType;
}

export function unaryOp(row: UnaryRow): OpDef<Attrs> {
  const k = unaryKernel(row.type, row.impl, row.out);
  const grad: GradFn<Attrs> | undefined = row.grad
    ? (op, [dy]) => [dy ? row.grad!(op.inputs[0], op.outputs[0], dy) : null]
    : undefined;
  return defineOp({
    type: row.type,
    infer: ([x]) => {
      checkDType('x', x.dtype, row.allowed);
      return [{ dtype: row.out ?? x.dtype, shape: x.shape }];
    },
    kernel: ([x]) => k(x),
    grad,
    noGradient: !row.grad,
  });
}

export interface BinaryRow {
  type: string;
  allowed: readonly DType[];
  impl: BinaryImpl;
  /** Gradients in the broadcast output's shape; the gradient driver sums them back. */
  grad?: (x: Tensor, y: Tensor, z: Tensor, dz: Tensor) => [Tensor | null, Tensor | null];
  out?: DType;
}

export function binaryOp(row: BinaryRow): OpDef<Attrs> {
  const k = binaryKernel(row.type, row.impl, row.out);
  const grad: GradFn<Attrs> | undefined = row.grad
    ? (op, [dz]) => (dz ? row.grad!(op.inputs[0], op.inputs[1], op.outputs[0], dz) : [null, null])
    : undefined;
  return defineOp({
    type: row.type,
    infer: ([x, y]) => {
      checkSameDType(row.type, ['x', 'y'], [x.dtype, y.dtype]);
      checkDType('x', x.dtype, row.allowed);
      return [{ dtype: row.out ?? x.dtype, shape: broadcastShapes(x.shape, y.shape) }];
    },
    kernel: ([x, y]) => k(x, y),
    grad,
    noGradient: !row.grad,
  });
}

/** Builds op(x) in scope `name` (default: the op type), converting x as `<scope>/x`. */
export function applyUnary(def: OpDef<Attrs>, x: TensorLike, name: string | undefined, defaultName = def.type): Tensor {
  return withScope(name, defaultName, [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'x' });
    return g.addOp(def, [t], {}, { name: scope }).outputs[0];
  });
}

/**
 * Builds op(x, y): the scope is `name` (default: the op type); plain JS values adopt the
 * dtype of the other operand (`x.add(1)` on a float32 x makes a float32 1).
 */
export function applyBinary(def: OpDef<Attrs>, x: TensorLike, y: TensorLike, name: string | undefined, defaultName = def.type): Tensor {
  return withScope(name, defaultName, [x, y], (scope, g) => {
    const [tx, ty] = convertPair(x, y);
    return g.addOp(def, [tx, ty], {}, { name: scope }).outputs[0];
  });
}

/** Converts two operands, giving literals the dtype of the tensor operand. */
export function convertPair(x: TensorLike, y: TensorLike, names: [string, string] = ['x', 'y']): [Tensor, Tensor] {
  if (isTensorLikeValue(x)) {
    const tx = convertToTensor(x, { name: names[0] });
    return [tx, convertLike(y, tx.dtype, names[1])];
  }
  if (isTensorLikeValue(y)) {
    const ty = convertToTensor(y);
    const tx = convertLike(x, ty.dtype, names[0]);
    return [tx, ty];
  }
  const tx = convertToTensor(x, { name: names[0] });
  return [tx, convertLike(y, tx.dtype, names[1])];
}
