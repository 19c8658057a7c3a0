// Math ops: elementwise, reductions, linear algebra.
export * from './unary.js';
export {
  add, subtract, multiply, realDiv, maximum, minimum, squaredDifference, pow, atan2, floormod, mod,
  truncatediv, truncatemod, equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr,
  logicalXor, truediv, divide, div, floordiv, divNoNan,
} from './binary.js';
export { cast, toFloat, toDouble, toInt32, toInt64 } from './cast.js';
export { reduceSum, reduceProd, reduceMean, reduceMax, reduceMin, reduceAny, reduceAll, reduceLogSumExp, countNonzero, argMax, argMin } from './reduce.js';
export type { ReduceOpts } from './reduce.js';
export { matmul } from './matmul.js';
export type { MatMulOptions } from './matmul.js';

// ---- lists, scans, clipping -------------------------------------------------------------------
export { addN, accumulateN } from './add_n.js';
export { cumsum, cumprod } from './scan.js';
export type { ScanOptions } from './scan.js';
export { clipByValue, clipByNorm, globalNorm, clipByGlobalNorm } from './clip.js';
export { reduceEuclideanNorm, reduceVariance, reduceStd, scalarMul } from './reduce_extra.js';

// ---- linear algebra ---------------------------------------------------------------------------
export {
  matrixInverse, matrixDeterminant, logMatrixDeterminant, slogdet, cholesky, matrixSolve, matrixTriangularSolve,
} from './linalg.js';
export { matrixDiag, matrixDiagPart, matrixSetDiag, matrixBandPart } from './matrix_diag.js';
export { trace, eye, logdet, matrixTranspose, adjoint } from './linalg_compose.js';
export { qr } from './qr.js';

// ---- special functions, complex numbers, bits -------------------------------------------------
export { lgamma, digamma, polygamma, zeta, betainc, erfinv, xlogy, xdivy, xlog1py, multiplyNoNan } from './special.js';
export { complex, real, imag, conj, angle } from './complex.js';
export { bitwiseAnd, bitwiseOr, bitwiseXor, leftShift, rightShift, invert } from './bitwise.js';

import * as bitwiseOps from './bitwise.js';
import * as linalgOps from './linalg.js';
import * as diagOps from './matrix_diag.js';
import * as composeOps from './linalg_compose.js';
import { matmul as matmulOp } from './matmul.js';
import { qr as qrOp } from './qr.js';

/** tf.bitwise: bitwiseAnd, bitwiseOr, bitwiseXor, invert, leftShift, rightShift. */
export const bitwise = {
  bitwiseAnd: bitwiseOps.bitwiseAnd, bitwiseOr: bitwiseOps.bitwiseOr, bitwiseXor: bitwiseOps.bitwiseXor,
  invert: bitwiseOps.invert, leftShift: bitwiseOps.leftShift, rightShift: bitwiseOps.rightShift,
} as const;

/** tf.linalg, with TF's short names (inv, det, solve, diag, bandPart, ...). */
export const linalg = {
  inv: linalgOps.matrixInverse, det: linalgOps.matrixDeterminant, slogdet: linalgOps.logMatrixDeterminant,
  logdet: composeOps.logdet, cholesky: linalgOps.cholesky, solve: linalgOps.matrixSolve,
  triangularSolve: linalgOps.matrixTriangularSolve, diag: diagOps.matrixDiag, diagPart: diagOps.matrixDiagPart,
  setDiag: diagOps.matrixSetDiag, bandPart: diagOps.matrixBandPart, trace: composeOps.trace, eye: composeOps.eye,
  matrixTranspose: composeOps.matrixTranspose, transpose: composeOps.matrixTranspose, adjoint: composeOps.adjoint,
  matmul: matmulOp, qr: qrOp,
} as const;
