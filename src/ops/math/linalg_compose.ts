// Linear-algebra helpers TF builds from other ops: trace, eye, logdet, matrix_transpose
// and adjoint (tf.linalg.*), with TF's node names.

import type { DType } from '../../framework/dtypes.js';
import { Tensor } from '../../framework/tensor.js';
import { ValueError } from '../../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';

/**
 * Sum of the diagonal of each matrix (tf.linalg.trace / tf.trace): reduceSum of
 * matrixDiagPart over the last axis, in scope 'Trace'.
 *
 * ```ts
 * tf.trace(tf.constant([[1, 2], [3, 4]]));   // 5
 * ```
 */
export function trace(x: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'Trace', [x], scope => {
    const t = convertToTensor(x, { name: 'x' });
    return reduceSum(matrixDiagPart(t), { axis: [-1], name: scope });
  });
}

type Dim = number | Tensor;

/**
 * Identity matrices (tf.eye): `numRows` x `numColumns` (square by default), optionally
 * batched with leading `batchShape`. Static sizes build ones + matrixDiag (or
 * matrixSetDiag on zeros when not square) in scope 'eye'; tensor sizes build the shapes
 * with concat.
 *
 * ```ts
 * tf.eye(2);                                // [[1 0] [0 1]]
 * tf.eye(2, 3, { batchShape: [2], dtype: 'int32' });   // shape [2, 2, 3]
 * ```
 */
export function eye(numRows: Dim, numColumns?: Dim | null, opts: { batchShape?: readonly number[] | Tensor; dtype?: DType; name?: string } = {}): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const values: unknown[] = [numRows, numColumns, opts.batchShape];
  return withScope(opts.name, 'eye', values, () => {
    let isSquare = numColumns === undefined || numColumns === null;
    const cols = isSquare ? numRows : numColumns!;
    const batch = opts.batchShape ?? [];
    let diagSize: Dim;
    if (numRows instanceof Tensor || cols instanceof Tensor) diagSize = minimum(numRows, cols);
    else {
      if (!Number.isInteger(numRows) || !Number.isInteger(cols) || numRows < 0 || cols < 0) {
        throw new TypeError('num_rows and num_columns must be positive integer values.');
      }
      isSquare = numRows === cols;
      diagSize = Math.min(numRows, cols);
    }
    let diagShape: readonly number[] | Tensor, shape: readonly number[] | Tensor | null = null;
    if (batch instanceof Tensor || diagSize instanceof Tensor) {
      const b = convertToTensor(batch as TensorLike, { name: 'shape', dtype: batch instanceof Tensor ? undefined : 'int32' });
      diagShape = concat([b, [diagSize]], 0);
      if (!isSquare) shape = concat([b, [numRows, cols]], 0);
    } else {
      diagShape = [...batch, diagSize];
      if (!isSquare) shape = [...batch, numRows as number, cols as number];
    }
    const diagOnes = ones(diagShape, dtype);
    if (isSquare) return matrixDiag(diagOnes);
    return matrixSetDiag(zeros(shape!, dtype), diagOnes);
  });
}

/**
 * log(det(A)) of Hermitian positive definite matrices via Cholesky (tf.linalg.logdet):
 * 2 * sum(log(diag(chol(A)))), in scope 'logdet'.
 *
 * ```ts
 * tf.logdet(tf.constant([[4, 2], [2, 5]], 'float32'));   // log 16 = 2.7726
 * ```
 */
export function logdet(matrix: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'logdet', [matrix], () => {
    const chol = cholesky(matrix);
    const s = reduceSum(log(real(matrixDiagPart(chol))), { axis: [-1] });
    return applyBinary(Mul, 2.0, s, undefined, 'mul');
  });
}

/**
 * Transposes the last two dimensions (tf.linalg.matrix_transpose): a Transpose in scope
 * 'matrix_transpose' with perm [0, ..., r-1, r-2]. `conjugate` also conjugates complex values.
 *
 * ```ts
 * tf.matrixTranspose(tf.zeros([2, 3, 4]));   // shape [2, 4, 3]
 * ```
 */
export function matrixTranspose(a: TensorLike, opts: { name?: string; conjugate?: boolean } = {}): Tensor {
  return withScope(opts.name, 'matrix_transpose', [a], () => {
    const x = convertToTensor(a, { name: 'a' });
    const r = x.shape.rank;
    let perm: number[] | Tensor;
    if (r !== null) {
      if (r < 2) throw new ValueError(`Argument \`a\` should be a (batch) matrix with rank >= 2.  Received \`a\` = ${x.toString()} with shape: ${x.shape.toString()}`);
      perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
    } else {
      const xr = rank(x);
      perm = concat([range(0, xr.sub(2), 1), stack([xr.sub(1), xr.sub(2)])], 0);
    }
    const t = transpose(x, perm);
    return opts.conjugate && t.dtype === 'complex64' ? conj(t) : t;
  });
}

/**
 * The conjugate transpose of the last two dimensions (tf.linalg.adjoint), in scope 'adjoint'.
 *
 * ```ts
 * tf.adjoint(tf.constant([[1, 2], [3, 4]]));   // [[1 3] [2 4]]
 * ```
 */
export function adjoint(matrix: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'adjoint', [matrix], () => {
    const m = convertToTensor(matrix, { name: 'matrix' });
    return matrixTranspose(m, { conjugate: true });
  });
}

import { reduceSum } from './reduce.js';
import { matrixDiag, matrixDiagPart, matrixSetDiag } from './matrix_diag.js';
import { cholesky } from './linalg.js';
import { log } from './unary.js';
import { real, conj } from './complex.js';
import { minimum, Mul } from './binary.js';
import { applyBinary } from './elementwise_def.js';
import { ones, zeros, range } from '../array/fill.js';
import { rank } from '../array/shape.js';
import { concat } from '../array/concat.js';
import { stack } from '../array/pack.js';
import { transpose } from '../array/transpose.js';
