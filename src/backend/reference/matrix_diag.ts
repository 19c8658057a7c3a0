// Reference kernels for TF's diagonal-band ops (MatrixDiagV3, MatrixDiagPartV3,
// MatrixSetDiagV3, MatrixBandPart). Diagonal d of a rows x cols matrix starts at
// (max(0, -d), max(0, d)); a band k = [lo, hi] is packed as rows hi..lo of a
// [numDiags, maxDiagLen] block, shorter diagonals padded on the side `align` says.

import { NDArray } from '../../framework/ndarray.js';
import { InvalidArgumentError } from '../../framework/errors.js';

export type DiagAlign = 'RIGHT_LEFT' | 'LEFT_RIGHT' | 'LEFT_LEFT' | 'RIGHT_RIGHT';
export const DIAG_ALIGNS: readonly DiagAlign[] = ['RIGHT_LEFT', 'LEFT_RIGHT', 'LEFT_LEFT', 'RIGHT_RIGHT'];

export const diagLen = (rows: number, cols: number, d: number): number =>
  Math.max(0, Math.min(rows + Math.min(0, d), cols - Math.max(0, d)));

/** Length of the longest diagonal in the band [lo, hi] (TF's max_diag_len). */
export const maxDiagLen = (rows: number, cols: number, lo: number, hi: number): number =>
  Math.max(0, Math.min(rows + Math.min(hi, 0), cols - Math.max(lo, 0)));

/** Where diagonal d (of length len) starts inside its packed row of length maxLen. */
function packOffset(align: DiagAlign, d: number, len: number, maxLen: number): number {
  const leftSuper = align === 'LEFT_LEFT' || align === 'LEFT_RIGHT';
  const leftSub = align === 'LEFT_LEFT' || align === 'RIGHT_LEFT';
  const left = (d >= 0 && leftSuper) || (d <= 0 && leftSub);
  return left ? 0 : maxLen - len;
}

/** Reads k (a scalar or a pair) as [lo, hi]. */
export function diagRange(k: NDArray): [number, number] {
  const v = Array.from(k.data as ArrayLike<number | bigint>, Number);
  if (k.rank > 1 || v.length < 1 || v.length > 2) throw new InvalidArgumentError(`diag_index must be a scalar or vector with one or two elements. Received shape: [${k.shape.join(',')}]`);
  return v.length === 1 ? [v[0], v[0]] : [v[0], v[1]];
}

export function checkDiagRange(lo: number, hi: number, rows: number, cols: number): void {
  const inRange = (d: number) => (-rows < d && d < cols) || d === 0;
  if (!inRange(lo)) throw new InvalidArgumentError(`lower_diag_index is out of bound: ${lo}. It must be between ${-rows} and ${cols}`);
  if (!inRange(hi)) throw new InvalidArgumentError(`upper_diag_index is out of bound: ${hi}. It must be between ${-rows} and ${cols}`);
  if (lo > hi) throw new InvalidArgumentError(`lower_diag_index must not be larger than upper_diag_index: ${lo} > ${hi}`);
}

/** Copies element (or complex pair) s of src to d of dst. */
type Copy = (dst: unknown[], d: number, src: unknown[], s: number) => void;
const copyFor = (dtype: string): Copy => (dtype === 'complex64'
  ? (dst, d, src, s) => { dst[2 * d] = src[2 * s]; dst[2 * d + 1] = src[2 * s + 1]; }
  : (dst, d, src, s) => { dst[d] = src[s]; });

/** Visits every (batch, diagonal row i, packed position p, matrix row r, col c) of a band. */
function forBand(batch: number, rows: number, cols: number, lo: number, hi: number, align: DiagAlign,
  fn: (b: number, i: number, p: number, r: number, c: number) => void): void {
  const maxLen = maxDiagLen(rows, cols, lo, hi);
  for (let b = 0; b < batch; b++) {
    for (let d = hi; d >= lo; d--) {
      const len = diagLen(rows, cols, d), off = packOffset(align, d, len, maxLen);
      const r0 = Math.max(0, -d), c0 = Math.max(0, d);
      for (let t = 0; t < len; t++) fn(b, hi - d, off + t, r0 + t, c0 + t);
    }
  }
}

function fillWith(out: NDArray, padding: NDArray): void {
  const copy = copyFor(out.dtype);
  const O = out.data as unknown as unknown[], P = padding.data as unknown as unknown[];
  for (let i = 0; i < out.size; i++) copy(O, i, P, 0);
}

export function matrixDiagPart(x: NDArray, k: NDArray, padding: NDArray, align: DiagAlign): NDArray {
  if (x.rank < 2) throw new InvalidArgumentError(`input must be at least 2-dim, received shape: [${x.shape.join(',')}]`);
  const rows = x.shape[x.rank - 2], cols = x.shape[x.rank - 1];
  const [lo, hi] = diagRange(k);
  checkDiagRange(lo, hi, rows, cols);
  const num = hi - lo + 1, maxLen = maxDiagLen(rows, cols, lo, hi);
  const batchShape = x.shape.slice(0, -2);
  const batch = batchShape.reduce((a, b) => a * b, 1);
  const out = NDArray.zeros(x.dtype, num > 1 ? [...batchShape, num, maxLen] : [...batchShape, maxLen]);
  fillWith(out, padding);
  const copy = copyFor(x.dtype);
  const O = out.data as unknown as unknown[], X = x.data as unknown as unknown[];
  forBand(batch, rows, cols, lo, hi, align, (b, i, p, r, c) => copy(O, (b * num + i) * maxLen + p, X, (b * rows + r) * cols + c));
  return out;
}

