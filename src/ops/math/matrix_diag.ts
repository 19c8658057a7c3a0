// Diagonal bands of batched matrices (TF 2's V3 ops behind tf.linalg.diag, diag_part and
// set_diag, and MatrixBandPart behind tf.linalg.band_part). `k` is one diagonal or a
// [lo, hi] band; `align` says how shorter diagonals are padded in the packed form.

import type { NDArray } from '../../framework/ndarray.js';
import type { DType } from '../../framework/dtypes.js';
import { defineOp, type Attrs } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRankAtLeast, withRankAtMost, withRank, type Dim } from '../../framework/tensor_shape.js';
import { ShapeError, ValueError } from '../../framework/errors.js';
import {
  type DiagAlign, DIAG_ALIGNS, maxDiagLen, matrixDiag as diagKernel, matrixDiagPart as diagPartKernel,
  matrixSetDiag as setDiagKernel, matrixBandPart as bandKernel,
} from '../../backend/reference/matrix_diag.js';
import type { TensorLike } from '../core.js';
import { checkDType, INDEX } from '../dtype_sets.js';
import { genOp } from './op_util.js';

interface AlignAttrs extends Attrs { align: DiagAlign }

/** [lo, hi] from a constant k input, or null when k is not known while building. */
function constK(k: { value(): NDArray | null; shape: TensorShape }): [number, number] | null {
  withRankAtMost(k.shape, 1);
  const v = k.value();
  if (!v) return null;
  const d = Array.from(v.data as ArrayLike<number | bigint>, Number);
  if (d.length < 1 || d.length > 2) throw new ShapeError(`diag_index must be a scalar or vector with one or two elements. Received shape: [${v.shape.join(',')}]`);
  const [lo, hi] = d.length === 1 ? [d[0], d[0]] : [d[0], d[1]];
  if (lo > hi) throw new ShapeError('lower_diag_index is greater than upper_diag_index');
  return [lo, hi];
}
const constScalar = (s: { value(): NDArray | null }): number | null => { const v = s.value(); return v ? Number(v.data[0]) : null; };

/** TF's shape-function bound check of a band against a matrix with known rows/cols. */
function checkBand(lo: number, hi: number, rows: Dim, cols: Dim): void {
  if (rows === null || cols === null) return;
  if (lo !== 0 && (-rows >= lo || lo >= cols)) throw new ShapeError('lower_diag_index is out of bound.');
  if (hi !== 0 && (-rows >= hi || hi >= cols)) throw new ShapeError('upper_diag_index is out of bound.');
}

export const MatrixDiagPartV3 = defineOp<AlignAttrs>({
  type: 'MatrixDiagPartV3',
  infer: ([x, k, pad]) => {
    checkDType('k', k.dtype, ['int32']);
    withRank(pad.shape, 0);
    const s = withRankAtLeast(x.shape, 2);
    const band = constK(k);
    if (!s.dims || !band) return [{ dtype: x.dtype, shape: TensorShape.unknown() }];
    const [lo, hi] = band;
    const r = s.dims.length, rows = s.dims[r - 2], cols = s.dims[r - 1];
    checkBand(lo, hi, rows, cols);
    const len = rows !== null && cols !== null ? maxDiagLen(rows, cols, lo, hi) : null;
    return [{ dtype: x.dtype, shape: new TensorShape([...s.dims.slice(0, -2), ...(lo < hi ? [hi - lo + 1] : []), len]) }];
  },
  kernel: ([x, k, pad], a) => diagPartKernel(x, k, pad, a.align),
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null];
    const [x, k] = op.inputs, align = op.attrs.align;
    const rows = x.shape.dim(-2), cols = x.shape.dim(-1);
    if (x.shape.rank !== null && rows !== null && cols !== null) return [matrixDiag(dy, { k, numRows: rows, numCols: cols, align }), null, null];
    return [matrixSetDiag(zerosLike(x), dy, { k, align }), null, null];
  },
});

