// A tensor's bytes in a bundle's data file (tensor_bundle.cc WriteTensor / WriteStringTensor):
// numeric tensors are their raw little-endian elements (float16 as IEEE half bits, bool
// one byte each, complex64 as interleaved float32 pairs); string tensors are
//   [varint64 len_0 .. len_n-1][masked crc32c of the lengths as uint32][bytes_0 .. bytes_n-1]
// The entry's crc32c covers the lengths (as uint32, or uint64 past 4 GiB), the stored
// length checksum and the bytes; numeric tensors' covers the raw bytes.

import { type DType, dtypeSize, type TypedArray } from '../framework/dtypes.js';
import { NDArray } from '../framework/ndarray.js';
import { sizeOf } from '../framework/tensor_shape.js';
import { ByteWriter, readFixed32, readVarint } from './coding.js';
import { crc32c, maskCrc, unmaskCrc } from '../io/crc32c.js';

if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
  throw new Error('tensorgraph checkpoints assume a little-endian machine.');
}

// ---- float16 ------------------------------------------------------------------------------

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half bits of x, rounding to nearest even (as Eigen::half's conversion). */
export function floatToHalfBits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0); // inf / nan
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >>> shift;
    const rem = mant & ((1 << shift) - 1), half = 1 << (shift - 1);
    if (rem > half || (rem === half && (h & 1))) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++; // may carry into the exponent (to inf): correct
  return sign | h;
}

/** The value of IEEE 754 half bits. */
export function halfBitsToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

// ---- encoding -----------------------------------------------------------------------------

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

export interface EncodedTensor {
  /** The bytes written to the data file. */
  bytes: Uint8Array;
  /** The (unmasked) crc32c recorded, masked, in the entry. */
  crc: number;
}

function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The data-file bytes of a tensor, and their checksum. */
export function encodeTensor(value: NDArray): EncodedTensor {
  if (value.dtype === 'string') return encodeStrings(value.data as string[]);
  let bytes: Uint8Array;
  if (value.dtype === 'float16') {
    const src = value.data as Float32Array;
    const h = new Uint16Array(src.length);
    for (let i = 0; i < src.length; i++) h[i] = floatToHalfBits(src[i]);
    bytes = bytesOf(h);
  } else {
    bytes = bytesOf(value.data as TypedArray);
  }
  return { bytes, crc: crc32c(bytes) };
}

function encodeStrings(strs: readonly string[]): EncodedTensor {
  const elems = strs.map(s => utf8.encode(s));
  const w = new ByteWriter(elems.length * 2 + 4);
  const lenBytes = new Uint8Array(8);
  const lenView = new DataView(lenBytes.buffer);
  let crc = 0;
  for (const e of elems) {
    w.varint(e.length);
    lenView.setUint32(0, e.length, true);
    crc = crc32c(lenBytes.subarray(0, 4), crc);
  }
  const lengthChecksum = maskCrc(crc);
  const start = w.length;
  w.fixed32(lengthChecksum);
  crc = crc32c(w.view().subarray(start, start + 4), crc);
  for (const e of elems) { w.bytes(e); crc = crc32c(e, crc); }
  return { bytes: w.toBytes(), crc };
}

// ---- decoding -----------------------------------------------------------------------------

/** Why bytes could not be decoded (the caller adds the file and key). */
export class TensorBytesError extends Error {}

/** The byte count a numeric tensor of this dtype and shape must have (-1 for strings). */
export function expectedByteSize(dtype: DType, shape: readonly number[]): number {
  if (dtype === 'string') return -1;
  const n = sizeOf(shape);
  return dtype === 'complex64' ? n * 8 : n * dtypeSize(dtype);
}

/**
 * Decodes a tensor read from the data file and checks it against the entry's masked
 * crc32c. Throws TensorBytesError on a checksum or layout mismatch.
 */
