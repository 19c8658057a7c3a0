// Seed 002's models: linear regression on y = sin(x) + noise with a 70/30 train/test
// split and per-epoch errors; polynomial regression with 26 standardized polynomial
// features, L2 + L1 penalties and an exponentially decaying learning rate; the XOR
// multilayer perceptron.

import * as tf from '../../src/index.js';
import { seededRandom, gaussian } from '../data/datasets.js';

interface Split { xTrain: Float32Array; yTrain: Float32Array; xTest: Float32Array; yTest: Float32Array }

/** x = linspace(0, 10, 1000), y = sin(x) + N(0, 1) noise, shuffled into 70% train / 30% test. */
export function makeData(seed = 0): Split {
  const rand = seededRandom(seed), normal = gaussian(rand);
  const n = 1000;
  const x = Float32Array.from({ length: n }, (_, i) => (10 * i) / (n - 1));
  const y = x.map(v => Math.sin(v) + normal());
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
  const nTrain = Math.round(0.7 * n);
  const pick = (a: Float32Array, ids: number[]) => Float32Array.from(ids, i => a[i]);
  return { xTrain: pick(x, idx.slice(0, nTrain)), yTrain: pick(y, idx.slice(0, nTrain)), xTest: pick(x, idx.slice(nTrain)), yTest: pick(y, idx.slice(nTrain)) };
}

const col = (a: Float32Array) => new tf.NDArray('float32', [a.length, 1], a);

/** Linear regression, 100 epochs of full-batch gradient descent (learning rate 0.001). */
export function linearRegression(d: Split, nEpochs = 100): { trainErrors: number[]; testErrors: number[] } {
  tf.resetDefaultGraph();
  tf.setRandomSeed(1);
  const x_ = tf.placeholder(tf.float32, [null, 1], { name: 'input' });
  const y_ = tf.placeholder(tf.float32, [null, 1], { name: 'output' });
  const modelOutput = new tf.Variable(tf.randomNormal([1]), { name: 'bias' }).add(new tf.Variable(tf.randomNormal([1]), { name: 'k' }).mul(x_));
  const loss = tf.reduceMean(tf.pow(y_.sub(modelOutput), 2));
  const gd = new tf.train.GradientDescentOptimizer(0.001);
  const trainStep = gd.minimize(loss);
  const sess = new tf.Session();
  sess.run(tf.globalVariablesInitializer());
  const trainErrors: number[] = [], testErrors: number[] = [];
  for (let i = 0; i < nEpochs; i++) {
    const [, trainErr] = sess.run([trainStep, loss], [[x_, col(d.xTrain)], [y_, col(d.yTrain)]]);
    trainErrors.push(trainErr.item());
    testErrors.push(sess.run(loss, [[x_, col(d.xTest)], [y_, col(d.yTest)]]).item());
  }
  return { trainErrors, testErrors };
}

/** Polynomial features x^1..x^order, each standardized (PolynomialFeatures + StandardScaler). */
function polyFeatures(x: Float32Array, order: number, stats?: { mean: number[]; sd: number[] }): { f: Float32Array; stats: { mean: number[]; sd: number[] } } {
  const n = x.length;
  const raw = new Float64Array(n * order);
  for (let i = 0; i < n; i++) { let p = 1; for (let k = 0; k < order; k++) { p *= x[i] / 10; raw[i * order + k] = p; } }
  const s = stats ?? { mean: [] as number[], sd: [] as number[] };
  if (!stats) {
    for (let k = 0; k < order; k++) {
      let m = 0; for (let i = 0; i < n; i++) m += raw[i * order + k]; m /= n;
      let v = 0; for (let i = 0; i < n; i++) v += (raw[i * order + k] - m) ** 2;
      s.mean.push(m); s.sd.push(Math.sqrt(v / n) || 1);
    }
  }
  const f = new Float32Array(n * order);
  for (let i = 0; i < n; i++) for (let k = 0; k < order; k++) f[i * order + k] = (raw[i * order + k] - s.mean[k]) / s.sd[k];
  return { f, stats: s };
}

