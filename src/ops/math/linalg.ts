// Dense linear algebra over batches of matrices [..., M, N] (TF's linalg_ops):
// MatrixInverse, MatrixDeterminant, LogMatrixDeterminant, Cholesky, MatrixSolve and
// MatrixTriangularSolve, with TF's shape functions and gradient rules (linalg_grad.py).

import { defineOp, type Attrs } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRankAtLeast, mergeDim, broadcastShapes, type Dim } from '../../framework/tensor_shape.js';
import {
  matrixInverse as inverseKernel, matrixDeterminant as detKernel, logMatrixDeterminant as slogdetKernel,
  cholesky as choleskyKernel, matrixSolve as solveKernel, matrixTriangularSolve as triSolveKernel,
} from '../../backend/reference/linalg.js';
import type { TensorLike } from '../core.js';
import { checkDType, checkSameDType } from '../dtype_sets.js';
import { batchSquare, mergeShapes } from './shape_util.js';
import { genOp } from './op_util.js';
import { withScope } from '../core.js';

/** TF's linalg ops take float16/32/64 (and complex, which the reference kernels do not do). */
const LINALG = ['float64', 'float32', 'float16'] as const;

interface AdjointAttrs extends Attrs { adjoint: boolean }

export const MatrixInverse = defineOp<AdjointAttrs>({
  type: 'MatrixInverse',
  infer: ([x]) => {
    checkDType('input', x.dtype, LINALG);
    return [{ dtype: x.dtype, shape: batchSquare(x.shape).shape }];
  },
  kernel: ([x], a) => inverseKernel(x, a.adjoint),
  grad: (op, [dy]) => {
    if (!dy) return [null];
    const ainv = op.outputs[0], adj = op.attrs.adjoint;
    return [negative(matmul(ainv, matmul(dy, ainv, { adjointA: adj, adjointB: !adj }), { adjointA: !adj }))];
  },
});

/** Batch shape of a square-matrix input for the determinant ops (TF merges cols with rows). */
function detShape(s: TensorShape): TensorShape {
  withRankAtLeast(s, 2);
  if (!s.dims) return TensorShape.unknown();
  const r = s.dims.length;
  mergeDim(s.dims[r - 1], s.dims[r - 2]);
  return new TensorShape(s.dims.slice(0, -2));
}

/** dy (batch-shaped) broadcast against the [..., M, M] matrices: expand twice at the end. */
const asMultiplier = (t: Tensor) => expandDims(expandDims(t, -1), -1);

export const MatrixDeterminant = defineOp({
  type: 'MatrixDeterminant',
  infer: ([x]) => {
    checkDType('input', x.dtype, LINALG);
    return [{ dtype: x.dtype, shape: detShape(x.shape) }];
  },
  kernel: ([x]) => detKernel(x),
  grad: (op, [dy]) => {
    if (!dy) return [null];
    const aAdjInv = matrixInverse(op.inputs[0], { adjoint: true });
    return [mul(asMultiplier(mul(dy, op.outputs[0])), aAdjInv)];
  },
});

export const LogMatrixDeterminant = defineOp({
  type: 'LogMatrixDeterminant',
  infer: ([x]) => {
    checkDType('input', x.dtype, LINALG);
    const s = detShape(x.shape);
    return [{ dtype: x.dtype, shape: s }, { dtype: x.dtype, shape: s }];
  },
  kernel: ([x]) => slogdetKernel(x),
  grad: (op, [, dLogAbs]) => {
    if (!dLogAbs) return [null];
    const aAdjInv = matrixInverse(op.inputs[0], { adjoint: true });
    return [mul(asMultiplier(dLogAbs), aAdjInv)];
  },
});

export const Cholesky = defineOp({
  type: 'Cholesky',
  infer: ([x]) => {
    checkDType('input', x.dtype, LINALG);
    return [{ dtype: x.dtype, shape: batchSquare(x.shape).shape }];
  },
  kernel: ([x]) => choleskyKernel(x),
  grad: (op, [dy]) => {
    if (!dy) return [null];
    // TF's rule: A_bar = L^-H Phi(L^H dL) L^-1, symmetrized, where Phi takes the lower
    // triangle with the diagonal halved. (X + X^H) is formed as L^-H (M + M^H) L^-1 with
    // adjoint flags on matmul instead of an explicit transpose.
    const l = op.outputs[0];
    const lInv = matrixTriangularSolve(l, matrixDiag(onesLike(matrixDiagPart(l))));
    let middle = matmul(l, dy, { adjointA: true });
    middle = matrixSetDiag(middle, mul(0.5, matrixDiagPart(middle)));
    middle = matrixBandPart(middle, -1, 0);
    const sym = add(matmul(lInv, middle, { adjointA: true }), matmul(lInv, middle, { adjointA: true, adjointB: true }));
    return [mul(matmul(sym, lInv), 0.5)];
  },
});

