// Pack / Unpack (tf.stack, tf.unstack), and TF's "autopacking": converting a (nested) list
// that contains tensors to one tensor with a Pack op, as tf.convert_to_tensor does.

import type { DType } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ValueError } from '../../framework/errors.js';
import { concatArrays, sliceAxis } from '../../backend/reference/array_kernels.js';
import { constant, convertToTensor, isTensorConvertible, withScope, installAutoPack, type TensorLike } from '../core.js';
import { checkSameDType } from '../dtype_sets.js';
import { mergeShapesTF } from './shape_util.js';

export type PackAttrs = { axis: number; N: number };

export const Pack = defineOp<PackAttrs>({
  type: 'Pack',
  infer: (xs, a) => {
    checkSameDType('Pack', xs.map((_, i) => `values[${i}]`), xs.map(x => x.dtype));
    let cur = xs[xs.length - 1].shape;
    for (let i = xs.length - 2; i >= 0; i--) cur = mergeShapesTF(xs[i].shape, cur);
    if (cur.rank === null) return [{ dtype: xs[0].dtype, shape: TensorShape.unknown() }];
    const r = cur.rank + 1;
    if (a.axis < -r || a.axis >= r) throw new ValueError(`Invalid axis: ${a.axis}; must be in [${-r},${r})`);
    const ax = a.axis < 0 ? a.axis + r : a.axis;
    const dims = cur.dims!.slice() as Dim[];
    dims.splice(ax, 0, xs.length);
    return [{ dtype: xs[0].dtype, shape: new TensorShape(dims) }];
  },
  kernel: (xs, a) => {
    const s = xs[0].shape;
    xs.forEach((x, i) => {
      if (x.shape.length !== s.length || x.shape.some((d, j) => d !== s[j])) {
        throw new InvalidArgumentError(`Shapes of all inputs must match: values[0].shape = [${s.join(',')}] != values[${i}].shape = [${x.shape.join(',')}]`);
      }
    });
    const ax = a.axis < 0 ? a.axis + s.length + 1 : a.axis;
    const expanded = s.slice(0, ax).concat([1], s.slice(ax));
    return concatArrays(xs.map(x => x.reshape(expanded)), ax, xs[0].dtype);
  },
  grad: (op, [dy]) => (dy ? unstack(dy, { num: op.attrs.N, axis: op.attrs.axis }) : op.inputs.map(() => null)),
});

export const Unpack = defineOp<{ axis: number; num: number }>({
  type: 'Unpack',
  infer: ([x], a) => {
    if (x.shape.rank === null) return new Array(a.num).fill({ dtype: x.dtype, shape: TensorShape.unknown() });
    const r = x.shape.rank;
    if (a.axis < -r || a.axis >= r) throw new ValueError(`Invalid axis: ${a.axis}; must be in [${-r},${r})`);
    const ax = a.axis < 0 ? a.axis + r : a.axis;
    const d = x.shape.dims![ax];
    if (d !== null && d !== a.num) throw new ValueError(`Dimension must be ${a.num} but is ${d}`);
    const dims = x.shape.dims!.filter((_, i) => i !== ax);
    return new Array(a.num).fill({ dtype: x.dtype, shape: new TensorShape(dims) });
  },
  kernel: ([x], a) => {
    const ax = a.axis < 0 ? a.axis + x.rank : a.axis;
    if (x.shape[ax] !== a.num) throw new InvalidArgumentError(`Input shape axis ${ax} must equal ${a.num}, got shape [${x.shape.join(',')}]`);
    const rest = x.shape.filter((_, i) => i !== ax);
    return Array.from({ length: a.num }, (_, i) => sliceAxis(x, ax, i, 1).reshape(rest));
  },
  grad: (op, grads) => {
    if (grads.every(g => !g)) return [null];
    const filled = grads.map((g, i) => g ?? zerosLike(op.outputs[i]));
    return [stack(filled, { axis: op.attrs.axis })];
  },
});

// ---- autopacking ----------------------------------------------------------------------------

/** A tensor-like value, or a (nested) list that may mix tensors and numbers (autopacked). */
export type Packable = TensorLike | readonly Packable[];

const hasTensor = (v: unknown): boolean =>
  v instanceof Tensor || isTensorConvertible(v) || (Array.isArray(v) && v.some(hasTensor));
const firstDType = (v: unknown): DType | null => {
  if (v instanceof Tensor) return v.dtype;
  if (isTensorConvertible(v)) return v.toTensor().dtype;
  if (Array.isArray(v)) for (const e of v) { const d = firstDType(e); if (d) return d; }
  return null;
};

/**
 * TF's _autopacking_helper: a nested list holding tensors becomes Pack ops named `name`
 * (inner lists by their index), with plain elements as Consts named by their index.
 */