export function decodeTensor(dtype: DType, shape: readonly number[], bytes: Uint8Array, maskedCrc: number): NDArray {
  const n = sizeOf(shape);
  if (dtype === 'string') return decodeStrings(shape, n, bytes, maskedCrc);
  const actual = crc32c(bytes);
  const stored = unmaskCrc(maskedCrc);
  if (actual !== stored) {
    throw new TensorBytesError(`Checksum does not match: stored ${stored} vs. calculated on the restored bytes ${actual}`);
  }
  // the result owns an aligned buffer (bytes read for this tensor alone are used as they are)
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const buf = (own ? bytes : bytes.slice()).buffer as ArrayBuffer;
  switch (dtype) {
    case 'float16': {
      const h = new Uint16Array(buf, 0, n);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfBitsToFloat(h[i]);
      return new NDArray(dtype, shape, out);
    }
    case 'float32': return new NDArray(dtype, shape, new Float32Array(buf, 0, n));
    case 'complex64': return new NDArray(dtype, shape, new Float32Array(buf, 0, 2 * n));
    case 'float64': return new NDArray(dtype, shape, new Float64Array(buf, 0, n));
    case 'int8': case 'qint8': return new NDArray(dtype, shape, new Int8Array(buf, 0, n));
    case 'int16': return new NDArray(dtype, shape, new Int16Array(buf, 0, n));
    case 'int32': case 'qint32': return new NDArray(dtype, shape, new Int32Array(buf, 0, n));
    case 'int64': return new NDArray(dtype, shape, new BigInt64Array(buf, 0, n));
    case 'uint8': case 'quint8': return new NDArray(dtype, shape, new Uint8Array(buf, 0, n));
    case 'uint16': return new NDArray(dtype, shape, new Uint16Array(buf, 0, n));
    case 'bool': {
      const out = new Uint8Array(buf, 0, n);
      for (let i = 0; i < n; i++) if (out[i] > 1) out[i] = 1;
      return new NDArray(dtype, shape, out);
    }
  }
  throw new TensorBytesError(`dtype ${dtype as string} cannot be read from a checkpoint`);
}

function decodeStrings(shape: readonly number[], n: number, bytes: Uint8Array, maskedCrc: number): NDArray {
  if (n === 0) return new NDArray('string', shape, []);
  const lengths = new Array<number>(n);
  const lenBytes = new Uint8Array(8);
  const lenView = new DataView(lenBytes.buffer);
  let pos = 0, crc = 0;
  for (let i = 0; i < n; i++) {
    const r = readVarint(bytes, pos);
    if (!r) throw new TensorBytesError(`string lengths are truncated (element ${i} of ${n})`);
    [lengths[i], pos] = r;
    if (lengths[i] <= 0xffffffff) {
      lenView.setUint32(0, lengths[i], true);
      crc = crc32c(lenBytes.subarray(0, 4), crc);
    } else {
      lenView.setBigUint64(0, BigInt(lengths[i]), true);
      crc = crc32c(lenBytes, crc);
    }
  }
  if (pos + 4 > bytes.length) throw new TensorBytesError('string lengths longer than the entry');
  const storedLen = readFixed32(bytes, pos);
  if (unmaskCrc(storedLen) !== crc) {
    throw new TensorBytesError(`The length checksum does not match: expected ${unmaskCrc(storedLen)} but actual is ${crc}`);
  }
  crc = crc32c(bytes.subarray(pos, pos + 4), crc);
  pos += 4;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    if (pos + lengths[i] > bytes.length) throw new TensorBytesError(`string element ${i} runs past the end of the entry`);
    const b = bytes.subarray(pos, pos + lengths[i]);
    crc = crc32c(b, crc);
    out[i] = utf8Decoder.decode(b);
    pos += lengths[i];
  }
  const stored = unmaskCrc(maskedCrc);
  if (crc !== stored) throw new TensorBytesError(`Checksum does not match: stored ${stored} vs. calculated on the restored bytes ${crc}`);
  if (pos !== bytes.length) throw new TensorBytesError(`entry holds ${bytes.length} bytes but its strings use ${pos}`);
  return new NDArray('string', shape, out);
}
