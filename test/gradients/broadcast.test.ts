// Undoing broadcasting in one place: static shapes give a constant-axes Sum (+ Reshape when
// ranks differ); unknown dims give BroadcastGradientArgs at run time. Also the
// BroadcastGradientArgs op itself, and the driver's checks on what gradient rules return.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { gradients, broadcastGradientArgs } from '../../src/gradients/index.js';

type T = tf.Tensor;
const run = (t: T, feeds: [T, unknown][] = []): tf.NDArray => new tf.Session({ graph: t.graph }).run(t, feeds);
const list = (a: tf.NDArray) => Array.from(a.data as ArrayLike<number>, Number);
const gradTypes = (g: tf.Graph) => g.operations.filter(o => o.name.startsWith('gradients/')).map(o => o.type);
const f32 = (shape: number[], start = 1) => new tf.NDArray('float32', shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => start + i));

test('static shapes: constant axes, Sum + Reshape when ranks differ, no BroadcastGradientArgs', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const b = tf.placeholder('float32', [3], 'b');
    const [dx, db] = gradients(x.add(b), [x, b]);
    assert.equal(dx!.op.name, 'gradients/grad_ys_0', 'x gets the incoming gradient unchanged');
    assert.equal(db!.op.name, 'gradients/add_grad/Reshape');
    const sum = g.getOperationByName('gradients/add_grad/Sum');
    assert.deepEqual(list(g.getOperationByName('gradients/add_grad/Sum/reduction_indices').attrs.value as tf.NDArray), [0]);
    assert.equal(sum.inputs[1].op.type, 'Const');
    assert.ok(!gradTypes(g).includes('BroadcastGradientArgs'));
    assert.deepEqual(list(run(db!, [[x, f32([2, 3])], [b, f32([3])]])), [2, 2, 2]);
  });
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 1], 'x');
    const y = tf.placeholder('float32', [1, 3], 'y');
    const [dx, dy] = gradients(x.mul(y), [x, y]);
    assert.deepEqual([dx!.op.type, dy!.op.type], ['Sum', 'Sum'], 'same rank: keepDims Sum, no Reshape');
    assert.ok(!gradTypes(g).includes('Reshape'));
    const feeds: [T, unknown][] = [[x, f32([2, 1])], [y, f32([1, 3], 10)]];
    assert.deepEqual(list(run(dx!, feeds)), [33, 33]);
    assert.deepEqual(list(run(dy!, feeds)), [3, 3, 3]);
  });
});

test('a batch dim unknown on one side only: decided while building, as TF does', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const b = tf.placeholder('float32', [3], 'b');
    const [dx, db] = gradients(x.add(b), [x, b]);
    assert.equal(dx!.op.name, 'gradients/grad_ys_0');
    assert.equal(db!.op.type, 'Reshape');
    assert.ok(!gradTypes(g).includes('BroadcastGradientArgs'));
    assert.deepEqual(list(run(db!, [[x, f32([4, 3])], [b, f32([3])]])), [4, 4, 4]);
  });
});

test('unknown dims: BroadcastGradientArgs at run time, right for every fed shape', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [null, null], 'x');
    const y = tf.placeholder('float32', [null, 1], 'y');
    const [dx, dy] = gradients(x.mul(y), [x, y]);
    assert.ok(gradTypes(g).includes('BroadcastGradientArgs'));
    assert.deepEqual(dy!.shape.dims, [null, 1]);
    const sess = new tf.Session({ graph: g });
    let r = sess.run([dx!, dy!], [[x, f32([2, 3])], [y, f32([2, 1], 5)]]);
    assert.deepEqual([r[0].shape, list(r[0]), r[1].shape, list(r[1])], [[2, 3], [5, 5, 5, 6, 6, 6], [2, 1], [6, 15]]);
    r = sess.run([dx!, dy!], [[x, f32([2, 3])], [y, f32([1, 1], 5)]]);
    assert.deepEqual([r[0].shape, list(r[0]), r[1].shape, list(r[1])], [[2, 3], [5, 5, 5, 5, 5, 5], [1, 1], [21]]);
    r = sess.run([dx!, dy!], [[x, f32([1, 1], 2)], [y, f32([3, 1])]]);
    assert.deepEqual([r[0].shape, list(r[0]), r[1].shape, list(r[1])], [[1, 1], [6], [3, 1], [2, 2, 2]]);
  });
  tf.withGraph(() => {
    const x = tf.placeholder('float32', null, 'x');
    const y = tf.placeholder('float32', [3], 'y');
    const [dx, dy] = gradients(x.sub(y), [x, y]);
    const sess = new tf.Session();
    const r = sess.run([dx!, dy!], [[x, f32([2, 1])], [y, f32([3])]]);
    assert.deepEqual([r[0].shape, list(r[0]), r[1].shape, list(r[1])], [[2, 1], [3, 3], [3], [-2, -2, -2]]);
  });
});

