// NDArray <-> TensorProto and TensorShape <-> TensorShapeProto, as TensorFlow writes and
// reads them (tensor_util.make_tensor_proto / MakeNdarray, Tensor::FromProto): several
// numeric values go in tensor_content (raw little-endian bytes), scalars, strings, bools
// and complex numbers in the typed *_val fields; float16 as its bit patterns in half_val;
// int64 exact. Reading repeats the last *_val value when there are fewer than the shape needs.

import { type DType, allocData, dtypeSize, roundHalf } from '../framework/dtypes.js';
import { NDArray } from '../framework/ndarray.js';
import { TensorShape } from '../framework/tensor_shape.js';
import { InvalidArgumentError, UnimplementedError } from '../framework/errors.js';
import { int64ToJs } from './proto_message.js';
import type { TensorProto, TensorShapeProto, Int64 } from './graph_def_types.js';

// ---- dtypes -----------------------------------------------------------------------------------

const DT: Record<DType, string> = {
  float32: 'DT_FLOAT', float64: 'DT_DOUBLE', int32: 'DT_INT32', uint8: 'DT_UINT8', int16: 'DT_INT16', int8: 'DT_INT8',
  string: 'DT_STRING', complex64: 'DT_COMPLEX64', int64: 'DT_INT64', bool: 'DT_BOOL', qint8: 'DT_QINT8',
  quint8: 'DT_QUINT8', qint32: 'DT_QINT32', uint16: 'DT_UINT16', float16: 'DT_HALF',
};
const FROM_DT = new Map(Object.entries(DT).map(([d, n]) => [n, d as DType]));
const ENUM_NAMES: Record<number, string> = {
  0: 'DT_INVALID', 1: 'DT_FLOAT', 2: 'DT_DOUBLE', 3: 'DT_INT32', 4: 'DT_UINT8', 5: 'DT_INT16', 6: 'DT_INT8', 7: 'DT_STRING',
  8: 'DT_COMPLEX64', 9: 'DT_INT64', 10: 'DT_BOOL', 11: 'DT_QINT8', 12: 'DT_QUINT8', 13: 'DT_QINT32', 14: 'DT_BFLOAT16',
  15: 'DT_QINT16', 16: 'DT_QUINT16', 17: 'DT_UINT16', 18: 'DT_COMPLEX128', 19: 'DT_HALF', 20: 'DT_RESOURCE',
  21: 'DT_VARIANT', 22: 'DT_UINT32', 23: 'DT_UINT64',
};

/** TF's DataType name for a dtype: 'float32' -> 'DT_FLOAT' ('DT_FLOAT_REF' for a reference). */
export function dtypeToProto(d: DType, ref = false): string {
  const n = DT[d];
  if (!n) throw new TypeError(`Not a dtype: ${String(d)}`);
  return ref ? `${n}_REF` : n;
}

/** The DataType enum name for a name or number ('DT_FLOAT', 1, 101 -> 'DT_FLOAT_REF'). */
export function dataTypeName(v: string | number): string {
  if (typeof v === 'string') return v;
  if (v > 100) return `${ENUM_NAMES[v - 100] ?? v - 100}_REF`;
  return ENUM_NAMES[v] ?? `DataType(${v})`;
}

/** A DataType (name or enum number) as our dtype and whether it is a `_REF` type; unsupported types throw. */
export function dtypeFromProto(v: string | number | undefined, where = ''): { dtype: DType; ref: boolean } {
  let name = dataTypeName(v ?? 0);
  const ref = name.endsWith('_REF');
  if (ref) name = name.slice(0, -4);
  const d = FROM_DT.get(name);
  if (!d) {
    throw new UnimplementedError(`tensorgraph does not support the TensorFlow dtype ${name}${where ? ` (${where})` : ''}; supported: ${[...FROM_DT.keys()].join(', ')}.`);
  }
  return { dtype: d, ref };
}

// ---- shapes -----------------------------------------------------------------------------------

