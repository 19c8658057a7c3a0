// Plan-time optimizations: constant folding, common-subexpression elimination and dead-step
// removal happen, never change results, leave stateful ops alone, keep run-time errors
// where they were, and leave the user's graph untouched.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { ON, OFF, planOf, sameBits, countingBackend, withOptimizerOff } from './plan_helpers.js';

const counts = countingBackend('counting-plan-test', ['Mul', 'Add', 'AddV2', 'MatMul', 'RandomUniform', 'Tanh']);
const reset = () => { for (const k of counts.keys()) counts.set(k, 0); };
const f32 = (...xs: number[]) => new tf.NDArray('float32', [xs.length], Float32Array.from(xs));

test('constant subexpressions are evaluated once, while planning', () => {
  tf.withGraph(g => {
    const x = tf.placeholder(tf.float32, [2], { name: 'x' });
    const c = tf.multiply(tf.constant([2, 3], tf.float32), tf.constant(4, tf.float32), { name: 'c' });
    const y = tf.multiply(x, c, { name: 'y' });
    reset();
    const sess = new tf.Session({ backend: 'counting-plan-test' });
    for (let i = 0; i < 5; i++) assert.deepEqual([...sess.run(y, [[x, [1, 2]]]).data], [8, 24]);
    assert.equal(counts.get('Mul'), 1 + 5, 'c folded once; y runs every time');
    const p = planOf(g, [y], ON, { feeds: [x] });
    assert.equal(p.plan.stats.folded, 1);
    assert.equal(p.plan.steps.length, 1);
    assert.deepEqual(p.plan.steps.map(s => s.op.name), ['y']);
    const q = planOf(g, [y], OFF, { feeds: [x] });
    assert.equal(q.plan.stats.folded, 0);
    assert.deepEqual(q.plan.steps.map(s => s.op.type).sort(), ['Const', 'Const', 'Mul', 'Mul', ]);
  });
});

test('folded chains: only the values still read are kept as constants', () => {
  tf.withGraph(g => {
    const x = tf.placeholder(tf.float32, [], { name: 'x' });
    let c: tf.Tensor = tf.constant(1, tf.float32);
    for (let i = 0; i < 10; i++) c = tf.tanh(tf.add(c, tf.constant(0.5, tf.float32)));
    const y = tf.add(x, c);
    const p = planOf(g, [y], ON, { feeds: [x] });
    assert.equal(p.plan.stats.folded, 20);
    assert.equal(p.plan.constValues.length, 1, 'only the last folded value is read');
    assert.equal(p.plan.steps.length, 1);
    const q = planOf(g, [y], OFF, { feeds: [x] });
    assert.ok(sameBits(p.run([f32(0.25).reshape([])])[0], q.run([f32(0.25).reshape([])])[0]));
  });
});

test('common subexpressions run once; equal Consts are shared first', () => {
  tf.withGraph(g => {
    const x = tf.placeholder(tf.float32, [2, 2], { name: 'x' });
    const a = tf.matmul(x, tf.constant([[1, 2], [3, 4]], tf.float32));
    const b = tf.matmul(x, tf.constant([[1, 2], [3, 4]], tf.float32)); // equal Const, another op
    const c = tf.matmul(x, tf.constant([[1, 2], [3, 4]], tf.float32), { transposeB: true }); // other attrs
    const y = tf.add(tf.add(a, b), c);
    reset();
    const sess = new tf.Session({ backend: 'counting-plan-test' });
    const xv = [[1, 0], [0, 1]];
    const r = sess.run(y, [[x, xv]]);
    assert.deepEqual([...r.data], [3, 7, 8, 12]);
    assert.equal(counts.get('MatMul'), 2, 'a and b are one MatMul; c differs in transposeB');
    const p = planOf(g, [y], ON, { feeds: [x] });
    assert.equal(p.plan.stats.deduplicated, 3, 'two Consts and one MatMul');
    assert.equal(p.plan.constValues.length, 1);
  });
});