/** Output rows/cols of MatrixDiagV3 from the requested ones (-1 = smallest that fits). */
export function diagOutputDims(maxLen: number, lo: number, hi: number, numRows: number, numCols: number): [number, number] {
  const minRows = maxLen - Math.min(hi, 0), minCols = maxLen + Math.max(lo, 0);
  if (numRows !== -1 && numRows < minRows) throw new InvalidArgumentError('The number of rows is too small.');
  if (numCols !== -1 && numCols < minCols) throw new InvalidArgumentError('The number of columns is too small.');
  if (numRows === -1 && numCols === -1) numRows = numCols = Math.max(minRows, minCols);
  else if (numRows === -1) numRows = minRows;
  else if (numCols === -1) numCols = minCols;
  if (numRows !== minRows && numCols !== minCols) {
    throw new InvalidArgumentError(`The number of rows or columns is not consistent with the specified d_lower, d_upper, and diagonal.`);
  }
  return [numRows, numCols];
}

export function matrixDiag(diag: NDArray, k: NDArray, numRowsA: NDArray, numColsA: NDArray, padding: NDArray, align: DiagAlign): NDArray {
  const [lo, hi] = diagRange(k);
  if (lo > hi) throw new InvalidArgumentError(`lower_diag_index must not be larger than upper_diag_index: ${lo} > ${hi}`);
  const num = hi - lo + 1;
  if (diag.rank < (num > 1 ? 2 : 1)) throw new InvalidArgumentError(`diagonal must be at least ${num > 1 ? 2 : 1}-dim, received shape: [${diag.shape.join(',')}]`);
  if (num > 1 && diag.shape[diag.rank - 2] !== num) {
    throw new InvalidArgumentError(`The number of diagonals provided in the input does not match the lower_diag_index and upper_diag_index range.`);
  }
  const maxLen = diag.shape[diag.rank - 1];
  const [rows, cols] = diagOutputDims(maxLen, lo, hi, Number(numRowsA.data[0]), Number(numColsA.data[0]));
  const batchShape = diag.shape.slice(0, num > 1 ? -2 : -1);
  const batch = batchShape.reduce((a, b) => a * b, 1);
  const out = NDArray.zeros(diag.dtype, [...batchShape, rows, cols]);
  fillWith(out, padding);
  const copy = copyFor(diag.dtype);
  const O = out.data as unknown as unknown[], D = diag.data as unknown as unknown[];
  forBand(batch, rows, cols, lo, hi, align, (b, i, p, r, c) => copy(O, (b * rows + r) * cols + c, D, (b * num + i) * maxLen + p));
  return out;
}

export function matrixSetDiag(x: NDArray, diag: NDArray, k: NDArray, align: DiagAlign): NDArray {
  if (x.rank < 2) throw new InvalidArgumentError(`input must be at least 2-dim, received shape: [${x.shape.join(',')}]`);
  const rows = x.shape[x.rank - 2], cols = x.shape[x.rank - 1];
  const [lo, hi] = diagRange(k);
  checkDiagRange(lo, hi, rows, cols);
  const num = hi - lo + 1, maxLen = maxDiagLen(rows, cols, lo, hi);
  const batchShape = x.shape.slice(0, -2);
  if (num > 1 && diag.shape[diag.rank - 2] !== num) {
    throw new InvalidArgumentError('The number of diagonals provided in `diag` is not consistent with `lower_diag_index` and `upper_diag_index`');
  }
  const expected = num > 1 ? [...batchShape, num, maxLen] : [...batchShape, maxLen];
  if (diag.rank !== expected.length || diag.shape.some((d, i) => d !== expected[i])) {
    throw new InvalidArgumentError(
      'Either first dimensions of diagonal don\'t match input.shape[:-2], or diagonal.shape[:-1] is not equal to the longests diagonal in range [lower_diag_index:upper_diag_index].\n' +
      `Input shape: [${x.shape.join(',')}]\nDiagonal shape: [${diag.shape.join(',')}]\nExpected diagonal shape: [${expected.join(',')}]`);
  }
  const batch = batchShape.reduce((a, b) => a * b, 1);
  const out = new NDArray(x.dtype, x.shape, (x.data as { slice(): typeof x.data }).slice());
  const copy = copyFor(x.dtype);
  const O = out.data as unknown as unknown[], D = diag.data as unknown as unknown[];
  forBand(batch, rows, cols, lo, hi, align, (b, i, p, r, c) => copy(O, (b * rows + r) * cols + c, D, (b * num + i) * maxLen + p));
  return out;
}

export function matrixBandPart(x: NDArray, numLower: number, numUpper: number): NDArray {
  if (x.rank < 2) throw new InvalidArgumentError(`input must be at least 2-dim, received shape: [${x.shape.join(',')}]`);
  const rows = x.shape[x.rank - 2], cols = x.shape[x.rank - 1];
  if (numLower > rows) throw new InvalidArgumentError(`num_lower must be negative or less or equal to number of rows (${rows}) got: ${numLower}`);
  if (numUpper > cols) throw new InvalidArgumentError(`num_upper must be negative or less or equal to number of columns (${cols}) got: ${numUpper}`);
  const out = NDArray.zeros(x.dtype, x.shape);
  const copy = copyFor(x.dtype);
  const O = out.data as unknown as unknown[], X = x.data as unknown as unknown[];
  const batch = rows * cols ? x.size / (rows * cols) : 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if ((numLower < 0 || i - j <= numLower) && (numUpper < 0 || j - i <= numUpper)) {
          const f = (b * rows + i) * cols + j;
          copy(O, f, X, f);
        }
      }
    }
  }
  return out;
}
