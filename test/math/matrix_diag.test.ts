// MatrixDiagV3 / MatrixDiagPartV3 / MatrixSetDiagV3 / MatrixBandPart and the helpers built
// on them (trace, eye, matrixTranspose, adjoint): values and names against TF 2.21.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { run, nodes, checkGrad } from './grad_util.js';

const r34 = () => tf.reshape(tf.range(0, 12), [3, 4]);

test('matrixDiagPart: main diagonal, bands with each alignment, padding', () => {
  tf.withGraph(() => {
    assert.deepEqual(run(tf.matrixDiagPart(tf.constant([[1, 2], [3, 4]]))).toArray(), [1, 4]);
    // TF: tf.matrix_diag_part(reshape(range(12), [3, 4]), k=(-1, 2)) and align='LEFT_RIGHT'
    assert.deepEqual(run(tf.matrixDiagPart(r34(), { k: [-1, 2] })).toArray(), [[0, 2, 7], [1, 6, 11], [0, 5, 10], [4, 9, 0]]);
    assert.deepEqual(run(tf.matrixDiagPart(r34(), { k: [-1, 2], align: 'LEFT_RIGHT' })).toArray(), [[2, 7, 0], [1, 6, 11], [0, 5, 10], [0, 4, 9]]);
    assert.deepEqual(run(tf.matrixDiagPart(r34(), { k: 1, paddingValue: 9 })).toArray(), [1, 6, 11]);
    assert.deepEqual(run(tf.matrixDiagPart(tf.zeros([2, 0, 0]))).shape, [2, 0]);
    assert.deepEqual(tf.matrixDiagPart(tf.placeholder('float32', [2, null, 3])).shape.dims, [2, null]);
    assert.deepEqual(tf.matrixDiagPart(tf.placeholder('float32', [2, 5, 3]), { k: [-1, 1] }).shape.dims, [2, 3, 3]);
    assert.throws(() => tf.matrixDiagPart(r34(), { k: 4 }), /lower_diag_index is out of bound\. for 'diag_part_\d+'/);
    assert.throws(() => tf.matrixDiagPart(r34(), { k: [2, 1] }), /lower_diag_index is greater than upper_diag_index/);
    assert.throws(() => tf.matrixDiagPart(tf.placeholder('float32', [5])), /Shape must be at least rank 2 but is rank 1/);
  });
});

