// Seed 002, "Saving and loading graphs": train the linear regression y = k*x + b on
// sin(x) + noise, save the session's state with tf.train.Saver, then restore it in a new
// session through tf.train.getCheckpointState, as the seed does:
//
//   saver = tf.train.Saver()
//   saver.save(session, "checkpoint_dir/model.ckpt")
//   ckpt = tf.train.get_checkpoint_state(ckpt_dir)
//   if ckpt and ckpt.model_checkpoint_path:
//       saver.restore(session, ckpt.model_checkpoint_path)

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import { makeData } from '../seeds/seed002_regression.js';

const train = tf.train;

const col = (a: Float32Array) => new tf.NDArray('float32', [a.length, 1], a);

export interface SaveRestoreResult {
  savedPath: string;
  /** Test loss in the training session, right before saving. */
  lossBeforeSave: number;
  /** Test loss in a new session after restoring (equal to lossBeforeSave). */
  lossAfterRestore: number;
  /** What getCheckpointState returned for an empty directory (null). */
  emptyDirState: tf.train.CheckpointState | null;
  files: string[];
}

export function saveAndRestore(ckptDir: string, nEpochs = 100, log: (s: string) => void = () => {}): SaveRestoreResult {
  const d = makeData(0);
  tf.resetDefaultGraph();
  tf.setRandomSeed(1);
  const x_ = tf.placeholder(tf.float32, [null, 1], { name: 'input' });
  const y_ = tf.placeholder(tf.float32, [null, 1], { name: 'output' });
  const bias = new tf.Variable(tf.randomNormal([1]), { name: 'bias' });
  const k = new tf.Variable(tf.randomNormal([1]), { name: 'k' });
  const modelOutput = bias.add(k.mul(x_));
  const loss = tf.reduceMean(tf.pow(y_.sub(modelOutput), 2));
  const trainStep = new train.GradientDescentOptimizer(0.001).minimize(loss);
  const testFeed: tf.FeedDict = [[x_, col(d.xTest)], [y_, col(d.yTest)]];

  // All you need to do is create this object:
  const saver = new train.Saver();

  const session = new tf.Session();
  session.run(tf.globalVariablesInitializer());
  for (let i = 0; i < nEpochs; i++) session.run(trainStep, [[x_, col(d.xTrain)], [y_, col(d.yTrain)]]);
  const lossBeforeSave = session.run(loss, testFeed).item() as number;

  // The state of the current session is saved using the method save:
  fs.mkdirSync(ckptDir, { recursive: true });
  const savedPath = saver.save(session, path.join(ckptDir, 'model.ckpt'))!;
  log(`saved ${savedPath} (test loss ${lossBeforeSave.toFixed(4)})`);
  session.close();

  // Recovery is performed using the method restore (in a new session, no initializers run):
  const restored = new tf.Session();
  const ckpt = train.getCheckpointState(ckptDir);
  if (ckpt && ckpt.modelCheckpointPath) saver.restore(restored, ckpt.modelCheckpointPath);
  const lossAfterRestore = restored.run(loss, testFeed).item() as number;
  log(`restored ${ckpt?.modelCheckpointPath}: test loss ${lossAfterRestore.toFixed(4)}, k = ${restored.run(k).item()}, bias = ${restored.run(bias).item()}`);

  // (if there is no saved model in the target directory, the function returns null)
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-empty-'));
  const emptyDirState = train.getCheckpointState(empty);
  fs.rmSync(empty, { recursive: true, force: true });
  log(`getCheckpointState(<empty dir>) = ${emptyDirState}`);
  return { savedPath, lossBeforeSave, lossAfterRestore, emptyDirState, files: fs.readdirSync(ckptDir).sort() };
}

export function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-seed002-'));
  try {
    const r = saveAndRestore(path.join(dir, 'checkpoint_dir'), 100, s => console.log(s));
    console.log('files:', r.files.join(' '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
