// Seed 001's linear regression: variableScope / getVariable, minibatches of 100 drawn at
// random, AdamOptimizer, on y = x + 20 sin(x / 10).

import * as tf from '../../src/index.js';
import { seededRandom } from '../data/datasets.js';

export function train(steps = 500, seed = 0): { W: number; b: number; loss: number; firstLoss: number } {
  tf.resetDefaultGraph();
  tf.setRandomSeed(seed);
  const nSamples = 1000, batchSize = 100;
  const XData = Float32Array.from({ length: nSamples }, (_, i) => i * 0.1);
  const yData = XData.map(x => x + 20 * Math.sin(x / 10));
  // placeholders for input
  const X = tf.placeholder(tf.float32, [batchSize, 1]);
  const y = tf.placeholder(tf.float32, [batchSize, 1]);
  // variables to be learned
  const [W, b, loss] = tf.variableScope('linear-regression', () => {
    const W = tf.getVariable('weights', [1, 1], { initializer: tf.randomNormalInitializer() });
    const b = tf.getVariable('bias', [1], { initializer: tf.constantInitializer(0.0) });
    const yPred = tf.matmul(X, W).add(b);
    const loss = tf.reduceSum(y.sub(yPred).pow(2).div(nSamples));
    return [W, b, loss] as const;
  });
  // the optimizer operation
  const optOperation = new tf.train.AdamOptimizer().minimize(loss);
  const random = seededRandom(seed + 1);
  return tf.withSession(sess => {
    sess.run(tf.initializeAllVariables());
    let first = NaN, last = NaN;
    for (let s = 0; s < steps; s++) {
      // a random minibatch
      const xb = new Float32Array(batchSize), yb = new Float32Array(batchSize);
      for (let i = 0; i < batchSize; i++) { const k = Math.floor(random() * nSamples); xb[i] = XData[k]; yb[i] = yData[k]; }
      // one step of gradient descent
      const [, lossVal] = sess.run([optOperation, loss], [[X, new tf.NDArray('float32', [batchSize, 1], xb)], [y, new tf.NDArray('float32', [batchSize, 1], yb)]]);
      if (s === 0) first = lossVal.item();
      last = lossVal.item();
    }
    const [w, bb] = sess.run([W, b]);
    return { W: w.item(), b: bb.item(), loss: last, firstLoss: first };
  });
}

export function main(): void {
  const r = train();
  console.log(`loss: ${r.firstLoss.toFixed(2)} at the first step, ${r.loss.toFixed(2)} after 500 Adam steps`);
  console.log(`learned y = ${r.W.toFixed(3)} x + ${r.b.toFixed(3)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
