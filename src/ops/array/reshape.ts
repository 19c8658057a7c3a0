// Reshape (with one -1), BroadcastTo, ExpandDims, Squeeze, and reducedShape (the kept
// shape of a reduction, used by reduction gradients).

import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim, broadcastConcrete, formatShape, sizeOf, stridesOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ValueError } from '../../framework/errors.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { shapeFromTensorSpec, shapeToTensor, toShapeList, type ShapeArg, onesLike, range } from './fill.js';
import { shape as shapeOf } from './shape.js';
import { checkDType } from '../dtype_sets.js';
import { isOptions } from './shape_util.js';
import { floormod, equal } from '../math/binary.js';
import { cast } from '../math/cast.js';
import { reduceAny } from '../math/reduce.js';
import { where } from './where.js';
import { refined } from './fold.js';

/**
 * Resolves a requested shape with at most one -1 against an input shape, as TF's Reshape
 * kernel does: zero-sized dimensions are left out of both products, so that [0, 3] can
 * become [-1, 0] = [3, 0].
 */
function resolveReshape(req: number[], inShape: readonly number[]): number[] {
  let unknown = -1, product = 1, reqZero = false;
  req.forEach((d, i) => {
    if (d === -1) {
      if (unknown >= 0) throw new InvalidArgumentError(`Only one input size may be -1, not both ${unknown} and ${i}`);
      unknown = i;
    } else if (d < 0) throw new InvalidArgumentError(`Size ${i} must be non-negative, not ${d}`);
    else if (d === 0) reqZero = true;
    else product *= d;
  });
  const n = inShape.reduce((a, b) => a * b, 1);
  const out = req.slice();
  if (unknown >= 0) {
    let inElems = 1, inZero = false;
    for (const d of inShape) { if (d > 0 || !reqZero) inElems *= d; else inZero = true; }
    const missing = Math.floor(inElems / product);
    if (!inZero && product * missing !== inElems) {
      throw new InvalidArgumentError(`Input to reshape is a tensor with ${inElems} values, but the requested shape requires a multiple of ${product}`);
    }
    out[unknown] = missing;
  } else if ((reqZero ? 0 : product) !== n) {
    throw new InvalidArgumentError(`Input to reshape is a tensor with ${n} values, but the requested shape has ${reqZero ? 0 : product}`);
  }
  return out;
}

export const Reshape = defineOp({
  type: 'Reshape',
  infer: ([x, s]) => {
    checkDType('shape', s.dtype, ['int32', 'int64']);
    const v = s.value();
    if (!v) return [{ dtype: x.dtype, shape: shapeFromTensorSpec(s) }];
    const req = Array.from(v.data as ArrayLike<number | bigint>, Number);
    const dims = req.map(d => (d === -1 ? null : d));
    const unknowns = req.filter(d => d === -1).length;
    const n = x.shape.numElements;
    if (n === null || unknowns > 1) return [{ dtype: x.dtype, shape: new TensorShape(dims) }];
    const known = req.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const shown = formatShape(dims);
    if (unknowns === 0) {
      if (known !== n) throw new ValueError(`Cannot reshape a tensor with ${n} elements to shape ${shown} (${known} elements)`);
      return [{ dtype: x.dtype, shape: new TensorShape(dims) }];
    }
    if (known === 0) return [{ dtype: x.dtype, shape: new TensorShape(dims) }];
    if (n % known !== 0) throw new ValueError(`Dimension size must be evenly divisible by ${known} but is ${n}`);
    return [{ dtype: x.dtype, shape: new TensorShape(dims.map(d => (d === null ? n / known : d))) }];
  },
  kernel: ([x, s]) => new NDArray(x.dtype, resolveReshape(toShapeListSigned(s), x.shape), x.data),
  grad: (op, [dy]) => [dy ? reshape(dy, shapeOf(op.inputs[0])) : null, null],
});

function toShapeListSigned(nd: NDArray): number[] {
  if (nd.rank > 1) throw new InvalidArgumentError(`shape must be a vector, got shape [${nd.shape.join(',')}]`);
  return Array.from(nd.data as ArrayLike<number | bigint>, Number);
}

/**
 * Same values in a new shape; one dimension may be -1 (tf.reshape).
 *
 * ```ts
 * tf.reshape(tf.zeros([2, 2]), [1, 4]);
 * ```
 */