export function packList(values: readonly unknown[], name: string, dtype?: DType): Tensor {
  const dt = dtype ?? firstDType(values) ?? undefined;
  return withScope(undefined, name, values, (scope, g) => {
    const elems = values.map((v, i) => {
      if (v instanceof Tensor || isTensorConvertible(v)) {
        const t = convertToTensor(v as TensorLike);
        if (dt && t.dtype !== dt) throw new TypeError(`Cannot convert a list containing a tensor of dtype ${t.dtype} to ${dt} (Tensor is: ${t.toString()})`);
        return t;
      }
      if (Array.isArray(v) && hasTensor(v)) return packList(v, String(i), dt);
      return v;
    });
    const ts = elems.map((e, i) => (e instanceof Tensor ? e : constant(e as TensorLike as never, { dtype: dt, name: String(i) })));
    return refined(g.addOp(Pack, ts, { axis: 0, N: ts.length }, { name: scope }));
  });
}

/**
 * tf.convert_to_tensor with autopacking: a list containing tensors becomes a Pack named
 * `name`, anything else a Const named `name` (with `dtypeHint` for plain numbers).
 */
export function toTensorAuto(value: Packable, name: string, dtypeHint?: DType, dtype?: DType): Tensor {
  if (Array.isArray(value) && hasTensor(value)) return packList(value, name, dtype);
  return convertToTensor(value as TensorLike, { name, dtypeHint, dtype: value instanceof Tensor ? undefined : dtype });
}

/** Stacks same-shape NDArrays along a new first axis (one Const, as numpy would). */
function stackArrays(xs: NDArray[]): NDArray {
  const s = xs[0].shape;
  if (xs.some(x => x.dtype !== xs[0].dtype || x.shape.length !== s.length || x.shape.some((d, i) => d !== s[i]))) {
    throw new ValueError('stack: all NDArrays must have the same dtype and shape');
  }
  return concatArrays(xs.map(x => x.reshape([1, ...s])), 0, xs[0].dtype);
}

// ---- builders -------------------------------------------------------------------------------

/**
 * Stacks a list of rank-R tensors into one rank-(R+1) tensor along `axis` (tf.stack, op
 * Pack). With axis 0 and only constants, TF makes a single Const named 'stack'.
 *
 * ```ts
 * tf.stack([tf.constant([1, 2]), tf.constant([3, 4])], 1);   // [[1, 3], [2, 4]]
 * ```
 */
export function stack(values: readonly Packable[], axisOrOpts: number | { axis?: number; name?: string } = 0, opts: { name?: string } = {}): Tensor {
  const o = typeof axisOrOpts === 'number' ? { ...opts, axis: axisOrOpts } : axisOrOpts;
  const axis = o.axis ?? 0;
  const name = o.name ?? 'stack';
  if (axis === 0) {
    if (hasTensor(values)) return packList(values, name);
    if (values.length && values.every(v => v instanceof NDArray)) return constant(stackArrays(values as NDArray[]), { name });
    return constant(values as never, { name });
  }
  const first = values[0] instanceof Tensor ? values[0] : null;
  const rank = first ? first.shape.rank : null;
  if (rank !== null) {
    const r = rank + 1;
    if (axis < -r || axis >= r) throw new ValueError(`Argument \`axis\` = ${axis} not in range [${-r}, ${r})`);
  }
  return withScope(undefined, name, values, (scope, g) => {
    const dt = firstDType(values) ?? undefined;
    const ts = values.map((v, i) => toTensorAuto(v, `values_${i}`, undefined, dt));
    return refined(g.addOp(Pack, ts, { axis, N: ts.length }, { name: scope }));
  });
}

/**
 * Splits a tensor into a list along `axis` (tf.unstack, op Unpack); `num` defaults to the
 * static size of that axis.
 *
 * ```ts
 * const [a, b] = tf.unstack(tf.constant([[1, 2], [3, 4]]));
 * b;   // [3, 4]
 * ```
 */
export function unstack(value: TensorLike, numOrOpts: number | null | { num?: number; axis?: number; name?: string } = {}, opts: { axis?: number; name?: string } = {}): Tensor[] {
  const o = typeof numOrOpts === 'number' || numOrOpts === null ? { ...opts, num: numOrOpts ?? undefined } : numOrOpts;
  const axis = o.axis ?? 0;
  return withScope(o.name, 'unstack', [value], (scope, g) => {
    const x = convertToTensor(value, { name: 'value' });
    let num = o.num;
    if (num === undefined) {
      const r = x.shape.rank;
      if (r !== null) {
        if (axis < -r || axis >= r) throw new ValueError(`Argument \`axis\` = ${axis} not in range [${-r}, ${r})`);
        num = x.shape.dims![axis < 0 ? axis + r : axis] ?? undefined;
      }
      if (num === undefined) throw new ValueError(`Cannot infer argument \`num\` from shape ${x.shape.toString()}`);
    }
    return g.addOp(Unpack, [x], { axis, num }, { name: scope }).outputs;
  });
}

import { zerosLike } from './fill.js';
import { refined } from './fold.js';

installAutoPack((values, name, dtype) => packList(values, name, dtype));
