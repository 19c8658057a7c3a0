import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../src/index.js';

test('seed graph (a+b)+(a*b) with int16 placeholders', () => {
  tf.withGraph(() => {
    const a = tf.placeholder(tf.int16, undefined, { name: 'input_a' });
    const b = tf.placeholder(tf.int16, undefined, { name: 'input_b' });
    const e = tf.add(tf.add(a, b, { name: 'add_1' }), tf.mul(a, b, { name: 'mul_1' }), { name: 'add_2' });
    const sess = new tf.Session();
    const r = sess.run(e, [[a, 5], [b, 3]]);
    assert.equal(r.dtype, 'int16');
    assert.equal(r.item(), 23);
    assert.equal(String(e), 'Tensor("add_2:0", dtype=int16)');
  });
});

test('variables live in the session: two sessions hold independent values', () => {
  tf.withGraph(() => {
    const a = new tf.Variable(10);
    const s1 = new tf.Session(), s2 = new tf.Session();
    s1.run(a.initializer); s2.run(a.initializer);
    assert.equal(s1.run(a.assignAdd(10)).item(), 20);
    assert.equal(s2.run(a.assignSub(2)).item(), 8);
    assert.equal(s1.run(a).item(), 20);
  });
});

test('unfed placeholder raises InvalidArgumentError naming it', () => {
  tf.withGraph(() => {
    const p = tf.placeholder(tf.int32);
    const sess = new tf.Session();
    assert.throws(() => sess.run(p), (e: Error) => e instanceof tf.InvalidArgumentError &&
      e.message.startsWith("You must feed a value for placeholder tensor 'Placeholder' with dtype int32"));
  });
});

test('fetch structures: arrays, nested objects, operations fetch null', () => {
  tf.withGraph(() => {
    const a = tf.add(2, 5), b = tf.multiply(a, 3);
    const init = tf.globalVariablesInitializer();
    const sess = new tf.Session();
    const r = sess.run({ x: a, y: [b, { z: a }], op: init });
    assert.equal(r.x.item(), 7);
    assert.equal(r.y[0].item(), 21);
    assert.equal(r.y[1].z.item(), 7);
    assert.equal(r.op, null);
    const byName = sess.run(['Add:0', 'Mul']);
    assert.equal(byName[0]!.item(), 7);
    assert.equal(byName[1], null);
  });
});

test('feeding any tensor replaces it (seed 003 replace_dict), by tensor or by name', () => {
  tf.withGraph(() => {
    const a = tf.add(2, 5), b = tf.multiply(a, 3);
    const sess = new tf.Session();
    assert.equal(sess.run(b, new Map([[a, 15]])).item(), 45);
    assert.equal(sess.run(b, { 'Add:0': 10 }).item(), 30);
    assert.equal(sess.run(b, { Add: 1 }).item(), 3);
  });
});

test('only the needed subgraph runs: an unfed placeholder off the path is fine', () => {
  tf.withGraph(() => {
    const p = tf.placeholder(tf.int32);
    const three = tf.constant(3);
    p.add(three);
    const sess = new tf.Session();
    assert.equal(sess.run(three).item(), 3);
  });
});

test('each node runs once per run: a Print on two paths prints once', () => {
  tf.withGraph(() => {
    const two = tf.constant(2), three = tf.constant(3);
    const p = tf.Print(two.add(three), [two, three]);
    const lines: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    (process.stderr as { write: unknown }).write = (s: string) => { lines.push(s); return true; };
    try {
      const r = new tf.Session().run([p.mul(2), p.add(1)]);
      assert.deepEqual(r.map(x => x.item()), [10, 6]);
    } finally { (process.stderr as { write: unknown }).write = orig; }
    assert.deepEqual(lines, ['[2][3]\n']);
  });
});

test('Print off the executed path prints nothing (seed 004)', () => {
  tf.withGraph(() => {
    const two = tf.constant(2), three = tf.constant(3), sum = two.add(three);
    tf.Print(two, [two, three, sum]);
    const lines: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    (process.stderr as { write: unknown }).write = (s: string) => { lines.push(s); return true; };
    try { assert.equal(new tf.Session().run(sum).item(), 5); } finally { (process.stderr as { write: unknown }).write = orig; }
    assert.deepEqual(lines, []);
  });
});

