// Plan-time optimizations (issue 4, item 4): how long building a plan takes for graphs of
// 1k, 10k and 50k ops with constant folding and CSE on and off, what the passes found, and
// what they save per run. Two graphs: a deep chain with constant subexpressions and
// duplicates, and a wide MLP training graph (tf.gradients + Adam).

import * as tf from '../src/index.js';
import { buildPlan, executePlan, type Plan, type OptimizerOptions } from '../src/client/plan.js';
import { SessionStateImpl } from '../src/client/state.js';
import { mlpStep } from './training.js';

export interface PlanningRow { name: string; value: number; unit: string; note?: string }

export interface BuiltGraph {
  graph: tf.Graph;
  fetches: tf.Tensor[];
  targets: tf.Operation[];
  feeds: tf.Tensor[];
  feedValues: tf.NDArray[];
  init?: tf.Operation;
}

/**
 * A chain of `units` blocks of 8 ops: each multiplies by two equal Consts (a duplicate for
 * CSE once the Consts are shared) and subtracts a sum of two Consts (folded).
 */
export function chainGraph(units: number): BuiltGraph {
  const graph = new tf.Graph();
  graph.captureCallSites = false;
  return graph.asDefault(() => {
    const x = tf.placeholder(tf.float32, [4], { name: 'x' });
    let y: tf.Tensor = x;
    for (let i = 0; i < units; i++) {
      const m1 = tf.multiply(y, tf.constant(0.5));
      const m2 = tf.multiply(y, tf.constant(0.5));
      const s = tf.add(tf.constant(1, tf.float32), tf.constant(2, tf.float32));
      y = tf.tanh(tf.subtract(tf.add(m1, m2), s));
    }
    return { graph, fetches: [y], targets: [], feeds: [x], feedValues: [new tf.NDArray('float32', [4], Float32Array.of(0.1, 0.2, 0.3, 0.4))] };
  });
}

/** A `layers`-deep ReLU MLP of width `width` on a batch of 4, trained by Adam; fetches [loss] and targets [train]. */
export function mlpGraph(layers: number, width = 8): BuiltGraph {
  const graph = new tf.Graph();
  graph.captureCallSites = false;
  return graph.asDefault(() => {
    tf.setRandomSeed(1);
    const x = tf.placeholder(tf.float32, [null, width], { name: 'x' });
    const y = tf.placeholder(tf.int32, [null], { name: 'y' });
    let h: tf.Tensor = x;
    for (let i = 0; i < layers; i++) {
      const w = tf.getVariable(`w${i}`, [width, width], { initializer: tf.glorotUniformInitializer() });
      const b = tf.getVariable(`b${i}`, [width], { initializer: tf.zerosInitializer() });
      h = tf.nn.relu(tf.add(tf.matmul(h, w), b));
    }
    const loss = tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits: h }));
    const train = new tf.train.AdamOptimizer(0.001).minimize(loss);
    const init = tf.globalVariablesInitializer();
    const batch = 4;
    const xs = new Float32Array(batch * width).map((_, i) => Math.sin(i));
    const ys = new Int32Array(batch).map((_, i) => i % width);
    return {
      graph, fetches: [loss], targets: [train], feeds: [x, y], init,
      feedValues: [new tf.NDArray('float32', [batch, width], xs), new tf.NDArray('int32', [batch], ys)],
    };
  });
}

const ON: OptimizerOptions = {};
const OFF: OptimizerOptions = { doConstantFolding: false, doCommonSubexpressionElimination: false };

/** Builds g's plan with the given options (in a fresh session state). */
export function planFor(g: BuiltGraph, opts: OptimizerOptions, state = new SessionStateImpl(g.graph, () => {})): Plan {
  return buildPlan(g.fetches, g.targets, g.feeds, {
    backend: 'reference', state, allowSoftPlacement: false, logDevicePlacement: false, log: () => {}, optimizerOptions: opts,
  });
}

function medianMs(reps: number, f: () => void): number {
  const xs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = process.hrtime.bigint();
    f();
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}

/** Medians of two timed functions, alternated; a full GC before each (when exposed) keeps one's garbage off the other's clock. */
function interleavedMs(reps: number, fa: () => void, fb: () => void): [number, number] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < reps; r++) {
    gc?.(); ta.push(medianMs(1, fa));
    gc?.(); tb.push(medianMs(1, fb));
  }
  const med = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
  return [med(ta), med(tb)];
}

