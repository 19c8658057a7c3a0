// MatrixInverse, MatrixDeterminant, LogMatrixDeterminant, Cholesky, MatrixSolve,
// MatrixTriangularSolve, Qr: values against TF 2.21 (numbers computed once with the venv's
// TF by tools/gen_math_values.py and embedded here), batches, errors in TF's wording, node
// names, gradient rules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { run, flat, assertClose, nodes, checkGrad } from './grad_util.js';

const A = [[[2, -1, 0.5], [1, 3, -2], [0, 1, 4]], [[1, 2, 3], [0, 1, 4], [5, 6, 0]]];
const B = [[[1, 0], [2, 1], [-1, 3]], [[0.5, 1], [1, -1], [2, 2]]];
const S = [[[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]], [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]];
const L = [[2, 0, 0], [1, 3, 0], [-1, 0.5, 4]];
const U = [[2, 1, -1], [0, 3, 0.5], [0, 0, 4]];
const f64 = (v: unknown) => tf.constant(v as number[], 'float64');
const nested = (v: unknown): number[] => (v as unknown[]).flat(3) as number[];

// TF 2.21 results (float64 unless noted)
const TF = {
  inv: [[[0.430769230769231, 0.138461538461538, 0.015384615384615], [-0.123076923076923, 0.246153846153846, 0.138461538461538], [0.030769230769231, -0.061538461538462, 0.215384615384615]], [[-24, 18, 5], [20, -15, -4], [-5, 4, 1]]],
  invAdj: [[[0.430769230769231, -0.123076923076923, 0.030769230769231], [0.138461538461538, 0.246153846153846, -0.061538461538462], [0.015384615384615, 0.138461538461538, 0.215384615384615]], [[-24, 20, -5], [18, -15, 4], [5, -4, 1]]],
  det: [32.5, 1],
  slogdet: [[1, 1], [3.481240089335692, 0]],
  chol: [[[2, 0, 0], [1, 2, 0], [0.3, 0.35, 1.6695807857064]], [[1.414213562373095, 0, 0], [-0.707106781186548, 1.224744871391589, 0], [0, -0.816496580927726, 1.154700538379252]]],
  solve: [[[0.692307692307692, 0.184615384615385], [0.230769230769231, 0.661538461538461], [-0.307692307692308, 0.584615384615385]], [[16, -32], [-13, 27], [3.5, -7]]],
  solveAdj: [[[0.153846153846154, -0.030769230769231], [0.692307692307692, 0.061538461538462], [0.076923076923077, 0.784615384615384]], [[-2, -54], [2, 41], [0.5, 11]]],
  triLower: [[[0.5, 0], [0.5, 0.333333333333333], [-0.1875, 0.708333333333333]], [[0.25, 0.5], [0.25, -0.5], [0.53125, 0.6875]]],
  triUpperAdj: [[[0.5, 0], [0.5, 0.333333333333333], [-0.1875, 0.708333333333333]], [[0.25, 0], [0.25, 0.166666666666667], [-0.09375, 0.354166666666667]]],
  logdet: [3.797733859026018, 1.38629436111989],
  inv32: [[[0.4307692050933838, 0.13846154510974884, 0.015384618192911148], [-0.12307693064212799, 0.24615386128425598, 0.13846154510974884], [0.030769232660531998, -0.061538465321063995, 0.2153846025466919]], [[-24.000022888183594, 18.000015258789062, 5.00000524520874], [20.00002098083496, -15.00001335144043, -4.000003814697266], [-5.00000524520874, 4.000003337860107, 1.0000009536743164]]],
};

test('matrixInverse: batched float64, adjoint, float32', () => {
  tf.withGraph(() => {
    const inv = tf.matrixInverse(f64(A));
    assert.deepEqual(inv.shape.dims, [2, 3, 3]);
    assertClose(flat(run(inv)), nested(TF.inv), 1e-12, 'inv');
    assertClose(flat(run(tf.matrixInverse(f64(A), { adjoint: true }))), nested(TF.invAdj), 1e-12, 'adjoint');
    const r32 = run(tf.matrixInverse(tf.constant(A, 'float32')));
    assert.equal(r32.dtype, 'float32');
    assertClose(flat(r32), nested(TF.inv32), 2e-6, 'float32');
    assert.deepEqual(flat(run(tf.matrixInverse(tf.zeros([0, 0])))), []);
  });
});

