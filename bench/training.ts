// Training benchmarks (issue 3): seed 004's 100,000-step loop, and one SGD step of a
// 784-512-256-10 ReLU network with softmax cross-entropy on a batch of 128.

import * as tf from '../src/index.js';
import { train as seed004 } from '../examples/seeds/seed004_linreg.js';

export interface TrainingRow { name: string; value: number; unit: string }

export function seed004Loop(): TrainingRow {
  const r = seed004(100000, 0);
  return { name: "seed 004: 100,000 single-sample sess.run training steps", value: r.seconds, unit: 's' };
}

/** Builds the MLP in a fresh graph and returns a step function over fixed random data. */
export function mlpStep(batch = 128): { step: () => void; close: () => void; stats: () => tf.Session['stats'] } {
  const g = new tf.Graph();
  const built = g.asDefault(() => {
    tf.setRandomSeed(0);
    const x = tf.placeholder(tf.float32, [null, 784], { name: 'x' });
    const y = tf.placeholder(tf.int32, [null], { name: 'y' });
    let h: tf.Tensor = x;
    const sizes = [784, 512, 256, 10];
    for (let i = 0; i < 3; i++) {
      const w = tf.getVariable(`w${i}`, [sizes[i], sizes[i + 1]], { initializer: tf.glorotUniformInitializer() });
      const b = tf.getVariable(`b${i}`, [sizes[i + 1]], { initializer: tf.zerosInitializer() });
      h = tf.nn.biasAdd(tf.matmul(h, w), b);
      if (i < 2) h = tf.nn.relu(h);
    }
    const loss = tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits: h }));
    const train = new tf.train.GradientDescentOptimizer(0.01).minimize(loss);
    return { x, y, loss, train, init: tf.globalVariablesInitializer() };
  });
  const sess = new tf.Session({ graph: g });
  sess.run(built.init);
  const xs = new Float32Array(batch * 784).map((_, i) => ((i * 7919) % 1000) / 1000);
  const ys = new Int32Array(batch).map((_, i) => i % 10);
  const run = sess.makeCallable([built.train, built.loss], [built.x, built.y]);
  const xa = new tf.NDArray('float32', [batch, 784], xs), ya = new tf.NDArray('int32', [batch], ys);
  return { step: () => { run(xa, ya); }, close: () => sess.close(), stats: () => sess.stats };
}

export function mlpStepsPerSecond(): TrainingRow {
  const { step, close } = mlpStep();
  for (let i = 0; i < 5; i++) step();
  const reps: number[] = [];
  for (let r = 0; r < 5; r++) {
    const n = 20, t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) step();
    reps.push(n / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  close();
  reps.sort((a, b) => a - b);
  return { name: 'MLP 784-512-256-10 SGD training step, batch 128', value: reps[2], unit: 'steps/s' };
}
