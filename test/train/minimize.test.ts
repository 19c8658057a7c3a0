// minimize() = computeGradients (tf.gradients) + applyGradients, against TF's trajectories
// (losses and values; our gradients round differently from TF's, hence a looser tolerance),
// and the optimizer API around it: global step, collections, names, errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { fixture, buildProblem, makeOptimizer, assertClose, values } from './fixture.js';

for (const tr of fixture.trajectories) {
  test(`minimize ${tr.config} on ${tr.problem} (${tr.dtype}) follows TF's losses and values`, () => {
    tf.withGraph(() => {
      const { vars, loss, feeds } = buildProblem(tr.problem, tr.dtype);
      const opt = makeOptimizer(tr.opt);
      const gv = opt.computeGradients(loss);
      assert.deepEqual(gv.map(([, v]) => v), vars);
      const trainOp = opt.applyGradients(gv);
      assert.deepEqual([trainOp.name, trainOp.type], tr.train_op);
      const sess = new tf.Session();
      sess.run(tf.globalVariablesInitializer());
      const [rtol, atol] = tr.dtype === 'float64' ? [1e-10, 1e-12] : [1e-4, 1e-5];
      tr.steps.forEach((step, k) => {
        const [l, ...gs] = sess.run([loss, ...gv.map(([g]) => g!)], feeds);
        assertClose([values(l)[0]], [step.loss], `loss before step ${k + 1}`, rtol, atol);
        gs.forEach((g, i) => assertClose(values(g), step.grads[i].values, `gradient ${i} before step ${k + 1}`, rtol, atol));
        sess.run(trainOp, feeds);
        vars.forEach((v, i) => assertClose(values(sess.run(v)), step.values[i].values, `step ${k + 1} ${v.name}`, rtol, atol));
      });
    });
  });
}

test('minimize with a global step increments it after the updates; the train op is in TRAIN_OP', () => {
  tf.withGraph(g => {
    const w = new tf.Variable(3, { name: 'w', dtype: 'float32' });
    const gs = train.getOrCreateGlobalStep();
    const op = new train.GradientDescentOptimizer(0.25).minimize(tf.square(w), { globalStep: gs });
    assert.equal(op.name, 'GradientDescent');
    assert.equal(op.type, 'AssignAdd');
    assert.deepEqual(g.getCollection(tf.GraphKeys.TRAIN_OP), [op]);
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(op);
    sess.run(op);
    assert.equal(train.globalStep(sess, gs), 2);
    assert.equal(values(sess.run(w))[0], 3 * 0.5 * 0.5);   // w -= 0.25 * 2w
    // TF's positional form: minimize(loss, globalStep)
    const op2 = new train.GradientDescentOptimizer(0.25).minimize(tf.square(w), gs);
    assert.equal(op2.name, 'GradientDescent_1');
  });
});

test('varList restricts the update; untouched variables keep their value', () => {
  tf.withGraph(() => {
    const a = new tf.Variable(1, { name: 'a', dtype: 'float32' });
    const b = new tf.Variable(1, { name: 'b', dtype: 'float32' });
    const loss = tf.add(tf.square(a), tf.square(b));
    const op = new train.MomentumOptimizer(0.1, 0.9).minimize(loss, { varList: [b] });
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(op);
    assert.equal(values(sess.run(a))[0], 1);
    assert.ok(Math.abs(values(sess.run(b))[0] - 0.8) < 1e-6);
  });
});

test('updates wait for every gradient (variables read by other gradients are updated last)', () => {
  tf.withGraph(() => {
    // d/da = b, d/db = a: each update must use the other variable's old value
    const a = new tf.Variable(2, { name: 'a', dtype: 'float32' });
    const b = new tf.Variable(3, { name: 'b', dtype: 'float32' });
    const op = new train.GradientDescentOptimizer(1).minimize(tf.multiply(a, b));
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(op);
    assert.deepEqual([values(sess.run(a))[0], values(sess.run(b))[0]], [2 - 3, 3 - 2]);
  });
});

test('learning rates may be placeholders, schedules or functions', () => {
  tf.withGraph(() => {
    const w = new tf.Variable(0, { name: 'w', dtype: 'float32' });
    const lr = tf.placeholder('float32', [], 'lr');
    const op = new train.GradientDescentOptimizer(lr).applyGradients([[-1, w]]);
    let calls = 0;
    const op2 = new train.AdamOptimizer(() => { calls++; return 0.5; }).applyGradients([[tf.constant(1, 'float32'), w]]);
    assert.equal(calls, 1);
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(op, [[lr, 0.5]]);
    sess.run(op, [[lr, 2]]);
    assert.equal(values(sess.run(w))[0], 2.5);
    sess.run(op2);   // Adam's first step moves by lr (m / sqrt(v) = 1)
    assert.ok(Math.abs(values(sess.run(w))[0] - 2.0) < 1e-6);
  });
});

