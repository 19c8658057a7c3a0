// tf.gradients: values, aggregation, unconnected and stopped inputs, integer tensors,
// variables, grad_ys, multi-output ops, errors, and the walk's cost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { gradients, AggregationMethod, LookupError } from '../../src/gradients/index.js';

type T = tf.Tensor;
const f32 = (v: number[] | number[][]) => tf.constant(v, 'float32');
const run = (t: T, feeds: [T, unknown][] = []): tf.NDArray => new tf.Session({ graph: t.graph }).run(t, feeds);
const vals = (a: tf.NDArray) => Array.from(a.data as Float32Array, v => Math.round(v * 1e5) / 1e5);
const names = (g: tf.Graph) => g.operations.map(o => o.name);

test('d/dx sum(x^2) is 2x; the result is aligned with xs', () => {
  tf.withGraph(() => {
    const x = tf.placeholder('float32', [3], 'x');
    const [dx] = gradients(tf.reduceSum(tf.square(x)), x);
    assert.deepEqual(vals(run(dx!, [[x, [1, 2, 3]]])), [2, 4, 6]);
    assert.equal(dx!.dtype, 'float32');
    assert.deepEqual(dx!.shape.dims, [3]);
  });
});

test('several paths into one tensor are summed with AddN named gradients/AddN', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2], 'x');
    const y = x.mul(x).add(tf.sin(x));
    const [dx] = gradients(y, x);
    assert.equal(dx!.op.type, 'AddN');
    assert.equal(dx!.op.name, 'gradients/AddN');
    const got = vals(run(dx!, [[x, [0.5, 2]]]));
    assert.deepEqual(got, [0.5, 2].map(v => Math.round((2 * v + Math.cos(v)) * 1e5) / 1e5));
    assert.ok(names(g).every(n => !n.startsWith('gradients/') || !n.includes('gradient_sum')));
  });
});

test('EXPERIMENTAL_TREE aggregation sums pairwise in <op>_gradient_sum', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2], 'x');
    const y = tf.addN([x.mul(2), x.mul(3), tf.square(x)]);
    const [dx] = gradients(y, x, null, { aggregationMethod: AggregationMethod.EXPERIMENTAL_TREE });
    assert.deepEqual(vals(run(dx!, [[x, [1, 2]]])), [7, 9]);
    assert.ok(names(g).some(n => n.startsWith('gradients/x_gradient_sum/AddN')), names(g).join(' '));
  });
});

test('an x that ys do not depend on gets null, or zeros with unconnectedGradients: zero', () => {
  tf.withGraph(() => {
    const x = tf.placeholder('float32', [2], 'x');
    const z = tf.placeholder('float32', [3], 'z');
    const y = tf.reduceSum(tf.exp(x));
    assert.deepEqual(gradients(y, [x, z]).map(t => t === null), [false, true]);
    const [, dz] = gradients(y, [x, z], null, { unconnectedGradients: 'zero' });
    assert.deepEqual(vals(run(dz!)), [0, 0, 0]);
  });
});

test('stopGradient and the stopGradients option cut the walk', () => {
  tf.withGraph(() => {
    const a = tf.constant(0, 'float32');
    const b = a.mul(2);
    // TF's documented example: with stop_gradients=[a, b], d(a+b)/da = d(a+b)/db = 1
    const [da, db] = gradients(a.add(b), [a, b], null, { stopGradients: [a, b] });
    assert.deepEqual([vals(run(da!)), vals(run(db!))], [[1], [1]]);
    const [da2] = gradients(a.add(b), [a]);
    assert.deepEqual(vals(run(da2!)), [3]);
    const x = tf.placeholder('float32', [2], 'x');
    const y = tf.stopGradient(x).mul(x);
    assert.deepEqual(vals(run(gradients(y, x)[0]!, [[x, [3, 4]]])), [3, 4]);
    assert.equal(gradients(tf.stopGradient(x), x)[0], null);
    const sg = tf.stopGradient(x);
    assert.deepEqual(vals(run(gradients(tf.square(sg), sg)[0]!, [[x, [3, 4]]])), [6, 8]);
  });
});

