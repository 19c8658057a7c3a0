// The builder shape of TF's generated op wrappers (gen_*_ops.foo(x, ..., name)): open the
// op's name scope, convert each argument there under its TF argument name, add the op
// named after the scope.

import type { DType } from '../../framework/dtypes.js';
import type { Attrs, OpDef } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';

/** One argument: its value, TF's argument name, and the dtype a literal should take. */
export type GenArg = readonly [TensorLike, string, DType?];

export function genOp<A extends Attrs>(def: OpDef<A>, args: readonly GenArg[], attrs: A, name: string | undefined, defaultName = def.type): Tensor[] {
  return withScope(name, defaultName, args.map(a => a[0]), (scope, g) => {
    const ts = convertArgs(args);
    return g.addOp(def, ts, attrs, { name: scope }).outputs;
  });
}

/**
 * Converts arguments as TF's op_def_library does: tensors first, then literals take the
 * dtype given for them, or else the dtype of the first tensor argument sharing no explicit
 * dtype (TF's type attr `T`).
 */
export function convertArgs(args: readonly GenArg[]): Tensor[] {
  const firstT = args.find(a => a[2] === undefined && (a[0] instanceof Tensor || isConvertible(a[0])));
  const shared = firstT ? convertToTensor(firstT[0]).dtype : undefined;
  const out: Tensor[] = [];
  let inferred: DType | undefined = shared;
  for (const [v, argName, dt] of args) {
    if (v instanceof Tensor || isConvertible(v)) { out.push(convertToTensor(v)); continue; }
    const want = dt ?? inferred;
    const t = convertToTensor(v, want ? { name: argName, dtype: want } : { name: argName });
    if (dt === undefined && inferred === undefined) inferred = t.dtype;
    out.push(t);
  }
  return out;
}

function isConvertible(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { toTensor?: unknown }).toTensor === 'function';
}
