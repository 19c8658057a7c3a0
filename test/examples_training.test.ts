// The training programs of the seeds learn what the seeds say they learn (issue 3): each
// example is run with its own settings and its result checked against stated bounds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { train as seed004 } from '../examples/seeds/seed004_linreg.js';
import { train as seed001 } from '../examples/seeds/seed001_linreg.js';
import { makeData, linearRegression, polynomialRegression, xor } from '../examples/seeds/seed002_regression.js';
import { normalEquation, gradientDescent, minibatch, type Variant } from '../examples/seeds/seed003_housing.js';
import { build as buildRelu } from '../examples/seeds/seed003_relu.js';
import { trainDigits } from '../examples/demo.js';
import { loadDiabetes } from '../examples/data/datasets.js';
import * as tf from '../src/index.js';

test('seed 004: 100,000 single-sample steps recover m and b to 3 decimals', () => {
  const r = seed004(100000, 0);
  assert.ok(Math.abs(r.m - r.trueM) < 2e-3, `m: learned ${r.m}, true ${r.trueM}`);
  assert.ok(Math.abs(r.b - r.trueB) < 2e-3, `b: learned ${r.b}, true ${r.trueB}`);
  assert.ok(r.lastLoss < 1e-6, `last loss ${r.lastLoss}`);
});

test('seed 001: Adam on minibatches reduces the loss and moves W toward the slope 1', () => {
  const r = seed001();
  assert.ok(r.loss < 0.5 * r.firstLoss, `loss ${r.firstLoss} -> ${r.loss}`);
  assert.ok(r.W > 0.3 && r.W < 1.5, `W = ${r.W}`);
});

test('seed 002: linear regression on sin(x) + noise reaches the noise floor on train and test', () => {
  const d = makeData();
  const r = linearRegression(d);
  assert.ok(r.trainErrors[99] < 0.5 * r.trainErrors[0]);
  assert.ok(r.trainErrors[99] < 1.7 && r.testErrors[99] < 1.7, `final MSE ${r.trainErrors[99]} / ${r.testErrors[99]}`);
});

test('seed 002: polynomial regression with penalties and staircase decay keeps improving', () => {
  const r = polynomialRegression(makeData());
  assert.ok(r.trainErrors[99] < 0.2 * r.trainErrors[0], `train ${r.trainErrors[0]} -> ${r.trainErrors[99]}`);
  assert.ok(r.testErrors[99] < 0.3 * r.testErrors[0]);
  assert.equal(r.learningRates[0], Math.fround(0.01));
  assert.ok(Math.abs(r.learningRates[10] - 0.01 * 0.96) < 1e-7 && Math.abs(r.learningRates[25] - 0.01 * 0.96 ** 2) < 1e-7, 'staircase decay every 10 steps');
});

test('seed 002: the XOR multilayer perceptron learns XOR', () => {
  const r = xor();
  const [a, b, c, d] = r.predictions;
  assert.ok(a < 0.2 && b > 0.8 && c > 0.8 && d < 0.2, `predictions ${r.predictions}`);
});

// the optimum for the diabetes data, from the normal equation
const diabetes = loadDiabetes();
function mseOf(theta: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < diabetes.m; i++) {
    let p = theta[0];
    for (let j = 0; j < diabetes.n; j++) p += theta[j + 1] * diabetes.data[i * diabetes.n + j];
    s += (p - diabetes.target[i]) ** 2;
  }
  return s / diabetes.m;
}
const optimalMse = mseOf(normalEquation());

test('seed 003: the normal equation (matrixInverse) finds the least-squares optimum', () => {
  assert.ok(optimalMse > 2800 && optimalMse < 2900, `optimal MSE ${optimalMse}`); // sklearn: 2859.7
});

for (const v of ['manual', 'autodiff', 'gd-optimizer', 'momentum'] as Variant[]) {
  test(`seed 003: gradient descent (${v}) approaches the optimum`, () => {
    const r = gradientDescent(v);
    const final = r.mse[r.mse.length - 1];
    assert.ok(final < 1.02 * optimalMse, `final MSE ${final} vs optimum ${optimalMse}`);
    assert.ok(r.mse[0] > 5 * final, `MSE ${r.mse[0]} -> ${final}`);
  });
}

test('seed 003: tf.gradients and the optimizer give the same trajectory as the hand-written gradient', () => {
  const a = gradientDescent('manual', 50).theta, b = gradientDescent('autodiff', 50).theta, c = gradientDescent('gd-optimizer', 50).theta;
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) < 1e-3 * Math.max(1, Math.abs(a[i])) && Math.abs(a[i] - c[i]) < 1e-3 * Math.max(1, Math.abs(a[i])));
  }
});

test('seed 003: minibatch gradient descent through placeholders gets near the optimum', () => {
  const r = minibatch();
  assert.ok(r.mse < 1.1 * optimalMse, `minibatch MSE ${r.mse}`);
});

test('seed 003: the relu modules build and share their threshold as the seed describes', () => {
  const vars = (k: 1 | 2 | 3 | 4 | 5) => { const { X, output } = buildRelu(k); return { names: tf.globalVariables().map(v => v.op.name), X, output }; };
  assert.equal(vars(1).names.filter(n => n.startsWith('weights')).length, 5);
  assert.deepEqual(vars(2).names.slice(0, 2), ['relu/weights', 'relu/bias']);
  assert.equal(vars(3).names.filter(n => n.endsWith('threshold')).length, 1);
  assert.equal(vars(4).names.filter(n => n.endsWith('threshold')).length, 1);
  const five = vars(5);
  assert.deepEqual(five.names.filter(n => n.endsWith('threshold')), ['relu/threshold']);
  const y = tf.withSession(sess => { sess.run(tf.globalVariablesInitializer()); return sess.run(five.output, [[five.X, [[1, 2, 3]]]]); });
  assert.deepEqual([...y.shape], [1, 1]);
});

test('the demo trains the digits classifier to at least 95% test accuracy', () => {
  const r = trainDigits({ progress: false });
  assert.ok(r.testAccuracy >= 0.95, `test accuracy ${r.testAccuracy}`);
});
