// NumPy's .npy format (numpy/lib/_format_impl.py): read what np.save writes (format 1.0,
// 2.0 and 3.0, either byte order, C or Fortran order) and write files np.load reads,
// byte-for-byte what np.save would have written for the same array.

import { readFileSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type DType, type AnyData, allocData, roundHalf } from '../framework/dtypes.js';
import { NDArray, toNDArray, type ValueLike } from '../framework/ndarray.js';
import { ValueError, NotFoundError } from '../framework/errors.js';
import { MAGIC, PyDict, PyTuple, parsePyLiteral, buildHeader, shapeRepr } from './npy_header.js';

export type NpySource = string | URL | Uint8Array | ArrayBuffer;
export interface ReadNpyOptions { /** How errors name the data when it is not a file (default '<buffer>'). */ name?: string }
export interface WriteNpyOptions { /** Header format version; default 1.0 (2.0 when the header needs it), as np.save. */ version?: '1.0' | '2.0' | '3.0' }

const LITTLE_HOST = endianness() === 'LE';

/** A numeric .npy element type: tensorgraph dtype, bytes per element, bytes per byte-swapped unit. */
interface NpyType { dtype: DType; size: number; unit: number; kind: 'num' | 'f2' | 'b1' | 'S' | 'U' }

const NUMERIC: Record<string, Omit<NpyType, 'kind'> & { kind?: NpyType['kind'] }> = {
  f2: { dtype: 'float16', size: 2, unit: 2, kind: 'f2' },
  f4: { dtype: 'float32', size: 4, unit: 4 },
  f8: { dtype: 'float64', size: 8, unit: 8 },
  i1: { dtype: 'int8', size: 1, unit: 1 },
  i2: { dtype: 'int16', size: 2, unit: 2 },
  i4: { dtype: 'int32', size: 4, unit: 4 },
  i8: { dtype: 'int64', size: 8, unit: 8 },
  u1: { dtype: 'uint8', size: 1, unit: 1 },
  u2: { dtype: 'uint16', size: 2, unit: 2 },
  b1: { dtype: 'bool', size: 1, unit: 1, kind: 'b1' },
  c8: { dtype: 'complex64', size: 8, unit: 4 },
};
// numpy type names and one-character codes people put in hand-written headers
const ALIASES: Record<string, string> = {
  float16: 'f2', half: 'f2', e: 'f2', float32: 'f4', single: 'f4', f: 'f4', float64: 'f8', double: 'f8', d: 'f8',
  int8: 'i1', b: 'i1', int16: 'i2', h: 'i2', int32: 'i4', i: 'i4', int64: 'i8', q: 'i8', l: 'i8',
  uint8: 'u1', B: 'u1', uint16: 'u2', H: 'u2', bool: 'b1', '?': 'b1', complex64: 'c8', F: 'c8',
};
const NUMPY_NAMES: Record<string, string> = {
  u4: 'uint32', u8: 'uint64', c16: 'complex128', c32: 'complex256', f16: 'float128', f12: 'float96',
  O: 'object', V: 'void', M: 'datetime64', m: 'timedelta64',
};
const SUPPORTED = '<f2 <f4 <f8 |i1 <i2 <i4 <i8 |u1 <u2 |b1 <c8 |S<n> <U<n> (either byte order)';

function parseDescr(descr: string, fail: (m: string) => Error): { type: NpyType; bigEndian: boolean } {
  const m = /^([<>|=!]?)([a-zA-Z?])(\d*)$/.exec(ALIASES[descr] ?? descr);
  const unsupported = (name?: string): Error =>
    fail(`unsupported dtype '${descr}'${name ? ` (${name})` : ''}; tensorgraph reads ${SUPPORTED}`);
  if (!m) throw fail(`descr is not a valid dtype descriptor: '${descr}'`);
  const [, order, kind, digits] = m;
  const bigEndian = order === '>' || order === '!';
  if (kind === 'S' || kind === 'a' || kind === 'U') {
    if (digits === '') throw fail(`descr is not a valid dtype descriptor: '${descr}' (strings need a width)`);
    const n = Number(digits);
    return kind === 'U'
      ? { type: { dtype: 'string', size: 4 * n, unit: 4, kind: 'U' }, bigEndian }
      : { type: { dtype: 'string', size: n, unit: 1, kind: 'S' }, bigEndian };
  }
  const t = NUMERIC[kind + digits];
  if (!t) throw unsupported(NUMPY_NAMES[kind + digits] ?? NUMPY_NAMES[kind]);
  return { type: { kind: 'num', ...t }, bigEndian };
}

function swapBytes(bytes: Uint8Array, unit: number): void {
  if (unit === 1) return;
  for (let i = 0; i + unit <= bytes.length; i += unit) {
    for (let a = i, b = i + unit - 1; a < b; a++, b--) { const t = bytes[a]; bytes[a] = bytes[b]; bytes[b] = t; }
  }
}