export const MatrixSolve = defineOp<AdjointAttrs>({
  type: 'MatrixSolve',
  infer: ([a, b]) => {
    checkSameDType('MatrixSolve', ['matrix', 'rhs'], [a.dtype, b.dtype]);
    checkDType('matrix', a.dtype, LINALG);
    const lhs = batchSquare(a.shape).shape;
    const rhs = withRankAtLeast(b.shape, 2);
    if (!lhs.dims || !rhs.dims) return [{ dtype: a.dtype, shape: TensorShape.unknown() }];
    const batch = mergeShapes(new TensorShape(lhs.dims.slice(0, -2)), new TensorShape(rhs.dims.slice(0, -2)));
    const m = mergeDim(lhs.dims[lhs.dims.length - 2], rhs.dims[rhs.dims.length - 2]);
    const n = mergeDim(m, lhs.dims[lhs.dims.length - 1]);
    return [{ dtype: a.dtype, shape: new TensorShape([...(batch.dims as Dim[]), n, rhs.dims[rhs.dims.length - 1]]) }];
  },
  kernel: ([a, b], at) => solveKernel(a, b, at.adjoint),
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    const a = op.inputs[0], c = op.outputs[0], adj = op.attrs.adjoint;
    const gradB = matrixSolve(a, dy, { adjoint: !adj });
    const gradA = adj ? negative(matmul(c, gradB, { adjointB: true })) : negative(matmul(gradB, c, { adjointB: true }));
    return [gradA, gradB];
  },
});

interface TriAttrs extends Attrs { lower: boolean; adjoint: boolean }

export const MatrixTriangularSolve = defineOp<TriAttrs>({
  type: 'MatrixTriangularSolve',
  infer: ([a, b]) => {
    checkSameDType('MatrixTriangularSolve', ['matrix', 'rhs'], [a.dtype, b.dtype]);
    checkDType('matrix', a.dtype, LINALG);
    const lhs = batchSquare(a.shape).shape;
    const rhs = withRankAtLeast(b.shape, 2);
    if (!lhs.dims || !rhs.dims) return [{ dtype: a.dtype, shape: TensorShape.unknown() }];
    const batch = broadcastShapes(new TensorShape(lhs.dims.slice(0, -2)), new TensorShape(rhs.dims.slice(0, -2)));
    const m = mergeDim(lhs.dims[lhs.dims.length - 1], rhs.dims[rhs.dims.length - 2]);
    return [{ dtype: a.dtype, shape: new TensorShape([...(batch.dims as Dim[]), m, rhs.dims[rhs.dims.length - 1]]) }];
  },
  kernel: ([a, b], at) => triSolveKernel(a, b, at.lower, at.adjoint),
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    // gradients come back in the broadcast batch shape; the gradient driver sums them down
    const a = op.inputs[0], c = op.outputs[0], { lower, adjoint: adj } = op.attrs;
    const gradB = matrixTriangularSolve(a, dy, { lower, adjoint: !adj });
    let gradA = adj ? negative(matmul(c, gradB, { adjointB: true })) : negative(matmul(gradB, c, { adjointB: true }));
    gradA = lower ? matrixBandPart(gradA, -1, 0) : matrixBandPart(gradA, 0, -1);
    return [gradA, gradB];
  },
});

// ---- builders -------------------------------------------------------------------------------

type Name = { name?: string };

/**
 * Inverse of each square matrix in `input` [..., M, M] (tf.linalg.inv / tf.matrix_inverse;
 * op `MatrixInverse`). With `adjoint`, the inverse of each matrix's adjoint. A singular
 * matrix fails at run time with "Input is not invertible.".
 *
 * ```ts
 * tf.matrixInverse(tf.constant([[4, 7], [2, 6]], 'float32'));   // [[ 0.6 -0.7] [-0.2  0.4]]
 * ```
 */