export function reshape(x: TensorLike, shape: ShapeArg | readonly number[], opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'Reshape', [x, shape], (scope, g) => {
    const t = convertToTensor(x, { name: 'tensor' });
    const s = shape instanceof Tensor ? shape : shapeToTensor(shape, 'shape');
    return refined(g.addOp(Reshape, [t, s], {}, { name: scope }));
  });
}

export const BroadcastTo = defineOp({
  type: 'BroadcastTo',
  infer: ([x, s]) => {
    const target = shapeFromTensorSpec(s);
    if (target.isFullyDefined && x.shape.isFullyDefined && !broadcastConcrete(x.shape.dims as number[], target.dims as number[])) {
      throw new ValueError(`Incompatible shapes for broadcasting: ${x.shape.toDebugString()} and ${target.toDebugString()}`);
    }
    return [{ dtype: x.dtype, shape: target }];
  },
  kernel: ([x, s]) => {
    const target = toShapeList(s, 'shape');
    const out = broadcastConcrete(x.shape, target);
    if (!out || out.length !== target.length || out.some((d, i) => d !== target[i])) {
      throw new InvalidArgumentError(`Incompatible shapes: [${x.shape.join(',')}] vs. [${target.join(',')}]`);
    }
    return broadcastArray(x, target);
  },
  grad: (op, [dy]) => [dy, null],
});

/** Materializes x broadcast to `target` (reference helper, also used by kernels). */
export function broadcastArray(x: NDArray, target: number[]): NDArray {
  const n = sizeOf(target);
  const res = NDArray.zeros(x.dtype, target);
  const r = target.length;
  const st: number[] = new Array(r).fill(0);
  const s = stridesOf(x.shape);
  for (let i = x.rank - 1, j = r - 1; i >= 0; i--, j--) st[j] = x.shape[i] === 1 ? 0 : s[i];
  const X = x.data as unknown as unknown[], R = res.data as unknown as unknown[];
  const w = x.dtype === 'complex64' ? 2 : 1;
  for (let f = 0; f < n; f++) {
    let rem = f, k = 0;
    for (let j = r - 1; j >= 0; j--) { const q = rem % target[j]; rem = (rem - q) / target[j]; k += q * st[j]; }
    if (w === 2) { R[2 * f] = X[2 * k]; R[2 * f + 1] = X[2 * k + 1]; } else R[f] = X[k];
  }
  return res;
}

/**
 * Broadcasts x to `shape` (tf.broadcast_to).
 *
 * ```ts
 * tf.broadcastTo(tf.constant([1, 2]), [2, 2]);   // [[1, 2], [1, 2]]
 * ```
 */
export function broadcastTo(x: TensorLike, shape: ShapeArg, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'BroadcastTo', [x, shape], (scope, g) => {
    const t = convertToTensor(x, { name: 'input' });
    const s = shape instanceof Tensor ? shape : shapeToTensor(shape, 'shape');
    return refined(g.addOp(BroadcastTo, [t, s], {}, { name: scope }));
  });
}

export const ExpandDims = defineOp({
  type: 'ExpandDims',
  infer: ([x, d]) => {
    const v = d.value();
    if (x.shape.rank === null || !v) return [{ dtype: x.dtype, shape: TensorShape.unknown() }];
    const r = x.shape.rank;
    let ax = Number(v.data[0]);
    if (ax < -r - 1 || ax > r) throw new ValueError(`Tried to expand dim index ${ax} for tensor with ${r} dimensions.`);
    if (ax < 0) ax += r + 1;
    const dims = x.shape.dims!.slice() as Dim[];
    dims.splice(ax, 0, 1);
    return [{ dtype: x.dtype, shape: new TensorShape(dims) }];
  },
  kernel: ([x, d]) => {
    const r = x.rank;
    let ax = Number(d.data[0]);
    if (ax < -r - 1 || ax > r) throw new InvalidArgumentError(`Tried to expand dim index ${ax} for tensor with ${r} dimensions.`);
    if (ax < 0) ax += r + 1;
    const s = x.shape.slice();
    s.splice(ax, 0, 1);
    return new NDArray(x.dtype, s, x.data);
  },
  grad: (op, [dy]) => [dy ? reshape(dy, shapeOf(op.inputs[0])) : null, null],
});

/**
 * Inserts a dimension of size 1 at `axis` (tf.expand_dims); a negative axis counts from the
 * end of the result.
 *
 * ```ts
 * tf.expandDims(tf.constant([1, 2]), 1);   // [[1], [2]]
 * ```
 */
