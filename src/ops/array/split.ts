// Split (into equal parts) and SplitV (into given sizes, one of which may be -1): tf.split.

import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError, ValueError } from '../../framework/errors.js';
import { indexAt, indexList, sliceAxis } from '../../backend/reference/array_kernels.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, checkDType } from '../dtype_sets.js';
import { constInts, constScalar, isOptions, requireRank, unknownOfRank } from './shape_util.js';

type SplitAttrs = { numSplit: number };

/** The split axis of a scalar input, checked against the rank (TF's MakeDimForScalarInputWithNegativeIndexing). */
function splitAxis(axis: number | null, rank: number | null): number | null {
  if (axis === null || rank === null) return axis;
  if (axis < -rank || axis >= rank) {
    throw new ShapeError(`Dimension size, given by scalar input ${axis} must be in range [${-rank}, ${rank})`);
  }
  return axis < 0 ? axis + rank : axis;
}

function withDim(s: TensorShape, axis: number, d: Dim): TensorShape {
  const dims = s.dims!.slice();
  dims[axis] = d;
  return new TensorShape(dims);
}

function kernelAxis(axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) throw new InvalidArgumentError(`-input rank(-${rank}) <= split_dim < input rank (${rank}), but got ${axis}`);
  return axis < 0 ? axis + rank : axis;
}

export const Split = defineOp<SplitAttrs>({
  type: 'Split',
  infer: ([dim, x], a) => {
    checkDType('split_dim', dim.dtype, ['int32']);
    requireRank(dim.shape, 0);
    const axis = splitAxis(constScalar(dim), x.shape.rank);
    let out: TensorShape;
    if (axis === null || x.shape.rank === null) out = unknownOfRank(x.shape.rank);
    else {
      const d = x.shape.dims![axis];
      if (d !== null && d % a.numSplit !== 0) throw new ShapeError(`Dimension size must be evenly divisible by ${a.numSplit} but is ${d}`);
      out = withDim(x.shape, axis, d === null ? null : d / a.numSplit);
    }
    return new Array(a.numSplit).fill({ dtype: x.dtype, shape: out });
  },
  kernel: ([dim, x], a) => {
    const axis = kernelAxis(indexAt(dim, 0), x.rank);
    const d = x.shape[axis];
    if (d % a.numSplit !== 0) {
      throw new InvalidArgumentError(`Number of ways to split should evenly divide the split dimension, but got split_dim ${axis} (size = ${d}) and num_split ${a.numSplit}`);
    }
    const size = d / a.numSplit;
    return Array.from({ length: a.numSplit }, (_, i) => sliceAxis(x, axis, i * size, size));
  },
  grad: (op, grads) => [null, concat(fillGrads(op.outputs, grads), op.inputs[0])],
});

/** The sizes of a SplitV after resolving its one -1 (TF's shape-function checks). */
function resolveSizes(sizes: number[], dimSize: number | null, fail: (m: string) => never): (number | null)[] {
  let total = 0, neg = false;
  for (const s of sizes) {
    if (s === -1) { if (neg) fail('size_splits can only have one -1'); neg = true; } else total += s;
  }
  const out = sizes.map((s, i) => {
    const v = s === -1 && dimSize !== null ? dimSize - total : s;
    if (v < 0 && !(s === -1 && dimSize === null)) fail(`Split size at index ${i} must be >= 0. Got: ${v}`);
    return v === -1 ? null : v;
  });
  if (dimSize !== null && (neg ? total > dimSize : total !== dimSize)) {
    fail(`can't split axis of size ${dimSize} into pieces of size [${sizes.join(',')}]`);
  }
  return out;
}

