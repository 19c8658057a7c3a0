// Shape-function helpers for the array ops, worded like TF's InferenceContext.

import type { NDArray } from '../../framework/ndarray.js';
import type { InputSpec } from '../../framework/op_def.js';
import { ShapeError } from '../../framework/errors.js';
import { TensorShape, formatShape, type Dim } from '../../framework/tensor_shape.js';

/** TF's InferenceContext::Merge, with its wording ("Dimension 0 in both shapes ..."). */
export function mergeShapesTF(a: TensorShape, b: TensorShape): TensorShape {
  if (!a.dims) return b;
  if (!b.dims) return a;
  if (a.dims.length !== b.dims.length) throw new ShapeError(`Shapes must be equal rank, but are ${a.dims.length} and ${b.dims.length}`);
  return new TensorShape(a.dims.map((d, i) => {
    const e = b.dims![i];
    if (d !== null && e !== null && d !== e) {
      throw new ShapeError(`Dimension ${i} in both shapes must be equal, but are ${d} and ${e}. Shapes are ${formatShape(a)} and ${formatShape(b)}.`);
    }
    return d ?? e;
  }));
}

/** Dimensions [start, end) of a known-rank shape (negative indices count from the end). */
export function subDims(s: TensorShape, start: number, end?: number): Dim[] | null {
  if (!s.dims) return null;
  const r = s.dims.length;
  const b = start < 0 ? start + r : start;
  const e = end === undefined ? r : end < 0 ? end + r : end;
  return s.dims.slice(b, e);
}

/** The integer values of a constant input, or null. */
export function constInts(spec: InputSpec): number[] | null {
  const v = spec.value();
  return v ? intsOf(v) : null;
}
export function intsOf(v: NDArray): number[] {
  return Array.from(v.data as ArrayLike<number | bigint>, Number);
}

/** A known scalar input's integer value (TF's MakeDimForScalarInput), or null. */
export function constScalar(spec: InputSpec): number | null {
  const v = spec.value();
  return v && v.size === 1 ? Number((v.data as ArrayLike<number | bigint>)[0]) : null;
}

/** Throws TF's "Shape must be rank N but is rank M" unless the rank is unknown or N. */
export function requireRank(s: TensorShape, rank: number): void {
  if (s.rank !== null && s.rank !== rank) throw new ShapeError(`Shape must be rank ${rank} but is rank ${s.rank}`);
}
export function requireRankAtLeast(s: TensorShape, rank: number): void {
  if (s.rank !== null && s.rank < rank) throw new ShapeError(`Shape must be at least rank ${rank} but is rank ${s.rank}`);
}

/** Dimension arithmetic on partial dims. */
export const addDims = (a: Dim, b: Dim): Dim => (a === null || b === null ? null : a + b);
export const mulDims = (a: Dim, b: Dim): Dim => (a === 0 || b === 0 ? 0 : a === null || b === null ? null : a * b);
export function subtractDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return b === 0 ? a : null;
  if (a < b) throw new ShapeError(`Negative dimension size caused by subtracting ${b} from ${a}`);
  return a - b;
}

/** A shape of `rank` unknown dims, or unknown rank. */
export const unknownOfRank = (rank: number | null): TensorShape =>
  rank === null ? TensorShape.unknown() : new TensorShape(new Array<Dim>(rank).fill(null));

/** tensor_util.constant_value for the cases the array ops need: a Const's value. */
export function constantValue(t: Tensor): NDArray | null {
  return t.op.type === 'Const' ? (t.op.attrs as unknown as { value: NDArray }).value : null;
}
import type { Tensor } from '../../framework/tensor.js';

/**
 * Whether an argument is a trailing options object (Python keyword arguments) rather than a
 * value: a plain object that is not a complex scalar. Lets `f(x, {axis: 1})` stand for
 * TF's `f(x, axis=1)` where the TypeScript signature also takes `f(x, 1)`.
 */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return !('re' in v && 'im' in v);
}