test('integer tensors: no gradient flows through them (null), as in TF', () => {
  tf.withGraph(() => {
    const x = tf.placeholder('float32', [2], 'x');
    const i = tf.placeholder('int32', [2], 'i');
    assert.deepEqual(gradients(tf.cast(x, 'int32'), x), [null]);
    assert.deepEqual(gradients(tf.cast(tf.cast(x, 'int32'), 'float32'), x), [null]);
    assert.deepEqual(gradients(i.mul(2), i), [null]);
    assert.deepEqual(gradients(tf.cast(i, 'float32').mul(2), i), [null]);
    const [di] = gradients(i, i);
    assert.equal(di!.dtype, 'int32');
    assert.deepEqual(Array.from(run(di!, [[i, [5, 6]]]).data as Int32Array), [1, 1]);
    assert.deepEqual(gradients(tf.cast(tf.argMax(x, 0), 'float32'), x), [null]);
  });
});

test('a Variable x: gradients(loss, [v]) reaches the variable through its read snapshot', () => {
  tf.withGraph(() => {
    const v = new tf.Variable(f32([1, 2]), { name: 'v' });
    const w = new tf.Variable(f32([[1, 0], [0, 3]]), { name: 'w' });
    const loss = tf.reduceSum(v.mul(v)).add(tf.reduceSum(tf.matmul(tf.expandDims(v, 0), w.readValue())));
    const [dv, dw] = gradients(loss, [v, w]);
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    assert.deepEqual(vals(sess.run(dv!)), [3, 7]);
    assert.deepEqual(vals(sess.run(dw!)), [1, 1, 2, 2]);
    // the read snapshot works as an x too, and a Variable works as a y
    assert.deepEqual(vals(sess.run(gradients(loss, v.snapshot)[0]!)), [3, 7]);
    assert.deepEqual(vals(sess.run(gradients(v, v)[0]!)), [1, 1]);
  });
});

test('Assign is not differentiable: nothing flows through it (null), as in TF', () => {
  tf.withGraph(() => {
    const v = new tf.Variable(f32([1, 2]), { name: 'v' });
    const x = tf.placeholder('float32', [2], 'x');
    assert.deepEqual(gradients(tf.assign(v, x.mul(2)).mul(3), x), [null]);
  });
});

test('grad_ys: given values are used; defaults are ones named gradients/grad_ys_<i>', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2], 'x');
    const y1 = tf.square(x), y2 = x.mul(3);
    const [dx] = gradients([y1, y2], x, [[1, 10], null]);
    assert.deepEqual(vals(run(dx!, [[x, [1, 2]]])), [5, 43]);
    assert.equal(g.getOperationByName('gradients/grad_ys_0').type, 'Identity');
    assert.equal(g.getOperationByName('gradients/grad_ys_1').type, 'Fill');
  });
});

test('grad_ys are checked like TF', () => {
  tf.withGraph(() => {
    const x = tf.placeholder('float32', [2], 'x');
    assert.throws(() => gradients(x, x, [[1, 1], [1, 1]]), { name: 'ValueError', message: 'Length mismatch. Passed 2 grad_ys for 1 ys' });
    assert.throws(() => gradients(x, x, tf.constant([true, false])), /Gradient type bool generated for real or integer-valued tensor .* with type float32 must be real or integer/);
    assert.throws(() => gradients(x, x, f32([1, 2, 3])), /grad_ys\[0\] of shape \[3\] is not compatible with ys\[0\] of shape \[2\]/);
    assert.throws(() => gradients(x, x, tf.constant([1, 2], 'float64')), /grad_ys\[0\] has dtype float64 but ys\[0\] \(Tensor\("x:0", shape=\(2,\), dtype=float32\)\) has dtype float32; cast it with tf.cast\(\)\./);
    const z = tf.complex(x, x);
    assert.throws(() => gradients(z, x), /Gradients of complex tensors \(Tensor\("Complex:0", shape=\(2,\), dtype=complex64\)\) must set grad_ys \(y.dtype = complex64\)/);
    assert.throws(() => gradients(tf.equal(x, x), x, tf.constant([true, true])), /with type bool must be numeric to obtain a default gradient/);
  });
});

