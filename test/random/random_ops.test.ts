// Random ops: node names and seeds as TF builds them, session semantics (same numbers in new
// sessions of a seeded graph, new numbers on each run, unseeded sessions differ), statistics,
// shapes and errors. Exact values against TF are in tf_values.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { Philox } from '../../src/backend/reference/philox.js';

type Node = [string, string, string[]];
const nodes = (): Node[] => tf.getDefaultGraph().getOperations().map(op => [op.name, op.type, op.inputs.map(t => t.op.name)]);
const run = (t: tf.Tensor, sess = new tf.Session()) => Array.from(sess.run(t).data as ArrayLike<number>);

function stats(xs: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < xs.length; i++) { s += xs[i]; s2 += xs[i] * xs[i]; min = Math.min(min, xs[i]); max = Math.max(max, xs[i]); }
  const mean = s / xs.length;
  return { mean, std: Math.sqrt(s2 / xs.length - mean * mean), min, max };
}

test('Philox4x32-10 known-answer vectors (Random123)', () => {
  assert.deepEqual(Array.from(new Philox(0, 0).nextBlock()), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
  const ones = new Philox(2n ** 64n - 1n, 2n ** 64n - 1n);
  ones.skip(2n ** 64n - 1n);
  assert.deepEqual(Array.from(ones.nextBlock()), [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
  const pi = new Philox(0x299f31d0a4093822n, 0x0370734413198a2en);
  pi.skip(0x85a308d3243f6a88n);
  assert.deepEqual(Array.from(pi.nextBlock()), [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
});

test('Philox counter: skip carries across words, reservations skip outputs * 256 blocks', () => {
  const p = new Philox(1, 0);
  p.skip(2 ** 32 - 1);
  p.skip(2);
  assert.deepEqual(p.counter, [1, 1, 0, 0]);
  const q = new Philox(1, 2);
  const local = q.reserveRandomOutputs(3, 256);
  assert.deepEqual(local.counter, [0, 0, 2, 0]);
  assert.deepEqual(q.counter, [768, 0, 2, 0]);
  assert.deepEqual(q.reserveSamples32(5).counter, [768, 0, 2, 0]);
  assert.deepEqual(q.counter, [770, 0, 2, 0]);
});

test('random_normal: node names, dtypes, seeds; a name opens the scope', () => {
  tf.withGraph(() => {
    const x = tf.randomNormal([2, 3]);
    const y = tf.randomNormal([2], 0.0, 1.0, { name: 'noise' });
    assert.equal(String(x), 'Tensor("random_normal:0", shape=(2, 3), dtype=float32)');
    assert.equal(y.name, 'noise:0');
    assert.deepEqual(nodes().slice(0, 6), [
      ['random_normal/shape', 'Const', []],
      ['random_normal/mean', 'Const', []],
      ['random_normal/stddev', 'Const', []],
      ['random_normal/RandomStandardNormal', 'RandomStandardNormal', ['random_normal/shape']],
      ['random_normal/mul', 'Mul', ['random_normal/RandomStandardNormal', 'random_normal/stddev']],
      ['random_normal', 'AddV2', ['random_normal/mul', 'random_normal/mean']],
    ]);
    const op = tf.getDefaultGraph().getOperationByName('random_normal/RandomStandardNormal');
    assert.deepEqual([op.attrs.seed, op.attrs.seed2, op.attrs.dtype], [0, 0, 'float32']);
  });
});

test('random_uniform: TF 2.x node sets for default, 0..max, min..max and integer forms', () => {
  tf.withGraph(() => {
    assert.equal(tf.randomUniform([2]).name, 'random_uniform/RandomUniform:0');
    assert.equal(tf.randomUniform([], 0, 1).name, 'random_uniform_1/RandomUniform:0');
    assert.equal(tf.randomUniform([3], 0, 5).name, 'random_uniform_2/Mul:0');
    assert.equal(tf.randomUniform([3], -1.0, 1.0).name, 'random_uniform_3:0');
    const i = tf.randomUniform([2], 0, 10, { dtype: 'int32' });
    assert.equal(String(i), 'Tensor("random_uniform_4:0", shape=(2,), dtype=int32)');
    const byName = (prefix: string) => nodes().filter(n => n[0] === prefix || n[0].startsWith(`${prefix}/`));
    assert.deepEqual(byName('random_uniform_3'), [
      ['random_uniform_3/shape', 'Const', []],
      ['random_uniform_3/min', 'Const', []],
      ['random_uniform_3/max', 'Const', []],
      ['random_uniform_3/RandomUniform', 'RandomUniform', ['random_uniform_3/shape']],
      ['random_uniform_3/sub', 'Sub', ['random_uniform_3/max', 'random_uniform_3/min']],
      ['random_uniform_3/mul', 'Mul', ['random_uniform_3/RandomUniform', 'random_uniform_3/sub']],
      ['random_uniform_3', 'AddV2', ['random_uniform_3/mul', 'random_uniform_3/min']],
    ]);
    assert.deepEqual(byName('random_uniform_4'), [
      ['random_uniform_4/shape', 'Const', []],
      ['random_uniform_4/min', 'Const', []],
      ['random_uniform_4/max', 'Const', []],
      ['random_uniform_4', 'RandomUniformInt', ['random_uniform_4/shape', 'random_uniform_4/min', 'random_uniform_4/max']],
    ]);
    // options-object form
    assert.equal(tf.randomUniform([2], { minval: -2, maxval: 2, seed: 1, name: 'u' }).name, 'u:0');
  });
});

test('truncated_normal, random_shuffle, multinomial and categorical node names', () => {
  tf.withGraph(() => {
    tf.truncatedNormal([3], 1.0, 2.0);
    const s = tf.randomShuffle(tf.constant([1, 2, 3]));
    const s2 = tf.randomShuffle([4, 5]);
    const m = tf.multinomial([[1.0, 2.0]], 3);
    const c = tf.categorical([[1.0, 2.0]], 3, { dtype: 'int32' });
    assert.equal(String(s), 'Tensor("RandomShuffle:0", shape=(3,), dtype=int32)');
    assert.equal(String(m), 'Tensor("multinomial/Multinomial:0", shape=(1, 3), dtype=int64)');
    assert.equal(String(c), 'Tensor("categorical/Multinomial:0", shape=(1, 3), dtype=int32)');
    assert.equal(s2.op.inputs[0].op.name, 'RandomShuffle_1/value');
    assert.deepEqual(nodes().slice(0, 6).map(n => n[0]), [
      'truncated_normal/shape', 'truncated_normal/mean', 'truncated_normal/stddev', 'truncated_normal/TruncatedNormal',
      'truncated_normal/mul', 'truncated_normal',
    ]);
    assert.deepEqual(m.op.inputs.map(t => t.op.name), ['multinomial/logits', 'multinomial/Multinomial/num_samples']);
  });
});

test('seeds: op seed alone uses DEFAULT_GRAPH_SEED; a graph seed numbers unseeded ops 0, 1, ... (TF 2.x)', () => {
  tf.withGraph(() => {
    const seeds = (t: tf.Tensor) => { const op = findRandom(t.op); return [op.attrs.seed, op.attrs.seed2]; };
    assert.deepEqual(seeds(tf.randomNormal([1], { seed: 7 })), [87654321, 7]);
    assert.deepEqual(seeds(tf.randomNormal([1])), [0, 0]);
    tf.setRandomSeed(42);
    assert.deepEqual(seeds(tf.randomNormal([1])), [42, 0]);
    assert.deepEqual(seeds(tf.randomUniform([1])), [42, 1]);
    assert.deepEqual(seeds(tf.randomShuffle([1, 2])), [42, 2]);
    assert.deepEqual(seeds(tf.randomNormal([1], { seed: 7 })), [42, 7]);
    assert.deepEqual(seeds(tf.truncatedNormal([1])), [42, 3]);
    tf.setRandomSeed(2 ** 31 + 5);   // seeds are taken mod 2^31 - 1
    assert.deepEqual(seeds(tf.randomNormal([1], { seed: -1 })), [6, 2 ** 31 - 2]);
    tf.setRandomSeed(0);
    assert.deepEqual(seeds(tf.randomNormal([1], { seed: 0 })), [0, 2 ** 31 - 1]);
  });
  // a new graph starts counting again
  tf.withGraph(() => {
    tf.setRandomSeed(42);
    assert.equal(findRandom(tf.randomNormal([1]).op).attrs.seed2, 0);
  });
});

function findRandom(op: tf.Operation): tf.Operation {
  if (/^(Random|Truncated|Multinomial)/.test(op.type)) return op;
  for (const t of op.inputs) {
    const r = findRandom(t.op);
    if (r) return r;
  }
  return undefined as unknown as tf.Operation;
}

test('seeded graph: same numbers in every new session, new numbers on every run', () => {
  tf.withGraph(() => {
    tf.setRandomSeed(42);
    const x = tf.randomNormal([2, 2]);
    const s1 = new tf.Session(), s2 = new tf.Session();
    const a1 = run(x, s1), a2 = run(x, s1);
    assert.notDeepEqual(a1, a2);
    assert.deepEqual(run(x, s2), a1);
    assert.deepEqual(run(x, s2), a2);
    // two ops with the same seeds in one graph draw the same numbers (each has its own generator)
    const y = tf.randomUniform([3], { seed: 5 }), z = tf.randomUniform([3], { seed: 5 });
    const s3 = new tf.Session();
    assert.deepEqual(run(y, s3), run(z, s3));
  });
});

test('unseeded ops: sessions differ', () => {
  tf.withGraph(() => {
    const x = tf.randomUniform([8]);
    assert.notDeepEqual(run(x), run(x));
    const s = new tf.Session();
    assert.notDeepEqual(run(x, s), run(x, s));
  });
});

test('statistics of 10k samples: uniform, normal, truncated normal, integers', () => {
  tf.withGraph(() => {
    const sess = new tf.Session();
    const u = stats(run(tf.randomUniform([10000], { seed: 1 }), sess));
    assert.ok(Math.abs(u.mean - 0.5) < 0.01 && Math.abs(u.std - Math.sqrt(1 / 12)) < 0.01 && u.min >= 0 && u.max < 1, JSON.stringify(u));
    const u2 = stats(run(tf.randomUniform([10000], -3, 5, { seed: 1 }), sess));
    assert.ok(Math.abs(u2.mean - 1) < 0.1 && u2.min >= -3 && u2.max < 5, JSON.stringify(u2));
    const n = stats(run(tf.randomNormal([10000], 2, 3, { seed: 2 }), sess));
    assert.ok(Math.abs(n.mean - 2) < 0.1 && Math.abs(n.std - 3) < 0.1, JSON.stringify(n));
    const n64 = stats(run(tf.randomNormal([10000], { dtype: 'float64', seed: 2 }), sess));
    assert.ok(Math.abs(n64.mean) < 0.05 && Math.abs(n64.std - 1) < 0.05, JSON.stringify(n64));
    // a unit normal truncated at +-2 has std 0.8796
    const t = stats(run(tf.truncatedNormal([10000], 1, 0.5, { seed: 3 }), sess));
    assert.ok(t.min > 0 && t.max < 2, `truncated normal within 2 stddev: ${JSON.stringify(t)}`);
    assert.ok(Math.abs(t.mean - 1) < 0.02 && Math.abs(t.std - 0.5 * 0.87962566) < 0.02, JSON.stringify(t));
    const t64 = stats(run(tf.truncatedNormal([10000], { dtype: 'float64', seed: 3 }), sess));
    assert.ok(t64.min > -2 && t64.max < 2, JSON.stringify(t64));
    const i = run(tf.randomUniform([10000], -3, 4, { dtype: 'int32', seed: 4 }), sess);
    const counts = new Map<number, number>();
    for (const v of i) counts.set(v, (counts.get(v) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [-3, -2, -1, 0, 1, 2, 3]);
    for (const c of counts.values()) assert.ok(Math.abs(c - 10000 / 7) < 150);
  });
});

test('random_shuffle: a permutation of the first dimension, rows kept whole', () => {
  tf.withGraph(() => {
    const sess = new tf.Session();
    const v = run(tf.randomShuffle(tf.range(0, 100), { seed: 3 }), sess);
    assert.deepEqual([...v].sort((a, b) => a - b), Array.from({ length: 100 }, (_, k) => k));
    assert.notDeepEqual(v, Array.from({ length: 100 }, (_, k) => k));
    const m = sess.run(tf.randomShuffle([[1, 2], [3, 4], [5, 6], [7, 8]], { seed: 1 }));
    assert.deepEqual(m.shape, [4, 2]);
    const rows = Array.from({ length: 4 }, (_, r) => [m.get(r, 0), m.get(r, 1)]);
    assert.deepEqual(rows.map(r => r.join()).sort(), ['1,2', '3,4', '5,6', '7,8']);
    // strings and a single row pass through
    assert.deepEqual(Array.from(sess.run(tf.randomShuffle(['a'])).data as string[]), ['a']);
    const sv = sess.run(tf.randomShuffle(['a', 'b', 'c'], { seed: 2 })).data as string[];
    assert.deepEqual([...sv].sort(), ['a', 'b', 'c']);
  });
});

test('multinomial: classes follow the logits; -inf never drawn', () => {
  tf.withGraph(() => {
    const s = tf.multinomial(tf.log([[0.2, 0.8], [1, 0]]), 2000, { seed: 9 });
    const v = new tf.Session().run(s);
    assert.equal(v.dtype, 'int64');
    const row = (r: number) => Array.from({ length: 2000 }, (_, k) => Number(v.get(r, k)));
    const ones = row(0).filter(x => x === 1).length;
    assert.ok(Math.abs(ones / 2000 - 0.8) < 0.04, `${ones}`);
    assert.ok(row(1).every(x => x === 0));
  });
});

test('random_gamma: shape is shape ++ alpha.shape, mean alpha / beta', () => {
  tf.withGraph(() => {
    const g = tf.randomGamma([4000], [0.5, 3.0], 2.0, { seed: 1 });
    assert.deepEqual(g.shape.dims, [4000, 2]);
    const v = new tf.Session().run(g);
    for (const [col, mean] of [[0, 0.25], [1, 1.5]]) {
      const xs = Array.from({ length: 4000 }, (_, k) => v.get(k, col) as number);
      assert.ok(xs.every(x => x > 0));
      assert.ok(Math.abs(stats(xs).mean - mean) < 0.08 * mean, `${stats(xs).mean}`);
    }
  });
});

test('shapes: from lists, int tensors, placeholders; static shapes as TF infers them', () => {
  tf.withGraph(() => {
    assert.equal(tf.randomNormal(tf.constant([2, 3])).shape.toString(), '(2, 3)');
    assert.equal(tf.randomUniform(new tf.TensorShape([4])).shape.toString(), '(4,)');
    const p = tf.placeholder('int32', [null]);
    const x = tf.randomNormal(p);
    assert.equal(x.shape.toString(), '<unknown>');
    assert.equal(tf.randomNormal(tf.placeholder('int32', [3])).shape.toString(), '(?, ?, ?)');
    assert.deepEqual(new tf.Session().run(x, [[p, [2, 5]]]).shape, [2, 5]);
    assert.deepEqual(new tf.Session().run(tf.randomUniform(tf.constant([0, 3]))).shape, [0, 3]);
    assert.equal(tf.randomUniform([], { dtype: 'float64' }).dtype, 'float64');
    assert.equal(tf.randomShuffle(tf.placeholder('float32', [null, 3])).shape.toString(), '(?, 3)');
  });
});

test('errors in TF wording', () => {
  tf.withGraph(() => {
    assert.throws(() => tf.randomNormal([[2]]), /Shape must be rank 1 but is rank 2 for 'random_normal\/RandomStandardNormal'/);
    assert.throws(() => tf.randomUniform([2], { dtype: 'int32' }), /Must specify maxval for integer dtype tf.int32/);
    assert.throws(() => tf.randomUniform([2], { dtype: 'string' }), /Argument `dtype` got invalid value <dtype: 'string'>/);
    assert.throws(() => tf.multinomial([1.0, 2.0], 2), /Shape must be rank 2 but is rank 1/);
    const u = tf.randomUniform([2], 5, 3, { dtype: 'int32' });
    assert.throws(() => new tf.Session().run(u), (e: Error) => e instanceof tf.InvalidArgumentError && /Need minval < maxval, got 5 >= 3/.test(e.message));
    const p = tf.placeholder('int32', [null]);
    assert.throws(() => new tf.Session().run(tf.randomNormal(p), [[p, [2, -3]]]), /Dimension -3 must be >= 0/);
  });
});
