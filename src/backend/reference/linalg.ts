// Reference dense linear algebra over batches of matrices ([..., M, N], row-major):
// LU with partial pivoting (inverse, determinant, solve), Cholesky, triangular solve.
// Every matrix is copied into a Float64Array and factored in float64, whatever the
// input's float dtype; results are stored back in the input's dtype.

import { NDArray } from '../../framework/ndarray.js';
import { type DType, allocData, roundHalf } from '../../framework/dtypes.js';
import { InvalidArgumentError } from '../../framework/errors.js';

/** Batch count and matrix dims of x; throws TF's run-time errors for bad ranks / squareness. */
export function batchDims(x: NDArray, opts: { square?: boolean; index?: number } = {}): { batch: number; rows: number; cols: number } {
  const r = x.rank;
  if (r < 2) throw new InvalidArgumentError(`Input tensor ${opts.index ?? 0} must have rank >= 2, got ${r}`);
  const rows = x.shape[r - 2], cols = x.shape[r - 1];
  if (opts.square && rows !== cols) throw new InvalidArgumentError('Input matrix must be square.');
  return { batch: batchCount(x.shape), rows, cols };
}
function batchCount(shape: readonly number[]): number {
  let b = 1;
  for (let i = 0; i < shape.length - 2; i++) b *= shape[i];
  return b;
}

/** Reads matrix `b` of x (rows x cols) into a new Float64Array, transposed if asked. */
export function readMatrix(x: NDArray, b: number, rows: number, cols: number, transpose = false): Float64Array {
  const n = rows * cols, off = b * n;
  const src = x.data as Float64Array;
  const m = new Float64Array(n);
  if (!transpose) for (let i = 0; i < n; i++) m[i] = src[off + i];
  else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m[j * rows + i] = src[off + i * cols + j];
  return m;
}

/** Writes a float64 matrix into output slot `b`, rounding for float16. */
function writeMatrix(out: Float64Array | Float32Array, dtype: DType, b: number, m: ArrayLike<number>): void {
  const off = b * m.length;
  if (dtype === 'float16') for (let i = 0; i < m.length; i++) out[off + i] = roundHalf(m[i]);
  else for (let i = 0; i < m.length; i++) out[off + i] = m[i];
}

export interface LU { lu: Float64Array; perm: Int32Array; permSign: number; minAbsPivot: number }

/** In-place LU with partial pivoting of an n x n matrix: P A = L U (unit L). */
export function luFactor(a: Float64Array, n: number): LU {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let permSign = 1, minAbsPivot = Infinity;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) { const v = Math.abs(a[i * n + k]); if (v > best) { best = v; p = i; } }
    if (p !== k) {
      for (let j = 0; j < n; j++) { const t = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = t; }
      const t = perm[k]; perm[k] = perm[p]; perm[p] = t;
      permSign = -permSign;
    }
    const piv = a[k * n + k];
    minAbsPivot = Math.min(minAbsPivot, Math.abs(piv));
    if (piv === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] /= piv);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
    }
  }
  return { lu: a, perm, permSign, minAbsPivot: n ? minAbsPivot : Infinity };
}