test('an op without a gradient on the path is an error naming it, with the stopGradient hint', () => {
  tf.withGraph(() => {
    const x = tf.placeholder('float32', [2], 'x');
    const y = tf.nameScope('loss', () => tf.truncatemod(x, 3));
    assert.throws(() => gradients(y, x), (e: Error) => {
      assert.equal(e.name, 'LookupError');
      assert.ok(e instanceof LookupError);
      assert.match(e.message, /^No gradient defined for operation 'loss\/TruncateMod' \(op type: TruncateMod\)\.\nIf this op should be treated as a constant, wrap its input in tf\.stopGradient\(\)\./);
      return true;
    });
    // wrapped in stopGradient, the op is a constant
    const y2 = tf.truncatemod(tf.stopGradient(x), 3).add(x);
    assert.deepEqual(vals(run(gradients(y2, x)[0]!, [[x, [1, 2]]])), [1, 1]);
    // an op off the path does not matter
    const y3 = x.mul(2).add(tf.truncatemod(tf.placeholder('float32', [2]), 3));
    assert.ok(gradients(y3, x)[0]);
  });
});

test('multi-output ops: outputs off the path get zeros (split, unstack, topK)', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [4], 'x');
    const [, b] = tf.split(x, 2);
    const [dx] = gradients(tf.reduceSum(b.mul(b)), x);
    assert.deepEqual(vals(run(dx!, [[x, [1, 2, 3, 4]]])), [0, 0, 6, 8]);
    assert.ok(names(g).includes('gradients/zeros_like'), names(g).join(' '));
    const u = tf.unstack(tf.reshape(x, [2, 2]));
    assert.deepEqual(vals(run(gradients(u[1], x)[0]!, [[x, [1, 2, 3, 4]]])), [0, 0, 1, 1]);
    const top = tf.topK(x, 2);
    assert.deepEqual(vals(run(gradients(top.values, x)[0]!, [[x, [1, 4, 3, 2]]])), [0, 1, 1, 0]);
  });
});

test('xs may depend on each other; ys may repeat; an x may be a y', () => {
  tf.withGraph(() => {
    const a = tf.placeholder('float32', [], 'a');
    const b = a.mul(3);
    const y = b.mul(b);
    const [da, db] = gradients(y, [a, b]);
    assert.deepEqual([vals(run(da!, [[a, 2]])), vals(run(db!, [[a, 2]]))], [[36], [12]]);
    assert.deepEqual(vals(run(gradients([y, y], a)[0]!, [[a, 2]])), [72]);
    assert.deepEqual(vals(run(gradients(a, a)[0]!, [[a, 2]])), [1]);
  });
});

test('gradient ops live under gradients/<op>_grad/, uniquified per call; name sets the scope', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const y = tf.nameScope('layer', () => tf.tanh(tf.matmul(x, f32([[1], [2], [3]]))));
    const [d1] = gradients(y, x);
    const [d2] = gradients(y, x);
    const [d3] = gradients(y, x, null, { name: 'my_grads' });
    assert.equal(d1!.op.name, 'gradients/layer/MatMul_grad/MatMul');
    assert.equal(d2!.op.name, 'gradients_1/layer/MatMul_grad/MatMul');
    assert.equal(d3!.op.name, 'my_grads/layer/MatMul_grad/MatMul');
    assert.ok(names(g).some(n => n.startsWith('gradients/layer/Tanh_grad/')));
  });
});

