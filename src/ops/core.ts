// What every op builder uses: converting JS values to tensors (tf.convert_to_tensor),
// choosing the graph from the inputs, TF's name_scope(name, default) idiom, and the
// Const / Placeholder / Identity ops that conversion itself needs.

import { type DType, toDType } from '../framework/dtypes.js';
import { NDArray, toNDArray, sharedBuffers, type ValueLike } from '../framework/ndarray.js';
import { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import { Graph, getDefaultGraph, installConstantValue } from '../framework/graph.js';
import { defineOp, type Attrs, type OpDef } from '../framework/op_def.js';
import { TensorShape, type ShapeLike } from '../framework/tensor_shape.js';
import { ValueError } from '../framework/errors.js';

/** Anything convertible to a tensor: tensors, variables (their value), JS values, NDArrays. */
export type TensorLike = Tensor | ValueLike | { toTensor(): Tensor };

export interface NameOpt { name?: string }

export function isTensorConvertible(x: unknown): x is { toTensor(): Tensor } {
  return typeof x === 'object' && x !== null && typeof (x as { toTensor?: unknown }).toTensor === 'function';
}

/** The graph of the first tensor among `values`, checking they all share it; else the default. */
export function graphOf(values: readonly unknown[], opName?: string): Graph {
  let g: Graph | null = null;
  let first: Tensor | null = null;
  for (const v of values) {
    const t = v instanceof Tensor ? v : isTensorConvertible(v) ? v.toTensor() : null;
    if (!t) continue;
    if (!g) { g = t.graph; first = t; } else if (t.graph !== g) {
      throw new ValueError(`${t.toString()} must be from the same graph as ${first!.toString()}${opName ? ` (in '${opName}')` : ''}.`);
    }
  }
  return g ?? getDefaultGraph();
}

/**
 * TF's `with ops.name_scope(name, defaultName, values) as scope:` — opens `name` (or
 * `defaultName`) as a scope in the inputs' graph and passes the scope (with its '/').
 */
export function withScope<T>(name: string | undefined, defaultName: string, values: readonly unknown[], fn: (scope: string, g: Graph) => T): T {
  const g = graphOf(values, name ?? defaultName);
  const run = () => g.nameScope(name ?? defaultName, scope => fn(scope, g));
  return g === getDefaultGraph() ? run() : g.asDefault(run);
}

// ---- Const ---------------------------------------------------------------------------------

export interface ConstAttrs extends Attrs {
  value: NDArray;
  dtype: DType;
  /** When a shorter value was filled out to `shape`: how many values were given (TF writes only those). */
  filledFrom?: number;
}

export const Const = defineOp<ConstAttrs>({
  type: 'Const',
  infer: (_, a) => [{ dtype: a.dtype, shape: new TensorShape(a.value.shape) }],
  kernel: (_, a) => { sharedBuffers.add(a.value.data); return a.value; },
});

/**
 * A constant tensor (tf.constant). With `shape`, a scalar or a value with fewer elements
 * is broadcast/filled as TF does.
 *
 * ```ts
 * const c = tf.constant([[1, 2], [3, 4]]);   // Tensor("Const:0", shape=(2, 2), dtype=int32)
 * ```
 */
export function constant<D extends DType = DType>(value: ValueLike, dtypeOrOpts?: D | (NameOpt & { dtype?: D; shape?: readonly number[] }), maybeShape?: readonly number[]): Tensor<D> {
  const opts = typeof dtypeOrOpts === 'string' ? { dtype: dtypeOrOpts, shape: maybeShape } : (dtypeOrOpts ?? {});
  const dtype = opts.dtype ? toDType(opts.dtype) : undefined;
  let arr = toNDArray(value, dtype, true);
  const given = arr.size;
  if (opts.shape) arr = reshapeConstant(arr, opts.shape);
  const attrs: ConstAttrs = { value: arr, dtype: arr.dtype };
  if (given < arr.size) attrs.filledFrom = given;
  const g = getDefaultGraph();
  return g.addOp(Const, [], attrs, { name: opts.name ?? 'Const' }).outputs[0] as Tensor<D>;
}

function reshapeConstant(arr: NDArray, shape: readonly number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  if (arr.size === n) return arr.reshape(shape);
  if (arr.size === 1 || arr.size < n) {
    // TF fills a scalar, and repeats the last element of a shorter list
    const out = NDArray.zeros(arr.dtype, shape);
    const src = arr.data as ArrayLike<unknown> as unknown[];
    const dst = out.data as unknown as unknown[];
    if (arr.dtype === 'complex64') {
      for (let i = 0; i < n; i++) { const k = Math.min(i, arr.size - 1); dst[2 * i] = src[2 * k]; dst[2 * i + 1] = src[2 * k + 1]; }
    } else for (let i = 0; i < n; i++) dst[i] = src[Math.min(i, arr.size - 1)];
    return out;
  }
  throw new TypeError(`Too many elements provided. Needed at most ${n}, but received ${arr.size}`);
}

/**
 * Converts a value to a Tensor (tf.convert_to_tensor): tensors pass through (their dtype
 * must match `dtype`), variables give their value, JS values become a Const.
 */
export function convertToTensor(value: TensorLike, opts: { dtype?: DType; name?: string; dtypeHint?: DType } = {}): Tensor {
  if (value instanceof Tensor) {
    if (opts.dtype && value.dtype !== opts.dtype) {
      throw new TypeError(`Tensor conversion requested dtype ${opts.dtype} for Tensor with dtype ${value.dtype}: ${value.toString()}`);
    }
    return value;
  }
  if (isTensorConvertible(value)) return convertToTensor(value.toTensor(), opts);
  if (Array.isArray(value) && autoPack && containsTensor(value)) return autoPack(value, opts.name ?? 'packed', opts.dtype);
  if (value === undefined || value === null) {
    throw new TypeError(`Cannot convert ${String(value)} to a Tensor${opts.name ? ` (argument '${opts.name}')` : ''}.`);
  }
  let dtype = opts.dtype;
  if (!dtype && opts.dtypeHint && !(value instanceof NDArray) && !ArrayBuffer.isView(value)) {
    // a Python literal adopts the hinted dtype when it converts cleanly (as dtype_hint)
    try {
      return constant(toNDArray(value, opts.dtypeHint, true), { name: opts.name ?? 'Const' });
    } catch { /* fall through to inference */ }
  }
  dtype ??= undefined;
  return constant(toNDArray(value, dtype, true), { name: opts.name ?? 'Const' });
}

/** TF's autopacking (a list holding tensors becomes a Pack op), installed by array/pack.ts. */
let autoPack: ((values: readonly unknown[], name: string, dtype?: DType) => Tensor) | null = null;
export function installAutoPack(f: typeof autoPack): void { autoPack = f; }
function containsTensor(v: readonly unknown[]): boolean {
  return v.some(e => e instanceof Tensor || isTensorConvertible(e) || (Array.isArray(e) && containsTensor(e)));
}

/** Converts `value` for a binary op whose other operand has dtype `like` (TF's operator rules). */
export function convertLike(value: TensorLike, like: DType, name: string): Tensor {
  if (value instanceof Tensor || isTensorConvertible(value) || (Array.isArray(value) && containsTensor(value))) return convertToTensor(value, { name });
  return convertToTensor(toNDArrayFor(value, like, name), { name });
}
function toNDArrayFor(value: ValueLike, dtype: DType, name: string): NDArray {
  try {
    return toNDArray(value, dtype, true);
  } catch (e) {
    throw new TypeError(`Cannot convert ${JSON.stringify(value)} to EagerTensor of dtype ${dtype} (argument '${name}'): ${(e as Error).message}`);
  }
}

export function isTensorLikeValue(x: unknown): boolean {
  return x instanceof Tensor || isTensorConvertible(x);
}

/** Adds one op to the graph and returns its first output. */
export function addOp1<A extends Attrs>(def: OpDef<A>, inputs: Tensor[], attrs: A, name?: string, graph?: Graph): Tensor {
  const g = graph ?? (inputs.length ? inputs[0].graph : getDefaultGraph());
  return g.addOp(def, inputs, attrs, { name }).outputs[0];
}
export function addOpN<A extends Attrs>(def: OpDef<A>, inputs: Tensor[], attrs: A, name?: string, graph?: Graph): Operation<A> {
  const g = graph ?? (inputs.length ? inputs[0].graph : getDefaultGraph());
  return g.addOp(def, inputs, attrs, { name });
}

// ---- Placeholder / PlaceholderWithDefault / Identity --------------------------------------

export interface PlaceholderAttrs extends Attrs { dtype: DType; shape: TensorShape }
export const Placeholder = defineOp<PlaceholderAttrs>({
  type: 'Placeholder',
  infer: (_, a) => [{ dtype: a.dtype, shape: a.shape }],
  kernel: () => { throw new Error('unreachable: unfed placeholders are reported by the plan'); },
  stateful: true,
});

/**
 * A placeholder to feed at run time (tf.placeholder). `shape` may contain null dims.
 *
 * ```ts
 * const x = tf.placeholder('float32', [null, 3], 'x');
 * ```
 */
export function placeholder<D extends DType>(dtype: D | 'float' | 'double', shape?: ShapeLike, nameOrOpts?: string | NameOpt): Tensor<D> {
  const name = typeof nameOrOpts === 'string' ? nameOrOpts : nameOrOpts?.name;
  const dt = toDType(dtype) as D;
  return getDefaultGraph().addOp(Placeholder, [], { dtype: dt, shape: TensorShape.from(shape) }, { name: name ?? 'Placeholder' }).outputs[0] as Tensor<D>;
}

export const PlaceholderWithDefault = defineOp<{ dtype: DType; shape: TensorShape }>({
  type: 'PlaceholderWithDefault',
  infer: ([x], a) => {
    if (!x.shape.isCompatibleWith(a.shape)) throw new ValueError(`Default value of shape ${x.shape.toDebugString()} is not compatible with shape ${a.shape.toDebugString()}`);
    return [{ dtype: x.dtype, shape: a.shape }];
  },
  kernel: ([x]) => x,
  grad: (_, [dy]) => [dy],
});

/** A placeholder that yields `input` when not fed (tf.placeholder_with_default). */
export function placeholderWithDefault<D extends DType>(input: TensorLike, shape: ShapeLike, name?: string): Tensor<D> {
  return withScope(name, 'PlaceholderWithDefault', [input], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    return g.addOp(PlaceholderWithDefault, [x], { dtype: x.dtype, shape: TensorShape.from(shape) }, { name: scope }).outputs[0] as Tensor<D>;
  });
}

export const Identity = defineOp({
  type: 'Identity',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  kernel: ([x]) => x,
  grad: (_, [dy]) => [dy],
});

/** Returns a tensor with the same value (tf.identity). */
export function identity<D extends DType>(input: Tensor<D> | TensorLike, name?: string): Tensor<D> {
  const x = convertToTensor(input);
  return addOp1(Identity, [x], {}, name ?? 'Identity') as Tensor<D>;
}

// ---- constant_value (for shape functions) ---------------------------------------------------

installConstantValue((t: Tensor) => {
  const op = t.op;
  if (op.type === 'Const') return (op.attrs as ConstAttrs).value;
  if (op.type === 'Shape' && t.op.inputs[0].shape.isFullyDefined) {
    const dims = t.op.inputs[0].shape.dims as number[];
    return toNDArray(dims, (op.attrs as { outType: DType }).outType ?? 'int32');
  }
  if (op.type === 'Identity') {
    const src = op.inputs[0];
    if (src.op.type === 'Const') return (src.op.attrs as ConstAttrs).value;
  }
  return null;
});
