// Gradient spec rows: linear algebra and matrix diagonals. Matrices are kept well
// conditioned by adding a multiple of the identity to the drawn values.

import * as tf from '../../src/index.js';
import { type GradSpec, u, eyeTimes } from './grad_spec.js';

/** a + s·I: a well-conditioned (batch of) n×n matrices. */
const wellConditioned = (a: tf.Tensor, s = 3) => {
  const dims = a.shape.dims as number[];
  return tf.add(a, eyeTimes(dims[dims.length - 1], s, dims.slice(0, -2)));
};
/** a·aᵀ + s·I: symmetric positive definite. */
const spd = (a: tf.Tensor, s = 2) => wellConditioned(tf.matmul(a, a, { transposeB: true }), s);

const LINALG: GradSpec[] = [
  { type: 'MatrixInverse', inputs: [u([3, 3])], build: ([a]) => tf.matrixInverse(wellConditioned(a)) },
  { type: 'MatrixInverse', variant: 'batch, adjoint', inputs: [u([2, 3, 3])], build: ([a]) => tf.matrixInverse(wellConditioned(a), { adjoint: true }) },
  { type: 'MatrixDeterminant', inputs: [u([3, 3])], build: ([a]) => tf.matrixDeterminant(wellConditioned(a)) },
  { type: 'MatrixDeterminant', variant: 'batch', inputs: [u([2, 2, 2])], build: ([a]) => tf.matrixDeterminant(wellConditioned(a, 2)) },
  { type: 'LogMatrixDeterminant', inputs: [u([3, 3])], build: ([a]) => tf.logMatrixDeterminant(wellConditioned(a, -3)) },
  { type: 'MatrixSolve', inputs: [u([3, 3]), u([3, 2])], build: ([a, b]) => tf.matrixSolve(wellConditioned(a), b) },
  { type: 'MatrixSolve', variant: 'batch, adjoint', inputs: [u([2, 3, 3]), u([2, 3, 1])], build: ([a, b]) => tf.matrixSolve(wellConditioned(a), b, { adjoint: true }) },
  ...[[true, false], [false, false], [true, true], [false, true]].map(([lower, adjoint]) => ({
    type: 'MatrixTriangularSolve', variant: `lower=${lower} adjoint=${adjoint}`, inputs: [u([3, 3]), u([3, 2])],
    build: ([a, b]: tf.Tensor[]) => tf.matrixTriangularSolve(wellConditioned(a), b, { lower, adjoint }),
  })),
  { type: 'MatrixTriangularSolve', variant: 'broadcast batch [2,3,3] with [3,2]', inputs: [u([2, 3, 3]), u([3, 2])], build: ([a, b]) => tf.matrixTriangularSolve(wellConditioned(a), b) },
  { type: 'MatrixTriangularSolve', variant: 'broadcast batch [3,3] with [2,3,2]', inputs: [u([3, 3]), u([2, 3, 2])], build: ([a, b]) => tf.matrixTriangularSolve(wellConditioned(a), b) },
  { type: 'Cholesky', inputs: [u([3, 3])], build: ([a]) => tf.cholesky(spd(a)) },
  { type: 'Cholesky', variant: 'batch', inputs: [u([2, 2, 2])], build: ([a]) => tf.cholesky(spd(a)) },
  { type: 'Qr', variant: 'square', inputs: [u([3, 3])], build: ([a]) => tf.qr(wellConditioned(a)) },
  { type: 'Qr', variant: 'tall, reduced', inputs: [u([4, 3])], build: ([a]) => tf.qr(a) },
  { type: 'Qr', variant: 'r only', inputs: [u([3, 3])], build: ([a]) => tf.qr(wellConditioned(a))[1] },
  { type: 'MatrixBandPart', inputs: [u([3, 4])], build: ([a]) => tf.matrixBandPart(a, 1, 0) },
  { type: 'MatrixBandPart', variant: 'batch, upper', inputs: [u([2, 3, 3])], build: ([a]) => tf.matrixBandPart(a, 0, -1) },
  { type: 'MatrixDiagV3', inputs: [u([2, 3])], build: ([d]) => tf.matrixDiag(d) },
  { type: 'MatrixDiagV3', variant: 'band k=[-1,1]', inputs: [u([3, 3])], build: ([d]) => tf.matrixDiag(d, { k: [-1, 1] }) },
  { type: 'MatrixDiagPartV3', inputs: [u([2, 3, 4])], build: ([a]) => tf.matrixDiagPart(a) },
  { type: 'MatrixDiagPartV3', variant: 'k=1', inputs: [u([3, 4])], build: ([a]) => tf.matrixDiagPart(a, { k: 1 }) },
  { type: 'MatrixSetDiagV3', inputs: [u([2, 3, 3]), u([2, 3])], build: ([a, d]) => tf.matrixSetDiag(a, d) },
  { type: 'MatrixSetDiagV3', variant: 'wide, k=1', inputs: [u([3, 4]), u([3])], build: ([a, d]) => tf.matrixSetDiag(a, d, { k: 1 }) },
];

export const LINALG_SPECS: GradSpec[] = LINALG;
