// MatMul (rank 2) and BatchMatMulV2 (rank >= 2 with broadcast batch dims).

import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRank, withRankAtLeast, mergeDim, broadcastShapes, type Dim } from '../../framework/tensor_shape.js';
import { matmul as gemm } from '../../backend/reference/gemm.js';
import { checkDType, checkSameDType } from '../dtype_sets.js';
import { withScope, type TensorLike } from '../core.js';
import { convertPair } from './elementwise_def.js';

export const MatMul = defineOp<{ transposeA: boolean; transposeB: boolean }>({
  type: 'MatMul',
  infer: ([a, b], { transposeA, transposeB }) => {
    checkSameDType('MatMul', ['a', 'b'], [a.dtype, b.dtype]);
    checkDType('a', a.dtype, ['float16', 'float32', 'float64', 'int32', 'int64', 'complex64']);
    const sa = withRank(a.shape, 2), sb = withRank(b.shape, 2);
    const [m, ka] = transposeA ? [sa.dims![1], sa.dims![0]] : [sa.dims![0], sa.dims![1]];
    const [kb, n] = transposeB ? [sb.dims![1], sb.dims![0]] : [sb.dims![0], sb.dims![1]];
    mergeDim(ka, kb);
    return [{ dtype: a.dtype, shape: new TensorShape([m, n]) }];
  },
  kernel: ([a, b], at) => gemm(a, b, at.transposeA, at.transposeB),
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    const [a, b] = op.inputs;
    const { transposeA: ta, transposeB: tb } = op.attrs;
    if (!ta && !tb) return [matmul(dy, b, { transposeB: true }), matmul(a, dy, { transposeA: true })];
    if (!ta && tb) return [matmul(dy, b), matmul(dy, a, { transposeA: true })];
    if (ta && !tb) return [matmul(b, dy, { transposeB: true }), matmul(a, dy)];
    return [matmul(b, dy, { transposeA: true, transposeB: true }), matmul(dy, a, { transposeA: true, transposeB: true })];
  },
});

export const BatchMatMulV2 = defineOp<{ adjX: boolean; adjY: boolean }>({
  type: 'BatchMatMulV2',
  infer: ([a, b], { adjX, adjY }) => {
    checkSameDType('BatchMatMulV2', ['x', 'y'], [a.dtype, b.dtype]);
    checkDType('x', a.dtype, ['float16', 'float32', 'float64', 'int32', 'int64', 'complex64']);
    const sa = withRankAtLeast(a.shape, 2), sb = withRankAtLeast(b.shape, 2);
    if (!sa.dims || !sb.dims) return [{ dtype: a.dtype, shape: TensorShape.unknown() }];
    const ra = sa.dims.length, rb = sb.dims.length;
    const [m, ka] = adjX ? [sa.dims[ra - 1], sa.dims[ra - 2]] : [sa.dims[ra - 2], sa.dims[ra - 1]];
    const [kb, n] = adjY ? [sb.dims[rb - 1], sb.dims[rb - 2]] : [sb.dims[rb - 2], sb.dims[rb - 1]];
    mergeDim(ka, kb);
    const batch = broadcastShapes(new TensorShape(sa.dims.slice(0, -2)), new TensorShape(sb.dims.slice(0, -2)));
    return [{ dtype: a.dtype, shape: new TensorShape([...(batch.dims as Dim[]), m, n]) }];
  },
  kernel: ([a, b], at) => gemm(a, b, at.adjX, at.adjY),
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    const [a, b] = op.inputs;
    const { adjX: ta, adjY: tb } = op.attrs;
    if (!ta && !tb) return [matmul(dy, b, { transposeB: true }), matmul(a, dy, { transposeA: true })];
    if (!ta && tb) return [matmul(dy, b), matmul(dy, a, { transposeA: true })];
    if (ta && !tb) return [matmul(b, dy, { transposeB: true }), matmul(a, dy)];
    return [matmul(b, dy, { transposeA: true, transposeB: true }), matmul(dy, a, { transposeA: true, transposeB: true })];
  },
});

export interface MatMulOptions { transposeA?: boolean; transposeB?: boolean; adjointA?: boolean; adjointB?: boolean; name?: string }

/**
 * Matrix product (tf.matmul); rank > 2 inputs multiply batch-wise (BatchMatMulV2).
 *
 * ```ts
 * tf.matmul(tf.constant([[1, 2], [3, 4]]), tf.constant([[5], [6]]));   // [[17] [39]]
 * ```
 */
export function matmul(a: TensorLike, b: TensorLike, opts: MatMulOptions = {}): Tensor {
  return withScope(opts.name, 'MatMul', [a, b], (scope, g) => {
    const [ta, tb] = convertPair(a, b, ['a', 'b']);
    const tA = !!(opts.transposeA || opts.adjointA), tB = !!(opts.transposeB || opts.adjointB);
    const r2 = (t: Tensor) => t.shape.rank === 2;
    if (r2(ta) && r2(tb)) return g.addOp(MatMul, [ta, tb], { transposeA: tA, transposeB: tB }, { name: scope }).outputs[0];
    return g.addOp(BatchMatMulV2, [ta, tb], { adjX: tA, adjY: tB }, { name: scope }).outputs[0];
  });
}