export function expandDims(x: TensorLike, axis: number | Tensor | { axis?: number | Tensor; dim?: number | Tensor; name?: string }, opts: { name?: string } = {}): Tensor {
  if (isOptions(axis)) {
    opts = axis as { name?: string };
    const o = axis as { axis?: number | Tensor; dim?: number | Tensor };
    if (o.axis === undefined && o.dim === undefined) throw new ValueError('Must specify an axis argument to tf.expand_dims()');
    axis = (o.axis ?? o.dim)!;
  }
  const ax = axis as number | Tensor;
  return withScope(opts.name, 'ExpandDims', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'input' });
    const d = ax instanceof Tensor ? ax : constant(ax, { dtype: 'int32', name: 'dim' });
    return refined(g.addOp(ExpandDims, [t, d], {}, { name: scope }));
  });
}

export const Squeeze = defineOp<{ squeezeDims: readonly number[] }>({
  type: 'Squeeze',
  infer: ([x], a) => {
    if (x.shape.rank === null) return [{ dtype: x.dtype, shape: TensorShape.unknown() }];
    const r = x.shape.rank;
    const axes = a.squeezeDims.map(d => {
      if (d < -r || d >= r) throw new ValueError(`Tried to squeeze dim index ${d} for tensor with ${r} dimensions.`);
      return d < 0 ? d + r : d;
    });
    const dims: Dim[] = [];
    let unknown = false;
    x.shape.dims!.forEach((d, i) => {
      if (axes.length ? axes.includes(i) : d === 1) {
        if (d !== 1 && d !== null) throw new ValueError(`Can not squeeze dim[${i}], expected a dimension of 1, got ${d}`);
        return;
      }
      if (!axes.length && d === null) unknown = true;
      dims.push(d);
    });
    return [{ dtype: x.dtype, shape: unknown ? TensorShape.unknown() : new TensorShape(dims) }];
  },
  kernel: ([x], a) => {
    const r = x.rank;
    const axes = a.squeezeDims.map(d => (d < 0 ? d + r : d));
    const s = x.shape.filter((d, i) => {
      if (axes.length ? axes.includes(i) : d === 1) {
        if (d !== 1) throw new InvalidArgumentError(`Can not squeeze dim[${i}], expected a dimension of 1, got ${d}`);
        return false;
      }
      return true;
    });
    return new NDArray(x.dtype, s, x.data);
  },
  grad: (op, [dy]) => [dy ? reshape(dy, shapeOf(op.inputs[0])) : null],
});

/**
 * Removes dimensions of size 1: all of them, or those in `axis` (tf.squeeze).
 *
 * ```ts
 * tf.squeeze(tf.zeros([1, 2, 1]), [2]);   // shape [1, 2]
 * ```
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[] | null | { axis?: number | readonly number[] | null; name?: string }, opts: { name?: string } = {}): Tensor {
  if (isOptions(axis)) { opts = axis as { name?: string }; axis = (axis as { axis?: number | readonly number[] | null }).axis; }
  const ax = axis as number | readonly number[] | null | undefined;
  return withScope(opts.name, 'Squeeze', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'input' });
    const dims = ax === undefined || ax === null ? [] : typeof ax === 'number' ? [ax] : Array.from(ax);
    return g.addOp(Squeeze, [t], { squeezeDims: dims }, { name: scope }).outputs[0];
  });
}

/**
 * The shape of x with 1 at each reduced axis (TF's math_ops.reduced_shape), built from TF
 * ops so that it works with unknown dimensions: where(axis in axes, 1, shape(x)).
 */
export function reducedShape(inputShape: Tensor, axes: Tensor): Tensor {
  return withScope(undefined, 'reduced_shape', [inputShape, axes], () => {
    const r = sizeOf1(inputShape);
    const ax = floormod(cast(reshape(axes, [-1]), 'int32'), r);
    const mask = reduceAny(equal(expandDims(range(0, r), 1), expandDims(ax, 0)), 1);
    return where(mask, onesLike(inputShape), inputShape);
  });
}
const sizeOf1 = (s: Tensor) => (s.shape.dim(0) !== null ? constant(s.shape.dim(0)!, { dtype: 'int32' }) : reshapeScalar(shapeOf(s)));
const reshapeScalar = (t: Tensor) => reshape(t, []);

