// Learning-rate schedules against real TF: values at several global steps, the returned
// tensor's name and dtype (piecewiseConstant selects with SelectV2 where TF uses tf.case,
// so its name differs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { fixture, assertClose, values } from './fixture.js';

type Fn = (...a: unknown[]) => tf.Tensor;

for (const [key, s] of Object.entries(fixture.schedules)) {
  test(`schedule ${key} (${s.fn}) matches TF`, () => {
    tf.withGraph(() => {
      const gs = train.getOrCreateGlobalStep() as tf.Variable;
      const fn = (train as unknown as Record<string, Fn>)[s.fn];
      const lr = s.fn === 'piecewiseConstant' ? fn(gs, ...s.args) : fn(s.args[0], gs, ...s.args.slice(1), s.kwargs);
      assert.equal(lr.dtype, s.dtype);
      if (s.fn !== 'piecewiseConstant') assert.equal(lr.name, s.name);
      const sess = new tf.Session();
      sess.run(tf.globalVariablesInitializer());
      const got = s.steps.map(step => { gs.load(step, sess); return values(sess.run(lr))[0]; });
      assertClose(got, s.values, key, 2e-6, 2e-8);
    });
  });
}

test('exponentialDecay builds the nodes TF builds', () => {
  tf.withGraph(() => {
    const gs = train.getOrCreateGlobalStep();
    const g = tf.getDefaultGraph();
    const n0 = g.operations.length;
    train.exponentialDecay(0.1, gs, 100, 0.96, { staircase: true });
    assert.deepEqual(g.operations.slice(n0).map(o => `${o.name} ${o.type} ${o.inputs.map(t => t.op.name).join(',')}`), [
      'ExponentialDecay/initial_learning_rate Const ', 'ExponentialDecay/Cast/x Const ', 'ExponentialDecay/Cast Cast ExponentialDecay/Cast/x',
      'ExponentialDecay/Cast_1/x Const ', 'ExponentialDecay/Cast_2 Cast global_step/read',
      'ExponentialDecay/truediv RealDiv ExponentialDecay/Cast_2,ExponentialDecay/Cast', 'ExponentialDecay/Floor Floor ExponentialDecay/truediv',
      'ExponentialDecay/Pow Pow ExponentialDecay/Cast_1/x,ExponentialDecay/Floor', 'ExponentialDecay Mul ExponentialDecay/initial_learning_rate,ExponentialDecay/Pow',
    ]);
  });
});

test('schedules require a global step; piecewiseConstant checks its lists', () => {
  tf.withGraph(() => {
    assert.throws(() => train.exponentialDecay(0.1, null as unknown as tf.Tensor, 10, 0.5), /global_step is required for exponential_decay\./);
    const gs = train.getOrCreateGlobalStep();
    assert.throws(() => train.piecewiseConstant(gs, [10, 20], [1.0, 0.5]), /The length of boundaries should be 1 less than the length of values/);
    assert.throws(() => train.piecewiseConstant(gs, [tf.constant(1.5)], [1.0, 0.5]), /Boundaries \(<dtype: 'float32'>\) must have the same dtype as x \(<dtype: 'int64'>\)\./);
    assert.throws(() => train.piecewiseConstant(gs, [10], [tf.constant(1.5), tf.constant(2)]), /Values must have elements all with the same dtype \(<dtype: 'float32'> vs <dtype: 'int32'>\)\./);
  });
});

test('a schedule drives an optimizer as its learning rate', () => {
  tf.withGraph(() => {
    const gs = train.getOrCreateGlobalStep();
    const w = new tf.Variable(0.0, { name: 'w', dtype: 'float32' });
    const lr = train.exponentialDecay(1.0, gs, 1, 0.5);   // 1, 0.5, 0.25, ...
    const grad = tf.constant(-1, 'float32');
    const op = new train.GradientDescentOptimizer(lr).applyGradients([[grad, w]], { globalStep: gs });
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    for (let i = 0; i < 4; i++) sess.run(op);
    assert.equal(values(sess.run(w))[0], 1 + 0.5 + 0.25 + 0.125);
    assert.equal(train.globalStep(sess, gs), 4);
  });
});
