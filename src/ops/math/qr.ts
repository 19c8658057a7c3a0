// QR decomposition (TF op Qr, tf.linalg.qr) with TF's gradient for square and deep
// matrices, and for wide ones by reduction to the square case (linalg_grad._QrGrad).

import { defineOp, type Attrs } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRankAtLeast, type Dim } from '../../framework/tensor_shape.js';
import { UnimplementedError } from '../../framework/errors.js';
import { qr as qrKernel } from '../../backend/reference/linalg.js';
import type { TensorLike } from '../core.js';
import { checkDType } from '../dtype_sets.js';
import { genOp } from './op_util.js';

interface QrAttrs extends Attrs { fullMatrices: boolean }

export const Qr = defineOp<QrAttrs>({
  type: 'Qr',
  infer: ([x], a) => {
    checkDType('input', x.dtype, ['float64', 'float32', 'float16']);
    const s = withRankAtLeast(x.shape, 2);
    if (!s.dims) return [{ dtype: x.dtype, shape: TensorShape.unknown() }, { dtype: x.dtype, shape: TensorShape.unknown() }];
    const lead = s.dims.slice(0, -2), m = s.dims[s.dims.length - 2], n = s.dims[s.dims.length - 1];
    const k: Dim = m !== null && n !== null ? Math.min(m, n) : null;
    const q = a.fullMatrices ? [...lead, m, m] : [...lead, m, k];
    const r = a.fullMatrices ? [...lead, m, n] : [...lead, k, n];
    return [{ dtype: x.dtype, shape: new TensorShape(q) }, { dtype: x.dtype, shape: new TensorShape(r) }];
  },
  kernel: ([x], a) => qrKernel(x, a.fullMatrices),
  grad: (op, [dq, dr]) => {
    const [q, r] = op.outputs;
    const rows = q.shape.dim(-2), cols = r.shape.dim(-1), rr = r.shape.dim(-2);
    if (r.shape.rank === null || rr === null || cols === null || rows === null) {
      throw new UnimplementedError(`QrGrad not implemented with dynamic shapes. Received r.shape: ${r.shape.toString()}`);
    }
    if (rr > cols && q.shape.dim(-1) === rows) {
      throw new UnimplementedError(`QrGrad not implemented when nrows > ncols and full_matrices is true. Received r.shape=${r.shape.toString()} with nrows=${rr}and ncols=${cols}.`);
    }
    const dQ = dq ?? zerosLike(q), dR = dr ?? zerosLike(r);
    if (rows >= cols) return [squareOrDeep(q, r, dQ, dR)];
    // a = [x, y], r = [u, v]: reduce to the square case
    const rank = r.shape.rank;
    const lead = new Array<number>(rank - 2).fill(0), all = new Array<number>(rank - 2).fill(-1);
    const y = slice(op.inputs[0], [...lead, 0, rows], [...all, -1, -1]);
    const u = slice(r, [...lead, 0, 0], [...all, -1, rows]);
    const dv = slice(dR, [...lead, 0, rows], [...all, -1, -1]);
    const du = slice(dR, [...lead, 0, 0], [...all, -1, rows]);
    const dy = matmul(q, dv);
    const dx = squareOrDeep(q, u, add(dQ, matmul(y, dv, { adjointB: true })), du);
    return [concat([dx, dy], -1)];
  },
});

/** x * inverse(r)^H for upper-triangular r, as a triangular solve. */
const triSolve = (x: Tensor, r: Tensor) => adjoint(matrixTriangularSolve(r, adjoint(x), { lower: false }));

function squareOrDeep(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const qdq = matmul(q, dq, { adjointA: true });
  const qdq_ = sub(qdq, adjoint(qdq));
  const rdr = matmul(r, dr, { adjointB: true });
  const rdr_ = sub(rdr, adjoint(rdr));
  const tril = matrixBandPart(add(qdq_, rdr_), -1, 0);
  const gradA = matmul(q, add(dr, triSolve(tril, r)));
  const gradB = triSolve(sub(dq, matmul(q, qdq)), r);
  return add(gradA, gradB);
}

/**
 * QR decomposition of each matrix (tf.linalg.qr / tf.qr; op `Qr`): `[q, r]` with q
 * orthonormal columns and r upper triangular; `fullMatrices` gives the full square q.
 *
 * ```ts
 * const [q, r] = tf.qr(tf.constant([[3, 1], [4, 2]], 'float64'));   // q [[-0.6 -0.8] [-0.8 0.6]], r [[-5 -2.2] [0 0.4]]
 * ```
 */
export function qr(input: TensorLike, opts: { fullMatrices?: boolean; name?: string } = {}): [Tensor, Tensor] {
  const [q, r] = genOp(Qr, [[input, 'input']], { fullMatrices: !!opts.fullMatrices }, opts.name);
  return [q, r];
}

import { matmul } from './matmul.js';
import { add, sub } from './binary.js';
import { matrixTriangularSolve } from './linalg.js';
import { matrixBandPart } from './matrix_diag.js';
import { adjoint } from './linalg_compose.js';
import { zerosLike } from '../array/fill.js';
import { slice } from '../array/slice.js';
import { concat } from '../array/concat.js';