test('matrixInverse: singular and non-square inputs fail as in TF', () => {
  tf.withGraph(() => {
    const sing = tf.matrixInverse(tf.constant([[1, 2], [2, 4]], 'float32'));
    assert.throws(() => run(sing), (e: Error) => e instanceof tf.InvalidArgumentError && (e as tf.OpError).rawMessage === 'Input is not invertible.');
    assert.throws(() => tf.matrixInverse(tf.placeholder('float32', [2, 3])),
      (e: Error) => e instanceof tf.ValueError && /^Dimensions must be equal, but are 2 and 3 for 'MatrixInverse_\d+' \(op: 'MatrixInverse'\) with input shapes: \[2,3\]\./.test(e.message));
    assert.throws(() => tf.matrixInverse(tf.placeholder('float32', [3])), /Shape must be at least rank 2 but is rank 1/);
    assert.throws(() => tf.matrixInverse(tf.constant([[1, 0], [0, 1]])), /DataType int32 not in list of allowed values/);
    const p = tf.placeholder('float32');
    const dyn = tf.matrixInverse(p);
    assert.throws(() => run(dyn, [[p, [[1, 2, 3], [4, 5, 6]]]]), (e: Error) => (e as tf.OpError).rawMessage === 'Input matrix must be square.');
    assert.throws(() => run(dyn, [[p, [1, 2]]]), (e: Error) => (e as tf.OpError).rawMessage === 'Input tensor 0 must have rank >= 2, got 1');
  });
});

test('matrixDeterminant and logMatrixDeterminant (slogdet)', () => {
  tf.withGraph(() => {
    const d = tf.matrixDeterminant(f64(A));
    assert.deepEqual(d.shape.dims, [2]);
    assertClose(flat(run(d)), TF.det, 1e-12, 'det');
    const [sign, logAbs] = tf.logMatrixDeterminant(f64(A));
    assertClose(flat(run(sign)), TF.slogdet[0], 0, 'sign');
    assertClose(flat(run(logAbs)), TF.slogdet[1], 1e-12, 'log|det|');
    // singular: det -0 (TF: sign * 0), slogdet sign 0 and -inf; empty: det 1
    assert.ok(Object.is(run(tf.matrixDeterminant(tf.constant([[1, 2], [2, 4]], 'float32'))).item(), -0));
    const [s2, l2] = tf.slogdet(tf.constant([[1, 2], [2, 4]], 'float32'));
    assert.equal(Math.abs(run(s2).item() as number), 0);
    assert.equal(run(l2).item(), -Infinity);
    assert.deepEqual(flat(run(tf.matrixDeterminant(tf.zeros([2, 0, 0])))), [1, 1]);
    assert.equal(run(tf.matrixDeterminant(tf.constant([[1e20, 0], [0, 1e20]], 'float32'))).item(), Infinity);
    // TF's determinant shape function names the columns first
    assert.throws(() => tf.matrixDeterminant(tf.placeholder('float32', [2, 3])), /Dimensions must be equal, but are 3 and 2 for 'MatrixDeterminant_\d+'/);
    assert.throws(() => tf.logMatrixDeterminant(tf.placeholder('float32', [2, 3])), /Dimensions must be equal, but are 3 and 2 for 'LogMatrixDeterminant_\d+'/);
  });
});

test('cholesky and logdet; non-positive-definite input gives NaN', () => {
  tf.withGraph(() => {
    assertClose(flat(run(tf.cholesky(f64(S)))), nested(TF.chol), 1e-12, 'chol');
    assertClose(flat(run(tf.logdet(f64(S)))), TF.logdet, 1e-12, 'logdet');
    // only the lower triangle is read
    assertClose(flat(run(tf.cholesky(f64([[4, 99], [2, 5]])))), [2, 0, 1, 2], 1e-15);
    const bad = flat(run(tf.cholesky(f64([[[4, 2], [2, 5]], [[1, 2], [2, 1]]]))));
    assert.deepEqual(bad.slice(0, 4), [2, 0, 1, 2]);
    assert.ok(Number.isNaN(bad[4]) && Number.isNaN(bad[6]) && Number.isNaN(bad[7]));
    assert.throws(() => tf.cholesky(tf.placeholder('float32', [2, 3])), /Dimensions must be equal, but are 2 and 3 for 'Cholesky_\d+'/);
  });
});

