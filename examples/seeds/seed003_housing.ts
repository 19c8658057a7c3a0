// Seed 003's housing regressions, on scikit-learn's diabetes data (California housing
// cannot be downloaded here): the normal equation with matrixInverse, gradient descent with
// hand-written gradients, with tf.gradients, with GradientDescentOptimizer and with
// MomentumOptimizer, and minibatch gradient descent through placeholders.

import * as tf from '../../src/index.js';
import { loadDiabetes, standardize, withBias, seededRandom } from '../data/datasets.js';

const housing = loadDiabetes();
const { m, n } = housing;
const housingDataPlusBias = withBias(housing.data, m, n);
const scaledHousingDataPlusBias = withBias(standardize(housing.data, m, n), m, n);
const target = housing.target;

/** The normal equation: theta = (X^T X)^-1 X^T y, in float64. */
export function normalEquation(): Float64Array {
  tf.resetDefaultGraph();
  const X = tf.constant(new tf.NDArray('float64', [m, n + 1], housingDataPlusBias), { dtype: tf.float64, name: 'X' });
  const y = tf.constant(new tf.NDArray('float64', [m, 1], target), { dtype: tf.float64, name: 'y' });
  const XT = tf.transpose(X);
  const theta = tf.matmul(tf.matmul(tf.matrixInverse(tf.matmul(XT, X)), XT), y);
  return tf.withSession(() => theta.eval().data as Float64Array);
}

export type Variant = 'manual' | 'autodiff' | 'gd-optimizer' | 'momentum';

/** Full-batch gradient descent on the standardized data, 1000 epochs, learning rate 0.01. */
export function gradientDescent(variant: Variant, nEpochs = 1000, learningRate = 0.01, log: (s: string) => void = () => {}): { theta: Float32Array; mse: number[] } {
  tf.resetDefaultGraph();
  const X = tf.constant(new tf.NDArray('float32', [m, n + 1], Float32Array.from(scaledHousingDataPlusBias)), { name: 'X' });
  const y = tf.constant(new tf.NDArray('float32', [m, 1], Float32Array.from(target)), { name: 'y' });
  const theta = new tf.Variable(tf.randomUniform([n + 1, 1], -1.0, 1.0, { seed: 42 }), { name: 'theta' });
  const yPred = tf.matmul(X, theta, { name: 'predictions' });
  const error = yPred.sub(y);
  const mse = tf.reduceMean(tf.square(error), { name: 'mse' });
  let trainingOp: tf.Tensor | tf.Operation;
  if (variant === 'manual') {
    const gradients = tf.matmul(tf.transpose(X), error).mul(2 / m);
    trainingOp = tf.assign(theta, theta.sub(gradients.mul(learningRate)));
  } else if (variant === 'autodiff') {
    const gradients = tf.gradients(mse, [theta])[0]!;
    trainingOp = tf.assign(theta, theta.sub(gradients.mul(learningRate)));
  } else if (variant === 'gd-optimizer') {
    trainingOp = new tf.train.GradientDescentOptimizer(learningRate).minimize(mse);
  } else {
    trainingOp = new tf.train.MomentumOptimizer(learningRate, 0.25).minimize(mse);
  }
  const init = tf.globalVariablesInitializer();
  log(`theta: ${theta}`);
  const history: number[] = [];
  const best = tf.withSession(sess => {
    sess.run(init);
    for (let epoch = 0; epoch < nEpochs; epoch++) {
      if (epoch % 100 === 0) {
        const v = mse.eval().item();
        history.push(v);
        log(`Epoch ${epoch} MSE = ${v}`);
      }
      sess.run(trainingOp);
    }
    history.push(mse.eval().item());
    return theta.eval().data as Float32Array;
  });
  return { theta: best, mse: history };
}

/**
 * Minibatch gradient descent through placeholders (batches of 100, seeded indices). The
 * seed's 10 epochs are 2,064 steps on California housing; the diabetes set has 442 rows, so
 * 200 epochs give a comparable 1,000 steps.
 */
export function minibatch(nEpochs = 200, batchSize = 100, learningRate = 0.01): { theta: Float32Array; mse: number } {
  tf.resetDefaultGraph();
  const X = tf.placeholder(tf.float32, [null, n + 1], { name: 'X' });
  const y = tf.placeholder(tf.float32, [null, 1], { name: 'y' });
  const theta = new tf.Variable(tf.randomUniform([n + 1, 1], -1.0, 1.0, { seed: 42 }), { name: 'theta' });
  const yPred = tf.matmul(X, theta, { name: 'predictions' });
  const error = yPred.sub(y);
  const mse = tf.reduceMean(tf.square(error), { name: 'mse' });
  const trainingOp = new tf.train.GradientDescentOptimizer(learningRate).minimize(mse);
  const init = tf.globalVariablesInitializer();
  const nBatches = Math.ceil(m / batchSize);
  const fetchBatch = (epoch: number, batchIndex: number) => {
    const rnd = seededRandom(epoch * nBatches + batchIndex);
    const xb = new Float32Array(batchSize * (n + 1)), yb = new Float32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      const k = Math.floor(rnd() * m);
      xb.set(scaledHousingDataPlusBias.subarray(k * (n + 1), (k + 1) * (n + 1)), i * (n + 1));
      yb[i] = target[k];
    }
    return [new tf.NDArray('float32', [batchSize, n + 1], xb), new tf.NDArray('float32', [batchSize, 1], yb)] as const;
  };
  return tf.withSession(sess => {
    sess.run(init);
    for (let epoch = 0; epoch < nEpochs; epoch++) {
      for (let batchIndex = 0; batchIndex < nBatches; batchIndex++) {
        const [xb, yb] = fetchBatch(epoch, batchIndex);
        sess.run(trainingOp, [[X, xb], [y, yb]]);
      }
    }
    const all: tf.FeedDict = [[X, new tf.NDArray('float32', [m, n + 1], Float32Array.from(scaledHousingDataPlusBias))], [y, new tf.NDArray('float32', [m, 1], Float32Array.from(target))]];
    return { theta: theta.eval().data as Float32Array, mse: sess.run(mse, all).item() };
  });
}

export function main(): void {
  console.log('housing shape:', m, n);
  const theta = normalEquation();
  console.log('tf:result (normal equation):', Array.from(theta, v => v.toFixed(3)).join(' '));
  for (const v of ['manual', 'autodiff', 'gd-optimizer', 'momentum'] as Variant[]) {
    console.log(`--- gradient descent: ${v}`);
    const r = gradientDescent(v, 1000, 0.01, s => console.log(s));
    console.log('Best theta:', Array.from(r.theta, x => x.toFixed(3)).join(' '));
  }
  const mb = minibatch();
  console.log(`--- minibatch gradient descent: MSE ${mb.mse.toFixed(1)}`);
  console.log('Best theta:', Array.from(mb.theta, x => x.toFixed(3)).join(' '));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
