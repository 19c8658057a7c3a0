// The elementwise-fusion pass, with a fuser of the test's own that interprets programs through
// the reference kernels (so what is checked is the pass: which steps merge, that programs
// compute the unfused values, and that errors and state stay the unfused ones). The native
// fuser's programs are checked against its unfused kernels in test/native.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { registerElementwiseFuser, type FusedProgram } from '../../src/client/optimize/fusion.js';
import { getOpDef } from '../../src/framework/op_def.js';
import type { NDArray } from '../../src/framework/ndarray.js';
import { planOf, ON, sameBits } from './plan_helpers.js';

const BACKEND = 'fusion-test';
const programs: FusedProgram[] = [];
let runs = 0;
let refuse = false;
registerElementwiseFuser(BACKEND, {
  ops: new Set(['AddV2', 'Add', 'Sub', 'Mul', 'Relu', 'Tanh', 'Neg', 'Square']),
  compile: p => { programs.push(p); return p; },
  run: (c, inputs, ctx) => {
    runs++;
    if (refuse) throw new Error('refused');
    const p = c as FusedProgram;
    const vals: NDArray[] = [...inputs];
    for (const node of p.nodes) vals.push(getOpDef(node.op)!.kernel(node.args.map(a => vals[a]), {}, ctx) as NDArray);
    return vals[vals.length - 1];
  },
});

const f32 = (shape: number[], f: (i: number) => number) => new tf.NDArray('float32', shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)));

function runBoth(g: tf.Graph, fetches: tf.Tensor[], feeds: tf.Tensor[], vals: tf.NDArray[]) {
  const fusedRun = planOf(g, fetches, ON, { feeds, backend: BACKEND });
  const plain = planOf(g, fetches, { fuseElementwise: false }, { feeds, backend: BACKEND });
  return { fused: fusedRun, got: fusedRun.run(vals), want: plain.run(vals) };
}

test('a chain of elementwise ops becomes one step computing the same values', () => {
  const g = new tf.Graph();
  const { x, b, y } = g.asDefault(() => {
    const x = tf.placeholder(tf.float32, [null, 5], { name: 'x' });
    const b = tf.placeholder(tf.float32, [5], { name: 'b' });
    const h = tf.nn.relu(tf.nn.biasAdd(tf.tanh(x), b));
    const y = tf.neg(tf.square(tf.multiply(h, h)));  // h read twice by one step
    return { x, b, y };
  });
  programs.length = 0;
  const r = runBoth(g, [y], [x, b], [f32([3, 5], i => i / 7 - 1), f32([5], i => 0.1 * i - 0.2)]);
  assert.ok(sameBits(r.got[0], r.want[0]));
  assert.equal(r.fused.plan.steps.length, 1, r.fused.plan.steps.map(s => s.op.type).join());
  assert.equal(r.fused.plan.stats.fused, 5);
  const p = programs.at(-1)!;
  assert.equal(p.nInputs, 2);
  assert.deepEqual(p.nodes.map(n => n.op), ['Tanh', 'AddV2', 'Relu', 'Mul', 'Square', 'Neg']);
  assert.deepEqual(p.nodes[3].args, [4, 4], 'Mul reads Relu (node 2 after 2 inputs) twice');
});

test('values read elsewhere, fetched, or of other dtypes are not fused away', () => {
  const g = new tf.Graph();
  const { x, t, u, y, z } = g.asDefault(() => {
    const x = tf.placeholder(tf.float32, [4], { name: 'x' });
    const t = tf.tanh(x, { name: 't' });            // fetched
    const u = tf.nn.relu(tf.neg(x), { name: 'u' });     // read by two steps
    const y = tf.add(tf.square(t), u, { name: 'y' });
    const z = tf.multiply(u, tf.cast(tf.cast(x, tf.int32), tf.float32), { name: 'z' });
    return { x, t, u, y, z };
  });
  const r = runBoth(g, [t, y, z], [x], [f32([4], i => i - 1.5)]);
  for (let i = 0; i < 3; i++) assert.ok(sameBits(r.got[i], r.want[i]));
  const names = r.fused.plan.steps.map(s => s.op.name);
  assert.ok(names.includes('t') && names.includes('u'), names.join());
  assert.ok(!names.includes('Square'), 'Square (one reader) merged into y');
  assert.ok(!names.includes('Neg'), 'Neg merged into u');
  void u;
});

test('a refused program replays the unfused kernels: their errors, their node names', () => {
  const g = new tf.Graph();
  const { a, c, y } = g.asDefault(() => {
    const a = tf.placeholder(tf.float32, null, { name: 'a' });
    const c = tf.placeholder(tf.float32, null, { name: 'c' });
    const y = tf.nn.relu(tf.add(tf.tanh(a), c, { name: 'sum' }), { name: 'out' });
    return { a, c, y };
  });
  const sess = new tf.Session({ graph: g, backend: BACKEND });
  refuse = true;
  try {
    assert.deepEqual([...sess.run(y, [[a, [0, 1]], [c, [1, -5]]]).data], [1, 0]);
    assert.throws(() => sess.run(y, [[a, [0, 1, 2]], [c, [1, 2]]]), (e: Error) => /Incompatible shapes/.test(e.message) && /sum|out/.test(String((e as { node?: unknown }).node ?? e.message)));
  } finally {
    refuse = false;
    sess.close();
  }
});

test('a producer is not moved past a step that writes a variable', () => {
  const g = new tf.Graph();
  const { v, y } = g.asDefault(() => {
    const v = new tf.Variable(tf.constant([1, 2], tf.float32), { name: 'v' });
    const n = tf.neg(v, { name: 'n' });  // runs before the update below
    const upd = tf.assignAdd(v, tf.constant([10, 10], tf.float32));
    const w = tf.controlDependencies([upd], () => tf.identity(tf.constant([5, 5], tf.float32)));
    const y = tf.nn.relu(tf.add(n, w), { name: 'y' });  // Add could absorb n, but not across the update
    return { v, y };
  });
  const sess = new tf.Session({ graph: g, backend: BACKEND });
  sess.run(v.initializer);
  const plain = new tf.Session({ graph: g, backend: 'reference' });
  plain.run(v.initializer);
  const want = plain.run(y);
  assert.deepEqual([...want.data], [4, 3], 'the values before the update (-1 + 5, -2 + 5)');
  assert.deepEqual([...sess.run(y).data], [...want.data]);
  sess.close(); plain.close();
});

test('fusion can be turned off, and other backends without a fuser are untouched', () => {
  const g = new tf.Graph();
  const { x, y } = g.asDefault(() => {
    const x = tf.placeholder(tf.float32, [3], { name: 'x' });
    return { x, y: tf.nn.relu(tf.neg(x)) };
  });
  assert.equal(planOf(g, [y], { fuseElementwise: false }, { feeds: [x], backend: BACKEND }).plan.stats.fused, 0);
  assert.equal(planOf(g, [y], ON, { feeds: [x], backend: 'reference' }).plan.stats.fused, 0);
  const before = runs;
  assert.deepEqual([...planOf(g, [y], ON, { feeds: [x], backend: BACKEND }).run([f32([3], i => i - 1)])[0].data], [1, 0, 0]);
  assert.equal(runs, before + 1);
});