test('matrixSolve: batched, adjoint, errors', () => {
  tf.withGraph(() => {
    const x = tf.matrixSolve(f64(A), f64(B));
    assert.deepEqual(x.shape.dims, [2, 3, 2]);
    assertClose(flat(run(x)), nested(TF.solve), 1e-12, 'solve');
    assertClose(flat(run(tf.matrixSolve(f64(A), f64(B), { adjoint: true }))), nested(TF.solveAdj), 1e-12, 'adjoint');
    assert.throws(() => run(tf.matrixSolve(tf.constant([[1, 2], [2, 4]], 'float32'), tf.constant([[1], [2]], 'float32'))),
      (e: Error) => (e as tf.OpError).rawMessage === 'Input matrix is not invertible.');
    assert.throws(() => tf.matrixSolve(tf.placeholder('float32', [3, 2, 2]), tf.placeholder('float32', [2, 3])),
      /Shapes must be equal rank, but are 1 and 0 for 'MatrixSolve_\d+'/);
    assert.throws(() => tf.matrixSolve(tf.placeholder('float32', [3, 2, 2]), tf.placeholder('float32', [4, 2, 3])),
      /Dimension 0 in both shapes must be equal, but are 3 and 4\. Shapes are \[3\] and \[4\]/);
    const p = tf.placeholder('float32'), q = tf.placeholder('float32');
    const dyn = tf.matrixSolve(p, q);
    assert.throws(() => run(dyn, [[p, [[1, 0], [0, 1]]], [q, [[1], [2], [3]]]]), (e: Error) => (e as tf.OpError).rawMessage === 'Input matrix and rhs are incompatible.');
    assert.throws(() => run(dyn, [[p, [[1, 0, 0], [0, 1, 0]]], [q, [[1], [2]]]]), (e: Error) => (e as tf.OpError).rawMessage === 'First input (lhs) must be a square matrix.');
    assert.throws(() => run(dyn, [[p, [[[1, 0], [0, 1]]]], [q, [[1], [2]]]]), (e: Error) => (e as tf.OpError).rawMessage === 'All input tensors must have the same rank.');
  });
});

test('matrixTriangularSolve: lower, upper + adjoint, broadcast batch dims, scope name', () => {
  tf.withGraph(g => {
    const x = tf.matrixTriangularSolve(f64(L), f64(B));
    assert.deepEqual(x.shape.dims, [2, 3, 2]);
    assert.equal(x.op.name, 'triangular_solve/MatrixTriangularSolve');
    assertClose(flat(run(x)), nested(TF.triLower), 1e-12, 'lower');
    const U2 = [U, U.map(r => r.map(v => 2 * v))];
    const y = tf.matrixTriangularSolve(f64(U2), f64(B[0]), { lower: false, adjoint: true });
    assertClose(flat(run(y)), nested(TF.triUpperAdj), 1e-12, 'upper adjoint');
    // the other triangle is never read
    const junk = L.map((r, i) => r.map((v, j) => (j > i ? 1000 : v)));
    assertClose(flat(run(tf.matrixTriangularSolve(f64(junk), f64(B)))), nested(TF.triLower), 1e-12);
    assert.deepEqual(tf.matrixTriangularSolve(tf.placeholder('float32', [3, 1, 2, 2]), tf.placeholder('float32', [4, 2, 3])).shape.dims, [3, 4, 2, 3]);
    assert.throws(() => tf.matrixTriangularSolve(tf.placeholder('float32', [3, 2, 2]), tf.placeholder('float32', [4, 2, 3])), /Dimensions must be equal, but are 3 and 4/);
    const p = tf.placeholder('float32'), q = tf.placeholder('float32');
    const dyn = tf.matrixTriangularSolve(p, q);
    const msg = (e: Error) => (e as tf.OpError).rawMessage;
    assert.throws(() => run(dyn, [[p, [[1, 0], [0, 1]]], [q, [[1], [2], [3]]]]), (e: Error) => msg(e) === 'In[0] mismatch In[1] shape: 2 vs. 3: [2,2] [3,1] 1 0');
    assert.throws(() => run(dyn, [[p, [[1, 0, 0], [0, 1, 0]]], [q, [[1], [2]]]]), (e: Error) => msg(e) === 'In[0] matrices in the last dimensions must be square (3 =/= 2)');
    const ones = (s: number[]) => new tf.NDArray('float32', s, new Float32Array(s.reduce((a, b) => a * b, 1)).fill(1));
    assert.throws(() => run(dyn, [[p, ones([2, 2, 2])], [q, ones([3, 2, 1])]]), (e: Error) => msg(e) === 'In[0] and In[1] must have compatible batch dimensions: [2,2,2] vs. [3,2,1]');
    const ids = nodes(g).map(n => n[0]);
    assert.ok(ids.includes('triangular_solve_1/MatrixTriangularSolve'));
  });
});