test('Consts are shared only when dtype, shape and every bit agree', () => {
  tf.withGraph(g => {
    const x = tf.placeholder(tf.float32, [2], { name: 'x' });
    const variants = [
      tf.constant([0, 1], tf.float32), tf.constant([-0, 1], tf.float32), tf.constant([0, 2], tf.float32),
      tf.constant([[0, 1]], tf.float32), tf.constant([NaN, 1], tf.float32), tf.constant([NaN, 1], tf.float32),
    ];
    const outs = variants.map(v => tf.multiply(x, tf.reshape(v, [2])));
    const p = planOf(g, outs, ON, { feeds: [x] }), q = planOf(g, outs, OFF, { feeds: [x] });
    const rp = p.run([f32(-1, 3)]), rq = q.run([f32(-1, 3)]);
    rp.forEach((v, i) => assert.ok(sameBits(v, rq[i]), `output ${i}`));
    assert.ok(Object.is(rp[0].data[0], -0) && Object.is(rp[1].data[0], 0), '0 and -0 stay apart');
    // the [0,1] and [[0,1]] Consts differ in shape, but their reshapes to [2] are folded values that agree
    assert.equal(p.plan.stats.constants, 4, '[0,1] (twice, via reshape), [-0,1], [0,2], [NaN,1] (twice)');
  });
});

test('big constant arrays: hashed by sampling, compared in full', () => {
  tf.withGraph(g => {
    const n = 100_000;
    const base = new Float32Array(n).map((_, i) => i % 97);
    const other = base.slice(); other[n / 2 + 1] = -1; // differs off the sampled positions
    const x = tf.placeholder(tf.float32, [n], { name: 'x' });
    const a = tf.add(x, tf.constant(new tf.NDArray('float32', [n], base)));
    const b = tf.add(x, tf.constant(new tf.NDArray('float32', [n], base.slice())));
    const c = tf.add(x, tf.constant(new tf.NDArray('float32', [n], other)));
    const p = planOf(g, [a, b, c], ON, { feeds: [x] });
    assert.equal(p.plan.stats.deduplicated, 2, 'the two equal Consts, then a and b');
    const [ra, rb, rc] = p.run([new tf.NDArray('float32', [n], new Float32Array(n))]);
    assert.ok(sameBits(ra, rb));
    assert.equal(rc.data[n / 2 + 1], -1);
  });
});

test('stateful ops are never folded or shared: random ops with equal seeds stay two', () => {
  tf.withGraph(g => {
    const r1 = tf.randomUniform([3], { seed: 7 });
    const r2 = tf.randomUniform([3], { seed: 7 });
    assert.equal(r1.op.attrs.seed, r2.op.attrs.seed);
    assert.equal(r1.op.attrs.seed2, r2.op.attrs.seed2);
    const p = planOf(g, [r1, r2], ON);
    assert.equal(p.plan.stats.deduplicated, 1, 'only their equal shape Consts');
    assert.equal(p.plan.steps.filter(s => s.op.type === 'RandomUniform').length, 2);
    reset();
    new tf.Session({ backend: 'counting-plan-test' }).run([r1, r2]);
    assert.equal(counts.get('RandomUniform'), 2);
    // each op has its own generator: after one joint run, r2 alone gives its second sample
    const sess = new tf.Session();
    const [a1, a2] = sess.run([r1, r2]);
    assert.ok(sameBits(a1, a2));
    const second = sess.run(r2);
    assert.ok(!sameBits(second, a2));
    const ref = withOptimizerOff(() => { const s = new tf.Session(); s.run([r1, r2]); return s.run(r2); });
    assert.ok(sameBits(second, ref));
  });
});

test('Print of a constant stays, and prints every run', () => {
  tf.withGraph(g => {
    const c = tf.add(tf.constant(1), tf.constant(2));
    const p0 = tf.Print(c, [c], { message: 'value: ' });
    const y = tf.multiply(p0, 2);
    const p = planOf(g, [y], ON);
    assert.deepEqual(p.plan.steps.map(s => s.op.type), ['Print', 'Mul']);
    p.run(); p.run();
    assert.deepEqual(p.logs, ['value: [3]', 'value: [3]']);
    assert.equal(p.run()[0].item(), 6);
  });
});

test('Assign of a constant stays; identical assignAdds both run', () => {
  tf.withGraph(g => {
    const v = new tf.Variable(tf.constant(0, tf.float32), { name: 'v' });
    const inc1 = tf.assignAdd(v, tf.add(tf.constant(1, tf.float32), tf.constant(1, tf.float32)));
    const inc2 = tf.assignAdd(v, tf.add(tf.constant(1, tf.float32), tf.constant(1, tf.float32)));
    const both = tf.group([inc1, inc2]);
    const sess = new tf.Session();
    sess.run(v.initializer);
    sess.run(both);
    sess.run(both);
    assert.equal(sess.run(v).item(), 8);
    const p = planOf(g, [], ON, { targets: [both] });
    assert.equal(p.plan.steps.filter(s => s.op.type === 'AssignAdd').length, 2);
  });
});