test('plans are cached: a repeated run builds no plan', () => {
  tf.withGraph(() => {
    const a = tf.placeholder(tf.float32), b = a.mul(2);
    const sess = new tf.Session();
    for (let i = 0; i < 5; i++) sess.run(b, [[a, i]]);
    sess.run([b, a], [[a, 1]]);
    sess.run([b, a], [[a, 2]]);
    assert.equal(sess.stats.plansBuilt, 2);
    assert.equal(sess.stats.runs, 7);
  });
});

test('makeCallable runs a prepared plan', () => {
  tf.withGraph(() => {
    const a = tf.placeholder(tf.int16), b = tf.placeholder(tf.int16);
    const e = a.add(b).add(a.mul(b));
    const sess = new tf.Session();
    const f = sess.makeCallable(e, [a, b]);
    assert.equal(f(5, 3).item(), 23);
    assert.equal(f(2, 2).item(), 8);
    assert.throws(() => f(1), /takes 2 feed values, got 1/);
  });
});

test('feeds are checked: shape and dtype conversion', () => {
  tf.withGraph(() => {
    const x = tf.placeholder(tf.float32, [null, 3]);
    const sess = new tf.Session();
    assert.deepEqual(sess.run(x, [[x, [[1, 2, 3]]]]).shape, [1, 3]);
    assert.throws(() => sess.run(x, [[x, [[1, 2]]]]), /Cannot feed value of shape \(1, 2\) for Tensor Placeholder:0, which has shape \(\?, 3\)/);
    const i = tf.placeholder(tf.int32);
    assert.equal(sess.run(i, [[i, 1.5]]).item(), 1); // numpy casting, as TF
    const y = tf.placeholder(tf.float32, [3]);
    const f = sess.run(y, [[y, new Float64Array([0.5, 1.5, 2.5])]]);
    assert.equal(f.dtype, 'float32');
    assert.deepEqual(Array.from(f.data), [0.5, 1.5, 2.5]);
  });
});

test('int16 arithmetic wraps as in TF', () => {
  tf.withGraph(() => {
    const a = tf.constant(32767, tf.int16);
    assert.equal(new tf.Session().run(a.add(1)).item(), -32768);
  });
});

test('default session: eval and run through withSession and InteractiveSession', () => {
  tf.withGraph(() => {
    const c = tf.constant(5.5).mul(tf.constant(6.5));
    const v = tf.withSession(() => c.eval().item());
    assert.equal(v, 35.75);
    const sess = new tf.InteractiveSession();
    try {
      assert.equal(c.eval().item(), 35.75);
    } finally { sess.close(); }
    assert.throws(() => c.eval(), /No default session is registered/);
  });
});

test('closed sessions refuse to run; using closes', () => {
  tf.withGraph(() => {
    const c = tf.constant(1);
    let s2: tf.Session;
    {
      using s = new tf.Session();
      s2 = s;
      assert.equal(s.run(c).item(), 1);
    }
    assert.throws(() => s2.run(c), /Attempted to use a closed Session/);
  });
});

test('devices: recorded on nodes; a GPU placement fails without soft placement', () => {
  tf.withGraph(() => {
    const a = tf.device('/cpu:0', () => tf.constant(1, { name: 'a' }));
    assert.equal(a.device, '/device:CPU:0');
    const g = tf.device('/gpu:0', () => tf.constant(2, { name: 'g' }));
    assert.throws(() => new tf.Session().run(g), (e: Error) => e instanceof tf.InvalidArgumentError && /Cannot assign a device for operation g/.test(e.message));
    assert.equal(new tf.Session({ config: { allowSoftPlacement: true } }).run(g).item(), 2);
  });
});

test('finalize() forbids new ops', () => {
  tf.withGraph(g => {
    tf.constant(1);
    g.finalize();
    assert.throws(() => tf.constant(2), /Graph is finalized and cannot be modified/);
  });
});

test('a graph that grows on every run gets one warning naming the call site', () => {
  tf.withGraph(() => {
    const warnings: string[] = [];
    const onWarn = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarn);
    const sess = new tf.Session();
    const x = tf.constant(1);
    for (let i = 0; i < 60; i++) sess.run(x.add(i));
    return new Promise<void>(resolve => setImmediate(() => {
      process.off('warning', onWarn);
      assert.equal(warnings.filter(w => w.includes('grown between each of the last')).length, 1);
      assert.match(warnings[0], /session\.test\.ts:\d+|session\.test\.js:\d+/);
      resolve();
    }));
  });
});