test('node names match TF (tf.compat.v1)', () => {
  tf.withGraph(g => {
    const m = tf.placeholder('float32', [2, 3, 3], 'm');
    tf.matrixInverse(m);
    tf.matrixDeterminant(m);
    tf.slogdet(m);
    tf.cholesky(m);
    tf.matrixSolve(m, m);
    tf.logdet(tf.placeholder('float32', [3, 3]));
    assert.deepEqual(nodes(g), [
      ['m', 'Placeholder', []],
      ['MatrixInverse', 'MatrixInverse', ['m']],
      ['MatrixDeterminant', 'MatrixDeterminant', ['m']],
      ['LogMatrixDeterminant', 'LogMatrixDeterminant', ['m']],
      ['Cholesky', 'Cholesky', ['m']],
      ['MatrixSolve', 'MatrixSolve', ['m', 'm']],
      ['Placeholder', 'Placeholder', []],
      ['logdet/Cholesky', 'Cholesky', ['Placeholder']],
      ['logdet/diag_part/k', 'Const', []],
      ['logdet/diag_part/padding_value', 'Const', []],
      ['logdet/diag_part', 'MatrixDiagPartV3', ['logdet/Cholesky', 'logdet/diag_part/k', 'logdet/diag_part/padding_value']],
      ['logdet/Log', 'Log', ['logdet/diag_part']],
      ['logdet/Sum/reduction_indices', 'Const', []],
      ['logdet/Sum', 'Sum', ['logdet/Log', 'logdet/Sum/reduction_indices']],
      ['logdet/mul/x', 'Const', []],
      ['logdet/mul', 'Mul', ['logdet/mul/x', 'logdet/Sum']],
    ]);
  });
});

// ---- gradient rules (float64, central differences) ----------------------------------------------

const M2 = { shape: [2, 2, 2], values: [2, -1, 0.5, 3, 1, 0.4, -0.3, 2] };
const R2 = { shape: [2, 2, 1], values: [1, -2, 0.5, 3] };

test('gradient rules: MatrixInverse, MatrixDeterminant, LogMatrixDeterminant', () => {
  checkGrad(([a]) => tf.matrixInverse(a), [M2]);
  checkGrad(([a]) => tf.matrixInverse(a, { adjoint: true }), [M2]);
  checkGrad(([a]) => tf.matrixDeterminant(a), [M2]);
  checkGrad(([a]) => tf.logMatrixDeterminant(a)[1], [M2]);
});

test('gradient rules: MatrixSolve, MatrixTriangularSolve', () => {
  checkGrad(([a, b]) => tf.matrixSolve(a, b), [M2, R2]);
  checkGrad(([a, b]) => tf.matrixSolve(a, b, { adjoint: true }), [M2, R2]);
  const tri = { shape: [2, 2], values: [2, 0, 0.7, 1.5] };
  checkGrad(([a, b]) => tf.matrixTriangularSolve(a, b), [tri, { shape: [2, 3], values: [1, 2, -1, 0.5, 0.3, 2] }]);
  const triU = { shape: [2, 2], values: [2, 0.7, 0, 1.5] };
  checkGrad(([a, b]) => tf.matrixTriangularSolve(a, b, { lower: false, adjoint: true }), [triU, { shape: [2, 1], values: [1, 2] }]);
});

