// Results are identical, bit for bit, with and without plan optimizations: on random
// graphs (constants, duplicates, feeds of intermediates, random ops, variables updated in
// the same run), on the seed programs, and on the training examples. Also: every op whose
// kernel touches session state is marked stateful, and planning stays fast.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import { registeredOpTypes, getOpDef } from '../../src/framework/op_def.js';
import { OP_SIGNATURES } from '../../src/io/op_signatures.js';
import { ON, OFF, planOf, sameBits, withOptimizerOff } from './plan_helpers.js';
import { chainGraph, mlpGraph, planFor } from '../../bench/planning.js';
import { train as seed001 } from '../../examples/seeds/seed001_linreg.js';
import { makeData, linearRegression, polynomialRegression, xor } from '../../examples/seeds/seed002_regression.js';
import { gradientDescent, minibatch, type Variant } from '../../examples/seeds/seed003_housing.js';

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random graph over float32 [3] values; returns what to fetch and feed. */
function randomGraph(seed: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const x = tf.placeholder(tf.float32, [3], { name: 'x' });
  const v = new tf.Variable(tf.constant([0.5, -1, 2], tf.float32), { name: 'v' });
  const constVals = [[1, 2, 3], [0.5, 0.5, 0.5], [-0, 0, 1], [1, 2, 3]];
  const pool: tf.Tensor[] = [x, v.value()];
  const made: tf.Tensor[] = [];
  const unary = [tf.tanh, tf.negative, tf.square, tf.abs, tf.sigmoid, tf.identity, tf.stopGradient] as ((t: tf.Tensor) => tf.Tensor)[];
  const binary = [tf.add, tf.subtract, tf.multiply, tf.maximum, tf.minimum, tf.squaredDifference, tf.div] as ((a: tf.Tensor, b: tf.Tensor) => tf.Tensor)[];
  let last: (() => tf.Tensor) | null = null;
  const makers: (() => tf.Tensor)[] = [];
  const n = 15 + Math.floor(rnd() * 25);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    let make: () => tf.Tensor;
    if (r < 0.15) { const c = pick(constVals); make = () => tf.constant(c, tf.float32); }
    else if (r < 0.2) { const k = Math.round(rnd() * 4) / 2; make = () => tf.add(pick(pool), tf.constant(k, tf.float32)); }
    else if (r < 0.45) { const f = pick(unary), a = pick(pool); make = () => f(a); }
    else if (r < 0.75) { const f = pick(binary), a = pick(pool), b = pick(pool); make = () => f(a, b); }
    else if (r < 0.82) { const a = pick(pool), b = pick(pool); make = () => tf.reduceSum(tf.reshape(tf.concat([a, b], 0), [2, 3]), 0); }
    else if (r < 0.87) { const a = pick(pool); make = () => tf.add(a, tf.reduceSum(a)); }
    else if (r < 0.91) { const s = 1 + Math.floor(rnd() * 2); make = () => tf.randomUniform([3], { seed: s }); }
    else if (r < 0.94) { const a = pick(pool); make = () => tf.multiply(tf.reshape(a, tf.shape(a)), 1); }
    else { make = last ?? (() => tf.constant([1, 1, 1], tf.float32)); } // a duplicate of the last op
    const t = make();
    last = make;
    makers.push(make);
    pool.push(t); made.push(t);
  }
  const fetches = Array.from({ length: 3 + Math.floor(rnd() * 3) }, () => pick(made));
  const feeds: [tf.Tensor, number[]][] = [[x, [0.25, -2, 3]]];
  // sometimes feed an intermediate (it must then never be treated as constant)
  if (rnd() < 0.4) {
    const t = pick(made);
    feeds.push([t, [7, 8, 9]]);
  }
  const update = rnd() < 0.5 ? v.assignAdd(pick(made)) : null;
  // the same ops again after the update: equal to the ones before only if v did not change
  if (update) tf.controlDependencies([update], () => { for (let i = 0; i < 3; i++) fetches.push(pick(makers)()); });
  return { v, fetches, feeds, update };
}

test('random graphs give identical results with and without optimization', () => {
  let optimized = 0;
  for (let seed = 1; seed <= 150; seed++) {
    tf.withGraph(g => {
      g.captureCallSites = false;
      tf.setRandomSeed(seed);
      const { v, fetches, feeds, update } = randomGraph(seed);
      const runs = (): tf.NDArray[][] => {
        const sess = new tf.Session();
        sess.run(v.initializer);
        const all = update ? [...fetches, update] : fetches;
        return [0, 1].map(() => sess.run(all, feeds).concat(sess.run(fetches, feeds)));
      };
      const on = runs(), off = withOptimizerOff(runs);
      on.forEach((r, k) => r.forEach((val, i) => assert.ok(sameBits(val, off[k][i]), `seed ${seed}, run ${k}, fetch ${i}: ${val} vs ${off[k][i]}`)));
      const p = planOf(g, fetches, ON, { feeds: feeds.map(f => f[0]) }).plan.stats;
      if (p.folded + p.deduplicated > 0) optimized++;
    });
  }
  assert.ok(optimized > 100, `the passes did something in ${optimized} of 150 graphs`);
});

