// The demo (`npm run demo`): trains a small network on scikit-learn's 8x8 digits (1,797
// real images kept in data/digits.csv) with a progress bar, then prints the test accuracy
// and a few predictions. `--logdir DIR` writes summaries (scalars, weight histograms,
// images, the graph) for the board; `--seeds` runs the seed programs instead.

import * as tf from '../src/index.js';
import cliProgress from 'cli-progress';
import { loadDigits, seededRandom } from './data/datasets.js';

export interface DemoResult { testAccuracy: number; trainAccuracy: number; seconds: number; epochs: number }

export function trainDigits(opts: { epochs?: number; batchSize?: number; hidden?: number; seed?: number; progress?: boolean; logdir?: string } = {}): DemoResult & { predict: (images: Float32Array, n: number) => Int32Array; test: { images: Float32Array; labels: Int32Array; n: number } } {
  const epochs = opts.epochs ?? 40, batchSize = opts.batchSize ?? 32, hidden = opts.hidden ?? 64, seed = opts.seed ?? 1;
  const { images, labels, m } = loadDigits();
  // shuffle once, hold out 20% for testing
  const rand = seededRandom(seed);
  const order = Array.from({ length: m }, (_, i) => i);
  for (let i = m - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const nTest = Math.round(m * 0.2), nTrain = m - nTest;
  const take = (ids: number[]) => {
    const x = new Float32Array(ids.length * 64), y = new Int32Array(ids.length);
    ids.forEach((k, i) => { for (let p = 0; p < 64; p++) x[i * 64 + p] = images[k * 64 + p] / 16; y[i] = labels[k]; });
    return { x, y };
  };
  const train = take(order.slice(0, nTrain)), test = take(order.slice(nTrain));

  const g = new tf.Graph();
  const built = g.asDefault(() => {
    tf.setRandomSeed(seed);
    const x = tf.placeholder(tf.float32, [null, 64], { name: 'images' });
    const y = tf.placeholder(tf.int32, [null], { name: 'labels' });
    const dense = (input: tf.Tensor, nIn: number, nOut: number, name: string) => tf.variableScope(name, () => {
      const w = tf.getVariable('kernel', [nIn, nOut], { initializer: tf.glorotUniformInitializer() });
      const b = tf.getVariable('bias', [nOut], { initializer: tf.zerosInitializer() });
      return tf.nn.biasAdd(tf.matmul(input, w), b);
    });
    const h = tf.nn.relu(dense(x, 64, hidden, 'hidden'));
    const logits = dense(h, hidden, 10, 'logits');
    const loss = tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits }), { name: 'loss' });
    const predictions = tf.argMax(logits, 1, { outputType: tf.int32 });
    const accuracy = tf.reduceMean(tf.cast(tf.equal(predictions, y), tf.float32), { name: 'accuracy' });
    const trainOp = new tf.train.AdamOptimizer(0.01).minimize(loss);
    // for the board: per-epoch scalars, weight histograms, a few input images
    tf.summary.scalar('loss', loss);
    tf.summary.scalar('accuracy', accuracy);
    for (const v of tf.trainableVariables()) tf.summary.histogram(v.op.name, v);
    tf.summary.image('digits', tf.reshape(x, [-1, 8, 8, 1]), { maxOutputs: 3 });
    const summaries = tf.summary.mergeAll()!;
    return { x, y, loss, accuracy, predictions, trainOp, summaries, init: tf.globalVariablesInitializer() };
  });
  const writers = opts.logdir
    ? { train: new tf.summary.FileWriter(`${opts.logdir}/train`, g), test: new tf.summary.FileWriter(`${opts.logdir}/test`) }
    : null;
  g.finalize();
  const sess = new tf.Session({ graph: g });
  sess.run(built.init);
  const step = sess.makeCallable([built.trainOp, built.loss, built.accuracy], [built.x, built.y]);
  const bar = opts.progress === false ? null : new cliProgress.SingleBar({
    format: 'epoch {epoch}/{epochs} |{bar}| loss {loss}  accuracy {acc}  {speed} steps/s',
    hideCursor: true, clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  const batchesPerEpoch = Math.ceil(nTrain / batchSize);
  bar?.start(epochs * batchesPerEpoch, 0, { epoch: 1, epochs, loss: '-', acc: '-', speed: '-' });
  const t0 = process.hrtime.bigint();
  const idx = Array.from({ length: nTrain }, (_, i) => i);
  const xb = new Float32Array(batchSize * 64), yb = new Int32Array(batchSize);
  let steps = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = nTrain - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
    let lossSum = 0, accSum = 0, count = 0;
    for (let b = 0; b < nTrain; b += batchSize) {
      const n = Math.min(batchSize, nTrain - b);
      for (let i = 0; i < n; i++) { xb.set(train.x.subarray(idx[b + i] * 64, idx[b + i] * 64 + 64), i * 64); yb[i] = train.y[idx[b + i]]; }
      const [, l, a] = step(new tf.NDArray('float32', [n, 64], xb.subarray(0, n * 64)), new tf.NDArray('int32', [n], yb.subarray(0, n)));
      lossSum += l.item() * n; accSum += a.item() * n; count += n;
      steps++;
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      bar?.update(steps, { epoch: epoch + 1, epochs, loss: (lossSum / count).toFixed(4), acc: (accSum / count).toFixed(3), speed: (steps / secs).toFixed(0) });
    }
    if (writers) {
      const feed = (d: { x: Float32Array; y: Int32Array }): tf.FeedDict => [[built.x, new tf.NDArray('float32', [d.y.length, 64], d.x)], [built.y, new tf.NDArray('int32', [d.y.length], d.y)]];
      writers.train.addSummary(sess.run(built.summaries, feed(train)), epoch + 1);
      writers.test.addSummary(sess.run(built.summaries, feed(test)), epoch + 1);
    }
  }
  writers?.train.close();
  writers?.test.close();
  bar?.stop();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const evalAcc = (d: { x: Float32Array; y: Int32Array }) =>
    sess.run(built.accuracy, [[built.x, new tf.NDArray('float32', [d.y.length, 64], d.x)], [built.y, new tf.NDArray('int32', [d.y.length], d.y)]]).item();
  const predict = (imgs: Float32Array, n: number) => sess.run(built.predictions, [[built.x, new tf.NDArray('float32', [n, 64], imgs)]]).data as Int32Array;
  return { testAccuracy: evalAcc(test), trainAccuracy: evalAcc(train), seconds, epochs, predict, test: { images: test.x, labels: test.y, n: nTest } };
}

