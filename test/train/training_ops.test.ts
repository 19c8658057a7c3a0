// The Apply* ops directly: hand-computed updates, in-place state, shapes, dtypes, errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import {
  applyGradientDescent, applyMomentum, applyAdagrad, applyAdadelta, applyRMSProp, applyCenteredRMSProp, applyAdam,
} from '../../src/train/training_ops.js';
import { assertClose, values } from './fixture.js';

function setup(init: number[], dtype: 'float32' | 'float64' = 'float64') {
  const v = new tf.Variable(new tf.NDArray(dtype, [init.length], (dtype === 'float64' ? Float64Array : Float32Array).from(init)), { name: 'v' });
  const slot = (name: string, x: number[]) => new tf.Variable(new tf.NDArray(dtype, [x.length], (dtype === 'float64' ? Float64Array : Float32Array).from(x)), { name, trainable: false });
  return { v, slot };
}

test('ApplyGradientDescent: var -= alpha * delta; the output is the updated variable (a _ref)', () => {
  tf.withGraph(() => {
    const { v } = setup([1, 2]);
    const out = applyGradientDescent(v, 0.5, [2, 4]);
    assert.equal(out.op.name, 'ApplyGradientDescent');
    assert.deepEqual(out.op.inputs.map(t => t.name), ['v:0', 'ApplyGradientDescent/alpha:0', 'ApplyGradientDescent/delta:0']);
    assert.deepEqual(out.shape.dims, [2]);
    const sess = new tf.Session();
    sess.run(v.initializer);
    assert.deepEqual(values(sess.run(out)), [0, 0]);
    assert.deepEqual(values(sess.run(out)), [-1, -2]);
    assert.deepEqual(values(sess.run(v)), [-1, -2]);
  });
});

test('ApplyMomentum, plain and Nesterov', () => {
  tf.withGraph(() => {
    const { v, slot } = setup([1, 2]);
    const acc = slot('acc', [0.5, -0.5]);
    const plain = applyMomentum(v, acc, 0.1, [1, 1], 0.9);
    const g = tf.constant([1, 1], 'float64');
    const nest = applyMomentum(v, acc, 0.1, g, 0.9, { useNesterov: true });
    assert.deepEqual(plain.op.inputs.map(t => t.op.name), ['v', 'acc', 'ApplyMomentum/lr', 'ApplyMomentum/grad', 'ApplyMomentum/momentum']);
    const sess = new tf.Session();
    sess.run([v.initializer, acc.initializer]);
    sess.run(plain);
    // acc = 0.9 * [0.5, -0.5] + 1 = [1.45, 0.55]; v -= 0.1 * acc
    assertClose(values(sess.run(acc)), [1.45, 0.55], 'acc');
    assertClose(values(sess.run(v)), [1 - 0.145, 2 - 0.055], 'v');
    sess.run(nest);
    const a2 = [1.45 * 0.9 + 1, 0.55 * 0.9 + 1];
    assertClose(values(sess.run(acc)), a2, 'acc');
    assertClose(values(sess.run(v)), [1 - 0.145 - (0.1 + a2[0] * 0.9 * 0.1), 2 - 0.055 - (0.1 + a2[1] * 0.9 * 0.1)], 'v nesterov');
  });
});

test('ApplyAdagrad, ApplyAdadelta, ApplyRMSProp, ApplyCenteredRMSProp, ApplyAdam: one step by hand', () => {
  tf.withGraph(() => {
    const g = tf.constant([0.5, -2], 'float64');
    const gv = [0.5, -2];
    const s1 = setup([1, 1]);
    const acc = s1.slot('acc', [0.1, 0.1]);
    const ada = applyAdagrad(s1.v, acc, 0.3, g);
    const s2 = setup([1, 1]);
    const [a2, u2] = [s2.slot('a2', [0, 0]), s2.slot('u2', [0, 0])];
    const delta = applyAdadelta(s2.v, a2, u2, 1.0, 0.95, 1e-6, g);
    const s3 = setup([1, 1]);
    const [ms, mom] = [s3.slot('ms', [1, 1]), s3.slot('mom', [0, 0])];
    const rms = applyRMSProp(s3.v, ms, mom, 0.01, 0.9, 0.5, 1e-10, g);
    const s4 = setup([1, 1]);
    const [mg4, ms4, mom4] = [s4.slot('mg4', [0, 0]), s4.slot('ms4', [1, 1]), s4.slot('mom4', [0, 0])];
    const crms = applyCenteredRMSProp(s4.v, mg4, ms4, mom4, 0.01, 0.9, 0.5, 1e-10, g);
    const s5 = setup([1, 1]);
    const [m5, v5] = [s5.slot('m5', [0, 0]), s5.slot('v5', [0, 0])];
    const adam = applyAdam(s5.v, m5, v5, 0.9, 0.999, 0.1, 0.9, 0.999, 1e-8, g);
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run([ada, delta, rms, crms, adam]);
    assertClose(values(sess.run(s1.v)), gv.map(x => 1 - 0.3 * x / Math.sqrt(0.1 + x * x)), 'adagrad');
    const upd = gv.map(x => Math.sqrt(1e-6) / Math.sqrt(0.05 * x * x + 1e-6) * x);
    assertClose(values(sess.run(s2.v)), upd.map(u => 1 - u), 'adadelta');
    assertClose(values(sess.run(u2)), upd.map(u => 0.05 * u * u), 'adadelta accum_update');
    const msv = gv.map(x => 1 + (x * x - 1) * 0.1);
    assertClose(values(sess.run(s3.v)), gv.map((x, i) => 1 - 0.01 * x / Math.sqrt(msv[i] + 1e-10)), 'rmsprop');
    const mgv = gv.map(x => 0.1 * x);
    assertClose(values(sess.run(s4.v)), gv.map((x, i) => 1 - 0.01 * x / Math.sqrt(msv[i] - mgv[i] * mgv[i] + 1e-10)), 'centered rmsprop');
    const lrT = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
    assertClose(values(sess.run(s5.v)), gv.map(x => 1 - lrT * (0.1 * x) / (Math.sqrt(0.001 * x * x) + 1e-8)), 'adam');
  });
});