test('matrixDiag: square by default, bands, num_rows/num_cols, padding', () => {
  tf.withGraph(() => {
    assert.deepEqual(run(tf.matrixDiag(tf.constant([[1, 2], [3, 4]]))).toArray(), [[[1, 0], [0, 2]], [[3, 0], [0, 4]]]);
    assert.deepEqual(run(tf.matrixDiag(tf.constant([[1, 2], [3, 4], [5, 6]]), { k: [-1, 1] })).toArray(), [[3, 2], [5, 4]]);
    assert.deepEqual(run(tf.matrixDiag(tf.constant([[1, 2], [3, 4], [5, 6]]), { k: [-1, 1], align: 'LEFT_LEFT' })).toArray(), [[3, 1], [5, 4]]);
    assert.deepEqual(run(tf.matrixDiag(tf.constant([1, 2]), { k: -1 })).toArray(), [[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    assert.deepEqual(run(tf.matrixDiag(tf.constant([1, 2]), { k: 1, numRows: 4 })).toArray(), [[0, 1, 0], [0, 0, 2], [0, 0, 0], [0, 0, 0]]);
    assert.deepEqual(run(tf.matrixDiag(tf.constant([1, 2]), { paddingValue: -1 })).toArray(), [[1, -1], [-1, 2]]);
    assert.deepEqual(run(tf.matrixDiag(tf.constant([true, true]))).toArray(), [[true, false], [false, true]]);
    assert.deepEqual(tf.matrixDiag(tf.placeholder('float32', [2, 5]), { k: 2 }).shape.dims, [2, 7, 7]);
    assert.throws(() => tf.matrixDiag(tf.constant([1, 2]), { k: 1, numRows: 3, numCols: 4, paddingValue: -1 }),
      /num_rows and num_cols are not consistent with lower_diag_index, upper_diag_index, and the length of the given diagonals\.\nnum_rows = 3 != min_num_rows = 2, num_cols = 4 != min_num_cols = 3/);
    assert.throws(() => tf.matrixDiag(tf.constant([[1, 2], [3, 4]]), { k: [-1, 1] }), /The number of rows of `diagonal` doesn't match the number of diagonals/);
    assert.throws(() => tf.matrixDiag(tf.placeholder('float32', [])), /Shape must be at least rank 1 but is rank 0/);
  });
});

test('matrixSetDiag and matrixBandPart', () => {
  tf.withGraph(() => {
    assert.deepEqual(run(tf.matrixSetDiag(tf.zeros([3, 4]), tf.constant([[1, 2, 3], [4, 5, 6]], 'float32'), { k: [0, 1] })).toArray(),
      [[4, 1, 0, 0], [0, 5, 2, 0], [0, 0, 6, 3]]);
    assert.throws(() => run(tf.matrixSetDiag(tf.zeros([3, 4]), tf.constant([1, 2, 3, 4], 'float32'))),
      (e: Error) => (e as tf.OpError).rawMessage.endsWith('Input shape: [3,4]\nDiagonal shape: [4]\nExpected diagonal shape: [3]'));
    const m = tf.reshape(tf.range(0, 16), [4, 4]);
    assert.deepEqual(run(tf.matrixBandPart(m, 1, 2)).toArray(), [[0, 1, 2, 0], [4, 5, 6, 7], [0, 9, 10, 11], [0, 0, 14, 15]]);
    assert.deepEqual(run(tf.matrixBandPart(m, -1, 0)).toArray(), [[0, 0, 0, 0], [4, 5, 0, 0], [8, 9, 10, 0], [12, 13, 14, 15]]);
    assert.throws(() => run(tf.matrixBandPart(m, 5, 2)), (e: Error) => (e as tf.OpError).rawMessage === 'num_lower must be negative or less or equal to number of rows (4) got: 5');
    assert.throws(() => run(tf.matrixBandPart(tf.range(0, 4), 1, 1)), (e: Error) => (e as tf.OpError).rawMessage === 'input must be at least 2-dim, received shape: [4]');
  });
});

test('trace, eye, matrixTranspose, adjoint: values', () => {
  tf.withGraph(() => {
    assert.equal(run(tf.trace(tf.constant([[1, 2], [3, 4]]))).item(), 5);
    assert.deepEqual(run(tf.trace(tf.ones([2, 3, 3]))).toArray(), [3, 3]);
    assert.deepEqual(run(tf.eye(2)).toArray(), [[1, 0], [0, 1]]);
    assert.deepEqual(run(tf.eye(2, 3, { batchShape: [2], dtype: 'int32' })).toArray(), [[[1, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 1, 0]]]);
    const n = tf.placeholder('int32', []);
    const e = tf.eye(n);
    assert.deepEqual(e.shape.dims, [null, null]);
    assert.deepEqual(run(e, [[n, 3]]).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assert.deepEqual(run(tf.matrixTranspose(tf.reshape(tf.range(0, 6), [1, 2, 3]))).toArray(), [[[0, 3], [1, 4], [2, 5]]]);
    assert.deepEqual(run(tf.adjoint(tf.constant([[1, 2], [3, 4]]))).toArray(), [[1, 3], [2, 4]]);
    assert.throws(() => tf.matrixTranspose(tf.constant([1, 2])), /Argument `a` should be a \(batch\) matrix with rank >= 2/);
  });
});

test('node names of diag helpers match TF (tf.compat.v1)', () => {
  tf.withGraph(g => {
    const m = tf.placeholder('float32', [2, 3, 3], 'm');
    tf.matrixDiagPart(m);
    tf.trace(m);
    tf.matrixBandPart(m, -1, 0);
    tf.matrixTranspose(m);
    assert.deepEqual(nodes(g), [
      ['m', 'Placeholder', []],
      ['diag_part/k', 'Const', []], ['diag_part/padding_value', 'Const', []],
      ['diag_part', 'MatrixDiagPartV3', ['m', 'diag_part/k', 'diag_part/padding_value']],
      ['Trace/diag_part/k', 'Const', []], ['Trace/diag_part/padding_value', 'Const', []],
      ['Trace/diag_part', 'MatrixDiagPartV3', ['m', 'Trace/diag_part/k', 'Trace/diag_part/padding_value']],
      ['Trace/reduction_indices', 'Const', []],
      ['Trace', 'Sum', ['Trace/diag_part', 'Trace/reduction_indices']],
      ['MatrixBandPart/num_lower', 'Const', []], ['MatrixBandPart/num_upper', 'Const', []],
      ['MatrixBandPart', 'MatrixBandPart', ['m', 'MatrixBandPart/num_lower', 'MatrixBandPart/num_upper']],
      ['matrix_transpose/transpose/perm', 'Const', []],
      ['matrix_transpose/transpose', 'Transpose', ['m', 'matrix_transpose/transpose/perm']],
    ]);
  });
  tf.withGraph(g => {
    tf.eye(3);
    tf.eye(2, 3);
    tf.eye(tf.placeholder('int32', []));
    assert.deepEqual(nodes(g), [
      ['eye/ones', 'Const', []], ['eye/diag/k', 'Const', []], ['eye/diag/num_rows', 'Const', []], ['eye/diag/num_cols', 'Const', []],
      ['eye/diag/padding_value', 'Const', []],
      ['eye/diag', 'MatrixDiagV3', ['eye/ones', 'eye/diag/k', 'eye/diag/num_rows', 'eye/diag/num_cols', 'eye/diag/padding_value']],
      ['eye_1/ones', 'Const', []], ['eye_1/zeros', 'Const', []], ['eye_1/set_diag/k', 'Const', []],
      ['eye_1/set_diag', 'MatrixSetDiagV3', ['eye_1/zeros', 'eye_1/ones', 'eye_1/set_diag/k']],
      ['Placeholder', 'Placeholder', []],
      ['eye_2/Minimum', 'Minimum', ['Placeholder', 'Placeholder']],
      ['eye_2/shape', 'Const', []],
      ['eye_2/concat/values_1', 'Pack', ['eye_2/Minimum']],
      ['eye_2/concat/axis', 'Const', []],
      ['eye_2/concat', 'ConcatV2', ['eye_2/shape', 'eye_2/concat/values_1', 'eye_2/concat/axis']],
      ['eye_2/ones/Const', 'Const', []],
      ['eye_2/ones', 'Fill', ['eye_2/concat', 'eye_2/ones/Const']],
      ['eye_2/diag/k', 'Const', []], ['eye_2/diag/num_rows', 'Const', []], ['eye_2/diag/num_cols', 'Const', []],
      ['eye_2/diag/padding_value', 'Const', []],
      ['eye_2/diag', 'MatrixDiagV3', ['eye_2/ones', 'eye_2/diag/k', 'eye_2/diag/num_rows', 'eye_2/diag/num_cols', 'eye_2/diag/padding_value']],
    ]);
  });
});

test('gradient rules of the diag ops', () => {
  const m = { shape: [2, 3], values: [1, 2, 3, 4, 5, 6] };
  checkGrad(([x]) => tf.matrixDiagPart(x, { k: [-1, 1] }), [m]);
  checkGrad(([x]) => tf.matrixDiag(x, { k: 1 }), [{ shape: [2, 2], values: [1, 2, 3, 4] }]);
  checkGrad(([x, d]) => tf.matrixSetDiag(x, d), [m, { shape: [2], values: [7, 8] }]);
  checkGrad(([x]) => tf.matrixBandPart(x, 0, 1), [m]);
});
