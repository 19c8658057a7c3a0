// ConcatV2 (tf.concat) and ConcatOffset, which its gradient uses to cut dy back apart.

import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError } from '../../framework/errors.js';
import { concatArrays, indexAt, indexList } from '../../backend/reference/array_kernels.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, checkDType } from '../dtype_sets.js';
import { addDims, isOptions, constScalar, mergeShapesTF, requireRank, requireRankAtLeast, subDims } from './shape_util.js';

export const ConcatV2 = defineOp<{ N: number }>({
  type: 'ConcatV2',
  infer: specs => {
    const xs = specs.slice(0, -1), axisSpec = specs[specs.length - 1];
    checkDType('axis', axisSpec.dtype, INDEX);
    requireRank(axisSpec.shape, 0);
    const dtype = xs[0].dtype;
    if (xs.some(x => x.dtype !== dtype)) {
      throw new TypeError(`Tensors in list passed to 'values' of 'ConcatV2' Op have types [${xs.map(x => x.dtype).join(', ')}] that don't all match.`);
    }
    // first pass (as TF's shape refiner runs it before the axis value is known): ranks agree
    const rank = xs.find(x => x.shape.rank !== null)?.shape.rank ?? null;
    if (rank === 0) throw new ShapeError("Can't concatenate scalars (use tf.stack instead)");
    if (rank !== null) for (const x of xs) requireRank(x.shape, rank);
    const axis = constScalar(axisSpec);
    if (axis === null || rank === null) {
      return [{ dtype, shape: rank === null ? TensorShape.unknown() : new TensorShape(new Array<Dim>(rank).fill(null)) }];
    }
    const minRank = axis < 0 ? -axis : axis + 1;
    const last = xs[xs.length - 1].shape;
    requireRankAtLeast(last, minRank);
    let before = new TensorShape(subDims(last, 0, axis));
    let middle = last.dim(axis);
    let after = new TensorShape(axis === -1 ? [] : subDims(last, axis + 1));
    for (let i = xs.length - 2; i >= 0; i--) {
      const s = xs[i].shape;
      requireRankAtLeast(s, minRank);
      before = mergeShapesTF(new TensorShape(subDims(s, 0, axis)), before);
      middle = addDims(middle, s.dim(axis));
      after = mergeShapesTF(new TensorShape(axis === -1 ? [] : subDims(s, axis + 1)), after);
    }
    return [{ dtype, shape: new TensorShape([...before.dims!, middle, ...after.dims!]) }];
  },
  kernel: inputs => {
    const xs = inputs.slice(0, -1);
    const r = xs[0].rank;
    let axis = indexAt(inputs[inputs.length - 1], 0);
    if (axis < -r || axis >= r) throw new InvalidArgumentError(`ConcatOp : Expected concatenating dimensions in the range [${-r}, ${r}), but got ${axis}`);
    if (axis < 0) axis += r;
    xs.forEach((x, i) => {
      if (x.rank !== r) throw new InvalidArgumentError(`ConcatOp : Ranks of all input tensors should match: shape[0] = [${xs[0].shape.join(',')}] vs. shape[${i}] = [${x.shape.join(',')}]`);
      for (let d = 0; d < r; d++) {
        if (d !== axis && x.shape[d] !== xs[0].shape[d]) {
          throw new InvalidArgumentError(`ConcatOp : Dimension ${d} in both shapes must be equal: shape[0] = [${xs[0].shape.join(',')}] vs. shape[${i}] = [${x.shape.join(',')}]`);
        }
      }
    });
    return concatArrays(xs, axis, xs[0].dtype);
  },
  grad: (op, [dy]) => {
    const n = op.inputs.length - 1;
    if (!dy) return new Array(n + 1).fill(null);
    if (n === 1) return [dy, null];
    const xs = op.inputs.slice(0, n);
    const axis = op.inputs[n];
    const nonNegAxis = floormod(axis, rank(xs[0]));
    let sizes: Tensor[] = [];
    for (const x of xs) {
      const s = shape(x);
      if (s.op.type !== 'Const') { sizes = shapeN(xs); break; }
      sizes.push(s);
    }
    const offsets = concatOffset(nonNegAxis, sizes);
    return [...offsets.map((b, i) => slice(dy, b, sizes[i])), null];
  },
});