test('BroadcastGradientArgs matches TF', () => {
  // [s0, s1, r0, r1] from tf.raw_ops.BroadcastGradientArgs in TF 2.21
  const cases: [number[], number[], number[], number[]][] = [
    [[2, 3], [3], [], [0]], [[2, 1], [1, 3], [1], [0]], [[1, 1], [1], [0, 1], [0, 1]], [[1], [1, 1], [0, 1], [0, 1]],
    [[], [2, 3], [0, 1], []], [[2, 3], [2, 3], [], []], [[1, 3, 1], [2, 1, 4], [0, 2], [1]], [[5, 1], [1], [1], [0, 1]],
    [[], [], [], []], [[1], [], [0], [0]], [[0, 3], [1, 3], [], [0]], [[0], [1], [], [0]],
  ];
  tf.withGraph(() => {
    const s0 = tf.placeholder('int32', [null], 's0'), s1 = tf.placeholder('int32', [null], 's1');
    const [r0, r1] = broadcastGradientArgs(s0, s1);
    assert.equal(r0.op.name, 'BroadcastGradientArgs');
    assert.deepEqual([r0.shape.dims, r1.shape.dims], [[null], [null]]);
    const sess = new tf.Session();
    for (const [a, b, w0, w1] of cases) {
      const [g0, g1] = sess.run([r0, r1], [[s0, a], [s1, b]]);
      assert.deepEqual([list(g0), list(g1)], [w0, w1], `BroadcastGradientArgs(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
    }
    assert.throws(() => sess.run(r0, [[s0, [2, 3]], [s1, [4]]]), { name: 'InvalidArgumentError', message: /^Incompatible shapes: \[2,3\] vs\. \[4\]/ });
    const [c0, c1] = broadcastGradientArgs([2, 1, 3], [4, 1]);
    assert.deepEqual([c0.shape.dims, c1.shape.dims], [[1], [2]], 'constant shapes give static output lengths');
    assert.equal(c0.dtype, 'int32');
  });
});

test('gradient ops are TF op types, so the GraphDef stays importable by TF', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [null, null], 'x');
    const y = tf.placeholder('float32', [null], 'y');
    gradients(tf.reduceSum(x.mul(y).add(tf.maximum(x, y))), [x, y]);
    const known = new Set(['Const', 'Fill', 'Shape', 'BroadcastGradientArgs', 'Sum', 'Reshape', 'Mul', 'AddN', 'Select', 'SelectV2',
      'GreaterEqual', 'ZerosLike', 'BroadcastTo', 'FloorMod', 'Range', 'ExpandDims', 'Equal', 'Any', 'Size', 'Rank', 'Identity', 'AddV2', 'Tile']);
    const odd = [...new Set(gradTypes(g))].filter(t => !known.has(t));
    assert.deepEqual(odd, []);
  });
});

// ---- what the driver checks in gradient rules' results --------------------------------------

const identityShape = ([x]: tf.InputSpec[]) => [{ dtype: x.dtype, shape: x.shape }];
const BadShape = tf.defineOp({ type: 'TestGradBadShape', infer: identityShape, kernel: ([x]) => x, grad: (_, [dy]) => [tf.reshape(dy!, [-1])] });
const BadCount = tf.defineOp({ type: 'TestGradBadCount', infer: identityShape, kernel: ([x]) => x, grad: (_, [dy]) => [dy, dy] });
const BadDType = tf.defineOp({ type: 'TestGradBadDType', infer: identityShape, kernel: ([x]) => x, grad: (_, [dy]) => [tf.cast(dy!, 'float64')] });

test('rule results are checked: shape, count and dtype', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const apply = (def: tf.OpDef) => g.addOp(def, [x], {}, { name: 'bad' }).outputs[0];
    assert.throws(() => gradients(apply(BadShape), x), {
      name: 'ValueError',
      message: 'Incompatible shapes between op input and calculated input gradient. Forward operation: bad. Input index: 0. Original input shape: (2, 3). Calculated input gradient shape: (6,)',
    });
    assert.throws(() => gradients(apply(BadCount), x), { name: 'ValueError', message: /^Num gradients 2 generated for op bad_1 do not match num inputs 1/ });
    assert.throws(() => gradients(apply(BadDType), x), /The gradient rule of TestGradBadDType produced a float64 gradient for input 0 of 'bad_2', which has dtype float32/);
  });
});
