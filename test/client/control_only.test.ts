// Pure computations that run only as control inputs, their values unread (the gradient of a
// placeholder input, gated by tf.gradients' tuple), are skipped unless the options keep them;
// stateful control inputs and op types outside the list always run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { countingBackend } from './plan_helpers.js';

const counts = countingBackend('control-only-test', ['MatMul', 'Sqrt']);
const reset = () => { for (const k of counts.keys()) counts.set(k, 0); };

function model() {
  const x = tf.placeholder(tf.float32, [null, 3], { name: 'x' });
  const w = new tf.Variable(tf.constant([[1], [2], [3]], tf.float32), { name: 'w' });
  const loss = tf.reduceSum(tf.matmul(x, w));
  const train = new tf.train.GradientDescentOptimizer(0.1).minimize(loss);
  return { x, w, loss, train };
}

test("the gradient of a placeholder input is not computed when nothing reads it", () => {
  for (const [config, matmuls] of [[{}, 2], [{ graphOptions: { optimizerOptions: { skipControlOnlyComputation: false } } }, 3]] as const) {
    tf.withGraph(() => {
      const { x, w, loss, train } = model();
      const sess = new tf.Session({ backend: 'control-only-test', config });
      sess.run(w.initializer);
      reset();
      const [l] = sess.run([loss, train], [[x, [[1, 1, 1]]]]);
      assert.equal(l.item(), 6);
      assert.deepEqual([...sess.run(w).data], [0.9, 1.9, 2.9].map(Math.fround));
      assert.equal(counts.get('MatMul'), matmuls, JSON.stringify(config));
      sess.close();
    });
  }
});

test('control inputs outside the list still run', () => {
  tf.withGraph(() => {
    const x = tf.placeholder(tf.float32, [2], { name: 'x' });
    const pureButListed = tf.matmul(tf.reshape(x, [1, 2]), tf.reshape(x, [2, 1]));
    const notListed = tf.sqrt(x);
    const y = tf.controlDependencies([pureButListed, notListed], () => tf.identity(x));
    const sess = new tf.Session({ backend: 'control-only-test' });
    reset();
    sess.run(y, [[x, [1, 4]]]);
    assert.equal(counts.get('MatMul'), 0);
    assert.equal(counts.get('Sqrt'), 1);
    sess.close();
  });
});