test('gradient rule: Cholesky (symmetric perturbations of an SPD matrix)', () => {
  // Cholesky reads only the lower triangle; TF's rule returns the symmetrized gradient, so
  // compare against d/dA of f(sym(A)) where sym(A) = (A + A^T) / 2 is what the op sees.
  tf.withGraph(() => {
    const a = tf.placeholder('float64', [3, 3]);
    const l = tf.cholesky(a);
    const dy = tf.constant(new tf.NDArray('float64', [3, 3], Float64Array.from([1, 0, 0, 0.5, -1, 0, 0.3, 0.2, 2])));
    const [ga] = l.op.def.grad!(l.op, [dy]);
    const base = [4, 2, 0.6, 2, 5, 1, 0.6, 1, 3];
    const sess = new tf.Session();
    const f = (v: number[]) => flat(sess.run(l, [[a, new tf.NDArray('float64', [3, 3], Float64Array.from(v))]]))
      .reduce((s, x, i) => s + x * ((dy.op.attrs.value as tf.NDArray).data as Float64Array)[i], 0);
    const g = flat(sess.run(ga!, [[a, new tf.NDArray('float64', [3, 3], Float64Array.from(base))]]));
    const eps = 1e-6;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j <= i; j++) {
        // perturb A[i][j] and A[j][i] together: the directional derivative is g_ij + g_ji
        const p = base.slice(), m = base.slice();
        p[i * 3 + j] += eps; m[i * 3 + j] -= eps;
        if (i !== j) { p[j * 3 + i] += eps; m[j * 3 + i] -= eps; }
        const num = (f(p) - f(m)) / (2 * eps);
        const ana = i === j ? g[i * 3 + i] : g[i * 3 + j] + g[j * 3 + i];
        assert.ok(Math.abs(num - ana) < 1e-6, `Cholesky grad [${i},${j}]: rule ${ana}, numeric ${num}`);
      }
    }
  });
});

test('qr: reduced and full, deep and wide, signs as TF (Eigen Householder)', () => {
  tf.withGraph(() => {
    const a = f64([[[3, 1], [4, 2], [0, 5]], [[-1, 2], [2, 0.5], [1, -3]]]);
    const [q, r] = tf.qr(a);
    assert.deepEqual([q.shape.dims, r.shape.dims], [[2, 3, 2], [2, 2, 2]]);
    const sess = new tf.Session();
    const [vq, vr] = sess.run([q, r]);
    assertClose(flat(vq), [-0.6, 0.06379617782631, -0.8, -0.04784713336973, 0, -0.99681527853612,
      -0.40824829046386, -0.40985241566285, 0.81649658092773, -0.56354707153642, 0.40824829046386, 0.71724172740998], 1e-12, 'q');
    assertClose(flat(vr), [-5, -2.2, 0, -5.01597448159378, 2.44948974278318, -1.63299316185545, 0, -3.25320354932386], 1e-12, 'r');
    const [qf, rf] = tf.qr(a, { fullMatrices: true });
    assert.deepEqual([qf.shape.dims, rf.shape.dims], [[2, 3, 3], [2, 3, 2]]);
    assertClose(flat(sess.run(qf)).slice(0, 9), [-0.6, 0.06379617782631, 0.7974522228289, -0.8, -0.04784713336973, -0.59808916712167, 0, -0.99681527853612, 0.07974522228289], 1e-12, 'full q');
    const [qw, rw] = sess.run(tf.qr(f64([[1, 2, 3], [-4, 5, 0.5]])));
    assertClose(flat(qw), [-0.24253562503633, 0.97014250014533, 0.97014250014533, 0.24253562503633], 1e-12, 'wide q');
    assertClose(flat(rw), [-4.12310562561766, 4.36564125065399, -0.24253562503633, 0, 3.15296312547233, 3.03169531295416], 1e-12, 'wide r');
    // a column that is already reduced gets no reflection (TF: q = I, r = a)
    assert.deepEqual(sess.run(tf.qr(f64([[0, 1], [0, 2]]))).map(flat), [[1, 0, 0, 1], [0, 1, 0, 2]]);
  });
});

test('gradient rule: Qr (deep and wide, through q and through r)', () => {
  const deep = { shape: [3, 2], values: [3, 1, 4, 2, 0.5, 5] };
  const wide = { shape: [2, 3], values: [1, 2, 3, -4, 5, 0.5] };
  for (const x of [deep, wide]) {
    checkGrad(([a]) => tf.qr(a)[0], [x]);
    checkGrad(([a]) => tf.qr(a)[1], [x]);
  }
});