test('tensors of two graphs cannot meet', () => {
  const a = new tf.Graph().asDefault(() => tf.constant(1, { name: 'a' }));
  const b = new tf.Graph().asDefault(() => tf.constant(2, { name: 'b' }));
  assert.throws(() => tf.add(a, b), /must be from the same graph/);
});

test('typed results: Tensor<float32> gives NDArray<float32> with Float32Array data', () => {
  tf.withGraph(() => {
    const x = tf.placeholder(tf.float32, [2]);
    const r: tf.NDArray<'float32'> = new tf.Session().run(x, [[x, [1, 2]]]);
    const data: Float32Array = r.data;
    assert.ok(data instanceof Float32Array);
  });
});

test('logDevicePlacement reports where each op runs', () => {
  tf.withGraph(() => {
    const a = tf.constant(1, { name: 'a' }), b = a.add(1);
    const lines: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    (process.stderr as { write: unknown }).write = (s: string) => { lines.push(s); return true; };
    try { new tf.Session({ config: { logDevicePlacement: true } }).run(b); } finally { (process.stderr as { write: unknown }).write = orig; }
    assert.ok(lines.includes('a: (Const): /job:localhost/replica:0/task:0/device:CPU:0\n'), lines.join(''));
    assert.ok(lines.includes('add: (AddV2): /job:localhost/replica:0/task:0/device:CPU:0\n'));
  });
});

test('x.index(...) is Python indexing: x[0, :] and x[:, ::-1]', () => {
  tf.withGraph(() => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    const [row, rev] = new tf.Session().run([x.index(0, ':'), x.index(':', '::-1')]);
    assert.deepEqual(row.toArray(), [1, 2, 3]);
    assert.deepEqual(rev.toArray(), [[3, 2, 1], [6, 5, 4]]);
    assert.equal(x.index(0, ':').op.name, 'strided_slice_2');
  });
});

test('a control dependency on a fed placeholder is satisfied by the feed', () => {
  tf.withGraph(() => {
    const p = tf.placeholder(tf.float32, [], { name: 'p' });
    const c = tf.controlDependencies([p], () => tf.constant(3));
    assert.equal(new tf.Session().run(c, [[p, 1]]).item(), 3);
    assert.throws(() => new tf.Session().run(c), /You must feed a value for placeholder tensor 'p'/);
  });
});

test('default variable-scope names are uniquified once per use (dense, dense_1)', () => {
  tf.withGraph(() => {
    const a = tf.variableScope(null, s => s.name, { defaultName: 'dense' });
    const b = tf.variableScope(null, s => s.name, { defaultName: 'dense' });
    assert.deepEqual([a, b], ['dense', 'dense_1']);
  });
});

test('mutating a fetched constant or variable value changes neither', () => {
  tf.withGraph(() => {
    const c = tf.constant([1, 2, 3]);
    const v = new tf.Variable([4, 5]);
    const sess = new tf.Session();
    sess.run(v.initializer);
    const r = sess.run([c, tf.identity(c), v]);
    (r[0].data as Int32Array)[0] = 99; (r[1].data as Int32Array)[1] = 99; (r[2].data as Int32Array)[0] = 99;
    const again = sess.run([c, v]);
    assert.deepEqual(again[0].toArray(), [1, 2, 3]);
    assert.deepEqual(again[1].toArray(), [4, 5]);
  });
});

test('ConfigProto.intraOpParallelismThreads reaches the kernels of that session only', () => {
  tf.withGraph(() => {
    const x = tf.placeholder(tf.float32, [2, 2], { name: 'x' });
    const y = tf.matmul(x, x);
    const seen: (number | undefined)[] = [];
    tf.registerKernel('MatMul', 'threads-probe', (inputs, _attrs, ctx) => { seen.push(ctx.threads); return tf.NDArray.zeros('float32', [2, 2]); });
    const one = new tf.Session({ backend: 'threads-probe', config: { intraOpParallelismThreads: 1 } });
    const dflt = new tf.Session({ backend: 'threads-probe' });
    const feed = new tf.NDArray('float32', [2, 2], new Float32Array(4));
    one.run(y, [[x, feed]]);
    dflt.run(y, [[x, feed]]);
    one.run(y, [[x, feed]]);
    assert.deepEqual(seen, [1, 0, 1]);
    one.close(); dflt.close();
  });
});