// the seed programs print what TensorFlow prints with the optimizer on (test/examples.test.ts);
// here, the same with it off
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const expectedDir = path.join(root, 'examples/seeds/expected');
for (const f of readdirSync(expectedDir).filter(f => f.endsWith('.txt') && !f.endsWith('.stderr.txt'))) {
  const name = f.replace(/\.txt$/, '');
  test(`example ${name} prints the same with TENSORGRAPH_OPTIMIZER=off`, () => {
    const r = spawnSync(process.execPath, [path.join(root, 'dist/examples/seeds', `${name}.js`)], {
      encoding: 'utf8', env: { ...process.env, TENSORGRAPH_OPTIMIZER: 'off' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(path.join(expectedDir, f), 'utf8'));
    const errFile = path.join(expectedDir, `${name}.stderr.txt`);
    assert.equal(r.stderr, existsSync(errFile) ? readFileSync(errFile, 'utf8') : '');
  });
}

test('training examples learn exactly the same numbers with and without optimization', () => {
  const programs: [string, () => unknown][] = [
    ['seed001 Adam', () => seed001(60)],
    ['seed002 linear', () => linearRegression(makeData(), 5)],
    ['seed002 polynomial', () => polynomialRegression(makeData(), 5)],
    ['seed002 xor', () => xor(300)],
    ...(['manual', 'autodiff', 'gd-optimizer', 'momentum'] as Variant[]).map(v => [`seed003 ${v}`, () => gradientDescent(v, 20)] as [string, () => unknown]),
    ['seed003 minibatch', () => minibatch(2)],
  ];
  const flat = (x: unknown): unknown => JSON.stringify(x, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  for (const [name, run] of programs) assert.equal(flat(run()), flat(withOptimizerOff(run)), name);
});

test('every op whose kernel touches session state is stateful, as are those TensorFlow marks stateful', () => {
  const problems: string[] = [];
  for (const type of registeredOpTypes()) {
    const def = getOpDef(type)!;
    const src = def.kernel.toString();
    if (/\bstate\b/.test(src) && /ctx|context/.test(src) && !def.stateful) problems.push(`${type}: its kernel uses ctx.state`);
    if (def.refInputs?.length && !def.stateful) problems.push(`${type}: it has reference inputs`);
    const sig = OP_SIGNATURES[type];
    if (sig && (sig[3] ?? '').includes('s') && !def.stateful) problems.push(`${type}: TensorFlow marks it stateful`);
  }
  assert.deepEqual(problems, []);
  for (const t of ['VariableV2', 'Assign', 'AssignAdd', 'ApplyAdam', 'RandomUniform', 'Print', 'Placeholder', 'SaveV2', 'RestoreV2', 'NoOp']) {
    assert.ok(getOpDef(t)?.stateful, `${t} is stateful`);
  }
});

test('planning stays fast: passes within their budget, time linear in the graph', () => {
  const time = (g: ReturnType<typeof chainGraph>) => {
    planFor(g, ON);
    let best = Infinity;
    for (let i = 0; i < 3; i++) { const t = performance.now(); planFor(g, ON); best = Math.min(best, performance.now() - t); }
    return best;
  };
  const small = chainGraph(500), big = chainGraph(5000); // 4k and 40k ops
  const ts = time(small), tb = time(big);
  // each pass stops at 50 ms + 1 µs per step (90 ms here); what they did so far stays
  const stats = planFor(big, ON).stats;
  assert.ok(stats.optimizeMs < 2 * 90 + 100, `passes took ${stats.optimizeMs} ms`);
  assert.ok(tb < 30 * ts + 50, `4k ops: ${ts.toFixed(1)} ms, 40k ops: ${tb.toFixed(1)} ms (10× the ops)`);
  assert.ok(tb < 3000, `40k ops planned in ${tb.toFixed(0)} ms`);
  // a training graph: forward, tf.gradients and Adam
  const mlp = mlpGraph(50);
  const p = planFor(mlp, ON), q = planFor(mlp, OFF);
  assert.ok(p.stats.deduplicated > 0 && p.steps.length < q.steps.length, JSON.stringify(p.stats));
});