export function matrixInverse(input: TensorLike, opts: Name & { adjoint?: boolean } = {}): Tensor {
  return genOp(MatrixInverse, [[input, 'input']], { adjoint: !!opts.adjoint }, opts.name)[0];
}

/**
 * Determinant of each square matrix (tf.linalg.det / tf.matrix_determinant; op
 * `MatrixDeterminant`), computed by LU decomposition in float64.
 *
 * ```ts
 * tf.matrixDeterminant(tf.constant([[4, 7], [2, 6]], 'float32'));   // 10
 * ```
 */
export function matrixDeterminant(input: TensorLike, opts: Name = {}): Tensor {
  return genOp(MatrixDeterminant, [[input, 'input']], {}, opts.name)[0];
}

/**
 * Sign and log of the absolute value of each determinant (tf.linalg.slogdet; op
 * `LogMatrixDeterminant`): `[sign, logAbsDeterminant]`. A singular matrix gives sign 0
 * and -inf.
 *
 * ```ts
 * const [sign, logAbs] = tf.logMatrixDeterminant(tf.constant([[1, 2], [3, 4]], 'float32'));   // -1, log 2
 * ```
 */
export function logMatrixDeterminant(input: TensorLike, opts: Name = {}): [Tensor, Tensor] {
  const [s, l] = genOp(LogMatrixDeterminant, [[input, 'input']], {}, opts.name);
  return [s, l];
}
/** tf.linalg.slogdet: the same as logMatrixDeterminant. */
export const slogdet = logMatrixDeterminant;

/**
 * Cholesky factor L (lower triangular, L L^T = A) of each symmetric positive definite
 * matrix (tf.linalg.cholesky; op `Cholesky`). Only the lower triangle of A is read. A
 * matrix that is not positive definite yields NaNs, as TF 2's CPU kernel.
 *
 * ```ts
 * tf.cholesky(tf.constant([[4, 2], [2, 5]], 'float64'));   // [[2 0] [1 2]]
 * ```
 */
export function cholesky(input: TensorLike, opts: Name = {}): Tensor {
  return genOp(Cholesky, [[input, 'input']], {}, opts.name)[0];
}

/**
 * Solves A X = B for each matrix (tf.linalg.solve / tf.matrix_solve; op `MatrixSolve`).
 * `matrix` is [..., M, M], `rhs` [..., M, K] with the same batch dims; with `adjoint`,
 * solves adjoint(A) X = B.
 *
 * ```ts
 * tf.matrixSolve(tf.constant([[2, 0], [0, 4]], 'float32'), tf.constant([[2], [8]], 'float32'));   // [[1] [2]]
 * ```
 */
export function matrixSolve(matrix: TensorLike, rhs: TensorLike, opts: Name & { adjoint?: boolean } = {}): Tensor {
  return genOp(MatrixSolve, [[matrix, 'matrix'], [rhs, 'rhs']], { adjoint: !!opts.adjoint }, opts.name)[0];
}

/**
 * Solves triangular systems (tf.linalg.triangular_solve / tf.matrix_triangular_solve; op
 * `MatrixTriangularSolve` inside scope 'triangular_solve'). Only the lower (default) or
 * upper triangle of `matrix` is read; batch dims broadcast.
 *
 * ```ts
 * const a = tf.constant([[3, 0], [2, 1]], 'float32');
 * tf.matrixTriangularSolve(a, tf.constant([[3], [4]], 'float32'));   // [[1] [2]]
 * ```
 */
export function matrixTriangularSolve(matrix: TensorLike, rhs: TensorLike, opts: Name & { lower?: boolean; adjoint?: boolean } = {}): Tensor {
  return withScope(opts.name, 'triangular_solve', [matrix, rhs], () =>
    genOp(MatrixTriangularSolve, [[matrix, 'matrix'], [rhs, 'rhs']], { lower: opts.lower ?? true, adjoint: !!opts.adjoint }, undefined)[0]);
}

import { matmul } from './matmul.js';
import { mul, add } from './binary.js';
import { negative } from './unary.js';
import { expandDims } from '../array/reshape.js';
import { onesLike } from '../array/fill.js';
import { matrixDiag, matrixDiagPart, matrixSetDiag, matrixBandPart } from './matrix_diag.js';