function ascii(img: Float32Array): string[] {
  const shades = ' .:-=+*#%@';
  return Array.from({ length: 8 }, (_, r) => Array.from(img.subarray(r * 8, r * 8 + 8), v => shades[Math.min(9, Math.floor(v * 9.99))].repeat(2)).join(''));
}

export async function main(): Promise<void> {
  if (process.argv.includes('--seeds')) { await import('./run_seeds.js'); return; }
  const i = process.argv.indexOf('--logdir');
  const logdir = i > 0 ? process.argv[i + 1] : undefined;
  console.log('Training a 64-64-10 ReLU network on 8x8 digits (1,437 train / 360 test images)...');
  const r = trainDigits({ logdir });
  console.log(`\ntest accuracy: ${(100 * r.testAccuracy).toFixed(1)}%  (train ${(100 * r.trainAccuracy).toFixed(1)}%, ${r.epochs} epochs in ${r.seconds.toFixed(1)} s)`);
  const show = 4;
  const pred = r.predict(r.test.images.subarray(0, show * 64), show);
  const pictures = Array.from({ length: show }, (_, i) => ascii(r.test.images.subarray(i * 64, i * 64 + 64)));
  console.log('\nsome test images:');
  for (let row = 0; row < 8; row++) console.log('  ' + pictures.map(p => p[row]).join('    '));
  console.log('  ' + Array.from({ length: show }, (_, i) => `pred ${pred[i]} / true ${r.test.labels[i]}`.padEnd(20)).join(''));
  if (logdir) console.log(`\nlogs written to ${logdir}; look at them with:  npx tensorgraph board --logdir ${logdir}`);
  else console.log('\n(run with --logdir DIR to write summaries for the board: npx tensorgraph board --logdir DIR)');
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