export function halfBitsToNumber(h: number): number {
  const e = (h >> 10) & 0x1f, f = h & 0x3ff;
  const v = e === 0 ? f * 2 ** -24 : e === 31 ? (f ? NaN : Infinity) : (1 + f / 1024) * 2 ** (e - 15);
  return h & 0x8000 ? -v : v;
}

export function numberToHalfBits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(roundHalf(x));
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; else if (2 ** (e + 1) <= a) e++;
  return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}

/** Reorders Fortran-order (first index fastest) elements into C order. */
function fortranToC(src: AnyData, shape: readonly number[], width: number): AnyData {
  const n = shape.reduce((p, d) => p * d, 1);
  const dst = src.slice() as AnyData;
  const from = src as { readonly [i: number]: number | bigint | string };
  const to = dst as { [i: number]: number | bigint | string };
  const rank = shape.length;
  const fstride: number[] = [];
  for (let k = 0, acc = 1; k < rank; acc *= shape[k], k++) fstride[k] = acc;
  const idx = new Array<number>(rank).fill(0);
  let f = 0;
  for (let c = 0; c < n; c++) {
    for (let w = 0; w < width; w++) to[c * width + w] = from[f * width + w];
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]++; f += fstride[k];
      if (idx[k] < shape[k]) break;
      f -= fstride[k] * shape[k]; idx[k] = 0;
    }
  }
  return dst;
}

function decodeData(raw: Uint8Array, type: NpyType, count: number): AnyData {
  const buf = raw.buffer as ArrayBuffer;
  switch (type.kind) {
    case 'f2': {
      const bits = new Uint16Array(buf, 0, count);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfBitsToNumber(bits[i]);
      return out;
    }
    case 'b1': return raw.map(v => (v ? 1 : 0));
    case 'S': case 'U': {
      const out = new Array<string>(count);
      const chars = type.kind === 'U' ? new Uint32Array(buf, 0, (count * type.size) / 4) : null;
      for (let i = 0; i < count; i++) {
        let end = (i + 1) * type.size;
        const start = i * type.size;
        if (chars) {
          let e = end / 4;
          while (e > start / 4 && chars[e - 1] === 0) e--;
          let str = '';
          for (let k = start / 4; k < e; k++) str += chars[k] <= 0x10ffff ? String.fromCodePoint(chars[k]) : '\ufffd';
          out[i] = str;
        } else {
          while (end > start && raw[end - 1] === 0) end--;
          out[i] = Buffer.from(buf, start, end - start).toString('utf8');
        }
      }
      return out;
    }
    default: {
      const data = allocData(type.dtype, 0);
      const ctor = (data as ArrayBufferView).constructor as new (b: ArrayBuffer, o: number, n: number) => AnyData;
      return new ctor(buf, 0, type.dtype === 'complex64' ? 2 * count : count);
    }
  }
}

