// NDArray: the value type. A dtype, a concrete shape and row-major data in a typed array
// (int64 in a BigInt64Array, strings as JS strings, complex64 interleaved re/im).

import {
  type DType, type DataFor, type AnyData, allocData, isFloating, isInteger, isUnsigned, roundHalf,
} from './dtypes.js';
import { sizeOf } from './tensor_shape.js';
import { formatNDArray } from './format.js';

export interface Complex { re: number; im: number }
export type ScalarFor<D extends DType> =
  D extends 'int64' ? bigint :
  D extends 'bool' ? boolean :
  D extends 'string' ? string :
  D extends 'complex64' ? Complex :
  number;
export type Scalar = number | bigint | boolean | string | Complex;
/**
 * What item()/get() return: exact when the dtype is known statically (bigint for int64,
 * boolean for bool, ...); `number` when it is not (a Tensor whose dtype the type system
 * does not know — the common case is numeric; check `dtype` first for strings, bools and
 * int64). The `infer` keeps NDArray covariant in D.
 */
export type ItemOf<D extends DType> = [D] extends [infer X extends DType] ? (DType extends X ? number : ScalarFor<X>) : never;

export type NestedArray<T> = T | NestedArray<T>[];

/**
 * Buffers owned by the graph or a session (constants' values, variables' storage): a
 * Session copies them before handing results to the caller, so mutating a fetched array
 * never changes a constant or a variable.
 */
export const sharedBuffers = new WeakSet<object>();

export class NDArray<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: DataFor<D>;

  constructor(dtype: D, shape: readonly number[], data: DataFor<D>) {
    const n = sizeOf(shape);
    const len = dtype === 'complex64' ? data.length / 2 : data.length;
    if (len !== n) {
      throw new RangeError(`NDArray of dtype ${dtype} and shape [${shape.join(',')}] needs ${n} elements, but its data holds ${len}.`);
    }
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  static zeros<D extends DType>(dtype: D, shape: readonly number[]): NDArray<D> {
    return new NDArray(dtype, shape, allocData(dtype, sizeOf(shape)));
  }

  get size(): number { return sizeOf(this.shape); }
  get rank(): number { return this.shape.length; }
  get ndim(): number { return this.shape.length; }

  /** The value of a one-element array, as TF's `.item()` (numpy) gives it. */
  item(): ItemOf<D> {
    if (this.size !== 1) {
      throw new RangeError(`item() needs an array of exactly one element; this one has shape [${this.shape.join(',')}] (${this.size} elements).`);
    }
    return this.at(0) as ItemOf<D>;
  }

  /** Element at flat (row-major) index i. */
  at(i: number): Scalar {
    return elementAt(this.dtype, this.data, i);
  }

  /** Element at a multi-index. */
  get(...index: number[]): ItemOf<D> {
    if (index.length !== this.shape.length) {
      throw new RangeError(`get() takes ${this.shape.length} indices for shape [${this.shape.join(',')}], got ${index.length}.`);
    }
    let flat = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i] < 0 ? index[i] + this.shape[i] : index[i];
      if (!(k >= 0 && k < this.shape[i])) throw new RangeError(`index ${index[i]} is out of bounds for axis ${i} with size ${this.shape[i]}`);
      flat = flat * this.shape[i] + k;
    }
    return this.at(flat) as ItemOf<D>;
  }

  /** Nested JS arrays (a scalar for rank 0). */
  toArray(): NestedArray<ScalarFor<D>> {
    const build = (dim: number, offset: number): NestedArray<ScalarFor<D>> => {
      if (dim === this.shape.length) return this.at(offset) as ScalarFor<D>;
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: NestedArray<ScalarFor<D>>[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** Flat JS array of the elements. */
  toFlat(): ScalarFor<D>[] {
    const out: ScalarFor<D>[] = new Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i) as ScalarFor<D>;
    return out;
  }

  reshape(shape: readonly number[]): NDArray<D> { return new NDArray(this.dtype, shape, this.data); }

  /** Prints like NumPy: `[[1. 2.]\n [3. 4.]]`, `5`, `b'Hello'`. */
  toString(): string { return formatNDArray(this); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return formatNDArray(this); }
}

export function elementAt(dtype: DType, data: AnyData, i: number): Scalar {
  switch (dtype) {
    case 'bool': return (data as Uint8Array)[i] !== 0;
    case 'complex64': return { re: (data as Float32Array)[2 * i], im: (data as Float32Array)[2 * i + 1] };
    default: return (data as ArrayLike<number | bigint | string>)[i];
  }
}

// ---- converting JS values ---------------------------------------------------------------

export type TypedArrayLike =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array;
export type ValueLike =
  | Scalar | NDArray | TypedArrayLike | NestedArray<number> | NestedArray<boolean>
  | NestedArray<bigint> | NestedArray<string> | NestedArray<Scalar>;

function typedArrayDType(x: ArrayBufferView): DType | null {
  if (x instanceof Float32Array) return 'float32';
  if (x instanceof Float64Array) return 'float64';
  if (x instanceof Int32Array) return 'int32';
  if (x instanceof Int16Array) return 'int16';
  if (x instanceof Int8Array) return 'int8';
  if (x instanceof Uint8Array) return 'uint8';
  if (x instanceof Uint16Array) return 'uint16';
  if (x instanceof BigInt64Array) return 'int64';
  return null;
}

/** Infers TF's dtype for a Python-like value: ints -> int32 (int64 if too big), floats -> float32. */
export function inferDType(value: unknown): DType {
  if (value instanceof NDArray) return value.dtype;
  if (ArrayBuffer.isView(value)) {
    const d = typedArrayDType(value);
    if (d) return d;
  }
  type Kind = 'int' | 'int64' | 'float' | 'bool' | 'string' | 'bigint' | 'complex';
  let kind = null as Kind | null;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) { for (const e of v) visit(e); return; }
    if (ArrayBuffer.isView(v)) { for (const e of Array.from(v as unknown as ArrayLike<number>)) visit(e); return; }
    let k: Kind;
    if (typeof v === 'number') {
      k = Number.isInteger(v) ? (v >= -(2 ** 31) && v < 2 ** 31 ? 'int' : 'int64') : 'float';
    } else if (typeof v === 'boolean') k = 'bool';
    else if (typeof v === 'string') k = 'string';
    else if (typeof v === 'bigint') k = 'bigint';
    else if (v && typeof v === 'object' && 're' in v && 'im' in v) k = 'complex';
    else throw new TypeError(`Cannot convert ${describe(v)} to a tensor value.`);
    if (kind === null) kind = k;
    else if (kind !== k) {
      const nums = ['int', 'int64', 'float'];
      if (nums.includes(kind) && nums.includes(k)) kind = kind === 'float' || k === 'float' ? 'float' : 'int64';
      else if ((kind === 'bigint' && (k === 'int' || k === 'int64')) || (k === 'bigint' && (kind === 'int' || kind === 'int64'))) kind = 'bigint';
      else throw new TypeError(`Cannot convert a list mixing ${kind} and ${k} values to a tensor.`);
    }
  };
  visit(value);
  switch (kind as Kind | null) {
    case null: return 'float32'; // [] is float32 in TF
    case 'int': return 'int32';
    case 'int64': case 'bigint': return 'int64';
    case 'float': return 'float32';
    case 'bool': return 'bool';
    case 'string': return 'string';
    case 'complex': return 'complex64';
  }
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'object') return `an object of type ${(v as object).constructor?.name ?? 'Object'}`;
  return `${JSON.stringify(v)} (${typeof v})`;
}

