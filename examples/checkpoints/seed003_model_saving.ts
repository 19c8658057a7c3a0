// Seed 003, "TensorFlow: Model: Saving", with minibatch training: the linear regression on
// the (standardized) housing-style data trained by minibatch gradient descent through
// placeholders, saved every few epochs with the global step and at the end, then restored
// in a fresh graph from the .meta file alone (tf.train.import_meta_graph), as in:
//
//   saver = tf.train.Saver()
//   with tf.Session() as sess:
//       sess.run(init)
//       for epoch in range(n_epochs):
//           if epoch % 100 == 0:
//               save_path = saver.save(sess, "/tmp/my_model.ckpt")
//           sess.run(training_op)
//       best_theta = theta.eval()
//       save_path = saver.save(sess, TMP + "/my_model_final.ckpt")

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import { importMetaGraph } from '../../src/io/meta_graph.js';
import { loadDiabetes, standardize, withBias, seededRandom } from '../data/datasets.js';

const train = tf.train;

export interface ModelSavingResult {
  bestTheta: Float32Array;
  finalPath: string;
  /** Checkpoints still on disk (maxToKeep 3 deleted the older ones). */
  kept: string[];
  /** theta restored in a fresh graph from my_model_final.ckpt.meta + the checkpoint. */
  restoredTheta: Float32Array;
  /** The MSE the restored graph computes on the whole data set. */
  restoredMse: number;
  mse: number;
}

export function trainAndSave(tmp: string, nEpochs = 50, batchSize = 100, learningRate = 0.01, log: (s: string) => void = () => {}): ModelSavingResult {
  const housing = loadDiabetes();
  const { m, n } = housing;
  const data = Float32Array.from(withBias(standardize(housing.data, m, n), m, n));
  const target = Float32Array.from(housing.target);
  const allFeed = (X: tf.Tensor | string, y: tf.Tensor | string): tf.FeedDict => [
    [X, new tf.NDArray('float32', [m, n + 1], data)], [y, new tf.NDArray('float32', [m, 1], target)],
  ];

  tf.resetDefaultGraph();
  const X = tf.placeholder(tf.float32, [null, n + 1], { name: 'X' });
  const y = tf.placeholder(tf.float32, [null, 1], { name: 'y' });
  const theta = new tf.Variable(tf.randomUniform([n + 1, 1], -1.0, 1.0, { seed: 42 }), { name: 'theta' });
  const yPred = tf.matmul(X, theta, { name: 'predictions' });
  const error = yPred.sub(y);
  const mse = tf.reduceMean(tf.square(error), { name: 'mse' });
  const globalStep = train.getOrCreateGlobalStep();
  const trainingOp = new train.GradientDescentOptimizer(learningRate).minimize(mse, { globalStep });
  const init = tf.globalVariablesInitializer();
  const saver = new train.Saver(null, { maxToKeep: 3 });

  const nBatches = Math.ceil(m / batchSize);
  const fetchBatch = (epoch: number, batchIndex: number) => {
    const rnd = seededRandom(epoch * nBatches + batchIndex);
    const xb = new Float32Array(batchSize * (n + 1)), yb = new Float32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      const k = Math.floor(rnd() * m);
      xb.set(data.subarray(k * (n + 1), (k + 1) * (n + 1)), i * (n + 1));
      yb[i] = target[k];
    }
    return [new tf.NDArray('float32', [batchSize, n + 1], xb), new tf.NDArray('float32', [batchSize, 1], yb)] as const;
  };

  const sess = new tf.Session();
  sess.run(init);
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    if (epoch % 10 === 0) {
      const p = saver.save(sess, path.join(tmp, 'my_model.ckpt'), { globalStep });
      log(`Epoch ${epoch} MSE = ${sess.run(mse, allFeed(X, y)).item()} (saved ${path.basename(p!)})`);
    }
    for (let batchIndex = 0; batchIndex < nBatches; batchIndex++) {
      const [xb, yb] = fetchBatch(epoch, batchIndex);
      sess.run(trainingOp, [[X, xb], [y, yb]]);
    }
  }
  const bestTheta = sess.run(theta).data as Float32Array;
  const finalMse = sess.run(mse, allFeed(X, y)).item() as number;
  const finalPath = saver.save(sess, path.join(tmp, 'my_model_final.ckpt'))!;
  sess.close();
  log(`saved ${finalPath}; MSE ${finalMse}`);

  // A fresh graph, no model code: the .meta rebuilds the graph, the checkpoint the values.
  tf.resetDefaultGraph();
  const imported = importMetaGraph(`${finalPath}.meta`);
  const restoreSaver = train.Saver.fromProto(imported.saverDef!);
  const s2 = new tf.Session();
  restoreSaver.restore(s2, finalPath);
  const g = tf.getDefaultGraph();
  const restoredTheta = s2.run(g.getTensorByName('theta:0')).data as Float32Array;
  const restoredMse = s2.run(g.getTensorByName('mse:0'), allFeed('X:0', 'y:0')).item() as number;
  log(`restored from ${path.basename(finalPath)}.meta: MSE ${restoredMse}`);
  const kept = fs.readdirSync(tmp).filter(f => f.endsWith('.index')).map(f => f.slice(0, -'.index'.length)).sort();
  return { bestTheta, finalPath, kept, restoredTheta, restoredMse, mse: finalMse };
}

export function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-seed003-'));
  try {
    const r = trainAndSave(tmp, 50, 100, 0.01, s => console.log(s));
    console.log('Best theta:', Array.from(r.bestTheta, v => v.toFixed(3)).join(' '));
    console.log('checkpoints kept:', r.kept.join(' '));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