/** Median µs per executePlan of two plans over `n` runs each, interleaved (machine load hits both alike). */
function runUsPair(a: Plan, b: Plan, feedValues: tf.NDArray[], n: number): [number, number] {
  for (let i = 0; i < Math.min(n, 50); i++) { executePlan(a, feedValues); executePlan(b, feedValues); }
  const ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < 7; r++) {
    ta.push(medianMs(1, () => { for (let i = 0; i < n; i++) executePlan(a, feedValues); }) * 1e3 / n);
    tb.push(medianMs(1, () => { for (let i = 0; i < n; i++) executePlan(b, feedValues); }) * 1e3 / n);
  }
  const med = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
  return [med(ta), med(tb)];
}

/** MLP depth giving about `ops` graph ops (a layer with Adam is ~ 60 ops). */
function mlpLayersFor(ops: number): number {
  const probe = mlpGraph(10), probeBig = mlpGraph(20);
  const per = (probeBig.graph.operations.length - probe.graph.operations.length) / 10;
  const fixed = probe.graph.operations.length - 10 * per;
  return Math.max(1, Math.round((ops - fixed) / per));
}

export function planningBench(sizes: readonly number[] = [1000, 10000, 50000]): PlanningRow[] {
  const rows: PlanningRow[] = [];
  const reps = (ops: number) => (ops >= 50000 ? 3 : ops >= 10000 ? 5 : 11);
  for (const ops of sizes) {
    const graphs: [string, BuiltGraph][] = [
      ['chain', chainGraph(Math.round(ops / 8))],
      ['MLP+Adam', mlpGraph(mlpLayersFor(ops))],
    ];
    for (const [kind, g] of graphs) {
      const n = g.graph.operations.length;
      const label = `${kind} ${n} ops`;
      planFor(g, ON); planFor(g, OFF); // warm-up (JIT)
      const [off, on] = interleavedMs(reps(ops), () => planFor(g, OFF), () => planFor(g, ON));
      const p = planFor(g, ON), q = planFor(g, OFF);
      const s = p.stats;
      rows.push({ name: `planning: ${label}, no optimization`, value: off, unit: 'ms', note: `${q.steps.length} steps` });
      rows.push({
        name: `planning: ${label}, folding + CSE`, value: on, unit: 'ms',
        note: `${s.steps} steps; ${s.folded} folded, ${s.constants} constants, ${s.deduplicated} shared, ${s.removed} removed; passes ${s.optimizeMs.toFixed(1)} ms${s.truncated.length ? `; truncated ${s.truncated.join(', ')}` : ''}`,
      });
      if (ops <= 10000) {
        const state = new SessionStateImpl(g.graph, () => {});
        if (g.init) executePlan(buildPlan([], [g.init], [], { backend: 'reference', state, allowSoftPlacement: false, logDevicePlacement: false, log: () => {} }), []);
        const pOn = planFor(g, ON, state), pOff = planFor(g, OFF, state);
        const runs = ops >= 10000 ? 20 : 200;
        const [uOff, uOn] = runUsPair(pOff, pOn, g.feedValues, runs);
        rows.push({ name: `run: ${label}, no optimization`, value: uOff, unit: 'µs/run' });
        rows.push({ name: `run: ${label}, folding + CSE`, value: uOn, unit: 'µs/run', note: `${(uOff / uOn).toFixed(2)}× faster` });
      }
    }
  }
  rows.push(...seedMlpRows());
  return rows;
}

/** Steps/s of bench/training.ts's 784-512-256-10 SGD step, optimizer on and off (interleaved). */
function seedMlpRows(): PlanningRow[] {
  const prev = process.env.TENSORGRAPH_OPTIMIZER;
  const on = mlpStep();
  process.env.TENSORGRAPH_OPTIMIZER = 'off';
  const off = mlpStep();
  for (let i = 0; i < 3; i++) off.step(); // plans are built on the first step
  if (prev === undefined) delete process.env.TENSORGRAPH_OPTIMIZER; else process.env.TENSORGRAPH_OPTIMIZER = prev;
  for (let i = 0; i < 3; i++) on.step();
  const rate = { on: [] as number[], off: [] as number[] };
  for (let r = 0; r < 6; r++) {
    for (const [k, m] of [['on', on], ['off', off]] as const) {
      const n = 10, t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) m.step();
      rate[k].push(n / (Number(process.hrtime.bigint() - t) / 1e9));
    }
  }
  on.close(); off.close();
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return [
    { name: 'run: MLP 784-512-256-10 SGD step (batch 128), no optimization', value: med(rate.off), unit: 'steps/s' },
    { name: 'run: MLP 784-512-256-10 SGD step (batch 128), folding + CSE', value: med(rate.on), unit: 'steps/s' },
  ];
}

// `node dist/bench/planning.js` prints the rows
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of planningBench()) console.log(`${r.name}: ${r.value.toFixed(r.value < 10 ? 3 : 1)} ${r.unit}${r.note ? `  (${r.note})` : ''}`);
}
