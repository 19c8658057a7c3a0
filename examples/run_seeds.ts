// Runs every seed port in order (the demo until the training issue lands).

import { main as seed000 } from './seeds/seed000_graphs.js';
import { main as seed001 } from './seeds/seed001_slides.js';
import { main as seed002 } from './seeds/seed002_basics.js';
import { main as seed003 } from './seeds/seed003_internals.js';
import { main as seed004 } from './seeds/seed004_intro.js';
import { main as improvedGraph } from './seeds/improved_graph.js';

const seeds: [string, () => void][] = [
  ['seed 000: graphs, sessions, variables, name scopes', seed000],
  ['seed 001: TensorFlow vs NumPy, sessions, variables, scopes', seed001],
  ['seed 002: tensors, operations, placeholders, devices', seed002],
  ['seed 003: internals — variables, fetches, feeds, graphs', seed003],
  ['seed 004: nodes, sessions, placeholders, initializers, tf.Print', seed004],
  ['seeds 000 and 003: the improved graph with summaries for TensorBoard', improvedGraph],
];
for (const [title, run] of seeds) {
  process.stdout.write(`\n=== ${title} ===\n`);
  run();
}
