// CNN benchmarks (issue 4): a LeNet-5-like network on 28x28x1 inputs, batch 64 — conv 5x5x6
// SAME + ReLU + max pool 2x2, conv 5x5x16 VALID + ReLU + max pool 2x2, dense 120 ReLU, dense
// 84 ReLU, dense 10, sparse softmax cross-entropy, SGD. One training step (forward, gradients,
// update) and one inference batch (forward to the logits) per call. bench/peers/cnn.py builds
// the same network in TensorFlow (compat.v1 Session) and PyTorch.
//   node dist/bench/cnn.js      prints both results as JSON lines

import { fileURLToPath } from 'node:url';
import * as tf from '../src/index.js';

export interface CnnRow { name: string; value: number; unit: string }

export const CNN_BATCH = 64;

/** Builds the network in a fresh graph; returns train-step and inference functions over fixed data. */
export function lenet(batch = CNN_BATCH): { train: () => void; infer: () => void; close: () => void } {
  const g = new tf.Graph();
  const built = g.asDefault(() => {
    tf.setRandomSeed(0);
    const x = tf.placeholder(tf.float32, [null, 28, 28, 1], { name: 'x' });
    const y = tf.placeholder(tf.int32, [null], { name: 'y' });
    const conv = (h: tf.Tensor, name: string, shape: number[], padding: 'SAME' | 'VALID'): tf.Tensor => {
      const w = tf.getVariable(`${name}_w`, shape, { initializer: tf.glorotUniformInitializer() });
      const b = tf.getVariable(`${name}_b`, [shape[3]], { initializer: tf.zerosInitializer() });
      const a = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(h, w, 1, padding), b));
      return tf.nn.maxPool(a, 2, 2, 'VALID');
    };
    const dense = (h: tf.Tensor, name: string, n: number, m: number, relu: boolean): tf.Tensor => {
      const w = tf.getVariable(`${name}_w`, [n, m], { initializer: tf.glorotUniformInitializer() });
      const b = tf.getVariable(`${name}_b`, [m], { initializer: tf.zerosInitializer() });
      const z = tf.nn.biasAdd(tf.matmul(h, w), b);
      return relu ? tf.nn.relu(z) : z;
    };
    let h = conv(x, 'conv1', [5, 5, 1, 6], 'SAME');  // [?, 14, 14, 6]
    h = conv(h, 'conv2', [5, 5, 6, 16], 'VALID');    // [?, 5, 5, 16]
    h = tf.reshape(h, [-1, 400]);
    h = dense(h, 'fc1', 400, 120, true);
    h = dense(h, 'fc2', 120, 84, true);
    const logits = dense(h, 'fc3', 84, 10, false);
    const loss = tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits }));
    const train = new tf.train.GradientDescentOptimizer(0.01).minimize(loss);
    return { x, y, logits, loss, train, init: tf.globalVariablesInitializer() };
  });
  const sess = new tf.Session({ graph: g });
  sess.run(built.init);
  const xs = new Float32Array(batch * 784).map((_, i) => ((i * 7919) % 1000) / 1000);
  const ys = new Int32Array(batch).map((_, i) => i % 10);
  const xa = new tf.NDArray('float32', [batch, 28, 28, 1], xs), ya = new tf.NDArray('int32', [batch], ys);
  const trainRun = sess.makeCallable([built.train, built.loss], [built.x, built.y]);
  const inferRun = sess.makeCallable([built.logits], [built.x]);
  return { train: () => { trainRun(xa, ya); }, infer: () => { inferRun(xa); }, close: () => sess.close() };
}

/** Median rate (calls per second) of 7 repetitions of `n` calls, after `warm` warm-up calls. */
function rate(f: () => void, n: number, warm = 5): number {
  for (let i = 0; i < warm; i++) f();
  const reps: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    reps.push(n / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  reps.sort((a, b) => a - b);
  return reps[3];
}

export function cnnTrainStepsPerSecond(): CnnRow {
  const net = lenet();
  try {
    return { name: `LeNet-5 CNN SGD training step, batch ${CNN_BATCH}`, value: rate(net.train, 10), unit: 'steps/s' };
  } finally {
    net.close();
  }
}

export function cnnInferenceBatchesPerSecond(): CnnRow {
  const net = lenet();
  try {
    return { name: `LeNet-5 CNN inference, batch ${CNN_BATCH}`, value: rate(net.infer, 20), unit: 'batches/s' };
  } finally {
    net.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const which = process.argv[2];
  if (which !== 'infer') console.log(JSON.stringify(cnnTrainStepsPerSecond()));
  if (which !== 'train') console.log(JSON.stringify(cnnInferenceBatchesPerSecond()));
}
