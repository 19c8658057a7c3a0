// Random initializers: the nodes tf.getVariable builds under `<var>/Initializer/`, seeds,
// fans, ranges and scales. Exact values against TF are in tf_values.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { computeFans } from '../../src/ops/random/initializers.js';

const opNames = () => tf.getDefaultGraph().getOperations().map(op => op.name);

function valuesOf(init: ReturnType<typeof tf.glorotUniformInitializer>, shape: number[]): number[] {
  return tf.withGraph(() => {
    const v = tf.getVariable('w', shape, { initializer: init });
    const sess = new tf.Session();
    sess.run(v.initializer);
    return Array.from(sess.run(v).data as Float32Array);
  });
}
const std = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length);
};

test('glorot_uniform_initializer(seed=1) builds TF\'s nodes under w/Initializer', () => {
  tf.withGraph(() => {
    tf.getVariable('w', [3, 4], { initializer: tf.glorotUniformInitializer({ seed: 1 }) });
    assert.deepEqual(opNames(), [
      'w/Initializer/random_uniform/shape', 'w/Initializer/random_uniform/min', 'w/Initializer/random_uniform/max',
      'w/Initializer/random_uniform/RandomUniform', 'w/Initializer/random_uniform/sub', 'w/Initializer/random_uniform/mul',
      'w/Initializer/random_uniform', 'w', 'w/Assign', 'w/read',
    ]);
    const op = tf.getDefaultGraph().getOperationByName('w/Initializer/random_uniform/RandomUniform');
    assert.deepEqual([op.attrs.seed, op.attrs.seed2], [87654321, 1]);
  });
});

test('other initializers: truncated_normal / random_normal / random_uniform scopes', () => {
  const cases: [string, ReturnType<typeof tf.glorotUniformInitializer>][] = [
    ['truncated_normal', tf.glorotNormalInitializer()],
    ['truncated_normal', tf.varianceScalingInitializer()],
    ['truncated_normal', tf.truncatedNormalInitializer(0, 0.1)],
    ['random_normal', tf.varianceScalingInitializer({ distribution: 'untruncated_normal' })],
    ['random_normal', tf.randomNormalInitializer()],
    ['random_uniform', tf.varianceScalingInitializer({ distribution: 'uniform' })],
    ['random_uniform', tf.randomUniformInitializer()],
    ['random_uniform', tf.heUniform(3)],
  ];
  for (const [scope, init] of cases) {
    tf.withGraph(() => {
      const v = tf.getVariable('w', [3, 4], { initializer: init });
      assert.equal(v.initializer.inputs[1].op.name, `w/Initializer/${scope}`);
    });
  }
  // tf.random_uniform_initializer(0, 1): Python ints, so only RandomUniform is built
  tf.withGraph(() => {
    const v = tf.getVariable('w', [2], { initializer: tf.randomUniformInitializer(0, 1) });
    assert.equal(v.initializer.inputs[1].op.name, 'w/Initializer/random_uniform/RandomUniform');
  });
});

test('compute_fans: dense and conv kernels', () => {
  assert.deepEqual(computeFans([]), [1, 1]);
  assert.deepEqual(computeFans([5]), [5, 5]);
  assert.deepEqual(computeFans([3, 4]), [3, 4]);
  assert.deepEqual(computeFans([3, 3, 2, 8]), [18, 72]);
});

test('ranges and scales of the variance-scaling family', () => {
  const shape = [100, 150];
  const g = valuesOf(tf.glorotUniformInitializer(1), shape);
  const limit = Math.sqrt(6 / 250);
  assert.ok(g.every(x => x >= -limit && x < limit));
  assert.ok(Math.abs(std(g) - limit / Math.sqrt(3)) < 0.003);
  // truncated normals: the stddev is corrected so the truncated spread is sqrt(scale / n)
  const gn = valuesOf(tf.glorotNormalInitializer(2), shape);
  assert.ok(Math.abs(std(gn) - Math.sqrt(2 / 250)) < 0.003, `${std(gn)}`);
  assert.ok(gn.every(x => Math.abs(x) < 2 * Math.sqrt(2 / 250) / 0.87962566103423978));
  const he = valuesOf(tf.heNormal(3), shape);
  assert.ok(Math.abs(std(he) - Math.sqrt(2 / 100)) < 0.005, `${std(he)}`);
  const lu = valuesOf(tf.lecunUniform(4), shape);
  assert.ok(lu.every(x => Math.abs(x) < Math.sqrt(3 / 100)));
  const vs = valuesOf(tf.varianceScalingInitializer(2.0, 'fan_out', 'untruncated_normal', 5), shape);
  assert.ok(Math.abs(std(vs) - Math.sqrt(2 / 150)) < 0.004);
  const fa = valuesOf(tf.varianceScalingInitializer({ scale: 3, mode: 'fan_avg', distribution: 'uniform', seed: 6 }), shape);
  assert.ok(fa.every(x => Math.abs(x) < Math.sqrt(9 / 125)));
});

test('random normal / uniform / truncated normal initializers: moments and bounds', () => {
  const rn = valuesOf(tf.randomNormalInitializer({ mean: 0.5, stddev: 0.25, seed: 1 }), [100, 100]);
  assert.ok(Math.abs(rn.reduce((a, b) => a + b) / rn.length - 0.5) < 0.01 && Math.abs(std(rn) - 0.25) < 0.01);
  const ru = valuesOf(tf.randomUniformInitializer(-0.1, 0.1, 2), [100, 100]);
  assert.ok(ru.every(x => x >= -0.1 && x < 0.1) && Math.abs(std(ru) - 0.2 / Math.sqrt(12)) < 0.002);
  const tn = valuesOf(tf.truncatedNormalInitializer({ stddev: 0.01, seed: 3 }), [100, 100]);
  assert.ok(tn.every(x => Math.abs(x) < 0.02));
  // positional and options forms agree
  assert.deepEqual(valuesOf(tf.randomNormalInitializer(0, 2, 7), [5]), valuesOf(tf.randomNormalInitializer({ stddev: 2, seed: 7 }), [5]));
});

test('get_variable default initializer is glorot uniform; dtype comes from the variable', () => {
  tf.withGraph(() => {
    const v = tf.getVariable('d', [2, 2], { dtype: 'float64' });
    assert.equal(v.initializer.inputs[1].op.name, 'd/Initializer/random_uniform');
    const sess = new tf.Session();
    sess.run(v.initializer);
    const x = sess.run(v);
    assert.equal(x.dtype, 'float64');
    assert.ok(Array.from(x.data as Float64Array).every(y => Math.abs(y) < Math.sqrt(6 / 4)));
  });
});

test('initializer argument errors in TF wording', () => {
  assert.throws(() => tf.varianceScalingInitializer({ scale: 0 }), /Argument `scale` must be a positive float. Received: 0/);
  assert.throws(() => tf.varianceScalingInitializer({ mode: 'fan_mid' as never }), /Argument `mode` should be one of/);
  assert.throws(() => tf.varianceScalingInitializer({ distribution: 'cauchy' as never }), /Argument `distribution` should be one of/);
  tf.withGraph(() => {
    assert.throws(() => tf.getVariable('i', [2], { dtype: 'int32', initializer: tf.randomUniformInitializer() }),
      /Must specify maxval for integer dtype tf.int32/);
    const v = tf.getVariable('j', [50], { dtype: 'int32', initializer: tf.randomUniformInitializer(0, 10, 1) });
    const sess = new tf.Session();
    sess.run(v.initializer);
    assert.ok(Array.from(sess.run(v).data as Int32Array).every(x => x >= 0 && x < 10));
  });
});
