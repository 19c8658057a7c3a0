// Filled tensors: Fill, zeros/ones (small ones become a Const, as TF does), zerosLike,
// onesLike, range, and the LinSpace op (tf.linspace itself is a composition: linspace.ts).

import { type DType, toDType, allocData, isInteger } from '../../framework/dtypes.js';
import { NDArray, storeScalar, toNDArray, type Scalar } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError, ValueError } from '../../framework/errors.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { NUMERIC, checkDType } from '../dtype_sets.js';
import { reduceSum } from '../math/reduce.js';
import { Const as Const_ } from '../core.js';
import { toTensorAuto, type Packable } from './pack.js';
import { reshape } from './reshape.js';
import { shapeInternal } from './shape.js';
import { cast } from '../math/cast.js';
import { refined } from './fold.js';

type Name = { name?: string };

/** A shape given as a list (possibly with nulls), a TensorShape, or a 1-D int tensor. */
export type ShapeArg = readonly number[] | TensorShape | Tensor | TensorLike | readonly Packable[];

/** The static shape a 1-D shape tensor describes (TF's MakeShapeFromShapeTensor). */
export function shapeFromTensorSpec(spec: { shape: TensorShape; value(): NDArray | null; asShape?(): TensorShape | null }): TensorShape {
  const partial = spec.asShape?.();
  if (partial) return partial;
  const v = spec.value();
  if (v) return new TensorShape(Array.from(v.data as ArrayLike<number | bigint>, d => (Number(d) < 0 ? null : Number(d))));
  const n = spec.shape.dim(0);
  if (spec.shape.rank === 1 && n !== null) return new TensorShape(new Array<Dim>(n).fill(null));
  return TensorShape.unknown();
}

export function toShapeList(nd: NDArray, what: string): number[] {
  if (nd.rank > 1) throw new InvalidArgumentError(`${what} must be a vector, got shape [${nd.shape.join(',')}]`);
  const dims = Array.from(nd.data as ArrayLike<number | bigint>, Number);
  for (const d of dims) if (d < 0) throw new InvalidArgumentError(`${what} has a negative dimension ${d}: [${dims.join(',')}]`);
  return dims;
}

export const Fill = defineOp({
  type: 'Fill',
  infer: ([dims, value]) => {
    checkDType('dims', dims.dtype, ['int32', 'int64']);
    if (value.shape.rank !== null && value.shape.rank !== 0) throw new ValueError(`Shape must be rank 0 but is rank ${value.shape.rank}`);
    const v = dims.value();
    if (v && Array.from(v.data as ArrayLike<number | bigint>).some(d => d < 0)) throw new ShapeError('Fill dimensions must be >= 0');
    return [{ dtype: value.dtype, shape: shapeFromTensorSpec(dims) }];
  },
  kernel: ([dims, value]) => {
    const shape = toShapeList(dims, 'dims');
    const n = shape.reduce((a, b) => a * b, 1);
    const data = allocData(value.dtype, n);
    if (value.dtype === 'complex64') {
      const v = value.data as Float32Array, d = data as Float32Array;
      for (let i = 0; i < n; i++) { d[2 * i] = v[0]; d[2 * i + 1] = v[1]; }
    } else (data as unknown as { fill(v: unknown): void }).fill((value.data as ArrayLike<unknown>)[0]);
    return new NDArray(value.dtype, shape, data);
  },
  grad: (op, [dy]) => [null, dy ? reduceSumAll(dy) : null],
});
const reduceSumAll = (t: Tensor) => reduceSum(t);

/**
 * A tensor of shape `dims` filled with `value` (tf.fill).
 *
 * ```ts
 * tf.fill([2, 2], 9);   // [[9, 9], [9, 9]]
 * ```
 */
export function fill(dims: ShapeArg, value: TensorLike, opts: Name = {}): Tensor {
  return withScope(opts.name, 'Fill', [dims, value], (scope, g) => {
    const d = shapeToTensor(dims, 'dims');
    const v = convertToTensor(value, { name: 'value' });
    return refined(g.addOp(Fill, [d, v], {}, { name: scope }));
  });
}

export function shapeToTensor(shape: ShapeArg, name: string): Tensor {
  if (shape instanceof Tensor) return shape;
  if (shape instanceof TensorShape) {
    if (!shape.isFullyDefined) throw new ValueError(`Cannot convert a partially known TensorShape ${shape.toString()} to a Tensor.`);
    return constant(shape.dims as number[], { dtype: 'int32', name });
  }
  if (Array.isArray(shape) && shape.length === 0) return constant([], { dtype: 'int32', name });
  return toTensorAuto(shape as Packable, name, 'int32');
}

/** The static element count of a shape argument given as plain numbers, else null. */
function staticShapeList(shape: ShapeArg): number[] | null {
  if (shape instanceof TensorShape) return shape.isFullyDefined ? (shape.dims as number[]) : null;
  if (typeof shape === 'number') return [shape];
  if (Array.isArray(shape) && shape.every(d => typeof d === 'number')) return shape as number[];
  return null;
}