test('gradients of gradients: d²/dx² of x³, tanh, sigmoid and a matmul composition', () => {
  tf.withGraph(() => {
    const x = tf.placeholder('float64', [3], 'x');
    const second = (f: (t: T) => T) => gradients(gradients(tf.reduceSum(f(x)), x)[0]!, x)[0]!;
    const xs = [-0.7, 0.2, 1.3];
    const feed: [T, unknown][] = [[x, new tf.NDArray('float64', [3], Float64Array.from(xs))]];
    const check = (t: T, f: (v: number) => number) => {
      const got = Array.from(run(t, feed).data as Float64Array);
      xs.forEach((v, i) => assert.ok(Math.abs(got[i] - f(v)) < 1e-12, `${got[i]} vs ${f(v)}`));
    };
    check(second(t => t.mul(t).mul(t)), v => 6 * v);
    check(second(t => tf.tanh(t)), v => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2));
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    check(second(t => tf.sigmoid(t)), v => s(v) * (1 - s(v)) * (1 - 2 * s(v)));
    // f(x) = sum((A x)^2): Hessian 2 AᵀA, so d/dx sum(∇f) = 2 AᵀA 1
    const A = [[1, 2, 0], [0, -1, 3]];
    const col = tf.expandDims(x, 1);
    const f = tf.reduceSum(tf.square(tf.matmul(tf.constant(A, 'float64'), col)));
    const h1 = gradients(gradients(f, x)[0]!, x)[0]!;
    const AtA1 = [0, 1, 2].map(j => 2 * [0, 1, 2].reduce((acc, k) => acc + A[0][j] * A[0][k] + A[1][j] * A[1][k], 0));
    assert.deepEqual(Array.from(run(h1, feed).data as Float64Array), AtA1);
  });
});

test('tensors from another graph are rejected', () => {
  const x = tf.withGraph(() => tf.placeholder('float32', [2], 'x'));
  tf.withGraph(() => {
    const y = tf.square(tf.placeholder('float32', [2], 'y'));
    assert.throws(() => gradients(y, x), { name: 'ValueError', message: /must be from the same graph/ });
  });
  tf.withGraph(() => {
    assert.throws(() => gradients(tf.constant(1), [null as unknown as T]), /xs must be Tensors or Variables, got null/);
  });
});

test('the walk is linear in the size of the graph', () => {
  const timeFor = (n: number) => tf.withGraph(g => {
    g.captureCallSites = false;
    const x = tf.placeholder('float32', [2], 'x');
    let y: T = x;
    for (let i = 0; i < n; i++) y = tf.sin(y);
    // unrelated ops consuming x: a quadratic consumer scan would pay for each of them
    for (let i = 0; i < n; i++) tf.cos(x);
    const t0 = performance.now();
    gradients(y, x);
    return performance.now() - t0;
  });
  timeFor(300);
  const best = (n: number) => Math.min(timeFor(n), timeFor(n), timeFor(n));
  const small = best(500), big = best(2000);
  // linear: about 4x; a quadratic walk would be about 16x
  assert.ok(big < small * 10, `4x the ops took ${(big / small).toFixed(1)}x the time (${small.toFixed(1)} ms -> ${big.toFixed(1)} ms)`);
});

test('gateGradients groups an op\'s input gradients behind one NoOp, as TF names it', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const w = tf.placeholder('float32', [3, 1], 'w');
    const [dx, dw] = gradients(tf.reduceSum(tf.matmul(x, w)), [x, w], null, { gateGradients: true });
    assert.equal(dx!.op.name, 'gradients/MatMul_grad/tuple/control_dependency');
    assert.equal(dw!.op.name, 'gradients/MatMul_grad/tuple/control_dependency_1');
    const gate = g.getOperationByName('gradients/MatMul_grad/tuple/group_deps');
    assert.equal(gate.type, 'NoOp');
    assert.deepEqual(gate.controlInputs.map(o => o.name), ['gradients/MatMul_grad/MatMul', 'gradients/MatMul_grad/MatMul_1']);
    assert.deepEqual(dx!.op.controlInputs.map(o => o.name), ['gradients/MatMul_grad/tuple/group_deps']);
    const feeds: [T, unknown][] = [[x, [[1, 2, 3], [4, 5, 6]]], [w, [[1], [2], [3]]]];
    assert.deepEqual(vals(run(dx!, feeds)), [1, 2, 3, 1, 2, 3]);
    assert.deepEqual(vals(run(dw!, feeds)), [5, 7, 9]);
  });
});