/** A (partial) shape as TensorShapeProto: unknown dims are -1, an unknown rank is unknown_rank. */
export function shapeToProto(shape: TensorShape | readonly (number | null)[] | null): TensorShapeProto {
  const s = shape instanceof TensorShape ? shape : TensorShape.from(shape);
  if (s.dims === null) return { unknown_rank: true };
  return s.dims.length ? { dim: s.dims.map(d => (d === null ? { size: -1 } : d === 0 ? {} : { size: d })) } : {};
}

/** A TensorShapeProto as a TensorShape (-1 or any negative size = unknown dim). */
export function shapeFromProto(p: TensorShapeProto | undefined | null): TensorShape {
  if (!p) return TensorShape.scalar();
  if (p.unknown_rank) return TensorShape.unknown();
  return new TensorShape((p.dim ?? []).map(d => {
    const n = Number(d.size ?? 0);
    return n < 0 ? null : n;
  }));
}

// ---- float16 bits -----------------------------------------------------------------------------

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of x (round to nearest even). */
export function halfBits(x: number): number {
  const h = roundHalf(x); // exactly representable as a half from here on
  f32[0] = h;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  if (Number.isNaN(h)) return 0x7e00;
  const a = Math.abs(h);
  if (a === Infinity) return sign | 0x7c00;
  if (a === 0) return sign;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24); // subnormal
  const exp = ((b >>> 23) & 0xff) - 127 + 15;
  return sign | (exp << 10) | ((b >>> 13) & 0x3ff);
}

export function halfFromBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

// ---- NDArray -> TensorProto -------------------------------------------------------------------

/** dtypes TF writes as raw tensor_content when there are several values (tensor_util._TENSOR_CONTENT_TYPES). */
const CONTENT_TYPES = new Set<DType>(['float16', 'float32', 'float64', 'int32', 'uint8', 'int16', 'int8', 'int64', 'qint8', 'quint8', 'qint32']);
const VAL_FIELD: Record<DType, keyof TensorProto> = {
  float16: 'half_val', float32: 'float_val', float64: 'double_val', int32: 'int_val', uint8: 'int_val', int16: 'int_val',
  int8: 'int_val', uint16: 'int_val', qint8: 'int_val', quint8: 'int_val', qint32: 'int_val', int64: 'int64_val',
  bool: 'bool_val', string: 'string_val', complex64: 'scomplex_val',
};

function allSame(data: ArrayLike<unknown>, stride: number): boolean {
  for (let i = stride; i < data.length; i++) if (!Object.is(data[i], data[i % stride])) return false;
  return true;
}

function valsOf(a: NDArray, count: number): unknown[] {
  const d = a.data as ArrayLike<unknown>;
  const w = a.dtype === 'complex64' ? 2 : 1;
  const out: unknown[] = new Array(count * w);
  for (let i = 0; i < count * w; i++) {
    const v = d[i];
    switch (a.dtype) {
      case 'float16': out[i] = halfBits(v as number); break;
      case 'int64': out[i] = int64ToJs(v as bigint); break;
      case 'bool': out[i] = v !== 0; break;
      case 'string': out[i] = new TextEncoder().encode(v as string); break;
      default: out[i] = v;
    }
  }
  return out;
}

/**
 * A TensorProto for an NDArray (tf.make_tensor_proto): several elements of a numeric dtype
 * as tensor_content, otherwise the typed *_val field. TF writes filled constants
 * (tf.zeros, tf.constant(v, {shape})) by the values given, which readers repeat: `given` is
 * that count; `compact` writes a tensor whose elements are all equal as one value.
 *
 * ```ts
 * const tp = tf.makeTensorProto(tf.NDArray.zeros('float32', [2, 2]), { compact: true });  // float_val: [0]
 * ```
 */
export function makeTensorProto(a: NDArray, opts: { compact?: boolean; given?: number } = {}): TensorProto {
  const tp: TensorProto = { dtype: dtypeToProto(a.dtype), tensor_shape: shapeToProto(a.shape) };
  const n = a.size;
  if (n === 0) return tp;
  const w = a.dtype === 'complex64' ? 2 : 1;
  let given = opts.given !== undefined && opts.given >= 1 && opts.given < n ? Math.floor(opts.given) : n;
  if (given === n && n > 1 && opts.compact && allSame(a.data as ArrayLike<unknown>, w)) given = 1;
  if (given === n && n > 1 && CONTENT_TYPES.has(a.dtype)) tp.tensor_content = contentBytes(a);
  else (tp as Record<string, unknown>)[VAL_FIELD[a.dtype]] = valsOf(a, given);
  return tp;
}