/** The value zeros/ones fill with: TF's `0`/`1` of dtype (False/True for bool, '' for string). */
function fillScalar(kind: 'zeros' | 'ones', dtype: DType): Scalar {
  const one = kind === 'ones';
  return dtype === 'bool' ? one : dtype === 'string' ? '' : dtype === 'int64' ? BigInt(+one) : +one;
}

/**
 * TF's zeros()/ones(): a Const when the shape is a small static list (< 1000 elements),
 * else Fill(shape, Const) with the shape as 'shape_as_tensor'.
 */
function filled(kind: 'zeros' | 'ones', shape: ShapeArg, dtype: DType, name: string | undefined): Tensor {
  if (kind === 'ones' && dtype === 'string') throw new TypeError('Expected string, got 1 of type \'int\' instead.');
  const scalar = fillScalar(kind, dtype);
  return withScope(name, kind, [shape], (scope, g) => {
    let s: Tensor;
    if (shape instanceof Tensor) s = shape;
    else {
      const dims = staticShapeList(shape);
      if (dims) {
        const n = dims.reduce((a, b) => a * b, 1);
        if (n < 1000) {
          const data = allocData(dtype, n);
          for (let i = 0; i < n; i++) storeScalar(dtype, data, i, scalar, false);
          return g.addOp(Const_, [], { value: new NDArray(dtype, typeof shape === 'number' ? [shape] : dims, data), dtype }, { name: scope }).outputs[0];
        }
        s = constant(dims, { dtype: 'int32', name: 'shape_as_tensor' });
      } else if (shape instanceof TensorShape) s = shapeToTensor(shape, 'shape_as_tensor');
      else s = toTensorAuto(shape as Packable, 'packed', 'int32');
    }
    if (s.shape.rank === 0) s = reshape(s, [-1]);
    const v = constant(toNDArray(scalar, dtype, false));
    return refined(g.addOp(Fill, [s, v], {}, { name: scope }));
  });
}

/**
 * A tensor of zeros (tf.zeros); dtype defaults to float32.
 *
 * ```ts
 * tf.zeros([2, 3]);          // a Const of shape [2,3]
 * tf.zeros([100, 100]);      // Fill(zeros/shape_as_tensor, zeros/Const)
 * ```
 */
export function zeros<D extends DType = 'float32'>(shape: ShapeArg, dtype?: D, opts: Name = {}): Tensor<D> {
  return filled('zeros', shape, toDType(dtype ?? 'float32'), opts.name) as Tensor<D>;
}
/**
 * A tensor of ones (tf.ones); dtype defaults to float32.
 *
 * ```ts
 * tf.ones([2], 'bool');   // [true, true]
 * ```
 */
export function ones<D extends DType = 'float32'>(shape: ShapeArg, dtype?: D, opts: Name = {}): Tensor<D> {
  return filled('ones', shape, toDType(dtype ?? 'float32'), opts.name) as Tensor<D>;
}

export const ZerosLike = defineOp({
  type: 'ZerosLike',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  kernel: ([x]) => NDArray.zeros(x.dtype, x.shape),
  grad: () => [null],
});
export const OnesLike = defineOp({
  type: 'OnesLike',
  infer: ([x]) => {
    checkDType('x', x.dtype, [...NUMERIC, 'bool']);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  kernel: ([x]) => {
    const out = NDArray.zeros(x.dtype, x.shape);
    const one = x.dtype === 'bool' ? true : x.dtype === 'int64' ? 1n : 1;
    for (let i = 0; i < out.size; i++) storeScalar(x.dtype, out.data, i, one, false);
    return out;
  },
  grad: () => [null],
});

/**
 * Zeros with the shape (and by default the dtype) of `x` (tf.zeros_like). As in TF's graph
 * mode, a fully known static shape gives a Const named 'zeros_like'; otherwise a ZerosLike
 * op (or Shape + Fill when the dtype changes).
 *
 * ```ts
 * tf.zerosLike(tf.placeholder('float32', [null, 3]));   // ZerosLike op
 * ```
 */
export function zerosLike(x: TensorLike, dtype?: DType, opts: Name = {}): Tensor {
  return withScope(opts.name, 'zeros_like', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'tensor' });
    const d = dtype ? toDType(dtype) : t.dtype;
    if (t.shape.isFullyDefined) return zeros(t.shape, d, { name: scope });
    if (d !== t.dtype) return zeros(shapeInternal(t), d, { name: scope });
    return g.addOp(ZerosLike, [t], {}, { name: scope }).outputs[0];
  });
}