test('values read before and after a variable update are not merged', () => {
  tf.withGraph(() => {
    const v = new tf.Variable(tf.constant([1, 2], tf.float32), { name: 'v' });
    const before = tf.multiply(v, 2, { name: 'before' });
    const upd = tf.assign(v, tf.constant([10, 20], tf.float32));
    const after = tf.controlDependencies([upd], () => tf.multiply(v, 2, { name: 'after' }));
    const run = () => { const s = new tf.Session(); s.run(v.initializer); return s.run([before, after]); };
    const on = run(), off = withOptimizerOff(run);
    assert.ok(sameBits(on[0], off[0]) && sameBits(on[1], off[1]), `${on} vs ${off}`);
    assert.deepEqual([...on[1].data], [20, 40]);
  });
});

test('errors inside foldable subgraphs surface at run time, naming the node', () => {
  tf.withGraph(g => {
    const bad = tf.gatherNd(tf.constant([1, 2, 3]), tf.constant([[5]]), { name: 'bad_gather' });
    const y = tf.add(bad, 1, { name: 'y' });
    const p = planOf(g, [y], ON); // planning does not throw
    assert.equal(p.plan.stats.folded, 0);
    const check = (e: unknown) => e instanceof tf.errors.InvalidArgumentError && /bad_gather/.test((e as Error).message) &&
      (e as { node?: string }).node === 'bad_gather';
    assert.throws(() => p.run(), check);
    assert.throws(() => new tf.Session().run(y), check);
  });
});

test('a fed tensor is never treated as constant', () => {
  tf.withGraph(() => {
    const c = tf.constant(2, { dtype: tf.float32, name: 'c' });
    const s = tf.add(tf.constant(1, tf.float32), tf.constant(2, tf.float32), { name: 's' });
    const y = tf.multiply(tf.multiply(c, 3), s, { name: 'y' });
    const sess = new tf.Session();
    assert.equal(sess.run(y).item(), 18);
    assert.equal(sess.run(y, [[c, 5]]).item(), 45);
    assert.equal(sess.run(y, [[s, 10]]).item(), 60);
    assert.equal(sess.run(y, [[c, 1], [s, 1]]).item(), 3);
  });
});

test('a fed output of a multi-output op keeps the fed value', () => {
  tf.withGraph(() => {
    const x = tf.constant([1, 2, 3, 4], tf.float32);
    const [p0, p1] = tf.split(x, 2) as tf.Tensor[];
    const z = tf.add(p0, p1);
    for (const run of [(f: () => unknown) => f(), withOptimizerOff]) {
      run(() => {
        const sess = new tf.Session();
        const [a, b, c] = sess.run([p0, p1, z], [[p0, [10, 20]]]);
        assert.deepEqual([...a.data], [10, 20]);
        assert.deepEqual([...b.data], [3, 4]);
        assert.deepEqual([...c.data], [13, 24]);
      });
    }
  });
});

test('a fetched folded value is a fresh array in every run', () => {
  tf.withGraph(() => {
    const c = tf.add(tf.constant([1, 2], tf.float32), tf.constant([3, 4], tf.float32));
    const sess = new tf.Session();
    const r1 = sess.run(c);
    (r1.data as Float32Array)[0] = 99;
    assert.deepEqual([...sess.run(c).data], [4, 6]);
    assert.notEqual(sess.run(c).data, sess.run(c).data);
  });
});

test('the graph is not changed by optimizing its plans', () => {
  tf.withGraph(g => {
    const x = tf.placeholder(tf.float32, [2], { name: 'x' });
    const y = tf.add(tf.multiply(x, tf.add(tf.constant(1, tf.float32), tf.constant(2, tf.float32))),
      tf.multiply(x, tf.add(tf.constant(1, tf.float32), tf.constant(2, tf.float32))));
    const before = tf.io.graphDefToText(g.asGraphDef());
    const ops = g.operations.map(o => `${o.name}:${o.type}:${o.inputs.map(t => t.name).join(',')}`);
    const p = planOf(g, [y], ON, { feeds: [x] });
    assert.ok(p.plan.stats.deduplicated > 0 && p.plan.stats.folded > 0);
    new tf.Session().run(y, [[x, [1, 2]]]);
    assert.deepEqual(g.operations.map(o => `${o.name}:${o.type}:${o.inputs.map(t => t.name).join(',')}`), ops);
    assert.equal(tf.io.graphDefToText(g.asGraphDef()), before);
  });
});

