// Build-time constant folding for shape inference, as TF's shape refiner does with
// EvaluateConstantTensor: an input computed from constants only (a Fill, a Cast, a Pack of
// Consts, a Max of a Const, ...) is evaluated with the reference kernels, so that shape
// functions see its value. Array builders call refineShapes() on ops whose output shapes
// depend on input values.

import type { NDArray } from '../../framework/ndarray.js';
import type { InputSpec, KernelContext } from '../../framework/op_def.js';
import type { Operation } from '../../framework/operation.js';
import type { Tensor } from '../../framework/tensor.js';
import { toNDArray } from '../../framework/ndarray.js';
import { TensorShape } from '../../framework/tensor_shape.js';

const MAX_ELEMENTS = 1000;
const MAX_DEPTH = 12;
const MAX_INPUT_ELEMENTS = 100_000;
/** Ops whose value can differ at run time although they are not stateful (they can be fed). */
const NEVER_FOLD = new Set(['PlaceholderWithDefault']);
const cache = new WeakMap<Tensor, NDArray | null>();

/** The value of `t` if it follows from constants alone (small tensors only), else null. */
export function foldConstant(t: Tensor, depth = 0): NDArray | null {
  const op = t.op;
  if (op.type === 'Const') return (op.attrs as unknown as { value: NDArray }).value;
  // static shapes can still be refined later, so these are not cached
  const s = op.inputs[0]?.shape;
  const outType = ((op.attrs as { outType?: string }).outType ?? 'int32') as 'int32' | 'int64';
  if (op.type === 'Shape') return s?.isFullyDefined ? toNDArray(s.dims as number[], outType) : null;
  if (op.type === 'Size') return s?.isFullyDefined ? toNDArray(s.numElements, outType) : null;
  if (op.type === 'Rank') return s && s.rank !== null ? toNDArray(s.rank, 'int32') : null;
  if (cache.has(t)) return cache.get(t)!;
  const v = fold(t, depth);
  cache.set(t, v);
  return v;
}

function fold(t: Tensor, depth: number): NDArray | null {
  const op = t.op;
  if (depth >= MAX_DEPTH || op.def.stateful || op.def.refInputs?.length || op.controlInputs.length || NEVER_FOLD.has(op.type)) return null;
  if (t.shape.numElements === null || t.shape.numElements > MAX_ELEMENTS) return null;
  if (op.inputs.some(i => (i.shape.numElements ?? Infinity) > MAX_INPUT_ELEMENTS)) return null;
  const ins: NDArray[] = [];
  for (const i of op.inputs) {
    const v = foldConstant(i, depth + 1);
    if (!v) return null;
    ins.push(v);
  }
  try {
    const ctx = { op, state: null } as unknown as KernelContext;
    const out = op.def.kernel(ins, op.attrs, ctx);
    return Array.isArray(out) ? out[t.valueIndex] ?? null : t.valueIndex === 0 ? out : null;
  } catch {
    return null;
  }
}

/**
 * The value of a 1-D int tensor read as a partial shape (TF's ConstantPartialShape): a
 * Shape op gives its input's static shape, a Pack of scalars or a ConcatV2 of such vectors
 * gives the known entries, and anything foldable gives its value (-1 = unknown).
 */
export function partialShapeValue(t: Tensor, depth = 0): TensorShape | null {
  const op = t.op;
  if (t.shape.rank !== 1 || depth > MAX_DEPTH) return null;
  if (op.type === 'Shape') return op.inputs[0].shape.rank === null ? null : op.inputs[0].shape;
  if (op.type === 'Cast') return partialShapeValue(op.inputs[0], depth + 1);
  if (op.type === 'Pack' && op.inputs.every(i => i.shape.rank === 0)) {
    return new TensorShape(op.inputs.map(i => {
      const v = foldConstant(i);
      const d = v ? Number((v.data as ArrayLike<number | bigint>)[0]) : -1;
      return d >= 0 ? d : null;
    }));
  }
  if (op.type === 'ConcatV2') {
    const axis = foldConstant(op.inputs[op.inputs.length - 1]);
    if (!axis || Number((axis.data as ArrayLike<number | bigint>)[0]) !== 0) return null;
    const dims: (number | null)[] = [];
    for (const i of op.inputs.slice(0, -1)) {
      const p = partialShapeValue(i, depth + 1) ?? (i.shape.dim(0) !== null ? new TensorShape(new Array(i.shape.dim(0)!).fill(null)) : null);
      if (!p || !p.dims) return null;
      dims.push(...p.dims);
    }
    return new TensorShape(dims);
  }
  const v = foldConstant(t);
  return v ? new TensorShape(Array.from(v.data as ArrayLike<number | bigint>, d => (Number(d) >= 0 ? Number(d) : null))) : null;
}

/** An InputSpec that can also read a shape-valued input partially (see partialShapeValue). */
export interface ShapeInputSpec extends InputSpec { asShape?(): TensorShape | null }

/**
 * Re-runs `op`'s shape function with folded input values and merges the result into its
 * outputs' static shapes (TF's shape refiner). Failures leave the shapes as they were.
 */
export function refineShapes(op: Operation): void {
  if (op.inputs.every(i => i.op.type === 'Const' || i.op.type === 'Placeholder')) return;
  const specs: ShapeInputSpec[] = op.inputs.map(t => ({ dtype: t.dtype, shape: t.shape, value: () => foldConstant(t), asShape: () => partialShapeValue(t) }));
  try {
    const outs = op.def.infer(specs, op.attrs);
    outs.forEach((o, i) => {
      const t = op.outputs[i];
      if (t && t.shape.isCompatibleWith(o.shape)) t.setShape(o.shape);
    });
  } catch { /* the first inference already accepted the op */ }
}

/** Adds the op's first output after refining its shape; a convenience for builders. */
export function refined(op: Operation): Tensor {
  refineShapes(op);
  return op.outputs[0];
}

/** All outputs after refining their shapes. */
export function refinedAll(op: Operation): Tensor[] {
  refineShapes(op);
  return op.outputs;
}