test('updates are in place: the variable keeps its buffer', () => {
  tf.withGraph(() => {
    const { v } = setup([1, 2], 'float32');
    const out = applyGradientDescent(v, 1, tf.constant([1, 1], 'float32'));
    const sess = new tf.Session();
    sess.run(v.initializer);
    const state = (sess as unknown as { state: { readVariable(op: tf.Operation): tf.NDArray } }).state;
    const before = state.readVariable(v.op).data;
    sess.run(out.op);
    assert.equal(state.readVariable(v.op).data, before);
    assert.deepEqual(values(sess.run(v)), [0, 1]);
  });
});

test('shape, dtype and reference errors in TF wording', () => {
  tf.withGraph(() => {
    const { v, slot } = setup([1, 2]);
    assert.throws(() => applyGradientDescent(v, [1], [1, 2]), /^ValueError: Shape must be rank 0 but is rank 1 for 'ApplyGradientDescent' \(op: 'ApplyGradientDescent'\) with input shapes: \[2\], \[1\], \[2\]\./);
    assert.throws(() => applyGradientDescent(v, 1, [1, 2, 3]), /Dimension 0 in both shapes must be equal, but are 2 and 3\. Shapes are \[2\] and \[3\]\./);
    assert.throws(() => applyGradientDescent(v, tf.constant(1, 'float32'), [1, 2]),
      { name: 'TypeError', message: /^Input 'alpha' of 'ApplyGradientDescent' Op has type float32 that does not match type float64 of argument 'var'\./ });
    assert.throws(() => applyGradientDescent(v.toTensor(), 1, [1, 2]),
      { name: 'TypeError', message: "'ApplyGradientDescent' Op requires that input 'var' be a mutable tensor (e.g.: a tf.Variable)" });
    assert.throws(() => applyMomentum(v, slot('acc', [1, 2, 3]), 1, [1, 2], 0.9), /Dimension 0 in both shapes must be equal, but are 2 and 3/);
    const iv = new tf.Variable([1, 2], { name: 'iv' });
    assert.throws(() => applyGradientDescent(iv, 1, [1, 2]), /Value passed to parameter 'var' has DataType int32 not in list of allowed values: float16, float32, float64/);
  });
});

test('run-time errors: uninitialized slots, shapes only known at run time', () => {
  tf.withGraph(() => {
    const { v, slot } = setup([1, 2]);
    const acc = slot('acc', [0, 0]);
    const g = tf.placeholder('float64', null, 'g');
    const lr = tf.placeholder('float64', null, 'lr');
    const op = applyMomentum(v, acc, lr, g, 0.9);
    const sess = new tf.Session();
    sess.run(v.initializer);
    assert.throws(() => sess.run(op, [[g, [1, 2]], [lr, 0.1]]), (e: Error) => e.name === 'FailedPreconditionError' && /^Attempting to use uninitialized value acc/.test(e.message));
    sess.run(acc.initializer);
    assert.throws(() => sess.run(op, [[g, [1, 2, 3]], [lr, 0.1]]), (e: Error) => e.name === 'InvalidArgumentError' && /^var and grad do not have the same shape\[2\] \[3\]/.test(e.message));
    assert.throws(() => sess.run(op, [[g, [1, 2]], [lr, [0.1]]]), (e: Error) => e.name === 'InvalidArgumentError' && /^lr is not a scalar: \[1\]/.test(e.message));
  });
});

test('float16 variables round every step to half precision', () => {
  tf.withGraph(() => {
    const v = new tf.Variable(tf.constant([1, 2], 'float16'), { name: 'h' });
    const op = applyGradientDescent(v, tf.constant(0.1, 'float16'), tf.constant([1, 1], 'float16'));
    const sess = new tf.Session();
    sess.run(v.initializer);
    sess.run(op);
    // half(0.1) = 0.0999755859375; 1 - that = 0.900024... rounds to 0.89990234375 in half
    assert.deepEqual(values(sess.run(v)), [0.89990234375, 1.900390625]);
  });
});
