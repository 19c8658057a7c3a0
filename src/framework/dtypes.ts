// Every TensorFlow dtype the seeds use, with its storage and TF's enum number
// (types.proto: DT_FLOAT = 1, ...). Integer stores wrap exactly as TF's do,
// because typed-array stores convert modulo 2^bits.

export type DType =
  | 'float16' | 'float32' | 'float64'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16'
  | 'bool' | 'string' | 'complex64'
  | 'qint8' | 'quint8' | 'qint32';

/** The JavaScript storage of each dtype. complex64 is interleaved (re, im). */
export interface DataTypeMap {
  float16: Float32Array; // values rounded to half precision on every store
  float32: Float32Array;
  float64: Float64Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  bool: Uint8Array;
  string: string[];
  complex64: Float32Array;
  qint8: Int8Array;
  quint8: Uint8Array;
  qint32: Int32Array;
}
export type DataFor<D extends DType> = DataTypeMap[D];
export type NumericDType = Exclude<DType, 'string'>;
export type RealDType = Exclude<DType, 'string' | 'complex64' | 'bool'>;
export type FloatDType = 'float16' | 'float32' | 'float64';
export type TypedArray =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array;
export type AnyData = TypedArray | string[];

interface DTypeInfo {
  enumValue: number;            // types.proto DataType
  size: number;                 // bytes per element (0 for string)
  ctor: (n: number) => AnyData;
}

const info: Record<DType, DTypeInfo> = {
  float32: { enumValue: 1, size: 4, ctor: n => new Float32Array(n) },
  float64: { enumValue: 2, size: 8, ctor: n => new Float64Array(n) },
  int32: { enumValue: 3, size: 4, ctor: n => new Int32Array(n) },
  uint8: { enumValue: 4, size: 1, ctor: n => new Uint8Array(n) },
  int16: { enumValue: 5, size: 2, ctor: n => new Int16Array(n) },
  int8: { enumValue: 6, size: 1, ctor: n => new Int8Array(n) },
  string: { enumValue: 7, size: 0, ctor: n => new Array<string>(n).fill('') },
  complex64: { enumValue: 8, size: 8, ctor: n => new Float32Array(2 * n) },
  int64: { enumValue: 9, size: 8, ctor: n => new BigInt64Array(n) },
  bool: { enumValue: 10, size: 1, ctor: n => new Uint8Array(n) },
  qint8: { enumValue: 11, size: 1, ctor: n => new Int8Array(n) },
  quint8: { enumValue: 12, size: 1, ctor: n => new Uint8Array(n) },
  qint32: { enumValue: 13, size: 4, ctor: n => new Int32Array(n) },
  uint16: { enumValue: 17, size: 2, ctor: n => new Uint16Array(n) },
  float16: { enumValue: 19, size: 2, ctor: n => new Float32Array(n) },
};

export const ALL_DTYPES = Object.keys(info) as DType[];

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(info, x);
}

/** Accepts TF's spellings too: 'float' is float32, 'double' float64 (as `tf.placeholder("float")`). */
export function toDType(x: unknown, what = 'dtype'): DType {
  if (isDType(x)) return x;
  if (x === 'float') return 'float32';
  if (x === 'double') return 'float64';
  if (x === 'half') return 'float16';
  throw new TypeError(`${what} must be one of ${ALL_DTYPES.join(', ')}; got ${JSON.stringify(x)}.`);
}

export function allocData<D extends DType>(dtype: D, n: number): DataFor<D> {
  return info[dtype].ctor(n) as DataFor<D>;
}
export const dtypeEnum = (d: DType): number => info[d].enumValue;
export const dtypeSize = (d: DType): number => info[d].size;
export function dtypeFromEnum(e: number): DType {
  for (const d of ALL_DTYPES) if (info[d].enumValue === e) return d;
  throw new TypeError(`Unsupported TensorFlow DataType enum ${e}`);
}

export const isFloating = (d: DType): d is FloatDType => d === 'float16' || d === 'float32' || d === 'float64';
export const isComplex = (d: DType): boolean => d === 'complex64';
export const isQuantized = (d: DType): boolean => d === 'qint8' || d === 'quint8' || d === 'qint32';
export const isInteger = (d: DType): boolean =>
  d === 'int8' || d === 'int16' || d === 'int32' || d === 'int64' || d === 'uint8' || d === 'uint16' || isQuantized(d);
export const isUnsigned = (d: DType): boolean => d === 'uint8' || d === 'uint16' || d === 'quint8';
/** dtypes whose values a JS number holds exactly (everything but int64, string, complex). */
export const isRealNumber = (d: DType): boolean => d !== 'int64' && d !== 'string' && d !== 'complex64';

/** TF's C++ DataTypeString, used in run-time messages: float32 is 'float', float64 'double'. */
export function cDTypeName(d: DType): string {
  return d === 'float32' ? 'float' : d === 'float64' ? 'double' : d === 'float16' ? 'half' : d;
}

// ---- float16 rounding (round-to-nearest-even on the 10-bit mantissa) -------------------
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function roundHalf(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Infinity : -Infinity; // overflow rounds to inf
  if (a < 2 ** -24) {
    // below half of the smallest subnormal step: rounds to zero or the smallest subnormal
    return a > 2 ** -25 ? Math.sign(x) * 2 ** -24 : x * 0;
  }
  if (a < 2 ** -14) {
    // subnormal: fixed step 2^-24
    const q = a / 2 ** -24;
    const r = Math.round(q);
    const even = Math.abs(q - Math.trunc(q) - 0.5) < 1e-12 ? (Math.trunc(q) % 2 === 0 ? Math.trunc(q) : Math.trunc(q) + 1) : r;
    return Math.sign(x) * even * 2 ** -24;
  }
  f32[0] = x;
  let bits = u32[0];
  const lsb = (bits >>> 13) & 1;
  bits = (bits + 0xfff + lsb) & ~0x1fff; // round mantissa to 10 bits, ties to even
  u32[0] = bits >>> 0;
  return f32[0];
}
