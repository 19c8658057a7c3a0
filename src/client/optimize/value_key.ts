// Hashing and equality for attrs and constant values, for common-subexpression elimination.
// Hashes are cheap (a large array is sampled, not read whole); equality is exact (arrays
// are compared byte for byte, so 0 and -0 differ and NaNs with the same bits are equal).

import { NDArray } from '../../framework/ndarray.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import type { Attrs } from '../../framework/op_def.js';

/** Mixes `v` into hash `h` (32-bit, murmur-style). */
export function mix(h: number, v: number): number {
  v = Math.imul(v | 0, 0xcc9e2d51);
  v = (v << 15) | (v >>> 17);
  h ^= Math.imul(v, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}

const f64 = new Float64Array(1);
const f64w = new Int32Array(f64.buffer);
function hashNumber(x: number): number {
  if ((x | 0) === x && !Object.is(x, -0)) return x;
  f64[0] = x;
  return mix(f64w[0], f64w[1]);
}

/** Up to SAMPLES elements of a large array go into its hash; all of a small one. */
const SAMPLES = 64;
/** Arrays this short are hashed and compared element by element (NaNs equal whatever their bits). */
const SMALL = 16;

/** The elements of a typed array seen as 32-bit words when aligned, else bytes. */
function words(d: ArrayBufferView): Int32Array | Uint8Array {
  return d.byteOffset % 4 === 0 && d.byteLength % 4 === 0
    ? new Int32Array(d.buffer, d.byteOffset, d.byteLength / 4)
    : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

export function hashNDArray(a: NDArray): number {
  let h = hashString(a.dtype);
  for (const d of a.shape) h = mix(h, d);
  const data = a.data as ArrayLike<unknown>;
  if (Array.isArray(data)) {
    const n = data.length, step = n <= SAMPLES ? 1 : Math.floor(n / SAMPLES);
    for (let i = 0; i < n; i += step) h = mix(h, hashString(data[i] as string));
    return h;
  }
  if (data.length <= SMALL) {
    // element by element: a view would cost more than the hash (~0.5 µs to create)
    for (let i = 0; i < data.length; i++) { const x = data[i]; h = mix(h, typeof x === 'bigint' ? Number(BigInt.asIntN(32, x)) : hashNumber(x as number)); }
    return h;
  }
  const w = words(data as unknown as ArrayBufferView);
  const n = w.length, step = n <= SAMPLES ? 1 : Math.floor(n / SAMPLES);
  for (let i = 0; i < n; i += step) h = mix(h, w[i]);
  if (n) h = mix(h, w[n - 1]);
  return h;
}

export function ndarraysEqual(a: NDArray, b: NDArray): boolean {
  if (a === b) return true;
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length) return false;
  for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== b.shape[i]) return false;
  if (a.data === b.data) return true;
  if (Array.isArray(a.data)) {
    const x = a.data as string[], y = b.data as string[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (a.data.length <= SMALL && a.data.constructor === b.data.constructor && a.data.length === b.data.length) {
    const x = a.data as ArrayLike<number | bigint>, y = b.data as ArrayLike<number | bigint>;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  const x = a.data as unknown as ArrayBufferView, y = b.data as unknown as ArrayBufferView;
  if (x.byteLength !== y.byteLength || x.constructor !== y.constructor) return false;
  const p = words(x), q = words(y);
  if (p.constructor !== q.constructor) {
    const pb = new Uint8Array(x.buffer, x.byteOffset, x.byteLength), qb = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
    for (let i = 0; i < pb.length; i++) if (pb[i] !== qb[i]) return false;
    return true;
  }
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  return true;
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** A hash of any attr value; values that valueEqual() calls equal hash equal. */
export function hashValue(v: unknown): number {
  switch (typeof v) {
    case 'number': return hashNumber(v);
    case 'string': return hashString(v);
    case 'boolean': return v ? 0x51ed27 : 0x2c1b3c;
    case 'bigint': return hashString(v.toString(), 0x1234567);
    case 'undefined': return 0x7f4a7c15;
    case 'object': {
      if (v === null) return 0x3c6ef372;
      if (v instanceof NDArray) return hashNDArray(v);
      if (v instanceof TensorShape) {
        if (!v.dims) return 0x9e3779b9;
        let h = 0x243f6a88;
        for (const d of v.dims) h = mix(h, d === null ? -1 : d);
        return h;
      }
      if (Array.isArray(v)) {
        let h = mix(0x13198a2e, v.length);
        for (const x of v) h = mix(h, hashValue(x));
        return h;
      }
      if (isPlainObject(v)) return hashAttrs(v as Attrs);
      return 0x0a5b3c1d; // compared by identity
    }
    default: return 0x5bd1e995; // functions, symbols: by identity
  }
}

/** Deep equality of attr values: NDArrays by content, TensorShapes by dims, other objects by identity. */
export function valueEqual(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Object.is(a, b);
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof NDArray) return b instanceof NDArray && ndarraysEqual(a, b);
  if (a instanceof TensorShape) {
    if (!(b instanceof TensorShape)) return false;
    if (!a.dims || !b.dims) return a.dims === b.dims;
    return a.dims.length === b.dims.length && a.dims.every((d, i) => d === b.dims![i]);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) return attrsEqual(a as Attrs, b as Attrs);
  return false;
}

/** Order-independent hash of an attrs object (keys whose value is undefined count as absent). */
export function hashAttrs(a: Attrs): number {
  let h = 0;
  for (const k in a) {
    const v = a[k];
    if (v !== undefined) h = (h + mix(hashString(k), hashValue(v))) | 0;
  }
  return h;
}

export function attrsEqual(a: Attrs, b: Attrs): boolean {
  if (a === b) return true;
  let na = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined) continue;
    na++;
    if (!valueEqual(v, b[k])) return false;
  }
  let nb = 0;
  for (const k in b) if (b[k] !== undefined) nb++;
  return na === nb;
}
