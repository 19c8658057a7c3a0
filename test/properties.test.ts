// Property tests: identities that must hold for random shapes and values (seeded, so a
// failure reproduces). Broadcasting, reshape, transpose and reduction laws.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../src/index.js';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
function randomShape(r: () => number, maxRank = 4): number[] {
  return Array.from({ length: int(r, 0, maxRank) }, () => int(r, 1, 4));
}
function randomArray(r: () => number, shape: number[], dtype: 'float64' | 'int32' = 'float64'): tf.NDArray {
  const a = tf.NDArray.zeros(dtype, shape);
  for (let i = 0; i < a.size; i++) (a.data as Float64Array)[i] = dtype === 'int32' ? int(r, -50, 50) : r() * 4 - 2;
  return a;
}
/** A shape that broadcasts with `s`: some dims replaced by 1, some leading dims dropped. */
function broadcastPartner(r: () => number, s: number[]): number[] {
  const drop = int(r, 0, s.length);
  return s.slice(drop).map(d => (r() < 0.4 ? 1 : d));
}
const run = <T extends tf.Fetches>(f: T) => new tf.Session().run(f);
function close(a: tf.NDArray, b: tf.NDArray, tol = 1e-12): void {
  assert.deepEqual([...a.shape], [...b.shape]);
  const x = a.toFlat() as number[], y = b.toFlat() as number[];
  x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tol * Math.max(1, Math.abs(y[i])), `element ${i}: ${v} vs ${y[i]}`));
}

test('broadcasting: x + y == y + x, shapes agree with NumPy rules, and (x + y) - y == x', () => {
  const r = rng(1);
  for (let k = 0; k < 60; k++) tf.withGraph(() => {
    const s = randomShape(r), p = broadcastPartner(r, s);
    const x = tf.constant(randomArray(r, s)), y = tf.constant(randomArray(r, p));
    const [a, b, c] = run([x.add(y), y.add(x), x.add(y).sub(y).sub(x)]);
    close(a, b);
    assert.deepEqual([...a.shape], s, `static broadcast of [${s}] and [${p}]`);
    assert.deepEqual(x.add(y).shape.dims, s);
    assert.ok((c.toFlat() as number[]).every(v => Math.abs(v) < 1e-12));
  });
});

test('broadcasting: multiplication distributes over addition elementwise', () => {
  const r = rng(2);
  for (let k = 0; k < 40; k++) tf.withGraph(() => {
    const s = randomShape(r);
    const x = tf.constant(randomArray(r, s)), y = tf.constant(randomArray(r, broadcastPartner(r, s))), z = tf.constant(randomArray(r, broadcastPartner(r, s)));
    const [lhs, rhs] = run([x.mul(y.add(z)), x.mul(y).add(x.mul(z))]);
    close(lhs, rhs, 1e-12);
  });
});

test('integer floordiv and mod: x == (x // y) * y + x % y, with the sign of y', () => {
  const r = rng(3);
  for (let k = 0; k < 40; k++) tf.withGraph(() => {
    const s = randomShape(r);
    const xa = randomArray(r, s, 'int32');
    const ya = randomArray(r, s, 'int32');
    for (let i = 0; i < ya.size; i++) if ((ya.data as Int32Array)[i] === 0) (ya.data as Int32Array)[i] = 7;
    const x = tf.constant(xa), y = tf.constant(ya);
    const [q, m] = run([x.floordiv(y), x.mod(y)]);
    for (let i = 0; i < xa.size; i++) {
      const xv = (xa.data as Int32Array)[i], yv = (ya.data as Int32Array)[i];
      const qv = (q.data as Int32Array)[i], mv = (m.data as Int32Array)[i];
      assert.equal(qv * yv + mv, xv);
      assert.ok(mv === 0 || Math.sign(mv) === Math.sign(yv));
    }
  });
});

test('reshape round trip and -1 inference preserve the data', () => {
  const r = rng(4);
  for (let k = 0; k < 40; k++) tf.withGraph(() => {
    const s = randomShape(r);
    const a = randomArray(r, s);
    const n = a.size;
    const x = tf.constant(a);
    const [flat, back, inferred] = run([tf.reshape(x, [-1]), tf.reshape(tf.reshape(x, [n]), s), tf.reshape(x, [-1, 1])]);
    assert.deepEqual([...flat.shape], [n]);
    close(back, a);
    assert.deepEqual([...inferred.shape], [n, 1]);
  });
});

test('transpose: applying a permutation and its inverse is the identity; shapes permute', (t) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const transpose = (tf as any).transpose as ((x: tf.Tensor, perm?: number[]) => tf.Tensor) | undefined;
  if (!transpose) { t.todo('tf.transpose not implemented yet'); return; }
  const r = rng(5);
  for (let k = 0; k < 40; k++) tf.withGraph(() => {
    const s = randomShape(r);
    const perm = s.map((_, i) => i).sort(() => r() - 0.5);
    const inv = perm.map((_, i) => perm.indexOf(i));
    const x = tf.constant(randomArray(r, s));
    const y = transpose(x, perm);
    assert.deepEqual(y.shape.dims, perm.map(p => s[p]));
    const [back] = run([transpose(y, inv)]);
    close(back, (x.op.attrs as { value: tf.NDArray }).value);
  });
});

test('reductions: sum over all axes equals summing one axis at a time; mean * count == sum; keepDims shapes', () => {
  const r = rng(6);
  for (let k = 0; k < 50; k++) tf.withGraph(() => {
    const s = randomShape(r);
    if (!s.length) return;
    const x = tf.constant(randomArray(r, s));
    let step: tf.Tensor = x;
    for (let ax = s.length - 1; ax >= 0; ax--) step = tf.reduceSum(step, ax);
    const axis = int(r, -s.length, s.length - 1);
    const [all, seq, mean, sum, kept] = run([tf.reduceSum(x), step, tf.reduceMean(x, axis), tf.reduceSum(x, axis), tf.reduceMax(x, { axis, keepDims: true })]);
    close(all, seq, 1e-12);
    const count = s[axis < 0 ? axis + s.length : axis];
    close(tf.withGraph(() => run(tf.constant(mean).mul(count))), sum, 1e-12);
    const want = s.slice(); want[axis < 0 ? axis + s.length : axis] = 1;
    assert.deepEqual([...kept.shape], want);
  });
});

test('reductions: max >= mean >= min and prod of ones is one', () => {
  const r = rng(7);
  for (let k = 0; k < 40; k++) tf.withGraph(() => {
    const s = randomShape(r);
    const x = tf.constant(randomArray(r, s));
    const [mx, mean, mn, p] = run([tf.reduceMax(x), tf.reduceMean(x), tf.reduceMin(x), tf.reduceProd(tf.onesLike(x))]);
    assert.ok((mx.item() as number) >= (mean.item() as number) - 1e-12 && (mean.item() as number) >= (mn.item() as number) - 1e-12);
    assert.equal(p.item(), 1);
  });
});