/**
 * Ones with the shape (and by default the dtype) of `x` (tf.ones_like): Fill(shape, 1),
 * with the shape a Const when it is statically known, as TF builds it.
 *
 * ```ts
 * tf.onesLike(tf.constant([[1, 2], [3, 4]]));   // [[1, 1], [1, 1]]
 * ```
 */
export function onesLike(x: TensorLike, dtype?: DType, opts: Name = {}): Tensor {
  return withScope(opts.name, 'ones_like', [x], scope => {
    const t = convertToTensor(x, { name: 'tensor' });
    const out = ones(shapeInternal(t), dtype ? toDType(dtype) : t.dtype, { name: scope });
    out.setShape(t.shape);
    return out;
  });
}

// ---- Range / LinSpace -----------------------------------------------------------------------

export const Range = defineOp({
  type: 'Range',
  infer: ([s, l, d]) => {
    checkDType('start', s.dtype, ['float32', 'float64', 'int32', 'int64']);
    for (const x of [s, l, d]) if (x.shape.rank !== null && x.shape.rank !== 0) throw new ValueError(`Shape must be rank 0 but is rank ${x.shape.rank}`);
    const [sv, lv, dv] = [s.value(), l.value(), d.value()];
    let len: Dim = null;
    if (sv && lv && dv) {
      try {
        len = rangeLength(Number(sv.data[0]), Number(lv.data[0]), Number(dv.data[0]), s.dtype);
      } catch (e) { throw new ShapeError((e as { rawMessage?: string }).rawMessage ?? (e as Error).message); }
    }
    return [{ dtype: s.dtype, shape: new TensorShape([len]) }];
  },
  kernel: ([s, l, d]) => {
    const start = Number(s.data[0]), limit = Number(l.data[0]), delta = Number(d.data[0]);
    const n = rangeLength(start, limit, delta, s.dtype);
    const out = NDArray.zeros(s.dtype, [n]);
    for (let i = 0; i < n; i++) storeScalar(s.dtype, out.data, i, s.dtype === 'int64' ? BigInt(start + i * delta) : start + i * delta, false);
    return out;
  },
  noGradient: true,
});

function rangeLength(start: number, limit: number, delta: number, dtype: DType): number {
  if (delta === 0) throw new InvalidArgumentError('Requires delta != 0: 0');
  if (delta > 0 && start > limit) throw new InvalidArgumentError(`Requires start <= limit when delta > 0: ${start}/${limit}`);
  if (delta < 0 && start < limit) throw new InvalidArgumentError(`Requires start >= limit when delta < 0: ${start}/${limit}`);
  return isInteger(dtype) ? Math.ceil(Math.abs(limit - start) / Math.abs(delta)) : Math.ceil(Math.abs((limit - start) / delta));
}

/**
 * [start, start + delta, ...) up to but excluding limit (tf.range). `range(n)` counts from 0.
 *
 * ```ts
 * tf.range(0, 10, 3);   // [0, 3, 6, 9] (int32)
 * ```
 */
export function range(start: TensorLike, limit?: TensorLike | null, delta: TensorLike = 1, opts: Name & { dtype?: DType } = {}): Tensor {
  if (limit === undefined || limit === null) { limit = start; start = 0; }
  return withScope(opts.name, 'range', [start, limit, delta], (scope, g) => {
    const dtype = opts.dtype ? toDType(opts.dtype) : undefined;
    const conv = (v: TensorLike, name: string) => (v instanceof Tensor ? v : convertToTensor(v, { name, dtype }));
    let s = conv(start, 'start'), l = conv(limit!, 'limit'), d = conv(delta, 'delta');
    const order: DType[] = ['int32', 'int64', 'float32', 'float64'];
    for (const t of [s, l, d]) checkDType('start', t.dtype, order);
    const dt = dtype ?? [s, l, d].map(t => t.dtype).reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a));
    [s, l, d] = [s, l, d].map(t => castIfNeeded(t, dt));
    return refined(g.addOp(Range, [s, l, d], { Tidx: dt }, { name: scope }));
  });
}
const castIfNeeded = (t: Tensor, d: DType) => (t.dtype === d ? t : cast(t, d));

export const LinSpace = defineOp({
  type: 'LinSpace',
  infer: ([s, , num]) => {
    checkDType('start', s.dtype, ['float32', 'float64']);
    const nv = num.value();
    return [{ dtype: s.dtype, shape: new TensorShape([nv ? Number(nv.data[0]) : null]) }];
  },
  kernel: ([s, e, num]) => {
    const n = Number(num.data[0]);
    if (n <= 0) throw new InvalidArgumentError(`Requires num > 0: ${n}`);
    const a = Number(s.data[0]), b = Number(e.data[0]);
    const out = NDArray.zeros(s.dtype, [n]);
    const step = n > 1 ? (b - a) / (n - 1) : 0;
    for (let i = 0; i < n; i++) (out.data as Float64Array)[i] = i === n - 1 && n > 1 ? b : a + i * step;
    return out;
  },
  noGradient: true,
});