export const MatrixDiagV3 = defineOp<AlignAttrs>({
  type: 'MatrixDiagV3',
  infer: ([d, k, nr, nc, pad]) => {
    checkDType('k', k.dtype, ['int32']);
    for (const s of [nr, nc, pad]) withRank(s.shape, 0);
    const s = withRankAtLeast(d.shape, 1);
    const band = constK(k);
    if (!s.dims || !band) return [{ dtype: d.dtype, shape: TensorShape.unknown() }];
    const [lo, hi] = band;
    const r = s.dims.length;
    if (lo < hi) {
      withRankAtLeast(s, 2);
      const num = s.dims[r - 2];
      if (num !== null && num !== hi - lo + 1) {
        throw new ShapeError(`The number of rows of \`diagonal\` doesn't match the number of diagonals implied from \`d_lower\` and \`d_upper\`.\nnum_diags = ${num}, d_lower = ${lo}, d_upper = ${hi} ${r} ${s.dims[r - 1] ?? -1}`);
      }
    }
    const batch = s.dims.slice(0, lo < hi ? -2 : -1);
    const maxLen = s.dims[r - 1];
    let rows = constScalar(nr), cols = constScalar(nc);
    if (maxLen === null || rows === null || cols === null) return [{ dtype: d.dtype, shape: new TensorShape([...batch, null, null]) }];
    const minRows = maxLen - Math.min(hi, 0), minCols = maxLen + Math.max(lo, 0);
    if (rows === -1 && cols === -1) rows = cols = Math.max(minRows, minCols);
    if (rows === -1) rows = minRows;
    else if (rows < minRows) throw new ShapeError(`The number of rows is too small.`);
    if (cols === -1) cols = minCols;
    else if (cols < minCols) throw new ShapeError(`The number of columns is too small.`);
    if (rows !== minRows && cols !== minCols) {
      throw new ShapeError(`num_rows and num_cols are not consistent with lower_diag_index, upper_diag_index, and the length of the given diagonals.\nnum_rows = ${rows} != min_num_rows = ${minRows}, num_cols = ${cols} != min_num_cols = ${minCols}`);
    }
    return [{ dtype: d.dtype, shape: new TensorShape([...batch, rows, cols]) }];
  },
  kernel: ([d, k, nr, nc, pad], a) => diagKernel(d, k, nr, nc, pad, a.align),
  grad: (op, [dy]) => [dy ? matrixDiagPart(dy, { k: op.inputs[1], align: op.attrs.align }) : null, null, null, null, null],
});

export const MatrixSetDiagV3 = defineOp<AlignAttrs>({
  type: 'MatrixSetDiagV3',
  infer: ([x, d, k]) => {
    checkDType('k', k.dtype, ['int32']);
    const s = withRankAtLeast(x.shape, 2);
    withRankAtLeast(d.shape, 1);
    const band = constK(k);
    if (s.dims && band) checkBand(band[0], band[1], s.dims[s.dims.length - 2], s.dims[s.dims.length - 1]);
    return [{ dtype: x.dtype, shape: s }];
  },
  kernel: ([x, d, k], a) => setDiagKernel(x, d, k, a.align),
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null];
    const [, d, k] = op.inputs, align = op.attrs.align;
    return [matrixSetDiag(dy, zerosLike(d), { k, align }), matrixDiagPart(dy, { k, align }), null];
  },
});