/** The shape of a nested JS array; throws on ragged input. */
export function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    const arr = v as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    v = arr[0];
  }
  const check = (x: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(x)) throw new TypeError(`Cannot convert a ragged nested array to a tensor (expected a scalar at depth ${dim}).`);
      return;
    }
    if (!Array.isArray(x) && !ArrayBuffer.isView(x)) throw new TypeError(`Cannot convert a ragged nested array to a tensor: expected a list of length ${shape[dim]} at depth ${dim}, got a scalar.`);
    const a = x as ArrayLike<unknown>;
    if (a.length !== shape[dim]) throw new TypeError(`Cannot convert a ragged nested array to a tensor: lengths ${shape[dim]} and ${a.length} at depth ${dim}.`);
    if (dim + 1 < shape.length || Array.isArray(a[0])) for (let i = 0; i < a.length; i++) check(a[i], dim + 1);
  };
  check(value, 0);
  return shape;
}

function flatten(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) { for (const e of value) flatten(e, out); return; }
  if (ArrayBuffer.isView(value)) { for (const e of Array.from(value as unknown as ArrayLike<unknown>)) out.push(e); return; }
  out.push(value);
}

/** Stores a JS scalar into element i of data with TF's conversion semantics. */
export function storeScalar(dtype: DType, data: AnyData, i: number, v: unknown, strict: boolean): void {
  const bad = (): never => {
    throw new TypeError(`Expected ${dtype}, got ${describe(v)} instead.`);
  };
  switch (dtype) {
    case 'string':
      if (typeof v !== 'string') bad();
      (data as string[])[i] = v as string;
      return;
    case 'bool':
      if (typeof v === 'boolean') (data as Uint8Array)[i] = v ? 1 : 0;
      else if (!strict && (typeof v === 'number' || typeof v === 'bigint')) (data as Uint8Array)[i] = v ? 1 : 0;
      else bad();
      return;
    case 'int64': {
      if (typeof v === 'bigint') (data as BigInt64Array)[i] = BigInt.asIntN(64, v);
      else if (typeof v === 'number' && Number.isFinite(v)) {
        if (strict && !Number.isInteger(v)) bad();
        (data as BigInt64Array)[i] = BigInt(Math.trunc(v));
      } else if (typeof v === 'boolean' && !strict) (data as BigInt64Array)[i] = v ? 1n : 0n;
      else bad();
      return;
    }
    case 'complex64': {
      const d = data as Float32Array;
      if (typeof v === 'number') { d[2 * i] = v; d[2 * i + 1] = 0; } else if (v && typeof v === 'object' && 're' in v) {
        d[2 * i] = (v as Complex).re; d[2 * i + 1] = (v as Complex).im;
      } else bad();
      return;
    }
    default: {
      let x: number;
      if (typeof v === 'number') x = v;
      else if (typeof v === 'bigint') x = Number(v);
      else if (typeof v === 'boolean' && !strict) x = v ? 1 : 0;
      else return bad();
      if (isInteger(dtype)) {
        if (strict && !Number.isInteger(x)) bad();
        if (strict && isUnsigned(dtype) && x < 0) {
          throw new TypeError(`Cannot convert ${x} to ${dtype}: negative value for an unsigned type.`);
        }
        x = Math.trunc(x);
      }
      (data as Float32Array)[i] = dtype === 'float16' ? roundHalf(x) : x;
    }
  }
}