test('values above maxFoldedConstantInBytes and large expansions are left to run time', () => {
  tf.withGraph(g => {
    const x = tf.placeholder(tf.float32, [100], { name: 'x' });
    const c = tf.add(tf.constant(new tf.NDArray('float32', [100], new Float32Array(100).fill(1))), tf.constant(1, tf.float32));
    const y = tf.add(x, c);
    assert.equal(planOf(g, [y], { maxFoldedConstantInBytes: 256 }, { feeds: [x] }).plan.stats.folded, 0);
    assert.equal(planOf(g, [y], { maxFoldedConstantInBytes: 512 }, { feeds: [x] }).plan.stats.folded, 1);
    // a fill of 1M floats from two scalars would hold 4 MB for the plan's life
    const z = tf.add(tf.placeholder(tf.float32, [1000, 1000], { name: 'z' }), tf.fill([1000, 1000], 1.5));
    const p = planOf(g, [z], ON, { feeds: [z.op.inputs[0]] });
    assert.equal(p.plan.stats.folded, 0);
    assert.ok(p.plan.steps.some(s => s.op.type === 'Fill'));
  });
});

test('optLevel L0 and the TENSORGRAPH_OPTIMIZER=off switch turn the passes off', () => {
  tf.withGraph(g => {
    const y = tf.add(tf.add(tf.constant(1), tf.constant(2)), tf.add(tf.constant(1), tf.constant(2)));
    assert.equal(planOf(g, [y], { optLevel: 'L0' }).plan.stats.folded, 0);
    assert.equal(planOf(g, [y], { optLevel: 'L0', doConstantFolding: true }).plan.stats.folded, 3);
    withOptimizerOff(() => {
      const p = planOf(g, [y], {});
      assert.equal(p.plan.stats.folded + p.plan.stats.deduplicated, 0);
      assert.equal(p.plan.steps.length, 7);
    });
    assert.equal(planOf(g, [y], { doConstantFolding: false }).plan.stats.deduplicated, 3, 'two Consts and an Add');
  });
});

test('targets and control inputs that nobody reads still run', () => {
  tf.withGraph(g => {
    const bad = tf.gatherNd(tf.constant([1, 2, 3]), tf.constant([[5]]), { name: 'check' });
    const x = tf.placeholder(tf.int32, [], { name: 'x' });
    const y = tf.controlDependencies([bad], () => tf.add(x, 1, { name: 'y' }));
    const p = planOf(g, [y], ON, { feeds: [x] });
    assert.throws(() => p.run([new tf.NDArray('int32', [], Int32Array.of(1))]), /check/);
    const ok = tf.add(tf.constant(1), tf.constant(2), { name: 'ok' });
    const q = planOf(g, [], ON, { targets: [ok.op] });
    assert.equal(q.plan.stats.folded, 1);
    assert.deepEqual(q.run(), []);
  });
});

test('a zero time budget stops the passes early, and the plan is still right', () => {
  tf.withGraph(g => {
    const x = tf.placeholder(tf.float32, [3], { name: 'x' });
    let y: tf.Tensor = x;
    for (let i = 0; i < 200; i++) y = tf.add(tf.multiply(y, tf.add(tf.constant(0.5, tf.float32), tf.constant(0.25, tf.float32))), tf.multiply(y, tf.constant(0.1, tf.float32)));
    const p = planOf(g, [y], { timeBudget: { baseMs: 0, perStepMs: 0 } }, { feeds: [x] });
    assert.deepEqual(p.plan.stats.truncated, ['constantFolding', 'commonSubexpressionElimination']);
    const q = planOf(g, [y], OFF, { feeds: [x] }), r = planOf(g, [y], ON, { feeds: [x] });
    assert.deepEqual(r.plan.stats.truncated, []);
    const xv = f32(1, -2, 0.5);
    const [a, b, c] = [p.run([xv])[0], q.run([xv])[0], r.run([xv])[0]];
    assert.ok(sameBits(a, b) && sameBits(b, c));
  });
});

test('the tiny seed graph plans without constants or copies', () => {
  tf.withGraph(g => {
    const a = tf.placeholder(tf.int16, null, { name: 'input_a' });
    const b = tf.placeholder(tf.int16, null, { name: 'input_b' });
    const e = tf.add(tf.add(a, b, { name: 'add_1' }), tf.multiply(a, b, { name: 'mul_1' }), { name: 'add_2' });
    const p = planOf(g, [e], ON, { feeds: [a, b] });
    assert.equal(p.plan.steps.length, 3);
    assert.equal(p.plan.constValues.length, 0);
    assert.equal(p.plan.copySlots.length, 0);
    assert.equal(p.run([new tf.NDArray('int16', [], Int16Array.of(5)), new tf.NDArray('int16', [], Int16Array.of(3))])[0].item(), 23);
  });
});