test('slot variables are named as TF names them, non-trainable, initialized by globalVariablesInitializer', () => {
  tf.withGraph(() => {
    const w = new tf.Variable([1, 2], { name: 'weights', dtype: 'float32' });
    const loss = tf.reduceSum(tf.square(w));
    const op1 = tf.nameScope('train', () => new train.AdamOptimizer(0.1).minimize(loss));
    assert.equal(op1.name, 'train/Adam');
    const adam2 = new train.AdamOptimizer(0.1);
    adam2.minimize(loss);
    assert.deepEqual(adam2.variables().map(v => v.name), ['beta1_power:0', 'beta2_power:0', 'weights/Adam_2:0', 'weights/Adam_3:0']);
    assert.deepEqual(tf.globalVariables().map(v => v.name), [
      'weights:0', 'train/beta1_power:0', 'train/beta2_power:0', 'weights/Adam:0', 'weights/Adam_1:0',
      'beta1_power:0', 'beta2_power:0', 'weights/Adam_2:0', 'weights/Adam_3:0']);
    assert.deepEqual(tf.trainableVariables().map(v => v.name), ['weights:0']);
    assert.equal(String(adam2.getSlot(w, 'm')), "<tf.Variable 'weights/Adam_2:0' shape=(2,) dtype=float32_ref>");
    assert.equal(adam2.getSlot(w, 'nope'), null);
    // the same optimizer reuses its slots and beta powers
    const n = tf.globalVariables().length;
    adam2.minimize(loss);
    assert.equal(tf.globalVariables().length, n);
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(op1);
  });
});

test('slots of variables in a variable scope nest as TF nests them', () => {
  tf.withGraph(() => {
    const opt = tf.variableScope('model', () => {
      const w = tf.getVariable('w', [2], { initializer: tf.onesInitializer() });
      const o = new train.AdamOptimizer(0.1);
      o.minimize(tf.reduceSum(tf.square(w)));
      return o;
    });
    assert.deepEqual(opt.variables().map(v => v.name), ['model/beta1_power:0', 'model/beta2_power:0', 'model/model/w/Adam:0', 'model/model/w/Adam_1:0']);
  });
});

test('errors in TF wording', () => {
  tf.withGraph(() => {
    const w = new tf.Variable([1, 2], { name: 'weights', dtype: 'float32' });
    const xi = new tf.Variable(1, { name: 'xi' });
    const gd = new train.GradientDescentOptimizer(0.1);
    assert.throws(() => gd.minimize(tf.reduceSum(w), { varList: [xi] }),
      { name: 'ValueError', message: "No gradients provided for any variable, check your graph for ops that do not support gradients, between variables [\"<tf.Variable 'xi:0' shape=() dtype=int32_ref>\"] and loss Tensor(\"Sum:0\", shape=(), dtype=float32)." });
    assert.throws(() => gd.minimize(tf.reduceSum(w), { varList: [] }), { name: 'ValueError', message: 'No variables to optimize.' });
    assert.throws(() => gd.applyGradients([]), { name: 'ValueError', message: 'No variables provided.' });
    assert.throws(() => gd.applyGradients([[null, w]]),
      { name: 'ValueError', message: "No gradients provided for any variable: [\"<tf.Variable 'weights:0' shape=(2,) dtype=float32_ref>\"]." });
    assert.throws(() => gd.minimize(tf.constant(1)), { name: 'ValueError', message: /^Invalid type tf.int32 for Const(_\d+)?:0, expected: \[tf.float32, tf.float64, tf.float16, tf.bfloat16\]\.$/ });
    assert.throws(() => new train.AdagradOptimizer(0.1, { initialAccumulatorValue: 0 }), { name: 'ValueError', message: 'initial_accumulator_value must be positive: 0.0' });
    assert.throws(() => gd.applyGradients([[tf.constant([1, 2, 3], 'float32'), w]]), /Dimension 0 in both shapes must be equal, but are 2 and 3/);
    assert.throws(() => gd.applyGradients([[tf.constant([1, 2], 'float64'), w]]),
      { name: 'TypeError', message: /^Input 'delta' of 'ApplyGradientDescent' Op has type float64 that does not match type float32 of argument 'var'\./ });
  });
  tf.withGraph(() => {
    const w = new tf.Variable([1, 2], { name: 'weights', dtype: 'float32' });
    assert.throws(() => new train.GradientDescentOptimizer(0.1).minimize(tf.constant(1, 'float32')),
      /between variables \["<tf.Variable 'weights:0' shape=\(2,\) dtype=float32_ref>"\] and loss Tensor\("Const(_\d+)?:0", shape=\(\), dtype=float32\)\.$/);
    const op = new train.GradientDescentOptimizer(0.1).applyGradients([[tf.constant([1, 2], 'float32'), w]]);
    const sess = new tf.Session();
    assert.throws(() => sess.run(op), (e: Error) => e.name === 'FailedPreconditionError' && /Attempting to use uninitialized value weights/.test(e.message));
  });
});