export const MatrixBandPart = defineOp<{ Tindex: DType }>({
  type: 'MatrixBandPart',
  infer: ([x, lo, hi]) => {
    checkDType('num_lower', lo.dtype, INDEX);
    withRank(lo.shape, 0); withRank(hi.shape, 0);
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  kernel: ([x, lo, hi]) => bandKernel(x, Number(lo.data[0]), Number(hi.data[0])),
  grad: (op, [dy]) => [dy ? matrixBandPart(dy, op.inputs[1], op.inputs[2]) : null, null, null],
});

// ---- builders -------------------------------------------------------------------------------

type K = number | readonly [number, number] | Tensor;
interface DiagOpts { name?: string; k?: K; align?: DiagAlign }

function checkAlign(align: string): DiagAlign {
  if (!DIAG_ALIGNS.includes(align as DiagAlign)) throw new ValueError(`align must be one of ${DIAG_ALIGNS.join(', ')}, got '${align}'`);
  return align as DiagAlign;
}
/** TF's padding default 0, as False for bool diagonals. */
function padFor(x: TensorLike, pad: TensorLike | undefined): TensorLike {
  if (pad !== undefined) return pad;
  return (x as Tensor).dtype === 'bool' ? false : 0;
}

/**
 * Batched diagonal matrices from their diagonals (tf.linalg.diag / tf.matrix_diag; op
 * `MatrixDiagV3`, default name 'diag'). With a band `k = [lo, hi]` the input holds one
 * row per diagonal, from hi down to lo. `numRows`/`numCols` default to the smallest fit.
 *
 * ```ts
 * tf.matrixDiag(tf.constant([1, 2]));              // [[1 0] [0 2]]
 * tf.matrixDiag(tf.constant([1, 2]), { k: 1 });    // [[0 1 0] [0 0 2] [0 0 0]]
 * ```
 */
export function matrixDiag(diagonal: TensorLike, opts: DiagOpts & { numRows?: number | Tensor; numCols?: number | Tensor; paddingValue?: TensorLike } = {}): Tensor {
  const align = checkAlign(opts.align ?? 'RIGHT_LEFT');
  return genOp(MatrixDiagV3, [
    [diagonal, 'diagonal'], [kValue(opts.k), 'k', 'int32'], [opts.numRows ?? -1, 'num_rows', 'int32'],
    [opts.numCols ?? -1, 'num_cols', 'int32'], [padFor(diagonal, opts.paddingValue), 'padding_value'],
  ], { align }, opts.name, 'diag')[0];
}

/**
 * The diagonal (or band of diagonals `k = [lo, hi]`) of each matrix (tf.linalg.diag_part /
 * tf.matrix_diag_part; op `MatrixDiagPartV3`, default name 'diag_part').
 *
 * ```ts
 * tf.matrixDiagPart(tf.constant([[1, 2], [3, 4]]));   // [1 4]
 * ```
 */
export function matrixDiagPart(input: TensorLike, opts: DiagOpts & { paddingValue?: TensorLike } = {}): Tensor {
  const align = checkAlign(opts.align ?? 'RIGHT_LEFT');
  return genOp(MatrixDiagPartV3, [[input, 'input'], [kValue(opts.k), 'k', 'int32'], [padFor(input, opts.paddingValue), 'padding_value']],
    { align }, opts.name, 'diag_part')[0];
}

/**
 * `input` with its diagonal (or band `k`) replaced by `diagonal` (tf.linalg.set_diag /
 * tf.matrix_set_diag; op `MatrixSetDiagV3`, default name 'set_diag').
 *
 * ```ts
 * tf.matrixSetDiag(tf.zeros([2, 2]), tf.constant([7, 8], 'float32'));   // [[7 0] [0 8]]
 * ```
 */
export function matrixSetDiag(input: TensorLike, diagonal: TensorLike, opts: DiagOpts = {}): Tensor {
  const align = checkAlign(opts.align ?? 'RIGHT_LEFT');
  return genOp(MatrixSetDiagV3, [[input, 'input'], [diagonal, 'diagonal'], [kValue(opts.k), 'k', 'int32']], { align }, opts.name, 'set_diag')[0];
}

/**
 * Keeps a band of each matrix and zeroes the rest (tf.linalg.band_part /
 * tf.matrix_band_part; op `MatrixBandPart`): `numLower` subdiagonals and `numUpper`
 * superdiagonals, a negative count keeping the whole triangle.
 *
 * ```ts
 * tf.matrixBandPart(tf.ones([3, 3]), -1, 0);   // lower triangle of ones
 * ```
 */
export function matrixBandPart(input: TensorLike, numLower: number | Tensor, numUpper: number | Tensor, opts: { name?: string } = {}): Tensor {
  const lo = numLower as Tensor, tindex: DType = typeof numLower === 'number' ? 'int32' : lo.dtype;
  return genOp(MatrixBandPart, [[input, 'input'], [numLower, 'num_lower', 'int32'], [numUpper, 'num_upper', 'int32']], { Tindex: tindex }, opts.name)[0];
}

const kValue = (k: K | undefined): TensorLike => (k === undefined ? 0 : Array.isArray(k) ? [k[0], k[1]] : k as TensorLike);

import { zerosLike } from '../array/fill.js';