/** Parses the bytes of a .npy file; `name` is used in error messages. */
export function decodeNpy(bytes: Uint8Array, name = '<buffer>'): NDArray {
  const fail = (msg: string): ValueError => new ValueError(`Failed to read ${name}: ${msg}`);
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    const got = Buffer.from(bytes.subarray(0, 6)).toString('latin1');
    throw fail(`the magic string is not correct; expected b'\\x93NUMPY', got ${JSON.stringify(got)} (not a .npy file?)`);
  }
  const major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) {
    throw fail(`we only support format version (1,0), (2,0), and (3,0), not (${major}, ${minor})`);
  }
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) {
    throw fail(`EOF: reading array header length, expected ${lenBytes} bytes got ${bytes.length - 8}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenBytes + hlen;
  if (bytes.length < dataStart) {
    throw fail(`EOF: reading array header, expected ${hlen} bytes got ${bytes.length - 8 - lenBytes}`);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 8 + lenBytes, hlen).toString(major === 3 ? 'utf8' : 'latin1');
  let header;
  try { header = parsePyLiteral(text); } catch (e) { throw fail(`Cannot parse header: ${(e as Error).message}`); }
  if (!(header instanceof PyDict)) throw fail(`Header is not a dictionary: ${text.trim()}`);
  const keys = [...header.entries.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    throw fail(`Header does not contain the correct keys: [${keys.map(k => `'${k}'`).join(', ')}]`);
  }
  const shapeV = header.entries.get('shape'), fortran = header.entries.get('fortran_order'), descr = header.entries.get('descr');
  if (!(shapeV instanceof PyTuple) || !shapeV.items.every(d => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw fail(`shape is not valid: ${text.match(/'shape'\s*:\s*([^)]*\)?)/)?.[1] ?? '?'}`);
  }
  const shape = shapeV.items as number[];
  if (typeof fortran !== 'boolean') throw fail(`fortran_order is not a valid bool: ${JSON.stringify(fortran)}`);
  if (typeof descr !== 'string') {
    throw fail(`unsupported dtype ${Array.isArray(descr) ? '(a structured dtype)' : JSON.stringify(descr)}; tensorgraph reads ${SUPPORTED}`);
  }
  const { type, bigEndian } = parseDescr(descr, fail);
  const count = shape.reduce((p, d) => p * d, 1);
  const nbytes = count * type.size;
  const available = bytes.length - dataStart;
  if (!Number.isSafeInteger(nbytes) || nbytes > available) {
    const could = type.size ? Math.floor(available / type.size) : count;
    throw fail(`Failed to read all data for array. Expected ${shapeRepr(shape)} = ${count} elements, ` +
      `could only read ${could} elements. (file seems not fully written?)`);
  }
  // copy into a fresh, aligned buffer that becomes the array's storage
  const raw = new Uint8Array(nbytes);
  raw.set(bytes.subarray(dataStart, dataStart + nbytes));
  if (bigEndian === LITTLE_HOST) swapBytes(raw, type.unit);
  let data = decodeData(raw, type, count);
  if (fortran && shape.length > 1) data = fortranToC(data, shape, type.dtype === 'complex64' ? 2 : 1);
  return new NDArray(type.dtype, shape, data);
}

/** Loads file contents, turning a missing file into TF's NotFoundError. */
export function readSource(source: NpySource, name?: string): { bytes: Uint8Array; name: string } {
  if (typeof source === 'string' || source instanceof URL) {
    const path = typeof source === 'string' ? source : fileURLToPath(source);
    try {
      return { bytes: readFileSync(path), name: name ?? `'${path}'` };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`${path}; No such file or directory`);
      throw e;
    }
  }
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: name ?? '<buffer>' };
  if (source instanceof Uint8Array) return { bytes: source, name: name ?? '<buffer>' };
  throw new TypeError(`readNpy expects a path, URL, Uint8Array or ArrayBuffer, got ${typeof source}.`);
}

/**
 * Reads a NumPy .npy file (np.load) into an NDArray.
 *
 * ```ts
 * const a = tf.io.readNpy('weights.npy');          // or readNpy(buffer)
 * a.dtype; a.shape;                                // 'float32', [784, 10]
 * ```
 */
export function readNpy(source: NpySource, opts: ReadNpyOptions = {}): NDArray {
  const { bytes, name } = readSource(source, opts.name);
  return decodeNpy(bytes, name);
}

const WRITE_DESCR: Record<Exclude<DType, 'string'>, string> = {
  float16: '<f2', float32: '<f4', float64: '<f8', int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8',
  uint8: '|u1', uint16: '<u2', bool: '|b1', complex64: '<c8', qint8: '|i1', quint8: '|u1', qint32: '<i4',
};

function encodeData(a: NDArray): { descr: string; data: Uint8Array } {
  if (a.dtype === 'string') {
    const items = (a.data as string[]).map(s => Buffer.from(s, 'utf8'));
    const width = Math.max(1, ...items.map(b => b.length));
    const data = new Uint8Array(width * items.length);
    items.forEach((b, i) => data.set(b, i * width));
    return { descr: `|S${width}`, data };
  }
  const descr = WRITE_DESCR[a.dtype];
  let data: Uint8Array;
  if (a.dtype === 'float16') {
    const src = a.data as Float32Array;
    const bits = new Uint16Array(src.length);
    for (let i = 0; i < src.length; i++) bits[i] = numberToHalfBits(src[i]);
    data = new Uint8Array(bits.buffer);
  } else if (a.dtype === 'bool') {
    data = (a.data as Uint8Array).map(v => (v ? 1 : 0));
  } else {
    const v = a.data as ArrayBufferView;
    data = new Uint8Array(v.byteLength);
    data.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  if (!LITTLE_HOST) swapBytes(data, a.dtype === 'complex64' ? 4 : Number(descr.slice(2)));
  return { descr, data };
}

/**
 * Serializes an array as a .npy file (np.save) and returns the bytes; writes them to `path`
 * too unless it is null. Strings are stored as fixed-width bytes (`|S<n>`, UTF-8).
 *
 * ```ts
 * const bytes = tf.io.writeNpy(null, tf.NDArray.zeros('float32', [2, 3]));
 * tf.io.readNpy(bytes).shape;                      // [2, 3]
 * ```
 */
export function writeNpy(path: string | URL | null, value: NDArray | ValueLike, opts: WriteNpyOptions = {}): Buffer {
  const a = value instanceof NDArray ? value : toNDArray(value);
  const { descr, data } = encodeData(a);
  const version = opts.version === undefined ? null : opts.version === '1.0' ? 1 : opts.version === '2.0' ? 2 : 3;
  const out = Buffer.concat([buildHeader(descr, a.shape, version), data]);
  if (path !== null) writeFileSync(path, out);
  return out;
}
