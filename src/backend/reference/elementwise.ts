// Reference elementwise kernels generated from scalar functions, with NumPy broadcasting.
// Results are stored into the output's typed array, which wraps integers as TF does.

import { type DType, type AnyData, allocData, roundHalf } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { broadcastConcrete, sizeOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, InternalError } from '../../framework/errors.js';

export type NumFn1 = (x: number) => number;
export type NumFn2 = (a: number, b: number) => number;
export type BigFn1 = (x: bigint) => bigint;
export type BigFn2 = (a: bigint, b: bigint) => bigint | number | boolean;

export interface UnaryImpl { num?: NumFn1; big?: BigFn1; complex?: (re: number, im: number) => [number, number] }
export interface BinaryImpl {
  num?: NumFn2;
  /** Overrides num for int32 (e.g. Math.imul so products wrap exactly). */
  int32?: NumFn2;
  big?: BigFn2;
  complex?: (ar: number, ai: number, br: number, bi: number) => [number, number];
  str?: (a: string, b: string) => string | boolean;
  /** Integer ops that must reject division by zero. */
  intDivision?: boolean;
  /** TF raises InternalError instead of InvalidArgumentError for some (TruncateDiv/Mod). */
  divisionError?: 'internal';
}

function unsupported(op: string, dtype: DType): never {
  throw new InvalidArgumentError(`No kernel for op '${op}' with dtype ${dtype}`);
}

export function unaryKernel(opType: string, impl: UnaryImpl, outDtype?: DType) {
  return (x: NDArray): NDArray => {
    const od = outDtype ?? x.dtype;
    const n = x.size;
    const out = allocData(od, n);
    if (x.dtype === 'int64') {
      if (impl.big && od === 'int64') {
        const a = x.data as BigInt64Array, o = out as BigInt64Array;
        for (let i = 0; i < n; i++) o[i] = impl.big(a[i]);
      } else if (impl.num) {
        const a = x.data as BigInt64Array, o = out as Float64Array;
        for (let i = 0; i < n; i++) o[i] = impl.num(Number(a[i])) as number;
      } else unsupported(opType, x.dtype);
    } else if (x.dtype === 'complex64') {
      if (!impl.complex) unsupported(opType, x.dtype);
      const a = x.data as Float32Array, o = out as Float32Array;
      if (od === 'complex64') for (let i = 0; i < n; i++) { const [r, im] = impl.complex(a[2 * i], a[2 * i + 1]); o[2 * i] = r; o[2 * i + 1] = im; }
      else for (let i = 0; i < n; i++) o[i] = impl.complex(a[2 * i], a[2 * i + 1])[0];
    } else if (x.dtype === 'string') unsupported(opType, x.dtype);
    else {
      const f = impl.num ?? unsupported(opType, x.dtype);
      const a = x.data as Float64Array, o = out as Float64Array;
      if (od === 'float16') for (let i = 0; i < n; i++) o[i] = roundHalf(f(a[i]));
      else for (let i = 0; i < n; i++) o[i] = f(a[i]);
    }
    return new NDArray(od, x.shape, out);
  };
}

/** For each output element, the flat index into an input broadcast to `outShape`. */
function broadcastIndexer(inShape: readonly number[], outShape: readonly number[]): (flat: number) => number {
  const r = outShape.length;
  const strides: number[] = new Array(r).fill(0);
  let acc = 1;
  for (let i = inShape.length - 1, j = r - 1; i >= 0; i--, j--) {
    strides[j] = inShape[i] === 1 ? 0 : acc;
    acc *= inShape[i];
  }
  return (flat: number) => {
    let idx = 0;
    for (let j = r - 1; j >= 0; j--) {
      const d = outShape[j];
      const k = flat % d;
      flat = (flat - k) / d;
      idx += k * strides[j];
    }
    return idx;
  };
}

export function binaryKernel(opType: string, impl: BinaryImpl, outDtype?: DType) {
  return (a: NDArray, b: NDArray): NDArray => {
    const shape = broadcastConcrete(a.shape, b.shape);
    if (!shape) {
      throw new InvalidArgumentError(`Incompatible shapes: [${a.shape.join(',')}] vs. [${b.shape.join(',')}]`);
    }
    const od = outDtype ?? a.dtype;
    const n = sizeOf(shape);
    const out = allocData(od, n);
    const dt = a.dtype;
    const divErr = () => (impl.divisionError === 'internal'
      ? new InternalError('Unexpected error in binary operator (only integer div and mod should have errors)')
      : new InvalidArgumentError('Integer division by zero'));
    const na = a.size, nb = b.size;
    const same = na === n && nb === n;
    const ia = same || na === 1 ? null : broadcastIndexer(a.shape, shape);
    const ib = same || nb === 1 ? null : broadcastIndexer(b.shape, shape);
    const A = a.data as AnyData, B = b.data as AnyData;
    const idxA = (i: number) => (na === 1 ? 0 : ia ? ia(i) : i);
    const idxB = (i: number) => (nb === 1 ? 0 : ib ? ib(i) : i);
    if (dt === 'int64') {
      const f = impl.big ?? unsupported(opType, dt);
      const x = A as BigInt64Array, y = B as BigInt64Array;
      for (let i = 0; i < n; i++) {
        const q = y[idxB(i)];
        if (impl.intDivision && q === 0n) throw divErr();
        const v = f(x[idxA(i)], q);
        if (od === 'bool') (out as Uint8Array)[i] = v ? 1 : 0;
        else (out as BigInt64Array)[i] = BigInt.asIntN(64, v as bigint);
      }
    } else if (dt === 'complex64') {
      const f = impl.complex ?? unsupported(opType, dt);
      const x = A as Float32Array, y = B as Float32Array;
      for (let i = 0; i < n; i++) {
        const p = idxA(i), q = idxB(i);
        const [re, im] = f(x[2 * p], x[2 * p + 1], y[2 * q], y[2 * q + 1]);
        if (od === 'bool') (out as Uint8Array)[i] = re ? 1 : 0;
        else { (out as Float32Array)[2 * i] = re; (out as Float32Array)[2 * i + 1] = im; }
      }
    } else if (dt === 'string') {
      const f = impl.str ?? unsupported(opType, dt);
      const x = A as string[], y = B as string[];
      for (let i = 0; i < n; i++) {
        const v = f(x[idxA(i)], y[idxB(i)]);
        if (od === 'bool') (out as Uint8Array)[i] = v ? 1 : 0; else (out as string[])[i] = v as string;
      }
    } else {
      const f = (dt === 'int32' || dt === 'qint32') && impl.int32 ? impl.int32 : impl.num ?? unsupported(opType, dt);
      const x = A as Float64Array, y = B as Float64Array, o = out as Float64Array;
      const checkZero = impl.intDivision && dt !== 'float16' && dt !== 'float32' && dt !== 'float64';
      const half = od === 'float16';
      if (same && !checkZero && !half) {
        for (let i = 0; i < n; i++) o[i] = f(x[i], y[i]);
      } else if (nb === 1 && !checkZero && !half) {
        const s = y[0];
        for (let i = 0; i < n; i++) o[i] = f(x[idxA(i)], s);
      } else {
        for (let i = 0; i < n; i++) {
          const q = y[idxB(i)];
          if (checkZero && q === 0) throw divErr();
          const v = f(x[idxA(i)], q);
          o[i] = half ? roundHalf(v) : v;
        }
      }
    }
    return new NDArray(od, shape, out);
  };
}
