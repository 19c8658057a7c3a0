// Reference matrix multiply: C[m,n] = op(A)[m,k] * op(B)[k,n], batched with broadcasting
// over leading dimensions. Plain loops a reader can check by eye (i-k-j order for locality).

import { NDArray } from '../../framework/ndarray.js';
import { broadcastConcrete, sizeOf, stridesOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError } from '../../framework/errors.js';

export function gemm2d(
  A: ArrayLike<number>, aOff: number, B: ArrayLike<number>, bOff: number, C: Float64Array | Float32Array | Int32Array, cOff: number,
  m: number, n: number, k: number, ta: boolean, tb: boolean, imul: boolean,
): void {
  if (imul) { gemm2dInt32(A, aOff, B, bOff, C, cOff, m, n, k, ta, tb); return; }
  // B^T is packed once so the inner loop always walks contiguous memory (i-k-j order)
  let Bm = B, bo = bOff;
  if (tb) {
    const packed = new Float64Array(k * n);
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) packed[p * n + j] = B[bOff + j * k + p];
    Bm = packed; bo = 0;
  }
  // four rows of C at a time share each load of a row of B
  const acc = new Float64Array(4 * n);
  const aAt = ta ? (i: number, p: number) => A[aOff + p * m + i] : (i: number, p: number) => A[aOff + i * k + p];
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const a0 = aAt(i, p), a1 = aAt(i + 1, p), a2 = aAt(i + 2, p), a3 = aAt(i + 3, p);
      const row = bo + p * n;
      for (let j = 0; j < n; j++) {
        const bv = Bm[row + j];
        acc[j] += a0 * bv; acc[n + j] += a1 * bv; acc[2 * n + j] += a2 * bv; acc[3 * n + j] += a3 * bv;
      }
    }
    C.set(acc, cOff + i * n);
  }
  for (; i < m; i++) {
    const r = acc.subarray(0, n);
    r.fill(0);
    for (let p = 0; p < k; p++) {
      const a = aAt(i, p);
      if (a === 0) continue;
      const row = bo + p * n;
      for (let j = 0; j < n; j++) r[j] += a * Bm[row + j];
    }
    C.set(r, cOff + i * n);
  }
}

function gemm2dInt32(A: ArrayLike<number>, aOff: number, B: ArrayLike<number>, bOff: number, C: Float64Array | Float32Array | Int32Array, cOff: number,
  m: number, n: number, k: number, ta: boolean, tb: boolean): void {
  const acc = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const a = ta ? A[aOff + p * m + i] : A[aOff + i * k + p];
      for (let j = 0; j < n; j++) acc[j] = (acc[j] + Math.imul(a, tb ? B[bOff + j * k + p] : B[bOff + p * n + j])) | 0;
    }
    C.set(acc, cOff + i * n);
  }
}

function gemm2dBig(A: BigInt64Array, aOff: number, B: BigInt64Array, bOff: number, C: BigInt64Array, cOff: number,
  m: number, n: number, k: number, ta: boolean, tb: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0n;
      for (let p = 0; p < k; p++) acc += (ta ? A[aOff + p * m + i] : A[aOff + i * k + p]) * (tb ? B[bOff + j * k + p] : B[bOff + p * n + j]);
      C[cOff + i * n + j] = BigInt.asIntN(64, acc);
    }
  }
}

function gemm2dComplex(A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
  m: number, n: number, k: number, ta: boolean, tb: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0, im = 0;
      for (let p = 0; p < k; p++) {
        const a = aOff + (ta ? p * m + i : i * k + p), b = bOff + (tb ? j * k + p : p * n + j);
        re += A[2 * a] * B[2 * b] - A[2 * a + 1] * B[2 * b + 1];
        im += A[2 * a] * B[2 * b + 1] + A[2 * a + 1] * B[2 * b];
      }
      C[2 * (cOff + i * n + j)] = re; C[2 * (cOff + i * n + j) + 1] = im;
    }
  }
}

/** Batched matmul on concrete arrays (rank >= 2), with broadcasting of the batch dims. */
export function matmul(a: NDArray, b: NDArray, ta: boolean, tb: boolean): NDArray {
  if (a.rank < 2 || b.rank < 2) throw new InvalidArgumentError(`In[0] and In[1] must be at least rank 2: [${a.shape}] vs [${b.shape}]`);
  const [am, ak] = ta ? [a.shape[a.rank - 1], a.shape[a.rank - 2]] : [a.shape[a.rank - 2], a.shape[a.rank - 1]];
  const [bk, bn] = tb ? [b.shape[b.rank - 1], b.shape[b.rank - 2]] : [b.shape[b.rank - 2], b.shape[b.rank - 1]];
  if (ak !== bk) throw new InvalidArgumentError(`Matrix size-incompatible: In[0]: [${a.shape}], In[1]: [${b.shape}]`);
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  const batch = broadcastConcrete(batchA, batchB);
  if (!batch) throw new InvalidArgumentError(`In[0] and In[1] must have compatible batch dimensions: [${a.shape}] vs. [${b.shape}]`);
  const out = NDArray.zeros(a.dtype, [...batch, am, bn]);
  const nb = sizeOf(batch);
  const sA = stridesOf(batchA), sB = stridesOf(batchB);
  const imul = a.dtype === 'int32';
  for (let bi = 0; bi < nb; bi++) {
    let rem = bi, oa = 0, ob = 0;
    for (let d: number = batch.length - 1; d >= 0; d--) {
      const q = rem % batch[d]; rem = (rem - q) / batch[d];
      const da = d - (batch.length - batchA.length), db = d - (batch.length - batchB.length);
      if (da >= 0 && batchA[da] !== 1) oa += q * sA[da];
      if (db >= 0 && batchB[db] !== 1) ob += q * sB[db];
    }
    if (a.dtype === 'complex64') gemm2dComplex(a.data as Float32Array, oa * am * ak, b.data as Float32Array, ob * bk * bn, out.data as Float32Array, bi * am * bn, am, bn, ak, ta, tb);
    else if (a.dtype === 'int64') gemm2dBig(a.data as BigInt64Array, oa * am * ak, b.data as BigInt64Array, ob * bk * bn, out.data as BigInt64Array, bi * am * bn, am, bn, ak, ta, tb);
    else gemm2d(a.data as Float64Array, oa * am * ak, b.data as Float64Array, ob * bk * bn, out.data as Float64Array, bi * am * bn, am, bn, ak, ta, tb, imul);
  }
  return out;
}