export const ConcatOffset = defineOp<{ N: number }>({
  type: 'ConcatOffset',
  infer: ([dim, ...shapes]) => {
    requireRank(dim.shape, 0);
    return shapes.map(s => ({ dtype: s.dtype, shape: s.shape }));
  },
  kernel: ([dim, ...shapes]) => {
    const axis = indexAt(dim, 0);
    const s0 = indexList(shapes[0]);
    if (axis < 0 || axis >= s0.length) throw new InvalidArgumentError(`Concat dim is out of range: ${axis} vs. ${s0.length}`);
    let off = 0;
    return shapes.map((s, i) => {
      const dims = indexList(s);
      if (dims.length !== s0.length) throw new InvalidArgumentError(`input ${i} should contain ${s0.length} elements, but got ${dims.length}`);
      dims.forEach((d, j) => {
        if (j !== axis && d !== s0[j]) throw new InvalidArgumentError(`All dimensions except ${axis} must match. Input ${i} has shape [${dims.join(' ')}] and doesn't match input 0 with shape [${s0.join(' ')}].`);
      });
      const out = NDArray.zeros(s.dtype, [dims.length]);
      if (s.dtype === 'int64') (out.data as BigInt64Array)[axis] = BigInt(off); else (out.data as Int32Array)[axis] = off;
      off += dims[axis];
      return out;
    });
  },
  noGradient: true,
});

/** The offsets of each input within a concatenation (gen_array_ops.concat_offset). */
export function concatOffset(axis: Tensor, shapes: readonly Tensor[], opts: { name?: string } = {}): Tensor[] {
  return withScope(opts.name, 'ConcatOffset', [axis, ...shapes], (scope, g) =>
    g.addOp(ConcatOffset, [axis, ...shapes], { N: shapes.length }, { name: scope }).outputs);
}

/**
 * Concatenates tensors along `axis` (tf.concat, op ConcatV2). A negative axis counts from
 * the end; a single tensor passes through as an Identity named 'concat'.
 *
 * ```ts
 * tf.concat([tf.constant([[1, 2]]), tf.constant([[3, 4]])], 0);   // [[1, 2], [3, 4]]
 * ```
 */
export function concat(values: Tensor | readonly Packable[], axis: TensorLike | { axis: TensorLike; name?: string }, opts: { name?: string } = {}): Tensor {
  if (isOptions(axis)) { opts = axis as { name?: string }; axis = (axis as { axis: TensorLike }).axis; }
  const vals: readonly Packable[] = Array.isArray(values) ? values : [values as Tensor];
  const name = opts.name ?? 'concat';
  if (vals.length === 1) {
    return withScope(undefined, name, [axis], (_scope, g) => {
      const a = convertToTensor(axis as TensorLike, { name: 'concat_dim', dtype: axis instanceof Tensor ? undefined : 'int32' });
      requireRank(a.shape, 0);
      const x = toTensorAuto(vals[0], 'input');
      return g.addOp(Identity, [x], {}, { name }).outputs[0];
    });
  }
  return withScope(undefined, name, [...vals, axis], (scope, g) => {
    const dt = vals.find((v): v is Tensor => v instanceof Tensor)?.dtype;
    const ts = vals.map((v, i) => toTensorAuto(v, `values_${i}`, undefined, dt));
    const a = convertToTensor(axis as TensorLike, { name: 'axis', dtypeHint: 'int32' });
    return refined(g.addOp(ConcatV2, [...ts, a], { N: ts.length }, { name: scope }));
  });
}

import { Identity } from '../core.js';
import { toTensorAuto, type Packable } from './pack.js';
import { shape, shapeN, rank } from './shape.js';
import { slice } from './slice.js';
import { floormod } from '../math/binary.js';
import { refined } from './fold.js';