/** Solves A X = B given A's LU; B is n x k row-major; returns X. */
export function luSolve({ lu, perm }: LU, n: number, bm: Float64Array, k: number): Float64Array {
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x[i * k + j] = bm[perm[i] * k + j];
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < i; p++) {
      const f = lu[i * n + p];
      if (f !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= f * x[p * k + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let p = i + 1; p < n; p++) {
      const f = lu[i * n + p];
      if (f !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= f * x[p * k + j];
    }
    const d = lu[i * n + i];
    for (let j = 0; j < k; j++) x[i * k + j] /= d;
  }
  return x;
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** MatrixInverse: inv(A) or inv(adjoint(A)) per matrix; exact zero pivots are an error, as in TF. */
export function matrixInverse(x: NDArray, adjoint: boolean): NDArray {
  const { batch, rows: n } = batchDims(x, { square: true });
  const out = allocData(x.dtype, x.size) as Float64Array;
  for (let b = 0; b < batch; b++) {
    const f = luFactor(readMatrix(x, b, n, n, adjoint), n);
    if (!(f.minAbsPivot > 0)) throw new InvalidArgumentError('Input is not invertible.');
    writeMatrix(out, x.dtype, b, luSolve(f, n, identity(n), n));
  }
  return new NDArray(x.dtype, x.shape, out);
}

/**
 * Sign and log|det| of each matrix (TF's SLogDet): a singular matrix gives sign 0 and
 * log|det| = -inf; an empty matrix has determinant 1.
 */
export function slogdet(x: NDArray): { sign: Float64Array; logAbs: Float64Array; det: Float64Array; batch: number } {
  const { batch, rows: n } = batchDims(x, { square: true });
  const sign = new Float64Array(batch), logAbs = new Float64Array(batch), det = new Float64Array(batch);
  for (let b = 0; b < batch; b++) {
    const { lu, permSign } = luFactor(readMatrix(x, b, n, n), n);
    let s = permSign, la = 0, d = permSign;
    for (let i = 0; i < n; i++) {
      const v = lu[i * n + i];
      la += Math.log(Math.abs(v));
      s *= Math.sign(v);
      d *= v;
    }
    if (!Number.isFinite(la)) { s = permSign * 0; la = la > 0 ? Infinity : -Infinity; }
    sign[b] = s; logAbs[b] = la; det[b] = d;
  }
  return { sign, logAbs, det, batch };
}

function storeBatch(dtype: DType, shape: number[], v: Float64Array): NDArray {
  const out = allocData(dtype, v.length) as Float64Array;
  writeMatrix(out, dtype, 0, v);
  return new NDArray(dtype, shape, out);
}

export function matrixDeterminant(x: NDArray): NDArray {
  const { det } = slogdet(x);
  return storeBatch(x.dtype, x.shape.slice(0, -2), det);
}

export function logMatrixDeterminant(x: NDArray): [NDArray, NDArray] {
  const { sign, logAbs } = slogdet(x);
  const shape = x.shape.slice(0, -2);
  return [storeBatch(x.dtype, shape, sign), storeBatch(x.dtype, shape, logAbs)];
}

/**
 * Cholesky: lower-triangular L with L L^T = A, reading only A's lower triangle (as Eigen's
 * LLT). A matrix that is not positive definite gives NaN in its lower triangle, as TF 2's
 * CPU kernel does instead of raising.
 */
export function cholesky(x: NDArray): NDArray {
  const { batch, rows: n } = batchDims(x, { square: true });
  const out = allocData(x.dtype, x.size) as Float64Array;
  for (let b = 0; b < batch; b++) {
    const a = readMatrix(x, b, n, n);
    const l = new Float64Array(n * n);
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let d = a[j * n + j];
      for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0)) { ok = false; break; }
      const ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = a[i * n + j];
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / ljj;
      }
    }
    if (!ok) { l.fill(0); for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) l[i * n + j] = NaN; }
    writeMatrix(out, x.dtype, b, l);
  }
  return new NDArray(x.dtype, x.shape, out);
}

/** MatrixSolve: A X = B (or adjoint(A) X = B) per batch member; batch dims must be equal. */
export function matrixSolve(a: NDArray, rhs: NDArray, adjoint: boolean): NDArray {
  const { batch, rows: n, cols } = batchDims(a);
  if (n !== cols) throw new InvalidArgumentError('First input (lhs) must be a square matrix.');
  const { rows: rn, cols: k } = batchDims(rhs, { index: 1 });
  if (rhs.rank !== a.rank) throw new InvalidArgumentError('All input tensors must have the same rank.');
  if (a.shape.slice(0, -2).some((d, i) => d !== rhs.shape[i])) {
    throw new InvalidArgumentError('All input tensors must have the same outer dimensions.');
  }
  if (rn !== n) throw new InvalidArgumentError('Input matrix and rhs are incompatible.');
  const outShape = [...a.shape.slice(0, -2), n, k];
  const out = allocData(a.dtype, batch * n * k) as Float64Array;
  for (let b = 0; b < batch; b++) {
    const f = luFactor(readMatrix(a, b, n, n, adjoint), n);
    if (n && !(f.minAbsPivot > 0)) throw new InvalidArgumentError('Input matrix is not invertible.');
    writeMatrix(out, a.dtype, b, luSolve(f, n, readMatrix(rhs, b, n, k), k));
  }
  return new NDArray(a.dtype, outShape, out);
}