/** Polynomial regression: 26 features, loss = MSE + 0.85 l2_loss(w) + 0.15 mean|w|, decaying lr. */
export function polynomialRegression(d: Split, nEpochs = 100, order = 26): { trainErrors: number[]; testErrors: number[]; learningRates: number[] } {
  tf.resetDefaultGraph();
  tf.setRandomSeed(2);
  const tr = polyFeatures(d.xTrain, order), te = polyFeatures(d.xTest, order, tr.stats);
  const x_ = tf.placeholder(tf.float32, [null, order], { name: 'input' });
  const y_ = tf.placeholder(tf.float32, [null, 1], { name: 'output' });
  const w = new tf.Variable(tf.randomNormal([order, 1]), { name: 'weights' });
  const modelOutput = tf.matmul(x_, w);
  const loss = tf.reduceMean(tf.square(y_.sub(modelOutput))).add(tf.nn.l2Loss(w).mul(0.85)).add(tf.reduceMean(tf.abs(w)).mul(0.15));
  const globalStep = new tf.Variable(0, { trainable: false, name: 'global_step' });
  const starterLearningRate = 0.01;
  const learningRate = tf.train.exponentialDecay(starterLearningRate, globalStep, 10, 0.96, { staircase: true });
  const trainStep = new tf.train.GradientDescentOptimizer(learningRate).minimize(loss, { globalStep });
  const sess = new tf.Session();
  sess.run(tf.globalVariablesInitializer());
  const feedsTrain: tf.FeedDict = [[x_, new tf.NDArray('float32', [d.xTrain.length, order], tr.f)], [y_, col(d.yTrain)]];
  const feedsTest: tf.FeedDict = [[x_, new tf.NDArray('float32', [d.xTest.length, order], te.f)], [y_, col(d.yTest)]];
  const trainErrors: number[] = [], testErrors: number[] = [], learningRates: number[] = [];
  for (let i = 0; i < nEpochs; i++) {
    const [, trainErr, lr] = sess.run([trainStep, loss, learningRate], feedsTrain);
    trainErrors.push(trainErr.item());
    learningRates.push(lr.item() as number);
    testErrors.push(sess.run(loss, feedsTest).item());
  }
  return { trainErrors, testErrors, learningRates };
}

/** The XOR multilayer perceptron: 2-15-1 with relu, gradient descent, 20,000 steps. */
export function xor(steps = 20000, learningRate = 0.001, seed = 3): { predictions: number[]; loss: number } {
  tf.resetDefaultGraph();
  tf.setRandomSeed(seed);
  const x_ = tf.placeholder(tf.float32, [null, 2], { name: 'input' });
  const y_ = tf.placeholder(tf.float32, [null, 1], { name: 'output' });
  const hiddenNeurons = 15;
  const w1 = new tf.Variable(tf.randomUniform([2, hiddenNeurons]));
  const b1 = new tf.Variable(tf.constant(0.0, { dtype: tf.float32, shape: [hiddenNeurons] }));
  const layer1 = tf.nn.relu(tf.add(tf.matmul(x_, w1), b1));
  const w2 = new tf.Variable(tf.randomUniform([hiddenNeurons, 1]));
  const b2 = new tf.Variable(tf.constant(0.0, { dtype: tf.float32, shape: [1] }));
  const nnOutput = tf.nn.relu(tf.add(tf.matmul(layer1, w2), b2));
  const gd = new tf.train.GradientDescentOptimizer(learningRate);
  const loss = tf.reduceMean(tf.square(nnOutput.sub(y_)));
  const trainStep = gd.minimize(loss);
  const xs = new tf.NDArray('float32', [4, 2], Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1));
  const ys = new tf.NDArray('float32', [4, 1], Float32Array.of(0, 1, 1, 0));
  const sess = new tf.Session();
  sess.run(tf.globalVariablesInitializer());
  const step = sess.makeCallable(trainStep, [x_, y_]);
  for (let i = 0; i < steps; i++) step(xs, ys);
  const [out, l] = sess.run([nnOutput, loss], [[x_, xs], [y_, ys]]);
  return { predictions: Array.from(out.data as Float32Array), loss: l.item() };
}

export function main(): void {
  const d = makeData();
  const lin = linearRegression(d);
  console.log('linear regression: train/test MSE per 10 epochs');
  for (let e = 0; e < lin.trainErrors.length; e += 10) console.log(`  epoch ${e}: train ${lin.trainErrors[e].toFixed(4)}  test ${lin.testErrors[e].toFixed(4)}`);
  const poly = polynomialRegression(d);
  console.log('polynomial regression (26 features, L2 + L1, decaying learning rate): train/test error per 10 epochs');
  for (let e = 0; e < poly.trainErrors.length; e += 10) console.log(`  epoch ${e}: train ${poly.trainErrors[e].toFixed(4)}  test ${poly.testErrors[e].toFixed(4)}  lr ${poly.learningRates[e].toFixed(5)}`);
  const x = xor();
  console.log(`XOR: predictions for [0,0] [0,1] [1,0] [1,1] = ${x.predictions.map(v => v.toFixed(3)).join(' ')} (loss ${x.loss.toFixed(4)})`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
