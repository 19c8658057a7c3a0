// The seeds' "improved graph" (seed 003, and seed 000 with TF 0.x names): variables,
// transformation and update name scopes, scalar summaries of the output, the running total
// and the average, all merged in global_ops; run_graph() over several inputs writing each
// step's summaries with a FileWriter; then the event file read back as TensorBoard sees it.
// Seed 003's run_graph forgets to pass feed_dict to sess.run; here it is passed, as in
// seed 000 and the book both seeds follow.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import { print, str } from './py.js';

const INPUTS = [[2, 8], [3, 1, 3, 3], [8], [1, 2, 3], [11, 4], [4, 1], [7, 3, 1], [6, 3], [0, 2], [4, 5, 6]];

/** Python's repr() of a float. */
const pyFloat = (v: number): string => (Number.isInteger(v) ? v.toFixed(1) : String(v));

function improvedGraph(legacy: boolean): void {
  // Explicitly create a Graph object
  const graph = new tf.Graph();
  const built = graph.asDefault(() => {
    const [globalStep, totalOutput] = tf.nameScope('variables', () => [
      // Variable to keep track of how many times the graph has been run
      new tf.Variable(0, { dtype: tf.int32, name: 'global_step' }),
      // Variable that keeps track of the sum of all output values over time
      new tf.Variable(0.0, { dtype: tf.float32, name: 'total_output' }),
    ]);
    // Primary transformation operations
    const [a, output] = tf.nameScope('transformation', () => {
      // Separate input layer: takes in a vector
      const a = tf.nameScope('input', () => tf.placeholder(tf.float32, [null], { name: 'input_placeholder_a' }));
      // Separate middle layer
      const [b, c] = tf.nameScope('intermediate_layer', () => [
        tf.reduceProd(a, { name: 'product_b' }),
        tf.reduceSum(a, { name: 'sum_c' }),
      ]);
      // Separate output layer
      return [a, tf.nameScope('output', () => tf.add(b, c, { name: 'output' }))];
    });
    const [updateTotal, incrementStep] = tf.nameScope('update', () => [
      // Increments the total_output Variable by the latest output
      totalOutput.assignAdd(output),
      // Increments the global_step Variable; run whenever the graph is run
      globalStep.assignAdd(1),
    ]);
    // Summary operations
    tf.nameScope('summaries', () => {
      const avg = tf.div(updateTotal, tf.cast(incrementStep, tf.float32), { name: 'average' });
      if (legacy) {
        tf.scalarSummary('Output', output, { name: 'output_summary' });
        tf.scalarSummary('Sum of outputs over time', updateTotal, { name: 'total_summary' });
        tf.scalarSummary('Average of outputs over time', avg, { name: 'average_summary' });
      } else {
        tf.summary.scalar('output_summary', output);
        tf.summary.scalar('total_summary', updateTotal);
        tf.summary.scalar('average_summary', avg);
      }
    });
    // Global variables and operations
    const [init, mergedSummaries] = tf.nameScope('global_ops', () => [
      tf.globalVariablesInitializer(),
      (legacy ? tf.mergeAllSummaries() : tf.summary.mergeAll())!,
    ]);
    return { a, output, incrementStep, init, mergedSummaries };
  });
  const { a, output, incrementStep, init, mergedSummaries } = built;
  print(mergedSummaries);

  // Start a Session, using the explicitly created Graph, and open a FileWriter
  const logdir = mkdtempSync(path.join(tmpdir(), 'improved_graph-'));
  const sess = new tf.Session(graph);
  const writer = new tf.summary.FileWriter(logdir, graph);
  sess.run(init);

  // Runs the graph with the given input tensor and saves summaries
  const runGraph = (inputTensor: number[]): void => {
    const [out, step, summ] = sess.run([output, incrementStep, mergedSummaries], [[a, inputTensor]]);
    writer.addSummary(summ, step);
    print(`run_graph(${str(inputTensor).replace(/,(?=\S)/g, ', ')}): output = ${str(out)}, step = ${str(step)}`);
  };
  for (const input of INPUTS) runGraph(input);

  // Write the summaries to disk, close the FileWriter and the session
  writer.flush();
  writer.close();
  sess.close();

  // What TensorBoard reads (tensorboard --logdir=<logdir>)
  const [file] = readdirSync(logdir).filter(f => f.startsWith('events.out.tfevents.'));
  for (const e of tf.summary.summaryIterator(path.join(logdir, file))) {
    if (e.what === 'graph_def') {
      print(`graph: ${tf.io.parseGraphDef(e.graph_def!).node?.length} nodes`);
    } else if (e.what === 'summary') {
      print(`step ${e.step}: ${e.summary!.value!.map(v => `${v.tag} = ${pyFloat(v.simple_value ?? 0)}`).join(', ')}`);
    }
  }
  rmSync(logdir, { recursive: true });
}

export function main(): void {
  print('=== seed 003: tf.summary.scalar, tf.summary.merge_all, tf.summary.FileWriter ===');
  improvedGraph(false);
  print('=== seed 000: tf.scalar_summary, tf.merge_all_summaries, tf.train.SummaryWriter ===');
  improvedGraph(true);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