/** Broadcast batch shape of two [..., M, N] arrays (null if incompatible). */
export function broadcastBatch(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Flat batch index into an operand with batch shape `own` for output batch index `f`. */
function batchIndex(own: readonly number[], out: readonly number[], f: number): number {
  let idx = 0, stride = 1;
  for (let i = out.length - 1, j = own.length - 1; i >= 0; i--, j--) {
    const k = f % out[i];
    f = (f - k) / out[i];
    if (j >= 0) { if (own[j] !== 1) idx += k * stride; stride *= own[j]; }
  }
  return idx;
}

/**
 * MatrixTriangularSolve with broadcast batch dims: only the lower (or upper) triangle of
 * each matrix is read; a zero on the diagonal divides by zero (inf / nan), as in TF.
 */
export function matrixTriangularSolve(a: NDArray, rhs: NDArray, lower: boolean, adjoint: boolean): NDArray {
  const { rows: n, cols } = batchDims(a);
  if (n !== cols) throw new InvalidArgumentError(`In[0] matrices in the last dimensions must be square (${cols} =/= ${n})`);
  const { rows: rn, cols: k } = batchDims(rhs, { index: 1 });
  if (rn !== n) {
    throw new InvalidArgumentError(`In[0] mismatch In[1] shape: ${n} vs. ${rn}: [${a.shape.join(',')}] [${rhs.shape.join(',')}] ${+lower} ${+adjoint}`);
  }
  const ba = a.shape.slice(0, -2), bb = rhs.shape.slice(0, -2);
  const bo = broadcastBatch(ba, bb);
  if (!bo) throw new InvalidArgumentError(`In[0] and In[1] must have compatible batch dimensions: [${a.shape.join(',')}] vs. [${rhs.shape.join(',')}]`);
  const batch = bo.reduce((p, q) => p * q, 1);
  const out = allocData(a.dtype, batch * n * k) as Float64Array;
  // solving with adjoint(lower) is solving with an upper-triangular matrix, and vice versa
  const forward = lower !== adjoint;
  for (let f = 0; f < batch; f++) {
    const m = readMatrix(a, batchIndex(ba, bo, f), n, n, adjoint);
    const x = readMatrix(rhs, batchIndex(bb, bo, f), n, k);
    for (let s = 0; s < n; s++) {
      const i = forward ? s : n - 1 - s;
      for (let t = 0; t < s; t++) {
        const p = forward ? t : n - 1 - t;
        const c = m[i * n + p];
        if (c !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= c * x[p * k + j];
      }
      const d = m[i * n + i];
      for (let j = 0; j < k; j++) x[i * k + j] /= d;
    }
    writeMatrix(out, a.dtype, f, x);
  }
  return new NDArray(a.dtype, [...bo, n, k], out);
}

/**
 * Householder QR of each matrix (Eigen's HouseholderQR conventions, so signs match TF):
 * Q is [M, K] and R [K, N] with K = min(M, N), or [M, M] and [M, N] when `full`.
 */
export function qr(x: NDArray, full: boolean): [NDArray, NDArray] {
  const { batch, rows: m, cols: n } = batchDims(x);
  const k = Math.min(m, n), qc = full ? m : k, rr = full ? m : k;
  const lead = x.shape.slice(0, -2);
  const Q = allocData(x.dtype, batch * m * qc) as Float64Array, R = allocData(x.dtype, batch * rr * n) as Float64Array;
  for (let b = 0; b < batch; b++) {
    const a = readMatrix(x, b, m, n);
    const vs: Float64Array[] = [], taus: number[] = [];
    for (let j = 0; j < k; j++) {
      const c0 = a[j * n + j];
      let tail = 0;
      for (let i = j + 1; i < m; i++) tail += a[i * n + j] ** 2;
      const v = new Float64Array(m);
      v[j] = 1;
      let tau = 0, beta = c0;
      if (tail > Number.MIN_VALUE) {
        beta = Math.sqrt(c0 * c0 + tail);
        if (c0 >= 0) beta = -beta;
        for (let i = j + 1; i < m; i++) v[i] = a[i * n + j] / (c0 - beta);
        tau = (beta - c0) / beta;
      }
      for (let c = j + 1; c < n; c++) {
        let s = 0;
        for (let i = j; i < m; i++) s += v[i] * a[i * n + c];
        s *= tau;
        for (let i = j; i < m; i++) a[i * n + c] -= s * v[i];
      }
      a[j * n + j] = beta;
      for (let i = j + 1; i < m; i++) a[i * n + j] = 0;
      vs.push(v); taus.push(tau);
    }
    const q = new Float64Array(m * qc);
    for (let i = 0; i < qc; i++) q[i * qc + i] = 1;
    for (let j = k - 1; j >= 0; j--) {
      const v = vs[j], tau = taus[j];
      if (tau === 0) continue;
      for (let c = 0; c < qc; c++) {
        let s = 0;
        for (let i = j; i < m; i++) s += v[i] * q[i * qc + c];
        s *= tau;
        for (let i = j; i < m; i++) q[i * qc + c] -= s * v[i];
      }
    }
    const r = new Float64Array(rr * n);
    for (let i = 0; i < rr; i++) for (let c = i; c < n; c++) r[i * n + c] = a[i * n + c];
    writeMatrix(Q, x.dtype, b, q);
    writeMatrix(R, x.dtype, b, r);
  }
  return [new NDArray(x.dtype, [...lead, m, qc], Q), new NDArray(x.dtype, [...lead, rr, n], R)];
}