/**
 * Converts any value a user may pass (number, boolean, bigint, string, nested arrays,
 * typed arrays, NDArray) to an NDArray. `strict` follows tf.constant (a float for an int
 * dtype is a TypeError); feeds use numpy's casting (truncation).
 */
export function toNDArray(value: unknown, dtype?: DType, strict = true): NDArray {
  if (value instanceof NDArray) {
    if (!dtype || dtype === value.dtype) return value;
    return castNDArray(value, dtype);
  }
  const d = dtype ?? inferDType(value);
  if (ArrayBuffer.isView(value) && typedArrayDType(value) === d && d !== 'bool') {
    const ta = value as unknown as AnyData;
    return new NDArray(d, [ta.length], ta as DataFor<typeof d>);
  }
  const shape = nestedShape(value);
  const flat: unknown[] = [];
  flatten(value, flat);
  const data = allocData(d, flat.length);
  for (let i = 0; i < flat.length; i++) storeScalar(d, data, i, flat[i], strict);
  return new NDArray(d, shape, data);
}

/** Element-by-element cast with TF's semantics (float->int truncates, ->bool is != 0). */
export function castNDArray<T extends DType>(x: NDArray, to: T): NDArray<T> {
  const n = x.size;
  const out = allocData(to, n);
  const from = x.dtype;
  if (from === to) return new NDArray(to, x.shape, (x.data as AnyData).slice() as DataFor<T>);
  if (to === 'string' || from === 'string') {
    throw new TypeError(`Cast between ${from} and ${to} is not supported (use tf.strings functions).`);
  }
  for (let i = 0; i < n; i++) {
    let v: number | bigint;
    if (from === 'complex64') v = (x.data as Float32Array)[2 * i];
    else if (from === 'int64') v = (x.data as BigInt64Array)[i];
    else v = (x.data as Float32Array)[i];
    if (to === 'bool') (out as Uint8Array)[i] = v !== 0 && v !== 0n ? 1 : 0; // NaN is true, as in TF
    else if (to === 'int64') {
      (out as BigInt64Array)[i] = typeof v === 'bigint' ? v : Number.isFinite(v) ? BigInt(Math.trunc(v)) : (v > 0 ? 2n ** 63n - 1n : -(2n ** 63n));
    } else if (to === 'complex64') { (out as Float32Array)[2 * i] = Number(v); } else {
      let num = Number(v);
      if (isInteger(to)) {
        if (typeof v === 'bigint') { (out as Int32Array)[i] = Number(BigInt.asIntN(32, v)); continue; }
        num = Number.isNaN(num) ? 0 : Math.trunc(num);
        if (!Number.isFinite(num)) num = num > 0 ? 2 ** 31 - 1 : -(2 ** 31);
      } else if (to === 'float16') num = roundHalf(num);
      (out as Float32Array)[i] = num;
    }
  }
  return new NDArray(to, x.shape, out);
}

export function isFloatData(d: DType): boolean { return isFloating(d); }