export const SplitV = defineOp<SplitAttrs & { Tlen: string }>({
  type: 'SplitV',
  infer: ([x, sizes, dim], a) => {
    checkDType('size_splits', sizes.dtype, INDEX);
    requireRank(dim.shape, 0);
    const rank = x.shape.rank;
    const axis = splitAxis(constScalar(dim), rank);
    const out = (s: TensorShape) => ({ dtype: x.dtype, shape: s });
    if (rank === null || axis === null) return new Array(a.numSplit).fill(out(unknownOfRank(rank)));
    const sv = constInts(sizes);
    if (!sv) return new Array(a.numSplit).fill(out(withDim(x.shape, axis, null)));
    if (sv.length !== a.numSplit) throw new ShapeError(`Number of split sizes must equal num_split, got ${sv.length} and ${a.numSplit}`);
    const fail = (m: string): never => { throw new ShapeError(m); };
    return resolveSizes(sv, x.shape.dims![axis], fail).map(d => out(withDim(x.shape, axis, d)));
  },
  kernel: ([x, sizes, dim], a) => {
    const axis = kernelAxis(indexAt(dim, 0), x.rank);
    const sv = indexList(sizes);
    if (sv.length !== a.numSplit) throw new InvalidArgumentError(`Number of split sizes must equal num_split, got ${sv.length} and ${a.numSplit}`);
    const fail = (m: string): never => { throw new InvalidArgumentError(m); };
    const resolved = resolveSizes(sv, x.shape[axis], fail) as number[];
    let start = 0;
    return resolved.map(s => { const part = sliceAxis(x, axis, start, s); start += s; return part; });
  },
  grad: (op, grads) => [concat(fillGrads(op.outputs, grads), op.inputs[2]), null, null],
});

/** Unconnected outputs of a multi-output op get zero gradients, as TF's gradient driver does. */
export function fillGrads(outputs: readonly Tensor[], grads: readonly (Tensor | null)[]): Tensor[] {
  return outputs.map((o, i) => grads[i] ?? zerosLike(o));
}

/**
 * Splits `value` along `axis` (tf.split): into `numOrSizeSplits` equal parts (op Split),
 * or into parts of the listed sizes, one of which may be -1 (op SplitV).
 *
 * ```ts
 * const [a, b] = tf.split(tf.constant([1, 2, 3]), [1, -1]);
 * b;   // [2, 3]
 * ```
 */
export function split(value: TensorLike, numOrSizeSplits: number | readonly number[] | Tensor,
  axisOrOpts: TensorLike | { axis?: TensorLike; num?: number; name?: string } = 0, opts: { num?: number; name?: string } = {}): Tensor[] {
  const o = isOptions(axisOrOpts)
    ? axisOrOpts as { axis?: TensorLike; num?: number; name?: string } : { ...opts, axis: axisOrOpts as TensorLike };
  const axis = o.axis ?? 0;
  const name = o.name ?? 'split';
  if (typeof numOrSizeSplits === 'number') {
    return withScope(undefined, name, [value, axis], (scope, g) => {
      const d = convertToTensor(axis, { name: 'split_dim', dtypeHint: 'int32' });
      const x = convertToTensor(value, { name: 'value' });
      return refinedAll(g.addOp(Split, [d, x], { numSplit: numOrSizeSplits }, { name: scope }));
    });
  }
  const sizes = convertToTensor(numOrSizeSplits as TensorLike, { dtypeHint: 'int32' });
  if (sizes.shape.rank === 0) throw new ValueError(`Rank-0 tensors are not supported as the num_or_size_splits argument to split. Argument provided: ${String(numOrSizeSplits)}`);
  const num = o.num ?? sizes.shape.dim(0);
  if (num === null || num === undefined) throw new ValueError(`Cannot infer argument \`num\` from shape ${sizes.shape.toString()}`);
  return withScope(undefined, name, [value, sizes, axis], (scope, g) => {
    const x = convertToTensor(value, { name: 'value' });
    const d = convertToTensor(axis, { name: 'split_dim', dtypeHint: 'int32' });
    return refinedAll(g.addOp(SplitV, [x, sizes, d], { numSplit: num, Tlen: sizes.dtype }, { name: scope }));
  });
}

import { concat } from './concat.js';
import { zerosLike } from './fill.js';
import { refinedAll } from './fold.js';
