// Seed 004's toy linear regression: 100,000 single-sample sess.run steps of gradient
// descent on y = m x + b, printing the loss of every step as the seed does (set
// PRINT_EVERY to print fewer), then the true and learned parameters.

import * as tf from '../../src/index.js';
import { seededRandom } from '../data/datasets.js';

export function train(steps = 100000, printEvery = Number(process.env.PRINT_EVERY ?? 1), seed = 1): { trueM: number; trueB: number; m: number; b: number; lastLoss: number; seconds: number } {
  tf.resetDefaultGraph();
  // build the graph: first the parameters
  const m = tf.getVariable('m', [], { initializer: tf.constantInitializer(0) });
  const b = tf.getVariable('b', [], { initializer: tf.constantInitializer(0) });
  const init = tf.globalVariablesInitializer();
  // then the computations
  const inputPlaceholder = tf.placeholder(tf.float32);
  const outputPlaceholder = tf.placeholder(tf.float32);
  const x = inputPlaceholder;
  const y = outputPlaceholder;
  const yGuess = m.mul(x).add(b);
  const loss = tf.square(y.sub(yGuess));
  // finally the optimizer and the minimization node
  const optimizer = new tf.train.GradientDescentOptimizer(1e-3);
  const trainOp = optimizer.minimize(loss);
  // start the session
  const sess = new tf.Session();
  sess.run(init);
  // the problem
  const random = seededRandom(seed);
  const trueM = random(), trueB = random();
  const t0 = process.hrtime.bigint();
  let lastLoss = NaN;
  for (let updateI = 0; updateI < steps; updateI++) {
    const inputData = random();
    const outputData = trueM * inputData + trueB;
    const [l] = sess.run([loss, trainOp], [[inputPlaceholder, inputData], [outputPlaceholder, outputData]]);
    lastLoss = l.item() as number;
    if (printEvery > 0 && (updateI % printEvery === 0 || updateI === steps - 1)) process.stdout.write(`${updateI} ${l.toString()}\n`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const [mv, bv] = sess.run([m, b]);
  return { trueM, trueB, m: mv.item() as number, b: bv.item() as number, lastLoss, seconds };
}

export function main(): void {
  const r = train();
  console.log(`True parameters: m=${r.trueM.toFixed(4)}, b=${r.trueB.toFixed(4)}`);
  console.log(`Learned parameters: m=${r.m.toFixed(4)}, b=${r.b.toFixed(4)}`);
  console.log(`(${r.seconds.toFixed(2)} s for 100,000 sess.run steps)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
