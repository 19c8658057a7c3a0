// Seed 003's relu modules: a relu() helper called five times, then with a name scope, the
// shared threshold passed in, kept as a function attribute, and through variableScope /
// getVariable with reuse. Each returns the graph's variables and output for inspection.

import * as tf from '../../src/index.js';

const nFeatures = 3;

function relu1(X: tf.Tensor): tf.Tensor {
  const wShape = [X.getShape().dims![1]!, 1];
  const w = new tf.Variable(tf.randomNormal(wShape), { name: 'weights' });
  const b = new tf.Variable(0.0, { dtype: tf.float32, name: 'bias' });
  const linear = tf.add(tf.matmul(X, w), b, { name: 'linear' });
  return tf.maximum(linear, 0, { name: 'relu' });
}

function relu2(X: tf.Tensor): tf.Tensor {
  return tf.nameScope('relu', () => {
    const wShape = [X.getShape().dims![1]!, 1];
    const w = new tf.Variable(tf.randomNormal(wShape), { name: 'weights' });
    const b = new tf.Variable(0.0, { dtype: tf.float32, name: 'bias' });
    const linear = tf.add(tf.matmul(X, w), b, { name: 'linear' });
    return tf.maximum(linear, 0, { name: 'max' });
  });
}

function relu3(X: tf.Tensor, threshold: tf.Variable): tf.Tensor {
  return tf.nameScope('relu', () => {
    const wShape = [X.getShape().dims![1]!, 1];
    const w = new tf.Variable(tf.randomNormal(wShape), { name: 'weights' });
    const b = new tf.Variable(0.0, { dtype: tf.float32, name: 'bias' });
    const linear = tf.add(tf.matmul(X, w), b, { name: 'linear' });
    return tf.maximum(linear, threshold, { name: 'max' });
  });
}

/** The shared threshold kept as an attribute of the function, created on the first call. */
const relu4: ((X: tf.Tensor) => tf.Tensor) & { threshold?: tf.Variable } = (X: tf.Tensor) => tf.nameScope('relu', () => {
  relu4.threshold ??= new tf.Variable(0.0, { dtype: tf.float32, name: 'threshold' });
  const wShape = [X.getShape().dims![1]!, 1];
  const w = new tf.Variable(tf.randomNormal(wShape), { name: 'weights' });
  const b = new tf.Variable(0.0, { dtype: tf.float32, name: 'bias' });
  const linear = tf.add(tf.matmul(X, w), b, { name: 'linear' });
  return tf.maximum(linear, relu4.threshold, { name: 'max' });
});

function relu5(X: tf.Tensor): tf.Tensor {
  const threshold = tf.variableScope('relu', { reuse: true }, () => tf.getVariable('threshold'));
  const wShape = [X.getShape().dims![1]!, 1];
  const w = new tf.Variable(tf.randomNormal(wShape), { name: 'weights' });
  const b = new tf.Variable(0.0, { dtype: tf.float32, name: 'bias' });
  const linear = tf.add(tf.matmul(X, w), b, { name: 'linear' });
  return tf.maximum(linear, threshold, { name: 'max' });
}

/** Builds variant k (1..5) in a fresh default graph; returns the placeholder and output. */
export function build(k: 1 | 2 | 3 | 4 | 5): { X: tf.Tensor; output: tf.Tensor; graph: tf.Graph } {
  tf.resetDefaultGraph();
  const X = tf.placeholder(tf.float32, [null, nFeatures], { name: 'X' });
  let relus: tf.Tensor[];
  if (k === 1) relus = Array.from({ length: 5 }, () => relu1(X));
  else if (k === 2) relus = Array.from({ length: 5 }, () => relu2(X));
  else if (k === 3) {
    const threshold = new tf.Variable(0.0, { dtype: tf.float32, name: 'threshold' });
    relus = Array.from({ length: 5 }, () => relu3(X, threshold));
  } else if (k === 4) {
    delete relu4.threshold;
    relus = Array.from({ length: 5 }, () => relu4(X));
  } else {
    // create relu/threshold once; each relu() call reuses it (the seed's text lost its
    // indentation here; nesting the calls inside the scope would look up relu/relu/threshold)
    tf.variableScope('relu', () => tf.getVariable('threshold', [], { initializer: tf.constantInitializer(0.0) }));
    relus = Array.from({ length: 5 }, () => relu5(X));
  }
  const output = tf.addN(relus, { name: 'output' });
  return { X, output, graph: tf.getDefaultGraph() };
}

/** Builds the five variants; with a logdir, writes each graph for TensorBoard (logs/relu1..5). */
export function main(logdir = process.argv[2]): void {
  for (const k of [1, 2, 3, 4, 5] as const) {
    const { X, output, graph } = build(k);
    if (logdir) {
      const writer = new tf.summary.FileWriter(`${logdir}/relu${k}`, graph);
      writer.flush();
      writer.close();
    }
    const vars = tf.globalVariables().map(v => v.op.name);
    const y = tf.withSession(sess => {
      sess.run(tf.globalVariablesInitializer());
      return sess.run(output, [[X, [[1, 2, 3], [-1, -2, -3]]]]);
    });
    console.log(`relu${k}: ${graph.operations.length} ops, variables ${vars.join(' ')}`);
    console.log(`  output: ${String(output)} -> ${y.toString().replace(/\n/g, ' ')}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