function contentBytes(a: NDArray): Uint8Array {
  if (a.dtype === 'float16') {
    const bits = new Uint16Array(a.size);
    const src = a.data as Float32Array;
    for (let i = 0; i < bits.length; i++) bits[i] = halfBits(src[i]);
    return new Uint8Array(bits.buffer);
  }
  const d = a.data as Exclude<NDArray['data'], string[]>;
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
}

// ---- TensorProto -> NDArray -------------------------------------------------------------------

/**
 * The value of a TensorProto (tf.make_ndarray). Accepts decoded protos (int64 as numbers,
 * bigints, strings or Longs; dtype as name or number).
 */
export function makeNdarray(tp: TensorProto, where = ''): NDArray {
  const bad = (msg: string): never => { throw new InvalidArgumentError(`Invalid TensorProto${where ? ` (${where})` : ''}: ${msg}`); };
  const { dtype } = dtypeFromProto(tp.dtype, where);
  const shape = shapeFromProto(tp.tensor_shape);
  if (!shape.isFullyDefined) bad(`its shape ${shape.toDebugString()} is not fully defined.`);
  const dims = shape.dims as number[];
  const n = dims.reduce((x, y) => x * y, 1);
  const w = dtype === 'complex64' ? 2 : 1;
  const content = tp.tensor_content;
  if (content && content.length) {
    if (dtype === 'string') bad('string tensors cannot use tensor_content.');
    const size = dtype === 'float16' ? 2 : dtype === 'bool' ? 1 : dtypeSize(dtype);
    if (content.length !== n * size) bad(`tensor_content holds ${content.length} bytes, but shape [${dims.join(',')}] of dtype ${dtype} needs ${n * size}.`);
    return fromContent(dtype, dims, content);
  }
  const vals = (tp as Record<string, unknown>)[VAL_FIELD[dtype]] as ArrayLike<unknown> | undefined;
  const m = vals ? vals.length : 0;
  if (m > n * w || m % w) bad(`it has ${m / w} values, but shape [${dims.join(',')}] holds ${n}.`);
  const data = allocData(dtype, n);
  if (m === 0) return new NDArray(dtype, dims, data); // TF fills with zeros
  const out = data as unknown as unknown[];
  for (let i = 0; i < n * w; i++) {
    // fewer values than the shape: the last one repeats (for complex, the last pair)
    const k = i < m ? i : m - w + (i % w);
    const v = vals![k];
    switch (dtype) {
      case 'float16': out[i] = halfFromBits(Number(v)); break;
      case 'int64': out[i] = BigInt(int64ToJs(v as Int64)); break;
      case 'bool': out[i] = v ? 1 : 0; break;
      case 'string': out[i] = new TextDecoder().decode(v as Uint8Array); break;
      default: out[i] = Number(v);
    }
  }
  return new NDArray(dtype, dims, data);
}

function fromContent(dtype: DType, dims: number[], content: Uint8Array): NDArray {
  const copy = new Uint8Array(content.length); // aligned copy (content may be a view into a larger buffer)
  copy.set(content);
  const buf = copy.buffer;
  switch (dtype) {
    case 'float16': {
      const bits = new Uint16Array(buf);
      const out = new Float32Array(bits.length);
      for (let i = 0; i < bits.length; i++) out[i] = halfFromBits(bits[i]);
      return new NDArray(dtype, dims, out);
    }
    case 'bool': return new NDArray(dtype, dims, new Uint8Array(buf).map(b => (b ? 1 : 0)));
    default: {
      const sample = allocData(dtype, 0) as unknown as { constructor: new (b: ArrayBuffer) => NDArray['data'] };
      return new NDArray(dtype, dims, new sample.constructor(buf) as never);
    }
  }
}