test('the global step: created once, int64, non-trainable, in GLOBAL_STEP and GLOBAL_VARIABLES', () => {
  tf.withGraph(g => {
    assert.equal(train.getGlobalStep(), null);
    const gs = train.getOrCreateGlobalStep() as tf.Variable;
    assert.equal(String(gs), "<tf.Variable 'global_step:0' shape=() dtype=int64_ref>");
    assert.equal(gs.trainable, false);
    assert.deepEqual(g.getCollection(tf.GraphKeys.GLOBAL_STEP), [gs]);
    assert.deepEqual(tf.globalVariables(), [gs]);
    assert.deepEqual(tf.trainableVariables(), []);
    assert.equal(train.getGlobalStep(), gs);
    assert.equal(train.getOrCreateGlobalStep(), gs);
    assert.throws(() => train.createGlobalStep(), { name: 'ValueError', message: '"global_step" already exists.' });
    assert.deepEqual(g.operations.map(o => o.name), ['global_step/Initializer/zeros', 'global_step', 'global_step/Assign', 'global_step/read']);
  });
  tf.withGraph(() => {
    // found by name when not in the collection
    const v = new tf.Variable(0, { name: 'global_step', trainable: false });
    const gs = train.getGlobalStep() as tf.Tensor;
    assert.equal(gs.name, 'global_step:0');
    const w = new tf.Variable(1, { name: 'w', dtype: 'float32' });
    const op = new train.GradientDescentOptimizer(0.1).minimize(tf.square(w), { globalStep: gs });
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(op);
    assert.equal(train.globalStep(sess, v), 1);
  });
  tf.withGraph(() => {
    new tf.Variable(0.5, { name: 'global_step', trainable: false });
    assert.throws(() => train.getGlobalStep(), { name: 'TypeError', message: 'Existing "global_step" does not have integer type: <dtype: \'float32\'>' });
  });
});

test('a custom optimizer subclasses Optimizer with _applyDense', () => {
  class SignDescent extends train.Optimizer {
    constructor() { super(false, 'SignDescent'); }
    protected override _applyDense(grad: tf.Tensor, v: tf.Variable): tf.Tensor {
      return v.assignSub(tf.multiply(tf.sign(grad), 0.5));
    }
  }
  tf.withGraph(() => {
    const w = new tf.Variable([3, -3], { name: 'w', dtype: 'float32' });
    const op = new SignDescent().minimize(tf.reduceSum(tf.square(w)));
    assert.equal(op.name, 'SignDescent');
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(op);
    assert.deepEqual(values(sess.run(w)), [2.5, -2.5]);
  });
});

test('GATE_GRAPH gates the gradients with tuple(); bad gate values are rejected', () => {
  tf.withGraph(() => {
    const w = new tf.Variable([1, 2], { name: 'w', dtype: 'float32' });
    const gv = new train.GradientDescentOptimizer(0.1).computeGradients(tf.reduceSum(tf.square(w)), { gateGradients: train.GATE_GRAPH });
    assert.equal(gv[0][0]!.name, 'tuple/control_dependency:0');
    assert.throws(() => new train.GradientDescentOptimizer(0.1).computeGradients(tf.reduceSum(w), { gateGradients: 7 as 0 }),
      /gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not 7/);
  });
});

test('variables of unknown static shape get slots shaped at run time', () => {
  tf.withGraph(() => {
    const init = tf.placeholderWithDefault(tf.constant([1, 2, 3], 'float32'), [null]);
    const w = new tf.Variable(init, { name: 'w', validateShape: false });
    assert.equal(w.shape.rank, null);
    const g = tf.placeholder('float32', null, 'g');
    const opts = [new train.AdagradOptimizer(0.5), new train.RMSPropOptimizer(0.1), new train.MomentumOptimizer(0.1, 0.5), new train.AdamOptimizer(0.1)];
    const ops = opts.map(o => o.applyGradients([[g, w]]));
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    assert.deepEqual(values(sess.run(opts[0].getSlot(w, 'accumulator')!)), [0.1, 0.1, 0.1].map(Math.fround));
    assert.deepEqual(values(sess.run(opts[1].getSlot(w, 'rms')!)), [1, 1, 1]);
    assert.deepEqual(values(sess.run(opts[3].getSlot(w, 'v')!)), [0, 0, 0]);
    for (const op of ops) sess.run(op, [[g, [1, 1, 1]]]);
    const wv = values(sess.run(w));
    assert.equal(wv.length, 3);
    assert.ok(wv.every((x, i) => x < i + 1));
  });
});
